"""Lessons: YAML files load, formulas carry the client's own numbers and the engine's result,
the same-ROA pair is real, the cash-versus-profit example adds up, the glossary searches."""

from __future__ import annotations

import math
import re

import pytest

from acumen.analysis.catalog import BY_NAME, DRIVERS
from acumen.analysis.client import client_view
from acumen.cli.main import peer_universe
from acumen.data.samples import case_ids, load_sample, universe
from acumen.data.statements import build_statements, make_companies
from acumen.errors import AcumenError
from acumen.formatting import format_money, format_value
from acumen.teaching.examples import cash_growth_example, same_roa_pair
from acumen.teaching.glossary import load_glossary, search_glossary
from acumen.teaching.lessons import load_lesson, load_lessons, parse_lesson
from acumen.teaching.worked import FORMULAS, fill, identity_lines, worked_formula

CLIENTS = ["WMT", "SIE", "IBM-15Y", *case_ids()[:2]]


def view_of(sample_id: str):
    statements = load_sample(sample_id)
    return client_view(statements, statements.index.get_level_values(0)[0])


def test_every_lesson_loads_from_yaml():
    lessons = load_lessons()
    ids = [lesson.id for lesson in lessons]
    assert ids[:5] == ["margin", "cash", "velocity", "return", "growth"]
    assert {"rmv", "cash_vs_profit"} <= set(ids)
    assert {lesson.driver for lesson in lessons if lesson.kind == "driver"} == set(DRIVERS)
    for lesson in lessons:
        for text in (
            lesson.summary,
            lesson.why_it_matters,
            lesson.seller_influence,
            lesson.misreading,
        ):
            assert len(text) > 80
        assert lesson.metrics and all(m in FORMULAS for m in lesson.metrics)
        assert lesson.chart and all(m in BY_NAME for m in lesson.chart)
    assert load_lesson("rmv").section("paths")
    assert load_lesson("cash_vs_profit").section("story")


def test_a_lesson_file_without_a_field_is_rejected():
    with pytest.raises(AcumenError, match="missing lesson fields: misreading"):
        parse_lesson(
            "id: x\norder: 1\nkind: driver\ntitle: t\nsummary: s\nwhy_it_matters: w\nseller_influence: s\n"
        )
    with pytest.raises(AcumenError, match="unknown metrics"):
        parse_lesson(
            "id: x\norder: 1\nkind: driver\ntitle: t\nsummary: s\nwhy_it_matters: w\n"
            "seller_influence: s\nmisreading: m\nmetrics: [magic]\n"
        )


def test_walmart_net_margin_formula_reads_with_its_numbers():
    view = view_of("WMT")
    worked = worked_formula(view, "net_margin")
    assert worked.text == "Net margin = Net income / Revenue = $14.7B / $482B = 3.0%"
    turnover = worked_formula(view, "asset_turnover")
    assert (
        turnover.text
        == "Asset turnover = Revenue / avg total assets = $482B / $202B (avg of FY2015 and FY2016) = 2.39×"
    )
    first = worked_formula(view, "asset_turnover", 2012)
    assert "(year-end FY2013, no prior year)" in first.text
    assert worked_formula(view, "cash_runway_months").text.endswith(
        "n/a — self-funding (free cash flow is not negative)"
    )
    assert (
        worked_formula(view, "operating_cash_flow").text
        == "Operating cash flow = as reported = $27.4B"
    )


@pytest.mark.parametrize("sample_id", CLIENTS)
def test_every_lesson_formula_has_the_clients_numbers_and_the_engine_result(sample_id):
    view = view_of(sample_id)
    statements = view.statements
    year = view.latest_year
    row = statements.table.loc[(view.company, year)]
    for lesson in load_lessons():
        for metric in lesson.metrics:
            worked = worked_formula(view, metric)
            engine = view.value(metric)
            if math.isnan(engine):
                assert worked.text.endswith(worked.result) and worked.result.startswith("n/a — ")
                continue
            assert worked.result == format_value(engine, BY_NAME[metric].unit, view.currency)
            template, operands = FORMULAS[metric]
            if worked.symbolic == "as reported":
                assert engine == float(row[metric]) and worked.result in worked.text
                continue
            for operand, amount in zip(operands, worked.operands, strict=True):
                if operand.kind == "item":
                    assert amount == float(row[operand.name])  # the client's own line item
                    assert format_money(amount, view.currency) in worked.text
            # Independent arithmetic on the plugged operands gives the engine's value.
            if template == "{0} / {1}":
                assert worked.operands[0] / worked.operands[1] == pytest.approx(engine, rel=1e-9)
            elif template == "{0} / {1} × 365":
                assert worked.operands[0] / worked.operands[1] * 365 == pytest.approx(
                    engine, rel=1e-9
                )
            assert "nan" not in worked.text.lower().split()


def test_averages_in_formulas_are_the_two_year_mean():
    view = view_of("SIE")
    year = view.latest_year
    worked = worked_formula(view, "roa")
    assets = view.statements.table["total_assets"]
    mean = (assets.loc[(view.company, year)] + assets.loc[(view.company, year - 1)]) / 2
    assert worked.operands[1] == pytest.approx(mean)
    assert f"avg of FY{year - 1} and FY{year}" in worked.text
    assert worked.text.startswith("Return on assets (ROA) = Net income / avg total assets = €")


def test_lesson_text_is_filled_with_the_clients_figures():
    view = view_of("WMT")
    for lesson in load_lessons():
        for text in (
            lesson.summary,
            lesson.why_it_matters,
            lesson.seller_influence,
            lesson.misreading,
        ):
            filled = fill(text, view)
            assert not re.search(r"\{[a-z_]+\}", filled), filled
    margin = fill(load_lesson("margin").why_it_matters, view)
    assert "Wal-Mart Stores kept a net margin of 3.0% in FY2016" in margin
    assert fill("{name_s} ROA", view) == "Wal-Mart Stores' ROA"


def test_a_hostile_name_is_inserted_verbatim_not_reparsed():
    records = load_sample("WMT").table.reset_index()
    records["company"] = "X"
    statements = build_statements(records, make_companies([{"id": "X", "name": "{roa} $1 *b*"}]))
    view = client_view(statements, "X")
    assert fill("{name} earns", view) == "{roa} $1 *b* earns"


def test_identity_lines_use_engine_values():
    view = view_of("WMT")
    lines = identity_lines(view)
    assert lines[0] == "ROA (R) = net margin (M) × asset turnover (V) = 3.0% × 2.39× = 7.3%"
    assert lines[1].startswith("ROE = ROA × equity multiplier = 7.3% × 2.49× = ")


def test_same_roa_pair_is_close_in_roa_and_opposite_in_path():
    pair = same_roa_pair(universe=peer_universe())
    assert pair is not None
    m, v = pair.margin_path, pair.velocity_path
    assert abs(m.roa - v.roa) <= 0.01
    assert m.net_margin > v.net_margin and m.asset_turnover < v.asset_turnover
    assert m.fiscal_year == v.fiscal_year
    # Recompute both ROAs independently from the universe's line items.
    statements = universe()
    for path in (m, v):
        c, y = path.company, path.fiscal_year
        income = statements.table.loc[(c, y), "net_income"]
        revenue = statements.table.loc[(c, y), "revenue"]
        assets = statements.table.loc[(c, y), "total_assets"]
        if (c, y - 1) in statements.index:
            assets = (assets + statements.table.loc[(c, y - 1), "total_assets"]) / 2
        assert path.roa == pytest.approx(income / assets)
        assert path.net_margin == pytest.approx(income / revenue)
        assert path.asset_turnover == pytest.approx(revenue / assets)
    assert abs(math.log(v.asset_turnover / m.asset_turnover)) > 1  # clearly different paths
    assert "×" in m.text() and m.name in m.text()


def test_same_roa_pair_from_given_statements_and_none_when_impossible():
    cases = load_sample("WMT")
    assert same_roa_pair(cases) is None  # a single company has no pair


def test_cash_growth_example_uses_ccc_and_revenue_increase():
    view = view_of("SIE")
    example = cash_growth_example(view)
    year = view.latest_year
    increase = view.item("revenue", year) - view.item("revenue", year - 1)
    assert example.revenue_increase == pytest.approx(increase)
    assert example.extra_working_capital == pytest.approx(
        view.value("cash_conversion_cycle") / 365 * increase
    )
    text = " ".join(example.lines())
    assert "75 days / 365 × €5.8B = €1.2B" in text
    negative = cash_growth_example(view_of("WMT"))
    assert negative.days < 0 and "releases cash" in " ".join(negative.lines())


def test_glossary_search():
    terms = load_glossary()
    assert len(terms) >= 30
    assert {t.term for t in search_glossary("")} == {t.term for t in terms}
    found = [t.term for t in search_glossary("days")]
    assert "Days sales outstanding (DSO)" in found
    assert [t.term for t in search_glossary("dupont")] == [
        "DuPont analysis",
        "Return on equity (ROE)",
    ]
    assert search_glossary("zzzz-nothing") == []
