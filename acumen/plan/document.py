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

from acumen.plan.analysis import (
    commitment_check,
    culture_implications,
    culture_signal,
    goal_status,
    stakeholder_gaps,
)
from acumen.plan.model import Plan, external_plan
from acumen.plan.schema import CHOICE_LABELS

MAX_NOTES = 6


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


def _label(value: str) -> str:
    return CHOICE_LABELS.get(value, value.replace("_", " "))


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
    sections = [
        Section(
            "Priorities and trade-offs",
            bullets=tuple(
                f"{rank}. {f.title} ({f.driver}): {f.trade_off} {f.seller_angle}"
                for rank, f in enumerate(findings[:5], start=1)
            )
            or ("No trade-off rule fires on these figures.",),
        )
    ]
    if diagnosis.incomplete:
        sections.append(Section("Incomplete data", paragraphs=(diagnosis.incomplete,)))
    elif diagnosis.healthy:
        sections.append(Section("What is healthy", bullets=tuple(diagnosis.healthy)))
    people = shown["stakeholders"]
    if people:
        header = ("Name", "Title", "Role", "Attitude", "Power", "Owns", "Notes")
        rows = tuple(
            (
                p["name"],
                p["title"],
                _label(p["role"])
                + (", pays" if p["pays"] else "")
                + (", future leader" if p["future_leader"] else ""),
                _label(p["attitude"]),
                _label(p["power"]),
                p["owns_driver"],
                p["notes"],
            )
            for p in people
        )
        gaps = () if external else tuple(stakeholder_gaps(shown, top, today))
        sections.append(Section("Stakeholder map", bullets=gaps, table=(header, *rows)))
    process = shown["decision_process"]
    if process["payer"] or process["steps"] or process["past_decisions"]:
        lines = [f"Who pays: {process['payer']}"] if process["payer"] else []
        lines += [f"Step {i}: {s}" for i, s in enumerate(process["steps"], start=1)]
        if process["past_decisions"]:
            lines.append(f"Past decisions turned on: {process['past_decisions']}")
        sections.append(Section("Decision process", bullets=tuple(lines)))
    culture = shown["culture"]
    signal = culture_signal(findings)
    if culture["negotiation"] or culture["agreements"] or culture["notes"]:
        facts = [_label(v) for v in (culture["negotiation"], culture["agreements"]) if v]
        facts += [culture["notes"]] if culture["notes"] else []
        reading = () if external else tuple(culture_implications(culture, signal))
        sections.append(Section("Culture", paragraphs=tuple(facts), bullets=reading))
    statuses = goal_status(shown, metrics)
    if statuses:
        sections.append(Section("Goals", bullets=tuple(f"{s.text}: {s.summary}" for s in statuses)))
    checks = commitment_check(shown, metrics)
    if len(checks):
        sections.append(Section("Commitments", bullets=tuple(checks["sentence"])))
    questions = list(dict.fromkeys(q for f in findings[:3] for q in f.questions))
    if questions:
        sections.append(Section("Questions to ask", bullets=tuple(questions)))
    if data_notes:
        sections.append(Section("Data notes", bullets=tuple(data_notes[:MAX_NOTES])))
    subtitle = f"{fiscal_label} · top priority: {top or 'none'}"
    subtitle += " · external version (no confidential entries)" if external else " · internal"
    return Document(f"Meeting brief: {client_name}", subtitle, tuple(sections))
