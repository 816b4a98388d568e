"""A room's what-if rounds in the after-session materials (:mod:`acumen.room.materials`):
one results row per team per revealed round, each round's outcome ranking for the answer
key, each round's company and goal (never an outcome) for the handout.

The figures are those the reveal stored (:func:`acumen.room.whatif_round.team_outcomes`, the
what-if engine's numbers): outcome = the round's score in the unit a person reads —
goal ``roa``: ROA after − ROA before, in percentage points (× 100, 4 decimals); goal
``cash``: the cash released, in the company's currency (whole units).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import sqlalchemy as sa

from acumen.analysis.whatif_scenario import lever_summary
from acumen.display_text import html_text
from acumen.i18n import N_, _
from acumen.room.whatif_round import GOALS, public_round, round_levers
from acumen.store.migrations import room_whatif_rounds

#: The what-if columns of the results (after the quiz's; ``team`` and ``points`` shared).
WHATIF_COLUMNS = ("whatif_round", "company", "goal", "levers", "outcome", "unit", "rank")
#: Goal -> the unit of its outcome figure ({currency} filled for cash).
OUTCOME_UNITS = {
    "roa": N_("ROA change, percentage points"),
    "cash": N_("cash released, {currency}"),
}

#: The heading of the what-if section in the handout and the answer key.
ROUNDS_HEADING = N_("What-if rounds")


def played_rounds(connection: sa.Connection, room_id: int) -> list[dict]:
    """Every what-if round pushed in the room, in order (:func:`public_round`; ``outcomes``
    None until the round is revealed)."""
    query = (
        sa.select(room_whatif_rounds)
        .where(room_whatif_rounds.c.room_id == room_id)
        .order_by(room_whatif_rounds.c.round_index)
    )
    return [public_round(row, row.revealed_at is not None) for row in connection.execute(query)]


def round_company(round_: Mapping) -> str:
    """The round's company as read: "Walmart Inc. (WMT)", or the ticker alone."""
    name, ticker = str(round_["name"]), str(round_["company"])
    return ticker if name in ("", ticker) else f"{name} ({ticker})"


def levers_text(levers: Mapping[str, float]) -> str:
    """A team's levers in the active language ("DSO −5 days; cash freed repays debt")."""
    return lever_summary(round_levers(levers))


def outcome_figure(goal: str, outcome: Mapping) -> float | None:
    """The outcome row's figure (see the module doc); None when the engine gave no score."""
    if outcome.get("score") is None:
        return None
    if goal == "roa":
        return round(float(outcome["roa_change"]) * 100, 4)
    return float(round(float(outcome["cash_released"])))


def outcome_unit(round_: Mapping) -> str:
    """The unit of the round's outcome figures, in the active language."""
    currency = round_["rules"].get("currency", "USD")
    return _(OUTCOME_UNITS[round_["goal"]]).format(currency=currency)


def whatif_results(rounds: Sequence[Mapping]) -> pd.DataFrame:
    """One row per team per revealed round, best first: team, points and
    :data:`WHATIF_COLUMNS` (goal, levers and unit in the active language)."""
    rows = [
        {
            "team": outcome["team"],
            "points": int(outcome["points"]),
            "whatif_round": int(round_["number"]),
            "company": round_company(round_),
            "goal": _(GOALS[round_["goal"]]),
            "levers": levers_text(outcome["levers"]),
            "outcome": outcome_figure(round_["goal"], outcome),
            "unit": outcome_unit(round_),
            "rank": outcome["rank"],
        }
        for round_ in rounds
        for outcome in round_["outcomes"] or []
    ]
    return pd.DataFrame(rows, columns=["team", "points", *WHATIF_COLUMNS])


def handout_rounds(rounds: Sequence[Mapping]) -> list[str]:
    """The handout's what-if section: each round's number, company, goal and how many levers
    a team may move; never an outcome. Empty without rounds."""
    if not rounds:
        return []
    e = html_text
    body = [f"<h2>{e(_(ROUNDS_HEADING))}</h2>", '<section id="whatif-rounds">']
    for round_ in rounds:
        title = _("What-if round {number}: {company}").format(
            number=round_["number"], company=round_company(round_)
        )
        goal = _("Goal: {goal}").format(goal=_(GOALS[round_["goal"]]))
        levers = _("Each team moves at most {count} levers.").format(
            count=round_["rules"]["max_levers"]
        )
        body.append(
            f'<div class="q"><p><b>{e(title)}</b></p><p>{e(goal)}</p><p>{e(levers)}</p></div>'
        )
    body.append("</section>")
    return body


def key_rounds(rounds: Sequence[Mapping], headers: Mapping[str, str]) -> list[str]:
    """The answer key's what-if section: per revealed round its outcome ranking (rank, team,
    levers, outcome, points), best first; ``headers`` names the columns. Empty without one."""
    table = whatif_results(rounds)
    if table.empty:
        return []
    e = html_text
    columns = ("rank", "team", "levers", "outcome", "points")
    head = "".join(f"<th>{e(headers[c])}</th>" for c in columns)
    body = [f"<h2>{e(_(ROUNDS_HEADING))}</h2>", '<section id="whatif-outcomes">']
    for round_ in rounds:
        rows = table[table["whatif_round"] == round_["number"]]
        if rows.empty:
            continue
        title = _("What-if round {number}: {company}").format(
            number=round_["number"], company=round_company(round_)
        )
        goal = _("Goal: {goal}").format(goal=_(GOALS[round_["goal"]]))
        body.append(f"<h3>{e(title)}</h3><p>{e(goal)} ({e(outcome_unit(round_))})</p>")
        body.append(f"<table><tr>{head}</tr>")
        for row in rows.itertuples(index=False):
            cells = (
                "" if pd.isna(row.rank) else str(int(row.rank)),
                str(row.team),
                str(row.levers),
                "" if pd.isna(row.outcome) else f"{row.outcome:,.2f}",
                str(row.points),
            )
            body.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
        body.append("</table>")
    body.append("</section>")
    return body
