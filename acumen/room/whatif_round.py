"""What-if rounds in a live room: the facilitator pushes a company, a goal and lever bounds
instead of a quiz question; each team sets its levers on its own devices; the reveal runs the
what-if engine (:func:`acumen.analysis.whatif.whatif`, the Workshop page's numbers) on every
team's levers, ranks the teams and scores them.

Rules:

* One submission per team: the team's **last** submission before the reveal counts (any
  seat of the team may change it until then); after the reveal a submission is refused.
* Levers: price %, cost of revenue %, DSO, DIO and DPO days, each within the round's bounds,
  at most ``max_levers`` of them moved; the cash working capital frees repays debt
  (``repay_debt``), as in the Workshop's what-if round, so a smaller balance sheet shows in ROA.
* Score: goal ``roa`` → ROA after − ROA before; goal ``cash`` → cash released
  (:attr:`acumen.analysis.whatif.WhatIfResult.cash_released`). Rank = 1 + the teams with a
  higher score (ties share a rank); the team(s) ranked 1 earn 1 point on the scoreboard, as a
  what-if win does on the Workshop page. A team that submitted nothing is not ranked.
* Before the reveal nobody sees an outcome; a participant sees only their own team's levers,
  the facilitator only which teams submitted.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

import pandas as pd
import sqlalchemy as sa

from acumen.analysis.whatif import whatif
from acumen.analysis.whatif_scenario import Levers
from acumen.errors import AcumenError
from acumen.i18n import N_, _
from acumen.room.codes import SOURCE
from acumen.room.states import LOBBY, REVEALED
from acumen.store.migrations import room_whatif_picks, room_whatif_rounds

#: Goal -> its label (English msgid, shown through ``_()``).
GOALS: dict[str, str] = {"roa": N_("Lift ROA the most"), "cash": N_("Free the most cash")}
#: The levers a team may move in a room's what-if round, with their default bounds.
DEFAULT_BOUNDS: dict[str, tuple[float, float]] = {
    "price_pct": (-2.0, 2.0),
    "cogs_pct": (-2.0, 2.0),
    "dso_days": (-10.0, 10.0),
    "dio_days": (-10.0, 10.0),
    "dpo_days": (-10.0, 10.0),
}
DEFAULT_MAX_LEVERS = 2
#: Scores closer than this share a rank (ROA as a fraction; cash in currency units).
TIES = {"roa": 1e-6, "cash": 0.5}


def refusal(message: str, fix: str) -> AcumenError:
    return AcumenError(message, source=_(SOURCE), fix=fix)


def round_rules(
    goal: str, bounds: Mapping[str, tuple[float, float]] | None, max_levers: int
) -> dict:
    """The round's rules as stored: {"bounds": {lever: [low, high]}, "max_levers": n};
    AcumenError for an unknown goal or lever, low > high, or fewer than 1 lever."""
    if goal not in GOALS:
        raise refusal(
            _("a what-if round's goal is one of {goals}, not {goal}").format(
                goals=", ".join(GOALS), goal=goal
            ),
            _("Pick a goal."),
        )
    chosen = dict(DEFAULT_BOUNDS if bounds is None else bounds)
    unknown = sorted(set(chosen) - set(DEFAULT_BOUNDS))
    if unknown or not chosen or not 1 <= int(max_levers) <= len(chosen):
        raise refusal(
            _("a what-if round moves 1 to {count} of the levers {levers}").format(
                count=len(DEFAULT_BOUNDS), levers=", ".join(DEFAULT_BOUNDS)
            ),
            _("Choose the levers and how many a team may move."),
        )
    rules = {}
    for name, (low, high) in chosen.items():
        low, high = float(low), float(high)
        if not (math.isfinite(low) and math.isfinite(high) and low <= 0 <= high):
            raise refusal(
                _("the bounds of {lever} must surround 0, not {low} to {high}").format(
                    lever=name, low=low, high=high
                ),
                _("Choose a lowest value at or below 0 and a highest at or above 0."),
            )
        rules[name] = [low, high]
    return {"bounds": rules, "max_levers": int(max_levers)}


def checked_levers(values: Mapping[str, float], rules: Mapping) -> dict[str, float]:
    """``values`` as the round stores them (every allowed lever, 0 when not moved);
    AcumenError for an unknown lever, a value outside its bounds, or too many levers moved."""
    bounds = rules["bounds"]
    unknown = sorted(set(values) - set(bounds))
    if unknown:
        raise refusal(
            _("this round has no lever {lever}").format(lever=", ".join(unknown)),
            _("Set only the levers shown."),
        )
    levers = {name: float(values.get(name, 0.0) or 0.0) for name in bounds}
    for name, value in levers.items():
        low, high = bounds[name]
        if not (math.isfinite(value) and low <= value <= high):
            raise refusal(
                _("{lever} must be between {low} and {high}, not {value}").format(
                    lever=name, low=low, high=high, value=value
                ),
                _("Move the lever within its bounds."),
            )
    moved = sum(1 for value in levers.values() if value)
    if moved > rules["max_levers"]:
        raise refusal(
            _("this round lets a team move at most {count} levers, not {moved}").format(
                count=rules["max_levers"], moved=moved
            ),
            _("Set the other levers back to 0."),
        )
    return levers


def round_levers(values: Mapping[str, float]) -> Levers:
    """A team's stored levers as :class:`Levers`; the cash freed repays debt."""
    return Levers(**{name: float(value) for name, value in values.items()}, repay_debt=True)


def team_outcomes(
    statements: pd.DataFrame, company: str, goal: str, picks: Mapping[str, Mapping[str, float]]
) -> list[dict]:
    """One row per team that submitted (team -> levers), best first: team, levers,
    roa_before, roa_after, roa_change, cash_released, score, rank, points, notes — each
    from :func:`acumen.analysis.whatif.whatif` on ``statements`` (see the module doc)."""
    rows = []
    for team, values in picks.items():  # one engine run per team (at most MAX_TEAMS)
        result = whatif(statements, company, round_levers(values))
        before, after = result.value_before("roa"), result.value_after("roa")
        score = after - before if goal == "roa" else result.cash_released
        rows.append(
            {
                "team": team,
                "levers": dict(values),
                "roa_before": before,
                "roa_after": after,
                "roa_change": after - before,
                "cash_released": float(result.cash_released),
                "score": float(score) if math.isfinite(score) else None,
                "notes": list(result.notes),
            }
        )
    scores = [row["score"] for row in rows if row["score"] is not None]
    for row in rows:
        score = row["score"]
        row["rank"] = None if score is None else 1 + sum(s > score + TIES[goal] for s in scores)
        row["points"] = 1 if row["rank"] == 1 else 0
    return sorted(
        rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, str(r["team"]).casefold())
    )


# ---------------------------------------------------------------- reading a room's rounds


def latest_round(connection: sa.Connection, room_id: int) -> sa.Row | None:
    """The room's latest what-if round, or None."""
    return connection.execute(
        sa.select(room_whatif_rounds)
        .where(room_whatif_rounds.c.room_id == room_id)
        .order_by(room_whatif_rounds.c.round_index.desc())
        .limit(1)
    ).one_or_none()


def team_picks(connection: sa.Connection, room_id: int, index: int) -> dict[int, dict]:
    """team id -> the levers on record for round ``index``."""
    query = sa.select(room_whatif_picks.c.team_id, room_whatif_picks.c.levers).where(
        room_whatif_picks.c.room_id == room_id, room_whatif_picks.c.round_index == index
    )
    return {int(team): json.loads(levers) for team, levers in connection.execute(query)}


def public_round(round_: sa.Row, revealed: bool) -> dict:
    """What every screen may see of a round: number, company, name, goal, rules; the
    outcomes (all teams) only once ``revealed``."""
    return {
        "number": int(round_.round_index) + 1,
        "company": str(round_.company),
        "name": str(round_.name),
        "goal": str(round_.goal),
        "rules": json.loads(round_.bounds),
        "outcomes": json.loads(round_.outcomes) if revealed and round_.outcomes else None,
    }


def resumed_state(connection: sa.Connection, room_id: int) -> str:
    """The state a room goes on from after its latest revealed what-if round: the lobby
    (the first question is next) or a revealed question (the next one is)."""
    previous = latest_round(connection, room_id)
    return LOBBY if previous is None else str(previous.resume_state or REVEALED)
