"""The acumen command line: metrics, diagnose, brief; bad input exits 2 with no traceback."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from acumen.brief import GOAL_COLUMNS
from acumen.catalog import METRIC_NAMES
from acumen.cli import main
from acumen.diagnosis import Finding
from acumen.export import read_safe_csv
from tests.apptest_support import ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "acumen", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_metrics_csv_has_one_row_per_company_year(tmp_path):
    out = tmp_path / "m.csv"
    assert (
        main(["metrics", "sample:WMT", "sample:SIE", "--format", "csv", "--output", str(out)]) == 0
    )
    rows = read_safe_csv(out.read_bytes())
    assert rows[0] == ["company", "fiscal_year", *METRIC_NAMES]
    companies = {r[0] for r in rows[1:]}
    assert companies == {"WMT", "SIE.DE"}
    wmt_2015 = next(r for r in rows if r[0] == "WMT" and r[1] == "2015")
    assert float(wmt_2015[2 + METRIC_NAMES.index("net_margin")]) == pytest.approx(
        14.694e9 / 482.13e9, rel=1e-3
    )


def test_metrics_of_a_file_takes_the_company_name(tmp_path, capsys):
    assert (
        main(["metrics", str(ROOT / "tests" / "corpus" / "messy_wide.csv"), "--format", "table"])
        == 0
    )
    assert "Messy Client Inc" in capsys.readouterr().out


def test_bad_input_exits_2_without_traceback():
    result = run("metrics", str(ROOT / "tests" / "corpus" / "broken_nonnumeric.csv"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "broken_nonnumeric.csv" in result.stderr and "12x" in result.stderr
    missing = run("metrics", "no_such_file.csv")
    assert missing.returncode == 2 and "file not found" in missing.stderr


def test_diagnose_json_lists_findings_most_severe_first(capsys):
    assert main(["diagnose", "sample:HHP", "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)
    assert findings[0]["rule_id"] == "cash_squeeze" and findings[0]["driver"] == "cash"
    assert [f["severity"] for f in findings] == sorted(
        (f["severity"] for f in findings), reverse=True
    )
    keys = {field.name for field in dataclasses.fields(Finding)}
    assert all(set(f) == keys for f in findings)


def test_brief_writes_the_goal_summary(tmp_path):
    out = tmp_path / "brief.csv"
    assert main(["brief", "sample:HHP", "--csv", str(out)]) == 0
    rows = read_safe_csv(out.read_bytes())
    assert rows[0] == list(GOAL_COLUMNS)
    assert rows[1][GOAL_COLUMNS.index("driver")] == "cash"
