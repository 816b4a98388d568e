"""Benchmark: loading real statement files through ``acumen.data.loaders.files.load_files``.

Run from the repository root::

    .venv/bin/python bench/load_bench.py [--repeat N] [--goal SECONDS] [--no-profile]

Cases (files in ``/work/shared/data/real_files``, or ``--data DIR``):

- ``aeis-sec-xlsx`` — the 100-sheet SEC workbook ``08_aeis_sec_Financial_Report.xlsx``;
- ``nvda-3-csv`` — the three Yahoo Finance NVDA files (income, balance, cash flow) together;
- ``tej-bulk-1000`` / ``tej-bulk-4000`` — a TEJ bulk export generated in memory from the
  layout of ``05_tej_income_statement.csv``: its header kept byte for byte, then one row per
  company made from the file's two real rows (alternately), each with its own ``CO_ID``
  (``9000 Co0``, ``9001 Co1``, …) and its figures scaled by 0.90–1.10 in the file's own number
  format (``2161735841.00 `` with the trailing space, ``(123.00)`` negatives, ``-`` kept).
  Loaded with ``company="9000 Co0"``; the other companies become its peers.

Each case is loaded once untimed (warm-up: imports, caches; this call also gives the peer
count), then timed ``--repeat`` times with ``time.perf_counter``; median and min are printed
with the shape loaded (companies, years, columns). The figures exclude Python's start-up and
the imports (timed separately and printed first). A case whose median exceeds ``--goal``
(1.5 s, the issue's aim) is profiled once with cProfile and its top 15 functions by
cumulative time are printed. Asserts nothing; sockets are blocked for the whole run.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import gc
import importlib
import io
import os
import platform
import pstats
import re
import socket
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REAL_FILES = Path("/work/shared/data/real_files")
AEIS_XLSX = "08_aeis_sec_Financial_Report.xlsx"
NVDA_CSVS = (
    "01_nvda_yf_income_statement.csv",
    "01_nvda_yf_balance_sheet.csv",
    "01_nvda_yf_cash_flow.csv",
)
TEJ_CSV = "05_tej_income_statement.csv"
BULK_SIZES = (1000, 4000)
CLIENT = "9000 Co0"
GOAL_SECONDS = 1.5
PROFILE_TOP = 15

# ---------------------------------------------------------------------------------------
# network guard

NETWORK_ATTEMPTS: list[str] = []


def block_network() -> None:
    """Make every outgoing connection (and DNS lookup) fail, and record the attempt."""

    def refuse(*args, **_kwargs):
        target = args[1:] if args and isinstance(args[0], socket.socket) else args
        NETWORK_ATTEMPTS.append(repr(target)[:120])
        raise OSError("network is disabled in bench/load_bench.py")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse


# ---------------------------------------------------------------------------------------
# the generated TEJ bulk file

#: A TEJ figure: ``1234.00 `` (trailing space) or ``(1234.00)`` for a negative.
POSITIVE = re.compile(r"^(\d+)\.(\d+) $")
NEGATIVE = re.compile(r"^\((\d+)\.(\d+)\)$")


def scale_figure(cell: str, factor: float) -> str:
    """``cell`` times ``factor`` in the cell's own format; anything else (``-``) unchanged."""
    for pattern, template in ((POSITIVE, "{} "), (NEGATIVE, "({})")):
        match = pattern.match(cell)
        if match:
            decimals = len(match.group(2))
            value = float(f"{match.group(1)}.{match.group(2)}") * factor
            return template.format(f"{value:.{decimals}f}")
    return cell


def factor_of(i: int) -> float:
    """A slight, deterministic scale for company ``i``: 0.90 … 1.10 (1.0 for the first two)."""
    return 1.0 if i < 2 else 0.9 + ((i * 37) % 201) / 1000


def bulk_tej(template: bytes, companies: int) -> bytes:
    """A TEJ export of ``companies`` rows in the layout of ``template`` (see the docstring).

    The header line is kept as bytes (it is not UTF-8: one label holds a Big5 full-width
    space); the data rows are ASCII. Rows end with CRLF, as in the file.
    """
    header, _, body = template.partition(b"\r\n")
    columns = next(csv.reader([header.decode("latin-1")]))
    first_item = columns.index("Currency") + 1  # CO_ID … Currency, then the line items
    real_rows = [row for row in csv.reader(io.StringIO(body.decode("ascii"), newline="")) if row]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for i in range(companies):
        base = real_rows[i % len(real_rows)]
        factor = factor_of(i)
        row = [f"{9000 + i} Co{i}", *base[1:first_item]]
        row += [scale_figure(cell, factor) for cell in base[first_item:]]
        writer.writerow(row)
    return header + b"\r\n" + out.getvalue().encode("ascii")


def round_trip_identical(template: bytes) -> bool:
    """Whether the generator, with factor 1 and the real ids, rewrites the file byte for byte."""
    header, _, body = template.partition(b"\r\n")
    columns = next(csv.reader([header.decode("latin-1")]))
    first_item = columns.index("Currency") + 1
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(body.decode("ascii"), newline="")):
        if row:
            writer.writerow(row[:first_item] + [scale_figure(c, 1.0) for c in row[first_item:]])
    return header + b"\r\n" + out.getvalue().encode("ascii") == template


# ---------------------------------------------------------------------------------------
# timing


@dataclass
class Result:
    name: str
    times: list[float]
    shape: tuple[int, int, int]
    peers: int
    warnings: int
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def best(self) -> float:
        return min(self.times) if self.times else float("nan")


def shape_of(statements) -> tuple[int, int, int]:
    """(companies, fiscal years, columns) of a canonical statements table."""
    index = statements.index
    return (
        index.get_level_values("company").nunique(),
        index.get_level_values("fiscal_year").nunique(),
        statements.table.shape[1],
    )


def run_case(name: str, files: list, company: str | None, repeat: int, loaders) -> Result:
    """Warm-up once (``read_files``: the same work as ``load_files``, plus the peers), then
    ``repeat`` timed ``load_files`` calls."""
    try:
        assembled = loaders.read_files(files, company=company)
    except loaders.AcumenError as exc:
        return Result(name, [], (0, 0, 0), 0, 0, error=str(exc)[:300])
    peers = 0 if assembled.peers is None else assembled.peers.index.get_level_values(0).nunique()
    times = []
    statements = assembled.statements
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        statements = loaders.load_files(files, company=company)
        times.append(time.perf_counter() - start)
    return Result(name, times, shape_of(statements), peers, len(assembled.warnings))


def profile_case(call: Callable[[], object], top: int) -> str:
    """One ``call`` under cProfile: the top ``top`` functions by cumulative time, then the
    top ``top`` of acumen's own functions (below the entry points), full paths."""
    profiler = cProfile.Profile()
    gc.collect()
    profiler.enable()
    call()
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative")
    stats.print_stats(top)
    print(f"  acumen's own functions only (top {top} by cumulative time):", file=text)
    stats.print_stats(r"/acumen/(?!loaders/files\.py:)", top)
    return "\n".join(line for line in text.getvalue().rstrip().splitlines() if line.strip())


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (other work on the machine skews the figures)."""
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 86 - len(title)))


# ---------------------------------------------------------------------------------------
# main


class Loaders:
    """``acumen.data.loaders.files`` and ``acumen.errors``, imported (and timed) by ``main``."""

    def __init__(self) -> None:
        start = time.perf_counter()
        files = importlib.import_module("acumen.data.loaders.files")
        errors = importlib.import_module("acumen.errors")
        self.import_seconds = time.perf_counter() - start
        self.load_files = files.load_files
        self.read_files = files.read_files
        self.AcumenError = errors.AcumenError


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (5)")
    parser.add_argument("--goal", type=float, default=GOAL_SECONDS, help="aim per case, s")
    parser.add_argument("--data", type=Path, default=REAL_FILES, help="real files folder")
    parser.add_argument("--no-profile", action="store_true", help="skip cProfile of slow cases")
    args = parser.parse_args(argv)

    block_network()
    total_start = time.perf_counter()
    loaders = Loaders()
    import pandas as pd  # already imported by the loader

    section("environment")
    print(f"  Python {platform.python_version()} ({sys.executable}), pandas {pd.__version__}")
    print(f"  {platform.platform()}, {os.cpu_count()} CPUs, load average {load_average()}")
    print(f"  import acumen.data.loaders.files: {loaders.import_seconds:.3f} s (not in the figures)")
    print(
        "  figures below exclude interpreter start-up and imports; each case: 1 warm-up, "
        f"{args.repeat} timed runs"
    )

    section("generated TEJ bulk files")
    template = (args.data / TEJ_CSV).read_bytes()
    print(f"  template {TEJ_CSV}: {len(template):,} bytes, 2 company rows")
    print(f"  format round-trip of the real rows: {round_trip_identical(template)}")
    bulk: dict[int, bytes] = {}
    for n in BULK_SIZES:
        start = time.perf_counter()
        bulk[n] = bulk_tej(template, n)
        took = time.perf_counter() - start
        print(f"  bulk_tej_{n}.csv: {n:,} companies, {len(bulk[n]):,} bytes, made in {took:.3f} s")
    sample = bulk[BULK_SIZES[0]].split(b"\r\n")[3].decode("ascii")
    print(f"  row 3: {sample[:110]}…")

    cases: list[tuple[str, list, str | None]] = [
        ("aeis-sec-xlsx", [args.data / AEIS_XLSX], None),
        ("nvda-3-csv", [args.data / name for name in NVDA_CSVS], None),
    ]
    cases += [(f"tej-bulk-{n}", [(bulk[n], f"bulk_tej_{n}.csv")], CLIENT) for n in BULK_SIZES]

    results: list[Result] = []
    for name, files, company in cases:
        section(name)
        result = run_case(name, files, company, args.repeat, loaders)
        results.append(result)
        if result.error:
            print(f"  AcumenError: {result.error}")
            continue
        companies, years, columns = result.shape
        print(f"  median {result.median:.3f} s   min {result.best:.3f} s   ({args.repeat} runs)")
        print("  runs: " + ", ".join(f"{t:.3f}" for t in result.times))
        print(
            f"  loaded: {companies} companies × {years} years × {columns} columns; "
            f"{result.peers} peers; {result.warnings} warnings"
        )
        if result.median > args.goal and not args.no_profile:
            print(
                f"\n  over the {args.goal:g} s aim: cProfile of one run, top {PROFILE_TOP} cumulative"
            )
            print(
                profile_case(
                    lambda f=files, c=company: loaders.load_files(f, company=c), PROFILE_TOP
                )
            )

    section("summary")
    print(
        f"  {'case':<16} {'median s':>9} {'min s':>9}  {'shape (co, yr, col)':<20} {'peers':>6}  aim"
    )
    for r in results:
        if r.error:
            print(f"  {r.name:<16} {'error':>9}")
            continue
        shape = f"({r.shape[0]}, {r.shape[1]}, {r.shape[2]})"
        aim = f"≤ {args.goal:g} s " + ("met" if r.median <= args.goal else "MISSED")
        print(f"  {r.name:<16} {r.median:9.3f} {r.best:9.3f}  {shape:<20} {r.peers:>6}  {aim}")
    print(
        f"\n  network connection attempts: {len(NETWORK_ATTEMPTS)}; "
        f"total {time.perf_counter() - total_start:.1f} s; load average {load_average()}"
    )


if __name__ == "__main__":
    main()
