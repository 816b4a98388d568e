"""Canonical line items and company metadata: the shape of the statements table."""

from __future__ import annotations

INCOME_STATEMENT = (
    "revenue",
    "cost_of_revenue",
    "gross_profit",
    "sga",
    "rnd",
    "operating_income",
    "interest_expense",
    "pretax_income",
    "income_tax",
    "net_income",
    "depreciation_amortization",
)
BALANCE_SHEET = (
    "cash",
    "receivables",
    "inventory",
    "current_assets",
    "total_assets",
    "payables",
    "current_liabilities",
    "short_term_debt",
    "long_term_debt",
    "total_liabilities",
    "equity",
    "retained_earnings",
)
CASH_FLOW = ("operating_cash_flow", "capital_expenditure", "dividends_paid")

LINE_ITEMS: tuple[str, ...] = INCOME_STATEMENT + BALANCE_SHEET + CASH_FLOW
#: Items without which an analysis is incomplete: never reported as healthy.
CORE_ITEMS = ("revenue", "net_income", "total_assets")

#: Human labels used in messages and tables ("no inventory reported").
LINE_ITEM_LABELS: dict[str, str] = {
    "revenue": "revenue",
    "cost_of_revenue": "cost of revenue",
    "gross_profit": "gross profit",
    "sga": "SG&A",
    "rnd": "R&D",
    "operating_income": "operating income",
    "interest_expense": "interest expense",
    "pretax_income": "pretax income",
    "income_tax": "income tax",
    "net_income": "net income",
    "depreciation_amortization": "depreciation & amortization",
    "cash": "cash",
    "receivables": "receivables",
    "inventory": "inventory",
    "current_assets": "current assets",
    "total_assets": "total assets",
    "payables": "payables",
    "current_liabilities": "current liabilities",
    "short_term_debt": "short-term debt",
    "long_term_debt": "long-term debt",
    "total_liabilities": "total liabilities",
    "equity": "equity",
    "retained_earnings": "retained earnings",
    "operating_cash_flow": "operating cash flow",
    "capital_expenditure": "capital expenditure",
    "dividends_paid": "dividends paid",
}

#: Columns of the company metadata table kept in ``statements.attrs["companies"]``.
COMPANY_FIELDS = ("name", "ticker", "currency", "sector", "industry", "source", "as_of")

INDEX_NAMES = ("company", "fiscal_year")
