"""Reading the cell grid of an .xlsx workbook, after checking the zip is safe to open."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from acumen.data.loaders.file_bytes import (
    MAX_CELLS,
    MAX_ROWS,
    MIB,
    XLSX_BINARY_EXTENSIONS,
    XLSX_LIMITS,
    check_shape,
)
from acumen.data.loaders.file_context import FIX_LAYOUT, LoadContext, clip_text
from acumen.data.loaders.file_grid import clean_cell, grid_frame
from acumen.errors import AcumenError
from acumen.i18n import N_, _

EXCEL_EXTENSIONS = (".xlsx", ".xlsm")


def excel_sheets(raw: bytes, ctx: LoadContext) -> tuple[list[tuple[str, pd.DataFrame]], int]:
    """((title, cells) of every worksheet holding a value, number of worksheets); cached
    values replace formulas."""
    check_xlsx_container(raw, ctx)
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
            _("the Excel workbook is damaged or not a real .xlsx file and cannot be read"),
            fix=_("Open it in Excel and save it again as .xlsx, or save it as CSV."),
        ) from exc
    total = len(sheets)
    sheets = [(title, rows) for title, rows in sheets if rows]
    if not sheets:
        raise ctx.error(_("the workbook has no data"), fix=_(FIX_LAYOUT))
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
        (title, grid_frame([[clean_cell(v) for v in row] for row in rows]))
        for title, rows in sheets
    ]
    return grids, total


def _zip_pad(a: list | tuple, b: list | tuple, fill: object = None) -> list[tuple]:
    """Pairs of a and b, padding the shorter one with ``fill``."""
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else fill, b[i] if i < len(b) else fill) for i in range(n)]


def check_xlsx_container(raw: bytes, ctx: LoadContext) -> None:
    """Refuse anything that is not a sane .xlsx zip before openpyxl sees it."""
    fix = _("Open it in Excel and save it as .xlsx, or save it as CSV and upload that.")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ctx.error(_("the file is an old .xls workbook, not .xlsx"), fix=fix)
    if not raw.startswith(b"PK\x03\x04"):
        looks_text = (
            raw[:2000].count(b",") + raw[:2000].count(b";") > 0 and b"\x00" not in raw[:2000]
        )
        problem = (
            _("the file is named .xlsx but is text (it looks like CSV)")
            if looks_text
            else _("the file is named .xlsx but is not an Excel workbook")
        )
        raise ctx.error(problem, fix=fix)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
            if "xl/workbook.xml" not in {i.filename for i in infos}:
                raise ctx.error(_("the file is a zip archive but not an Excel workbook"), fix=fix)
            _check_members(infos, ctx)
            _check_tags(archive, [i for i in infos if _part_kind(i.filename) != "cells"], ctx)
            strings = [i for i in infos if "sharedstrings" in i.filename.lower()]
            _check_tags(archive, strings, ctx, "string_tags")
    except AcumenError:
        raise
    except Exception as exc:  # BadZipFile, a bad CRC, zlib/lzma errors, encryption…
        raise ctx.error(_("the .xlsx file is damaged (not a valid zip archive)"), fix=fix) from exc


_FIX_REPACK = N_(
    "Save the workbook again from Excel (File > Save As > Excel Workbook .xlsx), "
    "or export the statements as CSV and upload that."
)


def _part_kind(name: str) -> str:
    """ "cells" (worksheets, shared strings), "binary" (images, .bin) or "xml" (the rest)."""
    lower = name.lower()
    if (lower.startswith("xl/worksheets/") and "/_rels/" not in lower) or (
        "sharedstrings" in lower
    ):
        return "cells"
    if lower.rpartition(".")[2] in XLSX_BINARY_EXTENSIONS:
        return "binary"
    return "xml"


def _megabytes(size: int) -> str:
    """1,024 MB, 1.5 MB, 12 KB or 200 bytes."""
    if size < 1024:
        return f"{size:,} bytes"
    if size < MIB:
        return f"{size / 1024:,.0f} KB"
    return f"{size / MIB:,.1f} MB" if size < 10 * MIB else f"{size / MIB:,.0f} MB"


def _check_members(infos: list[zipfile.ZipInfo], ctx: LoadContext) -> None:
    """Every member of the zip within XLSX_LIMITS, from the sizes its directory declares
    (Python's zipfile never unpacks more than a member declares). Worksheets are read row
    by row, so they are bounded by their total and the cell count, not by a ratio."""
    limits = XLSX_LIMITS
    if len(infos) > limits["members"]:
        raise ctx.error(
            _("the workbook holds {count} files (parts); at most {limit} are read").format(
                count=f"{len(infos):,}", limit=f"{limits['members']:,}"
            ),
            fix=_(_FIX_REPACK),
        )
    for info in infos:
        size, packed = info.file_size, max(info.compress_size, 1)
        part = clip_text(info.filename)
        kind = _part_kind(info.filename)
        if kind != "cells" and size > limits["ratio_floor"] and size > limits["ratio"] * packed:
            raise ctx.error(
                _(
                    "part '{part}' of the workbook is too large once unpacked: "
                    "{packed} becomes {size}, {ratio} times "
                    "its packed size (at most {limit} times is read), like a zip bomb"
                ).format(
                    part=part,
                    packed=_megabytes(packed),
                    size=_megabytes(size),
                    ratio=f"{size // packed:,}",
                    limit=limits["ratio"],
                ),
                fix=_(_FIX_REPACK),
            )
        limit = limits["binary_bytes"] if kind == "binary" else limits["part_bytes"]
        if kind != "cells" and size > limit:
            raise ctx.error(
                _(
                    "part '{part}' of the workbook is too large once unpacked: "
                    "{size}, above the {limit} limit for one part"
                ).format(part=part, size=_megabytes(size), limit=_megabytes(limit)),
                fix=_(_FIX_REPACK),
            )
    cell_parts = [i for i in infos if _part_kind(i.filename) == "cells"]
    cells = sum(i.file_size for i in cell_parts)
    if cells > limits["cells_bytes"]:
        largest = max(cell_parts, key=lambda i: i.file_size)
        raise ctx.error(
            _(
                "the workbook's worksheets are too large once unpacked: {size} "
                "(part '{part}': {part_size}), above the {limit} limit"
            ).format(
                size=_megabytes(cells),
                part=clip_text(largest.filename),
                part_size=_megabytes(largest.file_size),
                limit=_megabytes(limits["cells_bytes"]),
            ),
            fix=_("Copy only the statements into a new workbook or CSV."),
        )
    total = sum(i.file_size for i in infos)
    if total > limits["total_bytes"]:
        raise ctx.error(
            _("the workbook is too large once unpacked: {size}, above the {limit} limit").format(
                size=_megabytes(total), limit=_megabytes(limits["total_bytes"])
            ),
            fix=_(_FIX_REPACK),
        )


def _check_tags(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    ctx: LoadContext,
    limit: str = "tags",
) -> None:
    """At most ``XLSX_LIMITS[limit]`` '<' in these parts (a few MB at most once the sizes
    are checked), so that no part openpyxl parses whole builds millions of objects."""
    tags, most = 0, XLSX_LIMITS[limit]
    for info in infos:
        with archive.open(info) as member:
            while chunk := member.read(MIB):
                tags += chunk.count(b"<")
        if tags > most:
            problem = (
                _(
                    "part '{part}' of the workbook brings its XML elements above {limit} "
                    "(in the shared strings)"
                )
                if limit == "string_tags"
                else _(
                    "part '{part}' of the workbook brings its XML elements above {limit} "
                    "(outside the worksheets)"
                )
            )
            raise ctx.error(
                problem.format(part=clip_text(info.filename), limit=f"{most:,}"),
                fix=_(_FIX_REPACK),
            )


def _worksheets(workbook: object) -> list:
    """The workbook's worksheets (chart sheets have no cells)."""
    return [s for s in workbook.worksheets if hasattr(s, "iter_rows")]


def _sheet_rows(sheet: object, ctx: LoadContext) -> list[tuple]:
    """Rows of values (trailing empty rows dropped), within the size limits."""
    rows: list[tuple] = []
    cells = 0
    last_filled = 0
    for row in sheet.iter_rows(values_only=True):
        rows.append(row)
        cells += len(row)
        if any(v is not None and v != "" for v in row):
            last_filled = len(rows)
            check_shape(last_filled, row, ctx)
        if cells > MAX_CELLS or len(rows) > 10 * MAX_ROWS:
            raise ctx.error(
                _("the sheet is too large"),
                fix=_("Copy only the statements into a new workbook or CSV."),
            )
    return rows[:last_filled]
