"""``lever`` questions: which offer lifts ROA most, from the what-if engine."""

from __future__ import annotations

import math
import random

import pandas as pd

from acumen.analysis.metrics import compute_metrics_with_reasons
from acumen.formatting import fiscal_label
from acumen.i18n import N_, _
from acumen.teaching.quiz.data import LEVER_OUTCOMES, QuizData, avg, memoised, money
from acumen.teaching.quiz.model import MAX_TRIES, Question, check, finite, make_question, signed


def lever_menu() -> dict[str, object]:
    """Offers a team can make, as what-if levers (label -> :class:`acumen.analysis.whatif_scenario.Levers`);
    the labels are English msgids, translated with ``_()`` where shown."""
    from acumen.analysis.whatif_scenario import Levers

    return {
        N_("Raise price by 1%"): Levers(price_pct=1),
        N_("Lower cost of revenue by 1%"): Levers(cogs_pct=-1),
        N_("Cut SG&A by 2%"): Levers(sga_pct=-2),
        N_("Sell 2% more volume"): Levers(volume_pct=2),
        N_("Collect from customers 5 days faster; the cash repays debt"): Levers(
            dso_days=-5, repay_debt=True
        ),
        N_("Hold 5 fewer days of inventory; the cash repays debt"): Levers(
            dio_days=-5, repay_debt=True
        ),
        N_("Pay suppliers 5 days later; the cash repays debt"): Levers(dpo_days=5, repay_debt=True),
    }


#: The best lever must beat the runner-up by this much ROA (0.02 points).
LEVER_GAP = 0.0002


def lever_outcomes(
    statements: pd.DataFrame, company: str, menu: dict[str, object]
) -> tuple[float, dict[str, float]]:
    """(ROA before, label -> ROA after) from the what-if engine; a lever whose scenario
    needed a caveat (a balance floored at zero, cash turning negative) is left out."""
    from acumen.analysis.whatif_scenario import apply_levers

    own = statements.select([company])
    year = int(own.index.get_level_values(1).max())
    before = float(compute_metrics_with_reasons(own).values.at[(company, year), "roa"])
    after: dict[str, float] = {}
    for label, levers in menu.items():
        scenario = apply_levers(own, company, levers)
        roa = float(
            compute_metrics_with_reasons(scenario.statements).values.at[(company, year), "roa"]
        )
        if not scenario.notes and finite(roa):
            after[label] = roa
    return before, after


def _pct2(value: float) -> str:
    return f"{signed(value * 100, 2)}%"


def make_lever(d: QuizData, rng: random.Random, index: int) -> Question | None:
    try:
        menu = lever_menu()
    except ImportError:
        return None
    companies = list(d.companies)
    rng.shuffle(companies)
    for c in [c for c in companies if ("lever", c) not in d.asked][:MAX_TRIES]:
        d.asked.add(("lever", c))
        y = d.latest(c)
        income = d.item(c, y, "net_income")
        average = (
            avg(d, c, y, "total_assets") if d.has_prior(c, y) else d.item(c, y, "total_assets")
        )
        before, after = memoised(
            LEVER_OUTCOMES, d, c, lambda c=c: lever_outcomes(d.statements, c, menu)
        )
        if not check(
            income / average if finite(income, average) and average > 0 else math.nan,
            before,
            "roa",
        ):
            continue
        labels = sorted(after)
        if len(labels) < 4:
            continue
        for _attempt in range(8):
            picks = rng.sample(labels, 4)
            ranked = sorted(picks, key=lambda label: after[label], reverse=True)
            if after[ranked[0]] - after[ranked[1]] < LEVER_GAP:
                continue
            best = ranked[0]
            outcomes = "; ".join(f"{_(label)}: {_pct2(after[label])}" for label in ranked)
            text = _(
                "{name} earned a return on assets of {roa} in {year} (net income {income}, "
                "average total assets {assets}). Your team can make one of these offers. Which "
                "one lifts its ROA the most?"
            ).format(
                name=d.name(c),
                roa=_pct2(before),
                year=fiscal_label(y),
                income=money(d, c, income),
                assets=money(d, c, average),
            )
            explanation = _(
                "ROA after each offer (what-if engine, fiscal {year}): {outcomes}. '{best}' lifts "
                "ROA by {points} points. Price falls straight to profit, so 1% of price is worth "
                "more than 1% of cost; days of receivables are worth revenue / 365 and days of "
                "inventory cost / 365, and they lift ROA only when the cash released shrinks the "
                "balance sheet; paying suppliers later is financed by suppliers and leaves assets "
                "unchanged."
            ).format(
                year=y,
                outcomes=outcomes,
                best=_(best),
                points=signed((after[best] - before) * 100, 2),
            )
            order = list(picks)
            rng.shuffle(order)
            return make_question(
                index,
                "lever",
                "return",
                text,
                [_(label) for label in order],
                order.index(best),
                explanation,
                c,
                y,
                "roa",
                {"roa_before": before, "roa_after": {k: after[k] for k in picks}, "best": best},
            )
    return None
