"""Workshop page, Streamlit side: the facilitator's setup, question flow, scoreboard,
what-if rounds and exports. All state lives in this browser session's ``st.session_state``
(the running session under plain keys; the setup form's fields through :func:`persisted`), so it
survives page switches and is never shared with another session. The session logic itself is :mod:`acumen.teaching.workshop`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from acumen.analysis.company_meta import company_currency, company_names
from acumen.data.samples import case_ids, catalog, load_many, load_sample, universe
from acumen.errors import AcumenError
from acumen.i18n import _
from acumen.reports.export import to_safe_csv
from acumen.reports.handout import handout_html
from acumen.teaching.quiz import LETTERS, QUIZ_TYPES, PublicData
from acumen.teaching.workshop import (
    DEFAULT_SECONDS,
    MAX_TEAMS,
    WHATIF_DAYS,
    WorkshopSession,
    default_companies,
    new_session,
    next_question,
    outcome_table,
    record_answer,
    reveal,
    reveal_whatif_round,
    scoreboard,
    scoreboard_figure,
    scoreboard_labels,
    start_whatif_round,
    team_names,
    time_left,
    whatif_options,
)
from acumen.ui.language import gettext_now
from acumen.ui.persisted import Persisted, persisted
from acumen.ui.render import chart, driver_name, table
from acumen.ui.text import md_escape

T = TypeVar("T")

SESSION_KEY = "workshop_session"
STATEMENTS_KEY = "workshop_statements"
#: The setup form's kept values (one :func:`persisted` path per field).
SETUP_KEY = "workshop_setup"
#: The setup form's upper bounds: questions, seconds per question, quiz seed.
MAX_QUESTIONS, MAX_SECONDS, MAX_SEED = 30, 900, 10_000


@dataclass(frozen=True)
class WorkshopSetup:
    """The facilitator's choices, as the setup form shows them."""

    companies: list[str]
    teams: int
    names: list[str]
    questions: int
    seconds: int
    seed: int
    types: list[str]


def init_state() -> None:
    """The session's plain keys (created once per browser session)."""
    st.session_state.setdefault(SESSION_KEY, None)
    st.session_state.setdefault(STATEMENTS_KEY, None)


def current_session() -> WorkshopSession | None:
    return st.session_state.get(SESSION_KEY)


def _company_labels() -> dict[str, str]:
    table = catalog()
    return {str(cid): f"{row['name']} ({cid})" for cid, row in table.iterrows()}


def _kept(field: Hashable, default: T, widget: str, **kwargs: Any) -> Persisted[T]:
    """One setup field, kept under ``workshop_setup`` → ``field`` and shown by ``widget``."""
    path = field if isinstance(field, tuple) else (field,)
    return persisted(SETUP_KEY, default, path=path, widget=widget, **kwargs)


# ---------------------------------------------------------------- setup


def setup_form() -> WorkshopSetup:
    """The facilitator's choices (kept across page switches); "Start the session" builds the
    questions."""
    labels = _company_labels()
    st.subheader(_("Set up the session"))
    companies = _kept(
        "companies",
        default_companies(case_ids()),
        "_ws_companies",
        restore=lambda kept: [c for c in kept if c in labels],
    )
    st.multiselect(
        _("Case companies"),
        list(labels),
        format_func=lambda cid: labels.get(cid, cid),
        help=_(
            "The designed teaching cases by default. Questions are generated from their numbers."
        ),
        **companies.widget_args(),
    )
    teams, questions, seconds, seed = _number_inputs()
    names = _team_name_inputs(teams)
    types = st.multiselect(
        _("Question types"),
        list(QUIZ_TYPES),
        format_func=gettext_now(),
        **_kept("types", list(QUIZ_TYPES), "_ws_types").widget_args(),
    ) or list(QUIZ_TYPES)
    chosen = list(st.session_state[companies.widget])
    setup = WorkshopSetup(chosen, teams, names, questions, seconds, seed, types)
    if st.button(_("Start the session"), type="primary", key="_ws_start", disabled=not chosen):
        _start(setup)
        st.rerun()
    return setup


def _number_inputs() -> tuple[int, int, int, int]:
    """Teams, questions, seconds per question and the quiz seed, side by side."""
    left, middle, right, last = st.columns(4)
    with left:
        teams = int(
            st.number_input(
                _("Number of teams"),
                1,
                MAX_TEAMS,
                **_kept("teams", 2, "_ws_teams").widget_args(),
            )
        )
    with middle:
        questions = int(
            st.number_input(
                _("Number of questions"),
                1,
                MAX_QUESTIONS,
                **_kept("questions", 5, "_ws_questions").widget_args(),
            )
        )
    with right:
        seconds = int(
            st.number_input(
                _("Seconds per question"),
                0,
                MAX_SECONDS,
                step=15,
                help=_("The time budget shown as a countdown (0: no timer)."),
                **_kept("seconds", DEFAULT_SECONDS, "_ws_seconds").widget_args(),
            )
        )
    with last:
        seed = int(
            st.number_input(
                _("Quiz seed"), 0, MAX_SEED, **_kept("seed", 1, "_ws_seed").widget_args()
            )
        )
    return teams, questions, seconds, seed


def _team_name_inputs(teams: int) -> list[str]:
    """One name input per team (kept per position: "Team 1" until renamed)."""
    columns = st.columns(min(teams, 4))
    names = []
    for position in range(teams):
        default = _("Team {number}").format(number=position + 1)
        kept = _kept(("names", position), default, f"_ws_name_{position}")
        with columns[position % len(columns)]:
            names.append(
                st.text_input(
                    _("Team {number} name").format(number=position + 1),
                    max_chars=40,
                    **kept.widget_args(),
                )
            )
    return names


def _start(setup: WorkshopSetup) -> None:
    try:
        statements = load_many(setup.companies)
    except AcumenError as error:
        st.error(md_escape(error.message))
        return
    session = new_session(
        statements,
        team_names(setup.names, setup.teams),
        setup.questions,
        setup.seconds,
        setup.seed,
        setup.types,
        now=time.time(),
        public=PublicData(universe(), load_sample),
    )
    st.session_state[SESSION_KEY] = session
    st.session_state[STATEMENTS_KEY] = statements


def end_session() -> None:
    st.session_state[SESSION_KEY] = None
    st.session_state[STATEMENTS_KEY] = None


# ---------------------------------------------------------------- running a question


def countdown(session: WorkshopSession) -> None:
    """The time budget as text, and a ticking countdown in the browser (numbers only)."""
    if session.seconds <= 0:
        return
    left = time_left(session.started_at, session.seconds, time.time())
    st.caption(_("Time budget: {seconds} s per question").format(seconds=session.seconds))
    time_left_text, time_up = _("Time left: {seconds} s"), _("Time is up")
    if not session.revealed:
        # Numbers only: no user text ever reaches this iframe.
        st.iframe(
            '<div id="t" style="font:600 1.5rem system-ui,sans-serif;color:#d62728"></div><script>'
            f"let s={int(left)};const el=document.getElementById('t');"
            f"const left={json.dumps(time_left_text)},up={json.dumps(time_up)};"
            "const show=()=>{el.textContent=s>0?left.replace('{seconds}',s):up;};show();"
            "const id=setInterval(()=>{s=Math.max(s-1,0);show();if(s===0){clearInterval(id);}},1000);"
            "</script>",
            height=44,
        )


def question_panel(session: WorkshopSession) -> None:
    """The current question, the teams' answers, Reveal and Next."""
    question = session.question
    if question is None:
        st.success(_("All questions are done. Final scores below."))
        return
    st.subheader(
        _("Question {number} of {count}").format(
            number=session.current + 1, count=len(session.questions)
        )
    )
    st.caption(f"{_(question.type)} · {driver_name(question.driver)}")
    countdown(session)
    st.markdown(md_escape(question.question))
    for letter, choice in zip(LETTERS, question.choices, strict=True):
        st.markdown(md_escape(f"{letter}) {choice}"))
    st.markdown("**" + _("Teams' answers") + "**")
    columns = st.columns(min(len(session.teams), 4))
    for position, team in enumerate(session.teams):
        with columns[position % len(columns)]:
            recorded = session.answer_of(team)
            value = st.radio(
                md_escape(team),
                LETTERS,
                index=LETTERS.index(recorded) if recorded else None,
                horizontal=True,
                disabled=session.revealed,
                key=f"_ws_answer_{session.current}_{position}",
            )
            if not session.revealed:
                record_answer(session, team, value)
    reveal_col, next_col = st.columns(2)
    with reveal_col:
        st.button(
            _("Reveal the answer"),
            key="_ws_reveal",
            type="primary",
            disabled=session.revealed,
            on_click=reveal,
            args=(session,),
        )
    with next_col:
        st.button(
            _("Next question"),
            key="_ws_next",
            disabled=not session.revealed,
            on_click=lambda: next_question(session, now=time.time()),
        )
    if session.revealed:
        answer = _("Answer: {letter}) {choice}")
        st.success(md_escape(answer.format(letter=question.answer, choice=question.correct_choice)))
        st.info(md_escape(question.explanation))
        results = []
        for team in session.teams:
            given = session.answer_of(team)
            mark = "✓" if given == question.answer else "✗"
            results.append(f"{team}: {given or '—'} {mark}")
        st.markdown(md_escape(" · ".join(results)))


def scoreboard_panel(session: WorkshopSession) -> pd.DataFrame:
    st.subheader(_("Scoreboard"))
    board = scoreboard(session)
    chart(scoreboard_figure(board), key="ws_scoreboard")
    table(scoreboard_labels(board))
    return board


# ---------------------------------------------------------------- what-if rounds


def whatif_panel(session: WorkshopSession) -> None:
    """ "Your team can move one lever by 5 days: who lifts ROA most?" computed with acumen.analysis.whatif."""
    statements = st.session_state.get(STATEMENTS_KEY)
    if statements is None:
        return
    st.subheader(_("What-if round: move one lever by {days} days").format(days=WHATIF_DAYS))
    st.caption(
        _(
            "Each team picks one lever; the cash it frees repays debt. The what-if engine "
            "recomputes the statements and the team(s) with the biggest ROA lift win a point."
        )
    )
    rounds = session.whatif_rounds
    current = rounds[-1] if rounds and not rounds[-1].revealed else None
    if current is None:
        known = company_names(statements)
        names = {c: known.get(c, c) for c in session.companies}
        company = st.selectbox(
            _("Company for the round"), list(names), format_func=names.get, key="_ws_whatif_company"
        )
        if st.button(_("Start a what-if round"), key="_ws_whatif_start"):
            start_whatif_round(session, company, names[company])
            st.rerun()
        if rounds:
            _show_round(rounds[-1], statements)
        return
    round_text = _("Round {number}: {company}")
    st.markdown(md_escape(round_text.format(number=len(rounds), company=current.name)))
    options = list(whatif_options(current.days))
    columns = st.columns(min(len(session.teams), 3))
    for position, team in enumerate(session.teams):
        with columns[position % len(columns)]:
            chosen = current.picks.get(team)
            value = st.radio(
                md_escape(team),
                options,
                index=options.index(chosen) if chosen in options else None,
                key=f"_ws_whatif_{len(rounds)}_{position}",
            )
            if value is not None:
                current.picks[team] = value
    st.button(
        _("Reveal the what-if"),
        key="_ws_whatif_reveal",
        type="primary",
        on_click=reveal_whatif_round,
        args=(session, current, statements),
    )


def _show_round(round_, statements: pd.DataFrame) -> None:
    currency = company_currency(statements, round_.company)
    st.markdown(md_escape(_("Last round: {company}").format(company=round_.name)))
    table(outcome_table(round_, currency))
    winners = ", ".join(round_.winners) or _("no team")
    st.markdown(md_escape(_("Winners: {teams}.").format(teams=winners)))
    st.caption(
        _(
            "A day of receivables holds revenue / 365, a day of inventory only cost / 365, so "
            "collecting faster frees more. Paying suppliers later frees cash too, but suppliers "
            "finance it: the balance sheet does not shrink, so ROA does not move."
        )
    )


# ---------------------------------------------------------------- exports


def exports_panel(session: WorkshopSession, board: pd.DataFrame) -> None:
    statements = st.session_state.get(STATEMENTS_KEY)
    st.subheader(_("Exports"))
    left, right = st.columns(2)
    with left:
        st.download_button(
            _("Download the scoreboard (CSV)"),
            to_safe_csv(board),
            file_name="workshop_scoreboard.csv",
            mime="text/csv",
            key="ws_download_scores",
        )
    with right:
        if statements is not None:
            st.download_button(
                _("Download the handout (HTML)"),
                handout_html(statements, session.questions).encode("utf-8"),
                file_name="workshop_handout.html",
                mime="text/html",
                key="ws_download_handout",
            )
