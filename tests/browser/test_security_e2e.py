"""In the real browser: hostile names render as text, and one session's upload stays its own."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.harness import open_app
from tests.browser.test_overview_e2e import choose_mode, upload

SCRIPT_NAME = "<script>window.__xss_script=1</script>Evil Script Co"
IMG_NAME = "<img src=x onerror=window.__xss_img=1>Evil Image Co"


def hostile_csv(tmp_path: Path, company: str, filename: str) -> Path:
    path = tmp_path / filename
    path.write_text(
        f"Company: {company}\nLine item,2022,2023\nRevenue,100,120\n<b onmouseover=alert(1)>Net income</b>,5,6\nNet income,5,6\n"
        "Total assets,80,90\n",
        encoding="utf-8",
    )
    return path


def test_hostile_company_names_render_as_text(page, server, tmp_path):
    open_app(page, server.url)
    choose_mode(page, "Upload a file")
    for company, name in ((SCRIPT_NAME, "script.csv"), (IMG_NAME, "img.csv")):
        upload(page, hostile_csv(tmp_path, company, name))
        sidebar = page.locator("[data-testid=stSidebar]")
        expect(sidebar.get_by_text(company, exact=False).first).to_be_visible()
    assert page.evaluate("window.__xss_script === undefined && window.__xss_img === undefined")
    assert page.locator("[data-testid=stMain] img[src=x]").count() == 0
    assert page.locator("[data-testid=stException]").count() == 0


def test_upload_stays_in_its_session_and_never_reaches_disk_or_log(browser, server, tmp_path):
    marker = "Zebracorn Confidential 7781"
    first = browser.new_context(viewport={"width": 1400, "height": 1000})
    second = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page_a = first.new_page()
        open_app(page_a, server.url)
        choose_mode(page_a, "Upload a file")
        upload(page_a, hostile_csv(tmp_path, marker, "marker.csv"))
        expect(page_a.locator("[data-testid=stSidebar]").get_by_text(marker).first).to_be_visible()

        page_b = second.new_page()
        open_app(page_b, server.url)
        assert marker not in page_b.content()
        box = page_b.get_by_role(
            "combobox", name="Bundled sample (type to search by name or ticker)"
        )
        box.click()
        box.fill("Zebracorn")
        assert page_b.get_by_role("option", name=marker).count() == 0
        assert marker not in page_b.content()
    finally:
        first.close()
        second.close()

    # The server's own temp dir (TMPDIR), the disk cache, the log folder and the home cache.
    places = [
        server.temp_dir,
        server.cache_dir,
        server.log_path.parent,
        Path.home() / ".cache" / "acumen",
    ]
    for place in places:
        if place.exists():
            for path in place.rglob("*"):
                if path.is_file() and path.stat().st_size < 20_000_000:
                    assert marker.encode() not in path.read_bytes(), f"marker found in {path}"
    assert marker not in server.log_path.read_text(errors="replace")
