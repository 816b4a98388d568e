"""Issue #15: the exports in Chinese — the brief HTML (lang, headings, 亿/万 amounts), the
goal summary and metrics CSV (Chinese headers, UTF-8 BOM), the PDF (Chinese drawn with an
embedded CJK font), figures (translated titles, CJK font family), and a Chinese company name
surviving every export. English stays as it was."""

from __future__ import annotations

import io

import pandas as pd
import pypdf
import pytest

from acumen.analysis.client import client_view
from acumen.analysis.diagnosis import diagnose
from acumen.cli.main import peer_universe
from acumen.cli.plan import write_meeting_brief
from acumen.data.samples import load_sample
from acumen.i18n import use_language
from acumen.reports import pdf as pdf_module
from acumen.reports.brief import GOAL_COLUMNS, brief_html, goal_summary_csv, goal_summary_from
from acumen.reports.export import BOM, read_safe_csv
from acumen.reports.figures import FONT_FAMILY, rmv_tree_figure, trend_figure
from acumen.reports.figures_compare import chain_margin_figure
from acumen.reports.handout import handout_html
from acumen.reports.metrics_table import metrics_csv

CHINESE_NAME = "顺丰控股"


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture(scope="module")
def universe():
    return peer_universe()


@pytest.fixture(scope="module")
def chinese_client() -> pd.DataFrame:
    """HHP's figures under a Chinese name, in renminbi, with no ticker."""
    statements = load_sample("HHP").copy()
    companies = statements.companies.copy()
    companies.loc["HHP", "name"] = CHINESE_NAME
    companies.loc["HHP", "currency"] = "CNY"
    companies.loc["HHP", "ticker"] = ""
    statements = statements.replace(companies=companies)
    return statements


def _brief(statements: pd.DataFrame, universe, lang: str) -> tuple[str, bytes]:
    with use_language(lang):
        view = client_view(statements, "HHP")
        diagnosis = diagnose(statements, "HHP", universe=universe)
        goals = goal_summary_from(view, diagnosis)
        return brief_html(view, diagnosis, goals), goal_summary_csv(goals)


def test_the_brief_html_in_chinese(universe):
    html, _ = _brief(load_sample("HHP"), universe, "zh")
    assert "<html lang='zh-CN'>" in html
    for heading in ("会议简报", "关键数据", "优先事项与目标", "要问的问题", "沟通要点"):
        assert heading in html
    assert "2023财年" in html and "亿" in html  # fiscal years and amounts the Chinese way
    assert "n/a" not in html and "FY2023" not in html
    assert "{" not in html.split("<body>")[1]  # every placeholder filled


def test_the_brief_html_in_english_is_unchanged(universe):
    html, _ = _brief(load_sample("HHP"), universe, "en")
    assert "<html lang='en'>" in html and "<h2>Key numbers</h2>" in html
    assert "FY2023" in html and "亿" not in html and not _has_chinese(html)


def test_the_goal_summary_csv_has_chinese_headers_and_a_bom(universe):
    _, data = _brief(load_sample("HHP"), universe, "zh")
    assert data.startswith(BOM.encode("utf-8"))  # Excel reads it as UTF-8
    rows = read_safe_csv(data)
    assert rows[0][:2] == ["公司", "股票代码"] and "目标" in rows[0] and "驱动因素" in rows[0]
    assert len(rows[0]) == len(GOAL_COLUMNS)
    assert rows[1][rows[0].index("驱动因素")] == "现金流量"  # the driver named, not keyed


def test_the_goal_summary_csv_in_english_keeps_the_keys(universe):
    _, data = _brief(load_sample("HHP"), universe, "en")
    rows = read_safe_csv(data)
    assert rows[0] == list(GOAL_COLUMNS) and rows[1][GOAL_COLUMNS.index("driver")] == "cash"


def test_the_metrics_csv_headers_follow_the_language():
    statements = load_sample("HHP")
    english = read_safe_csv(metrics_csv(statements))
    with use_language("zh"):
        chinese = read_safe_csv(metrics_csv(statements))
    assert english[0][:4] == ["company", "fiscal_year", "fiscal_label", "period_end"]
    assert chinese[0][:4] == ["公司", "会计年度", "财年", "期末日期"]
    assert "净利润率" in chinese[0]
    assert english[1][2] == "FY2019" and chinese[1][2] == "2019财年"
    assert english[1][4:] == chinese[1][4:]  # the figures themselves unchanged


def test_a_chinese_company_name_survives_csv_html_and_pdf(chinese_client, universe, tmp_path):
    for lang in ("en", "zh"):
        html, data = _brief(chinese_client, universe, lang)
        assert CHINESE_NAME in html
        assert read_safe_csv(data)[1][0] == CHINESE_NAME
        with use_language(lang):
            assert read_safe_csv(metrics_csv(chinese_client))[1][0] == CHINESE_NAME
    if pdf_module.cjk_font() is None:
        pytest.skip("no CJK font installed (fonts-droid-fallback)")
    pdf, page = tmp_path / "brief.pdf", tmp_path / "brief.html"
    with use_language("zh"):
        write_meeting_brief(
            chinese_client, universe, plan_file=None, pdf=str(pdf), html=str(page), external=False
        )
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert CHINESE_NAME in text and "财年" in text and "亿" in text
    assert CHINESE_NAME in page.read_text(encoding="utf-8")
    assert "lang='zh-CN'" in page.read_text(encoding="utf-8")


def test_the_pdf_embeds_the_cjk_font_so_no_boxes(chinese_client, universe, tmp_path):
    if pdf_module.cjk_font() is None:
        pytest.skip("no CJK font installed (fonts-droid-fallback)")
    pdf = tmp_path / "brief.pdf"
    with use_language("zh"):
        write_meeting_brief(
            chinese_client, universe, plan_file=None, pdf=str(pdf), html=None, external=True
        )
    data = pdf.read_bytes()
    assert b"DroidSansFallback" in data or b"cjk" in data.lower()  # the CJK font is embedded
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "\ufffd" not in text and "□" not in text


def test_figures_in_chinese_have_translated_titles_and_a_cjk_font():
    values = pd.Series([0.05, 0.06], index=[2022, 2023])
    with use_language("zh"):
        trend = trend_figure({CHINESE_NAME: values}, "net_margin")
        tree = rmv_tree_figure(0.05, 1.2, 0.06, 2.0, 0.12)
        chain = chain_margin_figure(
            pd.DataFrame({"name": [CHINESE_NAME], "gross_margin": [0.3], "operating_margin": [0.1]})
        )
    assert trend.layout.title.text == "净利润率"
    assert trend.data[0].name == CHINESE_NAME and "财年" in trend.data[0].hovertemplate
    assert any("权益乘数" in t for t in tree.data[-1].text)
    assert [t.name for t in chain.data] == ["毛利率", "营业利润率"]
    assert chain.layout.title.text == "利润在哪个环节产生"
    for figure in (trend, tree, chain):
        assert "Droid Sans Fallback" in figure.layout.font.family
    assert "Droid Sans Fallback" in FONT_FAMILY and "Noto Sans CJK SC" in FONT_FAMILY


def test_english_figures_are_unchanged():
    values = pd.Series([0.05, 0.06], index=[2022, 2023])
    trend = trend_figure({"Acme": values}, "net_margin")
    assert trend.layout.title.text == "Net margin"
    assert trend.data[0].hovertemplate == "%{fullData.name}<br>FY%{x}: %{text}<extra></extra>"


def test_the_handout_in_chinese():
    statements = load_sample("HHP")
    with use_language("zh"):
        html = handout_html(statements, [])
    assert "lang='zh-CN'" in html and "商业才智工作坊" in html and "营业收入" in html
    assert "亿" in html or "万" in html
    english = handout_html(statements, [])
    assert "Business acumen workshop" in english and "Revenue" in english and "FY" in english
