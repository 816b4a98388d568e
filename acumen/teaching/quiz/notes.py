"""The common mistakes' notes in the active language.

A mistake's note (:mod:`acumen.analysis.metric_mistakes`) is either a fixed text, marked with
``N_`` and translated as it is, or a sentence built around line-item labels ("ending instead
of average inventory"). The built ones are read back by the shapes below (a shape's
``{label}`` and ``{other}`` are the labels) and rebuilt from the translated shape and labels.
"""

from __future__ import annotations

import re
from functools import cache

from acumen.i18n import N_, _

#: The shapes of the notes built around labels, as :mod:`acumen.analysis.metric_mistakes`
#: writes them.
NOTE_SHAPES: tuple[str, ...] = (
    N_("the inverted ratio (revenue / {label})"),
    N_("using {other} instead of {label}"),
    N_("subtracting from 100% (the cost share, not the {label} share)"),
    N_("ending instead of average {label}"),
    N_("last year's {label} instead of the average"),
    N_("the turnover ({other} / {label}) instead of days"),
    N_("{other} instead of {label}"),
)


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    def pattern(shape: str) -> re.Pattern[str]:
        parts = re.split(r"\{(\w+)\}", shape)
        body = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
        )
        return re.compile(f"^{body}$")

    return tuple((shape, pattern(shape)) for shape in NOTE_SHAPES)


def note_text(note: str) -> str:
    """``note`` in the active language: a fixed note by its msgid, a built one by its shape
    with its labels translated; as written when neither is known."""
    translated = _(note)
    if translated != note:
        return translated
    for shape, pattern in _patterns():
        match = pattern.match(note)
        if match:
            return _(shape).format(**{k: _(v) for k, v in match.groupdict().items()})
    return note
