"""The metric computations that are not a formula template: the effective tax rate (also
used by the what-if engine), total debt (one missing part read as 0) and revenue CAGR."""

from __future__ import annotations

import numpy as np

from acumen.analysis.quantity import OK, LineItems, Quantity, reason_code
from acumen.i18n import N_


def tax_rate_of(income_tax: np.ndarray, pretax_income: np.ndarray) -> np.ndarray:
    """The effective tax rate: income_tax / pretax_income clipped to [0, 1]; 0 when
    pretax_income ≤ 0; NaN where it is unknown."""
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.clip(income_tax / pretax_income, 0.0, 1.0)
    return np.where(pretax_income <= 0, 0.0, rate)


def tax_rate(t: LineItems) -> Quantity:
    """income_tax / pretax_income clipped to [0, 1]; 0 when pretax_income ≤ 0."""
    tax, pretax = t.item("income_tax"), t.item("pretax_income")
    reason = np.where(
        pretax.reason != OK, pretax.reason, np.where(pretax.value <= 0, OK, tax.reason)
    )
    return Quantity.of(tax_rate_of(tax.value, pretax.value), reason)


def total_debt(t: LineItems) -> Quantity:
    """short_term_debt + long_term_debt, one missing part read as 0; NaN when both are."""
    a, b = t.item("short_term_debt"), t.item("long_term_debt")
    both_missing = (a.reason != OK) & (b.reason != OK)
    value = np.nan_to_num(a.value) + np.nan_to_num(b.value)
    return Quantity.of(value, np.where(both_missing, reason_code(N_("no debt reported")), OK))


def revenue_cagr(t: LineItems) -> Quantity:
    """Revenue CAGR from the company's first year to t; at the latest year, the whole window."""
    revenue = t.item("revenue")
    first = revenue.value[t.first_row_position] if t.n else revenue.value
    first_year = t.year[t.first_row_position] if t.n else t.year
    span = (t.year - first_year).astype("float64")
    valid = (span > 0) & (first > 0) & (revenue.value > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(valid, (revenue.value / first) ** (1 / span) - 1, np.nan)
    reason = np.where(
        revenue.reason != OK,
        revenue.reason,
        np.where(
            span <= 0,
            reason_code(N_("first year of the window")),
            np.where(
                np.isnan(first),
                reason_code(N_("no revenue reported in the first year")),
                np.where(valid, OK, reason_code(N_("revenue is not positive"))),
            ),
        ),
    )
    return Quantity.of(value, reason)
