"""Nothing lost without a warning (#16 item 10).

A reload or a closed tab ends the Streamlit session, and with it everything kept only in
``st.session_state``. :func:`guard` sets a ``beforeunload`` handler on the app's window
(the browser's own "Leave site?" prompt) while there is such unsaved work, and removes it when
there is none. :func:`restore_from_url` and :func:`keep_in_url` put what can be restored (the
bundled sample or the Yahoo ticker, never an uploaded company's name) in the address, so a
reload comes back to the same client.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import streamlit as st

from acumen.ui import state

#: The query parameters (a sample's ticker; a Yahoo symbol, which is fetched again by hand).
CLIENT_PARAM = "client"
TICKER_PARAM = "ticker"
_TICKER_TEXT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-^=]{0,14}$")
SEQ_KEY = "_leave_guard_seq"
REASONS_KEY = "_leave_guard_reasons"  # what the last guard counted (for tests and the caption)

# Keys other modules own (read only; kept as strings so this module imports none of the pages).
LEVERS_KEY = "whatif_levers"  # client -> {lever: value, "repay_debt": bool}
WORKSHOP_KEY = "workshop_session"
GOALS_KEY = "brief_goals"  # client -> {"table": DataFrame, "edited": DataFrame, ...}
EXTRA_GOALS_KEY = "brief_extra_goals"
PLAN_DRAFTS_KEY = "plan_drafts"

# The handler lives on the app's window (the iframe is same-origin: Streamlit's sandbox has
# allow-same-origin). A later guard (higher seq) wins over an earlier one of the same page.
_SCRIPT = """<script>
(() => {
  const host = window.parent, active = %s, seq = %d;
  if ((host.__acumenLeaveSeq ?? -1) > seq) return;
  host.__acumenLeaveSeq = seq;
  if (host.__acumenLeaveGuard) host.removeEventListener("beforeunload", host.__acumenLeaveGuard);
  host.__acumenLeaveGuard = null;
  host.__acumenLeaveActive = active;
  if (!active) return;
  host.__acumenLeaveGuard = (event) => { event.preventDefault(); event.returnValue = ""; };
  host.addEventListener("beforeunload", host.__acumenLeaveGuard);
})();
</script>"""


def unsaved_work(session: dict | None = None) -> list[str]:
    """What a reload would lose, in words (empty: nothing). ``session`` defaults to this
    session's ``st.session_state``."""
    session = st.session_state if session is None else session
    reasons = []
    loaded = session.get(state.LOADED_KEY) or {}
    if any(cid.startswith("upload:") for cid in loaded):
        reasons.append("uploaded clients")
    if any(cid.startswith("typed:") for cid in loaded):
        reasons.append("typed figures")
    if _levers_moved(session.get(LEVERS_KEY) or {}):
        reasons.append("what-if levers")
    if _goals_edited(session):
        reasons.append("goal notes")
    if _plan_edited(session):
        reasons.append("an account plan not saved")
    if session.get(WORKSHOP_KEY) is not None:
        reasons.append("a workshop in progress")
    return reasons


def _levers_moved(levers: dict) -> bool:
    for values in levers.values():
        for name, value in (values or {}).items():
            if bool(value) if name == "repay_debt" else abs(float(value or 0.0)) > 1e-12:
                return True
    return False


def _goals_edited(session) -> bool:
    if session.get(EXTRA_GOALS_KEY):
        return True
    for client_id, entry in (session.get(GOALS_KEY) or {}).items():
        edited = entry.get("edited")
        if isinstance(edited, pd.DataFrame) and not edited.equals(entry.get("table")):
            return True
        version = session.get("brief_version", 0)
        if _editor_changed(session.get(f"_w_goals::{client_id}::{version}")):
            return True
    return False


def _plan_edited(session) -> bool:
    from acumen.ui.plan_state import has_unsaved_changes

    for client_id, entry in (session.get(PLAN_DRAFTS_KEY) or {}).items():
        if has_unsaved_changes(client_id, entry["plan"]):
            return True
    return any(
        _editor_changed(session.get(key))
        for key in list(session.keys())
        if str(key).startswith("_w_plan::")
    )


def _editor_changed(widget_state: object) -> bool:
    """Whether a data editor's pending state (edited/added/deleted rows) holds an edit."""
    if not isinstance(widget_state, dict):
        return False
    return any(widget_state.get(part) for part in ("edited_rows", "added_rows", "deleted_rows"))


def guard() -> list[str]:
    """Set (or remove) the browser's leave prompt for this session's unsaved work; returns
    the reasons. Call it after anything that changes the work (the sidebar does, each run)."""
    reasons = unsaved_work()
    st.session_state[REASONS_KEY] = reasons
    seq = st.session_state[SEQ_KEY] = st.session_state.get(SEQ_KEY, 0) + 1
    st.iframe(_SCRIPT % (json.dumps(bool(reasons)), seq), height=1)
    return reasons


def restore_from_url() -> None:
    """On a session's first run, the client the address names: a bundled sample, or the Yahoo
    mode with the ticker filled in (fetched when the user asks). Unknown values are ignored."""
    from acumen.data.samples import catalog

    params = st.query_params
    sample = params.get(CLIENT_PARAM)
    if sample and sample in catalog().index:
        st.session_state[state.CLIENT_KEY] = f"sample:{sample}"
        st.session_state[state.MODE_KEY] = state.MODES[0]
        return
    ticker = params.get(TICKER_PARAM)
    if ticker and _TICKER_TEXT.match(ticker):
        st.session_state[state.MODE_KEY] = state.MODES[2]
        st.session_state["yahoo_symbol"] = ticker.upper()


def keep_in_url(client_id: str) -> None:
    """The address names the current client when a reload can bring it back: a sample by
    its ticker, a Yahoo client by its symbol; nothing for an upload or typed figures."""
    source, _, company = client_id.partition(":")
    wanted = {}
    if source == "sample":
        wanted = {CLIENT_PARAM: company}
    elif source == "yahoo" and _TICKER_TEXT.match(company):
        wanted = {TICKER_PARAM: company.upper()}
    params = st.query_params
    current = {k: params.get(k) for k in (CLIENT_PARAM, TICKER_PARAM) if k in params}
    if current == wanted:
        return
    for key in (CLIENT_PARAM, TICKER_PARAM):
        if key in params and key not in wanted:
            del params[key]
    params.update(wanted)
