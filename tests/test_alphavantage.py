"""The Alpha Vantage loader on the bundled IBM history (fiscal 2009–2023)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from acumen.data.loaders.alphavantage import load_alphavantage, parse_value
from acumen.data.schema import LINE_ITEMS
from acumen.errors import AcumenError

SAMPLE = Path(__file__).resolve().parents[1] / "sample_financials" / "alphavantage"


@pytest.fixture(scope="module")
def ibm() -> pd.DataFrame:
    return load_alphavantage(SAMPLE)


def value(statements: pd.DataFrame, year: int, item: str, company: str = "IBM-15Y") -> float:
    return float(statements.table.loc[(company, year), item])


def test_fifteen_fiscal_years(ibm: pd.DataFrame) -> None:
    assert list(ibm.index) == [("IBM-15Y", year) for year in range(2009, 2024)]
    assert ibm.period_end.loc[("IBM-15Y", 2023)] == pd.Timestamp("2023-12-31")
    assert list(ibm.table.columns) == list(LINE_ITEMS)
    assert all(dtype == "float64" for dtype in ibm.table.dtypes)


def test_values_from_the_json(ibm: pd.DataFrame) -> None:
    assert value(ibm, 2023, "revenue") == 61_860_000_000
    assert value(ibm, 2009, "revenue") == 95_758_000_000
    assert value(ibm, 2023, "net_income") == 7_502_000_000
    assert value(ibm, 2022, "income_tax") == -626_000_000
    assert value(ibm, 2023, "total_assets") == 135_241_000_000
    assert value(ibm, 2023, "equity") == 22_533_000_000
    assert value(ibm, 2023, "operating_cash_flow") == 13_931_000_000
    # the balance-sheet line, not Alpha Vantage's currentDebt
    assert value(ibm, 2023, "short_term_debt") == 6_426_000_000
    assert value(ibm, 2023, "long_term_debt") == 50_121_000_000


def test_depreciation_is_the_cash_flow_total(ibm: pd.DataFrame) -> None:
    # income statement: depreciation 2,109 + depreciationAndAmortization 2,287 = 4,396 million
    assert value(ibm, 2023, "depreciation_amortization") == 4_396_000_000
    assert value(ibm, 2009, "depreciation_amortization") == 3_773_000_000 + 1_221_000_000


def test_capex_and_dividends_positive(ibm: pd.DataFrame) -> None:
    assert value(ibm, 2023, "capital_expenditure") == 1_245_000_000
    assert value(ibm, 2009, "dividends_paid") == 2_860_000_000
    assert (ibm.table["capital_expenditure"] > 0).all()
    assert (ibm.table["dividends_paid"] > 0).all()


def test_none_string_is_missing(ibm: pd.DataFrame) -> None:
    # longTermDebtNoncurrent is "None" for 2009; the lower-priority longTermDebt is not mixed in
    assert math.isnan(value(ibm, 2009, "long_term_debt"))
    assert value(ibm, 2010, "long_term_debt") == 21_846_000_000


def test_metadata(ibm: pd.DataFrame) -> None:
    company = ibm.companies.loc["IBM-15Y"]
    assert company["name"] == "IBM (15-year history, Alpha Vantage)"
    assert company["ticker"] == "IBM"
    assert company["currency"] == "USD"
    assert company["source"] == "Alpha Vantage"
    assert company["as_of"] == "recorded fixture"


def test_balance_sheet_only_year_is_dropped_with_warning(ibm: pd.DataFrame) -> None:
    assert 2008 not in ibm.index.get_level_values("fiscal_year")
    assert any("balance sheet for fiscal 2008 dropped" in w for w in list(ibm.warnings))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("123", 123.0),
        ("-5", -5.0),
        ("1.5", 1.5),
        ("1,234", 1234.0),
        ("None", None),
        ("", None),
        (None, None),
        ("n/a", None),
    ],
)
def test_parse_value(raw: object, expected: float | None) -> None:
    parsed = parse_value(raw)
    assert math.isnan(parsed) if expected is None else parsed == expected


def write_reports(folder: Path, stem: str, reports: dict[str, list[dict]]) -> None:
    names = {"income": "income_statement", "balance": "balance_sheet", "cashflow": "cash_flow"}
    for name, file in names.items():
        data = {"symbol": stem.upper(), "annualReports": reports[name], "quarterlyReports": []}
        (folder / f"{stem}_{file}.json").write_text(json.dumps(data), encoding="utf-8")


def test_other_company_currency_signs_and_missing(tmp_path: Path) -> None:
    def report(date: str, **figures: str) -> dict:
        return {"fiscalDateEnding": date, "reportedCurrency": "EUR", **figures}

    write_reports(
        tmp_path,
        "abc",
        {
            "income": [
                report("2023-03-31", totalRevenue="None", netIncome="5"),
                report("2022-03-31", totalRevenue="90", netIncome="4"),
            ],
            "balance": [
                report("2023-03-31", totalAssets="200"),
                report("2022-03-31", totalAssets="None"),
            ],
            "cashflow": [report("2023-03-31", capitalExpenditures="-7", dividendPayout="-2")],
        },
    )
    statements = load_alphavantage(tmp_path, "abc", company_id="ABC")
    assert list(statements.index) == [("ABC", 2021), ("ABC", 2022)]  # March year-ends
    assert math.isnan(value(statements, 2022, "revenue", "ABC"))
    assert value(statements, 2021, "revenue", "ABC") == 90
    assert value(statements, 2022, "capital_expenditure", "ABC") == 7
    assert value(statements, 2022, "dividends_paid", "ABC") == 2
    assert math.isnan(value(statements, 2021, "total_assets", "ABC"))
    company = statements.companies.loc["ABC"]
    assert company["currency"] == "EUR"
    assert company["name"] == "ABC (2-year history, Alpha Vantage)"


def test_missing_file_is_an_acumen_error(tmp_path: Path) -> None:
    with pytest.raises(AcumenError, match="ibm_income_statement.json"):
        load_alphavantage(tmp_path)


def test_file_without_annual_reports_is_an_acumen_error(tmp_path: Path) -> None:
    write_reports(tmp_path, "ibm", {"income": [], "balance": [], "cashflow": []})
    with pytest.raises(AcumenError, match="no annualReports"):
        load_alphavantage(tmp_path)
