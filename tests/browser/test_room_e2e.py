"""End to end: a facilitator and three participants, each in their own browser context (a
Streamlit session each), finish a 2-question quiz in a live room; the scoreboard is right on
every screen, and no participant's websocket carries a question's explanation before its
reveal (it does after, so the check can fail)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from acumen.data.samples import case_ids, load_many
from acumen.teaching.quiz import LETTERS, generate_quiz
from acumen.teaching.workshop import default_companies
from tests.browser.harness import open_app, wait_for_run

WAIT = 30_000


def needle(explanation: str) -> bytes:
    """The longest run of plain words in ``explanation`` (Markdown escaping leaves letters
    and spaces alone), as the UTF-8 bytes a websocket frame would carry."""
    runs = re.findall(r"[A-Za-z][A-Za-z ,]{11,}[A-Za-z]", explanation)
    assert runs, explanation
    return max(runs, key=len).encode("utf-8")


def recorder(page) -> list[bytes]:
    frames: list[bytes] = []

    def on_socket(socket) -> None:
        socket.on(
            "framereceived",
            lambda payload: frames.append(
                payload if isinstance(payload, bytes) else payload.encode("utf-8")
            ),
        )

    page.on("websocket", on_socket)
    return frames


def received(frames: list[bytes], text: bytes) -> bool:
    return any(text in frame for frame in list(frames))


def test_facilitator_and_three_participants_finish_a_quiz(browser, server):
    questions = generate_quiz(load_many(default_companies(case_ids())), n=2, seed=1)
    secrets = [needle(q.explanation) for q in questions]
    contexts = [browser.new_context(viewport={"width": 1200, "height": 1400}) for _ in range(4)]
    try:
        host, *players = [c.new_page() for c in contexts]
        frames = [recorder(p) for p in players]

        open_app(host, server.url, "Live_room")
        host.locator(".st-key-_room_questions input").fill("2")
        host.locator(".st-key-_room_questions input").press("Enter")
        wait_for_run(host)
        host.get_by_role("button", name="Open the room").click()
        heading = host.get_by_text(re.compile(r"^Room code: [A-Z]{6}$"))
        expect(heading).to_be_visible(timeout=WAIT)
        code = heading.inner_text().split(": ")[1]

        for player, team, new in zip(players, ("Blue", "Red", "Blue"), (1, 1, 0), strict=True):
            open_app(player, server.url, f"Live_room?room={code}")
            if new:
                player.locator(".st-key-_room_team_name input").fill(team)
                player.locator(".st-key-_room_team_name input").press("Enter")
                wait_for_run(player)
            else:
                player.locator(".st-key-_room_team_pick").click()
                player.get_by_role("option", name=team, exact=True).click()
                wait_for_run(player)
            player.get_by_role("button", name="Join").click()
            expect(player.get_by_text(f"your team: {team}")).to_be_visible(timeout=WAIT)
        expect(host.get_by_text("3 of 30 seats taken")).to_be_visible(timeout=WAIT)

        # Blue: players 0 and 2; Red: player 1. Q1: 0 right, 1 wrong, 2 right.
        # Q2: 0 wrong, 1 right, 2 right. Blue 2 + 1 = 3 points, Red 0 + 1 = 1.
        plans = [(True, False, True), (False, True, True)]
        for number, (question, secret, rights) in enumerate(
            zip(questions, secrets, plans, strict=True), start=1
        ):
            host.locator(".st-key-_room_next button").click()
            for player, right in zip(players, rights, strict=True):
                expect(player.get_by_text(f"Question {number} of 2")).to_be_visible(timeout=WAIT)
                wrong = LETTERS[(question.answer_index + 1) % 4]
                letter = question.answer if right else wrong
                player.locator(f".st-key-_room_choice_{number}_{letter} button").click()
                expect(player.get_by_text(f"Your answer {letter} is recorded")).to_be_visible(
                    timeout=WAIT
                )
            expect(host.get_by_text("3 of 3 participants answered")).to_be_visible(timeout=WAIT)
            for player_frames in frames:
                assert player_frames, "no websocket frame was recorded"
                assert not received(player_frames, secret), f"explanation {number} leaked"
            host.locator(".st-key-_room_reveal button").click()
            for player, right in zip(players, rights, strict=True):
                expect(player.get_by_text(f"Answer: {question.answer})")).to_be_visible(
                    timeout=WAIT
                )
                verdict = "Right! Your answer" if right else "Not this time"
                expect(player.get_by_text(verdict)).to_be_visible(timeout=WAIT)
            for player_frames in frames:
                assert received(player_frames, secret), f"explanation {number} never arrived"

        expect(host.get_by_role("button", name="Finish the quiz")).to_be_visible(timeout=WAIT)
        host.get_by_role("button", name="Finish the quiz").click()
        final = "1. Blue: 3 points · 2. Red: 1 point"
        for screen in (host, *players):
            expect(screen.get_by_text("The room is closed", exact=False)).to_be_visible(
                timeout=WAIT
            )
            # .first: during a poll the previous run's copy can linger, marked stale
            expect(screen.get_by_text(final).first).to_be_visible(timeout=WAIT)
            assert screen.locator("[data-testid=stException]").count() == 0
    finally:
        for context in contexts:
            context.close()
