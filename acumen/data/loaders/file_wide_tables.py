"""Wide tables: line items as rows, periods (fiscal years, dates) as columns.

Columns that are not fiscal years (TTM, quarters) are set aside with a note; a column with
figures but no period in its header is refused (notes and % columns are ignored).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from acumen.data.aliases import normalise_label
from acumen.data.loaders.file_bytes import MAX_YEAR_COLUMNS
from acumen.data.loaders.file_context import (
    FIX_YEAR,
    LoadContext,
    clip_text,
    column_letter,
)
from acumen.data.loaders.file_figures import parse_cells
from acumen.data.loaders.file_labels import (
    CHANGE_SECTION,
    allowed,
    item_of,
    meaning_in,
    split_label,
    statement_of_text,
)
from acumen.data.loaders.file_layout import (
    NOTE_LABELS,
    STATEMENT_COLUMN_LABELS,
)
from acumen.data.loaders.file_observations import OBSERVATION_COLUMNS, SheetReading
from acumen.data.loaders.file_years import Period, parse_period
from acumen.i18n import _


def _day_first(cells: list[object]) -> bool:
    import re

    return any(
        isinstance(v, str)
        and (m := re.match(r"\s*(\d{1,2})[/.-]\d{1,2}[/.-]\d{4}", v))
        and int(m.group(1)) > 12
        for v in cells
    )


def wide_block(
    header: pd.Series,
    body: pd.DataFrame,
    label_col: object,
    kind: str | None,
    sheet: str,
    reading: SheetReading,
    ctx: LoadContext,
) -> pd.DataFrame | None:
    """Observations of a table with line items as rows and periods as columns."""
    other = header.drop(label_col)
    day_first = _day_first(list(other.dropna()))
    periods = {c: parse_period(v, day_first=day_first) for c, v in other.items() if v is not None}
    keys = {c: normalise_label(v) for c, v in other.items() if isinstance(v, str)}
    statement_col = next((c for c, k in keys.items() if k in STATEMENT_COLUMN_LABELS), None)
    year_cols = [c for c, p in periods.items() if p is not None and p.kind == "year"]
    part_cols = [c for c, p in periods.items() if p is not None and p.kind != "year"]
    _quarterly_dates(periods, year_cols, part_cols)
    labels = body[label_col]
    clean = labels.map(lambda v: split_label(v) if isinstance(v, str) else (None, None, None))
    has_values = body[year_cols + part_cols].notna().any(axis=1) if year_cols + part_cols else None
    _refuse_stray_columns(header, body, label_col, periods, statement_col, ctx)
    reading.header_texts += [str(v) for c, v in header.items() if periods.get(c) is None and v]
    if part_cols:
        names = ", ".join(f"'{clip_text(header[c], 20)}'" for c in part_cols[:4])
        reading.set_aside.append(
            _(
                "Set aside {count} column(s) that are not fiscal years ({names}): "
                "TTM, latest-quarter and quarterly figures are not analysed yet."
            ).format(count=len(part_cols), names=names)
        )
    if not year_cols:
        if part_cols:
            reading.quarters_only += 1
        return None
    if len(year_cols) > MAX_YEAR_COLUMNS:
        raise ctx.error(
            _("{count} year columns; at most {limit} are supported").format(
                count=f"{len(year_cols):,}", limit=MAX_YEAR_COLUMNS
            ),
            row=int(header.name),
            fix=_("Keep the years you need (statements rarely span more than 20)."),
        )
    _refuse_duplicate_periods(header, year_cols, periods, ctx)
    rows = _item_rows(labels, clean, has_values, body, kind, statement_col, sheet, reading, ctx)
    if not rows:
        return None
    return _observations(rows, body, header, labels, year_cols, periods, sheet, ctx)


def _item_rows(
    labels: pd.Series,
    clean: pd.Series,
    has_values: pd.Series | None,
    body: pd.DataFrame,
    kind: str | None,
    statement_col: object,
    sheet: str,
    reading: SheetReading,
    ctx: LoadContext,
) -> list[dict]:
    """One dict (row, label, item, priority, statement, unit, currency) per row that is a
    line item; rows without figures set the section (a cash flow's changes section), rows
    not known go to ``reading.unknown``."""
    rows: list[dict] = []
    section = ""
    in_changes = kind == "cash_flow"
    for row_number, label in labels.items():
        if has_values is not None and not has_values[row_number]:
            if isinstance(label, str):
                section = split_label(label)[0].rstrip(":：").strip()
                if CHANGE_SECTION.search(section):
                    in_changes = True
                elif kind != "cash_flow":
                    in_changes = False
            continue
        text, unit, currency = clean[row_number]
        row_kind = kind
        if statement_col is not None:
            row_kind = statement_of_text(body.at[row_number, statement_col]) or kind
        found = meaning_in(item_of(text, section), row_kind) if text else None
        picked = ctx.overrides.get(str(label)) if label is not None else None
        if picked:
            found = (picked, -1)
        elif found is None or not allowed(
            found[0], row_kind, in_changes or row_kind == "cash_flow", statement_col is not None
        ):
            reading.unknown.append((sheet, int(row_number), str(label) if label else ""))
            continue
        rows.append(
            {
                "row": int(row_number),
                "label": str(label),
                "item": found[0],
                "priority": found[1],
                "statement": row_kind,
                "unit": unit,
                "currency": currency,
            }
        )
    return rows


def _observations(
    rows: list[dict],
    body: pd.DataFrame,
    header: pd.Series,
    labels: pd.Series,
    year_cols: list,
    periods: dict,
    sheet: str,
    ctx: LoadContext,
) -> pd.DataFrame | None:
    """The figures of the item rows in the year columns, one observation per cell."""
    meta = pd.DataFrame(rows).set_index("row", drop=False)
    block = body.loc[meta.index, year_cols]
    values = parse_cells(block, {c: clip_text(header[c]) for c in year_cols}, labels, ctx)
    stacked = values.stack(future_stack=True).dropna()
    if stacked.empty:
        return None
    obs_rows = stacked.index.get_level_values(0)
    obs_cols = stacked.index.get_level_values(1)
    out = meta.loc[obs_rows].reset_index(drop=True)
    out["sheet"] = sheet
    out["column"] = [clip_text(header[c]) for c in obs_cols]
    out["company"] = None
    out["fiscal_year"] = [periods[c].fiscal_year for c in obs_cols]
    out["period_end"] = pd.to_datetime([periods[c].period_end for c in obs_cols])
    out["value"] = stacked.to_numpy(dtype="float64")
    return out[list(OBSERVATION_COLUMNS)]


def _quarterly_dates(periods: dict, year_cols: list, part_cols: list) -> None:
    """Date columns less than ~7 months apart are quarters, not years."""
    ends = sorted({periods[c].period_end for c in year_cols if periods[c].period_end is not None})
    if len(ends) < 2:
        return
    gaps = pd.Series(pd.DatetimeIndex(ends)).diff().dt.days.dropna().to_numpy()
    if np.median(gaps) < 200:
        for c in list(year_cols):
            if periods[c].period_end is not None:
                periods[c] = Period(periods[c].fiscal_year, periods[c].period_end, "quarter")
                year_cols.remove(c)
                part_cols.append(c)


def _refuse_stray_columns(
    header: pd.Series,
    body: pd.DataFrame,
    label_col: object,
    periods: dict,
    statement_col: object,
    ctx: LoadContext,
) -> None:
    """Columns with figures but no period in the header: notes and % columns are ignored,
    anything else is refused with the cell named."""
    filled = body.notna().any(axis=0)
    ignored = []
    for col in header.index:
        if col in (label_col, statement_col) or periods.get(col) is not None:
            continue
        if not filled.get(col, False):
            continue
        head = header[col]
        key = normalise_label(head) if head is not None else ""
        if head is not None and (
            key in NOTE_LABELS or "change" in key or "variance" in key or "%" in str(head)
        ):
            ignored.append(clip_text(head))
            continue
        values = body[col].dropna()
        if values.map(lambda v: isinstance(v, str) and not any(ch.isdigit() for ch in v)).all():
            ignored.append(
                clip_text(head)
                if head is not None
                else _("column {letter}").format(letter=column_letter(int(col)))
            )
            continue
        cell = f"{column_letter(int(col))}{header.name}"
        if head is None:
            raise ctx.error(
                _(
                    "column {letter} has figures but no year in the header row "
                    "(cell {cell} is empty)"
                ).format(letter=column_letter(int(col)), cell=cell),
                row=int(header.name),
                fix=_(FIX_YEAR),
            )
        raise ctx.error(
            _("column header '{header}' (cell {cell}) is not a year").format(
                header=clip_text(head), cell=cell
            ),
            row=int(header.name),
            column=clip_text(head),
            fix=_(FIX_YEAR),
        )
    if ignored:
        ctx.warnings.append(
            _("Ignored columns that are not years: {columns}.").format(columns=", ".join(ignored))
        )


def _refuse_duplicate_periods(header: pd.Series, year_cols: list, periods: dict, ctx) -> None:
    seen: dict[int, object] = {}
    for col in year_cols:
        year = periods[col].fiscal_year
        if year in seen:
            first = seen[year]
            raise ctx.error(
                _("columns '{first}' and '{second}' are both fiscal year {year}").format(
                    first=clip_text(header[first]), second=clip_text(header[col]), year=year
                ),
                column=clip_text(header[col]),
                fix=_(
                    "Keep one column per fiscal year (dates ending January–May count as "
                    "the year before)."
                ),
            )
        seen[year] = col
