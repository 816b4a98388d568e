"""One MetricSpec per metric: its formula text is the computation, and the catalogue,
the lessons' worked formulas and the quiz read it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from acumen.analysis.catalog import BY_NAME, CATALOG
from acumen.analysis.formula import evaluate_number
from acumen.analysis.metric_computations import tax_rate_of
from acumen.analysis.metric_specs import SPEC, SPECS
from acumen.analysis.metrics import compute_metrics_with_reasons
from acumen.data.samples import load_many
from acumen.data.statements import line_table
from acumen.teaching.quiz.compute import COMPUTE
from acumen.teaching.worked import FORMULAS

COMPANIES = ["WMT", "TGT", "XOM", "JPM", "SIE", "HHP"]


def test_one_spec_per_metric_and_the_catalogue_is_read_from_it() -> None:
    assert len({s.name for s in SPECS}) == len(SPECS) == len(CATALOG)
    for spec in SPECS:
        info = BY_NAME[spec.name]
        assert (info.driver, info.label, info.unit, info.formula) == (
            spec.driver,
            spec.label,
            spec.unit,
            spec.formula,
        )
    assert BY_NAME["roa"].formula == "net_income / avg total_assets"
    assert BY_NAME["revenue_growth"].formula == "(revenue_t − revenue_t−1) / |revenue_t−1|"
    assert FORMULAS["roa"] == (SPEC["roa"].template, SPEC["roa"].operands)
    assert set(COMPUTE) == {s.name for s in SPECS if s.quiz is not None}
    assert len(COMPUTE) == 17


def test_the_formula_text_computes_the_engines_value() -> None:
    """The template, evaluated on plain numbers per row, gives the engine's value."""
    statements = load_many(COMPANIES)
    frame = line_table(statements)
    values = compute_metrics_with_reasons(statements).values
    prior = frame.groupby(level=0).shift(1)
    years = frame.index.get_level_values(1).to_numpy()
    has_prior = np.r_[False, years[1:] - 1 == years[:-1]]
    checked = 0
    for spec in SPECS:
        if not spec.template or spec.custom is not None or spec.name == "tax_rate":
            continue
        for position, key in enumerate(frame.index):
            operands = []
            for o in spec.operands:
                if o.kind == "item":
                    operands.append(frame.at[key, o.name])
                elif o.kind == "prior":
                    operands.append(prior.at[key, o.name] if has_prior[position] else math.nan)
                else:
                    operands.append(values.at[key, o.name])
            engine = values.at[key, spec.name]
            if math.isnan(engine):
                continue
            assert evaluate_number(spec.template, operands) == pytest.approx(engine, rel=1e-12), (
                spec.name,
                key,
            )
            checked += 1
    assert checked > 500


def test_the_evaluator() -> None:
    assert evaluate_number("({0} − {1}) / |{1}|", [90.0, -100.0]) == pytest.approx(1.9)
    assert evaluate_number("{0} / {1} × 365", [10.0, 365.0]) == pytest.approx(10.0)
    assert evaluate_number("({0} / {1})^(1 / {2}) − 1", [121.0, 100.0, 2.0]) == pytest.approx(0.1)
    assert math.isnan(evaluate_number("{0} / {1}", [1.0, 0.0]))


def test_one_tax_rate() -> None:
    rates = tax_rate_of(
        np.array([30.0, 30.0, 50.0, np.nan, -5.0]), np.array([100, -1, 40, 10, 10.0])
    )
    assert rates[:3].tolist() == [0.3, 0.0, 1.0] and math.isnan(rates[3]) and rates[4] == 0.0
