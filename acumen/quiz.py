"""Quiz questions generated from the data, deterministic for a seed.

Types (:data:`QUIZ_TYPES`):

- ``compute``: work a metric out of figures given in the question;
- ``compare``: which of two companies turns inventory faster, has the better margin, ...
  (a lone company is compared with a bundled-universe peer);
- ``diagnose``: given the evidence, the client's likely priority (the diagnosis engine's top
  finding; distractors are other rules' priorities);
- ``lever``: which change lifts ROA most (the what-if engine);
- ``trade-off``: growth-versus-cash and margin-versus-velocity scenarios with numbers.

Every question has four distinct choices, exactly one correct, distractors built from common
mistakes (ending instead of average balances, a percentage off by 100×, an inverted ratio,
forgetting × 365), an explanation and its driver. Each answer is recomputed from the line
items and checked against the metrics engine when it is generated; a candidate whose inputs
are missing is skipped.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

from acumen.catalog import BY_NAME
from acumen.client import ClientView, client_view
from acumen.formatting import MINUS, format_money, format_value, is_missing
from acumen.metrics import compute_metrics_with_reasons
from acumen.statements import companies_of, plain_frame

QUIZ_TYPES: tuple[str, ...] = ("compute", "compare", "diagnose", "lever", "trade-off")
LETTERS = ("A", "B", "C", "D")
TABLE_COLUMNS = (
    "id",
    "type",
    "driver",
    "question",
    "choice_a",
    "choice_b",
    "choice_c",
    "choice_d",
    "answer",
    "explanation",
    "company",
    "fiscal_year",
)
#: Relative tolerance of the check of a question's answer against the metrics engine.
ENGINE_TOLERANCE = 1e-9
#: A distractor must differ from the answer by at least this share of it.
MIN_DISTANCE = 0.12
#: Candidates tried per question before a type is given up.
MAX_TRIES = 40
_BAD_WORDS = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)


class AnswerCheckError(AssertionError):
    """A generated answer disagrees with the metrics engine (a bug, never bad input)."""


@dataclass(frozen=True, eq=False)
class Question:
    """One multiple-choice question; ``answer`` is a letter A–D."""

    id: str
    type: str
    driver: str
    question: str
    choices: tuple[str, str, str, str]
    answer: str
    explanation: str
    company: str
    fiscal_year: int
    metric: str = ""
    detail: dict = field(default_factory=dict)

    @property
    def answer_index(self) -> int:
        return LETTERS.index(self.answer)

    @property
    def correct_choice(self) -> str:
        return self.choices[self.answer_index]

    def texts(self) -> list[str]:
        return [self.question, *self.choices, self.explanation]


# ---------------------------------------------------------------- data access


class _Data:
    """Line items, engine metrics and metadata of one statements table, with fast lookups."""

    def __init__(self, statements: pd.DataFrame) -> None:
        self.statements = statements
        frame = plain_frame(statements)
        metrics = compute_metrics_with_reasons(statements).values
        self._rows = [(str(c), int(y)) for c, y in frame.index]
        self._position = {row: i for i, row in enumerate(self._rows)}
        self._items = frame.to_numpy(dtype="float64")
        self._item_column = {name: j for j, name in enumerate(frame.columns)}
        self._metrics = metrics.reindex(frame.index).to_numpy(dtype="float64")
        self._metric_column = {name: j for j, name in enumerate(metrics.columns)}
        self.companies = sorted({c for c, _ in self._rows})
        self._years: dict[str, list[int]] = {c: [] for c in self.companies}
        for c, y in self._rows:
            self._years[c].append(y)
        meta = companies_of(statements)
        self._meta = {
            field: {c: _text(meta[field].get(c)) if field in meta else "" for c in self.companies}
            for field in ("name", "currency", "sector")
        }
        self._views: dict[str, ClientView] = {}
        #: (question type, company) already asked, for types with one question per company.
        self.asked: set[tuple[str, str]] = set()

    def rows(self) -> list[tuple[str, int]]:
        return list(self._rows)

    def years(self, company: str) -> list[int]:
        return self._years[company]

    def latest(self, company: str) -> int:
        return self._years[company][-1]

    def item(self, company: str, year: int, name: str) -> float:
        i = self._position.get((company, year))
        return math.nan if i is None else float(self._items[i, self._item_column[name]])

    def metric(self, company: str, year: int, name: str) -> float:
        i = self._position.get((company, year))
        return math.nan if i is None else float(self._metrics[i, self._metric_column[name]])

    def has_prior(self, company: str, year: int) -> bool:
        return (company, year - 1) in self._position

    def name(self, company: str) -> str:
        return self._meta["name"][company] or company

    def currency(self, company: str) -> str:
        return self._meta["currency"][company] or "USD"

    def sector(self, company: str) -> str:
        return self._meta["sector"][company]

    def fingerprint(self, company: str) -> str:
        """A digest of the company's line items and metadata."""
        positions = [self._position[(company, y)] for y in self._years[company]]
        return _fingerprint(
            self._items[positions], self._years[company], _meta_of(self.statements, company)
        )

    def view(self, company: str) -> ClientView:
        if company not in self._views:
            self._views[company] = client_view(self.statements, company)
        return self._views[company]


def _text(value: object) -> str:
    return "" if is_missing_text(value) else str(value)


def _meta_of(statements: pd.DataFrame, company: str) -> dict:
    meta = companies_of(statements)
    return meta.loc[company].to_dict() if company in meta.index else {}


def _fingerprint(items: np.ndarray, years: list[int], meta: dict) -> str:
    digest = hashlib.sha256(np.ascontiguousarray(items, dtype="float64").tobytes())
    digest.update(repr((list(years), sorted((k, str(v)) for k, v in meta.items()))).encode())
    return digest.hexdigest()


@cache
def _bundled_fingerprint(company: str) -> str:
    """The fingerprint of the bundled sample ``company`` as shipped ("" when there is none)."""
    from acumen.errors import AcumenError
    from acumen.samples import load_sample

    try:
        statements = load_sample(company)
    except AcumenError:
        return ""
    frame = plain_frame(statements)
    years = [int(y) for y in frame.index.get_level_values(1)]
    return _fingerprint(frame.to_numpy(dtype="float64"), years, _meta_of(statements, company))


#: Memos of pure, slow results (diagnosis, lever outcomes) for BUNDLED samples only.
_MEMO_MAX = 512
_DIAGNOSES: dict[tuple[str, str], object] = {}
_LEVER_OUTCOMES: dict[tuple[str, str], object] = {}


def _memoised(store: dict, d: _Data, company: str, compute: Callable[[], object]):
    """``compute()``, remembered across calls only while ``company`` is an unchanged bundled
    sample (public data). A client's own figures (an upload, typed figures, a live fetch)
    are never kept beyond the call that uses them."""
    fingerprint = d.fingerprint(company)
    if fingerprint != _bundled_fingerprint(company):
        return compute()
    key = (company, fingerprint)
    if key not in store:
        if len(store) >= _MEMO_MAX:
            store.clear()
        store[key] = compute()
    return store[key]


def is_missing_text(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value).strip() == ""
    )


@cache
def _universe_data() -> _Data:
    from acumen.samples import universe

    return _Data(universe())


def _check(own: float, engine: float, what: str) -> bool:
    """False when either value is missing (skip the candidate); raise
    :class:`AnswerCheckError` when both exist and disagree; else True."""
    if not _finite(own, engine):
        return False
    if not math.isclose(own, engine, rel_tol=ENGINE_TOLERANCE, abs_tol=1e-12):
        raise AnswerCheckError(f"{what}: quiz computed {own!r}, metrics engine {engine!r}")
    return True


def _finite(*values: float) -> bool:
    return all(not is_missing(v) for v in values)


# ---------------------------------------------------------------- formatting of choices


def choice_text(value: float, unit: str, currency: str = "USD") -> str:
    """A numeric choice: like :func:`format_value`, with more decimals for small numbers."""
    if unit == "pct":
        decimals = 1 if abs(value) * 100 >= 0.995 else 2
        return f"{_signed(value * 100, decimals)}%"
    if unit == "x":
        return f"{_signed(value, 2 if abs(value) >= 0.0995 else 3)}×"
    if unit == "days":
        return f"{_signed(value, 0 if abs(value) >= 9.95 else 1)} days"
    if unit == "money":
        return format_money(value, currency)
    return format_value(value, unit, currency)


def _signed(value: float, decimals: int) -> str:
    text = f"{abs(value):,.{decimals}f}"
    return f"{MINUS}{text}" if value < 0 and float(text.replace(",", "")) != 0 else text


def _far(a: float, b: float) -> bool:
    scale = max(abs(a), abs(b))
    return scale > 0 and abs(a - b) >= MIN_DISTANCE * scale


def _numeric_choices(
    correct: float, slips: Sequence[tuple[float, str]], unit: str, currency: str, rng: random.Random
) -> tuple[list[str], int, list[str]] | None:
    """Four distinct choice texts (the answer among three slips), the answer's position and
    the notes on the slips used; None when three good slips can't be found."""
    chosen: list[tuple[float, str]] = []
    texts = {choice_text(correct, unit, currency)}
    fallbacks = [(correct * f, "an arithmetic slip") for f in (0.5, 2.0, 1.5, 0.75, 3.0, 0.25)]
    for value, note in [*slips, *fallbacks]:
        if len(chosen) == 3:
            break
        if (
            not _finite(value)
            or not _far(value, correct)
            or any(not _far(value, v) for v, _ in chosen)
        ):
            continue
        text = choice_text(value, unit, currency)
        if text in texts:
            continue
        texts.add(text)
        chosen.append((value, note))
    if len(chosen) < 3:
        return None
    options = [(correct, "")] + chosen
    rng.shuffle(options)
    position = next(i for i, (_, note) in enumerate(options) if note == "")
    texts_out = [choice_text(v, unit, currency) for v, _ in options]
    notes = [f"{choice_text(v, unit, currency)} comes from {note}" for v, note in chosen]
    return texts_out, position, notes


# ---------------------------------------------------------------- compute questions


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


def _avg(d: _Data, c: str, y: int, name: str) -> tuple[float, float, float]:
    """(average, year-end, prior year-end) of a balance; needs the prior year."""
    now, then = d.item(c, y, name), d.item(c, y - 1, name)
    return (now + then) / 2, now, then


def _money(d: _Data, c: str, v: float) -> str:
    return format_money(v, d.currency(c))


def _balance_text(d: _Data, c: str, y: int, label: str, name: str) -> str:
    return f"{label} {_money(d, c, d.item(c, y - 1, name))} at the end of FY{y - 1} and {_money(d, c, d.item(c, y, name))} at the end of FY{y}"


AVERAGE_HINT = " Use average balances (the mean of the two year-ends)."
DAYS_HINT = " A year has 365 days."


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
    from acumen.teaching import worked_formula

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


def _question(
    index: int,
    kind: str,
    driver: str,
    text: str,
    choices: Sequence[str],
    position: int,
    explanation: str,
    company: str,
    year: int,
    metric: str,
    detail: dict,
) -> Question:
    return Question(
        id=f"Q{index:02d}",
        type=kind,
        driver=driver,
        question=text,
        choices=tuple(choices),  # type: ignore[arg-type]
        answer=LETTERS[position],
        explanation=explanation,
        company=company,
        fiscal_year=int(year),
        metric=metric,
        detail=detail,
    )


# ---------------------------------------------------------------- compare questions


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


# ---------------------------------------------------------------- trade-off questions

GROWTH_RATES = (0.05, 0.10, 0.15, 0.20, 0.25)
DAY_CUTS = (3, 5, 7, 10)
MARGIN_CUTS = (0.005, 0.01, 0.02)
TURN_GAINS = (0.10, 0.15, 0.20, 0.25)


def _own_days(d: _Data, c: str, y: int) -> tuple[float, float, float] | None:
    """DSO, DIO, DPO recomputed from line items (average balances) and checked."""
    if not d.has_prior(c, y):
        return None
    revenue, cogs = d.item(c, y, "revenue"), d.item(c, y, "cost_of_revenue")
    ar, _, _ = _avg(d, c, y, "receivables")
    inv, _, _ = _avg(d, c, y, "inventory")
    ap, _, _ = _avg(d, c, y, "payables")
    if not _finite(revenue, cogs, ar, inv, ap) or revenue <= 0 or cogs <= 0:
        return None
    days = (ar / revenue * 365, inv / cogs * 365, ap / cogs * 365)
    checks = [
        _check(v, d.metric(c, y, m), f"{m} of {c} FY{y}")
        for v, m in zip(days, ("dso", "dio", "dpo"), strict=True)
    ]
    return days if all(checks) else None


def _growth_cash(d: _Data, c: str, y: int, rng: random.Random, index: int) -> Question | None:
    days = _own_days(d, c, y)
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
    built = _numeric_choices(value, slips, "money", cur, rng)
    if built is None:
        return None
    choices, position, notes = built
    name = d.name(c)
    text = (
        f"{name} had revenue of {_money(d, c, revenue)} in FY{y}, with DSO {dso} days, DIO {dio} days "
        f"and DPO {dpo} days. If revenue grows {choice_text(growth, 'pct')} next year and the cycle stays "
        f"the same, about how much extra working capital must {name} fund?{DAYS_HINT}"
    )
    explanation = (
        f"Cash conversion cycle = {dso} + {dio} − {dpo} = {ccc} days. Revenue increase = "
        f"{_money(d, c, revenue)} × {choice_text(growth, 'pct')} = {_money(d, c, increase)}. Extra working "
        f"capital = {ccc} / 365 × {_money(d, c, increase)} = {_money(d, c, value)}: cash that goes out before "
        f"it comes back, which is how a profitable company growing fast can run short of cash. "
        f"Distractors: {'; '.join(notes)}."
    )
    return _question(
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


def _days_cash(d: _Data, c: str, y: int, rng: random.Random, index: int) -> Question | None:
    days = _own_days(d, c, y)
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
    built = _numeric_choices(value, slips, "money", cur, rng)
    if built is None:
        return None
    choices, position, notes = built
    what = (
        "DSO (days customers take to pay)"
        if lever == "dso"
        else "DIO (days inventory sits in stock)"
    )
    text = (
        f"{d.name(c)} had revenue of {_money(d, c, d.item(c, y, 'revenue'))} and cost of revenue of "
        f"{_money(d, c, d.item(c, y, 'cost_of_revenue'))} in FY{y}; its {what} was {current} days. "
        f"About how much cash is released for the rest of the business if it cuts {lever.upper()} by {cut} days?"
        f"{DAYS_HINT}"
    )
    explanation = (
        f"One day of {lever.upper()} holds {labels[base_item]} / 365 = {_money(d, c, base / 365)}, so {cut} days "
        f"release {cut} / 365 × {_money(d, c, base)} = {_money(d, c, value)}. Velocity turns into cash: the same "
        f"sales need less working capital. Distractors: {'; '.join(notes)}."
    )
    return _question(
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


def _margin_velocity(d: _Data, c: str, y: int, rng: random.Random, index: int) -> Question | None:
    income, revenue = d.item(c, y, "net_income"), d.item(c, y, "revenue")
    average, _, _ = _avg(d, c, y, "total_assets")
    if (
        not d.has_prior(c, y)
        or not _finite(income, revenue, average)
        or revenue <= 0
        or average <= 0
        or income <= 0
    ):
        return None
    margin, turnover = income / revenue, revenue / average
    if not (
        _check(margin, d.metric(c, y, "net_margin"), "net_margin")
        and _check(turnover, d.metric(c, y, "asset_turnover"), "asset_turnover")
        and _check(margin * turnover, d.metric(c, y, "roa"), "roa = net margin × asset turnover")
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
    built = _numeric_choices(value, slips, "pct", d.currency(c), rng)
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
    return _question(
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


def _make_trade_off(d: _Data, rng: random.Random, index: int) -> Question | None:
    rows = d.rows()
    for _ in range(MAX_TRIES):
        maker = rng.choice(TRADE_OFFS)
        c, y = rng.choice(rows)
        question = maker(d, c, y, rng, index)
        if question is not None:
            return question
    return None


# ---------------------------------------------------------------- diagnose questions


def _priority_pool() -> list[tuple[str, str, str]]:
    """(rule id, driver, priority text) of every rule whose priority needs no client figures."""
    from acumen.rules import RULES

    return [(r.id, r.driver, r.priority) for r in RULES if "{" not in r.priority]


def _diagnosis(d: _Data, company: str):
    """The diagnosis engine's result for ``company``."""
    from acumen.diagnosis import diagnose

    return _memoised(_DIAGNOSES, d, company, lambda: diagnose(d.statements, company))


def _make_diagnose(d: _Data, rng: random.Random, index: int) -> Question | None:
    try:
        import acumen.diagnosis  # noqa: F401
    except ImportError:
        return None
    pool = _priority_pool()
    companies = list(d.companies)
    rng.shuffle(companies)
    for c in [c for c in companies if ("diagnose", c) not in d.asked][:MAX_TRIES]:
        d.asked.add(("diagnose", c))
        diagnosis = _diagnosis(d, c)
        if not diagnosis.findings:
            continue
        top = diagnosis.findings[0]
        fired = {f.rule_id for f in diagnosis.findings}
        fired_priorities = {f.priority for f in diagnosis.findings}
        others = [
            p
            for p in pool
            if p[0] not in fired and p[2] not in fired_priorities and p[2] != top.priority
        ]
        evidence = [e.text for e in top.evidence]
        if len(others) < 3 or not evidence:
            continue
        # Prefer distractors from other drivers, so the evidence tells them apart.
        other_driver = [p for p in others if p[1] != top.driver]
        picks = rng.sample(other_driver if len(other_driver) >= 3 else others, 3)
        options = [top.priority] + [p[2] for p in picks]
        order = list(range(4))
        rng.shuffle(order)
        text = f"{diagnosis.name}, fiscal {diagnosis.fiscal_year}. Evidence: {'; '.join(evidence)}. What is its most likely priority right now?"
        explanation = (
            f"{top.title}: {top.trade_off} The other choices belong to rules that do not fire on these "
            f"figures. Seller's angle: {top.seller_angle}"
        )
        return _question(
            index,
            "diagnose",
            top.driver,
            text,
            [options[i] for i in order],
            order.index(0),
            explanation,
            c,
            diagnosis.fiscal_year,
            "",
            {"rule_id": top.rule_id, "distractor_rules": tuple(p[0] for p in picks)},
        )
    return None


# ---------------------------------------------------------------- lever questions


def lever_menu() -> dict[str, object]:
    """Offers a team can make, as what-if levers (label -> :class:`acumen.whatif.Levers`)."""
    from acumen.whatif import Levers

    return {
        "Raise price by 1%": Levers(price_pct=1),
        "Lower cost of revenue by 1%": Levers(cogs_pct=-1),
        "Cut SG&A by 2%": Levers(sga_pct=-2),
        "Sell 2% more volume": Levers(volume_pct=2),
        "Collect from customers 5 days faster; the cash repays debt": Levers(
            dso_days=-5, repay_debt=True
        ),
        "Hold 5 fewer days of inventory; the cash repays debt": Levers(
            dio_days=-5, repay_debt=True
        ),
        "Pay suppliers 5 days later; the cash repays debt": Levers(dpo_days=5, repay_debt=True),
    }


#: The best lever must beat the runner-up by this much ROA (0.02 points).
LEVER_GAP = 0.0002


def lever_outcomes(
    statements: pd.DataFrame, company: str, menu: dict[str, object]
) -> tuple[float, dict[str, float]]:
    """(ROA before, label -> ROA after) from the what-if engine; a lever whose scenario
    needed a caveat (a balance floored at zero, cash turning negative) is left out."""
    from acumen.whatif import apply_levers

    own = statements.loc[[company]]
    own.attrs = dict(statements.attrs)
    year = int(own.index.get_level_values(1).max())
    before = float(compute_metrics_with_reasons(own).values.at[(company, year), "roa"])
    after: dict[str, float] = {}
    for label, levers in menu.items():
        scenario = apply_levers(own, company, levers)
        roa = float(
            compute_metrics_with_reasons(scenario.statements).values.at[(company, year), "roa"]
        )
        if not scenario.notes and _finite(roa):
            after[label] = roa
    return before, after


def _pct2(value: float) -> str:
    return f"{_signed(value * 100, 2)}%"


def _make_lever(d: _Data, rng: random.Random, index: int) -> Question | None:
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
            _avg(d, c, y, "total_assets")[0] if d.has_prior(c, y) else d.item(c, y, "total_assets")
        )
        before, after = _memoised(
            _LEVER_OUTCOMES, d, c, lambda c=c: lever_outcomes(d.statements, c, menu)
        )
        if not _check(
            income / average if _finite(income, average) and average > 0 else math.nan,
            before,
            "roa",
        ):
            continue
        labels = sorted(after)
        if len(labels) < 4:
            continue
        for _ in range(8):
            picks = rng.sample(labels, 4)
            ranked = sorted(picks, key=lambda label: after[label], reverse=True)
            if after[ranked[0]] - after[ranked[1]] < LEVER_GAP:
                continue
            best = ranked[0]
            outcomes = "; ".join(f"{label}: {_pct2(after[label])}" for label in ranked)
            text = (
                f"{d.name(c)} earned a return on assets of {_pct2(before)} in FY{y} (net income "
                f"{_money(d, c, income)}, average total assets {_money(d, c, average)}). Your team can "
                f"make one of these offers. Which one lifts its ROA the most?"
            )
            explanation = (
                f"ROA after each offer (what-if engine, fiscal {y}): {outcomes}. "
                f"'{best}' lifts ROA by {_signed((after[best] - before) * 100, 2)} points. Price falls straight "
                f"to profit, so 1% of price is worth more than 1% of cost; days of receivables are worth "
                f"revenue / 365 and days of inventory cost / 365, and they lift ROA only when the cash "
                f"released shrinks the balance sheet; paying suppliers later is financed by suppliers and "
                f"leaves assets unchanged."
            )
            order = list(picks)
            rng.shuffle(order)
            return _question(
                index,
                "lever",
                "return",
                text,
                order,
                order.index(best),
                explanation,
                c,
                y,
                "roa",
                {"roa_before": before, "roa_after": {k: after[k] for k in picks}, "best": best},
            )
    return None


MAKERS: dict[str, Callable[[_Data, random.Random, int], Question | None]] = {
    "compute": _make_compute,
    "compare": _make_compare,
    "diagnose": _make_diagnose,
    "lever": _make_lever,
    "trade-off": _make_trade_off,
}


# ---------------------------------------------------------------- public API


def _clean(question: Question) -> bool:
    """True when no text holds NaN/inf and the four choices are distinct."""
    if len(set(question.choices)) != 4 or len(question.choices) != 4:
        return False
    return not any(_BAD_WORDS.search(t) for t in question.texts())


def generate_quiz(
    statements: pd.DataFrame, n: int, seed: int, types: Sequence[str] | None = None
) -> list[Question]:
    """Up to ``n`` questions from ``statements``, the same for the same seed.

    Types cycle in a seed-shuffled order; a type that can't produce a question (no diagnosis
    engine, a single year, ...) drops out. Raises ``ValueError`` for an unknown type.
    """
    wanted = list(dict.fromkeys(types or QUIZ_TYPES))
    unknown = [t for t in wanted if t not in MAKERS]
    if unknown:
        raise ValueError(
            f"unknown quiz type(s): {', '.join(unknown)}; choose from {', '.join(QUIZ_TYPES)}"
        )
    if n <= 0 or statements.empty:
        return []
    rng = random.Random(seed)
    data = _Data(statements)
    active = list(wanted)
    rng.shuffle(active)
    questions: list[Question] = []
    seen: set[str] = set()
    misses = dict.fromkeys(active, 0)
    turn = 0
    while len(questions) < n and active:
        kind = active[turn % len(active)]
        turn += 1
        question = MAKERS[kind](data, rng, len(questions) + 1)
        if question is None or question.question in seen or not _clean(question):
            misses[kind] += 1
            if question is None or misses[kind] >= 5:
                active.remove(kind)
            continue
        seen.add(question.question)
        questions.append(question)
    return questions


def quiz_table(questions: Sequence[Question]) -> pd.DataFrame:
    """One row per question with exactly :data:`TABLE_COLUMNS`."""
    rows = [
        {
            "id": q.id,
            "type": q.type,
            "driver": q.driver,
            "question": q.question,
            "choice_a": q.choices[0],
            "choice_b": q.choices[1],
            "choice_c": q.choices[2],
            "choice_d": q.choices[3],
            "answer": q.answer,
            "explanation": q.explanation,
            "company": q.company,
            "fiscal_year": q.fiscal_year,
        }
        for q in questions
    ]
    table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    table["fiscal_year"] = table["fiscal_year"].astype("int64")
    return table


__all__ = [
    "QUIZ_TYPES",
    "TABLE_COLUMNS",
    "Question",
    "AnswerCheckError",
    "choice_text",
    "generate_quiz",
    "quiz_table",
]
