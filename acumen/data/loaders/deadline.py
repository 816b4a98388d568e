"""A live fetch in a daemon thread with a deadline (Yahoo Finance, SEC EDGAR, akshare).

A hanging network never blocks the caller: the fetch is abandoned after the deadline and
the daemon thread never blocks exit; failures become :class:`AcumenError` messages.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import Any

from acumen.errors import AcumenError
from acumen.i18n import N_, _

#: What to do instead when a live fetch fails (a service may say more).
OTHER_SOURCES = N_("Try a bundled sample or upload the figures.")


def _deadline_error(symbol: str, timeout: float, service: str) -> AcumenError:
    failure = AcumenError(
        _("the fetch timed out after {seconds} s; probably no network").format(
            seconds=f"{timeout:g}"
        ),
        source=f"{service} {symbol}",
        fix=_(OTHER_SOURCES),
    )
    failure.reason = _("timed out after {seconds} s").format(seconds=f"{timeout:g}")
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
    A client that hangs forever is abandoned (the daemon thread never blocks exit). The
    thread runs in a copy of the caller's context (the active language)."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = client(symbol)
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    # The caller's context (its language) goes with the work, so its messages read alike.
    context = contextvars.copy_context()
    worker = threading.Thread(
        target=context.run, args=(work,), name=f"acumen-yahoo-{symbol}", daemon=True
    )
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
