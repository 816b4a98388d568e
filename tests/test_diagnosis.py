"""The trade-off rules: each threshold from both sides, ranking, texts and the universe."""

from __future__ import annotations

import json
import math
import re
import time

import numpy as np
import pandas as pd
import pytest

from acumen.analysis.diagnosis import diagnose, diagnose_all
from acumen.analysis.facts import fact_table
from acumen.analysis.findings import Diagnosis
from acumen.analysis.metrics import compute_metrics_with_reasons
from acumen.analysis.peer_groups import peer_medians
from acumen.analysis.rules import BY_ID, RULES, tuned
from acumen.analysis.universe import build_universe, data_notes_in
from acumen.data.samples import SAMPLE_DIR
from acumen.data.statements import build_statements, make_companies


@pytest.fixture(scope="module")
def peer_universe(universe_statements):
    return build_universe(universe_statements, data_notes_in(SAMPLE_DIR))


#: A quiet company: steady 2020–2022, no rule but piotroski_weak fires (F = 3 of 8).
BASE = {
    "revenue": 1000.0,
    "cost_of_revenue": 600.0,
    "gross_profit": 400.0,
    "sga": 200.0,
    "rnd": 50.0,
    "operating_income": 120.0,
    "interest_expense": 10.0,
    "pretax_income": 110.0,
    "income_tax": 25.0,
    "net_income": 85.0,
    "depreciation_amortization": 40.0,
    "cash": 200.0,
    "receivables": 100.0,
    "inventory": 80.0,
    "current_assets": 420.0,
    "total_assets": 1000.0,
    "payables": 60.0,
    "current_liabilities": 200.0,
    "short_term_debt": 20.0,
    "long_term_debt": 200.0,
    "total_liabilities": 500.0,
    "equity": 500.0,
    "retained_earnings": 300.0,
    "operating_cash_flow": 130.0,
    "capital_expenditure": 50.0,
    "dividends_paid": 20.0,
}
KEYS = {
    "company": "T",
    "name": "Test Co",
    "currency": "USD",
    "sector": "Test sector",
    "industry": "Test industry",
}
TEXT_PROBLEMS = re.compile(r"\bnan\b|\binf\b|[{}]|None", re.IGNORECASE)


def table(
    last: dict | None = None, prior: dict | None = None, years=(2020, 2021, 2022)
) -> pd.DataFrame:
    """Three fiscal years: the first two are BASE + ``prior``, the last BASE + ``last``."""
    rows = [{**BASE, **(prior or {}), "fiscal_year": y} for y in years[:-1]]
    rows.append({**BASE, **(last or {}), "fiscal_year": years[-1]})
    records = pd.DataFrame(rows)
    records.insert(0, "company", "T")
    meta = make_companies([{"id": "T", **{k: v for k, v in KEYS.items() if k != "company"}}])
    return build_statements(records, meta, derive=False)


def fired(statements: pd.DataFrame, rules=RULES) -> dict[str, float]:
    return {f.rule_id: f.severity for f in diagnose(statements, "T", rules=rules).findings}


def facts(statements: pd.DataFrame) -> pd.Series:
    return fact_table(statements).loc["T"]


def assert_threshold(rule_id: str, below: pd.DataFrame, above: pd.DataFrame, rules=RULES) -> None:
    assert rule_id not in fired(below, rules), f"{rule_id} fired just below its threshold"
    assert rule_id in fired(above, rules), f"{rule_id} did not fire just above its threshold"


def test_base_company_is_quiet():
    assert set(fired(table())) == {"piotroski_weak"}


# ------------------------------------------------------------------ one test per rule


def test_cash_squeeze_runway():
    """FCF = 30 − 150 = −120 (burn 10 a month): runway 12.06 vs 11.94 months."""
    burn = {"operating_cash_flow": 30.0, "capital_expenditure": 150.0}
    below, above = table({**burn, "cash": 120.6}), table({**burn, "cash": 119.4})
    assert facts(below)["cash_runway_months"] == pytest.approx(12.06)
    assert_threshold("cash_squeeze", below, above)


def test_cash_squeeze_current_ratio():
    burn = {"operating_cash_flow": 30.0, "capital_expenditure": 150.0, "cash": 1000.0}
    below, above = (
        table({**burn, "current_assets": 202.0}),
        table({**burn, "current_assets": 198.0}),
    )
    assert facts(above)["current_ratio"] == pytest.approx(0.99)
    assert_threshold("cash_squeeze", below, above)


def test_cash_squeeze_needs_negative_free_cash_flow():
    assert "cash_squeeze" not in fired(table({"current_assets": 150.0}))


def test_growth_vs_cash():
    burn = {"operating_cash_flow": 40.0, "capital_expenditure": 50.0}
    below, above = table({**burn, "revenue": 1099.0}), table({**burn, "revenue": 1101.0})
    assert facts(above)["revenue_growth"] == pytest.approx(0.101)
    assert_threshold("growth_vs_cash", below, above)


def test_covenant_pressure_below_1_5():
    """Coverage rising from 1.4× (so the "< 3 and falling" branch stays off): 1.51× vs 1.49×."""
    prior = {"interest_expense": 120 / 1.4}
    below = table({"interest_expense": 120 / 1.51}, prior)
    above = table({"interest_expense": 120 / 1.49}, prior)
    assert facts(above)["interest_coverage"] == pytest.approx(1.49)
    assert_threshold("covenant_pressure", below, above)


def test_covenant_pressure_below_3_and_falling():
    prior = {"interest_expense": 120 / 3.5}
    below = table({"interest_expense": 120 / 3.01}, prior)
    above = table({"interest_expense": 120 / 2.99}, prior)
    assert_threshold("covenant_pressure", below, above)
    assert "covenant_pressure" not in fired(
        table({"interest_expense": 120 / 2.99}, {"interest_expense": 120 / 2.5})
    )


def test_deleverage():
    """EBITDA 160, cash 200: net debt / EBITDA 2.5 -> 2.99 vs 3.01 (rising)."""
    prior = {"long_term_debt": 580.0}
    below = table({"long_term_debt": 2.99 * 160 + 200 - 20}, prior)
    above = table({"long_term_debt": 3.01 * 160 + 200 - 20}, prior)
    assert facts(above)["net_debt_to_ebitda"] == pytest.approx(3.01)
    assert_threshold("deleverage", below, above)
    falling = table({"long_term_debt": 3.5 * 160 + 180}, {"long_term_debt": 4.0 * 160 + 180})
    assert "deleverage" not in fired(falling)


def _receivables_for_dso(days: float) -> float:
    """2022 DSO = (100 + r) / 2 / 1000 × 365."""
    return 2 * days / 365 * 1000 - 100


def test_slow_collections_dso():
    rules = tuned(RULES, "slow_collections", receivables_gap=99.0)
    below = table({"receivables": _receivables_for_dso(36.5 + 9.9)})
    above = table({"receivables": _receivables_for_dso(36.5 + 10.1)})
    assert facts(above)["d_dso"] == pytest.approx(10.1)
    assert_threshold("slow_collections", below, above, rules)


def test_slow_collections_receivables_outgrow_revenue():
    rules = tuned(RULES, "slow_collections", dso_rise_days=999.0)
    below, above = table({"receivables": 114.0}), table({"receivables": 116.0})
    assert facts(above)["receivables_gap"] == pytest.approx(0.16)
    assert_threshold("slow_collections", below, above, rules)


def _inventory_for_dio(days: float) -> float:
    """2022 DIO = (80 + i) / 2 / 600 × 365."""
    return 2 * days / 365 * 600 - 80


def test_inventory_build_dio():
    rules = tuned(RULES, "inventory_build", inventory_gap=99.0)
    dio = 80 / 600 * 365
    below = table({"inventory": _inventory_for_dio(dio + 4.9)})
    above = table({"inventory": _inventory_for_dio(dio + 5.1)})
    assert facts(above)["d_dio"] == pytest.approx(5.1)
    assert_threshold("inventory_build", below, above, rules)


def test_inventory_build_inventory_outgrows_revenue():
    rules = tuned(RULES, "inventory_build", dio_rise_days=999.0)
    below, above = table({"inventory": 80 * 1.14}), table({"inventory": 80 * 1.16})
    assert facts(above)["inventory_gap"] == pytest.approx(0.16)
    assert_threshold("inventory_build", below, above, rules)


def test_stretch_suppliers():
    """DPO 36.5 -> +4.9 vs +5.1 days while cash falls 200 -> 150."""
    dpo = 60 / 600 * 365
    payables = lambda days: 2 * days / 365 * 600 - 60  # noqa: E731
    below = table({"payables": payables(dpo + 4.9), "cash": 150.0})
    above = table({"payables": payables(dpo + 5.1), "cash": 150.0})
    assert_threshold("stretch_suppliers", below, above)
    assert "stretch_suppliers" not in fired(table({"payables": payables(dpo + 20), "cash": 250.0}))


def test_margin_squeeze():
    below = table({"gross_profit": 380.1, "cost_of_revenue": 619.9})
    above = table({"gross_profit": 379.9, "cost_of_revenue": 620.1})
    assert facts(above)["d_gross_margin"] == pytest.approx(-0.0201)
    assert_threshold("margin_squeeze", below, above)


def test_margin_squeeze_needs_the_immediately_preceding_year():
    gap = table({"gross_profit": 300.0, "cost_of_revenue": 700.0}, years=(2019, 2020, 2022))
    assert math.isnan(facts(gap)["d_gross_margin"])
    assert "margin_squeeze" not in fired(gap)


def test_negative_jaws():
    """Costs (revenue − operating income) 880 -> +1.9% vs +2.1% on flat revenue."""
    below = table({"operating_income": 1000 - 880 * 1.019})
    above = table({"operating_income": 1000 - 880 * 1.021})
    assert facts(above)["jaws_gap"] == pytest.approx(0.021)
    assert_threshold("negative_jaws", below, above)


def test_roi_culture_thin():
    assert_threshold("roi_culture_thin", table({"net_income": 50.1}), table({"net_income": 49.9}))


def test_roi_culture_rich():
    assert_threshold("roi_culture_rich", table({"net_income": 249.9}), table({"net_income": 250.1}))


def test_velocity_leak():
    """Asset turnover 1.0 -> 0.951 vs 0.949 (−4.9% vs −5.1%) with net margin held at 8.5%."""
    assets = lambda turnover: 2 * 1000 / turnover - 1000  # noqa: E731
    below, above = table({"total_assets": assets(0.951)}), table({"total_assets": assets(0.949)})
    assert facts(above)["asset_turnover"] == pytest.approx(0.949)
    assert_threshold("velocity_leak", below, above)
    margin_fell = table({"total_assets": assets(0.9), "net_income": 70.0})
    assert "velocity_leak" not in fired(margin_fell)


def test_growth_mode():
    grow = {"net_income": 100.0}
    below, above = table({**grow, "revenue": 1099.0}), table({**grow, "revenue": 1101.0})
    assert facts(above)["d_roa"] > 0
    assert_threshold("growth_mode", below, above)
    assert "growth_mode" not in fired(table({"revenue": 1300.0, "net_income": 80.0}))


def test_piotroski_weak():
    """Base F = 3 of 8 (ROA, CFO, accruals); a rising gross margin makes it 4."""
    assert facts(table())["f_score"] == 3
    below = table({"gross_profit": 401.0, "cost_of_revenue": 599.0})
    assert facts(below)["f_score"] == 4
    assert_threshold("piotroski_weak", below, table())


def test_piotroski_strong():
    """All eight available signals positive (F = 8) vs one flat (F = 7)."""
    better = {
        "net_income": 95.0,
        "long_term_debt": 190.0,
        "current_assets": 430.0,
        "gross_profit": 401.0,
        "cost_of_revenue": 599.0,
    }
    above = table({**better, "revenue": 1001.0})
    below = table({**better, "gross_profit": 400.0, "cost_of_revenue": 600.0, "revenue": 1001.0})
    assert facts(above)["f_score"] == 8
    assert facts(below)["f_score"] == 7
    assert_threshold("piotroski_strong", below, above)


def test_altman_distress():
    """Z″ = 3.299091 + 3.26 · RE / 1000 for the base company."""
    base = 6.56 * 0.22 + 6.72 * 0.12 + 1.05 * 1.0
    retained = lambda z: (z - base) / 3.26 * 1000  # noqa: E731
    below, above = (
        table({"retained_earnings": retained(1.11)}),
        table({"retained_earnings": retained(1.09)}),
    )
    assert facts(above)["z_double_prime"] == pytest.approx(1.09)
    assert_threshold("altman_distress", below, above)


def test_every_rule_has_a_threshold_test():
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    for rule in RULES:
        assert any(name.startswith(rule.id) for name in tested), rule.id


# ------------------------------------------------------------------ findings and texts


def stressed() -> pd.DataFrame:
    """Many rules at once: burning cash, squeezed margin, slow collections, thin cover."""
    return table(
        {
            "operating_cash_flow": 20.0,
            "capital_expenditure": 150.0,
            "cash": 60.0,
            "gross_profit": 330.0,
            "cost_of_revenue": 670.0,
            "operating_income": 30.0,
            "interest_expense": 25.0,
            "net_income": 3.0,
            "receivables": 160.0,
            "inventory": 120.0,
            "long_term_debt": 700.0,
        }
    )


def test_findings_ranked_one_per_rule_with_severity_in_range():
    diagnosis = diagnose(stressed(), "T")
    ids = [f.rule_id for f in diagnosis.findings]
    assert len(ids) >= 5 and len(ids) == len(set(ids))
    severities = [f.severity for f in diagnosis.findings]
    assert severities == sorted(severities, reverse=True)
    assert all(0 <= s <= 100 for s in severities)
    assert diagnosis.priorities(3) == diagnosis.findings[:3]
    assert (
        diagnosis.fiscal_year == 2022
        and diagnosis.currency == "USD"
        and diagnosis.name == "Test Co"
    )


def test_severity_grows_past_the_threshold():
    near = fired(table({"gross_profit": 379.0, "cost_of_revenue": 621.0}))["margin_squeeze"]
    far = fired(table({"gross_profit": 330.0, "cost_of_revenue": 670.0}))["margin_squeeze"]
    assert near < far


def test_evidence_and_texts_carry_formatted_client_numbers():
    diagnosis = diagnose(stressed(), "T")
    for finding in diagnosis.findings:
        assert finding.evidence, finding.rule_id
        assert 2 <= len(finding.questions) <= 3
        for evidence in finding.evidence:
            assert evidence.fiscal_year == 2022
            assert math.isfinite(evidence.value)
            assert "2022" in evidence.text and re.search(r"\d", evidence.text)
        texts = [finding.trade_off, finding.priority, finding.seller_angle, *finding.questions]
        texts += [e.text for e in finding.evidence]
        for text in texts:
            assert not TEXT_PROBLEMS.search(text), (finding.rule_id, text)
        assert "2022" in finding.trade_off
    squeeze = next(f for f in diagnosis.findings if f.rule_id == "cash_squeeze")
    assert "−$130" in squeeze.trade_off and "months" in squeeze.trade_off
    margin = next(f for f in diagnosis.findings if f.rule_id == "margin_squeeze")
    assert "7.0 pts" in margin.trade_off and "33.0%" in margin.trade_off


def test_money_is_formatted_in_the_client_currency():
    statements = stressed()
    statements.companies.loc["T", "currency"] = "EUR"
    diagnosis = diagnose(statements, "T")
    squeeze = next(f for f in diagnosis.findings if f.rule_id == "cash_squeeze")
    assert "−€130" in squeeze.trade_off and "$" not in squeeze.trade_off


def test_finding_to_dict_is_json_ready():
    keys = {
        "rule_id",
        "driver",
        "title",
        "severity",
        "evidence",
        "trade_off",
        "priority",
        "seller_angle",
        "questions",
    }
    for finding in diagnose(stressed(), "T").findings:
        data = finding.to_dict()
        assert set(data) == keys
        json.dumps(data, allow_nan=False)
        assert set(data["evidence"][0]) == {
            "metric",
            "fiscal_year",
            "value",
            "text",
            "change",
            "peer_median",
            "fiscal_label",
        }


def test_quiet_company_still_has_healthy_and_talking_points():
    statements = table({"gross_profit": 401.0, "cost_of_revenue": 599.0})
    diagnosis = diagnose(statements, "T")
    assert not diagnosis.findings
    assert diagnosis.healthy and diagnosis.talking_points


def test_single_year_and_missing_inputs_do_not_crash():
    one_year = table(years=(2022,))
    diagnosis = diagnose(one_year, "T")
    assert diagnosis.healthy and diagnosis.talking_points
    empty = table({k: np.nan for k in BASE if k != "revenue"})
    diagnosis = diagnose(empty, "T")
    assert diagnosis.healthy and diagnosis.talking_points
    assert all(not TEXT_PROBLEMS.search(t) for t in diagnosis.healthy + diagnosis.talking_points)


def test_bank_without_gross_margin_does_not_crash():
    bank = {
        "cost_of_revenue": np.nan,
        "gross_profit": np.nan,
        "inventory": 0.0,
        "current_assets": 0.0,
        "current_liabilities": 0.0,
    }
    diagnosis = diagnose(table(bank, bank), "T")
    assert diagnosis.healthy
    assert "margin_squeeze" not in {f.rule_id for f in diagnosis.findings}


def test_unknown_company_raises():
    from acumen.errors import AcumenError

    with pytest.raises(AcumenError):
        diagnose(table(), "NOPE")


def test_tuned_thresholds_change_the_outcome():
    statements = table({"net_income": 60.0})
    assert "roi_culture_thin" not in fired(statements)
    assert "roi_culture_thin" in fired(
        statements, tuned(RULES, "roi_culture_thin", net_margin=0.07)
    )
    assert BY_ID["roi_culture_thin"].thresholds["net_margin"] == 0.05
    with pytest.raises(KeyError):
        tuned(RULES, "no_such_rule", x=1.0)


# ------------------------------------------------------------------ peers and the universe


def test_explicit_peers_give_peer_medians():
    peer_rows = [
        {**BASE, "fiscal_year": 2022, "net_income": n, "company": c}
        for c, n in (("P1", 100.0), ("P2", 120.0), ("P3", 140.0))
    ]
    peers = build_statements(
        pd.DataFrame(peer_rows), make_companies([{"id": c} for c in ("P1", "P2", "P3")])
    )
    diagnosis = diagnose(table({"net_income": 40.0}), "T", peers=peers)
    thin = next(f for f in diagnosis.findings if f.rule_id == "roi_culture_thin")
    margin = next(e for e in thin.evidence if e.metric == "net_margin")
    assert margin.peer_median == pytest.approx(0.12)
    assert "peer median 12.0%" in margin.text
    assert "chosen peers" in diagnosis.peer_group


def test_universe_company_uses_sub_industry_peers(universe_statements, peer_universe):
    diagnosis = diagnose(universe_statements, "CL", universe=peer_universe)
    assert "Household Products sub-industry" in diagnosis.peer_group
    medians = [
        e.peer_median for f in diagnosis.findings for e in f.evidence if e.peer_median is not None
    ]
    assert medians or any("peer median" in h for h in diagnosis.healthy)


def test_peer_medians_function(universe_statements, universe_metrics):
    companies = universe_statements.companies
    group = peer_medians(universe_metrics.values, companies, companies.loc["CL"], fiscal_year=2015)
    assert group.count >= 3 and "Household Products" in group.label
    members = companies.index[companies["industry"] == "Household Products"]
    rows = universe_metrics.values.loc[(list(members), 2015), "roa"]
    assert group.medians["roa"] == pytest.approx(rows.median())


def test_diagnose_all_universe(universe_statements, peer_universe):
    start = time.perf_counter()
    diagnoses = diagnose_all(universe_statements, universe=peer_universe)
    elapsed = time.perf_counter() - start
    assert len(diagnoses) == 448
    for company, diagnosis in diagnoses.items():
        assert isinstance(diagnosis, Diagnosis) and diagnosis.company == company
        assert diagnosis.healthy and diagnosis.talking_points
        severities = [f.severity for f in diagnosis.findings]
        assert severities == sorted(severities, reverse=True)
        assert len({f.rule_id for f in diagnosis.findings}) == len(diagnosis.findings)
        for finding in diagnosis.findings:
            json.dumps(finding.to_dict(), allow_nan=False)
            assert not TEXT_PROBLEMS.search(finding.trade_off), (company, finding.trade_off)
        for text in diagnosis.healthy + diagnosis.talking_points:
            assert not TEXT_PROBLEMS.search(text), (company, text)
    assert elapsed < 3.0, f"diagnose_all took {elapsed:.2f} s"


def test_diagnose_all_matches_diagnose(universe_statements, peer_universe):
    metrics = compute_metrics_with_reasons(universe_statements)
    every = diagnose_all(universe_statements, metrics=metrics, universe=peer_universe)
    for company in ("WMT", "JPM", "AAPL", "CL"):
        single = diagnose(universe_statements, company, universe=peer_universe)
        assert [f.to_dict() for f in single.findings] == [
            f.to_dict() for f in every[company].findings
        ]
        assert single.healthy == every[company].healthy


# ------------------------------------------------------------------ levels in context (#10 d)


def margin_peers(net_income: float, year: int = 2022) -> pd.DataFrame:
    """Three peers with revenue 1,000 and the same net income (net margin = income / 1,000)."""
    rows = [
        {**BASE, "fiscal_year": year, "net_income": net_income, "company": c}
        for c in ("P1", "P2", "P3")
    ]
    return build_statements(
        pd.DataFrame(rows), make_companies([{"id": c} for c in ("P1", "P2", "P3")])
    )


def test_thin_margin_above_the_peer_median_is_not_a_sharp_pencil_culture():
    """Issue #10: Target got "Thin margins" at 4.6% against a peer median of 4.0%."""
    diagnosis = diagnose(table({"net_income": 46.0}), "T", peers=margin_peers(40.0))
    assert "roi_culture_thin" not in {f.rule_id for f in diagnosis.findings}


def test_thin_margin_states_the_client_against_the_median():
    diagnosis = diagnose(table({"net_income": 30.0}), "T", peers=margin_peers(40.0))
    thin = next(f for f in diagnosis.findings if f.rule_id == "roi_culture_thin")
    assert thin.trade_off.startswith(
        "Net margin was 3.0% in FY2022, below the peer median of 4.0% (chosen peers, 3 companies)"
    )
    alone = diagnose(table({"net_income": 30.0}), "T")  # no peers: the level alone
    thin = next(f for f in alone.findings if f.rule_id == "roi_culture_thin")
    assert thin.trade_off.startswith("Net margin was 3.0% in FY2022: with little profit")


def test_rich_margin_below_the_peer_median_is_not_a_strategic_value_culture():
    rich = {"net_income": 300.0, "operating_income": 400.0, "pretax_income": 390.0}
    diagnosis = diagnose(table(rich), "T", peers=margin_peers(350.0))
    assert "roi_culture_rich" not in {f.rule_id for f in diagnosis.findings}
    diagnosis = diagnose(table(rich), "T", peers=margin_peers(200.0))
    finding = next(f for f in diagnosis.findings if f.rule_id == "roi_culture_rich")
    assert "30.0% in FY2022, above the peer median of 20.0%" in finding.trade_off


def test_target_is_not_called_thin_against_its_own_peers(universe_statements, peer_universe):
    diagnosis = diagnose(universe_statements, "TGT", universe=peer_universe)
    assert diagnosis.peers is not None and diagnosis.peers.kind == "sub-industry"
    assert "roi_culture_thin" not in {f.rule_id for f in diagnosis.findings}


def test_explicit_peers_at_another_year_give_no_median():
    """Same years: peers that only report 2019 are not a 2022 median."""
    diagnosis = diagnose(table({"net_income": 30.0}), "T", peers=margin_peers(40.0, year=2019))
    assert diagnosis.peers is None
    thin = next(f for f in diagnosis.findings if f.rule_id == "roi_culture_thin")
    assert "peer median" not in thin.trade_off


# ------------------------------------------------------------------ peer groups as data (#10 e)


def test_peer_group_is_structured_and_labelled_only_for_display(universe_statements, peer_universe):
    """Issue #10: PVH and RL got "Peer median (Apparel)", a label cut at its first comma."""
    from acumen.analysis.findings import PeerGroup

    diagnosis = diagnose(universe_statements, "PVH", universe=peer_universe)
    group = diagnosis.peers
    assert isinstance(group, PeerGroup)
    assert (group.kind, group.name) == ("sub-industry", "Apparel, Accessories & Luxury Goods")
    assert group.fiscal_year == diagnosis.fiscal_year and group.count >= 3
    assert (
        diagnosis.peer_group
        == group.label
        == (f"Apparel, Accessories & Luxury Goods sub-industry, {group.count} companies")
    )


def test_one_chart_median_comes_from_one_peer_group(universe_statements, peer_universe):
    """Issue #10: HBI's chart mixed a sub-industry median (2013–15) and a sector median (2016)."""
    from acumen.analysis.peer_groups import peer_median_trend

    meta = peer_universe.companies.loc["HBI"]
    years = list(universe_statements.table.loc["HBI"].index)
    series, group = peer_median_trend(peer_universe, meta, years, "roa")
    diagnosis = diagnose(universe_statements, "HBI", universe=peer_universe)
    assert (group.kind, group.name) == (diagnosis.peers.kind, diagnosis.peers.name)
    sector = universe_statements.companies["sector"] == meta["sector"]
    members = [c for c in sector[sector].index if c not in peer_universe.unsound]
    values = compute_metrics_with_reasons(universe_statements).values["roa"]
    for year in series.index:
        expected = values.loc[(members, year)].median()
        assert series[year] == pytest.approx(expected)


def test_flagged_rows_are_never_in_a_universe_median(universe_statements, peer_universe):
    diagnosis = diagnose(universe_statements, "CL", universe=peer_universe)
    members = universe_statements.companies["industry"] == "Household Products"
    sound = [c for c in members[members].index if c != "PG"]
    assert diagnosis.peers.count == len(sound)
    values = compute_metrics_with_reasons(universe_statements).values
    assert diagnosis.peers.medians["roa"] == pytest.approx(
        values.loc[(sound, 2015), "roa"].median()
    )
