"""Load one company's statements from an uploaded CSV or Excel file.

Two layouts are understood:

- **wide**: line items as rows, years as columns (as pasted from an annual report);
- **long**: one row per year, line items as columns.

Title lines above the header ("Company: Harbor Home Products", "Currency: EUR",
"Income statement (in millions)") give the company, the currency and the unit.
Every problem raises :class:`AcumenError` naming the file, row and column, with a fix.
Nothing in the file is ever evaluated: a formula is just text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from acumen.aliases import canonical_item, normalise_label
from acumen.errors import AcumenError
from acumen.loaders.numbers import CURRENCY_SYMBOLS as NUMBER_SYMBOLS
from acumen.loaders.numbers import parse_number
from acumen.schema import LINE_ITEM_LABELS
from acumen.statements import build_statements, fiscal_year_of, make_companies

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 1_000
MAX_YEAR_COLUMNS = 200
MAX_CELLS = 1_000_000
MAX_XLSX_SHEET_BYTES = 12 * 1024 * 1024  # unpacked worksheet + shared-string XML
HEADER_SEARCH_ROWS = 50

TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
UNIT_FACTORS = {"units": 1.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
UNIT_ALIASES = {"ones": "units", "unit": "units", "thousand": "thousands", "million": "millions"}
UNIT_ALIASES |= {"billion": "billions", "k": "thousands", "m": "millions", "bn": "billions"}

#: Normalised header labels of the year column in a long layout.
FISCAL_YEAR_LABELS = {
    "year",
    "years",
    "fiscalyear",
    "fy",
    "financialyear",
    "period",
    "fiscalperiod",
}
DATE_LABELS = {"periodend", "periodending", "periodenddate", "date", "yearend", "yearended"}
DATE_LABELS |= {"fiscalyearend", "reportdate", "fiscalyearended"}
COMPANY_LABELS = {"company", "companyname", "ticker", "client", "entity"}
NOTE_LABELS = {"note", "notes", "ref", "reference", "comment", "comments", "remarks"}

#: Costs that annual reports often print in brackets; stored as positive amounts.
EXPENSE_ITEMS = (
    "cost_of_revenue",
    "sga",
    "rnd",
    "interest_expense",
    "income_tax",
    "depreciation_amortization",
    "capital_expenditure",
    "dividends_paid",
)
CURRENCY_CODES = frozenset(
    {"USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "CNY", "RMB", "HKD"}
    | {"SGD", "SEK", "NOK", "DKK", "INR", "BRL", "MXN", "KRW", "ZAR", "PLN", "CZK"}
)
CURRENCY_SYMBOLS = {"US$": "USD", "C$": "CAD", "A$": "AUD", "HK$": "HKD", "S$": "SGD"}
CURRENCY_SYMBOLS |= {"€": "EUR", "£": "GBP", "¥": "JPY", "$": "USD"}

_CUR = r"(?:[$€£¥]|usd|eur|gbp|chf|jpy|cad|aud)"
UNIT_PATTERNS: dict[str, re.Pattern[str]] = {
    "thousands": re.compile(
        rf"\bthousands?\b|(?:^|[\s(]){_CUR}?\s?'?000'?s?(?![\d,.])|\btsd\b|\bkeur\b|\bkusd\b"
    ),
    "millions": re.compile(
        rf"\bmillions?\b|\bmln\b|\bmio\b|(?:^|[\s(]){_CUR}\s?(?:m|mn|mm|mil)\b|\b(?:m|mn)\s?{_CUR}\b"
    ),
    "billions": re.compile(rf"\bbillions?\b|(?:^|[\s(]){_CUR}\s?(?:b|bn)\b|\bbn\b"),
    "units": re.compile(r"\bunits?\s*[:=]\s*(?:units?|ones|1)\b"),
}
_COMPANY_LINE = re.compile(
    r"^\s*(?:company(?:\s+name)?|client|entity|customer)\s*[:=]\s*(?P<name>.*)$", re.I | re.S
)
_CURRENCY_LINE = re.compile(r"\bcurrency\s*[:=]?\s*(?P<code>[A-Za-z]{3})\b", re.I)
_CODE_WORD = re.compile(r"\b(" + "|".join(sorted(CURRENCY_CODES)) + r")\b")

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

_FIX_NUMBER = (
    "Type a number such as 1234.5, 1,234 or (1,234), or leave the cell empty or '—' "
    "when there is no figure."
)
_FIX_YEAR = (
    "Use a year such as 2015 or FY2015, or a period-end date such as 2016-01-31, "
    "or delete the column."
)
_FIX_LAYOUT = (
    "Put line items (Revenue, Net income, Total assets…) in the first column and one "
    "year per column in a header row (2021, 2022, 2023), or download the template."
)


@dataclass
class _Context:
    """What a load knows about the file so far."""

    source: str
    warnings: list[str] = field(default_factory=list)
    symbols: set[str] = field(default_factory=set)  # currency symbols seen in figures

    def error(self, problem: str, **where: object) -> AcumenError:
        return AcumenError(problem, source=self.source, **where)


@dataclass
class _Figures:
    """Figures by fiscal year (file units) and where each year sits in the file."""

    values: pd.DataFrame  # index fiscal_year, columns canonical items
    period_end: pd.Series  # index fiscal_year, Timestamp or NaT
    year_where: dict[int, dict[str, object]]  # fiscal_year -> AcumenError row/column
    header_texts: list[str]
    company_hint: str | None = None


# --------------------------------------------------------------------------- public API


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


# --------------------------------------------------------------------------- the pipeline


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


def _read_bytes(data: bytes | str | Path, ctx: _Context) -> bytes:
    """The file's bytes, refusing anything above MAX_UPLOAD_BYTES before reading it."""
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    elif isinstance(data, str) and "\n" in data:  # CSV text passed directly
        raw = data.encode("utf-8")
    elif isinstance(data, str | Path):
        path = Path(data)
        if not path.is_file():
            raise ctx.error("file not found", fix="Check the path and try again.")
        _check_size(path.stat().st_size, ctx)
        raw = path.read_bytes()
    else:
        raise ctx.error(
            f"cannot read data of type {type(data).__name__}", fix="Pass bytes or a file path."
        )
    _check_size(len(raw), ctx)
    return raw


def _check_size(size: int, ctx: _Context) -> None:
    if size > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ctx.error(
            f"the file is larger than the {limit} MB limit ({size / 1024 / 1024:.2f} MB)",
            fix="Upload only the statements (a few dozen rows), not a whole workbook export.",
        )


# --------------------------------------------------------------------------- reading cells


def _text_grid(raw: bytes, ext: str, ctx: _Context) -> pd.DataFrame:
    """Cells of a CSV/TSV/TXT file; rows numbered from 1 as in a spreadsheet."""
    if ext not in TEXT_EXTENSIONS:
        kind = "old Excel .xls" if ext == ".xls" else f"'{ext or 'no extension'}'"
        raise ctx.error(
            f"cannot read {kind} files",
            fix="Save the file as CSV (.csv) or Excel workbook (.xlsx) and upload it again.",
        )
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ctx.error(
            f"the file is named {ext} but is an Excel workbook",
            fix="Rename it to .xlsx, or save it as CSV from Excel.",
        )
    text = _decode(raw, ctx)
    delimiter = _sniff_delimiter(text, ext)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str | None]] = []
    cells = 0
    try:
        for record in reader:
            rows.append([c.strip() or None for c in record])
            cells += len(record)
            _check_shape(len(rows), rows[-1], ctx)
            if cells > MAX_CELLS:
                raise ctx.error(
                    f"the file has more than {MAX_CELLS:,} cells",
                    fix="Upload one company's statements only (a few dozen rows).",
                )
    except csv.Error as exc:
        raise ctx.error(
            f"cannot split the file into cells ({exc})",
            row=reader.line_num,
            fix='Check for an unclosed quote (") in that row, or save the file again as CSV.',
        ) from exc
    return _grid_frame(rows)


def _check_shape(count: int, record: list | tuple, ctx: _Context) -> None:
    """Refuse a row beyond MAX_ROWS or a row with more than MAX_COLUMNS filled cells."""
    if count > MAX_ROWS:
        raise ctx.error(
            f"the file has more than {MAX_ROWS:,} rows",
            fix="Upload one company's statements only (a few dozen rows).",
        )
    width = len(record)
    while width and record[width - 1] is None:
        width -= 1
    if width > MAX_COLUMNS:
        raise ctx.error(
            f"the file has {width:,} columns; at most {MAX_COLUMNS:,} are read "
            f"(and at most {MAX_YEAR_COLUMNS} year columns)",
            row=count,
            fix="Keep one column per year, or use one row per year (long layout).",
        )


def _decode(raw: bytes, ctx: _Context) -> str:
    """Text of the file: strict UTF-8 (BOM or not), else the detected encoding, else cp1252."""
    try:
        text = raw.decode("utf-8-sig")
        if "\x00" not in text:
            return text
    except UnicodeDecodeError:
        pass
    encoding = _detect_encoding(raw)
    try:
        text = decode_as(raw, encoding)
    except (UnicodeDecodeError, LookupError):
        encoding = "cp1252"
        text = raw.decode(encoding, errors="replace")
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise ctx.error(
            "the file is not text (it contains binary data)",
            fix="Upload a CSV or an Excel .xlsx file.",
        )
    ctx.warnings.append(
        f"The file is not UTF-8; it was read as {encoding}. "
        "If names look wrong, save it as 'CSV UTF-8' and upload it again."
    )
    return text


def _detect_encoding(raw: bytes) -> str:
    """The most plausible of charset_normalizer's guess, cp1252 and GB18030.

    Short files fool detectors (a Latin-1 "Bénéteau" reads as Big5 "B幯彋eau"), so each
    candidate's decoded text is scored by :func:`_implausibility` and the lowest wins;
    ties keep the detector's order.
    """
    from charset_normalizer import from_bytes

    sample = raw[:200_000]
    best = from_bytes(sample).best()
    candidates = [best.encoding] if best is not None else []
    candidates += [c for c in ("cp1252", MIXED_UTF8, "gb18030") if c not in candidates]
    as_cp1252 = sample.decode("cp1252", errors="replace")
    scored = []
    for position, encoding in enumerate(candidates):
        try:
            text = decode_as(sample, encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if text == as_cp1252:  # cp1250 and friends often read identically: name the common one
            encoding = "cp1252"
        scored.append((_implausibility(text), position, encoding))
    return min(scored)[2] if scored else "cp1252"


MIXED_UTF8 = "UTF-8 with some cp1252 bytes"


def _line_as_utf8_or_cp1252(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def decode_as(raw: bytes, encoding: str) -> str:
    """Decode ``raw``; MIXED_UTF8 reads each line as UTF-8, or as cp1252 where it isn't."""
    if encoding == MIXED_UTF8:
        return "\n".join(_line_as_utf8_or_cp1252(line) for line in raw.split(b"\n"))
    return raw.decode(encoding)


def _script(char: str) -> str:
    code = ord(char)
    if code < 0x250:
        return "latin"
    if 0x3040 <= code <= 0x30FF:
        return "kana"
    if 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF:
        return "han"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    return f"other-{code >> 7}"


def _implausibility(text: str) -> int:
    """How much a decoded text looks like mojibake: words that mix scripts (Latin with Han,
    Hangul with Han), Latin-1 symbols inside words, words mostly of accented letters, and
    control or replacement characters."""
    penalty = 0
    for word in re.findall(r"[^\s,;\t\"'()\[\]]*[^\x00-\x7f][^\s,;\t\"'()\[\]]*", text):
        scripts = {_script(c) for c in word if c.isalpha()} - {"kana"} | (
            {"han"} if any(_script(c) == "kana" for c in word) else set()
        )
        penalty += 2 * (len(scripts) - 1) if len(scripts) > 1 else 0
        penalty += sum(1 for c in word if 0xA0 <= ord(c) <= 0xBF or c in "×÷")
        accented = sum(1 for c in word if 0xC0 <= ord(c) < 0x250)
        penalty += 1 if accented >= 2 and accented * 2 >= len(word) else 0
        penalty += 3 * sum(1 for c in word if c == "\ufffd" or (ord(c) < 32 and c not in "\r\n\t"))
    return penalty


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


def _excel_grid(raw: bytes, ctx: _Context) -> pd.DataFrame:
    """Cells of the first worksheet with data; cached values replace formulas."""
    _check_xlsx_container(raw, ctx)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        index, rows = _first_sheet_rows(workbook, ctx)
    except AcumenError:
        raise
    except Exception as exc:
        raise ctx.error(
            "the Excel workbook is damaged or not a real .xlsx file and cannot be read",
            fix="Open it in Excel and save it again as .xlsx, or save it as CSV.",
        ) from exc
    if any(isinstance(v, str) and v.startswith("=") for row in rows for v in row):
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            cached = _sheet_rows(_worksheets(workbook)[index], ctx)
        finally:
            workbook.close()
        rows = [
            tuple(c if c is not None else f for f, c in _zip_pad(frow, crow))
            for frow, crow in _zip_pad(rows, cached, fill=())
        ]
    return _grid_frame([[_clean(v) for v in row] for row in rows])


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


def _first_sheet_rows(workbook: object, ctx: _Context) -> tuple[int, list[tuple]]:
    """(index, rows) of the first worksheet holding any value."""
    try:
        sheets = _worksheets(workbook)
        for index, sheet in enumerate(sheets):
            rows = _sheet_rows(sheet, ctx)
            if rows:
                if len(sheets) > 1:
                    ctx.warnings.append(
                        f"Read sheet '{sheet.title}', the first of {len(sheets)} sheets "
                        "that holds data."
                    )
                return index, rows
    finally:
        workbook.close()
    raise ctx.error("the workbook has no data", fix=_FIX_LAYOUT)


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


def _grid_frame(rows: list[list]) -> pd.DataFrame:
    """Object frame of cleaned cells (see :func:`_clean`); index = spreadsheet row."""
    width = max((len(r) for r in rows), default=0)
    padded = [r + [None] * (width - len(r)) for r in rows]
    return pd.DataFrame(padded, index=pd.RangeIndex(1, len(rows) + 1), dtype=object)


def _clean(value: object) -> object:
    """Text stripped; empty text and NaN as None; openpyxl formula objects as their formula
    text; other values unchanged."""
    if type(value).__module__.startswith("openpyxl"):
        value = str(getattr(value, "text", "") or "")
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def _drop_empty(grid: pd.DataFrame) -> pd.DataFrame:
    filled = grid.notna()
    return grid.loc[filled.any(axis=1), filled.any(axis=0)]


# --------------------------------------------------------------------------- layout


def _find_header(grid: pd.DataFrame, ctx: _Context) -> tuple[int, str, object]:
    """(row, "wide" | "long", label column): the first row with years across it, or with
    line items across it plus a year label (or a blank corner above the years)."""
    leftmost = _leftmost_from(grid)
    for row_number in grid.index[:HEADER_SEARCH_ROWS]:
        corner = grid.columns[leftmost[row_number]]
        row = grid.loc[row_number].dropna()
        rest = row.drop(corner, errors="ignore")
        years = sum(parse_year(v) is not None for v in rest)
        if years and 2 * years >= len(rest):
            return int(row_number), "wide", corner
        keys = {normalise_label(v) for v in row if isinstance(v, str)}
        items = sum(_item_of(v) is not None for v in row)
        if items and (keys & (FISCAL_YEAR_LABELS | DATE_LABELS) or corner not in row.index):
            return int(row_number), "long", corner
    found = [str(v) for v in grid.iloc[:, :2].stack() if _item_of(v)]
    if found:
        raise ctx.error(
            f"found line items ({', '.join(_text(f) for f in found[:3])}) but no header row with years",
            fix="Add a header row above the figures with one year per column, like "
            "'Line item,2021,2022,2023'.",
        )
    raise ctx.error(
        "no header row found: expected a header row with years like 2015 or FY2015, "
        "or line items like Revenue and Net income",
        fix=_FIX_LAYOUT,
    )


def _leftmost_from(grid: pd.DataFrame) -> pd.Series:
    """For each row, the position of the leftmost column with data in it or any row below."""
    filled = grid.notna().to_numpy()
    first = np.where(filled.any(axis=1), filled.argmax(axis=1), filled.shape[1] - 1)
    return pd.Series(np.minimum.accumulate(first[::-1])[::-1], index=grid.index)


def _title_texts(grid: pd.DataFrame, header_row: int) -> list[str]:
    """Each row above the header as one line of text."""
    above = grid.loc[grid.index < header_row]
    return [", ".join(str(v) for v in row.dropna()) for _, row in above.iterrows()]


def _item_of(label: object) -> str | None:
    """Canonical item for a label, tolerating "(note 4)", "($m)" and footnote marks."""
    if not isinstance(label, str):
        return None
    item = canonical_item(label)
    if item:
        return item
    stripped = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", label).strip().rstrip(":").strip()
    stripped = re.sub(r"(?:\s*[*†‡¹²³⁴⁵⁶⁷⁸⁹]|\s+\d{1,2})+$", "", stripped)
    return canonical_item(stripped) if stripped and stripped != label else None


def _column_letter(position: int) -> str:
    """Spreadsheet letter of a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wide_figures(
    grid: pd.DataFrame, header_row: int, label_col: object, ctx: _Context
) -> _Figures:
    """Figures from line items as rows (labels in ``label_col``) and years as columns."""
    header = grid.loc[header_row]
    body = grid.loc[grid.index > header_row]
    labels = body[label_col]
    items = labels.map(_item_of)
    item_rows = items.notna()
    year_cols, years = _year_columns(header, label_col, body, item_rows, ctx)
    has_values = body[year_cols].notna().any(axis=1)
    _warn_unknown_rows(labels[has_values & ~item_rows], ctx)
    known = items[has_values & item_rows]
    if known.empty:
        raise ctx.error(
            "no recognisable line items with figures: expected labels like Revenue, "
            "Net income or Total assets in the first column",
            column=_text(header[label_col]) if header[label_col] is not None else None,
            fix=_FIX_LAYOUT,
        )
    _refuse_duplicate_items(known, labels, "row", ctx)
    block = body.loc[known.index, year_cols]
    values = _parse_block(block, {c: _text(header[c]) for c in year_cols}, labels, ctx)
    values.index = known.to_numpy()
    values.columns = [years[c][0] for c in year_cols]
    table = values.T.astype("float64")
    table.index.name = "fiscal_year"
    period_end = pd.Series(
        [years[c][1] for c in year_cols], index=table.index, dtype="datetime64[ns]"
    )
    where = {years[c][0]: {"column": _text(header[c])} for c in year_cols}
    texts = [str(v) for v in header.dropna() if parse_year(v) is None]
    return _non_empty(_Figures(table, period_end, where, texts), ctx)


def _non_empty(figures: _Figures, ctx: _Context) -> _Figures:
    """Drop years without a single figure; refuse a file with no figures at all."""
    keep = figures.values.notna().any(axis=1)
    if not keep.any():
        raise ctx.error("no figures found: every line-item cell is empty or nil", fix=_FIX_LAYOUT)
    figures.values = figures.values.loc[keep]
    figures.period_end = figures.period_end.loc[keep]
    return figures


def _year_columns(
    header: pd.Series,
    label_col: object,
    body: pd.DataFrame,
    item_rows: pd.Series,
    ctx: _Context,
) -> tuple[list, dict]:
    """Columns whose header is a year; refuses other columns that hold figures."""
    other = header.drop(label_col)
    years = {c: parse_year(v) for c, v in other.items() if v is not None}
    year_cols = [c for c, y in years.items() if y is not None]
    if len(year_cols) > MAX_YEAR_COLUMNS:
        raise ctx.error(
            f"{len(year_cols):,} year columns; at most {MAX_YEAR_COLUMNS} are supported",
            row=int(header.name),
            fix="Keep the years you need (statements rarely span more than 20).",
        )
    filled = body.loc[item_rows].notna().any(axis=0)
    ignored = []
    for col in other.index:
        if col in year_cols or not filled.get(col, False):
            continue
        head = other[col]
        if head is not None and _is_side_column(head):
            ignored.append(_text(head))
            continue
        cell = f"{_column_letter(int(col))}{header.name}"
        if head is None:
            raise ctx.error(
                f"column {_column_letter(int(col))} has figures but no year in the header row "
                f"(cell {cell} is empty)",
                row=int(header.name),
                fix=_FIX_YEAR,
            )
        raise ctx.error(
            f"column header '{_text(head)}' (cell {cell}) is not a year",
            row=int(header.name),
            column=_text(head),
            fix=_FIX_YEAR,
        )
    if ignored:
        ctx.warnings.append(f"Ignored columns that are not years: {', '.join(ignored)}.")
    _refuse_duplicate_years(
        {c: years[c] for c in year_cols}, {c: _text(header[c]) for c in year_cols}, "column", ctx
    )
    return year_cols, {c: years[c] for c in year_cols}


def _is_side_column(header: object) -> bool:
    """Notes, references and change columns that sit beside the years in annual reports."""
    key = normalise_label(header)
    return key in NOTE_LABELS or "change" in key or "variance" in key or "%" in str(header)


def _refuse_duplicate_years(years: dict, names: dict, kind: str, ctx: _Context) -> None:
    """Error naming both places when two columns (or rows) give the same fiscal year."""
    seen: dict[int, object] = {}
    for key, (year, _) in years.items():
        if year in seen:
            first = seen[year]
            if kind == "column":
                problem = f"columns '{names[first]}' and '{names[key]}' are both fiscal year {year}"
                where = {"column": names[key]}
            else:
                problem = f"rows {first} and {key} are both fiscal year {year}"
                where = {"row": int(key)}
            raise ctx.error(
                problem,
                **where,
                fix=f"Keep one {kind} per fiscal year (dates ending January–May count as "
                "the year before).",
            )
        seen[year] = key


def _refuse_duplicate_items(known: pd.Series, labels: pd.Series, kind: str, ctx: _Context) -> None:
    """Error naming both rows (or columns) when two labels give the same line item."""
    dup = known[known.duplicated(keep=False)]
    if dup.empty:
        return
    item = dup.iloc[0]
    first, second = dup.index[dup == item][:2]
    if kind == "row":
        places = f"rows {first} ('{_text(labels[first])}') and {second} ('{_text(labels[second])}')"
        where = {"row": int(second)}
    else:
        places = f"columns '{_text(labels[first])}' and '{_text(labels[second])}'"
        where = {"column": _text(labels[second])}
    raise ctx.error(
        f"{places} are both {LINE_ITEM_LABELS.get(item, item)}",
        **where,
        fix=f"Keep one of them: delete or rename the other {kind}.",
    )


def _warn_unknown_rows(labels: pd.Series, ctx: _Context, kind: str = "rows") -> None:
    """One warning listing labels that are not line items (they are ignored)."""
    if labels.empty:
        return
    names = [
        f"'{_text(v, 40)}'"
        if v is not None
        else (
            f"(no label, row {r})"
            if kind == "rows"
            else f"(no header, column {_column_letter(int(r))})"
        )
        for r, v in labels.items()
    ]
    shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
    what = f"{len(names)} {kind if len(names) > 1 else kind[:-1]}"
    ctx.warnings.append(
        f"Ignored {what} not known as line items: {shown}. "
        "Rename them (for example to 'Revenue') if they should count."
    )


def _parse_block(
    block: pd.DataFrame, headers: dict, labels: pd.Series | None, ctx: _Context
) -> pd.DataFrame:
    """Parse every cell of ``block``; the first bad cell raises with row and column."""
    bad = block.map(_is_bad_number).to_numpy(dtype=bool)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        row, col = block.index[i], block.columns[j]
        value = block.iat[i, j]
        label = f" for '{_text(labels[row])}'" if labels is not None else ""
        fix = _FIX_NUMBER
        if isinstance(value, str) and value.startswith("="):
            fix = "Formulas are not evaluated: type or paste the value instead. " + fix
        raise ctx.error(
            f"'{_text(value)}' (cell {_column_letter(int(col))}{row}){label} is not a number",
            row=int(row),
            column=headers[col],
            fix=fix,
        )
    texts = [v for v in block.to_numpy().ravel() if isinstance(v, str)]
    ctx.symbols |= {s for v in texts for s in NUMBER_SYMBOLS if s in v}
    return block.map(parse_number).astype("float64")


def _is_bad_number(value: object) -> bool:
    try:
        parse_number(value)
    except ValueError:
        return True
    return False


def _long_figures(
    grid: pd.DataFrame, header_row: int, label_col: object, ctx: _Context
) -> _Figures:
    """Figures from one row per year with line items as columns."""
    header = grid.loc[header_row]
    body = grid.loc[grid.index > header_row]
    keys = header.map(lambda v: normalise_label(v) if isinstance(v, str) else "")
    year_col = next(
        (c for c in (_first(keys, FISCAL_YEAR_LABELS), _first(keys, DATE_LABELS)) if c is not None),
        label_col,
    )
    date_col = _first(keys.drop(year_col), DATE_LABELS)
    company_col = _first(keys, COMPANY_LABELS)
    items = header.map(_item_of).drop([c for c in (year_col, date_col) if c is not None])
    item_cols = items[items.notna()]
    names = {c: _text(header[c]) for c in header.index if header[c] is not None}
    has_data = body.notna().any(axis=0)
    skip = {year_col, date_col, company_col}
    unknown = [
        c for c in header.index if c not in skip and c not in item_cols.index and has_data[c]
    ]
    _warn_unknown_rows(header[unknown], ctx, kind="columns")
    if item_cols.empty:
        raise ctx.error("no recognisable line-item columns", row=header_row, fix=_FIX_LAYOUT)
    _refuse_duplicate_items(item_cols, header, "column", ctx)
    body = body.loc[body[list(item_cols.index)].notna().any(axis=1)]
    years = _long_years(body, year_col, names.get(year_col, "year"), ctx)
    if len(years) > MAX_YEAR_COLUMNS:
        raise ctx.error(
            f"{len(years):,} year rows; at most {MAX_YEAR_COLUMNS} are supported",
            fix="Keep the years you need.",
        )
    _refuse_duplicate_years(years, {}, "row", ctx)
    block = body.loc[list(years), list(item_cols.index)]
    values = _parse_block(block, names, None, ctx)
    values.columns = item_cols.to_numpy()
    values.index = pd.Index([years[r][0] for r in block.index], name="fiscal_year")
    period_end = pd.Series([years[r][1] for r in block.index], index=values.index)
    if date_col is not None:
        dates = body.loc[block.index, date_col].map(parse_year)
        period_end = pd.Series(
            [d[1] if isinstance(d, tuple) else None for d in dates],
            index=values.index,
            dtype="datetime64[ns]",
        ).fillna(period_end.astype("datetime64[ns]"))
    where = {years[r][0]: {"row": int(r)} for r in block.index}
    texts = [str(v) for v in header.dropna()]
    company = _company_cell(body, company_col, ctx)
    figures = _Figures(values, period_end.astype("datetime64[ns]"), where, texts, company)
    return _non_empty(figures, ctx)


def _first(keys: pd.Series, wanted: set[str]) -> object | None:
    hits = keys[keys.isin(wanted)]
    return hits.index[0] if not hits.empty else None


def _long_years(body: pd.DataFrame, year_col: object, name: str, ctx: _Context) -> dict:
    """row -> (fiscal year, period end) for each data row; refuses rows without a year."""
    years: dict[int, tuple[int, pd.Timestamp | None]] = {}
    for row, value in body[year_col].items():
        parsed = parse_year(value)
        if parsed is None:
            cell = f"{_column_letter(int(year_col))}{row}"
            problem = (
                f"row {row} has figures but no year (cell {cell} is empty)"
                if value is None
                else f"'{_text(value)}' (cell {cell}) is not a year"
            )
            raise ctx.error(problem, row=int(row), column=name, fix=_FIX_YEAR)
        years[int(row)] = parsed
    return years


def _company_cell(body: pd.DataFrame, company_col: object | None, ctx: _Context) -> str | None:
    """The one company named in a company column (long layout), if any."""
    if company_col is None:
        return None
    names = body[company_col].dropna().map(str).unique()
    if len(names) > 1:
        raise ctx.error(
            f"the file holds several companies ({', '.join(_text(n, 30) for n in names[:3])})",
            fix="Upload one file per company.",
        )
    return names[0] if len(names) else None


# --------------------------------------------------------------------------- checks and metadata


def _flip_bracketed_costs(figures: _Figures, ctx: _Context) -> None:
    """Costs printed in brackets in every year are stored as positive amounts."""
    flipped = []
    for item in EXPENSE_ITEMS:
        if item not in figures.values.columns:
            continue
        column = figures.values[item].dropna()
        if len(column) and (column <= 0).all() and (column < 0).any():
            figures.values[item] = -figures.values[item]
            flipped.append(LINE_ITEM_LABELS[item])
    if flipped:
        ctx.warnings.append(
            f"Stored as positive amounts (the file shows them as negative): {', '.join(flipped)}."
        )


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _check_totals(figures: _Figures, ctx: _Context) -> None:
    """Refuse gross profit or a balance sheet that disagrees with its parts by > 1%."""
    table = figures.values.reindex(
        columns=[
            "revenue",
            "cost_of_revenue",
            "gross_profit",
            "total_assets",
            "total_liabilities",
            "equity",
        ]
    )
    gross_gap = (table["gross_profit"] - (table["revenue"] - table["cost_of_revenue"])).abs()
    bad = gross_gap > 0.01 * table["revenue"].abs()
    if bad.any():
        year = bad[bad].index[0]
        r, c, g = table.loc[year, ["revenue", "cost_of_revenue", "gross_profit"]]
        raise ctx.error(
            f"fiscal {year}: gross profit {_fmt(g)} does not match revenue {_fmt(r)} "
            f"− cost of revenue {_fmt(c)} = {_fmt(r - c)}",
            **figures.year_where.get(year, {}),
            fix="Check the three figures for that year (a typo or a different unit?).",
        )
    sheet_gap = (table["total_assets"] - (table["total_liabilities"] + table["equity"])).abs()
    bad = sheet_gap > 0.01 * table["total_assets"].abs()
    if bad.any():
        year = bad[bad].index[0]
        a, li, e = table.loc[year, ["total_assets", "total_liabilities", "equity"]]
        raise ctx.error(
            f"fiscal {year}: total assets {_fmt(a)} do not match total liabilities {_fmt(li)} "
            f"+ equity {_fmt(e)} = {_fmt(li + e)}",
            **figures.year_where.get(year, {}),
            fix="Check the three figures for that year (is minority interest left out?).",
        )


def _unit_factor(titles: list[str], headers: list[str], unit: str | None, ctx: _Context) -> float:
    """Scale to full units from the ``unit`` argument or the unit the file states."""
    stated = _stated_units(titles, headers)
    if len(stated) > 1:
        raise ctx.error(
            f"the file states several units ({' and '.join(sorted(stated))})",
            fix="Keep one unit line such as 'in millions', or pass the unit explicitly.",
        )
    file_unit = next(iter(stated), None)
    if unit is not None:
        chosen = _unit_name(unit, ctx)
        note = f"; the file says {file_unit}" if file_unit and file_unit != chosen else ""
        ctx.warnings.append(f"Figures read as {chosen} (as chosen{note}).")
    elif file_unit:
        chosen = file_unit
        ctx.warnings.append(f"Figures read as {chosen}, as the file states.")
    else:
        chosen = "units"
        ctx.warnings.append(
            "No unit stated; figures read as full units. Add a line such as 'in millions' "
            "or choose the unit if they are not."
        )
    return UNIT_FACTORS[chosen]


def _unit_name(unit: str, ctx: _Context) -> str:
    key = str(unit).strip().lower()
    key = UNIT_ALIASES.get(key, key)
    if key not in UNIT_FACTORS:
        raise ctx.error(
            f"unknown unit '{_text(unit)}'",
            fix="Use one of: units, thousands, millions, billions.",
        )
    return key


def _stated_units(titles: list[str], headers: list[str]) -> set[str]:
    texts = [t for t in titles if not _COMPANY_LINE.match(t)] + headers
    found = set()
    for text in texts:
        lowered = text.lower()
        found |= {name for name, pattern in UNIT_PATTERNS.items() if pattern.search(lowered)}
    return found


def _currency(titles: list[str], headers: list[str], ctx: _Context) -> str:
    """ISO code from "Currency: EUR", a code or symbol in the titles, else the figures."""
    texts = [t for t in titles if not _COMPANY_LINE.match(t)] + headers
    for text in texts:
        match = _CURRENCY_LINE.search(text)
        if match and match.group("code").upper() in CURRENCY_CODES:
            return _iso(match.group("code").upper())
    for text in texts:
        match = _CODE_WORD.search(text)
        if match:
            return _iso(match.group(1))
    for text in texts:
        for symbol, code in CURRENCY_SYMBOLS.items():
            if symbol in text:
                return code
    if len(ctx.symbols) > 1:
        raise ctx.error(
            f"the figures use several currencies ({' '.join(sorted(ctx.symbols))})",
            fix="Use one currency per file.",
        )
    if ctx.symbols:
        return CURRENCY_SYMBOLS[next(iter(ctx.symbols))]
    ctx.warnings.append("No currency stated; assumed USD. Add a line such as 'Currency: EUR'.")
    return "USD"


def _iso(code: str) -> str:
    return "CNY" if code == "RMB" else code


def _company_id(company: str | None, titles: list[str], hint: str | None, ctx: _Context) -> str:
    """The company argument, else a "Company: NAME" line, else a company column, else the
    file stem."""
    if company is not None and str(company).strip():
        return str(company).strip()
    for text in titles:
        match = _COMPANY_LINE.match(text)
        if match:
            name = match.group("name").strip().lstrip(",;").strip()
            if name:
                return name
    if hint:
        return hint
    return Path(ctx.source).stem or "upload"


# --------------------------------------------------------------------------- years


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
