"""The metrics engine: every metric of docs/PRODUCT.md, vectorised over the whole table.

Each metric is computed by its :class:`~acumen.analysis.metric_spec.MetricSpec`
(:data:`~acumen.analysis.metric_specs.SPECS`) over :class:`~acumen.analysis.quantity.Quantity`
arrays: a value and, element by element, the code of the reason it is NaN. No value is ever
±inf.

Averages: avg X = (X_t + X_t−1) / 2 where the same company reports fiscal year t−1,
otherwise the year-end value X_t (flagged in ``MetricResult.average_basis``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from acumen.analysis.metric_specs import SPEC, SPECS
from acumen.analysis.quantity import LineItems, Quantity, decode_reasons, reason_text

DAYS_PER_YEAR = 365
YEAR_END_BASIS = "year-end (no prior year)"
AVERAGE_BASIS = "two-year average"


@dataclass(frozen=True)
class MetricResult:
    """Metric values, the codes of why a value is missing, and the averaging basis."""

    values: pd.DataFrame
    reason_codes: pd.DataFrame
    average_basis: pd.Series

    @cached_property
    def reasons(self) -> pd.DataFrame:
        """Reason texts, "" where the value is valid (decoded on first use)."""
        texts = decode_reasons(self.reason_codes.to_numpy())
        return pd.DataFrame(texts, index=self.reason_codes.index, columns=self.reason_codes.columns)

    def reason(self, company: str, fiscal_year: int, metric: str) -> str:
        return reason_text(int(self.reason_codes.at[(company, fiscal_year), metric]))


def _compute(name: str, t: LineItems) -> Quantity:
    return SPEC[name].compute(t)


def compute_metrics_with_reasons(statements: pd.DataFrame) -> MetricResult:
    """All canonical metrics, their missing-value reasons and the averaging basis."""
    t = LineItems(statements, _compute)
    computed = {spec.name: t.metric(spec.name) for spec in SPECS}
    index = t.frame.index
    values = pd.DataFrame({name: q.value for name, q in computed.items()}, index=index)
    codes = pd.DataFrame({name: q.reason for name, q in computed.items()}, index=index)
    basis = pd.Series(
        np.where(t.has_prior_year, AVERAGE_BASIS, YEAR_END_BASIS), index=index, name="average_basis"
    )
    return MetricResult(values=values, reason_codes=codes, average_basis=basis)


def compute_metrics(statements: pd.DataFrame) -> pd.DataFrame:
    """One column per canonical metric, same ``(company, fiscal_year)`` index."""
    return compute_metrics_with_reasons(statements).values
