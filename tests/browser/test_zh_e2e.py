"""End to end in Chinese (#15): switch to 中文 in the sidebar, load a sample, open the meeting
brief and download the goal summary: Chinese headers, UTF-8 with a BOM (Excel opens it)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from acumen.reports.brief import GOAL_COLUMNS
from acumen.reports.export import read_safe_csv
from tests.browser.harness import open_app, wait_for_run

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_chinese_switch_sample_brief_and_csv(page, server, tmp_path):
    open_app(page, server.url)
    page.locator("[data-testid=stSidebar]").get_by_text("中文", exact=True).click()
    wait_for_run(page)
    expect(page.get_by_role("heading", name="客户概览")).to_be_visible()
    assert "lang=zh" in page.url

    box = page.get_by_role("combobox", name="内置样本（输入名称或股票代码搜索）")
    box.click()
    box.fill("Wal-Mart")
    page.get_by_role("option", name="Wal-Mart Stores (WMT)").click()
    wait_for_run(page)
    expect(page.locator("[data-testid=stSidebar] strong").last).to_have_text("Wal-Mart Stores")

    page.locator("[data-testid=stSidebarNavLink]").filter(has_text="Meeting brief").click()
    wait_for_run(page)
    expect(page.get_by_role("heading", name="会议简报与导出")).to_be_visible()
    assert page.title().startswith("Acumen · 会议简报")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载目标摘要（CSV）").click()
    path = tmp_path / "goals.csv"
    download_info.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = read_safe_csv(data)
    headers = rows[0]
    assert len(headers) == len(GOAL_COLUMNS)
    assert all(CJK.search(header) for header in headers), headers
    assert rows[1][headers.index(next(h for h in headers if "公司" in h))] == "Wal-Mart Stores"
