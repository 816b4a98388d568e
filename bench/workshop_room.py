"""A live room played by N participants against one real ``streamlit run app.py`` server.

No browser: each participant, and the facilitator, is a Python websocket client speaking
Streamlit's own protocol on ``ws://127.0.0.1:PORT/_stcore/stream`` (subprotocol
``streamlit``; no XSRF token is needed without auth cookies), one asyncio loop for all, so
the load is the server's: one Streamlit session and script run per screen, as with browsers.
A client sends ``BackMsg.rerun_script`` (``ClientState``: the query string, the page by
``page_name="Live_room"`` then by the ``page_script_hash`` of ``navigation``, its
``WidgetStates``) and reads the ``ForwardMsg``s: widget ids from the deltas (``$$ID-…-KEY``,
ending in the user key), ``page_info_changed`` (the URL the page sets, ``?room=…&seat=…``),
``auto_rerun``/``stop_auto_rerun``.

The fragment poll is emulated as the frontend does it: on ``auto_rerun`` (fragment id,
interval) the client starts a timer that sends, every interval (1 s), a rerun with that
``fragment_id``, ``is_auto_rerun`` and its widget states; ``stop_auto_rerun`` and a
full-run ``new_session`` (no fragment ids) stop the timers.

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
(/proc utime+stime, children included) and peak RSS (every 0.2 s); errors (client
exceptions and time-outs, exception elements, tracebacks in the server log); lost answers
(seats − answers on record). The last line is one JSON object (one per size is printed,
the last size last). Asserts nothing.

    .venv/bin/python bench/workshop_room.py [--participants 30] [--teams 10]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from acumen.room import RoomStore  # noqa: E402
from acumen.store.database import open_engine  # noqa: E402
from bench.room_bench import QUESTION, pct  # noqa: E402
from bench.workshop_load import PeakMemory  # noqa: E402
from tests.browser.harness import StreamlitServer  # noqa: E402

PAGE = "Live_room"
REVEALED_MARKS = (b"Right!", b"Not this time", b"You didn't answer")
ANSWERED = re.compile(r"(\d+) of (\d+) participants answered")
TIMEOUT = 90.0


def widget_key(widget_id: str) -> str | None:
    """The user key in a Streamlit widget id (``$$ID-<hash>-<key>``), None without one."""
    if not widget_id.startswith("$$ID-"):
        return None
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[2] != "None" else None


def widgets_in(msg: ForwardMsg) -> Iterable[tuple[str, str, str, bool, str]]:
    """(key, id, element type, disabled, fragment id) of each keyed widget in a delta."""
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    inner = getattr(element, kind) if kind else None
    key = widget_key(getattr(inner, "id", "") or "")
    if key:
        yield key, inner.id, kind, bool(getattr(inner, "disabled", False)), msg.delta.fragment_id


def json_line(result: dict) -> str:
    """The run's JSON line: the issue's keys first, then the extra figures."""
    keys = ("participants", "answer_p95_s", "reveal_p95_s", "lost_answers", "errors")
    first = {k: result[k] for k in (*keys, "server_peak_rss_mb")}
    return json.dumps({**first, **{k: v for k, v in result.items() if k not in first}})


class Session:
    """One browser tab's Streamlit session over the websocket."""

    def __init__(self, port: int, query: str, errors: list[str], name: str) -> None:
        self.port, self.query, self.errors, self.name = port, query, errors, name
        self.page_hash = ""
        self.ids: dict[str, str] = {}  # user key -> widget id
        self.disabled: dict[str, bool] = {}
        self.fragment: dict[str, str] = {}  # user key -> the fragment it was drawn in
        self.values: dict[str, str] = {}  # text inputs' values (kept, as the frontend does)
        self.timers: dict[str, asyncio.Task] = {}
        self.changed = asyncio.Event()
        self.on_bytes: Callable[[float, bytes], None] | None = None
        self.on_metric: Callable[[float, str], None] | None = None
        self.ws: ClientConnection | None = None
        self.reader: asyncio.Task | None = None

    async def open(self) -> None:
        url = f"ws://127.0.0.1:{self.port}/_stcore/stream"
        self.ws = await connect(url, subprotocols=["streamlit"], max_size=None)
        self.reader = asyncio.create_task(self.read())
        await self.rerun()

    async def close(self) -> None:
        for timer in self.timers.values():
            timer.cancel()
        if self.reader:
            self.reader.cancel()
        if self.ws:
            await self.ws.close()

    async def rerun(self, triggers: Iterable[str] = (), fragment_id: str = "") -> None:
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query
        if self.page_hash:
            state.page_script_hash = self.page_hash
        else:
            state.page_name = PAGE
        for key, value in self.values.items():
            state.widget_states.widgets.add(id=self.ids[key], string_value=value)
        for key in triggers:
            state.widget_states.widgets.add(id=self.ids[key], trigger_value=True)
        state.fragment_id = fragment_id
        state.is_auto_rerun = bool(fragment_id) and not triggers
        await self.ws.send(back.SerializeToString())

    async def read(self) -> None:
        try:
            async for data in self.ws:
                now = time.perf_counter()
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self.handle(now, msg)
                if self.on_bytes:
                    self.on_bytes(now, data)
                self.changed.set()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 (counted)
            self.errors.append(f"{self.name}: {type(error).__name__}: {error}")

    def handle(self, now: float, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "navigation":
            self.page_hash = msg.navigation.page_script_hash  # the page now shown
        elif kind == "new_session":
            if not msg.metadata.run.fragment_ids:
                self.stop_timers(list(self.timers))
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            fid = msg.auto_rerun.fragment_id
            if fid and fid not in self.timers:
                self.timers[fid] = asyncio.create_task(self.poll(fid, msg.auto_rerun.interval))
        elif kind == "stop_auto_rerun":
            self.stop_timers(msg.stop_auto_rerun.fragment_ids)
        elif kind == "page_not_found":
            self.errors.append(f"{self.name}: page not found")
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            if element.WhichOneof("type") == "exception":
                self.errors.append(f"{self.name}: server exception: {element.exception.message}")
            elif element.WhichOneof("type") == "metric" and self.on_metric:
                self.on_metric(now, element.metric.body)
        for key, widget_id, _kind, disabled, fragment_id in widgets_in(msg):
            self.ids[key], self.disabled[key], self.fragment[key] = widget_id, disabled, fragment_id

    def stop_timers(self, fragment_ids: Iterable[str]) -> None:
        for fid in fragment_ids:
            timer = self.timers.pop(fid, None)
            if timer:
                timer.cancel()

    async def poll(self, fragment_id: str, interval: float) -> None:
        """The frontend's ``setInterval``: a fragment rerun every ``interval`` s."""
        while True:
            await asyncio.sleep(interval)
            await self.rerun(fragment_id=fragment_id)

    async def until(self, ready: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
        """Wait until ``ready()`` after some message; False (an error) on time-out."""
        deadline = time.perf_counter() + timeout
        while not ready():
            left = deadline - time.perf_counter()
            if left <= 0 or self.reader.done():
                self.errors.append(f"{self.name}: timed out in {ready.__doc__ or 'a wait'}")
                return False
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(left, 1.0))
        return True


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
        self.go = asyncio.Event()
        self.done = asyncio.Event()

    def metric(self, now: float, body: str) -> None:
        found = ANSWERED.search(body)
        if found:
            self.counts.append((now, int(found.group(1))))

    async def facilitator(self, code: str, token: str) -> Session:
        session = Session(self.port, "", self.errors, "facilitator")
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
        session = Session(self.port, f"room={code}", self.errors, f"seat {index}")
        try:
            await asyncio.sleep(index * self.gap)
            start = time.perf_counter()
            await session.open()
            await self.join(session, f"Team {index % self.teams + 1}")
            self.joins.append(time.perf_counter() - start)
            await self.answer(session, "ABCD"[index % 4])
        except Exception as error:  # noqa: BLE001 (counted)
            self.errors.append(f"seat {index}: {type(error).__name__}: {error}")
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
        if self.questioned == self.seats:
            self.go.set()
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
        deadline = time.perf_counter() + timeout
        while not ready():
            if time.perf_counter() > deadline:
                self.errors.append(f"bench: timed out waiting for {what}")
                return
            await asyncio.sleep(0.05)

    async def play(self, code: str, token: str) -> None:
        facilitator = await self.facilitator(code, token)
        seats = [asyncio.create_task(self.seat(i, code)) for i in range(self.seats)]
        try:
            await self.wait(
                lambda: len(self.joins) == self.seats, TIMEOUT + self.seats * self.gap, "seats"
            )
            await asyncio.to_thread(self.store.advance, code, token)
            await self.wait(self.go.is_set, TIMEOUT, "the question on every seat")
            await self.wait(lambda: self.answered() >= self.seats, TIMEOUT, "answers counted")
            self.reveal_started = True
            await asyncio.to_thread(self.store.reveal, code, token)
            self.revealed_at = time.perf_counter()
            await self.wait(lambda: len(self.reveal_seen) >= self.seats, TIMEOUT, "the reveal")
        finally:
            self.done.set()
            await asyncio.gather(*seats)
            await facilitator.close()

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
