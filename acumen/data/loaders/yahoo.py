"""Yahoo Finance (yfinance 1.7) statements: live fetch, recorded fixtures and the cache.

yfinance frames have line-item labels as rows and period ends as columns (newest first).
They become canonical statements: fiscal years by the Compustat convention, one label per
canonical item chosen by priority from the alias table ``acumen/data/aliases.csv`` (see
:func:`pick_items`), outflows (capex, dividends) stored positive, the reporting currency
from ``info["financialCurrency"]``. :func:`provider_records` is shared with the Alpha
Vantage loader.

A live fetch runs in a daemon thread with a deadline, so a hanging network never blocks
the app; failures become :class:`AcumenError` messages that say what happened and what
to do instead, and fall back to the last cached copy when there is one.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from acumen.data.aliases import alias_table, canonical_item, normalise_label
from acumen.data.cache import StatementCache, utc_now_iso
from acumen.data.loaders.cached_fetch import fallback_note
from acumen.data.schema import BALANCE_SHEET, CASH_FLOW, INCOME_STATEMENT, LINE_ITEMS
from acumen.data.statements import build_statements, fiscal_year_of, make_companies
from acumen.errors import AcumenError

FETCH_TIMEOUT_SECONDS = 15.0
#: Per-request cap on the curl_cffi session given to yfinance (it asks for 30 s per request).
REQUEST_TIMEOUT_SECONDS = 4.0
RECORDED = "recorded fixture"
SOURCE = "yfinance"
#: Canonical items whose providers report a negative outflow; stored positive.
OUTFLOW_ITEMS = ("capital_expenditure", "dividends_paid")
#: Statement name -> the canonical items that belong to it (preferred on priority ties).
STATEMENT_ITEMS: dict[str, tuple[str, ...]] = {
    "income": INCOME_STATEMENT,
    "balance": BALANCE_SHEET,
    "cashflow": CASH_FLOW,
}
STATEMENT_NAMES = {
    "income": "income statement",
    "balance": "balance sheet",
    "cashflow": "cash-flow statement",
}
INFO_KEYS = (
    "symbol",
    "longName",
    "shortName",
    "financialCurrency",
    "currency",
    "sector",
    "industry",
)
FIXTURE_FILES = {"income": "income_stmt", "balance": "balance_sheet", "cashflow": "cashflow"}
SYMBOL_PATTERN = re.compile(r"[A-Z0-9.\-^=]{1,20}")
OTHER_SOURCES = "Try a bundled sample or upload the figures."


class YahooFrames(NamedTuple):
    """What one fetch returns: the three annual statements and ``Ticker.info``."""

    income: pd.DataFrame
    balance: pd.DataFrame
    cashflow: pd.DataFrame
    info: dict


# --------------------------------------------------------------------------- frames -> records


def period_index(columns: pd.Index) -> pd.DatetimeIndex:
    """Column labels as period-end Timestamps: datetimes, epoch milliseconds or date strings."""
    if isinstance(columns, pd.DatetimeIndex):
        return columns.tz_localize(None) if columns.tz is not None else columns
    numeric = pd.to_numeric(pd.Series(list(columns), dtype="object"), errors="coerce")
    if len(columns) and numeric.notna().all():
        return pd.DatetimeIndex(pd.to_datetime(numeric.astype("int64"), unit="ms"))
    return pd.DatetimeIndex(pd.to_datetime(list(columns)))


def tidy_statement(frame: pd.DataFrame | None) -> pd.DataFrame:
    """Numeric labels × period-end frame without all-NaN rows/periods or repeated labels."""
    if frame is None or frame.empty:
        return pd.DataFrame()
    tidy = frame.apply(pd.to_numeric, errors="coerce").astype("float64")
    tidy.columns = period_index(frame.columns)
    tidy = tidy.loc[~tidy.index.duplicated(keep="first")]
    return tidy.dropna(how="all").dropna(axis=1, how="all")


@functools.cache
def _alias_rows() -> dict[str, list[tuple[int, frozenset[str]]]]:
    """Normalised alias -> [(priority, origins)] for every alias-table row with that key."""
    rows: dict[str, list[tuple[int, frozenset[str]]]] = {}
    table = alias_table()
    for key, priority, origin in zip(table["key"], table["priority"], table["origin"], strict=True):
        origins = frozenset(str(origin).replace(" ", "").lower().split("/"))
        rows.setdefault(key, []).append((int(priority), origins))
    return rows


def label_rank(label: object, provider: str) -> tuple[int, int]:
    """(priority, 0 if the alias row is the provider's own else 1) for a known label.

    Several aliases normalise alike across providers (yfinance "Long Term Debt" at 1,
    Alpha Vantage "longTermDebt" at 3), and ``aliases.label_priority`` keeps whichever row
    comes last. Here the provider's own rows win, then the best priority.
    """
    rows = _alias_rows().get(normalise_label(label), [])
    own = [priority for priority, origins in rows if provider in origins]
    if own:
        return min(own), 0
    return (min(priority for priority, _ in rows), 1) if rows else (99, 1)


def pick_items(
    statements: Mapping[str, pd.DataFrame], provider: str = SOURCE
) -> dict[str, tuple[str, object]]:
    """Canonical item -> (statement, label) by the alias table: best priority, then the
    provider's own alias, then the item's own statement, then the earlier statement
    (income, balance, cash flow), then the earlier label."""
    best: dict[str, tuple[tuple[int, ...], str, object]] = {}
    for order, (name, frame) in enumerate(statements.items()):
        for position, label in enumerate(frame.index):
            item = canonical_item(label)
            if item is None:
                continue
            home = 0 if item in STATEMENT_ITEMS.get(name, ()) else 1
            rank = (*label_rank(label, provider), home, order, position)
            if item not in best or rank < best[item][0]:
                best[item] = (rank, name, label)
    return {item: (name, label) for item, (_, name, label) in best.items()}


def _preferred(
    picks: dict[str, tuple[str, object]],
    statements: Mapping[str, pd.DataFrame],
    prefer: Mapping[str, tuple[str, str]],
) -> dict[str, tuple[str, object]]:
    """``picks`` with provider-specific (statement, label) overrides applied where present."""
    chosen = dict(picks)
    for item, (name, label) in prefer.items():
        frame = statements.get(name)
        if frame is not None and label in frame.index:
            chosen[item] = (name, label)
    return chosen


def _by_fiscal_year(name: str, frame: pd.DataFrame, warnings: list[str], who: str) -> pd.DataFrame:
    """Statement columns keyed by fiscal year; when two periods share one, the later is kept."""
    ends = pd.DatetimeIndex(frame.columns)
    years = pd.Index(fiscal_year_of(ends), name="fiscal_year")
    keyed = frame.set_axis(years, axis=1).T.assign(period_end=ends.to_numpy())
    keyed = keyed.sort_values("period_end")
    repeated = keyed.index.duplicated(keep="last")
    for year in sorted(set(keyed.index[repeated])):
        warnings.append(
            f"{who}: two {STATEMENT_NAMES.get(name, name)} periods fall in fiscal {year}; the later one is used"
        )
    return keyed.loc[~repeated]


def provider_records(
    company: str,
    statements: Mapping[str, pd.DataFrame],
    who: str,
    *,
    provider: str = SOURCE,
    prefer: Mapping[str, tuple[str, str]] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Long records (company, fiscal_year, period_end, items) from tidy statements.

    Rows are the income statement's fiscal years; other statements' extra years are dropped
    with a warning. ``provider`` is the alias-table origin ("yfinance", "alphavantage");
    ``prefer`` maps an item to a (statement, label) used whenever that label has data.
    Outflows are stored positive.
    """
    warnings: list[str] = []
    keyed = {n: _by_fiscal_year(n, f, warnings, who) for n, f in statements.items() if not f.empty}
    income = keyed["income"]
    records = pd.DataFrame({"period_end": income["period_end"]}, index=income.index)
    picks = _preferred(pick_items(statements, provider), statements, prefer or {})
    for item, (name, label) in picks.items():
        records[item] = keyed[name][label].reindex(records.index)
    for name, frame in keyed.items():
        extra = sorted(set(frame.index) - set(records.index))
        if extra and name != "income":
            years = ", ".join(str(y) for y in extra)
            warnings.append(
                f"{who}: {STATEMENT_NAMES[name]} for fiscal {years} dropped (no income statement for that year)"
            )
    for item in OUTFLOW_ITEMS:
        if item in records.columns:
            records[item] = records[item].abs()
    items = [c for c in records.columns if c in LINE_ITEMS]
    records = records.loc[records[items].notna().any(axis=1)] if items else records.iloc[0:0]
    records = records.reset_index().assign(company=company)
    return records, warnings


# --------------------------------------------------------------------------- public loaders


def _currency(info: Mapping[str, Any], who: str, warnings: list[str]) -> str:
    """Reporting currency: financialCurrency, else the trading currency, else USD (warned)."""
    for key in ("financialCurrency", "currency"):
        value = info.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip().upper()
    warnings.append(f"{who}: reporting currency not returned; figures assumed to be in USD")
    return "USD"


def _check_frames(symbol: str, tidy: Mapping[str, pd.DataFrame], who: str) -> list[str]:
    """Errors for an empty result or a missing income statement; warnings for other gaps."""
    if all(frame.empty for frame in tidy.values()):
        raise AcumenError(
            f"Yahoo Finance returned no financial statements for '{symbol}' "
            "(unknown ticker, or no fundamentals published for it)",
            source=who,
            fix="Check the symbol, including any exchange suffix (e.g. SIE.DE), or upload the figures.",
        )
    if tidy["income"].empty:
        raise AcumenError(
            f"Yahoo Finance returned no income statement for '{symbol}', so revenue and "
            "margins cannot be shown",
            source=who,
            fix=f"Try again later. {OTHER_SOURCES}",
        )
    warnings = []
    if tidy["balance"].empty:
        warnings.append(f"{who}: no balance sheet returned: balance-sheet metrics will show n/a")
    if tidy["cashflow"].empty:
        warnings.append(f"{who}: no cash-flow statement returned: cash-flow metrics will show n/a")
    return warnings


def statements_from_frames(
    symbol: str,
    income: pd.DataFrame,
    balance: pd.DataFrame,
    cashflow: pd.DataFrame,
    info: dict,
    *,
    company_id: str | None = None,
    source: str = SOURCE,
    as_of: str | None = None,
) -> pd.DataFrame:
    """Canonical statements from yfinance's three annual frames and ``Ticker.info``."""
    info = info or {}
    company = company_id or symbol
    who = f"{symbol} ({source})"
    tidy = {
        "income": tidy_statement(income),
        "balance": tidy_statement(balance),
        "cashflow": tidy_statement(cashflow),
    }
    warnings = _check_frames(symbol, tidy, who)
    records, record_warnings = provider_records(company, tidy, who)
    warnings += record_warnings
    meta = {
        "id": company,
        "name": info.get("longName") or info.get("shortName") or symbol,
        "ticker": symbol,
        "currency": _currency(info, who, warnings),
        "sector": info.get("sector"),
        "industry": info.get("industry"),
        "source": source,
        "as_of": as_of or utc_now_iso(),
    }
    return build_statements(records, make_companies([meta]), source=who, warnings=warnings)


def read_frame_json(path: Path) -> pd.DataFrame:
    """A ``DataFrame.to_json()`` statement file back as labels × period-end Timestamps."""
    try:
        with path.open(encoding="utf-8") as f:
            frame = pd.DataFrame(json.load(f))
    except (OSError, ValueError) as error:
        raise AcumenError(f"cannot read {path.name} ({error})", source=str(path.parent)) from error
    if not frame.empty:
        frame.columns = period_index(frame.columns)
    return frame


def load_yahoo_fixture(folder: Path, stem: str, *, company_id: str) -> pd.DataFrame:
    """Recorded yfinance frames ``{stem}_income_stmt.json`` etc. from ``folder`` as statements."""
    folder = Path(folder)
    frames = {
        name: read_frame_json(folder / f"{stem}_{file}.json")
        for name, file in FIXTURE_FILES.items()
    }
    try:
        info = json.loads((folder / f"{stem}_info.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise AcumenError(f"cannot read {stem}_info.json ({error})", source=str(folder)) from error
    symbol = str(info.get("symbol") or stem).upper()
    return statements_from_frames(
        symbol, *frames.values(), info, company_id=company_id, as_of=RECORDED
    )


# --------------------------------------------------------------------------- the default client


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


# --------------------------------------------------------------------------- fetch with deadline


def clean_symbol(symbol: str) -> str:
    """Strip and upper-case a ticker; AcumenError when empty or holding other characters."""
    cleaned = str(symbol or "").strip().upper()
    if not SYMBOL_PATTERN.fullmatch(cleaned):
        raise AcumenError(
            f"'{str(symbol or '').strip()[:40]}' is not a ticker symbol",
            source="ticker",
            fix="Use letters, digits and . - ^ = only, e.g. AAPL, SIE.DE or BRK-B (at most 20 characters).",
        )
    return cleaned


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


def _fetch_error(symbol: str, error: BaseException) -> AcumenError:
    """The user-facing AcumenError for a failed fetch, saying what happened and what to do."""
    kind, who = failure_kind(error), f"Yahoo Finance {symbol}"
    detail = f"{type(error).__name__}: {str(error)[:160]}"
    if kind == "rate_limit":
        problem, fix, reason = (
            "Yahoo Finance is rate-limiting requests (Too Many Requests)",
            f"Wait a few minutes and try again. {OTHER_SOURCES}",
            "rate-limited",
        )
    elif kind == "timeout":
        problem, fix, reason = (
            f"the fetch timed out ({detail}); probably no network",
            OTHER_SOURCES,
            "timed out",
        )
    elif kind == "network":
        problem, fix, reason = (
            f"cannot reach Yahoo Finance: no network ({detail})",
            f"Check the internet connection. {OTHER_SOURCES}",
            "no network",
        )
    elif kind == "no_data":
        problem, fix, reason = (
            f"Yahoo Finance returned no financial statements for '{symbol}' (unknown ticker, or none published)",
            "Check the symbol, including any exchange suffix (e.g. SIE.DE), or upload the figures.",
            "no data returned",
        )
    else:
        problem, fix, reason = (
            f"the fetch failed unexpectedly ({detail})",
            OTHER_SOURCES,
            "unexpected error",
        )
    failure = AcumenError(problem, source=who, fix=fix)
    failure.reason = reason  # short form for the cache-fallback warning
    return failure


def _deadline_error(symbol: str, timeout: float, service: str = "Yahoo Finance") -> AcumenError:
    failure = AcumenError(
        f"the fetch timed out after {timeout:g} s; probably no network",
        source=f"{service} {symbol}",
        fix=OTHER_SOURCES,
    )
    failure.reason = f"timed out after {timeout:g} s"
    return failure


def run_with_deadline(
    client: Callable[[str], Any],
    symbol: str,
    timeout: float,
    *,
    service: str = "Yahoo Finance",
    on_error: Callable[[str, BaseException], AcumenError] | None = None,
) -> Any:
    """``client(symbol)`` in a daemon thread; AcumenError when it has not finished in ``timeout`` s
    (named after ``service``), or the client's error in words (``on_error``, by default
    Yahoo's). A client that hangs forever is abandoned (the daemon thread never blocks exit).
    """
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = client(symbol)
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=work, name=f"acumen-yahoo-{symbol}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise _deadline_error(symbol, timeout, service)
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, AcumenError):
            raise error
        raise (on_error or _fetch_error)(symbol, error) from error
    return outcome["value"]


# --------------------------------------------------------------------------- cache


def cache_key(symbol: str) -> str:
    return f"yahoo:{symbol}"


def frames_payload(symbol: str, frames: YahooFrames) -> dict:
    """JSON-ready copy of the raw frames (``to_json`` layout, ISO period ends) and the info used."""
    payload: dict[str, Any] = {"symbol": symbol}
    for name in FIXTURE_FILES:
        frame = getattr(frames, name)
        payload[name] = (
            json.loads(frame.to_json(date_format="iso"))
            if isinstance(frame, pd.DataFrame) and not frame.empty
            else {}
        )
    payload["info"] = {
        k: frames.info.get(k) for k in INFO_KEYS if isinstance(frames.info.get(k), str)
    }
    return payload


def frames_from_payload(payload: Mapping[str, Any]) -> YahooFrames:
    """Inverse of :func:`frames_payload`."""
    frames = []
    for name in FIXTURE_FILES:
        frame = pd.DataFrame(payload.get(name) or {})
        if not frame.empty:
            frame.columns = period_index(frame.columns)
        frames.append(frame)
    return YahooFrames(*frames, dict(payload.get("info") or {}))


def _cached_statements(
    symbol: str, cache: StatementCache, failed_because: str | None = None
) -> pd.DataFrame | None:
    """Statements rebuilt from the cached copy (as_of = fetched_at), or None when unusable."""
    hit = cache.get(cache_key(symbol))
    if hit is None:
        return None
    payload, fetched_at = hit
    try:
        statements = statements_from_frames(symbol, *frames_from_payload(payload), as_of=fetched_at)
    except (AcumenError, ValueError, TypeError, KeyError):
        return None
    if failed_because:
        note = fallback_note(failed_because, fetched_at)
        statements.attrs["warnings"] = [note, *statements.attrs["warnings"]]
    return statements


def _parse_fetched(symbol: str, fetched: Any) -> tuple[YahooFrames, pd.DataFrame]:
    """(frames, statements) from what the client returned; malformed data -> AcumenError."""
    try:
        frames = YahooFrames(*fetched)
        return frames, statements_from_frames(symbol, *frames)
    except (TypeError, ValueError, KeyError) as error:
        raise _fetch_error(symbol, error) from error


def cached_yahoo(symbol: str, cache: StatementCache) -> pd.DataFrame | None:
    """The last successfully fetched statements for ``symbol`` (as_of = when fetched), or None."""
    return _cached_statements(clean_symbol(symbol), cache)


def fetch_yahoo(
    symbol: str,
    *,
    timeout: float = FETCH_TIMEOUT_SECONDS,
    cache: StatementCache | None = None,
    client: Callable[[str], YahooFrames] | None = None,
) -> pd.DataFrame:
    """Live statements for ``symbol`` within ``timeout`` seconds, cached on success.

    On failure the cached copy is returned with a warning when there is one; otherwise
    an :class:`AcumenError` says what happened (no network, timeout, rate limit, unknown
    ticker) and what to do instead.
    """
    symbol = clean_symbol(symbol)
    try:
        fetched = run_with_deadline(client or yfinance_client, symbol, timeout)
        frames, statements = _parse_fetched(symbol, fetched)
    except AcumenError as failure:
        reason = getattr(failure, "reason", None) or failure.problem
        fallback = _cached_statements(symbol, cache, reason) if cache is not None else None
        if fallback is None:
            raise
        return fallback
    if cache is not None:
        try:
            cache.put(cache_key(symbol), frames_payload(symbol, frames))
        except (OSError, ValueError, TypeError) as error:
            statements.attrs["warnings"].append(
                f"{symbol}: could not save the fetched figures to the cache ({error})"
            )
    return statements
