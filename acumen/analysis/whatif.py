"""What-if / value calculator: the client's latest year before and after its levers
(:mod:`acumen.analysis.whatif_scenario`, whose module doc gives the formulas), as the metrics
engine computes it, and the ROA bridge.

The "after" metrics are the engine run on the scenario statements; the ROA bridge applies
the levers cumulatively in :data:`BRIDGE_STEPS` order and reads the engine's ROA after each
step, so its steps sum exactly to ROA after − ROA before. Repaying debt with the cash
working capital frees belongs to the working-capital step (the lever that freed the cash);
there is no "debt repaid" step of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from acumen.analysis.catalog import BY_NAME
from acumen.analysis.metrics import MetricResult, compute_metrics_with_reasons
from acumen.analysis.whatif_scenario import Levers, apply_levers, company_rows, nz
from acumen.formatting import fiscal_labels, format_na, say, say_change
from acumen.i18n import N_, _

#: The ROA bridge: levers applied cumulatively in this order (labels shown through ``_()``).
BRIDGE_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Price"), ("price_pct",)),
    (N_("Volume"), ("volume_pct",)),
    (N_("Cost of revenue"), ("cogs_pct",)),
    (N_("SG&A"), ("sga_pct",)),
    (N_("Working capital"), ("dso_days", "dio_days", "dpo_days", "repay_debt")),
    (N_("Capex"), ("capex_pct",)),
)

#: Metrics shown before / after.
WHATIF_METRICS: tuple[str, ...] = (
    "gross_margin",
    "operating_margin",
    "net_margin",
    "asset_turnover",
    "dso",
    "dio",
    "dpo",
    "cash_conversion_cycle",
    "roa",
    "roe",
    "operating_cash_flow",
    "free_cash_flow",
)


# ---------------------------------------------------------------- the what-if result


def fine_value(value: float, unit: str, currency: str = "USD") -> str:
    """A metric with what-if precision: ``3.93%``, ``59.1 days``; else as :func:`format_value`."""
    return say(value, unit, currency, decimals={"pct": 2, "days": 1}.get(unit))


def fine_change(change: float, unit: str, currency: str = "USD") -> str:
    """A change with what-if precision: ``+0.03 pts``, ``−5.0 days``; no sign when it rounds to 0."""
    return say_change(change, unit, currency, decimals={"pct": 2, "days": 1}.get(unit))


@dataclass(frozen=True)
class WhatIfResult:
    company: str
    name: str
    currency: str
    fiscal_year: int
    levers: Levers
    base: pd.DataFrame
    scenario: pd.DataFrame
    before: MetricResult
    after: MetricResult
    cash_released: float
    cash_released_parts: dict[str, float]
    year_end_cash_change: float
    year_end_release: float
    recurring_cash: float
    bridge: pd.DataFrame
    notes: tuple[str, ...]
    #: Debt paid down with the cash freed at the year-end (0 unless ``repay_debt``).
    debt_repaid: float = 0.0
    #: The year as the company names it (``FY2016``); ``fiscal_year`` is the data's key.
    fiscal_label: str = ""

    def value_before(self, metric: str) -> float:
        return float(self.before.values.at[(self.company, self.fiscal_year), metric])

    def value_after(self, metric: str) -> float:
        return float(self.after.values.at[(self.company, self.fiscal_year), metric])

    @property
    def roa_change(self) -> float:
        return self.value_after("roa") - self.value_before("roa")

    def table(self) -> pd.DataFrame:
        """metric, label, unit, before, after, change (floats) for :data:`WHATIF_METRICS`."""
        key = (self.company, self.fiscal_year)
        before = self.before.values.loc[key, list(WHATIF_METRICS)].astype("float64")
        after = self.after.values.loc[key, list(WHATIF_METRICS)].astype("float64")
        return pd.DataFrame(
            {
                "metric": list(WHATIF_METRICS),
                "label": [BY_NAME[m].label for m in WHATIF_METRICS],
                "unit": [BY_NAME[m].unit for m in WHATIF_METRICS],
                "before": before.to_numpy(),
                "after": after.to_numpy(),
                "change": (after - before).to_numpy(),
            }
        )

    def display_table(self) -> pd.DataFrame:
        """Before / after / change as text, headers and metric labels in the active language;
        NaN shows "n/a — reason"."""
        table = self.table()
        key = (self.company, self.fiscal_year)

        def cell(result: MetricResult, metric: str, value: float, unit: str) -> str:
            if np.isnan(value):
                return format_na(str(result.reasons.at[key, metric]))
            return fine_value(value, unit, self.currency)

        return pd.DataFrame(
            {
                _("metric"): [_(label) for label in table["label"]],
                _("before"): [
                    cell(self.before, m, v, u)
                    for m, v, u in zip(table["metric"], table["before"], table["unit"], strict=True)
                ],
                _("after"): [
                    cell(self.after, m, v, u)
                    for m, v, u in zip(table["metric"], table["after"], table["unit"], strict=True)
                ],
                _("change"): [
                    fine_change(c, u, self.currency)
                    for c, u in zip(table["change"], table["unit"], strict=True)
                ],
            }
        )


def _roa(statements: pd.DataFrame, company: str, year: int) -> float:
    return float(compute_metrics_with_reasons(statements).values.at[(company, year), "roa"])


def roa_bridge(statements: pd.DataFrame, company: str, levers: Levers) -> pd.DataFrame:
    """Contribution of each :data:`BRIDGE_STEPS` step to the ROA change: the engine's ROA
    after applying the levers up to and including the step, minus up to the step before.
    The steps sum to ROA(all levers) − ROA(no levers) by construction (a telescoping sum).
    ``step`` is the step's label in the active language."""
    base = company_rows(statements, company)
    year = int(base.index.get_level_values(1).max())
    previous = _roa(base, company, year)
    applied: dict[str, object] = {}
    rows = []
    for label, names in BRIDGE_STEPS:  # a handful of steps, each one engine run
        applied.update({n: getattr(levers, n) for n in names})
        current = _roa(
            apply_levers(base, company, replace(Levers(), **applied)).statements, company, year
        )
        rows.append({"step": _(label), "contribution": current - previous})
        previous = current
    return pd.DataFrame(rows)


def whatif(statements: pd.DataFrame, company: str, levers: Levers) -> WhatIfResult:
    """Before / after of the client's latest year under ``levers`` (see the module doc)."""
    scenario = apply_levers(statements, company, levers)
    base = company_rows(statements, company)
    before = compute_metrics_with_reasons(base)
    after = compute_metrics_with_reasons(scenario.statements)
    key = (company, scenario.fiscal_year)
    change = after.values.loc[key] - before.values.loc[key]
    parts = {
        "receivables": -nz(change["avg_receivables"]),
        "inventory": -nz(change["avg_inventory"]),
        "payables": nz(change["avg_payables"]),
    }
    meta = statements.companies
    name = (
        str(meta.at[company, "name"])
        if company in meta.index and meta.at[company, "name"]
        else company
    )
    currency = str(meta.at[company, "currency"] or "USD") if company in meta.index else "USD"
    return WhatIfResult(
        company=company,
        name=name,
        currency=currency,
        fiscal_year=scenario.fiscal_year,
        levers=levers,
        base=base,
        scenario=scenario.statements,
        before=before,
        after=after,
        cash_released=sum(parts.values()),
        cash_released_parts=parts,
        year_end_cash_change=scenario.deltas["cash"],
        year_end_release=-(
            scenario.deltas["receivables"]
            + scenario.deltas["inventory"]
            - scenario.deltas["payables"]
        ),
        recurring_cash=scenario.deltas["net_income"] - scenario.deltas["capital_expenditure"],
        bridge=roa_bridge(statements, company, levers),
        notes=scenario.notes,
        debt_repaid=-(scenario.deltas["short_term_debt"] + scenario.deltas["long_term_debt"]),
        fiscal_label=fiscal_labels(statements, company).get(scenario.fiscal_year, ""),
    )
