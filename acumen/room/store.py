"""Live rooms in the database: open, join, answer, advance, reveal, close; the two screens
(:mod:`acumen.room.views`) and the materials (:mod:`acumen.room.materials`) read from it.

Every change to a room starts by bumping its row's ``version`` (``UPDATE rooms ...``), which
takes the row's write lock in PostgreSQL and the database's in SQLite, so the changes to one
room are serialised: an answer lands either before the reveal (and is counted) or after it
(and is refused), and a seat count can't be overtaken by another join. The views read the
``version`` so a screen can tell that something changed.

Scores: each participant's correct answer earns their team a point; at the reveal the
question's answers and correct answers per team are written to ``room_scores``, and the
scoreboard adds them up. When each question started and was revealed goes to
``room_rounds`` (the answer times in the results).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa

from acumen.errors import AcumenError
from acumen.i18n import _
from acumen.room import views
from acumen.room.codes import (
    SOURCE,
    clean_team_name,
    new_code,
    new_token,
    normalise_code,
    token_hash,
)
from acumen.room.materials import RoomMaterials, answer_log, results_table, room_materials
from acumen.room.payload import question_payload, revealed_question
from acumen.room.states import (
    CLOSED,
    LOBBY,
    MAX_QUESTIONS,
    MAX_SEATS,
    MAX_SECONDS,
    MAX_TEAMS,
    QUESTION,
    REVEALED,
    WHATIF,
)
from acumen.room.tables import (
    answer_counts,
    closed_room,
    existing_room,
    facilitated_room,
    find_room,
    same_token,
    seat_of,
    team_table,
    unknown_room,
)
from acumen.store.migrations import (
    room_answers,
    room_participants,
    room_rounds,
    room_scores,
    room_teams,
    rooms,
)
from acumen.teaching.quiz.model import LETTERS, Question

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
                _("a room runs 1 to {limit} questions, not {count}").format(
                    limit=MAX_QUESTIONS, count=len(payloads)
                ),
                source=_(SOURCE),
                fix=_("Pick companies that give questions, or fewer questions."),
            )
        if not 1 <= int(seats) <= MAX_SEATS:
            raise AcumenError(
                _("a room has 1 to {limit} seats, not {count}").format(
                    limit=MAX_SEATS, count=seats
                ),
                source=_(SOURCE),
                fix=_("Choose the number of participants."),
            )
        token = new_token()
        now = self.now_text()
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
        for _attempt in range(CODE_TRIES):
            code = new_code()
            try:
                with self.engine.begin() as connection:
                    connection.execute(sa.insert(rooms).values(code=code, **values))
            except sa.exc.IntegrityError:
                continue  # the code is taken: draw another
            return code, token
        raise AcumenError(_("no free room code was found"), source=_(SOURCE), fix=_("Try again."))

    def advance(self, code: str, facilitator_token: str) -> str:
        """Lobby -> first question; revealed -> next question, or closed after the last (a
        revealed what-if round goes on from where it was pushed). The new state; AcumenError
        while a question or what-if round is still open or once closed."""
        with self.engine.begin() as connection:
            room = self.facilitator_lock(connection, code, facilitator_token)
            if room.state in (QUESTION, WHATIF):
                raise AcumenError(
                    _("question {number} is still open").format(number=room.current + 1)
                    if room.state == QUESTION
                    else _("the what-if round is still open"),
                    source=_(SOURCE),
                    fix=_("Reveal the answer first, then move on."),
                )
            if room.state == CLOSED:
                raise closed_room(room.code)
            state, current, _step = views.next_step(connection, room)
            now = self.now_text()
            connection.execute(
                sa.update(rooms)
                .where(rooms.c.id == room.id)
                .values(state=state, current=current, question_started_at=now)
            )
            if state == QUESTION:
                connection.execute(
                    sa.insert(room_rounds).values(
                        room_id=room.id, question_index=current, started_at=now
                    )
                )
            return state

    def reveal(self, code: str, facilitator_token: str) -> dict:
        """Close the current question's answers, score them per team and show the answer;
        the revealed answer (letter, choice, explanation)."""
        with self.engine.begin() as connection:
            room = self.facilitator_lock(connection, code, facilitator_token)
            if room.state != QUESTION:
                raise AcumenError(
                    _("room {code} has no open question to reveal ({state})").format(
                        code=room.code, state=room.state
                    ),
                    source=_(SOURCE),
                    fix=_("Start the next question first."),
                )
            payload = json.loads(room.questions)[room.current]
            counts = answer_counts(connection, room.id, room.current, payload["answer"])
            counts = (
                team_table(connection, room.id)[["team_id"]]
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
            connection.execute(
                sa.update(room_rounds)
                .where(
                    room_rounds.c.room_id == room.id, room_rounds.c.question_index == room.current
                )
                .values(revealed_at=self.now_text())
            )
            return revealed_question(payload)

    def close(self, code: str, facilitator_token: str) -> None:
        """End the room: no more joins or answers; the scoreboard stays readable."""
        with self.engine.begin() as connection:
            room = self.facilitator_lock(connection, code, facilitator_token)
            connection.execute(sa.update(rooms).where(rooms.c.id == room.id).values(state=CLOSED))

    def is_facilitator(self, code: str, facilitator_token: str) -> bool:
        """Whether ``facilitator_token`` is room ``code``'s (False for an unknown room)."""
        with self.engine.connect() as connection:
            room = find_room(connection, code)
        return room is not None and same_token(room.facilitator_hash, facilitator_token)

    def facilitator_view(self, code: str, facilitator_token: str) -> dict:
        """The facilitator's screen (:func:`acumen.room.views.facilitator_view`)."""
        with self.engine.connect() as connection:
            room = facilitated_room(connection, code, facilitator_token)
            return views.facilitator_view(connection, room, self.clock())

    def results(self, code: str, facilitator_token: str) -> pd.DataFrame:
        """Per team and revealed question (:func:`acumen.room.materials.results_table`)."""
        with self.engine.connect() as connection:
            room = facilitated_room(connection, code, facilitator_token)
            return results_table(connection, room)

    def answer_log(self, code: str, facilitator_token: str) -> pd.DataFrame:
        """Per seat and revealed question (:func:`acumen.room.materials.answer_log`)."""
        with self.engine.connect() as connection:
            room = facilitated_room(connection, code, facilitator_token)
            return answer_log(connection, room)

    def questions(self, code: str, facilitator_token: str) -> list[dict]:
        """The room's stored questions with their answers (for the answer key)."""
        with self.engine.connect() as connection:
            return json.loads(facilitated_room(connection, code, facilitator_token).questions)

    def materials(self, code: str, facilitator_token: str) -> RoomMaterials:
        """The handout, the results CSV and the answer key of room ``code``."""
        with self.engine.connect() as connection:
            room = facilitated_room(connection, code, facilitator_token)
            return room_materials(connection, room)

    # ------------------------------------------------------------ participants

    def team_names(self, code: str) -> list[str]:
        """The teams already in room ``code``, in the order they were named."""
        with self.engine.connect() as connection:
            room = existing_room(connection, code)
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
            room = self.lock(connection, code)
            if room.state == CLOSED:
                raise closed_room(room.code)
            seated = connection.execute(
                sa.select(sa.func.count())
                .select_from(room_participants)
                .where(room_participants.c.room_id == room.id)
            ).scalar_one()
            if seated >= room.max_seats:
                raise AcumenError(
                    _("room {code} is full: all {seats} seats are taken").format(
                        code=room.code, seats=room.max_seats
                    ),
                    source=_(SOURCE),
                    fix=_(
                        "Ask the facilitator for a room with more seats, or share a device with "
                        "your team."
                    ),
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
                        _("room {code} already has {limit} teams").format(
                            code=room.code, limit=MAX_TEAMS
                        ),
                        source=_(SOURCE),
                        fix=_("Join one of the teams already there."),
                    )
                team_id = connection.execute(
                    sa.insert(room_teams).values(
                        room_id=room.id, name=shown, name_key=name_key, created_at=self.now_text()
                    )
                ).inserted_primary_key[0]
            token = new_token()
            connection.execute(
                sa.insert(room_participants).values(
                    room_id=room.id,
                    team_id=team_id,
                    token_hash=token_hash(token),
                    joined_at=self.now_text(),
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
                _("an answer is one of {letters}").format(letters=", ".join(LETTERS)),
                source=_(SOURCE),
                fix=_("Pick one of the choices."),
            )
        with self.engine.begin() as connection:
            room = self.lock(connection, code)
            participant_id, team_id = seat_of(connection, room, participant_token)
            number = int(question_index) + 1
            if room.state == REVEALED and int(question_index) == room.current:
                raise AcumenError(
                    _(
                        "the answer to question {number} has been revealed: answers are closed"
                    ).format(number=number),
                    source=_(SOURCE),
                    fix=_("Wait for the next question."),
                )
            if room.state == CLOSED:
                raise closed_room(room.code)
            if room.state != QUESTION or int(question_index) != room.current:
                raise AcumenError(
                    _("question {number} is not open").format(number=number),
                    source=_(SOURCE),
                    fix=_("Answer the question on screen now."),
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
                    answered_at=self.now_text(),
                )
            )
            return letter

    def participant_view(self, code: str, participant_token: str) -> dict:
        """A participant's screen (:func:`acumen.room.views.participant_view`): never the
        answer before the reveal."""
        with self.engine.connect() as connection:
            room = existing_room(connection, code)
            return views.participant_view(connection, room, participant_token, self.clock())

    # ------------------------------------------------------------ internals

    def now_text(self) -> str:
        """The clock's time, UTC, ISO 8601 (how the tables keep times)."""
        return self.clock().astimezone(UTC).isoformat()

    def lock(self, connection: sa.Connection, code: str) -> sa.Row:
        """Bump room ``code``'s version (its write lock) and read it; AcumenError if unknown."""
        done = connection.execute(
            sa.update(rooms)
            .where(rooms.c.code == normalise_code(code))
            .values(version=rooms.c.version + 1, updated_at=self.now_text())
        )
        if done.rowcount != 1:
            raise unknown_room(code)
        return find_room(connection, code)

    def facilitator_lock(
        self, connection: sa.Connection, code: str, facilitator_token: str
    ) -> sa.Row:
        facilitated_room(connection, code, facilitator_token)  # before any write
        return self.lock(connection, code)
