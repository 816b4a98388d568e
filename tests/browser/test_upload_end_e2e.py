"""In Chromium, an upload always ends visibly (#16 items 6 and 12): a page change right after
the file is sent still loads it, and a file over the limit is refused in the browser with a
message that names the limit (never "AxiosError … 413")."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.harness import open_app, wait_for_run
from tests.browser.test_overview_e2e import choose_mode

DROPZONE = "[data-testid=stFileUploaderDropzoneInput]"


def client_csv(tmp_path, company: str, filename: str):
    path = tmp_path / filename
    path.write_text(
        f"Company: {company}\nLine item,2022,2023\nRevenue,100,130\nNet income,5,9\n"
        "Total assets,80,90\n",
        encoding="utf-8",
    )
    return path


def test_upload_then_an_immediate_page_change_still_loads_the_client(page, server, tmp_path):
    open_app(page, server.url)
    choose_mode(page, "Upload a file")
    path = client_csv(tmp_path, "Quickstep Traders", "quickstep.csv")
    with page.expect_request(lambda r: "/_stcore/upload_file/" in r.url and r.method == "PUT"):
        page.locator(DROPZONE).set_input_files(str(path))
    # The user moves on as soon as the file is on its way: no run of this page sees it.
    page.locator("[data-testid=stSidebarNavLink]").filter(has_text="Learn").click()
    wait_for_run(page)
    sidebar = page.locator("[data-testid=stSidebar]")
    expect(sidebar.get_by_text("Loaded Quickstep Traders from quickstep.csv.")).to_be_visible(
        timeout=20_000
    )
    expect(sidebar.locator("strong").filter(has_text="Quickstep Traders")).to_be_visible()
    assert "Learn" in page.url
    expect(
        page.locator("[data-testid=stMain]").get_by_text("Quickstep Traders").first
    ).to_be_visible()
    assert page.locator("[data-testid=stException]").count() == 0


def test_a_file_over_the_limit_is_refused_with_the_limit_named(page, server, tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"Company: Big Co\nLine item,2023\n" + b"1" * (11 * 1024 * 1024))
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/_stcore/upload_file/" in r.url else None)
    open_app(page, server.url)
    choose_mode(page, "Upload a file")
    uploader = page.locator("[data-testid=stFileUploader]")
    expect(uploader).to_contain_text("max 10 MB each")  # the label states the limit
    page.locator(DROPZONE).set_input_files(str(big))
    wait_for_run(page)
    expect(uploader).to_contain_text("10.0MB or smaller")
    text = page.locator("[data-testid=stSidebar]").inner_text()
    assert "AxiosError" not in text and "413" not in text
    assert sent == []  # refused in the browser: the server's 413 is never reached
    assert page.locator("[data-testid=stException]").count() == 0


def test_a_server_with_a_lower_limit_is_never_reached_by_a_larger_file(browser, tmp_path):
    """With ``server.maxUploadSize`` 5 the browser used to send a 7 MB file and show the
    server's bare 413 as "AxiosError: Request failed with status code 413"."""
    from tests.browser.harness import StreamlitServer

    seven = tmp_path / "seven.csv"
    seven.write_bytes(b"Company: Seven Co\nLine item,2023\nRevenue,1\n" + b" " * 7_000_000)
    server = StreamlitServer(
        env={"STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "5"}, log_path=tmp_path / "server.log"
    )
    context = browser.new_context()
    try:
        server.wait_healthy()
        page = context.new_page()
        open_app(page, server.url)
        choose_mode(page, "Upload a file")
        uploader = page.locator("[data-testid=stFileUploader]")
        expect(uploader).to_contain_text("max 5 MB each")
        page.locator(DROPZONE).set_input_files(str(seven))
        wait_for_run(page)
        expect(uploader).to_contain_text("5.0MB or smaller")
        assert "AxiosError" not in page.locator("[data-testid=stSidebar]").inner_text()
    finally:
        context.close()
        server.stop()
