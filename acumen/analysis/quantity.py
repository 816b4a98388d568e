"""Quantities with reasons, and the line items of a statements table as quantities.

Each quantity travels with a reason array: code 0 where the value is valid, otherwise the code
of the reason it is NaN ("no inventory reported", "negative equity"); codes are integers so the
engine stays vectorised, and are decoded to text only when asked. No value is ever ±inf.

Averages: avg X = (X_t + X_t−1) / 2 where the same company reports fiscal year t−1,
otherwise the year-end value X_t.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from acumen.data.schema import LINE_ITEM_LABELS
from acumen.data.statements import Statements, line_table
from acumen.i18n import N_, _, current_language

OK = 0
_REASON_TEXTS: list[str] = [""]
_REASON_CODES: dict[str, int] = {"": OK}
_REASON_LOCK = threading.Lock()


def reason_code(text: str) -> int:
    """The integer code of a reason text (registered on first use; texts hold no user data)."""
    found = _REASON_CODES.get(text)
    if found is not None:
        return found
    with _REASON_LOCK:
        if text not in _REASON_CODES:
            _REASON_TEXTS.append(text)
            _REASON_CODES[text] = len(_REASON_TEXTS) - 1
        return _REASON_CODES[text]


#: Reasons naming a line item, as (English pattern, its msgid): filled with the item's label.
ITEM_REASONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"no prior-year (.+) reported"), N_("no prior-year {item} reported")),
    (re.compile(r"no (.+) reported"), N_("no {item} reported")),
    (re.compile(r"prior-year (.+) is zero"), N_("prior-year {item} is zero")),
)


def translated_reason(text: str) -> str:
    """A reason text in the active language: a fixed reason through the catalog, a reason
    naming a line item (:data:`ITEM_REASONS`) with the item's label translated."""
    if not text or current_language() == "en":
        return text
    found = _(text)
    if found != text:
        return found
    for pattern, msgid in ITEM_REASONS:
        match = pattern.fullmatch(text)
        if match:
            return _(msgid).format(item=_(match.group(1)))
    return text


def decode_reasons(codes: np.ndarray) -> np.ndarray:
    """Reason texts ("" where valid) for an array of codes, in the active language."""
    texts = [translated_reason(t) for t in _REASON_TEXTS]
    return np.asarray(texts, dtype=object)[codes]


def reason_text(code: int) -> str:
    """The reason text of one code ("" when valid), in the active language."""
    return translated_reason(_REASON_TEXTS[code])


TOO_LARGE = reason_code(N_("too large to show (denominator is nearly zero)"))
NOT_COMPUTABLE = reason_code(N_("not computable from the reported figures"))
NO_PRIOR_YEAR = reason_code(N_("no prior year"))
GAP_YEAR = reason_code(N_("no prior year (gap in fiscal years)"))


@dataclass(frozen=True)
class Quantity:
    """A float array and, element by element, the code of why it is missing (0 when it is not).

    Arithmetic (``+ − × /`` with a number or another quantity, ``abs``, unary ``−``) keeps the
    first operand's reason, then the second's; division by a quantity is :meth:`divide`.
    """

    value: np.ndarray
    reason: np.ndarray

    @staticmethod
    def of(value: np.ndarray, reason: np.ndarray) -> Quantity:
        """Build a quantity; any non-finite value left over becomes NaN with a reason."""
        valid = reason == OK
        reason = np.where(valid & np.isinf(value), TOO_LARGE, reason)
        reason = np.where(valid & np.isnan(value), NOT_COMPUTABLE, reason)
        value = np.where(reason == OK, value, np.nan)
        return Quantity(value.astype("float64"), reason)

    def _combine(self, other: Quantity | float, op: Callable) -> Quantity:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if not isinstance(other, Quantity):
                return Quantity.of(op(self.value, other), self.reason)
            reason = np.where(self.reason != OK, self.reason, other.reason)
            return Quantity.of(op(self.value, other.value), reason)

    def __add__(self, other: Quantity | float) -> Quantity:
        return self._combine(other, np.add)

    def __sub__(self, other: Quantity | float) -> Quantity:
        return self._combine(other, np.subtract)

    def __rsub__(self, other: float) -> Quantity:
        return Quantity.of(other - self.value, self.reason)

    def __mul__(self, other: Quantity | float) -> Quantity:
        return self._combine(other, np.multiply)

    def __truediv__(self, other: float) -> Quantity:
        """Division by a number (a quantity denominator needs :meth:`divide` and a reason)."""
        return self._combine(other, np.true_divide)

    def __neg__(self) -> Quantity:
        return Quantity(-self.value, self.reason)

    def __abs__(self) -> Quantity:
        return Quantity(np.abs(self.value), self.reason)

    def divide(self, denominator: Quantity, zero_reason: str) -> Quantity:
        """self / denominator; a zero denominator gives NaN with ``zero_reason``."""
        reason = np.where(self.reason != OK, self.reason, denominator.reason)
        reason = np.where(
            (reason == OK) & (denominator.value == 0), reason_code(zero_reason), reason
        )
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            value = self.value / denominator.value
        return Quantity.of(value, reason)

    def unless(self, condition: np.ndarray, reason: str) -> Quantity:
        """NaN with ``reason`` wherever ``condition`` holds (and the value was valid)."""
        new_reason = np.where((self.reason == OK) & condition, reason_code(reason), self.reason)
        return Quantity.of(self.value, new_reason)


class LineItems:
    """Line items of one statements table as Quantities, with prior-year lookups, and the
    metrics computed so far (``metric(name)`` computes one on first use with ``compute``)."""

    def __init__(
        self, statements: Statements | pd.DataFrame, compute: Callable[[str, LineItems], Quantity]
    ) -> None:
        self.frame = line_table(statements)
        index = self.frame.index
        company = index.get_level_values(0).to_numpy()
        year = index.get_level_values(1).to_numpy(dtype="int64")
        same_company = np.r_[False, company[1:] == company[:-1]]
        self.has_earlier_row = same_company
        self.has_prior_year = same_company & np.r_[False, year[1:] - 1 == year[:-1]]
        self.first_row_position = self._first_row_positions(same_company)
        self.year = year
        self.n = len(index)
        self._compute = compute
        self._metrics: dict[str, Quantity] = {}

    @staticmethod
    def _first_row_positions(same_company: np.ndarray) -> np.ndarray:
        starts = np.where(~same_company, np.arange(len(same_company)), 0)
        return np.maximum.accumulate(starts) if len(starts) else starts

    def item(self, name: str) -> Quantity:
        value = self.frame[name].to_numpy(dtype="float64")
        reason = np.where(np.isnan(value), reason_code(f"no {LINE_ITEM_LABELS[name]} reported"), OK)
        return Quantity(value, reason)

    def metric(self, name: str) -> Quantity:
        """The metric ``name``, computed once."""
        if name not in self._metrics:
            self._metrics[name] = self._compute(name, self)
        return self._metrics[name]

    def prior(self, quantity: Quantity, label: str) -> Quantity:
        """The value at t−1 of the same company, with why it is missing."""
        shifted_value = np.r_[np.nan, quantity.value[:-1]] if self.n else quantity.value
        shifted_reason = np.r_[OK, quantity.reason[:-1]] if self.n else quantity.reason
        reason = np.where(
            ~self.has_earlier_row,
            NO_PRIOR_YEAR,
            np.where(
                ~self.has_prior_year,
                GAP_YEAR,
                np.where(shifted_reason != OK, reason_code(f"no prior-year {label} reported"), OK),
            ),
        )
        return Quantity.of(shifted_value, reason)

    def average(self, quantity: Quantity, label: str) -> Quantity:
        """Mean of t and t−1; the year-end value where t−1 is missing."""
        prior = self.prior(quantity, label)
        value = np.where(prior.reason == OK, (quantity.value + prior.value) / 2, quantity.value)
        return Quantity.of(value, quantity.reason)
