"""``trade-off`` questions: growth-versus-cash and margin-versus-velocity scenarios."""

from __future__ import annotations

import random

from acumen.analysis.metric_specs import SPEC
from acumen.teaching.quiz.data import DAYS_HINT, QuizData, money
from acumen.teaching.quiz.figures import formula_value, own_days
from acumen.teaching.quiz.model import (
    MAX_TRIES,
    Question,
    check,
    choice_text,
    finite,
    make_question,
    numeric_choices,
)

GROWTH_RATES = (0.05, 0.10, 0.15, 0.20, 0.25)
DAY_CUTS = (3, 5, 7, 10)
MARGIN_CUTS = (0.005, 0.01, 0.02)
TURN_GAINS = (0.10, 0.15, 0.20, 0.25)


def _growth_cash(d: QuizData, c: str, y: int, rng: random.Random, index: int) -> Question | None:
    days = own_days(d, c, y)
    revenue = d.item(c, y, "revenue")
    if days is None:
        return None
    dso, dio, dpo = (round(v) for v in days)
    ccc = dso + dio - dpo
    if ccc < 10:
        return None
    growth = rng.choice(GROWTH_RATES)
    increase = revenue * growth
    value = ccc / 365 * increase
    cur = d.currency(c)
    slips = [
        (ccc * increase, "forgetting to divide the cycle by 365"),
        (
            ccc / 365 * revenue * (1 + growth),
            "using next year's whole revenue instead of the increase",
        ),
        ((dso + dio + dpo) / 365 * increase, "adding DPO instead of subtracting it"),
        ((dso + dio) / 365 * increase, "forgetting DPO"),
        (ccc / 365 * revenue * growth * 100, "a growth rate off by 100×"),
    ]
    built = numeric_choices(value, slips, "money", cur, rng)
    if built is None:
        return None
    choices, position, notes = built
    name = d.name(c)
    text = (
        f"{name} had revenue of {money(d, c, revenue)} in FY{y}, with DSO {dso} days, DIO {dio} days "
        f"and DPO {dpo} days. If revenue grows {choice_text(growth, 'pct')} next year and the cycle stays "
        f"the same, about how much extra working capital must {name} fund?{DAYS_HINT}"
    )
    explanation = (
        f"Cash conversion cycle = {dso} + {dio} − {dpo} = {ccc} days. Revenue increase = "
        f"{money(d, c, revenue)} × {choice_text(growth, 'pct')} = {money(d, c, increase)}. Extra working "
        f"capital = {ccc} / 365 × {money(d, c, increase)} = {money(d, c, value)}: cash that goes out before "
        f"it comes back, which is how a profitable company growing fast can run short of cash. "
        f"Distractors: {'; '.join(notes)}."
    )
    return make_question(
        index,
        "trade-off",
        "cash",
        text,
        choices,
        position,
        explanation,
        c,
        y,
        "cash_conversion_cycle",
        {"kind": "growth_cash", "growth": growth, "value": value, "unit": "money"},
    )


def _days_cash(d: QuizData, c: str, y: int, rng: random.Random, index: int) -> Question | None:
    days = own_days(d, c, y)
    if days is None:
        return None
    lever = rng.choice(("dso", "dio"))
    base_item, wrong_item = (
        ("revenue", "cost_of_revenue") if lever == "dso" else ("cost_of_revenue", "revenue")
    )
    base, wrong = d.item(c, y, base_item), d.item(c, y, wrong_item)
    current = round(days[0] if lever == "dso" else days[1])
    cut = rng.choice(DAY_CUTS)
    if current <= cut:
        return None
    value = cut / 365 * base
    labels = {"revenue": "revenue", "cost_of_revenue": "cost of revenue"}
    slips = [
        (cut * base, "forgetting to divide by 365"),
        (cut / 365 * wrong, f"using {labels[wrong_item]} instead of {labels[base_item]}"),
        (cut / 100 * base, "treating days as a percentage"),
        (cut / 12 * base, "treating days as months"),
        (current / 365 * base, "freeing the whole balance instead of the days cut"),
    ]
    cur = d.currency(c)
    built = numeric_choices(value, slips, "money", cur, rng)
    if built is None:
        return None
    choices, position, notes = built
    what = (
        "DSO (days customers take to pay)"
        if lever == "dso"
        else "DIO (days inventory sits in stock)"
    )
    text = (
        f"{d.name(c)} had revenue of {money(d, c, d.item(c, y, 'revenue'))} and cost of revenue of "
        f"{money(d, c, d.item(c, y, 'cost_of_revenue'))} in FY{y}; its {what} was {current} days. "
        f"About how much cash is released for the rest of the business if it cuts {lever.upper()} by {cut} days?"
        f"{DAYS_HINT}"
    )
    explanation = (
        f"One day of {lever.upper()} holds {labels[base_item]} / 365 = {money(d, c, base / 365)}, so {cut} days "
        f"release {cut} / 365 × {money(d, c, base)} = {money(d, c, value)}. Velocity turns into cash: the same "
        f"sales need less working capital. Distractors: {'; '.join(notes)}."
    )
    return make_question(
        index,
        "trade-off",
        "velocity",
        text,
        choices,
        position,
        explanation,
        c,
        y,
        lever,
        {"kind": "days_cash", "lever": lever, "cut": cut, "value": value, "unit": "money"},
    )


def _margin_velocity(
    d: QuizData, c: str, y: int, rng: random.Random, index: int
) -> Question | None:
    income, revenue = d.item(c, y, "net_income"), d.item(c, y, "revenue")
    margin = formula_value(d, c, y, SPEC["net_margin"])
    turnover = formula_value(d, c, y, SPEC["asset_turnover"])
    if not finite(margin, turnover) or revenue <= 0 or turnover <= 0 or income <= 0:
        return None
    if not (
        check(margin, d.metric(c, y, "net_margin"), "net_margin")
        and check(turnover, d.metric(c, y, "asset_turnover"), "asset_turnover")
        and check(margin * turnover, d.metric(c, y, "roa"), "roa = net margin × asset turnover")
    ):
        return None
    # The scenario works on the rounded figures shown in the question.
    m, v = round(margin * 100, 1) / 100, round(turnover, 2)
    cut = rng.choice([x for x in MARGIN_CUTS if x < m * 0.8] or [0.0])
    gain = rng.choice(TURN_GAINS)
    if cut == 0.0 or v <= 0:
        return None
    value = (m - cut) * v * (1 + gain)
    slips = [
        (m * v * (1 + gain), "ignoring the margin cut"),
        ((m - cut) * v, "ignoring the faster turnover"),
        (m * v - cut + gain * m * v, "subtracting the margin points from ROA directly"),
        (m * v + gain - cut, "adding the changes instead of multiplying"),
        ((m - cut) + v * (1 + gain), "adding margin and turnover instead of multiplying"),
    ]
    built = numeric_choices(value, slips, "pct", d.currency(c), rng)
    if built is None:
        return None
    choices, position, notes = built
    text = (
        f"{d.name(c)} earned a net margin of {choice_text(m, 'pct')} and turned its assets "
        f"{choice_text(v, 'x')} in FY{y} (ROA = {choice_text(m * v, 'pct')}). A price cut would lower the net "
        f"margin by {choice_text(cut * 100, 'number')} points but lift asset turnover by {choice_text(gain, 'pct')}. "
        f"What would its ROA be?"
    )
    verdict = "rises" if value > m * v else "falls"
    explanation = (
        f"R = M × V: ({choice_text(m, 'pct')} − {choice_text(cut, 'pct')}) × {choice_text(v, 'x')} × "
        f"{1 + gain:.2f} = {choice_text(value, 'pct')}, so ROA {verdict} from {choice_text(m * v, 'pct')}. "
        f"A margin point is worth more to a fast-turning business. Distractors: {'; '.join(notes)}."
    )
    return make_question(
        index,
        "trade-off",
        "return",
        text,
        choices,
        position,
        explanation,
        c,
        y,
        "roa",
        {
            "kind": "margin_velocity",
            "margin": m,
            "turnover": v,
            "cut": cut,
            "gain": gain,
            "value": value,
            "unit": "pct",
        },
    )


TRADE_OFFS = (_growth_cash, _days_cash, _margin_velocity)


def make_trade_off(d: QuizData, rng: random.Random, index: int) -> Question | None:
    rows = d.rows()
    for _ in range(MAX_TRIES):
        maker = rng.choice(TRADE_OFFS)
        c, y = rng.choice(rows)
        question = maker(d, c, y, rng, index)
        if question is not None:
            return question
    return None
