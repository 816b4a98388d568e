"""Live rooms in the database: open, join, answer, advance, reveal, close and the two views.

Every change to a room starts by bumping its row's ``version`` (``UPDATE rooms ...``), which
takes the row's write lock in PostgreSQL and the database's in SQLite, so the changes to one
room are serialised: an answer lands either before the reveal (and is counted) or after it
(and is refused), and a seat count can't be overtaken by another join. The views read the
``version`` so a screen can tell that something changed.

Scores: each participant's correct answer earns their team a point; at the reveal the
question's answers and correct answers per team are written to ``room_scores``, and the
scoreboard adds them up.
"""

from __future__ import annotations

import hmac
import json
import math
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa

from acumen.errors import AcumenError
from acumen.room.codes import (
    SOURCE,
    clean_team_name,
    new_code,
    new_token,
    normalise_code,
    token_hash,
)
from acumen.room.payload import public_question, question_payload, revealed_question
from acumen.store.migrations import (
    room_answers,
    room_participants,
    room_scores,
    room_teams,
    rooms,
)
from acumen.teaching.quiz.model import LETTERS, Question

LOBBY, QUESTION, REVEALED, CLOSED = "lobby", "question", "revealed", "closed"
STATES = (LOBBY, QUESTION, REVEALED, CLOSED)
MAX_SEATS = 500
MAX_TEAMS = 50
MAX_QUESTIONS = 50
MAX_SECONDS = 900
SCOREBOARD_COLUMNS = ("rank", "team", "points", "answered", "members")
CODE_TRIES = 20


def utc_now() -> datetime:
    return datetime.now(UTC)


class RoomStore:
    """Live workshop rooms in a database (see :mod:`acumen.store.database`); ``clock``
    gives the time (injected by tests)."""

    def __init__(self, engine: sa.Engine, clock: Callable[[], datetime] = utc_now) -> None:
        self.engine = engine
        self.clock = clock

    # ------------------------------------------------------------ facilitator

    def open_room(
        self, questions: Sequence[Question | Mapping], seats: int, seconds: int = 0
    ) -> tuple[str, str]:
        """A new room in the lobby with ``questions`` and ``seats`` seats (``seconds`` per
        question, 0 for no countdown); its code and the facilitator's secret token."""
        payloads = [question_payload(q) for q in questions]
        if not 1 <= len(payloads) <= MAX_QUESTIONS:
            raise AcumenError(
                f"a room runs 1 to {MAX_QUESTIONS} questions, not {len(payloads)}",
                source=SOURCE,
                fix="Pick companies that give questions, or fewer questions.",
            )
        if not 1 <= int(seats) <= MAX_SEATS:
            raise AcumenError(
                f"a room has 1 to {MAX_SEATS} seats, not {seats}",
                source=SOURCE,
                fix="Choose the number of participants.",
            )
        token = new_token()
        now = self._now()
        values = {
            "facilitator_hash": token_hash(token),
            "state": LOBBY,
            "current": 0,
            "questions": json.dumps(payloads, ensure_ascii=False),
            "max_seats": int(seats),
            "seconds": max(0, min(int(seconds), MAX_SECONDS)),
            "version": 0,
            "created_at": now,
            "updated_at": now,
        }
        for _ in range(CODE_TRIES):
            code = new_code()
            try:
                with self.engine.begin() as connection:
                    connection.execute(sa.insert(rooms).values(code=code, **values))
            except sa.exc.IntegrityError:
                continue  # the code is taken: draw another
            return code, token
        raise AcumenError("no free room code was found", source=SOURCE, fix="Try again.")

    def advance(self, code: str, facilitator_token: str) -> str:
        """Lobby -> first question; revealed -> next question, or closed after the last.
        The new state; AcumenError while a question is still open or once closed."""
        with self.engine.begin() as connection:
            room = self._facilitator_room(connection, code, facilitator_token)
            total = len(json.loads(room.questions))
            if room.state == QUESTION:
                raise AcumenError(
                    f"question {room.current + 1} is still open",
                    source=SOURCE,
                    fix="Reveal the answer first, then move on.",
                )
            if room.state == CLOSED:
                raise _closed(room.code)
            current = 0 if room.state == LOBBY else room.current + 1
            if current >= total:
                state, current = CLOSED, room.current
            else:
                state = QUESTION
            connection.execute(
                sa.update(rooms)
                .where(rooms.c.id == room.id)
                .values(state=state, current=current, question_started_at=self._now())
            )
            return state

    def reveal(self, code: str, facilitator_token: str) -> dict:
        """Close the current question's answers, score them per team and show the answer;
        the revealed answer (letter, choice, explanation)."""
        with self.engine.begin() as connection:
            room = self._facilitator_room(connection, code, facilitator_token)
            if room.state != QUESTION:
                raise AcumenError(
                    f"room {room.code} has no open question to reveal ({room.state})",
                    source=SOURCE,
                    fix="Start the next question first.",
                )
            payload = json.loads(room.questions)[room.current]
            counts = self._answer_counts(connection, room.id, room.current, payload["answer"])
            counts = (
                _team_table(connection, room.id)[["team_id"]]
                .merge(counts, on="team_id", how="left")
                .fillna(0)
                .astype("int64")
            )
            rows = [
                {
                    "room_id": room.id,
                    "question_index": room.current,
                    "team_id": int(team_id),
                    "answered": int(answered),
                    "correct": int(correct),
                }
                for team_id, answered, correct in counts.itertuples(index=False, name=None)
            ]
            if rows:
                connection.execute(sa.insert(room_scores), rows)
            connection.execute(sa.update(rooms).where(rooms.c.id == room.id).values(state=REVEALED))
            return revealed_question(payload)

    def close(self, code: str, facilitator_token: str) -> None:
        """End the room: no more joins or answers; the scoreboard stays readable."""
        with self.engine.begin() as connection:
            room = self._facilitator_room(connection, code, facilitator_token)
            connection.execute(sa.update(rooms).where(rooms.c.id == room.id).values(state=CLOSED))

    def is_facilitator(self, code: str, facilitator_token: str) -> bool:
        """Whether ``facilitator_token`` is room ``code``'s (False for an unknown room)."""
        with self.engine.connect() as connection:
            room = _room(connection, code)
        return room is not None and _same(room.facilitator_hash, facilitator_token)

    def facilitator_view(self, code: str, facilitator_token: str) -> dict:
        """The facilitator's screen: state, question (its answer only once revealed),
        answers per team for the current question, seats and the scoreboard."""
        with self.engine.connect() as connection:
            room = _room(connection, code)
            if room is None:
                raise _unknown(code)
            _check_facilitator(room, facilitator_token)
            payloads = json.loads(room.questions)
            view = self._common(connection, room, payloads)
            live = room.state in (QUESTION, REVEALED)
            payload = payloads[room.current]
            counts = self._answer_counts(connection, room.id, room.current, payload["answer"])
            teams = _team_table(connection, room.id).merge(
                counts, how="left", left_on="team_id", right_on="team_id"
            )
            teams[["answered", "correct"]] = teams[["answered", "correct"]].fillna(0).astype(int)
            columns = ["team", "members", "answered"]
            if room.state == REVEALED:
                columns.append("correct")
            view["teams"] = teams[columns].to_dict("records") if live else []
            view["answered"] = int(teams["answered"].sum()) if live else 0
            view["participants"] = int(teams["members"].sum())
            view["seats"] = int(room.max_seats)
            if room.state == REVEALED:
                view["reveal"]["choice_counts"] = self._choice_counts(
                    connection, room.id, room.current
                )
            return view

    def results(self, code: str, facilitator_token: str) -> pd.DataFrame:
        """The facilitator's results: one row per team and revealed question (question
        number and text, answer key, answers, correct answers)."""
        with self.engine.connect() as connection:
            room = _room(connection, code)
            if room is None:
                raise _unknown(code)
            _check_facilitator(room, facilitator_token)
            payloads = json.loads(room.questions)
            scores = pd.DataFrame(
                connection.execute(
                    sa.select(
                        room_teams.c.name.label("team"),
                        room_scores.c.question_index,
                        room_scores.c.answered,
                        room_scores.c.correct,
                    )
                    .join(room_teams, room_teams.c.id == room_scores.c.team_id)
                    .where(room_scores.c.room_id == room.id)
                ).all(),
                columns=["team", "question_index", "answered", "correct"],
            )
        key = pd.DataFrame(
            {
                "question_index": range(len(payloads)),
                "question": [p["question"] for p in payloads],
                "answer": [p["answer"] for p in payloads],
            }
        )
        table = scores.merge(key, on="question_index", how="left")
        table.insert(1, "question_number", table["question_index"] + 1)
        table = table.drop(columns="question_index").sort_values(
            ["question_number", "team"], kind="stable"
        )
        return table[["team", "question_number", "question", "answer", "answered", "correct"]]

    def questions(self, code: str, facilitator_token: str) -> list[dict]:
        """The room's stored questions with their answers (for the answer key)."""
        with self.engine.connect() as connection:
            room = _room(connection, code)
            if room is None:
                raise _unknown(code)
            _check_facilitator(room, facilitator_token)
            return json.loads(room.questions)

    # ------------------------------------------------------------ participants

    def team_names(self, code: str) -> list[str]:
        """The teams already in room ``code``, in the order they were named."""
        with self.engine.connect() as connection:
            room = _room(connection, code)
            if room is None:
                raise _unknown(code)
            query = (
                sa.select(room_teams.c.name)
                .where(room_teams.c.room_id == room.id)
                .order_by(room_teams.c.id)
            )
            return list(connection.execute(query).scalars())

    def join(self, code: str, team_name: str) -> str:
        """Take a seat in room ``code`` on team ``team_name`` (created when new; names are
        matched ignoring case); the seat's secret token. A full or closed room refuses."""
        shown, name_key = clean_team_name(team_name)
        with self.engine.begin() as connection:
            room = self._lock(connection, code)
            if room.state == CLOSED:
                raise _closed(room.code)
            seated = connection.execute(
                sa.select(sa.func.count())
                .select_from(room_participants)
                .where(room_participants.c.room_id == room.id)
            ).scalar_one()
            if seated >= room.max_seats:
                raise AcumenError(
                    f"room {room.code} is full: all {room.max_seats} seats are taken",
                    source=SOURCE,
                    fix="Ask the facilitator for a room with more seats, or share a device with your team.",
                )
            team_id = connection.execute(
                sa.select(room_teams.c.id).where(
                    room_teams.c.room_id == room.id, room_teams.c.name_key == name_key
                )
            ).scalar_one_or_none()
            if team_id is None:
                teams = connection.execute(
                    sa.select(sa.func.count())
                    .select_from(room_teams)
                    .where(room_teams.c.room_id == room.id)
                ).scalar_one()
                if teams >= MAX_TEAMS:
                    raise AcumenError(
                        f"room {room.code} already has {MAX_TEAMS} teams",
                        source=SOURCE,
                        fix="Join one of the teams already there.",
                    )
                team_id = connection.execute(
                    sa.insert(room_teams).values(
                        room_id=room.id, name=shown, name_key=name_key, created_at=self._now()
                    )
                ).inserted_primary_key[0]
            token = new_token()
            connection.execute(
                sa.insert(room_participants).values(
                    room_id=room.id,
                    team_id=team_id,
                    token_hash=token_hash(token),
                    joined_at=self._now(),
                )
            )
            return token

    def answer(self, code: str, participant_token: str, question_index: int, choice: str) -> str:
        """Record the seat's answer to question ``question_index`` (0-based) and return the
        answer on record: a second submission changes nothing and returns the first. The team
        is the seat's own. Refused once the question is revealed, or when it is not open."""
        letter = str(choice or "").strip().upper()
        if letter not in LETTERS:
            raise AcumenError(
                f"an answer is one of {', '.join(LETTERS)}",
                source=SOURCE,
                fix="Pick one of the choices.",
            )
        with self.engine.begin() as connection:
            room = self._lock(connection, code)
            participant_id, team_id = _seat(connection, room, participant_token)
            number = int(question_index) + 1
            if room.state == REVEALED and int(question_index) == room.current:
                raise AcumenError(
                    f"the answer to question {number} has been revealed: answers are closed",
                    source=SOURCE,
                    fix="Wait for the next question.",
                )
            if room.state == CLOSED:
                raise _closed(room.code)
            if room.state != QUESTION or int(question_index) != room.current:
                raise AcumenError(
                    f"question {number} is not open",
                    source=SOURCE,
                    fix="Answer the question on screen now.",
                )
            where = (
                room_answers.c.room_id == room.id,
                room_answers.c.question_index == room.current,
                room_answers.c.participant_id == participant_id,
            )
            first = connection.execute(sa.select(room_answers.c.choice).where(*where)).scalar()
            if first is not None:
                return str(first)
            connection.execute(
                sa.insert(room_answers).values(
                    room_id=room.id,
                    question_index=room.current,
                    participant_id=participant_id,
                    team_id=team_id,
                    choice=letter,
                    answered_at=self._now(),
                )
            )
            return letter

    def participant_view(self, code: str, participant_token: str) -> dict:
        """A participant's screen, built from an allow-list: state, team, the question's text
        and choices, the seat's own answer, the scoreboard, and (only once revealed) the
        answer and explanation. Never the answer before the reveal."""
        with self.engine.connect() as connection:
            room = _room(connection, code)
            if room is None:
                raise _unknown(code)
            participant_id, team_id = _seat(connection, room, participant_token)
            payloads = json.loads(room.questions)
            view = self._common(connection, room, payloads)
            view["team"] = str(
                connection.execute(
                    sa.select(room_teams.c.name).where(room_teams.c.id == team_id)
                ).scalar_one()
            )
            mine = None
            if room.state in (QUESTION, REVEALED):
                mine = connection.execute(
                    sa.select(room_answers.c.choice).where(
                        room_answers.c.room_id == room.id,
                        room_answers.c.question_index == room.current,
                        room_answers.c.participant_id == participant_id,
                    )
                ).scalar()
            view["my_answer"] = None if mine is None else str(mine)
            if view["reveal"] is not None:
                view["reveal"]["you_were_right"] = view["my_answer"] == view["reveal"]["answer"]
            return view

    # ------------------------------------------------------------ internals

    def _now(self) -> str:
        return self.clock().astimezone(UTC).isoformat()

    def _lock(self, connection: sa.Connection, code: str) -> sa.Row:
        """Bump room ``code``'s version (its write lock) and read it; AcumenError if unknown."""
        done = connection.execute(
            sa.update(rooms)
            .where(rooms.c.code == normalise_code(code))
            .values(version=rooms.c.version + 1, updated_at=self._now())
        )
        if done.rowcount != 1:
            raise _unknown(code)
        return _room(connection, code)

    def _facilitator_room(
        self, connection: sa.Connection, code: str, facilitator_token: str
    ) -> sa.Row:
        room = _room(connection, code)
        if room is None:
            raise _unknown(code)
        _check_facilitator(room, facilitator_token)  # before any write
        return self._lock(connection, code)

    def _common(self, connection: sa.Connection, room: sa.Row, payloads: list[dict]) -> dict:
        """The fields both views share (allow-listed)."""
        live = room.state in (QUESTION, REVEALED)
        payload = payloads[room.current]
        return {
            "code": room.code,
            "state": room.state,
            "version": int(room.version),
            "number": room.current + 1 if live else None,
            "total": len(payloads),
            "question": public_question(payload) if live else None,
            "seconds": int(room.seconds),
            "seconds_left": self._seconds_left(room) if room.state == QUESTION else None,
            "reveal": revealed_question(payload) if room.state == REVEALED else None,
            "scoreboard": scoreboard(connection, room.id).to_dict("records"),
        }

    def _seconds_left(self, room: sa.Row) -> int | None:
        if room.seconds <= 0 or not room.question_started_at:
            return None
        started = datetime.fromisoformat(room.question_started_at)
        spent = (self.clock() - started).total_seconds()
        return max(int(math.ceil(room.seconds - spent)), 0)

    @staticmethod
    def _answer_counts(
        connection: sa.Connection, room_id: int, index: int, answer: str
    ) -> pd.DataFrame:
        """team_id, answered, correct for question ``index`` (teams with an answer only)."""
        query = (
            sa.select(
                room_answers.c.team_id,
                sa.func.count().label("answered"),
                sa.func.sum(sa.case((room_answers.c.choice == answer, 1), else_=0)).label(
                    "correct"
                ),
            )
            .where(room_answers.c.room_id == room_id, room_answers.c.question_index == index)
            .group_by(room_answers.c.team_id)
        )
        return pd.DataFrame(
            connection.execute(query).all(), columns=["team_id", "answered", "correct"]
        ).astype("int64")

    @staticmethod
    def _choice_counts(connection: sa.Connection, room_id: int, index: int) -> dict[str, int]:
        query = (
            sa.select(room_answers.c.choice, sa.func.count())
            .where(room_answers.c.room_id == room_id, room_answers.c.question_index == index)
            .group_by(room_answers.c.choice)
        )
        found = dict(connection.execute(query).all())
        return {letter: int(found.get(letter, 0)) for letter in LETTERS}


def scoreboard(connection: sa.Connection, room_id: int) -> pd.DataFrame:
    """One row per team: rank, team, points (correct answers over revealed questions),
    answered, members; best first, ties share a rank and are listed by name."""
    teams = _team_table(connection, room_id)
    scores = pd.DataFrame(
        connection.execute(
            sa.select(
                room_scores.c.team_id,
                sa.func.sum(room_scores.c.answered).label("answered"),
                sa.func.sum(room_scores.c.correct).label("points"),
            )
            .where(room_scores.c.room_id == room_id)
            .group_by(room_scores.c.team_id)
        ).all(),
        columns=["team_id", "answered", "points"],
    ).astype("int64")
    table = teams.merge(scores, on="team_id", how="left")
    table[["answered", "points"]] = table[["answered", "points"]].fillna(0).astype("int64")
    table = table.sort_values(["points", "team"], ascending=[False, True], kind="stable")
    table.insert(0, "rank", table["points"].rank(method="min", ascending=False).astype("int64"))
    return table[list(SCOREBOARD_COLUMNS)].reset_index(drop=True)


def _team_table(connection: sa.Connection, room_id: int) -> pd.DataFrame:
    """team_id, team, members for every team of the room."""
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


def _room(connection: sa.Connection, code: str) -> sa.Row | None:
    return connection.execute(
        sa.select(rooms).where(rooms.c.code == normalise_code(code))
    ).one_or_none()


def _seat(connection: sa.Connection, room: sa.Row, participant_token: str) -> tuple[int, int]:
    """(participant id, team id) of the seat ``participant_token`` in ``room``."""
    row = connection.execute(
        sa.select(room_participants.c.id, room_participants.c.team_id).where(
            room_participants.c.room_id == room.id,
            room_participants.c.token_hash == token_hash(participant_token),
        )
    ).one_or_none()
    if row is None:
        raise AcumenError(
            f"this device has no seat in room {room.code}",
            source=SOURCE,
            fix="Join the room again with your team's name.",
        )
    return int(row[0]), int(row[1])


def _same(stored_hash: str, token: object) -> bool:
    return hmac.compare_digest(stored_hash, token_hash(token))


def _check_facilitator(room: sa.Row, facilitator_token: str) -> None:
    if not facilitator_token or not _same(room.facilitator_hash, facilitator_token):
        raise AcumenError(
            f"only the facilitator of room {room.code} can do this",
            source=SOURCE,
            fix="Use the browser that opened the room, or resume it with its facilitator key.",
        )


def _unknown(code: object) -> AcumenError:
    shown = normalise_code(code) or "(blank)"
    return AcumenError(
        f"there is no room {shown}",
        source=SOURCE,
        fix="Check the code on the facilitator's screen.",
    )


def _closed(code: str) -> AcumenError:
    return AcumenError(
        f"room {code} is closed", source=SOURCE, fix="Ask the facilitator for the new room's code."
    )
