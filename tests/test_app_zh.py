"""Issue #15: every page renders in Chinese (``?lang=zh``) with no exception and Chinese in its
visible text; the language chosen once holds on every page; English stays English."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from acumen import i18n
from tests.apptest_support import PAGES, ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def no_language_in_the_environment(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)


def open_zh(page: str | None = None) -> AppTest:
    """The app opened with ``?lang=zh``, then (same session) switched to ``page``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "zh"
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def visible_text(at: AppTest) -> str:
    """Titles, headers, Markdown, captions, messages and widget labels of the run."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for kind in ("info", "success", "warning", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for kind in ("button", "radio", "selectbox", "multiselect", "text_input", "slider", "tabs"):
        parts += [str(getattr(e, "label", "")) for e in getattr(at, kind)]
    return "\n".join(parts)


@pytest.mark.parametrize("page", [None, *PAGES])
def test_every_page_renders_in_chinese(page):
    at = open_zh(page)
    assert not at.exception, f"{page}: {at.exception}"
    main = visible_text(at)
    assert CJK.search(main), f"{page}: no Chinese in {main[:300]!r}"
    assert not re.search(r"\{\w+\}", "\n".join(t.value for t in at.title)), page


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (None, "客户概览"),
        ("pages/1_Priorities_and_trade_offs.py", "优先事项与权衡取舍"),
        ("pages/3_Competitors_and_peers.py", "竞争对手与同行"),
        ("pages/4_Customers_customer.py", "客户的客户"),
        ("pages/5_What_if_value_calculator.py", "假设分析 / 价值计算器"),
        ("pages/6_Learn.py", "学习五大驱动因素"),
        ("pages/7_Workshop.py", "研讨会 · 主持人模式"),
        ("pages/8_Meeting_brief.py", "会议简报与导出"),
        ("pages/9_Glossary.py", "术语表"),
    ],
)
def test_page_titles_in_chinese(page, expected):
    at = open_zh(page)
    assert [t.value for t in at.title][0] == expected
    assert "财年" in "\n".join(m.value for m in at.markdown) or page in (
        "pages/7_Workshop.py",
        "pages/9_Glossary.py",
    )


def test_the_language_chosen_in_the_sidebar_holds_on_every_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert at.title[0].value == "Client overview"
    at.sidebar.radio(key="_w_language").set_value("zh").run()
    assert at.title[0].value == "客户概览"
    assert at.query_params["lang"] == ["zh"] or at.query_params["lang"] == "zh"
    for page in ("pages/8_Meeting_brief.py", "pages/9_Glossary.py", "app.py"):
        at.switch_page(page).run()
        assert not at.exception, page
        assert CJK.search(at.title[0].value), page
        assert at.sidebar.radio(key="_w_language").value == "zh"
    at.sidebar.radio(key="_w_mode").set_value("Upload a file").run()  # options shown in Chinese
    assert not at.exception
    assert at.sidebar.radio(key="_w_mode").options[1] == "上传文件"
    assert "数据的单位" in [s.label for s in at.sidebar.selectbox]


def test_placeholders_are_filled_in_chinese():
    at = open_zh("pages/1_Priorities_and_trade_offs.py")
    captions = "\n".join(c.value for c in at.caption)
    assert "严重程度" in captions and "{" not in captions
    at = open_zh("pages/9_Glossary.py")
    assert re.search(r"共 \d+ 个术语，显示 \d+ 个", "\n".join(c.value for c in at.caption))


def test_english_is_unchanged_without_lang():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Client overview"
    assert at.markdown and "· fiscal " in "\n".join(m.value for m in at.markdown)
    assert [s.value for s in at.subheader][:1] == ["Trends by driver"]
    assert at.sidebar.radio(key="_w_mode").options == list(
        ("Bundled sample", "Upload a file", "Yahoo Finance ticker", "Type the figures")
    )
    assert not CJK.search(visible_text(at).replace("中文", ""))
