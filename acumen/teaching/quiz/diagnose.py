"""``diagnose`` questions: the client's likely priority, from the diagnosis engine."""

from __future__ import annotations

import random

from acumen.i18n import _
from acumen.teaching.quiz.data import DIAGNOSES, QuizData, memoised
from acumen.teaching.quiz.model import MAX_TRIES, Question, make_question


def _priority_pool() -> list[tuple[str, str, str]]:
    """(rule id, driver, priority text) of every rule whose priority needs no client figures."""
    from acumen.analysis.rules import RULES

    return [(r.id, r.driver, _(r.priority)) for r in RULES if "{" not in r.priority]


def _diagnosis(d: QuizData, company: str):
    """The diagnosis engine's result for ``company``."""
    from acumen.analysis.diagnosis import diagnose

    return memoised(DIAGNOSES, d, company, lambda: diagnose(d.statements, company))


def make_diagnose(d: QuizData, rng: random.Random, index: int) -> Question | None:
    try:
        import acumen.analysis.diagnosis  # noqa: F401
    except ImportError:
        return None
    pool = _priority_pool()
    companies = list(d.companies)
    rng.shuffle(companies)
    for c in [c for c in companies if ("diagnose", c) not in d.asked][:MAX_TRIES]:
        d.asked.add(("diagnose", c))
        diagnosis = _diagnosis(d, c)
        if not diagnosis.findings:
            continue
        top = diagnosis.findings[0]
        fired = {f.rule_id for f in diagnosis.findings}
        fired_priorities = {f.priority for f in diagnosis.findings}
        others = [
            p
            for p in pool
            if p[0] not in fired and p[2] not in fired_priorities and p[2] != top.priority
        ]
        evidence = [e.text for e in top.evidence]
        if len(others) < 3 or not evidence:
            continue
        # Prefer distractors from other drivers, so the evidence tells them apart.
        other_driver = [p for p in others if p[1] != top.driver]
        picks = rng.sample(other_driver if len(other_driver) >= 3 else others, 3)
        options = [top.priority] + [p[2] for p in picks]
        order = list(range(4))
        rng.shuffle(order)
        text = _(
            "{name}, fiscal {year}. Evidence: {evidence}. What is its most likely priority right now?"
        ).format(name=diagnosis.name, year=diagnosis.fiscal_year, evidence="; ".join(evidence))
        explanation = _(
            "{title}: {trade_off} The other choices belong to rules that do not fire on these "
            "figures. Seller's angle: {angle}"
        ).format(title=top.title, trade_off=top.trade_off, angle=top.seller_angle)
        return make_question(
            index,
            "diagnose",
            top.driver,
            text,
            [options[i] for i in order],
            order.index(0),
            explanation,
            c,
            diagnosis.fiscal_year,
            "",
            {"rule_id": top.rule_id, "distractor_rules": tuple(p[0] for p in picks)},
        )
    return None
