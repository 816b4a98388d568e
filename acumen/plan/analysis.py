"""What a plan says beside the numbers: gaps in the stakeholder map, goals against the
client's metrics, and commitments checked against later figures.

Every function takes the plan and the client's metrics as arguments; nothing is loaded here.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import numpy as np
import pandas as pd

from acumen.analysis.catalog import BY_NAME
from acumen.formatting import fiscal_label, say, say_change
from acumen.plan.model import Plan

#: Days without contact after which a stakeholder counts as not engaged.
STALE_CONTACT_DAYS = 90
#: Stakeholder gap rules as data: (id, text); the conditions are in :func:`stakeholder_gaps`.
GAP_TEXTS: dict[str, str] = {
    "no_decision_maker": "No decision maker is on the map: find out who signs.",
    "decision_maker_not_contacted": "No contact with the decision maker{names} in the last "
    f"{STALE_CONTACT_DAYS} days.",
    "blocker_not_engaged": "A high-power blocker{names} is not engaged (no contact in "
    f"{STALE_CONTACT_DAYS} days, or not a supporter).",
    "nobody_owns_top": "Nobody owns {driver}, your top priority: find who answers for it.",
    "no_payer": "Nobody is marked as paying for the offer: follow the money.",
    "no_future_leader": "No rising future leader is on the map.",
}


def _contacted(last_contact: pd.Series, today: dt.date) -> pd.Series:
    dates = pd.to_datetime(last_contact.replace("", None), errors="coerce")
    return (pd.Timestamp(today) - dates).dt.days.le(STALE_CONTACT_DAYS)


def stakeholder_gaps(plan: Plan, top_driver: str | None, today: dt.date) -> list[str]:
    """The gaps in the stakeholder map, most serious first (texts from :data:`GAP_TEXTS`)."""
    people = pd.DataFrame(plan["stakeholders"], columns=list(_STAKEHOLDER_COLUMNS))
    gaps: list[str] = []
    deciders = people.loc[people["role"] == "decision_maker"]
    if deciders.empty:
        gaps.append(GAP_TEXTS["no_decision_maker"])
    elif not _contacted(deciders["last_contact"], today).any():
        gaps.append(GAP_TEXTS["decision_maker_not_contacted"].format(names=_names(deciders)))
    blockers = people.loc[(people["role"] == "blocker") & (people["power"] == "high")]
    idle = blockers.loc[
        ~_contacted(blockers["last_contact"], today) | (blockers["attitude"] != "supporter")
    ]
    if not idle.empty:
        gaps.append(GAP_TEXTS["blocker_not_engaged"].format(names=_names(idle)))
    if top_driver and not (people["owns_driver"] == top_driver).any():
        gaps.append(GAP_TEXTS["nobody_owns_top"].format(driver=top_driver))
    if not people.empty and not people["pays"].astype(bool).any():
        gaps.append(GAP_TEXTS["no_payer"])
    if not people.empty and not people["future_leader"].astype(bool).any():
        gaps.append(GAP_TEXTS["no_future_leader"])
    return gaps


def _names(people: pd.DataFrame) -> str:
    names = [n for n in people["name"].tolist() if n][:3]
    return f" ({', '.join(names)})" if names else ""


_STAKEHOLDER_COLUMNS = (
    "name",
    "title",
    "role",
    "pays",
    "future_leader",
    "attitude",
    "power",
    "owns_driver",
    "last_contact",
    "notes",
    "confidential",
)


#: What the culture the seller recorded implies for the offer, as data.
CULTURE_IMPLICATIONS: dict[str, str] = {
    "hard_bargainer": "Expect price pressure to the last drop: lead with a payback in their own "
    "numbers, and trade scope rather than price.",
    "partner": "They pay for quality that pays back: lead with value and long-term results.",
    "binding": "A spoken agreement holds here; still confirm it in writing.",
    "contract_only": "Only what is signed holds: put every concession and commitment in the "
    "contract.",
}


#: The diagnosis's culture signals: the rules whose ids start so (acumen/analysis/rules.py).
CULTURE_RULE_PREFIX = "roi_culture"


def culture_signal(findings) -> str | None:
    """The title of the diagnosis's culture finding (e.g. "Thin margins: sharp-pencil ROI
    culture"), or None when the numbers give no culture signal."""
    return next((f.title for f in findings if f.rule_id.startswith(CULTURE_RULE_PREFIX)), None)


def culture_implications(culture: dict, signal: str | None) -> list[str]:
    """What the recorded culture implies for the offer, then the numbers' culture signal
    (the diagnosis's culture finding, e.g. "Thin margins: sharp-pencil ROI culture")."""
    lines = [CULTURE_IMPLICATIONS[v] for v in (culture["negotiation"], culture["agreements"]) if v]
    if signal:
        lines.append(f"The numbers say: {signal}.")
    return lines


class GoalStatus(NamedTuple):
    """A goal beside the client's latest figure for its metric."""

    text: str
    metric: str
    target: float | None
    latest_year: int | None
    latest: float | None
    gap: float | None  # target − latest, in the metric's own unit
    summary: str


def goal_status(plan: Plan, metrics: pd.DataFrame) -> list[GoalStatus]:
    """Each goal tied to a metric, with the client's latest value of it (``metrics`` is the
    client's metrics, one row per fiscal year, indexed by fiscal year)."""
    out = []
    for goal in plan["goals"]:
        metric, target = goal["metric"], goal["target"]
        series = metrics[metric].dropna() if metric in metrics.columns else pd.Series(dtype=float)
        if not metric:
            out.append(GoalStatus(goal["text"], "", target, None, None, None, "No metric tied."))
            continue
        label = BY_NAME[metric].label
        if series.empty:
            summary = f"{label}: no figure for the client yet."
            out.append(GoalStatus(goal["text"], metric, target, None, None, None, summary))
            continue
        year, latest = int(series.index[-1]), float(series.iloc[-1])
        unit = BY_NAME[metric].unit
        now = say(latest, unit)
        if target is None:
            summary = f"{label} is {now} ({fiscal_label(year)}); no target set."
            out.append(GoalStatus(goal["text"], metric, None, year, latest, None, summary))
            continue
        summary = f"{label} is {now} ({fiscal_label(year)}); target {say(target, unit)}"
        summary += f" by {goal['by']}." if goal["by"] else "."
        out.append(GoalStatus(goal["text"], metric, target, year, latest, target - latest, summary))
    return out


def commitment_check(plan: Plan, metrics: pd.DataFrame) -> pd.DataFrame:
    """One row per commitment: metric, promised change, by, from and to fiscal years, actual
    change = metric[to] − metric[from] (NaN when either year is missing), and a sentence.

    The "to" year is the fiscal year of ``by`` (Compustat: a date in January–May belongs to
    the year before); "from" is ``from_year`` or the year before "to".
    """
    rows = []
    for item in plan["commitments"]:
        metric, change = item["metric"], item["change"]
        by = pd.Timestamp(item["by"]) if item["by"] else None
        to_year = None if by is None else by.year - (1 if by.month <= 5 else 0)
        from_year = item["from_year"] or (to_year - 1 if to_year else None)
        values = metrics[metric] if metric in metrics.columns else pd.Series(dtype=float)
        start = values.get(from_year, np.nan) if from_year else np.nan
        end = values.get(to_year, np.nan) if to_year else np.nan
        actual = float(end - start) if pd.notna(start) and pd.notna(end) else np.nan
        rows.append(
            {
                "metric": metric,
                "promised": change,
                "by": item["by"],
                "from_year": from_year,
                "to_year": to_year,
                "actual": actual,
                "sentence": _commitment_sentence(metric, change, to_year, from_year, actual),
            }
        )
    columns = ["metric", "promised", "by", "from_year", "to_year", "actual", "sentence"]
    return pd.DataFrame(rows, columns=columns)


def _commitment_sentence(
    metric: str, change: float | None, to_year: int | None, from_year: int | None, actual: float
) -> str:
    info = BY_NAME[metric]
    promised = say_change(change, info.unit) if change is not None else "a change"
    when = f"by {fiscal_label(to_year)}" if to_year else "(no date set)"
    if np.isnan(actual):
        missing = f"no figures for {fiscal_label(from_year)} and {fiscal_label(to_year)} yet"
        return f"Promised {info.label} {promised} {when}; actual n/a ({missing if to_year else 'set a date'})."
    return (
        f"Promised {info.label} {promised} {when}; actual {say_change(actual, info.unit)} "
        f"(from {fiscal_label(from_year)})."
    )
