"""Peer medians for the diagnosis: which companies a client's median comes from.

From the peer universe passed in (:class:`acumen.analysis.universe.PeerUniverse`, built at
the edge; companies whose data notes flag their rows as unsound are never members): the
median of the company's GICS sub-industry for the same fiscal year when it has at least
``MIN_PEERS`` companies (the company itself included), else its sector's. Or the median of
explicitly passed peer companies at the same fiscal year. A peer group is structured data
(:class:`acumen.analysis.findings.PeerGroup`: kind, name, fiscal year, count), formatted
only for display.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from acumen.analysis.catalog import CATALOG
from acumen.analysis.findings import PeerGroup
from acumen.analysis.metrics import compute_metrics_with_reasons
from acumen.analysis.universe import PeerUniverse, unsound_companies
from acumen.data.statements import Statements
from acumen.i18n import N_

MIN_PEERS = 3
#: Metrics compared with peers: the five drivers' ratios (money amounts depend on size).
PEER_METRICS: tuple[str, ...] = tuple(
    m.name for m in CATALOG if m.driver != "inputs" and m.unit != "money"
)

#: Peer groups tried for a universe median, most specific last (it wins when big enough).
GROUP_LEVELS: tuple[tuple[str, str], ...] = (
    ("sector", N_("sector")),
    ("industry", N_("sub-industry")),
)


def universe_rows(universe: PeerUniverse) -> pd.DataFrame:
    """Sound universe rows (PEER_METRICS) with company, fiscal_year, industry and sector."""
    values = universe.sound_metrics()
    frame = values[list(PEER_METRICS)].reset_index()
    meta = universe.companies
    frame["industry"] = frame["company"].map(meta["industry"]).astype(object)
    frame["sector"] = frame["company"].map(meta["sector"]).astype(object)
    return frame


def _group_medians(rows: pd.DataFrame, key: str) -> tuple[pd.DataFrame, pd.Series]:
    grouped = rows.groupby([key, "fiscal_year"])[list(PEER_METRICS)]
    return grouped.median(), grouped.size()


def group_medians(
    targets: pd.DataFrame, rows: pd.DataFrame, *, min_peers: int = MIN_PEERS
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Peer medians for ``targets`` (index: any key; columns industry, sector, fiscal_year)
    from universe ``rows`` (:func:`universe_rows`).

    Sub-industry median for the same fiscal year when it has at least ``min_peers``
    members, else the sector median; NaN when neither. Returns (medians, groups), the groups
    with columns kind, name, fiscal_year, count ("" / 0 when none).
    """
    medians = pd.DataFrame(np.nan, index=targets.index, columns=list(PEER_METRICS))
    groups = pd.DataFrame(
        {"kind": "", "name": "", "fiscal_year": targets["fiscal_year"].astype("int64"), "count": 0},
        index=targets.index,
    ).astype({"kind": object, "name": object})
    for key, kind in GROUP_LEVELS:  # the sub-industry overrides the sector
        table, size = _group_medians(rows, key)
        keys = pd.MultiIndex.from_arrays(
            [targets[key].astype(object), targets["fiscal_year"].astype("int64")]
        )
        counts = np.nan_to_num(size.reindex(keys).to_numpy().astype("float64"))
        ok = counts >= min_peers
        medians.loc[ok] = table.reindex(keys).to_numpy()[ok]
        groups.loc[ok, "kind"] = kind
        groups.loc[ok, "name"] = targets[key].astype(str).to_numpy()[ok]
        groups.loc[ok, "count"] = counts[ok].astype("int64")
    return medians, groups


def peer_group_of(row: pd.Series, medians: pd.Series) -> PeerGroup:
    """The :class:`PeerGroup` of one row of :func:`group_medians`' groups."""
    if not row["kind"]:
        return PeerGroup("", "", int(row["fiscal_year"]), 0, medians)
    return PeerGroup(
        str(row["kind"]), str(row["name"]), int(row["fiscal_year"]), int(row["count"]), medians
    )


def peer_medians(
    universe_metrics: pd.DataFrame,
    companies: pd.DataFrame,
    company_row: pd.Series,
    fiscal_year: int | None = None,
) -> PeerGroup:
    """Sub-industry (else sector) median of ``universe_metrics`` for one company.

    ``universe_metrics``: metric values indexed (company, fiscal_year); ``companies``: their
    metadata (industry, sector); ``company_row``: the company's metadata row (its ``name``
    is the id) with ``fiscal_year`` given or in the row.
    """
    year = fiscal_year if fiscal_year is not None else company_row.get("fiscal_year")
    universe = PeerUniverse(
        universe_metrics, companies, pd.Series(dtype="datetime64[ns]"), pd.Series(dtype=float)
    )
    target = pd.DataFrame(
        {
            "industry": [company_row.get("industry")],
            "sector": [company_row.get("sector")],
            "fiscal_year": [year],
        },
        index=[company_row.name],
    )
    medians, groups = group_medians(target, universe_rows(universe))
    return peer_group_of(groups.iloc[0], medians.iloc[0])


def peer_median_trend(
    universe: PeerUniverse, meta: Mapping[str, object], years: Sequence[int], metric: str
) -> tuple[pd.Series, PeerGroup] | None:
    """One peer group's median of ``metric`` over the client's fiscal ``years``: the group
    the diagnosis uses at the latest year (sub-industry when it has ``MIN_PEERS`` members,
    else sector), the same group in every year (years where it is smaller are left out).
    None without a group or a value."""
    if metric not in PEER_METRICS or not years:
        return None
    rows = universe_rows(universe)
    latest = pd.DataFrame(
        {
            "industry": [meta.get("industry")],
            "sector": [meta.get("sector")],
            "fiscal_year": [max(years)],
        }
    )
    _, groups = group_medians(latest, rows)
    kind = str(groups.at[0, "kind"])
    if not kind:
        return None
    key = dict((k, v) for v, k in GROUP_LEVELS)[kind]
    table, size = _group_medians(rows, key)
    keys = pd.MultiIndex.from_arrays([[meta.get(key)] * len(years), list(years)])
    counts = np.nan_to_num(size.reindex(keys).to_numpy().astype("float64"))
    series = pd.Series(table[metric].reindex(keys).to_numpy(), index=pd.Index(list(years)))
    series = series[counts >= MIN_PEERS].dropna()
    if series.empty:
        return None
    group = peer_group_of(groups.iloc[0], pd.Series(dtype="float64"))
    return series, group


def explicit_peers(
    peers: Statements | pd.DataFrame, company: str, year: int, notes: pd.DataFrame | None = None
) -> PeerGroup:
    """Median of passed peer companies (statements or metric values) at the company's
    fiscal ``year`` only; peers without that year, or flagged unsound in ``notes``, are left
    out; the company itself too."""
    values = (
        peers
        if isinstance(peers, pd.DataFrame) and "roa" in peers.columns
        else compute_metrics_with_reasons(peers).values
    )
    keep = values.index.get_level_values(0) != company
    if notes is not None:
        keep &= ~values.index.get_level_values(0).isin(list(unsound_companies(notes)))
    same_year = values[keep & (values.index.get_level_values(1) == year)]
    n = same_year.index.get_level_values(0).nunique()
    if not n:
        return PeerGroup("", "", year, 0, pd.Series(np.nan, index=list(PEER_METRICS)))
    return PeerGroup(N_("chosen peers"), "", year, n, same_year[list(PEER_METRICS)].median())


def universe_peer_medians(
    table: pd.DataFrame, meta: pd.DataFrame, universe: PeerUniverse | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Universe peer medians and groups for every row of ``table``."""
    targets = pd.DataFrame(
        {
            "industry": meta["industry"].reindex(table.index).astype(object),
            "sector": meta["sector"].reindex(table.index).astype(object),
            "fiscal_year": table["year"].astype("int64"),
        },
        index=table.index,
    )
    rows = (
        universe_rows(universe)
        if universe is not None
        else pd.DataFrame(columns=["company", "fiscal_year", "industry", "sector", *PEER_METRICS])
    )
    return group_medians(targets, rows)
