"""The bundled samples in ``sample_financials/``: the NYSE universe, Siemens (EUR),
IBM's 15-year history and the designed teaching cases.

Sample ids are unique: a universe ticker (``WMT``), ``SIE``, ``IBM-15Y`` or a case ticker
(``HHP``). ``all`` is the whole NYSE universe.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pandas as pd

from acumen.errors import AcumenError
from acumen.statements import combine, companies_of

SAMPLE_DIR = Path(
    os.environ.get(
        "ACUMEN_SAMPLE_DIR", Path(__file__).resolve().parent.parent / "sample_financials"
    )
)
UNIVERSE = "all"
SIEMENS = "SIE"
IBM_HISTORY = "IBM-15Y"
CASES_DIR = SAMPLE_DIR / "cases"


@cache
def _universe() -> pd.DataFrame:
    from acumen.loaders.nyse import load_universe

    return load_universe(SAMPLE_DIR / "nyse")


@cache
def _siemens() -> pd.DataFrame:
    from acumen.loaders.yahoo import load_yahoo_fixture

    return load_yahoo_fixture(SAMPLE_DIR / "yfinance", "sie", company_id=SIEMENS)


@cache
def _ibm_history() -> pd.DataFrame:
    from acumen.loaders.alphavantage import load_alphavantage

    return load_alphavantage(SAMPLE_DIR / "alphavantage", "ibm", company_id=IBM_HISTORY)


@cache
def _cases() -> pd.DataFrame | None:
    from acumen.loaders.cases import load_cases

    return load_cases(CASES_DIR) if (CASES_DIR / "statements.csv").exists() else None


def universe() -> pd.DataFrame:
    """The 448-company NYSE universe (a fresh copy)."""
    return _universe().copy()


def case_ids() -> list[str]:
    cases = _cases()
    return [] if cases is None else list(companies_of(cases).index)


def catalog() -> pd.DataFrame:
    """Every sample: id, name, ticker, currency, sector, industry, source, kind."""
    parts = (
        ("case", _cases()),
        ("universe", _universe()),
        ("provider", _siemens()),
        ("provider", _ibm_history()),
    )
    table = pd.concat(
        [companies_of(part).assign(kind=kind) for kind, part in parts if part is not None]
    )
    table.index.name = "company"
    return table


def load_sample(sample_id: str) -> pd.DataFrame:
    """Statements of one sample id (``all`` for the universe); a fresh copy."""
    key = sample_id.strip()
    if key.lower() == UNIVERSE:
        return universe()
    key = key.upper()
    loaders = (_universe, _cases, _siemens, _ibm_history)
    for loader in loaders:
        part = loader()
        if part is not None and key in companies_of(part).index:
            return _select(part, [key])
    raise AcumenError(
        f"no bundled sample called '{sample_id}'",
        source="sample",
        fix="Use a ticker from the bundled universe (e.g. sample:WMT), sample:all, "
        "sample:SIE, sample:IBM-15Y or a teaching case such as sample:HHP.",
    )


@cache
def _data_notes() -> dict[str, str]:
    """Known quirks of the bundled NYSE data, by ticker (shown as warnings, data untouched)."""
    path = SAMPLE_DIR / "nyse" / "data_notes.csv"
    if not path.exists():
        return {}
    notes = pd.read_csv(path, dtype=str)
    return dict(zip(notes["ticker"], notes["note"], strict=True))


def load_many(sample_ids: list[str]) -> pd.DataFrame:
    return combine([load_sample(s) for s in sample_ids])


def _select(statements: pd.DataFrame, companies: list[str]) -> pd.DataFrame:
    """Rows and metadata of ``companies`` only."""
    mask = statements.index.get_level_values(0).isin(companies)
    attrs = statements.attrs
    selected = pd.DataFrame(
        statements.to_numpy()[mask], index=statements.index[mask], columns=statements.columns
    )
    derivations = attrs.get("derivations")
    selected.attrs = {
        "companies": attrs["companies"].loc[attrs["companies"].index.isin(companies)].copy(),
        "period_end": attrs["period_end"][mask].copy(),
        "derivations": derivations[derivations["company"].isin(companies)].copy()
        if derivations is not None
        else None,
        "warnings": list(attrs.get("warnings", []))
        + [_data_notes()[c] for c in companies if c in _data_notes()],
    }
    return selected
