"""Build, combine and inspect canonical statements: the :class:`Statements` value.

Its ``table`` is one DataFrame indexed by ``(company, fiscal_year)`` with one float64 column
per canonical line item (see :mod:`acumen.data.schema`); its metadata are typed fields
beside the table (never in ``DataFrame.attrs``):

- ``companies``: DataFrame indexed by company id with :data:`COMPANY_FIELDS`;
- ``period_end``: Series of period-end Timestamps aligned to the table's index;
- ``derivations``: DataFrame (company, fiscal_year, item, formula) of derived items;
- ``warnings``: human-readable warnings from loading;
- ``period_kind``: ``None`` for fiscal years, else TTM or QUARTER (see :mod:`acumen.data.quarters`);
- ``incomplete``: company -> core items its source lacks; ``mapping``: how a file's labels
  were read (None for other sources).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

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

#: Columns of :attr:`Statements.derivations`.
DERIVATION_COLUMNS = ["company", "fiscal_year", "item", "formula"]


def empty_derivations() -> pd.DataFrame:
    return pd.DataFrame(columns=DERIVATION_COLUMNS)


def empty_period_end() -> pd.Series:
    return pd.Series(dtype="datetime64[ns]")


@dataclass(frozen=True, eq=False)
class Statements:
    """Canonical statements: the line-item table and what is known about it (see the module
    docstring). A value: change it with :meth:`replace`, never in place."""

    table: pd.DataFrame
    companies: pd.DataFrame = field(default_factory=lambda: empty_companies())
    period_end: pd.Series = field(default_factory=empty_period_end)
    derivations: pd.DataFrame = field(default_factory=empty_derivations)
    warnings: tuple[str, ...] = ()
    period_kind: str | None = None
    incomplete: Mapping[str, list[str]] = field(default_factory=dict)
    mapping: pd.DataFrame | None = None

    @property
    def index(self) -> pd.MultiIndex:
        """The table's ``(company, fiscal_year)`` index."""
        return self.table.index

    def __len__(self) -> int:
        return len(self.table)

    @property
    def empty(self) -> bool:
        """Whether there are no rows."""
        return self.table.empty

    def company_ids(self) -> list[str]:
        """The companies with rows, in the table's order."""
        return [str(c) for c in self.table.index.get_level_values(0).unique()]

    def name(self, company: str) -> str:
        """The company's display name (its id when none is stated)."""
        value = self.companies["name"].get(company) if "name" in self.companies else None
        return text_or_blank(value) or str(company)

    def currency(self, company: str) -> str:
        """The company's reporting currency (``USD`` when not stated)."""
        value = self.companies["currency"].get(company) if "currency" in self.companies else None
        return text_or_blank(value) or "USD"

    def replace(self, **changes: object) -> Statements:
        """A copy with ``changes`` (field name -> new value); warnings become a tuple."""
        if "warnings" in changes:
            changes["warnings"] = tuple(changes["warnings"])
        return dataclasses.replace(self, **changes)

    def copy(self) -> Statements:
        """A deep copy: nothing in it is shared with ``self``."""
        return self.replace(
            table=self.table.copy(),
            companies=self.companies.copy(),
            period_end=self.period_end.copy(),
            derivations=self.derivations.copy(),
            incomplete={c: list(v) for c, v in self.incomplete.items()},
            mapping=None if self.mapping is None else self.mapping.copy(),
        )

    def with_warnings(self, *notes: str, first: bool = False) -> Statements:
        """A copy with ``notes`` added after (or, with ``first``, before) the warnings."""
        added = tuple(notes)
        return self.replace(warnings=added + self.warnings if first else self.warnings + added)

    def select(self, companies: Iterable[str]) -> Statements:
        """The rows and metadata of ``companies`` only (in the table's order)."""
        wanted = {str(c) for c in companies}
        rows = self.table.index.get_level_values(0).isin(list(wanted))
        period_end = self.period_end
        if len(period_end):
            period_end = period_end[period_end.index.get_level_values(0).isin(list(wanted))]
        return self.replace(
            table=self.table.loc[rows].copy(),
            companies=self.companies.loc[self.companies.index.isin(list(wanted))].copy(),
            period_end=period_end.copy(),
            derivations=self.derivations[self.derivations["company"].isin(list(wanted))].copy(),
            incomplete={c: v for c, v in self.incomplete.items() if c in wanted},
        )


def text_or_blank(value: object) -> str:
    """``value`` as text; "" for None or NaN."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


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
) -> Statements:
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

    derivations = _derive(statements) if derive else empty_derivations()
    return Statements(
        table=statements,
        companies=_companies_for(statements, companies, source),
        period_end=period_end,
        derivations=derivations,
        warnings=tuple(warnings),
    )


def _companies_for(statements: pd.DataFrame, companies: pd.DataFrame, source: str) -> pd.DataFrame:
    """The rows of ``companies`` for the companies in ``statements``, every COMPANY_FIELDS
    column present; a company without a row gets one named by its id."""
    companies = companies.copy()
    for name in COMPANY_FIELDS:
        if name not in companies.columns:
            companies[name] = None
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


def combine(parts: Sequence[Statements]) -> Statements:
    """Statements from several sources in one; a company id may appear in only one."""
    if len(parts) == 1:
        return parts[0]
    seen: set[str] = set()
    for part in parts:
        ids = set(part.company_ids())
        clash = seen & ids
        if clash:
            raise AcumenError(
                _("company {company} is loaded twice").format(company=sorted(clash)[0]),
                fix=_("Load each company from one source only."),
            )
        seen |= ids
    kinds = {p.period_kind for p in parts}
    return Statements(
        table=pd.concat([p.table for p in parts]).sort_index(),
        companies=pd.concat([p.companies for p in parts]),
        period_end=pd.concat(
            [p.period_end for p in parts if len(p.period_end)] or [empty_period_end()]
        ),
        derivations=pd.concat([p.derivations for p in parts], ignore_index=True),
        warnings=tuple(w for p in parts for w in p.warnings),
        period_kind=kinds.pop() if len(kinds) == 1 else None,
        incomplete={c: v for p in parts for c, v in p.incomplete.items()},
    )


def line_table(statements: Statements | pd.DataFrame) -> pd.DataFrame:
    """The line items as a fresh float64 table, of a :class:`Statements` value or of a bare
    table indexed by (company, fiscal_year)."""
    table = statements.table if isinstance(statements, Statements) else statements
    return pd.DataFrame(
        table[list(LINE_ITEMS)].to_numpy(dtype="float64", copy=True),
        index=table.index,
        columns=list(LINE_ITEMS),
    )
