"""Finding the header row and whether the file is wide or long, and which labels are line items."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from acumen.aliases import canonical_item, normalise_label
from acumen.loaders.file_context import _FIX_LAYOUT, _Context, _text
from acumen.loaders.file_years import parse_year

HEADER_SEARCH_ROWS = 50
#: Normalised header labels of the year column in a long layout.
FISCAL_YEAR_LABELS = {
    "year",
    "years",
    "fiscalyear",
    "fy",
    "financialyear",
    "period",
    "fiscalperiod",
}
DATE_LABELS = {"periodend", "periodending", "periodenddate", "date", "yearend", "yearended"}
DATE_LABELS |= {"fiscalyearend", "reportdate", "fiscalyearended"}
COMPANY_LABELS = {"company", "companyname", "ticker", "client", "entity"}
NOTE_LABELS = {"note", "notes", "ref", "reference", "comment", "comments", "remarks"}


def _find_header(grid: pd.DataFrame, ctx: _Context) -> tuple[int, str, object]:
    """(row, "wide" | "long", label column): the first row with years across it, or with
    line items across it plus a year label (or a blank corner above the years)."""
    leftmost = _leftmost_from(grid)
    for row_number in grid.index[:HEADER_SEARCH_ROWS]:
        corner = grid.columns[leftmost[row_number]]
        row = grid.loc[row_number].dropna()
        rest = row.drop(corner, errors="ignore")
        years = sum(parse_year(v) is not None for v in rest)
        if years and 2 * years >= len(rest):
            return int(row_number), "wide", corner
        keys = {normalise_label(v) for v in row if isinstance(v, str)}
        items = sum(_item_of(v) is not None for v in row)
        if items and (keys & (FISCAL_YEAR_LABELS | DATE_LABELS) or corner not in row.index):
            return int(row_number), "long", corner
    found = [str(v) for v in grid.iloc[:, :2].stack() if _item_of(v)]
    if found:
        raise ctx.error(
            f"found line items ({', '.join(_text(f) for f in found[:3])}) but no header row with years",
            fix="Add a header row above the figures with one year per column, like "
            "'Line item,2021,2022,2023'.",
        )
    raise ctx.error(
        "no header row found: expected a header row with years like 2015 or FY2015, "
        "or line items like Revenue and Net income",
        fix=_FIX_LAYOUT,
    )


def _leftmost_from(grid: pd.DataFrame) -> pd.Series:
    """For each row, the position of the leftmost column with data in it or any row below."""
    filled = grid.notna().to_numpy()
    first = np.where(filled.any(axis=1), filled.argmax(axis=1), filled.shape[1] - 1)
    return pd.Series(np.minimum.accumulate(first[::-1])[::-1], index=grid.index)


def _title_texts(grid: pd.DataFrame, header_row: int) -> list[str]:
    """Each row above the header as one line of text."""
    above = grid.loc[grid.index < header_row]
    return [", ".join(str(v) for v in row.dropna()) for _, row in above.iterrows()]


def _item_of(label: object) -> str | None:
    """Canonical item for a label, tolerating "(note 4)", "($m)" and footnote marks."""
    if not isinstance(label, str):
        return None
    item = canonical_item(label)
    if item:
        return item
    stripped = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", label).strip().rstrip(":").strip()
    stripped = re.sub(r"(?:\s*[*†‡¹²³⁴⁵⁶⁷⁸⁹]|\s+\d{1,2})+$", "", stripped)
    return canonical_item(stripped) if stripped and stripped != label else None
