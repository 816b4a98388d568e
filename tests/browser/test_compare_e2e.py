"""End to end in Chromium: the peer scatter highlights the client; a what-if slider moves the
value statement, which then lands in the meeting brief's goal summary CSV."""

from __future__ import annotations

from playwright.sync_api import expect

from acumen.data.samples import case_ids
from acumen.reports.brief import GOAL_COLUMNS
from acumen.reports.export import read_safe_csv
from tests.browser.harness import ROOT, open_app, wait_for_run

CLIENT_NAME = "Harbor Home Products" if "HHP" in case_ids() else "Wal-Mart Stores"


def go_to(page, label: str) -> None:
    page.locator("[data-testid=stSidebarNavLink]").filter(has_text=label).click()
    wait_for_run(page)


def value_statement(page) -> str:
    text = page.locator("[data-testid=stAlertContainer]").filter(has_text="ROA").first.inner_text()
    return text.strip().split("\n")[-1].strip()  # drop the icon line


def test_peer_scatter_highlights_the_client(page, server):
    open_app(page, server.url, "Competitors_and_peers")
    charts = page.locator("[data-testid=stPlotlyChart]")
    expect(charts.first).to_be_visible()
    scatter = charts.first
    # Plotly draws the client's label as SVG text; its legend names the "client" trace.
    expect(scatter.locator("text", has_text=CLIENT_NAME).first).to_be_attached()
    expect(scatter.locator("text.legendtext", has_text="client")).to_have_count(1)
    expect(page.get_by_text(f"Highlighted in red: {CLIENT_NAME} (the client)")).to_be_visible()
    expect(page.get_by_text("Biggest threat:").first).to_be_visible()
    assert page.locator("[data-testid=stException]").count() == 0


def test_slider_moves_the_value_statement_and_it_reaches_the_brief_csv(page, server, tmp_path):
    open_app(page, server.url)
    go_to(page, "What if")
    before = value_statement(page)
    assert before.startswith("Move a lever")

    price = page.get_by_role("slider", name="Price")  # an <input type=range> (implicit role)
    price.focus()
    for _ in range(4):  # +2.0 % price in 0.5 % steps
        page.keyboard.press("ArrowRight")
    wait_for_run(page)
    expect(
        page.locator("[data-testid=stAlertContainer]").filter(has_text="lifts ROA by")
    ).to_be_visible()
    after = value_statement(page)
    assert after != before and after.startswith("Your offer")

    page.get_by_role("button", name="Add to meeting brief").click()
    wait_for_run(page)
    expect(
        page.locator("[data-testid=stAlertContainer]").filter(has_text="Added to the meeting brief")
    ).to_be_visible()
    assert page.locator("[data-testid=stException]").count() == 0

    assert (ROOT / "pages" / "8_Meeting_brief.py").exists(), "the Meeting brief page is missing"
    go_to(page, "Meeting brief")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download goal summary (CSV)").click()
    path = tmp_path / "goals.csv"
    download_info.value.save_as(path)
    rows = read_safe_csv(path.read_bytes())
    goals = [row[GOAL_COLUMNS.index("goal")] for row in rows[1:]]
    assert after in goals
