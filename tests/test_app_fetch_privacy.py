"""Issue #16 item 11: on a shared server, a session's fallback copies come only from its own
fetches. One user never sees "showing cached figures as of …" for a ticker another looked up,
and nothing fetched in the app is written to the shared on-disk cache."""

from __future__ import annotations

import pytest
import streamlit as st

from acumen.data.cache import SessionCache
from tests.test_app_faults import client_name, fetch, raising, use_client
from tests.test_yahoo import DNSError, recorded


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    st.cache_data.clear()
    monkeypatch.setenv("ACUMEN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_another_session_gets_no_fallback_from_this_sessions_fetch(monkeypatch, isolated):
    use_client(monkeypatch, lambda symbol: recorded("aapl"))
    first = fetch("AAPL")
    assert "Apple" in client_name(first)

    use_client(monkeypatch, raising(DNSError("Could not resolve host", 6)))
    second = fetch("AAPL")  # a new AppTest: another browser session
    assert second.sidebar.error, "the other session must see the failure, not a cached copy"
    assert not any("cached figures" in w.value for w in second.sidebar.warning)
    assert "Apple" not in client_name(second)
    assert not isolated.exists() or not any(isolated.iterdir()), "nothing on the shared disk"

    again = fetch("AAPL", first)  # the session that fetched it keeps its own copy
    assert "Apple" in client_name(again)
    assert any("cached figures as of" in w.value for w in again.sidebar.warning)


def test_session_cache_is_per_owner_and_returns_copies():
    mine, theirs = SessionCache(), SessionCache()
    mine.put("yahoo:AAPL", {"info": {"name": "Apple"}})
    assert theirs.get("yahoo:AAPL") is None
    payload, fetched_at = mine.get("yahoo:AAPL")
    payload["info"]["name"] = "changed"
    assert mine.get("yahoo:AAPL")[0] == {"info": {"name": "Apple"}}
    assert fetched_at.endswith("+00:00")
