"""AppTest: the Learn, Workshop and Glossary pages render for the default sample; a full
facilitator flow (3 questions, 2 teams, reveal and score) keeps its state across pages."""

from __future__ import annotations

import pytest
import streamlit as st

from acumen.analysis.client import client_view
from acumen.data.samples import case_ids, load_sample
from acumen.reports.export import read_safe_csv
from acumen.teaching.worked import worked_formula
from acumen.ui.text import md_escape
from tests.apptest_support import DownloadCapture, open_page

LEARN = "pages/6_Learn.py"
WORKSHOP = "pages/7_Workshop.py"
GLOSSARY = "pages/9_Glossary.py"
DEFAULT = case_ids()[0] if case_ids() else "WMT"


@pytest.fixture(autouse=True)
def clear_streamlit_cache():
    st.cache_data.clear()


def markdown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_learn_page_plugs_the_default_clients_numbers_into_the_formulas():
    at = open_page(LEARN)
    assert not at.exception, at.exception
    assert [t.label for t in at.tabs][:5] == ["Margin", "Cash", "Velocity", "Return", "Growth"]
    statements = load_sample(DEFAULT)
    view = client_view(statements, DEFAULT)
    text = markdown_text(at)
    for metric in ("net_margin", "asset_turnover", "dso", "roa", "revenue_growth"):
        assert md_escape(worked_formula(view, metric).text) in text
    assert "Same return, different paths" in text
    assert "Extra working capital" in text
    assert len(at.dataframe) >= 1  # the same-ROA pair


def test_learn_follows_the_sidebar_client():
    at = open_page(LEARN, client_id="sample:WMT")
    assert not at.exception
    assert md_escape("Net margin = Net income / Revenue = $14.7B / $482B = 3.0%") in markdown_text(
        at
    )


def test_glossary_filters_terms():
    at = open_page(GLOSSARY)
    assert not at.exception
    every = len(at.markdown)
    at.text_input(key="_w_glossary").set_value("days").run()
    assert not at.exception
    text = markdown_text(at)
    assert "Days sales outstanding" in text and "Gross margin" not in text
    assert len(at.markdown) < every
    at.text_input(key="_w_glossary").set_value("qwertyuiop").run()
    assert at.info and "No term matches" in at.info[0].value


def test_workshop_page_renders_setup_with_the_cases():
    at = open_page(WORKSHOP)
    assert not at.exception, at.exception
    assert at.multiselect(key="_ws_companies").value == (case_ids() or ["WMT", "TGT", "COST"])
    assert at.button(key="_ws_start")


def scores(at) -> dict[str, int]:
    board = at.dataframe[0].value
    return dict(zip(board["team"], board["score"], strict=True))


def test_full_facilitator_flow_with_state_surviving_page_switches(monkeypatch):
    downloads = DownloadCapture(monkeypatch)
    at = open_page(WORKSHOP)
    at.number_input(key="_ws_questions").set_value(3)
    at.number_input(key="_ws_seconds").set_value(45)
    at.text_input(key="_ws_name_0").set_value("Owls")
    at.text_input(key="_ws_name_1").set_value("Foxes $1 *x*")
    at.button(key="_ws_start").click().run()
    assert not at.exception, at.exception
    session = at.session_state["workshop_session"]
    assert session.teams == ["Owls", "Foxes $1 *x*"] and len(session.questions) == 3
    assert any("Time budget: 45 s" in c.value for c in at.caption)
    expected = {"Owls": 0, "Foxes $1 *x*": 0}
    assert scores(at) == expected

    for number in range(3):
        question = session.questions[number]
        # The answer is hidden until revealed.
        assert not any(question.explanation[:40] in i.value for i in at.info)
        wrong = next(letter for letter in "ABCD" if letter != question.answer)
        at.radio(key=f"_ws_answer_{number}_0").set_value(question.answer).run()
        at.radio(key=f"_ws_answer_{number}_1").set_value(wrong).run()
        if number == 0:  # leave mid-question and come back: answers are kept
            at.switch_page(LEARN)
            at.run()
            at.switch_page(WORKSHOP)
            at.run()
            assert at.radio(key="_ws_answer_0_0").value == question.answer
        at.button(key="_ws_reveal").click().run()
        assert not at.exception, at.exception
        assert (
            md_escape(f"Answer: {question.answer}) {question.correct_choice}")
            in at.success[0].value
        )
        expected["Owls"] += 1
        assert scores(at) == expected
        at.button(key="_ws_next").click().run()

    assert at.session_state["workshop_session"].finished
    assert any("All questions are done" in s.value for s in at.success)

    # State survives a page switch.
    at.switch_page(GLOSSARY)
    at.run()
    at.switch_page(WORKSHOP)
    at.run()
    assert not at.exception
    assert scores(at) == {"Owls": 3, "Foxes $1 *x*": 0}

    button = next(b for b in at.download_button if b.key == "ws_download_scores")
    rows = read_safe_csv(downloads.of(button))
    assert rows[0] == ["rank", "team", "score", "quiz_correct", "whatif_wins", "answered"]
    assert rows[1][:3] == ["1", "Owls", "3"]
    handout = downloads.of(
        next(b for b in at.download_button if b.key == "ws_download_handout")
    ).decode()
    assert "Answer key" in handout and "Foxes" not in handout


def test_whatif_round_awards_the_best_lever():
    at = open_page(WORKSHOP)
    at.number_input(key="_ws_questions").set_value(1)
    at.button(key="_ws_start").click().run()
    at.button(key="_ws_whatif_start").click().run()
    assert not at.exception, at.exception
    session = at.session_state["workshop_session"]
    options = at.radio(key="_ws_whatif_1_0").options
    at.radio(key="_ws_whatif_1_0").set_value(options[0]).run()  # collect 5 days faster
    at.radio(key="_ws_whatif_1_1").set_value(options[2]).run()  # pay suppliers later
    at.button(key="_ws_whatif_reveal").click().run()
    assert not at.exception, at.exception
    round_ = session.whatif_rounds[0]
    assert round_.revealed
    best = max(round_.outcomes, key=lambda o: o.roa_change)
    assert round_.winners == [t for t, label in round_.picks.items() if label == best.label]
    assert scores(at)[session.teams[0]] == (1 if session.teams[0] in round_.winners else 0)
    assert any(m.value.startswith("Winners") for m in at.markdown)
