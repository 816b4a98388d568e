"""End to end: a facilitator and three participants, each in their own browser context (a
Streamlit session each), finish a 2-question quiz and one what-if round in a live room; the
scoreboard is right on every screen, and no participant's websocket carries a question's
explanation before its reveal (it does after, so the check can fail). The what-if round's
expected outcome comes from the what-if engine on the same levers and company."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from acumen.data.samples import case_ids, load_many
from acumen.room.whatif_round import checked_levers, round_rules, team_outcomes
from acumen.teaching.quiz import LETTERS, generate_quiz
from acumen.teaching.workshop import default_companies
from acumen.ui.room_screens import levers_text
from tests.browser.harness import open_app, wait_for_run

WAIT = 60_000  # another test run may share the machine


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


#: The levers each team sets on its own device in the what-if round: (player, slider key
#: suffix, arrow key, presses) with the round's default bounds (2 % in 0.5 % steps, 10 days
#: in 1-day steps). Blue (player 0) cuts DIO by 10 days; Red (player 1) raises price 2 %.
LEVER_MOVES = {"Blue": (0, "dio_days", "ArrowLeft", 10), "Red": (1, "price_pct", "ArrowRight", 4)}
LEVER_VALUES = {"Blue": {"dio_days": -10.0}, "Red": {"price_pct": 2.0}}


def board_line(points: dict[str, int]) -> str:
    """The one-line scoreboard: best first, ties share a rank."""
    order = sorted(points, key=lambda team: (-points[team], team.casefold()))
    return " · ".join(
        f"{1 + sum(p > points[team] for p in points.values())}. {team}: {points[team]} "
        + ("point" if points[team] == 1 else "points")
        for team in order
    )


def test_facilitator_and_three_participants_finish_a_quiz_and_a_whatif_round(browser, server):
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

        quiz_points = {"Blue": 3, "Red": 1}
        expect(host.get_by_role("button", name="Finish the quiz")).to_be_visible(timeout=WAIT)
        for screen in (host, *players):
            expect(screen.get_by_text(board_line(quiz_points)).first).to_be_visible(timeout=WAIT)

        # A what-if round instead of finishing: the form's defaults (the first question's
        # company, goal ROA, 2 % / 10 days, 2 levers), as the engine's expectation uses.
        company = questions[0].company
        rules = round_rules("roa", None, 2)
        picks = {team: checked_levers(values, rules) for team, values in LEVER_VALUES.items()}
        outcomes = team_outcomes(load_many([company]), company, "roa", picks)
        assert {row["team"] for row in outcomes} == set(picks)
        host.get_by_text("Push a what-if round instead of the next question").click()
        expect(host.get_by_role("combobox", name="Company")).to_have_value(
            re.compile(rf"\({re.escape(company)}\)$"), timeout=WAIT
        )
        host.get_by_role("button", name="Push the what-if round").click()
        expect(host.get_by_text("0 of 2 teams submitted levers")).to_be_visible(timeout=WAIT)
        for screen in (host, *players):
            expect(screen.get_by_text(re.compile(r"^What-if round 1: "))).to_be_visible(
                timeout=WAIT
            )
            expect(screen.get_by_text("Goal: Lift ROA the most")).to_be_visible(timeout=WAIT)

        for submitted, (team, (index, lever, key, presses)) in enumerate(
            LEVER_MOVES.items(), start=1
        ):
            player = players[index]
            # an <input type=range> (implicit role slider)
            slider = player.locator(f".st-key-_room_lever_1_{lever}").get_by_role("slider")
            expect(slider).to_be_visible(timeout=WAIT)
            target = picks[team][lever]
            slider.focus()
            for _ in range(presses):
                player.keyboard.press(key)
            expect(slider).to_have_value(re.compile(rf"^{target:g}(\.0+)?$"), timeout=WAIT)
            wait_for_run(player, timeout=WAIT)
            player.get_by_role("button", name="Submit our levers").click()
            on_record = f"Your team's levers on record: {levers_text(picks[team])}."
            expect(player.get_by_text(on_record)).to_be_visible(timeout=WAIT)
            expect(host.get_by_text(f"{submitted} of 2 teams submitted levers")).to_be_visible(
                timeout=WAIT
            )
        # Blue's other seat sees its team's levers, set on another device
        blue_record = f"Your team's levers on record: {levers_text(picks['Blue'])}."
        expect(players[2].get_by_text(blue_record)).to_be_visible(timeout=WAIT)
        for screen in (host, *players):
            expect(screen.get_by_text("Outcome of the round", exact=False)).to_have_count(0)

        host.get_by_role("button", name="Reveal the outcome").click()
        totals = dict(quiz_points)
        for row in outcomes:
            totals[row["team"]] += row["points"]
        assert sum(totals.values()) > sum(quiz_points.values())  # someone won the round
        ranks = {row["team"]: row["rank"] for row in outcomes}
        for screen in (host, *players):
            expect(
                screen.get_by_text("Outcome of the round (what-if engine, latest fiscal year)")
            ).to_be_visible(timeout=WAIT)
            grid = screen.locator("[data-testid=stDataFrame]").filter(
                has_text=f"{outcomes[0]['roa_after'] * 100:.2f}%"
            )
            expect(grid.first).to_be_visible(timeout=WAIT)
            for row in outcomes:
                expect(grid.first).to_contain_text(levers_text(row["levers"]), timeout=WAIT)
                expect(grid.first).to_contain_text(f"{row['roa_after'] * 100:.2f}%", timeout=WAIT)
            expect(screen.get_by_text(board_line(totals)).first).to_be_visible(timeout=WAIT)
        for player, team in zip(players, ("Blue", "Red", "Blue"), strict=True):
            expect(player.get_by_text(f"Your team ranked {ranks[team]} of 2.")).to_be_visible(
                timeout=WAIT
            )

        host.locator(".st-key-_room_next button").click()
        for screen in (host, *players):
            expect(screen.get_by_text("The room is closed", exact=False)).to_be_visible(
                timeout=WAIT
            )
            # .first: during a poll the previous run's copy can linger, marked stale
            expect(screen.get_by_text(board_line(totals)).first).to_be_visible(timeout=WAIT)
            assert screen.locator("[data-testid=stException]").count() == 0
    finally:
        for context in contexts:
            context.close()
