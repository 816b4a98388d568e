"""AppTest: priorities render; a goal edit survives a page switch and reaches the CSV."""

from __future__ import annotations

import threading

import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager

from acumen.reports.brief import GOAL_COLUMNS
from acumen.reports.export import read_safe_csv
from tests.apptest_support import open_page


class DeferredDownloads:
    """Records each download button's click-time callable (by its deferred file id); ``of``
    clicks a button: it runs the callable the button carries, as the server would."""

    def __init__(self, monkeypatch) -> None:
        self.callables: dict[str, object] = {}
        original = MediaFileManager.add_deferred

        def recording(manager, data_callable, *args, **kwargs):
            file_id = original(manager, data_callable, *args, **kwargs)
            self.callables[file_id] = data_callable
            return file_id

        monkeypatch.setattr(MediaFileManager, "add_deferred", recording)

    def of(self, button) -> bytes:
        assert button.proto.deferred_file_id, "the download is built when clicked"
        data = self.callables[button.proto.deferred_file_id]()
        return data.encode() if isinstance(data, str) else bytes(data)


DownloadCapture = DeferredDownloads

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


def notes_in(csv: bytes) -> list[str]:
    return [row[GOAL_COLUMNS.index("notes")] for row in read_safe_csv(csv)[1:]]


def test_an_edit_in_progress_reaches_the_download(monkeypatch):
    """Issue #10: typing in a cell and clicking Download without Enter exported the old text.

    The button the user clicks was rendered before the edit was committed; the click blurs
    the cell, which commits the edit in a rerun. The file is built at click time and waits
    for that rerun, so it holds the new text."""
    downloads = DeferredDownloads(monkeypatch)
    at = open_page(BRIEF)
    assert not at.exception
    goals = next(b for b in at.download_button if b.key == "download_goals")
    brief = next(b for b in at.download_button if b.key == "download_brief")
    key = at.data_editor[0].key
    at.session_state[key] = {
        "edited_rows": {0: {"notes": "typed, no Enter"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    built: dict[str, bytes] = {}
    # The click arrives while the committing rerun is still running.
    click = threading.Thread(target=lambda: built.update(csv=downloads.of(goals)))
    click.start()
    at.run()
    click.join(timeout=30)
    assert not at.exception
    assert notes_in(built["csv"])[0] == "typed, no Enter"
    assert "typed, no Enter" in downloads.of(brief).decode()
