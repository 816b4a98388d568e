"""In Chromium (#16 item 10): a reload with unsaved work asks first (the browser's own
"Leave site?" prompt, a ``beforeunload`` dialog); without unsaved work it never asks, and the
address brings the reload back to the same bundled sample."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.harness import open_app, wait_for_run
from tests.browser.test_overview_e2e import choose_mode, metric_value, pick_sample

SAMPLE_BOX = "Bundled sample (type to search by name or ticker)"


def record_dialogs(page) -> list[str]:
    seen: list[str] = []

    def on_dialog(dialog) -> None:
        seen.append(dialog.type)
        dialog.accept()  # leave: the reload goes ahead

    page.on("dialog", on_dialog)
    return seen


def reload(page) -> None:
    page.reload()
    page.wait_for_selector("[data-testid=stApp]", timeout=60_000)
    wait_for_run(page, timeout=60_000)


def nav(page, label: str) -> None:
    page.locator("[data-testid=stSidebarNavLink]").filter(has_text=label).first.click()
    wait_for_run(page)


def test_no_prompt_without_unsaved_work_and_the_sample_comes_back(page, server):
    dialogs = record_dialogs(page)
    open_app(page, server.url)
    pick_sample(page, "Wal-Mart", "Wal-Mart Stores (WMT)")
    nav(page, "Learn")
    assert "client=WMT" in page.url
    assert page.evaluate("window.__acumenLeaveActive") is False
    reload(page)
    assert dialogs == []
    assert "Learn" in page.url and "client=WMT" in page.url
    expect(page.locator("[data-testid=stSidebar] strong").last).to_have_text("Wal-Mart Stores")
    nav(page, "app")
    assert metric_value(page, "Margin · net margin") == "3.0%"  # Walmart's, not the default


def test_a_reload_after_an_upload_asks_first(page, server, tmp_path):
    dialogs = record_dialogs(page)
    open_app(page, server.url)
    choose_mode(page, "Upload a file")
    path = tmp_path / "keep.csv"
    path.write_text(
        "Company: Keep Me Co\nLine item,2022,2023\nRevenue,100,120\nNet income,5,6\n"
        "Total assets,80,90\n",
        encoding="utf-8",
    )
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(path))
    wait_for_run(page)
    expect(page.locator("[data-testid=stSidebar] strong").last).to_have_text("Keep Me Co")
    assert "client=" not in page.url  # an uploaded name never goes into the address
    page.locator("[data-testid=stMain]").click()  # the browser prompts only after a gesture
    reload(page)
    assert dialogs == ["beforeunload"]
    reload(page)  # the new session has nothing to lose: no second prompt
    assert dialogs == ["beforeunload"]


def test_moved_what_if_levers_ask_first_and_a_reset_stops_asking(page, server):
    dialogs = record_dialogs(page)
    open_app(page, server.url)
    nav(page, "What if")
    page.get_by_role("button", name="Cut their inventory by 5 days").click()
    wait_for_run(page)
    assert page.evaluate("window.__acumenLeaveActive") is True
    page.get_by_role("button", name="Reset", exact=True).click()
    wait_for_run(page)
    page.wait_for_function("window.__acumenLeaveActive === false")
    reload(page)
    assert dialogs == []
    page.get_by_role("button", name="Cut their inventory by 5 days").click()
    wait_for_run(page)
    page.wait_for_function("window.__acumenLeaveActive === true")
    reload(page)
    assert dialogs == ["beforeunload"]
