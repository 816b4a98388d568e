"""Reading a room's rows: the room, a seat, its teams, answer counts, the scoreboard, and
the refusals every room action shares (unknown room, closed room, not the facilitator)."""

from __future__ import annotations

import hmac

import pandas as pd
import sqlalchemy as sa

from acumen.errors import AcumenError
from acumen.i18n import _
from acumen.room.codes import SOURCE, normalise_code, token_hash
from acumen.store.migrations import (
    room_answers,
    room_participants,
    room_scores,
    room_teams,
    room_whatif_picks,
    rooms,
)
from acumen.teaching.quiz.model import LETTERS

SCOREBOARD_COLUMNS = ("rank", "team", "points", "answered", "members")


def find_room(connection: sa.Connection, code: str) -> sa.Row | None:
    """Room ``code``'s row (the code normalised), or None."""
    return connection.execute(
        sa.select(rooms).where(rooms.c.code == normalise_code(code))
    ).one_or_none()


def existing_room(connection: sa.Connection, code: str) -> sa.Row:
    """Room ``code``'s row; AcumenError when there is none."""
    room = find_room(connection, code)
    if room is None:
        raise unknown_room(code)
    return room


def facilitated_room(connection: sa.Connection, code: str, facilitator_token: str) -> sa.Row:
    """Room ``code``'s row when ``facilitator_token`` is its facilitator's; AcumenError else."""
    room = existing_room(connection, code)
    check_facilitator(room, facilitator_token)
    return room


def seat_of(connection: sa.Connection, room: sa.Row, participant_token: str) -> tuple[int, int]:
    """(participant id, team id) of the seat ``participant_token`` in ``room``."""
    row = connection.execute(
        sa.select(room_participants.c.id, room_participants.c.team_id).where(
            room_participants.c.room_id == room.id,
            room_participants.c.token_hash == token_hash(participant_token),
        )
    ).one_or_none()
    if row is None:
        raise AcumenError(
            _("this device has no seat in room {code}").format(code=room.code),
            source=_(SOURCE),
            fix=_("Join the room again with your team's name."),
        )
    return int(row[0]), int(row[1])


def team_table(connection: sa.Connection, room_id: int) -> pd.DataFrame:
    """team_id, team, members for every team of the room, in the order they were named."""
    query = (
        sa.select(
            room_teams.c.id,
            room_teams.c.name,
            sa.func.count(room_participants.c.id),
        )
        .outerjoin(room_participants, room_participants.c.team_id == room_teams.c.id)
        .where(room_teams.c.room_id == room_id)
        .group_by(room_teams.c.id, room_teams.c.name)
        .order_by(room_teams.c.id)
    )
    table = pd.DataFrame(connection.execute(query).all(), columns=["team_id", "team", "members"])
    return table.astype({"team_id": "int64", "team": "object", "members": "int64"})


def answer_counts(connection: sa.Connection, room_id: int, index: int, answer: str) -> pd.DataFrame:
    """team_id, answered, correct for question ``index`` (teams with an answer only)."""
    query = (
        sa.select(
            room_answers.c.team_id,
            sa.func.count().label("answered"),
            sa.func.sum(sa.case((room_answers.c.choice == answer, 1), else_=0)).label("correct"),
        )
        .where(room_answers.c.room_id == room_id, room_answers.c.question_index == index)
        .group_by(room_answers.c.team_id)
    )
    return pd.DataFrame(
        connection.execute(query).all(), columns=["team_id", "answered", "correct"]
    ).astype("int64")


def choice_counts(connection: sa.Connection, room_id: int, index: int) -> dict[str, int]:
    """How many seats picked each letter for question ``index`` (every letter, 0 when none)."""
    query = (
        sa.select(room_answers.c.choice, sa.func.count())
        .where(room_answers.c.room_id == room_id, room_answers.c.question_index == index)
        .group_by(room_answers.c.choice)
    )
    found = dict(connection.execute(query).all())
    return {letter: int(found.get(letter, 0)) for letter in LETTERS}


def scoreboard(connection: sa.Connection, room_id: int) -> list[dict]:
    """One row per team (:data:`SCOREBOARD_COLUMNS`): rank, team, points (correct answers
    over revealed questions + what-if round wins), answered, members; best first, ties share a rank (1 + the
    teams with more points) and are listed by name. One query; every screen reads it each
    second, so no DataFrame (a room has at most ``MAX_TEAMS`` teams)."""
    scores = (
        sa.select(
            room_scores.c.team_id,
            sa.func.sum(room_scores.c.answered).label("answered"),
            sa.func.sum(room_scores.c.correct).label("points"),
        )
        .where(room_scores.c.room_id == room_id)
        .group_by(room_scores.c.team_id)
        .subquery()
    )
    wins = (
        sa.select(
            room_whatif_picks.c.team_id, sa.func.sum(room_whatif_picks.c.points).label("wins")
        )
        .where(room_whatif_picks.c.room_id == room_id)
        .group_by(room_whatif_picks.c.team_id)
        .subquery()
    )
    members = (
        sa.select(room_participants.c.team_id, sa.func.count().label("members"))
        .where(room_participants.c.room_id == room_id)
        .group_by(room_participants.c.team_id)
        .subquery()
    )
    query = (
        sa.select(
            room_teams.c.name,
            sa.func.coalesce(scores.c.points, 0) + sa.func.coalesce(wins.c.wins, 0),
            sa.func.coalesce(scores.c.answered, 0),
            sa.func.coalesce(members.c.members, 0),
        )
        .outerjoin(scores, scores.c.team_id == room_teams.c.id)
        .outerjoin(wins, wins.c.team_id == room_teams.c.id)
        .outerjoin(members, members.c.team_id == room_teams.c.id)
        .where(room_teams.c.room_id == room_id)
    )
    rows = sorted(
        (
            (str(name), int(points), int(answered), int(count))
            for name, points, answered, count in connection.execute(query)
        ),
        key=lambda row: (-row[1], row[0]),
    )
    board, rank = [], 0
    for position, (name, points, answered, count) in enumerate(rows, start=1):
        if position == 1 or points != board[-1]["points"]:
            rank = position
        board.append(
            {"rank": rank, "team": name, "points": points, "answered": answered, "members": count}
        )
    return board


def same_token(stored_hash: str, token: object) -> bool:
    """Whether ``token`` hashes to ``stored_hash`` (constant-time comparison)."""
    return hmac.compare_digest(stored_hash, token_hash(token))


def check_facilitator(room: sa.Row, facilitator_token: str) -> None:
    """AcumenError unless ``facilitator_token`` is ``room``'s facilitator's."""
    if not facilitator_token or not same_token(room.facilitator_hash, facilitator_token):
        raise AcumenError(
            _("only the facilitator of room {code} can do this").format(code=room.code),
            source=_(SOURCE),
            fix=_("Use the browser that opened the room, or resume it with its facilitator key."),
        )


def unknown_room(code: object) -> AcumenError:
    shown = normalise_code(code) or _("(blank)")
    return AcumenError(
        _("there is no room {code}").format(code=shown),
        source=_(SOURCE),
        fix=_("Check the code on the facilitator's screen."),
    )


def closed_room(code: str) -> AcumenError:
    return AcumenError(
        _("room {code} is closed").format(code=code),
        source=_(SOURCE),
        fix=_("Ask the facilitator for the new room's code."),
    )
