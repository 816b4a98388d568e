"""A live room played by N participants against one real ``streamlit run app.py`` server.

No browser: each participant, and the facilitator, is a websocket client speaking Streamlit's
own protocol (:mod:`bench.streamlit_client`), all in one asyncio loop, so the load is the
server's: one Streamlit session and its script runs per screen, as with browsers. The
``st.fragment(run_every=1.0)`` polls are sent as the frontend sends them: after
``auto_rerun``, a fragment rerun (``fragment_id``, ``is_auto_rerun``) every second.

The run: the bench opens a room through the database (``RoomStore.open_room``, one quiz
question); the facilitator's client resumes it with the code and key (the page's "Resume"
form) and its live fragment polls like the projector's; N seats join over
``--join-gap`` × N seconds, naming ``--teams`` teams and pressing "Join"; the bench starts
the question (``RoomStore.advance``); once every seat shows the choice buttons all press one
at once (the worst burst); when the facilitator's screen counts N answers (the metric
"k of N participants answered") the bench reveals (``RoomStore.reveal``, as the button does).

Printed per size: answer submitted (send of the click) → counted on the facilitator's
screen (the first facilitator frame counting ≥ k answers received after the k-th answer's
click came back disabled), p50/p95; reveal (``RoomStore.reveal`` returned) → the seat's
frame with "Right!"/"Not this time", p50/p95; seat join, p50/p95; server CPU seconds
(/proc utime+stime, children included) and peak RSS (sampled every 0.1 s); errors (client
exceptions and time-outs, exception elements, tracebacks in the server log); lost answers
(seats − answers on record). The last line is one JSON object (one per size is printed,
the last size last). Asserts nothing.

    .venv/bin/python bench/workshop_room.py [--participants 30] [--teams 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from acumen.room import RoomStore  # noqa: E402
from acumen.store.database import open_engine  # noqa: E402
from bench.room_bench import QUESTION, pct  # noqa: E402
from bench.streamlit_client import TIMEOUT, Session  # noqa: E402
from bench.workshop_load import PeakMemory  # noqa: E402
from tests.browser.harness import StreamlitServer  # noqa: E402

PAGE = "Live_room"
REVEALED_MARKS = (b"Right!", b"Not this time", b"You didn't answer")
ANSWERED = re.compile(r"(\d+) of (\d+) participants answered")


def json_line(result: dict) -> str:
    """The run's JSON line: the issue's keys first, then the extra figures."""
    keys = ("participants", "answer_p95_s", "reveal_p95_s", "lost_answers", "errors")
    first = {k: result[k] for k in (*keys, "server_peak_rss_mb")}
    return json.dumps({**first, **{k: v for k, v in result.items() if k not in first}})


class Play:
    """One room of ``seats`` seats on the server at ``port``."""

    def __init__(self, port: int, store: RoomStore, seats: int, teams: int, gap: float) -> None:
        self.port, self.store, self.seats, self.teams, self.gap = port, store, seats, teams, gap
        self.errors: list[str] = []
        self.counts: list[tuple[float, int]] = []  # facilitator frames: (received, answered)
        self.clicks: list[tuple[float, float]] = []  # (click sent, click came back disabled)
        self.joins: list[float] = []
        self.reveal_seen: list[float] = []  # when each seat got the revealed answer
        self.reveal_started = False
        self.revealed_at = 0.0
        self.questioned = 0
        self.failed = 0  # seats out of the run (their errors are counted)
        self.go = asyncio.Event()
        self.done = asyncio.Event()

    def metric(self, now: float, body: str) -> None:
        found = ANSWERED.search(body)
        if found:
            self.counts.append((now, int(found.group(1))))

    async def facilitator(self, code: str, token: str) -> Session:
        session = Session(self.port, PAGE, "", self.errors, "facilitator")
        session.on_metric = self.metric
        await session.open()

        def resume_form() -> bool:
            """the resume form"""
            return "_room_resume" in session.ids and "_room_resume_key" in session.ids

        if await session.until(resume_form):
            session.values = {"_room_resume_code": code, "_room_resume_key": token}
            await session.rerun(triggers=["_room_resume"])
            session.values = {}
        return session

    async def seat(self, index: int, code: str) -> None:
        session = Session(self.port, PAGE, f"room={code}", self.errors, f"seat {index}")
        try:
            await asyncio.sleep(index * self.gap)
            start = time.perf_counter()
            await session.open()
            await self.join(session, f"Team {index % self.teams + 1}")
            self.joins.append(time.perf_counter() - start)
            await self.answer(session, "ABCD"[index % 4])
        except Exception as error:  # noqa: BLE001 (counted; a time-out already is)
            if not isinstance(error, TimeoutError):
                self.errors.append(f"seat {index}: {type(error).__name__}: {error}")
            self.failed += 1
            self.settle()
        finally:
            await self.done.wait()
            await session.close()

    async def join(self, session: Session, team: str) -> None:
        def join_form() -> bool:
            """the join form"""
            return "_room_team_name" in session.ids and "_room_join" in session.ids

        def seated() -> bool:
            """taking a seat"""
            return "seat=" in session.query and bool(session.timers)

        if not await session.until(join_form):
            raise TimeoutError("no join form")
        session.values = {"_room_team_name": team}
        await session.rerun(triggers=["_room_join"])
        session.values = {}
        if not await session.until(seated):
            raise TimeoutError("no seat")

    async def answer(self, session: Session, letter: str) -> None:
        key = f"_room_choice_1_{letter}"

        def question() -> bool:
            """the question's buttons"""
            return key in session.ids and not session.disabled[key]

        def recorded() -> bool:
            """the answer's confirmation"""
            return session.disabled.get(key, False)

        if not await session.until(question):
            raise TimeoutError("no question")
        self.questioned += 1
        self.settle()
        await self.go.wait()
        session.on_bytes = self.reveal_watch(session)
        sent = time.perf_counter()
        await session.rerun(triggers=[key], fragment_id=session.fragment[key])
        if await session.until(recorded):
            self.clicks.append((sent, time.perf_counter()))

        def revealed() -> bool:
            """the reveal"""
            return session.on_bytes is None

        await session.until(revealed)

    def reveal_watch(self, session: Session) -> Callable[[float, bytes], None]:
        """Watches a seat's frames once the reveal is under way: the first frame with the
        revealed answer is kept (its receipt time) and ends the watch."""

        def watch(now: float, data: bytes) -> None:
            if self.reveal_started and any(mark in data for mark in REVEALED_MARKS):
                self.reveal_seen.append(now)
                session.on_bytes = None

        return watch

    async def wait(self, ready: Callable[[], bool], timeout: float, what: str) -> None:
        """Wait for ``ready()`` (a phase of the run); its time and the errors so far go to
        stderr."""
        start = time.perf_counter()
        while not ready() and time.perf_counter() < start + timeout:
            await asyncio.sleep(0.05)
        if not ready():
            self.errors.append(f"bench: timed out waiting for {what}")
        took = time.perf_counter() - start
        print(f"  {what}: {took:.1f} s, {len(self.errors)} errors", file=sys.stderr, flush=True)
        for error in self.errors[:8]:
            print(f"    {error}", file=sys.stderr, flush=True)

    async def play(self, code: str, token: str) -> None:
        facilitator = await self.facilitator(code, token)
        seats = [asyncio.create_task(self.seat(i, code)) for i in range(self.seats)]
        try:
            await self.wait(
                lambda: len(self.joins) >= self.live(), TIMEOUT + self.seats * self.gap, "seats"
            )
            await asyncio.to_thread(self.store.advance, code, token)
            await self.wait(self.go.is_set, TIMEOUT, "the question on every seat")
            await self.wait(lambda: self.answered() >= self.live(), TIMEOUT, "answers counted")
            self.reveal_started = True
            await asyncio.to_thread(self.store.reveal, code, token)
            self.revealed_at = time.perf_counter()
            await self.wait(lambda: len(self.reveal_seen) >= self.live(), TIMEOUT, "the reveal")
        finally:
            self.done.set()
            await asyncio.gather(*seats)
            await facilitator.close()

    def settle(self) -> None:
        """Every seat still in the run shows the question: all press at once."""
        if self.questioned + self.failed >= self.seats:
            self.go.set()

    def live(self) -> int:
        return self.seats - self.failed

    def answered(self) -> int:
        return self.counts[-1][1] if self.counts else 0

    def counted_latencies(self) -> list[float]:
        """Per answer, click → the first facilitator frame counting it: the k-th answer
        confirmed (its button back disabled) is in any frame counting ≥ k received after."""
        out = []
        for rank, (sent, back) in enumerate(sorted(self.clicks, key=lambda c: c[1]), 1):
            seen = [t for t, n in self.counts if n >= rank and t >= back]
            if seen:
                out.append(min(seen) - sent)
        return out


def server_cpu_seconds(pid: int) -> float:
    """utime + stime + cutime + cstime of ``pid`` (/proc/PID/stat), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def run_size(seats: int, teams: int, gap: float) -> dict:
    """One server, one room of ``seats`` seats played once; the figures."""
    with tempfile.TemporaryDirectory(prefix="workshop-room-") as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'rooms.db'}"
        for name in ("cache", "tmp"):
            (folder / name).mkdir()
        env = {
            "ACUMEN_DB": url,
            "ACUMEN_CACHE_DIR": str(folder / "cache"),
            "TMPDIR": str(folder / "tmp"),
            "ACUMEN_LANG": "en",
        }
        server = StreamlitServer(env=env, log_path=folder / "server.log")
        try:
            server.wait_healthy()
            store = RoomStore(open_engine(url))
            code, token = store.open_room([QUESTION], seats=seats)
            memory = PeakMemory(server.process.pid)
            memory.start()
            cpu, wall = server_cpu_seconds(server.process.pid), time.perf_counter()
            play = Play(server.port, store, seats, teams, gap)
            asyncio.run(play.play(code, token))
            cpu, wall = server_cpu_seconds(server.process.pid) - cpu, time.perf_counter() - wall
            memory.running = False
            recorded = len(store.answer_log(code, token).query("answer != ''"))
            store.engine.dispose()
        finally:
            server.stop()
        log = (folder / "server.log").read_text(errors="replace")
    tracebacks = log.count("Traceback")
    errors = play.errors + [f"server log: {tracebacks} traceback(s)"] * bool(tracebacks)
    return summary(play, seats, recorded, errors, cpu, wall, memory.peak)


def summary(
    play: Play, seats: int, recorded: int, errors: list[str], cpu: float, wall: float, peak: int
) -> dict:
    counted = play.counted_latencies()
    revealed = [max(0.0, t - play.revealed_at) for t in play.reveal_seen]
    return {
        "participants": seats,
        "answer_p50_s": secs(pct(counted, 0.5)),
        "answer_p95_s": secs(pct(counted, 0.95)),
        "reveal_p50_s": secs(pct(revealed, 0.5)),
        "reveal_p95_s": secs(pct(revealed, 0.95)),
        "lost_answers": seats - recorded,
        "errors": len(errors),
        "server_peak_rss_mb": round(peak / 2**20, 1),
        "server_cpu_s": round(cpu, 1),
        "server_cpu_share": round(cpu / wall, 2) if wall else None,
        "wall_s": round(wall, 1),
        "join_p50_s": secs(pct(play.joins, 0.5)),
        "join_p95_s": secs(pct(play.joins, 0.95)),
        "answers_counted": len(counted),
        "reveals_seen": len(revealed),
        "first_error": errors[0] if errors else None,
    }


def secs(value: float) -> float | None:
    return None if value != value else round(value, 3)  # NaN -> None (valid JSON)


def table(result: dict) -> str:
    r = result
    return "\n".join(
        [
            f"{r['participants']} participants ({r['wall_s']} s played)",
            f"  answer → counted on the facilitator's screen  p50 {r['answer_p50_s']} s"
            f"  p95 {r['answer_p95_s']} s  ({r['answers_counted']} answers)",
            f"  reveal → shown to participants               p50 {r['reveal_p50_s']} s"
            f"  p95 {r['reveal_p95_s']} s  ({r['reveals_seen']} seats)",
            f"  join (connect → seated)                      p50 {r['join_p50_s']} s"
            f"  p95 {r['join_p95_s']} s",
            f"  server CPU {r['server_cpu_s']} s ({r['server_cpu_share']} cores)"
            f"  peak RSS {r['server_peak_rss_mb']} MB",
            f"  errors {r['errors']}  lost answers {r['lost_answers']}"
            + (f"  first error: {r['first_error']}" if r["first_error"] else ""),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, nargs="+", default=[30, 100])
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--join-gap", type=float, default=0.1, help="s between two joins")
    args = parser.parse_args(argv)
    lines = []
    for seats in args.participants:
        result = run_size(seats, args.teams, args.join_gap)
        print(table(result), flush=True)
        lines.append(json_line(result))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
