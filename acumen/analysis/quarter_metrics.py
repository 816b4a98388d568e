"""Metrics per quarter (docs/definitions.md conventions, a quarter being a quarter of the
365-day year): flows are the quarter's, balances at its end, averages of this and the previous
quarter end; days = avg balance / the quarter's flow × 91.25; returns, turnovers, growth,
runway and net debt / EBITDA are yearly measures and read n/a with that reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from acumen.analysis.catalog import BY_NAME, CATALOG, driver_label
from acumen.analysis.client import ClientView
from acumen.analysis.metrics import DAYS_PER_YEAR
from acumen.data.quarters import fiscal_quarters
from acumen.formatting import fiscal_label, format_na, format_value
from acumen.i18n import N_, _, current_language

#: Days in a quarter: a quarter of the 365-day year.
QUARTER_DAYS = DAYS_PER_YEAR / 4
#: Metrics in days: the engine's × 365 on a quarter's flow becomes × 91.25.
DAYS_METRICS = ("dio", "dso", "dpo", "cash_conversion_cycle")
#: Metrics that only make sense over a year (a quarter's would be a quarter of it, or
#: compared with the quarter before rather than the year before).
ANNUAL_ONLY = (
    "asset_turnover",
    "inventory_turnover",
    "roa",
    "roe",
    "roic",
    "cash_runway_months",
    "net_debt_to_ebitda",
    "revenue_growth",
    "net_income_growth",
    "operating_cash_flow_growth",
    "revenue_cagr",
)
ANNUAL_ONLY_REASON = N_("a yearly measure: see Annual or TTM")


def quarter_labels(quarter_view: ClientView, year_end: int) -> dict[int, str]:
    """Running quarter number -> ``Q3 FY2023`` (Chinese: ``2023财年第3季度``)."""
    ends = quarter_view.statements.period_end.droplevel(0)
    fiscal = fiscal_quarters(ends, year_end)
    return {
        int(key): _("Q{quarter} {year}").format(
            quarter=int(row.quarter), year=fiscal_label(row.year_end.year, row.year_end)
        )
        for key, row in zip(ends.index, fiscal.itertuples(), strict=True)
    }


def quarter_values(quarter_view: ClientView) -> pd.DataFrame:
    """The per-quarter metrics (index: running quarter number): days on 91.25 days, the
    yearly measures NaN."""
    values = quarter_view.metrics.droplevel(0).copy()
    values[list(DAYS_METRICS)] = values[list(DAYS_METRICS)] * (QUARTER_DAYS / DAYS_PER_YEAR)
    values[list(ANNUAL_ONLY)] = np.nan
    return values


def quarter_display(quarter_view: ClientView, metric: str, key: int, values: pd.DataFrame) -> str:
    """One cell: the quarter's value, or "n/a — reason"."""
    if metric in ANNUAL_ONLY:
        return format_na(_(ANNUAL_ONLY_REASON))
    value = float(values.at[key, metric])
    if np.isnan(value):
        return format_na(quarter_view.reason(metric, key))
    return format_value(value, BY_NAME[metric].unit, quarter_view.currency)


def quarter_metrics_table(
    quarter_view: ClientView, labels: dict[int, str], last: int = 8
) -> pd.DataFrame:
    """Rows: metrics (driver, label); columns: the last ``last`` quarters, named by ``labels``."""
    values = quarter_values(quarter_view)
    keys = [int(k) for k in values.index[-last:]]
    english = current_language() == "en"
    rows = []
    for info in CATALOG:
        row = {
            _("driver"): info.driver if english else driver_label(info.driver),
            _("metric"): _(info.label),
        }
        for key in keys:
            row[labels[key]] = quarter_display(quarter_view, info.name, key, values)
        rows.append(row)
    return pd.DataFrame(rows)
