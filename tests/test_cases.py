"""The designed teaching cases: lessons, accounting identities, tickers and loading."""

from __future__ import annotations

import importlib.util
import sys

import pandas as pd
import pytest

import acumen
from acumen.analysis.diagnosis import diagnose
from acumen.data.samples import CASES_DIR, SAMPLE_DIR
from acumen.data.schema import LINE_ITEMS

LESSONS = {
    "HHP": "cash_squeeze",
    "SEHW": "inventory_build",
    "ALFA": "growth_mode",
    "KEYF": "covenant_pressure",
    "SMTF": "margin_squeeze",
    "NWDV": "growth_vs_cash",
    "CPKG": "slow_collections",
}
#: Harbor's designed same-year competitors: no lesson of their own.
COMPETITORS = {"CEDR", "PINE", "BLUE"}
TOLERANCE = 1.0  # one currency unit


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return pd.read_csv(CASES_DIR / "statements.csv")


@pytest.fixture(scope="module")
def companies() -> pd.DataFrame:
    return pd.read_csv(CASES_DIR / "companies.csv", dtype=str)


@pytest.mark.parametrize(("ticker", "rule_id"), LESSONS.items())
def test_lesson_is_the_top_finding(ticker, rule_id):
    diagnosis = diagnose(acumen.load(f"sample:{ticker}"), ticker)
    assert diagnosis.findings[0].rule_id == rule_id, [
        (f.rule_id, f.severity) for f in diagnosis.findings
    ]
    assert diagnosis.fiscal_year == 2023


def test_secondary_lessons():
    keyf = {f.rule_id for f in diagnose(acumen.load("sample:KEYF"), "KEYF").findings}
    assert "deleverage" in keyf
    sehw = {f.rule_id for f in diagnose(acumen.load("sample:SEHW"), "SEHW").findings}
    assert "margin_squeeze" in sehw


def test_columns_and_shape(raw, companies):
    assert list(raw.columns) == ["company", "fiscal_year", "period_end", *LINE_ITEMS]
    assert list(companies.columns) == [
        "id",
        "name",
        "ticker",
        "currency",
        "sector",
        "industry",
        "source",
        "as_of",
    ]
    assert set(companies["id"]) == set(LESSONS) | COMPETITORS
    assert (companies["currency"] == "USD").all()
    assert (companies["source"] == "designed teaching case").all()
    assert (
        raw.groupby("company")["fiscal_year"]
        .apply(list)
        .map(lambda y: y == [2019, 2020, 2021, 2022, 2023])
        .all()
    )
    assert not raw[list(LINE_ITEMS)].isna().any().any()


def test_accounting_identities(raw):
    r = raw.sort_values(["company", "fiscal_year"]).reset_index(drop=True)
    near = lambda a, b: ((a - b).abs() <= TOLERANCE).all()  # noqa: E731
    assert near(r["total_assets"], r["total_liabilities"] + r["equity"])
    assert near(r["gross_profit"], r["revenue"] - r["cost_of_revenue"])
    other_opex = r["gross_profit"] - r["sga"] - r["rnd"] - r["operating_income"]
    assert (other_opex >= -TOLERANCE).all()
    assert near(r["pretax_income"], r["operating_income"] - r["interest_expense"])
    assert near(r["net_income"], r["pretax_income"] - r["income_tax"])
    assert (r["cash"] + r["receivables"] + r["inventory"] <= r["current_assets"] + TOLERANCE).all()
    assert (r["current_assets"] <= r["total_assets"]).all()
    assert (r["payables"] + r["short_term_debt"] <= r["current_liabilities"] + TOLERANCE).all()
    assert (r["current_liabilities"] <= r["total_liabilities"]).all()
    assert (r["capital_expenditure"] > 0).all() and (r["dividends_paid"] >= 0).all()
    assert (r["cash"] > 0).all() and (r["revenue"] > 0).all()
    same = r["company"].eq(r["company"].shift())
    rolled = r["retained_earnings"].shift() + r["net_income"] - r["dividends_paid"]
    assert near(r.loc[same, "retained_earnings"], rolled[same])


def test_fiscal_years_follow_compustat(raw):
    sehw = raw[raw["company"] == "SEHW"]
    assert sehw["period_end"].tolist()[0] == "2020-01-31"
    assert sehw["fiscal_year"].tolist()[0] == 2019
    loaded = acumen.load("sample:SEHW")
    assert list(loaded.index.get_level_values(1)) == [2019, 2020, 2021, 2022, 2023]


def test_tickers_do_not_collide_with_the_universe(companies):
    universe = pd.read_csv(SAMPLE_DIR / "nyse" / "nyse_securities.csv", dtype=str)
    assert not set(companies["ticker"]) & set(universe["Ticker Symbol"])


def test_load_case():
    statements = acumen.load("sample:HHP")
    assert statements.table.shape == (5, len(LINE_ITEMS))
    meta = statements.companies.loc["HHP"]
    assert meta["name"] == "Harbor Home Products" and meta["industry"] == "Household Products"


def test_generator_reproduces_the_committed_csv(raw):
    path = SAMPLE_DIR.parent / "tools" / "build_cases.py"
    spec = importlib.util.spec_from_file_location("build_cases", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    generated = module.statements_table()
    pd.testing.assert_frame_equal(
        generated[list(LINE_ITEMS)].reset_index(drop=True),
        raw[list(LINE_ITEMS)].astype("float64").reset_index(drop=True),
    )
