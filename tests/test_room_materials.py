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


# ---------------------------------------------------------------- what-if rounds


@pytest.fixture(scope="module")
def statements():
    from acumen.data.samples import load_many

    return load_many(["WMT", "TGT"])


@pytest.fixture
def rounds_played(tmp_path, statements):
    """Question 1 revealed, then what-if round 1 (WMT, ROA: Blue DSO −10 days, Hostile price
    +2%), round 2 (TGT, cash: Blue DIO −5, Hostile DIO −10), both revealed, and round 3
    (WMT, cash) pushed, Blue's levers in, not revealed."""
    from acumen.room import RoomWhatIf

    store = RoomStore(open_engine(f"sqlite:///{tmp_path / 'r.db'}"))
    code, token = store.open_room([question(1, "B"), question(2, "D")], seats=4)
    blue, hostile = store.join(code, "Blue"), store.join(code, HOSTILE)
    store.advance(code, token)
    store.answer(code, blue, 0, "B")
    store.reveal(code, token)
    rounds = RoomWhatIf(store)
    rounds.push(code, token, statements, "WMT", "roa")
    rounds.submit(code, blue, 1, {"dso_days": -10})
    rounds.submit(code, hostile, 1, {"price_pct": 2})
    rounds.reveal(code, token, statements)
    rounds.push(code, token, statements, "TGT", "cash")
    rounds.submit(code, blue, 2, {"dio_days": -5})
    rounds.submit(code, hostile, 2, {"dio_days": -10})
    rounds.reveal(code, token, statements)
    rounds.push(code, token, statements, "WMT", "cash")
    rounds.submit(code, blue, 3, {"dpo_days": 10})
    return store, code, token


def engine(statements, company: str, **levers):
    from acumen.analysis.whatif import whatif
    from acumen.analysis.whatif_scenario import Levers

    return whatif(statements, company, Levers(**levers, repay_debt=True))


def test_the_results_have_a_row_per_team_and_revealed_round_with_the_engines_figures(
    rounds_played, statements
):
    from acumen.room.whatif_materials import WHATIF_COLUMNS

    store, code, token = rounds_played
    rows = read_safe_csv(store.materials(code, token).results_csv)
    assert rows[0] == [*RESULTS_COLUMNS, *WHATIF_COLUMNS]
    quiz = [r for r in rows[1:] if r[0]]
    assert [r[:3] for r in quiz] == [
        ["1", "Question 1 <b>bold</b>?", "'" + HOSTILE],
        ["1", "Question 1 <b>bold</b>?", "Blue"],
    ]
    assert all(r[len(RESULTS_COLUMNS) :] == [""] * len(WHATIF_COLUMNS) for r in quiz)
    whatif_rows = [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if not r[0]]
    assert all(r["question"] == r["seat"] == r["answer"] == "" for r in whatif_rows)
    blue_roa = engine(statements, "WMT", dso_days=-10)
    hostile_roa = engine(statements, "WMT", price_pct=2)
    change = {
        "Blue": blue_roa.value_after("roa") - blue_roa.value_before("roa"),
        HOSTILE: hostile_roa.value_after("roa") - hostile_roa.value_before("roa"),
    }
    first = sorted(change, key=change.get, reverse=True)  # best first
    cash = {
        "Blue": engine(statements, "TGT", dio_days=-5).cash_released,
        HOSTILE: engine(statements, "TGT", dio_days=-10).cash_released,
    }
    assert cash[HOSTILE] > cash["Blue"]
    expected = [
        ["1", "Wal-Mart Stores (WMT)", "Lift ROA the most", team, f"{change[team] * 100:.4f}", rank]
        for rank, team in enumerate(first, start=1)
    ] + [
        ["2", "Target Corp. (TGT)", "Free the most cash", team, cash[team], rank]
        for rank, team in enumerate([HOSTILE, "Blue"], start=1)
    ]
    got = [
        [r["whatif_round"], r["company"], r["goal"], r["team"].lstrip("'"), r["outcome"], r["rank"]]
        for r in whatif_rows
    ]
    assert [g[:4] for g in got] == [e[:4] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert float(g[4]) == pytest.approx(float(e[4]), abs=1e-4 if g[0] == "1" else 0.5)
        assert g[5] == str(e[5])
    points = {(r["whatif_round"], r["team"].lstrip("'")): r["points"] for r in whatif_rows}
    assert points == {
        ("1", first[0]): "1",
        ("1", first[1]): "0",
        ("2", HOSTILE): "1",
        ("2", "Blue"): "0",
    }
    assert {r["whatif_round"]: r["unit"] for r in whatif_rows} == {
        "1": "ROA change, percentage points",
        "2": "cash released, USD",
    }
    levers = {(r["whatif_round"], r["team"].lstrip("'")): r["levers"] for r in whatif_rows}
    assert levers[("1", "Blue")] == "DSO −10 days; cash freed repays debt"
    assert levers[("2", HOSTILE)] == "DIO −10 days; cash freed repays debt"
    assert "3" not in {r["whatif_round"] for r in whatif_rows}  # not revealed
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_handout_lists_each_rounds_company_and_goal_but_no_outcome(rounds_played):
    store, code, token = rounds_played
    handout = store.materials(code, token).handout_html
    section = handout.split('<section id="whatif-rounds">')[1]
    for number, company, goal in (
        (1, "Wal-Mart Stores (WMT)", "Lift ROA the most"),
        (2, "Target Corp. (TGT)", "Free the most cash"),
        (3, "Wal-Mart Stores (WMT)", "Free the most cash"),
    ):
        assert f"What-if round {number}: {company}" in section and f"Goal: {goal}" in section
    for leak in ("Blue", "HYPERLINK", "days", "repays", "rank", "outcome", "point", "%"):
        assert leak not in section
    assert not re.search(r"(?i)answer|correct|\b[ABCD]\s*[:)]", handout)


def test_the_answer_key_ranks_each_revealed_round(rounds_played, statements):
    store, code, token = rounds_played
    key = store.materials(code, token).answer_key_html
    section = key.split('<section id="whatif-outcomes">')[1]
    one, two = section.split("<h3>")[1:]
    assert one.startswith("What-if round 1: Wal-Mart Stores (WMT)")
    assert two.startswith("What-if round 2: Target Corp. (TGT)")
    assert two.index("HYPERLINK") < two.index("Blue")  # DIO −10 frees more cash
    assert "What-if round 3" not in section
    cash = engine(statements, "TGT", dio_days=-10).cash_released
    assert f"<td>1</td><td>{html_escape(HOSTILE)}</td>" in two and f"{round(cash):,.2f}" in two
    assert "<b>B: two 1</b>" in key  # the questions' key is unchanged


def html_escape(text: str) -> str:
    from acumen.display_text import html_text

    return html_text(text)


def test_a_room_without_a_revealed_round_keeps_the_quiz_columns(played):
    store, code, token = played
    rows = read_safe_csv(store.materials(code, token).results_csv)
    assert rows[0] == list(RESULTS_COLUMNS)
    assert 'id="whatif' not in store.materials(code, token).answer_key_html


def test_the_what_if_parts_read_chinese(rounds_played):
    from acumen.i18n import use_language

    store, code, token = rounds_played
    with use_language("zh"):
        made = store.materials(code, token)
    rows = read_safe_csv(made.results_csv)
    assert rows[0][-7:] == ["假设分析轮次", "公司", "目标", "杠杆", "结果", "单位", "名次"]
    assert rows[-1][-5] == "释放最多的现金" and rows[-1][-2] == "释放的现金（USD）"
    assert "释放的现金用于偿还债务" in rows[-1][-4]
    assert "第 3 轮假设分析" in made.handout_html and "假设分析轮次" in made.answer_key_html
