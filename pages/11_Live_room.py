"""Live room: the facilitator opens a room (code, link, QR code), participants join on their
own devices with ``?room=CODE``, answer, and see the reveal and the scoreboard."""

import streamlit as st

from acumen.i18n import N_, _
from acumen.ui import room_state as rs
from acumen.ui.language import language_switch, session_language
from acumen.ui.sidebar import page_title

session_language()  # this session's own language, before the first text
st.set_page_config(page_title=page_title(N_("Live room")), page_icon="📈", layout="wide")
with st.sidebar:
    language_switch()
setup = rs.init_state()
who, code = rs.role()

if who == "facilitator":
    held = st.session_state[rs.FACILITATOR_KEY]
    st.title(_("Live room · facilitator"))
    rs.facilitator_header(code, held["token"])
    rs.facilitator_live(code, held["token"])
    rs.materials_downloads(code, held["token"])
    st.divider()
    rs.leave_button()
elif who == "participant":
    st.title(_("Live room"))
    token = rs.seat_token(code)
    if token:
        rs.participant_live(code, token)
    else:
        rs.join_form(code)
else:
    st.title(_("Live room"))
    st.markdown(
        _(
            "A quiz everyone answers on their own phone or laptop. The facilitator opens a room "
            "and shows its code and QR code; participants join a team and answer; the "
            "facilitator reveals each answer and the scoreboard updates on every screen."
        )
    )
    rs.show_error()
    left, right = st.columns(2)
    with left:
        rs.join_code_form()
    with right:
        rs.open_form(setup)
        rs.resume_form()
