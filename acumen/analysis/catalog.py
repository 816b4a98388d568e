"""The metric catalogue: every canonical metric with its driver, label, unit and formula,
read from its :class:`~acumen.analysis.metric_spec.MetricSpec` (one per metric).

Units: ``pct`` (a fraction shown as %), ``x`` (a multiple), ``days``, ``money``, ``months``.
"""

from __future__ import annotations

from typing import NamedTuple

from acumen.analysis.metric_specs import SPECS

DRIVERS = ("margin", "cash", "return", "velocity", "growth")


class MetricInfo(NamedTuple):
    name: str
    driver: str
    label: str
    unit: str
    formula: str
    higher_is_better: bool | None


CATALOG: tuple[MetricInfo, ...] = tuple(
    MetricInfo(s.name, s.driver, s.label, s.unit, s.formula, s.higher_is_better) for s in SPECS
)

METRIC_NAMES: tuple[str, ...] = tuple(m.name for m in CATALOG)
BY_NAME: dict[str, MetricInfo] = {m.name: m for m in CATALOG}

#: The headline metric of each driver, shown as the five drivers on the overview.
HEADLINE: dict[str, str] = {
    "margin": "net_margin",
    "cash": "free_cash_flow",
    "return": "roa",
    "velocity": "asset_turnover",
    "growth": "revenue_growth",
}


def metrics_of(driver: str) -> list[str]:
    return [m.name for m in CATALOG if m.driver == driver]
