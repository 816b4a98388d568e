"""Workshop (facilitator mode): questions one by one with the answer hidden until revealed,
team scores, what-if rounds, a scoreboard CSV and a printable handout."""

import streamlit as st

from acumen.i18n import N_, _
from acumen.ui import workshop_state as ws
from acumen.ui.sidebar import page_setup

page_setup(N_("Workshop"))
st.title(_("Workshop · facilitator mode"))
ws.init_state()
session = ws.current_session()

if session is None:
    st.markdown(
        _(
            "Pick the case companies, name the teams and start. Each question is shown with its "
            "answer hidden; record each team's answer, then reveal it and move on."
        )
    )
    ws.setup_form()
else:
    st.caption(
        _("{teams} teams · {questions} questions · {companies} companies").format(
            teams=len(session.teams),
            questions=len(session.questions),
            companies=len(session.companies),
        )
    )
    main, side = st.columns([3, 2])
    with main:
        ws.question_panel(session)
    with side:
        board = ws.scoreboard_panel(session)
    st.divider()
    ws.whatif_panel(session)
    st.divider()
    ws.exports_panel(session, board)
    st.divider()
    st.button(_("End the session and set up a new one"), key="_ws_end", on_click=ws.end_session)
