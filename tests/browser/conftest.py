"""Browser fixtures: one Streamlit server and one Chromium per session; a new context per test."""

from __future__ import annotations

import os

import pytest

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, chromium_available

REQUIRE_BROWSER = os.environ.get("ACUMEN_REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        if REQUIRE_BROWSER:
            pytest.fail(
                f"ACUMEN_REQUIRE_BROWSER=1 but {CHROMIUM} is missing: install Debian's chromium"
            )
        pytest.skip(f"{CHROMIUM} is not installed: browser tests need Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    cache_dir = tmp_path_factory.mktemp("cache")
    server_tmp = tmp_path_factory.mktemp("server_tmp")
    env = {"ACUMEN_CACHE_DIR": str(cache_dir), "TMPDIR": str(server_tmp)}
    instance = StreamlitServer(env=env, log_path=log)
    instance.cache_dir, instance.temp_dir = cache_dir, server_tmp
    try:
        instance.wait_healthy()
        yield instance
    finally:
        instance.stop()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()
