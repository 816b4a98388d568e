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
from acumen.data.statements import plain_frame


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
    **{item: (LINE_ITEM_LABELS[item].capitalize(), "money") for item in LINE_ITEMS},
    "sga": ("SG&A", "money"),
    "rnd": ("R&D", "money"),
    "costs": ("Operating costs", "money"),
    "f_score": ("Piotroski F-score", "count"),
    "f_components_available": ("Piotroski signals available", "count"),
    "z_double_prime": ("Altman Z″", "number"),
    **{
        k: (f"Altman {k.upper()} ({ALTMAN_LABELS[k].lower()})", "number") for k in ALTMAN_COMPONENTS
    },
    "g_receivables": ("Receivables growth", "pct"),
    "g_inventory": ("Inventory growth", "pct"),
    "g_cash": ("Cash growth", "pct"),
    "g_costs": ("Operating cost growth", "pct"),
    "g_asset_turnover": ("Asset turnover change", "pct"),
    "receivables_gap": ("Receivables growth minus revenue growth", "pct"),
    "inventory_gap": ("Inventory growth minus revenue growth", "pct"),
    "jaws_gap": ("Cost growth minus revenue growth", "pct"),
}


def label_and_unit(fact: str) -> tuple[str, str]:
    """(label, unit) of a fact name, prefixes ``prev_``/``d_``/``peer_``/``abs_`` stripped."""
    if fact in EXTRA_FACTS:
        return EXTRA_FACTS[fact]
    if fact in BY_NAME:
        return BY_NAME[fact].label, BY_NAME[fact].unit
    for prefix in ("prev_", "d_", "peer_", "abs_"):
        if fact.startswith(prefix):
            return label_and_unit(fact[len(prefix) :])
    return fact.replace("_", " "), "number"


def _wide(statements: pd.DataFrame, metrics: MetricResult) -> pd.DataFrame:
    """Line items, metrics and scores side by side, one row per (company, fiscal_year)."""
    items = plain_frame(statements)
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
    _, has_prior = prior_rows(wide.index)
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
