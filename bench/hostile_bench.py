"""Benchmark: peak memory and time of the worst .xlsx files (issue #16 item 1).

Run from the repository root::

    .venv/bin/python bench/hostile_bench.py [--gib 1.0] [--skip-generated]

Cases, each loaded by ``acumen.data.loaders.files.load_file`` in a fresh child interpreter:

- ``styles-bomb`` — ``xl/styles.xml`` = start tag + ``--gib`` GiB of spaces (deflate 9) +
  ``</styleSheet>``, the issue's repro; then the same with 256 MiB in ``workbook.xml``,
  ``[Content_Types].xml``, ``xl/_rels/workbook.xml.rels``, ``docProps/core.xml`` and a
  worksheet (built with ``tests/test_xlsx_bounds.write_workbook``);
- ``styles-99k-elements`` — the worst styles part that is still accepted: 99,000 ``<xf/>``
  (just under the 100,000-element limit);
- ``strings-124k`` — 124,000 shared strings (just under the 500,000-"<" limit), and
  ``strings-11mb``, 11 MiB of them (refused);
- every ``.xlsx``/``.xlsm`` of the committed corpus (``tests/corpus``).

For each: the child's RSS after the imports (``base``), its peak RSS during the load
(``VmHWM``; ``ru_maxrss`` would include the parent's RSS), the load's wall time, and the
outcome (rows loaded, or the start of the error). The worst case by peak RSS is printed
last. Asserts nothing; the child blocks sockets.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from acumen.data.loaders.file_bytes import MIB  # noqa: E402
from tests.test_xlsx_bounds import BOMB_PARTS, write_workbook  # noqa: E402

CHILD = r"""
import json, resource, socket, sys, time
def peak_mb():
    # VmHWM: this process's own high-water mark. ru_maxrss is not: Linux carries the
    # parent's RSS over when subprocess spawns the child (vfork + exec).
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
def refuse(*args, **kwargs):
    raise OSError("network is disabled in bench/hostile_bench.py")
socket.socket.connect = socket.create_connection = socket.getaddrinfo = refuse
from acumen.errors import AcumenError
from acumen.data.loaders.files import load_file
base = peak_mb()
start = time.perf_counter()
try:
    outcome = f"loaded {len(load_file(sys.argv[1]))} rows"
except AcumenError as error:
    outcome = "AcumenError: " + error.problem
seconds = time.perf_counter() - start
peak = peak_mb()
print(json.dumps({"base": base, "peak": peak, "seconds": seconds, "outcome": outcome}))
"""


def measure(path: Path) -> dict:
    """The child's figures for one file."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    if result.returncode != 0:
        return {"base": 0, "peak": 0, "seconds": 0, "outcome": result.stderr[-200:]}
    return json.loads(result.stdout.splitlines()[-1])


def generated(folder: Path, gib: float) -> list[tuple[str, Path]]:
    """The bombs and the at-the-limit workbooks, written to ``folder``."""
    cases: list[tuple[str, Path, dict]] = [
        (
            "styles-bomb",
            folder / "styles_bomb.xlsx",
            {"part": "xl/styles.xml", "filler": int(gib * 1024 * MIB)},
        ),
    ]
    for part in BOMB_PARTS[1:]:
        label = Path(part).name.replace("[", "").replace("]", "").replace(".", "-")
        cases.append(
            (f"{label}-bomb", folder / f"{label}.xlsx", {"part": part, "filler": 256 * MIB})
        )
    cases.append(
        (
            "styles-99k-elements",
            folder / "styles_99k.xlsx",
            {"part": "xl/styles.xml", "filler": 99_000 * 5, "unit": b"<xf/>"},
        )
    )
    cases.append(
        (
            "strings-124k",
            folder / "strings_124k.xlsx",
            {
                "part": "xl/sharedStrings.xml",
                "filler": 124_000 * 17,
                "unit": b"<si><t>a</t></si>",
                "strings": True,
            },
        )
    )
    cases.append(
        (
            "strings-11mb",
            folder / "strings_11mb.xlsx",
            {
                "part": "xl/sharedStrings.xml",
                "filler": 11 * MIB,
                "unit": b"<si><t>a</t></si>",
                "strings": True,
            },
        )
    )
    out = []
    for label, path, kwargs in cases:
        start = time.perf_counter()
        write_workbook(path, **kwargs)
        print(
            f"  built {label}: {path.stat().st_size / 1024:,.0f} KB on disk "
            f"in {time.perf_counter() - start:.1f} s",
            flush=True,
        )
        out.append((label, path))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gib", type=float, default=1.0, help="GiB of spaces in styles.xml")
    parser.add_argument("--skip-generated", action="store_true", help="only the corpus")
    args = parser.parse_args()
    rows: list[tuple[str, dict]] = []
    with tempfile.TemporaryDirectory(prefix="hostile_bench_") as tmp:
        cases = [] if args.skip_generated else generated(Path(tmp), args.gib)
        corpus = sorted((ROOT / "tests" / "corpus").glob("*.xls[xm]"))
        cases += [(f"corpus/{p.name}", p) for p in corpus]
        print(f"{'case':<40} {'base MB':>8} {'peak MB':>8} {'+MB':>6} {'time s':>7}  outcome")
        for label, path in cases:
            figures = measure(path)
            rows.append((label, figures))
            print(
                f"{label:<40} {figures['base']:>8.0f} {figures['peak']:>8.0f} "
                f"{figures['peak'] - figures['base']:>6.0f} {figures['seconds']:>7.2f}  "
                f"{figures['outcome'][:70]}",
                flush=True,
            )
    label, worst = max(rows, key=lambda row: row[1]["peak"])
    print(
        f"worst xlsx by peak RSS: {label}: {worst['peak']:.0f} MB "
        f"(+{worst['peak'] - worst['base']:.0f} MB over the imports), {worst['seconds']:.2f} s"
    )


if __name__ == "__main__":
    main()
