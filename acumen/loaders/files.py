"""Load one company's statements from an uploaded CSV or Excel file.

Two layouts are understood:

- **wide**: line items as rows, years as columns (as pasted from an annual report);
- **long**: one row per year, line items as columns.

Title lines above the header ("Company: Harbor Home Products", "Currency: EUR",
"Income statement (in millions)") give the company, the currency and the unit.
Every problem raises :class:`AcumenError` naming the file, row and column, with a fix.
Nothing in the file is ever evaluated: a formula is just text.

This module is the pipeline; each step lives in a ``file_*`` module beside it:
``file_bytes`` (reading, size limits), ``file_text`` (decoding), ``file_grid`` (CSV
cells), ``file_xlsx`` (workbooks), ``file_layout`` (header row, wide or long),
``file_wide`` / ``file_long`` / ``file_figures`` (figures), ``file_years`` (years and
dates), ``file_checks`` (duplicates, totals, bracketed costs), ``file_meta`` (unit,
currency, company) and ``file_context`` (the shared error builder).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pandas as pd

from acumen.errors import AcumenError
from acumen.loaders.file_bytes import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    MAX_XLSX_SHEET_BYTES,
    MAX_YEAR_COLUMNS,
    _read_bytes,
)
from acumen.loaders.file_checks import EXPENSE_ITEMS, _check_totals, _flip_bracketed_costs
from acumen.loaders.file_context import _FIX_LAYOUT, _Context
from acumen.loaders.file_grid import TEXT_EXTENSIONS, _drop_empty, _text_grid
from acumen.loaders.file_layout import (
    COMPANY_LABELS,
    DATE_LABELS,
    FISCAL_YEAR_LABELS,
    HEADER_SEARCH_ROWS,
    NOTE_LABELS,
    _find_header,
    _title_texts,
)
from acumen.loaders.file_long import _long_figures
from acumen.loaders.file_meta import (
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    UNIT_ALIASES,
    UNIT_FACTORS,
    UNIT_PATTERNS,
    _company_id,
    _currency,
    _unit_factor,
)
from acumen.loaders.file_text import MIXED_UTF8, decode_as
from acumen.loaders.file_wide import _wide_figures
from acumen.loaders.file_xlsx import EXCEL_EXTENSIONS, _excel_grid
from acumen.loaders.file_years import parse_year
from acumen.statements import build_statements, make_companies

#: The public names this module has always offered (most now live in ``file_*`` modules).
__all__ = [
    "COMPANY_LABELS",
    "CURRENCY_CODES",
    "CURRENCY_SYMBOLS",
    "DATE_LABELS",
    "EXCEL_EXTENSIONS",
    "EXPENSE_ITEMS",
    "FISCAL_YEAR_LABELS",
    "HEADER_SEARCH_ROWS",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "MAX_XLSX_SHEET_BYTES",
    "MAX_YEAR_COLUMNS",
    "MIXED_UTF8",
    "NOTE_LABELS",
    "TEXT_EXTENSIONS",
    "UNIT_ALIASES",
    "UNIT_FACTORS",
    "UNIT_PATTERNS",
    "decode_as",
    "load_file",
    "parse_year",
    "template_bytes",
]


def load_file(
    data: bytes | str | Path,
    *,
    filename: str | None = None,
    unit: str | None = None,
    company: str | None = None,
    source_label: str | None = None,
) -> pd.DataFrame:
    """Canonical statements for the one company in a CSV or XLSX file.

    ``data`` is the raw bytes of an upload (``filename`` gives its name and extension)
    or a path. ``unit`` ("units", "thousands", "millions", "billions") overrides the unit
    the file states; ``company`` overrides the company id and name; ``source_label``
    replaces the companies' ``source`` (default ``"upload: <filename>"``).
    Raises :class:`AcumenError` for every problem, and nothing else.
    """
    name = _display_name(data, filename)
    ctx = _Context(source=name)
    try:
        return _load(data, ctx, unit=unit, company=company, source_label=source_label)
    except AcumenError:
        raise
    except Exception as exc:  # a parser failed in a way we did not foresee
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        raise ctx.error(
            f"could not read the file ({type(exc).__name__}{': ' + detail if detail else ''})",
            fix="Save it as CSV (UTF-8) or Excel .xlsx, or start from the template.",
        ) from exc


def template_bytes() -> bytes:
    """The downloadable wide template (``acumen/data/template.csv``)."""
    return resources.files("acumen").joinpath("data/template.csv").read_bytes()


def _load(
    data: bytes | str | Path,
    ctx: _Context,
    *,
    unit: str | None,
    company: str | None,
    source_label: str | None,
) -> pd.DataFrame:
    raw = _read_bytes(data, ctx)
    ext = Path(ctx.source).suffix.lower()
    if ctx.source == "upload":  # bytes or text without a file name: sniff the format
        ext = ".xlsx" if raw.startswith(b"PK\x03\x04") else ".csv"
    grid = _excel_grid(raw, ctx) if ext in EXCEL_EXTENSIONS else _text_grid(raw, ext, ctx)
    grid = _drop_empty(grid)
    if grid.empty:
        raise ctx.error("the file is empty", fix=_FIX_LAYOUT)
    header_row, layout, label_col = _find_header(grid, ctx)
    titles = _title_texts(grid, header_row)
    if layout == "wide":
        figures = _wide_figures(grid, header_row, label_col, ctx)
    else:
        figures = _long_figures(grid, header_row, label_col, ctx)
    _flip_bracketed_costs(figures, ctx)
    _check_totals(figures, ctx)
    factor = _unit_factor(titles, figures.header_texts, unit, ctx)
    currency = _currency(titles, figures.header_texts, ctx)
    company_id = _company_id(company, titles, figures.company_hint, ctx)
    records = (figures.values * factor).rename_axis("fiscal_year").reset_index()
    records.insert(0, "company", company_id)
    records["period_end"] = figures.period_end.reindex(figures.values.index).to_numpy()
    companies = make_companies(
        [
            {
                "id": company_id,
                "name": company_id,
                "ticker": None,
                "currency": currency,
                "source": source_label or f"upload: {ctx.source}",
            }
        ]
    )
    return build_statements(records, companies, source=ctx.source, warnings=ctx.warnings)


def _display_name(data: object, filename: str | None) -> str:
    """The file name shown in messages."""
    if filename:
        return re.split(r"[\\/]", str(filename))[-1] or str(filename)
    if isinstance(data, Path) or (isinstance(data, str) and "\n" not in data):
        return Path(data).name or str(data)
    return "upload"
