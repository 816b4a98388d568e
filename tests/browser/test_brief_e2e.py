"""End to end: Harbor's top priority is cash, and the goal summary CSV downloads with its columns."""

from __future__ import annotations

from playwright.sync_api import expect

from acumen.reports.brief import GOAL_COLUMNS
from acumen.reports.export import read_safe_csv
from tests.browser.harness import open_app, wait_for_run


def test_harbor_top_priority_is_cash_and_csv_has_the_columns(page, server, tmp_path):
    open_app(page, server.url)
    page.locator("[data-testid=stSidebarNavLink]").filter(has_text="Priorities").click()
    wait_for_run(page)
    first_card = page.get_by_text("1. Cash squeeze")
    expect(first_card).to_be_visible()
    expect(page.get_by_text("💵 cash · severity").first).to_be_visible()

    page.locator("[data-testid=stSidebarNavLink]").filter(has_text="Meeting brief").click()
    wait_for_run(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download goal summary (CSV)").click()
    path = tmp_path / "goals.csv"
    download_info.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = read_safe_csv(data)
    assert rows[0] == list(GOAL_COLUMNS)
    assert rows[1][GOAL_COLUMNS.index("driver")] == "cash"
    assert rows[1][GOAL_COLUMNS.index("company")] == "Harbor Home Products"
