"""From metrics to priorities: evaluate the trade-off rules for each company's latest year.

Metrics, scores, year-on-year changes and peer medians are computed once, vectorised over
the whole statements table (:func:`fact_table`); only the rule evaluation and text
formatting run per company. "Prior year" is the immediately preceding fiscal year.

Peers: the median of the company's GICS sub-industry in the peer universe passed in
(:class:`acumen.analysis.universe.PeerUniverse`, built at the edge; companies whose data notes flag
their rows as unsound are never members) for the same fiscal year (at least ``MIN_PEERS``
companies, the company itself included), falling back to its sector; or the median of
explicitly passed peer companies at the same fiscal year. A peer group is structured data
(:class:`PeerGroup`: kind, name, fiscal year, count), formatted only for display.

Years in sentences are named as the company names them (``FY2016`` for Walmart's year to
2016-01-31; :func:`acumen.formatting.fiscal_label`); numbers go through
:func:`acumen.formatting.say`, so no sentence shows nan, inf or −0.0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from acumen.analysis.catalog import BY_NAME, CATALOG
from acumen.analysis.metrics import MetricResult, compute_metrics_with_reasons
from acumen.analysis.rules import (
    CLAUSES,
    DERIVED,
    FALLBACK_HEALTHY,
    HEALTHY,
    PEER_COMPARISON,
    PEER_POSITION,
    RULES,
    Facts,
    Rule,
    facts_of,
)
from acumen.analysis.scores import (
    ALTMAN_COMPONENTS,
    ALTMAN_LABELS,
    altman_z_double_prime,
    piotroski,
    prior_rows,
    shift_prior,
)
from acumen.analysis.universe import PeerUniverse, unsound_companies
from acumen.data.schema import CORE_ITEMS, LINE_ITEM_LABELS, LINE_ITEMS
from acumen.data.statements import companies_of, plain_frame
from acumen.errors import AcumenError
from acumen.formatting import TTM, fiscal_label, format_change, is_missing, say, ttm_label

MIN_PEERS = 3
#: Metrics compared with peers: the five drivers' ratios (money amounts depend on size).
PEER_METRICS: tuple[str, ...] = tuple(
    m.name for m in CATALOG if m.driver != "inputs" and m.unit != "money"
)
#: Line items whose growth rate is a fact (``g_<item>``).
GROWTH_FACTS: tuple[str, ...] = ("receivables", "inventory", "cash", "costs", "asset_turnover")

#: Label and unit of facts that are not catalogue metrics.
EXTRA_FACTS: dict[str, tuple[str, str]] = {
    **{item: (LINE_ITEM_LABELS[item].capitalize(), "money") for item in LINE_ITEMS},
    "sga": ("SG&A", "money"),
    "rnd": ("R&D", "money"),
    "costs": ("Operating costs", "money"),
    "f_score": ("Piotroski F-score", "count"),
    "f_components_available": ("Piotroski signals available", "count"),
    "z_double_prime": ("Altman Z″", "number"),
    **{
        k: (f"Altman {k.upper()} ({ALTMAN_LABELS[k].lower()})", "number") for k in ALTMAN_COMPONENTS
    },
    "g_receivables": ("Receivables growth", "pct"),
    "g_inventory": ("Inventory growth", "pct"),
    "g_cash": ("Cash growth", "pct"),
    "g_costs": ("Operating cost growth", "pct"),
    "g_asset_turnover": ("Asset turnover change", "pct"),
    "receivables_gap": ("Receivables growth minus revenue growth", "pct"),
    "inventory_gap": ("Inventory growth minus revenue growth", "pct"),
    "jaws_gap": ("Cost growth minus revenue growth", "pct"),
}


def label_and_unit(fact: str) -> tuple[str, str]:
    """(label, unit) of a fact name, prefixes ``prev_``/``d_``/``peer_``/``abs_`` stripped."""
    if fact in EXTRA_FACTS:
        return EXTRA_FACTS[fact]
    if fact in BY_NAME:
        return BY_NAME[fact].label, BY_NAME[fact].unit
    for prefix in ("prev_", "d_", "peer_", "abs_"):
        if fact.startswith(prefix):
            return label_and_unit(fact[len(prefix) :])
    return fact.replace("_", " "), "number"


@dataclass(frozen=True)
class Evidence:
    metric: str
    fiscal_year: int
    value: float
    text: str
    change: float | None = None
    peer_median: float | None = None
    #: The year as the company names it (``FY2016``); ``fiscal_year`` is the alignment key.
    fiscal_label: str = ""


@dataclass(frozen=True)
class Finding:
    rule_id: str
    driver: str
    title: str
    severity: float
    evidence: tuple[Evidence, ...]
    trade_off: str
    priority: str
    seller_angle: str
    questions: tuple[str, ...]

    def to_dict(self) -> dict:
        """JSON-ready dict (evidence as a list of dicts, questions as a list)."""
        return {
            "rule_id": self.rule_id,
            "driver": self.driver,
            "title": self.title,
            "severity": float(self.severity),
            "evidence": [asdict(e) for e in self.evidence],
            "trade_off": self.trade_off,
            "priority": self.priority,
            "seller_angle": self.seller_angle,
            "questions": list(self.questions),
        }


@dataclass(frozen=True)
class Diagnosis:
    company: str
    name: str
    fiscal_year: int
    currency: str
    findings: tuple[Finding, ...]
    healthy: tuple[str, ...]
    talking_points: tuple[str, ...]
    #: The peer group's display label (:attr:`PeerGroup.label`); ``peers`` is the group.
    peer_group: str = ""
    #: Core items (revenue, net income, total assets) the data lacks: the analysis is
    #: incomplete and nothing is reported as healthy.
    missing: tuple[str, ...] = ()
    peers: PeerGroup | None = None
    #: The latest year as the company names it (``FY2016``).
    fiscal_label: str = ""

    @property
    def incomplete(self) -> str | None:
        """Why the analysis is incomplete, or None when it is not."""
        if not self.missing:
            return None
        names = ", ".join(LINE_ITEM_LABELS[m] for m in self.missing)
        return (
            f"The analysis is incomplete: the data has no {names}, so every metric that needs "
            "it is n/a. Load the statement that holds it before drawing conclusions."
        )

    def priorities(self, n: int = 3) -> tuple[Finding, ...]:
        """The ``n`` most severe findings: the client's current priorities."""
        return self.findings[:n]


@dataclass(frozen=True)
class PeerGroup:
    """The peers a median comes from: ``kind`` (``sub-industry``, ``sector``, ``chosen
    peers``; "" when none), ``name`` (the sub-industry or sector), ``fiscal_year`` (the
    Compustat year of the members' rows), ``count`` members and the ``medians``. Formatted
    for display by :attr:`label` only; never parsed back."""

    kind: str
    name: str
    fiscal_year: int | None
    count: int
    medians: pd.Series = field(default_factory=lambda: pd.Series(dtype="float64"))

    @property
    def label(self) -> str:
        """``Household Products sub-industry, 6 companies`` ("" when none); the members'
        year is the client's, so the sentence's year names it."""
        if not self.kind:
            return ""
        return f"{self.short}, {self.count} {'company' if self.count == 1 else 'companies'}"

    @property
    def short(self) -> str:
        """``Household Products sub-industry`` / ``chosen peers``: a chart legend."""
        return f"{self.name} {self.kind}" if self.name else self.kind


NO_PEERS = PeerGroup("", "", None, 0)


# ---------------------------------------------------------------- facts, vectorised


def _wide(statements: pd.DataFrame, metrics: MetricResult) -> pd.DataFrame:
    """Line items, metrics and scores side by side, one row per (company, fiscal_year)."""
    items = plain_frame(statements)
    values = metrics.values.reindex(items.index)
    items = items.drop(columns=[c for c in items.columns if c in values.columns])
    items["costs"] = items["revenue"] - items["operating_income"]
    f_score = piotroski(
        statements,
        MetricResult(values, metrics.reason_codes.reindex(items.index), metrics.average_basis),
    )
    z = altman_z_double_prime(statements).values.drop(columns=["zone"])
    return pd.concat([items, values, f_score.values, z], axis=1).astype("float64")


def fact_table(statements: pd.DataFrame, metrics: MetricResult | None = None) -> pd.DataFrame:
    """One row per company (its latest fiscal year): values, ``prev_``, ``d_``, ``g_`` and
    DERIVED facts, plus ``year`` and ``prior_year`` (NaN when t−1 is missing)."""
    metrics = metrics if metrics is not None else compute_metrics_with_reasons(statements)
    wide = _wide(statements, metrics).replace([np.inf, -np.inf], np.nan)
    prior = shift_prior(wide)
    companies = wide.index.get_level_values(0).to_numpy()
    last = np.r_[companies[1:] != companies[:-1], True] if len(companies) else np.zeros(0, bool)
    _, has_prior = prior_rows(wide.index)
    latest, before = wide[last], prior[last]
    index = pd.Index(companies[last], name="company")
    years = wide.index.get_level_values(1).to_numpy()[last].astype("float64")
    now, then = latest.to_numpy(), before.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = now - then
        base = then[:, [wide.columns.get_loc(c) for c in GROWTH_FACTS]]
        growth = np.where(
            base != 0,
            delta[:, [wide.columns.get_loc(c) for c in GROWTH_FACTS]] / np.abs(base),
            np.nan,
        )
    frame = pd.concat(
        [
            pd.DataFrame(now, index=index, columns=wide.columns),
            pd.DataFrame(then, index=index, columns=[f"prev_{c}" for c in wide.columns]),
            pd.DataFrame(delta, index=index, columns=[f"d_{c}" for c in wide.columns]),
            pd.DataFrame(growth, index=index, columns=[f"g_{c}" for c in GROWTH_FACTS]),
        ],
        axis=1,
    )
    frame["year"] = years
    frame["prior_year"] = np.where(has_prior[last], years - 1, np.nan)
    for name, compute in DERIVED.items():
        frame[name] = compute(frame)
    return frame.replace([np.inf, -np.inf], np.nan)


# ---------------------------------------------------------------- peers

#: Peer groups tried for a universe median, most specific last (it wins when big enough).
GROUP_LEVELS: tuple[tuple[str, str], ...] = (("sector", "sector"), ("industry", "sub-industry"))


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


def _group(row: pd.Series, medians: pd.Series) -> PeerGroup:
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
    return _group(groups.iloc[0], medians.iloc[0])


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
    group = _group(groups.iloc[0], pd.Series(dtype="float64"))
    return series, group


def _explicit_peers(
    peers: pd.DataFrame, company: str, year: int, notes: pd.DataFrame | None = None
) -> PeerGroup:
    """Median of passed peer companies (statements or metric values) at the company's
    fiscal ``year`` only; peers without that year, or flagged unsound in ``notes``, are left
    out; the company itself too."""
    values = peers if "roa" in peers.columns else compute_metrics_with_reasons(peers).values
    keep = values.index.get_level_values(0) != company
    if notes is not None:
        keep &= ~values.index.get_level_values(0).isin(list(unsound_companies(notes)))
    same_year = values[keep & (values.index.get_level_values(1) == year)]
    n = same_year.index.get_level_values(0).nunique()
    if not n:
        return PeerGroup("", "", year, 0, pd.Series(np.nan, index=list(PEER_METRICS)))
    return PeerGroup("chosen peers", "", year, n, same_year[list(PEER_METRICS)].median())


# ---------------------------------------------------------------- text


class _Text(dict):
    """Formatted facts for ``str.format_map``: fills ``{fact}``, ``{d_fact}``, ``{abs_fact}``,
    ``{<metric>_vs_peers}`` (where the client stands against the peer median, "" without
    one) and clauses lazily in the client's currency; ``{year}`` is the fiscal label."""

    def __init__(
        self, facts: Facts, currency: str, name: str, peer_group: str, year: str, prior: str
    ) -> None:
        super().__init__(name=name, peer_group=peer_group or "peers", year=year)
        self.facts, self.currency = facts, currency
        self["prior_year"] = prior if not is_missing(facts["prior_year"]) else "last year"

    def __missing__(self, key: str) -> str:
        if key in CLAUSES:
            fact, template = CLAUSES[key]
            return template.format_map(self) if not is_missing(self.facts[fact]) else ""
        if key.endswith("_vs_peers"):
            return self._versus(key.removesuffix("_vs_peers"))
        _, unit = label_and_unit(key)
        if key.startswith("abs_d_"):  # a change without its sign: "2.5 pts", "8 days"
            return format_change(abs(self.facts[key[4:]]), unit, self.currency).lstrip("+")
        if key.startswith("abs_"):
            return say(abs(self.facts[key[4:]]), unit, self.currency)
        if key.startswith("d_"):
            return format_change(self.facts[key], unit, self.currency)
        return say(self.facts[key], unit, self.currency)

    def _versus(self, metric: str) -> str:
        """``, above the peer median of 4.0% (…)``: positions as shown (rounded)."""
        value, peer = self.facts[metric], self.facts[f"peer_{metric}"]
        if is_missing(value) or is_missing(peer):
            return ""
        _, unit = label_and_unit(metric)
        shown, shown_peer = say(value, unit, self.currency), say(peer, unit, self.currency)
        position = "level" if shown == shown_peer else ("above" if value > peer else "below")
        return PEER_COMPARISON.format(
            position=PEER_POSITION[position], peer_value=shown_peer, peer_group=self["peer_group"]
        )


def _evidence(fact: str, facts: Facts, text: _Text) -> Evidence | None:
    value = facts[fact]
    if is_missing(value):
        return None
    label, unit = label_and_unit(fact)
    change = facts[f"d_{fact}"] if not fact.startswith("g_") else math.nan
    peer = facts[f"peer_{fact}"]
    sentence = f"{label} was {say(value, unit, text.currency)} in {text['year']}"
    if not is_missing(change):
        sentence += f", {format_change(change, unit, text.currency)} on {text['prior_year']}"
    if not is_missing(peer):
        sentence += f" (peer median {say(peer, unit, text.currency)})"
    return Evidence(
        metric=fact,
        fiscal_year=int(facts["year"]),
        value=float(value),
        text=sentence,
        change=None if is_missing(change) else float(change),
        peer_median=None if is_missing(peer) else float(peer),
        fiscal_label=text["year"],
    )


def _finding(rule: Rule, severity: float, facts: Facts, text: _Text) -> Finding:
    evidence = tuple(
        e for e in (_evidence(name, facts, text) for name in rule.evidence) if e is not None
    )
    return Finding(
        rule_id=rule.id,
        driver=rule.driver,
        title=rule.title,
        severity=severity,
        evidence=evidence,
        trade_off=rule.trade_off.format_map(text),
        priority=rule.priority.format_map(text),
        seller_angle=rule.seller_angle.format_map(text),
        questions=tuple(q.format_map(text) for q in rule.questions),
    )


def _evaluate(
    company: str,
    facts: Facts,
    meta: Mapping,
    group: PeerGroup,
    rules: Sequence[Rule],
    missing: tuple[str, ...] = (),
    labels: tuple[str, str] = ("", ""),
) -> Diagnosis:
    currency = str(meta.get("currency") or "USD")
    name = str(meta.get("name") or company)
    year = labels[0] or fiscal_label(int(facts["year"]))
    prior = labels[1] or (
        fiscal_label(int(facts["prior_year"])) if not is_missing(facts["prior_year"]) else ""
    )
    peer_group = group.label
    text = _Text(facts, currency, name, peer_group, year, prior)
    fired = [(rule.score(facts), rule.number, rule) for rule in rules if rule.fires(facts)]
    fired.sort(key=lambda item: (-item[0], item[1]))
    findings = tuple(_finding(rule, severity, facts, text) for severity, _, rule in fired)
    healthy = [h.text.format_map(text) for h in HEALTHY if h.condition(facts)][:4]
    if not healthy:
        healthy = [next(h for h in FALLBACK_HEALTHY if h.condition(facts)).text.format_map(text)]
    points = [f"{f.title}: {f.seller_angle}" for f in findings[:3]]
    if missing:
        healthy = []
        names = ", ".join(LINE_ITEM_LABELS[m] for m in missing)
        points.insert(0, f"The figures are incomplete (no {names}): ask for the full statements.")
    else:
        points.append(f"Acknowledge what works: {healthy[0]}")
    if not findings and not missing:
        points.insert(
            0,
            f"No pressure point stands out in {name}'s {text['year']} figures: "
            "lead with their goals and how your offer lifts margin, velocity or cash.",
        )
    return Diagnosis(
        company=company,
        name=name,
        fiscal_year=int(facts["year"]),
        currency=currency,
        findings=findings,
        healthy=tuple(healthy),
        talking_points=tuple(points),
        peer_group=peer_group,
        missing=missing,
        peers=group if group.kind else None,
        fiscal_label=year,
    )


# ---------------------------------------------------------------- public API


def _with_peers(
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


def _labels(statements: pd.DataFrame, table: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """(latest, prior) fiscal labels per company of ``table`` from the period ends."""
    ends = statements.attrs.get("period_end")
    if ends is None or not len(ends):
        return {}
    ends = ends[~ends.index.duplicated()]
    years = table["year"].astype("int64")
    latest = ends.reindex(pd.MultiIndex.from_arrays([table.index, years]))
    prior = ends.reindex(pd.MultiIndex.from_arrays([table.index, years - 1]))
    if statements.attrs.get("period_kind") == TTM:  # trailing twelve months, not a year
        return {
            c: (ttm_label(e), ttm_label(p) if not pd.isna(p) else "")
            for c, e, p in zip(table.index, latest, prior, strict=True)
        }
    return {
        c: (fiscal_label(y, e), fiscal_label(y - 1, p) if not pd.isna(p) else "")
        for c, y, e, p in zip(table.index, years, latest, prior, strict=True)
    }


def _meta_records(statements: pd.DataFrame) -> dict[str, dict]:
    return companies_of(statements).to_dict("index")


def _slice(statements: pd.DataFrame, metrics: MetricResult | None, company: str):
    mask = statements.index.get_level_values(0) == company
    sliced = plain_frame(statements)[mask]
    if metrics is None:
        return sliced, None
    keep = metrics.values.index.get_level_values(0) == company
    return sliced, MetricResult(
        metrics.values[keep], metrics.reason_codes[keep], metrics.average_basis[keep]
    )


def diagnose(
    statements: pd.DataFrame,
    company: str,
    *,
    metrics: MetricResult | None = None,
    peers: pd.DataFrame | None = None,
    rules: Sequence[Rule] = RULES,
    universe: PeerUniverse | None = None,
) -> Diagnosis:
    """Findings, healthy points and talking points for ``company``'s latest fiscal year.

    Peer medians come from ``universe`` (sub-industry, else sector, same fiscal year; none
    without a universe), or from ``peers`` (statements or metric values of chosen
    competitors, same fiscal year; flagged in the universe's notes: left out).
    """
    if company not in statements.index.get_level_values(0):
        raise AcumenError(
            f"company {company} is not in the loaded statements", fix="Load it first."
        )
    sliced, sliced_metrics = _slice(statements, metrics, company)
    table = fact_table(sliced, sliced_metrics)
    meta = _meta_records(statements).get(company, {})
    if peers is not None:
        notes = universe.notes if universe is not None else None
        group = _explicit_peers(peers, company, int(table.at[company, "year"]), notes)
        row = table.loc[company].to_dict() | {f"peer_{k}": v for k, v in group.medians.items()}
    else:
        medians, groups = _with_peers(table, companies_of(statements), universe)
        row = table.loc[company].to_dict() | medians.loc[company].add_prefix("peer_").to_dict()
        group = _group(groups.loc[company], medians.loc[company])
    labels = _labels(statements, table).get(company, ("", ""))
    return _evaluate(
        company, facts_of(row), meta, group, rules, missing_core(sliced, company), labels
    )


def missing_core(statements: pd.DataFrame, company: str) -> tuple[str, ...]:
    """The CORE_ITEMS that ``company`` reports in no year."""
    rows = statements.loc[statements.index.get_level_values(0) == company]
    return tuple(i for i in CORE_ITEMS if i not in rows.columns or rows[i].isna().all())


def diagnose_all(
    statements: pd.DataFrame,
    *,
    metrics: MetricResult | None = None,
    rules: Sequence[Rule] = RULES,
    universe: PeerUniverse | None = None,
) -> dict[str, Diagnosis]:
    """:func:`diagnose` for every company, with metrics, scores and peers computed once."""
    table = fact_table(statements, metrics)
    medians, groups = _with_peers(table, companies_of(statements), universe)
    records = pd.concat([table, medians.add_prefix("peer_")], axis=1).to_dict("index")
    meta = _meta_records(statements)
    plain = plain_frame(statements)
    labels = _labels(statements, table)
    return {
        company: _evaluate(
            company,
            Facts(row),
            meta.get(company, {}),
            _group(groups.loc[company], medians.loc[company]),
            rules,
            missing_core(plain, company),
            labels.get(company, ("", "")),
        )
        for company, row in records.items()
    }
