"""End to end in Chromium: pick Walmart, upload a messy CSV, upload a broken CSV."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.harness import ROOT, open_app, wait_for_run

CORPUS = ROOT / "tests" / "corpus"


def pick_sample(page, search: str, option_text: str) -> None:
    box = page.get_by_role("combobox", name="Bundled sample (type to search by name or ticker)")
    box.click()
    box.fill(search)
    page.get_by_role("option", name=option_text).click()
    wait_for_run(page)


def choose_mode(page, mode: str) -> None:
    page.locator("[data-testid=stSidebar]").get_by_text(mode, exact=True).click()
    wait_for_run(page)


def upload(page, path) -> None:
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(path))
    wait_for_run(page)


def metric_value(page, label_start: str) -> str:
    tile = page.locator("[data-testid=stMetric]").filter(has_text=label_start)
    return tile.locator("[data-testid=stMetricValue]").inner_text()


def test_pick_walmart_and_see_its_net_margin(page, server):
    open_app(page, server.url)
    pick_sample(page, "Wal-Mart", "Wal-Mart Stores (WMT)")
    expect(
        page.get_by_role("combobox", name="Bundled sample (type to search by name or ticker)")
    ).to_have_value("Wal-Mart Stores (WMT)")
    assert metric_value(page, "Margin · net margin") == "3.0%"
    assert page.locator("[data-testid=stException]").count() == 0


def test_upload_messy_csv_shows_its_numbers(page, server):
    open_app(page, server.url)
    choose_mode(page, "Upload a file")
    upload(page, CORPUS / "messy_wide.csv")
    expect(page.get_by_text("Messy Client Inc").first).to_be_visible()
    # Net income 210 / net sales 1,610 in fiscal 2023.
    assert metric_value(page, "Margin · net margin") == "13.0%"
    assert page.locator("[data-testid=stException]").count() == 0


def test_upload_broken_csv_shows_a_readable_error(page, server):
    open_app(page, server.url)
    choose_mode(page, "Upload a file")
    upload(page, CORPUS / "broken_nonnumeric.csv")
    alert = page.locator("[data-testid=stAlertContainer]").filter(has_text="12x")
    expect(alert).to_be_visible()
    text = alert.inner_text()
    assert "broken_nonnumeric.csv" in text and "row" in text
    assert page.locator("[data-testid=stException]").count() == 0
    # The previous client stays.
    assert metric_value(page, "Margin · net margin") != ""
