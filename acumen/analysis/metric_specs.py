"""Every metric of docs/PRODUCT.md, once: :data:`SPECS` (see :class:`MetricSpec`).

Conventions (docs/definitions.md, generated from these specs by ``tools/definitions.py``):
avg X = (X_t + X_t−1) / 2 where the same company reports fiscal year t−1, otherwise the
year-end X_t; t−1 is the immediately preceding fiscal year (none across a gap); a year has
365 days; a division by zero or with a missing input is NaN with a reason, never ±inf.
"""

from __future__ import annotations

from acumen.analysis.metric_computations import revenue_cagr, tax_rate, total_debt
from acumen.analysis.metric_mistakes import (
    COVERAGE_QUIZ,
    CURRENT_QUIZ,
    CYCLE_QUIZ,
    FCF_MARGIN_QUIZ,
    FCF_QUIZ,
    GROWTH_QUIZ,
    QUICK_QUIZ,
    ROA_QUIZ,
    ROE_QUIZ,
    days_quiz,
    margin_quiz,
    turnover_quiz,
)
from acumen.analysis.metric_spec import (
    MetricSpec,
    Mistake,
    Operand,
    average,
    item,
    metric,
    prior,
)
from acumen.analysis.quantity import LineItems, Quantity
from acumen.data.schema import LINE_ITEM_LABELS
from acumen.i18n import N_

DAYS = "{0} / {1} × 365"
RATIO = "{0} / {1}"
GROWTH = "({0} − {1}) / |{1}|"
REVENUE_ZERO = N_("revenue is zero")
COGS_ZERO = N_("cost of revenue is zero")
LIABILITIES_ZERO = N_("current liabilities is zero")
AVG_ASSETS, AVG_EQUITY = average("total_assets"), average("equity")
AVG_INVESTED = Operand(
    "avg (equity + total debt)",
    "avg_invested_capital",
    "metric",
    symbol="avg (equity + total debt)",
)
FREE_CASH_FLOW = metric("free_cash_flow", "Free cash flow")
SELF_FUNDING = N_("self-funding (free cash flow is not negative)")


def _average(name: str, label: str, balance: str) -> MetricSpec:
    """mean of the balance at t and t−1 (the year-end value without a prior year)."""

    def compute(t: LineItems) -> Quantity:
        if balance == "invested_capital":
            return t.average(t.item("equity") + t.metric("total_debt"), "invested capital")
        return t.average(t.item(balance), LINE_ITEM_LABELS[balance])

    text = "(equity + total debt)" if balance == "invested_capital" else balance
    return MetricSpec(
        name, "inputs", label, "money", None, text=f"mean of {text} at t and t−1", custom=compute
    )


def _growth(name: str, label: str, symbol: str | None = None) -> MetricSpec:
    """(x_t − x_t−1) / |x_t−1|; NaN when x_t−1 is zero or missing."""
    return MetricSpec(
        f"{name}_growth",
        "growth",
        label,
        "pct",
        True,
        GROWTH,
        (item(name, symbol=symbol), prior(name, symbol)),
        zero=f"prior-year {LINE_ITEM_LABELS[name]} is zero",
        quiz=GROWTH_QUIZ if name == "revenue" else None,
    )


def _days(name: str, label: str, balance: str, base: str, wrong: str, better: bool) -> MetricSpec:
    """avg balance / base × 365."""
    zero = REVENUE_ZERO if base == "revenue" else COGS_ZERO
    return MetricSpec(
        name,
        "velocity",
        label,
        "days",
        better,
        DAYS,
        (average(balance), item(base)),
        zero=zero,
        quiz=days_quiz(balance, base, wrong),
    )


def _margin(name: str, label: str, numerator: str, others: tuple[str, str]) -> MetricSpec:
    """numerator / revenue."""
    return MetricSpec(
        name,
        "margin",
        label,
        "pct",
        True,
        RATIO,
        (item(numerator), item("revenue")),
        zero=REVENUE_ZERO,
        guards=(
            (
                (
                    lambda t: (
                        (t.item("gross_profit").value == 0) & (t.item("cost_of_revenue").value != 0)
                    ),
                    "gross profit reported as 0 beside a cost of revenue (usual at banks and insurers)",
                ),
            )
            if numerator == "gross_profit"
            else ()
        ),
        quiz=margin_quiz(numerator, others),
    )


SPECS: tuple[MetricSpec, ...] = (
    _margin("gross_margin", N_("Gross margin"), "gross_profit", ("cost_of_revenue", "net_income")),
    _margin(
        "operating_margin",
        N_("Operating margin"),
        "operating_income",
        ("gross_profit", "net_income"),
    ),
    _margin("net_margin", N_("Net margin"), "net_income", ("operating_income", "gross_profit")),
    MetricSpec(
        "asset_turnover",
        "velocity",
        N_("Asset turnover"),
        "x",
        True,
        RATIO,
        (item("revenue"), AVG_ASSETS),
        zero=N_("total assets is zero"),
        quiz=turnover_quiz("revenue", "total_assets"),
    ),
    MetricSpec(
        "inventory_turnover",
        "velocity",
        N_("Inventory turnover"),
        "x",
        True,
        RATIO,
        (item("cost_of_revenue"), average("inventory")),
        zero=N_("no inventory (inventory is zero)"),
        quiz=turnover_quiz(
            "cost_of_revenue",
            "inventory",
            Mistake(
                "revenue instead of cost of revenue",
                lambda g: g.item("revenue") / g.avg("inventory"),
            ),
        ),
    ),
    _days("dio", N_("Days inventory (DIO)"), "inventory", "cost_of_revenue", "revenue", False),
    _days(
        "dso",
        N_("Days sales outstanding (DSO)"),
        "receivables",
        "revenue",
        "cost_of_revenue",
        False,
    ),
    _days("dpo", N_("Days payables (DPO)"), "payables", "cost_of_revenue", "revenue", True),
    MetricSpec(
        "cash_conversion_cycle",
        "velocity",
        N_("Cash conversion cycle"),
        "days",
        False,
        "{0} + {1} − {2}",
        (metric("dso", "DSO", "days"), metric("dio", "DIO", "days"), metric("dpo", "DPO", "days")),
        quiz=CYCLE_QUIZ,
    ),
    MetricSpec(
        "roa",
        "return",
        N_("Return on assets (ROA)"),
        "pct",
        True,
        RATIO,
        (item("net_income"), AVG_ASSETS),
        zero=N_("total assets is zero"),
        quiz=ROA_QUIZ,
    ),
    MetricSpec(
        "roe",
        "return",
        N_("Return on equity (ROE)"),
        "pct",
        True,
        RATIO,
        (item("net_income"), AVG_EQUITY),
        zero=N_("average equity is zero"),
        guards=((lambda t: t.metric("avg_equity").value <= 0, N_("negative equity")),),
        quiz=ROE_QUIZ,
    ),
    MetricSpec(
        "equity_multiplier",
        "return",
        N_("Equity multiplier"),
        "x",
        None,
        RATIO,
        (AVG_ASSETS, AVG_EQUITY),
        zero=N_("average equity is zero"),
    ),
    MetricSpec(
        "roic",
        "return",
        N_("Return on invested capital (ROIC)"),
        "pct",
        True,
        "{0} × (1 − {1}) / {2}",
        (
            item("operating_income"),
            Operand("tax rate", "tax_rate", "metric", "pct", "tax_rate", value_only=True),
            AVG_INVESTED,
        ),
        zero=N_("invested capital is zero"),
    ),
    MetricSpec(
        "tax_rate",
        "return",
        N_("Effective tax rate"),
        "pct",
        None,
        RATIO,
        (item("income_tax"), item("pretax_income")),
        custom=tax_rate,
        note=", clipped to [0, 1]; 0 when pretax_income ≤ 0",
    ),
    MetricSpec(
        "operating_cash_flow",
        "cash",
        N_("Operating cash flow"),
        "money",
        True,
        "{0}",
        (item("operating_cash_flow", "Operating cash flow as reported"),),
        text="as reported",
    ),
    MetricSpec(
        "free_cash_flow",
        "cash",
        N_("Free cash flow"),
        "money",
        True,
        "{0} − {1}",
        (item("operating_cash_flow"), item("capital_expenditure", "Capex")),
        quiz=FCF_QUIZ,
    ),
    MetricSpec(
        "fcf_margin",
        "cash",
        N_("FCF margin"),
        "pct",
        True,
        RATIO,
        (FREE_CASH_FLOW, item("revenue")),
        zero=REVENUE_ZERO,
        quiz=FCF_MARGIN_QUIZ,
    ),
    MetricSpec(
        "cash_conversion",
        "cash",
        N_("Cash conversion"),
        "x",
        True,
        RATIO,
        (item("operating_cash_flow"), item("net_income")),
        zero=N_("net income is zero"),
        guards=((lambda t: t.item("net_income").value <= 0, N_("net income is not positive")),),
    ),
    MetricSpec(
        "current_ratio",
        "cash",
        N_("Current ratio"),
        "x",
        True,
        RATIO,
        (item("current_assets"), item("current_liabilities")),
        zero=LIABILITIES_ZERO,
        quiz=CURRENT_QUIZ,
    ),
    MetricSpec(
        "quick_ratio",
        "cash",
        N_("Quick ratio"),
        "x",
        True,
        "({0} − {1}) / {2}",
        (item("current_assets"), item("inventory"), item("current_liabilities")),
        zero=LIABILITIES_ZERO,
        quiz=QUICK_QUIZ,
    ),
    MetricSpec(
        "cash_runway_months",
        "cash",
        N_("Cash runway"),
        "months",
        True,
        "{0} / (−{1} / 12)",
        (item("cash"), metric("free_cash_flow", "free cash flow")),
        zero=SELF_FUNDING,
        guards=((lambda t: t.metric("free_cash_flow").value >= 0, SELF_FUNDING),),
        note=" when free_cash_flow < 0",
    ),
    MetricSpec(
        "interest_coverage",
        "cash",
        N_("Interest coverage"),
        "x",
        True,
        RATIO,
        (item("operating_income"), item("interest_expense")),
        zero=N_("no interest expense"),
        quiz=COVERAGE_QUIZ,
    ),
    MetricSpec(
        "net_debt_to_ebitda",
        "cash",
        N_("Net debt / EBITDA"),
        "x",
        False,
        "({0} − {1}) / {2}",
        (
            metric("total_debt", "Total debt", symbol="total debt"),
            item("cash"),
            metric("ebitda", "EBITDA", symbol="(operating_income + depreciation_amortization)"),
        ),
        zero=N_("EBITDA is zero"),
    ),
    _growth("revenue", N_("Revenue growth")),
    _growth("net_income", N_("Net income growth")),
    _growth("operating_cash_flow", N_("Operating cash flow growth"), "ocf"),
    MetricSpec(
        "revenue_cagr",
        "growth",
        N_("Revenue CAGR since first year"),
        "pct",
        True,
        "({0} / {1})^(1 / {2}) − 1",
        (
            item("revenue"),
            Operand("Revenue", "revenue", "first", symbol="revenue_first"),
            Operand("years", "", "span", "count", "(t − first)"),
        ),
        custom=revenue_cagr,
    ),
    MetricSpec(
        "total_debt",
        "inputs",
        N_("Total debt"),
        "money",
        None,
        "{0} + {1}",
        (item("short_term_debt"), item("long_term_debt")),
        custom=total_debt,
    ),
    MetricSpec(
        "ebitda",
        "inputs",
        N_("EBITDA"),
        "money",
        None,
        "{0} + {1}",
        (item("operating_income"), item("depreciation_amortization")),
    ),
    _average("avg_total_assets", N_("Average total assets"), "total_assets"),
    _average("avg_equity", N_("Average equity"), "equity"),
    _average("avg_inventory", N_("Average inventory"), "inventory"),
    _average("avg_receivables", N_("Average receivables"), "receivables"),
    _average("avg_payables", N_("Average payables"), "payables"),
    _average("avg_invested_capital", N_("Average invested capital"), "invested_capital"),
)

SPEC: dict[str, MetricSpec] = {spec.name: spec for spec in SPECS}
