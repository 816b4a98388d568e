"""From metrics to priorities: evaluate the trade-off rules for each company's latest year.

Metrics, scores, year-on-year changes and peer medians are computed once, vectorised over
the whole statements table (:func:`acumen.analysis.facts.fact_table`,
:mod:`acumen.analysis.peer_groups`); only the rule evaluation and text formatting run per
company. "Prior year" is the immediately preceding fiscal year.

Years in sentences are named as the company names them (``FY2016`` for Walmart's year to
2016-01-31; :func:`acumen.formatting.fiscal_label`); the sentences are
:mod:`acumen.analysis.diagnosis_text`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from acumen.analysis.diagnosis_text import FactText, finding_of
from acumen.analysis.facts import Facts, fact_table, facts_of
from acumen.analysis.findings import Diagnosis, Finding, PeerGroup
from acumen.analysis.healthy import FALLBACK_HEALTHY, HEALTHY
from acumen.analysis.metrics import MetricResult
from acumen.analysis.peer_groups import explicit_peers, peer_group_of, universe_peer_medians
from acumen.analysis.rules import RULES, Rule
from acumen.analysis.universe import PeerUniverse
from acumen.data.schema import CORE_ITEMS, LINE_ITEM_LABELS
from acumen.data.statements import line_table
from acumen.errors import AcumenError
from acumen.formatting import TTM, fiscal_label, is_missing, ttm_label
from acumen.i18n import N_, _

#: Most healthy statements a diagnosis lists; most findings turned into talking points.
MAX_HEALTHY, MAX_POINTS = 4, 3
#: Talking points that are not a finding's. Fields: {names} (missing core items), {healthy}
#: (the first healthy statement), {name}, {year}.
TALKING_POINTS: dict[str, str] = {
    "incomplete": N_("The figures are incomplete (no {names}): ask for the full statements."),
    "acknowledge": N_("Acknowledge what works: {healthy}"),
    "no_pressure": N_(
        "No pressure point stands out in {name}'s {year} figures: "
        "lead with their goals and how your offer lifts margin, velocity or cash."
    ),
    "finding": N_("{title}: {seller_angle}"),
}


def _healthy(facts: Facts, text: FactText) -> list[str]:
    """The healthy statements whose condition holds (at most ``MAX_HEALTHY``), else the
    first fallback that holds."""
    healthy = [_(h.text).format_map(text) for h in HEALTHY if h.condition(facts)][:MAX_HEALTHY]
    if not healthy:
        fallback = next(h for h in FALLBACK_HEALTHY if h.condition(facts))
        healthy = [_(fallback.text).format_map(text)]
    return healthy


def _talking_points(
    findings: Sequence[Finding], healthy: Sequence[str], missing: Sequence[str], text: FactText
) -> list[str]:
    """The top findings as ``title: seller angle``, then what works (or, with missing core
    items, first a request for the full statements); a lead when nothing fired."""
    point = _(TALKING_POINTS["finding"])
    points = [
        point.format(title=f.title, seller_angle=f.seller_angle) for f in findings[:MAX_POINTS]
    ]
    if missing:
        names = _(", ").join(_(LINE_ITEM_LABELS[m]) for m in missing)
        points.insert(0, _(TALKING_POINTS["incomplete"]).format(names=names))
    else:
        points.append(_(TALKING_POINTS["acknowledge"]).format(healthy=healthy[0]))
    if not findings and not missing:
        lead = _(TALKING_POINTS["no_pressure"])
        points.insert(0, lead.format(name=text["name"], year=text["year"]))
    return points


def _evaluate(
    company: str,
    facts: Facts,
    meta: Mapping,
    group: PeerGroup,
    rules: Sequence[Rule],
    missing: tuple[str, ...] = (),
    labels: tuple[str, str] = ("", ""),
) -> Diagnosis:
    """One company's diagnosis: the rules that fire, most severe first (ties by rule
    number), what is healthy (nothing when core items are missing), the talking points."""
    currency = str(meta.get("currency") or "USD")
    name = str(meta.get("name") or company)
    year = labels[0] or fiscal_label(int(facts["year"]))
    prior = labels[1] or (
        fiscal_label(int(facts["prior_year"])) if not is_missing(facts["prior_year"]) else ""
    )
    text = FactText(facts, currency, name, group.label, year, prior)
    fired = [(rule.score(facts), rule.number, rule) for rule in rules if rule.fires(facts)]
    fired.sort(key=lambda item: (-item[0], item[1]))
    findings = tuple(finding_of(rule, severity, facts, text) for severity, __, rule in fired)
    healthy = [] if missing else _healthy(facts, text)
    return Diagnosis(
        company=company,
        name=name,
        fiscal_year=int(facts["year"]),
        currency=currency,
        findings=findings,
        healthy=tuple(healthy),
        talking_points=tuple(_talking_points(findings, healthy, missing, text)),
        peer_group=group.label,
        missing=missing,
        peers=group if group.kind else None,
        fiscal_label=year,
    )


def _labels(statements: pd.DataFrame, table: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """(latest, prior) fiscal labels per company of ``table`` from the period ends."""
    ends = statements.period_end
    if ends is None or not len(ends):
        return {}
    ends = ends[~ends.index.duplicated()]
    years = table["year"].astype("int64")
    latest = ends.reindex(pd.MultiIndex.from_arrays([table.index, years]))
    prior = ends.reindex(pd.MultiIndex.from_arrays([table.index, years - 1]))
    if statements.period_kind == TTM:  # trailing twelve months, not a year
        return {
            c: (ttm_label(e), ttm_label(p) if not pd.isna(p) else "")
            for c, e, p in zip(table.index, latest, prior, strict=True)
        }
    return {
        c: (fiscal_label(y, e), fiscal_label(y - 1, p) if not pd.isna(p) else "")
        for c, y, e, p in zip(table.index, years, latest, prior, strict=True)
    }


def _meta_records(statements: pd.DataFrame) -> dict[str, dict]:
    return statements.companies.to_dict("index")


def _slice(statements: pd.DataFrame, metrics: MetricResult | None, company: str):
    mask = statements.index.get_level_values(0) == company
    sliced = line_table(statements)[mask]
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
        group = explicit_peers(peers, company, int(table.at[company, "year"]), notes)
        row = table.loc[company].to_dict() | {f"peer_{k}": v for k, v in group.medians.items()}
    else:
        medians, groups = universe_peer_medians(table, statements.companies, universe)
        row = table.loc[company].to_dict() | medians.loc[company].add_prefix("peer_").to_dict()
        group = peer_group_of(groups.loc[company], medians.loc[company])
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
    medians, groups = universe_peer_medians(table, statements.companies, universe)
    records = pd.concat([table, medians.add_prefix("peer_")], axis=1).to_dict("index")
    meta = _meta_records(statements)
    plain = line_table(statements)
    labels = _labels(statements, table)
    return {
        company: _evaluate(
            company,
            Facts(row),
            meta.get(company, {}),
            peer_group_of(groups.loc[company], medians.loc[company]),
            rules,
            missing_core(plain, company),
            labels.get(company, ("", "")),
        )
        for company, row in records.items()
    }
