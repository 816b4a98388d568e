"""Hostile inputs for load_file: every case ends in a table or a located AcumenError.

The outcome rule (``check_outcome``) for every case, committed or generated:

- a loaded table: a DataFrame indexed by (company, fiscal_year), or
- an :class:`AcumenError` whose message starts with the file name, names the row and
  column it carries, names a row when the problem quotes a cell, says how to fix it and
  stays readable (at most ``MAX_MESSAGE_CHARS``);
- never another exception, and never longer than ``CASE_SECONDS`` (each case runs in a
  worker thread joined with a timeout).

Cases come from the committed corpus (``tests/corpus``, written by
``tools/build_corpus.py``, which also states what each file must do), from inputs too
large to commit (built here at run time) and from hypothesis strategies. Known loader
bugs are ``xfail(strict=True)`` with the exact failure. Run with ``-s`` to see
"fuzz corpus: N cases, L loaded, R rejected with AcumenError".
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import re
import sys
import threading
import time
import traceback
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from acumen.data.loaders.file_bytes import MAX_UPLOAD_BYTES, MIB
from acumen.data.loaders.files import load_file
from acumen.data.statements import Statements
from acumen.errors import AcumenError
from tests.test_xlsx_bounds import BOMB_PARTS, workbook_bytes

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
CASE_SECONDS = 10.0
MAX_MESSAGE_CHARS = 2_000
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _builder():
    """tools/build_corpus.py as a module (it is a script, not a package)."""
    path = ROOT / "tools" / "build_corpus.py"
    spec = importlib.util.spec_from_file_location("_fuzz_build_corpus", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


BUILD = _builder()
CASES = BUILD.CASES
CORPUS_FILES = sorted(p.name for p in CORPUS.iterdir() if p.is_file() and p.name[0] != ".")

# --------------------------------------------------------------------------- the outcome rule

COUNTS: Counter[str] = Counter()


def _display_name(data: object, filename: str | None) -> str:
    if filename:
        return re.split(r"[\\/]", filename)[-1] or filename
    if isinstance(data, Path) or (isinstance(data, str) and "\n" not in data):
        return Path(data).name
    return "upload"


def _run_bounded(
    call, label: str, seconds: float = CASE_SECONDS
) -> tuple[object, BaseException | None]:
    """(result, exception) of ``call()`` in a worker thread; fails the test on a hang."""
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["result"] = call()
        except BaseException as exc:  # the caller checks the outcome rule
            box["error"] = exc

    worker = threading.Thread(target=work, name=f"fuzz {label[:40]}", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        pytest.fail(f"{label}: load_file still running after {seconds:g} s (a hang)")
    return box.get("result"), box.get("error")  # type: ignore[return-value]


def check_outcome(
    data: bytes | str | Path, filename: str | None, **kwargs: object
) -> pd.DataFrame | AcumenError:
    """Load ``data``; assert the outcome rule; return the table or the error."""
    name = _display_name(data, filename)
    result, error = _run_bounded(lambda: load_file(data, filename=filename, **kwargs), name)
    if error is not None and not isinstance(error, AcumenError):
        trace = "".join(traceback.format_exception(error))
        pytest.fail(f"{name}: {type(error).__name__} instead of AcumenError:\n{trace}")
    COUNTS["cases"] += 1
    if isinstance(error, AcumenError):
        COUNTS["rejected"] += 1
        _assert_located(error, name)
        return error
    COUNTS["loaded"] += 1
    _assert_table(result, name)
    return result


def _assert_located(error: AcumenError, name: str) -> None:
    message = error.message
    assert isinstance(message, str) and str(error) == message
    assert error.source == name, f"error names {error.source!r}, not the file {name!r}"
    assert message.startswith(f"{name}: ") or message.startswith(f"{name}, "), message[:200]
    if error.row is not None:
        assert f"row {error.row}" in message, message[:200]
    if error.column is not None:
        assert f"column '{error.column}'" in message, message[:200]
    if re.search(r"\(cell [A-Z]+\d+\)", error.problem):
        assert error.row is not None, f"the problem quotes a cell but names no row: {message}"
    assert error.fix, f"no fix in: {message[:200]}"
    assert len(message) <= MAX_MESSAGE_CHARS, (
        f"{len(message):,}-character message: {message[:300]}…"
    )


def _assert_table(statements: object, name: str) -> None:
    assert isinstance(statements, Statements), f"{name}: load_file returned {type(statements)}"
    table = statements.table
    assert list(table.index.names) == ["company", "fiscal_year"], table.index.names
    assert len(table) >= 1
    companies = table.index.get_level_values("company")
    assert all(isinstance(c, str) and c for c in companies), companies
    assert all(int(y) == y for y in table.index.get_level_values("fiscal_year"))


def assert_expectations(case, outcome: pd.DataFrame | AcumenError) -> None:
    """What tools/build_corpus.py says this corpus file must give."""
    if case.expect == "load":
        assert isinstance(outcome, Statements), f"{case.name} ({case.note}): {outcome}"
    elif case.expect == "reject":
        assert isinstance(outcome, AcumenError), f"{case.name} ({case.note}) loaded"
    if isinstance(outcome, Statements):
        if case.company is not None:
            assert outcome.index.get_level_values("company")[0] == case.company
            assert outcome.companies.loc[case.company, "name"] == case.company
        for (item, year), value in case.values.items():
            assert outcome.table.loc[(outcome.index[0][0], year), item] == pytest.approx(value)
    else:
        if case.problem is not None:
            assert case.problem in outcome.message, outcome.message
        if case.row is not None:
            assert outcome.row == case.row, outcome.message
        if case.column is not None:
            assert outcome.column == case.column, outcome.message


@pytest.fixture(scope="module", autouse=True)
def case_report():
    yield
    print(
        f"\nfuzz corpus: {COUNTS['cases']} cases, {COUNTS['loaded']} loaded, "
        f"{COUNTS['rejected']} rejected with AcumenError"
    )


# --------------------------------------------------------------------------- committed corpus


def test_corpus_is_generated_by_the_builder() -> None:
    """Every case of tools/build_corpus.py is committed, byte for byte, and small."""
    for name, case in CASES.items():
        path = CORPUS / name
        assert path.is_file(), f"{name} missing: run python tools/build_corpus.py"
        committed = path.read_bytes()
        assert len(committed) < BUILD.MAX_FILE_BYTES, name
        if committed != case.data:  # a deflated zip may differ by zlib build: same content?
            assert zipfile.is_zipfile(io.BytesIO(committed)), f"{name} differs from the builder"
            entries = [
                [
                    (i.filename, i.CRC, i.file_size)
                    for i in zipfile.ZipFile(io.BytesIO(d)).infolist()
                ]
                for d in (committed, case.data)
            ]
            assert entries[0] == entries[1], name
    assert {"messy_wide.csv", "broken_nonnumeric.csv"}.isdisjoint(CASES)
    assert (CORPUS / ".gitattributes").read_text(encoding="utf-8") == "* -text\n"


def _corpus_params() -> list:
    """Corpus file names; a case with a known, unfixed loader bug is xfail(strict=True)."""
    params = []
    for name in CORPUS_FILES:
        bug = CASES[name].bug if name in CASES else None
        marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
        params.append(pytest.param(name, marks=marks))
    return params


@pytest.mark.parametrize("name", _corpus_params())
def test_corpus_file(name: str) -> None:
    """The outcome rule for every corpus file, and what the builder says it must give."""
    outcome = check_outcome((CORPUS / name).read_bytes(), name)
    if name in CASES:  # not one of test_file_loader.py's files
        assert_expectations(CASES[name], outcome)


def test_line_endings_give_identical_tables() -> None:
    tables = [
        check_outcome((CORPUS / f"endings_{kind}.csv").read_bytes(), "endings.csv")
        for kind in ("lf", "crlf", "cr", "mixed")
    ]
    for table in tables[1:]:
        pd.testing.assert_frame_equal(tables[0].table, table.table)


def test_formula_and_html_company_names_stay_text() -> None:
    names = {**BUILD.FORMULAS, **BUILD.HTML}
    for key, text in names.items():
        kind = "formula" if key in BUILD.FORMULAS else "html"
        name = f"{kind}_company_{key}.csv"
        table = check_outcome((CORPUS / name).read_bytes(), name)
        assert table.index.get_level_values("company").unique().tolist() == [text]
        assert table.companies.index.tolist() == [text]
        if kind == "html":  # the line item too, in the warning that lists ignored rows
            assert any(f"'{text}'" in w for w in table.warnings)


def test_harness_fails_a_hang_and_a_foreign_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    """The time bound and the exception rule themselves."""
    with pytest.raises(pytest.fail.Exception, match="a hang"):
        _run_bounded(lambda: time.sleep(1), "sleepy.csv", seconds=0.05)

    def explode(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(sys.modules[__name__], "load_file", explode)
    with pytest.raises(pytest.fail.Exception, match="KeyError instead of AcumenError"):
        check_outcome(b"x", "x.csv")


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file_truncated(name: str) -> None:
    """Each corpus file cut after its first byte, in the middle and before its last byte."""
    data = (CORPUS / name).read_bytes()
    for cut in sorted({1, len(data) // 2, len(data) - 1}):
        if 0 < cut < len(data):
            check_outcome(data[:cut], name)


@FUZZ
@given(name=st.sampled_from(CORPUS_FILES), data=st.data())
def test_fuzz_corpus_file_truncated_anywhere(name: str, data: st.DataObject) -> None:
    raw = (CORPUS / name).read_bytes()
    cut = data.draw(st.integers(min_value=0, max_value=max(len(raw) - 1, 0)), label="cut")
    check_outcome(raw[:cut], name)


def _openpyxl_book(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


VALID_XLSX = _openpyxl_book(BUILD.XLSX_TABLE)


def test_valid_openpyxl_workbook_loads() -> None:
    table = check_outcome(VALID_XLSX, "book.xlsx")
    assert table.table.loc[("Workbook Co", 2022), "revenue"] == 110e6


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(VALID_XLSX) - 1))
def test_fuzz_valid_xlsx_truncated(cut: int) -> None:
    check_outcome(VALID_XLSX[:cut], "book.xlsx")


# --------------------------------------------------------------------------- too big to commit


def _over_limit_csv() -> bytes:
    line = b"Revenue," + b",".join(b"1,234" for _ in range(50)) + b"\n"
    data = b"Line item," + b",".join(str(y).encode() for y in range(1980, 2030)) + b"\n"
    return data + line * ((MAX_UPLOAD_BYTES - len(data)) // len(line) + 2)


@pytest.mark.parametrize(
    ("kind", "filename"),
    [
        ("csv", "big.csv"),
        ("xlsx", "big.xlsx"),
        ("tabs", "big.tsv"),
        ("no name", None),
        ("path", None),
        ("text", "big text.csv"),
    ],
)
def test_over_10_mb_is_rejected_with_the_limit(
    kind: str, filename: str | None, tmp_path: Path
) -> None:
    """Generated at run time (never committed): one byte or more over MAX_UPLOAD_BYTES."""
    data: bytes | str | Path
    if kind in ("csv", "no name"):
        data = _over_limit_csv()
    elif kind == "xlsx":
        data = BUILD.xlsx(BUILD.XLSX_TABLE) + b"\x00" * (MAX_UPLOAD_BYTES + 1)
    elif kind == "tabs":
        data = b"\t" * (MAX_UPLOAD_BYTES + 1)
    elif kind == "path":
        data = tmp_path / "big_on_disk.csv"
        data.write_bytes(b"Line item,2021\nRevenue,1\n" + b" " * MAX_UPLOAD_BYTES)
    else:  # under the limit in characters, over it in UTF-8 bytes
        data = "Line item,2021\nRevenue,1\n" + "é" * (MAX_UPLOAD_BYTES // 2 + 1)
        assert len(data) < MAX_UPLOAD_BYTES
    error = check_outcome(data, filename)
    assert isinstance(error, AcumenError)
    assert "10 MB" in error.message


def test_exactly_10_mib_is_not_refused_for_size() -> None:
    error = check_outcome(b"\n" * MAX_UPLOAD_BYTES, "at_limit.csv")
    assert isinstance(error, AcumenError) and "10 MB" not in error.message


def _wide_sheet(cells: int) -> bytes:
    row = '<c t="n"><v>1</v></c>' * cells
    sheet = (
        f'{BUILD._HEAD}<worksheet xmlns="{BUILD._MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Line item</t></is></c>'
        '<c r="B1"><v>2021</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Revenue</t></is></c>'
        f"{row}</row></sheetData></worksheet>"
    )
    return BUILD.zip_bytes(BUILD.workbook_parts(sheet), compression=zipfile.ZIP_DEFLATED)


TABLE_CSV = BUILD.csv_bytes(BUILD.TABLE)


#: name -> (bytes built at run time, expected outcome)
WIDE_CASES = {
    "header_100k.csv": (
        lambda: (
            "Line item," + ",".join(f"c{i}" for i in range(99_999)) + "\nRevenue,1\n"
        ).encode(),
        "reject",
    ),
    "figures_100k.tsv": (
        lambda: ("Line item\t2021\nRevenue\t" + "\t".join("1" for _ in range(100_000))).encode(),
        "reject",
    ),
    "trailing_commas_100k.csv": (
        lambda: TABLE_CSV.replace(b"\n", b"," * 100_000 + b"\n"),
        "load",
    ),
    "cells_100k.xlsx": (lambda: _wide_sheet(100_000), "reject"),
}


@pytest.mark.parametrize("name", WIDE_CASES)
def test_100000_columns(name: str) -> None:
    build, expect = WIDE_CASES[name]
    outcome = check_outcome(build(), name)
    if expect == "reject":
        assert isinstance(outcome, AcumenError) and "columns" in outcome.message
    else:
        assert isinstance(outcome, Statements)


MEGABYTE = 1_000_000
#: name -> bytes with one cell (or line) of a megabyte, built at run time
MEGABYTE_CASES = {
    "number_1mb.csv": lambda: b"Line item,2021\nRevenue," + b"9" * MEGABYTE + b"\n",
    "label_1mb.csv": lambda: b"Line item,2021\n" + b"x" * MEGABYTE + b",1\nRevenue,1\n",
    "company_1mb.csv": lambda: b'"Company: ' + b"A" * MEGABYTE + b'"\n' + TABLE_CSV,
    "quoted_1mb.csv": lambda: b'Line item,2021\nRevenue,"' + b'""' * (MEGABYTE // 2) + b'"\n',
    "one_line_1mb.csv": lambda: b"2021," * (MEGABYTE // 5),
    "company_1mb.xlsx": lambda: BUILD.xlsx(
        [["Company: " + "A" * MEGABYTE], *BUILD.XLSX_TABLE[2:6]]
    ),
    "number_1mb.xlsx": lambda: BUILD.xlsx(
        [*BUILD.XLSX_TABLE[2:4], ["Net income", "9" * MEGABYTE, 1]]
    ),
}


@pytest.mark.parametrize("name", MEGABYTE_CASES)
def test_one_megabyte_cell(name: str) -> None:
    outcome = check_outcome(MEGABYTE_CASES[name](), name)
    if name == "company_1mb.xlsx":  # a workbook cell may hold it: kept whole, as text
        assert outcome.index[0][0] == "A" * MEGABYTE
    elif name.endswith(".csv"):  # beyond the csv module's 128 KiB field limit
        assert isinstance(outcome, AcumenError) and outcome.row is not None


def test_year_header_of_100k_characters() -> None:
    data = ("Line item,2021," + "x" * 100_000 + "\nRevenue,1,2\n").encode()
    error = check_outcome(data, "long_header.csv")
    assert isinstance(error, AcumenError) and error.row == 1


def test_ten_megabytes_of_invalid_utf8_stay_within_the_bound() -> None:
    """Was 10.3 s: mixed UTF-8/cp1252 decoding called a Python error handler per invalid byte;
    it now decodes line by line. check_outcome enforces the 10 s hang bound."""
    check_outcome(BUILD.slow_decode_input(MAX_UPLOAD_BYTES), "slow_decode.csv")


def test_long_line_item_label_is_cut_short_in_the_message() -> None:
    """Was a 100,169-character message: 'found line items (…)' quoted labels whole."""
    error = check_outcome(("Revenue (" + "x" * 100_000 + "),100\n").encode(), "long_label.csv")
    assert isinstance(error, AcumenError) and "found line items (Revenue (xxx" in error.message


# --------------------------------------------------------------------------- hypothesis


@settings(FUZZ, max_examples=200)
@given(
    body=st.binary(max_size=4096),
    prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04"]),
    filename=st.sampled_from(["fuzz.csv", "fuzz.xlsx", "fuzz.tsv", "fuzz.txt", "fuzz.xlsm", None]),
)
def test_fuzz_random_bytes(body: bytes, prefix: bytes, filename: str | None) -> None:
    check_outcome(prefix + body, filename)


LABELS = [
    "Line item",
    "Year",
    "Fiscal year",
    "Period end",
    "Company",
    "Revenue",
    "Net sales",
    "Cost of revenue",
    "Gross profit",
    "SG&A",
    "Net income",
    "Net income (loss)",
    "Total assets",
    "Total liabilities",
    "Total equity",
    "Capital expenditure",
    "Cash",
    "Company: Grid Co",
    "Currency: EUR",
    "in millions",
    "$000",
    "Note",
    "% change",
]
YEARS = ["2021", "2022", "FY2023", "FY 21", "2016-01-31", "12/31/2020", "Dec 31, 2019"]
YEARS += ["1899", "2101", "20211", "FY99"]
NUMBERS = ["0", "-0", "1,234", "(56)", "1 234,5", "1.5e6", "12%", "$5", "€5", "—", "-", "n/a"]
NUMBERS += ["nan", "1e308", "1e999", "0x10", "(-5)", "--5", "1,23,456", ".5", "5."]
GARBAGE = [*BUILD.FORMULAS.values(), *BUILD.HTML.values(), "abc", "#DIV/0!", "#REF!"]
GARBAGE += ['"', '""', "\r", "\n", ";", "\t", ",", "\ufeff", "\u202e", "é", "华", "\x1b[0m"]
TYPED = [2021, 2022.0, 1234.5, -56, 0, 10**15, True, False, float("nan"), float("inf")]
TYPED += [dt.datetime(2016, 1, 31), dt.date(2021, 12, 31), dt.datetime(1899, 12, 31)]

CELL = st.one_of(
    st.none(),
    st.sampled_from(LABELS),
    st.sampled_from(YEARS),
    st.sampled_from(NUMBERS),
    st.sampled_from(GARBAGE),
    st.sampled_from(TYPED),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.text(max_size=12),
)
ITEMS = LABELS[5:17] + ["Operating income", "Interest expense", "Dividends paid", "R&D"]
TITLES = ["Company: Grid Co", "Currency: EUR", "Currency: GBP", "in millions", "in thousands"]
TITLES += ["(in $ millions)", "EUR '000", "Income statement", "Unit: units", "Company:"]
GOOD_YEARS = ["2019", "2020", "2021", "2022", "FY2023", "FY 2018", "2016-01-31", 2017, 2015.0]
GOOD_NUMBERS = st.one_of(
    st.sampled_from(["0", "-0", "1,234", "(56)", "1.5e6", "12%", "$5", "—", "-", "n/a", ".5"]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.integers(min_value=0, max_value=10**9).map(lambda n: f"{n:,}"),
    st.integers(min_value=0, max_value=10**6).map(lambda n: f"({n:,})"),
)


@st.composite
def table_grids(draw: st.DrawFn) -> list[list[object]]:
    """Plausible statements (wide, or long when transposed), then up to 3 hostile cells."""
    titles = draw(st.lists(st.sampled_from(TITLES), max_size=3))
    years = draw(st.lists(st.sampled_from(GOOD_YEARS), min_size=1, max_size=5, unique_by=str))
    corner = draw(st.sampled_from(["Line item", None, "Year", "Fiscal year", "($m)"]))
    labels = draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=8, unique=True))
    width = len(years)
    numbers = st.lists(GOOD_NUMBERS, min_size=width, max_size=width)
    table = [[corner, *years], *[[label, *draw(numbers)] for label in labels]]
    if draw(st.booleans()):  # long layout: one row per year
        table = [list(column) for column in zip(*table, strict=True)]
    grid = [[t] for t in titles] + table
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        row = draw(st.integers(min_value=0, max_value=len(grid) - 1))
        column = draw(st.integers(min_value=0, max_value=len(grid[row])))
        cell = draw(CELL)
        if column < len(grid[row]):
            grid[row][column] = cell
        else:
            grid[row].append(cell)
    return grid


GRID = st.lists(st.lists(CELL, max_size=7), min_size=1, max_size=10) | table_grids()


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def grid_csv(rows: list[list[object]], delimiter: str, newline: str, encoding: str) -> bytes:
    cells = [[_as_text(v) for v in row] for row in rows]
    try:
        return BUILD.csv_bytes(cells, delimiter=delimiter, newline=newline, encoding=encoding)
    except UnicodeEncodeError:
        return BUILD.csv_bytes(cells, delimiter=delimiter, newline=newline)


def grid_xlsx(rows: list[list[object]]) -> bytes:
    clean = [
        [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row] for row in rows
    ]
    return _openpyxl_book(clean)


@FUZZ
@given(
    rows=GRID,
    delimiter=st.sampled_from([",", ";", "\t"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "gb18030"]),
)
def test_fuzz_grids_as_csv(
    rows: list[list[object]], delimiter: str, newline: str, encoding: str
) -> None:
    check_outcome(grid_csv(rows, delimiter, newline, encoding), "grid.csv")


@settings(FUZZ, max_examples=100)
@given(rows=GRID)
def test_fuzz_grids_as_xlsx(rows: list[list[object]]) -> None:
    check_outcome(grid_xlsx(rows), "grid.xlsx")


SHEET_XML = BUILD.sheet_xml(BUILD.XLSX_TABLE)
XML_SNIPPETS = [
    '<c r="B4" t="s"><v>99</v></c>',  # a shared string that does not exist
    '<c r="B4" t="d"><v>not a date</v></c>',
    '<c r="B4" t="d"><v>2021-13-45T25:61:00</v></c>',
    '<c r="B4" t="n"><v>1e400</v></c>',
    '<c r="B4" t="n"><v>99999999999999999999999999999</v></c>',
    '<c r="B4" t="n"><v>-0</v></c>',
    '<c r="B4" t="str"><v>=1+1</v></c>',
    '<c r="B4"><f>SUM(</f></c>',
    '<c r="B4"><f>HYPERLINK("http://x")</f><v>#VALUE!</v></c>',
    '<c r="B4" s="99"><v>1</v></c>',  # a style that does not exist
    '<c r="B4" s="0"><v>1</v></c>',
    '<c r="B4" t="b"><v>2</v></c>',
    '<c r="B4" t="e"><v>#NAME?</v></c>',
    '<c r="B4" t="bogus"><v>1</v></c>',
    '<c r="B4" t="inlineStr"><is><r><t>Rev</t></r><r><t>enue</t></r></is></c>',
    '<c r="ZZZZ4"><v>1</v></c>',
    '<c r="XFD1"><v>2030</v></c>',
    '<c r="A0"><v>1</v></c>',
    "<c><v>1</v></c>",
    '<row r="0">',
    '<row r="-5">',
    '<row r="3"><c r="A3"><v>1</v></c></row>',  # a row number used twice
    "</row>",
    "</sheetData>",
    "&amp;",
    "&bogus;",
    "&#0;",
    "<![CDATA[<c/>]]>",
    "<!-- comment -->",
    "<?pi x?>",
    "\x00",
    "\ufeff",
    '<mergeCells count="1"><mergeCell ref="A1:Z99"/></mergeCells>',
]


@FUZZ
@given(
    edits=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(SHEET_XML)),
            st.sampled_from(XML_SNIPPETS) | st.text(max_size=8),
            st.integers(min_value=0, max_value=12),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_fuzz_xlsx_sheet_xml(edits: list[tuple[int, str, int]]) -> None:
    """A valid zip around a damaged worksheet: snippets spliced in, characters cut out."""
    sheet = SHEET_XML
    for position, snippet, cut in edits:
        at = min(position, len(sheet))
        sheet = sheet[:at] + snippet + sheet[at + cut :]
    check_outcome(BUILD.zip_bytes(BUILD.workbook_parts(sheet)), "spliced.xlsx")


def _plain_name(text: str) -> bool:
    """A name the title line gives back unchanged (no NUL, no edge spaces or ',;')."""
    return bool(text) and "\x00" not in text and text == text.strip() and text[0] not in ",;"


PREFIXES = ["=", "+", "-", "@", "<script>", "<img src=x onerror=", "=HYPERLINK("]
HOSTILE_NAME = st.one_of(
    st.sampled_from([*BUILD.FORMULAS.values(), *BUILD.HTML.values()]),
    st.tuples(st.sampled_from(PREFIXES), st.text(max_size=20)).map("".join),
    st.text(min_size=1, max_size=30),
).filter(_plain_name)


@FUZZ
@given(name=HOSTILE_NAME)
@example(name="Cash flow statement")
def test_fuzz_hostile_company_name_is_kept_verbatim_csv(name: str) -> None:
    table = check_outcome(BUILD.csv_bytes(BUILD.titled(name)), "client.csv")
    assert isinstance(table, Statements)
    assert table.index.get_level_values("company").unique().tolist() == [name]


@settings(FUZZ, max_examples=60)
@given(name=HOSTILE_NAME.filter(lambda s: not ILLEGAL_CHARACTERS_RE.search(s)))
@example(name="CASHFLOW")  # a name that is a statement's title is still a name
@example(name="Balance Sheet Holdings")
def test_fuzz_hostile_company_name_is_kept_verbatim_xlsx(name: str) -> None:
    table = check_outcome(_openpyxl_book([[f"Company: {name}"], *BUILD.XLSX_TABLE[2:6]]), "c.xlsx")
    assert isinstance(table, Statements)
    assert table.index.get_level_values("company").unique().tolist() == [name]


# --------------------------------------------------------------------------- xlsx part bombs


@pytest.mark.parametrize("part", BOMB_PARTS)
def test_xlsx_part_bomb_is_refused(part: str) -> None:
    """32 MB of spaces in any part (styles, workbook, content types, rels, core properties,
    a worksheet); tests/test_xlsx_bounds.py measures the memory of 256 MB ones."""
    outcome = check_outcome(workbook_bytes(part=part, filler=32 * MIB), "bomb.xlsx")
    assert isinstance(outcome, AcumenError) and f"part '{part}'" in outcome.message


def test_xlsx_element_bomb_is_refused() -> None:
    """Under a megabyte of styles, but 250,000 elements."""
    data = workbook_bytes(part="xl/styles.xml", filler=1_000_000, unit=b"<a/>")
    outcome = check_outcome(data, "elements.xlsx")
    assert isinstance(outcome, AcumenError) and "100,000" in outcome.message


# --------------------------------------------------------------------------- implausible figures

_FIGURES = "Line item,2021,2022\n{revenue}\nNet income,5,6\nTotal assets,300,320\n"
#: name -> (CSV text, "load" with an "Implausible" note, or "reject" naming row and column)
IMPLAUSIBLE_CASES = {
    "negative_revenue.csv": (_FIGURES.format(revenue="Revenue,-100,110"), "load"),
    "margin_5000pct.csv": (_FIGURES.format(revenue="Revenue,0.1,110"), "load"),
    "1e305_billions.csv": ("in billions\n" + _FIGURES.format(revenue="Revenue,1e305,1"), "reject"),
    "2e18_units.csv": (_FIGURES.format(revenue="Revenue,2e18,1"), "reject"),
    "1000_digits.csv": (_FIGURES.format(revenue=f"Revenue,{'9' * 1000},1"), "reject"),
}


@pytest.mark.parametrize("name", IMPLAUSIBLE_CASES)
def test_implausible_and_overflowing_figures(name: str) -> None:
    text, expect = IMPLAUSIBLE_CASES[name]
    outcome = check_outcome(text.encode(), name)
    if expect == "load":
        assert isinstance(outcome, Statements)
        assert any("Implausible figures" in w for w in outcome.warnings)
    else:
        assert isinstance(outcome, AcumenError) and outcome.column == "2021"
        assert outcome.row is not None and len(outcome.message) < 500


# --------------------------------------------------------------------------- the count


def test_zz_report_case_counts(record_property) -> None:
    """Last in the module: the counts so far (all of them in a normal run)."""
    assert COUNTS["loaded"] + COUNTS["rejected"] == COUNTS["cases"]
    record_property("fuzz_cases", COUNTS["cases"])
    record_property("fuzz_loaded", COUNTS["loaded"])
    record_property("fuzz_rejected", COUNTS["rejected"])
