"""Quiz generation: one correct choice, distinct choices, answers recomputed independently
from the statements' line items (not via acumen.analysis.metrics), clean text, determinism, CLI."""

from __future__ import annotations

import math
import re
from functools import cache

import pandas as pd
import pytest

from acumen.cli.main import main
from acumen.data.samples import case_ids, load_many, load_sample, universe
from acumen.data.statements import build_statements, make_companies
from acumen.reports.export import read_safe_csv
from acumen.teaching.quiz import QUIZ_TYPES, TABLE_COLUMNS, PublicData, generate_quiz, quiz_table
from acumen.teaching.quiz.data import DIAGNOSES, LEVER_OUTCOMES, QuizData
from acumen.teaching.quiz.lever import lever_menu

SEEDS = range(20)
UNIVERSE_SAMPLES = ["WMT", "TGT", "COST", "XOM", "JPM"]
SAMPLES = [*case_ids(), *UNIVERSE_SAMPLES, "SIE", "IBM-15Y"]
#: The peer universe and the bundled samples, as the edges pass them.
PUBLIC = PublicData(universe(), load_sample)
BAD = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)


# ---------------------------------------------------------------- independent arithmetic


_ROWS: dict[int, dict] = {}


def item(s: pd.DataFrame, c: str, y: int, name: str) -> float:
    """A line item read straight from the statements table (rows cached as dicts)."""
    rows = _ROWS.get(id(s))
    if rows is None:
        rows = _ROWS[id(s)] = {
            key: row for key, row in zip(s.index, s.table.to_dict("records"), strict=True)
        }
    row = rows.get((c, y))
    return math.nan if row is None else float(row[name])


def average(s: pd.DataFrame, c: str, y: int, name: str) -> float:
    """Mean of the two year-ends (the prior year must exist for the quiz's averaged metrics)."""
    assert (c, y - 1) in s.index, "averaged metrics are only asked with a prior year"
    return (item(s, c, y, name) + item(s, c, y - 1, name)) / 2


def days(s: pd.DataFrame, c: str, y: int) -> tuple[float, float, float]:
    revenue, cogs = item(s, c, y, "revenue"), item(s, c, y, "cost_of_revenue")
    return (
        average(s, c, y, "receivables") / revenue * 365,
        average(s, c, y, "inventory") / cogs * 365,
        average(s, c, y, "payables") / cogs * 365,
    )


def independent(s: pd.DataFrame, c: str, y: int, metric: str) -> float:
    i = lambda name: item(s, c, y, name)  # noqa: E731
    a = lambda name: average(s, c, y, name)  # noqa: E731
    formulas = {
        "gross_margin": lambda: i("gross_profit") / i("revenue"),
        "operating_margin": lambda: i("operating_income") / i("revenue"),
        "net_margin": lambda: i("net_income") / i("revenue"),
        "asset_turnover": lambda: i("revenue") / a("total_assets"),
        "inventory_turnover": lambda: i("cost_of_revenue") / a("inventory"),
        "dio": lambda: a("inventory") / i("cost_of_revenue") * 365,
        "dso": lambda: a("receivables") / i("revenue") * 365,
        "dpo": lambda: a("payables") / i("cost_of_revenue") * 365,
        "cash_conversion_cycle": lambda: sum(
            round(d) * k for d, k in zip(days(s, c, y), (1, 1, -1), strict=True)
        ),
        "roa": lambda: i("net_income") / a("total_assets"),
        "roe": lambda: i("net_income") / a("equity"),
        "current_ratio": lambda: i("current_assets") / i("current_liabilities"),
        "quick_ratio": lambda: (i("current_assets") - i("inventory")) / i("current_liabilities"),
        "interest_coverage": lambda: i("operating_income") / i("interest_expense"),
        "free_cash_flow": lambda: i("operating_cash_flow") - i("capital_expenditure"),
        "fcf_margin": lambda: (i("operating_cash_flow") - i("capital_expenditure")) / i("revenue"),
        "revenue_growth": lambda: (
            (i("revenue") - item(s, c, y - 1, "revenue")) / abs(item(s, c, y - 1, "revenue"))
        ),
    }
    return float(formulas[metric]())


SCALES = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
NUMBER = re.compile(r"^(−?)[^\d−]*([\d,]+(?:\.(\d+))?)([KMBT]?)\s*(%|×| days)?")


def parse(text: str) -> tuple[float, float]:
    """(value, half a unit of the last shown digit) of a numeric choice; % becomes a fraction."""
    match = NUMBER.match(text.strip())
    assert match, f"not a number: {text!r}"
    sign, digits, decimals, suffix, unit = match.groups()
    value = float(digits.replace(",", "")) * SCALES.get(suffix, 1.0)
    tolerance = 0.5 * 10 ** -(len(decimals) if decimals else 0) * SCALES.get(suffix, 1.0)
    if unit == "%":
        value, tolerance = value / 100, tolerance / 100
    value = -value if sign else value
    return value, tolerance * 1.001 + 1e-12


def assert_only_correct(question, expected: float) -> None:
    """The answer's text matches ``expected`` to its shown precision; no other choice does."""
    for position, choice in enumerate(question.choices):
        value, tolerance = parse(choice)
        close = abs(value - expected) <= tolerance
        if position == question.answer_index:
            assert close, (question.question, choice, expected)
        else:
            assert not close, (question.question, choice, expected)


@cache
def sample(sample_id: str) -> pd.DataFrame:
    return load_sample(sample_id)


@cache
def cases() -> pd.DataFrame:
    return load_many(case_ids())


@cache
def diagnosis_top(statements_id: str, company: str) -> tuple[str, frozenset[str]]:
    from acumen.analysis.diagnosis import diagnose

    statements = sample(statements_id) if statements_id != "cases" else cases()
    result = diagnose(statements, company)
    return result.findings[0].priority, frozenset(f.priority for f in result.findings)


@cache
def diagnosis_findings(sample_id: str) -> int:
    from acumen.analysis.diagnosis import diagnose

    statements = sample(sample_id)
    return len(diagnose(statements, statements.index.get_level_values(0)[0]).findings)


def verify(
    question, statements: pd.DataFrame, statements_id: str, the_universe: pd.DataFrame
) -> None:
    c, y = question.company, question.fiscal_year
    if question.type == "compute":
        assert_only_correct(question, independent(statements, c, y, question.metric))
    elif question.type == "compare":
        a, b = question.detail["companies"]
        ya, yb = question.detail["years"]
        source_b = statements if b in statements.index.get_level_values(0) else the_universe
        va = independent(statements, a, ya, question.metric)
        vb = independent(source_b, b, yb, question.metric)
        higher = question.detail["higher_is_better"]
        winner = a if (va > vb) == higher else b
        names = {
            **statements.companies["name"].to_dict(),
            **source_b.companies["name"].to_dict(),
        }
        assert question.correct_choice == names[winner]
        assert names[a] in question.choices and names[b] in question.choices
        assert abs(va - vb) >= 0.15 * max(abs(va), abs(vb))
    elif question.type == "trade-off":
        kind = question.detail["kind"]
        if kind == "growth_cash":
            dso, dio, dpo = (round(d) for d in days(statements, c, y))
            growth = question.detail["growth"]
            assert f"{growth * 100:.1f}%" in question.question
            expected = (dso + dio - dpo) / 365 * item(statements, c, y, "revenue") * growth
        elif kind == "days_cash":
            base = "revenue" if question.detail["lever"] == "dso" else "cost_of_revenue"
            expected = question.detail["cut"] / 365 * item(statements, c, y, base)
        else:
            margin = (
                round(
                    item(statements, c, y, "net_income") / item(statements, c, y, "revenue") * 100,
                    1,
                )
                / 100
            )
            turnover = round(
                item(statements, c, y, "revenue") / average(statements, c, y, "total_assets"), 2
            )
            expected = (margin - question.detail["cut"]) * turnover * (1 + question.detail["gain"])
        assert_only_correct(question, expected)
    elif question.type == "diagnose":
        top, fired = diagnosis_top(statements_id, c)
        assert question.correct_choice == top
        assert not fired & (set(question.choices) - {top})
    else:  # lever
        after = {
            label: roa_after_lever(statements, c, y, lever_menu()[label])
            for label in question.choices
        }
        best = max(after, key=after.get)
        assert question.correct_choice == best
        assert sorted(after.values())[-1] - sorted(after.values())[-2] >= 0.0002 - 1e-9
        for label, roa in after.items():
            assert roa == pytest.approx(question.detail["roa_after"][label], rel=1e-9)


def roa_after_lever(s: pd.DataFrame, c: str, y: int, levers) -> float:
    """ROA after a what-if lever, worked out from the line items with the what-if model's
    own rules (module doc of acumen.analysis.whatif), without acumen.analysis.metrics or acumen.analysis.whatif code."""
    nz = lambda v: 0.0 if math.isnan(v) else v  # noqa: E731
    i = lambda name: item(s, c, y, name)  # noqa: E731
    prior = lambda name: item(s, c, y - 1, name)  # noqa: E731
    pretax, tax = i("pretax_income"), i("income_tax")
    rate = 0.0 if not pretax > 0 or math.isnan(tax) else min(1.0, max(0.0, tax / pretax))
    f_revenue = (1 + levers.price_pct / 100) * (1 + levers.volume_pct / 100)
    f_cost = (1 + levers.volume_pct / 100) * (1 + levers.cogs_pct / 100)
    d_operating = (
        i("revenue") * (f_revenue - 1)
        - i("cost_of_revenue") * (f_cost - 1)
        - nz(i("sga")) * levers.sga_pct / 100
    )
    d_net = d_operating * (1 - rate)

    def d_balance(name: str, flow: str, factor: float, days_moved: float) -> float:
        end, before = i(name), prior(name)
        if math.isnan(end):
            return 0.0
        k = 1.0 if math.isnan(before) else 2.0
        avg = end if k == 1.0 else (end + before) / 2
        return k * (avg * (factor - 1) + days_moved / 365 * i(flow) * factor)

    d_receivables = d_balance("receivables", "revenue", f_revenue, levers.dso_days)
    d_inventory = d_balance("inventory", "cost_of_revenue", f_cost, levers.dio_days)
    d_payables = d_balance("payables", "cost_of_revenue", f_cost, levers.dpo_days)
    d_working_capital = d_receivables + d_inventory - d_payables
    repaid = 0.0
    if levers.repay_debt and d_working_capital < 0:
        repaid = min(
            -d_working_capital, max(nz(i("short_term_debt")), 0) + max(nz(i("long_term_debt")), 0)
        )
    d_assets = d_net + d_payables - repaid  # cash + receivables + inventory move together
    assets_end = i("total_assets") + d_assets
    avg_assets = (
        assets_end if (c, y - 1) not in s.index else (assets_end + prior("total_assets")) / 2
    )
    return (i("net_income") + d_net) / avg_assets


def check_question(question) -> None:
    assert question.type in QUIZ_TYPES
    assert question.driver in {"margin", "cash", "velocity", "return", "growth"}
    assert len(question.choices) == 4 and len(set(question.choices)) == 4
    assert question.answer in "ABCD" and len(question.answer) == 1
    assert question.explanation and question.question
    for text in question.texts():
        assert not BAD.search(text), text


@pytest.fixture(scope="module")
def the_universe():
    return universe()


@pytest.mark.parametrize("sample_id", SAMPLES)
def test_questions_are_sound_for_every_seed(sample_id, the_universe):
    statements = sample(sample_id)
    kinds = set()
    for seed in SEEDS:
        questions = generate_quiz(statements, n=8, seed=seed, public=PUBLIC)
        assert len(questions) >= 6, (sample_id, seed, len(questions))
        assert len({q.id for q in questions}) == len(questions)
        for question in questions:
            check_question(question)
            verify(question, statements, sample_id, the_universe)
            kinds.add(question.type)
    assert {"compute", "compare", "trade-off", "lever"} <= kinds
    if diagnosis_findings(sample_id):
        assert "diagnose" in kinds


def test_several_companies_compare_among_themselves(the_universe):
    statements = cases()
    for seed in range(10):
        for question in generate_quiz(statements, n=10, seed=seed, public=PUBLIC):
            check_question(question)
            verify(question, statements, "cases", the_universe)
            if question.type == "compare":
                assert set(question.detail["companies"]) <= set(case_ids())


def test_diagnose_questions_use_the_top_finding_of_the_case():
    questions = generate_quiz(sample("HHP"), n=5, seed=1, types=["diagnose"], public=PUBLIC)
    assert len(questions) == 1  # one company: one latest-year diagnosis
    assert questions[0].type == "diagnose"
    top, _ = diagnosis_top("HHP", "HHP")
    assert questions[0].correct_choice == top
    assert "Evidence:" in questions[0].question


def test_lever_questions_pick_the_best_offer_by_the_whatif_engine():
    questions = generate_quiz(sample("WMT"), n=3, seed=4, types=["lever"], public=PUBLIC)
    assert len(questions) == 1 and questions[0].type == "lever"
    question = questions[0]
    roa = question.detail["roa_after"]
    assert question.correct_choice == max(roa, key=roa.get)
    assert "7.29%" in question.question  # Walmart's FY2015 ROA


def test_deterministic_for_a_seed_and_different_across_seeds():
    statements = load_many(["WMT", "TGT"])
    first = quiz_table(generate_quiz(statements, n=10, seed=7, public=PUBLIC))
    again = quiz_table(generate_quiz(statements, n=10, seed=7, public=PUBLIC))
    pd.testing.assert_frame_equal(first, again)
    other = quiz_table(generate_quiz(statements, n=10, seed=8, public=PUBLIC))
    assert not first.equals(other)


def test_types_filter_and_unknown_type():
    statements = sample("SIE")
    questions = generate_quiz(statements, n=6, seed=0, types=["compute"], public=PUBLIC)
    assert len(questions) == 6 and {q.type for q in questions} == {"compute"}
    with pytest.raises(ValueError, match="unknown quiz type"):
        generate_quiz(statements, n=3, seed=0, types=["riddle"], public=PUBLIC)
    assert generate_quiz(statements, n=0, seed=0, public=PUBLIC) == []


def test_quiz_table_columns_are_exact():
    table = quiz_table(generate_quiz(sample("WMT"), n=5, seed=2, public=PUBLIC))
    assert (
        list(table.columns)
        == list(TABLE_COLUMNS)
        == [
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
        ]
    )
    assert len(table) == 5
    assert set(table["answer"]) <= set("ABCD")
    assert list(quiz_table([]).columns) == list(TABLE_COLUMNS)


def test_cli_writes_the_quiz_csv(tmp_path, capsys):
    out = tmp_path / "out.csv"
    status = main(
        ["quiz", "sample:WMT", "sample:TGT", "--n", "10", "--seed", "3", "--csv", str(out)]
    )
    assert status == 0
    rows = read_safe_csv(out.read_bytes())
    assert rows[0] == list(TABLE_COLUMNS)
    assert len(rows) == 11
    assert all(row[8] in {"A", "B", "C", "D"} for row in rows[1:])
    assert "wrote 10 questions" in capsys.readouterr().out


def test_a_clients_own_figures_are_not_remembered_across_calls():
    records = load_sample("WMT").table.reset_index()
    records["net_income"] = records["net_income"] * 1.01  # a client's own, non-public figures
    own = build_statements(records, make_companies([{"id": "WMT", "name": "Walmart (uploaded)"}]))
    questions = generate_quiz(own, n=8, seed=0, types=["diagnose", "lever"], public=PUBLIC)
    assert {q.type for q in questions} == {"diagnose", "lever"}
    remembered = [*DIAGNOSES.remembered(), *LEVER_OUTCOMES.remembered()]
    fingerprint = QuizData(own).fingerprint("WMT")
    assert all(key[1] != fingerprint for key in remembered)


def test_bundled_samples_are_remembered_and_nothing_without_public_data():
    statements = load_sample("HD")
    assert not QuizData(statements).is_bundled("HD")
    assert QuizData(statements, PUBLIC).is_bundled("HD")
    generate_quiz(statements, n=2, seed=0, types=["diagnose"], public=PUBLIC)
    assert ("HD", QuizData(statements).fingerprint("HD"), "en") in DIAGNOSES.remembered()
