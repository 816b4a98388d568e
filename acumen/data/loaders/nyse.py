"""The bundled NYSE fundamentals universe (448 S&P 500 companies, fiscal 2012–2016).

Quirks handled, not hidden:
- receivables come from ``Net Receivables`` (``Accounts Receivable`` is a cash-flow change);
- ``Capital Expenditures`` is negative in the file and stored as a positive outflow;
- the fiscal year comes from ``Period Ending`` (Compustat convention), never ``For Year``
  (one row says 1215);
- figures are kept exactly as the file gives them (3 significant digits).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from acumen.data.statements import build_statements, fiscal_year_of, make_companies

#: canonical item -> NYSE dataset column
NYSE_COLUMNS: dict[str, str] = {
    "revenue": "Total Revenue",
    "cost_of_revenue": "Cost of Revenue",
    "gross_profit": "Gross Profit",
    "sga": "Sales, General and Admin.",
    "rnd": "Research and Development",
    "operating_income": "Operating Income",
    "interest_expense": "Interest Expense",
    "pretax_income": "Earnings Before Tax",
    "income_tax": "Income Tax",
    "net_income": "Net Income",
    "depreciation_amortization": "Depreciation",
    "cash": "Cash and Cash Equivalents",
    "receivables": "Net Receivables",
    "inventory": "Inventory",
    "current_assets": "Total Current Assets",
    "total_assets": "Total Assets",
    "payables": "Accounts Payable",
    "current_liabilities": "Total Current Liabilities",
    "short_term_debt": "Short-Term Debt / Current Portion of Long-Term Debt",
    "long_term_debt": "Long-Term Debt",
    "total_liabilities": "Total Liabilities",
    "equity": "Total Equity",
    "retained_earnings": "Retained Earnings",
    "operating_cash_flow": "Net Cash Flow-Operating",
    "capital_expenditure": "Capital Expenditures",
}

#: The provider's own rounded ratios, kept for cross-checks: name -> column.
PRECOMPUTED_RATIOS: dict[str, str] = {
    "gross_margin": "Gross Margin",
    "operating_margin": "Operating Margin",
    "net_margin": "Profit Margin",
    "current_ratio": "Current Ratio",
    "quick_ratio": "Quick Ratio",
}

FUNDAMENTALS_FILE = "nyse_fundamentals_2012_2016.csv"
SECURITIES_FILE = "nyse_securities.csv"


def read_fundamentals(folder: Path) -> pd.DataFrame:
    raw = pd.read_csv(folder / FUNDAMENTALS_FILE)
    raw["period_end"] = pd.to_datetime(raw["Period Ending"], format="%m/%d/%Y")
    raw["fiscal_year"] = fiscal_year_of(raw["period_end"])
    raw["company"] = raw["Ticker Symbol"].astype(str)
    return raw


def load_universe(folder: Path) -> pd.DataFrame:
    """All 448 companies as canonical statements (source ``sample:all``)."""
    raw = read_fundamentals(folder)
    records = pd.DataFrame(
        {
            "company": raw["company"],
            "fiscal_year": raw["fiscal_year"],
            "period_end": raw["period_end"],
        }
    )
    for item, column in NYSE_COLUMNS.items():
        records[item] = pd.to_numeric(raw[column], errors="coerce")
    records["capital_expenditure"] = -records["capital_expenditure"]

    securities = pd.read_csv(folder / SECURITIES_FILE)
    securities = securities[securities["Ticker Symbol"].isin(set(records["company"]))]
    companies = make_companies(
        {
            "id": row["Ticker Symbol"],
            "name": row["Security"],
            "ticker": row["Ticker Symbol"],
            "currency": "USD",
            "sector": row["GICS Sector"],
            "industry": row["GICS Sub Industry"],
            "source": "NYSE fundamentals 2012–2016 (bundled)",
        }
        for row in securities.to_dict("records")
    )
    return build_statements(records, companies, source=FUNDAMENTALS_FILE, derive=False)


def precomputed_ratios(folder: Path) -> pd.DataFrame:
    """The dataset's own rounded ratios, indexed like the statements (for cross-checks)."""
    raw = read_fundamentals(folder).set_index(["company", "fiscal_year"]).sort_index()
    return (
        raw[list(PRECOMPUTED_RATIOS.values())]
        .rename(columns={v: k for k, v in PRECOMPUTED_RATIOS.items()})
        .astype("float64")
    )
