"""Figures from the wide layout: line items as rows, years as columns."""

from __future__ import annotations

import pandas as pd

from acumen.aliases import normalise_label
from acumen.loaders.file_bytes import MAX_YEAR_COLUMNS
from acumen.loaders.file_checks import _refuse_duplicate_items, _refuse_duplicate_years
from acumen.loaders.file_context import _FIX_LAYOUT, _FIX_YEAR, _column_letter, _Context, _text
from acumen.loaders.file_figures import _Figures, _non_empty, _parse_block, _warn_unknown_rows
from acumen.loaders.file_layout import NOTE_LABELS, _item_of
from acumen.loaders.file_years import parse_year


def _wide_figures(
    grid: pd.DataFrame, header_row: int, label_col: object, ctx: _Context
) -> _Figures:
    """Figures from line items as rows (labels in ``label_col``) and years as columns."""
    header = grid.loc[header_row]
    body = grid.loc[grid.index > header_row]
    labels = body[label_col]
    items = labels.map(_item_of)
    item_rows = items.notna()
    year_cols, years = _year_columns(header, label_col, body, item_rows, ctx)
    has_values = body[year_cols].notna().any(axis=1)
    _warn_unknown_rows(labels[has_values & ~item_rows], ctx)
    known = items[has_values & item_rows]
    if known.empty:
        raise ctx.error(
            "no recognisable line items with figures: expected labels like Revenue, "
            "Net income or Total assets in the first column",
            column=_text(header[label_col]) if header[label_col] is not None else None,
            fix=_FIX_LAYOUT,
        )
    _refuse_duplicate_items(known, labels, "row", ctx)
    block = body.loc[known.index, year_cols]
    values = _parse_block(block, {c: _text(header[c]) for c in year_cols}, labels, ctx)
    values.index = known.to_numpy()
    values.columns = [years[c][0] for c in year_cols]
    table = values.T.astype("float64")
    table.index.name = "fiscal_year"
    period_end = pd.Series(
        [years[c][1] for c in year_cols], index=table.index, dtype="datetime64[ns]"
    )
    where = {years[c][0]: {"column": _text(header[c])} for c in year_cols}
    texts = [str(v) for v in header.dropna() if parse_year(v) is None]
    return _non_empty(_Figures(table, period_end, where, texts), ctx)


def _year_columns(
    header: pd.Series,
    label_col: object,
    body: pd.DataFrame,
    item_rows: pd.Series,
    ctx: _Context,
) -> tuple[list, dict]:
    """Columns whose header is a year; refuses other columns that hold figures."""
    other = header.drop(label_col)
    years = {c: parse_year(v) for c, v in other.items() if v is not None}
    year_cols = [c for c, y in years.items() if y is not None]
    if len(year_cols) > MAX_YEAR_COLUMNS:
        raise ctx.error(
            f"{len(year_cols):,} year columns; at most {MAX_YEAR_COLUMNS} are supported",
            row=int(header.name),
            fix="Keep the years you need (statements rarely span more than 20).",
        )
    filled = body.loc[item_rows].notna().any(axis=0)
    ignored = []
    for col in other.index:
        if col in year_cols or not filled.get(col, False):
            continue
        head = other[col]
        if head is not None and _is_side_column(head):
            ignored.append(_text(head))
            continue
        cell = f"{_column_letter(int(col))}{header.name}"
        if head is None:
            raise ctx.error(
                f"column {_column_letter(int(col))} has figures but no year in the header row "
                f"(cell {cell} is empty)",
                row=int(header.name),
                fix=_FIX_YEAR,
            )
        raise ctx.error(
            f"column header '{_text(head)}' (cell {cell}) is not a year",
            row=int(header.name),
            column=_text(head),
            fix=_FIX_YEAR,
        )
    if ignored:
        ctx.warnings.append(f"Ignored columns that are not years: {', '.join(ignored)}.")
    _refuse_duplicate_years(
        {c: years[c] for c in year_cols}, {c: _text(header[c]) for c in year_cols}, "column", ctx
    )
    return year_cols, {c: years[c] for c in year_cols}


def _is_side_column(header: object) -> bool:
    """Notes, references and change columns that sit beside the years in annual reports."""
    key = normalise_label(header)
    return key in NOTE_LABELS or "change" in key or "variance" in key or "%" in str(header)
