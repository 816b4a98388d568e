"""A closed tab mid-run and a server restart: the app recovers, and nothing on disk is left
half-written."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.harness import StreamlitServer, open_app, wait_for_run
from tests.browser.test_overview_e2e import metric_value

SAMPLE_BOX = "Bundled sample (type to search by name or ticker)"


def test_tab_closed_mid_run_leaves_the_server_working(browser, server):
    context = browser.new_context()
    page = context.new_page()
    open_app(page, server.url)
    box = page.get_by_role("combobox", name=SAMPLE_BOX)
    box.click()
    box.fill("Wal-Mart")
    page.get_by_role("option", name="Wal-Mart Stores (WMT)").click()
    context.close()  # closed while the rerun is in flight

    again = browser.new_context()
    try:
        page = again.new_page()
        open_app(page, server.url)
        assert (
            metric_value(page, "Margin · net margin") == "4.2%"
        )  # a new session: the default client
    finally:
        again.close()
    leftovers = [
        p for p in server.cache_dir.rglob("*") if p.is_file() and not p.name.endswith(".json")
    ]
    assert leftovers == []


def test_session_reconnects_after_a_server_restart(browser, tmp_path):
    first = StreamlitServer(log_path=tmp_path / "first.log")
    first.wait_healthy()
    context = browser.new_context()
    try:
        page = context.new_page()
        open_app(page, first.url)
        first.stop()
        page.wait_for_selector(
            "[data-testid=stApp][data-test-connection-state=CONNECTED]",
            state="detached",
            timeout=30_000,
        )
        second = StreamlitServer(log_path=tmp_path / "second.log", port=first.port)
        try:
            second.wait_healthy()
            page.wait_for_selector(
                "[data-testid=stApp][data-test-connection-state=CONNECTED]", timeout=60_000
            )
            page.reload()
            wait_for_run(page, timeout=60_000)
            expect(page.locator("[data-testid=stMetricValue]").first).to_be_visible()
            assert page.locator("[data-testid=stException]").count() == 0
        finally:
            second.stop()
    finally:
        context.close()
        first.stop()
