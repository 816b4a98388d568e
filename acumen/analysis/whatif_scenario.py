"""What-if, the levers and the scenario statements: move the client's levers and recompute
its statements (:mod:`acumen.analysis.whatif` lets the metrics engine say what changed).

Levers (:class:`Levers`) change the latest fiscal year only; earlier years stay as reported,
so averages keep using the reported prior year-end. With ``fR = (1 + price)(1 + volume)`` and
``fC = (1 + volume)(1 + cogs)``:

- revenue = base × fR; cost_of_revenue = base × fC; SG&A = base × (1 + sga) (SG&A is
  treated as fixed with volume); gross_profit, operating_income and pretax_income move by
  the same amounts; income_tax moves at the base effective tax rate (the engine's
  ``tax_rate``: income_tax / pretax_income clipped to [0, 1], 0 for a loss); net_income is
  the rest. Interest and D&A are unchanged.
- Working-capital days. The target days are the base days plus the lever
  (DSO on revenue; DIO and DPO on cost of revenue), so at zero days change the balances
  simply scale with revenue (receivables) or cost (inventory, payables). The engine uses
  AVERAGE balances, so the new year-end balance is solved from the target average::

      target avg = base avg × f + Δdays / 365 × new flow
      new year-end = year-end + k × (target avg − base avg)

  with ``k = 2`` when the prior year-end is reported (avg = (prior + new) / 2) and ``k = 1``
  when the engine uses the year-end value. A balance is never pushed below zero (then the
  days move less, and a note says so).
- Cash released (+) or absorbed (−) by working capital is the change in the AVERAGE
  balances the engine reports, the lasting amount the offer frees::

      cash_released = −(Δ avg receivables + Δ avg inventory − Δ avg payables)

  so 5 fewer inventory days release exactly 5 / 365 × cost of revenue. Because the prior
  year-end is fixed, the year-end balances move by k × that, which is what this year's
  operating cash flow shows: ΔOCF = Δnet income − Δ(year-end receivables + inventory − payables).
- Capex = base × (1 + capex); the difference lands in fixed assets (total_assets).
- Cash = base + ΔOCF − Δcapex (− debt repaid when ``repay_debt``: the cash freed at the
  year-end pays down short-term, then long-term debt). current_assets, total_assets,
  current_liabilities, total_liabilities, equity and retained_earnings move consistently, so
  total_assets − total_liabilities − equity is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from acumen.analysis.metric_computations import tax_rate_of
from acumen.analysis.metrics import DAYS_PER_YEAR
from acumen.data.schema import LINE_ITEMS
from acumen.data.statements import Statements, line_table
from acumen.i18n import N_, _


@dataclass(frozen=True)
class Levers:
    """Changes to the latest year: percentages (``-1.0`` = −1 %) and days (``-5`` = 5 fewer)."""

    price_pct: float = 0.0
    volume_pct: float = 0.0
    cogs_pct: float = 0.0
    sga_pct: float = 0.0
    dso_days: float = 0.0
    dio_days: float = 0.0
    dpo_days: float = 0.0
    capex_pct: float = 0.0
    repay_debt: bool = False

    def is_zero(self) -> bool:
        """True when no numeric lever moves (``repay_debt`` alone changes nothing)."""
        return all(not getattr(self, f.name) for f in fields(self) if f.name != "repay_debt")


#: Lever name -> (label, unit) for sliders; labels English, shown through ``_()``.
LEVER_INFO: dict[str, tuple[str, str]] = {
    "price_pct": (N_("Price"), "%"),
    "volume_pct": (N_("Volume"), "%"),
    "cogs_pct": (N_("Cost of revenue per unit"), "%"),
    "sga_pct": (N_("SG&A"), "%"),
    "dso_days": (N_("DSO (days to collect)"), "days"),
    "dio_days": (N_("DIO (days of inventory)"), "days"),
    "dpo_days": (N_("DPO (days to pay suppliers)"), "days"),
    "capex_pct": (N_("Capex"), "%"),
}
#: Lever name -> its short label in summaries (the label before its parenthesis).
LEVER_SHORT: dict[str, str] = {
    "price_pct": N_("Price"),
    "volume_pct": N_("Volume"),
    "cogs_pct": N_("Cost of revenue per unit"),
    "sga_pct": N_("SG&A"),
    "dso_days": N_("DSO"),
    "dio_days": N_("DIO"),
    "dpo_days": N_("DPO"),
    "capex_pct": N_("Capex"),
}

#: Seller offers, as lever settings (names English, shown through ``_()``).
PRESETS: dict[str, Levers] = {
    N_("Cut their inventory by 5 days"): Levers(dio_days=-5),
    N_("Lower their COGS by 1%"): Levers(cogs_pct=-1),
    N_("Extend payment terms by 15 days"): Levers(dpo_days=15),
    N_("Collect their cash 5 days faster"): Levers(dso_days=-5),
    N_("Help them sell 2% more"): Levers(volume_pct=2),
}


def lever_summary(levers: Levers) -> str:
    """``DIO −5 days; COGS −1.0%`` (only the levers that moved), in the active language."""
    parts = []
    for name, (_label, unit) in LEVER_INFO.items():
        value = float(getattr(levers, name))
        if value:
            sign = "+" if value > 0 else "−"
            amount = (
                f"{abs(value):.1f}%"
                if unit == "%"
                else _("{days} days").format(days=f"{abs(value):g}")
            )
            short = _(LEVER_SHORT[name])
            parts.append(f"{short} {sign}{amount}")
    if levers.repay_debt:
        parts.append(_("cash freed repays debt"))
    return _("; ").join(parts) or _("no change")


#: Line item -> the notes when its days lever can't act, and when it would fall below zero.
_NO_BALANCE: dict[str, str] = {
    "receivables": N_("No receivables reported: the receivables days lever has no effect."),
    "inventory": N_("No inventory reported: the inventory days lever has no effect."),
    "payables": N_("No payables reported: the payables days lever has no effect."),
}
_BELOW_ZERO: dict[str, str] = {
    "receivables": N_("Receivables can't fall below zero: the days move less than asked."),
    "inventory": N_("Inventory can't fall below zero: the days move less than asked."),
    "payables": N_("Payables can't fall below zero: the days move less than asked."),
}


# ---------------------------------------------------------------- the scenario statements


@dataclass(frozen=True)
class Scenario:
    """Scenario statements and the year-end deltas behind them."""

    statements: pd.DataFrame
    fiscal_year: int
    deltas: dict[str, float]
    notes: tuple[str, ...]


def company_rows(statements: Statements, company: str) -> Statements:
    """The line items and metadata of ``company`` alone (no warnings: a scenario's own)."""
    return statements.select([company]).replace(warnings=())


def nz(value: float) -> float:
    return 0.0 if not np.isfinite(value) else float(value)


def apply_levers(statements: pd.DataFrame, company: str, levers: Levers) -> Scenario:
    """The company's statements (all its years) with the latest year changed by ``levers``
    (formulas in the module doc). At zero levers every number is unchanged."""
    own = company_rows(statements, company)
    year = int(own.index.get_level_values(1).max())
    base = own.table.loc[(company, year)]
    prior_key = (company, year - 1)
    items = own.table
    prior = items.loc[prior_key] if prior_key in own.index else items.iloc[0] * np.nan
    notes: list[str] = []

    f_revenue = (1 + levers.price_pct / 100) * (1 + levers.volume_pct / 100)
    f_cost = (1 + levers.volume_pct / 100) * (1 + levers.cogs_pct / 100)
    revenue, cogs = base["revenue"], base["cost_of_revenue"]
    d_revenue = nz(revenue * f_revenue - revenue)
    d_cogs = nz(cogs * f_cost - cogs)
    d_sga = nz(base["sga"] * levers.sga_pct / 100)
    d_operating = d_revenue - d_cogs - d_sga
    d_tax = d_operating * nz(tax_rate_of(base["income_tax"], base["pretax_income"]))
    d_net = d_operating - d_tax

    def balance(item: str, flow_item: str, factor: float, days: float, label: str) -> float:
        """Δ year-end balance so that the engine's average days move by ``days``."""
        end, before = base[item], prior[item]
        if not np.isfinite(end):
            if days:
                notes.append(_(_NO_BALANCE[label]))
            return 0.0
        k = 2.0 if np.isfinite(before) else 1.0
        average = (end + before) / 2 if k == 2.0 else end
        new_flow = nz(base[flow_item] * (f_revenue if flow_item == "revenue" else f_cost))
        d_average = average * (factor - 1) + days / DAYS_PER_YEAR * new_flow
        d_end = k * d_average
        if end + d_end < 0 and d_end < 0:
            d_end = min(end, 0.0) - end
            notes.append(_(_BELOW_ZERO[label]))
        return nz(d_end)

    d_receivables = balance("receivables", "revenue", f_revenue, levers.dso_days, "receivables")
    d_inventory = balance("inventory", "cost_of_revenue", f_cost, levers.dio_days, "inventory")
    d_payables = balance("payables", "cost_of_revenue", f_cost, levers.dpo_days, "payables")
    d_working_capital = d_receivables + d_inventory - d_payables
    d_capex = nz(base["capital_expenditure"] * levers.capex_pct / 100)
    d_ocf = d_net - d_working_capital
    repaid_short = repaid_long = 0.0
    if levers.repay_debt and d_working_capital < 0:
        short, long = max(nz(base["short_term_debt"]), 0.0), max(nz(base["long_term_debt"]), 0.0)
        repay = min(-d_working_capital, short + long)
        repaid_short = min(repay, short)
        repaid_long = repay - repaid_short
        if repay < -d_working_capital:
            notes.append(_("The cash freed is more than the debt: the rest stays as cash."))
    d_cash = d_ocf - d_capex - repaid_short - repaid_long

    deltas = {
        "revenue": d_revenue,
        "cost_of_revenue": d_cogs,
        "gross_profit": d_revenue - d_cogs,
        "sga": d_sga,
        "operating_income": d_operating,
        "pretax_income": d_operating,
        "income_tax": d_tax,
        "net_income": d_net,
        "receivables": d_receivables,
        "inventory": d_inventory,
        "payables": d_payables,
        "cash": d_cash,
        "current_assets": d_cash + d_receivables + d_inventory,
        "total_assets": d_cash + d_receivables + d_inventory + d_capex,
        "current_liabilities": d_payables - repaid_short,
        "short_term_debt": -repaid_short,
        "long_term_debt": -repaid_long,
        "total_liabilities": d_payables - repaid_short - repaid_long,
        "equity": d_net,
        "retained_earnings": d_net,
        "operating_cash_flow": d_ocf,
        "capital_expenditure": d_capex,
    }
    table = line_table(own)
    table.loc[(company, year)] += np.array([deltas.get(item, 0.0) for item in LINE_ITEMS])
    scenario = own.replace(table=table)
    if np.isfinite(base["cash"]) and base["cash"] + d_cash < 0 <= base["cash"]:
        notes.append(_("Cash would turn negative: the scenario needs financing."))
    return Scenario(scenario, year, deltas, tuple(dict.fromkeys(notes)))
