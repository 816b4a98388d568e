"""``compare`` questions: which of two companies does better on a metric."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from acumen.analysis.catalog import BY_NAME
from acumen.teaching.quiz.data import (
    AVERAGE_HINT,
    _avg,
    _balance_text,
    _Data,
    _money,
    _universe_data,
)
from acumen.teaching.quiz.model import MAX_TRIES, Question, _check, _finite, _question, choice_text


@dataclass(frozen=True)
class CompareSpec:
    phrase: str
    higher_is_better: bool
    figures: Callable[[_Data, str, int], tuple[str, ...]]
    own: Callable[[_Data, str, int], float]


def _cmp_turnover(d: _Data, c: str, y: int) -> float:
    average, _, _ = _avg(d, c, y, "inventory")
    return (
        d.item(c, y, "cost_of_revenue") / average if d.has_prior(c, y) and average > 0 else math.nan
    )


def _cmp_asset_turnover(d: _Data, c: str, y: int) -> float:
    average, _, _ = _avg(d, c, y, "total_assets")
    return d.item(c, y, "revenue") / average if d.has_prior(c, y) and average > 0 else math.nan


def _cmp_dso(d: _Data, c: str, y: int) -> float:
    average, _, _ = _avg(d, c, y, "receivables")
    revenue = d.item(c, y, "revenue")
    return (
        average / revenue * 365 if d.has_prior(c, y) and revenue > 0 and average > 0 else math.nan
    )


def _cmp_ratio(top: str, bottom: str) -> Callable[[_Data, str, int], float]:
    def own(d: _Data, c: str, y: int) -> float:
        b = d.item(c, y, bottom)
        return d.item(c, y, top) / b if _finite(b) and b > 0 else math.nan

    return own


def _figs(*parts: tuple[str, str]) -> Callable[[_Data, str, int], tuple[str, ...]]:
    def figures(d: _Data, c: str, y: int) -> tuple[str, ...]:
        out = []
        for label, name in parts:
            if label.startswith("avg "):
                out.append(_balance_text(d, c, y, label[4:], name))
            else:
                out.append(f"{label} {_money(d, c, d.item(c, y, name))}")
        return tuple(out)

    return figures


COMPARE: dict[str, CompareSpec] = {
    "inventory_turnover": CompareSpec(
        "turns its inventory faster (more inventory turns a year)",
        True,
        _figs(("cost of revenue", "cost_of_revenue"), ("avg inventory", "inventory")),
        _cmp_turnover,
    ),
    "asset_turnover": CompareSpec(
        "turns its assets into sales faster (higher asset turnover)",
        True,
        _figs(("revenue", "revenue"), ("avg total assets", "total_assets")),
        _cmp_asset_turnover,
    ),
    "net_margin": CompareSpec(
        "keeps more of each sale as profit (higher net margin)",
        True,
        _figs(("net income", "net_income"), ("revenue", "revenue")),
        _cmp_ratio("net_income", "revenue"),
    ),
    "gross_margin": CompareSpec(
        "keeps more of each sale after the cost of goods (higher gross margin)",
        True,
        _figs(("gross profit", "gross_profit"), ("revenue", "revenue")),
        _cmp_ratio("gross_profit", "revenue"),
    ),
    "dso": CompareSpec(
        "collects cash from its customers faster (fewer days sales outstanding)",
        False,
        _figs(("avg receivables", "receivables"), ("revenue", "revenue")),
        _cmp_dso,
    ),
    "current_ratio": CompareSpec(
        "has more short-term liquidity (higher current ratio)",
        True,
        _figs(("current assets", "current_assets"), ("current liabilities", "current_liabilities")),
        _cmp_ratio("current_assets", "current_liabilities"),
    ),
}
COMPARE_GAP = 0.15


def _compare_candidates(
    d: _Data, rng: random.Random
) -> list[tuple[_Data, str, int, _Data, str, int]]:
    """(data, company, year) pairs: two loaded companies, or a loaded one and a universe peer."""
    if len(d.companies) >= 2:
        pairs = []
        for _ in range(MAX_TRIES):
            a, b = rng.sample(d.companies, 2)
            pairs.append((d, a, d.latest(a), d, b, d.latest(b)))
        return pairs
    u = _universe_data()
    client = d.companies[0] if d.companies else None
    if client is None:
        return []
    year = d.latest(client)
    sector = d.sector(client)
    pool = [p for p in u.companies if p != client and (not sector or u.sector(p) == sector)] or [
        p for p in u.companies if p != client
    ]
    pairs = []
    for _ in range(MAX_TRIES):
        peer = rng.choice(pool)
        years = u.years(peer)
        peer_year = year if year in years else years[-1]
        pairs.append((d, client, year, u, peer, peer_year))
    return pairs


def _make_compare(d: _Data, rng: random.Random, index: int) -> Question | None:
    metrics = sorted(COMPARE)
    for da, a, ya, db, b, yb in _compare_candidates(d, rng):
        metric = rng.choice(metrics)
        spec = COMPARE[metric]
        va, vb = spec.own(da, a, ya), spec.own(db, b, yb)
        if not _finite(va, vb) or da.name(a) == db.name(b):
            continue
        if not (
            _check(va, da.metric(a, ya, metric), f"{metric} of {a}")
            and _check(vb, db.metric(b, yb, metric), f"{metric} of {b}")
        ):
            continue
        if abs(va - vb) < COMPARE_GAP * max(abs(va), abs(vb)):
            continue
        a_wins = (va > vb) == spec.higher_is_better
        winner, loser = (a, b) if a_wins else (b, a)
        names = {a: da.name(a), b: db.name(b)}
        info = BY_NAME[metric]
        lines = [
            f"{da.name(a)} (FY{ya}): {'; '.join(spec.figures(da, a, ya))}.",
            f"{db.name(b)} (FY{yb}): {'; '.join(spec.figures(db, b, yb))}.",
        ]
        text = f"Which company {spec.phrase}? " + " ".join(lines)
        if metric in {"inventory_turnover", "asset_turnover", "dso"}:
            text += AVERAGE_HINT
        options = [
            names[winner],
            names[loser],
            "They are about the same (within 5%)",
            "It cannot be told from these figures",
        ]
        order = list(range(4))
        rng.shuffle(order)
        choices = [options[i] for i in order]
        position = order.index(0)
        unit = info.unit
        shown = {a: choice_text(va, unit), b: choice_text(vb, unit)}
        direction = "higher" if spec.higher_is_better else "lower"
        explanation = (
            f"{info.label} = {info.formula}: {names[a]} {shown[a]}, {names[b]} {shown[b]}. "
            f"{direction.capitalize()} is better here, so {names[winner]} wins by "
            f"{choice_text(abs(va - vb), unit)}. Picking {names[loser]} usually means the ratio was "
            f"read upside down (or absolute amounts were compared instead of ratios)."
        )
        return _question(
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
