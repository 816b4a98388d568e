"""The client's own numbers in the teaching text: every formula worked with them, and the
lessons' ``{placeholders}`` filled.

- :func:`worked_formula` gives "Net margin = Net income / Revenue = $14.7B / $482.1B = 3.0%"
  for one metric of one client year; the result is the metrics engine's value.
- :func:`identity_lines`: R = M × V and DuPont with the client's numbers.
- :func:`fill` puts a client's figures into a lesson paragraph (``{name}``, ``{net_margin}``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from acumen.analysis.catalog import BY_NAME
from acumen.analysis.client import ClientView
from acumen.analysis.metric_spec import Operand
from acumen.analysis.metric_specs import SPEC, SPECS
from acumen.analysis.metrics import AVERAGE_BASIS
from acumen.data.schema import LINE_ITEM_LABELS
from acumen.formatting import fiscal_label, fiscal_labels, format_na, named_years, possessive, say
from acumen.i18n import _

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
