"""Finding the header row and whether the file is wide or long, and which labels are line items."""

from __future__ import annotations

import numpy as np
import pandas as pd

from acumen.data.aliases import normalise_label
from acumen.data.loaders.file_context import FIX_LAYOUT, LoadContext, clip_text
from acumen.data.loaders.file_labels import item_of, split_label
from acumen.data.loaders.file_years import parse_period
from acumen.i18n import _

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
DATE_LABELS |= {"fiscalyearend", "reportdate", "fiscalyearended", "报告日期", "报告期", "日期"}
DATE_LABELS |= {"截止日期", "会计期间"}
#: Year-month columns ("YYYY/MM", "年/月"): the period ends at the month's end.
YEAR_MONTH_LABELS = {"yyyymm", "年月", "yearmonth", "yyyymmdd"}
COMPANY_LABELS = {"company", "companyname", "ticker", "client", "entity", "coid", "公司"}
COMPANY_LABELS |= {"公司名称", "公司代码", "股票代码", "证券代码", "证券简称", "股票简称", "symbol"}
COMPANY_LABELS |= {"companycode", "stockcode", "code", "銘柄", "銘柄コード", "会社名"}
QUARTER_LABELS = {"quarter", "qtr", "fiscalquarter", "季别", "季度"}
#: Part of a header that marks single quarters or halves ("單季(Q)/單半年(H)").
SINGLE_PERIOD_LABELS = ("单季", "singlequarter", "单半年")
CURRENCY_LABELS = {"currency", "币别", "币种", "货币", "currencycode", "通貨"}
STATEMENT_COLUMN_LABELS = {"statement", "statementtype", "report", "报表", "报表类型"}
#: Long-layout columns that are neither figures nor periods.
IGNORED_LABELS = {"month", "月份", "consolidation", "合并yn", "合并", "consolidated", "unit"}
NOTE_LABELS = {"note", "notes", "ref", "reference", "comment", "comments", "remarks"}


def find_header(
    grid: pd.DataFrame, ctx: LoadContext, filled: np.ndarray | None = None
) -> tuple[int, str, object]:
    """(row, "wide" | "long", label column): the first row with years across it, or with
    line items across it plus a year label (or a blank corner above the years).
    ``filled``: the grid's notna mask, when the caller has it."""
    leftmost = leftmost_from(grid, filled)
    for row_number in grid.index[:HEADER_SEARCH_ROWS]:
        corner = grid.columns[leftmost[row_number]]
        row = grid.loc[row_number].dropna()
        rest = row.drop(corner, errors="ignore")
        periods = [parse_period(v, day_first=True) or parse_period(v) for v in rest]
        years = sum(p is not None and p.kind == "year" for p in periods)
        parts = sum(p is not None for p in periods)
        if parts and years and 2 * parts >= len(rest):
            return int(row_number), "wide", corner
        if parts >= 2 and 2 * parts >= len(rest) and not _has_items(rest):
            return int(row_number), "wide", corner
        keys = {normalise_label(v) for v in row if isinstance(v, str)}
        items = sum(_item_of(v) is not None for v in row)
        labels = FISCAL_YEAR_LABELS | DATE_LABELS | YEAR_MONTH_LABELS
        if items and (keys & labels or corner not in row.index):
            return int(row_number), "long", corner
    found = [str(v) for v in grid.iloc[:, :2].stack() if _item_of(v)]
    if found:
        raise ctx.error(
            _("found line items ({items}) but no header row with years").format(
                items=", ".join(clip_text(f) for f in found[:3])
            ),
            fix=_(
                "Add a header row above the figures with one year per column, like "
                "'Line item,2021,2022,2023'."
            ),
        )
    raise ctx.error(
        _(
            "no header row found: expected a header row with years like 2015 or FY2015, "
            "or line items like Revenue and Net income"
        ),
        fix=_(FIX_LAYOUT),
    )


def leftmost_from(grid: pd.DataFrame, filled: np.ndarray | None = None) -> pd.Series:
    """For each row, the position of the leftmost column with data in it or any row below."""
    filled = grid.notna().to_numpy() if filled is None else filled
    first = np.where(filled.any(axis=1), filled.argmax(axis=1), filled.shape[1] - 1)
    return pd.Series(np.minimum.accumulate(first[::-1])[::-1], index=grid.index)


def _item_of(label: object) -> str | None:
    """Canonical item for a label, tolerating a unit suffix, "(note 4)" and footnote marks."""
    if not isinstance(label, str):
        return None
    found = item_of(split_label(label)[0])
    return found[0] if found else None


def _has_items(cells: pd.Series) -> bool:
    return any(_item_of(v) is not None for v in cells)
