"""The metric catalogue: every canonical metric with its driver, label, unit and formula.

Kept as one table so pages, exports and lessons read labels and formulas from one place.
Units: ``pct`` (a fraction shown as %), ``x`` (a multiple), ``days``, ``money``, ``months``.
"""

from __future__ import annotations

from typing import NamedTuple

DRIVERS = ("margin", "cash", "return", "velocity", "growth")


class MetricInfo(NamedTuple):
    name: str
    driver: str
    label: str
    unit: str
    formula: str
    higher_is_better: bool | None


CATALOG: tuple[MetricInfo, ...] = (
    MetricInfo("gross_margin", "margin", "Gross margin", "pct", "gross_profit / revenue", True),
    MetricInfo(
        "operating_margin", "margin", "Operating margin", "pct", "operating_income / revenue", True
    ),
    MetricInfo("net_margin", "margin", "Net margin", "pct", "net_income / revenue", True),
    MetricInfo(
        "asset_turnover", "velocity", "Asset turnover", "x", "revenue / avg total_assets", True
    ),
    MetricInfo(
        "inventory_turnover",
        "velocity",
        "Inventory turnover",
        "x",
        "cost_of_revenue / avg inventory",
        True,
    ),
    MetricInfo(
        "dio",
        "velocity",
        "Days inventory (DIO)",
        "days",
        "avg inventory / cost_of_revenue × 365",
        False,
    ),
    MetricInfo(
        "dso",
        "velocity",
        "Days sales outstanding (DSO)",
        "days",
        "avg receivables / revenue × 365",
        False,
    ),
    MetricInfo(
        "dpo",
        "velocity",
        "Days payables (DPO)",
        "days",
        "avg payables / cost_of_revenue × 365",
        True,
    ),
    MetricInfo(
        "cash_conversion_cycle",
        "velocity",
        "Cash conversion cycle",
        "days",
        "dso + dio − dpo",
        False,
    ),
    MetricInfo(
        "roa", "return", "Return on assets (ROA)", "pct", "net_income / avg total_assets", True
    ),
    MetricInfo("roe", "return", "Return on equity (ROE)", "pct", "net_income / avg equity", True),
    MetricInfo(
        "equity_multiplier",
        "return",
        "Equity multiplier",
        "x",
        "avg total_assets / avg equity",
        None,
    ),
    MetricInfo(
        "roic",
        "return",
        "Return on invested capital (ROIC)",
        "pct",
        "operating_income × (1 − tax_rate) / avg (equity + total debt)",
        True,
    ),
    MetricInfo(
        "tax_rate",
        "return",
        "Effective tax rate",
        "pct",
        "income_tax / pretax_income, clipped to [0, 1]; 0 when pretax_income ≤ 0",
        None,
    ),
    MetricInfo("operating_cash_flow", "cash", "Operating cash flow", "money", "as reported", True),
    MetricInfo(
        "free_cash_flow",
        "cash",
        "Free cash flow",
        "money",
        "operating_cash_flow − capital_expenditure",
        True,
    ),
    MetricInfo("fcf_margin", "cash", "FCF margin", "pct", "free_cash_flow / revenue", True),
    MetricInfo(
        "cash_conversion", "cash", "Cash conversion", "x", "operating_cash_flow / net_income", True
    ),
    MetricInfo(
        "current_ratio", "cash", "Current ratio", "x", "current_assets / current_liabilities", True
    ),
    MetricInfo(
        "quick_ratio",
        "cash",
        "Quick ratio",
        "x",
        "(current_assets − inventory) / current_liabilities",
        True,
    ),
    MetricInfo(
        "cash_runway_months",
        "cash",
        "Cash runway",
        "months",
        "cash / (−free_cash_flow / 12) when free_cash_flow < 0",
        True,
    ),
    MetricInfo(
        "interest_coverage",
        "cash",
        "Interest coverage",
        "x",
        "operating_income / interest_expense",
        True,
    ),
    MetricInfo(
        "net_debt_to_ebitda",
        "cash",
        "Net debt / EBITDA",
        "x",
        "(total debt − cash) / (operating_income + depreciation_amortization)",
        False,
    ),
    MetricInfo(
        "revenue_growth",
        "growth",
        "Revenue growth",
        "pct",
        "(revenue_t − revenue_t−1) / |revenue_t−1|",
        True,
    ),
    MetricInfo(
        "net_income_growth",
        "growth",
        "Net income growth",
        "pct",
        "(net_income_t − net_income_t−1) / |net_income_t−1|",
        True,
    ),
    MetricInfo(
        "operating_cash_flow_growth",
        "growth",
        "Operating cash flow growth",
        "pct",
        "(ocf_t − ocf_t−1) / |ocf_t−1|",
        True,
    ),
    MetricInfo(
        "revenue_cagr",
        "growth",
        "Revenue CAGR since first year",
        "pct",
        "(revenue_t / revenue_first)^(1 / (t − first)) − 1",
        True,
    ),
    MetricInfo(
        "total_debt", "inputs", "Total debt", "money", "short_term_debt + long_term_debt", None
    ),
    MetricInfo(
        "ebitda", "inputs", "EBITDA", "money", "operating_income + depreciation_amortization", None
    ),
    MetricInfo(
        "avg_total_assets",
        "inputs",
        "Average total assets",
        "money",
        "mean of total_assets at t and t−1",
        None,
    ),
    MetricInfo(
        "avg_equity", "inputs", "Average equity", "money", "mean of equity at t and t−1", None
    ),
    MetricInfo(
        "avg_inventory",
        "inputs",
        "Average inventory",
        "money",
        "mean of inventory at t and t−1",
        None,
    ),
    MetricInfo(
        "avg_receivables",
        "inputs",
        "Average receivables",
        "money",
        "mean of receivables at t and t−1",
        None,
    ),
    MetricInfo(
        "avg_payables", "inputs", "Average payables", "money", "mean of payables at t and t−1", None
    ),
    MetricInfo(
        "avg_invested_capital",
        "inputs",
        "Average invested capital",
        "money",
        "mean of (equity + total debt) at t and t−1",
        None,
    ),
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
