"""Reading an upload's bytes, and the size limits (bytes, rows, columns, cells)."""

from __future__ import annotations

from pathlib import Path

from acumen.data.loaders.file_context import LoadContext
from acumen.i18n import _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 1_000
MAX_YEAR_COLUMNS = 200
MAX_CELLS = 1_000_000
MIB = 1024 * 1024

#: Bounds on the members of an .xlsx zip, checked from the zip's directory (and a count of
#: "<" in the non-cell parts) before openpyxl parses anything.
XLSX_LIMITS: dict[str, int] = {
    "members": 5_000,  # files in the zip
    "cells_bytes": 12 * MIB,  # worksheets + shared strings, unpacked, together
    "part_bytes": 1 * MIB,  # any other XML part (styles, workbook, rels, [Content_Types]…)
    "binary_bytes": 10 * MIB,  # one image, printer setting or macro part
    "total_bytes": 32 * MIB,  # every member, unpacked, together
    "tags": 100_000,  # "<" in the members other than worksheets and shared strings
    "string_tags": 500_000,  # "<" in the shared strings (4 a string: ~125,000 strings)
    "ratio": 100,  # unpacked / packed size of one member other than the cells…
    "ratio_floor": 1 * MIB,  # …once it unpacks to more than this
}
#: Members never parsed as XML (their size limit is "binary_bytes").
XLSX_BINARY_EXTENSIONS = frozenset(
    {"bin", "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "emf", "wmf", "ico", "webp"}
)


def read_bytes(data: bytes | str | Path, ctx: LoadContext) -> bytes:
    """The file's bytes, refusing anything above MAX_UPLOAD_BYTES before reading it."""
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    elif isinstance(data, str) and "\n" in data:  # CSV text passed directly
        raw = data.encode("utf-8")
    elif isinstance(data, str | Path):
        path = Path(data)
        if not path.is_file():
            raise ctx.error(_("file not found"), fix=_("Check the path and try again."))
        _check_size(path.stat().st_size, ctx)
        raw = path.read_bytes()
    else:
        raise ctx.error(
            _("cannot read data of type {kind}").format(kind=type(data).__name__),
            fix=_("Pass bytes or a file path."),
        )
    _check_size(len(raw), ctx)
    return raw


def _check_size(size: int, ctx: LoadContext) -> None:
    if size > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ctx.error(
            _("the file is larger than the {limit} MB limit ({size} MB)").format(
                limit=limit, size=f"{size / 1024 / 1024:.2f}"
            ),
            fix=_("Upload only the statements (a few dozen rows), not a whole workbook export."),
        )


def check_shape(count: int, record: list | tuple, ctx: LoadContext) -> None:
    """Refuse a row beyond MAX_ROWS or a row with more than MAX_COLUMNS filled cells."""
    if count > MAX_ROWS:
        raise ctx.error(
            _("the file has more than {count} rows").format(count=f"{MAX_ROWS:,}"),
            fix=_("Upload one company's statements only (a few dozen rows)."),
        )
    width = len(record)
    while width and record[width - 1] is None:
        width -= 1
    if width > MAX_COLUMNS:
        raise ctx.error(
            _(
                "the file has {count} columns; at most {limit} are read "
                "(and at most {years} year columns)"
            ).format(count=f"{width:,}", limit=f"{MAX_COLUMNS:,}", years=MAX_YEAR_COLUMNS),
            row=count,
            fix=_("Keep one column per year, or use one row per year (long layout)."),
        )
