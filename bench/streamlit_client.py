"""A Streamlit session driven over its websocket, without a browser (for the benches).

The client speaks Streamlit's own protocol on ``ws://127.0.0.1:PORT/_stcore/stream``
(subprotocol ``streamlit``; no XSRF token is needed without auth cookies): it sends
``BackMsg.rerun_script`` (``ClientState``: the query string, the page by ``page_name`` on the
first run then by the ``page_script_hash`` of ``navigation``, its ``WidgetStates``) and reads
the ``ForwardMsg``s: widget ids from the deltas (``$$ID-<hash>-<key>``, ending in the user
key), ``page_info_changed`` (the URL the script sets), ``auto_rerun``/``stop_auto_rerun``.

The fragment poll is emulated as the frontend (1.67) does it: on ``auto_rerun`` (fragment id,
interval) a timer sends, every interval, a rerun with that ``fragment_id``, ``is_auto_rerun``
and the widget states; ``stop_auto_rerun`` and a full-run ``new_session`` (no fragment ids
in its metadata) stop the timers.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

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


class Session:
    """One browser tab's Streamlit session over the websocket."""

    def __init__(self, port: int, page: str, query: str, errors: list[str], name: str) -> None:
        self.port, self.page, self.query, self.errors, self.name = port, page, query, errors, name
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
            state.page_name = self.page
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
