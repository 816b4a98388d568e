"""Piotroski F and Altman Z″: hand-computed examples, reasons for NaN, and the universe."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from acumen.analysis.scores import (
    NO_SHARE_COUNT,
    PIOTROSKI_COMPONENTS,
    altman_z_double_prime,
    piotroski,
    zone_of,
)
from acumen.data.statements import build_statements, make_companies


def statements(rows: list[dict], company: str = "T") -> pd.DataFrame:
    records = pd.DataFrame(rows)
    records.insert(0, "company", company)
    return build_statements(
        records, make_companies([{"id": company, "name": company}]), derive=False
    )


PRIOR = {
    "fiscal_year": 2021,
    "revenue": 1000.0,
    "cost_of_revenue": 600.0,
    "gross_profit": 400.0,
    "net_income": 50.0,
    "total_assets": 1000.0,
    "operating_cash_flow": 80.0,
    "long_term_debt": 300.0,
    "current_assets": 400.0,
    "current_liabilities": 200.0,
    "operating_income": 90.0,
    "retained_earnings": 100.0,
    "equity": 400.0,
    "total_liabilities": 600.0,
}
LATEST = {
    **PRIOR,
    "fiscal_year": 2022,
    "revenue": 1200.0,
    "cost_of_revenue": 700.0,
    "gross_profit": 500.0,
    "net_income": 80.0,
    "total_assets": 1100.0,
    "operating_cash_flow": 70.0,
    "long_term_debt": 350.0,
    "current_assets": 390.0,
    "current_liabilities": 230.0,
}


def test_piotroski_two_year_example():
    """ROA 0.05 -> 80/1050; CFO 70 < NI 80; leverage 0.30 -> 350/1050; CR 2.0 -> 1.70;
    gross margin 0.40 -> 0.417; asset turnover 1.00 -> 1.14."""
    result = piotroski(statements([PRIOR, LATEST]))
    latest = result.values.loc[("T", 2022)]
    expected = {
        "f_roa": 1,
        "f_cfo": 1,
        "f_delta_roa": 1,
        "f_accrual": 0,
        "f_delta_leverage": 0,
        "f_delta_current_ratio": 0,
        "f_delta_gross_margin": 1,
        "f_delta_asset_turnover": 1,
    }
    for component, value in expected.items():
        assert latest[component] == value, component
    assert np.isnan(latest["f_no_new_shares"])
    assert result.reasons.loc[("T", 2022), "f_no_new_shares"] == NO_SHARE_COUNT
    assert latest["f_score"] == 5
    assert latest["f_components_available"] == 8


def test_piotroski_first_year_has_no_changes():
    result = piotroski(statements([PRIOR, LATEST]))
    first = result.values.loc[("T", 2021)]
    assert first["f_roa"] == 1 and first["f_cfo"] == 1 and first["f_accrual"] == 1
    for component in (
        "f_delta_roa",
        "f_delta_leverage",
        "f_delta_current_ratio",
        "f_delta_gross_margin",
        "f_delta_asset_turnover",
    ):
        assert np.isnan(first[component])
        assert result.reasons.loc[("T", 2021), component] == "no prior year"
    assert first["f_score"] == 3 and first["f_components_available"] == 3


def test_piotroski_gap_year_is_not_a_prior_year():
    result = piotroski(statements([PRIOR, {**LATEST, "fiscal_year": 2023}]))
    row = result.values.loc[("T", 2023)]
    assert np.isnan(row["f_delta_roa"])
    assert result.reasons.loc[("T", 2023), "f_delta_roa"].startswith("no prior year")
    assert "gap" in result.reasons.loc[("T", 2023), "f_delta_roa"]


def test_piotroski_missing_long_term_debt_has_a_reason():
    result = piotroski(statements([PRIOR, {**LATEST, "long_term_debt": np.nan}]))
    assert np.isnan(result.values.loc[("T", 2022), "f_delta_leverage"])
    assert result.reasons.loc[("T", 2022), "f_delta_leverage"] == "no long-term debt reported"


def test_piotroski_missing_operating_cash_flow():
    result = piotroski(statements([PRIOR, {**LATEST, "operating_cash_flow": np.nan}]))
    assert np.isnan(result.values.loc[("T", 2022), "f_cfo"])
    assert result.reasons.loc[("T", 2022), "f_cfo"] == "no operating cash flow reported"
    assert result.values.loc[("T", 2022), "f_components_available"] == 6


ALTMAN = {
    "fiscal_year": 2022,
    "current_assets": 400.0,
    "current_liabilities": 200.0,
    "total_assets": 1000.0,
    "retained_earnings": 150.0,
    "operating_income": 100.0,
    "equity": 450.0,
    "total_liabilities": 550.0,
}


def test_altman_hand_computed():
    """X1 = 0.2, X2 = 0.15, X3 = 0.1, X4 = 450/550;
    Z″ = 1.312 + 0.489 + 0.672 + 0.859091 = 3.332091 (safe)."""
    result = altman_z_double_prime(statements([ALTMAN]))
    row = result.values.loc[("T", 2022)]
    assert row["x1"] == pytest.approx(0.2)
    assert row["x2"] == pytest.approx(0.15)
    assert row["x3"] == pytest.approx(0.1)
    assert row["x4"] == pytest.approx(450 / 550)
    assert row["z_double_prime"] == pytest.approx(3.3320909, abs=1e-6)
    assert row["zone"] == "safe"


def test_zone_boundaries():
    assert [zone_of(z) for z in (1.0999, 1.1, 2.6, 2.6001)] == ["distress", "grey", "grey", "safe"]
    assert zone_of(float("nan")) == ""


@pytest.mark.parametrize(
    ("z", "zone"), [(1.09, "distress"), (1.11, "grey"), (2.59, "grey"), (2.61, "safe")]
)
def test_altman_zones(z, zone):
    # retained earnings set so that Z″ hits z: Z″ = 3.299091 + 3.26 · RE / 1000 (others as above)
    base = 6.56 * 0.2 + 6.72 * 0.1 + 1.05 * (450 / 550)
    re = (z - base) / 3.26 * 1000
    result = altman_z_double_prime(statements([{**ALTMAN, "retained_earnings": re}]))
    assert result.values.loc[("T", 2022), "z_double_prime"] == pytest.approx(z)
    assert result.values.loc[("T", 2022), "zone"] == zone


@pytest.mark.parametrize(
    ("override", "component", "reason"),
    [
        ({"retained_earnings": np.nan}, "x2", "no retained earnings reported"),
        ({"total_liabilities": 0.0}, "x4", "total liabilities is zero"),
        ({"total_assets": 0.0}, "x3", "total assets is zero"),
        (
            {"current_assets": 0.0, "current_liabilities": 0.0},
            "x1",
            "no current assets/liabilities split (usual at banks)",
        ),
    ],
)
def test_altman_nan_with_reason(override, component, reason):
    result = altman_z_double_prime(statements([{**ALTMAN, **override}]))
    assert np.isnan(result.values.loc[("T", 2022), component])
    assert result.reasons.loc[("T", 2022), component] == reason
    assert np.isnan(result.values.loc[("T", 2022), "z_double_prime"])
    assert result.reasons.loc[("T", 2022), "z_double_prime"] != ""
    assert pd.isna(result.values.loc[("T", 2022), "zone"])


def test_universe_scores_have_no_inf_and_every_nan_has_a_reason(
    universe_statements, universe_metrics
):
    for result in (
        piotroski(universe_statements, universe_metrics),
        altman_z_double_prime(universe_statements),
    ):
        numeric = result.values.drop(columns=["zone"], errors="ignore").to_numpy(dtype="float64")
        assert not np.isinf(numeric).any()
        missing = np.isnan(numeric)
        reasons = result.reasons[
            result.values.drop(columns=["zone"], errors="ignore").columns
        ].to_numpy()
        assert (reasons[missing] != "").all()
        assert (reasons[~missing] == "").all()


def test_universe_f_score_within_available(universe_statements, universe_metrics):
    values = piotroski(universe_statements, universe_metrics).values
    assert (values["f_score"] >= 0).all()
    assert (values["f_score"] <= values["f_components_available"]).all()
    assert (
        values[list(PIOTROSKI_COMPONENTS)].isin([0.0, 1.0]).where(values.notna(), True).all().all()
    )
