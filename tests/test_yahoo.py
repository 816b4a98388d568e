"""The yfinance adapter, driven by recorded real frames through an injected client.

No test touches the network: ``client=`` replaces the point where the adapter calls
yfinance, and the hang test blocks on a local socket that never answers.
"""

from __future__ import annotations

import json
import math
import socket
import threading
import time
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from yfinance.exceptions import YFException, YFRateLimitError

from acumen.data.cache import StatementCache
from acumen.data.loaders import yahoo, yahoo_client
from acumen.data.loaders.yahoo import (
    fetch_yahoo,
    load_yahoo_fixture,
    statements_from_frames,
)
from acumen.data.loaders.yahoo_client import YahooFrames
from acumen.data.schema import BALANCE_SHEET, CASH_FLOW, INCOME_STATEMENT, LINE_ITEMS
from acumen.errors import AcumenError

try:
    from curl_cffi.requests.exceptions import ConnectionError as CurlConnectionError
    from curl_cffi.requests.exceptions import DNSError, Timeout
except ImportError:  # pragma: no cover - curl_cffi ships with yfinance
    CurlConnectionError, DNSError, Timeout = ConnectionError, ConnectionError, TimeoutError

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "yfinance"
SAMPLE = ROOT / "sample_financials" / "yfinance"


def read_frame(path: Path) -> pd.DataFrame:
    """A recorded statement as yfinance returns it (README recipe)."""
    with path.open(encoding="utf-8") as f:
        frame = pd.DataFrame(json.load(f))
    frame.columns = pd.to_datetime(frame.columns.astype("int64"), unit="ms")
    return frame


def recorded(stem: str) -> YahooFrames:
    frames = [
        read_frame(FIXTURES / f"{stem}_{f}.json")
        for f in ("income_stmt", "balance_sheet", "cashflow")
    ]
    info = json.loads((FIXTURES / f"{stem}_info.json").read_text(encoding="utf-8"))
    return YahooFrames(*frames, info)


def client_returning(frames: YahooFrames, calls: list[str] | None = None):
    def client(symbol: str) -> YahooFrames:
        if calls is not None:
            calls.append(symbol)
        return frames

    return client


def client_raising(error: BaseException):
    def client(symbol: str) -> YahooFrames:
        raise error

    return client


def value(statements: pd.DataFrame, company: str, year: int, item: str) -> float:
    return float(statements.table.loc[(company, year), item])


@pytest.fixture
def aapl() -> pd.DataFrame:
    return statements_from_frames("AAPL", *recorded("aapl"), as_of="2024-01-01T00:00:00+00:00")


# --------------------------------------------------------------------------- recorded frames


def test_aapl_values_from_recorded_frames(aapl: pd.DataFrame) -> None:
    assert list(aapl.index) == [("AAPL", y) for y in (2020, 2021, 2022, 2023)]
    assert value(aapl, "AAPL", 2023, "revenue") == 383_285_000_000
    assert value(aapl, "AAPL", 2022, "revenue") == 394_328_000_000
    assert value(aapl, "AAPL", 2023, "net_income") == 96_995_000_000
    assert value(aapl, "AAPL", 2023, "operating_cash_flow") == 110_543_000_000
    assert value(aapl, "AAPL", 2023, "total_assets") == 352_583_000_000
    # "Long Term Debt" (priority 1), not "Long Term Debt And Capital Lease Obligation"
    assert value(aapl, "AAPL", 2023, "long_term_debt") == 95_281_000_000
    # D&A lives in yfinance's cash-flow statement
    assert value(aapl, "AAPL", 2023, "depreciation_amortization") == 11_519_000_000


def test_outflows_are_stored_positive(aapl: pd.DataFrame) -> None:
    assert value(aapl, "AAPL", 2023, "capital_expenditure") == 10_959_000_000
    assert value(aapl, "AAPL", 2023, "dividends_paid") == 15_025_000_000
    assert (aapl.table["capital_expenditure"] > 0).all()
    assert (aapl.table["dividends_paid"] > 0).all()


def test_aapl_shape_and_metadata(aapl: pd.DataFrame) -> None:
    assert list(aapl.table.columns) == list(LINE_ITEMS)
    assert all(dtype == "float64" for dtype in aapl.table.dtypes)
    period_end = aapl.period_end
    assert period_end.loc[("AAPL", 2023)] == pd.Timestamp("2023-09-30")
    company = aapl.companies.loc["AAPL"]
    assert company["name"] == "Apple Inc."
    assert company["ticker"] == "AAPL"
    assert company["currency"] == "USD"
    assert company["sector"] == "Technology"
    assert company["industry"] == "Consumer Electronics"
    assert company["source"] == "yfinance"
    assert company["as_of"] == "2024-01-01T00:00:00+00:00"
    assert list(aapl.warnings) == []


def test_siemens_sample_reports_in_eur() -> None:
    sie = load_yahoo_fixture(SAMPLE, "sie", company_id="SIE")
    assert list(sie.index) == [("SIE", y) for y in (2020, 2021, 2022, 2023)]
    assert sie.period_end.loc[("SIE", 2023)] == pd.Timestamp("2023-09-30")
    assert value(sie, "SIE", 2023, "revenue") == 77_769_000_000
    assert value(sie, "SIE", 2023, "net_income") == 7_949_000_000
    assert value(sie, "SIE", 2023, "capital_expenditure") == 2_218_000_000
    company = sie.companies.loc["SIE"]
    assert company["currency"] == "EUR"
    assert company["name"] == "Siemens Aktiengesellschaft"
    assert company["as_of"] == "recorded fixture"
    assert company["source"] == "yfinance"


def test_fixture_loader_matches_frames_loader() -> None:
    from_files = load_yahoo_fixture(FIXTURES, "aapl", company_id="AAPL")
    from_frames = statements_from_frames("AAPL", *recorded("aapl"))
    pd.testing.assert_frame_equal(
        from_files.table, from_frames.table, check_like=False, check_flags=False
    )


def test_all_nan_period_is_dropped() -> None:
    frames = recorded("aapl")
    padded = [f.assign(**{"2019-09-28": float("nan")}) for f in frames[:3]]
    for frame in padded:
        frame.columns = pd.to_datetime(frame.columns)
    statements = statements_from_frames("AAPL", *padded, frames.info)
    assert sorted(statements.index.get_level_values("fiscal_year")) == [2020, 2021, 2022, 2023]


def test_two_periods_in_one_fiscal_year_keep_the_later() -> None:
    ends = pd.to_datetime(["2024-01-31", "2023-06-30", "2021-12-31"])
    income = pd.DataFrame([[10.0, 9.0, 8.0]], index=["Total Revenue"], columns=ends)
    cashflow = pd.DataFrame([[-1.0, -2.0, -3.0]], index=["Capital Expenditure"], columns=ends)
    statements = statements_from_frames(
        "WMT", income, pd.DataFrame(), cashflow, {"currency": "USD"}
    )
    assert list(statements.index) == [("WMT", 2021), ("WMT", 2023)]
    assert value(statements, "WMT", 2023, "revenue") == 10.0
    assert value(statements, "WMT", 2023, "capital_expenditure") == 1.0
    assert statements.period_end.loc[("WMT", 2023)] == pd.Timestamp("2024-01-31")
    assert any(
        "two income statement periods fall in fiscal 2023" in w for w in list(statements.warnings)
    )


def test_balance_sheet_years_without_income_are_dropped_with_warning() -> None:
    frames = recorded("aapl")
    balance = frames.balance.copy()
    balance[pd.Timestamp("2019-09-28")] = 1.0
    statements = statements_from_frames(
        "AAPL", frames.income, balance, frames.cashflow, frames.info
    )
    assert 2019 not in statements.index.get_level_values("fiscal_year")
    assert any("balance sheet for fiscal 2019 dropped" in w for w in list(statements.warnings))


def test_january_year_end_belongs_to_previous_year() -> None:
    ends = pd.to_datetime(["2024-01-31", "2022-12-31"])
    income = pd.DataFrame([[10.0, 8.0]], index=["Total Revenue"], columns=ends)
    statements = statements_from_frames("WMT", income, pd.DataFrame(), pd.DataFrame(), {})
    assert list(statements.index) == [("WMT", 2022), ("WMT", 2023)]
    assert value(statements, "WMT", 2023, "revenue") == 10.0


def test_currency_falls_back_to_trading_currency_then_usd() -> None:
    frames = recorded("sie")
    info = {k: v for k, v in frames.info.items() if k != "financialCurrency"}
    trading = statements_from_frames("SIE.DE", *frames[:3], info)
    assert trading.companies["currency"].iloc[0] == "EUR"
    unknown = statements_from_frames("SIE.DE", *frames[:3], {})
    assert unknown.companies["currency"].iloc[0] == "USD"
    assert any("currency" in w and "USD" in w for w in list(unknown.warnings))
    assert unknown.companies["name"].iloc[0] == "SIE.DE"


def test_financial_currency_wins_over_trading_currency() -> None:
    frames = recorded("aapl")
    info = {**frames.info, "currency": "MXN", "financialCurrency": "USD"}
    statements = statements_from_frames("AAPL.MX", *frames[:3], info)
    assert statements.companies["currency"].iloc[0] == "USD"


# --------------------------------------------------------------------------- partial / empty


def test_partial_result_without_balance_sheet_loads_with_warning() -> None:
    frames = recorded("aapl")
    statements = fetch_yahoo(
        "AAPL", client=client_returning(frames._replace(balance=pd.DataFrame()))
    )
    assert value(statements, "AAPL", 2023, "revenue") == 383_285_000_000
    assert statements.table[list(BALANCE_SHEET)].isna().all().all()
    assert statements.table[list(CASH_FLOW)].notna().all().all()
    assert any(
        "no balance sheet returned: balance-sheet metrics will show n/a" in w
        for w in list(statements.warnings)
    )


def test_partial_result_without_cash_flow_warns() -> None:
    frames = recorded("aapl")
    statements = statements_from_frames(
        "AAPL", frames.income, frames.balance, pd.DataFrame(), frames.info
    )
    assert statements.table[["operating_cash_flow", "capital_expenditure"]].isna().all().all()
    assert any("no cash-flow statement returned" in w for w in list(statements.warnings))


def test_missing_income_statement_is_an_error() -> None:
    frames = recorded("aapl")._replace(income=pd.DataFrame())
    with pytest.raises(AcumenError, match="no income statement") as raised:
        fetch_yahoo("AAPL", client=client_returning(frames))
    assert "upload the figures" in str(raised.value)


def test_unknown_ticker_all_empty_frames() -> None:
    empty = YahooFrames(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), {})
    with pytest.raises(AcumenError, match="unknown ticker") as raised:
        fetch_yahoo("NOSUCHTICKER", client=client_returning(empty))
    assert "Check the symbol" in str(raised.value)


def test_yfinance_empty_result_exception_reads_as_no_data() -> None:
    error = YFException("Empty fundamentals-timeseries result")
    with pytest.raises(AcumenError, match="unknown ticker"):
        fetch_yahoo("NOSUCH", client=client_raising(error))


def test_income_without_known_labels_keeps_no_rows_of_nan_only() -> None:
    ends = pd.to_datetime(["2023-12-31"])
    income = pd.DataFrame([[1.0]], index=["Something Unmapped"], columns=ends)
    statements = statements_from_frames("XYZ", income, pd.DataFrame(), pd.DataFrame(), {})
    assert statements.empty


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize(
    "error",
    [
        DNSError(
            "Failed to perform, curl: (6) Could not resolve host: query2.finance.yahoo.com", 6
        ),
        CurlConnectionError("Failed to perform, curl: (7) Couldn't connect to server", 7),
        ConnectionError("Network is unreachable"),
    ],
    ids=["dns", "curl-connection", "builtin-connection"],
)
def test_network_down_says_no_network(error: Exception) -> None:
    with pytest.raises(AcumenError) as raised:
        fetch_yahoo("AAPL", client=client_raising(error))
    message = str(raised.value)
    assert "no network" in message
    assert "bundled sample" in message and "upload the figures" in message
    assert raised.value.__cause__ is error


def test_request_timeout_exception_says_timed_out() -> None:
    error = Timeout("Failed to perform, curl: (28) Operation timed out after 4001 milliseconds", 28)
    with pytest.raises(AcumenError, match="timed out") as raised:
        fetch_yahoo("AAPL", client=client_raising(error))
    assert "probably no network" in str(raised.value)


def test_rate_limited() -> None:
    with pytest.raises(AcumenError, match="rate-limiting") as raised:
        fetch_yahoo("AAPL", client=client_raising(YFRateLimitError()))
    message = str(raised.value)
    assert "Too Many Requests" in message
    assert "Wait a few minutes" in message


def test_rate_limit_recognised_from_message_text() -> None:
    error = RuntimeError("HTTP 429 Too Many Requests")
    with pytest.raises(AcumenError, match="rate-limiting"):
        fetch_yahoo("AAPL", client=client_raising(error))


def test_unexpected_error_is_wrapped() -> None:
    with pytest.raises(AcumenError, match="failed unexpectedly.*KeyError"):
        fetch_yahoo("AAPL", client=client_raising(KeyError("quoteSummary")))


def test_malformed_client_result_is_wrapped() -> None:
    with pytest.raises(AcumenError, match="failed unexpectedly"):
        fetch_yahoo("AAPL", client=lambda symbol: ("not", "frames"))


@pytest.fixture
def silent_server():
    """A local TCP server that accepts connections and never answers."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.1)
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname(), accepted
    stop.set()
    thread.join(2)
    for conn in accepted:
        conn.close()  # the hanging client's recv() returns, its thread ends
    server.close()


def test_hanging_client_gives_up_within_the_bound(silent_server) -> None:
    address, accepted = silent_server

    def hanging_client(symbol: str) -> YahooFrames:
        with socket.create_connection(address) as conn:
            conn.recv(1)  # blocks: the server never answers
        raise AssertionError("the silent server answered")

    started = time.monotonic()
    with pytest.raises(AcumenError) as raised:
        fetch_yahoo("AAPL", timeout=1.0, client=hanging_client)
    elapsed = time.monotonic() - started
    message = str(raised.value)
    assert "timed out after 1 s" in message
    assert "probably no network" in message
    assert "Try a bundled sample or upload the figures" in message
    assert 0.9 <= elapsed < 10
    assert accepted, "the client really was waiting on the socket"


def test_hang_falls_back_to_cache(tmp_path: Path) -> None:
    cache = StatementCache(tmp_path)
    fetch_yahoo("AAPL", cache=cache, client=client_returning(recorded("aapl")))
    release = threading.Event()

    def stuck(symbol: str) -> YahooFrames:
        release.wait(30)
        raise AssertionError("released")

    try:
        statements = fetch_yahoo("AAPL", timeout=0.3, cache=cache, client=stuck)
    finally:
        release.set()
    assert list(statements.warnings)[0].startswith("Live fetch failed (timed out after 0.3 s)")


# --------------------------------------------------------------------------- symbols


@pytest.mark.parametrize("bad", ["", "   ", "AAPL;rm -rf", "ÄPFEL", "A/B", "X" * 21, None])
def test_bad_symbols_are_rejected_before_any_call(bad) -> None:
    calls: list[str] = []
    with pytest.raises(AcumenError, match="not a ticker symbol"):
        fetch_yahoo(bad, client=client_returning(recorded("aapl"), calls))
    assert calls == []


@pytest.mark.parametrize("good", [" aapl ", "SIE.DE", "BRK-B", "^GSPC", "EURUSD=X"])
def test_symbols_are_stripped_and_upper_cased(good: str) -> None:
    calls: list[str] = []
    statements = fetch_yahoo(good, client=client_returning(recorded("aapl"), calls))
    assert calls == [good.strip().upper()]
    assert statements.index.get_level_values("company")[0] == good.strip().upper()


# --------------------------------------------------------------------------- cache


def test_successful_fetch_is_cached_and_stamped(tmp_path: Path) -> None:
    cache = StatementCache(tmp_path)
    statements = fetch_yahoo("aapl", cache=cache, client=client_returning(recorded("aapl")))
    as_of = statements.companies["as_of"].iloc[0]
    assert datetime.fromisoformat(as_of).tzinfo is not None
    hit = cache.get("yahoo:AAPL")
    assert hit is not None
    payload, fetched_at = hit
    assert set(payload) == {"symbol", "income", "balance", "cashflow", "info"}
    assert payload["info"]["financialCurrency"] == "USD"
    assert datetime.fromisoformat(fetched_at).tzinfo is not None


def test_cache_fallback_after_a_failure(tmp_path: Path) -> None:
    cache = StatementCache(tmp_path)
    live = fetch_yahoo("AAPL", cache=cache, client=client_returning(recorded("aapl")))
    _, fetched_at = cache.get("yahoo:AAPL")

    offline = fetch_yahoo(
        "AAPL", cache=cache, client=client_raising(DNSError("Could not resolve host", 6))
    )
    warnings = list(offline.warnings)
    assert (
        warnings[0] == f"Live fetch failed (no network); showing cached figures as of {fetched_at}"
    )
    assert offline.companies["as_of"].iloc[0] == fetched_at
    pd.testing.assert_frame_equal(offline.table, live.table, check_flags=False)
    assert offline.companies["currency"].iloc[0] == "USD"
    assert value(offline, "AAPL", 2023, "revenue") == 383_285_000_000


def test_cache_fallback_on_rate_limit_and_empty_result(tmp_path: Path) -> None:
    cache = StatementCache(tmp_path)
    fetch_yahoo("SIE.DE", cache=cache, client=client_returning(recorded("sie")))
    limited = fetch_yahoo("SIE.DE", cache=cache, client=client_raising(YFRateLimitError()))
    assert "rate-limited" in list(limited.warnings)[0]
    assert limited.companies["currency"].iloc[0] == "EUR"
    empty = YahooFrames(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), {})
    silent = fetch_yahoo("SIE.DE", cache=cache, client=client_returning(empty))
    assert list(silent.warnings)[0].startswith("Live fetch failed (")


def test_failure_without_cached_copy_raises(tmp_path: Path) -> None:
    with pytest.raises(AcumenError, match="no network"):
        fetch_yahoo(
            "AAPL",
            cache=StatementCache(tmp_path),
            client=client_raising(CurlConnectionError("down", 7)),
        )


def test_cached_copy_is_rebuilt_as_of_its_fetch(tmp_path: Path) -> None:
    cache = StatementCache(tmp_path)
    assert cache.get("yahoo:AAPL") is None
    fetch_yahoo("AAPL", cache=cache, client=client_returning(recorded("aapl")))
    down = client_raising(CurlConnectionError("down", 7))
    statements = fetch_yahoo(" aapl ", cache=cache, client=down)
    assert value(statements, "AAPL", 2023, "revenue") == 383_285_000_000
    assert statements.companies["as_of"].iloc[0] == cache.get("yahoo:AAPL")[1]


def test_corrupt_cache_is_ignored_then_rebuilt(tmp_path: Path) -> None:
    cache = StatementCache(tmp_path)
    path = cache.path_for("yahoo:AAPL")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"key": "yahoo:AAPL", "payload": {"inc', encoding="utf-8")

    with pytest.raises(AcumenError, match="no network"):
        fetch_yahoo("AAPL", cache=cache, client=client_raising(DNSError("no DNS", 6)))
    assert not path.exists()

    fetch_yahoo("AAPL", cache=cache, client=client_returning(recorded("aapl")))
    assert json.loads(path.read_text(encoding="utf-8"))["key"] == "yahoo:AAPL"
    offline = fetch_yahoo("AAPL", cache=cache, client=client_raising(DNSError("no DNS", 6)))
    assert value(offline, "AAPL", 2023, "revenue") == 383_285_000_000


def test_cache_write_failure_does_not_lose_the_fetch(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    statements = fetch_yahoo(
        "AAPL", cache=StatementCache(blocker), client=client_returning(recorded("aapl"))
    )
    assert value(statements, "AAPL", 2023, "revenue") == 383_285_000_000
    assert any("could not save" in w for w in list(statements.warnings))


def test_payload_round_trip_keeps_every_figure() -> None:
    frames = recorded("sie")
    payload = json.loads(json.dumps(yahoo.frames_payload("SIE.DE", frames)))
    rebuilt = yahoo.frames_from_payload(payload)
    original = statements_from_frames("SIE.DE", *frames, as_of="t")
    again = statements_from_frames("SIE.DE", *rebuilt, as_of="t")
    pd.testing.assert_frame_equal(original.table, again.table, check_flags=False)
    assert again.companies["currency"].iloc[0] == "EUR"


# --------------------------------------------------------------------------- default client parts


def test_failure_kinds() -> None:
    assert yahoo_client.failure_kind(YFRateLimitError()) == "rate_limit"
    assert yahoo_client.failure_kind(Timeout("slow", 28)) == "timeout"
    assert yahoo_client.failure_kind(TimeoutError()) == "timeout"
    assert yahoo_client.failure_kind(DNSError("dns", 6)) == "network"
    assert yahoo_client.failure_kind(socket.gaierror(-2, "Name or service not known")) == "network"
    assert (
        yahoo_client.failure_kind(YFException("Empty fundamentals-timeseries result")) == "no_data"
    )
    assert yahoo_client.failure_kind(ValueError("odd")) == "other"


def test_hide_exceptions_is_switched_off_during_fetch_and_restored() -> None:
    import yfinance as yf

    before = yf.config.debug.hide_exceptions
    try:
        yf.config.debug.hide_exceptions = True
        with yahoo_client._yfinance_exceptions_shown(yf.config):
            assert yf.config.debug.hide_exceptions is False
            with yahoo_client._yfinance_exceptions_shown(yf.config):
                assert yf.config.debug.hide_exceptions is False
            assert yf.config.debug.hide_exceptions is False
        assert yf.config.debug.hide_exceptions is True
        with pytest.raises(RuntimeError), yahoo_client._yfinance_exceptions_shown(yf.config):
            raise RuntimeError("boom")
        assert yf.config.debug.hide_exceptions is True
    finally:
        yf.config.debug.hide_exceptions = before


def test_short_timeout_session_caps_yfinance_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    from curl_cffi import requests as curl_requests
    from yfinance._http import is_supported_session

    session = yahoo_client._short_timeout_session()
    assert session is yahoo_client._short_timeout_session()
    assert is_supported_session(session)
    seen: list[object] = []
    monkeypatch.setattr(
        curl_requests.Session, "request", lambda self, method, url, **kw: seen.append(kw["timeout"])
    )
    session.get("https://example.invalid/", timeout=30)
    session.get("https://example.invalid/", timeout=2)
    session.get("https://example.invalid/")
    assert seen == [yahoo_client.REQUEST_TIMEOUT_SECONDS, 2, yahoo_client.REQUEST_TIMEOUT_SECONDS]


def test_empty_statement_exception_becomes_empty_frame() -> None:
    def empty() -> pd.DataFrame:
        raise YFException("Empty fundamentals-timeseries result")

    assert yahoo_client._statement_or_empty(empty).empty
    assert yahoo_client._statement_or_empty(lambda: None).empty
    with pytest.raises(YFRateLimitError):
        yahoo_client._statement_or_empty(lambda: client_raising(YFRateLimitError())("AAPL"))


def test_info_failure_other_than_network_gives_empty_info() -> None:
    class Ticker:
        @property
        def info(self) -> dict:
            raise KeyError("quoteSummary")

    class Offline:
        @property
        def info(self) -> dict:
            raise DNSError("no DNS", 6)

    assert yahoo_client._info_or_empty(Ticker()) == {}
    with pytest.raises(DNSError):
        yahoo_client._info_or_empty(Offline())


def test_no_nan_or_inf_sneaks_into_canonical_items(aapl: pd.DataFrame) -> None:
    for item in INCOME_STATEMENT:
        assert all(math.isfinite(v) for v in aapl.table[item])
