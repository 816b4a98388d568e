"""Uploads that no run has seen: the browser shows a file as soon as it is sent, but the
script only sees it in the rerun that follows. A widget's id includes its page, so if the user
moves to another page first, the uploader on the new page is another, empty widget. So every
run also takes the files the browser sent to this session that no run has seen yet, from
Streamlit's in-memory upload storage (:func:`unseen_uploads`: this session's files only; a
file removed with its ✕ is deleted from that storage by the browser). A file still on its way
when the new page ran arrives after it: for a while after a page change a small fragment
(:func:`upload_watch`) looks for such files every second and reruns the app.

Keys in ``st.session_state``: ``_upload_seen`` (ids of the files this session has taken),
``_upload_page`` / ``_upload_watch`` (the page of the last run, and the watch's ticks left).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import streamlit as st

from acumen.ui.upload_read import UPLOAD_TYPES

SEEN_KEY = "_upload_seen"
PAGE_KEY = "_upload_page"
WATCH_KEY = "_upload_watch"
#: After a page change, look for late files every WATCH_SECONDS, WATCH_TICKS times.
WATCH_SECONDS = 1.0
WATCH_TICKS = 30


def new_files(uploaded: list) -> list[tuple[str, bytes, str]]:
    """(file id, bytes, name) of the files to use: the uploader's, or else the files the
    browser sent to this session that no run has taken yet (see the module docstring)."""
    seen: set[str] = st.session_state.setdefault(SEEN_KEY, set())
    if uploaded:
        files = [(f.file_id, f.getvalue(), f.name) for f in uploaded]
        seen.update(file_id for file_id, _, _ in unseen_uploads(seen))  # superseded
    else:
        files = unseen_uploads(seen)
    seen.update(file_id for file_id, _, _ in files)
    return files


def unseen_uploads(seen: set[str]) -> list[tuple[str, bytes, str]]:
    """The files in Streamlit's upload storage for this session not in ``seen``, oldest first
    ([] outside a server run, or with a storage other than the in-memory one)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    manager = getattr(context, "uploaded_file_mgr", None)
    storage = getattr(manager, "file_storage", None)  # MemoryUploadedFileManager's
    if context is None or not isinstance(storage, dict):
        return []
    with getattr(manager, "_lock", None) or contextlib.nullcontext():  # the browser adds files
        records = list(storage.get(context.session_id, {}).values())
    return [
        (r.file_id, r.data, r.name)
        for r in records
        if r.file_id not in seen and Path(r.name).suffix.lower().lstrip(".") in UPLOAD_TYPES
    ]


def current_page() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    return getattr(context, "page_script_hash", None)


def watch_after_page_change() -> None:
    """On the first run of a page after another, start the watch for late files (it stops at
    the next full run, which clears the browser's timer, or after WATCH_TICKS ticks)."""
    page, previous = current_page(), st.session_state.get(PAGE_KEY)
    st.session_state[PAGE_KEY] = page
    if previous is not None and previous != page:
        st.session_state[WATCH_KEY] = WATCH_TICKS
        upload_watch()


@st.fragment(run_every=WATCH_SECONDS)
def upload_watch() -> None:
    """One tick: a file the browser sent after this page's run reruns the app to load it."""
    ticks = st.session_state.get(WATCH_KEY, 0)
    if ticks <= 0:
        return
    st.session_state[WATCH_KEY] = ticks - 1
    if unseen_uploads(st.session_state.get(SEEN_KEY, set())):
        st.session_state[WATCH_KEY] = 0
        st.rerun(scope="app")
