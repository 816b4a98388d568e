"""The account plan page's state: one draft per client in this session, the editors' tables
kept across page switches, the signed-in owner, and the store.

Streamlit drops a widget's state when the widget is not rendered, so every editor's latest
table is copied into a plain key on each run and becomes its base when the page is opened
again. A draft is compared with what was last saved or opened to tell unsaved changes.
"""

from __future__ import annotations

import copy
import json

import pandas as pd
import streamlit as st

from acumen.errors import AcumenError
from acumen.i18n import _
from acumen.plan.model import Plan, empty_plan, plan_from_json, validate_plan
from acumen.plan.schema import LIST_SECTIONS
from acumen.store.database import database_url, is_server_database, open_engine
from acumen.store.plans import PlanStore

DRAFTS_KEY = "plan_drafts"  # client id -> {"plan": Plan, "saved": json or None, "id": int|None}
TABLES_KEY = "plan_tables"  # client id -> section -> last edited DataFrame
VERSION_KEY = "plan_version"  # bumped when a plan is opened or imported (fresh editors)
LOCAL_OWNER = "local"


@st.cache_resource(show_spinner=False)
def _store(url: str) -> PlanStore:
    return PlanStore(open_engine(url))


def plan_store() -> PlanStore:
    """The store for ``ACUMEN_DB`` (one engine per URL per server process)."""
    return _store(database_url())


def current_owner() -> str | None:
    """Who saves: the signed-in user; on a local SQLite file, the machine's one user;
    None on a server database with nobody signed in (saving is then refused)."""
    user = getattr(st, "user", None)
    if user is not None and user.get("is_logged_in"):
        return str(user.get("email") or user.get("sub") or "")
    return None if is_server_database(database_url()) else LOCAL_OWNER


def draft(client_id: str, source: str, name: str) -> dict:
    """This session's draft for ``client_id`` (a new empty plan the first time)."""
    drafts = st.session_state.setdefault(DRAFTS_KEY, {})
    if client_id not in drafts:
        drafts[client_id] = {"plan": empty_plan(source, name), "saved": None, "id": None}
    return drafts[client_id]


def replace_draft(client_id: str, plan: Plan, plan_id: int | None) -> None:
    """Open ``plan`` (saved as ``plan_id``, or imported when None) as the draft: fresh editors."""
    plan = validate_plan(plan)
    drafts = st.session_state.setdefault(DRAFTS_KEY, {})
    saved = json.dumps(plan, sort_keys=True) if plan_id is not None else None
    drafts[client_id] = {"plan": plan, "saved": saved, "id": plan_id}
    st.session_state.setdefault(TABLES_KEY, {}).pop(client_id, None)
    st.session_state[VERSION_KEY] = st.session_state.get(VERSION_KEY, 0) + 1


def mark_saved(client_id: str, plan: Plan, plan_id: int) -> None:
    entry = st.session_state[DRAFTS_KEY][client_id]
    entry.update(plan=copy.deepcopy(plan), saved=json.dumps(plan, sort_keys=True), id=plan_id)


def has_unsaved_changes(client_id: str, plan: Plan) -> bool:
    """Whether ``plan`` differs from what was last saved or opened (an untouched new plan
    has nothing to save)."""
    entry = st.session_state.get(DRAFTS_KEY, {}).get(client_id)
    if entry is None:
        return False
    if entry["saved"] is None:
        blank = empty_plan(plan["client"]["source"], plan["client"]["name"])
        return json.dumps(plan, sort_keys=True) != json.dumps(blank, sort_keys=True)
    return json.dumps(plan, sort_keys=True) != entry["saved"]


def editor_key(client_id: str, section: str) -> str:
    return f"_w_plan::{client_id}::{section}::{st.session_state.get(VERSION_KEY, 0)}"


def section_table(client_id: str, section: str, plan: Plan) -> pd.DataFrame:
    """The table an editor starts from: the draft's entries; once the editor has been left
    (its widget state dropped), its last edited table. The base stays the same while the
    editor lives, so Streamlit re-applies its edits once."""
    tables = st.session_state.setdefault(TABLES_KEY, {}).setdefault(client_id, {})
    entry = tables.get(section)
    if entry is None:
        frame = pd.DataFrame(plan[section], columns=list(LIST_SECTIONS[section]))
        entry = tables[section] = {"base": frame}
    if editor_key(client_id, section) not in st.session_state and "edited" in entry:
        entry["base"] = entry.pop("edited")
    return entry["base"]


def keep_table(client_id: str, section: str, edited: pd.DataFrame) -> None:
    """Remember the editor's current table (the base when the page is opened again)."""
    st.session_state[TABLES_KEY][client_id][section]["edited"] = edited


NOTICE_KEY = "plan_notice"


def open_plan(current: str, plan: Plan, plan_id: int | None, loadable: set[str]) -> str:
    """Open a saved or imported plan for its own client: switch to that client when it can
    be loaded here (a bundled sample, or a client loaded in this session); otherwise open it
    beside the current client with its notes intact and a notice saying what is missing.
    The client id the plan is now the draft of."""
    from acumen.ui.state import CLIENT_KEY

    target = plan["client"]["source"]
    if target and target != current and target in loadable:
        st.session_state[CLIENT_KEY] = target
        if target.startswith("sample:"):
            st.session_state["_w_sample"] = target
        replace_draft(target, plan, plan_id)
        st.session_state.pop(NOTICE_KEY, None)
        return target
    replace_draft(current, plan, plan_id)
    if target and target != current:
        name = plan["client"]["name"] or target
        st.session_state[NOTICE_KEY] = _(
            "This plan is for {name} ({source}), which is not loaded here, so its numbers "
            "can't be checked: the plan's entries are all kept. Load the client's files in the "
            "sidebar, then open the plan again."
        ).format(name=name, source=target)
    else:
        st.session_state.pop(NOTICE_KEY, None)
    return current


OPEN_ERROR_KEY = "plan_open_error"
MAX_PLAN_UPLOAD_BYTES = 2 * 1024 * 1024


def open_saved(current: str, owner: str, plan_id: int, loadable: set[str]) -> None:
    """Button callback (runs before the widgets, so it may switch the client): open the
    owner's saved plan ``plan_id``; a failure is kept for the page to show."""
    try:
        open_plan(current, plan_store().load(owner, plan_id), plan_id, loadable)
    except AcumenError as failure:
        st.session_state[OPEN_ERROR_KEY] = failure.message
    else:
        st.session_state.pop(OPEN_ERROR_KEY, None)


def import_upload(current: str, upload_key: str, loadable: set[str]) -> None:
    """Button callback: open the plan file in the uploader ``upload_key``."""
    uploaded = st.session_state.get(upload_key)
    try:
        if uploaded is None:
            raise AcumenError(_("no plan file chosen"), fix=_("Choose a .json plan file first."))
        if uploaded.size > MAX_PLAN_UPLOAD_BYTES:
            raise AcumenError(
                _("the plan file is larger than 2 MB"),
                source=uploaded.name,
                fix=_("Export the plan again from the Account plan page."),
            )
        plan = plan_from_json(uploaded.getvalue(), source=uploaded.name)
        open_plan(current, plan, None, loadable)
    except AcumenError as failure:
        st.session_state[OPEN_ERROR_KEY] = failure.message
    else:
        st.session_state.pop(OPEN_ERROR_KEY, None)
