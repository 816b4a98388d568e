"""Seats answering one question in a live room, against the room store alone (no browser).

For each database (an SQLite file in WAL mode; a private PostgreSQL cluster when Debian's
binaries are installed, see tests/pg_support.py) and each room size (30 and 100 seats by
default, in 10 teams), one thread per seat does what its Streamlit session would: it polls
its participant view, and on a barrier all seats answer at once (the worst burst). A
facilitator thread polls the facilitator's live count every ``--poll`` seconds and reveals
when every seat is counted; the seats then poll until they see the reveal. All threads share
one process and one engine, as the sessions of one app replica do.

Printed per run: answers/s over the burst; p50/p95 of ``RoomStore.answer`` (record_answer),
of ``facilitator_view`` (the live count) and of ``participant_view``; answer submitted →
counted in the facilitator's view (without the UI's 1 s poll, which adds up to 1 s); reveal →
seen by a seat (with the seats' ``--seat-poll``); errors and lost answers (seats − answers
on record). The last line is one JSON object with every run. Asserts nothing.

    .venv/bin/python bench/room_bench.py [--seats 30 100] [--no-postgres]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from acumen.room import REVEALED, RoomStore  # noqa: E402
from acumen.store.database import open_engine  # noqa: E402

QUESTION = {
    "question": "Which lifts ROA most?",
    "choices": ["Cut price", "Collect faster", "Pay later", "Hold more stock"],
    "answer": "B",
    "explanation": "Margin times velocity.",
}
TEAMS = 10


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (0–1) of ``values``, nearest rank; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


class Run:
    """One room of ``seats`` seats played once on ``store``."""

    def __init__(self, store: RoomStore, seats: int, poll: float, seat_poll: float) -> None:
        self.store, self.seats, self.poll, self.seat_poll = store, seats, poll, seat_poll
        self.lock = threading.Lock()
        self.answer_s: list[float] = []
        self.submitted: list[tuple[float, float]] = []  # (submit start, commit end)
        self.facilitator_s: list[float] = []
        self.counts: list[tuple[float, int]] = []  # (view end, answered)
        self.participant_s: list[float] = []
        self.reveal_seen: list[float] = []
        self.errors: list[str] = []
        self.revealed_at = 0.0

    def seat(self, code: str, token: str, go: threading.Barrier, letter: str) -> None:
        try:
            self.timed_view(code, token)
            go.wait()
            start = time.perf_counter()
            self.store.answer(code, token, 0, letter)
            end = time.perf_counter()
            with self.lock:
                self.answer_s.append(end - start)
                self.submitted.append((start, end))
            while True:
                view = self.timed_view(code, token)
                if view["state"] == REVEALED:
                    with self.lock:
                        self.reveal_seen.append(time.perf_counter() - self.revealed_at)
                    return
                time.sleep(self.seat_poll)
        except Exception as error:  # noqa: BLE001 (counted and printed)
            with self.lock:
                self.errors.append(f"{type(error).__name__}: {error}")

    def timed_view(self, code: str, token: str) -> dict:
        start = time.perf_counter()
        view = self.store.participant_view(code, token)
        with self.lock:
            self.participant_s.append(time.perf_counter() - start)
        return view

    def facilitator(self, code: str, token: str, deadline: float) -> None:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            answered = self.store.facilitator_view(code, token)["answered"]
            end = time.perf_counter()
            self.facilitator_s.append(end - start)
            self.counts.append((end, answered))
            if answered >= self.seats:
                self.revealed_at = time.perf_counter()
                self.store.reveal(code, token)
                return
            time.sleep(self.poll)
        self.errors.append("the facilitator never counted every answer")
        self.revealed_at = time.perf_counter()
        self.store.reveal(code, token)

    def play(self) -> dict:
        code, token = self.store.open_room([QUESTION], seats=self.seats)
        seats = [self.store.join(code, f"Team {i % TEAMS + 1}") for i in range(self.seats)]
        self.store.advance(code, token)
        go = threading.Barrier(self.seats)
        threads = [
            threading.Thread(target=self.seat, args=(code, seat, go, "ABCD"[i % 4]))
            for i, seat in enumerate(seats)
        ]
        for thread in threads:
            thread.start()
        self.facilitator(code, token, time.perf_counter() + 120)
        for thread in threads:
            thread.join(timeout=120)
        recorded = len(self.store.answer_log(code, token).query("answer != ''"))
        return self.summary(recorded)

    def counted_latencies(self) -> list[float]:
        """Per answer, submit → the end of the first facilitator view that counts it (the
        k-th committed answer is in any view whose count is ≥ k and that ended after it)."""
        out = []
        for rank, (start, end) in enumerate(sorted(self.submitted, key=lambda s: s[1]), 1):
            seen = [t for t, n in self.counts if n >= rank and t >= end]
            if seen:
                out.append(min(seen) - start)
        return out

    def summary(self, recorded: int) -> dict:
        starts = [s for s, _ in self.submitted]
        ends = [e for _, e in self.submitted]
        burst = (max(ends) - min(starts)) if self.submitted else float("nan")
        counted = self.counted_latencies()
        return {
            "seats": self.seats,
            "answers_per_s": round(len(self.submitted) / burst, 1) if burst else None,
            "answer_p50_ms": ms(pct(self.answer_s, 0.5)),
            "answer_p95_ms": ms(pct(self.answer_s, 0.95)),
            "live_count_p50_ms": ms(pct(self.facilitator_s, 0.5)),
            "live_count_p95_ms": ms(pct(self.facilitator_s, 0.95)),
            "participant_view_p50_ms": ms(pct(self.participant_s, 0.5)),
            "participant_view_p95_ms": ms(pct(self.participant_s, 0.95)),
            "submitted_to_counted_p50_ms": ms(pct(counted, 0.5)),
            "submitted_to_counted_p95_ms": ms(pct(counted, 0.95)),
            "reveal_to_seen_p95_ms": ms(pct(self.reveal_seen, 0.95)),
            "errors": len(self.errors),
            "lost_answers": self.seats - recorded,
            "first_error": self.errors[0] if self.errors else None,
        }


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def databases(stack: ExitStack, postgres: bool) -> list[tuple[str, str]]:
    """(name, URL) of each database to measure."""
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="room-bench-")))
    found = [("sqlite", f"sqlite:///{folder / 'rooms.db'}")]
    if postgres:
        from tests.pg_support import postgres_bin, postgres_server

        if postgres_bin() is None:
            print("PostgreSQL binaries not installed: SQLite only", file=sys.stderr)
        else:
            found.append(("postgresql", stack.enter_context(postgres_server())))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seats", type=int, nargs="+", default=[30, 100])
    parser.add_argument("--poll", type=float, default=0.05, help="facilitator poll, s")
    parser.add_argument("--seat-poll", type=float, default=0.25, help="seat poll, s")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    runs = []
    with ExitStack() as stack:
        for name, url in databases(stack, not args.no_postgres):
            store = RoomStore(open_engine(url))
            for seats in args.seats:
                result = {"database": name, **Run(store, seats, args.poll, args.seat_poll).play()}
                runs.append(result)
                print(
                    f"{name:<10} {seats:>4} seats: {result['answers_per_s']} answers/s; "
                    f"answer p50/p95 {result['answer_p50_ms']}/{result['answer_p95_ms']} ms; "
                    f"live count p50/p95 {result['live_count_p50_ms']}/"
                    f"{result['live_count_p95_ms']} ms; participant view p50/p95 "
                    f"{result['participant_view_p50_ms']}/{result['participant_view_p95_ms']} ms; "
                    f"submitted→counted p50/p95 {result['submitted_to_counted_p50_ms']}/"
                    f"{result['submitted_to_counted_p95_ms']} ms; reveal→seen p95 "
                    f"{result['reveal_to_seen_p95_ms']} ms; errors {result['errors']}, "
                    f"lost {result['lost_answers']}"
                )
                if result["first_error"]:
                    print(f"  first error: {result['first_error']}")
            store.engine.dispose()
    print(json.dumps({"runs": runs}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
