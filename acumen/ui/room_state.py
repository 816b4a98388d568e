"""Live room page, Streamlit side: who this browser is in the room and its two screens.

The room itself lives in the database (:mod:`acumen.room`); this browser session keeps only
its secrets, in plain keys: the facilitator's token in ``st.session_state`` (never in the
URL, which the projector shows), a participant's seat token in the URL (``?room=CODE&seat=…``)
so a reload or a restarted server rejoins the same team. The screens poll the database with
``st.fragment(run_every=…)``; team names and question texts are user text, shown escaped or
in tables, never as HTML.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from acumen.data.samples import case_ids, catalog, load_many, load_sample, universe
from acumen.errors import AcumenError
from acumen.i18n import N_, _
from acumen.room import (
    CLOSED,
    LOBBY,
    QUESTION,
    REVEALED,
    WHATIF,
    WHATIF_REVEALED,
    RoomStore,
    normalise_code,
)
from acumen.room.links import qr_png, room_link
from acumen.room.states import WHATIF_LIVE
from acumen.room.views import FINISH, NEXT, START
from acumen.store.database import database_url, open_engine
from acumen.teaching.quiz import LETTERS, PublicData, generate_quiz
from acumen.teaching.workshop import default_companies
from acumen.ui import room_screens as screens
from acumen.ui import room_whatif as whatif
from acumen.ui.text import md_escape

FACILITATOR_KEY = "room_facilitator"  # {"code": str, "token": str} or None
SEAT_KEY = "room_seat"  # {"code": str, "token": str} or None
ERROR_KEY = "room_error"  # the last refusal to show, or None
SETUP_KEY = "room_setup"
POLL_SECONDS = 1.0
#: The facilitator's "move on" button, by what it does (:func:`acumen.room.views.next_step`).
NEXT_LABELS = {
    START: N_("Start the first question"),
    NEXT: N_("Next question"),
    FINISH: N_("Finish the quiz"),
}
NEW_TEAM = N_("A new team…")  # the option that names a new team (shown translated)


@st.cache_resource(show_spinner=False)
def _store(url: str) -> RoomStore:
    return RoomStore(open_engine(url))


def room_store() -> RoomStore:
    """The store for ``ACUMEN_DB`` (one engine per URL per server process)."""
    return _store(database_url())


def init_state() -> dict:
    st.session_state.setdefault(FACILITATOR_KEY, None)
    st.session_state.setdefault(SEAT_KEY, None)
    st.session_state.setdefault(ERROR_KEY, None)
    return st.session_state.setdefault(
        SETUP_KEY,
        {
            "companies": default_companies(case_ids()),
            "questions": 5,
            "seed": 1,
            "seats": 30,
            "seconds": 60,
        },
    )


def role() -> tuple[str, str | None]:
    """("facilitator", code) when this session holds the facilitator's token for the room
    in the URL (or no room is in the URL); ("participant", code) for ``?room=CODE``;
    ("visitor", None) otherwise."""
    wanted = normalise_code(st.query_params.get("room", ""))
    held = st.session_state.get(FACILITATOR_KEY)
    if held and (not wanted or wanted == held["code"]):
        return "facilitator", held["code"]
    if wanted:
        return "participant", wanted
    return "visitor", None


def _run(action: Callable[[], object]) -> object | None:
    """Run a store action; a refusal is kept for the next render instead of raising."""
    try:
        result = action()
    except AcumenError as error:
        st.session_state[ERROR_KEY] = error.message
        return None
    st.session_state[ERROR_KEY] = None
    return result


def show_error() -> None:
    message = st.session_state.get(ERROR_KEY)
    if message:
        st.error(md_escape(message), icon="⚠️")


# ---------------------------------------------------------------- visitor: open, resume, join


def _company_labels() -> dict[str, str]:
    return {str(cid): f"{row['name']} ({cid})" for cid, row in catalog().iterrows()}


def open_form(setup: dict) -> None:
    """The facilitator's choices; "Open the room" generates the quiz and opens the room."""
    st.subheader(_("Open a room (facilitator)"))
    labels = _company_labels()
    setup["companies"] = st.multiselect(
        _("Case companies"),
        list(labels),
        default=[c for c in setup["companies"] if c in labels],
        format_func=lambda cid: labels.get(cid, cid),
        key="_room_companies",
    )
    columns = st.columns(4)
    fields = (
        ("questions", _("Questions"), 1, 30, 1),
        ("seats", _("Seats"), 1, 500, 1),
        ("seconds", _("Seconds per question (0: no timer)"), 0, 900, 15),
        ("seed", _("Quiz seed"), 0, 10_000, 1),
    )
    for column, (name, label, low, high, step) in zip(columns, fields, strict=True):
        with column:
            setup[name] = int(
                st.number_input(label, low, high, int(setup[name]), step=step, key=f"_room_{name}")
            )
    if st.button(
        _("Open the room"), type="primary", key="_room_open", disabled=not setup["companies"]
    ):
        _open(setup)
        st.rerun()


def _open(setup: dict) -> None:
    def action() -> tuple[str, str]:
        statements = load_many(list(setup["companies"]))
        public = PublicData(universe(), load_sample)
        questions = generate_quiz(statements, setup["questions"], setup["seed"], public=public)
        return room_store().open_room(questions, setup["seats"], setup["seconds"])

    opened = _run(action)
    if opened:
        code, token = opened
        st.session_state[FACILITATOR_KEY] = {"code": code, "token": token}
        st.query_params.clear()


def join_code_form() -> None:
    st.subheader(_("Join a room (participant)"))
    code = st.text_input(_("Room code"), key="_room_code", max_chars=12)
    if st.button(_("Go to the room"), key="_room_go", disabled=not normalise_code(code)):
        st.query_params.clear()
        st.query_params["room"] = normalise_code(code)
        st.rerun()


def resume_form() -> None:
    with st.expander(_("Resume a room you opened (facilitator key)")):
        code = st.text_input(_("Room code"), key="_room_resume_code", max_chars=12)
        key = st.text_input(_("Facilitator key"), key="_room_resume_key", type="password")
        if st.button(_("Resume"), key="_room_resume"):
            if room_store().is_facilitator(code, key):
                st.session_state[FACILITATOR_KEY] = {"code": normalise_code(code), "token": key}
                st.session_state[ERROR_KEY] = None
                st.query_params.clear()
                st.rerun()
            else:
                st.session_state[ERROR_KEY] = _("That code and key don't open a room.")
                st.rerun()


# ---------------------------------------------------------------- facilitator


def facilitator_header(code: str, token: str) -> None:
    """The code, the join link and its QR code for the projector; the key, kept private."""
    link = room_link(st.context.url, code)
    left, right = st.columns([3, 1])
    with left:
        st.header(_("Room code: {code}").format(code=code))
        st.markdown(md_escape(_("Participants open {link}").format(link=link)))
        st.code(link, language=None)
        with st.expander(
            _("Facilitator key (keep it private; resumes the room in another browser)")
        ):
            st.code(token, language=None)
    with right:
        st.image(qr_png(link), caption=_("Scan to join room {code}").format(code=code), width=220)


@st.fragment(run_every=POLL_SECONDS)
def facilitator_live(code: str, token: str) -> None:
    """The facilitator's live screen, polled: question, answers per team, buttons, scores."""
    store = room_store()
    try:
        view = store.facilitator_view(code, token)
    except AcumenError as error:
        st.error(md_escape(error.message))
        return
    show_error()
    state = view["state"]
    st.caption(
        _("{taken} of {seats} seats taken · {teams} teams · {questions} questions").format(
            taken=view["participants"],
            seats=view["seats"],
            teams=len(view["scoreboard"]),
            questions=view["total"],
        )
    )
    if state == LOBBY:
        st.info(_("Waiting in the lobby: participants join with the code or the QR code."))
    elif state == CLOSED:
        st.success(_("The room is closed. Final scores below."))
    elif state in WHATIF_LIVE:
        whatif.facilitator_round(view, store, code, token, _run)
    else:
        screens.question(view)
        answered = _("{answered} of {participants} participants answered").format(
            answered=view["answered"], participants=view["participants"]
        )
        st.metric(_("Answers"), answered)
        if view["teams"]:
            screens.room_table(view["teams"])
        if state == REVEALED:
            screens.revealed(view["reveal"])
            counts = view["reveal"]["choice_counts"]
            st.caption(" · ".join(f"{letter}: {counts[letter]}" for letter in LETTERS))
    buttons = st.columns(3)
    with buttons[0]:
        st.button(
            _("Reveal the answer"),
            key="_room_reveal",
            type="primary",
            disabled=state != QUESTION,
            on_click=_run,
            args=(lambda: store.reveal(code, token),),
        )
    with buttons[1]:
        st.button(
            _(NEXT_LABELS.get(view["next"], NEXT_LABELS[NEXT])),
            key="_room_next",
            disabled=state in (QUESTION, WHATIF, CLOSED),
            on_click=_run,
            args=(lambda: store.advance(code, token),),
        )
    with buttons[2]:
        st.button(
            _("Close the room"),
            key="_room_close",
            disabled=state == CLOSED,
            on_click=_run,
            args=(lambda: store.close(code, token),),
        )
    if state in (LOBBY, REVEALED, WHATIF_REVEALED):
        whatif.push_form(store, code, token, room_companies(code, token), _company_labels(), _run)
    screens.scoreboard(view)


def room_companies(code: str, token: str) -> list[str]:
    """The room's quiz companies: the questions' companies, then this browser's choices."""
    asked = [q.get("company") for q in room_store().questions(code, token)]
    chosen = st.session_state[SETUP_KEY]["companies"]
    return list(dict.fromkeys(c for c in [*asked, *chosen] if c))


def materials_downloads(code: str, token: str) -> None:
    """The after-session downloads (:func:`acumen.ui.room_screens.materials_downloads`)."""
    screens.materials_downloads(room_store(), code, token)


def leave_button() -> None:
    def leave() -> None:
        st.session_state[FACILITATOR_KEY] = None
        st.session_state[ERROR_KEY] = None

    st.button(_("Leave this room (it stays open)"), key="_room_leave", on_click=leave)


# ---------------------------------------------------------------- participant


def seat_token(code: str) -> str | None:
    """This browser's seat in room ``code``: from the URL, else this session."""
    from_url = st.query_params.get("seat")
    if from_url:
        return str(from_url)
    held = st.session_state.get(SEAT_KEY)
    return held["token"] if held and held["code"] == code else None


def join_form(code: str) -> None:
    """Pick a team already in the room or name a new one, then take a seat."""
    try:
        teams = room_store().team_names(code)
    except AcumenError as error:
        st.error(md_escape(error.message))
        return
    st.subheader(_("Join room {code}").format(code=code))
    new_team = _(NEW_TEAM)
    options = [*teams, new_team]
    picked = st.selectbox(_("Your team"), options, index=len(options) - 1, key="_room_team_pick")
    name = ""
    if picked == new_team:
        name = st.text_input(_("New team's name"), key="_room_team_name", max_chars=40)
    if st.button(_("Join"), type="primary", key="_room_join"):
        token = _run(lambda: room_store().join(code, name if picked == new_team else picked))
        if token:
            st.session_state[SEAT_KEY] = {"code": code, "token": token}
            st.query_params["room"] = code
            st.query_params["seat"] = token
        st.rerun()
    show_error()


def forget_seat() -> None:
    st.session_state[SEAT_KEY] = None
    if "seat" in st.query_params:
        del st.query_params["seat"]


@st.fragment(run_every=POLL_SECONDS)
def participant_live(code: str, token: str) -> None:
    """A participant's live screen, polled: the question with a button per choice, the
    answer once revealed, the scoreboard."""
    store = room_store()
    try:
        view = store.participant_view(code, token)
    except AcumenError as error:
        st.error(md_escape(error.message))
        st.button(_("Join again"), key="_room_rejoin", on_click=forget_seat)
        return
    heading = _("Room {code} · your team: {team}").format(code=view["code"], team=view["team"])
    st.markdown(md_escape(heading))
    show_error()
    state = view["state"]
    if state == LOBBY:
        st.info(_("You're in. Waiting for the facilitator to start the first question."))
    elif state == CLOSED:
        st.success(_("The room is closed. Thank you for playing! Final scores below."))
    elif state in WHATIF_LIVE:
        whatif.participant_round(view, store, code, token, _run)
    else:
        screens.question(view, choices=False)
        mine = view["my_answer"]
        for letter, choice in zip(LETTERS, view["question"]["choices"], strict=True):
            st.button(
                md_escape(f"{letter}) {choice}"),
                key=f"_room_choice_{view['number']}_{letter}",
                type="primary" if mine == letter else "secondary",
                disabled=mine is not None or state != QUESTION,
                width="stretch",
                on_click=_run,
                args=(
                    lambda letter=letter, index=view["number"] - 1: store.answer(
                        code, token, index, letter
                    ),
                ),
            )
        if mine is not None and state == QUESTION:
            st.success(
                _("Your answer {letter} is recorded. Waiting for the reveal.").format(letter=mine)
            )
        if state == REVEALED:
            reveal = view["reveal"]
            if mine is None:
                st.warning(_("You didn't answer this one."))
            elif reveal["you_were_right"]:
                st.success(_("Right! Your answer {letter} is correct.").format(letter=mine))
            else:
                st.error(_("Not this time: you answered {letter}.").format(letter=mine))
            screens.revealed(reveal)
    screens.scoreboard(view)
