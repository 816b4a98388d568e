"""A live fetch in a daemon thread with a deadline (Yahoo Finance, SEC EDGAR, akshare).

A hanging network never blocks the caller: the fetch is abandoned after the deadline and
the daemon thread never blocks exit; failures become :class:`AcumenError` messages.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from acumen.errors import AcumenError

#: What to do instead when a live fetch fails (a service may say more).
OTHER_SOURCES = "Try a bundled sample or upload the figures."


def _deadline_error(symbol: str, timeout: float, service: str) -> AcumenError:
    failure = AcumenError(
        f"the fetch timed out after {timeout:g} s; probably no network",
        source=f"{service} {symbol}",
        fix=OTHER_SOURCES,
    )
    failure.reason = f"timed out after {timeout:g} s"
    return failure


def run_with_deadline(
    client: Callable[[str], Any],
    symbol: str,
    timeout: float,
    *,
    service: str,
    on_error: Callable[[str, BaseException], AcumenError],
) -> Any:
    """``client(symbol)`` in a daemon thread; AcumenError when it has not finished in
    ``timeout`` s (named after ``service``), or the client's error in words (``on_error``).
    A client that hangs forever is abandoned (the daemon thread never blocks exit)."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = client(symbol)
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=work, name=f"acumen-yahoo-{symbol}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise _deadline_error(symbol, timeout, service)
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, AcumenError):
            raise error
        raise on_error(symbol, error) from error
    return outcome["value"]
