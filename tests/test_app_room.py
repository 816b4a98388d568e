"""AppTest: the Live room page for both roles — the facilitator opens, starts, reveals and
closes; a participant joins a team by ?room=CODE, answers once, sees the reveal and the
scoreboard, and a reload with the seat in the URL rejoins."""

from __future__ import annotations

import pytest
import streamlit as st

from acumen.room import RoomStore
from acumen.store.database import open_engine
from acumen.ui import room_state as rs
from tests.apptest_support import open_page

PAGE = "pages/11_Live_room.py"
EXPLANATION = "Margin times velocity gives the return"
QUESTIONS = [
    {
        "question": "Which lifts ROA most?",
        "choices": ["Cut price", "Collect faster", "Pay later", "Hold more stock"],
        "answer": "B",
        "explanation": EXPLANATION,
    },
    {
        "question": "What is DSO?",
        "choices": ["Days sales outstanding", "Debt", "Dividends", "Depreciation"],
        "answer": "A",
        "explanation": "Receivables over revenue per day",
    },
]


@pytest.fixture(autouse=True)
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'room.db'}"
    monkeypatch.setenv("ACUMEN_DB", url)
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()


@pytest.fixture
def store(db_url):
    return RoomStore(open_engine(db_url))


def everything(at) -> str:
    """All text the page shows: markdown, alerts, headings, captions, buttons, tables."""
    parts = []
    for kind in (
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "subheader",
        "header",
        "title",
        "code",
        "metric",
    ):
        parts += [str(getattr(e, "value", "")) for e in at.get(kind)]
    parts += [str(b.label) for b in at.button]
    parts += [e.value.to_csv() for e in at.dataframe]
    return "\n".join(parts).replace("\\", "")


def facilitator(code: str, token: str):
    return open_page(PAGE, **{rs.FACILITATOR_KEY: {"code": code, "token": token}})


def participant(code: str, seat: str | None = None):
    from streamlit.testing.v1 import AppTest

    from tests.apptest_support import ROOT

    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=30)
    at.query_params["room"] = code
    if seat:
        at.query_params["seat"] = seat
    return at.run()


def test_the_landing_page_offers_join_open_and_resume():
    at = open_page(PAGE)
    assert not at.exception
    labels = [b.label for b in at.button]
    assert {"Go to the room", "Open the room", "Resume"} <= set(labels)


def test_a_facilitator_opens_a_room_and_sees_code_link_and_qr():
    at = open_page(PAGE)
    at.number_input(key="_room_questions").set_value(2)
    at.button(key="_room_open").click().run()
    assert not at.exception
    held = at.session_state[rs.FACILITATOR_KEY]
    code = held["code"]
    assert at.header[0].value == f"Room code: {code}"
    assert any(c.value.endswith(f"/Live_room?room={code}") for c in at.code)
    assert any(c.value == held["token"] for c in at.code)  # the key, in its expander
    assert len(at.get("image")) == 1
    assert "Waiting in the lobby" in at.info[0].value
    at.button(key="_room_next").click().run()
    assert at.subheader[0].value == "Question 1 of 2"


def test_participant_joins_answers_once_and_sees_the_reveal(store):
    code, token = store.open_room(QUESTIONS, seats=5)
    store.join(code, "Red")
    host = facilitator(code, token)
    host.button(key="_room_next").click().run()

    at = participant(code)
    assert not at.exception
    assert at.selectbox(key="_room_team_pick").options == ["Red", rs.NEW_TEAM]
    at.text_input(key="_room_team_name").input("Blue <b>team</b>")
    at.button(key="_room_join").click().run()
    assert not at.exception
    seat = at.query_params["seat"]
    assert seat and at.session_state[rs.SEAT_KEY]["code"] == code
    assert "your team: Blue <b>team</b>" in everything(at)
    assert "Question 1 of 2" in everything(at)
    assert EXPLANATION not in everything(at)

    at.button(key="_room_choice_1_B").click().run()
    assert "Your answer B is recorded" in everything(at)
    assert all(at.button(key=f"_room_choice_1_{x}").disabled for x in "ABCD")
    assert store.participant_view(code, seat)["my_answer"] == "B"

    host.run()
    assert "1 of 2 participants answered" in everything(host)
    assert EXPLANATION not in everything(host)
    host.button(key="_room_reveal").click().run()
    assert EXPLANATION in everything(host)

    at.run()
    text = everything(at)
    assert "Right! Your answer B is correct." in text and EXPLANATION in text
    assert "1. Blue <b>team</b>: 1 point · 2. Red: 0 points" in text
    board = at.dataframe[-1].value
    assert board[["team", "points"]].values.tolist() == [["Blue <b>team</b>", 1], ["Red", 0]]


def test_a_reload_with_the_seat_in_the_url_rejoins_the_team(store):
    code, token = store.open_room(QUESTIONS, seats=5)
    seat = store.join(code, "Green")
    store.advance(code, token)
    store.answer(code, seat, 0, "C")
    at = participant(code, seat)
    assert not at.exception
    text = everything(at)
    assert "your team: Green" in text and "Your answer C is recorded" in text
    assert not [b for b in at.button if b.key == "_room_join"]


def test_a_forged_seat_is_told_to_join_again(store):
    code, _ = store.open_room(QUESTIONS, seats=5)
    at = participant(code, "forged")
    assert "this device has no seat in room" in at.error[0].value.replace("\\", "")
    at.button(key="_room_rejoin").click().run()
    assert "seat" not in at.query_params
    assert at.button(key="_room_join")


def test_a_full_room_says_so_on_the_page(store):
    code, _ = store.open_room(QUESTIONS, seats=1)
    store.join(code, "Red")
    at = participant(code)
    at.button(key="_room_join").click().run()  # "A new team…" without a name
    assert "a team needs a name" in everything(at)
    at.text_input(key="_room_team_name").input("Blue")
    at.button(key="_room_join").click().run()
    assert f"room {code} is full: all 1 seats are taken" in everything(at)
    assert "seat" not in at.query_params


def test_a_browser_without_the_facilitator_key_cannot_control_the_room(store):
    code, token = store.open_room(QUESTIONS, seats=5)
    at = facilitator(code, "not-the-key")
    assert f"only the facilitator of room {code}" in at.error[0].value.replace("\\", "")
    assert not [b for b in at.button if b.key == "_room_reveal"]
    assert store.facilitator_view(code, token)["state"] == "lobby"


def test_the_facilitator_resumes_with_code_and_key_and_finishes(store):
    code, token = store.open_room(QUESTIONS[:1], seats=5)
    seat = store.join(code, "Red")
    at = open_page(PAGE)
    at.text_input(key="_room_resume_code").input(code.lower())
    at.text_input(key="_room_resume_key").input("wrong")
    at.button(key="_room_resume").click().run()
    assert "don't open a room" in everything(at)
    at.text_input(key="_room_resume_key").input(token)
    at.button(key="_room_resume").click().run()
    assert at.header[0].value == f"Room code: {code}"
    at.button(key="_room_next").click().run()
    store.answer(code, seat, 0, "A")
    at.button(key="_room_reveal").click().run()
    assert "Answer: B) Collect faster" in everything(at)
    assert at.button(key="_room_next").label == "Finish the quiz"
    at.button(key="_room_next").click().run()
    assert "The room is closed" in everything(at)
    assert participant(code, seat).success[0].value.startswith("The room is closed")


def test_the_facilitator_downloads_handout_results_and_answer_key(store, monkeypatch):
    from streamlit.runtime.media_file_manager import MediaFileManager

    from acumen.reports.export import read_safe_csv

    built: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def recording(manager, data_callable, *args, **kwargs):
        file_id = original(manager, data_callable, *args, **kwargs)
        built[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    code, token = store.open_room(QUESTIONS, seats=5)
    seat = store.join(code, '=HYPERLINK("http://x")')
    store.advance(code, token)
    host = facilitator(code, token)  # the buttons exist before the answer ...
    store.answer(code, seat, 0, "B")
    store.reveal(code, token)

    def download(field: str) -> bytes:
        button = next(b for b in host.download_button if b.key == f"_room_download_{field}")
        data = built[button.proto.deferred_file_id]()  # ... and read the room when clicked
        return data.encode() if isinstance(data, str) else bytes(data)

    rows = read_safe_csv(download("results_csv"))
    assert rows[1][2:7] == ['\'=HYPERLINK("http://x")', "1", "B", "yes", "1"]
    handout = download("handout_html").decode()
    assert "Which lifts ROA most?" in handout and EXPLANATION not in handout
    assert EXPLANATION in download("answer_key_html").decode()
    assert read_safe_csv(download("answer_key_csv"))[1][2] == "B"
    assert participant(code, seat).download_button.len == 0  # participants get none


def test_the_facilitator_pushes_a_whatif_round_and_a_team_submits_its_levers(store):
    code, token = store.open_room(QUESTIONS, seats=5)
    seat = store.join(code, "Red")
    store.join(code, "Blue")
    host = facilitator(code, token)
    company = host.selectbox(key="_room_whatif_company").value
    host.selectbox(key="_room_whatif_goal").set_value("cash")
    host.button(key="_room_whatif_push").click().run()
    assert not host.exception
    assert "What-if round 1:" in everything(host)
    assert "Goal: Free the most cash" in everything(host)
    assert host.button(key="_room_next").disabled

    at = participant(code, seat)
    assert not at.exception
    assert "What-if round 1:" in everything(at)
    at.slider(key="_room_lever_1_dio_days").set_value(-10.0)
    at.button(key="_room_whatif_submit_1").click().run()
    assert not at.exception
    assert "Your team's levers on record: DIO −10 days" in everything(at)
    assert store.participant_view(code, seat)["my_levers"]["dio_days"] == -10.0

    host.run()
    text = everything(host)
    assert "1 of 2 teams submitted levers" in text and "cash released" not in text
    host.button(key="_room_whatif_reveal").click().run()
    assert not host.exception
    assert "cash released" in everything(host)

    at.run()
    text = everything(at)
    assert "Your team ranked 1 of 1." in text and "cash released" in text
    assert "1. Red: 1 point · 2. Blue: 0 points" in text
    assert at.slider.len == 0
    assert company
