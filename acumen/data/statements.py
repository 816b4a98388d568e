"""Build, combine and inspect the canonical statements table.

The table is one DataFrame indexed by ``(company, fiscal_year)`` with one float64
column per canonical line item (see :mod:`acumen.data.schema`). Metadata rides in ``attrs``:

- ``attrs["companies"]``: DataFrame indexed by company id with :data:`COMPANY_FIELDS`;
- ``attrs["period_end"]``: Series of period-end Timestamps aligned to the index;
- ``attrs["derivations"]``: DataFrame (company, fiscal_year, item, formula) of derived items;
- ``attrs["warnings"]``: list of human-readable warnings from loading.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from acumen.data.schema import COMPANY_FIELDS, INDEX_NAMES, LINE_ITEMS
from acumen.errors import AcumenError
from acumen.i18n import _

#: (target, formula text, function over the frame) tried in order when target is missing.
DERIVATIONS: tuple[tuple[str, str, callable], ...] = (
    ("gross_profit", "revenue − cost_of_revenue", lambda f: f["revenue"] - f["cost_of_revenue"]),
    ("cost_of_revenue", "revenue − gross_profit", lambda f: f["revenue"] - f["gross_profit"]),
    ("total_liabilities", "total_assets − equity", lambda f: f["total_assets"] - f["equity"]),
    (
        "equity",
        "total_assets − total_liabilities",
        lambda f: f["total_assets"] - f["total_liabilities"],
    ),
)

#: Columns of ``attrs["derivations"]``.
DERIVATION_COLUMNS = ["company", "fiscal_year", "item", "formula"]


def fiscal_year_of(period_end: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Compustat fiscal year: a period ending June–December belongs to its calendar year,
    one ending January–May to the year before (Walmart's 2016-01-31 is fiscal 2015)."""
    dates = pd.DatetimeIndex(pd.to_datetime(period_end))
    return (dates.year - (dates.month <= 5).astype(int)).to_numpy(dtype="int64")


def empty_companies() -> pd.DataFrame:
    frame = pd.DataFrame(columns=list(COMPANY_FIELDS), dtype="object")
    frame.index.name = "company"
    return frame


def make_companies(rows: Iterable[dict]) -> pd.DataFrame:
    """Company metadata table from dicts with an ``id`` key plus any of COMPANY_FIELDS."""
    records = [{"company": r["id"], **{k: r.get(k) for k in COMPANY_FIELDS}} for r in rows]
    if not records:
        return empty_companies()
    return pd.DataFrame.from_records(records).set_index("company").astype("object")


def build_statements(
    records: pd.DataFrame,
    companies: pd.DataFrame,
    *,
    source: str = "input",
    warnings: Sequence[str] = (),
    derive: bool = True,
) -> pd.DataFrame:
    """Canonical statements from a long frame.

    ``records`` has columns ``company``, ``fiscal_year`` and/or ``period_end`` and any
    canonical line items (others are ignored). Missing line items become NaN columns.
    Items that can be derived are derived when missing, and recorded.
    Raises :class:`AcumenError` when a (company, fiscal_year) appears twice.
    """
    frame = records.copy()
    if "fiscal_year" not in frame.columns:
        if "period_end" not in frame.columns:
            raise AcumenError(_("no fiscal year or period end"), source=source)
        frame["fiscal_year"] = fiscal_year_of(frame["period_end"])
    if "period_end" not in frame.columns:
        frame["period_end"] = pd.NaT
    frame["fiscal_year"] = frame["fiscal_year"].astype("int64")
    frame["company"] = frame["company"].astype(str)

    duplicated = frame.duplicated(["company", "fiscal_year"], keep=False)
    if duplicated.any():
        first = frame.loc[duplicated].iloc[0]
        raise AcumenError(
            _("fiscal year {year} appears more than once for {company}").format(
                year=first["fiscal_year"], company=first["company"]
            ),
            source=source,
            fix=_("Keep one column or row per fiscal year."),
        )

    frame = frame.set_index(list(INDEX_NAMES)).sort_index()
    period_end = pd.to_datetime(frame["period_end"])
    statements = pd.DataFrame(index=frame.index)
    for item in LINE_ITEMS:
        statements[item] = (
            pd.to_numeric(frame[item], errors="coerce").astype("float64")
            if item in frame.columns
            else np.nan
        )
    statements = statements.replace([np.inf, -np.inf], np.nan)

    derivations = _derive(statements) if derive else pd.DataFrame(columns=DERIVATION_COLUMNS)
    statements.attrs = {
        "companies": _companies_for(statements, companies, source),
        "period_end": period_end,
        "derivations": derivations,
        "warnings": list(warnings),
    }
    return statements


def _companies_for(statements: pd.DataFrame, companies: pd.DataFrame, source: str) -> pd.DataFrame:
    """The rows of ``companies`` for the companies in ``statements``, every COMPANY_FIELDS
    column present; a company without a row gets one named by its id."""
    companies = companies.copy()
    for field in COMPANY_FIELDS:
        if field not in companies.columns:
            companies[field] = None
    known = statements.index.get_level_values(0).unique()
    missing = [c for c in known if c not in companies.index]
    if missing:
        extra = make_companies({"id": c, "name": c, "source": source} for c in missing)
        companies = pd.concat([companies, extra])
    return companies.loc[companies.index.isin(known), list(COMPANY_FIELDS)]


def _derive(statements: pd.DataFrame) -> pd.DataFrame:
    """Fill missing items by :data:`DERIVATIONS` (in place); the rows derived (company,
    fiscal_year, item, formula)."""
    derivation_rows = []
    for target, formula, compute in DERIVATIONS:
        derived = compute(statements)
        mask = statements[target].isna() & derived.notna()
        if mask.any():
            statements.loc[mask, target] = derived[mask]
            hit = statements.index[mask]
            derivation_rows.append(
                pd.DataFrame(
                    {
                        "company": hit.get_level_values(0),
                        "fiscal_year": hit.get_level_values(1),
                        "item": target,
                        "formula": formula,
                    }
                )
            )
    if not derivation_rows:
        return pd.DataFrame(columns=DERIVATION_COLUMNS)
    return pd.concat(derivation_rows, ignore_index=True)


def companies_of(statements: pd.DataFrame) -> pd.DataFrame:
    """The company metadata table attached to ``statements`` (empty if none)."""
    companies = statements.attrs.get("companies")
    return companies if companies is not None else empty_companies()


def warnings_of(statements: pd.DataFrame) -> list[str]:
    return list(statements.attrs.get("warnings", []))


def combine(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate statements from several sources; a company id may appear in only one."""
    if len(parts) == 1:
        return parts[0]
    seen: set[str] = set()
    for part in parts:
        ids = set(part.index.get_level_values(0))
        clash = seen & ids
        if clash:
            raise AcumenError(
                _("company {company} is loaded twice").format(company=sorted(clash)[0]),
                fix=_("Load each company from one source only."),
            )
        seen |= ids
    plain = [pd.DataFrame(p.to_numpy(), index=p.index, columns=p.columns) for p in parts]
    statements = pd.concat(plain).sort_index()
    statements.attrs = {
        "companies": pd.concat([companies_of(p) for p in parts]),
        "period_end": pd.concat(
            [p.attrs.get("period_end", pd.Series(dtype="datetime64[ns]")) for p in parts]
        ),
        "derivations": pd.concat(
            [p.attrs["derivations"] for p in parts if "derivations" in p.attrs], ignore_index=True
        ),
        "warnings": [w for p in parts for w in warnings_of(p)],
    }
    return statements


def plain_frame(statements: pd.DataFrame) -> pd.DataFrame:
    """The line items without attrs: cheap to slice (pandas deep-copies attrs on every op)."""
    return pd.DataFrame(
        statements[list(LINE_ITEMS)].to_numpy(dtype="float64", copy=True),
        index=statements.index,
        columns=list(LINE_ITEMS),
    )
