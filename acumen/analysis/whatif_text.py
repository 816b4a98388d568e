"""What-if in words: the value statement, the cash reconciliation and the goal-summary row.

Cash, reconciled (:func:`cash_reconciliation`): this year's change in free cash flow is

    ΔFCF = year-end working-capital release + (Δnet income − Δcapex)

and the year-end release is k × the lasting release (``cash_released``), so with a reported
prior year-end half of it is a one-year timing effect of averaging.
"""

from __future__ import annotations

import numpy as np

from acumen.analysis.whatif import WhatIfResult
from acumen.analysis.whatif_scenario import lever_summary
from acumen.formatting import fiscal_label, format_money, format_na, points, possessive, say

CASH_EPSILON = 0.5
ROA_EPSILON = 5e-5


def value_statement(result: WhatIfResult, currency: str | None = None) -> str:
    """One sentence in the client's currency, e.g. "Your offer frees $312M of cash tied in
    working capital, adds $12.0M a year to free cash flow and lifts ROA by 0.40 points
    (3.90% → 4.30%)." Cash: :attr:`WhatIfResult.cash_released` (working capital) and
    :attr:`WhatIfResult.recurring_cash` (Δnet income − Δcapex, per year)."""
    currency = currency or result.currency
    parts = []
    released = result.cash_released
    if abs(released) >= CASH_EPSILON:
        verb = "frees" if released > 0 else "absorbs"
        parts.append(
            f"{verb} {format_money(abs(released), currency)} of cash tied in working capital "
            "for good"
            + (
                f" (this year {format_money(result.debt_repaid, currency)} of it repays debt)"
                if result.debt_repaid >= CASH_EPSILON
                else ""
            )
        )
    recurring = result.recurring_cash
    if abs(recurring) >= CASH_EPSILON:
        verb = "adds" if recurring > 0 else "takes"
        direction = "to" if recurring > 0 else "from"
        parts.append(
            f"{verb} {format_money(abs(recurring), currency)} a year {direction} free cash flow"
        )
    before, after = result.value_before("roa"), result.value_after("roa")
    change = after - before
    key = (result.company, result.fiscal_year)
    why = str(result.before.reasons.at[key, "roa"] or result.after.reasons.at[key, "roa"])
    pct = lambda value: say(value, "pct", decimals=2)  # noqa: E731
    if not np.isfinite(change):
        roa = f"leaves ROA unknown ({format_na(why)})"
    elif abs(change) < ROA_EPSILON:
        roa = f"leaves ROA at {pct(before)}"
    else:
        verb = "lifts" if change > 0 else "lowers"
        roa = f"{verb} ROA by {points(change)} ({pct(before)} → {pct(after)})"
    if not parts and result.levers.is_zero():
        today = (
            f"ROA is {pct(before)} today"
            if np.isfinite(before)
            else f"ROA can't be computed today ({why or 'not computable'})"
        )
        return f"Move a lever to price your offer in {possessive(result.name)} numbers: {today}."
    listed = ", ".join(parts)
    return f"Your offer {listed + ' and ' if parts else ''}{roa}."


def cash_reconciliation(result: WhatIfResult) -> str:
    """One line that reconciles the cash figures: the lasting working-capital release, this
    year's free-cash-flow change (year-end release + Δnet income − Δcapex), the timing part
    (year-end release − lasting release) and where the cash goes ("" when nothing moves)."""
    money = lambda value: say(value, "money", result.currency)  # noqa: E731
    signed = lambda value: ("+" if value > 0 else "") + money(value)  # noqa: E731
    lasting, year_end = result.cash_released, result.year_end_release
    fcf = year_end + result.recurring_cash
    if max(abs(lasting), abs(year_end), abs(fcf)) < CASH_EPSILON:
        return ""
    text = (
        f"Cash, reconciled: working capital frees {money(lasting)} for good (quote this); this "
        f"year's free cash flow changes by {signed(fcf)} = {signed(year_end)} from working "
        f"capital at the year-end {'+' if result.recurring_cash >= 0 else '−'} "
        f"{money(abs(result.recurring_cash))} from profit less capex."
    )
    timing = year_end - lasting
    if abs(timing) >= CASH_EPSILON:
        text += (
            f" The year-end moves {money(timing)} more than the lasting amount because this "
            "year's average balance still includes last year's reported year-end: a one-year "
            "timing effect."
        )
    repaid = result.debt_repaid
    if abs(year_end) >= CASH_EPSILON:
        if repaid >= CASH_EPSILON:
            rest = result.year_end_cash_change
            text += f" {money(repaid)} of it repays debt" + (
                f"; {money(rest)} stays in cash." if abs(rest) >= CASH_EPSILON else "."
            )
        elif year_end > 0:
            text += " It stays in cash."
    return text


def goal_row(
    result: WhatIfResult, statement: str, ticker: str = "", rank: int | None = None
) -> dict:
    """A goal-summary row (acumen.reports.brief.GOAL_COLUMNS) carrying the value statement."""
    return {
        "company": result.name,
        "ticker": ticker or result.company,
        "fiscal_year": result.fiscal_year,
        "fiscal_label": result.fiscal_label or fiscal_label(result.fiscal_year),
        "rank": rank if rank is not None else "",
        "driver": "return",
        "goal": statement,
        "evidence": f"What-if on {result.fiscal_label or fiscal_label(result.fiscal_year)}: "
        f"{lever_summary(result.levers)}",
        "trade_off": "; ".join(result.notes),
        "seller_angle": "Price the offer by the value it creates in the client's own numbers, not by unit price.",
        "questions": "Which of these levers does the client track, and who owns it?",
        "owner": "",
        "notes": "",
    }
