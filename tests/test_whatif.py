"""What-if: the scenario statements, recomputed by the metrics engine, give the reported figures."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acumen.analysis.metrics import DAYS_PER_YEAR, compute_metrics, compute_metrics_with_reasons
from acumen.analysis.whatif import WHATIF_METRICS, whatif
from acumen.analysis.whatif_scenario import PRESETS, Levers, apply_levers, lever_summary
from acumen.analysis.whatif_text import goal_row, value_statement
from acumen.data.samples import case_ids, load_sample
from acumen.data.statements import build_statements, line_table, make_companies
from acumen.reports.figures_compare import roa_waterfall

COMPANIES = ["WMT", "PG", "HD"] + (["HHP"] if "HHP" in case_ids() else [])


@cache
def statements(company: str) -> pd.DataFrame:
    return load_sample(company)


def latest(company: str) -> tuple[str, int]:
    return company, int(statements(company).index.get_level_values(1).max())


percent = st.floats(min_value=-30, max_value=30, allow_nan=False).map(lambda x: round(x, 2))
days = st.floats(min_value=-30, max_value=30, allow_nan=False).map(lambda x: round(x, 1))
levers_strategy = st.builds(
    Levers,
    price_pct=percent,
    volume_pct=percent,
    cogs_pct=percent,
    sga_pct=percent,
    dso_days=days,
    dio_days=days,
    dpo_days=days,
    capex_pct=percent,
    repay_debt=st.booleans(),
)


@pytest.mark.parametrize("company", COMPANIES)
def test_zero_levers_reproduce_the_base_exactly(company):
    base = statements(company)
    scenario = apply_levers(base, company, Levers(repay_debt=True))
    pd.testing.assert_frame_equal(scenario.statements.table, line_table(base), check_exact=True)
    pd.testing.assert_frame_equal(
        compute_metrics(scenario.statements), compute_metrics(base), check_exact=True
    )
    result = whatif(base, company, Levers())
    assert result.cash_released == 0.0
    assert result.bridge["contribution"].abs().max() == 0.0
    assert value_statement(result).startswith("Move a lever")


@pytest.mark.parametrize("company", COMPANIES)
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(levers=levers_strategy)
def test_random_levers_are_consistent_with_the_engine(company, levers):
    base = statements(company)
    key = latest(company)
    result = whatif(base, company, levers)
    scenario = line_table(result.scenario)
    reported = result.table().set_index("metric")

    # "After" is the engine run on the scenario statements.
    engine = compute_metrics_with_reasons(result.scenario).values.loc[key, list(WHATIF_METRICS)]
    np.testing.assert_array_equal(engine.to_numpy(dtype="float64"), reported["after"].to_numpy())
    assert not np.isinf(compute_metrics(result.scenario).to_numpy(dtype="float64")).any()

    # Days move by the lever unless a balance would have gone below zero.
    clipped = any("below zero" in note for note in result.notes)
    if not clipped:
        for metric, lever in (
            ("dso", levers.dso_days),
            ("dio", levers.dio_days),
            ("dpo", levers.dpo_days),
        ):
            assert reported.at[metric, "change"] == pytest.approx(lever, abs=1e-6)

    # Cash released = −Δ average working capital; the prior year-end is fixed, so Δavg = Δend / 2.
    change = scenario.loc[key] - line_table(base).loc[key]
    year_end_release = -(change["receivables"] + change["inventory"] - change["payables"])
    assert result.cash_released == pytest.approx(year_end_release / 2, rel=1e-9, abs=1e-3)

    # The statements flow through: OCF, cash, and the balance sheet still balances.
    assert change["operating_cash_flow"] == pytest.approx(
        change["net_income"] + year_end_release, abs=1e-3
    )
    debt_change = change["short_term_debt"] + change["long_term_debt"]
    assert change["cash"] == pytest.approx(
        change["operating_cash_flow"] - change["capital_expenditure"] + debt_change, abs=1e-3
    )
    imbalance = scenario["total_assets"] - scenario["total_liabilities"] - scenario["equity"]
    base_frame = line_table(base)
    base_imbalance = (
        base_frame["total_assets"] - base_frame["total_liabilities"] - base_frame["equity"]
    )
    assert imbalance.loc[key] == pytest.approx(
        base_imbalance.loc[key], abs=1e-6 * base_frame.at[key, "total_assets"]
    )

    # The ROA bridge adds up.
    assert result.bridge["contribution"].sum() == pytest.approx(result.roa_change, abs=1e-12)


@pytest.mark.parametrize("company", COMPANIES)
def test_five_fewer_inventory_days_release_five_days_of_cogs(company):
    base = statements(company)
    key = latest(company)
    result = whatif(base, company, PRESETS["Cut their inventory by 5 days"])
    cogs = line_table(base).at[key, "cost_of_revenue"]
    assert result.value_after("dio") - result.value_before("dio") == pytest.approx(-5, abs=1e-6)
    assert result.cash_released == pytest.approx(5 / DAYS_PER_YEAR * cogs, rel=1e-9)
    assert result.cash_released_parts["inventory"] == pytest.approx(result.cash_released, rel=1e-12)
    # Nothing else moves in the income statement.
    assert result.value_after("net_margin") == result.value_before("net_margin")


def test_walmart_inventory_cut_frees_about_4_9_billion():
    result = whatif(statements("WMT"), "WMT", Levers(dio_days=-5))
    # Walmart fiscal 2015: cost of revenue $361B, so 5 days = $4.95B.
    assert result.cash_released == pytest.approx(5 / 365 * 361e9, rel=1e-9)
    assert (
        value_statement(result)
        == "Your offer frees $4.9B of cash tied in working capital for good and leaves ROA at 7.29%."
    )


def test_longer_payment_terms_and_faster_collection():
    base = statements("PG")
    key = latest("PG")
    items = line_table(base).loc[key]
    terms = whatif(base, "PG", PRESETS["Extend payment terms by 15 days"])
    assert terms.cash_released == pytest.approx(15 / 365 * items["cost_of_revenue"], rel=1e-9)
    collect = whatif(base, "PG", PRESETS["Collect their cash 5 days faster"])
    assert collect.cash_released == pytest.approx(5 / 365 * items["revenue"], rel=1e-9)
    assert collect.value_after("dso") - collect.value_before("dso") == pytest.approx(-5, abs=1e-6)


def test_cogs_cut_flows_through_at_the_effective_tax_rate():
    base = statements("WMT")
    key = latest("WMT")
    items = line_table(base).loc[key]
    rate = items["income_tax"] / items["pretax_income"]
    scenario = apply_levers(base, "WMT", PRESETS["Lower their COGS by 1%"])
    change = line_table(scenario.statements).loc[key] - items
    assert change["cost_of_revenue"] == pytest.approx(-0.01 * items["cost_of_revenue"])
    assert change["net_income"] == pytest.approx(0.01 * items["cost_of_revenue"] * (1 - rate))
    result = whatif(base, "WMT", PRESETS["Lower their COGS by 1%"])
    assert "lifts ROA by" in value_statement(result)


def test_paying_down_debt_with_freed_cash_lifts_roa():
    base = statements("WMT")
    stays = whatif(base, "WMT", Levers(dio_days=-5))
    repays = whatif(base, "WMT", Levers(dio_days=-5, repay_debt=True))
    assert stays.roa_change == pytest.approx(0, abs=1e-12)
    assert repays.roa_change > 0
    assert repays.cash_released == stays.cash_released
    step = repays.bridge.set_index("step")["contribution"]
    # The lever that freed the cash gets the credit; there is no "Debt repaid" step.
    assert "Debt repaid" not in step.index
    assert step["Working capital"] == pytest.approx(repays.roa_change, abs=1e-12)
    assert repays.debt_repaid > 0 and stays.debt_repaid == 0


def test_no_lever_repays_debt_so_no_step_credits_it():
    """Issue #10: the ROA bridge credited "Debt repaid" though no lever repaid debt."""
    result = whatif(statements("WMT"), "WMT", Levers(dio_days=-5))
    bridge = result.bridge.set_index("step")["contribution"]
    assert "Debt repaid" not in bridge.index
    assert bridge.abs().max() == pytest.approx(0, abs=1e-12)
    assert "repays debt" not in value_statement(result)


def test_the_cash_figures_reconcile_in_one_line():
    """Issue #10: "frees $712M" beside "Free cash flow +$1.4B": which one to quote?"""
    from acumen.analysis.whatif_text import cash_reconciliation
    from acumen.formatting import format_money

    base = statements("TGT")
    result = whatif(base, "TGT", Levers(dio_days=-5))
    table = result.table().set_index("metric")
    fcf_change = table.at["free_cash_flow", "change"]
    assert fcf_change == pytest.approx(result.year_end_release + result.recurring_cash)
    assert result.year_end_release == pytest.approx(2 * result.cash_released)  # prior year-end kept
    line = cash_reconciliation(result)
    lasting, fcf = format_money(result.cash_released), format_money(fcf_change)
    assert lasting == "$712M" and fcf == "$1.4B"
    assert line.startswith(
        f"Cash, reconciled: working capital frees {lasting} for good (quote this)"
    )
    assert f"free cash flow changes by +{fcf} = +{fcf} from working capital at the year-end" in line
    assert "$712M more than the lasting amount" in line and "timing effect" in line
    assert line.endswith("It stays in cash.")
    repaid = cash_reconciliation(whatif(base, "TGT", Levers(dio_days=-5, repay_debt=True)))
    assert "$1.4B of it repays debt." in repaid
    assert cash_reconciliation(whatif(base, "TGT", Levers())) == ""


def test_receivables_never_go_negative():
    base = statements("WMT")  # DSO is about 5 days
    result = whatif(base, "WMT", Levers(dso_days=-30))
    assert line_table(result.scenario).loc[latest("WMT"), "receivables"] >= 0
    assert any("below zero" in note for note in result.notes)
    assert result.value_after("dso") >= 0


def test_a_first_year_uses_year_end_balances():
    records = pd.DataFrame(
        [
            {
                "company": "ONE",
                "fiscal_year": 2023,
                "revenue": 1000.0,
                "cost_of_revenue": 600.0,
                "gross_profit": 400.0,
                "sga": 200.0,
                "operating_income": 200.0,
                "pretax_income": 200.0,
                "income_tax": 50.0,
                "net_income": 150.0,
                "cash": 100.0,
                "receivables": 120.0,
                "inventory": 90.0,
                "current_assets": 310.0,
                "total_assets": 900.0,
                "payables": 60.0,
                "current_liabilities": 160.0,
                "total_liabilities": 400.0,
                "equity": 500.0,
                "operating_cash_flow": 180.0,
                "capital_expenditure": 50.0,
            }
        ]
    )
    one = build_statements(records, make_companies([{"id": "ONE", "name": "One Co"}]))
    result = whatif(one, "ONE", Levers(dio_days=-5))
    assert result.value_after("dio") - result.value_before("dio") == pytest.approx(-5, abs=1e-9)
    # With no prior year the year-end balance is the average: inventory falls by 5/365 × 600.
    assert result.cash_released == pytest.approx(5 / 365 * 600)
    assert line_table(result.scenario).at[("ONE", 2023), "inventory"] == pytest.approx(
        90 - 5 / 365 * 600
    )


def test_value_statement_wording():
    base = statements("WMT")
    lower = whatif(base, "WMT", Levers(price_pct=-2))
    assert "lowers ROA by" in value_statement(lower)
    absorbs = whatif(base, "WMT", Levers(dio_days=10))
    assert value_statement(absorbs).startswith("Your offer absorbs $")
    assert "EUR" not in value_statement(absorbs, "EUR") and "€" in value_statement(absorbs, "EUR")


def test_goal_row_and_summary():
    result = whatif(statements("WMT"), "WMT", Levers(dio_days=-5, cogs_pct=-1))
    assert lever_summary(result.levers) == "Cost of revenue per unit −1.0%; DIO −5 days"
    row = goal_row(result, value_statement(result), ticker="WMT", rank=4)
    assert row["driver"] == "return" and row["rank"] == 4 and row["goal"].startswith("Your offer")
    assert "DIO −5 days" in row["evidence"]


def test_waterfall_steps_sum_to_the_roa_change():
    result = whatif(
        statements("HD"),
        "HD",
        Levers(price_pct=1, volume_pct=2, cogs_pct=-1, dio_days=-5, repay_debt=True),
    )
    figure = roa_waterfall(result.value_before("roa"), result.bridge)
    trace = figure.data[0]
    assert isinstance(trace, go.Waterfall)
    assert list(trace.measure) == ["absolute"] + ["relative"] * len(result.bridge) + ["total"]
    relative = np.array(trace.y[1:-1], dtype="float64")
    assert relative.sum() == pytest.approx(result.roa_change, abs=1e-12)
    assert trace.y[-1] == pytest.approx(result.value_after("roa"), abs=1e-12)
    assert all(isinstance(x, str) for x in trace.x)


def test_zero_assets_value_statement_says_why_roa_is_na():
    """#16 item 7: "ROA is nan% today" for a client with zero assets."""
    from acumen.data.statements import build_statements, make_companies

    rows = pd.DataFrame(
        [
            {
                "company": "Z",
                "fiscal_year": y,
                "revenue": 100.0,
                "net_income": 5.0,
                "total_assets": 0.0,
            }
            for y in (2022, 2023)
        ]
    )
    zero = build_statements(rows, make_companies([{"id": "Z", "name": "Zero Co"}]))
    idle = value_statement(whatif(zero, "Z", Levers()))
    assert "nan" not in idle and idle.startswith(
        "Move a lever to price your offer in Zero Co's numbers: ROA can't be computed today ("
    )
    moved = value_statement(whatif(zero, "Z", Levers(price_pct=2)))
    assert "nan" not in moved and "leaves ROA unknown (n/a — " in moved
