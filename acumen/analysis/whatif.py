"""What-if / value calculator: move the client's levers, recompute its statements, and let
the metrics engine say what changed.

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

The "after" metrics are the engine run on the scenario statements; the ROA bridge applies
the levers cumulatively in :data:`BRIDGE_STEPS` order and reads the engine's ROA after each
step, so its steps sum exactly to ROA after − ROA before. Repaying debt with the cash
working capital frees belongs to the working-capital step (the lever that freed the cash);
there is no "debt repaid" step of its own.

Cash, reconciled (:func:`cash_reconciliation`): this year's change in free cash flow is

    ΔFCF = year-end working-capital release + (Δnet income − Δcapex)

and the year-end release is k × the lasting release (``cash_released``), so with a reported
prior year-end half of it is a one-year timing effect of averaging.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

import numpy as np
import pandas as pd

from acumen.analysis.catalog import BY_NAME
from acumen.analysis.metric_computations import tax_rate_of
from acumen.analysis.metrics import DAYS_PER_YEAR, MetricResult, compute_metrics_with_reasons
from acumen.data.schema import LINE_ITEMS
from acumen.data.statements import companies_of, plain_frame
from acumen.formatting import (
    fiscal_label,
    fiscal_labels,
    format_money,
    format_na,
    points,
    possessive,
    say,
    say_change,
)


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


#: Lever name -> (label, unit) for sliders and summaries.
LEVER_INFO: dict[str, tuple[str, str]] = {
    "price_pct": ("Price", "%"),
    "volume_pct": ("Volume", "%"),
    "cogs_pct": ("Cost of revenue per unit", "%"),
    "sga_pct": ("SG&A", "%"),
    "dso_days": ("DSO (days to collect)", "days"),
    "dio_days": ("DIO (days of inventory)", "days"),
    "dpo_days": ("DPO (days to pay suppliers)", "days"),
    "capex_pct": ("Capex", "%"),
}

#: Seller offers, as lever settings.
PRESETS: dict[str, Levers] = {
    "Cut their inventory by 5 days": Levers(dio_days=-5),
    "Lower their COGS by 1%": Levers(cogs_pct=-1),
    "Extend payment terms by 15 days": Levers(dpo_days=15),
    "Collect their cash 5 days faster": Levers(dso_days=-5),
    "Help them sell 2% more": Levers(volume_pct=2),
}

#: The ROA bridge: levers applied cumulatively in this order.
BRIDGE_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Price", ("price_pct",)),
    ("Volume", ("volume_pct",)),
    ("Cost of revenue", ("cogs_pct",)),
    ("SG&A", ("sga_pct",)),
    ("Working capital", ("dso_days", "dio_days", "dpo_days", "repay_debt")),
    ("Capex", ("capex_pct",)),
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


def lever_summary(levers: Levers) -> str:
    """``DIO −5 days; COGS −1.0%`` (only the levers that moved)."""
    parts = []
    for name, (label, unit) in LEVER_INFO.items():
        value = float(getattr(levers, name))
        if value:
            sign = "+" if value > 0 else "−"
            amount = f"{abs(value):.1f}%" if unit == "%" else f"{abs(value):g} days"
            parts.append(f"{label.split(' (')[0]} {sign}{amount}")
    if levers.repay_debt:
        parts.append("cash freed repays debt")
    return "; ".join(parts) or "no change"


# ---------------------------------------------------------------- the scenario statements


@dataclass(frozen=True)
class Scenario:
    """Scenario statements and the year-end deltas behind them."""

    statements: pd.DataFrame
    fiscal_year: int
    deltas: dict[str, float]
    notes: tuple[str, ...]


def _company_rows(statements: pd.DataFrame, company: str) -> pd.DataFrame:
    own = plain_frame(statements).loc[[company]]
    own.attrs = {
        "companies": companies_of(statements).loc[[company]]
        if company in companies_of(statements).index
        else None,
    }
    return own


def _nz(value: float) -> float:
    return 0.0 if not np.isfinite(value) else float(value)


def apply_levers(statements: pd.DataFrame, company: str, levers: Levers) -> Scenario:
    """The company's statements (all its years) with the latest year changed by ``levers``
    (formulas in the module doc). At zero levers every number is unchanged."""
    own = _company_rows(statements, company)
    year = int(own.index.get_level_values(1).max())
    base = own.loc[(company, year)]
    prior_key = (company, year - 1)
    prior = own.loc[prior_key] if prior_key in own.index else pd.Series(np.nan, index=own.columns)
    notes: list[str] = []

    f_revenue = (1 + levers.price_pct / 100) * (1 + levers.volume_pct / 100)
    f_cost = (1 + levers.volume_pct / 100) * (1 + levers.cogs_pct / 100)
    revenue, cogs = base["revenue"], base["cost_of_revenue"]
    d_revenue = _nz(revenue * f_revenue - revenue)
    d_cogs = _nz(cogs * f_cost - cogs)
    d_sga = _nz(base["sga"] * levers.sga_pct / 100)
    d_operating = d_revenue - d_cogs - d_sga
    d_tax = d_operating * _nz(tax_rate_of(base["income_tax"], base["pretax_income"]))
    d_net = d_operating - d_tax

    def balance(item: str, flow_item: str, factor: float, days: float, label: str) -> float:
        """Δ year-end balance so that the engine's average days move by ``days``."""
        end, before = base[item], prior[item]
        if not np.isfinite(end):
            if days:
                notes.append(f"No {label} reported: the {label} days lever has no effect.")
            return 0.0
        k = 2.0 if np.isfinite(before) else 1.0
        average = (end + before) / 2 if k == 2.0 else end
        new_flow = _nz(base[flow_item] * (f_revenue if flow_item == "revenue" else f_cost))
        d_average = average * (factor - 1) + days / DAYS_PER_YEAR * new_flow
        d_end = k * d_average
        if end + d_end < 0 and d_end < 0:
            d_end = min(end, 0.0) - end
            notes.append(
                f"{label.capitalize()} can't fall below zero: the days move less than asked."
            )
        return _nz(d_end)

    d_receivables = balance("receivables", "revenue", f_revenue, levers.dso_days, "receivables")
    d_inventory = balance("inventory", "cost_of_revenue", f_cost, levers.dio_days, "inventory")
    d_payables = balance("payables", "cost_of_revenue", f_cost, levers.dpo_days, "payables")
    d_working_capital = d_receivables + d_inventory - d_payables
    d_capex = _nz(base["capital_expenditure"] * levers.capex_pct / 100)
    d_ocf = d_net - d_working_capital
    repaid_short = repaid_long = 0.0
    if levers.repay_debt and d_working_capital < 0:
        short, long = max(_nz(base["short_term_debt"]), 0.0), max(_nz(base["long_term_debt"]), 0.0)
        repay = min(-d_working_capital, short + long)
        repaid_short = min(repay, short)
        repaid_long = repay - repaid_short
        if repay < -d_working_capital:
            notes.append("The cash freed is more than the debt: the rest stays as cash.")
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
    scenario = own.copy()
    scenario.attrs = dict(own.attrs)
    row = scenario.loc[(company, year)].to_numpy(dtype="float64")
    delta = np.array([deltas.get(item, 0.0) for item in LINE_ITEMS])
    scenario.loc[(company, year)] = row + delta
    if np.isfinite(base["cash"]) and base["cash"] + d_cash < 0 <= base["cash"]:
        notes.append("Cash would turn negative: the scenario needs financing.")
    return Scenario(scenario, year, deltas, tuple(dict.fromkeys(notes)))


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
        """Before / after / change as text; NaN shows "n/a — reason"."""
        table = self.table()
        key = (self.company, self.fiscal_year)

        def cell(result: MetricResult, metric: str, value: float, unit: str) -> str:
            if np.isnan(value):
                return format_na(str(result.reasons.at[key, metric]))
            return fine_value(value, unit, self.currency)

        return pd.DataFrame(
            {
                "metric": table["label"],
                "before": [
                    cell(self.before, m, v, u)
                    for m, v, u in zip(table["metric"], table["before"], table["unit"], strict=True)
                ],
                "after": [
                    cell(self.after, m, v, u)
                    for m, v, u in zip(table["metric"], table["after"], table["unit"], strict=True)
                ],
                "change": [
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
    The steps sum to ROA(all levers) − ROA(no levers) by construction (a telescoping sum)."""
    base = _company_rows(statements, company)
    year = int(base.index.get_level_values(1).max())
    previous = _roa(base, company, year)
    applied: dict[str, object] = {}
    rows = []
    for label, names in BRIDGE_STEPS:  # a handful of steps, each one engine run
        applied.update({n: getattr(levers, n) for n in names})
        current = _roa(
            apply_levers(base, company, replace(Levers(), **applied)).statements, company, year
        )
        rows.append({"step": label, "contribution": current - previous})
        previous = current
    return pd.DataFrame(rows)


def whatif(statements: pd.DataFrame, company: str, levers: Levers) -> WhatIfResult:
    """Before / after of the client's latest year under ``levers`` (see the module doc)."""
    scenario = apply_levers(statements, company, levers)
    base = _company_rows(statements, company)
    before = compute_metrics_with_reasons(base)
    after = compute_metrics_with_reasons(scenario.statements)
    key = (company, scenario.fiscal_year)
    change = after.values.loc[key] - before.values.loc[key]
    parts = {
        "receivables": -_nz(change["avg_receivables"]),
        "inventory": -_nz(change["avg_inventory"]),
        "payables": _nz(change["avg_payables"]),
    }
    meta = companies_of(statements)
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


CASH_EPSILON = 0.5
ROA_EPSILON = 5e-5


def value_statement(result: WhatIfResult, currency: str | None = None) -> str:
    """One sentence in the client's currency, e.g. "Your offer frees $312M of cash tied in
    working capital, adds $12.0M a year to free cash flow and lifts ROA by 0.40 points
    (3.90% → 4.30%)." Cash: :attr:`WhatIfResult.cash_released` (working capital) and
    :attr:`WhatIfResult.recurring_cash` (Δnet income − Δcapex, per year)."""
    currency = currency or result.currency
    parts = []
    released = result.cash_released
    if abs(released) >= CASH_EPSILON:
        verb = "frees" if released > 0 else "absorbs"
        parts.append(
            f"{verb} {format_money(abs(released), currency)} of cash tied in working capital "
            "for good"
            + (
                f" (this year {format_money(result.debt_repaid, currency)} of it repays debt)"
                if result.debt_repaid >= CASH_EPSILON
                else ""
            )
        )
    recurring = result.recurring_cash
    if abs(recurring) >= CASH_EPSILON:
        verb = "adds" if recurring > 0 else "takes"
        direction = "to" if recurring > 0 else "from"
        parts.append(
            f"{verb} {format_money(abs(recurring), currency)} a year {direction} free cash flow"
        )
    before, after = result.value_before("roa"), result.value_after("roa")
    change = after - before
    key = (result.company, result.fiscal_year)
    why = str(result.before.reasons.at[key, "roa"] or result.after.reasons.at[key, "roa"])
    pct = lambda value: say(value, "pct", decimals=2)  # noqa: E731
    if not np.isfinite(change):
        roa = f"leaves ROA unknown ({format_na(why)})"
    elif abs(change) < ROA_EPSILON:
        roa = f"leaves ROA at {pct(before)}"
    else:
        verb = "lifts" if change > 0 else "lowers"
        roa = f"{verb} ROA by {points(change)} ({pct(before)} → {pct(after)})"
    if not parts and result.levers.is_zero():
        today = (
            f"ROA is {pct(before)} today"
            if np.isfinite(before)
            else f"ROA can't be computed today ({why or 'not computable'})"
        )
        return f"Move a lever to price your offer in {possessive(result.name)} numbers: {today}."
    listed = ", ".join(parts)
    return f"Your offer {listed + ' and ' if parts else ''}{roa}."


def cash_reconciliation(result: WhatIfResult) -> str:
    """One line that reconciles the cash figures: the lasting working-capital release, this
    year's free-cash-flow change (year-end release + Δnet income − Δcapex), the timing part
    (year-end release − lasting release) and where the cash goes ("" when nothing moves)."""
    money = lambda value: say(value, "money", result.currency)  # noqa: E731
    signed = lambda value: ("+" if value > 0 else "") + money(value)  # noqa: E731
    lasting, year_end = result.cash_released, result.year_end_release
    fcf = year_end + result.recurring_cash
    if max(abs(lasting), abs(year_end), abs(fcf)) < CASH_EPSILON:
        return ""
    text = (
        f"Cash, reconciled: working capital frees {money(lasting)} for good (quote this); this "
        f"year's free cash flow changes by {signed(fcf)} = {signed(year_end)} from working "
        f"capital at the year-end {'+' if result.recurring_cash >= 0 else '−'} "
        f"{money(abs(result.recurring_cash))} from profit less capex."
    )
    timing = year_end - lasting
    if abs(timing) >= CASH_EPSILON:
        text += (
            f" The year-end moves {money(timing)} more than the lasting amount because this "
            "year's average balance still includes last year's reported year-end: a one-year "
            "timing effect."
        )
    repaid = result.debt_repaid
    if abs(year_end) >= CASH_EPSILON:
        if repaid >= CASH_EPSILON:
            rest = result.year_end_cash_change
            text += f" {money(repaid)} of it repays debt" + (
                f"; {money(rest)} stays in cash." if abs(rest) >= CASH_EPSILON else "."
            )
        elif year_end > 0:
            text += " It stays in cash."
    return text


def goal_row(
    result: WhatIfResult, statement: str, ticker: str = "", rank: int | None = None
) -> dict:
    """A goal-summary row (acumen.reports.brief.GOAL_COLUMNS) carrying the value statement."""
    return {
        "company": result.name,
        "ticker": ticker or result.company,
        "fiscal_year": result.fiscal_year,
        "fiscal_label": result.fiscal_label or fiscal_label(result.fiscal_year),
        "rank": rank if rank is not None else "",
        "driver": "return",
        "goal": statement,
        "evidence": f"What-if on {result.fiscal_label or fiscal_label(result.fiscal_year)}: "
        f"{lever_summary(result.levers)}",
        "trade_off": "; ".join(result.notes),
        "seller_angle": "Price the offer by the value it creates in the client's own numbers, not by unit price.",
        "questions": "Which of these levers does the client track, and who owns it?",
        "owner": "",
        "notes": "",
    }


def levers_dict(levers: Levers) -> dict:
    return asdict(levers)
