"""Figures from the long layout: one row per year, line items as columns."""

from __future__ import annotations

import pandas as pd

from acumen.aliases import normalise_label
from acumen.loaders.file_bytes import MAX_YEAR_COLUMNS
from acumen.loaders.file_checks import _refuse_duplicate_items, _refuse_duplicate_years
from acumen.loaders.file_context import _FIX_LAYOUT, _FIX_YEAR, _column_letter, _Context, _text
from acumen.loaders.file_figures import _Figures, _non_empty, _parse_block, _warn_unknown_rows
from acumen.loaders.file_layout import COMPANY_LABELS, DATE_LABELS, FISCAL_YEAR_LABELS, _item_of
from acumen.loaders.file_years import parse_year


def _long_figures(
    grid: pd.DataFrame, header_row: int, label_col: object, ctx: _Context
) -> _Figures:
    """Figures from one row per year with line items as columns."""
    header = grid.loc[header_row]
    body = grid.loc[grid.index > header_row]
    keys = header.map(lambda v: normalise_label(v) if isinstance(v, str) else "")
    year_col = next(
        (c for c in (_first(keys, FISCAL_YEAR_LABELS), _first(keys, DATE_LABELS)) if c is not None),
        label_col,
    )
    date_col = _first(keys.drop(year_col), DATE_LABELS)
    company_col = _first(keys, COMPANY_LABELS)
    items = header.map(_item_of).drop([c for c in (year_col, date_col) if c is not None])
    item_cols = items[items.notna()]
    names = {c: _text(header[c]) for c in header.index if header[c] is not None}
    has_data = body.notna().any(axis=0)
    skip = {year_col, date_col, company_col}
    unknown = [
        c for c in header.index if c not in skip and c not in item_cols.index and has_data[c]
    ]
    _warn_unknown_rows(header[unknown], ctx, kind="columns")
    if item_cols.empty:
        raise ctx.error("no recognisable line-item columns", row=header_row, fix=_FIX_LAYOUT)
    _refuse_duplicate_items(item_cols, header, "column", ctx)
    body = body.loc[body[list(item_cols.index)].notna().any(axis=1)]
    years = _long_years(body, year_col, names.get(year_col, "year"), ctx)
    if len(years) > MAX_YEAR_COLUMNS:
        raise ctx.error(
            f"{len(years):,} year rows; at most {MAX_YEAR_COLUMNS} are supported",
            fix="Keep the years you need.",
        )
    _refuse_duplicate_years(years, {}, "row", ctx)
    block = body.loc[list(years), list(item_cols.index)]
    values = _parse_block(block, names, None, ctx)
    values.columns = item_cols.to_numpy()
    values.index = pd.Index([years[r][0] for r in block.index], name="fiscal_year")
    period_end = pd.Series([years[r][1] for r in block.index], index=values.index)
    if date_col is not None:
        dates = body.loc[block.index, date_col].map(parse_year)
        period_end = pd.Series(
            [d[1] if isinstance(d, tuple) else None for d in dates],
            index=values.index,
            dtype="datetime64[ns]",
        ).fillna(period_end.astype("datetime64[ns]"))
    where = {years[r][0]: {"row": int(r)} for r in block.index}
    texts = [str(v) for v in header.dropna()]
    company = _company_cell(body, company_col, ctx)
    figures = _Figures(values, period_end.astype("datetime64[ns]"), where, texts, company)
    return _non_empty(figures, ctx)


def _first(keys: pd.Series, wanted: set[str]) -> object | None:
    hits = keys[keys.isin(wanted)]
    return hits.index[0] if not hits.empty else None


def _long_years(body: pd.DataFrame, year_col: object, name: str, ctx: _Context) -> dict:
    """row -> (fiscal year, period end) for each data row; refuses rows without a year."""
    years: dict[int, tuple[int, pd.Timestamp | None]] = {}
    for row, value in body[year_col].items():
        parsed = parse_year(value)
        if parsed is None:
            cell = f"{_column_letter(int(year_col))}{row}"
            problem = (
                f"row {row} has figures but no year (cell {cell} is empty)"
                if value is None
                else f"'{_text(value)}' (cell {cell}) is not a year"
            )
            raise ctx.error(problem, row=int(row), column=name, fix=_FIX_YEAR)
        years[int(row)] = parsed
    return years


def _company_cell(body: pd.DataFrame, company_col: object | None, ctx: _Context) -> str | None:
    """The one company named in a company column (long layout), if any."""
    if company_col is None:
        return None
    names = body[company_col].dropna().map(str).unique()
    if len(names) > 1:
        raise ctx.error(
            f"the file holds several companies ({', '.join(_text(n, 30) for n in names[:3])})",
            fix="Upload one file per company.",
        )
    return names[0] if len(names) else None
