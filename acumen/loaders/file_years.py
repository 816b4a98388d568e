"""Parsing year and period-end cells ("FY2015", "2016-01-31") into fiscal years."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from acumen.statements import fiscal_year_of

_YEAR = re.compile(
    r"(?:fy|f\.y\.|fiscal(?:\s+year)?|financial\s+year|year)?\s*['’]?\s*(\d{4})(?:\.0+)?\s*a?",
    re.I | re.ASCII,
)
_SHORT_YEAR = re.compile(r"(?:fy|f\.y\.|fiscal(?:\s+year)?)\s*['’]?\s*(\d{2})", re.I | re.ASCII)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", re.ASCII)
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)
_DOT_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", re.ASCII)
_DATE_PREFIX = re.compile(
    r"^(?:(?:fiscal\s+)?years?\s+end(?:ed|ing)|period\s+end(?:ed|ing)|as\s+(?:of|at)|at)\s+", re.I
)
_MONTH_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y")


def parse_year(value: object) -> tuple[int, pd.Timestamp | None] | None:
    """(fiscal year, period end or None) for a year or date cell; None when it is neither.

    Accepts 2015, 2015.0, "2015", "FY2015", "FY 2015", "FY15", ISO "2016-01-31", US
    "1/31/2016", "31.01.2016" and "Year ended January 31, 2016". Dates map to fiscal
    years by the Compustat convention (see :func:`fiscal_year_of`).
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
        if number.is_integer() and 1900 <= number <= 2100:
            return int(number), None
        return None
    if isinstance(value, str):
        return _parse_year_text(value.strip())
    return None


def _from_date(stamp: pd.Timestamp) -> tuple[int, pd.Timestamp] | None:
    if not 1900 <= stamp.year <= 2100:
        return None
    year = int(fiscal_year_of(pd.DatetimeIndex([stamp]))[0])
    return year, stamp.normalize()


def _parse_year_text(text: str) -> tuple[int, pd.Timestamp | None] | None:
    """Year or date text (see :func:`parse_year`)."""
    if not text or len(text) > 40:
        return None
    match = _YEAR.fullmatch(text)
    if match:
        year = int(match.group(1))
        return (year, None) if 1900 <= year <= 2100 else None
    match = _SHORT_YEAR.fullmatch(text)
    if match:
        yy = int(match.group(1))
        return (2000 + yy if yy < 70 else 1900 + yy), None
    for pattern, order in ((_ISO_DATE, "ymd"), (_US_DATE, "mdy"), (_DOT_DATE, "dmy")):
        match = pattern.fullmatch(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                stamp = pd.Timestamp(year=parts["y"], month=parts["m"], day=parts["d"])
            except ValueError:
                return None
            return _from_date(stamp)
    return _parse_month_date(text)


def _parse_month_date(text: str) -> tuple[int, pd.Timestamp] | None:
    """ "December 31, 2015", "31 Dec 2015", "Year ended Jan. 31, 2016"."""
    if not re.search(r"[A-Za-z]{3}", text) or not re.search(r"\d{4}", text):
        return None
    cleaned = _DATE_PREFIX.sub("", text).replace(".", "").strip()
    cleaned = re.sub(r"(?i)\bsept\b", "Sep", cleaned)
    for fmt in _MONTH_FORMATS:
        try:
            return _from_date(pd.Timestamp(dt.datetime.strptime(cleaned, fmt)))
        except ValueError:
            continue
    return None
