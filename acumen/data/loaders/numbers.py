"""Parse one cell of an accounting-formatted figure into a float.

Accepted: ``1234``, ``1,234.5``, ``1 234`` (space or apostrophe groups), ``(1,234)`` and
``-1,234`` and ``−1,234`` (Unicode minus) for negatives, a currency symbol (``$ € £ ¥``)
before or after the figure, ``12%`` (0.12) and an exponent (``1.5e6``).
Nil (NaN): empty text, ``—``, ``–``, ``-``, ``n/a``, ``na``, ``nil``, ``none``, ``null``,
``nan`` and missing values. Anything else raises :class:`ValueError`; nothing is evaluated.
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
import re

import pandas as pd

NIL_TEXTS = frozenset(
    {
        "",
        "-",
        "--",
        "—",
        "–",
        "‒",
        "―",
        "−",
        "n/a",
        "na",
        "n.a.",
        "nil",
        "none",
        "null",
        "nan",
        "#n/a",
    }
)
CURRENCY_SYMBOLS = "$€£¥"
_MINUSES = str.maketrans(
    {"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"}
)

_NUMBER = re.compile(
    r"""
    (?P<open>\()?
    (?P<cur1>[$€£¥])?\s*
    (?P<sign>[-+])?\s*
    (?P<cur2>[$€£¥])?\s*
    (?P<digits>
        \d{1,3}(?P<sep>[,' \u00a0\u202f])\d{3}(?:(?P=sep)\d{3})*(?:\.\d*)?
      | \d+(?:\.\d*)?(?:[eE][-+]?\d+)?
      | \.\d+(?:[eE][-+]?\d+)?
    )\s*
    (?P<pct>%)?\s*
    (?P<cur3>[$€£¥])?
    (?P<close>\))?
    """,
    re.VERBOSE | re.ASCII,
)


def is_nil(value: object) -> bool:
    """True for a missing value or a nil marker such as ``—`` or ``n/a``."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().lower() in NIL_TEXTS


def parse_number(text: object) -> float:
    """The figure in ``text`` as a float; NaN for nil; ValueError for anything non-numeric."""
    if is_nil(text):
        return math.nan
    if isinstance(text, bool | _dt.date | _dt.time | _dt.timedelta):
        raise ValueError(f"not a number: {text!r}")
    if isinstance(text, numbers.Real):
        try:
            value = float(text)
        except OverflowError:
            raise ValueError(f"number too large: {str(text)[:20]}…") from None
        if math.isinf(value):
            raise ValueError(f"not a finite number: {text!r}")
        return value
    if not isinstance(text, str):
        raise ValueError(f"not a number: {text!r}")
    return _parse_text(text)


def _parse_text(text: str) -> float:
    """Parse a non-nil string (see module docstring)."""
    cleaned = text.strip().translate(_MINUSES)
    # "( 1,234 )" and "$ (1,234)": move a leading currency symbol inside the brackets.
    if len(cleaned) > 1 and cleaned[0] in CURRENCY_SYMBOLS and cleaned[1:].lstrip().startswith("("):
        cleaned = "(" + cleaned[0] + cleaned[1:].lstrip()[1:]
    if cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned = "(" + cleaned[1:-1].strip() + ")"
    match = _NUMBER.fullmatch(cleaned)
    if match is None:
        raise ValueError(f"not a number: {text!r}")
    parts = match.groupdict()
    symbols = [parts[k] for k in ("cur1", "cur2", "cur3") if parts[k]]
    if bool(parts["open"]) != bool(parts["close"]) or len(symbols) > 1:
        raise ValueError(f"not a number: {text!r}")
    if parts["open"] and parts["sign"]:
        raise ValueError(f"not a number (sign inside brackets): {text!r}")
    if (parts["cur1"] and parts["cur2"]) or (symbols and parts["pct"]):
        raise ValueError(f"not a number: {text!r}")
    digits = parts["digits"]
    if parts["sep"]:
        digits = digits.replace(parts["sep"], "")
    value = float(digits)
    if math.isinf(value):
        raise ValueError(f"not a finite number: {text!r}")
    if parts["pct"]:
        value /= 100.0
    negative = bool(parts["open"]) or parts["sign"] == "-"
    return -value if negative else value
