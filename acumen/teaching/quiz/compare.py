"""``compare`` questions: which of two companies does better on a metric."""

from __future__ import annotations

import math
import random

from acumen.analysis.catalog import BY_NAME
from acumen.analysis.metric_spec import MetricSpec
from acumen.analysis.metric_specs import SPEC
from acumen.formatting import fiscal_label
from acumen.i18n import N_, _
from acumen.teaching.quiz.data import AVERAGE_HINT, QuizData
from acumen.teaching.quiz.figures import figure_text, formula_value, operand_value
from acumen.teaching.quiz.model import (
    MAX_TRIES,
    Question,
    check,
    choice_text,
    finite,
    make_question,
)

#: metric -> what the better company does, asked as "Which company ...?".
COMPARE: dict[str, str] = {
    "inventory_turnover": N_(
        "Which company turns its inventory faster (more inventory turns a year)?"
    ),
    "asset_turnover": N_(
        "Which company turns its assets into sales faster (higher asset turnover)?"
    ),
    "net_margin": N_("Which company keeps more of each sale as profit (higher net margin)?"),
    "gross_margin": N_(
        "Which company keeps more of each sale after the cost of goods (higher gross margin)?"
    ),
    "dso": N_(
        "Which company collects cash from its customers faster (fewer days sales outstanding)?"
    ),
    "current_ratio": N_("Which company has more short-term liquidity (higher current ratio)?"),
}
SAME = N_("They are about the same (within 5%)")
UNKNOWN = N_("It cannot be told from these figures")
#: The two values must differ by at least this share of the larger.
COMPARE_GAP = 0.15


def own_value(d: QuizData, c: str, y: int, spec: MetricSpec) -> float:
    """The spec's formula on the line items; NaN unless its average balances and its
    denominator (the last operand) are positive."""
    operands = spec.operands
    positive = [o for o in operands if o.balance] + [operands[-1]]
    if not all(operand_value(d, c, y, o) > 0 for o in positive):
        return math.nan
    return formula_value(d, c, y, spec)


def figures(d: QuizData, c: str, y: int, spec: MetricSpec) -> tuple[str, ...]:
    return tuple(figure_text(d, c, y, o, False) for o in spec.operands)


def _compare_candidates(
    d: QuizData, rng: random.Random
) -> list[tuple[QuizData, str, int, QuizData, str, int]]:
    """(data, company, year) pairs: two loaded companies, or a loaded one and a universe peer."""
    if len(d.companies) >= 2:
        pairs = []
        for _attempt in range(MAX_TRIES):
            a, b = rng.sample(d.companies, 2)
            pairs.append((d, a, d.latest(a), d, b, d.latest(b)))
        return pairs
    u = d.peers()
    client = d.companies[0] if d.companies else None
    if client is None or u is None:
        return []
    year = d.latest(client)
    sector = d.sector(client)
    pool = [p for p in u.companies if p != client and (not sector or u.sector(p) == sector)] or [
        p for p in u.companies if p != client
    ]
    pairs = []
    for _attempt in range(MAX_TRIES):
        peer = rng.choice(pool)
        years = u.years(peer)
        peer_year = year if year in years else years[-1]
        pairs.append((d, client, year, u, peer, peer_year))
    return pairs


def make_compare(d: QuizData, rng: random.Random, index: int) -> Question | None:
    metrics = sorted(COMPARE)
    for da, a, ya, db, b, yb in _compare_candidates(d, rng):
        metric = rng.choice(metrics)
        spec = SPEC[metric]
        va, vb = own_value(da, a, ya, spec), own_value(db, b, yb, spec)
        if not finite(va, vb) or da.name(a) == db.name(b):
            continue
        if not (
            check(va, da.metric(a, ya, metric), f"{metric} of {a}")
            and check(vb, db.metric(b, yb, metric), f"{metric} of {b}")
        ):
            continue
        if abs(va - vb) < COMPARE_GAP * max(abs(va), abs(vb)):
            continue
        a_wins = (va > vb) == spec.higher_is_better
        winner, loser = (a, b) if a_wins else (b, a)
        names = {a: da.name(a), b: db.name(b)}
        info = BY_NAME[metric]
        line = _("{name} ({year}): {figures}.")
        lines = [
            line.format(
                name=da.name(a), year=fiscal_label(ya), figures="; ".join(figures(da, a, ya, spec))
            ),
            line.format(
                name=db.name(b), year=fiscal_label(yb), figures="; ".join(figures(db, b, yb, spec))
            ),
        ]
        text = f"{_(COMPARE[metric])} " + " ".join(lines)
        if spec.averaged:
            text += _(AVERAGE_HINT)
        options = [names[winner], names[loser], _(SAME), _(UNKNOWN)]
        order = list(range(4))
        rng.shuffle(order)
        choices = [options[i] for i in order]
        position = order.index(0)
        unit = info.unit
        shown = {a: choice_text(va, unit), b: choice_text(vb, unit)}
        explanation = (
            _(
                "{metric} = {formula}: {a} {a_value}, {b} {b_value}. Higher is better here, so "
                "{winner} wins by {gap}. Picking {loser} usually means the ratio was read upside "
                "down (or absolute amounts were compared instead of ratios)."
            )
            if spec.higher_is_better
            else _(
                "{metric} = {formula}: {a} {a_value}, {b} {b_value}. Lower is better here, so "
                "{winner} wins by {gap}. Picking {loser} usually means the ratio was read upside "
                "down (or absolute amounts were compared instead of ratios)."
            )
        ).format(
            metric=_(info.label),
            formula=_(info.formula),
            a=names[a],
            a_value=shown[a],
            b=names[b],
            b_value=shown[b],
            winner=names[winner],
            gap=choice_text(abs(va - vb), unit),
            loser=names[loser],
        )
        return make_question(
            index,
            "compare",
            info.driver,
            text,
            choices,
            position,
            explanation,
            f"{a}, {b}",
            ya,
            metric,
            {
                "companies": (a, b),
                "years": (ya, yb),
                "winner": winner,
                "names": names,
                "values": (va, vb),
                "higher_is_better": spec.higher_is_better,
            },
        )
    return None
