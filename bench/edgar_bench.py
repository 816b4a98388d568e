"""Benchmark: reading SEC EDGAR companyfacts JSON (``acumen.data.loaders.edgar_facts.read_companyfacts``).

Run from the repository root::

    .venv/bin/python bench/edgar_bench.py [--repeat N] [--concepts N]

Cases:

- ``lpa-shared`` — the real IFRS file ``/work/shared/data/edgar/lpa_facts.json`` (266 kB);
- ``us-gaap-large`` — a us-gaap payload generated in memory with the shape of a large US
  filer's file: ``--concepts`` concepts (the 60 the mapping table knows, the rest filler),
  each with 16 fiscal years of 10-K facts repeated in three filings (restatements) and three
  10-Q quarters a year; printed with its size in MB.

Each case is read once untimed (warm-up), then ``--repeat`` times; median and min printed.
Asserts nothing; sockets are blocked for the whole run (the attempts are counted).
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import time
from pathlib import Path

SHARED = Path("/work/shared/data/edgar/lpa_facts.json")
ATTEMPTS: list[str] = []


def block_network() -> None:
    def refuse(*args, **_kwargs):
        ATTEMPTS.append(repr(args)[:80])
        raise OSError("network disabled in bench/edgar_bench.py")

    socket.socket.connect = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse


def large_payload(concepts: int, known: list[str]) -> bytes:
    """A companyfacts file of ``concepts`` us-gaap concepts (see the module docstring)."""
    names = known + [f"FillerConcept{i}" for i in range(max(0, concepts - len(known)))]
    facts: dict[str, dict] = {}
    for n, name in enumerate(names):
        rows = []
        for year in range(2009, 2025):
            for filing in range(3):
                filed = f"{year + 1 + filing}-02-1{filing}"
                rows.append(
                    {
                        "start": f"{year}-01-01",
                        "end": f"{year}-12-31",
                        "val": 1000 + n + year,
                        "accn": f"0000-{year}-{filing}",
                        "fy": year + filing,
                        "fp": "FY",
                        "form": "10-K",
                        "filed": filed,
                    }
                )
            for quarter, (start, end) in enumerate(
                [("01-01", "03-31"), ("04-01", "06-30"), ("07-01", "09-30")], start=1
            ):
                rows.append(
                    {
                        "start": f"{year}-{start}",
                        "end": f"{year}-{end}",
                        "val": 250 + n,
                        "accn": f"0000-{year}-q{quarter}",
                        "fy": year,
                        "fp": f"Q{quarter}",
                        "form": "10-Q",
                        "filed": f"{year}-{end[:2]}-28",
                    }
                )
        facts[name] = {"label": name, "units": {"USD": rows}}
    payload = {"cik": 320193, "entityName": "Bench Devices Inc", "facts": {"us-gaap": facts}}
    return json.dumps(payload).encode()


def timed(call, repeat: int) -> list[float]:
    call()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--concepts", type=int, default=500)
    args = parser.parse_args()
    block_network()
    from acumen.data.loaders.edgar_facts import concept_table, read_companyfacts

    table = concept_table()
    known = sorted(set(table.loc[table["taxonomy"] == "us-gaap", "concept"]))
    big = large_payload(args.concepts, known)
    cases = [("us-gaap-large", big, f"{len(big) / 2**20:.1f} MB, {args.concepts} concepts")]
    if SHARED.is_file():
        cases.insert(
            0, ("lpa-shared", SHARED.read_bytes(), f"{SHARED.stat().st_size / 1e3:.0f} kB")
        )
    print(f"{'case':<16}{'size':<26}{'years':>6}{'median s':>10}{'min s':>8}")
    for name, data, size in cases:
        statements, _ = read_companyfacts(data, name)
        times = timed(lambda d=data, n=name: read_companyfacts(d, n), args.repeat)
        years = statements.index.get_level_values("fiscal_year").nunique()
        print(f"{name:<16}{size:<26}{years:>6}{statistics.median(times):>10.3f}{min(times):>8.3f}")
    print(f"network attempts: {len(ATTEMPTS)}")


if __name__ == "__main__":
    main()
