"""Reading the cell grid of an .xlsx workbook, after checking the zip is safe to open."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from acumen.errors import AcumenError
from acumen.loaders.file_bytes import (
    MAX_CELLS,
    MAX_ROWS,
    MAX_XLSX_SHEET_BYTES,
    _check_shape,
)
from acumen.loaders.file_context import _FIX_LAYOUT, _Context
from acumen.loaders.file_grid import _clean, _grid_frame

EXCEL_EXTENSIONS = (".xlsx", ".xlsm")


def excel_sheets(raw: bytes, ctx: _Context) -> tuple[list[tuple[str, pd.DataFrame]], int]:
    """((title, cells) of every worksheet holding a value, number of worksheets); cached
    values replace formulas."""
    _check_xlsx_container(raw, ctx)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        try:
            sheets = [(s.title, _sheet_rows(s, ctx)) for s in _worksheets(workbook)]
        finally:
            workbook.close()
    except AcumenError:
        raise
    except Exception as exc:
        raise ctx.error(
            "the Excel workbook is damaged or not a real .xlsx file and cannot be read",
            fix="Open it in Excel and save it again as .xlsx, or save it as CSV.",
        ) from exc
    total = len(sheets)
    sheets = [(title, rows) for title, rows in sheets if rows]
    if not sheets:
        raise ctx.error("the workbook has no data", fix=_FIX_LAYOUT)
    if any(isinstance(v, str) and v.startswith("=") for _, rows in sheets for r in rows for v in r):
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            cached = {s.title: _sheet_rows(s, ctx) for s in _worksheets(workbook)}
        finally:
            workbook.close()
        sheets = [
            (
                title,
                [
                    tuple(c if c is not None else f for f, c in _zip_pad(frow, crow))
                    for frow, crow in _zip_pad(rows, cached.get(title, []), fill=())
                ],
            )
            for title, rows in sheets
        ]
    grids = [
        (title, _grid_frame([[_clean(v) for v in row] for row in rows])) for title, rows in sheets
    ]
    return grids, total


def _zip_pad(a: list | tuple, b: list | tuple, fill: object = None) -> list[tuple]:
    """Pairs of a and b, padding the shorter one with ``fill``."""
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else fill, b[i] if i < len(b) else fill) for i in range(n)]


def _check_xlsx_container(raw: bytes, ctx: _Context) -> None:
    """Refuse anything that is not a sane .xlsx zip before openpyxl sees it."""
    fix = "Open it in Excel and save it as .xlsx, or save it as CSV and upload that."
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ctx.error("the file is an old .xls workbook, not .xlsx", fix=fix)
    if not raw.startswith(b"PK\x03\x04"):
        looks_text = (
            raw[:2000].count(b",") + raw[:2000].count(b";") > 0 and b"\x00" not in raw[:2000]
        )
        kind = "text (it looks like CSV)" if looks_text else "not an Excel workbook"
        raise ctx.error(f"the file is named .xlsx but is {kind}", fix=fix)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ctx.error("the .xlsx file is damaged (not a valid zip archive)", fix=fix) from exc
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise ctx.error("the file is a zip archive but not an Excel workbook", fix=fix)
    parsed = [
        i for i in infos if i.filename.startswith("xl/worksheets/") or "sharedStrings" in i.filename
    ]
    if sum(i.file_size for i in parsed) > MAX_XLSX_SHEET_BYTES:
        raise ctx.error(
            "the workbook is too large once unpacked",
            fix="Copy only the statements into a new workbook or CSV.",
        )


def _worksheets(workbook: object) -> list:
    """The workbook's worksheets (chart sheets have no cells)."""
    return [s for s in workbook.worksheets if hasattr(s, "iter_rows")]


def _sheet_rows(sheet: object, ctx: _Context) -> list[tuple]:
    """Rows of values (trailing empty rows dropped), within the size limits."""
    rows: list[tuple] = []
    cells = 0
    last_filled = 0
    for row in sheet.iter_rows(values_only=True):
        rows.append(row)
        cells += len(row)
        if any(v is not None and v != "" for v in row):
            last_filled = len(rows)
            _check_shape(last_filled, row, ctx)
        if cells > MAX_CELLS or len(rows) > 10 * MAX_ROWS:
            raise ctx.error(
                "the sheet is too large",
                fix="Copy only the statements into a new workbook or CSV.",
            )
    return rows[:last_filled]
