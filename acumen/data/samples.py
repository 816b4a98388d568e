"""The bundled samples in ``sample_financials/``: the NYSE universe, Siemens (EUR),
IBM's 15-year history, the designed teaching cases, and recent real companies
(``recent/``: real published statement files listed in ``manifest.csv``, read by the same
loader as an upload, so the app shows 2020s figures with no network).

Sample ids are unique: a universe ticker (``WMT``), ``SIE``, ``IBM-15Y`` or a case ticker
(``HHP``). ``all`` is the whole NYSE universe.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

import pandas as pd

from acumen.data.data_notes import note_text, read_data_notes
from acumen.data.statements import Statements, combine
from acumen.errors import AcumenError
from acumen.i18n import _, current_language

SAMPLE_DIR = Path(
    os.environ.get("ACUMEN_SAMPLE_DIR", Path(__file__).resolve().parents[2] / "sample_financials")
)
UNIVERSE = "all"
SIEMENS = "SIE"
IBM_HISTORY = "IBM-15Y"
CASES_DIR = SAMPLE_DIR / "cases"
RECENT_DIR = SAMPLE_DIR / "recent"
_T = TypeVar("_T")


def _per_language(loader: Callable[[], _T]) -> Callable[[], _T]:
    """``loader`` cached once per active language (its notes are read in that language)."""
    cached = cache(lambda lang: loader())

    @functools.wraps(loader)
    def load() -> _T:
        return cached(current_language())

    return load


@cache
def _universe() -> Statements:
    from acumen.data.loaders.nyse import load_universe

    return load_universe(SAMPLE_DIR / "nyse")


@_per_language
def _siemens() -> Statements:
    from acumen.data.loaders.yahoo import load_yahoo_fixture

    return load_yahoo_fixture(SAMPLE_DIR / "yfinance", "sie", company_id=SIEMENS)


@_per_language
def _ibm_history() -> Statements:
    from acumen.data.loaders.alphavantage import load_alphavantage

    return load_alphavantage(SAMPLE_DIR / "alphavantage", "ibm", company_id=IBM_HISTORY)


@cache
def _cases() -> Statements | None:
    from acumen.data.loaders.cases import load_cases

    return load_cases(CASES_DIR) if (CASES_DIR / "statements.csv").exists() else None


@_per_language
def _recent_companies() -> dict[str, Statements]:
    """The recent real companies of ``recent/manifest.csv``, each read from its own files
    (kept apart: each keeps its own notes)."""
    manifest = RECENT_DIR / "manifest.csv"
    if not manifest.exists():
        return {}
    rows = pd.read_csv(manifest, dtype=str, keep_default_na=False)
    return {row["id"]: _recent_company(row) for row in rows.to_dict("records")}


@_per_language
def _recent() -> Statements | None:
    """All recent real companies in one table (for the catalogue)."""
    parts = list(_recent_companies().values())
    return combine(parts) if parts else None


def _recent_company(row: dict) -> Statements:
    from acumen.data.loaders.files import UNKNOWN_ROWS, read_files
    from acumen.data.statements import build_statements, make_companies

    files = [RECENT_DIR / name for name in row["files"].split(";")]
    loaded = read_files(files, currency=row["currency"] or None).statements
    records = loaded.table.reset_index().assign(
        company=row["id"], period_end=loaded.period_end.to_numpy()
    )
    names = ", ".join(f.name for f in files)
    companies = make_companies(
        [
            {
                "id": row["id"],
                "name": row["name"],
                "ticker": row["ticker"],
                "currency": loaded.companies["currency"].iloc[0],
                # No sector or industry: the bundled peers report 2012–2016, never these
                # companies' years, so they are nobody's default peers (manifest keeps them).
                "source": _("real files (bundled): {files}").format(files=names),
            }
        ]
    )
    notes = [row["note"]]
    # The loader's note on rows that are not line items is left out (the manifest note says
    # what the sample is instead).
    unknown = _(UNKNOWN_ROWS)
    notes += [n for n in loaded.warnings if unknown not in n]
    return build_statements(records, companies, source=names, warnings=notes, derive=False)


@cache
def _ibm_quarters() -> pd.DataFrame:
    from acumen.data.loaders.alphavantage import load_alphavantage_quarters

    return load_alphavantage_quarters(SAMPLE_DIR / "alphavantage", "ibm", company_id=IBM_HISTORY)


def sample_quarters(sample_id: str) -> pd.DataFrame | None:
    """The quarterly table of a sample that has quarters (IBM's Alpha Vantage history), a
    fresh copy; None for the others."""
    if sample_id.strip().upper() == IBM_HISTORY:
        return _ibm_quarters().copy()
    return None


def universe() -> Statements:
    """The 448-company NYSE universe (a fresh copy)."""
    return _universe().copy()


def case_ids() -> list[str]:
    cases = _cases()
    return [] if cases is None else list(cases.companies.index)


def catalog() -> pd.DataFrame:
    """Every sample: id, name, ticker, currency, sector, industry, source, kind."""
    parts = (
        ("case", _cases()),
        ("universe", _universe()),
        ("provider", _siemens()),
        ("provider", _ibm_history()),
        ("recent", _recent()),
    )
    table = pd.concat(
        [part.companies.assign(kind=kind) for kind, part in parts if part is not None]
    )
    table.index.name = "company"
    return table


def load_sample(sample_id: str) -> Statements:
    """Statements of one sample id (``all`` for the universe); a fresh copy."""
    key = sample_id.strip()
    if key.lower() == UNIVERSE:
        return universe()
    key = key.upper()
    if key in _recent_companies():
        return _select(_recent_companies()[key], [key])
    loaders = (_universe, _cases, _siemens, _ibm_history)
    for loader in loaders:
        part = loader()
        if part is not None and key in part.companies.index:
            return _select(part, [key])
    raise AcumenError(
        _("no bundled sample called '{sample}'").format(sample=sample_id),
        source="sample",
        fix=_(
            "Use a ticker from the bundled universe (e.g. sample:WMT), sample:all, "
            "sample:SIE, sample:IBM-15Y or a teaching case such as sample:HHP."
        ),
    )


@cache
def _data_notes() -> pd.DataFrame:
    """Known quirks of the bundled NYSE data, by ticker (shown as warnings, data untouched)."""
    return read_data_notes(SAMPLE_DIR / "nyse" / "data_notes.csv")


def load_many(sample_ids: list[str]) -> Statements:
    return combine([load_sample(s) for s in sample_ids])


def _select(statements: Statements, companies: list[str]) -> Statements:
    """Rows and metadata of ``companies`` only, with their data notes."""
    notes = _data_notes()
    return statements.select(companies).with_warnings(
        *(note_text(notes, c) for c in companies if c in notes.index)
    )
