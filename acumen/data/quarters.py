"""Quarters and trailing twelve months (TTM) from quarterly and year-to-date figures.

A quarterly table has one row per (company, period_end) and the canonical line items as
columns; flows (income statement, cash flow) are for the quarter, balances at its end.

- :func:`split_year_to_date`: cash flows reported year to date (3, 6, 9, 12 months) become
  quarters: Q2 = H1 − Q1, Q3 = 9M − H1, Q4 = FY − 9M.
- :func:`derive_q4`: where only the year is reported for the fourth quarter, its flows are
  the year minus the first three quarters; its balances are the year-end balances.
- :func:`ttm_table`: for each quarter end with four consecutive quarters, flows are the sum
  of those four quarters and balances are the last quarter's.
- :func:`ttm_statements`: canonical statements for TTM metrics: the latest TTM and the TTM
  a year earlier as two rows, so averages and growth compare with one year before.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from acumen.data.schema import BALANCE_SHEET, CASH_FLOW, INCOME_STATEMENT, LINE_ITEMS
from acumen.data.statements import build_statements, fiscal_year_of, make_companies
from acumen.formatting import TTM
from acumen.i18n import _

FLOWS: tuple[str, ...] = INCOME_STATEMENT + CASH_FLOW
BALANCES: tuple[str, ...] = BALANCE_SHEET
#: Days between consecutive quarter ends (13-week quarters and calendar quarters both fit).
QUARTER_GAP_DAYS = (80, 100)
#: Year-to-date spans: months -> (min, max) days.
SPAN_DAYS = {3: (80, 100), 6: (170, 195), 9: (260, 285), 12: (350, 380)}


def empty_quarters() -> pd.DataFrame:
    index = pd.MultiIndex.from_arrays([[], pd.DatetimeIndex([])], names=["company", "period_end"])
    return pd.DataFrame(columns=list(LINE_ITEMS), index=index, dtype="float64")


def span_months(start: pd.Series, end: pd.Series) -> pd.Series:
    """3, 6, 9 or 12 for a period of about that many months, else NaN."""
    days = (pd.to_datetime(end) - pd.to_datetime(start)).dt.days
    months = pd.Series(np.nan, index=days.index)
    for count, (low, high) in SPAN_DAYS.items():
        months[days.between(low, high)] = count
    return months


def split_year_to_date(facts: pd.DataFrame) -> pd.DataFrame:
    """Quarter values from year-to-date values.

    ``facts``: columns company, item, start, end, val (one row per reported span; spans of
    one fiscal year share their start). Returns company, item, end, val for each quarter:
    the span minus the span three months shorter with the same start (a 3-month span is
    the quarter itself). A quarter whose shorter span is missing is left out.
    """
    frame = facts.assign(months=span_months(facts["start"], facts["end"])).dropna(subset=["months"])
    key = ["company", "item", "start"]
    frame = frame.sort_values([*key, "months"]).drop_duplicates([*key, "months"], keep="last")
    previous = frame.assign(months=frame["months"] + 3)[[*key, "months", "val"]]
    merged = frame.merge(previous, on=[*key, "months"], how="left", suffixes=("", "_before"))
    first = merged["months"] == 3
    quarter = np.where(first, merged["val"], merged["val"] - merged["val_before"])
    out = merged.assign(val=quarter)[["company", "item", "end", "val"]]
    return out.loc[first | merged["val_before"].notna()].reset_index(drop=True)


def derive_q4(quarters: pd.DataFrame, annual: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Quarters with each fourth quarter's missing flows derived from the year (flow = the
    year minus the first three quarters, when all three are known) and its missing
    balances taken from the year end. ``annual``: one row per (company, period_end) of a
    fiscal year's end, line items as columns. Returns the quarters and a note per company."""
    if annual.empty:
        return quarters, []
    out = quarters.copy()
    derived: dict[str, list[pd.Timestamp]] = {}
    for (company, end), year in annual.iterrows():
        own = out.xs(company, level="company") if company in out.index.get_level_values(0) else None
        if own is None:
            continue
        before = own.loc[
            (own.index > end - pd.Timedelta(days=360))
            & (own.index < end - pd.Timedelta(days=QUARTER_GAP_DAYS[0]))
        ]
        if len(before) != 3:
            continue
        key = (company, end)
        current = out.loc[key] if key in out.index else pd.Series(np.nan, index=out.columns)
        flows = year[list(FLOWS)] - before[list(FLOWS)].sum(min_count=3)
        fill = current[list(FLOWS)].isna() & flows.notna()
        if not fill.any() and key in out.index:
            continue
        row = current.copy()
        row[list(FLOWS)] = current[list(FLOWS)].where(~fill, flows)
        row[list(BALANCES)] = current[list(BALANCES)].fillna(year[list(BALANCES)])
        out.loc[key, :] = row.to_numpy()
        if fill.any():
            derived.setdefault(company, []).append(end)
    notes = [
        _(
            "{company}: fourth-quarter flows for the year(s) ending {ends} derived as the "
            "year minus the first three quarters."
        ).format(company=company, ends=", ".join(f"{end:%Y-%m-%d}" for end in ends))
        for company, ends in derived.items()
    ]
    return out.sort_index(), notes


def _consecutive(ends: pd.Series) -> pd.Series:
    """Whether each end and the three before it are consecutive quarters."""
    gaps = ends.diff().dt.days
    ok = gaps.between(*QUARTER_GAP_DAYS)
    return ok.rolling(3).sum().eq(3)


def ttm_table(quarters: pd.DataFrame) -> pd.DataFrame:
    """Trailing-twelve-month rows: for each quarter end with four consecutive quarters,
    flows = the sum of the four (n/a if any is missing), balances = the quarter's own."""
    parts = []
    for company, own in quarters.groupby(level="company", sort=False):
        own = own.droplevel("company").sort_index()
        ends = pd.Series(own.index, index=own.index)
        flows = own[list(FLOWS)].rolling(4, min_periods=4).sum()
        complete = own[list(FLOWS)].notna().rolling(4).sum().eq(4)
        flows = flows.where(complete)
        table = pd.concat([flows, own[list(BALANCES)]], axis=1)[list(LINE_ITEMS)]
        table = table.loc[_consecutive(ends).to_numpy()]
        table.index = pd.MultiIndex.from_product(
            [[company], table.index], names=quarters.index.names
        )
        parts.append(table)
    return pd.concat(parts) if parts else empty_quarters()


def ttm_statements(
    quarters: pd.DataFrame, companies: pd.DataFrame, *, source: str
) -> pd.DataFrame | None:
    """Canonical statements for TTM metrics: per company, the latest TTM row and the TTM
    four quarters earlier (when known), keyed by the fiscal year of their period ends, so
    the engine's averages and growth compare with a year before. None without a TTM."""
    table = ttm_table(quarters)
    rows = []
    for company, own in table.groupby(level="company", sort=False):
        own = own.droplevel("company")
        latest = own.index[-1]
        year_before = own.index[own.index <= latest - pd.Timedelta(days=350)]
        picks = [year_before[-1]] if len(year_before) else []
        picks.append(latest)
        for end in picks:
            rows.append({"company": company, "period_end": end, **own.loc[end].to_dict()})
    if not rows:
        return None
    records = pd.DataFrame(rows)
    records["fiscal_year"] = fiscal_year_of(records["period_end"])
    records = records.drop_duplicates(["company", "fiscal_year"], keep="last")
    ends = ", ".join(
        f"{company} {end:%Y-%m-%d}"
        for company, end in records.groupby("company")["period_end"].max().items()
    )
    note = _(
        "Trailing twelve months to {ends}: flows are the last four quarters, "
        "balances the last quarter's."
    ).format(ends=ends)
    meta = make_companies(
        [
            {"id": c, **companies.loc[c].to_dict()}
            for c in records["company"].unique()
            if c in companies.index
        ]
    )
    statements = build_statements(records, meta, source=source, warnings=[note], derive=True)
    return statements.replace(period_kind=TTM)


def ttm_column_labels(statements: pd.DataFrame, company: str) -> dict[str, str]:
    """``{"2023": "12 months to 2024-03-31", ...}`` for the display columns of TTM statements
    (keyed by the fiscal year of each TTM's period end)."""
    ends = statements.period_end
    return {
        str(year): _("12 months to {date}").format(date=f"{end:%Y-%m-%d}")
        for (owner, year), end in ends.items()
        if owner == company and pd.notna(end)
    }


def is_newer(ttm: pd.DataFrame, annual: pd.DataFrame, company: str) -> bool:
    """Whether the latest TTM ends after the last annual report of ``company``."""
    last_ttm = ttm.period_end.xs(company, level=0).max()
    last_year = annual.period_end.xs(company, level=0).max()
    return bool(pd.notna(last_ttm) and (pd.isna(last_year) or last_ttm > last_year))


#: :attr:`Statements.period_kind` of statements whose rows are single quarters.
QUARTER = "quarter"


def quarter_key(ends: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """A running quarter number, (year × 12 + month − 1) // 3 of each end: consecutive
    quarters differ by 1, so the engine's "prior year" is the quarter before."""
    dates = pd.DatetimeIndex(pd.to_datetime(ends))
    return (dates.year.to_numpy() * 12 + dates.month.to_numpy() - 1) // 3


def fiscal_quarters(ends: pd.Series | pd.DatetimeIndex, year_end_month: int) -> pd.DataFrame:
    """For each quarter end: ``quarter`` (1–4: 4 − months to the fiscal year end // 3) and
    ``year_end`` (the end of the fiscal year it belongs to, with ``year_end_month``)."""
    dates = pd.DatetimeIndex(pd.to_datetime(ends))
    ahead = (year_end_month - dates.month.to_numpy()) % 12
    year = dates.year.to_numpy() + (dates.month.to_numpy() > year_end_month)
    year_end = pd.to_datetime(
        pd.DataFrame({"year": year, "month": year_end_month, "day": 1})
    ) + pd.offsets.MonthEnd(0)
    return pd.DataFrame({"quarter": 4 - ahead // 3, "year_end": year_end.to_numpy()}, index=dates)


def quarter_statements(
    quarters: pd.DataFrame, companies: pd.DataFrame, *, source: str
) -> pd.DataFrame | None:
    """Canonical statements with one row per quarter (flows for the quarter, balances at
    its end), keyed by :func:`quarter_key` instead of the fiscal year, so the engine's
    averages are of this and the previous quarter end. None without quarters."""
    if quarters.empty:
        return None
    records = quarters.reset_index()
    records["fiscal_year"] = quarter_key(records["period_end"])
    records = records.drop_duplicates(["company", "fiscal_year"], keep="last")
    meta = make_companies(
        [
            {"id": c, **companies.loc[c].to_dict()}
            for c in records["company"].unique()
            if c in companies.index
        ]
    )
    statements = build_statements(records, meta, source=source, derive=True)
    return statements.replace(period_kind=QUARTER)
