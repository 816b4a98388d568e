"""What one metric is: :class:`MetricSpec`, written once per metric in
:mod:`acumen.analysis.metric_specs`.

From a spec come the catalogue entry (name, driver, label, unit, formula text), the engine's
column (the template evaluated over arrays of quantities, or a custom computation), the
lessons' worked formula (the template filled with labels and the client's numbers) and the
quiz's compute question (the template evaluated over the figures shown, with the common
mistakes as distractors).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from acumen.analysis.formula import evaluate
from acumen.analysis.quantity import LineItems, Quantity
from acumen.data.schema import LINE_ITEM_LABELS


@dataclass(frozen=True)
class Operand:
    """One input of a formula: a line item, an engine quantity, or a prior-year line item.

    ``label`` is how lessons name it ("Net income"), ``symbol`` how the catalogue formula
    writes it ("net_income"); ``balance`` is the line item an average is taken of.
    ``value_only``: the engine uses its value but not its reason (a missing one reads "not
    computable").
    """

    label: str
    name: str
    kind: str = "item"  # item | metric | prior | first | span
    unit: str = "money"
    symbol: str = ""
    balance: str = ""
    value_only: bool = False


def item(name: str, label: str | None = None, symbol: str | None = None) -> Operand:
    """A line item at t."""
    return Operand(label or LINE_ITEM_LABELS[name].capitalize(), name, symbol=symbol or name)


def prior(name: str, symbol: str | None = None) -> Operand:
    """A line item at t−1 (the immediately preceding fiscal year)."""
    label = LINE_ITEM_LABELS[name].capitalize()
    return Operand(label, name, "prior", symbol=f"{symbol or name}_t−1")


def average(balance: str) -> Operand:
    """avg X = (X_t + X_t−1) / 2, the engine quantity ``avg_<balance>``."""
    label = LINE_ITEM_LABELS[balance]
    return Operand(
        f"avg {label}", f"avg_{balance}", "metric", symbol=f"avg {balance}", balance=balance
    )


def metric(name: str, label: str, unit: str = "money", symbol: str | None = None) -> Operand:
    """Another metric (its own spec computes it)."""
    return Operand(label, name, "metric", unit, symbol or name)


class Given(Protocol):
    """The figures a quiz question gives for one company-year (NaN where not reported)."""

    answer: float

    def item(self, name: str) -> float: ...

    def prior(self, name: str) -> float: ...

    def avg(self, name: str) -> float: ...

    def metric(self, name: str) -> float: ...


@dataclass(frozen=True)
class Mistake:
    """A common slip and the number it gives (a distractor)."""

    note: str
    value: Callable[[Given], float]


def _always(given: Given) -> bool:
    return True


@dataclass(frozen=True)
class QuizSpec:
    """How a compute question on the metric is asked.

    ``fair``: when the figures make a fair question (beyond every figure being reported and
    the answer not zero); ``bait``: line items shown before the operands, used by mistakes.
    """

    mistakes: tuple[Mistake, ...]
    fair: Callable[[Given], bool] = _always
    bait: tuple[str, ...] = ()


#: NaN with the reason wherever the condition holds.
Guard = tuple[Callable[[LineItems], np.ndarray], str]


@dataclass(frozen=True)
class MetricSpec:
    """One metric: catalogue facts, its formula, how the engine computes it, how it is quizzed.

    The engine evaluates ``template`` over ``operands`` (``zero``: the reason when a
    denominator is zero; ``guards``: NaN with a reason where a condition holds), unless
    ``custom`` computes it. ``text`` replaces the formula where it is not arithmetic
    ("as reported"); ``note`` follows the formula.
    """

    name: str
    driver: str
    label: str
    unit: str
    higher_is_better: bool | None
    template: str = ""
    operands: tuple[Operand, ...] = ()
    zero: str = ""
    guards: tuple[Guard, ...] = ()
    custom: Callable[[LineItems], Quantity] | None = None
    note: str = ""
    text: str = ""
    quiz: QuizSpec | None = None

    @property
    def formula(self) -> str:
        """The catalogue formula: ``net_income / avg total_assets``."""
        if self.text:
            return self.text
        dated = any(o.kind in {"prior", "first"} for o in self.operands)
        symbols = [
            f"{o.symbol}_t" if dated and o.kind == "item" else o.symbol for o in self.operands
        ]
        return self.template.format(*symbols) + self.note

    @property
    def averaged(self) -> bool:
        """True when an operand is an average balance (it needs the prior year)."""
        return any(o.name.startswith("avg_") for o in self.operands)

    @property
    def missing_when(self) -> tuple[str, ...]:
        """The reasons the engine gives for a NaN beyond a missing input."""
        reasons = (self.zero, *(reason for _, reason in self.guards))
        return tuple(dict.fromkeys(r for r in reasons if r))

    def compute(self, t: LineItems) -> Quantity:
        """The metric over every row of ``t``."""
        if self.custom is not None:
            return self.custom(t)
        values = [_operand_quantity(t, o) for o in self.operands]
        result = evaluate(self.template, values, self._divide)
        for condition, reason in self.guards:
            result = result.unless(condition(t), reason)
        return result

    def _divide(self, numerator: Quantity, denominator: Quantity | float) -> Quantity:
        if isinstance(denominator, Quantity):
            return numerator.divide(denominator, self.zero)
        return numerator / denominator


def _operand_quantity(t: LineItems, operand: Operand) -> Quantity:
    if operand.kind == "item":
        return t.item(operand.name)
    if operand.kind == "prior":
        return t.prior(t.item(operand.name), LINE_ITEM_LABELS[operand.name])
    quantity = t.metric(operand.name)
    if operand.value_only:
        return Quantity(quantity.value, np.zeros_like(quantity.reason))
    return quantity
