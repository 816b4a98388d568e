"""Tables in a sheet, and their figures as observations (one per source cell).

A sheet holds one or more tables: each starts at a header row (periods across it for the
wide layout; line items across it plus a year or company column for the long layout) and
ends where the next begins. A table's title is the text just above its header. Tables
whose title or corner says they are percentages, ratios or growth rates are set aside.

An observation is one figure with where it came from: columns ``sheet``, ``row``,
``column``, ``label``, ``item``, ``priority``, ``statement``, ``company``, ``fiscal_year``,
``period_end``, ``value`` (as printed), ``unit`` (the row's own unit or None) and
``currency`` (the row's or None).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from acumen.data.aliases import normalise_label
from acumen.data.loaders.file_bytes import MAX_YEAR_COLUMNS
from acumen.data.loaders.file_context import (
    FIX_LAYOUT,
    FIX_YEAR,
    LoadContext,
    clip_text,
    column_letter,
)
from acumen.data.loaders.file_figures import parse_cells
from acumen.data.loaders.file_labels import (
    CHANGE_SECTION,
    NOT_FIGURES,
    allowed,
    item_of,
    meaning_in,
    split_label,
    statement_of_text,
)
from acumen.data.loaders.file_layout import (
    COMPANY_LABELS,
    CURRENCY_LABELS,
    DATE_LABELS,
    FISCAL_YEAR_LABELS,
    IGNORED_LABELS,
    NOTE_LABELS,
    QUARTER_LABELS,
    SINGLE_PERIOD_LABELS,
    STATEMENT_COLUMN_LABELS,
    YEAR_MONTH_LABELS,
)
from acumen.data.loaders.file_meta import is_company_line
from acumen.data.loaders.file_years import Period, parse_period

OBSERVATION_COLUMNS = (
    "sheet",
    "row",
    "column",
    "label",
    "item",
    "priority",
    "statement",
    "company",
    "fiscal_year",
    "period_end",
    "value",
    "unit",
    "currency",
)
#: Titles that mark a block of single quarters (as opposed to year-to-date figures).
SINGLE_QUARTER_TITLES = ("单季", "singlequarter", "quarterly", "3months", "threemonths")


@dataclass
class SheetReading:
    """What one sheet gave: observations, and what was set aside or not understood."""

    observations: list[pd.DataFrame] = field(default_factory=list)
    header_texts: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    unknown: list[tuple[str, int, str]] = field(default_factory=list)  # sheet, row, label
    set_aside: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    quarters_only: int = 0
    header_keys: set[str] = field(default_factory=set)


def read_sheet(
    grid: pd.DataFrame, sheet: str, context_kind: str | None, ctx: LoadContext
) -> SheetReading:
    """Observations of every table in ``grid`` (see the module docstring)."""
    reading = SheetReading()
    headers = _find_headers(grid, ctx)
    first_row = int(grid.index[0])
    above = grid.loc[grid.index < headers[0][0]]
    reading.titles = [", ".join(str(v) for v in r.dropna()) for _, r in above.iterrows()]
    for number, (row, layout, corner) in enumerate(headers):
        end = headers[number + 1][0] if number + 1 < len(headers) else int(grid.index[-1]) + 1
        start = headers[number - 1][0] if number else first_row
        titles = reading.titles if number == 0 else [_block_title(grid, start, row)]
        title = " ".join(t for t in titles if not is_company_line(t))
        body = grid.loc[(grid.index > row) & (grid.index < end)]
        header = grid.loc[row]
        reading.header_keys |= {normalise_label(v) for v in header if isinstance(v, str)}
        corner_text = header.get(corner)
        kind = statement_of_text(title) or statement_of_text(corner_text) or context_kind
        excluded = NOT_FIGURES.search(f"{title} {corner_text or ''}")
        if excluded and number:
            reading.set_aside.append(
                f"Set aside the table '{clip_text(corner_text or title, 50)}' (rows {row}–{end - 1}): "
                "percentages or ratios, not figures."
            )
            continue
        if layout == "wide":
            block = _wide_block(header, body, corner, kind, sheet, reading, ctx)
        else:
            single = any(w in normalise_label(title) for w in SINGLE_QUARTER_TITLES)
            block = _long_block(header, body, corner, kind, sheet, single, reading, ctx)
        if block is None or block.empty:
            continue
        if _is_common_size(block):
            reading.set_aside.append(
                f"Set aside the table at rows {row}–{end - 1}: its revenue or total assets is "
                "100 in every year, so it is a percentage table."
            )
            continue
        reading.observations.append(block)
    return reading


# --------------------------------------------------------------------------- headers


def _find_headers(grid: pd.DataFrame, ctx: LoadContext) -> list[tuple[int, str, object]]:
    """(row, "wide" | "long", label column) of each table's header row."""
    from acumen.data.loaders.file_layout import find_header, leftmost_from

    filled = grid.notna().to_numpy()
    first = find_header(grid, ctx, filled)
    headers = [first]
    leftmost = leftmost_from(grid, filled)
    below = grid.index > first[0]
    later = grid.loc[below]
    candidates = later.index[filled[below].sum(axis=1) >= 3]
    if first[1] == "long":
        keyed = _rows_with_key_cells(later.loc[candidates])
        candidates = [r for r in candidates if r in keyed]
    for row_number in candidates:
        row = grid.loc[row_number].dropna()
        corner = grid.columns[leftmost[row_number]]
        label = row.get(corner)
        rest = row.drop(corner, errors="ignore")
        if first[1] == "wide":
            periods = [parse_period(v) for v in rest]
            if len(rest) >= 2 and all(p is not None for p in periods):
                numeric = all(not isinstance(v, str) for v in rest)
                if not (numeric and item_of(label) is not None):
                    headers.append((int(row_number), "wide", corner))
        else:
            items = sum(item_of(split_label(v)[0]) is not None for v in row if isinstance(v, str))
            if items >= 2:
                headers.append((int(row_number), "long", corner))
    return headers


_HEADER_KEYS = FISCAL_YEAR_LABELS | DATE_LABELS | COMPANY_LABELS


def _rows_with_key_cells(grid: pd.DataFrame) -> set:
    """Rows holding a cell that names a year, date or company column (a long header's
    keys), found over the distinct texts of the grid rather than cell by cell."""
    values = pd.Series(pd.unique(grid.to_numpy().ravel()))
    texts = values[values.map(lambda v: isinstance(v, str)).astype(bool)].astype(str)
    texts = texts[texts.str.contains(r"[^\W\d_]", regex=True)]  # has a letter
    keys = [t for t in texts if normalise_label(t) in _HEADER_KEYS]
    if not keys:
        return set()
    return set(grid.index[grid.isin(keys).any(axis=1).to_numpy()])


def _block_title(grid: pd.DataFrame, start: int, header_row: int) -> str:
    """The text rows just above a header (after the previous table's last figures)."""
    above = grid.loc[(grid.index >= start) & (grid.index < header_row)]
    lines = []
    for _, row in above.iloc[::-1].iterrows():
        values = row.dropna()
        if len(values) > 1:
            break
        lines.insert(0, " ".join(str(v) for v in values))
    return " ".join(lines[-2:])


def _day_first(cells: list[object]) -> bool:
    import re

    return any(
        isinstance(v, str)
        and (m := re.match(r"\s*(\d{1,2})[/.-]\d{1,2}[/.-]\d{4}", v))
        and int(m.group(1)) > 12
        for v in cells
    )


# --------------------------------------------------------------------------- wide tables


def _wide_block(
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
            f"Set aside {len(part_cols)} column(s) that are not fiscal years ({names}): "
            "TTM, latest-quarter and quarterly figures are not analysed yet."
        )
    if not year_cols:
        if part_cols:
            reading.quarters_only += 1
        return None
    if len(year_cols) > MAX_YEAR_COLUMNS:
        raise ctx.error(
            f"{len(year_cols):,} year columns; at most {MAX_YEAR_COLUMNS} are supported",
            row=int(header.name),
            fix="Keep the years you need (statements rarely span more than 20).",
        )
    _refuse_duplicate_periods(header, year_cols, periods, ctx)
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
    if not rows:
        return None
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
                clip_text(head) if head is not None else f"column {column_letter(int(col))}"
            )
            continue
        cell = f"{column_letter(int(col))}{header.name}"
        if head is None:
            raise ctx.error(
                f"column {column_letter(int(col))} has figures but no year in the header row "
                f"(cell {cell} is empty)",
                row=int(header.name),
                fix=FIX_YEAR,
            )
        raise ctx.error(
            f"column header '{clip_text(head)}' (cell {cell}) is not a year",
            row=int(header.name),
            column=clip_text(head),
            fix=FIX_YEAR,
        )
    if ignored:
        ctx.warnings.append(f"Ignored columns that are not years: {', '.join(ignored)}.")


def _refuse_duplicate_periods(header: pd.Series, year_cols: list, periods: dict, ctx) -> None:
    seen: dict[int, object] = {}
    for col in year_cols:
        year = periods[col].fiscal_year
        if year in seen:
            first = seen[year]
            raise ctx.error(
                f"columns '{clip_text(header[first])}' and '{clip_text(header[col])}' are both fiscal "
                f"year {year}",
                column=clip_text(header[col]),
                fix="Keep one column per fiscal year (dates ending January–May count as "
                "the year before).",
            )
        seen[year] = col


# --------------------------------------------------------------------------- long tables


def _first(keys: dict, wanted: set[str]) -> object | None:
    return next((c for c, k in keys.items() if k in wanted), None)


def _long_block(
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
        raise ctx.error("no recognisable line-item columns", row=int(header.name), fix=FIX_LAYOUT)
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
    kinds = pd.Series({r: p.kind for r, p in periods.items()})
    if quarter_col is not None:
        quarter = pd.to_numeric(body[quarter_col], errors="coerce")
        kinds[(quarter >= 1) & (quarter <= 3)] = "quarter"
    if single_col is not None:
        marker = body[single_col].astype("string").str.strip().str.upper()
        kinds[marker.isin(["Q", "H"]).fillna(False).to_numpy()] = "quarter"
    if single_block:
        kinds[:] = "quarter"
    parts = kinds[kinds != "year"]
    if len(parts):
        reading.set_aside.append(
            f"Set aside {len(parts)} row(s) of quarters, half-years or TTM (rows "
            f"{_ranges(parts.index)}): only fiscal years are analysed for now."
        )
    body = body.loc[kinds[kinds == "year"].index]
    if body.empty:
        reading.quarters_only += 1
        return None
    if quarter_col is not None and (pd.to_numeric(body[quarter_col], errors="coerce") == 4).any():
        reading.set_aside.append(
            "Rows of quarter 4 read as whole fiscal years (year-to-date figures)."
        )
    companies = (
        body[company_col].map(lambda v: " ".join(str(v).split()) if v is not None else None)
        if company_col is not None
        else pd.Series(None, index=body.index, dtype=object)
    )
    if company_col is not None:
        known = set(reading.companies)
        reading.companies += [c for c in companies.dropna().unique() if c not in known]
    _refuse_duplicate_rows(body.index, companies, periods, ctx)
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
                f"row {row} has figures but no year (cell {cell} is empty)"
                if value is None
                else f"'{clip_text(value)}' (cell {cell}) is not a year"
            )
            raise ctx.error(problem, row=int(row), column=name, fix=FIX_YEAR)
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
            who = f" of {key[0]}" if key[0] else ""
            raise ctx.error(
                f"rows {seen[key]} and {row} are both fiscal year {key[1]}{who}",
                row=int(row),
                fix="Keep one row per fiscal year (dates ending January–May count as the "
                "year before).",
            )
        seen[key] = int(row)


def _ranges(index: pd.Index) -> str:
    values = sorted(int(v) for v in index)
    return f"{values[0]}–{values[-1]}" if len(values) > 1 else str(values[0])


def _is_common_size(block: pd.DataFrame) -> bool:
    """A percentage table: revenue or total assets exactly 100 in every year (≥ 2 years)
    and every other figure of its ≥ 4 items within ±100."""
    if block["item"].nunique() < 4 or (block["value"].abs() > 100).any():
        return False
    for item in ("revenue", "total_assets"):
        values = block.loc[block["item"] == item, "value"]
        if len(values) >= 2 and np.allclose(values, 100.0):
            return True
    return False
