"""The CLI on real statement files: files read together, every note on stderr, inspect."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from acumen.cli.main import main

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real_files"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="shared real files not present")
NVDA = [
    str(REAL / f"01_nvda_yf_{s}.csv") for s in ("income_statement", "balance_sheet", "cash_flow")
]


def _cell(path: Path, label: str, column: str) -> float:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    col = rows[0].index(column)
    return float(next(r for r in rows if r[0] == label)[col])


def test_three_files_are_one_client_and_notes_reach_stderr(capsys, tmp_path) -> None:
    out = tmp_path / "m.csv"
    assert main(["metrics", *NVDA, "--format", "csv", "--output", str(out)]) == 0
    err = capsys.readouterr().err
    assert "states no unit" in err and "assumed USD" in err and "'Payables'" in err
    with out.open(encoding="utf-8-sig") as handle:
        rows = [r for r in csv.DictReader(handle) if r["fiscal_year"] == "2024"]
    assert {r["company"] for r in rows} == {"nvda"}
    income = REAL / "01_nvda_yf_income_statement.csv"
    # net margin FY2024 (period 2025-01-31): 'Net Income' / 'Total Revenue'
    expected = _cell(income, "Net Income", "2025-01-31 00:00:00") / _cell(
        income, "Total Revenue", "2025-01-31 00:00:00"
    )
    assert float(rows[0]["net_margin"]) == pytest.approx(expected, rel=5e-3)


def test_a_unit_flag_that_contradicts_the_file_wins_and_says_both(capsys) -> None:
    sec = str(REAL / "08_aeis_sec_Financial_Report.xlsx")
    assert main(["metrics", sec, "--unit", "millions"]) == 0
    err = capsys.readouterr().err
    assert "read as millions, as chosen; the file says thousands" in err


def test_inspect_lists_each_source_row_and_its_item(capsys) -> None:
    files = [str(REAL / f"04_reliance_{s}.csv") for s in ("pnl_statement", "balance_sheet")]
    assert main(["inspect", *files, str(REAL / "04_reliance_cash_flow_statement.csv")]) == 0
    captured = capsys.readouterr()
    assert "reliance: currency INR" in captured.out
    line = next(x for x in captured.out.splitlines() if "Revenue from Operations" in x)
    assert "revenue" in line and "used" in line and "crores" in line
    cash_flow_inventories = [
        x for x in captured.out.splitlines() if "cash_flow" in x and " Inventories " in x
    ]
    assert cash_flow_inventories == []  # a working-capital change is never a balance
    assert "read as crores" in captured.err


def test_multi_company_file_needs_company_and_lists_them(capsys) -> None:
    tej = str(REAL / "05_tej_income_statement.csv")
    assert main(["metrics", tej]) == 2
    err = capsys.readouterr().err
    assert "2330 TSMC" in err and "2317 Hon Hai" in err and "--company" in err
    assert main(["metrics", tej, "--company", "TSMC"]) == 0
    assert "2330 TSMC" in capsys.readouterr().out


def test_diagnose_never_calls_incomplete_data_healthy(capsys) -> None:
    morningstar = str(REAL / "12_aapl_morningstar_key_ratios.csv")
    assert main(["diagnose", morningstar]) == 0
    out = capsys.readouterr().out
    assert "Incomplete" in out and "total assets" in out and "Healthy" not in out


def test_brief_leads_with_the_missing_figures(tmp_path, capsys) -> None:
    morningstar = str(REAL / "12_aapl_morningstar_key_ratios.csv")
    target = tmp_path / "brief.csv"
    assert main(["brief", morningstar, "--csv", str(target)]) == 0
    text = target.read_text(encoding="utf-8-sig")
    assert "Complete the figures" in text and "Sustain what works" not in text
