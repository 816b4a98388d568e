"""Composite scores: Piotroski F and Altman Z″, vectorised over the whole statements table.

Every component is its own column, NaN with a reason where it cannot be computed; no value
is ever ±inf. "Prior year" is the immediately preceding fiscal year of the same company.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from acumen.analysis.metrics import MetricResult, compute_metrics_with_reasons
from acumen.data.statements import line_table
from acumen.i18n import N_

OK = ""
NO_PRIOR = "no prior year"
NO_PRIOR_GAP = "no prior year (gap in fiscal years)"
NO_SHARE_COUNT = "no share count reported"

#: Piotroski components in published order (profitability, leverage/liquidity, efficiency).
PIOTROSKI_COMPONENTS: tuple[str, ...] = (
    "f_roa",
    "f_cfo",
    "f_delta_roa",
    "f_accrual",
    "f_delta_leverage",
    "f_delta_current_ratio",
    "f_no_new_shares",
    "f_delta_gross_margin",
    "f_delta_asset_turnover",
)

ALTMAN_WEIGHTS: dict[str, float] = {"x1": 6.56, "x2": 3.26, "x3": 6.72, "x4": 1.05}
ALTMAN_DISTRESS, ALTMAN_SAFE = 1.1, 2.6
ALTMAN_COMPONENTS: tuple[str, ...] = ("x1", "x2", "x3", "x4")
ALTMAN_LABELS: dict[str, str] = {
    "x1": N_("Working capital / total assets"),
    "x2": N_("Retained earnings / total assets"),
    "x3": N_("EBIT (operating income) / total assets"),
    "x4": N_("Book equity / total liabilities"),
    "z_double_prime": N_("Altman Z″"),
}


@dataclass(frozen=True)
class ScoreResult:
    """Score values (one column per component) and, cell by cell, why a value is NaN."""

    values: pd.DataFrame
    reasons: pd.DataFrame


def prior_rows(index: pd.MultiIndex) -> tuple[np.ndarray, np.ndarray]:
    """(has an earlier row of the same company, that row is fiscal year t−1) per row."""
    company = index.get_level_values(0).to_numpy()
    year = index.get_level_values(1).to_numpy(dtype="int64")
    earlier = np.r_[False, company[1:] == company[:-1]] if len(company) else np.zeros(0, bool)
    prior = earlier & np.r_[False, year[1:] - 1 == year[:-1]] if len(year) else earlier
    return earlier, prior


def shift_prior(frame: pd.DataFrame) -> pd.DataFrame:
    """Each row's values at t−1 of the same company; NaN where there is no such year."""
    _, prior = prior_rows(frame.index)
    values = frame.to_numpy(dtype="float64")
    shifted = (
        np.vstack([np.full((1, values.shape[1]), np.nan), values[:-1]]) if len(values) else values
    )
    shifted = np.where(prior[:, None], shifted, np.nan)
    return pd.DataFrame(shifted, index=frame.index, columns=frame.columns)


def _prior_reason(index: pd.MultiIndex) -> np.ndarray:
    earlier, prior = prior_rows(index)
    return np.where(~earlier, NO_PRIOR, np.where(~prior, NO_PRIOR_GAP, OK)).astype(object)


def _indicator(condition: np.ndarray, valid: np.ndarray) -> np.ndarray:
    return np.where(valid, condition.astype("float64"), np.nan)


def _metric_result(statements: pd.DataFrame, metrics: MetricResult | None) -> MetricResult:
    return metrics if metrics is not None else compute_metrics_with_reasons(statements)


Signal = tuple[np.ndarray, np.ndarray]


def _level(m: MetricResult, metric: str, condition: Callable[[np.ndarray], np.ndarray]) -> Signal:
    """(1 where ``condition`` holds on this year's ``metric``, 0 where not, NaN where it is
    n/a; the reason)."""
    value = m.values[metric].to_numpy()
    valid = ~np.isnan(value)
    reason = np.where(valid, OK, m.reasons[metric].to_numpy()).astype(object)
    return _indicator(condition(value), valid), reason


def _change(
    base: pd.DataFrame,
    column: str,
    reason_now: np.ndarray,
    improves: Callable[[np.ndarray], np.ndarray],
) -> Signal:
    """(1 where ``improves(x_t − x_t−1)``, 0 where not, NaN without both years; the reason:
    this year's, else the prior year's, else ``no prior-year <column>``)."""
    prior = shift_prior(base)
    now, before = base[column].to_numpy(), prior[column].to_numpy()
    valid = ~np.isnan(now) & ~np.isnan(before)
    with np.errstate(invalid="ignore"):
        value = _indicator(improves(now - before), valid)
    prior_reason = _prior_reason(base.index)
    missing_before = f"no prior-year {column.replace('_', ' ')}"
    reason = np.select(
        [valid, reason_now != OK, prior_reason != OK],
        [OK, reason_now, prior_reason],
        missing_before,
    ).astype(object)
    return value, reason


def _leverage(items: pd.DataFrame, m: MetricResult) -> tuple[pd.Series, np.ndarray]:
    """Long-term debt / avg total assets (NaN, never inf) and why it is n/a."""
    leverage = pd.Series(
        items["long_term_debt"].to_numpy() / m.values["avg_total_assets"].to_numpy(),
        index=items.index,
        name="leverage",
    ).replace([np.inf, -np.inf], np.nan)
    reason = np.where(
        np.isnan(items["long_term_debt"].to_numpy()),
        "no long-term debt reported",
        m.reasons["avg_total_assets"].to_numpy().astype(object),
    ).astype(object)
    reason = np.where(
        (reason == OK) & np.isnan(leverage.to_numpy()), "total assets is zero", reason
    )
    return leverage, reason


def _cash_signals(items: pd.DataFrame) -> dict[str, Signal]:
    """``f_cfo`` (CFO > 0) and ``f_accrual`` (CFO > net income) from the line items."""
    ocf = items["operating_cash_flow"].to_numpy()
    net_income = items["net_income"].to_numpy()
    ocf_valid = ~np.isnan(ocf)
    accrual_valid = ocf_valid & ~np.isnan(net_income)
    return {
        "f_cfo": (
            _indicator(np.nan_to_num(ocf) > 0, ocf_valid),
            np.where(ocf_valid, OK, "no operating cash flow reported").astype(object),
        ),
        "f_accrual": (
            _indicator(np.nan_to_num(ocf) > np.nan_to_num(net_income), accrual_valid),
            np.where(
                accrual_valid,
                OK,
                np.where(ocf_valid, "no net income reported", "no operating cash flow reported"),
            ).astype(object),
        ),
    }


def piotroski(statements: pd.DataFrame, metrics: MetricResult | None = None) -> ScoreResult:
    """Piotroski F: nine 0/1 signals; ``f_score`` sums the available ones.

    ROA > 0; CFO > 0; ΔROA > 0; CFO > net income; Δ(long-term debt / avg total assets) < 0;
    Δcurrent ratio > 0; no new shares (NaN: no share count reported); Δgross margin > 0;
    Δasset turnover > 0. Δ compares with fiscal year t−1 of the same company only.
    """
    m = _metric_result(statements, metrics)
    items = line_table(statements)
    index = items.index
    leverage, leverage_reason = _leverage(items, m)
    base = pd.concat(
        [m.values[["roa", "current_ratio", "gross_margin", "asset_turnover"]], leverage], axis=1
    )

    def improved(column: str, rises: bool = True) -> Signal:
        reason_now = (
            leverage_reason if column == "leverage" else m.reasons[column].to_numpy().astype(object)
        )
        return _change(base, column, reason_now, (lambda d: d > 0) if rises else (lambda d: d < 0))

    parts: dict[str, Signal] = {
        "f_roa": _level(m, "roa", lambda v: v > 0),
        "f_delta_roa": improved("roa"),
        "f_delta_leverage": improved("leverage", rises=False),
        "f_delta_current_ratio": improved("current_ratio"),
        "f_no_new_shares": (
            np.full(len(index), np.nan),
            np.full(len(index), NO_SHARE_COUNT, dtype=object),
        ),
        "f_delta_gross_margin": improved("gross_margin"),
        "f_delta_asset_turnover": improved("asset_turnover"),
    } | _cash_signals(items)
    parts = {k: parts[k] for k in PIOTROSKI_COMPONENTS}
    values = pd.DataFrame({k: v for k, (v, _) in parts.items()}, index=index)
    reasons = pd.DataFrame({k: r for k, (_, r) in parts.items()}, index=index)
    available = values.notna().sum(axis=1).astype("float64")
    values["f_score"] = values[list(PIOTROSKI_COMPONENTS)].sum(axis=1, min_count=1)
    values["f_components_available"] = available
    reasons["f_score"] = np.where(available > 0, OK, "no component available").astype(object)
    reasons["f_components_available"] = OK
    return ScoreResult(values=values, reasons=reasons)


def altman_z_double_prime(
    statements: pd.DataFrame, metrics: MetricResult | None = None
) -> ScoreResult:
    """Altman Z″ (non-manufacturers, book equity): Z″ = 6.56·X1 + 3.26·X2 + 6.72·X3 + 1.05·X4.

    X1 = (current assets − current liabilities) / total assets; X2 = retained earnings / total
    assets; X3 = operating income (EBIT) / total assets; X4 = equity / total liabilities.
    Zones: Z″ < 1.1 distress, 1.1–2.6 grey, > 2.6 safe. ``metrics`` is accepted for symmetry.
    """
    items = line_table(statements)
    index = items.index
    col = {name: items[name].to_numpy() for name in items.columns}
    total_assets = col["total_assets"]

    def ratio(numerator: np.ndarray, denominator: np.ndarray, labels: tuple[str, str]) -> tuple:
        reason = np.where(
            np.isnan(numerator),
            f"no {labels[0]} reported",
            np.where(
                np.isnan(denominator),
                f"no {labels[1]} reported",
                np.where(denominator == 0, f"{labels[1]} is zero", OK),
            ),
        ).astype(object)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(reason == OK, numerator / denominator, np.nan)
        return value, reason

    working_capital = col["current_assets"] - col["current_liabilities"]
    x1, r1 = ratio(working_capital, total_assets, ("current assets or liabilities", "total assets"))
    no_split = (col["current_assets"] == 0) & (col["current_liabilities"] == 0)
    r1 = np.where((r1 == OK) & no_split, "no current assets/liabilities split (usual at banks)", r1)
    x1 = np.where(r1 == OK, x1, np.nan)
    x2, r2 = ratio(col["retained_earnings"], total_assets, ("retained earnings", "total assets"))
    x3, r3 = ratio(col["operating_income"], total_assets, ("operating income", "total assets"))
    x4, r4 = ratio(col["equity"], col["total_liabilities"], ("equity", "total liabilities"))

    values = pd.DataFrame({"x1": x1, "x2": x2, "x3": x3, "x4": x4}, index=index)
    reasons = pd.DataFrame({"x1": r1, "x2": r2, "x3": r3, "x4": r4}, index=index)
    z = sum(ALTMAN_WEIGHTS[k] * values[k] for k in ALTMAN_COMPONENTS)
    z_reason = reasons["x1"].copy()
    for k in ALTMAN_COMPONENTS[1:]:
        z_reason = z_reason.where(z_reason != OK, reasons[k])
    values["z_double_prime"] = z
    reasons["z_double_prime"] = z_reason
    zone = np.select(
        [z < ALTMAN_DISTRESS, z <= ALTMAN_SAFE, z > ALTMAN_SAFE], ["distress", "grey", "safe"], ""
    )
    values["zone"] = pd.Series(zone, index=index).replace("", np.nan).astype(object)
    reasons["zone"] = z_reason
    return ScoreResult(values=values, reasons=reasons)


def zone_of(z: float) -> str:
    """ "distress" (< 1.1), "grey" (1.1–2.6), "safe" (> 2.6) or "" for NaN."""
    if z != z:
        return ""
    return "distress" if z < ALTMAN_DISTRESS else "grey" if z <= ALTMAN_SAFE else "safe"
