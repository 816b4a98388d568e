"""Workshop session logic: teams, the question flow, scores, what-if rounds and the handout."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from acumen.data.samples import case_ids, load_many, load_sample
from acumen.data.statements import build_statements, make_companies
from acumen.reports.handout import handout_html
from acumen.teaching.workshop import (
    SCOREBOARD_COLUMNS,
    best_levers,
    default_companies,
    new_session,
    next_question,
    record_answer,
    reveal,
    reveal_whatif_round,
    scoreboard,
    scoreboard_figure,
    start_whatif_round,
    team_names,
    time_left,
    whatif_outcomes,
)


@pytest.fixture(scope="module")
def cases():
    return load_many(case_ids()) if case_ids() else load_many(["WMT", "TGT", "COST"])


def test_default_companies_are_the_designed_cases():
    assert default_companies(case_ids()) == (case_ids() or ["WMT", "TGT", "COST"])
    assert default_companies([]) == ["WMT", "TGT", "COST"]


def test_team_names_are_clean_and_distinct():
    assert team_names(["  Owls ", "", "Owls", "x" * 60], 4) == [
        "Owls",
        "Team 2",
        "Owls (2)",
        "x" * 40,
    ]
    assert team_names([], 2) == ["Team 1", "Team 2"]
    assert len(team_names([], 99)) == 8 and team_names([], 0) == ["Team 1"]


def test_time_left_counts_down_and_stops_at_zero():
    assert time_left(None, 60, 1000.0) == 60
    assert time_left(1000.0, 60, 1000.0) == 60
    assert time_left(1000.0, 60, 1015.2) == 45
    assert time_left(1000.0, 60, 2000.0) == 0


def test_question_flow_scores_only_after_reveal(cases):
    session = new_session(cases, ["A team", "B team"], n_questions=3, seconds=30, seed=5, now=0.0)
    assert len(session.questions) == 3 and session.current == 0 and not session.revealed
    first = session.questions[0]
    wrong = next(letter for letter in "ABCD" if letter != first.answer)
    assert record_answer(session, "A team", first.answer)
    assert record_answer(session, "B team", wrong)
    assert not record_answer(session, "Nobody", "A") and not record_answer(session, "A team", "E")
    assert scoreboard(session)["score"].tolist() == [0, 0]  # hidden until revealed
    next_question(session)  # not revealed yet: stays
    assert session.current == 0
    assert reveal(session) == {"A team": True, "B team": False}
    assert not record_answer(session, "B team", first.answer)  # locked once revealed
    board = scoreboard(session)
    assert list(board.columns) == list(SCOREBOARD_COLUMNS)
    assert board.iloc[0].to_dict() == {
        "rank": 1,
        "team": "A team",
        "score": 1,
        "quiz_correct": 1,
        "whatif_wins": 0,
        "answered": 1,
    }
    next_question(session, now=50.0)
    assert session.current == 1 and not session.revealed and session.started_at == 50.0
    for _ in range(2):
        reveal(session)
        next_question(session)
    assert session.finished and session.question is None
    assert reveal(session) == {}


def test_tied_teams_share_a_rank(cases):
    session = new_session(cases, ["X", "Y", "Z"], n_questions=1, seed=1)
    question = session.questions[0]
    record_answer(session, "X", question.answer)
    record_answer(session, "Y", question.answer)
    reveal(session)
    board = scoreboard(session)
    assert board["rank"].tolist() == [1, 1, 3]
    assert board["team"].tolist() == ["X", "Y", "Z"]


def test_scoreboard_figure_shows_escaped_names():
    board = pd.DataFrame({"rank": [1, 2], "team": ["<b>Owls</b>", "Foxes"], "score": [2, 0]})
    figure = scoreboard_figure(board)
    assert list(figure.data[0].x) == [2, 0]
    assert list(figure.data[0].y) == ["&lt;b&gt;Owls&lt;/b&gt;", "Foxes"]
    assert figure.layout.yaxis.type == "category"


def test_whatif_round_uses_the_whatif_engine():
    company = "HHP" if "HHP" in case_ids() else "SIE"
    statements = load_sample(company)
    year = int(statements.index.get_level_values(1).max())
    outcomes = whatif_outcomes(statements, company, days=5)
    by_label = {o.label.split(" (")[0]: o for o in outcomes}
    collect = by_label["Collect from customers 5 days faster"]
    inventory = by_label["Hold 5 fewer days of inventory"]
    suppliers = by_label["Pay suppliers 5 days later"]
    # Freed cash repays debt, so the balance sheet shrinks by about days / 365 × the flow.
    revenue = statements.table.loc[(company, year), "revenue"]
    cogs = statements.table.loc[(company, year), "cost_of_revenue"]
    assert collect.cash_released == pytest.approx(5 / 365 * revenue, rel=1e-6)
    assert inventory.cash_released == pytest.approx(5 / 365 * cogs, rel=1e-6)
    assert collect.roa_change > inventory.roa_change > 0
    assert suppliers.roa_change == pytest.approx(0, abs=1e-9)  # financed by suppliers
    assert best_levers(outcomes) == [collect.label]
    assert not any(o.notes for o in outcomes)

    session = new_session(statements, ["A", "B"], n_questions=1, seed=0)
    round_ = start_whatif_round(session, company, company)
    round_.picks.update({"A": inventory.label, "B": collect.label})
    reveal_whatif_round(session, round_, statements)
    assert round_.winners == ["B"]
    board = scoreboard(session).set_index("team")
    assert board.at["B", "whatif_wins"] == 1 and board.at["A", "whatif_wins"] == 0


def test_whatif_round_reports_a_lever_the_engine_had_to_cap():
    # Walmart collects in about 5 days: 5 days faster would need negative receivables.
    outcomes = whatif_outcomes(load_sample("WMT"), "WMT", days=5)
    collect = next(o for o in outcomes if o.label.startswith("Collect"))
    assert collect.notes and "below zero" in collect.notes[0]


def test_handout_has_statements_questions_without_answers_and_an_answer_key(cases):
    session = new_session(cases, ["A"], n_questions=4, seed=2)
    page = handout_html(cases, session.questions, title="Harbor workshop")
    questions_part, key_part = page.split('<section id="answer-key">')
    assert page.lower().startswith("<!doctype html>") and "Harbor workshop" in page
    for question in session.questions:
        assert html.escape(question.question) in questions_part
        assert html.escape(question.explanation) not in questions_part
        assert html.escape(question.explanation) in key_part
        for choice in question.choices:
            assert html.escape(choice) in questions_part
    answers = re.findall(r"<li><b>([A-D]):", key_part)
    assert answers == [q.answer for q in session.questions]
    assert "Line item" in questions_part and "Revenue" in questions_part


def test_handout_escapes_hostile_names():
    records = load_sample("WMT").table.reset_index()
    records["company"] = "EVIL"
    hostile = '<script>alert("x")</script> & Co'
    statements = build_statements(
        records, make_companies([{"id": "EVIL", "name": hostile, "sector": "<i>"}])
    )
    session = new_session(statements, ["A"], n_questions=3, seed=0)
    page = handout_html(statements, session.questions, title="<b>t</b>")
    assert "<script>" not in page and "<i>" not in page and "<b>t</b>" not in page
    assert html.escape(hostile) in page
