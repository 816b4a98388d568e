"""On-disk cache of fetched PUBLIC ticker data (never uploads or client figures).

One JSON file per key, ``{"key", "fetched_at", "payload"}``, written atomically: a temp
file in the same folder, then ``os.replace``. A file that cannot be read or parsed is
deleted and treated as a miss, so the next successful fetch rebuilds it.

The folder is for one user (the command line). On a shared server, what one user looked up
must not show up for another ("showing cached figures as of …" would tell them who is
researching whom), so the app gives each session its own :class:`SessionCache`, in memory:
a user's fallback copies come only from their own fetches.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

CACHE_DIR_ENV = "ACUMEN_CACHE_DIR"
TEMP_PREFIX = ".tmp-"


def default_cache_dir() -> Path:
    """``$ACUMEN_CACHE_DIR`` when set, else ``~/.cache/acumen``."""
    configured = os.environ.get(CACHE_DIR_ENV, "").strip()
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "acumen"


def utc_now_iso() -> str:
    """The current UTC time as an ISO 8601 string to the second, e.g. 2024-05-01T09:30:00+00:00."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class StatementCache:
    """A folder of JSON files, one per key such as ``yahoo:AAPL``."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_dir()

    def path_for(self, key: str) -> Path:
        """The file for ``key``: a readable, filesystem-safe name plus a short hash of the key."""
        readable = re.sub(r"[^A-Za-z0-9._-]+", "_", key).strip("._")[:60] or "key"
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
        return self.folder / f"{readable}-{digest}.json"

    def put(self, key: str, payload: dict) -> None:
        """Store ``payload`` with the current UTC time as ``fetched_at``, atomically."""
        record = {"key": key, "fetched_at": utc_now_iso(), "payload": payload}
        text = json.dumps(record, ensure_ascii=False, allow_nan=False)
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".json", dir=self.folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temp_name, self.path_for(key))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise

    def get(self, key: str) -> tuple[dict, str] | None:
        """``(payload, fetched_at)`` for ``key``, or None when absent, unreadable or corrupt."""
        path = self.path_for(key)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError):
            self._discard(path)
            return None
        record = _parse_record(text, key)
        if record is None:
            self._discard(path)
        return record

    @staticmethod
    def _discard(path: Path) -> None:
        with contextlib.suppress(OSError):
            path.unlink()


class SessionCache:
    """The :class:`StatementCache` interface (``get``/``put``) kept in memory by its owner,
    one app session: nothing is written to disk or shared with another session."""

    def __init__(self) -> None:
        self._records: dict[str, tuple[dict, str]] = {}

    def put(self, key: str, payload: dict) -> None:
        """Store a copy of ``payload`` with the current UTC time as ``fetched_at``."""
        self._records[key] = (copy.deepcopy(payload), utc_now_iso())

    def get(self, key: str) -> tuple[dict, str] | None:
        """``(payload, fetched_at)`` for ``key`` (a copy), or None when this owner never put it."""
        hit = self._records.get(key)
        return None if hit is None else (copy.deepcopy(hit[0]), hit[1])


def _parse_record(text: str, key: str) -> tuple[dict, str] | None:
    """The (payload, fetched_at) of a cache file's text, or None if it is not a valid record."""
    try:
        record = json.loads(text)
    except ValueError:
        return None
    if not isinstance(record, dict) or record.get("key") != key:
        return None
    payload, fetched_at = record.get("payload"), record.get("fetched_at")
    if not isinstance(payload, dict) or not isinstance(fetched_at, str):
        return None
    return payload, fetched_at
