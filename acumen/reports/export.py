"""Safe CSV export: UTF-8 with BOM, CRLF, RFC 4180 quoting, formula injection neutralised.

The header row may show labels instead of the column keys (``headers``: key -> label, e.g.
the Chinese column names), so the file a person opens in Excel reads in their language.

A text cell that starts with ``= + - @`` (or their full-width forms ＝ ＋ － ＠), a tab, a CR
or a NUL gets a leading apostrophe, so a spreadsheet shows it as text. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
from collections.abc import Mapping

import pandas as pd

DANGEROUS_FIRST_CHARACTERS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\t\r\x00")
BOM = "\ufeff"


def neutralise(cell: object) -> object:
    """The cell as written: numbers unchanged, NaN/None empty, risky text prefixed with '."""
    if cell is None or cell is pd.NA or cell is pd.NaT:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, numbers.Number):
        return "" if isinstance(cell, float) and math.isnan(cell) else _number_text(cell)
    text = str(cell)
    return "'" + text if text and text[0] in DANGEROUS_FIRST_CHARACTERS else text


def _number_text(value: numbers.Number) -> str:
    if isinstance(value, numbers.Integral):
        return str(int(value))
    as_float = float(value)
    return str(int(as_float)) if as_float.is_integer() and abs(as_float) < 1e15 else repr(as_float)


def to_safe_csv(
    table: pd.DataFrame, *, index: bool = False, headers: Mapping[str, str] | None = None
) -> bytes:
    """The table as safe CSV bytes (see the module docstring); ``headers`` renames columns
    in the header row only (a column not in it keeps its key)."""
    frame = table.reset_index() if index else table
    names = headers or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(names.get(str(c), str(c))) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([neutralise(cell) for cell in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def read_safe_csv(data: bytes) -> list[list[str]]:
    """Parse an export back with ``csv.reader`` (used by tests and round trips)."""
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))
