"""Human formatting of money, metric values and changes (pure Python, no UI).

- money is compact: ``$1.2B``, ``−$340M``, ``€12.5B``, ``¥3.4T``, ``$980K``, ``$12``,
  ``1.2B CHF`` for currencies without a symbol here;
- negatives use the Unicode minus ``−``;
- NaN, None and ±inf print as ``n/a``.

In Chinese (``current_language() == "zh"``) the same functions follow the Chinese conventions
of :mod:`acumen.formatting_zh`: amounts in 万 / 亿 (``¥1.23亿``), ``不适用``, ``45 天``,
``+1.2 个百分点``, ``2024财年``, dates as ``2024年12月31日``; percentages and ``×`` are the same.
"""

from __future__ import annotations

import math

from acumen.i18n import current_language

MINUS = "−"
NA = "n/a"
NA_ZH = "不适用"
#: Unit words in Chinese (a space before, as ``45 天``).
DAYS_ZH = "天"
MONTHS_ZH = "个月"
POINTS_ZH = "个百分点"


def in_chinese() -> bool:
    """True when the active language is Chinese (the formatting switches conventions)."""
    return current_language() == "zh"


def not_available() -> str:
    """``n/a`` (``不适用`` in Chinese): what a missing value reads."""
    return NA_ZH if in_chinese() else NA


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
    top_scale, top_suffix = _SCALES[0]
    if magnitude >= top_scale * 1e4:  # beyond 10,000T: scientific, never a 300-digit amount
        return f"{magnitude / top_scale:.2e}{top_suffix}".replace("e+", "e")
    for scale, suffix in _SCALES:
        if magnitude >= scale * 0.9995:  # 999.6M prints as 1.0B, not 1000M
            scaled = magnitude / scale
            text = f"{scaled:.1f}" if scaled < 99.95 else f"{scaled:.0f}"
            return f"{text}{suffix}"
    return f"{magnitude:.0f}"


def format_money(value: float, currency: str = "USD") -> str:
    """Compact money in ``currency``: ``$1.2B``, ``−$340M``, ``1.2B CHF``; NaN -> ``n/a``.
    In Chinese :func:`acumen.formatting_zh.money_zh`: ``¥1.23亿``, ``$4,560万``."""
    if in_chinese():
        from acumen.formatting_zh import money_zh

        return money_zh(value, currency)
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
    money (compact), months ``7.2 months``, number ``1.23``, count ``7``; NaN -> ``n/a``
    (Chinese: ``45 天``, ``7.2 个月``, ``¥1.23亿``, ``不适用``)."""
    if is_missing(value):
        return not_available()
    value = float(value)
    if unit == "pct":
        return f"{_number(value * 100, 1)}%"
    if unit == "x":
        return f"{_number(value, 2)}×"
    if unit == "days":
        return f"{_number(value, 0)} {_days_word()}"
    if unit == "money":
        return format_money(value, currency)
    if unit == "months":
        return f"{_number(value, 1)} {MONTHS_ZH if in_chinese() else 'months'}"
    if unit == "count":
        return _number(value, 0)
    return _number(value, 2)


def _days_word() -> str:
    return DAYS_ZH if in_chinese() else "days"


def _points_word() -> str:
    return POINTS_ZH if in_chinese() else "pts"


def format_change(delta: float, unit: str, currency: str = "USD") -> str:
    """A signed change: pct ``+1.2 pts`` (percentage points), ``+5 days``, ``+0.12×``,
    ``−$1.2B``, ``+1.5 months``; a change that rounds to zero has no sign (Chinese:
    ``+1.2 个百分点``, ``+5 天``)."""
    if is_missing(delta):
        return not_available()
    delta = float(delta)
    if unit == "pct":
        body, zero = f"{abs(delta) * 100:.1f} {_points_word()}", abs(delta) * 100 < 0.05
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
    """``n/a — reason`` (just ``n/a`` without a reason; ``不适用 — reason`` in Chinese)."""
    na = not_available()
    return f"{na} — {reason}" if reason else na


def fiscal_label(fiscal_year: int, period_end: object = None) -> str:
    """A fiscal year named as the company names it: by the calendar year in which it ends
    (Walmart's year ended 2016-01-31, Compustat fiscal 2015, is ``FY2016``); the Compustat
    ``fiscal_year`` itself when the period end is unknown (Chinese: ``2016财年``)."""
    if in_chinese():
        from acumen.formatting_zh import fiscal_label_zh

        return fiscal_label_zh(fiscal_year, period_end)
    return f"FY{named_year(fiscal_year, period_end)}"


#: :attr:`Statements.period_kind` of statements whose rows are trailing twelve months.
TTM = "ttm"


def ttm_label(period_end: object) -> str:
    """``the 12 months to 2024-03-31``: how a trailing-twelve-month period is named
    (Chinese: ``截至2024年3月31日的12个月``)."""
    if in_chinese():
        from acumen.formatting_zh import date_zh

        return f"截至{date_zh(period_end)}的12个月"
    return f"the 12 months to {period_end_text(period_end)}"


def named_year(fiscal_year: int, period_end: object = None) -> int:
    """The calendar year in which the fiscal year ends (``fiscal_year`` when unknown)."""
    end = _timestamp(period_end)
    return end.year if end is not None else int(fiscal_year)


def period_end_text(period_end: object) -> str:
    """``2016-01-31`` ("" when unknown): the ISO date in both languages (a data value, as
    CSV and JSON carry it; Chinese sentences use :func:`acumen.formatting_zh.date_zh`)."""
    end = _timestamp(period_end)
    return "" if end is None else end.strftime("%Y-%m-%d")


def fiscal_label_dated(fiscal_year: int, period_end: object = None) -> str:
    """``FY2016 (ended 2016-01-31)``, for a year that stands alone; just ``FY2016`` when the
    period end is unknown (Chinese: ``2016财年（截至2016年1月31日）``)."""
    if in_chinese():
        from acumen.formatting_zh import fiscal_label_dated_zh

        return fiscal_label_dated_zh(fiscal_year, period_end)
    text = period_end_text(period_end)
    label = fiscal_label(fiscal_year, period_end)
    return f"{label} (ended {text})" if text else label


def _timestamp(value: object):
    import pandas as pd

    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp


def say(
    value: object,
    unit: str,
    currency: str = "USD",
    *,
    reason: str = "",
    decimals: int | None = None,
) -> str:
    """A number for a sentence: :func:`format_value` (``decimals`` overrides the unit's for
    pct and days: ``3.93%``, ``59.1 days``), never ``nan``/``None``/``inf``/``-0.0``; a
    missing value reads ``n/a (reason)`` (Chinese: ``不适用（reason）``)."""
    if is_missing(value):
        if not reason:
            return not_available()
        return f"{NA_ZH}（{reason}）" if in_chinese() else f"{NA} ({reason})"
    number = float(value)
    if decimals is not None and unit == "pct":
        return f"{_number(number * 100, decimals)}%"
    if decimals is not None and unit == "days":
        return f"{_number(number, decimals)} {_days_word()}"
    return format_value(number, unit, currency)


def say_change(
    delta: object, unit: str, currency: str = "USD", *, decimals: int | None = None
) -> str:
    """A signed change for a sentence: :func:`format_change`, or with ``decimals`` for pct
    (``+0.03 pts``) and days (``−5.0 days``); no sign when it rounds to zero."""
    if is_missing(delta) or decimals is None or unit not in ("pct", "days"):
        return format_change(delta, unit, currency)  # type: ignore[arg-type]
    delta = float(delta)
    if unit == "pct":
        amount, suffix = abs(delta) * 100, _points_word()
    else:
        amount, suffix = abs(delta), _days_word()
    text = f"{amount:.{decimals}f} {suffix}"
    if float(text.split()[0]) == 0:
        return text
    return ("+" if delta > 0 else MINUS) + text


def points(delta: object, decimals: int = 2) -> str:
    """A ratio difference in percentage points without sign: ``0.40 points``; n/a when
    missing (Chinese: ``0.40 个百分点``)."""
    if is_missing(delta):
        return not_available()
    word = POINTS_ZH if in_chinese() else "points"
    return f"{abs(float(delta)) * 100:.{decimals}f} {word}"


def fiscal_labels(statements, company: str) -> dict[int, str]:
    """``{fiscal_year: "FY2016", ...}`` for every year of ``company`` in a statements table
    (its ``period_end``): the one place years are named for display."""
    index = statements.index
    years = [int(y) for c, y in index if c == company]
    ends = statements.period_end
    lookup = {}
    if ends is not None and len(ends):
        lookup = {key: value for key, value in ends.items() if key[0] == company}
    return {y: fiscal_label(y, lookup.get((company, y))) for y in years}


def named_years(statements, company: str) -> dict[int, int]:
    """``{fiscal_year: calendar year it ends in}`` for ``company`` (see :func:`named_year`)."""
    ends = statements.period_end
    lookup = {}
    if ends is not None and len(ends):
        lookup = {key: value for key, value in ends.items() if key[0] == company}
    return {
        int(y): named_year(int(y), lookup.get((c, y))) for c, y in statements.index if c == company
    }


def possessive(name: str) -> str:
    """English possessive of a name: ``Walmart's``, ``Harbor Home Products'``, ``Siemens'``;
    in Chinese ``沃尔玛的`` (the name and 的)."""
    if in_chinese():
        return f"{name}的"
    return f"{name}'" if name.endswith("s") else f"{name}'s"
