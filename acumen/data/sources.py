"""One entry point for every SOURCE string the CLI and the app accept.

- ``sample:TICKER`` / ``sample:all``: the bundled samples;
- ``yahoo:TICKER``: a live yfinance fetch (bounded, cached on disk);
- ``edgar:TICKER`` / ``edgar:CIK``: a live SEC EDGAR companyfacts fetch (bounded, cached);
- ``cn:600298``: an A-share company through akshare (optional extra ``acumen[cn]``);
- a path to a CSV, XLSX or companyfacts JSON file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from acumen.data.statements import combine
from acumen.errors import AcumenError
from acumen.i18n import _

LIVE_PREFIXES = {"sample", "yahoo", "edgar", "cn"}
FILE_SUFFIXES = {".csv", ".xlsx", ".xlsm", ".txt", ".tsv", ".xls", ".json"}


def is_file_source(source: str) -> bool:
    """True when SOURCE names a file (by suffix, or because it exists)."""
    text = source.strip()
    prefix, _colon, rest = text.partition(":")
    if prefix.lower() in LIVE_PREFIXES and rest:
        return False
    return Path(text).suffix.lower() in FILE_SUFFIXES or Path(text).exists()


def load(
    source: str,
    *,
    unit: str | None = None,
    company: str | None = None,
    currency: str | None = None,
    sheet: str | None = None,
) -> pd.DataFrame:
    """Canonical statements for one SOURCE string, as a :class:`~acumen.data.statements.Statements` value."""
    text = source.strip()
    prefix, _colon, rest = text.partition(":")
    if prefix.lower() == "sample" and rest:
        from acumen.data.samples import load_sample

        return load_sample(rest)
    if prefix.lower() == "yahoo" and rest:
        from acumen.data.cache import StatementCache
        from acumen.data.loaders.yahoo import fetch_yahoo

        return fetch_yahoo(rest, cache=StatementCache())
    if prefix.lower() == "cn" and rest:
        from acumen.data.cache import StatementCache
        from acumen.data.loaders.akshare_cn import fetch_cn

        return fetch_cn(rest, cache=StatementCache())
    if prefix.lower() == "edgar" and rest:
        from acumen.data.cache import StatementCache
        from acumen.data.loaders.edgar import fetch_edgar

        return fetch_edgar(rest, cache=StatementCache())
    if is_file_source(text):
        return read_file_sources(
            [text], unit=unit, company=company, currency=currency, sheet=sheet
        ).statements
    raise AcumenError(
        _("unknown source '{source}'").format(source=source),
        fix=_(
            "Use sample:TICKER, sample:all, yahoo:TICKER, edgar:TICKER, cn:600298 or a path "
            "to a .csv, .xlsx or companyfacts .json file."
        ),
    )


def read_file_sources(paths: list[str], **options: object):
    """:func:`acumen.data.loaders.files.read_files` for file paths (missing files named)."""
    from acumen.data.loaders.files import read_files

    for text in paths:
        if not Path(text).exists():
            raise AcumenError(
                _("file not found"), source=text, fix=_("Check the path and the file name.")
            )
    return read_files([Path(p) for p in paths], **options)


def load_all(
    sources: list[str],
    *,
    unit: str | None = None,
    company: str | None = None,
    currency: str | None = None,
    sheet: str | None = None,
) -> pd.DataFrame:
    """All SOURCEs; the files among them are read together, so a company's income
    statement, balance sheet and cash flow in separate files make one client."""
    files = [s for s in sources if is_file_source(s)]
    parts = [load(s) for s in sources if not is_file_source(s)]
    if files:
        parts.insert(
            0,
            read_file_sources(
                files, unit=unit, company=company, currency=currency, sheet=sheet
            ).statements,
        )
    return combine(parts)


PERIODS = ("annual", "ttm")


def load_period(sources: list[str], period: str, **options: object) -> pd.DataFrame:
    """:func:`load_all` for ``period="annual"``; for ``"ttm"``, the trailing twelve months
    of each SEC companyfacts .json file (quarters from its 10-Q and annual facts) or sample
    with quarters (IBM's Alpha Vantage history)."""
    if period == "annual":
        return load_all(sources, **options)
    from acumen.data.loaders.edgar_facts import read_payload
    from acumen.data.loaders.edgar_quarters import ttm_from_companyfacts
    from acumen.data.quarters import ttm_statements
    from acumen.data.samples import load_sample, sample_quarters

    def quarters_of_sample(source: str):
        prefix, _colon, rest = source.strip().partition(":")
        return sample_quarters(rest) if prefix.lower() == "sample" and rest else None

    quarters = {s: quarters_of_sample(s) for s in sources}
    others = [
        s for s in sources if Path(s.strip()).suffix.lower() != ".json" and quarters[s] is None
    ]
    if others:
        raise AcumenError(
            _("--period ttm needs quarterly figures, which '{source}' does not give").format(
                source=others[0][:80]
            ),
            fix=_(
                "Use a SEC companyfacts .json file (quarters come from its 10-Q facts) or "
                "sample:IBM-15Y, or leave out --period for the annual figures."
            ),
        )
    parts = []
    for source in sources:
        if quarters[source] is not None:
            companies = load_sample(source.partition(":")[2]).companies
            parts.append(ttm_statements(quarters[source], companies, source=source))
            continue
        path = Path(source.strip())
        if not path.is_file():
            raise AcumenError(_("file not found"), source=source, fix=_("Check the path."))
        parts.append(ttm_from_companyfacts(read_payload(path, path.name), source=path.name))
    return combine(parts)
