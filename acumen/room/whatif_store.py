"""A room's what-if rounds in the database: push, submit, reveal (the rules are in
:mod:`acumen.room.whatif_round`). Each action takes the room's lock first
(:meth:`acumen.room.store.RoomStore.lock`), so a submission lands either before the reveal
(and counts) or after it (and is refused)."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd
import sqlalchemy as sa

from acumen.analysis.company_meta import company_currency
from acumen.i18n import _
from acumen.room.states import CLOSED, QUESTION, WHATIF, WHATIF_REVEALED
from acumen.room.store import RoomStore
from acumen.room.tables import closed_room, seat_of
from acumen.room.whatif_round import (
    DEFAULT_MAX_LEVERS,
    checked_levers,
    latest_round,
    refusal,
    round_rules,
    team_outcomes,
    team_picks,
)
from acumen.store.migrations import room_teams, room_whatif_picks, room_whatif_rounds, rooms


class RoomWhatIf:
    """What-if rounds of the rooms in ``store``'s database."""

    def __init__(self, store: RoomStore) -> None:
        self.store = store

    def push(
        self,
        code: str,
        facilitator_token: str,
        statements: pd.DataFrame,
        company: str,
        goal: str,
        bounds: Mapping[str, tuple[float, float]] | None = None,
        max_levers: int = DEFAULT_MAX_LEVERS,
    ) -> int:
        """Open a what-if round on ``company`` (a company of ``statements``) with ``goal``
        (``roa`` or ``cash``) instead of the next question; its number (1-based). Only from
        the lobby or a revealed question or round."""
        rules = round_rules(goal, bounds, max_levers)
        meta = statements.companies
        if company not in meta.index:
            raise refusal(
                _("company {company} is not among the room's companies").format(company=company),
                _("Pick one of the room's companies."),
            )
        name = str(meta.at[company, "name"] or company)
        rules["currency"] = company_currency(statements, company)
        with self.store.engine.begin() as connection:
            room = self.store.facilitator_lock(connection, code, facilitator_token)
            if room.state == CLOSED:
                raise closed_room(room.code)
            if room.state in (QUESTION, WHATIF):
                raise refusal(
                    _("a question or what-if round is still open in room {code}").format(
                        code=room.code
                    ),
                    _("Reveal it first, then push the what-if round."),
                )
            previous = latest_round(connection, room.id)
            resume = room.state
            if room.state == WHATIF_REVEALED:
                resume = previous.resume_state
            index = 0 if previous is None else int(previous.round_index) + 1
            connection.execute(
                sa.insert(room_whatif_rounds).values(
                    room_id=room.id,
                    round_index=index,
                    company=company,
                    name=name,
                    goal=goal,
                    bounds=json.dumps(rules),
                    resume_state=resume,
                    started_at=self.store.now_text(),
                )
            )
            connection.execute(sa.update(rooms).where(rooms.c.id == room.id).values(state=WHATIF))
            return index + 1

    def submit(
        self, code: str, participant_token: str, round_number: int, levers: Mapping[str, float]
    ) -> dict[str, float]:
        """Record the seat's team's levers for round ``round_number`` (1-based); the last
        submission before the reveal counts. The levers on record; refused after the reveal."""
        with self.store.engine.begin() as connection:
            room = self.store.lock(connection, code)
            participant_id, team_id = seat_of(connection, room, participant_token)
            current = latest_round(connection, room.id)
            index = int(round_number) - 1
            if current is None or index != int(current.round_index) or room.state != WHATIF:
                if current is not None and index <= int(current.round_index):
                    raise refusal(
                        _(
                            "the outcome of what-if round {number} has been revealed: levers "
                            "are closed"
                        ).format(number=round_number),
                        _("Wait for the next question or round."),
                    )
                raise refusal(
                    _("what-if round {number} is not open").format(number=round_number),
                    _("Set the levers of the round on screen now."),
                )
            values = checked_levers(levers, json.loads(current.bounds))
            where = (
                room_whatif_picks.c.room_id == room.id,
                room_whatif_picks.c.round_index == index,
                room_whatif_picks.c.team_id == team_id,
            )
            row = {
                "participant_id": participant_id,
                "levers": json.dumps(values),
                "submitted_at": self.store.now_text(),
            }
            changed = connection.execute(sa.update(room_whatif_picks).where(*where).values(**row))
            if changed.rowcount == 0:
                connection.execute(
                    sa.insert(room_whatif_picks).values(
                        room_id=room.id, round_index=index, team_id=team_id, **row
                    )
                )
            return values

    def reveal(self, code: str, facilitator_token: str, statements: pd.DataFrame) -> list[dict]:
        """Close the open round, compute each team's outcome with the what-if engine on
        ``statements`` (:func:`acumen.room.whatif_round.team_outcomes`), award the points;
        the outcome rows, best first."""
        with self.store.engine.begin() as connection:
            room = self.store.facilitator_lock(connection, code, facilitator_token)
            current = latest_round(connection, room.id)
            if room.state != WHATIF or current is None:
                raise refusal(
                    _("room {code} has no open what-if round to reveal ({state})").format(
                        code=room.code, state=room.state
                    ),
                    _("Push a what-if round first."),
                )
            index = int(current.round_index)
            names = dict(
                connection.execute(
                    sa.select(room_teams.c.id, room_teams.c.name).where(
                        room_teams.c.room_id == room.id
                    )
                ).all()
            )
            picks = team_picks(connection, room.id, index)
            by_name = {str(names[team]): levers for team, levers in picks.items()}
            outcomes = team_outcomes(statements, current.company, current.goal, by_name)
            ids = {str(name): team for team, name in names.items()}
            for row in outcomes:
                if row["points"]:
                    connection.execute(
                        sa.update(room_whatif_picks)
                        .where(
                            room_whatif_picks.c.room_id == room.id,
                            room_whatif_picks.c.round_index == index,
                            room_whatif_picks.c.team_id == ids[row["team"]],
                        )
                        .values(points=row["points"])
                    )
            connection.execute(
                sa.update(room_whatif_rounds)
                .where(room_whatif_rounds.c.id == current.id)
                .values(
                    outcomes=json.dumps(outcomes, ensure_ascii=False),
                    revealed_at=self.store.now_text(),
                )
            )
            connection.execute(
                sa.update(rooms).where(rooms.c.id == room.id).values(state=WHATIF_REVEALED)
            )
            return outcomes
