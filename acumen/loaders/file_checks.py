"""Checks on the figures: duplicate years and items, totals, and costs in brackets."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from acumen.loaders.file_context import _Context, _text
from acumen.loaders.file_figures import _Figures
from acumen.schema import LINE_ITEM_LABELS

#: Costs that annual reports often print in brackets; stored as positive amounts.
EXPENSE_ITEMS = (
    "cost_of_revenue",
    "sga",
    "rnd",
    "interest_expense",
    "income_tax",
    "depreciation_amortization",
    "capital_expenditure",
    "dividends_paid",
)


def _refuse_duplicate_years(years: dict, names: dict, kind: str, ctx: _Context) -> None:
    """Error naming both places when two columns (or rows) give the same fiscal year."""
    seen: dict[int, object] = {}
    for key, (year, _) in years.items():
        if year in seen:
            first = seen[year]
            if kind == "column":
                problem = f"columns '{names[first]}' and '{names[key]}' are both fiscal year {year}"
                where = {"column": names[key]}
            else:
                problem = f"rows {first} and {key} are both fiscal year {year}"
                where = {"row": int(key)}
            raise ctx.error(
                problem,
                **where,
                fix=f"Keep one {kind} per fiscal year (dates ending January–May count as "
                "the year before).",
            )
        seen[year] = key


def _refuse_duplicate_items(known: pd.Series, labels: pd.Series, kind: str, ctx: _Context) -> None:
    """Error naming both rows (or columns) when two labels give the same line item."""
    dup = known[known.duplicated(keep=False)]
    if dup.empty:
        return
    item = dup.iloc[0]
    first, second = dup.index[dup == item][:2]
    if kind == "row":
        places = f"rows {first} ('{_text(labels[first])}') and {second} ('{_text(labels[second])}')"
        where = {"row": int(second)}
    else:
        places = f"columns '{_text(labels[first])}' and '{_text(labels[second])}'"
        where = {"column": _text(labels[second])}
    raise ctx.error(
        f"{places} are both {LINE_ITEM_LABELS.get(item, item)}",
        **where,
        fix=f"Keep one of them: delete or rename the other {kind}.",
    )


def _flip_bracketed_costs(figures: _Figures, ctx: _Context) -> None:
    """Costs printed in brackets in every year are stored as positive amounts."""
    flipped = []
    for item in EXPENSE_ITEMS:
        if item not in figures.values.columns:
            continue
        column = figures.values[item].dropna()
        if len(column) and (column <= 0).all() and (column < 0).any():
            figures.values[item] = -figures.values[item]
            flipped.append(LINE_ITEM_LABELS[item])
    if flipped:
        ctx.warnings.append(
            f"Stored as positive amounts (the file shows them as negative): {', '.join(flipped)}."
        )


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


class TotalCheck(NamedTuple):
    """total ≈ first + sign × second, within 1% of ``scale``; else ``wording`` and ``fix``."""

    total: str
    first: str
    sign: int
    second: str
    scale: str
    wording: str
    fix: str


TOTAL_CHECKS = (
    TotalCheck(
        "gross_profit",
        "revenue",
        -1,
        "cost_of_revenue",
        "revenue",
        "gross profit {total} does not match revenue {a} − cost of revenue {b} = {expected}",
        "Check the three figures for that year (a typo or a different unit?).",
    ),
    TotalCheck(
        "total_assets",
        "total_liabilities",
        +1,
        "equity",
        "total_assets",
        "total assets {total} do not match total liabilities {a} + equity {b} = {expected}",
        "Check the three figures for that year (is minority interest left out?).",
    ),
)


def _check_totals(figures: _Figures, ctx: _Context) -> None:
    """Refuse gross profit or a balance sheet that disagrees with its parts by > 1%."""
    for check in TOTAL_CHECKS:
        columns = dict.fromkeys([check.total, check.first, check.second, check.scale])
        table = figures.values.reindex(columns=list(columns))
        expected = table[check.first] + check.sign * table[check.second]
        bad = (table[check.total] - expected).abs() > 0.01 * table[check.scale].abs()
        if bad.any():
            year = bad[bad].index[0]
            total, a, b = table.loc[year, [check.total, check.first, check.second]]
            problem = check.wording.format(
                total=_fmt(total), a=_fmt(a), b=_fmt(b), expected=_fmt(expected[year])
            )
            raise ctx.error(
                f"fiscal {year}: {problem}", **figures.year_where.get(year, {}), fix=check.fix
            )
