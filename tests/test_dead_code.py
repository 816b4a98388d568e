"""No dead code in ``acumen/``: vulture (60% confidence) finds nothing outside the whitelist
``tools/vulture_whitelist.py``, where each kept name says why."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_no_unused_code_in_acumen() -> None:
    pytest.importorskip("vulture")
    paths = ["acumen", "app.py", "pages", "tools/vulture_whitelist.py"]
    found = subprocess.run(
        [sys.executable, "-m", "vulture", *paths, "--min-confidence", "60"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    unused = [line for line in found.stdout.splitlines() if line.startswith("acumen/")]
    assert not unused, (
        "unused code (remove it, or justify it in tools/vulture_whitelist.py):\n"
        + "\n".join(unused)
    )


def whitelist_entries() -> list[tuple[str, str]]:
    """(name, reason) of each entry of the whitelist: ``name  # module: why``."""
    lines = (ROOT / "tools" / "vulture_whitelist.py").read_text(encoding="utf-8").splitlines()
    entries = []
    for line in lines:
        code, _hash, reason = line.partition("#")
        name = code.strip().removeprefix("_.")
        if name and not line.startswith(("#", '"')) and name.isidentifier():
            entries.append((name, reason.strip()))
    return entries


def test_every_whitelisted_name_exists_and_says_why() -> None:
    """A kept name names its module and a reason, and is still defined there (a name moved or
    deleted leaves the whitelist too)."""
    entries = whitelist_entries()
    assert entries
    for name, reason in entries:
        module, _colon, why = reason.partition(":")
        assert module.endswith(".py") and why.strip(), (name, reason)
        source = (ROOT / "acumen" / module).read_text(encoding="utf-8")
        assert re.search(rf"\b{re.escape(name)}\b", source), f"{name} is not in acumen/{module}"
