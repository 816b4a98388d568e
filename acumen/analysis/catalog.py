"""The metric catalogue: every canonical metric with its driver, label, unit and formula,
read from its :class:`~acumen.analysis.metric_spec.MetricSpec` (one per metric).

Units: ``pct`` (a fraction shown as %), ``x`` (a multiple), ``days``, ``money``, ``months``.
"""

from __future__ import annotations

from typing import NamedTuple

from acumen.analysis.metric_specs import SPECS
from acumen.i18n import current_language, term

DRIVERS = ("margin", "cash", "return", "velocity", "growth")

#: Driver -> its English name as a heading shows it.
DRIVER_LABELS: dict[str, str] = {
    "margin": "Margin",
    "cash": "Cash",
    "return": "Return",
    "velocity": "Velocity",
    "growth": "Growth",
}
#: Driver -> its key in the source's terms (``acumen/locale/terms.csv``): in Chinese a driver
#: reads as the source names it (利润率, 现金流量, 投资回报率, 速率, 增长率).
DRIVER_TERMS: dict[str, str] = {
    "margin": "margin",
    "cash": "cash_flow",
    "return": "return_on_investment",
    "velocity": "velocity",
    "growth": "growth",
}


def driver_label(driver: str, *, lower: bool = False) -> str:
    """A driver's name in the active language: ``Cash`` (``cash`` with ``lower``) / 现金流量;
    an unknown driver as given (capitalised unless ``lower``)."""
    if driver in DRIVER_TERMS and current_language() != "en":
        return term(DRIVER_TERMS[driver])
    label = DRIVER_LABELS.get(driver, driver.capitalize())
    return label.lower() if lower else label


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
