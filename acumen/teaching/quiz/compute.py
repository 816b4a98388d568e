"""``compute`` questions: work a metric out of the figures given in the question.

One builder for every metric whose spec has a :class:`~acumen.analysis.metric_spec.QuizSpec`:
the figures are the formula's operands (a metric operand is worked out from its own operands;
days are given rounded to whole days and the answer uses them), the answer is the formula
on them, checked against the engine, and the distractors are the spec's common mistakes.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from acumen.analysis.catalog import BY_NAME
from acumen.analysis.formula import evaluate_number
from acumen.analysis.metric_spec import Given, MetricSpec, Mistake, item
from acumen.analysis.metric_specs import SPEC, SPECS
from acumen.i18n import _
from acumen.teaching.quiz.data import AVERAGE_HINT, DAYS_HINT, QuizData
from acumen.teaching.quiz.figures import Figures, figure_text, operand_value
from acumen.teaching.quiz.model import (
    MAX_TRIES,
    Question,
    check,
    choice_text,
    finite,
    make_question,
    numeric_choices,
)
from acumen.teaching.worked import worked_formula

#: The metrics asked as compute questions.
COMPUTE: tuple[str, ...] = tuple(sorted(s.name for s in SPECS if s.quiz is not None))


@dataclass(frozen=True)
class Work:
    """A worked compute problem: the figures shown, the answer from them, the unrounded
    value checked against the engine, and the numbers the figures' days stand for."""

    figures: tuple[str, ...]
    value: float
    exact: float
    given: dict[str, float]


def _slip(mistake: Mistake, given: Given) -> float:
    try:
        return float(mistake.value(given))
    except ZeroDivisionError:
        return math.nan


def work(d: QuizData, c: str, y: int, spec: MetricSpec, top: bool = True) -> Work | None:
    """The spec's formula on the figures of ``c`` at ``y``; None when a figure is missing,
    the question would not be fair, the answer is 0, or a worked-out operand disagrees with
    the engine."""
    shown: list[float] = []
    exact: list[float] = []
    figures: list[tuple[bool, str]] = []  # (is a prior-year figure, text)
    given: dict[str, float] = {}
    dated = any(o.kind == "prior" for o in spec.operands)
    for operand in spec.operands:
        if operand.kind == "metric" and not operand.balance:
            inner = work(d, c, y, SPEC[operand.name], top=False)
            if inner is None:
                return None
            if operand.unit == "days":
                given[operand.name] = float(round(inner.exact))
                days = _("{value} days").format(value=int(given[operand.name]))
                figures.append((False, f"{_(operand.label)} {days}"))
            else:
                given[operand.name] = inner.value
                figures.extend((False, text) for text in inner.figures)
            shown.append(given[operand.name])
            exact.append(inner.exact)
            continue
        value = operand_value(d, c, y, operand)
        if not finite(value):
            return None
        shown.append(value)
        exact.append(value)
        figures.append((operand.kind == "prior", figure_text(d, c, y, operand, dated)))
    quiz = spec.quiz
    if quiz is None:
        return None
    bait = quiz.bait if top else ()
    if not finite(*(d.item(c, y, name) for name in bait)):
        return None
    value = evaluate_number(spec.template, shown)
    if not finite(value) or value == 0 or not quiz.fair(Figures(d, c, y, value, given)):
        return None
    result = Work(
        tuple(figure_text(d, c, y, item(name), False) for name in bait)
        + tuple(text for _, text in sorted(figures, key=lambda f: not f[0])),
        value,
        evaluate_number(spec.template, exact),
        given,
    )
    if not top and not check(result.exact, d.metric(c, y, spec.name), f"{spec.name} of {c}"):
        return None
    return result


def _hint(spec: MetricSpec) -> str:
    averaged = any(o.balance for o in spec.operands)
    return (_(AVERAGE_HINT) if averaged else "") + (_(DAYS_HINT) if "365" in spec.template else "")


def _explanation(d: QuizData, c: str, y: int, spec: MetricSpec, w: Work, notes: list[str]) -> str:
    """The worked formula with the client's numbers; with the rounded days the question gives
    when it gives days."""
    if w.given and all(o.unit == "days" for o in spec.operands):
        symbolic = spec.template.format(*(_(o.label) for o in spec.operands))
        plugged = spec.template.format(
            *(_("{value} days").format(value=int(w.given[o.name])) for o in spec.operands)
        )
        line = f"{_(spec.label)} = {symbolic} = {plugged} = {choice_text(w.value, spec.unit)}"
    else:
        line = worked_formula(d.view(c), spec.name, y).text
    return _("{formula}. Distractors: {notes}.").format(formula=line, notes="; ".join(notes))


def make_compute(d: QuizData, rng: random.Random, index: int) -> Question | None:
    rows = d.rows()
    for _attempt in range(MAX_TRIES):
        metric = rng.choice(COMPUTE)
        c, y = rng.choice(rows)
        spec = SPEC[metric]
        w = work(d, c, y, spec)
        engine = d.metric(c, y, metric)
        if w is None or not finite(w.value, engine):
            continue
        if not check(w.exact, engine, f"{metric} of {c} FY{y}"):
            continue
        given = Figures(d, c, y, w.value, w.given)
        slips = [(_slip(m, given), m.note) for m in spec.quiz.mistakes]  # type: ignore[union-attr]
        built = numeric_choices(w.value, slips, spec.unit, d.currency(c), rng)
        if built is None:
            continue
        choices, position, notes = built
        text = _("{name}, fiscal {year}: {figures}. What is its {metric}?{hint}").format(
            name=d.name(c),
            year=y,
            figures="; ".join(w.figures),
            metric=_lower_first(_(spec.label)),
            hint=_hint(spec),
        )
        return make_question(
            index,
            "compute",
            spec.driver,
            text,
            choices,
            position,
            _explanation(d, c, y, spec, w, notes),
            c,
            y,
            metric,
            {"value": w.value, "unit": BY_NAME[metric].unit},
        )
    return None


def _lower_first(label: str) -> str:
    """ "Net margin" -> "net margin"; "FCF margin" stays (an abbreviation)."""
    return label if label[1:2].isupper() else label[0].lower() + label[1:]
