"""Lessons and worked formulas: teaching text is data (``acumen/lessons/*.yaml``), and every
formula is shown with the client's own numbers plugged in.

- :func:`load_lessons` / :func:`load_lesson` read the lesson files; :func:`load_glossary`
  and :func:`search_glossary` the glossary.
- :func:`worked_formula` gives "Net margin = Net income / Revenue = $14.7B / $482.1B = 3.0%"
  for one metric of one client year; the result is the metrics engine's value.
- :func:`fill` puts a client's figures into a lesson paragraph (``{name}``, ``{net_margin}``).
- :func:`same_roa_pair` picks two universe companies with about the same ROA reached by
  different paths (high margin / low velocity against low margin / high velocity).
- :func:`cash_growth_example` works "extra working capital = CCC / 365 × revenue increase".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
import yaml

from acumen.analysis.catalog import BY_NAME
from acumen.analysis.client import ClientView
from acumen.analysis.metric_spec import Operand
from acumen.analysis.metric_specs import SPEC, SPECS
from acumen.analysis.metrics import AVERAGE_BASIS, compute_metrics_with_reasons
from acumen.analysis.universe import PeerUniverse
from acumen.data.schema import LINE_ITEM_LABELS
from acumen.data.statements import companies_of
from acumen.errors import AcumenError
from acumen.formatting import (
    fiscal_label,
    fiscal_labels,
    format_na,
    is_missing,
    named_years,
    possessive,
    say,
)

LESSON_FIELDS = (
    "id",
    "order",
    "kind",
    "title",
    "summary",
    "why_it_matters",
    "seller_influence",
    "misreading",
)
LESSON_KINDS = ("driver", "rmv", "cash_vs_profit")
GLOSSARY_FILE = "glossary.yaml"


# ---------------------------------------------------------------- lesson files


@dataclass(frozen=True)
class Lesson:
    """One lesson as written in its YAML file (text may hold ``{placeholders}``)."""

    id: str
    order: int
    kind: str
    title: str
    summary: str
    why_it_matters: str
    seller_influence: str
    misreading: str
    driver: str = ""
    metrics: tuple[str, ...] = ()
    chart: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()

    def section(self, name: str) -> str:
        """An extra named section of the lesson ("" when absent)."""
        return dict(self.extra).get(name, "")


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    definition: str
    driver: str = ""


def _lesson_files() -> list[tuple[str, str]]:
    folder = resources.files("acumen") / "data" / "lessons"
    return sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml") and entry.name != GLOSSARY_FILE
    )


def parse_lesson(text: str, source: str = "lesson") -> Lesson:
    """A :class:`Lesson` from YAML text; raises :class:`AcumenError` when a field is missing."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise AcumenError("a lesson file must be a mapping", source=source)
    missing = [name for name in LESSON_FIELDS if not data.get(name)]
    if missing:
        raise AcumenError(f"missing lesson fields: {', '.join(missing)}", source=source)
    if data["kind"] not in LESSON_KINDS:
        raise AcumenError(f"unknown lesson kind '{data['kind']}'", source=source)
    unknown = [m for m in [*data.get("metrics", []), *data.get("chart", [])] if m not in BY_NAME]
    if unknown:
        raise AcumenError(f"unknown metrics: {', '.join(unknown)}", source=source)
    known = {*LESSON_FIELDS, "driver", "metrics", "chart"}
    extra = tuple((k, " ".join(str(v).split())) for k, v in data.items() if k not in known)
    return Lesson(
        id=str(data["id"]),
        order=int(data["order"]),
        kind=str(data["kind"]),
        title=str(data["title"]).strip(),
        summary=" ".join(str(data["summary"]).split()),
        why_it_matters=" ".join(str(data["why_it_matters"]).split()),
        seller_influence=" ".join(str(data["seller_influence"]).split()),
        misreading=" ".join(str(data["misreading"]).split()),
        driver=str(data.get("driver") or ""),
        metrics=tuple(data.get("metrics") or ()),
        chart=tuple(data.get("chart") or ()),
        extra=extra,
    )


@cache
def load_lessons() -> tuple[Lesson, ...]:
    """Every lesson under ``acumen/lessons/``, in teaching order."""
    lessons = [parse_lesson(text, source=name) for name, text in _lesson_files()]
    return tuple(sorted(lessons, key=lambda lesson: (lesson.order, lesson.id)))


def load_lesson(lesson_id: str) -> Lesson:
    for lesson in load_lessons():
        if lesson.id == lesson_id:
            return lesson
    raise AcumenError(f"no lesson called '{lesson_id}'")


@cache
def load_glossary() -> tuple[GlossaryTerm, ...]:
    """The glossary terms, alphabetical."""
    text = (resources.files("acumen") / "data" / "lessons" / GLOSSARY_FILE).read_text(
        encoding="utf-8"
    )
    rows = yaml.safe_load(text)["terms"]
    terms = [
        GlossaryTerm(
            str(r["term"]).strip(),
            " ".join(str(r["definition"]).split()),
            str(r.get("driver") or ""),
        )
        for r in rows
    ]
    return tuple(sorted(terms, key=lambda t: t.term.lower()))


def search_glossary(
    query: str, terms: tuple[GlossaryTerm, ...] | None = None
) -> list[GlossaryTerm]:
    """Terms whose name or definition contains every word of ``query`` (case-insensitive)."""
    terms = load_glossary() if terms is None else terms
    words = query.lower().split()
    return [
        t for t in terms if all(w in f"{t.term} {t.definition} {t.driver}".lower() for w in words)
    ]


# ---------------------------------------------------------------- worked formulas


#: metric -> (template over operands, operands), from each metric's spec (the five drivers'
#: metrics). Templates use {0}, {1}, ...
FORMULAS: dict[str, tuple[str, tuple[Operand, ...]]] = {
    spec.name: (spec.template, spec.operands) for spec in SPECS if spec.driver != "inputs"
}


@dataclass(frozen=True)
class WorkedFormula:
    """A metric's formula for one client year, symbolic and with the numbers plugged in."""

    metric: str
    label: str
    fiscal_year: int
    symbolic: str
    plugged: str
    result: str
    value: float
    basis: str
    operands: tuple[float, ...] = ()

    @property
    def available(self) -> bool:
        return not math.isnan(self.value)

    @property
    def text(self) -> str:
        """ "Net margin = Net income / Revenue = $14.7B / $482.1B = 3.0%"."""
        if not self.available or not self.plugged:
            return f"{self.label} = {self.symbolic} = {self.result}"
        basis = f" ({self.basis})" if self.basis else ""
        return f"{self.label} = {self.symbolic} = {self.plugged}{basis} = {self.result}"


def average_note(view: ClientView, year: int) -> str:
    """ "avg of FY2014 and FY2015", or "year-end FY2015, no prior year"."""
    basis = view.result.average_basis.loc[(view.company, year)]
    label = year_label(view, year)
    if basis == AVERAGE_BASIS:
        return f"avg of {year_label(view, year - 1)} and {label}"
    return f"year-end {label}, no prior year"


def year_label(view: ClientView, year: int) -> str:
    """The client's name for a fiscal year (``FY2016`` for Walmart's fiscal 2015)."""
    return fiscal_labels(view.statements, view.company).get(year) or fiscal_label(year)


def _operand_value(view: ClientView, operand: Operand, year: int) -> float:
    if operand.kind == "item":
        return view.item(operand.name, year)
    if operand.kind == "metric":
        return view.value(operand.name, year)
    if operand.kind == "prior":
        return view.item(operand.name, year - 1) if year - 1 in view.years else math.nan
    if operand.kind == "first":
        return view.item(operand.name, view.years[0])
    return float(year - view.years[0])  # span


def _operand_label(view: ClientView, operand: Operand, year: int, dated: bool) -> str:
    """Label of an operand; growth formulas date each line item ("Revenue FY2015")."""
    if operand.kind == "prior":
        return f"{operand.label} {year_label(view, year - 1)}"
    if operand.kind == "first":
        return f"{operand.label} {year_label(view, view.years[0])}"
    if dated and operand.kind == "item":
        return f"{operand.label} {year_label(view, year)}"
    return operand.label


def worked_formula(view: ClientView, metric: str, year: int | None = None) -> WorkedFormula:
    """The formula of ``metric`` for ``view`` at ``year`` (latest by default), numbers plugged in.

    The result is the engine's value, formatted in the client's currency; a NaN metric
    reads "n/a — reason".
    """
    year = int(year or view.latest_year)
    info = BY_NAME[metric]
    template, operands = FORMULAS[metric]
    dated = any(o.kind in {"prior", "first"} for o in operands)
    labels = [_operand_label(view, o, year, dated) for o in operands]
    symbolic = template.format(*labels)
    value = view.value(metric, year)
    if info.formula == "as reported":
        symbolic, template, operands = "as reported", "", ()
    if math.isnan(value):
        return WorkedFormula(
            metric, info.label, year, symbolic, "", format_na(view.reason(metric, year)), value, ""
        )
    numbers, amounts = [], []
    for operand in operands:
        amount = _operand_value(view, operand, year)
        amounts.append(amount)
        numbers.append(
            str(int(amount)) if operand.kind == "span" else say(amount, operand.unit, view.currency)
        )
    averaged = bool(operands) and SPEC[metric].averaged
    return WorkedFormula(
        metric=metric,
        label=info.label,
        fiscal_year=year,
        symbolic=symbolic,
        plugged=template.format(*numbers),
        result=say(value, info.unit, view.currency),
        value=value,
        basis=average_note(view, year) if averaged else "",
        operands=tuple(amounts),
    )


def identity_lines(view: ClientView, year: int | None = None) -> list[str]:
    """R = M × V and DuPont with the client's numbers (results from the engine)."""
    year = int(year or view.latest_year)
    d = {
        m: view.display(m, year)
        for m in ("roa", "net_margin", "asset_turnover", "roe", "equity_multiplier")
    }
    lines = [
        f"ROA (R) = net margin (M) × asset turnover (V) = {d['net_margin']} × {d['asset_turnover']} = {d['roa']}"
    ]
    lines.append(
        f"ROE = ROA × equity multiplier = {d['roa']} × {d['equity_multiplier']} = {d['roe']}"
    )
    return lines


# ---------------------------------------------------------------- placeholders in lesson text


class _Figures(dict):
    """``{name}``, ``{name_s}`` (possessive), ``{year}``, ``{prior_year}``, ``{currency}``,
    any ``{metric}`` and any ``{item_<line item>}`` of the client."""

    def __init__(self, view: ClientView, year: int) -> None:
        super().__init__(
            name=view.name,
            name_s=possessive(view.name),
            # Lesson text writes "FY{year}": the year as the company names it.
            year=str(named_years(view.statements, view.company).get(year, year)),
            prior_year=str(named_years(view.statements, view.company).get(year - 1, year - 1)),
            currency=view.currency,
        )
        self.view, self.year = view, year

    def __missing__(self, key: str) -> str:
        if key in BY_NAME:
            return self.view.display(key, self.year)
        if key.startswith("item_") and key[5:] in LINE_ITEM_LABELS:
            return say(self.view.item(key[5:], self.year), "money", self.view.currency)
        return "{" + key + "}"


def fill(text: str, view: ClientView, year: int | None = None) -> str:
    """Lesson text with the client's figures: ``{name}``, ``{year}``, ``{net_margin}``,
    ``{item_revenue}``. Unknown placeholders stay as written."""
    return text.format_map(_Figures(view, int(year or view.latest_year)))


# ---------------------------------------------------------------- same ROA, different paths


@dataclass(frozen=True)
class RoaPath:
    company: str
    name: str
    sector: str
    fiscal_year: int
    net_margin: float
    asset_turnover: float
    roa: float
    fiscal_label: str = ""

    def text(self) -> str:
        return (
            f"{self.name} ({self.fiscal_label or fiscal_label(self.fiscal_year)}): net margin {say(self.net_margin, 'pct')} × "
            f"asset turnover {say(self.asset_turnover, 'x')} = ROA {say(self.roa, 'pct')}"
        )


@dataclass(frozen=True)
class RoaPair:
    """Two companies whose ROA is within ``tolerance`` reached by opposite paths."""

    margin_path: RoaPath
    velocity_path: RoaPath

    @property
    def roa_gap(self) -> float:
        return abs(self.margin_path.roa - self.velocity_path.roa)


def _latest_rows(
    values: pd.DataFrame, meta: pd.DataFrame, period_end: pd.Series | None
) -> pd.DataFrame:
    """Each company's latest row: net_margin, asset_turnover, roa, name, sector, label."""
    values = values[["net_margin", "asset_turnover", "roa"]]
    latest = values.groupby(level=0).tail(1)
    ends = (
        period_end[~period_end.index.duplicated()].reindex(latest.index)
        if period_end is not None and len(period_end)
        else pd.Series(pd.NaT, index=latest.index)
    )
    latest = latest.reset_index()
    latest["name"] = latest["company"].map(meta["name"]).astype(object)
    latest["sector"] = latest["company"].map(meta["sector"]).astype(object)
    latest["fiscal_label"] = [
        fiscal_label(y, e) for y, e in zip(latest["fiscal_year"], ends, strict=True)
    ]
    return latest


def same_roa_pair(
    statements: pd.DataFrame | None = None,
    *,
    universe: PeerUniverse | None = None,
    tolerance: float = 0.01,
    min_roa: float = 0.04,
    max_roa: float = 0.20,
    exclude_sectors: tuple[str, ...] = ("Financials", "Real Estate"),
) -> RoaPair | None:
    """The pair of companies (latest year each, same fiscal year) with ROA within
    ``tolerance`` and the widest contrast in asset turnover, from ``statements`` or from the
    peer ``universe`` (its sound rows only); None without either."""
    if statements is not None:
        rows = _latest_rows(
            compute_metrics_with_reasons(statements).values,
            companies_of(statements),
            statements.attrs.get("period_end"),
        )
    elif universe is not None:
        rows = _latest_rows(universe.sound_metrics(), universe.companies, universe.period_end)
    else:
        return None
    return _pair_from(rows, tolerance, min_roa, max_roa, exclude_sectors)


def _pair_from(
    rows: pd.DataFrame, tolerance: float, min_roa: float, max_roa: float, exclude: tuple[str, ...]
) -> RoaPair | None:
    ok = (
        rows["roa"].between(min_roa, max_roa)
        & (rows["net_margin"] > 0)
        & (rows["asset_turnover"] > 0)
        & ~rows["sector"].isin(list(exclude))
    )
    rows = rows[ok]
    if rows.empty:
        return None
    year = int(rows["fiscal_year"].mode().iloc[0])
    rows = rows[rows["fiscal_year"] == year].sort_values("company").reset_index(drop=True)
    roa = rows["roa"].to_numpy()
    log_turns = np.log(rows["asset_turnover"].to_numpy())
    close = np.abs(roa[:, None] - roa[None, :]) <= tolerance
    contrast = np.where(close, log_turns[None, :] - log_turns[:, None], -np.inf)
    i, j = np.unravel_index(int(np.argmax(contrast)), contrast.shape)
    if not np.isfinite(contrast[i, j]) or contrast[i, j] <= 0:
        return None

    def path(k: int) -> RoaPath:
        r = rows.iloc[k]
        return RoaPath(
            str(r["company"]),
            str(r["name"]),
            str(r["sector"]),
            int(r["fiscal_year"]),
            float(r["net_margin"]),
            float(r["asset_turnover"]),
            float(r["roa"]),
            str(r["fiscal_label"]),
        )

    return RoaPair(margin_path=path(i), velocity_path=path(j))


# ---------------------------------------------------------------- cash versus profit

#: The growth rate of the "what if it grew faster" line of the cash-versus-profit lesson.
HYPOTHETICAL_GROWTH = 0.20


@dataclass(frozen=True)
class CashGrowthExample:
    """Extra working capital = CCC / 365 × revenue increase, for one client year."""

    fiscal_year: int
    days: float
    days_label: str
    revenue: float
    revenue_growth: float
    revenue_increase: float
    extra_working_capital: float
    hypothetical_increase: float
    hypothetical_working_capital: float
    net_income: float
    free_cash_flow: float
    currency: str
    growth_is_actual: bool
    fiscal_label: str = ""

    @property
    def label(self) -> str:
        return self.fiscal_label or fiscal_label(self.fiscal_year)

    def lines(self) -> list[str]:
        """The worked example as sentences."""
        money = lambda v: say(v, "money", self.currency)  # noqa: E731
        days = say(self.days, "days")
        lines = []
        if self.growth_is_actual:
            lines.append(
                f"Revenue changed {say(self.revenue_growth, 'pct')} in {self.label}: "
                f"{money(self.revenue_increase)}."
            )
            effect = "tied up" if self.extra_working_capital > 0 else "released"
            lines.append(
                f"Extra working capital = {self.days_label} / 365 × revenue increase = {days} / 365 × "
                f"{money(self.revenue_increase)} = {money(self.extra_working_capital)}: "
                f"{money(abs(self.extra_working_capital))} of cash {effect}."
            )
        effect = "to fund" if self.hypothetical_working_capital > 0 else "released"
        lines.append(
            f"If revenue grew {say(HYPOTHETICAL_GROWTH, 'pct')} "
            f"(+{money(self.hypothetical_increase)}): {days} / 365 × {money(self.hypothetical_increase)} = "
            f"{money(self.hypothetical_working_capital)}, so {money(abs(self.hypothetical_working_capital))} "
            f"of working capital {effect}."
        )
        lines.append(
            f"Compare: net income {money(self.net_income)}, free cash flow {money(self.free_cash_flow)} "
            f"in {self.label}."
        )
        if self.days < 0:
            lines.append(
                "A negative cycle means suppliers are paid after customers pay: growth releases cash "
                "instead of absorbing it."
            )
        return lines


def extra_working_capital(days: float, revenue_increase: float) -> float:
    """Cash tied up by growth: days / 365 × revenue increase."""
    return days / 365 * revenue_increase


def cash_growth_example(view: ClientView, year: int | None = None) -> CashGrowthExample | None:
    """The client's cash cycle applied to its revenue growth; None when no cycle is known.

    Uses the cash conversion cycle, or DSO alone when there is no inventory.
    """
    year = int(year or view.latest_year)
    days, label = view.value("cash_conversion_cycle", year), "CCC"
    if math.isnan(days):
        days, label = view.value("dso", year), "DSO"
    revenue = view.item("revenue", year)
    if is_missing(days) or is_missing(revenue):
        return None
    growth = view.value("revenue_growth", year)
    actual = not math.isnan(growth)
    increase = revenue - view.item("revenue", year - 1) if actual else math.nan
    hypothetical = revenue * HYPOTHETICAL_GROWTH
    return CashGrowthExample(
        fiscal_year=year,
        days=days,
        days_label=label,
        revenue=revenue,
        revenue_growth=growth,
        revenue_increase=increase,
        extra_working_capital=extra_working_capital(days, increase) if actual else math.nan,
        hypothetical_increase=hypothetical,
        hypothetical_working_capital=extra_working_capital(days, hypothetical),
        net_income=view.item("net_income", year),
        free_cash_flow=view.value("free_cash_flow", year),
        currency=view.currency,
        growth_is_actual=actual,
        fiscal_label=year_label(view, year),
    )
