"""The metrics engine: every metric of docs/PRODUCT.md, vectorised over the whole table.

Each quantity travels with a reason array: code 0 where the value is valid, otherwise the code
of the reason it is NaN ("no inventory reported", "negative equity"); codes are integers so the
engine stays vectorised, and are decoded to text only when asked. No value is ever ±inf.

Averages: avg X = (X_t + X_t−1) / 2 where the same company reports fiscal year t−1,
otherwise the year-end value X_t (flagged in ``MetricResult.average_basis``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from acumen.analysis.catalog import METRIC_NAMES
from acumen.data.schema import LINE_ITEM_LABELS, LINE_ITEMS
from acumen.data.statements import plain_frame

DAYS_PER_YEAR = 365
OK = 0
_REASON_TEXTS: list[str] = [""]
_REASON_CODES: dict[str, int] = {"": OK}
_REASON_LOCK = threading.Lock()


def reason_code(text: str) -> int:
    """The integer code of a reason text (registered on first use; texts hold no user data)."""
    found = _REASON_CODES.get(text)
    if found is not None:
        return found
    with _REASON_LOCK:
        if text not in _REASON_CODES:
            _REASON_TEXTS.append(text)
            _REASON_CODES[text] = len(_REASON_TEXTS) - 1
        return _REASON_CODES[text]


def decode_reasons(codes: np.ndarray) -> np.ndarray:
    """Reason texts ("" where valid) for an array of codes."""
    return np.asarray(_REASON_TEXTS, dtype=object)[codes]


TOO_LARGE = reason_code("too large to show (denominator is nearly zero)")
NOT_COMPUTABLE = reason_code("not computable from the reported figures")
NO_PRIOR_YEAR = reason_code("no prior year")
GAP_YEAR = reason_code("no prior year (gap in fiscal years)")
YEAR_END_BASIS = "year-end (no prior year)"
AVERAGE_BASIS = "two-year average"


@dataclass(frozen=True)
class Quantity:
    """A float array and, element by element, the code of why it is missing (0 when it is not)."""

    value: np.ndarray
    reason: np.ndarray

    @staticmethod
    def of(value: np.ndarray, reason: np.ndarray) -> Quantity:
        """Build a quantity; any non-finite value left over becomes NaN with a reason."""
        valid = reason == OK
        reason = np.where(valid & np.isinf(value), TOO_LARGE, reason)
        reason = np.where(valid & np.isnan(value), NOT_COMPUTABLE, reason)
        value = np.where(reason == OK, value, np.nan)
        return Quantity(value.astype("float64"), reason)

    def _combine(self, other: Quantity | float, op) -> Quantity:
        with np.errstate(over="ignore", invalid="ignore"):
            if not isinstance(other, Quantity):
                return Quantity.of(op(self.value, other), self.reason)
            reason = np.where(self.reason != OK, self.reason, other.reason)
            return Quantity.of(op(self.value, other.value), reason)

    def __add__(self, other: Quantity | float) -> Quantity:
        return self._combine(other, np.add)

    def __sub__(self, other: Quantity | float) -> Quantity:
        return self._combine(other, np.subtract)

    def __mul__(self, other: Quantity | float) -> Quantity:
        return self._combine(other, np.multiply)

    def __neg__(self) -> Quantity:
        return Quantity(-self.value, self.reason)

    def divide(self, denominator: Quantity, zero_reason: str) -> Quantity:
        """self / denominator; a zero denominator gives NaN with ``zero_reason``."""
        reason = np.where(self.reason != OK, self.reason, denominator.reason)
        reason = np.where(
            (reason == OK) & (denominator.value == 0), reason_code(zero_reason), reason
        )
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            value = self.value / denominator.value
        return Quantity.of(value, reason)

    def unless(self, condition: np.ndarray, reason: str) -> Quantity:
        """NaN with ``reason`` wherever ``condition`` holds (and the value was valid)."""
        new_reason = np.where((self.reason == OK) & condition, reason_code(reason), self.reason)
        return Quantity.of(self.value, new_reason)


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
        return _REASON_TEXTS[int(self.reason_codes.at[(company, fiscal_year), metric])]


class _Table:
    """Line items of one statements table as Quantities, with prior-year lookups."""

    def __init__(self, statements: pd.DataFrame) -> None:
        self.frame = plain_frame(statements)
        index = self.frame.index
        company = index.get_level_values(0).to_numpy()
        year = index.get_level_values(1).to_numpy(dtype="int64")
        same_company = np.r_[False, company[1:] == company[:-1]]
        self.has_earlier_row = same_company
        self.has_prior_year = same_company & np.r_[False, year[1:] - 1 == year[:-1]]
        self.first_row_position = self._first_row_positions(same_company)
        self.year = year
        self.n = len(index)

    @staticmethod
    def _first_row_positions(same_company: np.ndarray) -> np.ndarray:
        starts = np.where(~same_company, np.arange(len(same_company)), 0)
        return np.maximum.accumulate(starts) if len(starts) else starts

    def item(self, name: str) -> Quantity:
        value = self.frame[name].to_numpy(dtype="float64")
        reason = np.where(np.isnan(value), reason_code(f"no {LINE_ITEM_LABELS[name]} reported"), OK)
        return Quantity(value, reason)

    def prior(self, quantity: Quantity, label: str) -> Quantity:
        """The value at t−1 of the same company, with why it is missing."""
        shifted_value = np.r_[np.nan, quantity.value[:-1]] if self.n else quantity.value
        shifted_reason = np.r_[OK, quantity.reason[:-1]] if self.n else quantity.reason
        reason = np.where(
            ~self.has_earlier_row,
            NO_PRIOR_YEAR,
            np.where(
                ~self.has_prior_year,
                GAP_YEAR,
                np.where(shifted_reason != OK, reason_code(f"no prior-year {label} reported"), OK),
            ),
        )
        return Quantity.of(shifted_value, reason)

    def average(self, quantity: Quantity, label: str) -> Quantity:
        """Mean of t and t−1; the year-end value where t−1 is missing."""
        prior = self.prior(quantity, label)
        value = np.where(prior.reason == OK, (quantity.value + prior.value) / 2, quantity.value)
        return Quantity.of(value, quantity.reason)

    def growth(self, quantity: Quantity, label: str) -> Quantity:
        """(x_t − x_t−1) / |x_t−1|; NaN when x_t−1 is zero or missing."""
        prior = self.prior(quantity, label)
        change = quantity - prior
        absolute_prior = Quantity(np.abs(prior.value), prior.reason)
        return change.divide(absolute_prior, f"prior-year {label} is zero")


def compute_metrics_with_reasons(statements: pd.DataFrame) -> MetricResult:
    """All canonical metrics, their missing-value reasons and the averaging basis."""
    t = _Table(statements)
    item = {name: t.item(name) for name in LINE_ITEMS}
    revenue, cogs = item["revenue"], item["cost_of_revenue"]
    net_income, equity = item["net_income"], item["equity"]
    zero = "{} is zero".format

    avg_assets = t.average(item["total_assets"], "total assets")
    avg_equity = t.average(equity, "equity")
    avg_inventory = t.average(item["inventory"], "inventory")
    avg_receivables = t.average(item["receivables"], "receivables")
    avg_payables = t.average(item["payables"], "payables")
    total_debt = _sum_reported(item["short_term_debt"], item["long_term_debt"], "no debt reported")
    avg_invested = t.average(equity + total_debt, "invested capital")
    ebitda = item["operating_income"] + item["depreciation_amortization"]
    free_cash_flow = item["operating_cash_flow"] - item["capital_expenditure"]

    gross_profit_not_meaningful = (item["gross_profit"].value == 0) & (cogs.value != 0)
    m: dict[str, Quantity] = {}
    m["gross_margin"] = (
        item["gross_profit"]
        .divide(revenue, zero("revenue"))
        .unless(
            gross_profit_not_meaningful,
            "gross profit reported as 0 beside a cost of revenue (usual at banks and insurers)",
        )
    )
    m["operating_margin"] = item["operating_income"].divide(revenue, zero("revenue"))
    m["net_margin"] = net_income.divide(revenue, zero("revenue"))

    m["asset_turnover"] = revenue.divide(avg_assets, zero("total assets"))
    m["inventory_turnover"] = cogs.divide(avg_inventory, "no inventory (inventory is zero)")
    m["dio"] = avg_inventory.divide(cogs, zero("cost of revenue")) * DAYS_PER_YEAR
    m["dso"] = avg_receivables.divide(revenue, zero("revenue")) * DAYS_PER_YEAR
    m["dpo"] = avg_payables.divide(cogs, zero("cost of revenue")) * DAYS_PER_YEAR
    m["cash_conversion_cycle"] = m["dso"] + m["dio"] - m["dpo"]

    m["roa"] = net_income.divide(avg_assets, zero("total assets"))
    m["roe"] = net_income.divide(avg_equity, zero("average equity")).unless(
        avg_equity.value <= 0, "negative equity"
    )
    m["equity_multiplier"] = avg_assets.divide(avg_equity, zero("average equity"))
    m["tax_rate"] = _tax_rate(item["income_tax"], item["pretax_income"])
    nopat = item["operating_income"] * (1 - m["tax_rate"].value)
    nopat = Quantity.of(
        nopat.value, np.where(nopat.reason != OK, nopat.reason, m["tax_rate"].reason)
    )
    m["roic"] = nopat.divide(avg_invested, zero("invested capital"))

    m["operating_cash_flow"] = item["operating_cash_flow"]
    m["free_cash_flow"] = free_cash_flow
    m["fcf_margin"] = free_cash_flow.divide(revenue, zero("revenue"))
    m["cash_conversion"] = (
        item["operating_cash_flow"]
        .divide(net_income, zero("net income"))
        .unless(net_income.value <= 0, "net income is not positive")
    )
    m["current_ratio"] = item["current_assets"].divide(
        item["current_liabilities"], zero("current liabilities")
    )
    m["quick_ratio"] = (item["current_assets"] - item["inventory"]).divide(
        item["current_liabilities"], zero("current liabilities")
    )
    monthly_burn = Quantity(-free_cash_flow.value / 12, free_cash_flow.reason)
    m["cash_runway_months"] = (
        item["cash"]
        .divide(monthly_burn, "self-funding (free cash flow is not negative)")
        .unless(free_cash_flow.value >= 0, "self-funding (free cash flow is not negative)")
    )
    m["interest_coverage"] = item["operating_income"].divide(
        item["interest_expense"], "no interest expense"
    )
    m["net_debt_to_ebitda"] = (total_debt - item["cash"]).divide(ebitda, zero("EBITDA"))

    m["revenue_growth"] = t.growth(revenue, "revenue")
    m["net_income_growth"] = t.growth(net_income, "net income")
    m["operating_cash_flow_growth"] = t.growth(item["operating_cash_flow"], "operating cash flow")
    m["revenue_cagr"] = _cagr_to_date(t, revenue)

    m["total_debt"] = total_debt
    m["ebitda"] = ebitda
    m["avg_total_assets"] = avg_assets
    m["avg_equity"] = avg_equity
    m["avg_inventory"] = avg_inventory
    m["avg_receivables"] = avg_receivables
    m["avg_payables"] = avg_payables
    m["avg_invested_capital"] = avg_invested

    index = t.frame.index
    values = pd.DataFrame({name: m[name].value for name in METRIC_NAMES}, index=index)
    codes = pd.DataFrame({name: m[name].reason for name in METRIC_NAMES}, index=index)
    basis = pd.Series(
        np.where(t.has_prior_year, AVERAGE_BASIS, YEAR_END_BASIS), index=index, name="average_basis"
    )
    return MetricResult(values=values, reason_codes=codes, average_basis=basis)


def compute_metrics(statements: pd.DataFrame) -> pd.DataFrame:
    """One column per canonical metric, same ``(company, fiscal_year)`` index."""
    return compute_metrics_with_reasons(statements).values


def _sum_reported(a: Quantity, b: Quantity, reason_if_none: str) -> Quantity:
    """a + b treating one missing part as 0; NaN only when both are missing."""
    both_missing = (a.reason != OK) & (b.reason != OK)
    value = np.nan_to_num(a.value) + np.nan_to_num(b.value)
    return Quantity.of(value, np.where(both_missing, reason_code(reason_if_none), OK))


def _tax_rate(income_tax: Quantity, pretax_income: Quantity) -> Quantity:
    """income_tax / pretax_income clipped to [0, 1]; 0 when pretax_income ≤ 0."""
    loss = pretax_income.value <= 0
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.clip(income_tax.value / pretax_income.value, 0.0, 1.0)
    value = np.where(loss, 0.0, rate)
    reason = np.where(
        pretax_income.reason != OK, pretax_income.reason, np.where(loss, OK, income_tax.reason)
    )
    return Quantity.of(value, reason)


def _cagr_to_date(t: _Table, revenue: Quantity) -> Quantity:
    """Revenue CAGR from the company's first year to t; at the latest year, the whole window."""
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
            reason_code("first year of the window"),
            np.where(
                np.isnan(first),
                reason_code("no revenue reported in the first year"),
                np.where(valid, OK, reason_code("revenue is not positive")),
            ),
        ),
    )
    return Quantity.of(value, reason)
