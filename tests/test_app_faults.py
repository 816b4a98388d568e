"""What the user sees when Yahoo Finance fails: a clear message, the cached copy when there is
one, and the rest of the app still working. yfinance is replaced where the adapter calls it."""

from __future__ import annotations

import threading

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from yfinance.exceptions import YFRateLimitError

from acumen.data.loaders import yahoo
from tests.apptest_support import ROOT
from tests.test_yahoo import DNSError, YahooFrames, recorded


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    st.cache_data.clear()
    monkeypatch.setenv("ACUMEN_CACHE_DIR", str(tmp_path / "cache"))


def use_client(monkeypatch, client) -> None:
    monkeypatch.setattr(yahoo, "yfinance_client", client)


def fetch(symbol: str, at: AppTest | None = None) -> AppTest:
    if at is None:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.run()
        at.sidebar.radio(key="_w_mode").set_value("Yahoo Finance ticker").run()
    at.sidebar.text_input(key="_w_yahoo").set_value(symbol).run()
    at.sidebar.button(key="_w_fetch").click().run()
    assert not at.exception, at.exception
    return at


def raising(error):
    def client(symbol):
        raise error

    return client


def client_name(at: AppTest) -> str:
    return next(m.value for m in at.sidebar.markdown if m.value.startswith("**"))


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (
            DNSError(
                "Failed to perform, curl: (6) Could not resolve host: query2.finance.yahoo.com", 6
            ),
            "no network",
        ),
        (YFRateLimitError(), "rate"),
    ],
    ids=["network-down", "rate-limited"],
)
def test_failure_says_what_happened_and_keeps_the_client(monkeypatch, error, words):
    use_client(monkeypatch, raising(error))
    at = fetch("AAPL")
    message = at.sidebar.error[0].value.lower()
    assert words in message and "sample" in message
    assert "Harbor Home Products" in client_name(at)
    assert len(at.metric) == 5
    assert at.sidebar.text_input(key="_w_yahoo").value == "AAPL"


def test_unknown_ticker(monkeypatch):
    empty = YahooFrames(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), {})
    use_client(monkeypatch, lambda symbol: empty)
    at = fetch("NOSUCHTICKER")
    assert "NOSUCHTICKER" in at.sidebar.error[0].value.replace("\\", "")
    assert len(at.metric) == 5


def test_hang_gives_up_within_the_bound(monkeypatch):
    release = threading.Event()

    def hanging(symbol):
        release.wait(30)
        raise ConnectionError("released")

    use_client(monkeypatch, hanging)
    monkeypatch.setattr(yahoo, "FETCH_TIMEOUT_SECONDS", 1.0)
    try:
        at = fetch("AAPL")
        assert "timed out" in at.sidebar.error[0].value
        assert len(at.metric) == 5
    finally:
        release.set()


def test_partial_result_loads_with_a_warning(monkeypatch):
    frames = recorded("aapl")
    use_client(monkeypatch, lambda symbol: frames._replace(balance=pd.DataFrame()))
    at = fetch("AAPL")
    assert not at.sidebar.error
    assert "Apple" in client_name(at)
    assert any("balance sheet" in w.value for w in at.sidebar.warning)
    velocity = next(m for m in at.metric if m.label.startswith("Velocity"))
    assert velocity.value.startswith("n/a")


def test_non_usd_company_shows_its_currency(monkeypatch):
    use_client(monkeypatch, lambda symbol: recorded("sie"))
    at = fetch("SIE.DE")
    cash = next(m for m in at.metric if m.label.startswith("Cash"))
    assert cash.value.startswith("€")
    assert any("EUR" in c.value for c in at.sidebar.caption)


def test_cached_copy_is_offered_when_the_network_drops(monkeypatch):
    use_client(monkeypatch, lambda symbol: recorded("aapl"))
    at = fetch("AAPL")
    assert "Apple" in client_name(at)
    use_client(monkeypatch, raising(DNSError("Could not resolve host", 6)))
    at2 = fetch("AAPL", at)  # the same session: its own earlier fetch is the fallback
    assert not at2.sidebar.error
    assert "Apple" in client_name(at2)
    assert any("cached figures as of" in w.value for w in at2.sidebar.warning)
