"""Competitors & peers: who to compare with, the side-by-side table, the biggest threat and
the questions the peers' numbers raise.

- Default peers: a curated list where the brief names the competitors (Walmart, the designed
  cases), otherwise the client's GICS sub-industry in the catalogue, topped up from its
  sector (closest in revenue first) when the sub-industry has fewer than ``MIN_PEERS``. A
  company whose rows are flagged unsound in the data notes is never picked automatically.
- Same years: every peer is compared at the client's fiscal year (or the nearest period end
  within six months, stated); a peer without such a year, or with unsound data, is left out
  of the table, the medians, the threat and the questions, and the note says who and why
  (:func:`acumen.analysis.universe.align_years`).
- Wording follows the client's value-chain role (:data:`ROLE_WORDING`): a retailer is never
  asked about shelf space or told to defend share with retailers.
- Competitor facts (one row per company at its comparison year) are computed vectorised over
  the whole metrics table: the catalogue metrics plus ``sga_share`` = sga / revenue,
  ``rnd_share`` = rnd / revenue, ``capex_share`` = capital_expenditure / revenue (a zero or
  missing SG&A / R&D is "not reported": NaN), ``d_dio`` = DIO_t − DIO_t−1 and ``gm_drop`` =
  gross_margin_t−1 − gross_margin_t (immediately preceding fiscal year only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from acumen.analysis.catalog import BY_NAME, CATALOG
from acumen.analysis.diagnosis import Evidence, Finding
from acumen.analysis.metrics import MetricResult, compute_metrics_with_reasons
from acumen.analysis.universe import PeerUniverse, YearAlignment, align_years, role_of
from acumen.data.statements import combine, companies_of, plain_frame
from acumen.errors import AcumenError
from acumen.formatting import format_value, possessive, say

MIN_PEERS = 3
MAX_PEERS = 8

#: Competitors named by the product brief and the data README (used when present).
CURATED_PEERS: dict[str, tuple[str, ...]] = {
    "HHP": ("ALFA", "CEDR", "PINE", "BLUE", "PG", "CL", "CLX", "KMB", "CHD"),
    "ALFA": ("HHP", "PG", "CL", "CLX", "KMB", "CHD"),
    "SEHW": ("HD", "LOW"),
    "WMT": ("COST", "TGT", "KR", "AMZN"),
}

#: The driver metrics shown side by side (every catalogue metric except raw inputs).
COMPARISON_METRICS: tuple[str, ...] = tuple(m.name for m in CATALOG if m.driver != "inputs")


# ---------------------------------------------------------------- choosing peers


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


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
    if company in catalog.index:
        row = catalog.loc[company]
        sector, industry, kind = (
            _text(row.get("sector")),
            _text(row.get("industry")),
            _text(row.get("kind")),
        )
    else:
        meta = meta or {}
        sector, industry, kind = _text(meta.get("sector")), _text(meta.get("industry")), ""
    if not sector and not industry:
        return []
    others = catalog.drop(index=[company], errors="ignore")
    kinds = (
        others["kind"] if "kind" in others.columns else pd.Series("universe", index=others.index)
    )
    sectors = others["sector"].astype("string").fillna("")
    industries = others["industry"].astype("string").fillna("")
    size = revenue.reindex(others.index)
    own_size = revenue.get(company, np.nan)
    if np.isnan(own_size):
        own_size = size[industries == industry].median() if industry else np.nan
    distance = (
        np.log(size.where(size > 0)) - np.log(own_size if own_size and own_size > 0 else np.nan)
    ).abs()
    distance = distance.fillna(np.inf)

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


def load_member(member_id: str, loaded: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Statements of ``sample:<id>`` (bundled) or of a key of ``loaded`` (this session's
    uploads and fetches). Raises :class:`AcumenError` for an unknown id."""
    from acumen.data.samples import load_sample

    loaded = loaded or {}
    if member_id in loaded:
        return loaded[member_id]
    return load_sample(member_id.partition(":")[2] if ":" in member_id else member_id)


def company_id(statements: pd.DataFrame) -> str:
    """The (first) company id of a one-company statements table."""
    return str(statements.index.get_level_values(0)[0])


def load_group(
    member_ids: Sequence[str], loaded: Mapping[str, pd.DataFrame] | None = None
) -> tuple[pd.DataFrame | None, list[str], list[str]]:
    """Statements of several members combined, in order: (statements or None, company ids in
    member order without repeats, warnings for members that could not be loaded)."""
    parts: list[pd.DataFrame] = []
    ids: list[str] = []
    warnings: list[str] = []
    for member in member_ids:  # a handful of companies
        try:
            part = load_member(member, loaded)
        except AcumenError as error:
            warnings.append(error.message)
            continue
        if company_id(part) in ids:
            continue
        ids.append(company_id(part))
        parts.append(part)
    return (combine(parts) if parts else None), ids, warnings


def peer_statements(
    client_statements: pd.DataFrame,
    peer_ids: Sequence[str],
    loaded: Mapping[str, pd.DataFrame] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """The client's statements combined with its peers' (ids as in :func:`load_member`).

    Returns (combined statements, warnings for peers that could not be added); a peer whose
    company is already in the table is skipped.
    """
    parts = [client_statements]
    seen = set(client_statements.index.get_level_values(0))
    warnings: list[str] = []
    for peer_id in peer_ids:
        try:
            part = load_member(peer_id, loaded)
        except AcumenError as error:
            warnings.append(error.message)
            continue
        ids = set(part.index.get_level_values(0))
        if ids & seen:
            continue
        seen |= ids
        parts.append(part)
    return combine(parts), warnings


# ---------------------------------------------------------------- years and comparison


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
        listed = ", ".join(f"{c} {y}" for c, y in years.items())
        return YearChoice(
            years,
            None,
            f"No fiscal year is common to all: each company's latest year is used ({listed}).",
        )
    return YearChoice(
        {c: chosen for c in present}, chosen, f"Fiscal {chosen}, the latest year all report."
    )


@dataclass(frozen=True)
class Comparison:
    """Client vs peers at the chosen years: metrics × companies (client first)."""

    client: str
    choice: YearAlignment
    values: pd.DataFrame
    reasons: pd.DataFrame
    ranks: pd.DataFrame
    summary: pd.DataFrame


def _rows_at(frame: pd.DataFrame, years: Mapping[str, int]) -> pd.DataFrame:
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
        period_end=statements.attrs.get("period_end"),
        year=year,
        notes=notes,
    )


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
    choice = alignment
    wide = _rows_at(values[list(COMPARISON_METRICS)], choice.years).T
    why = (
        _rows_at(reasons[list(COMPARISON_METRICS)], choice.years).T
        if reasons is not None
        else pd.DataFrame("", index=wide.index, columns=wide.columns)
    )
    if currencies:
        own = currencies.get(client)
        money = [m for m in wide.index if BY_NAME[m].unit == "money"]
        for company in wide.columns:
            other = currencies.get(company)
            if company != client and own and other and other != own:
                wide.loc[money, company] = np.nan
                why.loc[money, company] = (
                    f"reports in {other}, the client in {own}: amounts not converted"
                )
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
    return Comparison(client, choice, wide, why, ranks, summary)


def comparison_display(
    comparison: Comparison, names: Mapping[str, str], currency: str = "USD"
) -> pd.DataFrame:
    """The comparison as text cells: metric, driver, one column per company, rank, median, verdict."""
    info = [BY_NAME[m] for m in comparison.values.index]
    units = [i.unit for i in info]
    table = pd.DataFrame({"driver": [i.driver for i in info], "metric": [i.label for i in info]})
    for company in comparison.values.columns:
        cells = comparison.values[company].to_numpy()
        why = comparison.reasons[company].to_numpy()
        table[names.get(company, company)] = [
            format_value(v, u, currency) if not np.isnan(v) else ("n/a — " + r if r else "n/a")
            for v, u, r in zip(cells, units, why, strict=True)
        ]
    summary = comparison.summary
    table["client rank"] = [
        f"{int(r)} of {int(n)}" if not pd.isna(r) else "—"
        for r, n in zip(summary["rank"], summary["ranked"], strict=True)
    ]
    table["peer median"] = [
        format_value(v, u, currency) for v, u in zip(summary["peer_median"], units, strict=True)
    ]
    table["client vs median"] = summary["verdict"].to_numpy()
    return table


def scatter_points(comparison: Comparison, names: Mapping[str, str]) -> pd.DataFrame:
    """One row per company: name, fiscal_year, fiscal_label, asset_turnover, net_margin, roa
    (client first)."""
    points = comparison.values.loc[["asset_turnover", "net_margin", "roa"]].T
    points.insert(0, "name", [names.get(c, c) for c in points.index])
    points.insert(1, "fiscal_year", [comparison.choice.years.get(c) for c in points.index])
    points.insert(2, "fiscal_label", [comparison.choice.labels.get(c, "") for c in points.index])
    points.index.name = "company"
    return points


# ---------------------------------------------------------------- competitor facts


def competitor_facts(statements: pd.DataFrame, metrics: MetricResult | None = None) -> pd.DataFrame:
    """Facts for every (company, fiscal_year): catalogue metrics, revenue, the spend shares
    and the year-on-year changes used by the threat score and the question rules."""
    metrics = metrics or compute_metrics_with_reasons(statements)
    items = plain_frame(statements)
    values = metrics.values.reindex(items.index)
    revenue = items["revenue"]
    facts = values.copy()
    facts["revenue"] = revenue
    positive_revenue = revenue.where(revenue > 0)
    facts["sga_share"] = items["sga"].where(items["sga"] > 0) / positive_revenue
    facts["rnd_share"] = items["rnd"].where(items["rnd"] > 0) / positive_revenue
    facts["capex_share"] = items["capital_expenditure"] / positive_revenue
    company = items.index.get_level_values(0)
    year = items.index.get_level_values(1)
    prior_keys = pd.MultiIndex.from_arrays([company, year - 1], names=items.index.names)
    prior = values.reindex(prior_keys)
    facts["d_dio"] = values["dio"].to_numpy() - prior["dio"].to_numpy()
    facts["gm_drop"] = prior["gross_margin"].to_numpy() - values["gross_margin"].to_numpy()
    return facts.replace([np.inf, -np.inf], np.nan)


def facts_at(facts: pd.DataFrame, years: Mapping[str, int]) -> pd.DataFrame:
    """One row per company (index: company) at its chosen fiscal year, plus ``fiscal_year``."""
    rows = _rows_at(facts, years)
    rows["fiscal_year"] = [years[c] for c in rows.index]
    return rows


# ---------------------------------------------------------------- biggest threat


@dataclass(frozen=True)
class ThreatFactor:
    """One reason a competitor threatens: peer − client on ``fact``, in units of ``scale``."""

    fact: str
    unit: str
    driver: str
    scale: float
    weight: float
    reason: str
    phrase: str
    priority: str
    seller_angle: str
    question: str
    log: bool = False


#: The threat score: Σ weight × clip((peer − client) / scale, −3, 3) over the factors both report.
THREAT_FACTORS: tuple[ThreatFactor, ...] = (
    ThreatFactor(
        "revenue_growth",
        "pct",
        "growth",
        0.05,
        1.0,
        "it is growing faster",
        "grew revenue {peer} in {year} against {client_possessive} {client}",
        "Win back growth: defend share with key retailers and customers",
        "Help the client grow sell-through, not just hold price: promotions that move product",
        "Which customers or shelves is {peer_name} winning, and why?",
    ),
    ThreatFactor(
        "net_margin",
        "pct",
        "margin",
        0.03,
        1.0,
        "it keeps more of each sale as profit",
        "keeps {peer} of revenue as net profit against {client}",
        "Close the cost gap: productivity and unit cost",
        "Lead with lower total cost and productivity, in the client's own numbers",
        "Are {peer_possessive} plants newer or its costs lower, and what is the client doing about unit cost?",
    ),
    ThreatFactor(
        "asset_turnover",
        "x",
        "velocity",
        0.25,
        1.0,
        "it turns its assets faster",
        "turns its assets {peer} a year against {client}",
        "Speed up: faster turns of stock and plant",
        "Offer faster replenishment and less stock in the chain",
        "Is {peer_possessive} supply chain faster, and where does the client lose days?",
    ),
    ThreatFactor(
        "fcf_margin",
        "pct",
        "cash",
        0.03,
        1.0,
        "it generates more cash to reinvest",
        "converts {peer} of revenue into free cash flow against {client}",
        "Protect cash so the client can keep investing",
        "Offers that free cash (terms, phased payment) let the client keep up",
        "Where would the client invest if it had {peer_possessive} cash flow?",
    ),
    ThreatFactor(
        "sga_share",
        "pct",
        "growth",
        0.03,
        0.75,
        "it spends more on selling and advertising",
        "spends {peer} of revenue on selling, general & admin (advertising) against {client}",
        "Hold shelf space and share of voice",
        "Promotional support that helps the client's product sell through at the retailer",
        "Is the client losing shelf space or share of voice to {peer_possessive} marketing?",
    ),
    ThreatFactor(
        "rnd_share",
        "pct",
        "growth",
        0.01,
        1.0,
        "it develops new products faster",
        "spends {peer} of revenue on R&D against {client}",
        "Keep the product range current against a faster innovator",
        "Help the client launch and refresh products faster",
        "How is the client answering {peer_possessive} new products?",
    ),
    ThreatFactor(
        "revenue",
        "money",
        "growth",
        float(np.log(2.0)),
        0.5,
        "it has more money to spend",
        "has revenue of {peer} against {client}",
        "Compete with a bigger rival's budget: choose battles",
        "Help the client win where size matters less: speed, service, focus",
        "Where does {peer_possessive} size give it an edge the client can't match?",
        log=True,
    ),
)


#: Wording per client role where it differs from :data:`THREAT_FACTORS` (the maker's
#: wording): role -> fact -> ThreatFactor text field -> text.
ROLE_WORDING: dict[str, dict[str, dict[str, str]]] = {
    "retailer": {
        "revenue_growth": {
            "priority": "Win back growth: defend store traffic and share of shoppers' baskets",
            "seller_angle": "Help the client bring shoppers back and sell more per visit",
            "question": "Which shoppers or categories is {peer_name} winning, and why?",
        },
        "net_margin": {
            "question": "Are {peer_possessive} stores and supply chain cheaper to run, or are its buying terms better?",
        },
        "asset_turnover": {
            "priority": "Speed up: faster turns of stock and stores",
            "seller_angle": "Offer faster replenishment and less stock in stores and warehouses",
            "question": "Is {peer_possessive} supply chain faster, and where does the client lose days between supplier and store?",
        },
        "sga_share": {
            "priority": "Hold store traffic and share of voice",
            "seller_angle": "Marketing and in-store support that bring shoppers through the door",
            "question": "Is the client losing shoppers or share of voice to {peer_possessive} marketing?",
        },
        "rnd_share": {
            "reason": "it invests more in new services and technology",
            "priority": "Keep formats and services current against a faster innovator",
            "seller_angle": "Help the client refresh its range, formats and services faster",
            "question": "How is the client answering {peer_possessive} new formats and services?",
        },
    },
    "distributor": {
        "revenue_growth": {
            "priority": "Win back growth: defend share with the makers and customers it serves"
        },
        "sga_share": {
            "priority": "Hold share with the makers and customers it serves",
            "seller_angle": "Support that helps the client win and keep accounts",
            "question": "Is the client losing accounts to {peer_possessive} sales effort?",
        },
    },
    "supplier": {
        "revenue_growth": {"priority": "Win back growth: defend share with key customers"},
        "sga_share": {
            "priority": "Hold share with key customers",
            "seller_angle": "Support that helps the client win and keep industrial customers",
            "question": "Is the client losing customers to {peer_possessive} sales effort?",
        },
    },
    "service": {
        "revenue_growth": {"priority": "Win back growth: defend share with key customers"},
        "sga_share": {
            "priority": "Hold share of voice",
            "seller_angle": "Marketing support that wins and keeps customers",
            "question": "Is the client losing customers or share of voice to {peer_possessive} marketing?",
        },
    },
}


def worded(factor: ThreatFactor, role: str) -> ThreatFactor:
    """``factor`` with the wording of ``role`` (:data:`ROLE_WORDING`) where it differs."""
    changes = ROLE_WORDING.get(role, {}).get(factor.fact, {})
    return replace(factor, **changes) if changes else factor


def client_role(statements: pd.DataFrame, company: str) -> str:
    """The company's value-chain role from its metadata (``role`` if set, else sub-industry
    and sector; see :func:`acumen.analysis.universe.role_of`)."""
    meta = companies_of(statements)
    row = meta.loc[company] if company in meta.index else pd.Series(dtype=object)
    return role_of(row.get("industry"), row.get("sector"), role=row.get("role"))


def _format(value: float, unit: str, currency: str) -> str:
    return say(value, unit, currency)


def threat_scores(
    client_facts: pd.Series, peer_facts: pd.DataFrame, clip: float = 3.0
) -> pd.DataFrame:
    """Per peer and factor: weight × clip((peer − client) / scale, −clip, clip); 0 where
    either is missing. Columns are the factor facts plus ``score`` (their sum)."""
    facts = [f.fact for f in THREAT_FACTORS]
    scale = pd.Series({f.fact: f.scale for f in THREAT_FACTORS})
    weight = pd.Series({f.fact: f.weight for f in THREAT_FACTORS})
    logged = [f.fact for f in THREAT_FACTORS if f.log]
    peers = peer_facts[facts].astype("float64").copy()
    client = client_facts[facts].astype("float64").copy()
    peers[logged] = np.log(peers[logged].where(peers[logged] > 0))
    client[logged] = np.log(client[logged].where(client[logged] > 0))
    contribution = (
        peers.sub(client, axis=1)
        .div(scale, axis=1)
        .clip(-clip, clip)
        .mul(weight, axis=1)
        .fillna(0.0)
    )
    contribution["score"] = contribution.sum(axis=1)
    return contribution


def _comparable(
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


def biggest_threat(
    client: str,
    peers: Sequence[str],
    statements: pd.DataFrame,
    metrics: MetricResult | None = None,
    year: int | None = None,
    *,
    alignment: YearAlignment | None = None,
    notes: pd.DataFrame | None = None,
    role: str | None = None,
) -> Finding | None:
    """The threat card of :func:`threat_of` (None without a comparable peer)."""
    found = threat_of(
        client, peers, statements, metrics, year, alignment=alignment, notes=notes, role=role
    )
    return None if found is None else found[1]


def threat_of(
    client: str,
    peers: Sequence[str],
    statements: pd.DataFrame,
    metrics: MetricResult | None = None,
    year: int | None = None,
    *,
    alignment: YearAlignment | None = None,
    notes: pd.DataFrame | None = None,
    role: str | None = None,
) -> tuple[str, Finding] | None:
    """The comparable peer (same fiscal year, sound data: ``alignment``) with the highest
    threat score (see :data:`THREAT_FACTORS`), as a Finding with rule_id ``biggest_threat``;
    its driver is that of the factor contributing most, its wording that of the client's
    ``role`` (default: from its metadata). Returns (the peer's id, the finding); None when
    no comparable peer has data."""
    alignment, peers = _comparable(client, peers, statements, alignment, notes, year)
    if not peers:
        return None
    role = role or client_role(statements, client)
    facts = competitor_facts(statements, metrics)
    at = facts_at(facts, {c: alignment.years[c] for c in [client, *peers]})
    names = _names(statements)
    currency = _currency(statements, client)
    scores = threat_scores(at.loc[client], at.loc[peers])
    threat = str(scores["score"].idxmax())
    # Reasons ordered by the unclipped gap, so the clip at ±3 doesn't make ties.
    gaps = threat_scores(at.loc[client], at.loc[[threat]], clip=np.inf).loc[threat].drop("score")
    gaps = gaps.sort_values(ascending=False, kind="stable")
    by_fact = {f.fact: worded(f, role) for f in THREAT_FACTORS}

    def visible(factor: ThreatFactor) -> bool:
        """Whether the gap shows in the rounded figures (never "1.81× against 1.81×")."""
        peer_value, client_value = at.at[threat, factor.fact], at.at[client, factor.fact]
        return _format(peer_value, factor.unit, currency) != _format(
            client_value, factor.unit, currency
        )

    positive = [by_fact[f] for f, c in gaps.items() if c > 0 and visible(by_fact[f])]
    dominant = positive[0] if positive else by_fact[gaps.index[0]]
    peer_name, client_name = names.get(threat, threat), names.get(client, client)
    context = {"year": alignment.labels[threat], "client_possessive": possessive(client_name)}

    def phrase(factor: ThreatFactor) -> str:
        peer_value, client_value = at.at[threat, factor.fact], at.at[client, factor.fact]
        return factor.phrase.format(
            peer=_format(peer_value, factor.unit, currency),
            client=_format(client_value, factor.unit, currency),
            **context,
        )

    shown = positive[:4]
    if shown:
        parts = [phrase(f) for f in shown]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        trade_off = (
            f"{peer_name} {listed}. The biggest gap: {dominant.reason}. To answer it, {client_name} has to "
            f"choose where its money goes: matching {peer_name} on one front means giving something up on another."
        )
    else:
        trade_off = (
            f"No peer beats {client_name} on growth, margin, asset turns, cash, advertising or R&D; "
            f"{peer_name} comes closest. Watch it rather than fear it."
        )
    evidence = tuple(
        Evidence(
            metric=f.fact,
            fiscal_year=int(alignment.years[threat]),
            fiscal_label=alignment.labels[threat],
            value=float(at.at[threat, f.fact]),
            text=f"{peer_name} {phrase(f)}",
        )
        for f in shown
    )
    score = float(scores.at[threat, "score"])
    questions = [
        dominant.question.format(peer_name=peer_name, peer_possessive=possessive(peer_name))
    ]
    questions += [
        q
        for q in competitor_questions(at, client, peers, names, currency, role=role)
        if q not in questions
    ]
    return threat, Finding(
        rule_id="biggest_threat",
        driver=dominant.driver,
        title=f"Biggest threat: {peer_name} ({dominant.reason})"
        if shown
        else f"Closest rival: {peer_name}",
        severity=round(100.0 * (1.0 - np.exp(-max(score, 0.0) / 4.0)), 1),
        evidence=evidence,
        trade_off=trade_off,
        priority=dominant.priority,
        seller_angle=dominant.seller_angle,
        questions=tuple(questions[:3]),
    )


# ---------------------------------------------------------------- competitor questions


@dataclass(frozen=True)
class QuestionRule:
    """Fires when some peer's ``fact`` exceeds the client's by more than ``threshold``."""

    fact: str
    unit: str
    threshold: float
    template: str
    #: (role, template) where the wording differs for the client's role.
    by_role: tuple[tuple[str, str], ...] = ()

    def text(self, role: str) -> str:
        return dict(self.by_role).get(role, self.template)


#: Tune the thresholds here. Fields: {peer}, {client} (names), {peer_s}, {client_s} (possessive),
#: {peer_value}, {client_value}, {gap}.
QUESTION_RULES: tuple[QuestionRule, ...] = (
    QuestionRule(
        "d_dio",
        "days",
        5.0,
        "{peer_s} days of inventory rose {gap} more than {client_s}: are competitors cutting prices to clear stock?",
    ),
    QuestionRule(
        "gm_drop",
        "pct",
        0.02,
        "{peer_s} gross margin fell {gap} more than {client_s}: did it cut prices, and must {client} follow?",
    ),
    QuestionRule(
        "rnd_share",
        "pct",
        0.02,
        "{peer} spends {peer_value} of revenue on R&D against {client_s} {client_value}: "
        "how is {client} answering their new products?",
        (
            (
                "retailer",
                "{peer} spends {peer_value} of revenue on R&D against {client_s} {client_value}: "
                "how is {client} answering its new services and technology?",
            ),
        ),
    ),
    QuestionRule(
        "net_margin",
        "pct",
        0.05,
        "{peer} keeps {peer_value} of revenue as net profit against {client_s} {client_value}: "
        "are its plants newer or its production costs lower?",
        (
            (
                "retailer",
                "{peer} keeps {peer_value} of revenue as net profit against {client_s} {client_value}: "
                "are its stores cheaper to run or its buying terms better?",
            ),
            (
                "service",
                "{peer} keeps {peer_value} of revenue as net profit against {client_s} {client_value}: "
                "is it cheaper to run, or does it price better?",
            ),
        ),
    ),
    QuestionRule(
        "sga_share",
        "pct",
        0.05,
        "{peer} spends {peer_value} of revenue on selling and advertising (SG&A) against {client_s} {client_value}: "
        "is {client} losing shelf space or share of voice?",
        (
            (
                "retailer",
                "{peer} spends {peer_value} of revenue on selling and advertising (SG&A) against {client_s} "
                "{client_value}: is {client} losing shoppers or share of voice?",
            ),
            (
                "supplier",
                "{peer} spends {peer_value} of revenue on selling and admin (SG&A) against {client_s} "
                "{client_value}: is {client} losing customers to its sales effort?",
            ),
            (
                "service",
                "{peer} spends {peer_value} of revenue on selling and advertising (SG&A) against {client_s} "
                "{client_value}: is {client} losing customers or share of voice?",
            ),
            (
                "distributor",
                "{peer} spends {peer_value} of revenue on selling and admin (SG&A) against {client_s} "
                "{client_value}: is {client} losing accounts to its sales effort?",
            ),
        ),
    ),
    QuestionRule(
        "revenue_growth",
        "pct",
        0.05,
        "{peer} grew revenue {peer_value} against {client_s} {client_value}: which customers or markets is it winning?",
        (
            (
                "retailer",
                "{peer} grew revenue {peer_value} against {client_s} {client_value}: which shoppers, "
                "categories or regions is it winning?",
            ),
        ),
    ),
    QuestionRule(
        "capex_share",
        "pct",
        0.02,
        "{peer} invests {peer_value} of revenue in capex against {client_s} {client_value}: "
        "is it building newer, more efficient plants?",
        (
            (
                "retailer",
                "{peer} invests {peer_value} of revenue in capex against {client_s} {client_value}: "
                "is it building newer stores or faster fulfilment?",
            ),
        ),
    ),
    QuestionRule(
        "asset_turnover",
        "x",
        0.3,
        "{peer} turns its assets {peer_value} a year against {client_s} {client_value}: is its supply chain faster?",
    ),
)


def _gap_text(gap: float, unit: str, currency: str) -> str:
    if unit == "pct":
        return f"{abs(gap) * 100:.1f} points"
    return _format(abs(gap), unit, currency)


def competitor_questions(
    facts: pd.DataFrame,
    client: str,
    peers: Sequence[str],
    names: Mapping[str, str] | None = None,
    currency: str = "USD",
    rules: Sequence[QuestionRule] = QUESTION_RULES,
    *,
    role: str = "manufacturer",
) -> list[str]:
    """Questions raised by the peers' numbers. ``facts`` has one row per company (index:
    company; see :func:`facts_at`). Each rule looks at the peer with the largest gap
    (peer − client) on its fact and fires when that gap exceeds the rule's threshold."""
    names = names or {}
    peers = [p for p in peers if p in facts.index and p != client]
    if not peers or client not in facts.index:
        return []
    columns = [r.fact for r in rules]
    gaps = (
        facts.loc[peers, columns]
        .astype("float64")
        .sub(facts.loc[client, columns].astype("float64"), axis=1)
    )
    largest = gaps.max(axis=0, skipna=True)
    leader = gaps.fillna(-np.inf).idxmax(axis=0)
    thresholds = pd.Series([r.threshold for r in rules], index=columns)
    fired = largest > thresholds
    questions = []
    for rule in (r for r in rules if fired[r.fact]):
        peer = leader[rule.fact]
        questions.append(
            rule.text(role).format(
                peer=names.get(peer, peer),
                peer_s=possessive(names.get(peer, peer)),
                client=names.get(client, client),
                client_s=possessive(names.get(client, client)),
                peer_value=_format(facts.at[peer, rule.fact], rule.unit, currency),
                client_value=_format(facts.at[client, rule.fact], rule.unit, currency),
                gap=_gap_text(largest[rule.fact], rule.unit, currency),
            )
        )
    return questions


def competitor_questions_for(
    client: str,
    peers: Sequence[str],
    statements: pd.DataFrame,
    metrics: MetricResult | None = None,
    *,
    alignment: YearAlignment | None = None,
    notes: pd.DataFrame | None = None,
    role: str | None = None,
) -> list[str]:
    """:func:`competitor_questions` straight from statements, over the comparable peers
    (same fiscal year, sound data) in the client's role's wording."""
    alignment, peers = _comparable(client, peers, statements, alignment, notes, None)
    if not peers:
        return []
    facts = competitor_facts(statements, metrics)
    return competitor_questions(
        facts_at(facts, {c: alignment.years[c] for c in [client, *peers]}),
        client,
        peers,
        _names(statements),
        _currency(statements, client),
        role=role or client_role(statements, client),
    )


def _names(statements: pd.DataFrame) -> dict[str, str]:
    meta = companies_of(statements)
    return {str(c): _text(n) or str(c) for c, n in meta["name"].items()} if "name" in meta else {}


def _currency(statements: pd.DataFrame, company: str) -> str:
    meta = companies_of(statements)
    if company in meta.index and "currency" in meta.columns:
        return _text(meta.at[company, "currency"]) or "USD"
    return "USD"


# ---------------------------------------------------------------- batch report (CLI)


def _period_end_at(statements: pd.DataFrame, company: str, year: int) -> str:
    from acumen.formatting import period_end_text

    ends = statements.attrs.get("period_end")
    if ends is None or (company, year) not in ends.index:
        return ""
    value = ends.loc[(company, year)]
    return period_end_text(value.iloc[0] if isinstance(value, pd.Series) else value)


def peers_report(
    statements: pd.DataFrame,
    client: str,
    peers: Sequence[str],
    *,
    universe: PeerUniverse | None = None,
) -> dict:
    """The peers of ``client`` as JSON-ready data: ``{"client": {ticker, name, fiscal_year,
    fiscal_label, period_end, role}, "peers": [{ticker, name, fiscal_year, fiscal_label,
    period_end, data_notes}], "left_out": [{ticker, name, reason}], "threat": {ticker,
    reasons} | None}``. Only comparable peers (same fiscal year, sound data) are listed;
    ``statements`` holds the client and the peers (see :func:`peer_statements`)."""
    notes = universe.notes if universe is not None else None
    alignment = peer_alignment(statements, client, peers, notes=notes)
    names, meta = _names(statements), companies_of(statements)

    def ticker(company: str) -> str:
        value = meta.at[company, "ticker"] if company in meta.index and "ticker" in meta else ""
        return _text(value) or company

    def entry(company: str) -> dict:
        year = alignment.years[company]
        return {
            "ticker": ticker(company),
            "name": names.get(company, company),
            "fiscal_year": int(year),
            "fiscal_label": alignment.labels[company],
            "period_end": _period_end_at(statements, company, year),
        }

    listed = [
        entry(p)
        | {
            "data_notes": [str(notes.at[p, "note"])]
            if notes is not None and p in notes.index
            else []
        }
        for p in alignment.peers
    ]
    found = threat_of(client, alignment.peers, statements, alignment=alignment)
    return {
        "client": entry(client) | {"role": client_role(statements, client)},
        "peers": listed,
        "left_out": [
            {"ticker": ticker(c), "name": names.get(c, c), "reason": why}
            for c, why in alignment.left_out.items()
        ],
        "threat": None
        if found is None
        else {
            "ticker": ticker(found[0]),
            "title": found[1].title,
            "reasons": [e.text for e in found[1].evidence],
        },
    }
