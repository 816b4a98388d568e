"""A metric worked out from the figures a question gives, by its spec's formula.

The formula is each metric's :class:`~acumen.analysis.metric_spec.MetricSpec` template,
evaluated on plain numbers read from the line items (an average balance is
(X_t + X_t−1) / 2 and needs the prior year), then checked against the metrics engine.
"""

from __future__ import annotations

import math

from acumen.analysis.formula import evaluate_number
from acumen.analysis.metric_spec import MetricSpec, Operand
from acumen.analysis.metric_specs import SPEC
from acumen.data.schema import LINE_ITEM_LABELS
from acumen.formatting import fiscal_label
from acumen.i18n import _
from acumen.teaching.quiz.data import QuizData, avg, balance_text, money
from acumen.teaching.quiz.model import check, finite


class Figures:
    """The figures of one company-year (:class:`~acumen.analysis.metric_spec.Given`)."""

    def __init__(
        self, d: QuizData, c: str, y: int, answer: float, metrics: dict[str, float]
    ) -> None:
        self.d, self.c, self.y, self.answer, self._metrics = d, c, y, answer, metrics

    def item(self, name: str) -> float:
        return self.d.item(self.c, self.y, name)

    def prior(self, name: str) -> float:
        return self.d.item(self.c, self.y - 1, name)

    def avg(self, name: str) -> float:
        return avg(self.d, self.c, self.y, name)

    def metric(self, name: str) -> float:
        return self._metrics[name]


def operand_value(d: QuizData, c: str, y: int, operand: Operand) -> float:
    """An operand from the line items; NaN when it needs a prior year that isn't there."""
    if operand.kind == "item":
        return d.item(c, y, operand.name)
    if operand.kind == "prior" or operand.balance:
        if not d.has_prior(c, y):
            return math.nan
        if operand.balance:
            return avg(d, c, y, operand.balance)
        return d.item(c, y - 1, operand.name)
    return formula_value(d, c, y, SPEC[operand.name])


def formula_value(d: QuizData, c: str, y: int, spec: MetricSpec) -> float:
    """The spec's formula on the line items of ``c`` at ``y`` (NaN when it can't be)."""
    values = [operand_value(d, c, y, o) for o in spec.operands]
    return evaluate_number(spec.template, values) if finite(*values) else math.nan


def figure_text(d: QuizData, c: str, y: int, operand: Operand, dated: bool) -> str:
    """How a question gives an operand: "revenue $482B", a balance at both year-ends, or
    with its year in a growth question ("revenue $466B in FY2014")."""
    if operand.balance:
        return balance_text(d, c, y, operand.balance)
    year = y - 1 if operand.kind == "prior" else y
    text = f"{_(LINE_ITEM_LABELS[operand.name])} {money(d, c, d.item(c, year, operand.name))}"
    return _("{figure} in {year}").format(figure=text, year=fiscal_label(year)) if dated else text


def own_days(d: QuizData, c: str, y: int) -> tuple[float, float, float] | None:
    """DSO, DIO, DPO from the line items (average balances), checked against the engine."""
    if not d.has_prior(c, y):
        return None
    if not (d.item(c, y, "revenue") > 0 and d.item(c, y, "cost_of_revenue") > 0):
        return None
    metrics = ("dso", "dio", "dpo")
    days = tuple(formula_value(d, c, y, SPEC[m]) for m in metrics)
    if not finite(*days):
        return None
    checks = [
        check(v, d.metric(c, y, m), f"{m} of {c} FY{y}") for v, m in zip(days, metrics, strict=True)
    ]
    return days if all(checks) else None  # type: ignore[return-value]
