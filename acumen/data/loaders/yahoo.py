"""Yahoo Finance (yfinance 1.7) statements: live fetch, recorded fixtures and the cache.

yfinance frames have line-item labels as rows and period ends as columns (newest first).
They become canonical statements by :func:`provider_records` (shared with the Alpha
Vantage loader), the reporting currency from ``info["financialCurrency"]``.

A live fetch (the default client is :mod:`yahoo_client`) runs with a deadline
(:mod:`deadline`), so a hanging network never blocks the app; failures become
:class:`AcumenError` messages that say what happened and what to do instead, and fall back
to the last cached copy when there is one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from acumen.data.cache import StatementCache, utc_now_iso
from acumen.data.loaders.cached_fetch import fallback_note
from acumen.data.loaders.deadline import OTHER_SOURCES, run_with_deadline
from acumen.data.loaders.provider_records import (
    RECORDED,
    period_index,
    provider_records,
    tidy_statement,
)
from acumen.data.loaders.yahoo_client import YahooFrames, failure_kind, yfinance_client
from acumen.data.statements import build_statements, make_companies
from acumen.errors import AcumenError
from acumen.i18n import _

FETCH_TIMEOUT_SECONDS = 15.0
SOURCE = "yfinance"
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


def _currency(info: Mapping[str, Any], who: str, warnings: list[str]) -> str:
    """Reporting currency: financialCurrency, else the trading currency, else USD (warned)."""
    for key in ("financialCurrency", "currency"):
        value = info.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip().upper()
    warnings.append(
        _("{source}: reporting currency not returned; figures assumed to be in USD").format(
            source=who
        )
    )
    return "USD"


def _check_frames(symbol: str, tidy: Mapping[str, pd.DataFrame], who: str) -> list[str]:
    """Errors for an empty result or a missing income statement; warnings for other gaps."""
    if all(frame.empty for frame in tidy.values()):
        raise AcumenError(
            _(
                "Yahoo Finance returned no financial statements for '{symbol}' "
                "(unknown ticker, or no fundamentals published for it)"
            ).format(symbol=symbol),
            source=who,
            fix=_(
                "Check the symbol, including any exchange suffix (e.g. SIE.DE), "
                "or upload the figures."
            ),
        )
    if tidy["income"].empty:
        raise AcumenError(
            _(
                "Yahoo Finance returned no income statement for '{symbol}', so revenue and "
                "margins cannot be shown"
            ).format(symbol=symbol),
            source=who,
            fix=_("Try again later. {other_sources}").format(other_sources=_(OTHER_SOURCES)),
        )
    warnings = []
    if tidy["balance"].empty:
        warnings.append(
            _("{source}: no balance sheet returned: balance-sheet metrics will show n/a").format(
                source=who
            )
        )
    if tidy["cashflow"].empty:
        warnings.append(
            _("{source}: no cash-flow statement returned: cash-flow metrics will show n/a").format(
                source=who
            )
        )
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
    records, record_warnings = provider_records(company, tidy, who, provider=SOURCE)
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
        raise AcumenError(
            _("cannot read {file} ({error})").format(file=path.name, error=error),
            source=str(path.parent),
        ) from error
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
        raise AcumenError(
            _("cannot read {file} ({error})").format(file=f"{stem}_info.json", error=error),
            source=str(folder),
        ) from error
    symbol = str(info.get("symbol") or stem).upper()
    return statements_from_frames(
        symbol, *frames.values(), info, company_id=company_id, as_of=RECORDED
    )


def clean_symbol(symbol: str) -> str:
    """Strip and upper-case a ticker; AcumenError when empty or holding other characters."""
    cleaned = str(symbol or "").strip().upper()
    if not SYMBOL_PATTERN.fullmatch(cleaned):
        raise AcumenError(
            _("'{symbol}' is not a ticker symbol").format(symbol=str(symbol or "").strip()[:40]),
            source="ticker",
            fix=_(
                "Use letters, digits and . - ^ = only, e.g. AAPL, SIE.DE or BRK-B "
                "(at most 20 characters)."
            ),
        )
    return cleaned


def _fetch_error(symbol: str, error: BaseException) -> AcumenError:
    """The user-facing AcumenError for a failed fetch, saying what happened and what to do."""
    kind, who = failure_kind(error), f"Yahoo Finance {symbol}"
    detail = f"{type(error).__name__}: {str(error)[:160]}"
    others = _(OTHER_SOURCES)
    if kind == "rate_limit":
        problem, fix, reason = (
            _("Yahoo Finance is rate-limiting requests (Too Many Requests)"),
            _("Wait a few minutes and try again. {other_sources}").format(other_sources=others),
            _("rate-limited"),
        )
    elif kind == "timeout":
        problem, fix, reason = (
            _("the fetch timed out ({error}); probably no network").format(error=detail),
            others,
            _("timed out"),
        )
    elif kind == "network":
        problem, fix, reason = (
            _("cannot reach Yahoo Finance: no network ({error})").format(error=detail),
            _("Check the internet connection. {other_sources}").format(other_sources=others),
            _("no network"),
        )
    elif kind == "no_data":
        problem, fix, reason = (
            _(
                "Yahoo Finance returned no financial statements for '{symbol}' "
                "(unknown ticker, or none published)"
            ).format(symbol=symbol),
            _(
                "Check the symbol, including any exchange suffix (e.g. SIE.DE), "
                "or upload the figures."
            ),
            _("no data returned"),
        )
    else:
        problem, fix, reason = (
            _("the fetch failed unexpectedly ({error})").format(error=detail),
            others,
            _("unexpected error"),
        )
    failure = AcumenError(problem, source=who, fix=fix)
    failure.reason = reason  # short form for the cache-fallback warning
    return failure


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
        statements = statements.with_warnings(note, first=True)
    return statements


def _parse_fetched(symbol: str, fetched: Any) -> tuple[YahooFrames, pd.DataFrame]:
    """(frames, statements) from what the client returned; malformed data -> AcumenError."""
    try:
        frames = YahooFrames(*fetched)
        return frames, statements_from_frames(symbol, *frames)
    except (TypeError, ValueError, KeyError) as error:
        raise _fetch_error(symbol, error) from error


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
        fetched = run_with_deadline(
            client or yfinance_client,
            symbol,
            timeout,
            service="Yahoo Finance",
            on_error=_fetch_error,
        )
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
            statements = statements.with_warnings(
                _("{symbol}: could not save the fetched figures to the cache ({error})").format(
                    symbol=symbol, error=error
                )
            )
    return statements
