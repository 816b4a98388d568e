"""The peer universe for the pages: built once per server process (Streamlit's data cache)
and passed to the engines."""

from __future__ import annotations

import streamlit as st

from acumen.analysis.universe import PeerUniverse, build_universe, data_notes_in
from acumen.data import samples


@st.cache_data(show_spinner=False)
def peer_universe() -> PeerUniverse:
    """The bundled NYSE universe with its data notes (a copy per call)."""
    return build_universe(samples.universe(), data_notes_in(samples.SAMPLE_DIR))
