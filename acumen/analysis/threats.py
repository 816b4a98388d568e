"""The biggest threat among the comparable peers: the one with the highest threat score
(:data:`acumen.analysis.threat_factors.THREAT_FACTORS`), as a :class:`Finding` card worded
for the client's value-chain role.

Its reasons are the factors where the peer is ahead in the figures as shown (never "1.81×
against 1.81×"), largest unclipped gap first, at most four; severity =
100 × (1 − exp(−max(score, 0) / 4)), rounded to 0.1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from acumen.analysis.competitor_facts import PeerFacts, on_peer_facts, peer_facts
from acumen.analysis.findings import Evidence, Finding
from acumen.analysis.peer_questions import competitor_questions
from acumen.analysis.threat_factors import THREAT_FACTORS, ThreatFactor, worded
from acumen.formatting import possessive, say
from acumen.i18n import N_, _

#: Most reasons a threat card lists.
MAX_REASONS = 4
#: The card's texts. Fields: {peer}, {client} (names), {listed} (the reasons' phrases),
#: {reason} (the biggest gap's reason).
THREAT_TEXTS: dict[str, str] = {
    "title": N_("Biggest threat: {peer} ({reason})"),
    "trade_off": N_(
        "{peer} {listed}. The biggest gap: {reason}. To answer it, {client} has to "
        "choose where its money goes: matching {peer} on one front means giving something up on another."
    ),
    "closest_title": N_("Closest rival: {peer}"),
    "closest_trade_off": N_(
        "No peer beats {client} on growth, margin, asset turns, cash, advertising or R&D; "
        "{peer} comes closest. Watch it rather than fear it."
    ),
}


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


@dataclass(frozen=True)
class _Rivalry:
    """The threat and the client at their years: facts, names and the client's currency."""

    threat: str
    client: str
    facts: pd.DataFrame
    peer_name: str
    client_name: str
    currency: str
    label: str

    def shown(self, factor: ThreatFactor, company: str) -> str:
        return say(self.facts.at[company, factor.fact], factor.unit, self.currency)

    def visible(self, factor: ThreatFactor) -> bool:
        """Whether the gap shows in the rounded figures (never "1.81× against 1.81×")."""
        return self.shown(factor, self.threat) != self.shown(factor, self.client)

    def phrase(self, factor: ThreatFactor) -> str:
        return factor.phrase.format(
            peer=self.shown(factor, self.threat),
            client=self.shown(factor, self.client),
            year=self.label,
            client_possessive=possessive(self.client_name),
        )


def _reasons(rivalry: _Rivalry, role: str) -> tuple[list[ThreatFactor], ThreatFactor]:
    """(the factors where the threat is visibly ahead, largest unclipped gap first; the
    dominant factor: the first of them, else the largest gap). The ordering uses the
    unclipped gap, so the clip at ±3 doesn't make ties."""
    at, threat = rivalry.facts, rivalry.threat
    gaps = threat_scores(at.loc[rivalry.client], at.loc[[threat]], clip=np.inf).loc[threat]
    gaps = gaps.drop("score").sort_values(ascending=False, kind="stable")
    by_fact = {f.fact: worded(f, role) for f in THREAT_FACTORS}
    positive = [by_fact[f] for f, c in gaps.items() if c > 0 and rivalry.visible(by_fact[f])]
    return positive, (positive[0] if positive else by_fact[gaps.index[0]])


def _listed(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` ("" for none)."""
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return _("{items} and {last}").format(items=_(", ").join(parts[:-1]), last=parts[-1])


def _card(
    rivalry: _Rivalry,
    shown: Sequence[ThreatFactor],
    dominant: ThreatFactor,
    score: float,
    questions: Sequence[str],
) -> Finding:
    """The threat as a Finding (rule_id ``biggest_threat``) from its reasons."""
    fields = {"peer": rivalry.peer_name, "client": rivalry.client_name}
    fields |= {"reason": dominant.reason, "listed": _listed([rivalry.phrase(f) for f in shown])}
    kind = "" if shown else "closest_"
    evidence = tuple(
        Evidence(
            metric=f.fact,
            fiscal_year=int(rivalry.facts.at[rivalry.threat, "fiscal_year"]),
            fiscal_label=rivalry.label,
            value=float(rivalry.facts.at[rivalry.threat, f.fact]),
            text=_("{peer} {phrase}").format(peer=rivalry.peer_name, phrase=rivalry.phrase(f)),
        )
        for f in shown
    )
    return Finding(
        rule_id="biggest_threat",
        driver=dominant.driver,
        title=_(THREAT_TEXTS[kind + "title"]).format(**fields),
        severity=round(100.0 * (1.0 - np.exp(-max(score, 0.0) / 4.0)), 1),
        evidence=evidence,
        trade_off=_(THREAT_TEXTS[kind + "trade_off"]).format(**fields),
        priority=dominant.priority,
        seller_angle=dominant.seller_angle,
        questions=tuple(questions[:3]),
    )


def threat_in(found: PeerFacts) -> tuple[str, Finding]:
    """The comparable peer with the highest threat score (see :data:`THREAT_FACTORS`), as a
    Finding with rule_id ``biggest_threat``; its driver is that of the factor contributing
    most, its wording that of the client's role. Returns (the peer's id, the finding)."""
    at, names, currency, role = found.facts, found.names, found.currency, found.role
    client, peers = found.client, found.peers
    scores = threat_scores(at.loc[client], at.loc[peers])
    threat = str(scores["score"].idxmax())
    rivalry = _Rivalry(
        threat,
        client,
        at,
        names.get(threat, threat),
        names.get(client, client),
        currency,
        found.alignment.labels[threat],
    )
    positive, dominant = _reasons(rivalry, role)
    peer_name = rivalry.peer_name
    questions = [
        dominant.question.format(peer_name=peer_name, peer_possessive=possessive(peer_name))
    ]
    questions += [
        q
        for q in competitor_questions(at, client, peers, names, currency, role=role)
        if q not in questions
    ]
    score = float(scores.at[threat, "score"])
    return threat, _card(rivalry, positive[:MAX_REASONS], dominant, score, questions)


@on_peer_facts(peer_facts, None)
def threat_of(found: PeerFacts) -> tuple[str, Finding] | None:
    """:func:`threat_in` over the comparable peers (same fiscal year, sound data); arguments
    as :func:`acumen.analysis.competitor_facts.peer_facts` (``role`` defaults to the
    client's metadata). None when no comparable peer has data."""
    return threat_in(found)


@on_peer_facts(peer_facts, None)
def biggest_threat(found: PeerFacts) -> Finding | None:
    """The threat card of :func:`threat_of` (None without a comparable peer)."""
    return threat_in(found)[1]
