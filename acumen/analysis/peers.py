"""The peer set: who to compare the client with, and their statements.

- Default peers: a curated list where the brief names the competitors (Walmart, the designed
  cases), otherwise the client's GICS sub-industry in the catalogue, topped up from its
  sector (closest in revenue first) when the sub-industry has fewer than ``MIN_PEERS``. A
  company whose rows are flagged unsound in the data notes is never picked automatically.
- Members are named ``sample:<id>`` (a bundled company, read by the ``bundled`` loader the
  edge passes in) or by a key of ``loaded`` (this session's uploads and fetches).

Comparing them is :mod:`acumen.analysis.peer_comparison`; the biggest threat is
:mod:`acumen.analysis.threats`; the questions their numbers raise are
:mod:`acumen.analysis.peer_questions`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from acumen.analysis.universe import PeerUniverse
from acumen.data.statements import combine, text_or_blank
from acumen.errors import AcumenError

MIN_PEERS = 3
MAX_PEERS = 8

#: Competitors named by the product brief and the data README (used when present).
CURATED_PEERS: dict[str, tuple[str, ...]] = {
    "HHP": ("ALFA", "CEDR", "PINE", "BLUE", "PG", "CL", "CLX", "KMB", "CHD"),
    "ALFA": ("HHP", "PG", "CL", "CLX", "KMB", "CHD"),
    "SEHW": ("HD", "LOW"),
    "WMT": ("COST", "TGT", "KR", "AMZN"),
}

#: Reads a bundled company's statements by its id (``acumen.data.samples.load_sample`` at
#: the edge); raises :class:`AcumenError` for an unknown id.
BundledLoader = Callable[[str], pd.DataFrame]


# ---------------------------------------------------------------- choosing peers


def _profile(
    company: str, catalog: pd.DataFrame, meta: Mapping[str, object] | None
) -> tuple[str, str, str]:
    """(sector, industry, kind) of ``company``: its catalogue row, else ``meta``."""
    if company in catalog.index:
        row = catalog.loc[company]
        return (
            text_or_blank(row.get("sector")),
            text_or_blank(row.get("industry")),
            text_or_blank(row.get("kind")),
        )
    meta = meta or {}
    return text_or_blank(meta.get("sector")), text_or_blank(meta.get("industry")), ""


def _size_distance(
    company: str, others: pd.DataFrame, industries: pd.Series, industry: str, revenue: pd.Series
) -> pd.Series:
    """|log(revenue_peer) − log(revenue_company)| per other company (inf where unknown); the
    company's own revenue defaults to its sub-industry's median."""
    size = revenue.reindex(others.index)
    own_size = revenue.get(company, np.nan)
    if np.isnan(own_size):
        own_size = size[industries == industry].median() if industry else np.nan
    distance = (
        np.log(size.where(size > 0)) - np.log(own_size if own_size and own_size > 0 else np.nan)
    ).abs()
    return distance.fillna(np.inf)


def default_peers(
    company: str,
    catalog: pd.DataFrame,
    *,
    meta: Mapping[str, object] | None = None,
    revenue: pd.Series | None = None,
    universe: PeerUniverse | None = None,
    curated: bool = True,
    min_peers: int = MIN_PEERS,
    max_peers: int = MAX_PEERS,
) -> list[str]:
    """Default peer ids for ``company`` from ``catalog`` (acumen.data.samples.catalog()).

    Curated competitors first when ``curated`` and known. Otherwise: same sub-industry
    (``industry``); when that gives fewer than ``min_peers``, the rest of the sector, closest
    in latest revenue first (``revenue``, else ``universe.revenue``; catalogue order when
    neither). A designed case (kind ``case``) also gets the other designed cases of its
    sector. ``meta`` supplies sector/industry for a company outside the catalog. Companies
    the universe's data notes flag as unsound are never picked.
    """
    if revenue is None:
        revenue = universe.revenue if universe is not None else pd.Series(dtype="float64")
    unsound = universe.unsound if universe is not None else frozenset()
    catalog = catalog.drop(index=[c for c in unsound if c != company], errors="ignore")
    if curated and company in CURATED_PEERS:
        known = [c for c in CURATED_PEERS[company] if c in catalog.index and c != company]
        if known:
            return known[:max_peers]
    sector, industry, kind = _profile(company, catalog, meta)
    if not sector and not industry:
        return []
    others = catalog.drop(index=[company], errors="ignore")
    kinds = (
        others["kind"] if "kind" in others.columns else pd.Series("universe", index=others.index)
    )
    sectors = others["sector"].astype("string").fillna("")
    industries = others["industry"].astype("string").fillna("")
    distance = _size_distance(company, others, industries, industry, revenue)
    cases = (
        others.index[(kinds == "case") & (sectors == sector) & (sector != "")]
        if kind == "case"
        else []
    )
    universe_rows = kinds != "case"
    same_industry = others.index[universe_rows & (industries == industry) & (industry != "")]
    chosen = list(cases) + list(distance[same_industry].sort_values(kind="stable").index)
    if len(chosen) < min_peers and sector:
        in_sector = others.index[universe_rows & (sectors == sector) & ~others.index.isin(chosen)]
        chosen += list(
            distance[in_sector].sort_values(kind="stable").index[: max_peers - len(chosen)]
        )
    return chosen[:max_peers]


# ---------------------------------------------------------------- their statements


def load_member(
    member_id: str,
    loaded: Mapping[str, pd.DataFrame] | None = None,
    *,
    bundled: BundledLoader,
) -> pd.DataFrame:
    """Statements of a key of ``loaded`` (this session's uploads and fetches), else of
    ``sample:<id>`` read by ``bundled`` (given the bare id). Raises :class:`AcumenError`
    for an unknown id."""
    loaded = loaded or {}
    if member_id in loaded:
        return loaded[member_id]
    return bundled(member_id.partition(":")[2] if ":" in member_id else member_id)


def company_id(statements: pd.DataFrame) -> str:
    """The (first) company id of a one-company statements table."""
    return str(statements.index.get_level_values(0)[0])


def _load_each(
    member_ids: Sequence[str],
    loaded: Mapping[str, pd.DataFrame] | None,
    bundled: BundledLoader,
) -> tuple[list[pd.DataFrame], list[str]]:
    """Each member's statements in order, and a warning for each that could not be loaded."""
    parts: list[pd.DataFrame] = []
    warnings: list[str] = []
    for member in member_ids:  # a handful of companies
        try:
            parts.append(load_member(member, loaded, bundled=bundled))
        except AcumenError as error:
            warnings.append(error.message)
    return parts, warnings


def load_group(
    member_ids: Sequence[str],
    loaded: Mapping[str, pd.DataFrame] | None = None,
    *,
    bundled: BundledLoader,
) -> tuple[pd.DataFrame | None, list[str], list[str]]:
    """Statements of several members (ids as in :func:`load_member`) combined, in order:
    (statements or None, company ids in member order without repeats, warnings for members
    that could not be loaded)."""
    loaded_parts, warnings = _load_each(member_ids, loaded, bundled)
    parts: list[pd.DataFrame] = []
    ids: list[str] = []
    for part in loaded_parts:
        if company_id(part) not in ids:
            ids.append(company_id(part))
            parts.append(part)
    return (combine(parts) if parts else None), ids, warnings


def peer_statements(
    client_statements: pd.DataFrame,
    peer_ids: Sequence[str],
    loaded: Mapping[str, pd.DataFrame] | None = None,
    *,
    bundled: BundledLoader,
) -> tuple[pd.DataFrame, list[str]]:
    """The client's statements combined with its peers' (ids as in :func:`load_member`).

    Returns (combined statements, warnings for peers that could not be added); a peer whose
    company is already in the table is skipped.
    """
    loaded_parts, warnings = _load_each(peer_ids, loaded, bundled)
    parts = [client_statements]
    seen = set(client_statements.index.get_level_values(0))
    for part in loaded_parts:
        ids = set(part.index.get_level_values(0))
        if not ids & seen:
            seen |= ids
            parts.append(part)
    return combine(parts), warnings
