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
from acumen.i18n import SOURCE_LANGUAGE, _, current_language, term

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
#: The lesson fields written in prose (each has a translation under the file's ``zh:`` key).
TEXT_FIELDS = ("title", "summary", "why_it_matters", "seller_influence", "misreading")
#: The key holding a lesson's or a glossary entry's Chinese text, beside the English.
ZH = "zh"


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

    @property
    def short_title(self) -> str:
        """The title before its colon ("Margin", "利润率"), for a tab."""
        return self.title.replace("：", ":").split(":")[0].strip()


@dataclass(frozen=True)
class GlossaryTerm:
    """A glossary entry in one language; ``english`` is its English term (a stable key)."""

    term: str
    definition: str
    driver: str = ""
    english: str = ""


def _lesson_files() -> list[tuple[str, str]]:
    folder = resources.files("acumen") / "data" / "lessons"
    return sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml") and entry.name != GLOSSARY_FILE
    )


def _in_language(data: dict, lang: str, source: str) -> dict:
    """The lesson's fields with its prose in ``lang``: the ``zh:`` mapping's texts replace
    the English ones; raises :class:`AcumenError` when a translation is missing."""
    if lang == SOURCE_LANGUAGE:
        return {k: v for k, v in data.items() if k != ZH}
    texts = data.get(ZH) if isinstance(data.get(ZH), dict) else {}
    prose = [*TEXT_FIELDS, *(k for k in data if k not in {*LESSON_FIELDS, *_STRUCTURE})]
    missing = [k for k in prose if data.get(k) and not texts.get(k)]
    if missing:
        raise AcumenError(f"missing {lang} lesson fields: {', '.join(missing)}", source=source)
    return {k: texts.get(k, v) for k, v in data.items() if k != ZH}


_STRUCTURE = ("driver", "metrics", "chart", ZH)


def parse_lesson(text: str, source: str = "lesson", lang: str = SOURCE_LANGUAGE) -> Lesson:
    """A :class:`Lesson` from YAML text, its prose in ``lang`` (English, or the ``zh:``
    mapping's texts); raises :class:`AcumenError` when a field or a translation is missing."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise AcumenError("a lesson file must be a mapping", source=source)
    data = _in_language(data, lang, source)
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


def load_lessons(lang: str | None = None) -> tuple[Lesson, ...]:
    """Every lesson under ``acumen/data/lessons/``, in teaching order, in ``lang`` (default:
    the active language)."""
    return _lessons(lang or current_language())


@cache
def _lessons(lang: str) -> tuple[Lesson, ...]:
    lessons = [parse_lesson(text, source=name, lang=lang) for name, text in _lesson_files()]
    return tuple(sorted(lessons, key=lambda lesson: (lesson.order, lesson.id)))


def load_lesson(lesson_id: str, lang: str | None = None) -> Lesson:
    for lesson in load_lessons(lang):
        if lesson.id == lesson_id:
            return lesson
    raise AcumenError(f"no lesson called '{lesson_id}'")


def glossary_rows() -> list[dict]:
    """The glossary file's entries as written (English and their ``zh:`` mapping)."""
    text = (resources.files("acumen") / "data" / "lessons" / GLOSSARY_FILE).read_text(
        encoding="utf-8"
    )
    return list(yaml.safe_load(text)["terms"])


def load_glossary(lang: str | None = None) -> tuple[GlossaryTerm, ...]:
    """The glossary terms in ``lang`` (default: the active language), in the alphabetical
    order of their English terms; an entry without a translation reads in English."""
    return _glossary(lang or current_language())


@cache
def _glossary(lang: str) -> tuple[GlossaryTerm, ...]:
    terms = []
    for r in glossary_rows():
        own = (r.get(ZH) or {}) if lang != SOURCE_LANGUAGE else {}
        terms.append(
            GlossaryTerm(
                str(own.get("term") or r["term"]).strip(),
                " ".join(str(own.get("definition") or r["definition"]).split()),
                str(r.get("driver") or ""),
                str(r["term"]).strip(),
            )
        )
    return tuple(sorted(terms, key=lambda t: t.english.lower()))


def search_glossary(
    query: str, terms: tuple[GlossaryTerm, ...] | None = None
) -> list[GlossaryTerm]:
    """Terms whose name, definition, English term or driver (its key and its name in the
    active language: 利润率 finds every margin term) contains every word of ``query``
    (case-insensitive)."""
    terms = load_glossary() if terms is None else terms
    words = query.lower().split()

    def text(t: GlossaryTerm) -> str:
        key = DRIVER_TERMS.get(t.driver)
        driver = f"{t.driver} {term(key)}" if key else t.driver
        return f"{t.term} {t.definition} {t.english} {driver}".lower()

    return [t for t in terms if all(w in text(t) for w in words)]


#: Driver -> its key in the source's terms (``acumen/locale/terms.csv``).
DRIVER_TERMS: dict[str, str] = {
    "margin": "margin",
    "cash": "cash_flow",
    "velocity": "velocity",
    "return": "return_on_investment",
    "growth": "growth",
}


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
        return _("avg of {prior} and {year}").format(prior=year_label(view, year - 1), year=label)
    return _("year-end {year}, no prior year").format(year=label)


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
    label = _(operand.label)
    if operand.kind == "prior":
        return f"{label} {year_label(view, year - 1)}"
    if operand.kind == "first":
        return f"{label} {year_label(view, view.years[0])}"
    if dated and operand.kind == "item":
        return f"{label} {year_label(view, year)}"
    return label


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
        symbolic, template, operands = _("as reported"), "", ()
    if math.isnan(value):
        return WorkedFormula(
            metric,
            _(info.label),
            year,
            symbolic,
            "",
            format_na(view.reason(metric, year)),
            value,
            "",
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
        label=_(info.label),
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
    return [
        _(
            "ROA (R) = net margin (M) × asset turnover (V) = {net_margin} × {asset_turnover} = {roa}"
        ).format(**d),
        _("ROE = ROA × equity multiplier = {roa} × {equity_multiplier} = {roe}").format(**d),
    ]


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
        return _(
            "{name} ({year}): net margin {net_margin} × asset turnover {asset_turnover} = ROA {roa}"
        ).format(
            name=self.name,
            year=self.fiscal_label or fiscal_label(self.fiscal_year),
            net_margin=say(self.net_margin, "pct"),
            asset_turnover=say(self.asset_turnover, "x"),
            roa=say(self.roa, "pct"),
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
                _("Revenue changed {growth} in {year}: {increase}.").format(
                    growth=say(self.revenue_growth, "pct"),
                    year=self.label,
                    increase=money(self.revenue_increase),
                )
            )
            tied = self.extra_working_capital > 0
            lines.append(
                (
                    _(
                        "Extra working capital = {cycle} / 365 × revenue increase = {days} / 365 × "
                        "{increase} = {extra}: {amount} of cash tied up."
                    )
                    if tied
                    else _(
                        "Extra working capital = {cycle} / 365 × revenue increase = {days} / 365 × "
                        "{increase} = {extra}: {amount} of cash released."
                    )
                ).format(
                    cycle=self.days_label,
                    days=days,
                    increase=money(self.revenue_increase),
                    extra=money(self.extra_working_capital),
                    amount=money(abs(self.extra_working_capital)),
                )
            )
        lines.append(
            (
                _(
                    "If revenue grew {growth} (+{increase}): {days} / 365 × {increase} = {extra}, "
                    "so {amount} of working capital to fund."
                )
                if self.hypothetical_working_capital > 0
                else _(
                    "If revenue grew {growth} (+{increase}): {days} / 365 × {increase} = {extra}, "
                    "so {amount} of working capital released."
                )
            ).format(
                growth=say(HYPOTHETICAL_GROWTH, "pct"),
                increase=money(self.hypothetical_increase),
                days=days,
                extra=money(self.hypothetical_working_capital),
                amount=money(abs(self.hypothetical_working_capital)),
            )
        )
        lines.append(
            _("Compare: net income {net_income}, free cash flow {fcf} in {year}.").format(
                net_income=money(self.net_income), fcf=money(self.free_cash_flow), year=self.label
            )
        )
        if self.days < 0:
            lines.append(
                _(
                    "A negative cycle means suppliers are paid after customers pay: growth "
                    "releases cash instead of absorbing it."
                )
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
