"""Helpers for Streamlit AppTest: open a page inside the app frame, capture downloads."""

from __future__ import annotations

from pathlib import Path

from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


def open_page(page: str | None = None, **state) -> AppTest:
    """Run app.py (the frame), then switch to ``page``; ``state`` seeds session_state."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


class DownloadCapture:
    """Records every file handed to Streamlit's in-memory media storage, by URL file id."""

    def __init__(self, monkeypatch) -> None:
        self.files: dict[str, bytes] = {}
        original = MemoryMediaFileStorage.load_and_get_id

        def recording(storage, path_or_data, mimetype, kind, filename=None):
            file_id = original(storage, path_or_data, mimetype, kind, filename)
            data = path_or_data.encode() if isinstance(path_or_data, str) else bytes(path_or_data)
            self.files[file_id] = data
            return file_id

        monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)

    def of(self, download_button) -> bytes:
        url = download_button.proto.url
        file_id = url.rsplit("/", 1)[-1].split(".", 1)[0]
        return self.files[file_id]
