"""The facts the trade-off rules read, computed once, vectorised over the whole statements
table: one row per company at its latest fiscal year.

- ``<x>`` the latest value of a line item, catalogue metric or score (``f_score``,
  ``z_double_prime``, the Altman components), plus ``costs`` = revenue − operating_income;
- ``prev_<x>`` the value at t−1 (immediately preceding fiscal year only, else NaN);
  ``d_<x>`` = x_t − x_t−1; ``g_<x>`` = (x_t − x_t−1) / |x_t−1| for :data:`GROWTH_FACTS`;
- the :data:`DERIVED` facts; ``year`` and ``prior_year``.

No fact is ever ±inf; a missing one is NaN.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from acumen.analysis.catalog import BY_NAME
from acumen.analysis.metrics import MetricResult, compute_metrics_with_reasons
from acumen.analysis.scores import (
    ALTMAN_COMPONENTS,
    ALTMAN_LABELS,
    altman_z_double_prime,
    piotroski,
    prior_rows,
    shift_prior,
)
from acumen.data.schema import LINE_ITEM_LABELS, LINE_ITEMS
from acumen.data.statements import line_table
from acumen.i18n import N_, _, catalog, current_language


class Facts(dict):
    """A dict of floats with attribute access; a missing fact is NaN."""

    def __missing__(self, key: str) -> float:
        return math.nan

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self[name]


#: Facts computed from other facts (work on a Facts mapping or a DataFrame alike).
DERIVED: dict[str, Callable[[Any], Any]] = {
    "receivables_gap": lambda f: f.g_receivables - f.revenue_growth,
    "inventory_gap": lambda f: f.g_inventory - f.revenue_growth,
    "jaws_gap": lambda f: f.g_costs - f.revenue_growth,
}


def facts_of(values: Mapping[str, float]) -> Facts:
    """Facts with the DERIVED entries added."""
    facts = Facts(values)
    for name, compute in DERIVED.items():
        if name not in facts:
            facts[name] = compute(facts)
    return facts


#: Line items whose growth rate is a fact (``g_<item>``).
GROWTH_FACTS: tuple[str, ...] = ("receivables", "inventory", "cash", "costs", "asset_turnover")

#: Label and unit of facts that are not catalogue metrics.
EXTRA_FACTS: dict[str, tuple[str, str]] = {
    **{item: (LINE_ITEM_LABELS[item], "money") for item in LINE_ITEMS},
    "sga": (N_("SG&A"), "money"),
    "rnd": (N_("R&D"), "money"),
    "costs": (N_("Operating costs"), "money"),
    "f_score": (N_("Piotroski F-score"), "count"),
    "f_components_available": (N_("Piotroski signals available"), "count"),
    "z_double_prime": (N_("Altman Z″"), "number"),
    **{k: (ALTMAN_LABELS[k], "number") for k in ALTMAN_COMPONENTS},
    "g_receivables": (N_("Receivables growth"), "pct"),
    "g_inventory": (N_("Inventory growth"), "pct"),
    "g_cash": (N_("Cash growth"), "pct"),
    "g_costs": (N_("Operating cost growth"), "pct"),
    "g_asset_turnover": (N_("Asset turnover change"), "pct"),
    "receivables_gap": (N_("Receivables growth minus revenue growth"), "pct"),
    "inventory_gap": (N_("Inventory growth minus revenue growth"), "pct"),
    "jaws_gap": (N_("Cost growth minus revenue growth"), "pct"),
}
#: ``Altman X1 (working capital / total assets)``: an Altman component's label.
ALTMAN_COMPONENT_LABEL = N_("Altman {component} ({label})")


def fact_label(fact: str) -> str:
    """The label of a fact without prefixes, in the active language: a line item
    capitalised (``Revenue``), an Altman component with its ratio, a metric's label."""
    if fact in ALTMAN_COMPONENTS:
        label = _(ALTMAN_LABELS[fact])
        lowered = label.lower() if label == ALTMAN_LABELS[fact] else label
        return _(ALTMAN_COMPONENT_LABEL).format(component=fact.upper(), label=lowered)
    label = EXTRA_FACTS[fact][0] if fact in EXTRA_FACTS else BY_NAME[fact].label
    # A line item's label has the context "line item" ("cash" the balance, not the driver).
    translations = catalog(current_language())
    text = translations.pgettext("line item", label) if fact in LINE_ITEMS else _(label)
    text = _(label) if text == label else text
    return label.capitalize() if fact in LINE_ITEMS and text == label else text


def label_and_unit(fact: str) -> tuple[str, str]:
    """(label in the active language, unit) of a fact name, prefixes ``prev_``/``d_``/``peer_``/``abs_`` stripped."""
    if fact in EXTRA_FACTS:
        return fact_label(fact), EXTRA_FACTS[fact][1]
    if fact in BY_NAME:
        return fact_label(fact), BY_NAME[fact].unit
    for prefix in ("prev_", "d_", "peer_", "abs_"):
        if fact.startswith(prefix):
            return label_and_unit(fact[len(prefix) :])
    return fact.replace("_", " "), "number"


def _wide(statements: pd.DataFrame, metrics: MetricResult) -> pd.DataFrame:
    """Line items, metrics and scores side by side, one row per (company, fiscal_year)."""
    items = line_table(statements)
    values = metrics.values.reindex(items.index)
    items = items.drop(columns=[c for c in items.columns if c in values.columns])
    items["costs"] = items["revenue"] - items["operating_income"]
    f_score = piotroski(
        statements,
        MetricResult(values, metrics.reason_codes.reindex(items.index), metrics.average_basis),
    )
    z = altman_z_double_prime(statements).values.drop(columns=["zone"])
    return pd.concat([items, values, f_score.values, z], axis=1).astype("float64")


def fact_table(statements: pd.DataFrame, metrics: MetricResult | None = None) -> pd.DataFrame:
    """One row per company (its latest fiscal year): values, ``prev_``, ``d_``, ``g_`` and
    DERIVED facts, plus ``year`` and ``prior_year`` (NaN when t−1 is missing)."""
    metrics = metrics if metrics is not None else compute_metrics_with_reasons(statements)
    wide = _wide(statements, metrics).replace([np.inf, -np.inf], np.nan)
    prior = shift_prior(wide)
    companies = wide.index.get_level_values(0).to_numpy()
    last = np.r_[companies[1:] != companies[:-1], True] if len(companies) else np.zeros(0, bool)
    __, has_prior = prior_rows(wide.index)
    latest, before = wide[last], prior[last]
    index = pd.Index(companies[last], name="company")
    years = wide.index.get_level_values(1).to_numpy()[last].astype("float64")
    now, then = latest.to_numpy(), before.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = now - then
        base = then[:, [wide.columns.get_loc(c) for c in GROWTH_FACTS]]
        growth = np.where(
            base != 0,
            delta[:, [wide.columns.get_loc(c) for c in GROWTH_FACTS]] / np.abs(base),
            np.nan,
        )
    frame = pd.concat(
        [
            pd.DataFrame(now, index=index, columns=wide.columns),
            pd.DataFrame(then, index=index, columns=[f"prev_{c}" for c in wide.columns]),
            pd.DataFrame(delta, index=index, columns=[f"d_{c}" for c in wide.columns]),
            pd.DataFrame(growth, index=index, columns=[f"g_{c}" for c in GROWTH_FACTS]),
        ],
        axis=1,
    )
    frame["year"] = years
    frame["prior_year"] = np.where(has_prior[last], years - 1, np.nan)
    for name, compute in DERIVED.items():
        frame[name] = compute(frame)
    return frame.replace([np.inf, -np.inf], np.nan)
