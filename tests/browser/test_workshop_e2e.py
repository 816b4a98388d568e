"""End to end: a trainer starts a workshop, runs one question to the reveal and downloads the
printable handout with the questions and a separate answer key."""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path

from playwright.sync_api import expect

from acumen.data.samples import case_ids, load_many
from acumen.teaching.quiz import generate_quiz
from acumen.teaching.workshop import default_companies
from tests.browser.harness import open_app, wait_for_run

SHOTS = Path(os.environ.get("ACUMEN_SCREENSHOTS", tempfile.gettempdir()))


def test_trainer_reveals_a_question_and_downloads_the_handout(page, server, tmp_path):
    # The facilitator's defaults: the designed cases, 5 questions, seed 1.
    questions = generate_quiz(load_many(default_companies(case_ids())), n=5, seed=1)
    first = questions[0]

    open_app(page, server.url)
    page.locator("[data-testid=stSidebarNavLink]").filter(has_text="Workshop").click()
    wait_for_run(page)
    page.get_by_role("button", name="Start the session").click()
    wait_for_run(page)
    expect(page.get_by_text("Question 1 of 5")).to_be_visible()
    expect(page.get_by_text(first.question[:60]).first).to_be_visible()
    expect(page.get_by_text("Time budget: 90 s per question", exact=False)).to_be_visible()
    # Hidden until revealed.
    expect(page.get_by_text(f"Answer: {first.answer})")).to_have_count(0)

    team_one = page.locator("[data-testid=stMain]").get_by_role("radiogroup", name="Team 1")
    team_one.get_by_text(first.answer, exact=True).click()
    wait_for_run(page)
    page.get_by_role("button", name="Reveal the answer").click()
    wait_for_run(page)
    expect(
        page.get_by_text(f"Answer: {first.answer}) {first.correct_choice[:30]}", exact=False)
    ).to_be_visible()
    expect(page.locator("[data-testid=stPlotlyChart]").first).to_be_visible()
    assert page.locator("[data-testid=stException]").count() == 0

    page.screenshot(path=str(SHOTS / "workshop_revealed.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the handout (HTML)").click()
    path = tmp_path / "handout.html"
    download_info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    questions_part, key_part = text.split('<section id="answer-key">')
    assert html.escape(first.question) in questions_part
    assert html.escape(first.explanation) not in questions_part
    assert "Answer key" in key_part and html.escape(first.explanation) in key_part
    assert f"<li><b>{first.answer}: " in key_part
