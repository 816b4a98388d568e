"""The trade-off rules of docs/PRODUCT.md ("Trade-offs: from numbers to priorities") as data.

Each rule reads a *facts* mapping of one company's latest fiscal year:

- ``f.<metric>`` the latest value of a catalogue metric, line item or score
  (``f_score``, ``z_double_prime``); ``f.prev_<x>`` the value at t−1 (immediately
  preceding fiscal year only); ``f.d_<x>`` the change t − (t−1); ``f.g_<item>`` the growth
  rate of a line item (``g_inventory``); ``f.peer_<metric>`` the peer median; plus the
  ``DERIVED`` facts (:mod:`acumen.analysis.facts`). Missing facts are NaN, and NaN
  comparisons are False, so a rule whose inputs are missing simply does not fire.
- ``t.<name>`` the rule's thresholds (tune them here, or with :func:`tuned`).

Severity is 0–100 and grows with how far the company is past the threshold.
Text templates are ``str.format`` strings filled with the client's formatted numbers:
``{free_cash_flow}`` -> "−$1.2B", ``{d_gross_margin}`` -> "−2.5 pts", ``{abs_x}`` the
absolute value, ``{year}``, ``{prior_year}``, ``{name}``, ``{peer_group}`` and the optional
``CLAUSES`` (empty when their fact is missing; :mod:`acumen.analysis.diagnosis_text`). What
is healthy is :mod:`acumen.analysis.healthy`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from acumen.analysis.facts import Facts
from acumen.i18n import N_


class Thresholds(dict):
    """Thresholds of one rule with attribute access (``t.runway_months``)."""

    def __getattr__(self, name: str) -> float:
        try:
            return self[name]
        except KeyError as error:
            raise AttributeError(name) from error


def ramp(x: float, start: float, full: float) -> float:
    """0 at ``start``, 1 at ``full``, linear in between and clipped; NaN -> 0."""
    if x != x or full == start:
        return 0.0
    return min(1.0, max(0.0, (x - start) / (full - start)))


Condition = Callable[[Facts, Thresholds], bool]
Severity = Callable[[Facts, Thresholds], float]


@dataclass(frozen=True)
class Rule:
    id: str
    number: int
    driver: str
    title: str
    thresholds: Thresholds
    condition: Condition
    severity: Severity
    evidence: tuple[str, ...]
    trade_off: str
    priority: str
    seller_angle: str
    questions: tuple[str, ...] = field(default_factory=tuple)

    def fires(self, facts: Facts) -> bool:
        return bool(self.condition(facts, self.thresholds))

    def score(self, facts: Facts) -> float:
        """Severity clipped to 0–100 and rounded to 0.1."""
        value = float(self.severity(facts, self.thresholds))
        return round(min(100.0, max(0.0, value if value == value else 0.0)), 1)


T = Thresholds

# The 14 rules of docs/PRODUCT.md. Layout kept by hand so the table reads like the brief:
# id, number, driver, title / thresholds / condition / severity / evidence / texts.
# fmt: off
RULES: tuple[Rule, ...] = (
    Rule(
        id="cash_squeeze", number=1, driver="cash", title=N_("Cash squeeze"),
        thresholds=T(runway_months=12.0, current_ratio=1.0),
        condition=lambda f, t: f.free_cash_flow < 0 and (f.cash_runway_months < t.runway_months or f.current_ratio < t.current_ratio),
        severity=lambda f, t: 60 + 40 * max(ramp(t.runway_months - f.cash_runway_months, 0, t.runway_months), ramp(t.current_ratio - f.current_ratio, 0, 0.5)),
        evidence=("free_cash_flow", "cash_runway_months", "current_ratio", "cash"),
        trade_off=N_("Free cash flow was {free_cash_flow} in {year}{runway_clause}{current_ratio_clause}. "
                  "When cash is short everything else waits: to protect it, {name} may give up a product "
                  "line or some market share and accept lower revenue.{revenue_clause}"),
        priority=N_("Preserve cash: cut discretionary spend, delay capex, drop products or market share."),
        seller_angle=N_("Lead with offers that free cash: phased or monthly payment, leasing, savings that fund "
                     "themselves. A large upfront price competes with a free cash flow of {free_cash_flow}."),
        questions=(N_("Which products or markets are you prepared to give up to protect cash this year?"),
                   N_("How are capex and discretionary spend approved until cash recovers?"),
                   N_("Would phased payments or a self-funding programme make a decision easier?")),
    ),
    Rule(
        id="growth_vs_cash", number=2, driver="cash", title=N_("Growth competes with cash"),
        thresholds=T(revenue_growth=0.10),
        condition=lambda f, t: f.free_cash_flow < 0 and f.revenue_growth >= t.revenue_growth,
        severity=lambda f, t: 45 + 30 * ramp(-f.fcf_margin, 0, 0.2) + 15 * ramp(f.revenue_growth, t.revenue_growth, t.revenue_growth + 0.4),
        evidence=("revenue_growth", "free_cash_flow", "operating_cash_flow", "capital_expenditure"),
        trade_off=N_("Revenue grew {revenue_growth} in {year} but free cash flow was {free_cash_flow} "
                  "(operating cash flow {operating_cash_flow}, capex {capital_expenditure}): growth is "
                  "eating cash, and every extra unit of growth has to be funded."),
        priority=N_("Fund growth: growth competes with cash for every dollar."),
        seller_angle=N_("Show faster time-to-revenue with less capex: an offer that brings revenue forward or "
                     "avoids up-front investment helps both goals."),
        questions=(N_("Which growth projects get funded first, and what payback do they need?"),
                   N_("How long can you fund growth before you need outside money?"),
                   N_("Would a pay-as-you-grow option ease the capex load?")),
    ),
    Rule(
        id="covenant_pressure", number=3, driver="cash", title=N_("Interest cover is thin"),
        thresholds=T(coverage=1.5, watch_coverage=3.0),
        condition=lambda f, t: f.interest_coverage < t.coverage or (f.interest_coverage < t.watch_coverage and f.d_interest_coverage < 0),
        severity=lambda f, t: 40 + 15 * ramp(t.watch_coverage - f.interest_coverage, 0, t.watch_coverage - t.coverage) + 45 * ramp(t.coverage - f.interest_coverage, 0, t.coverage),
        evidence=("interest_coverage", "interest_expense", "operating_income", "total_debt"),
        trade_off=N_("Operating income covered interest expense of {interest_expense} only "
                  "{interest_coverage} in {year}{coverage_change_clause}. Below about 1.5× lenders set the "
                  "agenda: covenants limit new spending and new debt."),
        priority=N_("Protect lender covenants: every decision is tested against interest cover."),
        seller_angle=N_("Offer what pays back within the year and lifts operating income; avoid anything that "
                     "adds debt or fixed charges."),
        questions=(N_("Which covenants are tightest right now, and when are they tested?"),
                   N_("Is refinancing on the agenda this year?"),
                   N_("Would a purchase that pays back inside the year get approved faster?")),
    ),
    Rule(
        id="deleverage", number=4, driver="cash", title=N_("Debt is high and rising"),
        thresholds=T(net_debt_to_ebitda=3.0),
        condition=lambda f, t: f.net_debt_to_ebitda > t.net_debt_to_ebitda and f.d_net_debt_to_ebitda > 0,
        severity=lambda f, t: 40 + 40 * ramp(f.net_debt_to_ebitda, t.net_debt_to_ebitda, t.net_debt_to_ebitda + 3) + 10 * ramp(f.d_net_debt_to_ebitda, 0, 1),
        evidence=("net_debt_to_ebitda", "total_debt", "ebitda"),
        trade_off=N_("Net debt was {net_debt_to_ebitda} EBITDA in {year}, {d_net_debt_to_ebitda} on "
                  "{prior_year} (total debt {total_debt}). Paying debt down competes with investing: expect "
                  "asset sales and capex cuts."),
        priority=N_("Deleverage: asset sales, capex cuts, cash to lenders."),
        seller_angle=N_("Take assets or cost out: offers that cut capital employed or free cash to repay debt."),
        questions=(N_("What leverage target have you committed to, and by when?"),
                   N_("Which assets or activities are candidates to sell or outsource?"),
                   N_("How are capex requests judged while debt comes down?")),
    ),
    Rule(
        id="slow_collections", number=5, driver="velocity", title=N_("Customers are paying slower"),
        thresholds=T(dso_rise_days=10.0, receivables_gap=0.15),
        condition=lambda f, t: f.d_dso >= t.dso_rise_days or f.receivables_gap > t.receivables_gap,
        severity=lambda f, t: 30 + 40 * max(ramp(f.d_dso, t.dso_rise_days, t.dso_rise_days + 30), ramp(f.receivables_gap, t.receivables_gap, t.receivables_gap + 0.5)),
        evidence=("dso", "g_receivables", "revenue_growth", "receivables"),
        trade_off=N_("Customers took {dso} to pay in {year}{dso_clause}; receivables changed by {g_receivables} "
                  "against revenue growth of {revenue_growth}. Cash is sitting with customers, who may be "
                  "struggling themselves."),
        priority=N_("Collect cash faster; watch the health of their own customers."),
        seller_angle=N_("Offer billing and collections help, and ask about their customers: that is where the "
                     "squeeze starts."),
        questions=(N_("Which customers are paying slower, and why?"),
                   N_("Are you extending payment terms to win business?"),
                   N_("What would cutting DSO by 10 days be worth to you?")),
    ),
    Rule(
        id="inventory_build", number=6, driver="velocity", title=N_("Inventory is building up"),
        thresholds=T(dio_rise_days=5.0, inventory_gap=0.15),
        condition=lambda f, t: f.d_dio >= t.dio_rise_days or f.inventory_gap > t.inventory_gap,
        severity=lambda f, t: 35 + 50 * max(ramp(f.d_dio, t.dio_rise_days, t.dio_rise_days + 40), ramp(f.inventory_gap, t.inventory_gap, t.inventory_gap + 0.5)),
        evidence=("dio", "g_inventory", "revenue_growth", "inventory"),
        trade_off=N_("Inventory changed by {g_inventory} in {year} to {inventory} while revenue changed by "
                  "{revenue_growth}{dio_clause}. Stock ties up cash and usually ends in discounting or "
                  "price cuts."),
        priority=N_("Work down stock: expect promotions, discounting or price cuts, and fewer orders."),
        seller_angle=N_("Propose smaller, faster replenishment and sell-through support; ask whether competitors "
                     "are cutting prices to clear their own stock."),
        questions=(N_("Which lines are overstocked, and what is the plan to clear them?"),
                   N_("Are competitors cutting prices because of excess inventory?"),
                   N_("Would smaller, more frequent deliveries let you carry less stock?")),
    ),
    Rule(
        id="stretch_suppliers", number=7, driver="cash", title=N_("Suppliers are being stretched"),
        thresholds=T(dpo_rise_days=5.0),
        condition=lambda f, t: f.d_dpo >= t.dpo_rise_days and f.d_cash < 0,
        severity=lambda f, t: 30 + 40 * ramp(f.d_dpo, t.dpo_rise_days, t.dpo_rise_days + 30) + 10 * ramp(-f.g_cash, 0, 0.5),
        evidence=("dpo", "cash"),
        trade_off=N_("Days payables rose {abs_d_dpo} to {dpo} in {year} while cash fell {abs_d_cash} to {cash}: "
                  "suppliers are funding the business."),
        priority=N_("Stretch suppliers to hold on to cash."),
        seller_angle=N_("Expect tougher payment terms; offer supply-chain financing or terms that trade a little "
                     "price for time."),
        questions=(N_("Are you asking all suppliers for longer terms, or only some?"),
                   N_("Would supplier financing at your credit rating be useful?"),
                   N_("How do you weigh payment terms against price in this decision?")),
    ),
    Rule(
        id="margin_squeeze", number=8, driver="margin", title=N_("Gross margin is being squeezed"),
        thresholds=T(gross_margin_drop=0.02),
        condition=lambda f, t: f.d_gross_margin <= -t.gross_margin_drop,
        severity=lambda f, t: 35 + 45 * ramp(-f.d_gross_margin, t.gross_margin_drop, t.gross_margin_drop + 0.08),
        evidence=("gross_margin", "revenue", "cost_of_revenue"),
        trade_off=N_("Gross margin fell {abs_d_gross_margin} to {gross_margin} in {year}{gross_margin_vs_peers}: "
                  "each dollar of sales keeps less to pay for everything else, so price, mix or input "
                  "costs must move."),
        priority=N_("Restore margin: raise price, improve mix or cut input costs."),
        seller_angle=N_("Sell lower total cost, not a lower price, and expect hard negotiation on every line."),
        questions=(N_("Is the margin drop from input costs, pricing or mix?"),
                   N_("Can you pass cost increases on, or are competitors holding prices?"),
                   N_("Which input costs are you targeting first?")),
    ),
    Rule(
        id="negative_jaws", number=9, driver="margin", title=N_("Costs are outgrowing revenue"),
        thresholds=T(jaws_gap=0.02),
        condition=lambda f, t: f.jaws_gap > t.jaws_gap,
        severity=lambda f, t: 25 + 40 * ramp(f.jaws_gap, t.jaws_gap, t.jaws_gap + 0.15),
        evidence=("g_costs", "revenue_growth", "operating_margin"),
        trade_off=N_("Operating costs changed by {g_costs} in {year} against revenue growth of {revenue_growth} "
                  "(negative jaws); operating margin moved {d_operating_margin} to {operating_margin}."),
        priority=N_("Run a cost-cutting programme."),
        seller_angle=N_("Lead with productivity: what your offer takes out of their costs, in their numbers."),
        questions=(N_("Which cost lines grew fastest, and which are in scope for cuts?"),
                   N_("Who owns the cost programme, and what is the target?"),
                   N_("How do you judge a purchase that saves cost next year?")),
    ),
    Rule(
        id="roi_culture_thin", number=10, driver="return", title=N_("Thin margins: sharp-pencil ROI culture"),
        thresholds=T(net_margin=0.05),
        # A level in context: thin in absolute terms but above its peers' median is not a
        # sharp-pencil culture of its own (the whole sector runs on thin margins).
        condition=lambda f, t: f.net_margin < t.net_margin and not f.net_margin > f.peer_net_margin,
        severity=lambda f, t: 20 + 30 * ramp(t.net_margin - f.net_margin, 0, 0.10),
        evidence=("net_margin", "roa"),
        trade_off=N_("Net margin was {net_margin} in {year}{net_margin_vs_peers}: with little profit on "
                  "each dollar of sales, every purchase is judged on hard payback."),
        priority=N_("Sharp-pencil ROI culture: every spend must pay back in hard numbers."),
        seller_angle=N_("Bring a hard payback case in their own numbers; soft benefits will not carry the decision."),
        questions=(N_("What payback period does a purchase like this need?"),
                   N_("Who signs off the business case, and which numbers do they check?")),
    ),
    Rule(
        id="roi_culture_rich", number=10, driver="return", title=N_("Rich margins: strategic-value culture"),
        thresholds=T(net_margin=0.25),
        condition=lambda f, t: f.net_margin > t.net_margin and not f.net_margin < f.peer_net_margin,
        severity=lambda f, t: 15 + 20 * ramp(f.net_margin, t.net_margin, t.net_margin + 0.2),
        evidence=("net_margin", "roa"),
        trade_off=N_("Net margin was {net_margin} in {year}{net_margin_vs_peers}: rich margins fund bets "
                  "on speed, quality and growth, so strategic value counts more than price."),
        priority=N_("Strategic-value culture: protect the franchise and invest in what keeps margins rich."),
        seller_angle=N_("Sell strategic value (speed, quality, risk, growth) rather than a lower price."),
        questions=(N_("What keeps your margins this strong, and what could erode them?"),
                   N_("Which strategic bets are you making this year?")),
    ),
    Rule(
        id="velocity_leak", number=11, driver="velocity", title=N_("ROA is leaking through velocity"),
        thresholds=T(turnover_drop=0.05, margin_tolerance=0.01),
        condition=lambda f, t: f.g_asset_turnover <= -t.turnover_drop and f.d_net_margin >= -t.margin_tolerance,
        severity=lambda f, t: 25 + 35 * ramp(-f.g_asset_turnover, t.turnover_drop, t.turnover_drop + 0.25),
        evidence=("asset_turnover", "net_margin", "roa"),
        trade_off=N_("Asset turnover fell {abs_d_asset_turnover} to {asset_turnover}{asset_turnover_vs_peers} in {year} while net margin "
                  "held at {net_margin}: ROA of {roa} is leaking through velocity, not margin (R = M × V)."),
        priority=N_("Sweat the assets: utilisation and faster turns."),
        seller_angle=N_("Pitch utilisation, throughput and faster turns: more revenue from the same assets."),
        questions=(N_("Which assets are under-used today?"),
                   N_("What holds back throughput: capacity, demand or working capital?"),
                   N_("Which recent investments have not yet delivered revenue?")),
    ),
    Rule(
        id="growth_mode", number=12, driver="growth", title=N_("Growth mode"),
        thresholds=T(revenue_growth=0.10),
        condition=lambda f, t: f.revenue_growth >= t.revenue_growth and f.operating_cash_flow > 0 and f.d_roa > 0,
        severity=lambda f, t: 30 + 40 * ramp(f.revenue_growth, t.revenue_growth, t.revenue_growth + 0.3),
        evidence=("revenue_growth", "operating_cash_flow", "roa"),
        trade_off=N_("Revenue grew {revenue_growth} in {year} to {revenue}, operating cash flow was "
                  "{operating_cash_flow} and ROA rose {abs_d_roa} to {roa}: the business grows and funds "
                  "itself, so speed and capacity matter more than cost."),
        priority=N_("Growth mode: capacity, speed, new markets."),
        seller_angle=N_("Align the pitch to growth: how your offer adds capacity, speeds launches or opens markets."),
        questions=(N_("Where will next year's growth come from: new products, new markets or share?"),
                   N_("What could slow growth down: capacity, people or suppliers?"),
                   N_("How fast do you need a new supplier to ramp up?")),
    ),
    Rule(
        id="piotroski_weak", number=13, driver="return", title=N_("Fundamentals are weakening (Piotroski F)"),
        thresholds=T(f_max=3.0, min_components=6.0),
        condition=lambda f, t: f.f_components_available >= t.min_components and f.f_score <= t.f_max,
        severity=lambda f, t: 30 + 10 * (t.f_max - f.f_score),
        evidence=("f_score", "f_components_available"),
        trade_off=N_("The Piotroski F-score was {f_score} of {f_components_available} signals in {year}: "
                  "profitability, cash and efficiency are mostly getting worse."),
        priority=N_("Fundamentals worsening: tight approvals and scrutiny of every spend."),
        seller_angle=N_("Expect tight approvals: propose small first steps, proof points and quick wins."),
        questions=(N_("Which of this year's results worry your leadership most?"),
                   N_("What spend needs the most senior sign-off right now?")),
    ),
    Rule(
        id="piotroski_strong", number=13, driver="return", title=N_("Fundamentals are strong (Piotroski F)"),
        thresholds=T(f_min=8.0),
        condition=lambda f, t: f.f_score >= t.f_min,
        severity=lambda f, t: 15 + 5 * (f.f_score - t.f_min),
        evidence=("f_score", "f_components_available"),
        trade_off=N_("The Piotroski F-score was {f_score} of {f_components_available} signals in {year}: "
                  "profitability, cash and efficiency are all improving, which leaves room to invest."),
        priority=N_("Room to invest: fundamentals are improving on every front."),
        seller_angle=N_("Approvals are open: propose the bigger, longer-term programme, not just a trial."),
        questions=(N_("Where will you invest the extra room this year?"),
                   N_("Which programmes are waiting for budget?")),
    ),
    Rule(
        id="altman_distress", number=14, driver="cash", title=N_("Distress zone (Altman Z″)"),
        thresholds=T(z=1.1),
        condition=lambda f, t: f.z_double_prime < t.z,
        severity=lambda f, t: 50 + 50 * ramp(t.z - f.z_double_prime, 0, 2.0),
        evidence=("z_double_prime", "x1", "x2", "x3", "x4"),
        trade_off=N_("Altman Z″ was {z_double_prime} in {year}, in the distress zone (below 1.1): working "
                  "capital, retained earnings and operating profit are thin against assets, and equity "
                  "is small against liabilities."),
        priority=N_("Survival mode: protect liquidity and avoid new commitments."),
        seller_angle=N_("Offer quick payback only, and check your own credit exposure before extending terms."),
        questions=(N_("What is the plan to strengthen the balance sheet this year?"),
                   N_("Who approves new commitments while the balance sheet is rebuilt?"),
                   N_("Would shorter commitments or pay-per-use make it easier to say yes?")),
    ),
)
# fmt: on

BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def tuned(rules: tuple[Rule, ...], rule_id: str, **thresholds: float) -> tuple[Rule, ...]:
    """A copy of ``rules`` with some thresholds of one rule changed."""
    if rule_id not in {r.id for r in rules}:
        raise KeyError(rule_id)
    return tuple(
        replace(r, thresholds=Thresholds({**r.thresholds, **thresholds})) if r.id == rule_id else r
        for r in rules
    )
