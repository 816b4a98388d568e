"""A diagnosis's sentences: rule and healthy templates filled with the client's formatted
facts, and the evidence lines under a finding.

Numbers go through :func:`acumen.formatting.say` (changes through
:func:`acumen.formatting.format_change`) in the client's currency, so no sentence shows
nan, inf or −0.0; ``{year}`` is the year as the company names it (``FY2016``).
"""

from __future__ import annotations

import math

from acumen.analysis.facts import Facts, label_and_unit
from acumen.analysis.findings import Evidence, Finding
from acumen.analysis.rules import Rule
from acumen.formatting import format_change, is_missing, say
from acumen.i18n import N_, _

#: Optional text: (fact that must be present, template). Empty when the fact is NaN.
CLAUSES: dict[str, tuple[str, str]] = {
    "runway_clause": (
        "cash_runway_months",
        N_(", and cash covers {cash_runway_months} of that burn"),
    ),
    "current_ratio_clause": ("current_ratio", N_("; the current ratio is {current_ratio}")),
    "revenue_clause": (
        "revenue_growth",
        N_(" Revenue changed by {revenue_growth} on {prior_year}."),
    ),
    "coverage_change_clause": (
        "d_interest_coverage",
        N_(" ({d_interest_coverage} on {prior_year})"),
    ),
    "dio_clause": ("d_dio", N_("; days inventory moved {d_dio} to {dio}")),
    "dso_clause": ("d_dso", N_(", {d_dso} on {prior_year}")),
}

#: Where the client stands against its peer median: ``{<metric>_vs_peers}`` in a template
#: (empty without a median), one sentence per position.
PEER_COMPARISON: dict[str, str] = {
    "above": N_(", above the peer median of {peer_value} ({peer_group})"),
    "below": N_(", below the peer median of {peer_value} ({peer_group})"),
    "level": N_(", level with the peer median of {peer_value} ({peer_group})"),
}


class FactText(dict):
    """Formatted facts for ``str.format_map``: fills ``{fact}``, ``{d_fact}``, ``{abs_fact}``,
    ``{<metric>_vs_peers}`` (where the client stands against the peer median, "" without
    one) and clauses lazily in the client's currency; ``{year}`` is the fiscal label."""

    def __init__(
        self, facts: Facts, currency: str, name: str, peer_group: str, year: str, prior: str
    ) -> None:
        super().__init__(name=name, peer_group=peer_group or _("peers"), year=year)
        self.facts, self.currency = facts, currency
        self["prior_year"] = prior if not is_missing(facts["prior_year"]) else _("last year")

    def __missing__(self, key: str) -> str:
        if key in CLAUSES:
            fact, template = CLAUSES[key]
            return _(template).format_map(self) if not is_missing(self.facts[fact]) else ""
        if key.endswith("_vs_peers"):
            return self._versus(key.removesuffix("_vs_peers"))
        unit = label_and_unit(key)[1]
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
        unit = label_and_unit(metric)[1]
        shown, shown_peer = say(value, unit, self.currency), say(peer, unit, self.currency)
        position = "level" if shown == shown_peer else ("above" if value > peer else "below")
        return _(PEER_COMPARISON[position]).format(
            peer_value=shown_peer, peer_group=self["peer_group"]
        )


def evidence_of(fact: str, facts: Facts, text: FactText) -> Evidence | None:
    """``Label was <value> in <year>, <change> on <prior year> (peer median <median>)``,
    the parts with a missing number left out; None when the fact itself is missing."""
    value = facts[fact]
    if is_missing(value):
        return None
    label, unit = label_and_unit(fact)
    change = facts[f"d_{fact}"] if not fact.startswith("g_") else math.nan
    peer = facts[f"peer_{fact}"]
    shown = {"label": label, "value": say(value, unit, text.currency), "year": text["year"]}
    sentence = _("{label} was {value} in {year}").format(**shown)
    if not is_missing(change):
        change_text = format_change(change, unit, text.currency)
        sentence += _(", {change} on {prior_year}").format(
            change=change_text, prior_year=text["prior_year"]
        )
    if not is_missing(peer):
        sentence += _(" (peer median {peer_median})").format(
            peer_median=say(peer, unit, text.currency)
        )
    return Evidence(
        metric=fact,
        fiscal_year=int(facts["year"]),
        value=float(value),
        text=sentence,
        change=None if is_missing(change) else float(change),
        peer_median=None if is_missing(peer) else float(peer),
        fiscal_label=text["year"],
    )


def finding_of(rule: Rule, severity: float, facts: Facts, text: FactText) -> Finding:
    """The finding of a rule that fired: its texts filled, its evidence lines."""
    evidence = tuple(
        e for e in (evidence_of(name, facts, text) for name in rule.evidence) if e is not None
    )
    return Finding(
        rule_id=rule.id,
        driver=rule.driver,
        title=_(rule.title),
        severity=severity,
        evidence=evidence,
        trade_off=_(rule.trade_off).format_map(text),
        priority=_(rule.priority).format_map(text),
        seller_angle=_(rule.seller_angle).format_map(text),
        questions=tuple(_(q).format_map(text) for q in rule.questions),
    )
