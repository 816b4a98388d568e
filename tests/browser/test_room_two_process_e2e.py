"""Beyond one machine (#13): two ``streamlit run app.py`` processes on two ports share one
PostgreSQL (a private Debian cluster); the facilitator works on process A, a participant on
process B, and both screens agree at every step. Skipped without PostgreSQL's binaries,
unless ``ACUMEN_REQUIRE_BROWSER=1`` (then a failure, see tests/pg_support.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from acumen.store.database import open_engine
from tests.browser import room_steps as steps
from tests.browser.harness import StreamlitServer
from tests.pg_support import postgres_server

WAIT = steps.WAIT


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    """(database URL, process A, process B): two app processes on one PostgreSQL."""
    with postgres_server() as url:
        open_engine(url).dispose()  # migrate once (replicas also may, under a lock)
        servers = []
        try:
            for name in ("a", "b"):
                folder = tmp_path_factory.mktemp(f"replica_{name}")
                env = {
                    "ACUMEN_DB": url,
                    "ACUMEN_CACHE_DIR": str(folder / "cache"),
                    "TMPDIR": str(folder),
                }
                servers.append(StreamlitServer(env=env, log_path=folder / "server.log"))
            for server in servers:
                server.wait_healthy()
            yield url, *servers
        finally:
            for server in servers:
                server.stop()


def test_a_facilitator_on_one_process_and_a_participant_on_another(browser, replicas):
    url, a, b = replicas
    contexts = [browser.new_context(viewport={"width": 1200, "height": 1400}) for _ in range(2)]
    try:
        host, player = (c.new_page() for c in contexts)
        code = steps.open_room(host, a.url, questions=1)
        steps.join(player, b.url, code, "Blue")
        expect(host.get_by_text("1 of 30 seats taken")).to_be_visible(timeout=WAIT)
        expect(host.get_by_text("1. Blue: 0 points").first).to_be_visible(timeout=WAIT)

        (letter,) = steps.answer_key(url, code)
        host.locator(".st-key-_room_next button").click()
        steps.answer(player, 1, letter)
        expect(host.get_by_text("1 of 1 participants answered")).to_be_visible(timeout=WAIT)
        assert player.get_by_text(f"Answer: {letter})").count() == 0

        host.locator(".st-key-_room_reveal button").click()
        expect(host.get_by_text(f"Answer: {letter})")).to_be_visible(timeout=WAIT)
        expect(player.get_by_text(f"Answer: {letter})")).to_be_visible(timeout=WAIT)
        expect(player.get_by_text("Right! Your answer")).to_be_visible(timeout=WAIT)
        for screen in (host, player):
            expect(screen.get_by_text("1. Blue: 1 point").first).to_be_visible(timeout=WAIT)
            assert screen.locator("[data-testid=stException]").count() == 0
    finally:
        for context in contexts:
            context.close()
