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
from acumen.formatting import fiscal_label, period_end_text, say, say_change
from acumen.i18n import N_, _
from acumen.plan.labels import driver_name, metric_label
from acumen.plan.model import Plan

#: Days without contact after which a stakeholder counts as not engaged.
STALE_CONTACT_DAYS = 90
#: Stakeholder gap rules as data: id -> text (``{days}``: :data:`STALE_CONTACT_DAYS`); a
#: rule that names people has a second text, id + ``_named`` (``{names}``: up to three).
#: The conditions are in :func:`stakeholder_gaps`; texts are translated where produced.
GAP_TEXTS: dict[str, str] = {
    "no_decision_maker": N_("No decision maker is on the map: find out who signs."),
    "decision_maker_not_contacted": N_(
        "No contact with the decision maker in the last {days} days."
    ),
    "decision_maker_not_contacted_named": N_(
        "No contact with the decision maker ({names}) in the last {days} days."
    ),
    "blocker_not_engaged": N_(
        "A high-power blocker is not engaged (no contact in {days} days, or not a supporter)."
    ),
    "blocker_not_engaged_named": N_(
        "A high-power blocker ({names}) is not engaged (no contact in {days} days, or not a "
        "supporter)."
    ),
    "nobody_owns_top": N_("Nobody owns {driver}, your top priority: find who answers for it."),
    "no_payer": N_("Nobody is marked as paying for the offer: follow the money."),
    "no_future_leader": N_("No rising future leader is on the map."),
}


def gap_text(rule: str, people: pd.DataFrame | None = None, **values: str) -> str:
    """Rule ``rule``'s gap text in the active language, naming up to three of ``people``."""
    names = [n for n in people["name"].tolist() if n][:3] if people is not None else []
    if names:
        rule, values["names"] = f"{rule}_named", _(", ").join(names)
    return _(GAP_TEXTS[rule]).format(days=STALE_CONTACT_DAYS, **values)


def _contacted(last_contact: pd.Series, today: dt.date) -> pd.Series:
    dates = pd.to_datetime(last_contact.replace("", None), errors="coerce")
    return (pd.Timestamp(today) - dates).dt.days.le(STALE_CONTACT_DAYS)


def stakeholder_gaps(plan: Plan, top_driver: str | None, today: dt.date) -> list[str]:
    """The gaps in the stakeholder map, most serious first (texts from :data:`GAP_TEXTS`)."""
    people = pd.DataFrame(plan["stakeholders"], columns=list(_STAKEHOLDER_COLUMNS))
    gaps: list[str] = []
    deciders = people.loc[people["role"] == "decision_maker"]
    if deciders.empty:
        gaps.append(gap_text("no_decision_maker"))
    elif not _contacted(deciders["last_contact"], today).any():
        gaps.append(gap_text("decision_maker_not_contacted", deciders))
    blockers = people.loc[(people["role"] == "blocker") & (people["power"] == "high")]
    idle = blockers.loc[
        ~_contacted(blockers["last_contact"], today) | (blockers["attitude"] != "supporter")
    ]
    if not idle.empty:
        gaps.append(gap_text("blocker_not_engaged", idle))
    if top_driver and not (people["owns_driver"] == top_driver).any():
        gaps.append(gap_text("nobody_owns_top", driver=driver_name(top_driver)))
    if not people.empty and not people["pays"].astype(bool).any():
        gaps.append(gap_text("no_payer"))
    if not people.empty and not people["future_leader"].astype(bool).any():
        gaps.append(gap_text("no_future_leader"))
    return gaps


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
    "hard_bargainer": N_(
        "Expect price pressure to the last drop: lead with a payback in their own "
        "numbers, and trade scope rather than price."
    ),
    "partner": N_("They pay for quality that pays back: lead with value and long-term results."),
    "binding": N_("A spoken agreement holds here; still confirm it in writing."),
    "contract_only": N_(
        "Only what is signed holds: put every concession and commitment in the contract."
    ),
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
    chosen = (culture["negotiation"], culture["agreements"])
    lines = [_(CULTURE_IMPLICATIONS[v]) for v in chosen if v]
    if signal:
        lines.append(_("The numbers say: {signal}.").format(signal=signal))
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
            summary = _("No metric tied.")
            out.append(GoalStatus(goal["text"], "", target, None, None, None, summary))
            continue
        label = metric_label(metric)
        if series.empty:
            summary = _("{metric}: no figure for the client yet.").format(metric=label)
            out.append(GoalStatus(goal["text"], metric, target, None, None, None, summary))
            continue
        year, latest = int(series.index[-1]), float(series.iloc[-1])
        unit = BY_NAME[metric].unit
        values = {"metric": label, "value": say(latest, unit), "year": fiscal_label(year)}
        if target is None:
            summary = _("{metric} is {value} ({year}); no target set.").format(**values)
            out.append(GoalStatus(goal["text"], metric, None, year, latest, None, summary))
            continue
        values["target"] = say(target, unit)
        if goal["by"]:
            text = _("{metric} is {value} ({year}); target {target} by {date}.")
            summary = text.format(date=period_end_text(goal["by"]), **values)
        else:
            summary = _("{metric} is {value} ({year}); target {target}.").format(**values)
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
    """ "Promised DSO −5 days by FY2024; actual −3 days (from FY2023)." and its variants."""
    unit = BY_NAME[metric].unit
    values = {
        "metric": metric_label(metric),
        "promised": say_change(change, unit) if change is not None else _("a change"),
    }
    if not to_year:  # no "to" year: no actual change either
        return _("Promised {metric} {promised} (no date set); actual n/a (set a date).").format(
            **values
        )
    values.update(year=fiscal_label(to_year), from_year=fiscal_label(from_year))
    if np.isnan(actual):
        text = _(
            "Promised {metric} {promised} by {year}; actual n/a (no figures for {from_year} "
            "and {year} yet)."
        )
        return text.format(**values)
    values["actual"] = say_change(actual, unit)
    return _("Promised {metric} {promised} by {year}; actual {actual} (from {from_year}).").format(
        **values
    )
