"""The meeting brief's editable goal summary, kept per client in this session only.

Streamlit drops a widget's edits when the widget isn't rendered, so the latest edited table
is saved in a plain key on every run, and becomes the editor's base when the page is
opened again (with no widget state left to re-apply).

Downloads of the goal summary and the brief are built when clicked
(:func:`latest_goals_download`), from the latest saved edits, after the run that commits an
edit still in progress.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from acumen.i18n import N_
from acumen.reports.brief import GOAL_COLUMNS

EXTRA_GOALS_KEY = "brief_extra_goals"
#: Human headers of the goal-summary grid (exports keep the column names); shown through ``_()``.
COLUMN_LABELS: dict[str, str] = {
    "company": N_("Company"),
    "ticker": N_("Ticker"),
    "evidence": N_("Evidence"),
    "trade_off": N_("Trade-off"),
    "seller_angle": N_("What it means for you"),
    "questions": N_("Questions"),
    "owner": N_("Owner"),
}
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


def queued_goals(client_id: str) -> list[dict]:
    """The goals queued with :func:`add_goal` for ``client_id``, merged or not."""
    return [g for g in extra_goals() if g["client_id"] == client_id]


def next_rank(client_id: str, prefill_count: Callable[[], int]) -> int:
    """The rank a goal queued now gets: after the client's goal summary (its saved rows, or
    ``prefill_count()`` rows when the brief was never opened) and the goals queued but not
    merged yet."""
    stored = current_goals(client_id)
    pending = len(queued_goals(client_id))
    if stored is None:
        return max(1, prefill_count()) + pending + 1
    merged = st.session_state[GOALS_KEY][client_id]["merged_extras"]
    return len(stored) + pending - merged + 1


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
    extras = queued_goals(client_id)
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


# ---------------------------------------------------------------- downloads of the latest edits

#: How long a download waits for the rerun that commits an edit in progress to begin.
GRACE_SECONDS = 0.5
#: The longest a download waits for the brief page's run to finish.
WAIT_SECONDS = 15.0
GATE_KEY = "_brief_run_gate"


class RunGate:
    """Counts this session's brief-page runs in progress, so a download made at click time
    can wait for the run that commits an edit still being typed (a cell left without Enter
    is committed when the click blurs it: that rerun must finish before the file is built)."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._running = 0
        self._finished = 0.0

    @contextmanager
    def running(self) -> Iterator[None]:
        with self._condition:
            self._running += 1
        try:
            yield
        finally:
            with self._condition:
                self._running -= 1
                self._finished = time.monotonic()
                self._condition.notify_all()

    def settle(self, grace: float = GRACE_SECONDS, timeout: float = WAIT_SECONDS) -> None:
        """Return once no run is in progress and either ``grace`` seconds have passed or a
        run finished after the wait began (at most ``timeout`` seconds)."""
        start = time.monotonic()
        with self._condition:
            while True:
                now = time.monotonic()
                idle = self._running == 0
                if idle and (now - start >= grace or self._finished > start):
                    return
                if now - start >= timeout:
                    return
                self._condition.wait(timeout=min(0.05, max(0.0, timeout - (now - start))))


def run_gate() -> RunGate:
    return st.session_state.setdefault(GATE_KEY, RunGate())


def latest_goals_download(
    client_id: str, build: Callable[[pd.DataFrame], bytes]
) -> Callable[[], bytes]:
    """A download-button callable: at click time, wait for the run committing any edit in
    progress, then build the file from the client's latest goal summary."""
    gate, store = run_gate(), st.session_state.setdefault(GOALS_KEY, {})

    def make() -> bytes:
        gate.settle()
        entry = store[client_id]
        return build(entry.get("edited", entry["table"]))

    return make
