"""One entry point for every SOURCE string the CLI and the app accept.

- ``sample:TICKER`` / ``sample:all``: the bundled samples;
- ``yahoo:TICKER``: a live yfinance fetch (bounded, cached on disk);
- a path to a CSV or XLSX file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from acumen.errors import AcumenError
from acumen.statements import combine


def load(source: str, *, unit: str | None = None, company: str | None = None) -> pd.DataFrame:
    """Canonical statements for one SOURCE string, with company metadata in ``attrs``."""
    text = source.strip()
    prefix, _, rest = text.partition(":")
    if prefix.lower() == "sample" and rest:
        from acumen.samples import load_sample

        return load_sample(rest)
    if prefix.lower() == "yahoo" and rest:
        from acumen.cache import StatementCache
        from acumen.loaders.yahoo import fetch_yahoo

        return fetch_yahoo(rest, cache=StatementCache())
    path = Path(text)
    if path.suffix.lower() in {".csv", ".xlsx", ".txt", ".tsv", ".xls"} or path.exists():
        if not path.exists():
            raise AcumenError(
                "file not found", source=text, fix="Check the path and the file name."
            )
        from acumen.loaders.files import load_file

        return load_file(path, unit=unit, company=company)
    raise AcumenError(
        f"unknown source '{source}'",
        fix="Use sample:TICKER, sample:all, yahoo:TICKER or a path to a .csv or .xlsx file.",
    )


def load_all(
    sources: list[str], *, unit: str | None = None, company: str | None = None
) -> pd.DataFrame:
    return combine([load(s, unit=unit, company=company) for s in sources])
