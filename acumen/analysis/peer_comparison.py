"""Client against its peers, metric by metric, at comparable years.

- Same years: every peer is compared at the client's fiscal year (or the nearest period end
  within six months, stated); a peer without such a year, or with unsound data, is left out
  of the table, the medians, the threat and the questions, and the note says who and why
  (:func:`acumen.analysis.universe.align_years`).
- Ranks: 1 = best by the catalogue's ``higher_is_better``; the peers' median excludes the
  client; the verdict compares the client with it.
- Currencies: a peer's amounts (money metrics) in another currency than the client's are
  n/a with the reason and stay out of ranks and medians (never converted or mixed); ratios,
  days and multiples compare directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from acumen.analysis.catalog import BY_NAME, CATALOG
from acumen.analysis.metrics import MetricResult
from acumen.analysis.universe import YearAlignment, align_years
from acumen.i18n import _

#: The driver metrics shown side by side (every catalogue metric except raw inputs).
COMPARISON_METRICS: tuple[str, ...] = tuple(m.name for m in CATALOG if m.driver != "inputs")

#: Why a peer's amount is n/a: it reports in another currency than the client.
OTHER_CURRENCY = "reports in {other}, the client in {own}: amounts not converted"


@dataclass(frozen=True)
class YearChoice:
    """The fiscal year used for each company, and a note when it isn't one common year."""

    years: dict[str, int]
    common: int | None
    note: str


def choose_years(
    index: pd.MultiIndex, companies: Sequence[str], year: int | None = None
) -> YearChoice:
    """Latest fiscal year all ``companies`` report (or ``year`` when all have it); when none
    is common, each company's latest year, with a note saying so."""
    frame = index.to_frame(index=False)
    frame = frame[frame["company"].isin(list(companies))]
    per_company = frame.groupby("company")["fiscal_year"]
    present = [c for c in companies if c in per_company.groups]
    counts = frame.groupby("fiscal_year")["company"].nunique()
    common_years = counts.index[counts == len(present)]
    if year is not None and year in common_years:
        chosen = int(year)
    elif len(common_years):
        chosen = int(common_years.max())
    else:
        latest = per_company.max()
        years = {c: int(latest[c]) for c in present}
        listed = _(", ").join(f"{c} {y}" for c, y in years.items())
        note = _("No fiscal year is common to all: each company's latest year is used ({listed}).")
        return YearChoice(years, None, note.format(listed=listed))
    note = _("Fiscal {year}, the latest year all report.").format(year=chosen)
    return YearChoice({c: chosen for c in present}, chosen, note)


@dataclass(frozen=True)
class Comparison:
    """Client vs peers at the chosen years: metrics × companies (client first)."""

    client: str
    choice: YearAlignment
    values: pd.DataFrame
    reasons: pd.DataFrame
    ranks: pd.DataFrame
    summary: pd.DataFrame


def rows_at(frame: pd.DataFrame, years: Mapping[str, int]) -> pd.DataFrame:
    """The row of each company at its year in ``years`` (index: company, in that order)."""
    keys = pd.MultiIndex.from_tuples(list(years.items()), names=frame.index.names)
    return frame.reindex(keys).droplevel(1)


def peer_alignment(
    statements: pd.DataFrame,
    client: str,
    peers: Sequence[str] | None = None,
    *,
    notes: pd.DataFrame | None = None,
    year: int | None = None,
) -> YearAlignment:
    """:func:`acumen.analysis.universe.align_years` over ``statements`` (their period ends): the
    client's fiscal year, each comparable peer's year, and who is left out and why."""
    companies = list(statements.index.get_level_values(0).unique())
    peers = [c for c in (companies if peers is None else peers) if c != client]
    return align_years(
        statements.index,
        client,
        peers,
        period_end=statements.period_end,
        year=year,
        notes=notes,
    )


def comparable_peers(
    client: str,
    peers: Sequence[str],
    statements: pd.DataFrame,
    alignment: YearAlignment | None,
    notes: pd.DataFrame | None,
    year: int | None,
) -> tuple[YearAlignment, list[str]]:
    """The alignment (computed when not given) and the given peers it keeps."""
    known = set(statements.index.get_level_values(0))
    peers = [p for p in peers if p != client and p in known]
    alignment = alignment or peer_alignment(statements, client, peers, notes=notes, year=year)
    return alignment, [p for p in peers if p in alignment.years]


def _without_other_currencies(
    wide: pd.DataFrame, why: pd.DataFrame, client: str, currencies: Mapping[str, str]
) -> None:
    """Blank (in place) the money metrics of peers reporting in another currency."""
    own = currencies.get(client)
    money = [m for m in wide.index if BY_NAME[m].unit == "money"]
    for company in wide.columns:
        other = currencies.get(company)
        if company != client and own and other and other != own:
            wide.loc[money, company] = np.nan
            why.loc[money, company] = OTHER_CURRENCY.format(other=other, own=own)


def _summary(wide: pd.DataFrame, client: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(ranks, summary): rank 1 = best by direction; the verdict against the peers' median
    (client excluded) is better/worse/level beyond a relative 1e-12, n/a when missing."""
    direction = pd.Series({m: BY_NAME[m].higher_is_better for m in COMPARISON_METRICS})
    sign = direction.map({True: 1.0, False: -1.0}).astype("float64")
    signed = wide.mul(sign, axis=0)
    ranks = signed.rank(axis=1, ascending=False, method="min").astype("Int64")
    peers = [c for c in wide.columns if c != client]
    median = (
        wide[peers].median(axis=1, skipna=True) if peers else pd.Series(np.nan, index=wide.index)
    )
    gap = (wide[client] - median) * sign
    tolerance = 1e-12 * np.maximum(1.0, median.abs())
    verdict = np.select(
        [gap.isna(), gap > tolerance, gap < -tolerance], ["n/a", "better", "worse"], "level"
    )
    summary = pd.DataFrame(
        {
            "client": wide[client],
            "rank": ranks[client],
            "ranked": signed.notna().sum(axis=1),
            "peer_median": median,
            "verdict": verdict,
        }
    )
    return ranks, summary


def comparison_table(
    metrics: MetricResult | pd.DataFrame,
    client: str,
    year: int | None = None,
    *,
    alignment: YearAlignment | None = None,
    currencies: Mapping[str, str] | None = None,
) -> Comparison:
    """Every driver metric of the client and each comparable peer at the client's fiscal
    year (``alignment``; without it, every other company in ``metrics`` at the client's
    fiscal year, period ends unknown): value, rank (1 = best by the catalogue's
    ``higher_is_better``; none for metrics without a direction), the peers' median (client
    excluded) and whether the client is ``better``/``worse``/``level`` with it (``n/a`` when
    either is missing). With ``currencies`` (company -> reporting currency), a peer's
    amounts (money metrics) in another currency than the client's are n/a, with that reason,
    and stay out of ranks and medians: amounts are never converted or mixed; ratios, days
    and multiples compare directly."""
    values = metrics.values if isinstance(metrics, MetricResult) else metrics
    reasons = metrics.reasons if isinstance(metrics, MetricResult) else None
    if alignment is None:
        others = [c for c in values.index.get_level_values(0).unique() if c != client]
        alignment = align_years(values.index, client, others, year=year)
    wide = rows_at(values[list(COMPARISON_METRICS)], alignment.years).T
    why = (
        rows_at(reasons[list(COMPARISON_METRICS)], alignment.years).T
        if reasons is not None
        else pd.DataFrame("", index=wide.index, columns=wide.columns)
    )
    if currencies:
        _without_other_currencies(wide, why, client, currencies)
    ranks, summary = _summary(wide, client)
    return Comparison(client, alignment, wide, why, ranks, summary)
