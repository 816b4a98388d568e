"""Steps the live-room browser tests share: open a room, join a team, read the answer key."""

from __future__ import annotations

import json
import re

import sqlalchemy as sa
from playwright.sync_api import expect

from acumen.store.database import open_engine
from acumen.store.migrations import rooms
from tests.browser.harness import open_app, wait_for_run

WAIT = 30_000


def open_room(page, url: str, questions: int) -> str:
    """As the facilitator on ``url``: open a room of ``questions`` questions; its code."""
    open_app(page, url, "Live_room")
    page.locator(".st-key-_room_questions input").fill(str(questions))
    page.locator(".st-key-_room_questions input").press("Enter")
    wait_for_run(page)
    page.get_by_role("button", name="Open the room").click()
    heading = page.get_by_text(re.compile(r"^Room code: [A-Z]{6}$"))
    expect(heading).to_be_visible(timeout=WAIT)
    return heading.inner_text().split(": ")[1]


def facilitator_key(page) -> str:
    """The key in the facilitator's private expander."""
    wait_for_run(page)
    label = "Facilitator key (keep it private"
    page.locator("summary").filter(has_text=label).click()
    box = page.locator("[data-testid=stExpander]").filter(
        has=page.locator("summary").filter(has_text=label)
    )
    code = box.locator("code")
    expect(code).to_be_visible(timeout=WAIT)
    return code.inner_text().strip()


def resume(page, url: str, code: str, key: str) -> None:
    """As the facilitator in a fresh session: resume room ``code`` with its key."""
    open_app(page, url, "Live_room")
    page.get_by_text("Resume a room you opened").click()
    page.locator(".st-key-_room_resume_code input").fill(code)
    page.locator(".st-key-_room_resume_key input").fill(key)
    page.locator(".st-key-_room_resume_key input").press("Enter")
    wait_for_run(page)
    page.locator(".st-key-_room_resume button").click()
    expect(page.get_by_text(f"Room code: {code}")).to_be_visible(timeout=WAIT)


def join(page, url: str, code: str, team: str) -> None:
    """As a participant on ``url``: open the join link and name a new team."""
    open_app(page, url, f"Live_room?room={code}")
    page.locator(".st-key-_room_team_name input").fill(team)
    page.locator(".st-key-_room_team_name input").press("Enter")
    wait_for_run(page)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text(f"your team: {team}")).to_be_visible(timeout=WAIT)


def answer_key(db_url: str, code: str) -> list[str]:
    """The answer letters of room ``code``, read from the database (the test's own view)."""
    engine = open_engine(db_url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(
                sa.select(rooms.c.questions).where(rooms.c.code == code)
            ).scalar_one()
    finally:
        engine.dispose()
    return [q["answer"] for q in json.loads(stored)]


def answer(page, number: int, letter: str) -> None:
    """As a participant: answer question ``number`` with ``letter`` once it is on screen."""
    expect(page.get_by_text(re.compile(rf"^Question {number} of \d+$"))).to_be_visible(timeout=WAIT)
    page.locator(f".st-key-_room_choice_{number}_{letter} button").click()
    expect(page.get_by_text(f"Your answer {letter} is recorded")).to_be_visible(timeout=WAIT)
