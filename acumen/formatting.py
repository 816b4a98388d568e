"""Human formatting of money, metric values and changes (pure Python, no UI).

- money is compact: ``$1.2B``, ``−$340M``, ``€12.5B``, ``¥3.4T``, ``$980K``, ``$12``,
  ``1.2B CHF`` for currencies without a symbol here;
- negatives use the Unicode minus ``−``;
- NaN, None and ±inf print as ``n/a``.
"""

from __future__ import annotations

import math

MINUS = "−"
NA = "n/a"

#: Currency code -> symbol written before the amount.
SYMBOLS: dict[str, str] = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥"}

_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


def is_missing(value: object) -> bool:
    """True for None, NaN, ±inf and anything that is not a number."""
    if value is None:
        return True
    try:
        return not math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def _sign(negative: bool) -> str:
    return MINUS if negative else ""


def _compact(magnitude: float) -> str:
    """A non-negative amount as ``1.2B`` / ``340M`` / ``12``: one decimal below 100, none above."""
    for scale, suffix in _SCALES:
        if magnitude >= scale * 0.9995:  # 999.6M prints as 1.0B, not 1000M
            scaled = magnitude / scale
            text = f"{scaled:.1f}" if scaled < 99.95 else f"{scaled:.0f}"
            return f"{text}{suffix}"
    return f"{magnitude:.0f}"


def format_money(value: float, currency: str = "USD") -> str:
    """Compact money in ``currency``: ``$1.2B``, ``−$340M``, ``1.2B CHF``; NaN -> ``n/a``."""
    if is_missing(value):
        return NA
    value = float(value)
    body = _compact(abs(value))
    negative = value < 0 and body.strip("0.") != ""
    code = (currency or "USD").upper()
    symbol = SYMBOLS.get(code)
    if symbol is not None:
        return f"{_sign(negative)}{symbol}{body}"
    return f"{_sign(negative)}{body} {code}"


def _number(value: float, decimals: int) -> str:
    text = f"{abs(value):.{decimals}f}"
    negative = value < 0 and float(text) != 0
    return f"{_sign(negative)}{text}"


def format_value(value: float, unit: str, currency: str = "USD") -> str:
    """A metric value in its catalogue unit: pct ``3.0%``, x ``2.39×``, days ``45 days``,
    money (compact), months ``7.2 months``, number ``1.23``, count ``7``; NaN -> ``n/a``."""
    if is_missing(value):
        return NA
    value = float(value)
    if unit == "pct":
        return f"{_number(value * 100, 1)}%"
    if unit == "x":
        return f"{_number(value, 2)}×"
    if unit == "days":
        return f"{_number(value, 0)} days"
    if unit == "money":
        return format_money(value, currency)
    if unit == "months":
        return f"{_number(value, 1)} months"
    if unit == "count":
        return _number(value, 0)
    return _number(value, 2)


def format_change(delta: float, unit: str, currency: str = "USD") -> str:
    """A signed change: pct ``+1.2 pts`` (percentage points), ``+5 days``, ``+0.12×``,
    ``−$1.2B``, ``+1.5 months``; a change that rounds to zero has no sign."""
    if is_missing(delta):
        return NA
    delta = float(delta)
    if unit == "pct":
        body, zero = f"{abs(delta) * 100:.1f} pts", abs(delta) * 100 < 0.05
    elif unit == "money":
        body = format_money(abs(delta), currency)
        zero = abs(delta) < 0.5
    else:
        body = format_value(abs(delta), unit, currency)
        decimals = {"x": 2, "days": 0, "months": 1, "count": 0}.get(unit, 2)
        zero = round(abs(delta), decimals) == 0
    if zero:
        return body
    return f"{'+' if delta > 0 else MINUS}{body}"


def format_na(reason: str) -> str:
    """``n/a — reason`` (just ``n/a`` without a reason)."""
    return f"{NA} — {reason}" if reason else NA
