"""Provider frames (line-item labels × period ends) as long canonical records.

Shared by the Yahoo Finance and Alpha Vantage loaders: fiscal years by the Compustat
convention, one label per canonical item chosen by priority from the alias table
``acumen/data/aliases.csv`` (see :func:`pick_items`), outflows (capex, dividends) stored
positive.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import pandas as pd

from acumen.data.aliases import alias_table, canonical_item, normalise_label
from acumen.data.schema import BALANCE_SHEET, CASH_FLOW, INCOME_STATEMENT, LINE_ITEMS
from acumen.data.statements import fiscal_year_of
from acumen.i18n import N_, _

#: The ``as_of`` of statements built from recorded provider frames.
RECORDED = "recorded fixture"
#: Canonical items whose providers report a negative outflow; stored positive.
OUTFLOW_ITEMS = ("capital_expenditure", "dividends_paid")
#: Statement name -> the canonical items that belong to it (preferred on priority ties).
STATEMENT_ITEMS: dict[str, tuple[str, ...]] = {
    "income": INCOME_STATEMENT,
    "balance": BALANCE_SHEET,
    "cashflow": CASH_FLOW,
}
STATEMENT_NAMES = {
    "income": N_("income statement"),
    "balance": N_("balance sheet"),
    "cashflow": N_("cash-flow statement"),
}


def period_index(columns: pd.Index) -> pd.DatetimeIndex:
    """Column labels as period-end Timestamps: datetimes, epoch milliseconds or date strings."""
    if isinstance(columns, pd.DatetimeIndex):
        return columns.tz_localize(None) if columns.tz is not None else columns
    numeric = pd.to_numeric(pd.Series(list(columns), dtype="object"), errors="coerce")
    if len(columns) and numeric.notna().all():
        return pd.DatetimeIndex(pd.to_datetime(numeric.astype("int64"), unit="ms"))
    return pd.DatetimeIndex(pd.to_datetime(list(columns)))


def tidy_statement(frame: pd.DataFrame | None) -> pd.DataFrame:
    """Numeric labels × period-end frame without all-NaN rows/periods or repeated labels."""
    if frame is None or frame.empty:
        return pd.DataFrame()
    tidy = frame.apply(pd.to_numeric, errors="coerce").astype("float64")
    tidy.columns = period_index(frame.columns)
    tidy = tidy.loc[~tidy.index.duplicated(keep="first")]
    return tidy.dropna(how="all").dropna(axis=1, how="all")


@functools.cache
def _alias_rows() -> dict[str, list[tuple[int, frozenset[str]]]]:
    """Normalised alias -> [(priority, origins)] for every alias-table row with that key."""
    rows: dict[str, list[tuple[int, frozenset[str]]]] = {}
    table = alias_table()
    for key, priority, origin in zip(table["key"], table["priority"], table["origin"], strict=True):
        origins = frozenset(str(origin).replace(" ", "").lower().split("/"))
        rows.setdefault(key, []).append((int(priority), origins))
    return rows


def label_rank(label: object, provider: str) -> tuple[int, int]:
    """(priority, 0 if the alias row is the provider's own else 1) for a known label.

    Several aliases normalise alike across providers (yfinance "Long Term Debt" at 1,
    Alpha Vantage "longTermDebt" at 3), and ``aliases.lookup_label`` keeps whichever row
    comes last. Here the provider's own rows win, then the best priority.
    """
    rows = _alias_rows().get(normalise_label(label), [])
    own = [priority for priority, origins in rows if provider in origins]
    if own:
        return min(own), 0
    return (min(priority for priority, _ in rows), 1) if rows else (99, 1)


def pick_items(
    statements: Mapping[str, pd.DataFrame], provider: str
) -> dict[str, tuple[str, object]]:
    """Canonical item -> (statement, label) by the alias table: best priority, then the
    provider's own alias, then the item's own statement, then the earlier statement
    (income, balance, cash flow), then the earlier label."""
    best: dict[str, tuple[tuple[int, ...], str, object]] = {}
    for order, (name, frame) in enumerate(statements.items()):
        for position, label in enumerate(frame.index):
            item = canonical_item(label)
            if item is None:
                continue
            home = 0 if item in STATEMENT_ITEMS.get(name, ()) else 1
            rank = (*label_rank(label, provider), home, order, position)
            if item not in best or rank < best[item][0]:
                best[item] = (rank, name, label)
    return {item: (name, label) for item, (_, name, label) in best.items()}


def _preferred(
    picks: dict[str, tuple[str, object]],
    statements: Mapping[str, pd.DataFrame],
    prefer: Mapping[str, tuple[str, str]],
) -> dict[str, tuple[str, object]]:
    """``picks`` with provider-specific (statement, label) overrides applied where present."""
    chosen = dict(picks)
    for item, (name, label) in prefer.items():
        frame = statements.get(name)
        if frame is not None and label in frame.index:
            chosen[item] = (name, label)
    return chosen


def _by_fiscal_year(name: str, frame: pd.DataFrame, warnings: list[str], who: str) -> pd.DataFrame:
    """Statement columns keyed by fiscal year; when two periods share one, the later is kept."""
    ends = pd.DatetimeIndex(frame.columns)
    years = pd.Index(fiscal_year_of(ends), name="fiscal_year")
    keyed = frame.set_axis(years, axis=1).T.assign(period_end=ends.to_numpy())
    keyed = keyed.sort_values("period_end")
    repeated = keyed.index.duplicated(keep="last")
    for year in sorted(set(keyed.index[repeated])):
        warnings.append(
            _(
                "{source}: two {statement} periods fall in fiscal {year}; the later one is used"
            ).format(source=who, statement=_(STATEMENT_NAMES.get(name, name)), year=year)
        )
    return keyed.loc[~repeated]


def provider_records(
    company: str,
    statements: Mapping[str, pd.DataFrame],
    who: str,
    *,
    provider: str,
    prefer: Mapping[str, tuple[str, str]] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Long records (company, fiscal_year, period_end, items) from tidy statements.

    Rows are the income statement's fiscal years; other statements' extra years are dropped
    with a warning. ``provider`` is the alias-table origin ("yfinance", "alphavantage");
    ``prefer`` maps an item to a (statement, label) used whenever that label has data.
    Outflows are stored positive.
    """
    warnings: list[str] = []
    keyed = {n: _by_fiscal_year(n, f, warnings, who) for n, f in statements.items() if not f.empty}
    income = keyed["income"]
    records = pd.DataFrame({"period_end": income["period_end"]}, index=income.index)
    picks = _preferred(pick_items(statements, provider), statements, prefer or {})
    for item, (name, label) in picks.items():
        records[item] = keyed[name][label].reindex(records.index)
    for name, frame in keyed.items():
        extra = sorted(set(frame.index) - set(records.index))
        if extra and name != "income":
            years = ", ".join(str(y) for y in extra)
            warnings.append(
                _(
                    "{source}: {statement} for fiscal {years} dropped "
                    "(no income statement for that year)"
                ).format(source=who, statement=_(STATEMENT_NAMES[name]), years=years)
            )
    for item in OUTFLOW_ITEMS:
        if item in records.columns:
            records[item] = records[item].abs()
    items = [c for c in records.columns if c in LINE_ITEMS]
    records = records.loc[records[items].notna().any(axis=1)] if items else records.iloc[0:0]
    records = records.reset_index().assign(company=company)
    return records, warnings
