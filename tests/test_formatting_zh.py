"""Issue #15: Chinese conventions (amounts in 万 / 亿, dates, fiscal years), the source's
terms as one table, and the CJK font for PDFs and charts."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from babel.dates import format_date
from hypothesis import given, settings
from hypothesis import strategies as st

from acumen import i18n
from acumen.formatting import MINUS
from acumen.formatting_zh import (
    NA_ZH,
    SYMBOLS_ZH,
    date_zh,
    fiscal_label_dated_zh,
    fiscal_label_zh,
    money_zh,
)
from acumen.i18n import _, glossary_terms, term, use_language

#: The source's own terms (issue #15), English -> the Chinese the source uses.
SOURCE_TERMS = {
    "Business acumen": "商业才智",
    "Margin": "利润率",
    "Cash flow": "现金流量",
    "Return on investment": "投资回报率",
    "Velocity": "速率",
    "Growth": "增长率",
    "Decision maker": "决策者",
    "Information sharer": "信息共享者",
    "Influencer": "施加影响者",
    "Blocker": "树立障碍者",
}

# --- Chinese conventions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "currency", "text"),
    [
        (123_456_789, "CNY", "¥1.23亿"),
        (45_600_000, "USD", "$4,560万"),
        (391_035_000_000, "USD", "$3,910.35亿"),
        (120_000_000, "CNY", "¥1.2亿"),
        (100_000_000, "CNY", "¥1亿"),
        (99_999_999, "CNY", "¥1亿"),  # 9,999.9999万 rounds up: the next unit
        (99_994_999, "CNY", "¥9,999.5万"),
        (10_000, "CNY", "¥1万"),
        (9_999, "CNY", "¥9,999"),
        (9_999.6, "CNY", "¥1万"),
        (12_345, "EUR", "€1.23万"),
        (-123_456_789, "CNY", f"{MINUS}¥1.23亿"),
        (-0.4, "CNY", "¥0"),  # rounds to zero: no sign
        (0, "GBP", "£0"),
        (5e7, "JPY", "JP¥5,000万"),
        (1.2e8, "CHF", "1.2亿 CHF"),
        (1.5e21, "USD", "$1.50e13亿"),
        (float("nan"), "CNY", NA_ZH),
        (None, "CNY", NA_ZH),
        (float("inf"), "CNY", NA_ZH),
        ("abc", "CNY", NA_ZH),
    ],
)
def test_money_zh(value, currency, text):
    assert money_zh(value, currency) == text


_UNITS = {"亿": 1e8, "万": 1e4}


def parse_money_zh(text: str) -> tuple[float, float]:
    """(the amount a reader takes from ``text``, its unit)."""
    sign = -1.0 if text.startswith(MINUS) else 1.0
    body = text.removeprefix(MINUS)
    for symbol in sorted(SYMBOLS_ZH.values(), key=len, reverse=True):
        if body.startswith(symbol):
            body = body[len(symbol) :]
            break
    unit = _UNITS.get(body[-1:], 1.0)
    body = body.rstrip("万亿")
    return sign * float(body.replace(",", "")) * unit, unit


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-1e18, max_value=1e18, allow_nan=False))
def test_money_zh_round_trips_within_its_rounding(value):
    text = money_zh(value, "CNY")
    amount, unit = parse_money_zh(text)
    step = 1.0 if unit == 1.0 else unit / 100  # whole units, or two decimals of 万 / 亿
    assert math.isclose(amount, value, rel_tol=1e-12, abs_tol=step / 2 * (1 + 1e-9))
    shown = abs(amount) / unit
    if unit == 1.0:
        assert shown < 1e4
    elif unit == 1e4:
        assert 1 <= shown < 1e4
    else:
        assert shown >= 1
    if abs(value) >= 1e8:
        assert text.endswith("亿")
    if abs(value) < 9_999.5:
        assert "万" not in text and "亿" not in text
    assert money_zh(-value, "CNY").removeprefix(MINUS) == text.removeprefix(MINUS)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2024-12-31", "2024年12月31日"),
        (dt.date(2024, 1, 5), "2024年1月5日"),
        (dt.datetime(2016, 1, 31, 23, 59), "2016年1月31日"),
        (None, ""),
        ("not a date", ""),
        (float("nan"), ""),
    ],
)
def test_date_zh(value, text):
    assert date_zh(value) == text


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_date_zh_is_babels_chinese_long_date(day):
    assert date_zh(day) == format_date(day, "long", locale="zh_CN")


def test_fiscal_years_in_chinese():
    assert fiscal_label_zh(2024) == "2024财年"
    assert fiscal_label_zh(2015, "2016-01-31") == "2016财年"  # named as the company names it
    assert fiscal_label_dated_zh(2015, "2016-01-31") == "2016财年（截至2016年1月31日）"
    assert fiscal_label_dated_zh(2024) == "2024财年"


def test_the_source_terms_are_one_table_and_in_the_catalog():
    terms = glossary_terms()
    assert {row["en"]: row["zh"] for row in terms.values()} == SOURCE_TERMS
    assert term("margin", "zh") == "利润率" and term("blocker", "en") == "Blocker"
    with use_language("zh"):
        assert term("decision_maker") == "决策者"
        assert {en: _(en) for en in SOURCE_TERMS} == SOURCE_TERMS


# --- fonts ---------------------------------------------------------------------------------


def test_cjk_font_path_names_a_font_file(tmp_path, monkeypatch):
    font = tmp_path / "my-cjk.ttf"
    font.write_bytes(b"\0")
    monkeypatch.setenv(i18n.CJK_FONT_ENV, str(font))
    i18n.cjk_font_path.cache_clear()
    try:
        assert i18n.cjk_font_path() == font
    finally:
        i18n.cjk_font_path.cache_clear()


def test_the_machine_has_a_cjk_font(monkeypatch):
    """.ci/run installs fonts-droid-fallback: PDFs and charts can draw Chinese."""
    monkeypatch.delenv(i18n.CJK_FONT_ENV, raising=False)
    i18n.cjk_font_path.cache_clear()
    path = i18n.cjk_font_path()
    if path is None and not Path(i18n.CJK_FONT_CANDIDATES[0]).parent.exists():
        pytest.skip("no CJK font on this machine (apt-get install fonts-droid-fallback)")
    assert path is not None and path.is_file() and path.stat().st_size > 1_000_000


# --- acumen.formatting speaks Chinese when Chinese is chosen -----------------------------

from acumen import formatting as fmt  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.none()),
    st.sampled_from(["CNY", "USD", "EUR", "JPY", "CHF"]),
)
def test_format_money_in_chinese_is_money_zh_and_english_is_unchanged(value, currency):
    english = fmt.format_money(value, currency)
    with use_language("zh"):
        assert fmt.format_money(value, currency) == money_zh(value, currency)
        assert fmt.format_value(value, "money", currency) == money_zh(value, currency)
    with use_language("en"):
        assert fmt.format_money(value, currency) == english
    assert "亿" not in english and "万" not in english and "不适用" not in english


@pytest.mark.parametrize(
    ("call", "english", "chinese"),
    [
        (lambda: fmt.format_money(123_456_789, "CNY"), "CN¥123M", "¥1.23亿"),
        (lambda: fmt.format_money(45_600_000, "USD"), "$45.6M", "$4,560万"),
        (lambda: fmt.format_value(45.2, "days"), "45 days", "45 天"),
        (lambda: fmt.format_value(7.25, "months"), "7.2 months", "7.2 个月"),
        (lambda: fmt.format_value(0.03, "pct"), "3.0%", "3.0%"),
        (lambda: fmt.format_value(2.391, "x"), "2.39×", "2.39×"),
        (lambda: fmt.format_value(float("nan"), "pct"), "n/a", "不适用"),
        (lambda: fmt.format_change(0.012, "pct"), "+1.2 pts", "+1.2 个百分点"),
        (lambda: fmt.format_change(-5, "days"), f"{MINUS}5 days", f"{MINUS}5 天"),
        (lambda: fmt.format_change(-1.2e9, "money"), f"{MINUS}$1.2B", f"{MINUS}$12亿"),
        (lambda: fmt.say_change(0.0003, "pct", decimals=2), "+0.03 pts", "+0.03 个百分点"),
        (lambda: fmt.say(59.06, "days", decimals=1), "59.1 days", "59.1 天"),
        (
            lambda: fmt.say(None, "pct", reason="no prior year"),
            "n/a (no prior year)",
            "不适用（no prior year）",
        ),
        (lambda: fmt.format_na("no prior year"), "n/a — no prior year", "不适用 — no prior year"),
        (lambda: fmt.points(0.004), "0.40 points", "0.40 个百分点"),
        (lambda: fmt.fiscal_label(2015, "2016-01-31"), "FY2016", "2016财年"),
        (lambda: fmt.fiscal_label(2024), "FY2024", "2024财年"),
        (
            lambda: fmt.fiscal_label_dated(2015, "2016-01-31"),
            "FY2016 (ended 2016-01-31)",
            "2016财年（截至2016年1月31日）",
        ),
        (
            lambda: fmt.ttm_label("2024-03-31"),
            "the 12 months to 2024-03-31",
            "截至2024年3月31日的12个月",
        ),
        (lambda: fmt.period_end_text("2024-03-31"), "2024-03-31", "2024-03-31"),
        (lambda: fmt.possessive("Walmart"), "Walmart's", "Walmart的"),
    ],
)
def test_formatting_follows_the_language(call, english, chinese):
    assert call() == english  # the default: English, byte-identical
    with use_language("zh"):
        assert call() == chinese
    with use_language("en"):
        assert call() == english


def test_fiscal_labels_of_a_sample_in_chinese():
    from acumen.data.samples import load_sample

    statements = load_sample("WMT")
    english = fmt.fiscal_labels(statements, "WMT")
    with use_language("zh"):
        chinese = fmt.fiscal_labels(statements, "WMT")
    assert set(english) == set(chinese)
    assert all(
        e == "FY" + c.removesuffix("财年")
        for e, c in zip(english.values(), chinese.values(), strict=True)
    )


@settings(max_examples=200, deadline=None)
@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.sampled_from(["pct", "x", "days", "months", "number", "count"]),
)
def test_chinese_values_carry_no_english_words(value, unit):
    with use_language("zh"):
        text = fmt.format_value(value, unit) + fmt.format_change(value, unit)
    assert not any(word in text for word in ("days", "months", "pts", "n/a"))
