"""Checks on the figures: duplicate years and items, totals, and costs in brackets."""

from __future__ import annotations

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


def _check_totals(figures: _Figures, ctx: _Context) -> None:
    """Refuse gross profit or a balance sheet that disagrees with its parts by > 1%."""
    table = figures.values.reindex(
        columns=[
            "revenue",
            "cost_of_revenue",
            "gross_profit",
            "total_assets",
            "total_liabilities",
            "equity",
        ]
    )
    gross_gap = (table["gross_profit"] - (table["revenue"] - table["cost_of_revenue"])).abs()
    bad = gross_gap > 0.01 * table["revenue"].abs()
    if bad.any():
        year = bad[bad].index[0]
        r, c, g = table.loc[year, ["revenue", "cost_of_revenue", "gross_profit"]]
        raise ctx.error(
            f"fiscal {year}: gross profit {_fmt(g)} does not match revenue {_fmt(r)} "
            f"− cost of revenue {_fmt(c)} = {_fmt(r - c)}",
            **figures.year_where.get(year, {}),
            fix="Check the three figures for that year (a typo or a different unit?).",
        )
    sheet_gap = (table["total_assets"] - (table["total_liabilities"] + table["equity"])).abs()
    bad = sheet_gap > 0.01 * table["total_assets"].abs()
    if bad.any():
        year = bad[bad].index[0]
        a, li, e = table.loc[year, ["total_assets", "total_liabilities", "equity"]]
        raise ctx.error(
            f"fiscal {year}: total assets {_fmt(a)} do not match total liabilities {_fmt(li)} "
            f"+ equity {_fmt(e)} = {_fmt(li + e)}",
            **figures.year_where.get(year, {}),
            fix="Check the three figures for that year (is minority interest left out?).",
        )
