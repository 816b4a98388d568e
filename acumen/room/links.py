"""The link participants open (``…/Live_room?room=CODE``) and its QR code (segno, pure Python)."""

from __future__ import annotations

import io
from urllib.parse import urlencode, urlsplit, urlunsplit

#: The URL path of ``pages/11_Live_room.py`` (Streamlit drops the number prefix).
PAGE_PATH = "Live_room"


def room_link(page_url: str | None, code: str) -> str:
    """The join link for room ``code``, on the host and base path of ``page_url`` (the URL the
    facilitator's browser shows); a path-only link when the URL is unknown."""
    parts = urlsplit(page_url or "")
    path = parts.path.rstrip("/")
    if not path.endswith(f"/{PAGE_PATH}") and path != PAGE_PATH:
        path = f"{path}/{PAGE_PATH}"
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode({"room": code}), ""))


def qr_png(text: str, scale: int = 8) -> bytes:
    """A PNG of the QR code of ``text`` (error correction M, a quiet zone of 2 modules)."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
