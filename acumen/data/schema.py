"""Canonical line items and company metadata: the shape of the statements table."""

from __future__ import annotations

from acumen.i18n import N_

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

#: Human labels used in messages and tables ("no inventory reported"); msgids, translated
#: with ``_()`` where shown.
LINE_ITEM_LABELS: dict[str, str] = {
    "revenue": N_("revenue"),
    "cost_of_revenue": N_("cost of revenue"),
    "gross_profit": N_("gross profit"),
    "sga": N_("SG&A"),
    "rnd": N_("R&D"),
    "operating_income": N_("operating income"),
    "interest_expense": N_("interest expense"),
    "pretax_income": N_("pretax income"),
    "income_tax": N_("income tax"),
    "net_income": N_("net income"),
    "depreciation_amortization": N_("depreciation & amortization"),
    "cash": N_("cash"),
    "receivables": N_("receivables"),
    "inventory": N_("inventory"),
    "current_assets": N_("current assets"),
    "total_assets": N_("total assets"),
    "payables": N_("payables"),
    "current_liabilities": N_("current liabilities"),
    "short_term_debt": N_("short-term debt"),
    "long_term_debt": N_("long-term debt"),
    "total_liabilities": N_("total liabilities"),
    "equity": N_("equity"),
    "retained_earnings": N_("retained earnings"),
    "operating_cash_flow": N_("operating cash flow"),
    "capital_expenditure": N_("capital expenditure"),
    "dividends_paid": N_("dividends paid"),
}

#: Columns of the company metadata table kept in ``statements.companies``.
COMPANY_FIELDS = ("name", "ticker", "currency", "sector", "industry", "source", "as_of")

INDEX_NAMES = ("company", "fiscal_year")
