"""End to end: make an account plan, save it, close the browser, reopen it in a new one."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.harness import open_app, wait_for_run

PAYER = "王芳, CFO (signs above $1M)"
STEP = "Procurement scores bids on price"


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    wait_for_run(page)


def test_plan_saved_then_reopened_in_a_new_browser(browser, server):
    first = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = first.new_page()
    open_app(page, server.url, "Account_plan")
    open_tab(page, "Decision process & culture")
    payer = page.get_by_label("Who pays for the offer")
    payer.fill(PAYER)
    payer.press("Enter")
    wait_for_run(page)
    steps = page.get_by_label("Approval steps (one per line)")
    steps.fill(STEP)
    steps.press("Control+Enter")
    wait_for_run(page)
    open_tab(page, "Save, open, export")
    expect(page.get_by_text("Unsaved changes.")).to_be_visible()
    page.get_by_role("button", name="Save plan").click()
    wait_for_run(page)
    expect(page.get_by_text("Saved as plan")).to_be_visible()
    expect(page.get_by_text("All saved.")).to_be_visible()
    first.close()

    second = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = second.new_page()
    open_app(page, server.url, "Account_plan")
    open_tab(page, "Save, open, export")
    page.get_by_role("button", name="Open this plan").click()
    wait_for_run(page)
    open_tab(page, "Decision process & culture")
    expect(page.get_by_label("Who pays for the offer")).to_have_value(PAYER)
    expect(page.get_by_label("Approval steps (one per line)")).to_have_value(STEP)
    assert page.locator("[data-testid=stException]").count() == 0
    second.close()
