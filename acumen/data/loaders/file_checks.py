"""The totals checks (gross profit, balance sheet), the costs printed in brackets, and the
bounds of a figure: refused beyond MAX_FIGURE, a note outside PLAUSIBILITY."""

from __future__ import annotations

import math
from typing import NamedTuple

from acumen.i18n import N_

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


#: Largest magnitude of a figure in full units (after the unit): beyond it, refused.
MAX_FIGURE = 1e18


def format_figure(value: float) -> str:
    """``1,234.5``; ``1.235e+17`` from 1e15 on (a message never echoes 300 digits)."""
    if not math.isfinite(value) or abs(value) >= 1e15:
        return f"{value:.4g}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


class Plausible(NamedTuple):
    """A note when ``item`` (divided by ``per`` when given) is outside [low, high]."""

    item: str
    per: str | None
    low: float
    high: float
    wording: str
    fix: str


_SIGN_FIX = N_("Check the sign and the unit of that figure; metrics that use it will mislead.")
_MARGIN_FIX = N_("Check the figure and revenue for that year (a typo or a different unit?).")

#: Figures that load, with a note, though no real company reports them.
PLAUSIBILITY = (
    Plausible("revenue", None, 0.0, math.inf, N_("revenue is negative"), _SIGN_FIX),
    Plausible("total_assets", None, 0.0, math.inf, N_("total assets are negative"), _SIGN_FIX),
    Plausible("inventory", None, 0.0, math.inf, N_("inventory is negative"), _SIGN_FIX),
    Plausible(
        "gross_profit", "revenue", -10.0, 10.0, N_("gross margin is beyond ±1,000%"), _MARGIN_FIX
    ),
    Plausible(
        "operating_income",
        "revenue",
        -10.0,
        10.0,
        N_("operating margin is beyond ±1,000%"),
        _MARGIN_FIX,
    ),
    Plausible(
        "net_income", "revenue", -10.0, 10.0, N_("net margin is beyond ±1,000%"), _MARGIN_FIX
    ),
)


class TotalCheck(NamedTuple):
    """total ≈ first + sign × second, within 1% of ``scale``; else ``wording`` and ``fix``
    (msgids, translated where the check fails)."""

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
        N_("gross profit {total} does not match revenue {a} − cost of revenue {b} = {expected}"),
        N_("Check the three figures for that year (a typo or a different unit?)."),
    ),
    TotalCheck(
        "total_assets",
        "total_liabilities",
        +1,
        "equity",
        "total_assets",
        N_("total assets {total} do not match total liabilities {a} + equity {b} = {expected}"),
        N_("Check the three figures for that year (is minority interest left out?)."),
    ),
)
