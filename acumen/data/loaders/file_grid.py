"""The cell grid of a file, and reading it from CSV/TSV/TXT text (delimiter sniffing)."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from acumen.data.loaders.file_bytes import MAX_CELLS, check_shape
from acumen.data.loaders.file_context import LoadContext
from acumen.data.loaders.file_text import decode_text
from acumen.i18n import _

TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")


def text_grid(raw: bytes, ext: str, ctx: LoadContext) -> pd.DataFrame:
    """Cells of a CSV/TSV/TXT file; rows numbered from 1 as in a spreadsheet."""
    if ext not in TEXT_EXTENSIONS:
        if ext == ".xls":
            problem = _("cannot read old Excel .xls files")
        elif ext:
            problem = _("cannot read '{extension}' files").format(extension=ext)
        else:
            problem = _("cannot read 'no extension' files")
        raise ctx.error(
            problem,
            fix=_("Save the file as CSV (.csv) or Excel workbook (.xlsx) and upload it again."),
        )
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ctx.error(
            _("the file is named {extension} but is an Excel workbook").format(extension=ext),
            fix=_("Rename it to .xlsx, or save it as CSV from Excel."),
        )
    text = decode_text(raw, ctx)
    delimiter = _sniff_delimiter(text, ext)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str | None]] = []
    cells = 0
    try:
        for record in reader:
            rows.append([c.strip() or None for c in record])
            cells += len(record)
            check_shape(len(rows), rows[-1], ctx)
            if cells > MAX_CELLS:
                raise ctx.error(
                    _("the file has more than {count} cells").format(count=f"{MAX_CELLS:,}"),
                    fix=_("Upload one company's statements only (a few dozen rows)."),
                )
    except csv.Error as exc:
        raise ctx.error(
            _("cannot split the file into cells ({error})").format(error=exc),
            row=reader.line_num,
            fix=_('Check for an unclosed quote (") in that row, or save the file again as CSV.'),
        ) from exc
    return grid_frame(rows)


def _sniff_delimiter(text: str, ext: str) -> str:
    """The delimiter (',' ';' or tab) that splits the first lines most consistently."""
    if ext == ".tsv":
        return "\t"
    sample = text[:65_536]
    best, best_score = ",", 0
    for delimiter in (",", "\t", ";"):
        counts = []
        try:
            for i, record in enumerate(csv.reader(io.StringIO(sample), delimiter=delimiter)):
                if i >= 100:
                    break
                filled = len(record)
                while filled and not record[filled - 1].strip():
                    filled -= 1
                if filled >= 2:
                    counts.append(filled)
        except csv.Error:
            continue
        score = max(counts.count(c) for c in set(counts)) if counts else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def grid_frame(rows: list[list]) -> pd.DataFrame:
    """Object frame of cleaned cells (see :func:`clean_cell`); index = spreadsheet row."""
    width = max((len(r) for r in rows), default=0)
    padded = [r + [None] * (width - len(r)) for r in rows]
    return pd.DataFrame(padded, index=pd.RangeIndex(1, len(rows) + 1), dtype=object)


def clean_cell(value: object) -> object:
    """Text stripped; empty text and NaN as None; openpyxl formula objects as their formula
    text; other values unchanged."""
    if type(value).__module__.startswith("openpyxl"):
        value = str(getattr(value, "text", "") or "")
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def drop_empty(grid: pd.DataFrame) -> pd.DataFrame:
    filled = grid.notna()
    return grid.loc[filled.any(axis=1), filled.any(axis=0)]
