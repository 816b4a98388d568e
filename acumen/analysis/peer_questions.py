"""The questions the peers' numbers raise, as data: each rule fires when some comparable
peer's fact exceeds the client's by more than its threshold, worded for the client's
value-chain role (a retailer is never asked about shelf space)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from acumen.analysis.competitor_facts import PeerFacts, on_peer_facts, peer_facts
from acumen.formatting import possessive, say
from acumen.i18n import N_, _


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
        """The template for ``role``, in the active language."""
        return _(dict(self.by_role).get(role, self.template))


#: Tune the thresholds here. Fields: {peer}, {client} (names), {peer_s}, {client_s} (possessive),
#: {peer_value}, {client_value}, {gap}.
QUESTION_RULES: tuple[QuestionRule, ...] = (
    QuestionRule(
        "d_dio",
        "days",
        5.0,
        N_(
            "{peer_s} days of inventory rose {gap} more than {client_s}: are competitors cutting prices to clear stock?"
        ),
    ),
    QuestionRule(
        "gm_drop",
        "pct",
        0.02,
        N_(
            "{peer_s} gross margin fell {gap} more than {client_s}: did it cut prices, and must {client} follow?"
        ),
    ),
    QuestionRule(
        "rnd_share",
        "pct",
        0.02,
        N_(
            "{peer} spends {peer_value} of revenue on R&D against {client_s} {client_value}: "
            "how is {client} answering their new products?"
        ),
        (
            (
                "retailer",
                N_(
                    "{peer} spends {peer_value} of revenue on R&D against {client_s} {client_value}: "
                    "how is {client} answering its new services and technology?"
                ),
            ),
        ),
    ),
    QuestionRule(
        "net_margin",
        "pct",
        0.05,
        N_(
            "{peer} keeps {peer_value} of revenue as net profit against {client_s} {client_value}: "
            "are its plants newer or its production costs lower?"
        ),
        (
            (
                "retailer",
                N_(
                    "{peer} keeps {peer_value} of revenue as net profit against {client_s} {client_value}: "
                    "are its stores cheaper to run or its buying terms better?"
                ),
            ),
            (
                "service",
                N_(
                    "{peer} keeps {peer_value} of revenue as net profit against {client_s} {client_value}: "
                    "is it cheaper to run, or does it price better?"
                ),
            ),
        ),
    ),
    QuestionRule(
        "sga_share",
        "pct",
        0.05,
        N_(
            "{peer} spends {peer_value} of revenue on selling and advertising (SG&A) against {client_s} {client_value}: "
            "is {client} losing shelf space or share of voice?"
        ),
        (
            (
                "retailer",
                N_(
                    "{peer} spends {peer_value} of revenue on selling and advertising (SG&A) against {client_s} "
                    "{client_value}: is {client} losing shoppers or share of voice?"
                ),
            ),
            (
                "supplier",
                N_(
                    "{peer} spends {peer_value} of revenue on selling and admin (SG&A) against {client_s} "
                    "{client_value}: is {client} losing customers to its sales effort?"
                ),
            ),
            (
                "service",
                N_(
                    "{peer} spends {peer_value} of revenue on selling and advertising (SG&A) against {client_s} "
                    "{client_value}: is {client} losing customers or share of voice?"
                ),
            ),
            (
                "distributor",
                N_(
                    "{peer} spends {peer_value} of revenue on selling and admin (SG&A) against {client_s} "
                    "{client_value}: is {client} losing accounts to its sales effort?"
                ),
            ),
        ),
    ),
    QuestionRule(
        "revenue_growth",
        "pct",
        0.05,
        N_(
            "{peer} grew revenue {peer_value} against {client_s} {client_value}: which customers or markets is it winning?"
        ),
        (
            (
                "retailer",
                N_(
                    "{peer} grew revenue {peer_value} against {client_s} {client_value}: which shoppers, "
                    "categories or regions is it winning?"
                ),
            ),
        ),
    ),
    QuestionRule(
        "capex_share",
        "pct",
        0.02,
        N_(
            "{peer} invests {peer_value} of revenue in capex against {client_s} {client_value}: "
            "is it building newer, more efficient plants?"
        ),
        (
            (
                "retailer",
                N_(
                    "{peer} invests {peer_value} of revenue in capex against {client_s} {client_value}: "
                    "is it building newer stores or faster fulfilment?"
                ),
            ),
        ),
    ),
    QuestionRule(
        "asset_turnover",
        "x",
        0.3,
        N_(
            "{peer} turns its assets {peer_value} a year against {client_s} {client_value}: is its supply chain faster?"
        ),
    ),
)


def gap_text(gap: float, unit: str, currency: str) -> str:
    """A gap's size without its sign: ``2.5 points`` for percentages, else as the unit says."""
    if unit == "pct":
        return _("{gap} points").format(gap=f"{abs(gap) * 100:.1f}")
    return say(abs(gap), unit, currency)


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
                peer_value=say(facts.at[peer, rule.fact], rule.unit, currency),
                client_value=say(facts.at[client, rule.fact], rule.unit, currency),
                gap=gap_text(largest[rule.fact], rule.unit, currency),
            )
        )
    return questions


@on_peer_facts(peer_facts, [])
def competitor_questions_for(found: PeerFacts) -> list[str]:
    """:func:`competitor_questions` straight from statements (arguments as
    :func:`acumen.analysis.competitor_facts.peer_facts`), over the comparable peers (same
    fiscal year, sound data) in the client's role's wording."""
    return competitor_questions(
        found.facts, found.client, found.peers, found.names, found.currency, role=found.role
    )
