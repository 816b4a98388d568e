"""The metrics engine: definitions, identities, and the real universe cross-check."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acumen.analysis.catalog import METRIC_NAMES
from acumen.analysis.metrics import (
    AVERAGE_BASIS,
    YEAR_END_BASIS,
    compute_metrics,
    compute_metrics_with_reasons,
)
from acumen.data.loaders.nyse import precomputed_ratios
from acumen.data.samples import SAMPLE_DIR
from acumen.data.schema import LINE_ITEMS
from acumen.data.statements import build_statements, make_companies

positive = st.floats(min_value=1e3, max_value=1e12, allow_nan=False, allow_infinity=False)
# Zero or a normal magnitude: scaling by 2**±20 stays exact (subnormals would lose bits).
signed = st.floats(min_value=-1e11, max_value=1e11, allow_nan=False, allow_infinity=False).filter(
    lambda x: x == 0 or abs(x) >= 1e-6
)


def statements_from(rows: list[dict], company: str = "T") -> pd.DataFrame:
    records = pd.DataFrame(rows)
    records.insert(0, "company", company)
    return build_statements(
        records, make_companies([{"id": company, "name": company}]), derive=False
    )


def two_years(**overrides) -> pd.DataFrame:
    base = {
        "revenue": 1000.0,
        "cost_of_revenue": 600.0,
        "gross_profit": 400.0,
        "sga": 200.0,
        "rnd": 0.0,
        "operating_income": 200.0,
        "interest_expense": 20.0,
        "pretax_income": 180.0,
        "income_tax": 45.0,
        "net_income": 135.0,
        "depreciation_amortization": 50.0,
        "cash": 100.0,
        "receivables": 150.0,
        "inventory": 120.0,
        "current_assets": 400.0,
        "total_assets": 1000.0,
        "payables": 90.0,
        "current_liabilities": 250.0,
        "short_term_debt": 50.0,
        "long_term_debt": 250.0,
        "total_liabilities": 600.0,
        "equity": 400.0,
        "retained_earnings": 300.0,
        "operating_cash_flow": 180.0,
        "capital_expenditure": 60.0,
        "dividends_paid": 20.0,
    }
    first = dict(base, fiscal_year=2020)
    second = dict(base, fiscal_year=2021, **overrides)
    return statements_from([first, second])


def test_hand_computed_definitions():
    s = two_years(
        revenue=1200.0, total_assets=1200.0, inventory=180.0, equity=500.0, total_liabilities=700.0
    )
    m = compute_metrics(s).loc[("T", 2021)]
    assert m["net_margin"] == pytest.approx(135 / 1200)
    assert m["asset_turnover"] == pytest.approx(1200 / 1100)
    assert m["dio"] == pytest.approx(150 / 600 * 365)
    assert m["dso"] == pytest.approx(150 / 1200 * 365)
    assert m["dpo"] == pytest.approx(90 / 600 * 365)
    assert m["cash_conversion_cycle"] == pytest.approx(
        150 / 1200 * 365 + 150 / 600 * 365 - 90 / 600 * 365
    )
    assert m["roe"] == pytest.approx(135 / 450)
    assert m["tax_rate"] == pytest.approx(0.25)
    assert m["roic"] == pytest.approx(200 * 0.75 / ((400 + 300 + 500 + 300) / 2))
    assert m["free_cash_flow"] == pytest.approx(120)
    assert m["quick_ratio"] == pytest.approx((400 - 180) / 250)
    assert m["net_debt_to_ebitda"] == pytest.approx((300 - 100) / 250)
    assert m["revenue_growth"] == pytest.approx(0.2)
    assert m["revenue_cagr"] == pytest.approx(0.2)


def test_first_year_uses_year_end_values_and_is_labelled():
    result = compute_metrics_with_reasons(two_years())
    assert result.values.at[("T", 2020), "roa"] == pytest.approx(135 / 1000)
    assert result.average_basis[("T", 2020)] == YEAR_END_BASIS
    assert result.average_basis[("T", 2021)] == AVERAGE_BASIS
    assert result.reasons.at[("T", 2020), "revenue_growth"] == "no prior year"


def test_gap_year_breaks_growth_and_averages():
    rows = [
        dict(fiscal_year=2012, revenue=100.0, total_assets=50.0, net_income=5.0),
        dict(fiscal_year=2014, revenue=150.0, total_assets=70.0, net_income=6.0),
    ]
    result = compute_metrics_with_reasons(statements_from(rows))
    assert np.isnan(result.values.at[("T", 2014), "revenue_growth"])
    assert "gap" in result.reasons.at[("T", 2014), "revenue_growth"]
    assert result.values.at[("T", 2014), "asset_turnover"] == pytest.approx(150 / 70)
    assert result.average_basis[("T", 2014)] == YEAR_END_BASIS


@pytest.mark.parametrize(
    ("overrides", "metric", "reason"),
    [
        ({"inventory": np.nan}, "inventory_turnover", "no inventory reported"),
        ({"equity": -500.0}, "roe", "negative equity"),
        ({"revenue": 0.0}, "net_margin", "revenue is zero"),
        ({"net_income": -5.0}, "cash_conversion", "net income is not positive"),
        (
            {"capital_expenditure": 10.0},
            "cash_runway_months",
            "self-funding (free cash flow is not negative)",
        ),
        ({"interest_expense": 0.0}, "interest_coverage", "no interest expense"),
    ],
)
def test_uncomputable_metric_is_nan_with_reason(overrides, metric, reason):
    result = compute_metrics_with_reasons(two_years(**overrides))
    assert np.isnan(result.values.at[("T", 2021), metric])
    assert result.reasons.at[("T", 2021), metric] == reason


def test_runway_and_negative_pretax_tax_rate():
    m = compute_metrics(
        two_years(capital_expenditure=300.0, pretax_income=-10.0, income_tax=5.0)
    ).loc[("T", 2021)]
    assert m["cash_runway_months"] == pytest.approx(100 / (120 / 12))
    assert m["tax_rate"] == 0.0


def test_zero_prior_growth_is_nan_with_reason():
    s = statements_from([dict(fiscal_year=2020, revenue=0.0), dict(fiscal_year=2021, revenue=10.0)])
    result = compute_metrics_with_reasons(s)
    assert np.isnan(result.values.at[("T", 2021), "revenue_growth"])
    assert result.reasons.at[("T", 2021), "revenue_growth"] == "prior-year revenue is zero"


year_figures = st.fixed_dictionaries(
    {
        "revenue": positive,
        "net_income": signed,
        "total_assets": positive,
        "equity": signed,
        "cost_of_revenue": positive,
        "inventory": positive,
        "operating_cash_flow": signed,
    }
)


@settings(max_examples=150, deadline=None)
@given(st.lists(year_figures, min_size=1, max_size=5))
def test_identities_roa_and_dupont(years):
    s = statements_from([dict(f, fiscal_year=2010 + i) for i, f in enumerate(years)])
    m = compute_metrics(s)
    assert np.allclose(m["roa"], m["net_margin"] * m["asset_turnover"], rtol=1e-9, equal_nan=True)
    with_roe = m["roe"].notna() & m["equity_multiplier"].notna()
    dupont = m["net_margin"] * m["asset_turnover"] * m["equity_multiplier"]
    assert np.allclose(m.loc[with_roe, "roe"], dupont[with_roe], rtol=1e-9)
    assert not np.isinf(m.to_numpy()).any()


@settings(max_examples=60, deadline=None)
@given(st.lists(year_figures, min_size=2, max_size=5), st.integers(min_value=-20, max_value=20))
def test_scaling_by_power_of_two_changes_no_ratio(years, exponent):
    rows = [dict(f, fiscal_year=2010 + i) for i, f in enumerate(years)]
    scaled = [
        {k: (v * 2.0**exponent if k != "fiscal_year" else v) for k, v in r.items()} for r in rows
    ]
    a, b = compute_metrics(statements_from(rows)), compute_metrics(statements_from(scaled))
    from acumen.analysis.catalog import BY_NAME

    ratios = [n for n in METRIC_NAMES if BY_NAME[n].unit != "money"]
    pd.testing.assert_frame_equal(a[ratios], b[ratios], rtol=1e-12)


@given(positive, st.integers(min_value=2, max_value=8))
def test_growth_of_constant_series_is_zero(value, n_years):
    s = statements_from(
        [
            dict(fiscal_year=2000 + i, revenue=value, net_income=value, operating_cash_flow=value)
            for i in range(n_years)
        ]
    )
    m = compute_metrics(s)
    later = m.iloc[1:]
    for column in (
        "revenue_growth",
        "net_income_growth",
        "operating_cash_flow_growth",
        "revenue_cagr",
    ):
        assert (later[column] == 0).all(), column


def test_universe_has_no_inf_and_every_nan_has_a_reason(universe_metrics):
    values, reasons = universe_metrics.values, universe_metrics.reasons
    assert values.shape == (1781, len(METRIC_NAMES))
    assert not np.isinf(values.to_numpy()).any()
    assert ((values.isna()) == (reasons != "")).all().all()


def test_universe_matches_dataset_precomputed_ratios(universe_metrics):
    """The provider's rounded ratios drop the sign: compare magnitudes within ±1 point."""
    provider = precomputed_ratios(SAMPLE_DIR / "nyse").reindex(universe_metrics.values.index)
    disagreements = []
    compared = agreed = 0
    for metric in provider.columns:
        ours = universe_metrics.values[metric].abs() * 100
        theirs = provider[metric]
        both = ours.notna() & theirs.notna()
        close = (ours[both] - theirs[both]).abs() <= 1.0 + 1e-9
        compared += int(both.sum())
        agreed += int(close.sum())
        for key in close.index[~close]:
            disagreements.append(
                f"{key[0]} {key[1]} {metric}: ours {ours[key]:.2f} vs dataset {theirs[key]:.0f}"
            )
    print(f"\ncross-check: {agreed}/{compared} agree; disagreements:\n" + "\n".join(disagreements))
    assert compared > 5000
    assert agreed / compared >= 0.99


def test_statements_have_all_line_items_as_float(universe_statements):
    assert list(universe_statements.table.columns) == list(LINE_ITEMS)
    assert all(dtype == np.float64 for dtype in universe_statements.table.dtypes)
    assert universe_statements.index.is_unique and universe_statements.index.is_monotonic_increasing
