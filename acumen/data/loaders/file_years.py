"""Parsing year, date and period cells into fiscal years (and telling quarters and TTM apart).

A cell is a :class:`Period`: a fiscal year with its period end when known, and its kind:
``"year"`` (a fiscal year), ``"quarter"`` or ``"half"`` (a part of a year, set aside until
quarterly analysis exists) or ``"ttm"`` (trailing twelve months, "Latest Qtr": not a
fiscal year). Dates map to fiscal years by the Compustat convention
(:func:`acumen.data.statements.fiscal_year_of`).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from acumen.data.statements import fiscal_year_of


class Period(NamedTuple):
    fiscal_year: int
    period_end: pd.Timestamp | None
    kind: str  # "year" | "quarter" | "half" | "ttm"


_YEAR = re.compile(
    r"(?:fy|f\.y\.|fiscal(?:\s+year)?|financial\s+year|year)?\s*['’]?\s*(\d{4})(?:\.0+)?\s*a?",
    re.I | re.ASCII,
)
_SHORT_YEAR = re.compile(r"(?:fy|f\.y\.|fiscal(?:\s+year)?)\s*['’]?\s*(\d{2})", re.I | re.ASCII)
#: "FY2021 (2020-21)", "FY2021\n(2020-21)": the year, then the span it covers.
_YEAR_SPAN = re.compile(
    r"(?:fy|fiscal(?:\s+year)?)?\s*(\d{4})\s*\(?\s*(\d{4})\s*[-–/]\s*(\d{2}|\d{4})\s*\)?", re.I
)
_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?(?:\.0+)?)?")
_SLASH_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR_MONTH = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})")
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_CJK_REPORT = re.compile(r"(\d{4})\s*年?\s*(年报|年度|年|中报|半年报|一季报|三季报|季报)")
_QUARTER = re.compile(
    r"(?:(?:fy)?\s*(\d{4})\s*[-/ ]?\s*q([1-4])|q([1-4])\s*[-/ ]?\s*(?:fy)?\s*(\d{4})"
    r"|([1-4])q\s*(\d{2}|\d{4}))",
    re.I,
)
_HALF = re.compile(r"(?:(\d{4})\s*[-/ ]?\s*h([12])|h([12])\s*[-/ ]?\s*(\d{4}))", re.I)
_TTM = re.compile(r"ttm|ltm|trailing\s*(?:twelve|12)\s*months?|latest\s*(?:qtr|quarter)|mrq", re.I)
_DATE_PREFIX = re.compile(
    r"^(?:(?:\d+\s+months?\s+ended\s*)|(?:fiscal\s+)?years?\s+end(?:ed|ing)|period\s+end(?:ed|ing)"
    r"|as\s+(?:of|at)|at)\s+",
    re.I,
)
_MONTH_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y")
_MONTH_YEAR_FORMATS = ("%b %Y", "%B %Y", "%b-%Y", "%b-%y")
#: Excel serial day numbers of 1955-01-01 .. 2100-12-31 (a serial needs a date column).
EXCEL_SERIALS = (20090, 73415)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def parse_year(value: object) -> tuple[int, pd.Timestamp | None] | None:
    """(fiscal year, period end or None) for a cell that names a fiscal year; None for
    anything else, quarters and TTM included (see :func:`parse_period`)."""
    period = parse_period(value)
    if period is None or period.kind != "year":
        return None
    return period.fiscal_year, period.period_end


def parse_period(value: object, *, day_first: bool = False, serial: bool = False) -> Period | None:
    """The period a header or year cell names, or None when it names none.

    Years: 2015, 2015.0, "FY2015", "FY 15", "FY2021 (2020-21)", "2024年报", "2024年度".
    Dates: "2016-01-31", "2016-01-31 00:00:00", "12/31/2025" (or "31/12/2025" with
    ``day_first``, and whenever the first number is above 12), "31.01.2016",
    "Dec. 31, 2024", "Year ended January 31, 2016", "2005-09", "2020/03", "Sep 2014",
    "2024年12月31日"; with ``serial``, an Excel serial day number such as 45291.
    Quarters ("2024Q1", "Q1 2024", "1Q24", "2024年一季报"), halves ("2024H1", "2024年中报")
    and TTM ("TTM", "Latest Qtr", "LTM") are recognised as such.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return _from_date(pd.Timestamp(value))
    if isinstance(value, int | float | np.integer | np.floating):
        try:
            number = float(value)
        except OverflowError:
            return None
        if not np.isfinite(number) or not number.is_integer():
            return None
        if 1900 <= number <= 2100:
            return Period(int(number), None, "year")
        if serial and EXCEL_SERIALS[0] <= number <= EXCEL_SERIALS[1]:
            return _from_date(_EXCEL_EPOCH + pd.Timedelta(days=int(number)))
        return None
    if isinstance(value, str):
        return _parse_text(" ".join(value.split()), day_first, serial)
    return None


def _from_date(stamp: pd.Timestamp, kind: str = "year") -> Period | None:
    if not 1900 <= stamp.year <= 2100:
        return None
    year = int(fiscal_year_of(pd.DatetimeIndex([stamp]))[0])
    return Period(year, stamp.normalize(), kind)


def _month_end(year: int, month: int) -> pd.Timestamp | None:
    if not 1 <= month <= 12:
        return None
    return pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)


@lru_cache(maxsize=1 << 14)
def _parse_text(text: str, day_first: bool, serial: bool) -> Period | None:
    if not text or len(text) > 60:
        return None
    if _TTM.fullmatch(text):
        return Period(0, None, "ttm")
    match = _YEAR.fullmatch(text)
    if match:
        return _year_only(int(match.group(1)))
    match = _SHORT_YEAR.fullmatch(text)
    if match:
        yy = int(match.group(1))
        return Period(2000 + yy if yy < 70 else 1900 + yy, None, "year")
    found = (
        _dated(text, day_first)
        or _year_month(text)
        or _cjk(text)
        or _part_of_year(text)
        or _span(text)
        or _parse_month_date(text)
    )
    if found is None and serial and re.fullmatch(r"\d{5}(?:\.0+)?", text):
        return parse_period(float(text), serial=True)
    return found


def _year_only(year: int) -> Period | None:
    return Period(year, None, "year") if 1900 <= year <= 2100 else None


def _dated(text: str, day_first: bool) -> Period | None:
    match = _ISO_DATE.fullmatch(text)
    if match:
        y, m, d = (int(g) for g in match.groups())
        return _stamp(y, m, d)
    match = _SLASH_DATE.fullmatch(text)
    if match:
        a, b, y = (int(g) for g in match.groups())
        if a > 12 or (day_first and b <= 12):
            a, b = b, a
        return _stamp(y, a, b)
    return None


def _stamp(year: int, month: int, day: int) -> Period | None:
    try:
        return _from_date(pd.Timestamp(year=year, month=month, day=day))
    except ValueError:
        return None


def _year_month(text: str) -> Period | None:
    """ "2005-09", "2020/03": the month a fiscal year ends in."""
    match = _YEAR_MONTH.fullmatch(text)
    if not match:
        return None
    end = _month_end(int(match.group(1)), int(match.group(2)))
    return _from_date(end) if end is not None else None


def _cjk(text: str) -> Period | None:
    match = _CJK_DATE.fullmatch(text)
    if match:
        year, month, day = match.group(1), match.group(2), match.group(3)
        if day:
            return _stamp(int(year), int(month), int(day))
        end = _month_end(int(year), int(month))
        return _from_date(end) if end is not None else None
    match = _CJK_REPORT.fullmatch(text)
    if match:
        year, word = int(match.group(1)), match.group(2)
        if word in {"年报", "年度", "年"}:
            return _year_only(year)
        kind = "half" if word in {"中报", "半年报"} else "quarter"
        return Period(year, None, kind)
    return None


def _part_of_year(text: str) -> Period | None:
    match = _QUARTER.fullmatch(text)
    if match:
        groups = [g for g in match.groups() if g]
        year = next(int(g) for g in groups if len(g) in (2, 4) and len(g) != 1)
        year = year + 2000 if year < 100 else year
        return Period(year, None, "quarter")
    match = _HALF.fullmatch(text)
    if match:
        year = next(int(g) for g in match.groups() if g and len(g) == 4)
        return Period(year, None, "half")
    return None


def _span(text: str) -> Period | None:
    """ "FY2021 (2020-21)": fiscal 2021, ending in 2021."""
    match = _YEAR_SPAN.fullmatch(text)
    if not match:
        return None
    year, start = int(match.group(1)), int(match.group(2))
    end = int(match.group(3))
    end = end if end >= 100 else (start // 100) * 100 + end
    return _year_only(year) if end in (year, start + 1) else None


def _parse_month_date(text: str) -> Period | None:
    """ "December 31, 2015", "31 Dec 2015", "Year ended Jan. 31, 2016", "Sep 2014"."""
    if not re.search(r"[A-Za-z]{3}", text) or not re.search(r"\d{4}", text):
        return None
    cleaned = _DATE_PREFIX.sub("", text).replace(".", "").strip()
    cleaned = re.sub(r"(?i)\bsept\b", "Sep", cleaned)
    for fmt in _MONTH_FORMATS:
        try:
            return _from_date(pd.Timestamp(dt.datetime.strptime(cleaned, fmt)))
        except ValueError:
            continue
    for fmt in _MONTH_YEAR_FORMATS:
        try:
            first = dt.datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        end = _month_end(first.year, first.month)
        return _from_date(end) if end is not None else None
    return None
