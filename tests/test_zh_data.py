"""The data layer in Chinese (issue #15): an English statement loads in the Chinese UI with
the same figures and Chinese notes; a Chinese statement loads in the English UI; errors
raised under ``zh`` read in Chinese with their place filled in; English is unchanged."""

from __future__ import annotations

import re
import socket
import urllib.error
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from acumen.data import samples
from acumen.data.loaders import edgar, yahoo
from acumen.data.loaders.akshare_cn import stock_code
from acumen.data.loaders.file_bytes import MAX_UPLOAD_BYTES
from acumen.data.loaders.files import UNKNOWN_ROWS, read_files
from acumen.data.sources import load
from acumen.errors import AcumenError
from acumen.i18n import _, use_language

ROOT = Path(__file__).resolve().parents[1]
RECENT = ROOT / "sample_financials" / "recent"
REAL = ROOT.parent / "shared" / "data" / "real_files"
NVDA = [RECENT / f"01_nvda_yf_{s}.csv" for s in ("income_statement", "balance_sheet", "cash_flow")]
AEIS = REAL / "08_aeis_sec_Financial_Report.xlsx"
CN_163 = [RECENT / "09_163_lrb002352_gbk.csv", RECENT / "09_163_zcfzb002352_gbk.csv"]
HAN = re.compile(r"[\u4e00-\u9fff]")


def chinese(text: str) -> bool:
    return bool(HAN.search(text))


def load_in(lang: str, files: list[Path]):
    with use_language(lang):
        return read_files(files).statements


def assert_same_figures(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert a.index.equals(b.index) and list(a.table.columns) == list(b.table.columns)
    np.testing.assert_array_equal(a.table.to_numpy(dtype=float), b.table.to_numpy(dtype=float))


# --------------------------------------------------------------- mixed input, both ways


def test_english_yfinance_files_load_in_chinese_with_the_same_figures_and_chinese_notes():
    english, chinese_ui = load_in("en", NVDA), load_in("zh", NVDA)
    assert_same_figures(english, chinese_ui)
    notes = chinese_ui.warnings
    assert notes and all(chinese(n) for n in notes), notes
    assert not any("{" in n for n in notes)
    assert not any(chinese(n) for n in english.warnings)


@pytest.mark.skipif(not AEIS.exists(), reason="real AEIS workbook not present")
def test_english_sec_workbook_loads_in_chinese_with_the_same_figures_and_chinese_notes():
    english, chinese_ui = load_in("en", [AEIS]), load_in("zh", [AEIS])
    assert_same_figures(english, chinese_ui)
    notes = chinese_ui.warnings
    assert any("工作表" in n for n in notes), notes  # the sheets read
    assert all(chinese(n) for n in notes) and not any("{" in n for n in notes)


def test_chinese_163_statements_load_in_english_and_in_chinese_alike():
    english, chinese_ui = load_in("en", CN_163), load_in("zh", CN_163)
    assert_same_figures(english, chinese_ui)
    assert english.table["revenue"].notna().any()
    assert not any(chinese(n) and "元" not in n for n in english.warnings)


def test_bundled_samples_keep_their_notes_per_language():
    with use_language("en"):
        en = samples.load_sample("SIE")
    with use_language("zh"):
        zh = samples.load_sample("SIE")
    assert_same_figures(en, zh)
    assert en.warnings != zh.warnings or not en.warnings
    with use_language("zh"):
        recent = samples.load_sample("WALMEX")
    unknown = _(UNKNOWN_ROWS)
    assert not any(unknown in n for n in recent.warnings)


def test_line_item_labels_and_units_translate():
    from acumen.data.loaders.file_meta import unit_words
    from acumen.data.schema import LINE_ITEM_LABELS

    with use_language("zh"):
        assert _(LINE_ITEM_LABELS["revenue"]) == "营业收入"
        assert all(chinese(_(label)) for label in LINE_ITEM_LABELS.values())
        assert unit_words("millions") == "百万"
    assert unit_words("millions") == "millions"


# --------------------------------------------------------------- errors under zh


def _csv(text: str, name: str = "upload.csv") -> list:
    return [(text.encode("utf-8"), name)]


def _no_net(url: str) -> dict:
    raise urllib.error.URLError(socket.gaierror("no network"))


ERRORS = {
    "bad file type": lambda: read_files([(b"%PDF-1.4", "statements.pdf")]),
    "empty file": lambda: read_files(_csv("")),
    "missing year": lambda: read_files(_csv("Line item,2022,\nRevenue,10,12\n")),
    "bad number": lambda: read_files(_csv("Line item,2022,2023\nRevenue,abc,12\n")),
    "no line items": lambda: read_files(_csv("Line item,2022,2023\nFoo,1,2\n")),
    "unreadable sheet": lambda: read_files([(b"PK\x03\x04garbage", "book.xlsx")]),
    "upload too big": lambda: read_files([(b"x" * (MAX_UPLOAD_BYTES + 1), "big.csv")]),
    "unknown sample": lambda: samples.load_sample("NOPE"),
    "unknown source": lambda: load("ftp:thing"),
    "bad ticker": lambda: yahoo.clean_symbol("!!"),
    "bad A-share code": lambda: stock_code("12ab"),
    "no network (SEC)": lambda: edgar.fetch_edgar("AAPL", client=_no_net),
}


@pytest.mark.parametrize("case", list(ERRORS), ids=list(ERRORS))
def test_errors_raised_under_chinese_read_in_chinese_with_their_place(case):
    with use_language("en"), pytest.raises(AcumenError) as english:
        ERRORS[case]()
    with use_language("zh"), pytest.raises(AcumenError) as raised:
        ERRORS[case]()
    message = str(raised.value)
    assert chinese(raised.value.problem), message
    assert "{" not in message and "}" not in message, message
    assert not chinese(str(english.value)) or case == "bad A-share code", str(english.value)
    if english.value.source:  # the place is named in both languages
        assert str(english.value.source) in message or chinese(str(raised.value.source))
    if raised.value.row is not None:
        assert str(raised.value.row) in message


def test_english_messages_are_unchanged():
    with use_language("en"), pytest.raises(AcumenError) as raised:
        read_files(_csv("Line item,2022,2023\nRevenue,abc,12\n"))
    assert str(raised.value).startswith("upload.csv, row 2, column '2022': 'abc' (cell B2)")
    with use_language("en"), pytest.raises(AcumenError) as raised:
        samples.load_sample("NOPE")
    assert str(raised.value).startswith("sample: no bundled sample called 'NOPE'. Use a ticker")


def test_fallback_note_and_fetch_faults_in_chinese():
    from acumen.data.loaders.cached_fetch import fallback_note

    with use_language("zh"):
        note = fallback_note(_("no network"), "2024-05-01T00:00:00+00:00")
        assert chinese(note) and "2024-05-01" in note and "{" not in note
        failure = yahoo._fetch_error("AAPL", TimeoutError("timed out"))
        assert chinese(failure.problem) and chinese(failure.fix)
        limited = edgar._fetch_error("AAPL", urllib.error.HTTPError("u", 429, "x", {}, None))
        assert "429" in str(limited) and chinese(str(limited))


def test_the_bundled_data_notes_read_in_the_active_language():
    """The NYSE data notes (sample_financials/nyse/data_notes.csv) carry both languages."""
    from acumen.data.samples import load_sample

    english = list(load_sample("PG").warnings)
    with use_language("zh"):
        chinese = list(load_sample("PG").warnings)
    assert any("Procter & Gamble" in w for w in english)
    assert any("宝洁" in w for w in chinese) and not any("Procter" in w for w in chinese)
