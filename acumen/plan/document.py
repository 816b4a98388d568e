"""The one-page meeting brief with the account plan, as a structured document.

One structure, two renderers (:func:`acumen.reports.html.document_html`,
:func:`acumen.reports.pdf.document_pdf`):
the client's priorities and trade-offs, what is healthy, the stakeholder map and its gaps,
decision process, culture, goals against the numbers, commitments checked, the questions
to ask, and the client's data notes. ``external=True`` builds the version for the client's
eyes: confidential entries, the seller's gap analysis and culture reading are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from acumen.i18n import N_, _
from acumen.plan.analysis import (
    commitment_check,
    culture_implications,
    culture_signal,
    goal_status,
    stakeholder_gaps,
)
from acumen.plan.labels import choice_label, driver_name
from acumen.plan.model import Plan, external_plan

MAX_NOTES = 6
PEOPLE_HEADER = (
    N_("Name"),
    N_("Title"),
    N_("Role"),
    N_("Attitude"),
    N_("Power"),
    N_("Owns"),
    N_("Notes"),
)


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # the first row is the header


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def text(self) -> str:
        """Every string of the document, in order (for checks and search)."""
        parts = [self.title, self.subtitle]
        for s in self.sections:
            parts += [s.heading, *s.paragraphs, *s.bullets, *(c for row in s.table for c in row)]
        return "\n".join(parts)


def meeting_document(
    *,
    client_name: str,
    fiscal_label: str,
    diagnosis,
    plan: Plan,
    metrics: pd.DataFrame,
    data_notes: list[str],
    external: bool,
    today: dt.date,
) -> Document:
    """The brief's document (``metrics``: the client's metrics indexed by fiscal year;
    ``diagnosis``: :func:`acumen.analysis.diagnosis.diagnose` of the client)."""
    shown = external_plan(plan) if external else plan
    findings = list(diagnosis.findings)
    top = findings[0].driver if findings else None
    sections = [_priorities(findings)]
    if diagnosis.incomplete:
        sections.append(Section(_("Incomplete data"), paragraphs=(diagnosis.incomplete,)))
    elif diagnosis.healthy:
        sections.append(Section(_("What is healthy"), bullets=tuple(diagnosis.healthy)))
    people = shown["stakeholders"]
    if people:
        gaps = () if external else tuple(stakeholder_gaps(shown, top, today))
        sections.append(Section(_("Stakeholder map"), bullets=gaps, table=_people_table(people)))
    process = shown["decision_process"]
    if process["payer"] or process["steps"] or process["past_decisions"]:
        sections.append(Section(_("Decision process"), bullets=_process_lines(process)))
    culture = shown["culture"]
    signal = culture_signal(findings)
    if culture["negotiation"] or culture["agreements"] or culture["notes"]:
        facts = [choice_label(v) for v in (culture["negotiation"], culture["agreements"]) if v]
        facts += [culture["notes"]] if culture["notes"] else []
        reading = () if external else tuple(culture_implications(culture, signal))
        sections.append(Section(_("Culture"), paragraphs=tuple(facts), bullets=reading))
    statuses = goal_status(shown, metrics)
    if statuses:
        goals = tuple(_("{goal}: {status}").format(goal=s.text, status=s.summary) for s in statuses)
        sections.append(Section(_("Goals"), bullets=goals))
    checks = commitment_check(shown, metrics)
    if len(checks):
        sections.append(Section(_("Commitments"), bullets=tuple(checks["sentence"])))
    questions = list(dict.fromkeys(q for f in findings[:3] for q in f.questions))
    if questions:
        sections.append(Section(_("Questions to ask"), bullets=tuple(questions)))
    if data_notes:
        sections.append(Section(_("Data notes"), bullets=tuple(data_notes[:MAX_NOTES])))
    if external:
        subtitle = _("{year} · top priority: {driver} · external version (no confidential entries)")
    else:
        subtitle = _("{year} · top priority: {driver} · internal")
    subtitle = subtitle.format(year=fiscal_label, driver=driver_name(top) or _("none"))
    title = _("Meeting brief: {client}").format(client=client_name)
    return Document(title, subtitle, tuple(sections))


def _priorities(findings: list) -> Section:
    """The top five findings: "1. title (driver): trade-off seller angle"."""
    bullets = tuple(
        _("{rank}. {title} ({driver}): {trade_off} {angle}").format(
            rank=rank,
            title=f.title,
            driver=driver_name(f.driver),
            trade_off=f.trade_off,
            angle=f.seller_angle,
        )
        for rank, f in enumerate(findings[:5], start=1)
    )
    return Section(
        _("Priorities and trade-offs"),
        bullets=bullets or (_("No trade-off rule fires on these figures."),),
    )


def _people_table(people: list[dict]) -> tuple[tuple[str, ...], ...]:
    """The stakeholder table, its header first; the role notes who pays and who will lead."""
    header = tuple(_(h) for h in PEOPLE_HEADER)
    rows = []
    for p in people:
        role = choice_label(p["role"])
        if p["pays"] and p["future_leader"]:
            role = _("{role}, pays, future leader").format(role=role)
        elif p["pays"]:
            role = _("{role}, pays").format(role=role)
        elif p["future_leader"]:
            role = _("{role}, future leader").format(role=role)
        row = (p["name"], p["title"], role, choice_label(p["attitude"]), choice_label(p["power"]))
        rows.append((*row, driver_name(p["owns_driver"]), p["notes"]))
    return (header, *rows)


def _process_lines(process: dict) -> tuple[str, ...]:
    """Who pays, each approval step, what past decisions turned on."""
    lines = [_("Who pays: {payer}").format(payer=process["payer"])] if process["payer"] else []
    lines += [
        _("Step {number}: {step}").format(number=i, step=s)
        for i, s in enumerate(process["steps"], start=1)
    ]
    if process["past_decisions"]:
        lines.append(_("Past decisions turned on: {past}").format(past=process["past_decisions"]))
    return tuple(lines)
