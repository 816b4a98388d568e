"""The acumen command line: metrics, diagnose, brief; bad input exits 2 with no traceback."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from acumen.analysis.catalog import METRIC_NAMES
from acumen.analysis.findings import Finding
from acumen.cli.main import main
from acumen.reports.brief import GOAL_COLUMNS
from acumen.reports.export import read_safe_csv
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
    assert rows[0] == ["company", "fiscal_year", "fiscal_label", "period_end", *METRIC_NAMES]
    companies = {r[0] for r in rows[1:]}
    assert companies == {"WMT", "SIE.DE"}
    wmt_2015 = next(r for r in rows if r[0] == "WMT" and r[1] == "2015")
    assert float(wmt_2015[4 + METRIC_NAMES.index("net_margin")]) == pytest.approx(
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


# --------------------------------------------------------------------------- junk numbers (#16)

JUNK = ("NaN", "nan", "inf", "-0.0", "e-3", "e+")


def _hostile_file(tmp_path) -> str:
    """Zero total assets and equity, a denormal inventory, a zero cost line (-0.0 on the way)."""
    rows = [
        ["Line item", "2021", "2022"],
        ["Revenue", "100", "110"],
        ["Cost of revenue", "60", "66"],
        ["Operating income", "-0", "0"],
        ["Net income", "5", "6"],
        ["Inventory", "1e-320", "1e-320"],
        ["Total assets", "0", "0"],
        ["Total liabilities", "0", "0"],
        ["Total equity", "0", "0"],
    ]
    path = tmp_path / "zero_assets.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return str(path)


def _assert_quiet_stderr(stderr: str, *paths: str) -> None:
    assert "RuntimeWarning" not in stderr and "Warning:" not in stderr, stderr
    assert ".py:" not in stderr and str(ROOT) not in stderr, stderr
    for path in paths:
        assert path not in stderr, stderr


@pytest.mark.parametrize("source", ["sample:HHP", "hostile"])
def test_metrics_table_shows_values_as_the_app_does(source: str, tmp_path) -> None:
    """No bare NaN, -0.0 or denormal: formatted values, and n/a with its reason."""
    path = _hostile_file(tmp_path) if source == "hostile" else source
    result = run("metrics", path, "--format", "table")
    assert result.returncode == 0, result.stderr
    table = result.stdout
    assert not [junk for junk in JUNK if junk in table], table
    assert "n/a — " in table
    if source == "sample:HHP":
        assert "n/a — no prior year" in table and "38.0%" in table and "$297M" in table
    else:
        assert "n/a — total assets is zero" in table and "0 days" in table
    _assert_quiet_stderr(result.stderr, str(tmp_path))


def test_metrics_csv_has_no_negative_zero_or_denormal(tmp_path) -> None:
    out = tmp_path / "m.csv"
    assert main(["metrics", _hostile_file(tmp_path), "--format", "csv", "--output", str(out)]) == 0
    rows = read_safe_csv(out.read_bytes())
    cells = [c for row in rows[1:] for c in row[2:]]
    assert not [c for c in cells if c.startswith("-0") and float(c) == 0], cells
    assert not [c for c in cells if "e-" in c], cells
    dio = rows[0].index("dio")
    assert {row[dio] for row in rows[1:]} == {"0"}


def test_diagnose_of_the_hostile_file_prints_no_junk(tmp_path) -> None:
    result = run("diagnose", _hostile_file(tmp_path))
    assert result.returncode == 0, result.stderr
    assert not [junk for junk in JUNK if junk in result.stdout], result.stdout
    _assert_quiet_stderr(result.stderr, str(tmp_path))


def test_a_thousand_digit_cell_gives_a_short_message(tmp_path) -> None:
    """A 1,000-digit revenue: whatever the outcome, no line of stderr echoes it whole."""
    path = tmp_path / "digits.csv"
    path.write_text(
        f"Line item,2021,2022\nRevenue,{'9' * 1000},100\nNet income,5,6\nTotal assets,300,320\n",
        encoding="utf-8",
    )
    result = run("metrics", str(path))
    assert "Traceback" not in result.stderr
    assert max(len(line) for line in result.stderr.splitlines()) < 600, result.stderr
    assert "9" * 100 not in result.stderr + result.stdout
    _assert_quiet_stderr(result.stderr, str(tmp_path))


def test_bounded_cuts_long_runs_and_keeps_the_rest() -> None:
    from acumen.cli.tables import MAX_WORD, bounded

    text = bounded(f"file.csv: '{'9' * 1015}' is not a number. Type a number such as 1234.5.")
    assert len(text) < 200 and text.endswith("Type a number such as 1234.5.")
    assert max(len(word) for word in text.split()) <= MAX_WORD


#: Imports the CLI, makes its loader emit what yfinance and numpy emit, and runs a command.
NOISY = r"""
import logging, sys, warnings
import numpy as np
import acumen.cli.main as cli
original = cli.load_period

def noisy_load(sources, period, **options):
    logging.getLogger("yfinance").warning(
        "Cookie/crumb fetch failed (DNSError), continuing without crumb")
    warnings.warn("invalid value encountered in subtract", RuntimeWarning)
    np.array([0.0]) / np.array([0.0])
    return original(sources, period, **options)

cli.load_period = noisy_load
sys.exit(cli.main(["metrics", "sample:HHP"]))
"""


def test_library_logging_and_runtime_warnings_stay_off_the_terminal(tmp_path) -> None:
    """yfinance's records and numpy's RuntimeWarnings go to $ACUMEN_LOG, never to stderr."""
    import os

    log = tmp_path / "acumen.log"
    for env in ({}, {"ACUMEN_LOG": str(log)}):
        result = subprocess.run(
            [sys.executable, "-c", NOISY],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
            env={**os.environ, **env},
        )
        assert result.returncode == 0, result.stderr
        assert "Cookie/crumb" not in result.stderr and "HHP" in result.stdout
        _assert_quiet_stderr(result.stderr)
    written = log.read_text(encoding="utf-8")
    assert "Cookie/crumb fetch failed" in written and "RuntimeWarning" in written
