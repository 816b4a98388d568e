"""``compute`` questions: work a metric out of the figures given in the question."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from acumen.analysis.catalog import BY_NAME
from acumen.teaching.quiz.data import (
    AVERAGE_HINT,
    DAYS_HINT,
    _avg,
    _balance_text,
    _Data,
    _money,
    _own_days,
)
from acumen.teaching.quiz.model import (
    MAX_TRIES,
    Question,
    _check,
    _finite,
    _numeric_choices,
    _question,
    choice_text,
)


@dataclass(frozen=True)
class _Work:
    """A worked compute problem: the figures shown, the answer and the common slips."""

    figures: tuple[str, ...]
    value: float
    slips: tuple[tuple[float, str], ...]
    hint: str = ""
    exact: float | None = None  # the unrounded value checked against the engine

    @property
    def checked(self) -> float:
        return self.value if self.exact is None else self.exact


def _margin_work(
    numerator: str, label: str, others: dict[str, str]
) -> Callable[[_Data, str, int], _Work | None]:
    def work(d: _Data, c: str, y: int) -> _Work | None:
        top, revenue = d.item(c, y, numerator), d.item(c, y, "revenue")
        if not _finite(top, revenue) or revenue <= 0 or top == 0:
            return None
        value = top / revenue
        slips = [
            (value * 100, "a percentage off by 100×"),
            (revenue / top, f"the inverted ratio (revenue / {label})"),
            *[
                (d.item(c, y, item) / revenue, f"using {text} instead of {label}")
                for item, text in others.items()
            ],
            (1 - value, f"subtracting from 100% (the cost share, not the {label} share)"),
            (value / 100, "a percentage off by 100×"),
        ]
        figures = (f"{label} {_money(d, c, top)}", f"revenue {_money(d, c, revenue)}")
        return _Work(figures, value, tuple(slips))

    return work


def _turnover_work(top: str, top_label: str, balance: str, balance_label: str):
    def work(d: _Data, c: str, y: int) -> _Work | None:
        flow = d.item(c, y, top)
        average, now, then = _avg(d, c, y, balance)
        if (
            not d.has_prior(c, y)
            or not _finite(flow, now, then)
            or average <= 0
            or flow <= 0
            or now <= 0
        ):
            return None
        value = flow / average
        slips = [
            (flow / now, f"ending instead of average {balance_label}"),
            (average / flow, "the inverted ratio"),
            (flow / then, f"last year's {balance_label} instead of the average"),
            (value * 100, "a ratio off by 100×"),
        ]
        if top == "cost_of_revenue":
            slips.insert(
                1, (d.item(c, y, "revenue") / average, "revenue instead of cost of revenue")
            )
        figures = (
            f"{top_label} {_money(d, c, flow)}",
            _balance_text(d, c, y, balance_label, balance),
        )
        return _Work(figures, value, tuple(slips), AVERAGE_HINT)

    return work


def _days_work(
    balance: str, balance_label: str, base: str, base_label: str, wrong_base: str, wrong_label: str
):
    def work(d: _Data, c: str, y: int) -> _Work | None:
        flow, wrong = d.item(c, y, base), d.item(c, y, wrong_base)
        average, now, _ = _avg(d, c, y, balance)
        if not d.has_prior(c, y) or not _finite(flow, average, now) or flow <= 0 or average <= 0:
            return None
        value = average / flow * 365
        slips = [
            (average / flow, "forgetting × 365"),
            (now / flow * 365, f"ending instead of average {balance_label}"),
            (
                average / wrong * 365 if _finite(wrong) and wrong > 0 else math.nan,
                f"{wrong_label} instead of {base_label}",
            ),
            (flow / average * 365, "the inverted ratio"),
            (flow / average, f"the turnover ({base_label} / {balance_label}) instead of days"),
        ]
        figures = (
            _balance_text(d, c, y, balance_label, balance),
            f"{base_label} {_money(d, c, flow)}",
        )
        return _Work(figures, value, tuple(slips), AVERAGE_HINT + DAYS_HINT)

    return work


def _roa_work(d: _Data, c: str, y: int) -> _Work | None:
    income, revenue = d.item(c, y, "net_income"), d.item(c, y, "revenue")
    average, now, _ = _avg(d, c, y, "total_assets")
    if (
        not d.has_prior(c, y)
        or not _finite(income, average, now, revenue)
        or average <= 0
        or income == 0
    ):
        return None
    value = income / average
    slips = [
        (income / now, "ending instead of average total assets"),
        (income / revenue if revenue > 0 else math.nan, "net margin (revenue instead of assets)"),
        (value * 100, "a percentage off by 100×"),
        (average / income, "the inverted ratio"),
    ]
    figures = (
        f"net income {_money(d, c, income)}",
        _balance_text(d, c, y, "total assets", "total_assets"),
    )
    return _Work(figures, value, tuple(slips), AVERAGE_HINT)


def _roe_work(d: _Data, c: str, y: int) -> _Work | None:
    income = d.item(c, y, "net_income")
    average, now, _ = _avg(d, c, y, "equity")
    assets, _, _ = _avg(d, c, y, "total_assets")
    if (
        not d.has_prior(c, y)
        or not _finite(income, average, now)
        or average <= 0
        or now <= 0
        or income == 0
    ):
        return None
    value = income / average
    slips = [
        (income / now, "ending instead of average equity"),
        (
            income / assets if _finite(assets) and assets > 0 else math.nan,
            "assets instead of equity (that is ROA)",
        ),
        (value * 100, "a percentage off by 100×"),
        (average / income, "the inverted ratio"),
    ]
    figures = (f"net income {_money(d, c, income)}", _balance_text(d, c, y, "equity", "equity"))
    return _Work(figures, value, tuple(slips), AVERAGE_HINT)


def _ratio_work(
    top: str, top_label: str, bottom: str, bottom_label: str, extra: Callable | None = None
):
    def work(d: _Data, c: str, y: int) -> _Work | None:
        a, b = d.item(c, y, top), d.item(c, y, bottom)
        if not _finite(a, b) or a <= 0 or b <= 0:
            return None
        value = a / b
        slips = [(b / a, "the inverted ratio"), (value * 100, "a ratio off by 100×")]
        if extra is not None:
            slips = [*extra(d, c, y), *slips]
        return _Work(
            (f"{top_label} {_money(d, c, a)}", f"{bottom_label} {_money(d, c, b)}"),
            value,
            tuple(slips),
        )

    return work


def _current_slips(d: _Data, c: str, y: int) -> list[tuple[float, str]]:
    ca, cl, inv = (d.item(c, y, n) for n in ("current_assets", "current_liabilities", "inventory"))
    tl = d.item(c, y, "total_liabilities")
    return [
        (
            (ca - inv) / cl if _finite(inv) else math.nan,
            "subtracting inventory (that is the quick ratio)",
        ),
        (ca / tl if _finite(tl) and tl > 0 else math.nan, "total instead of current liabilities"),
    ]


def _quick_work(d: _Data, c: str, y: int) -> _Work | None:
    ca, inv, cl = (d.item(c, y, n) for n in ("current_assets", "inventory", "current_liabilities"))
    if not _finite(ca, inv, cl) or cl <= 0 or inv <= 0 or ca - inv <= 0:
        return None
    value = (ca - inv) / cl
    slips = [
        (ca / cl, "forgetting to subtract inventory (that is the current ratio)"),
        ((ca + inv) / cl, "adding inventory instead of subtracting it"),
        (cl / (ca - inv), "the inverted ratio"),
        (value * 100, "a ratio off by 100×"),
    ]
    figures = (
        f"current assets {_money(d, c, ca)}",
        f"inventory {_money(d, c, inv)}",
        f"current liabilities {_money(d, c, cl)}",
    )
    return _Work(figures, value, tuple(slips))


def _coverage_work(d: _Data, c: str, y: int) -> _Work | None:
    op, interest = d.item(c, y, "operating_income"), d.item(c, y, "interest_expense")
    income = d.item(c, y, "net_income")
    if not _finite(op, interest) or interest <= 0 or op <= 0:
        return None
    value = op / interest
    slips = [
        (
            income / interest if _finite(income) else math.nan,
            "net income instead of operating income",
        ),
        (interest / op, "the inverted ratio"),
        (value * 100, "a ratio off by 100×"),
    ]
    figures = (f"operating income {_money(d, c, op)}", f"interest expense {_money(d, c, interest)}")
    return _Work(figures, value, tuple(slips))


def _fcf_margin_work(d: _Data, c: str, y: int) -> _Work | None:
    ocf, capex, revenue = (
        d.item(c, y, n) for n in ("operating_cash_flow", "capital_expenditure", "revenue")
    )
    if not _finite(ocf, capex, revenue) or revenue <= 0 or capex <= 0 or ocf - capex == 0:
        return None
    value = (ocf - capex) / revenue
    slips = [
        (ocf / revenue, "forgetting to subtract capex"),
        ((ocf + capex) / revenue, "adding capex instead of subtracting it"),
        (value * 100, "a percentage off by 100×"),
        (revenue / (ocf - capex), "the inverted ratio"),
    ]
    figures = (
        f"operating cash flow {_money(d, c, ocf)}",
        f"capital expenditure {_money(d, c, capex)}",
        f"revenue {_money(d, c, revenue)}",
    )
    return _Work(figures, value, tuple(slips))


def _fcf_work(d: _Data, c: str, y: int) -> _Work | None:
    ocf, capex, income = (
        d.item(c, y, n) for n in ("operating_cash_flow", "capital_expenditure", "net_income")
    )
    if not _finite(ocf, capex, income) or capex <= 0 or ocf - capex == 0:
        return None
    value = ocf - capex
    slips = [
        (ocf + capex, "adding capex instead of subtracting it"),
        (income - capex, "net income instead of operating cash flow"),
        (capex - ocf, "subtracting the wrong way round"),
        (ocf, "forgetting capex"),
    ]
    figures = (
        f"net income {_money(d, c, income)}",
        f"operating cash flow {_money(d, c, ocf)}",
        f"capital expenditure {_money(d, c, capex)}",
    )
    return _Work(figures, value, tuple(slips))


def _growth_work(d: _Data, c: str, y: int) -> _Work | None:
    now, then = d.item(c, y, "revenue"), d.item(c, y - 1, "revenue")
    if not d.has_prior(c, y) or not _finite(now, then) or then <= 0 or now <= 0 or now == then:
        return None
    value = (now - then) / abs(then)
    slips = [
        ((now - then) / now, "dividing by this year's revenue instead of last year's"),
        (now / then, "the ratio of the two years instead of the change"),
        (value * 100, "a percentage off by 100×"),
        (-value, "subtracting the wrong way round"),
    ]
    figures = (
        f"revenue {_money(d, c, then)} in FY{y - 1}",
        f"revenue {_money(d, c, now)} in FY{y}",
    )
    return _Work(figures, value, tuple(slips))


def _ccc_work(d: _Data, c: str, y: int) -> _Work | None:
    days = _own_days(d, c, y)
    if days is None or min(days) <= 0:
        return None
    exact = days[0] + days[1] - days[2]
    dso, dio, dpo = (round(v) for v in days)
    value = float(dso + dio - dpo)
    if value == 0:
        return None
    slips = [
        (float(dso + dio + dpo), "adding DPO instead of subtracting it"),
        (float(dio - dpo), "forgetting DSO"),
        (float(dso + dio), "forgetting DPO"),
        (float(dpo - dso - dio), "subtracting the wrong way round"),
    ]
    figures = (f"DSO {dso} days", f"DIO {dio} days", f"DPO {dpo} days")
    return _Work(figures, value, tuple(slips), exact=exact)


#: metric -> worked problem; every metric here is recomputed from line items and checked.
COMPUTE: dict[str, Callable[[_Data, str, int], _Work | None]] = {
    "gross_margin": _margin_work(
        "gross_profit",
        "gross profit",
        {"cost_of_revenue": "cost of revenue", "net_income": "net income"},
    ),
    "operating_margin": _margin_work(
        "operating_income",
        "operating income",
        {"gross_profit": "gross profit", "net_income": "net income"},
    ),
    "net_margin": _margin_work(
        "net_income",
        "net income",
        {"operating_income": "operating income", "gross_profit": "gross profit"},
    ),
    "asset_turnover": _turnover_work("revenue", "revenue", "total_assets", "total assets"),
    "inventory_turnover": _turnover_work(
        "cost_of_revenue", "cost of revenue", "inventory", "inventory"
    ),
    "dio": _days_work(
        "inventory", "inventory", "cost_of_revenue", "cost of revenue", "revenue", "revenue"
    ),
    "dso": _days_work(
        "receivables", "receivables", "revenue", "revenue", "cost_of_revenue", "cost of revenue"
    ),
    "dpo": _days_work(
        "payables", "payables", "cost_of_revenue", "cost of revenue", "revenue", "revenue"
    ),
    "cash_conversion_cycle": _ccc_work,
    "roa": _roa_work,
    "roe": _roe_work,
    "current_ratio": _ratio_work(
        "current_assets",
        "current assets",
        "current_liabilities",
        "current liabilities",
        _current_slips,
    ),
    "quick_ratio": _quick_work,
    "interest_coverage": _coverage_work,
    "free_cash_flow": _fcf_work,
    "fcf_margin": _fcf_margin_work,
    "revenue_growth": _growth_work,
}


def _worked_line(d: _Data, c: str, y: int, metric: str) -> str:
    from acumen.teaching.lessons import worked_formula

    return worked_formula(d.view(c), metric, y).text


def _make_compute(d: _Data, rng: random.Random, index: int) -> Question | None:
    metrics = sorted(COMPUTE)
    rows = d.rows()
    for _ in range(MAX_TRIES):
        metric = rng.choice(metrics)
        c, y = rng.choice(rows)
        work = COMPUTE[metric](d, c, y)
        engine = d.metric(c, y, metric)
        if work is None or not _finite(work.value, engine):
            continue
        if not _check(work.checked, engine, f"{metric} of {c} FY{y}"):
            continue
        info = BY_NAME[metric]
        built = _numeric_choices(work.value, work.slips, info.unit, d.currency(c), rng)
        if built is None:
            continue
        choices, position, notes = built
        text = (
            f"{d.name(c)}, fiscal {y}: {'; '.join(work.figures)}. "
            f"What is its {_lower_first(info.label)}?{work.hint}"
        )
        explanation = f"{_worked_line(d, c, y, metric)}. Distractors: {'; '.join(notes)}."
        if metric == "cash_conversion_cycle":
            explanation = (
                f"Cash conversion cycle = DSO + DIO − DPO = {work.figures[0][4:]} + {work.figures[1][4:]} − "
                f"{work.figures[2][4:]} = {choice_text(work.value, 'days')}. Distractors: {'; '.join(notes)}."
            )
        return _question(
            index,
            "compute",
            info.driver,
            text,
            choices,
            position,
            explanation,
            c,
            y,
            metric,
            {"value": work.value, "unit": info.unit},
        )
    return None


def _lower_first(label: str) -> str:
    """ "Net margin" -> "net margin"; "FCF margin" stays (an abbreviation)."""
    return label if label[1:2].isupper() else label[0].lower() + label[1:]
