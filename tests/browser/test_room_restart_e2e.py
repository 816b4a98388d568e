"""A server restart loses nothing (#13): the app process is stopped after a participant
answered, a new one starts on the same port and database (the default SQLite file), and the
facilitator (resuming with the same key) and the participant (reloading their seat's link)
carry on from where they were: the answer is still on record, the reveal scores it."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser import room_steps as steps
from tests.browser.harness import StreamlitServer

WAIT = steps.WAIT


def test_the_room_survives_a_server_restart(browser, tmp_path):
    db_url = f"sqlite:///{tmp_path / 'acumen.db'}"
    env = {
        "ACUMEN_DB": db_url,
        "ACUMEN_CACHE_DIR": str(tmp_path / "cache"),
        "TMPDIR": str(tmp_path),
    }
    server = StreamlitServer(env=env, log_path=tmp_path / "first.log")
    contexts = [browser.new_context(viewport={"width": 1200, "height": 1400}) for _ in range(2)]
    try:
        server.wait_healthy()
        host, player = (c.new_page() for c in contexts)
        code = steps.open_room(host, server.url, questions=2)
        key = steps.facilitator_key(host)
        steps.join(player, server.url, code, "Blue")
        first, _ = steps.answer_key(db_url, code)
        host.locator(".st-key-_room_next button").click()
        steps.answer(player, 1, first)
        expect(host.get_by_text("1 of 1 participants answered")).to_be_visible(timeout=WAIT)
        seat_link = player.url

        server.stop()  # mid-question: answered, not revealed
        server = StreamlitServer(env=env, log_path=tmp_path / "second.log", port=server.port)
        server.wait_healthy()

        player.goto(seat_link)  # the seat is in the link: the reload rejoins the team
        expect(player.get_by_text("your team: Blue")).to_be_visible(timeout=WAIT)
        expect(player.get_by_text(f"Your answer {first} is recorded")).to_be_visible(timeout=WAIT)
        steps.resume(host, server.url, code, key)  # a new session: the same key
        expect(host.get_by_text("1 of 1 participants answered")).to_be_visible(timeout=WAIT)

        host.locator(".st-key-_room_reveal button").click()
        expect(player.get_by_text("Right! Your answer")).to_be_visible(timeout=WAIT)
        host.locator(".st-key-_room_next button").click()
        expect(player.get_by_text("Question 2 of 2")).to_be_visible(timeout=WAIT)
        for screen in (host, player):
            expect(screen.get_by_text("1. Blue: 1 point").first).to_be_visible(timeout=WAIT)
            assert screen.locator("[data-testid=stException]").count() == 0
    finally:
        for context in contexts:
            context.close()
        server.stop()
