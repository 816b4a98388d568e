"""StatementCache: atomic JSON files of public ticker data; corrupt files are misses."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from acumen.data.cache import TEMP_PREFIX, StatementCache, default_cache_dir


def test_put_then_get_round_trip(tmp_path: Path) -> None:
    cache = StatementCache(tmp_path / "nested" / "cache")
    payload = {"income": {"2023-09-30": {"Total Revenue": 1.5}}, "info": {"currency": "EUR"}}
    cache.put("yahoo:SIE.DE", payload)
    hit = cache.get("yahoo:SIE.DE")
    assert hit is not None
    stored, fetched_at = hit
    assert stored == payload
    when = datetime.fromisoformat(fetched_at)
    assert when.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - when) < timedelta(minutes=1)


def test_missing_key_is_none(tmp_path: Path) -> None:
    assert StatementCache(tmp_path).get("yahoo:AAPL") is None
    assert StatementCache(tmp_path / "does-not-exist").get("yahoo:AAPL") is None


def test_put_overwrites(tmp_path: Path) -> None:
    cache = StatementCache(tmp_path)
    cache.put("yahoo:AAPL", {"v": 1})
    cache.put("yahoo:AAPL", {"v": 2})
    assert cache.get("yahoo:AAPL")[0] == {"v": 2}
    assert len(list(tmp_path.iterdir())) == 1


def test_atomic_writes_leave_no_temp_files(tmp_path: Path) -> None:
    cache = StatementCache(tmp_path)
    for n in range(5):
        cache.put(f"yahoo:T{n}", {"n": n})
        cache.put(f"yahoo:T{n}", {"n": n + 1})
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 5
    assert not [n for n in names if n.startswith(TEMP_PREFIX) or not n.endswith(".json")]


def test_failed_replace_keeps_old_copy_and_removes_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = StatementCache(tmp_path)
    cache.put("yahoo:AAPL", {"v": "old"})

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        cache.put("yahoo:AAPL", {"v": "new"})
    monkeypatch.undo()
    assert cache.get("yahoo:AAPL")[0] == {"v": "old"}
    assert [p.name for p in tmp_path.iterdir()] == [cache.path_for("yahoo:AAPL").name]


def test_unserialisable_payload_writes_nothing(tmp_path: Path) -> None:
    cache = StatementCache(tmp_path)
    with pytest.raises(TypeError):
        cache.put("yahoo:AAPL", {"bad": object()})
    with pytest.raises(ValueError):
        cache.put("yahoo:AAPL", {"bad": float("nan")})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "content",
    [
        b'{"key": "yahoo:AAPL", "payload": {"inc',  # truncated
        b"",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'{"key": "yahoo:MSFT", "fetched_at": "2024-01-01T00:00:00+00:00", "payload": {}}',
        b'{"key": "yahoo:AAPL", "fetched_at": 5, "payload": {}}',
        b'{"key": "yahoo:AAPL", "fetched_at": "2024-01-01T00:00:00+00:00", "payload": [1]}',
    ],
    ids=["truncated", "empty", "binary", "list", "other-key", "bad-time", "bad-payload"],
)
def test_corrupt_file_is_deleted_and_rebuilt(tmp_path: Path, content: bytes) -> None:
    cache = StatementCache(tmp_path)
    path = cache.path_for("yahoo:AAPL")
    path.write_bytes(content)
    assert cache.get("yahoo:AAPL") is None
    assert not path.exists()
    cache.put("yahoo:AAPL", {"v": 1})
    assert cache.get("yahoo:AAPL")[0] == {"v": 1}
    assert json.loads(path.read_text(encoding="utf-8"))["key"] == "yahoo:AAPL"


def test_file_names_are_safe_and_distinct(tmp_path: Path) -> None:
    cache = StatementCache(tmp_path)
    keys = [
        "yahoo:AAPL",
        "yahoo_AAPL",
        "yahoo:../../etc/passwd",
        "yahoo:^GSPC",
        "yahoo:EURUSD=X",
        "yahoo:" + "X" * 300,
    ]
    paths = [cache.path_for(k) for k in keys]
    assert len(set(paths)) == len(keys)
    for path in paths:
        assert path.parent == tmp_path
        assert path.suffix == ".json"
        assert not path.name.startswith(".")
        assert len(path.name) < 100
    cache.put("yahoo:../../etc/passwd", {"v": 1})
    assert cache.get("yahoo:../../etc/passwd")[0] == {"v": 1}
    assert [p.parent for p in tmp_path.rglob("*.json")] == [tmp_path]


def test_default_folder_from_env_or_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACUMEN_CACHE_DIR", str(tmp_path / "env-cache"))
    assert StatementCache().folder == tmp_path / "env-cache"
    assert default_cache_dir() == tmp_path / "env-cache"
    monkeypatch.delenv("ACUMEN_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert StatementCache().folder == tmp_path / "home" / ".cache" / "acumen"
