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

from acumen.plan.model import Plan, empty_plan, validate_plan
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
