"""The default yfinance client: a fresh Ticker per fetch, exceptions surfaced, short timeouts.

yfinance hides its exceptions by default and asks for 30 s per request; a fetch here sets
``yf.config.debug.hide_exceptions = False`` while it runs (restored when the last fetch
ends) and gives yfinance a shared curl_cffi session whose requests time out after
:data:`REQUEST_TIMEOUT_SECONDS`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NamedTuple

import pandas as pd

#: Per-request cap on the curl_cffi session given to yfinance (it asks for 30 s per request).
REQUEST_TIMEOUT_SECONDS = 4.0


class YahooFrames(NamedTuple):
    """What one fetch returns: the three annual statements and ``Ticker.info``."""

    income: pd.DataFrame
    balance: pd.DataFrame
    cashflow: pd.DataFrame
    info: dict


_CONFIG_LOCK = threading.Lock()
_CONFIG_STATE: dict[str, Any] = {"users": 0, "saved": True}
_SESSION_LOCK = threading.Lock()
_SESSION: list[Any] = []


@contextmanager
def _yfinance_exceptions_shown(config: Any) -> Iterator[None]:
    """Set ``yf.config.debug.hide_exceptions = False`` while any fetch runs; restore by hand."""
    with _CONFIG_LOCK:
        if _CONFIG_STATE["users"] == 0:
            _CONFIG_STATE["saved"] = config.debug.hide_exceptions
        _CONFIG_STATE["users"] += 1
        config.debug.hide_exceptions = False
    try:
        yield
    finally:
        with _CONFIG_LOCK:
            _CONFIG_STATE["users"] -= 1
            if _CONFIG_STATE["users"] == 0:
                config.debug.hide_exceptions = _CONFIG_STATE["saved"]


def _short_timeout_session() -> Any | None:
    """A shared curl_cffi session whose requests time out after REQUEST_TIMEOUT_SECONDS
    (yfinance passes timeout=30 on every request); None when curl_cffi is missing."""
    with _SESSION_LOCK:
        if _SESSION:
            return _SESSION[0]
        try:
            from curl_cffi import requests as curl_requests
        except ImportError:
            return None

        class ShortTimeoutSession(curl_requests.Session):
            def request(self, method: Any, url: str, *args: Any, **kwargs: Any) -> Any:
                timeout = kwargs.get("timeout")
                if not isinstance(timeout, int | float) or timeout > REQUEST_TIMEOUT_SECONDS:
                    kwargs["timeout"] = REQUEST_TIMEOUT_SECONDS
                return super().request(method, url, *args, **kwargs)

        _SESSION.append(ShortTimeoutSession(impersonate="chrome", timeout=REQUEST_TIMEOUT_SECONDS))
        return _SESSION[0]


def _statement_or_empty(read: Callable[[], pd.DataFrame | None]) -> pd.DataFrame:
    """One statement; yfinance's "Empty fundamentals-timeseries result" becomes an empty frame."""
    from yfinance.exceptions import YFException, YFRateLimitError

    try:
        frame = read()
    except YFRateLimitError:
        raise
    except YFException as error:
        if "empty" in str(error).lower():
            return pd.DataFrame()
        raise
    return frame if isinstance(frame, pd.DataFrame) else pd.DataFrame()


def _info_or_empty(ticker: Any) -> dict:
    """``Ticker.info``; network and rate-limit errors propagate, anything else gives {}."""
    try:
        info = ticker.info
    except Exception as error:
        if failure_kind(error) in {"network", "timeout", "rate_limit"}:
            raise
        return {}
    return dict(info) if isinstance(info, Mapping) else {}


def yfinance_client(symbol: str) -> YahooFrames:
    """Fetch one symbol with yfinance: a fresh Ticker, exceptions surfaced, short timeouts."""
    import yfinance as yf

    with _yfinance_exceptions_shown(yf.config):
        ticker = yf.Ticker(symbol, session=_short_timeout_session())
        income = _statement_or_empty(lambda: ticker.income_stmt)
        balance = _statement_or_empty(lambda: ticker.balance_sheet)
        cashflow = _statement_or_empty(lambda: ticker.cashflow)
        anything = not (income.empty and balance.empty and cashflow.empty)
        info = _info_or_empty(ticker) if anything else {}
    return YahooFrames(income, balance, cashflow, info)


def failure_kind(error: BaseException) -> str:
    """Classify a fetch error: rate_limit, timeout, network, no_data or other."""
    names = {cls.__name__ for cls in type(error).__mro__}
    text = str(error).lower()
    if "YFRateLimitError" in names or "too many requests" in text or "rate limit" in text:
        return "rate_limit"
    if names & {"Timeout", "TimeoutError", "ReadTimeout", "ConnectTimeout"} or "timed out" in text:
        return "timeout"
    if names & {"DNSError", "ConnectionError", "gaierror", "SSLError", "ProxyError"}:
        return "network"
    if "YFTickerMissingError" in names or "empty fundamentals" in text:
        return "no_data"
    return "other"
