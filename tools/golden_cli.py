"""The CLI outputs kept byte-identical across refactors (issue #11).

``python tools/golden_cli.py`` rewrites ``tests/golden/*.txt``; ``tests/test_golden_cli.py``
compares. Regenerate only when a change of output is intended, and say so in the commit.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "data" / "real_files"
GOLDEN = ROOT / "tests" / "golden"

#: name -> argv; real files are named relative to ``REAL`` with a leading ``real:``.
CASES: dict[str, list[str]] = {
    "metrics_hhp_table": ["metrics", "sample:HHP"],
    "metrics_hhp_csv": ["metrics", "sample:HHP", "--format", "csv"],
    "metrics_wmt_json": ["metrics", "sample:WMT", "--format", "json"],
    "metrics_nvda_files": [
        "metrics",
        "real:01_nvda_yf_income_statement.csv",
        "real:01_nvda_yf_balance_sheet.csv",
        "real:01_nvda_yf_cash_flow.csv",
    ],
    "metrics_aeis_xlsx": ["metrics", "real:08_aeis_sec_Financial_Report.xlsx"],
    "diagnose_hhp_table": ["diagnose", "sample:HHP"],
    "diagnose_wmt_json": ["diagnose", "sample:WMT", "--format", "json"],
    "diagnose_reliance": [
        "diagnose",
        "real:04_reliance_pnl_statement.csv",
        "real:04_reliance_balance_sheet.csv",
        "real:04_reliance_cash_flow_statement.csv",
    ],
    "brief_hhp": ["brief", "sample:HHP", "--csv", "{out}/goals.csv", "--html", "{out}/brief.html"],
    "brief_wmt": ["brief", "sample:WMT", "--csv", "{out}/goals.csv", "--html", "{out}/brief.html"],
    "quiz_all_seed0": ["quiz", "sample:all", "--n", "12", "--seed", "0", "--csv", "{out}/quiz.csv"],
    "quiz_hhp_seed7": ["quiz", "sample:HHP", "--n", "12", "--seed", "7"],
    "peers_hhp": ["peers", "sample:HHP"],
}


def resolve(argv: list[str], out_dir: Path) -> list[str]:
    """Replace ``real:NAME`` with the real file's path and ``{out}`` with ``out_dir``."""
    argv = [str(REAL / a[5:]) if a.startswith("real:") else a for a in argv]
    return [a.replace("{out}", str(out_dir)) for a in argv]


def run(argv: list[str]) -> str:
    """The CLI's exit code, stdout, stderr and every file it wrote, as one text."""
    from acumen.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = Path(tmp)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(resolve(argv, out_dir))
        files = "".join(
            f"--- file {path.name}\n{path.read_bytes().decode('utf-8-sig')}"
            for path in sorted(out_dir.iterdir())
        )
        text = f"exit {code}\n--- stdout\n{out.getvalue()}--- stderr\n{err.getvalue()}{files}"
        return text.replace(str(REAL), "<real_files>").replace(str(out_dir), "<out>")


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, argv in CASES.items():
        (GOLDEN / f"{name}.txt").write_bytes(run(argv).encode("utf-8"))
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
