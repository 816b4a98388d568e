"""The two screens of a room, read from the database: the facilitator's and a participant's.

Both are built from allow-lists: a participant's view never holds the answer or the
explanation before the reveal (the question's text and choices only).
"""

from __future__ import annotations

import json
import math
from datetime import datetime

import sqlalchemy as sa

from acumen.room.payload import public_question, revealed_question
from acumen.room.states import (
    CLOSED,
    LIVE,
    LOBBY,
    QUESTION,
    REVEALED,
    WHATIF_LIVE,
    WHATIF_REVEALED,
)
from acumen.room.tables import (
    answer_counts,
    choice_counts,
    scoreboard,
    seat_of,
    team_table,
)
from acumen.room.whatif_round import latest_round, public_round, resumed_state, team_picks
from acumen.store.migrations import room_answers, room_teams


def seconds_left(room: sa.Row, now: datetime) -> int | None:
    """Whole seconds left on the open question's countdown, ⌈seconds − spent⌉ floored at 0;
    None without a countdown."""
    if room.seconds <= 0 or not room.question_started_at:
        return None
    spent = (now - datetime.fromisoformat(room.question_started_at)).total_seconds()
    return max(int(math.ceil(room.seconds - spent)), 0)


def common_view(connection: sa.Connection, room: sa.Row, now: datetime) -> dict:
    """The fields both screens share (allow-listed)."""
    payloads = json.loads(room.questions)
    live = room.state in LIVE
    payload = payloads[room.current]
    return {
        "code": room.code,
        "state": room.state,
        "version": int(room.version),
        "number": room.current + 1 if live else None,
        "total": len(payloads),
        "question": public_question(payload) if live else None,
        "seconds": int(room.seconds),
        "seconds_left": seconds_left(room, now) if room.state == QUESTION else None,
        "reveal": revealed_question(payload) if room.state == REVEALED else None,
        "scoreboard": scoreboard(connection, room.id),
        "whatif": whatif_view(connection, room),
    }


def whatif_view(connection: sa.Connection, room: sa.Row) -> dict | None:
    """The what-if round on screen (:func:`acumen.room.whatif_round.public_round`: its
    outcomes only once revealed), or None when no round is."""
    if room.state not in WHATIF_LIVE:
        return None
    return public_round(latest_round(connection, room.id), room.state == WHATIF_REVEALED)


#: What the facilitator's "next" button does (:func:`next_step`'s third item).
START, NEXT, FINISH = "start", "next", "finish"


def next_step(connection: sa.Connection, room: sa.Row) -> tuple[str, int, str]:
    """Where moving on goes from ``room`` (lobby, a revealed question or a revealed what-if
    round, which goes on from where it was pushed): (new state, question index, START |
    NEXT | FINISH). Past the last question the room closes and keeps its index."""
    previous = resumed_state(connection, room.id) if room.state == WHATIF_REVEALED else room.state
    current = 0 if previous == LOBBY else room.current + 1
    if current >= len(json.loads(room.questions)):
        return CLOSED, int(room.current), FINISH
    return QUESTION, current, START if previous == LOBBY else NEXT


def facilitator_view(connection: sa.Connection, room: sa.Row, now: datetime) -> dict:
    """The facilitator's screen: state, question (its answer only once revealed), answers
    per team for the current question, seats and the scoreboard."""
    view = common_view(connection, room, now)
    live = room.state in LIVE
    payload = json.loads(room.questions)[room.current]
    counts = answer_counts(connection, room.id, room.current, payload["answer"])
    teams = team_table(connection, room.id).merge(counts, how="left", on="team_id")
    teams[["answered", "correct"]] = teams[["answered", "correct"]].fillna(0).astype(int)
    columns = ["team", "members", "answered"]
    if room.state == REVEALED:
        columns.append("correct")
    view["teams"] = teams[columns].to_dict("records") if live else []
    view["answered"] = int(teams["answered"].sum()) if live else 0
    view["participants"] = int(teams["members"].sum())
    view["seats"] = int(room.max_seats)
    view["next"] = next_step(connection, room)[2] if room.state != CLOSED else None
    if room.state == REVEALED:
        view["reveal"]["choice_counts"] = choice_counts(connection, room.id, room.current)
    if view["whatif"] is not None:
        done = team_picks(connection, room.id, view["whatif"]["number"] - 1)
        teams["submitted"] = teams["team_id"].isin(list(done))
        view["whatif_teams"] = teams[["team", "members", "submitted"]].to_dict("records")
        view["submitted"] = len(done)
    return view


def participant_view(
    connection: sa.Connection, room: sa.Row, participant_token: str, now: datetime
) -> dict:
    """A participant's screen: state, team, the question's text and choices, the seat's own
    answer, the scoreboard, and (only once revealed) the answer and explanation."""
    participant_id, team_id = seat_of(connection, room, participant_token)
    view = common_view(connection, room, now)
    view["team"] = str(
        connection.execute(
            sa.select(room_teams.c.name).where(room_teams.c.id == team_id)
        ).scalar_one()
    )
    mine = None
    if room.state in LIVE:
        mine = connection.execute(
            sa.select(room_answers.c.choice).where(
                room_answers.c.room_id == room.id,
                room_answers.c.question_index == room.current,
                room_answers.c.participant_id == participant_id,
            )
        ).scalar()
    view["my_answer"] = None if mine is None else str(mine)
    view["my_levers"] = None
    if view["whatif"] is not None:  # the own team's levers only, never another team's
        picks = team_picks(connection, room.id, view["whatif"]["number"] - 1)
        view["my_levers"] = picks.get(team_id)
    if view["reveal"] is not None:
        view["reveal"]["you_were_right"] = view["my_answer"] == view["reveal"]["answer"]
    return view
