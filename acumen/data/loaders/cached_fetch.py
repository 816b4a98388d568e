"""A live fetch with the on-disk copy as its fallback (EDGAR, A-shares; Yahoo shares the note).

``fetch()`` returns (payload to cache, statements); on success the payload is cached with
the time fetched. When it raises AcumenError and a copy is cached, the copy is rebuilt
(``rebuild(payload, fetched_at)``) with a note saying why and as of when; otherwise the
error stands.
"""

from __future__ import annotations

from collections.abc import Callable

from acumen.data.cache import StatementCache
from acumen.data.statements import Statements
from acumen.errors import AcumenError
from acumen.i18n import _


def fallback_note(reason: str, fetched_at: str) -> str:
    """The note on statements shown from the cache after a failed live fetch."""
    return _("Live fetch failed ({reason}); showing cached figures as of {date}").format(
        reason=reason, date=fetched_at
    )


def fetch_or_cached(
    key: str,
    cache: StatementCache | None,
    fetch: Callable[[], tuple[object, Statements]],
    rebuild: Callable[[dict, str], Statements],
) -> Statements:
    """The fetched statements (their payload cached under ``key``), else the cached copy."""
    try:
        payload, statements = fetch()
    except AcumenError as failure:
        hit = cache.get(key) if cache is not None else None
        if hit is None:
            raise
        cached, fetched_at = hit
        statements = rebuild(cached, fetched_at)
        reason = getattr(failure, "reason", None) or failure.problem
        return statements.with_warnings(fallback_note(reason, fetched_at), first=True)
    if cache is not None:
        try:
            cache.put(key, payload)
        except (OSError, ValueError, TypeError) as error:
            statements = statements.with_warnings(
                _("could not cache the fetched figures ({error})").format(error=error)
            )
    return statements
