"""Why a competitor threatens the client, as data: the threat factors (fact, scale, weight
and the card's texts) and their wording per client role.

The threat score of a peer is Σ weight × clip((peer − client) / scale, −3, 3) over the
factors both report (``log`` factors compare log values: a ratio of sizes). Wording follows
the client's value-chain role (:data:`ROLE_WORDING`): a retailer is never asked about shelf
space or told to defend share with retailers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from acumen.i18n import N_, _


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
        N_("it is growing faster"),
        N_("grew revenue {peer} in {year} against {client_possessive} {client}"),
        N_("Win back growth: defend share with key retailers and customers"),
        N_("Help the client grow sell-through, not just hold price: promotions that move product"),
        N_("Which customers or shelves is {peer_name} winning, and why?"),
    ),
    ThreatFactor(
        "net_margin",
        "pct",
        "margin",
        0.03,
        1.0,
        N_("it keeps more of each sale as profit"),
        N_("keeps {peer} of revenue as net profit against {client}"),
        N_("Close the cost gap: productivity and unit cost"),
        N_("Lead with lower total cost and productivity, in the client's own numbers"),
        N_(
            "Are {peer_possessive} plants newer or its costs lower, and what is the client doing about unit cost?"
        ),
    ),
    ThreatFactor(
        "asset_turnover",
        "x",
        "velocity",
        0.25,
        1.0,
        N_("it turns its assets faster"),
        N_("turns its assets {peer} a year against {client}"),
        N_("Speed up: faster turns of stock and plant"),
        N_("Offer faster replenishment and less stock in the chain"),
        N_("Is {peer_possessive} supply chain faster, and where does the client lose days?"),
    ),
    ThreatFactor(
        "fcf_margin",
        "pct",
        "cash",
        0.03,
        1.0,
        N_("it generates more cash to reinvest"),
        N_("converts {peer} of revenue into free cash flow against {client}"),
        N_("Protect cash so the client can keep investing"),
        N_("Offers that free cash (terms, phased payment) let the client keep up"),
        N_("Where would the client invest if it had {peer_possessive} cash flow?"),
    ),
    ThreatFactor(
        "sga_share",
        "pct",
        "growth",
        0.03,
        0.75,
        N_("it spends more on selling and advertising"),
        N_("spends {peer} of revenue on selling, general & admin (advertising) against {client}"),
        N_("Hold shelf space and share of voice"),
        N_("Promotional support that helps the client's product sell through at the retailer"),
        N_("Is the client losing shelf space or share of voice to {peer_possessive} marketing?"),
    ),
    ThreatFactor(
        "rnd_share",
        "pct",
        "growth",
        0.01,
        1.0,
        N_("it develops new products faster"),
        N_("spends {peer} of revenue on R&D against {client}"),
        N_("Keep the product range current against a faster innovator"),
        N_("Help the client launch and refresh products faster"),
        N_("How is the client answering {peer_possessive} new products?"),
    ),
    ThreatFactor(
        "revenue",
        "money",
        "growth",
        float(np.log(2.0)),
        0.5,
        N_("it has more money to spend"),
        N_("has revenue of {peer} against {client}"),
        N_("Compete with a bigger rival's budget: choose battles"),
        N_("Help the client win where size matters less: speed, service, focus"),
        N_("Where does {peer_possessive} size give it an edge the client can't match?"),
        log=True,
    ),
)


#: Wording per client role where it differs from :data:`THREAT_FACTORS` (the maker's
#: wording): role -> fact -> ThreatFactor text field -> text.
ROLE_WORDING: dict[str, dict[str, dict[str, str]]] = {
    "retailer": {
        "revenue_growth": {
            "priority": N_("Win back growth: defend store traffic and share of shoppers' baskets"),
            "seller_angle": N_("Help the client bring shoppers back and sell more per visit"),
            "question": N_("Which shoppers or categories is {peer_name} winning, and why?"),
        },
        "net_margin": {
            "question": N_(
                "Are {peer_possessive} stores and supply chain cheaper to run, or are its buying terms better?"
            ),
        },
        "asset_turnover": {
            "priority": N_("Speed up: faster turns of stock and stores"),
            "seller_angle": N_(
                "Offer faster replenishment and less stock in stores and warehouses"
            ),
            "question": N_(
                "Is {peer_possessive} supply chain faster, and where does the client lose days between supplier and store?"
            ),
        },
        "sga_share": {
            "priority": N_("Hold store traffic and share of voice"),
            "seller_angle": N_(
                "Marketing and in-store support that bring shoppers through the door"
            ),
            "question": N_(
                "Is the client losing shoppers or share of voice to {peer_possessive} marketing?"
            ),
        },
        "rnd_share": {
            "reason": N_("it invests more in new services and technology"),
            "priority": N_("Keep formats and services current against a faster innovator"),
            "seller_angle": N_("Help the client refresh its range, formats and services faster"),
            "question": N_(
                "How is the client answering {peer_possessive} new formats and services?"
            ),
        },
    },
    "distributor": {
        "revenue_growth": {
            "priority": N_("Win back growth: defend share with the makers and customers it serves")
        },
        "sga_share": {
            "priority": N_("Hold share with the makers and customers it serves"),
            "seller_angle": N_("Support that helps the client win and keep accounts"),
            "question": N_("Is the client losing accounts to {peer_possessive} sales effort?"),
        },
    },
    "supplier": {
        "revenue_growth": {"priority": N_("Win back growth: defend share with key customers")},
        "sga_share": {
            "priority": N_("Hold share with key customers"),
            "seller_angle": N_("Support that helps the client win and keep industrial customers"),
            "question": N_("Is the client losing customers to {peer_possessive} sales effort?"),
        },
    },
    "service": {
        "revenue_growth": {"priority": N_("Win back growth: defend share with key customers")},
        "sga_share": {
            "priority": N_("Hold share of voice"),
            "seller_angle": N_("Marketing support that wins and keeps customers"),
            "question": N_(
                "Is the client losing customers or share of voice to {peer_possessive} marketing?"
            ),
        },
    },
}


#: The text fields of a ThreatFactor (English msgids, translated by :func:`worded`).
TEXT_FIELDS = ("reason", "phrase", "priority", "seller_angle", "question")


def worded(factor: ThreatFactor, role: str) -> ThreatFactor:
    """``factor`` with the wording of ``role`` (:data:`ROLE_WORDING`) where it differs, its
    texts in the active language."""
    changes = ROLE_WORDING.get(role, {}).get(factor.fact, {})
    texts = {name: getattr(factor, name) for name in TEXT_FIELDS} | changes
    return replace(factor, **{name: _(text) for name, text in texts.items()})
