"""Competitors & peers: default peers, the comparison ranks, the scatter, the threat, the questions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from acumen.analysis.catalog import BY_NAME
from acumen.analysis.metrics import compute_metrics_with_reasons
from acumen.analysis.peer_comparison import (
    COMPARISON_METRICS,
    choose_years,
    comparison_table,
    peer_alignment,
)
from acumen.analysis.peer_display import comparison_display, scatter_points
from acumen.analysis.peer_questions import (
    QUESTION_RULES,
    competitor_questions,
    competitor_questions_for,
)
from acumen.analysis.peers import default_peers, load_group, peer_statements
from acumen.analysis.threats import biggest_threat
from acumen.data.samples import case_ids, catalog, load_sample
from acumen.data.statements import build_statements, make_companies
from acumen.formatting import possessive
from acumen.reports.figures import CLIENT_COLOUR, iso_roa_curve
from acumen.reports.figures_compare import ISO_ROA_LEVELS, margin_velocity_figure, peer_trend_figure


@pytest.fixture(scope="module")
def samples() -> pd.DataFrame:
    return catalog()


# ---------------------------------------------------------------- iso-ROA and the scatter


@pytest.mark.parametrize("roa", [0.02, 0.05, 0.10, 0.20])
def test_iso_roa_curve_margin_times_turnover_is_roa(roa):
    turnover = np.array([0.25, 0.5, 1.0, 2.39, 4.0])
    np.testing.assert_allclose(iso_roa_curve(roa, turnover) * turnover, roa, rtol=1e-12)
    assert np.isnan(iso_roa_curve(roa, np.array([0.0, -1.0]))).all()


def points() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "name": ["Client Co", "Peer A", "Peer B"],
            "fiscal_year": [2015, 2015, 2015],
            "asset_turnover": [2.0, 0.8, 1.2],
            "net_margin": [0.03, 0.12, np.nan],
        },
        index=pd.Index(["C", "A", "B"], name="company"),
    )
    frame["roa"] = frame["asset_turnover"] * frame["net_margin"]
    return frame


def test_scatter_has_the_iso_curves_and_a_highlighted_client():
    figure = margin_velocity_figure(points(), "C")
    by_name = {trace.name: trace for trace in figure.data}
    for level in ISO_ROA_LEVELS:
        curve = by_name[f"ROA {level:.0%}"]
        x, y = np.asarray(curve.x, dtype=float), np.asarray(curve.y, dtype=float)
        assert len(x) > 10
        np.testing.assert_allclose(x * y, level, rtol=1e-12)
    client = by_name["client"]
    assert list(client.x) == [2.0] and list(client.y) == [0.03]
    assert client.marker.color == CLIENT_COLOUR
    assert client.marker.size > by_name["peers"].marker.size
    assert (
        "Client Co" in client.hovertext[0]
        and "FY2015" in client.hovertext[0]
        and "ROA 6.0%" in client.hovertext[0]
    )
    # The peer without a margin is left out, never plotted at ±inf.
    assert list(by_name["peers"].text) == ["Peer A"]


def test_trend_figure_sorts_years_across_windows():
    index = pd.MultiIndex.from_tuples(
        [("C", 2022), ("C", 2023), ("A", 2014), ("A", 2015)], names=["company", "fiscal_year"]
    )
    values = pd.DataFrame({"roa": [0.05, 0.04, 0.1, 0.11]}, index=index)
    figure = peer_trend_figure(values, "roa", ["C", "A"], {"C": "Client Co", "A": "Peer A"}, "C")
    assert figure.layout.xaxis.categoryorder == "category ascending"
    assert list(figure.data[0].x) == ["2022", "2023"]
    assert figure.data[0].line.color == CLIENT_COLOUR


# ---------------------------------------------------------------- default peers


def test_default_peers_of_walmart_start_with_its_sub_industry(samples):
    peers = default_peers("WMT", samples, curated=False)
    industry = samples.at["WMT", "industry"]
    same = [p for p in peers if samples.at[p, "industry"] == industry]
    assert same == ["COST"]  # the only other hypermarket in the universe
    assert peers[: len(same)] == same
    # Fewer than 3 in the sub-industry: topped up from the sector.
    assert len(peers) >= 3
    assert all(samples.at[p, "sector"] == samples.at["WMT", "sector"] for p in peers)
    assert "WMT" not in peers


def test_default_peers_of_walmart_are_its_named_competitors(samples):
    assert default_peers("WMT", samples) == ["COST", "TGT", "KR", "AMZN"]


def test_default_peers_in_a_full_sub_industry(samples):
    peers = default_peers("CL", samples)
    assert peers and all(samples.at[p, "industry"] == "Household Products" for p in peers)
    assert set(peers) >= {"KMB", "CLX", "CHD"}


@pytest.mark.skipif("HHP" not in case_ids(), reason="designed cases not bundled")
def test_default_peers_of_harbor(samples):
    assert default_peers("HHP", samples)[:5] == ["ALFA", "CEDR", "PINE", "BLUE", "PG"]
    assert default_peers("SEHW", samples) == ["HD", "LOW"]


def test_default_peers_of_an_unknown_company(samples):
    assert default_peers("NEW", samples, meta={"sector": "", "industry": ""}) == []
    peers = default_peers(
        "NEW", samples, meta={"sector": "Consumer Staples", "industry": "Household Products"}
    )
    assert set(peers) >= {"CL", "KMB"}


def test_peer_statements_skip_duplicates_and_report_unknown_ids():
    client = load_sample("WMT")
    combined, warnings = peer_statements(
        client, ["sample:COST", "sample:WMT", "sample:NOPE"], {}, bundled=load_sample
    )
    assert set(combined.index.get_level_values(0)) == {"WMT", "COST"}
    assert len(warnings) == 1 and "NOPE" in warnings[0]
    statements, ids, problems = load_group(
        ["sample:DD", "sample:PG", "sample:DD"], bundled=load_sample
    )
    assert ids == ["DD", "PG"] and not problems and statements is not None


# ---------------------------------------------------------------- the comparison table


def metrics_frame(rows: dict[tuple[str, int], dict[str, float]]) -> pd.DataFrame:
    index = pd.MultiIndex.from_tuples(list(rows), names=["company", "fiscal_year"])
    frame = pd.DataFrame(np.nan, index=index, columns=list(COMPARISON_METRICS))
    for key, values in rows.items():
        for metric, value in values.items():
            frame.loc[key, metric] = value
    return frame


def test_comparison_ranks_and_median_on_a_hand_built_table():
    frame = metrics_frame(
        {
            ("C", 2014): {"net_margin": 0.50},
            ("C", 2015): {"net_margin": 0.05, "dso": 30.0, "equity_multiplier": 2.0},
            ("A", 2015): {"net_margin": 0.10, "dso": 40.0, "equity_multiplier": 3.0},
            ("B", 2015): {"net_margin": 0.02, "dso": 20.0, "equity_multiplier": 1.0},
            ("B", 2016): {"net_margin": 0.90, "dso": 1.0},
        }
    )
    comparison = comparison_table(frame, "C")
    assert comparison.choice.common == 2015
    assert list(comparison.values.columns) == ["C", "A", "B"]
    ranks = comparison.ranks
    # Higher net margin is better: A 10% > C 5% > B 2%.
    assert list(ranks.loc["net_margin"]) == [2, 1, 3]
    # Lower DSO is better: B 20 < C 30 < A 40.
    assert list(ranks.loc["dso"]) == [2, 3, 1]
    # The equity multiplier has no better direction: no rank.
    assert ranks.loc["equity_multiplier"].isna().all()
    summary = comparison.summary
    assert summary.at["net_margin", "peer_median"] == pytest.approx(0.06)
    assert summary.at["net_margin", "verdict"] == "worse"
    assert summary.at["dso", "peer_median"] == pytest.approx(30.0)
    assert summary.at["dso", "verdict"] == "level"
    assert summary.at["roa", "verdict"] == "n/a"
    display = comparison_display(comparison, {"C": "Client", "A": "Alpha", "B": "Beta"})
    row = display.set_index("metric").loc[BY_NAME["net_margin"].label]
    assert (
        row["Client"] == "5.0%"
        and row["client rank"] == "2 of 3"
        and row["client vs median"] == "worse"
    )
    assert not display.apply(lambda col: col.astype(str).str.contains("inf|nan")).any().any()


def test_equity_multiplier_has_no_verdict_direction():
    frame = metrics_frame(
        {("C", 2015): {"equity_multiplier": 2.0}, ("A", 2015): {"equity_multiplier": 3.0}}
    )
    assert comparison_table(frame, "C").summary.at["equity_multiplier", "verdict"] == "n/a"


def test_no_common_year_uses_each_latest_and_says_so():
    index = pd.MultiIndex.from_tuples(
        [("C", 2023), ("A", 2015), ("A", 2016)], names=["company", "fiscal_year"]
    )
    choice = choose_years(index, ["C", "A"])
    assert choice.common is None and choice.years == {"C": 2023, "A": 2016}
    assert "No fiscal year is common" in choice.note


def test_scatter_points_from_real_peers():
    statements, _ = peer_statements(
        load_sample("WMT"), ["sample:COST", "sample:TGT"], bundled=load_sample
    )
    comparison = comparison_table(compute_metrics_with_reasons(statements), "WMT")
    frame = scatter_points(comparison, {"WMT": "Walmart"})
    assert list(frame.index[:1]) == ["WMT"] and frame.at["WMT", "name"] == "Walmart"
    np.testing.assert_allclose(
        frame["net_margin"] * frame["asset_turnover"], frame["roa"], rtol=1e-9
    )


# ---------------------------------------------------------------- the biggest threat


def company_rows(
    company: str,
    revenue: tuple[float, float],
    margin: float,
    rnd: float,
    sga: float,
    turnover: float,
):
    rows = []
    for year, sales in zip((2022, 2023), revenue, strict=True):
        assets = sales / turnover
        rows.append(
            {
                "company": company,
                "fiscal_year": year,
                "revenue": sales,
                "cost_of_revenue": 0.6 * sales,
                "gross_profit": 0.4 * sales,
                "sga": sga * sales,
                "rnd": rnd * sales,
                "operating_income": margin * sales,
                "pretax_income": margin * sales,
                "income_tax": 0.0,
                "net_income": margin * sales,
                "total_assets": assets,
                "total_liabilities": assets / 2,
                "equity": assets / 2,
                "operating_cash_flow": margin * sales,
                "capital_expenditure": 0.02 * sales,
                "inventory": 0.1 * sales,
                "receivables": 0.1 * sales,
                "payables": 0.05 * sales,
            }
        )
    return rows


def hand_built_peers() -> pd.DataFrame:
    records = pd.DataFrame(
        company_rows("HARB", (1000.0, 970.0), 0.04, 0.02, 0.20, 1.0)
        + company_rows("ALPH", (1000.0, 1140.0), 0.12, 0.09, 0.22, 1.1)
        + company_rows("SLOW", (1000.0, 950.0), 0.02, 0.01, 0.15, 0.9)
    )
    companies = make_companies(
        [
            {"id": "HARB", "name": "Harbor"},
            {"id": "ALPH", "name": "Alpha Brands"},
            {"id": "SLOW", "name": "Slowco"},
        ]
    )
    return build_statements(records, companies)


def test_the_obvious_threat_is_chosen_and_explained():
    statements = hand_built_peers()
    finding = biggest_threat("HARB", ["ALPH", "SLOW"], statements)
    assert finding.rule_id == "biggest_threat"
    assert finding.title.startswith("Biggest threat: Alpha Brands")
    assert finding.driver in {"growth", "margin", "velocity", "cash", "return"}
    # The widest gap, in units of each factor's scale, is R&D: 9% of revenue against 2%.
    assert finding.driver == "growth" and "develops new products faster" in finding.title
    assert "grew revenue 14.0% in FY2023 against Harbor's −3.0%" in finding.trade_off
    assert "spends 9.0% of revenue on R&D against 2.0%" in finding.trade_off
    assert 0 < finding.severity <= 100
    assert finding.evidence and all(e.fiscal_year == 2023 for e in finding.evidence)
    assert 1 <= len(finding.questions) <= 3
    assert not any(token in finding.trade_off for token in ("nan", "inf"))


def test_no_peers_means_no_threat():
    assert biggest_threat("HARB", [], hand_built_peers()) is None


def test_possessive():
    assert (
        possessive("Walmart") == "Walmart's"
        and possessive("Harbor Home Products") == "Harbor Home Products'"
    )


# ---------------------------------------------------------------- competitor questions


@pytest.mark.parametrize("rule", QUESTION_RULES, ids=[r.fact for r in QUESTION_RULES])
def test_question_rule_fires_just_above_its_threshold_and_not_below(rule):
    columns = [r.fact for r in QUESTION_RULES]

    def facts(gap: float) -> pd.DataFrame:
        frame = pd.DataFrame(0.1, index=["C", "P", "Q"], columns=columns)
        frame.loc["P", rule.fact] = 0.1 + gap
        frame.loc["Q", rule.fact] = 0.1 - 1.0  # a peer below the client never fires
        return frame

    names = {"C": "Client", "P": "Peer", "Q": "Other"}
    above = competitor_questions(facts(rule.threshold * 1.01), "C", ["P", "Q"], names)
    below = competitor_questions(facts(rule.threshold * 0.99), "C", ["P", "Q"], names)
    assert len(above) == 1 and above[0].startswith("Peer") and "Client" in above[0]
    assert below == []


def test_questions_from_real_data_name_a_peer():
    statements, _ = peer_statements(
        load_sample("WMT"), ["sample:AMZN", "sample:COST"], bundled=load_sample
    )
    from acumen.analysis.peer_questions import competitor_questions_for

    questions = competitor_questions_for("WMT", ["AMZN", "COST"], statements)
    assert questions and all("Wal-Mart Stores" in q for q in questions)
    assert any(q.startswith("Amazon.com Inc") for q in questions)


# ---------------------------------------------------------------- data notes and same years


@pytest.fixture(scope="module")
def universe_value():
    from acumen.cli.main import peer_universe

    return peer_universe()


def harbor_with_named_peers():
    return peer_statements(
        load_sample("HHP"),
        [f"sample:{p}" for p in ("ALFA", "PG", "CL", "CLX", "KMB", "CHD")],
        bundled=load_sample,
    )[0]


def test_flagged_peers_are_never_picked_by_default(samples, universe_value):
    assert "PG" in universe_value.unsound
    assert default_peers("HHP", samples, universe=universe_value)[0] == "ALFA"
    assert "PG" not in default_peers("HHP", samples, universe=universe_value)
    assert "PG" not in default_peers("CL", samples, universe=universe_value)
    assert "COTY" not in default_peers("EL", samples, universe=universe_value, curated=False)


def test_harbor_threat_never_quotes_the_flagged_pg_rows(universe_value):
    """Issue #10: Harbor's page said "Procter & Gamble spends 42.2% of revenue on R&D"."""
    statements = harbor_with_named_peers()
    alignment = peer_alignment(statements, "HHP", notes=universe_value.notes)
    assert "PG" in alignment.left_out and alignment.left_out["PG"].startswith("data note: ")
    peers = ["ALFA", "PG", "CL", "CLX", "KMB", "CHD"]
    threat = biggest_threat("HHP", peers, statements, alignment=alignment)
    questions = competitor_questions_for("HHP", peers, statements, alignment=alignment)
    text = " ".join([threat.title, threat.trade_off, *threat.questions, *questions])
    assert "Procter & Gamble" not in text and "42.2%" not in text
    comparison = comparison_table(
        compute_metrics_with_reasons(statements), "HHP", alignment=alignment
    )
    assert "PG" not in comparison.values.columns
    note = alignment.note({"PG": "Procter & Gamble", "HHP": "Harbor Home Products"})
    assert "Procter & Gamble (data note: the dataset's PG rows are not" in note


def test_harbor_is_compared_only_with_same_year_peers(universe_value):
    """Issue #10: Harbor (2023) was compared with CHD 2015, CL 2015, CLX 2016, KMB 2016."""
    statements = harbor_with_named_peers()
    alignment = peer_alignment(statements, "HHP", notes=universe_value.notes)
    assert alignment.years == {"HHP": 2023, "ALFA": 2023}
    for peer in ("CL", "CLX", "KMB", "CHD"):
        assert alignment.left_out[peer].startswith("no year comparable with FY2023: reports FY")
    threat = biggest_threat("HHP", ["CL", "CLX", "KMB", "CHD", "ALFA"], statements)
    assert threat.title.startswith("Biggest threat: Alpha Brands")
    assert all(e.fiscal_year == 2023 for e in threat.evidence)
    # No comparable peer at all: no threat rather than one built on other years.
    assert biggest_threat("HHP", ["CL", "KMB"], statements) is None


def dated_peers() -> pd.DataFrame:
    """Client year to 2016-01-31 (fiscal 2015); NEAR reports the year to 2016-06-30 (fiscal
    2016, five months later); OLD only fiscal 2012-2013; SAME the client's year."""
    rows = []
    for company, ends in {
        "CLNT": ("2015-01-31", "2016-01-31"),
        "NEAR": ("2016-06-30", "2017-06-30"),
        "OLD": ("2012-12-31", "2013-12-31"),
        "SAME": ("2014-12-31", "2015-12-31"),
    }.items():
        for end in ends:
            rows.append(
                {
                    "company": company,
                    "period_end": pd.Timestamp(end),
                    "revenue": 100.0,
                    "net_income": 5.0,
                    "total_assets": 80.0,
                }
            )
    companies = make_companies(
        [{"id": c, "name": c.title()} for c in ("CLNT", "NEAR", "OLD", "SAME")]
    )
    return build_statements(pd.DataFrame(rows), companies)


def test_a_peer_within_six_months_is_shifted_and_stated_and_an_old_one_left_out():
    statements = dated_peers()
    alignment = peer_alignment(statements, "CLNT")
    assert alignment.years == {"CLNT": 2015, "NEAR": 2016, "SAME": 2015}
    assert alignment.shifted == ("NEAR",)
    assert alignment.labels == {"CLNT": "FY2016", "NEAR": "FY2016", "SAME": "FY2015"}
    note = alignment.note({"CLNT": "Client", "NEAR": "Near", "OLD": "Old"})
    assert "Compared at Client's fiscal year, FY2016." in note
    assert "Nearest year within six months: Near at FY2016." in note
    assert "Old (no year comparable with FY2016: reports FY2012–FY2013)" in note
    comparison = comparison_table(
        compute_metrics_with_reasons(statements), "CLNT", alignment=alignment
    )
    assert list(comparison.values.columns) == ["CLNT", "NEAR", "SAME"]


# ---------------------------------------------------------------- wording by role

RETAILER_WORDS = ("shelf", "shelves", "retailer")


def test_retailer_wording_never_speaks_of_shelves_or_retailers():
    from dataclasses import astuple

    from acumen.analysis.threat_factors import THREAT_FACTORS, worded

    for factor in THREAT_FACTORS:
        text = " ".join(str(x) for x in astuple(worded(factor, "retailer"))).lower()
        assert not any(word in text for word in RETAILER_WORDS), factor.fact
    for rule in QUESTION_RULES:
        assert not any(word in rule.text("retailer").lower() for word in RETAILER_WORDS)
    # The maker's wording keeps the retailer in view (Harbor sells through a hardware chain).
    sga = next(f for f in THREAT_FACTORS if f.fact == "sga_share")
    assert "shelf space" in worded(sga, "manufacturer").question


@pytest.mark.parametrize(
    ("client", "peers"), [("WMT", ["COST", "TGT", "KR", "AMZN"]), ("TGT", ["WMT", "COST", "DG"])]
)
def test_a_retailer_is_not_asked_about_its_shelf_space(client, peers):
    """Issue #10: Walmart was asked "is Wal-Mart Stores losing shelf space" and told to
    "defend share with key retailers"."""
    from acumen.analysis.company_meta import client_role

    statements, _ = peer_statements(
        load_sample(client), [f"sample:{p}" for p in peers], bundled=load_sample
    )
    assert client_role(statements, client) == "retailer"
    threat = biggest_threat(client, peers, statements)
    questions = competitor_questions_for(client, peers, statements)
    text = " ".join(
        [threat.title, threat.trade_off, threat.priority, threat.seller_angle, *threat.questions]
        + questions
    ).lower()
    assert questions and not any(word in text for word in RETAILER_WORDS)


def test_roles_come_from_the_roles_table():
    from acumen.analysis.universe import role_of

    assert role_of("Hypermarkets & Super Centers", "Consumer Staples") == "retailer"
    assert role_of("Household Products", "Consumer Staples") == "manufacturer"
    assert role_of("Diversified Chemicals", "Materials") == "supplier"
    assert role_of("Gold", "Materials") == "supplier"  # by sector
    assert role_of("Food Distributors", "Consumer Staples") == "distributor"
    assert role_of("Banks", "Financials") == "service"
    assert role_of(None, None) == "manufacturer"
    assert role_of("Household Products", "Consumer Staples", role="retailer") == "retailer"


# ---------------------------------------------------------------- batch report


@pytest.mark.parametrize("client", ["WMT", "TGT", "HHP"])
def test_peers_report_lists_only_same_year_sound_peers(samples, universe_value, client):
    import json

    from acumen.analysis.peer_report import peers_report

    peers = [*default_peers(client, samples, universe=universe_value), "PG"]
    statements, _ = peer_statements(
        load_sample(client), [f"sample:{p}" for p in peers], bundled=load_sample
    )
    report = peers_report(statements, client, peers, universe=universe_value)
    json.dumps(report, allow_nan=False)
    assert set(report["client"]) == {
        "ticker",
        "name",
        "fiscal_year",
        "fiscal_label",
        "period_end",
        "role",
    }
    year = report["client"]["fiscal_year"]
    assert report["peers"] and all(p["fiscal_year"] == year for p in report["peers"])
    assert all(p["data_notes"] == [] for p in report["peers"])
    assert "PG" in [p["ticker"] for p in report["left_out"]]
    assert report["threat"]["ticker"] in [p["ticker"] for p in report["peers"]]
    if client == "WMT":
        assert report["client"]["fiscal_label"] == "FY2016"
        assert report["client"]["period_end"] == "2016-01-31"
        assert report["client"]["role"] == "retailer"
    if client == "HHP":
        # at least four same-year competitors, Alpha Brands among them (#10)
        tickers = [p["ticker"] for p in report["peers"]]
        assert len(tickers) >= 4 and "ALFA" in tickers


def test_amounts_in_another_currency_are_never_compared():
    frame = metrics_frame(
        {
            ("C", 2015): {"net_margin": 0.05, "free_cash_flow": 100.0},
            ("A", 2015): {"net_margin": 0.10, "free_cash_flow": 300.0},
            ("E", 2015): {"net_margin": 0.02, "free_cash_flow": 9e9},
        }
    )
    comparison = comparison_table(frame, "C", currencies={"C": "USD", "A": "USD", "E": "EUR"})
    assert np.isnan(comparison.values.at["free_cash_flow", "E"])
    assert "reports in EUR" in comparison.reasons.at["free_cash_flow", "E"]
    assert comparison.summary.at["free_cash_flow", "peer_median"] == 300.0  # A only
    assert comparison.values.at["net_margin", "E"] == 0.02  # ratios compare directly
    shown = comparison_display(comparison, {}, "USD").set_index("metric")
    assert shown.at["Free cash flow", "E"].startswith("n/a — reports in EUR")
