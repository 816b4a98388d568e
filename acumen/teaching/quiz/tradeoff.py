"""``trade-off`` questions: growth-versus-cash and margin-versus-velocity scenarios."""

from __future__ import annotations

import random

from acumen.analysis.metric_specs import SPEC
from acumen.formatting import fiscal_label
from acumen.i18n import N_, _
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
        (ccc * increase, N_("forgetting to divide the cycle by 365")),
        (
            ccc / 365 * revenue * (1 + growth),
            N_("using next year's whole revenue instead of the increase"),
        ),
        ((dso + dio + dpo) / 365 * increase, N_("adding DPO instead of subtracting it")),
        ((dso + dio) / 365 * increase, N_("forgetting DPO")),
        (ccc / 365 * revenue * growth * 100, N_("a growth rate off by 100×")),
    ]
    built = numeric_choices(value, slips, "money", cur, rng)
    if built is None:
        return None
    choices, position, notes = built
    name = d.name(c)
    text = _(
        "{name} had revenue of {revenue} in {year}, with DSO {dso} days, DIO {dio} days and DPO "
        "{dpo} days. If revenue grows {growth} next year and the cycle stays the same, about how "
        "much extra working capital must {name} fund?{hint}"
    ).format(
        name=name,
        revenue=money(d, c, revenue),
        year=fiscal_label(y),
        dso=dso,
        dio=dio,
        dpo=dpo,
        growth=choice_text(growth, "pct"),
        hint=_(DAYS_HINT),
    )
    explanation = _(
        "Cash conversion cycle = {dso} + {dio} − {dpo} = {ccc} days. Revenue increase = "
        "{revenue} × {growth} = {increase}. Extra working capital = {ccc} / 365 × {increase} = "
        "{value}: cash that goes out before it comes back, which is how a profitable company "
        "growing fast can run short of cash. Distractors: {notes}."
    ).format(
        dso=dso,
        dio=dio,
        dpo=dpo,
        ccc=ccc,
        revenue=money(d, c, revenue),
        growth=choice_text(growth, "pct"),
        increase=money(d, c, increase),
        value=money(d, c, value),
        notes="; ".join(notes),
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
    labels = {"revenue": _("revenue"), "cost_of_revenue": _("cost of revenue")}
    slips = [
        (cut * base, N_("forgetting to divide by 365")),
        (
            cut / 365 * wrong,
            _("using {other} instead of {label}").format(
                other=labels[wrong_item], label=labels[base_item]
            ),
        ),
        (cut / 100 * base, N_("treating days as a percentage")),
        (cut / 12 * base, N_("treating days as months")),
        (current / 365 * base, N_("freeing the whole balance instead of the days cut")),
    ]
    cur = d.currency(c)
    built = numeric_choices(value, slips, "money", cur, rng)
    if built is None:
        return None
    choices, position, notes = built
    what = (
        _("DSO (days customers take to pay)")
        if lever == "dso"
        else _("DIO (days inventory sits in stock)")
    )
    text = _(
        "{name} had revenue of {revenue} and cost of revenue of {cost} in {year}; its {what} was "
        "{current} days. About how much cash is released for the rest of the business if it cuts "
        "{lever} by {cut} days?{hint}"
    ).format(
        name=d.name(c),
        revenue=money(d, c, d.item(c, y, "revenue")),
        cost=money(d, c, d.item(c, y, "cost_of_revenue")),
        year=fiscal_label(y),
        what=what,
        current=current,
        lever=lever.upper(),
        cut=cut,
        hint=_(DAYS_HINT),
    )
    explanation = _(
        "One day of {lever} holds {base} / 365 = {per_day}, so {cut} days release {cut} / 365 × "
        "{total} = {value}. Velocity turns into cash: the same sales need less working capital. "
        "Distractors: {notes}."
    ).format(
        lever=lever.upper(),
        base=labels[base_item],
        per_day=money(d, c, base / 365),
        cut=cut,
        total=money(d, c, base),
        value=money(d, c, value),
        notes="; ".join(notes),
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
        (m * v * (1 + gain), N_("ignoring the margin cut")),
        ((m - cut) * v, N_("ignoring the faster turnover")),
        (m * v - cut + gain * m * v, N_("subtracting the margin points from ROA directly")),
        (m * v + gain - cut, N_("adding the changes instead of multiplying")),
        ((m - cut) + v * (1 + gain), N_("adding margin and turnover instead of multiplying")),
    ]
    built = numeric_choices(value, slips, "pct", d.currency(c), rng)
    if built is None:
        return None
    choices, position, notes = built
    text = _(
        "{name} earned a net margin of {margin} and turned its assets {turnover} in {year} "
        "(ROA = {roa}). A price cut would lower the net margin by {cut} points but lift asset "
        "turnover by {gain}. What would its ROA be?"
    ).format(
        name=d.name(c),
        margin=choice_text(m, "pct"),
        turnover=choice_text(v, "x"),
        year=fiscal_label(y),
        roa=choice_text(m * v, "pct"),
        cut=choice_text(cut * 100, "number"),
        gain=choice_text(gain, "pct"),
    )
    explanation = (
        _(
            "R = M × V: ({margin} − {cut}) × {turnover} × {factor} = {value}, so ROA rises from "
            "{roa}. A margin point is worth more to a fast-turning business. Distractors: {notes}."
        )
        if value > m * v
        else _(
            "R = M × V: ({margin} − {cut}) × {turnover} × {factor} = {value}, so ROA falls from "
            "{roa}. A margin point is worth more to a fast-turning business. Distractors: {notes}."
        )
    ).format(
        margin=choice_text(m, "pct"),
        cut=choice_text(cut, "pct"),
        turnover=choice_text(v, "x"),
        factor=f"{1 + gain:.2f}",
        value=choice_text(value, "pct"),
        roa=choice_text(m * v, "pct"),
        notes="; ".join(notes),
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
    for _attempt in range(MAX_TRIES):
        maker = rng.choice(TRADE_OFFS)
        c, y = rng.choice(rows)
        question = maker(d, c, y, rng, index)
        if question is not None:
            return question
    return None
