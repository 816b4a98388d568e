"""The meeting brief's editable goal summary, kept per client in this session only.

Streamlit drops a widget's edits when the widget isn't rendered, so the latest edited table
is saved in a plain key on every run, and becomes the editor's base when the page is
opened again (with no widget state left to re-apply).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from acumen.brief import GOAL_COLUMNS

EXTRA_GOALS_KEY = "brief_extra_goals"
GOALS_KEY = "brief_goals"


def add_goal(row: dict, client_id: str | None = None) -> None:
    """Queue a goal (e.g. a what-if value statement) for a client's goal summary
    (the current client by default)."""
    from acumen.ui.state import current_client_id

    entry = {c: row.get(c, "") for c in GOAL_COLUMNS}
    entry["client_id"] = client_id or current_client_id()
    st.session_state.setdefault(EXTRA_GOALS_KEY, []).append(entry)


def extra_goals() -> list[dict]:
    return list(st.session_state.get(EXTRA_GOALS_KEY, []))


def editor_key(client_id: str) -> str:
    return f"_w_goals::{client_id}::{st.session_state.get('brief_version', 0)}"


def goals_base(client_id: str, prefill: pd.DataFrame) -> pd.DataFrame:
    """The table the editor starts from: the saved edits if the editor was left, else prefill.

    Goals queued with :func:`add_goal` for this client are appended once.
    """
    store = st.session_state.setdefault(GOALS_KEY, {})
    entry = store.setdefault(client_id, {"table": prefill.copy(), "merged_extras": 0})
    key = editor_key(client_id)
    if key not in st.session_state and "edited" in entry:
        entry["table"] = entry.pop("edited")
    extras = [g for g in extra_goals() if g["client_id"] == client_id]
    new = extras[entry["merged_extras"] :]
    if new:
        table = entry.pop("edited", entry["table"])
        entry["table"] = pd.concat(
            [table, pd.DataFrame(new, columns=GOAL_COLUMNS)], ignore_index=True
        )
        entry["merged_extras"] = len(extras)
        st.session_state["brief_version"] = st.session_state.get("brief_version", 0) + 1
    return entry["table"]


def save_edits(client_id: str, edited: pd.DataFrame) -> None:
    st.session_state[GOALS_KEY][client_id]["edited"] = edited


def current_goals(client_id: str) -> pd.DataFrame | None:
    entry = st.session_state.get(GOALS_KEY, {}).get(client_id)
    if entry is None:
        return None
    return entry.get("edited", entry["table"])
