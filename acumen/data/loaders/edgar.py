"""SEC EDGAR: a live fetch of ``edgar:TICKER`` / ``edgar:CIK`` (companyfacts, read by
:mod:`edgar_facts`; quarters by :mod:`edgar_quarters`).

A live fetch runs with a deadline, sends the User-Agent SEC asks for (``ACUMEN_SEC_USER_AGENT``,
e.g. "Jane Doe jane@example.com"), is cached on disk with the time fetched, and falls back
to the cached copy, with a note, when SEC can't be reached.
"""

from __future__ import annotations

import json
import os
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Callable

import pandas as pd

from acumen.data.cache import StatementCache
from acumen.data.loaders.cached_fetch import fetch_or_cached
from acumen.data.loaders.deadline import run_with_deadline
from acumen.data.loaders.edgar_facts import is_companyfacts, statements_from_companyfacts
from acumen.errors import AcumenError
from acumen.i18n import N_, _

USER_AGENT_ENV = "ACUMEN_SEC_USER_AGENT"
FETCH_TIMEOUT_SECONDS = 20.0
FACTS_URL = "https://data.sec.gov/api/xbrl/companyfacts/CIK{cik}.json"
TICKERS_URL = "https://www.sec.gov/files/company_tickers.json"
OTHER_SOURCES = N_(
    "Try a bundled sample, a downloaded companyfacts .json file, or upload the figures."
)

#: Fetches one URL and returns its parsed JSON; raises urllib / socket errors.
Client = Callable[[str], dict]


def user_agent() -> str:
    """The User-Agent SEC asks for ("Name email"), from ``ACUMEN_SEC_USER_AGENT``."""
    agent = os.environ.get(USER_AGENT_ENV, "").strip()
    if not re.search(r"\S+@\S+\.\S+", agent):
        raise AcumenError(
            _("SEC asks every client to identify itself with a name and an email address"),
            source="SEC EDGAR",
            fix=_("Set {variable}, e.g. {variable}='Jane Doe jane@example.com'.").format(
                variable=USER_AGENT_ENV
            ),
        )
    return agent


def urllib_client(agent: str, timeout: float) -> Client:
    def get(url: str) -> dict:
        request = urllib.request.Request(url, headers={"User-Agent": agent})
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (https)
            return json.loads(response.read())

    return get


def _fetch_error(what: str, error: BaseException) -> AcumenError:
    """What happened, in words, for a failed SEC request."""
    fix = _(OTHER_SOURCES)
    if isinstance(error, urllib.error.HTTPError):
        if error.code == 429:
            problem = _("SEC is rate-limiting requests (HTTP 429)")
            fix = _("Wait a minute and retry.")
        elif error.code == 404:
            problem = _("SEC has no companyfacts for {company}").format(company=what)
            fix = _("Check the ticker or CIK.")
        else:
            problem = _("SEC answered HTTP {code}").format(code=error.code)
    elif isinstance(error, TimeoutError | socket.timeout):
        problem = _("the request to SEC timed out; probably no network")
    elif isinstance(error, urllib.error.URLError | OSError):
        problem = _("No internet connection: couldn't reach SEC EDGAR")
    elif isinstance(error, ValueError):
        problem = _("SEC sent something that is not companyfacts JSON")
    else:
        problem = _("the fetch failed unexpectedly ({error})").format(error=type(error).__name__)
    failure = AcumenError(problem, source=f"SEC EDGAR {what}", fix=fix)
    failure.reason = problem
    return failure


def _call(client: Client, url: str, what: str) -> dict:
    try:
        return client(url)
    except AcumenError:
        raise
    except Exception as error:
        raise _fetch_error(what, error) from error


def resolve_cik(ident: str, client: Client, cache: StatementCache | None) -> tuple[str, str | None]:
    """(10-digit CIK, ticker or None) for "AAPL", "320193" or "CIK0000320193"."""
    text = ident.strip().upper().removeprefix("CIK")
    if text.isdigit() and len(text) <= 10:
        return text.zfill(10), None
    if not re.fullmatch(r"[A-Z0-9.\-]{1,12}", text):
        raise AcumenError(
            _("'{ident}' is not a ticker or a CIK").format(ident=ident.strip()[:40]),
            source="SEC EDGAR",
            fix=_("Use edgar:AAPL or edgar:320193."),
        )
    hit = cache.get("edgar:tickers") if cache is not None else None
    tickers = hit[0] if hit else _call(client, TICKERS_URL, _("ticker list"))
    if cache is not None and not hit:
        cache.put("edgar:tickers", tickers)
    for row in tickers.values() if isinstance(tickers, dict) else []:
        if str(row.get("ticker", "")).upper() == text:
            return str(row["cik_str"]).zfill(10), text
    raise AcumenError(
        _("SEC lists no company with the ticker '{ticker}'").format(ticker=text),
        source="SEC EDGAR",
        fix=_("Check the ticker, or use the company's CIK (edgar:320193)."),
    )


def fetch_edgar(
    ident: str,
    *,
    timeout: float = FETCH_TIMEOUT_SECONDS,
    cache: StatementCache | None = None,
    client: Client | None = None,
) -> pd.DataFrame:
    """Statements for ``edgar:TICKER`` / ``edgar:CIK`` within ``timeout`` seconds, cached;
    on failure the cached copy with a note, else an AcumenError saying what happened."""
    get = client or urllib_client(user_agent(), timeout)
    key = f"edgar:{ident.strip().upper()}"
    symbol = ident.strip().upper()

    def fetch() -> tuple[dict, pd.DataFrame]:
        payload, ticker = run_with_deadline(
            lambda _symbol: _fetch_payload(ident, get, cache),
            symbol,
            timeout,
            service="SEC EDGAR",
            on_error=_fetch_error,
        )
        statements, _report = statements_from_companyfacts(
            payload, source=f"SEC EDGAR {symbol}", ticker=ticker
        )
        return {"ticker": ticker, "facts": payload}, statements

    def rebuild(cached: dict, fetched_at: str) -> pd.DataFrame:
        statements, _report = statements_from_companyfacts(
            cached["facts"], source=key, ticker=cached.get("ticker"), as_of=fetched_at
        )
        return statements

    return fetch_or_cached(key, cache, fetch, rebuild)


def _fetch_payload(
    ident: str, get: Client, cache: StatementCache | None
) -> tuple[dict, str | None]:
    cik, ticker = resolve_cik(ident, get, cache)
    payload = _call(get, FACTS_URL.format(cik=cik), ident.strip().upper())
    if not is_companyfacts(payload):
        raise _fetch_error(ident, ValueError("no facts"))
    return payload, ticker
