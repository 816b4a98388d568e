"""How amounts, dates and fiscal years are said in Chinese (pure Python, no UI).

The Chinese counterparts of :func:`acumen.formatting.format_money`, ``period_end_text`` and
``fiscal_label``, used when the active language is ``zh``. Percentages, ratios and the
Unicode minus are the same in both languages.

Amounts count in 万 (10⁴) and 亿 (10⁸), the rule:

- ``|v| ≥ 1亿`` (10⁸): 亿 with 2 decimals and thousands separators: ``¥1.23亿``,
  ``$3,910.35亿`` (no 万亿: one unit above 万 keeps columns comparable);
- ``1万 ≤ |v| < 1亿``: 万 with 2 decimals: ``$4,560万``, ``¥1.23万``;
- below 1万: whole units: ``¥9,999``;
- trailing zeros of the decimals are dropped (``¥1.2亿``, ``¥1亿``); the unit is chosen after
  rounding, so 99,999,999 reads ``¥1亿`` and 9,999.6 reads ``¥1万``;
- negatives take the Unicode minus (``−¥1.23亿``); an amount that rounds to zero has no sign;
- NaN, None and ±inf read ``不适用``; beyond 10¹²亿, scientific (``¥1.23e12亿``).

Currency symbols: in Chinese ``¥`` is the renminbi (CNY); the yen is ``JP¥``.
"""

from __future__ import annotations

import pandas as pd

from acumen.formatting import MINUS, is_missing, named_year

NA_ZH = "不适用"
#: Currency code -> symbol written before the amount in Chinese text.
SYMBOLS_ZH: dict[str, str] = {
    "CNY": "¥",
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "JP¥",
    "HKD": "HK$",
}
WAN = 1e4
YI = 1e8
#: Beyond this many 亿, scientific notation (never a 300-digit amount).
YI_SCIENTIFIC = 1e12


def _trimmed(text: str) -> str:
    """``4,560.00`` -> ``4,560``; ``1.20`` -> ``1.2``."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def amount_zh(magnitude: float) -> str:
    """A non-negative amount in 万 / 亿 (the rule in the module docstring): ``1.23亿``,
    ``4,560万``, ``9,999``."""
    if magnitude >= YI * YI_SCIENTIFIC:
        return f"{magnitude / YI:.2e}亿".replace("e+", "e")
    plain = f"{magnitude:,.0f}"
    if _value(plain) < WAN:
        return plain
    wan = f"{magnitude / WAN:,.2f}"
    if _value(wan) < WAN:
        return f"{_trimmed(wan)}万"
    return f"{_trimmed(f'{magnitude / YI:,.2f}')}亿"


def money_zh(value: object, currency: str = "USD") -> str:
    """Money in Chinese: ``¥1.23亿``, ``$4,560万``, ``−€12万``, ``1.2亿 CHF`` for a currency
    without a symbol here; NaN -> ``不适用``."""
    if is_missing(value):
        return NA_ZH
    number = float(value)  # type: ignore[arg-type]
    body = amount_zh(abs(number))
    negative = number < 0 and body.strip("0.,万亿") != ""
    sign = MINUS if negative else ""
    code = (currency or "USD").upper()
    symbol = SYMBOLS_ZH.get(code)
    if symbol is not None:
        return f"{sign}{symbol}{body}"
    return f"{sign}{body} {code}"


def _timestamp(value: object) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp


def date_zh(value: object) -> str:
    """``2024年12月31日`` (months and days without a leading zero: ``2024年1月5日``; "" when
    unknown), as Babel's ``zh_CN`` long date format writes it."""
    stamp = _timestamp(value)
    return "" if stamp is None else f"{stamp.year}年{stamp.month}月{stamp.day}日"


def fiscal_label_zh(fiscal_year: int, period_end: object = None) -> str:
    """``2024财年``: the fiscal year named by the calendar year in which it ends, as
    :func:`acumen.formatting.fiscal_label` names it (``FY2024``)."""
    return f"{named_year(fiscal_year, period_end)}财年"


def fiscal_label_dated_zh(fiscal_year: int, period_end: object = None) -> str:
    """``2016财年（截至2016年1月31日）`` for a year that stands alone; just ``2016财年`` when the
    period end is unknown."""
    label = fiscal_label_zh(fiscal_year, period_end)
    ended = date_zh(period_end)
    return f"{label}（截至{ended}）" if ended else label
