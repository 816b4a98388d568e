"""Tables in a sheet, and their figures as observations (see :mod:`file_observations`).

A sheet holds one or more tables: each starts at a header row (periods across it for the
wide layout, :mod:`file_wide_tables`; line items across it plus a year or company column
for the long layout, :mod:`file_long_tables`) and ends where the next begins. A table's
title is the text just above its header. Tables whose title or corner says they are
percentages, ratios or growth rates are set aside.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from acumen.data.aliases import normalise_label
from acumen.data.loaders.file_context import LoadContext, clip_text
from acumen.data.loaders.file_labels import NOT_FIGURES, item_of, split_label, statement_of_text
from acumen.data.loaders.file_layout import (
    COMPANY_LABELS,
    DATE_LABELS,
    FISCAL_YEAR_LABELS,
    find_header,
    leftmost_from,
)
from acumen.data.loaders.file_long_tables import long_block
from acumen.data.loaders.file_meta import is_company_line
from acumen.data.loaders.file_observations import SheetReading
from acumen.data.loaders.file_wide_tables import wide_block
from acumen.data.loaders.file_years import parse_period
from acumen.i18n import _

#: Titles that mark a block of single quarters (as opposed to year-to-date figures).
SINGLE_QUARTER_TITLES = ("单季", "singlequarter", "quarterly", "3months", "threemonths")


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
                _(
                    "Set aside the table '{table}' (rows {first}–{last}): "
                    "percentages or ratios, not figures."
                ).format(table=clip_text(corner_text or title, 50), first=row, last=end - 1)
            )
            continue
        if layout == "wide":
            block = wide_block(header, body, corner, kind, sheet, reading, ctx)
        else:
            single = any(w in normalise_label(title) for w in SINGLE_QUARTER_TITLES)
            block = long_block(header, body, corner, kind, sheet, single, reading, ctx)
        if block is None or block.empty:
            continue
        if _is_common_size(block):
            reading.set_aside.append(
                _(
                    "Set aside the table at rows {first}–{last}: its revenue or total assets is "
                    "100 in every year, so it is a percentage table."
                ).format(first=row, last=end - 1)
            )
            continue
        reading.observations.append(block)
    return reading


# --------------------------------------------------------------------------- headers


def _find_headers(grid: pd.DataFrame, ctx: LoadContext) -> list[tuple[int, str, object]]:
    """(row, "wide" | "long", label column) of each table's header row."""
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
    for _index, row in above.iloc[::-1].iterrows():
        values = row.dropna()
        if len(values) > 1:
            break
        lines.insert(0, " ".join(str(v) for v in values))
    return " ".join(lines[-2:])


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
