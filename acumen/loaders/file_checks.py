"""The totals checks (gross profit, balance sheet) and the costs printed in brackets."""

from __future__ import annotations

from typing import NamedTuple

#: Costs that annual reports often print in brackets; stored as positive amounts.
EXPENSE_ITEMS = (
    "cost_of_revenue",
    "sga",
    "rnd",
    "interest_expense",
    "income_tax",
    "depreciation_amortization",
    "capital_expenditure",
    "dividends_paid",
)


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


class TotalCheck(NamedTuple):
    """total ≈ first + sign × second, within 1% of ``scale``; else ``wording`` and ``fix``."""

    total: str
    first: str
    sign: int
    second: str
    scale: str
    wording: str
    fix: str


TOTAL_CHECKS = (
    TotalCheck(
        "gross_profit",
        "revenue",
        -1,
        "cost_of_revenue",
        "revenue",
        "gross profit {total} does not match revenue {a} − cost of revenue {b} = {expected}",
        "Check the three figures for that year (a typo or a different unit?).",
    ),
    TotalCheck(
        "total_assets",
        "total_liabilities",
        +1,
        "equity",
        "total_assets",
        "total assets {total} do not match total liabilities {a} + equity {b} = {expected}",
        "Check the three figures for that year (is minority interest left out?).",
    ),
)
