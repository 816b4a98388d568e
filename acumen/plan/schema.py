"""The account plan's schema as data: sections, fields, their kinds and allowed values.

One table drives validation, defaults, the page's editors and the documentation
(``docs/account-plan.md``). A field is ``(kind, default)``; kinds:

- ``text``: a string of at most :data:`MAX_TEXT` characters;
- ``bool``; ``number`` (finite); ``year`` (an integer fiscal year, 1900–2200, or empty);
- ``date``: ``YYYY-MM-DD`` or empty;
- ``steps``: a list of texts;
- ``one_of:NAME``: one of ``CHOICES[NAME]`` (or empty where the default is empty).
"""

from __future__ import annotations

from acumen.analysis.catalog import BY_NAME, DRIVERS
from acumen.i18n import N_

SCHEMA_ID = "acumen.account-plan/1"
MAX_TEXT = 4000
MAX_ENTRIES = 500

CHOICES: dict[str, tuple[str, ...]] = {
    "role": ("decision_maker", "information_sharer", "influencer", "blocker"),
    "attitude": ("supporter", "neutral", "opponent"),
    "power": ("high", "medium", "low"),
    "driver": DRIVERS,
    "negotiation": ("hard_bargainer", "partner"),
    "agreements": ("binding", "contract_only"),
    "horizon": ("short", "long"),
    "client_role": ("manufacturer", "retailer", "distributor", "service", "other"),
    "metric": tuple(BY_NAME),
}

#: What each choice means to a seller, shown beside the value (translated where shown:
#: :func:`acumen.plan.labels.choice_label`).
CHOICE_LABELS: dict[str, str] = {
    "decision_maker": N_("Decision maker"),
    "information_sharer": N_("Information sharer"),
    "influencer": N_("Influencer"),
    "blocker": N_("Blocker"),
    "supporter": N_("Supporter"),
    "neutral": N_("Neutral"),
    "opponent": N_("Opponent"),
    "high": N_("High"),
    "medium": N_("Medium"),
    "low": N_("Low"),
    "hard_bargainer": N_("Hard bargainer: squeezes suppliers to the last drop"),
    "partner": N_("Partner: pays for quality that pays back"),
    "binding": N_("A spoken agreement holds"),
    "contract_only": N_("Only what is signed holds"),
    "short": N_("Short term"),
    "long": N_("Long term"),
    "manufacturer": N_("Manufacturer"),
    "retailer": N_("Retailer"),
    "distributor": N_("Distributor"),
    "service": N_("Service"),
    "other": N_("Other"),
}

#: Section -> fields; a list section holds entries, an object section one record.
LIST_SECTIONS: dict[str, dict[str, tuple[str, object]]] = {
    "stakeholders": {
        "name": ("text", ""),
        "title": ("text", ""),
        "role": ("one_of:role", "influencer"),
        "pays": ("bool", False),
        "future_leader": ("bool", False),
        "attitude": ("one_of:attitude", "neutral"),
        "power": ("one_of:power", "medium"),
        "owns_driver": ("one_of:driver", ""),
        "last_contact": ("date", ""),
        "notes": ("text", ""),
        "confidential": ("bool", False),
    },
    "goals": {
        "horizon": ("one_of:horizon", "short"),
        "text": ("text", ""),
        "driver": ("one_of:driver", ""),
        "metric": ("one_of:metric", ""),
        "target": ("number", None),
        "by": ("date", ""),
        "confidential": ("bool", False),
    },
    "communication": {
        "contact": ("text", ""),
        "channel": ("text", ""),
        "cadence": ("text", ""),
        "confidential": ("bool", False),
    },
    "commitments": {
        "metric": ("one_of:metric", ""),
        "change": ("number", None),
        "by": ("date", ""),
        "from_year": ("year", None),
        "confidential": ("bool", False),
    },
}
OBJECT_SECTIONS: dict[str, dict[str, tuple[str, object]]] = {
    "client": {
        "source": ("text", ""),
        "name": ("text", ""),
        "role": ("one_of:client_role", ""),
    },
    "decision_process": {
        "payer": ("text", ""),
        "steps": ("steps", []),
        "past_decisions": ("text", ""),
        "confidential": ("bool", False),
    },
    "culture": {
        "negotiation": ("one_of:negotiation", ""),
        "agreements": ("one_of:agreements", ""),
        "notes": ("text", ""),
        "confidential": ("bool", False),
    },
}
#: Fields an entry must fill to count (an entry with none of them is an empty row).
REQUIRED: dict[str, str] = {
    "stakeholders": "name",
    "goals": "text",
    "communication": "contact",
    "commitments": "metric",
}
