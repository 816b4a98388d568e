"""After the session: the handout (no answers), the results CSV (per team, seat and question)
and the answer key, computed from the room's tables; hostile team names are neutralised."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from acumen.reports.export import read_safe_csv
from acumen.room import RoomStore
from acumen.room.materials import KEY_COLUMNS, RESULTS_COLUMNS
from acumen.store.database import open_engine

HOSTILE = '=HYPERLINK("http://x")'


def question(n: int, answer: str) -> dict:
    return {
        "id": f"Q{n}",
        "question": f"Question {n} <b>bold</b>?",
        "choices": [f"one {n}", f"two {n}", f"three {n}", f"four {n}"],
        "answer": answer,
        "explanation": f"EXPLAINED-{n}: because of reason {n}.",
        "company": "Harbor & Co",
        "fiscal_year": 2024,
    }


@pytest.fixture
def played(tmp_path):
    """Two teams × three questions, a clock stepping 1 s per call-site tick.

    Q1 (B): Blue B (right, 3 s), Hostile C (wrong, 4 s). Q2 (D): Blue D (right, 2 s),
    Hostile unanswered. Q3 (A): opened, Hostile answers A, not revealed (not in results).
    """
    now = [datetime(2025, 3, 1, 9, 0, tzinfo=UTC)]
    store = RoomStore(open_engine(f"sqlite:///{tmp_path / 'r.db'}"), clock=lambda: now[0])
    code, token = store.open_room([question(1, "B"), question(2, "D"), question(3, "A")], seats=4)
    blue, hostile = store.join(code, "Blue"), store.join(code, HOSTILE)

    def at(seconds: float) -> None:
        now[0] += timedelta(seconds=seconds)

    store.advance(code, token)
    at(3)
    store.answer(code, blue, 0, "B")
    at(1)
    store.answer(code, hostile, 0, "C")
    store.reveal(code, token)
    at(10)
    store.advance(code, token)
    at(2)
    store.answer(code, blue, 1, "D")
    store.reveal(code, token)
    store.advance(code, token)
    store.answer(code, hostile, 2, "A")
    return store, code, token


def test_the_answer_log_has_a_row_per_seat_and_revealed_question(played):
    store, code, token = played
    log = store.answer_log(code, token)
    assert list(log.columns) == list(RESULTS_COLUMNS)
    rows = log[["question_number", "team", "seat", "answer", "correct", "points", "seconds"]]
    assert rows.fillna(-1).values.tolist() == [
        [1, HOSTILE, 1, "C", "no", 0, 4.0],
        [1, "Blue", 1, "B", "yes", 1, 3.0],
        [2, HOSTILE, 1, "", "no", 0, -1],
        [2, "Blue", 1, "D", "yes", 1, 2.0],
    ]
    assert log["answered_at"].iloc[1] == "2025-03-01T09:00:03+00:00"
    # the points agree with the scoreboard
    board = {r["team"]: r["points"] for r in store.facilitator_view(code, token)["scoreboard"]}
    assert log.groupby("team")["points"].sum().to_dict() == board == {"Blue": 2, HOSTILE: 0}


def test_the_results_csv_has_the_rows_and_neutralises_a_formula_team_name(played):
    store, code, token = played
    data = store.materials(code, token).results_csv
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = read_safe_csv(data)
    assert rows[0] == list(RESULTS_COLUMNS) and len(rows) == 5
    teams = [r[2] for r in rows[1:]]
    assert teams == ["'" + HOSTILE, "Blue", "'" + HOSTILE, "Blue"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert [r[4:8] for r in rows[1:]] == [
        ["C", "no", "0", "4"],
        ["B", "yes", "1", "3"],
        ["", "no", "0", ""],
        ["D", "yes", "1", "2"],
    ]


def test_the_handout_has_the_questions_and_no_answer_or_explanation(played):
    store, code, token = played
    handout = store.materials(code, token).handout_html
    for n in (1, 2, 3):
        assert f"Question {n} &lt;b&gt;bold&lt;/b&gt;?" in handout
        assert all(f"<li>{c} {n}</li>" in handout for c in ("one", "two", "three", "four"))
    assert "<b>bold</b>" not in handout and "Harbor &amp; Co · FY2024" in handout
    assert "EXPLAINED" not in handout and "because of reason" not in handout
    assert not re.search(r"(?i)answer|correct|\b[ABCD]\s*[:)]", handout)


def test_the_answer_key_gives_letter_choice_and_explanation(played):
    store, code, token = played
    made = store.materials(code, token)
    for n, letter, choice in ((1, "B", "two 1"), (2, "D", "four 2"), (3, "A", "one 3")):
        assert f"<b>{letter}: {choice}</b>" in made.answer_key_html
        assert f"EXPLAINED-{n}: because of reason {n}." in made.answer_key_html
    rows = read_safe_csv(made.answer_key_csv)
    assert rows[0] == list(KEY_COLUMNS)
    assert [r[2:4] for r in rows[1:]] == [["B", "two 1"], ["D", "four 2"], ["A", "one 3"]]


def test_materials_need_the_facilitator_key(played):
    from acumen.errors import AcumenError

    store, code, _ = played
    with pytest.raises(AcumenError, match="only the facilitator"):
        store.materials(code, "not-the-key")


def test_a_room_before_any_reveal_has_an_empty_log(tmp_path):
    store = RoomStore(open_engine(f"sqlite:///{tmp_path / 'r.db'}"))
    code, token = store.open_room([question(1, "A")], seats=2)
    store.join(code, "Blue")
    made = store.materials(code, token)
    assert read_safe_csv(made.results_csv) == [list(RESULTS_COLUMNS)]
