"""Worked examples with real companies' numbers.

- :func:`same_roa_pair` picks two universe companies with about the same ROA reached by
  different paths (high margin / low velocity against low margin / high velocity).
- :func:`cash_growth_example` works "extra working capital = CCC / 365 × revenue increase".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from acumen.analysis.client import ClientView
from acumen.analysis.metrics import compute_metrics_with_reasons
from acumen.analysis.universe import PeerUniverse
from acumen.formatting import fiscal_label, is_missing, say
from acumen.i18n import _
from acumen.teaching.worked import year_label

# ---------------------------------------------------------------- same ROA, different paths


@dataclass(frozen=True)
class RoaPath:
    company: str
    name: str
    sector: str
    fiscal_year: int
    net_margin: float
    asset_turnover: float
    roa: float
    fiscal_label: str = ""

    def text(self) -> str:
        return _(
            "{name} ({year}): net margin {net_margin} × asset turnover {asset_turnover} = ROA {roa}"
        ).format(
            name=self.name,
            year=self.fiscal_label or fiscal_label(self.fiscal_year),
            net_margin=say(self.net_margin, "pct"),
            asset_turnover=say(self.asset_turnover, "x"),
            roa=say(self.roa, "pct"),
        )


@dataclass(frozen=True)
class RoaPair:
    """Two companies whose ROA is within ``tolerance`` reached by opposite paths."""

    margin_path: RoaPath
    velocity_path: RoaPath


def _latest_rows(
    values: pd.DataFrame, meta: pd.DataFrame, period_end: pd.Series | None
) -> pd.DataFrame:
    """Each company's latest row: net_margin, asset_turnover, roa, name, sector, label."""
    values = values[["net_margin", "asset_turnover", "roa"]]
    latest = values.groupby(level=0).tail(1)
    ends = (
        period_end[~period_end.index.duplicated()].reindex(latest.index)
        if period_end is not None and len(period_end)
        else pd.Series(pd.NaT, index=latest.index)
    )
    latest = latest.reset_index()
    latest["name"] = latest["company"].map(meta["name"]).astype(object)
    latest["sector"] = latest["company"].map(meta["sector"]).astype(object)
    latest["fiscal_label"] = [
        fiscal_label(y, e) for y, e in zip(latest["fiscal_year"], ends, strict=True)
    ]
    return latest


def same_roa_pair(
    statements: pd.DataFrame | None = None,
    *,
    universe: PeerUniverse | None = None,
    tolerance: float = 0.01,
    min_roa: float = 0.04,
    max_roa: float = 0.20,
    exclude_sectors: tuple[str, ...] = ("Financials", "Real Estate"),
) -> RoaPair | None:
    """The pair of companies (latest year each, same fiscal year) with ROA within
    ``tolerance`` and the widest contrast in asset turnover, from ``statements`` or from the
    peer ``universe`` (its sound rows only); None without either."""
    if statements is not None:
        rows = _latest_rows(
            compute_metrics_with_reasons(statements).values,
            statements.companies,
            statements.period_end,
        )
    elif universe is not None:
        rows = _latest_rows(universe.sound_metrics(), universe.companies, universe.period_end)
    else:
        return None
    return _pair_from(rows, tolerance, min_roa, max_roa, exclude_sectors)


def _pair_from(
    rows: pd.DataFrame, tolerance: float, min_roa: float, max_roa: float, exclude: tuple[str, ...]
) -> RoaPair | None:
    ok = (
        rows["roa"].between(min_roa, max_roa)
        & (rows["net_margin"] > 0)
        & (rows["asset_turnover"] > 0)
        & ~rows["sector"].isin(list(exclude))
    )
    rows = rows[ok]
    if rows.empty:
        return None
    year = int(rows["fiscal_year"].mode().iloc[0])
    rows = rows[rows["fiscal_year"] == year].sort_values("company").reset_index(drop=True)
    roa = rows["roa"].to_numpy()
    log_turns = np.log(rows["asset_turnover"].to_numpy())
    close = np.abs(roa[:, None] - roa[None, :]) <= tolerance
    contrast = np.where(close, log_turns[None, :] - log_turns[:, None], -np.inf)
    i, j = np.unravel_index(int(np.argmax(contrast)), contrast.shape)
    if not np.isfinite(contrast[i, j]) or contrast[i, j] <= 0:
        return None

    def path(k: int) -> RoaPath:
        r = rows.iloc[k]
        return RoaPath(
            str(r["company"]),
            str(r["name"]),
            str(r["sector"]),
            int(r["fiscal_year"]),
            float(r["net_margin"]),
            float(r["asset_turnover"]),
            float(r["roa"]),
            str(r["fiscal_label"]),
        )

    return RoaPair(margin_path=path(i), velocity_path=path(j))


# ---------------------------------------------------------------- cash versus profit

#: The growth rate of the "what if it grew faster" line of the cash-versus-profit lesson.
HYPOTHETICAL_GROWTH = 0.20


@dataclass(frozen=True)
class CashGrowthExample:
    """Extra working capital = CCC / 365 × revenue increase, for one client year."""

    fiscal_year: int
    days: float
    days_label: str
    revenue: float
    revenue_growth: float
    revenue_increase: float
    extra_working_capital: float
    hypothetical_increase: float
    hypothetical_working_capital: float
    net_income: float
    free_cash_flow: float
    currency: str
    growth_is_actual: bool
    fiscal_label: str = ""

    @property
    def label(self) -> str:
        return self.fiscal_label or fiscal_label(self.fiscal_year)

    def _money(self, value: float) -> str:
        return say(value, "money", self.currency)

    def _actual_lines(self) -> list[str]:
        """The year's own growth and the working capital it tied up (or released)."""
        money, days = self._money, say(self.days, "days")
        lines = [
            _("Revenue changed {growth} in {year}: {increase}.").format(
                growth=say(self.revenue_growth, "pct"),
                year=self.label,
                increase=money(self.revenue_increase),
            )
        ]
        tied = self.extra_working_capital > 0
        lines.append(
            (
                _(
                    "Extra working capital = {cycle} / 365 × revenue increase = {days} / 365 × "
                    "{increase} = {extra}: {amount} of cash tied up."
                )
                if tied
                else _(
                    "Extra working capital = {cycle} / 365 × revenue increase = {days} / 365 × "
                    "{increase} = {extra}: {amount} of cash released."
                )
            ).format(
                cycle=self.days_label,
                days=days,
                increase=money(self.revenue_increase),
                extra=money(self.extra_working_capital),
                amount=money(abs(self.extra_working_capital)),
            )
        )
        return lines

    def lines(self) -> list[str]:
        """The worked example as sentences."""
        money = self._money
        days = say(self.days, "days")
        lines = self._actual_lines() if self.growth_is_actual else []
        lines.append(
            (
                _(
                    "If revenue grew {growth} (+{increase}): {days} / 365 × {increase} = {extra}, "
                    "so {amount} of working capital to fund."
                )
                if self.hypothetical_working_capital > 0
                else _(
                    "If revenue grew {growth} (+{increase}): {days} / 365 × {increase} = {extra}, "
                    "so {amount} of working capital released."
                )
            ).format(
                growth=say(HYPOTHETICAL_GROWTH, "pct"),
                increase=money(self.hypothetical_increase),
                days=days,
                extra=money(self.hypothetical_working_capital),
                amount=money(abs(self.hypothetical_working_capital)),
            )
        )
        lines.append(
            _("Compare: net income {net_income}, free cash flow {fcf} in {year}.").format(
                net_income=money(self.net_income), fcf=money(self.free_cash_flow), year=self.label
            )
        )
        if self.days < 0:
            lines.append(
                _(
                    "A negative cycle means suppliers are paid after customers pay: growth "
                    "releases cash instead of absorbing it."
                )
            )
        return lines


def extra_working_capital(days: float, revenue_increase: float) -> float:
    """Cash tied up by growth: days / 365 × revenue increase."""
    return days / 365 * revenue_increase


def cash_growth_example(view: ClientView, year: int | None = None) -> CashGrowthExample | None:
    """The client's cash cycle applied to its revenue growth; None when no cycle is known.

    Uses the cash conversion cycle, or DSO alone when there is no inventory.
    """
    year = int(year or view.latest_year)
    days, label = view.value("cash_conversion_cycle", year), "CCC"
    if math.isnan(days):
        days, label = view.value("dso", year), "DSO"
    revenue = view.item("revenue", year)
    if is_missing(days) or is_missing(revenue):
        return None
    growth = view.value("revenue_growth", year)
    actual = not math.isnan(growth)
    increase = revenue - view.item("revenue", year - 1) if actual else math.nan
    hypothetical = revenue * HYPOTHETICAL_GROWTH
    return CashGrowthExample(
        fiscal_year=year,
        days=days,
        days_label=label,
        revenue=revenue,
        revenue_growth=growth,
        revenue_increase=increase,
        extra_working_capital=extra_working_capital(days, increase) if actual else math.nan,
        hypothetical_increase=hypothetical,
        hypothetical_working_capital=extra_working_capital(days, hypothetical),
        net_income=view.item("net_income", year),
        free_cash_flow=view.value("free_cash_flow", year),
        currency=view.currency,
        growth_is_actual=actual,
        fiscal_label=year_label(view, year),
    )
