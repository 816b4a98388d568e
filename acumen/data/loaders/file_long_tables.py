"""Long tables: one row per period (and company), line items as columns.

Rows of quarters, half-years or TTM are set aside; a quarter-4 row is read as the fiscal
year (year-to-date figures); each row needs a readable year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from acumen.data.aliases import normalise_label
from acumen.data.loaders.file_context import (
    FIX_LAYOUT,
    FIX_YEAR,
    LoadContext,
    clip_text,
    column_letter,
)
from acumen.data.loaders.file_figures import parse_cells
from acumen.data.loaders.file_labels import (
    allowed,
    item_of,
    meaning_in,
    split_label,
)
from acumen.data.loaders.file_layout import (
    COMPANY_LABELS,
    CURRENCY_LABELS,
    DATE_LABELS,
    FISCAL_YEAR_LABELS,
    IGNORED_LABELS,
    QUARTER_LABELS,
    SINGLE_PERIOD_LABELS,
    YEAR_MONTH_LABELS,
)
from acumen.data.loaders.file_observations import OBSERVATION_COLUMNS, SheetReading
from acumen.data.loaders.file_years import Period, parse_period
from acumen.i18n import _


def _first(keys: dict, wanted: set[str]) -> object | None:
    return next((c for c, k in keys.items() if k in wanted), None)


def long_block(
    header: pd.Series,
    body: pd.DataFrame,
    corner: object,
    kind: str | None,
    sheet: str,
    single_block: bool,
    reading: SheetReading,
    ctx: LoadContext,
) -> pd.DataFrame | None:
    """Observations of a table with one row per period (and company), items as columns."""
    keys = {c: normalise_label(v) if isinstance(v, str) else "" for c, v in header.items()}
    year_col = _first(keys, FISCAL_YEAR_LABELS | YEAR_MONTH_LABELS)
    date_col = _first({c: k for c, k in keys.items() if c != year_col}, DATE_LABELS)
    if year_col is None:
        year_col, date_col = (date_col, None) if date_col is not None else (corner, None)
    company_col = _first(keys, COMPANY_LABELS)
    quarter_col = _first(keys, QUARTER_LABELS)
    single_col = next(
        (c for c, k in keys.items() if any(w in k for w in SINGLE_PERIOD_LABELS)), None
    )
    currency_col = _first(keys, CURRENCY_LABELS)
    special = {year_col, date_col, company_col, quarter_col, single_col, currency_col}
    special |= {c for c, k in keys.items() if k in IGNORED_LABELS}
    items = _item_columns(header, body, special, kind, sheet, reading, ctx)
    item_cols = list(items)
    body = body.loc[body[item_cols].notna().any(axis=1)]
    if body.empty:
        return None
    month_end = keys.get(year_col, "") in YEAR_MONTH_LABELS
    periods = _row_periods(body, year_col, header, month_end, ctx)
    if date_col is not None:
        dates = body[date_col].map(lambda v: parse_period(v, serial=True))
        for row, period in dates.items():
            if period is not None and period.period_end is not None:
                periods[row] = Period(period.fiscal_year, period.period_end, periods[row].kind)
    kinds = _row_kinds(body, periods, quarter_col, single_col, single_block)
    parts = kinds[kinds != "year"]
    if len(parts):
        reading.set_aside.append(
            _(
                "Set aside {count} row(s) of quarters, half-years or TTM (rows {rows}): "
                "only fiscal years are analysed for now."
            ).format(count=len(parts), rows=_ranges(parts.index))
        )
    body = body.loc[kinds[kinds == "year"].index]
    if body.empty:
        reading.quarters_only += 1
        return None
    if quarter_col is not None and (pd.to_numeric(body[quarter_col], errors="coerce") == 4).any():
        reading.set_aside.append(
            _("Rows of quarter 4 read as whole fiscal years (year-to-date figures).")
        )
    companies = _company_column(body, company_col, reading)
    _refuse_duplicate_rows(body.index, companies, periods, ctx)
    return _long_observations(
        items, body, header, periods, companies, kind, sheet, currency_col, ctx
    )


def _company_column(body: pd.DataFrame, company_col: object, reading: SheetReading) -> pd.Series:
    """Each row's company (spaces collapsed; None without a company column); new names are
    added to ``reading.companies``."""
    companies = (
        body[company_col].map(lambda v: " ".join(str(v).split()) if v is not None else None)
        if company_col is not None
        else pd.Series(None, index=body.index, dtype=object)
    )
    if company_col is not None:
        known = set(reading.companies)
        reading.companies += [c for c in companies.dropna().unique() if c not in known]
    return companies


def _long_observations(
    items: dict[object, tuple],
    body: pd.DataFrame,
    header: pd.Series,
    periods: dict[int, Period],
    companies: pd.Series,
    kind: str | None,
    sheet: str,
    currency_col: object,
    ctx: LoadContext,
) -> pd.DataFrame | None:
    """The figures of the item columns, one observation per cell (the row's currency where
    the label states none)."""
    item_cols = list(items)
    names = {c: clip_text(header[c]) for c in item_cols}
    values = parse_cells(body[item_cols], names, None, ctx)
    stacked = values.stack(future_stack=True).dropna()
    if stacked.empty:
        return None
    rows = stacked.index.get_level_values(0)
    cols = stacked.index.get_level_values(1)
    meta = pd.DataFrame.from_dict(
        items, orient="index", columns=["label", "item", "priority", "unit", "currency"]
    )
    out = meta.loc[cols].reset_index(drop=True)
    out["sheet"] = sheet
    out["row"] = np.asarray(rows, dtype="int64")
    out["column"] = None  # a long table's year sits in a row: errors name the row
    out["statement"] = kind
    out["company"] = companies.reindex(rows).to_numpy()
    out["fiscal_year"] = [periods[r].fiscal_year for r in rows]
    out["period_end"] = pd.to_datetime([periods[r].period_end for r in rows])
    out["value"] = stacked.to_numpy(dtype="float64")
    if currency_col is not None:
        row_currency = body[currency_col].reindex(rows).to_numpy()
        out["currency"] = out["currency"].where(out["currency"].notna(), row_currency)
    return out[list(OBSERVATION_COLUMNS)]


def _item_columns(
    header: pd.Series,
    body: pd.DataFrame,
    special: set,
    kind: str | None,
    sheet: str,
    reading: SheetReading,
    ctx: LoadContext,
) -> dict[object, tuple]:
    """Column -> (label, item, priority, unit, currency) for each header cell that is a line
    item (or the item the user picked for it); columns with figures that are not go to
    ``reading.unknown``. Refuses a header without any."""
    items: dict[object, tuple] = {}
    unknown = []
    has_data = body.notna().any(axis=0)
    for col, value in header.items():
        if col in special or value is None:
            continue
        text, unit, currency = split_label(value) if isinstance(value, str) else (None, None, None)
        found = meaning_in(item_of(text), kind) if text else None
        if ctx.overrides.get(str(value)):
            found = (ctx.overrides[str(value)], -1)
        elif found is None or not allowed(found[0], kind, kind == "cash_flow"):
            if has_data.get(col, False):
                unknown.append(col)
            continue
        items[col] = (str(value), found[0], found[1], unit, currency)
    reading.unknown += [
        (sheet, int(header.name), f"column {clip_text(header[c], 50)}") for c in unknown
    ]
    if not items:
        raise ctx.error(
            _("no recognisable line-item columns"), row=int(header.name), fix=_(FIX_LAYOUT)
        )
    return items


def _row_kinds(
    body: pd.DataFrame,
    periods: dict[int, Period],
    quarter_col: object,
    single_col: object,
    single_block: bool,
) -> pd.Series:
    """Each row's period kind: its year's, "quarter" for quarters 1–3, rows marked Q or H
    (single quarters or halves), and every row of a block titled as single quarters."""
    kinds = pd.Series({r: p.kind for r, p in periods.items()})
    if quarter_col is not None:
        quarter = pd.to_numeric(body[quarter_col], errors="coerce")
        kinds[(quarter >= 1) & (quarter <= 3)] = "quarter"
    if single_col is not None:
        marker = body[single_col].astype("string").str.strip().str.upper()
        kinds[marker.isin(["Q", "H"]).fillna(False).to_numpy()] = "quarter"
    if single_block:
        kinds[:] = "quarter"
    return kinds


def _row_periods(
    body: pd.DataFrame, year_col: object, header: pd.Series, month_end: bool, ctx: LoadContext
) -> dict[int, Period]:
    """row -> Period for each data row; refuses a row without a readable year."""
    periods: dict[int, Period] = {}
    name = clip_text(header[year_col]) if header[year_col] is not None else "year"
    for row, value in body[year_col].items():
        period = parse_period(value, serial=True)
        if period is None:
            cell = f"{column_letter(int(year_col))}{row}"
            problem = (
                _("row {row} has figures but no year (cell {cell} is empty)").format(
                    row=row, cell=cell
                )
                if value is None
                else _("'{value}' (cell {cell}) is not a year").format(
                    value=clip_text(value), cell=cell
                )
            )
            raise ctx.error(problem, row=int(row), column=name, fix=_(FIX_YEAR))
        if month_end and period.period_end is not None:
            end = period.period_end + pd.offsets.MonthEnd(0)
            period = Period(period.fiscal_year, end, period.kind)
        periods[int(row)] = period
    return periods


def _refuse_duplicate_rows(index: pd.Index, companies: pd.Series, periods: dict, ctx) -> None:
    seen: dict[tuple, int] = {}
    for row in index:
        key = (companies.get(row), periods[int(row)].fiscal_year)
        if key in seen:
            values = dict(first=seen[key], row=row, year=key[1], company=key[0])
            problem = (
                _("rows {first} and {row} are both fiscal year {year} of {company}")
                if key[0]
                else _("rows {first} and {row} are both fiscal year {year}")
            )
            raise ctx.error(
                problem.format(**values),
                row=int(row),
                fix=_(
                    "Keep one row per fiscal year (dates ending January–May count as the "
                    "year before)."
                ),
            )
        seen[key] = int(row)


def _ranges(index: pd.Index) -> str:
    values = sorted(int(v) for v in index)
    return f"{values[0]}–{values[-1]}" if len(values) > 1 else str(values[0])
