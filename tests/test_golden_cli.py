"""CLI outputs stay byte-identical across refactors (issue #11): metrics, diagnose, brief, quiz."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("golden_cli", ROOT / "tools" / "golden_cli.py")
golden_cli = importlib.util.module_from_spec(_spec)
sys.modules["golden_cli"] = golden_cli
_spec.loader.exec_module(golden_cli)


@pytest.mark.parametrize("name", sorted(golden_cli.CASES))
def test_cli_output_is_unchanged(name: str) -> None:
    if any(a.startswith("real:") for a in golden_cli.CASES[name]) and not golden_cli.REAL.exists():
        pytest.skip(f"real statement files not present ({golden_cli.REAL})")
    expected = (golden_cli.GOLDEN / f"{name}.txt").read_bytes().decode("utf-8")
    assert golden_cli.run(golden_cli.CASES[name]) == expected, (
        f"`acumen {' '.join(golden_cli.CASES[name])}` changed; if intended, "
        "run `python tools/golden_cli.py` and say why in the commit"
    )
