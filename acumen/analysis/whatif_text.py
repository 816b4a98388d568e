"""What-if in words: the value statement, the cash reconciliation and the goal-summary row.

Cash, reconciled (:func:`cash_reconciliation`): this year's change in free cash flow is

    ΔFCF = year-end working-capital release + (Δnet income − Δcapex)

and the year-end release is k × the lasting release (``cash_released``), so with a reported
prior year-end half of it is a one-year timing effect of averaging.
"""

from __future__ import annotations

import numpy as np

from acumen.analysis.universe import join_sentences
from acumen.analysis.whatif import WhatIfResult
from acumen.analysis.whatif_scenario import lever_summary
from acumen.formatting import fiscal_label, format_money, format_na, points, possessive, say
from acumen.i18n import N_, _

CASH_EPSILON = 0.5
ROA_EPSILON = 5e-5


#: (cash freed > 0, part of it repays debt) -> the working-capital clause of the value statement.
RELEASE_CLAUSES: dict[tuple[bool, bool], str] = {
    (True, False): N_("frees {amount} of cash tied in working capital for good"),
    (True, True): N_(
        "frees {amount} of cash tied in working capital for good (this year {repaid} of it "
        "repays debt)"
    ),
    (False, False): N_("absorbs {amount} of cash tied in working capital for good"),
    (False, True): N_(
        "absorbs {amount} of cash tied in working capital for good (this year {repaid} of it "
        "repays debt)"
    ),
}


def _roa_clause(result: WhatIfResult) -> str:
    """What the levers do to ROA: ``lifts ROA by 0.40 points (3.90% → 4.30%)``."""
    before, after = result.value_before("roa"), result.value_after("roa")
    change = after - before
    pct = lambda value: say(value, "pct", decimals=2)  # noqa: E731
    if not np.isfinite(change):
        return _("leaves ROA unknown ({reason})").format(reason=format_na(_roa_reason(result)))
    if abs(change) < ROA_EPSILON:
        return _("leaves ROA at {roa}").format(roa=pct(before))
    text = (
        _("lifts ROA by {points} ({before} → {after})")
        if change > 0
        else _("lowers ROA by {points} ({before} → {after})")
    )
    return text.format(points=points(change), before=pct(before), after=pct(after))


def _roa_reason(result: WhatIfResult) -> str:
    key = (result.company, result.fiscal_year)
    return str(result.before.reasons.at[key, "roa"] or result.after.reasons.at[key, "roa"])


def value_statement(result: WhatIfResult, currency: str | None = None) -> str:
    """One sentence in the client's currency, e.g. "Your offer frees $312M of cash tied in
    working capital, adds $12.0M a year to free cash flow and lifts ROA by 0.40 points
    (3.90% → 4.30%)." Cash: :attr:`WhatIfResult.cash_released` (working capital) and
    :attr:`WhatIfResult.recurring_cash` (Δnet income − Δcapex, per year)."""
    currency = currency or result.currency
    parts = []
    released = result.cash_released
    if abs(released) >= CASH_EPSILON:
        clause = RELEASE_CLAUSES[(released > 0, result.debt_repaid >= CASH_EPSILON)]
        parts.append(
            _(clause).format(
                amount=format_money(abs(released), currency),
                repaid=format_money(result.debt_repaid, currency),
            )
        )
    recurring = result.recurring_cash
    if abs(recurring) >= CASH_EPSILON:
        clause = (
            _("adds {amount} a year to free cash flow")
            if recurring > 0
            else _("takes {amount} a year from free cash flow")
        )
        parts.append(clause.format(amount=format_money(abs(recurring), currency)))
    roa = _roa_clause(result)
    if not parts and result.levers.is_zero():
        before = result.value_before("roa")
        words = {"name_s": possessive(result.name), "name": result.name}
        if np.isfinite(before):
            return _(
                "Move a lever to price your offer in {name_s} numbers: ROA is {roa} today."
            ).format(roa=say(before, "pct", decimals=2), **words)
        return _(
            "Move a lever to price your offer in {name_s} numbers: ROA can't be computed today "
            "({reason})."
        ).format(reason=_roa_reason(result) or _("not computable"), **words)
    if not parts:
        return _("Your offer {roa}.").format(roa=roa)
    listed = (
        parts[0]
        if len(parts) == 1
        else _("{first}, {second}").format(first=parts[0], second=parts[1])
    )
    return _("Your offer {listed} and {roa}.").format(listed=listed, roa=roa)


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
    sentences = [
        _(
            "Cash, reconciled: working capital frees {lasting} for good (quote this); this year's "
            "free cash flow changes by {fcf} = {year_end} from working capital at the year-end "
            "{sign} {profit} from profit less capex."
        ).format(
            lasting=money(lasting),
            fcf=signed(fcf),
            year_end=signed(year_end),
            sign="+" if result.recurring_cash >= 0 else "−",
            profit=money(abs(result.recurring_cash)),
        )
    ]
    timing = year_end - lasting
    if abs(timing) >= CASH_EPSILON:
        sentences.append(
            _(
                "The year-end moves {timing} more than the lasting amount because this year's "
                "average balance still includes last year's reported year-end: a one-year timing "
                "effect."
            ).format(timing=money(timing))
        )
    repaid = result.debt_repaid
    if abs(year_end) >= CASH_EPSILON:
        if repaid >= CASH_EPSILON:
            rest = result.year_end_cash_change
            text = (
                _("{repaid} of it repays debt; {rest} stays in cash.")
                if abs(rest) >= CASH_EPSILON
                else _("{repaid} of it repays debt.")
            )
            sentences.append(text.format(repaid=money(repaid), rest=money(rest)))
        elif year_end > 0:
            sentences.append(_("It stays in cash."))
    return join_sentences(*sentences)


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
        "evidence": _("What-if on {period}: {levers}").format(
            period=result.fiscal_label or fiscal_label(result.fiscal_year),
            levers=lever_summary(result.levers),
        ),
        "trade_off": _("; ").join(result.notes),
        "seller_angle": _(
            "Price the offer by the value it creates in the client's own numbers, not by unit "
            "price."
        ),
        "questions": _("Which of these levers does the client track, and who owns it?"),
        "owner": "",
        "notes": "",
    }
