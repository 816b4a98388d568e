"""The live room's domain and store: seats, answers once, the reveal, roles, views, restart."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acumen.data.samples import load_many
from acumen.errors import AcumenError
from acumen.room import (
    CLOSED,
    CODE_ALPHABET,
    CODE_LENGTH,
    LOBBY,
    QUESTION,
    REVEALED,
    RoomStore,
    normalise_code,
    token_hash,
)
from acumen.store.database import open_engine
from acumen.store.migrations import room_participants, rooms
from acumen.teaching.quiz import generate_quiz


def question(n: int, answer: str = "B", explanation: str | None = None) -> dict:
    return {
        "id": f"Q{n:02d}",
        "question": f"Question {n}: which is right?",
        "choices": [f"first {n}", f"second {n}", f"third {n}", f"fourth {n}"],
        "answer": answer,
        "explanation": explanation or f"Because of reason {n}.",
    }


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'rooms.db'}"


@pytest.fixture
def store(db_url):
    return RoomStore(open_engine(db_url))


@pytest.fixture
def room(store):
    code, token = store.open_room([question(1, "B"), question(2, "D")], seats=6)
    return code, token


def test_code_is_short_unambiguous_letters_and_token_is_stored_hashed(store, db_url):
    code, token = store.open_room([question(1)], seats=3)
    assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    assert not set(code) & set("BIOSZ0125869")
    seat = store.join(code, "Blue")
    with open_engine(db_url).connect() as connection:
        stored = connection.execute(sa.select(rooms.c.facilitator_hash)).scalar_one()
        seat_hash = connection.execute(sa.select(room_participants.c.token_hash)).scalar_one()
        dump = json.dumps([list(r) for r in connection.execute(sa.select(rooms)).all()])
    assert stored == token_hash(token) and token not in dump
    assert seat_hash == token_hash(seat) and seat_hash != seat
    assert normalise_code(f" {code[:3].lower()}-{code[3:]} ") == code


def test_the_room_runs_from_lobby_to_closed(store, room):
    code, token = room
    assert store.facilitator_view(code, token)["state"] == LOBBY
    assert store.advance(code, token) == QUESTION
    with pytest.raises(AcumenError, match="question 1 is still open"):
        store.advance(code, token)
    store.reveal(code, token)
    assert store.facilitator_view(code, token)["state"] == REVEALED
    assert store.advance(code, token) == QUESTION
    assert store.facilitator_view(code, token)["number"] == 2
    store.reveal(code, token)
    assert store.advance(code, token) == CLOSED
    with pytest.raises(AcumenError, match="is closed"):
        store.join(code, "Late")


def test_an_answer_is_recorded_once_and_a_resubmission_returns_the_first(store, room):
    code, token = room
    seat = store.join(code, "Blue")
    store.advance(code, token)
    assert store.answer(code, seat, 0, "a") == "A"
    assert store.answer(code, seat, 0, "C") == "A"
    assert store.answer(code, seat, 0, "A") == "A"
    view = store.facilitator_view(code, token)
    assert view["answered"] == 1
    assert view["teams"] == [{"team": "Blue", "members": 1, "answered": 1}]
    assert store.participant_view(code, seat)["my_answer"] == "A"


def test_an_answer_after_the_reveal_is_refused_with_a_clear_message(store, room):
    code, token = room
    seat = store.join(code, "Blue")
    store.advance(code, token)
    store.reveal(code, token)
    with pytest.raises(AcumenError) as refused:
        store.answer(code, seat, 0, "B")
    assert "answer to question 1 has been revealed: answers are closed" in str(refused.value)
    assert store.participant_view(code, seat)["my_answer"] is None
    assert store.facilitator_view(code, token)["scoreboard"][0]["points"] == 0


def test_answers_to_a_question_that_is_not_open_are_refused(store, room):
    code, token = room
    seat = store.join(code, "Blue")
    with pytest.raises(AcumenError, match="question 1 is not open"):
        store.answer(code, seat, 0, "B")  # still in the lobby
    store.advance(code, token)
    with pytest.raises(AcumenError, match="question 2 is not open"):
        store.answer(code, seat, 1, "B")
    with pytest.raises(AcumenError, match="one of A, B, C, D"):
        store.answer(code, seat, 0, "E")


def test_a_full_room_says_so(store):
    code, _ = store.open_room([question(1)], seats=2)
    store.join(code, "Blue")
    store.join(code, "blue ")  # the same team, another seat
    with pytest.raises(AcumenError) as refused:
        store.join(code, "Red")
    assert f"room {code} is full: all 2 seats are taken" in str(refused.value)
    assert store.team_names(code) == ["Blue"]


def test_concurrent_joins_never_overfill_a_room(db_url):
    stores = [RoomStore(open_engine(db_url)) for _ in range(4)]
    code, _ = stores[0].open_room([question(1)], seats=5)
    outcomes: list[str] = []

    def join(position: int) -> None:
        try:
            stores[position % 4].join(code, f"Team {position % 3}")
            outcomes.append("seat")
        except AcumenError as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=join, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("seat") == 5
    assert all("is full" in o for o in outcomes if o != "seat")
    with stores[1].engine.connect() as connection:
        seated = connection.execute(
            sa.select(sa.func.count()).select_from(room_participants)
        ).scalar_one()
    assert seated == 5


def test_a_wrong_facilitator_token_is_refused_and_changes_nothing(store, room):
    code, token = room
    seat = store.join(code, "Blue")
    for action in (store.advance, store.reveal, store.close, store.facilitator_view):
        for wrong in ("", "guess", seat):
            with pytest.raises(AcumenError, match=f"only the facilitator of room {code}"):
                action(code, wrong)
    assert store.facilitator_view(code, token)["state"] == LOBBY
    assert not store.is_facilitator(code, seat) and store.is_facilitator(code, token)
    other_code, other_token = store.open_room([question(1)], seats=2)
    with pytest.raises(AcumenError, match="only the facilitator"):
        store.advance(code, other_token)  # another room's key


def test_a_seat_answers_only_for_its_own_team_and_room(store, room):
    code, token = room
    blue = store.join(code, "Blue")
    store.join(code, "Red")
    other_code, _ = store.open_room([question(9)], seats=2)
    with pytest.raises(AcumenError, match=f"no seat in room {other_code}"):
        store.answer(other_code, blue, 0, "A")
    store.advance(code, token)
    store.answer(code, blue, 0, "B")
    counts = {t["team"]: t["answered"] for t in store.facilitator_view(code, token)["teams"]}
    assert counts == {"Blue": 1, "Red": 0}
    with pytest.raises(AcumenError, match="no seat"):
        store.participant_view(code, "forged-token")


def test_unknown_room_and_blank_team_name(store):
    with pytest.raises(AcumenError, match="there is no room QQQQQQ"):
        store.join("qqqqqq", "Blue")
    code, _ = store.open_room([question(1)], seats=2)
    with pytest.raises(AcumenError, match="a team needs a name"):
        store.join(code, "   ")


def test_scoreboard_arithmetic(store):
    code, token = store.open_room([question(1, "B"), question(2, "D"), question(3, "A")], seats=9)
    seats = {
        name: [store.join(code, name) for _ in range(size)]
        for name, size in (("Blue", 3), ("Red", 2), ("Green", 1))
    }
    picks = [
        {"Blue": "BBA", "Red": "BB", "Green": "C"},  # Q1 (B): Blue 2, Red 2, Green 0
        {
            "Blue": "DDD",
            "Red": "A",
            "Green": "D",
        },  # Q2 (D): Blue 3, Red 0 (one unanswered), Green 1
    ]
    for answers in picks:
        store.advance(code, token)
        view = store.facilitator_view(code, token)
        for team, letters in answers.items():
            for seat, letter in zip(seats[team], letters, strict=False):
                store.answer(code, seat, view["number"] - 1, letter)
        store.reveal(code, token)
    store.advance(code, token)  # question 3 open, nobody answered, not revealed: no points yet
    store.answer(code, seats["Green"][0], 2, "A")
    board = store.facilitator_view(code, token)["scoreboard"]
    assert board == [
        {"rank": 1, "team": "Blue", "points": 5, "answered": 6, "members": 3},
        {"rank": 2, "team": "Red", "points": 2, "answered": 3, "members": 2},
        {"rank": 3, "team": "Green", "points": 1, "answered": 2, "members": 1},
    ]
    store.reveal(code, token)
    board = store.participant_view(code, seats["Red"][0])["scoreboard"]
    assert [(r["rank"], r["team"], r["points"]) for r in board] == [
        (1, "Blue", 5),
        (2, "Green", 2),
        (2, "Red", 2),
    ]
    results = store.results(code, token)
    assert len(results) == 9 and int(results["correct"].sum()) == 9
    blue_q2 = results[(results["team"] == "Blue") & (results["question_number"] == 2)]
    assert blue_q2[["answer", "answered", "correct"]].values.tolist() == [["D", 3, 3]]


def test_reveal_shows_the_answer_and_choice_counts(store, room):
    code, token = room
    blue = store.join(code, "Blue")
    red = store.join(code, "Red")
    store.advance(code, token)
    store.answer(code, blue, 0, "B")
    store.answer(code, red, 0, "C")
    assert store.facilitator_view(code, token)["reveal"] is None
    store.reveal(code, token)
    facilitator = store.facilitator_view(code, token)
    assert facilitator["reveal"]["answer"] == "B"
    assert facilitator["reveal"]["choice_counts"] == {"A": 0, "B": 1, "C": 1, "D": 0}
    assert {t["team"]: t["correct"] for t in facilitator["teams"]} == {"Blue": 1, "Red": 0}
    mine = store.participant_view(code, red)
    assert mine["reveal"] == {
        "answer": "B",
        "correct_choice": "second 1",
        "explanation": "Because of reason 1.",
        "you_were_right": False,
    }


def test_countdown_from_the_injected_clock(db_url):
    now = [datetime(2026, 1, 1, 9, 0, tzinfo=UTC)]
    store = RoomStore(open_engine(db_url), clock=lambda: now[0])
    code, token = store.open_room([question(1)], seats=2, seconds=30)
    seat = store.join(code, "Blue")
    store.advance(code, token)
    now[0] += timedelta(seconds=12.5)
    assert store.participant_view(code, seat)["seconds_left"] == 18
    now[0] += timedelta(seconds=40)
    assert store.facilitator_view(code, token)["seconds_left"] == 0


def test_restart_a_new_engine_on_the_same_file_goes_on_where_it_was(db_url):
    first = RoomStore(open_engine(db_url))
    code, token = first.open_room([question(1, "B"), question(2, "D")], seats=4)
    blue = first.join(code, "Blue")
    first.advance(code, token)
    first.answer(code, blue, 0, "B")
    first.engine.dispose()

    second = RoomStore(open_engine(db_url))  # the server restarted
    view = second.participant_view(code, blue)
    assert (view["state"], view["number"], view["team"], view["my_answer"]) == (
        QUESTION,
        1,
        "Blue",
        "B",
    )
    assert second.answer(code, blue, 0, "C") == "B"  # nothing lost, still once
    second.reveal(code, token)
    assert second.facilitator_view(code, token)["scoreboard"][0]["points"] == 1


def test_rooms_from_the_generated_quiz(store):
    questions = generate_quiz(load_many(["WMT", "TGT"]), n=2, seed=3)
    code, token = store.open_room(questions, seats=3)
    seat = store.join(code, "Blue")
    store.advance(code, token)
    view = store.participant_view(code, seat)
    assert view["question"] == {
        "text": questions[0].question,
        "choices": list(questions[0].choices),
    }
    assert questions[0].explanation not in json.dumps(view, ensure_ascii=False)


def test_malformed_questions_and_bounds_are_refused(store):
    with pytest.raises(AcumenError, match="four choices and an answer"):
        store.open_room([{**question(1), "answer": "E"}], seats=3)
    with pytest.raises(AcumenError, match="1 to 50 questions"):
        store.open_room([], seats=3)
    with pytest.raises(AcumenError, match="1 to 500 seats"):
        store.open_room([question(1)], seats=0)


# ---------------------------------------------------------------- nothing leaks before the reveal

_text = st.text(min_size=0, max_size=60)
_payload = st.fixed_dictionaries(
    {
        "question": st.text(min_size=1, max_size=80).filter(str.strip),
        "choices": st.lists(_text, min_size=4, max_size=4),
        "answer": st.sampled_from("ABCD"),
        "explanation": _text,
        "driver": _text,
        "company": _text,
    }
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=_payload, other_answer=st.sampled_from("ABCD"), other_explanation=_text)
def test_a_participant_view_before_the_reveal_does_not_depend_on_the_answer(
    store, payload, other_answer, other_explanation
):
    """Two rooms whose question differs only in its answer and explanation give the same
    participant view (but for the code), in the lobby and with the question open; the
    explanation, marked, appears nowhere in the JSON."""
    marked = {**payload, "explanation": f"EXPLANATION-MARK {payload['explanation']}"}
    twin = {**payload, "answer": other_answer, "explanation": other_explanation}
    views = []
    for one in (marked, twin):
        code, token = store.open_room([one], seats=2)
        seat = store.join(code, "Team")
        lobby = store.participant_view(code, seat)
        store.advance(code, token)
        store.answer(code, seat, 0, "A")
        open_ = store.participant_view(code, seat)
        for view in (lobby, open_):
            assert view["reveal"] is None and "answer" not in view and "explanation" not in view
            assert "EXPLANATION-MARK" not in json.dumps(view, ensure_ascii=False)
            view.pop("code")
        views.append((lobby, open_))
        store.reveal(code, token)
        assert store.participant_view(code, seat)["reveal"]["answer"] == one["answer"]
    assert views[0] == views[1]
    assert set(views[0][1]) == {
        "state",
        "version",
        "number",
        "total",
        "question",
        "seconds",
        "seconds_left",
        "reveal",
        "scoreboard",
        "team",
        "my_answer",
        "whatif",
        "my_levers",
    }
    assert set(views[0][1]["question"]) == {"text", "choices"}
