"""CLI for batch use: ``acumen peers``, ``acumen chain`` and ``metrics --format json``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIELDS = {"ticker", "name", "fiscal_year", "fiscal_label", "period_end"}


def run(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "acumen", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=180)


@pytest.mark.parametrize("client", ["sample:WMT", "sample:TGT", "sample:HHP"])
def test_peers_json_same_year_and_sound_data(client: str) -> None:
    result = run("peers", client, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert FIELDS | {"role"} <= set(report["client"])
    assert report["peers"], "no comparable peer"
    for peer in report["peers"]:
        assert FIELDS | {"data_notes"} <= set(peer)
        assert peer["fiscal_year"] == report["client"]["fiscal_year"]
        assert peer["data_notes"] == []
    assert {"ticker", "reasons"} <= set(report["threat"])
    for reason in report["threat"]["reasons"]:
        numbers = re.findall(r"−?\d[\d.,]*[%×]?", reason)
        assert len(numbers) < 2 or numbers[-1] != numbers[-2], reason  # never "1.81× against 1.81×"


def test_a_retailer_is_never_asked_about_shelf_space() -> None:
    text = run("peers", "sample:WMT").stdout + run("diagnose", "sample:WMT").stdout
    assert "shelf" not in text.lower() and "retailers" not in text.lower()


def test_chain_json_links() -> None:
    result = run("chain", "sample:DD", "sample:KMB", "sample:WMT", "--format", "json")
    assert result.returncode == 0, result.stderr
    links = json.loads(result.stdout)["links"]
    assert [link["ticker"] for link in links] == ["DD", "KMB", "WMT"]
    for link in links:
        assert FIELDS | {"role", "data_notes"} <= set(link)
    assert run("chain", "sample:WMT").returncode == 0  # the bundled chain that holds it


def test_metrics_json_values_and_reasons() -> None:
    result = run("metrics", "sample:HHP", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    first = records[0]
    assert {"company", "fiscal_year", "fiscal_label", "period_end", "metrics", "reasons"} <= set(
        first
    )
    missing = [m for m, v in first["metrics"].items() if v is None]
    assert missing and set(missing) == set(first["reasons"])
    assert "NaN" not in result.stdout and "Infinity" not in result.stdout
