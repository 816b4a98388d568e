"""AppTest: priorities render; a goal edit survives a page switch and reaches the CSV."""

from __future__ import annotations

import pytest
import streamlit as st

from acumen.brief import GOAL_COLUMNS
from acumen.export import read_safe_csv
from tests.apptest_support import DownloadCapture, open_page

PRIORITIES = "pages/1_Priorities_and_trade_offs.py"
BRIEF = "pages/8_Meeting_brief.py"


@pytest.fixture(autouse=True)
def clear_streamlit_cache():
    st.cache_data.clear()


def test_priorities_page_shows_ranked_findings_for_harbor():
    at = open_page(PRIORITIES)
    assert not at.exception
    headings = [
        m.value for m in at.markdown if m.value.startswith("#### ") and m.value[5].isdigit()
    ]
    assert headings[0] == "#### 1. Cash squeeze"
    assert any(s.value == "What's healthy" for s in at.subheader)


def test_goal_edit_survives_page_switch_and_is_in_the_csv(monkeypatch):
    downloads = DownloadCapture(monkeypatch)
    at = open_page(BRIEF)
    assert not at.exception
    key = at.data_editor[0].key
    at.session_state[key] = {
        "edited_rows": {0: {"notes": "=1+1 ask the CFO"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.switch_page(PRIORITIES)
    at.run()
    at.switch_page(BRIEF)
    at.run()
    assert not at.exception
    button = next(b for b in at.download_button if b.key == "download_goals")
    rows = read_safe_csv(downloads.of(button))
    assert rows[0] == list(GOAL_COLUMNS)
    notes = [row[GOAL_COLUMNS.index("notes")] for row in rows[1:]]
    assert notes[0] == "'=1+1 ask the CFO"
    assert at.data_editor[0].value["notes"].iloc[0] == "=1+1 ask the CFO"


def test_added_and_deleted_rows_are_kept(monkeypatch):
    downloads = DownloadCapture(monkeypatch)
    at = open_page(BRIEF)
    key = at.data_editor[0].key
    count = len(at.data_editor[0].value)
    at.session_state[key] = {
        "edited_rows": {},
        "added_rows": [{"goal": "Win the gift programme", "driver": "cash"}],
        "deleted_rows": [0],
    }
    at.run()
    button = next(b for b in at.download_button if b.key == "download_goals")
    rows = read_safe_csv(downloads.of(button))
    assert len(rows) - 1 == count
    assert rows[-1][GOAL_COLUMNS.index("goal")] == "Win the gift programme"


def test_brief_html_escapes_user_text(monkeypatch):
    downloads = DownloadCapture(monkeypatch)
    at = open_page(BRIEF)
    key = at.data_editor[0].key
    at.session_state[key] = {
        "edited_rows": {0: {"notes": "<script>alert(1)</script>"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    html = downloads.of(next(b for b in at.download_button if b.key == "download_brief")).decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
