"""From metrics to priorities: evaluate the trade-off rules for each company's latest year.

Metrics, scores, year-on-year changes and peer medians are computed once, vectorised over
the whole statements table (:func:`fact_table`); only the rule evaluation and text
formatting run per company. "Prior year" is the immediately preceding fiscal year.

Peers: the median of the company's GICS sub-industry in the bundled NYSE universe for the
same fiscal year (at least ``MIN_PEERS`` companies, the company itself included), falling
back to its sector; or the median of explicitly passed peer companies.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache

import numpy as np
import pandas as pd

from acumen.catalog import BY_NAME, CATALOG
from acumen.errors import AcumenError
from acumen.formatting import format_change, format_value, is_missing
from acumen.metrics import MetricResult, compute_metrics_with_reasons
from acumen.rules import CLAUSES, DERIVED, FALLBACK_HEALTHY, HEALTHY, RULES, Facts, Rule, facts_of
from acumen.schema import CORE_ITEMS, LINE_ITEM_LABELS, LINE_ITEMS
from acumen.scores import (
    ALTMAN_COMPONENTS,
    ALTMAN_LABELS,
    altman_z_double_prime,
    piotroski,
    prior_rows,
    shift_prior,
)
from acumen.statements import companies_of, plain_frame

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
    peer_group: str = ""
    #: Core items (revenue, net income, total assets) the data lacks: the analysis is
    #: incomplete and nothing is reported as healthy.
    missing: tuple[str, ...] = ()

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
    """Peer medians of one company: ``label`` says which group, ``count`` how many members."""

    label: str
    count: int
    medians: pd.Series


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


@cache
def _universe_peer_rows() -> pd.DataFrame:
    """Universe metrics (PEER_METRICS) with industry, sector and fiscal_year columns."""
    from acumen.samples import universe

    statements = universe()
    values = compute_metrics_with_reasons(statements).values[list(PEER_METRICS)]
    meta = companies_of(statements)
    frame = values.reset_index()
    frame["industry"] = frame["company"].map(meta["industry"])
    frame["sector"] = frame["company"].map(meta["sector"])
    return frame


def _group_medians(rows: pd.DataFrame, key: str) -> tuple[pd.DataFrame, pd.Series]:
    grouped = rows.groupby([key, "fiscal_year"])[list(PEER_METRICS)]
    return grouped.median(), grouped.size()


def peer_table(
    targets: pd.DataFrame, universe_rows: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.Series]:
    """Peer medians for ``targets`` (index company; columns industry, sector, fiscal_year).

    Sub-industry median for the same fiscal year when it has at least MIN_PEERS members,
    else the sector median; NaN when neither. Returns (medians, group label) by company.
    """
    rows = universe_rows if universe_rows is not None else _universe_peer_rows()
    medians = pd.DataFrame(np.nan, index=targets.index, columns=list(PEER_METRICS))
    labels = pd.Series("", index=targets.index, dtype=object)
    for key, kind in (("sector", "sector"), ("industry", "sub-industry")):  # industry overrides
        table, size = _group_medians(rows, key)
        keys = pd.MultiIndex.from_arrays(
            [targets[key].astype(object), targets["fiscal_year"].astype("int64")]
        )
        counts = size.reindex(keys).to_numpy()
        ok = np.nan_to_num(counts.astype("float64")) >= MIN_PEERS
        found = table.reindex(keys).to_numpy()
        medians.loc[ok] = found[ok]
        names = targets[key].astype(str).to_numpy()
        years = targets["fiscal_year"].astype("int64").to_numpy()
        labels[ok] = [
            f"{n} {kind}, {y}, {int(c)} companies"
            for n, y, c in zip(names[ok], years[ok], counts[ok], strict=True)
        ]
    return medians, labels


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
    rows = universe_metrics[list(PEER_METRICS)].reset_index()
    rows["industry"] = rows["company"].map(companies["industry"])
    rows["sector"] = rows["company"].map(companies["sector"])
    target = pd.DataFrame(
        {
            "industry": [company_row.get("industry")],
            "sector": [company_row.get("sector")],
            "fiscal_year": [year],
        },
        index=[company_row.name],
    )
    medians, labels = peer_table(target, rows)
    label = str(labels.iloc[0])
    count = int(label.rsplit(", ", 1)[-1].split()[0]) if label else 0
    return PeerGroup(label=label, count=count, medians=medians.iloc[0])


def _explicit_peers(peers: pd.DataFrame, company: str, year: int) -> tuple[pd.Series, str]:
    """Median of passed peer companies (statements or metric values) at ``year``, or each
    peer's latest year when none reports it; the company itself is left out."""
    values = peers if "roa" in peers.columns else compute_metrics_with_reasons(peers).values
    values = values[values.index.get_level_values(0) != company]
    if values.empty:
        return pd.Series(np.nan, index=list(PEER_METRICS)), ""
    same_year = values[values.index.get_level_values(1) == year]
    chosen = same_year if not same_year.empty else values.groupby(level=0).tail(1)
    n = chosen.index.get_level_values(0).nunique()
    return chosen[list(PEER_METRICS)].median(), f"chosen peers, {n} companies"


# ---------------------------------------------------------------- text


class _Text(dict):
    """Formatted facts for ``str.format_map``: fills ``{fact}``, ``{d_fact}``, ``{abs_fact}``
    and clauses lazily in the client's currency."""

    def __init__(self, facts: Facts, currency: str, name: str, peer_group: str) -> None:
        super().__init__(name=name, peer_group=peer_group or "peers")
        self.facts, self.currency = facts, currency
        self["year"] = _year(facts["year"])
        self["prior_year"] = (
            _year(facts["prior_year"]) if not is_missing(facts["prior_year"]) else "last year"
        )

    def __missing__(self, key: str) -> str:
        if key in CLAUSES:
            fact, template = CLAUSES[key]
            return template.format_map(self) if not is_missing(self.facts[fact]) else ""
        _, unit = label_and_unit(key)
        if key.startswith("abs_d_"):  # a change without its sign: "2.5 pts", "8 days"
            return format_change(abs(self.facts[key[4:]]), unit, self.currency).lstrip("+")
        if key.startswith("abs_"):
            return format_value(abs(self.facts[key[4:]]), unit, self.currency)
        if key.startswith("d_"):
            return format_change(self.facts[key], unit, self.currency)
        return format_value(self.facts[key], unit, self.currency)


def _year(value: float) -> str:
    return str(int(value))


def _evidence(fact: str, facts: Facts, text: _Text) -> Evidence | None:
    value = facts[fact]
    if is_missing(value):
        return None
    label, unit = label_and_unit(fact)
    change = facts[f"d_{fact}"] if not fact.startswith("g_") else math.nan
    peer = facts[f"peer_{fact}"]
    sentence = f"{label} was {format_value(value, unit, text.currency)} in {text['year']}"
    if not is_missing(change):
        sentence += f", {format_change(change, unit, text.currency)} on {text['prior_year']}"
    if not is_missing(peer):
        sentence += f" (peer median {format_value(peer, unit, text.currency)})"
    return Evidence(
        metric=fact,
        fiscal_year=int(facts["year"]),
        value=float(value),
        text=sentence,
        change=None if is_missing(change) else float(change),
        peer_median=None if is_missing(peer) else float(peer),
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
    meta: dict,
    peer_group: str,
    rules: Sequence[Rule],
    missing: tuple[str, ...] = (),
) -> Diagnosis:
    currency = str(meta.get("currency") or "USD")
    name = str(meta.get("name") or company)
    text = _Text(facts, currency, name, peer_group)
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
    )


# ---------------------------------------------------------------- public API


def _with_peers(table: pd.DataFrame, meta: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    targets = pd.DataFrame(
        {
            "industry": meta["industry"].reindex(table.index),
            "sector": meta["sector"].reindex(table.index),
            "fiscal_year": table["year"],
        },
        index=table.index,
    )
    medians, labels = peer_table(targets)
    return medians.add_prefix("peer_"), labels


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
) -> Diagnosis:
    """Findings, healthy points and talking points for ``company``'s latest fiscal year.

    ``peers`` (statements or metric values of chosen competitors) replaces the bundled
    universe's sub-industry median.
    """
    if company not in statements.index.get_level_values(0):
        raise AcumenError(
            f"company {company} is not in the loaded statements", fix="Load it first."
        )
    sliced, sliced_metrics = _slice(statements, metrics, company)
    table = fact_table(sliced, sliced_metrics)
    meta = _meta_records(statements).get(company, {})
    if peers is not None:
        medians, peer_group = _explicit_peers(peers, company, int(table.at[company, "year"]))
        row = table.loc[company].to_dict() | {f"peer_{k}": v for k, v in medians.items()}
    else:
        peer_frame, labels = _with_peers(table, companies_of(statements))
        row = table.loc[company].to_dict() | peer_frame.loc[company].to_dict()
        peer_group = str(labels.get(company, ""))
    return _evaluate(company, facts_of(row), meta, peer_group, rules, missing_core(sliced, company))


def missing_core(statements: pd.DataFrame, company: str) -> tuple[str, ...]:
    """The CORE_ITEMS that ``company`` reports in no year."""
    rows = statements.loc[statements.index.get_level_values(0) == company]
    return tuple(i for i in CORE_ITEMS if i not in rows.columns or rows[i].isna().all())


def diagnose_all(
    statements: pd.DataFrame, *, metrics: MetricResult | None = None, rules: Sequence[Rule] = RULES
) -> dict[str, Diagnosis]:
    """:func:`diagnose` for every company, with metrics, scores and peers computed once."""
    table = fact_table(statements, metrics)
    peer_frame, labels = _with_peers(table, companies_of(statements))
    records = pd.concat([table, peer_frame], axis=1).to_dict("index")
    meta = _meta_records(statements)
    plain = plain_frame(statements)
    return {
        company: _evaluate(
            company,
            Facts(row),
            meta.get(company, {}),
            str(labels.get(company, "")),
            rules,
            missing_core(plain, company),
        )
        for company, row in records.items()
    }
