"""Session-scoped choices. Everything here lives in this browser session's ``st.session_state``:
an uploaded or fetched client is never written to a shared cache or disk."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from acumen.data.cache import SessionCache
from acumen.data.samples import case_ids
from acumen.i18n import N_

CLIENT_KEY = "client_id"
LOADED_KEY = "loaded_clients"
MODE_KEY = "client_mode"
FETCH_CACHE_KEY = "_fetch_cache"
#: The sidebar's ways to load a client (the values are keys; shown through ``_()``).
MODES = (
    N_("Bundled sample"),
    N_("Upload a file"),
    N_("Yahoo Finance ticker"),
    N_("Type the figures"),
)


def default_client() -> str:
    return "sample:HHP" if "HHP" in case_ids() else "sample:WMT"


def init_state() -> None:
    st.session_state.setdefault(CLIENT_KEY, default_client())
    st.session_state.setdefault(LOADED_KEY, {})
    st.session_state.setdefault(MODE_KEY, MODES[0])


def loaded_clients() -> dict[str, pd.DataFrame]:
    """This session's uploaded / fetched clients: id -> statements."""
    return st.session_state[LOADED_KEY]


def remember_client(client_id: str, statements: pd.DataFrame) -> None:
    loaded_clients()[client_id] = statements
    st.session_state[CLIENT_KEY] = client_id


def current_client_id() -> str:
    return st.session_state[CLIENT_KEY]


def fetch_cache() -> SessionCache:
    """This session's copies of its own fetches (the fallback when a live fetch fails); never
    the server's shared on-disk cache, which would show one user what another looked up."""
    return st.session_state.setdefault(FETCH_CACHE_KEY, SessionCache())
