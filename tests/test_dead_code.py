"""No dead code in ``acumen/``: vulture (60% confidence) finds nothing outside the whitelist
``tools/vulture_whitelist.py``, where each kept name says why."""

from __future__ import annotations

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
