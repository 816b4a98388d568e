"""load_file: CSV and XLSX uploads to canonical statements, and every rejection."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acumen.data.loaders import file_grid, files
from acumen.data.loaders.file_bytes import MAX_UPLOAD_BYTES
from acumen.data.loaders.file_years import parse_year
from acumen.data.loaders.files import load_file, template_bytes
from acumen.data.schema import LINE_ITEMS
from acumen.data.statements import Statements, line_table
from acumen.errors import AcumenError

CORPUS = Path(__file__).parent / "corpus"
YEARS = (2021, 2022, 2023)
#: Consistent statements in millions: label -> figures per year.
FIGURES = {
    "Revenue": (1234.5, 1400.25, 1610.0),
    "Cost of revenue": (734.5, 800.25, 905.0),
    "Gross profit": (500.0, 600.0, 705.0),
    "SG&A": (300.0, 320.0, 350.0),
    "Net income": (-56.0, 150.5, 210.0),
    "Cash": (120.0, 140.0, 165.0),
    "Total assets": (2500.0, 2650.0, 2900.0),
    "Total liabilities": (1500.0, 1550.0, 1600.0),
    "Total equity": (1000.0, 1100.0, 1300.0),
    "Capital expenditure": (70.0, 75.0, 85.0),
}


def load_text(text: str, filename: str = "x.csv", **kwargs: object) -> pd.DataFrame:
    return load_file(text.encode("utf-8"), filename=filename, **kwargs)


def error_of(text: str | bytes, filename: str = "x.csv", **kwargs: object) -> AcumenError:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(AcumenError) as caught:
        load_file(data, filename=filename, **kwargs)
    return caught.value


def wide_csv(scale: float = 1.0, title: str = "") -> str:
    lines = ["Company: Round Trip Co", *([title] if title else [])]
    lines.append("Line item," + ",".join(str(y) for y in YEARS))
    for label, values in FIGURES.items():
        lines.append(f'"{label}",' + ",".join(f'"{v * scale:,.2f}"' for v in values))
    return "\n".join(lines) + "\n"


def long_csv() -> str:
    lines = ["Company: Round Trip Co", "Income statement (in millions)"]
    lines.append("Year," + ",".join(f'"{label}"' for label in FIGURES))
    for i, year in enumerate(YEARS):
        lines.append(f"{year}," + ",".join(str(values[i]) for values in FIGURES.values()))
    return "\n".join(lines) + "\n"


def wide_xlsx(rows: list[list[object]] | None = None, *, empty_first_sheet: bool = False) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if empty_first_sheet:
        sheet.title = "Cover"
        sheet = workbook.create_sheet("Data")
    if rows is None:
        rows = [["Company: Round Trip Co"], ["in millions"], ["Line item", *YEARS]]
        rows += [[label, *values] for label, values in FIGURES.items()]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def expected_table() -> pd.DataFrame:
    return line_table(load_text(wide_csv(), unit="millions"))


# --------------------------------------------------------------------------- happy paths


def test_same_statements_in_four_layouts_load_identically() -> None:
    """Wide in full units, long in millions, wide 'in millions' and XLSX agree."""
    full = line_table(load_text(wide_csv(scale=1e6)))
    long = line_table(load_text(long_csv()))
    millions = line_table(load_text(wide_csv(title="Income statement (in millions)")))
    workbook = line_table(load_file(wide_xlsx(), filename="round.xlsx"))
    for other in (long, millions, workbook):
        pd.testing.assert_frame_equal(full, other, check_exact=False, rtol=1e-12)
    assert full.loc[("Round Trip Co", 2022), "revenue"] == pytest.approx(1_400_250_000)
    assert full.index.names == ["company", "fiscal_year"]
    assert list(full.columns) == list(LINE_ITEMS)
    assert (full.dtypes == "float64").all()


def test_messy_corpus_csv_loads_expected_numbers() -> None:
    """Title lines, BOM, "$1,234", "(56)", "—", blank rows and "in thousands"."""
    raw = (CORPUS / "messy_wide.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = load_file(raw, filename="messy_wide.csv")
    company = "Messy Client Inc"
    assert table.index.tolist() == [(company, 2021), (company, 2022), (company, 2023)]
    row = table.table.loc[(company, 2021)]
    assert row["revenue"] == 1_234_000
    assert row["cost_of_revenue"] == pytest.approx(734_200)  # "(734.2)" stored as a cost
    assert row["net_income"] == -56_000
    assert np.isnan(row["rnd"])  # "—"
    assert table.table.loc[(company, 2023), "rnd"] == 40_000
    assert table.table.loc[(company, 2023), "equity"] == 1_300_000
    net_margin = table.table["net_income"] / table.table["revenue"]
    assert net_margin.notna().sum() == 3
    companies = table.companies
    assert companies.loc[company, "name"] == company
    assert companies.loc[company, "currency"] == "USD"  # from the "$" figures
    assert companies.loc[company, "source"] == "upload: messy_wide.csv"
    warnings = " ".join(table.warnings)
    assert "thousands" in warnings and "Earnings per share" in warnings


def test_template_loads_and_is_consistent() -> None:
    table = load_file(template_bytes(), filename="template.csv")
    assert template_bytes() == (Path(files.__file__).parents[1] / "template.csv").read_bytes()
    assert table.index.get_level_values("fiscal_year").tolist() == [2021, 2022, 2023]
    assert table.index.get_level_values("company")[0] == "Your client"
    assert table.table[list(LINE_ITEMS)].notna().all().all()  # every item has an example
    assert table.derivations.empty
    assert table.table.loc[("Your client", 2021), "revenue"] == 1e9  # "Unit: millions"
    assert table.companies.iloc[0]["currency"] == "USD"


def test_long_layout_with_company_and_period_end_columns() -> None:
    text = "company,fiscal_year,period_end,revenue,net_income\n"
    text += "ACME,2015,2016-01-31,100,10\nACME,2016,2017-01-29,110,12\n"
    table = load_text(text)
    assert table.index.tolist() == [("ACME", 2015), ("ACME", 2016)]
    assert table.period_end.tolist() == [
        pd.Timestamp("2016-01-31"),
        pd.Timestamp("2017-01-29"),
    ]


@pytest.mark.parametrize(
    ("header", "year"),
    [("2015", 2015), ("FY2015", 2015), ("FY 2015", 2015), ("2015.0", 2015), ("FY15", 2015)],
)
def test_year_headers(header: str, year: int) -> None:
    table = load_text(f"Line item,{header}\nRevenue,100\n")
    assert table.index.get_level_values("fiscal_year").tolist() == [year]


@pytest.mark.parametrize(
    ("header", "year", "end"),
    [
        ("2016-01-31", 2015, "2016-01-31"),
        ("1/31/2016", 2015, "2016-01-31"),
        ("31.01.2016", 2015, "2016-01-31"),
        ("2016-01-02", 2015, "2016-01-02"),
        ("2015-06-30", 2015, "2015-06-30"),
        ('"Dec 31, 2015"', 2015, "2015-12-31"),
        ("Year ended January 31 2016", 2015, "2016-01-31"),
    ],
)
def test_date_headers_use_compustat_fiscal_year(header: str, year: int, end: str) -> None:
    table = load_text(f"Line item,{header}\nRevenue,100\n")
    assert table.index.get_level_values("fiscal_year").tolist() == [year]
    assert table.period_end.iloc[0] == pd.Timestamp(end)


def test_parse_year_accepts_excel_values() -> None:
    assert parse_year(2015) == (2015, None)
    assert parse_year(2015.0) == (2015, None)
    assert parse_year(pd.Timestamp("2016-01-31").to_pydatetime()) == (
        2015,
        pd.Timestamp("2016-01-31"),
    )
    assert parse_year(2015.5) is None and parse_year("abc") is None and parse_year(True) is None


def test_xlsx_with_numeric_years_date_headers_and_first_sheet_with_data() -> None:
    rows = [["Line item", 2015, pd.Timestamp("2017-01-31").to_pydatetime()], ["Revenue", 5, 6]]
    table = load_file(wide_xlsx(rows, empty_first_sheet=True), filename="book.xlsx")
    assert table.index.get_level_values("fiscal_year").tolist() == [2015, 2016]
    assert table.table["revenue"].tolist() == [5.0, 6.0]
    assert any("Data" in w for w in table.warnings)


def test_xlsx_formula_label_is_ignored_and_cached_values_are_used() -> None:
    rows = [["Line item", 2021], ["=HYPERLINK(1)", 5], ["Revenue", 7]]
    table = load_file(wide_xlsx(rows), filename="f.xlsx")
    assert table.table["revenue"].tolist() == [7.0]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_delimiters(delimiter: str) -> None:
    text = f"Company: D\nLine item{delimiter}2021{delimiter}2022\n"
    text += f"Revenue{delimiter}1,234.5{delimiter}(5)\n"
    table = load_text(text, filename="d.tsv" if delimiter == "\t" else "d.csv")
    assert table.table["revenue"].tolist() == [1234.5, -5.0]


@pytest.mark.parametrize(
    ("title", "factor", "unit"),
    [
        ("Income statement (in thousands)", 1e3, "thousands"),
        ("(in millions)", 1e6, "millions"),
        ("Figures in billions", 1e9, "billions"),
        ("$000", 1e3, "thousands"),
        ("Revenue and costs (000s)", 1e3, "thousands"),
        ("EUR '000", 1e3, "thousands"),
        ("All figures $m", 1e6, "millions"),
        ("(in $ millions)", 1e6, "millions"),
        ("Unit: millions", 1e6, "millions"),
    ],
)
def test_unit_title_lines_scale(title: str, factor: float, unit: str) -> None:
    table = load_text(f"Company: U\n{title}\nLine item,2021\nRevenue,2\n")
    assert table.table["revenue"].iloc[0] == 2 * factor
    assert any(unit in w for w in table.warnings)


def test_unit_argument_provides_and_overrides() -> None:
    plain = load_text("Line item,2021\nRevenue,2\n", unit="millions")
    assert plain.table["revenue"].iloc[0] == 2e6
    assert any("millions" in w for w in plain.warnings)
    stated = load_text("in thousands\nLine item,2021\nRevenue,2\n", unit="units")
    assert stated.table["revenue"].iloc[0] == 2.0
    assert any("thousands" in w for w in stated.warnings)
    none = load_text("Line item,2021\nRevenue,2\n")
    assert any("full units" in w for w in none.warnings)


def test_company_precedence_argument_title_stem() -> None:
    text = "Company: Title Name\nLine item,2021\nRevenue,1\n"
    assert load_text(text, company="Arg Co").index[0][0] == "Arg Co"
    assert load_text(text).index[0][0] == "Title Name"
    assert load_text("Line item,2021\nRevenue,1\n", filename="acme_2023.csv").index[0][0] == (
        "acme_2023"
    )


def test_html_company_name_is_stored_untouched() -> None:
    name = "<b>Evil</b> & <script>alert('x')</script> Co"
    table = load_text(f"Company: {name}\nLine item,2021\nRevenue,1\n")
    assert table.index[0][0] == name
    assert table.companies.loc[name, "name"] == name


@pytest.mark.parametrize(
    ("title", "currency"),
    [("Currency: EUR", "EUR"), ("Income statement (in EUR millions)", "EUR"), ("£m", "GBP")],
)
def test_currency_from_title_lines(title: str, currency: str) -> None:
    table = load_text(f"Company: C\n{title}\nLine item,2021\nRevenue,1\n")
    assert table.companies.iloc[0]["currency"] == currency
    assert not any("assumed USD" in w for w in table.warnings)


def test_currency_assumed_usd_with_warning() -> None:
    table = load_text("Line item,2021\nRevenue,1\n")
    assert table.companies.iloc[0]["currency"] == "USD"
    assert any("assumed USD" in w for w in table.warnings)


def test_cp1252_file_with_euro_and_accent() -> None:
    text = (
        "Company: Café € Holdings\r\nCurrency: EUR\r\nLine item,2021,2022\r\nNet sales,100,200\r\n"
    )
    table = load_file(text.encode("cp1252"), filename="cafe.csv")
    assert table.index[0][0] == "Café € Holdings"
    assert table.table["revenue"].tolist() == [100.0, 200.0]
    assert any("cp1252" in w for w in table.warnings)


def test_gb18030_file_with_chinese_company_name() -> None:
    name = "华为技术有限公司"
    text = f"Company: {name}\nLine item,2021,2022\nNet sales,100,200\n"
    table = load_file(text.encode("gb18030"), filename="hw.csv")
    assert table.index[0][0] == name
    assert any("gb18030" in w.lower() for w in table.warnings)


def test_utf8_bom_and_utf16_files() -> None:
    text = "Company: Ünïcode AG\nLine item,2021\nRevenue,1\n"
    bom = load_file(b"\xef\xbb\xbf" + text.encode(), filename="u.csv")
    assert bom.index[0][0] == "Ünïcode AG"
    assert not any("UTF-8" in w for w in bom.warnings)
    utf16 = load_file(text.replace(",", "\t").encode("utf-16"), filename="u.txt")
    assert utf16.index[0][0] == "Ünïcode AG"


def test_unknown_line_items_collapse_into_one_warning() -> None:
    text = "Line item,2021\nRevenue,1\nEarnings per share,2\nWidgets sold,3\nAssets:,\n"
    warnings = [w for w in load_text(text).warnings if "not known as line items" in w]
    assert len(warnings) == 1
    assert "Earnings per share" in warnings[0] and "Widgets sold" in warnings[0]
    assert "Assets" not in warnings[0]  # a heading without figures is not reported


def test_blank_nil_rows_and_empty_year_columns_are_dropped() -> None:
    text = "\n\nLine item,2020,2021\n,,\nRevenue,—,5\nNet income,n/a,1\n,,\n"
    table = load_text(text)
    assert table.index.get_level_values("fiscal_year").tolist() == [2021]


def test_bracketed_costs_are_stored_positive() -> None:
    text = "Line item,2021,2022\nRevenue,100,110\nCost of sales,(60),(70)\nCapex,(5),(6)\n"
    table = load_text(text)
    assert table.table["cost_of_revenue"].tolist() == [60.0, 70.0]
    assert table.table["capital_expenditure"].tolist() == [5.0, 6.0]
    assert table.table["gross_profit"].tolist() == [40.0, 40.0]  # derived
    assert any("positive" in w for w in table.warnings)


def test_note_and_change_columns_are_ignored_with_warning() -> None:
    text = (
        "Line item,Note,2023,2022,% change\nNet sales,4,110,100,10%\nNet income (loss),,(5),3,n/a\n"
    )
    table = load_text(text)
    assert table.table["revenue"].tolist() == [100.0, 110.0]
    assert table.table["net_income"].tolist() == [3.0, -5.0]
    assert any("Note" in w and "% change" in w for w in table.warnings)


def test_annual_report_wording_and_source_label() -> None:
    text = "Line item,2021\nTotal net revenue,10\nPurchases of property and equipment,(2)\n"
    table = load_text(text, filename="C:\\fakepath\\ar.csv", source_label="upload: AR 2021")
    assert table.table["revenue"].iloc[0] == 10 and table.table["capital_expenditure"].iloc[0] == 2
    assert table.index[0][0] == "ar"
    assert table.companies.iloc[0]["source"] == "upload: AR 2021"


def test_blank_corner_and_offset_tables() -> None:
    assert load_text(",2021\nRevenue,5\n").table["revenue"].tolist() == [5.0]
    assert load_text(",Revenue,Net income\n2021,100,10\n").table["net_income"].tolist() == [10.0]
    rows = [["Company: Offset Co"], [], [None, None, "Line item", 2021], [None, None, "Revenue", 7]]
    table = load_file(wide_xlsx(rows), filename="offset.xlsx")
    assert table.index.tolist() == [("Offset Co", 2021)]
    assert table.table["revenue"].tolist() == [7.0]


def test_bytes_without_filename_are_sniffed() -> None:
    assert load_file(b"Line item,2021\nRevenue,1\n").table["revenue"].tolist() == [1.0]
    assert load_file(wide_xlsx()).table["revenue"].iloc[0] == pytest.approx(1234.5e6)


def test_path_inputs(tmp_path: Path) -> None:
    path = tmp_path / "client.csv"
    path.write_text("Line item,2021\nRevenue,1\n", encoding="utf-8")
    assert load_file(path).index[0][0] == "client"
    assert load_file(str(path)).index[0][0] == "client"
    with pytest.raises(AcumenError, match="not found"):
        load_file(tmp_path / "missing.csv")


# --------------------------------------------------------------------------- rejections


def assert_located(
    error: AcumenError, *, row: int | None = None, column: str | None = None
) -> None:
    """The error names the file, and the row/column when given, and says how to fix it."""
    assert error.source and str(error).startswith(error.source)
    assert error.fix
    if row is not None:
        assert error.row == row and f"row {row}" in str(error)
    if column is not None:
        assert error.column == column and f"column '{column}'" in str(error)


def test_rejects_file_over_size_limit(tmp_path: Path) -> None:
    error = error_of(b"a" * (MAX_UPLOAD_BYTES + 1), filename="big.csv")
    assert "10 MB" in str(error)
    assert_located(error)
    path = tmp_path / "big.csv"
    path.write_bytes(b"a" * (MAX_UPLOAD_BYTES + 1))
    with pytest.raises(AcumenError, match="10 MB"):
        load_file(path)


@pytest.mark.parametrize("name", ["x.pdf", "x.xls", "x"])
def test_rejects_unknown_extension(name: str) -> None:
    error = error_of("Line item,2021\nRevenue,1\n", filename=name)
    assert "cannot read" in str(error)
    assert_located(error)


def test_rejects_text_named_xlsx() -> None:
    error = error_of("Line item,2021\nRevenue,1\n", filename="x.xlsx")
    assert "named .xlsx" in str(error) and "CSV" in str(error)
    assert_located(error)


def test_rejects_workbook_named_csv() -> None:
    error = error_of(wide_xlsx(), filename="x.csv")
    assert "Excel workbook" in str(error)


def test_rejects_damaged_xlsx() -> None:
    data = wide_xlsx()
    error = error_of(data[: len(data) // 2], filename="x.xlsx")
    assert "damaged" in str(error) or "cannot be read" in str(error)
    assert_located(error)


def test_rejects_file_without_header() -> None:
    error = error_of("hello\nworld\n")
    assert "expected a header row with years like 2015" in str(error)
    assert "Revenue" in str(error)
    assert_located(error)


def test_rejects_line_items_without_year_columns() -> None:
    error = error_of("Revenue,100\nNet income,5\n")
    assert "no header row with years" in str(error)
    assert_located(error)


def test_rejects_file_without_known_line_items() -> None:
    error = error_of("Line item,2021\nWidgets,1\nGadgets,2\n")
    assert "no recognisable line items" in str(error) and "Revenue" in str(error)
    assert_located(error)


@pytest.mark.parametrize("bad", ["abc", "12x", "=1+1"])
def test_rejects_non_numeric_cell_with_row_column_and_value(bad: str) -> None:
    error = error_of(f"Company: N\nLine item,2021,2022\nRevenue,1,2\nNet income,3,{bad}\n")
    assert_located(error, row=4, column="2022")
    assert f"'{bad}'" in str(error) and "C4" in str(error) and "Net income" in str(error)
    if bad.startswith("="):
        assert "Formulas are not evaluated" in str(error)


def test_rejects_corpus_broken_nonnumeric() -> None:
    raw = (CORPUS / "broken_nonnumeric.csv").read_bytes()
    with pytest.raises(AcumenError) as caught:
        load_file(raw, filename="broken_nonnumeric.csv")
    assert_located(caught.value, row=4, column="2022")
    assert "'12x'" in str(caught.value)
    assert caught.value.source == "broken_nonnumeric.csv"


def test_rejects_xlsx_formula_without_saved_value() -> None:
    data = wide_xlsx([["Line item", 2021], ["Revenue", "=1+1"]])
    error = error_of(data, filename="f.xlsx")
    assert_located(error, row=2, column="2021")
    assert "=1+1" in str(error)


def test_rejects_text_year_column_header() -> None:
    error = error_of("Line item,2021,abc\nRevenue,1,2\n")
    assert_located(error, row=1, column="abc")
    assert "is not a year" in str(error)


def test_rejects_figures_under_an_empty_header() -> None:
    error = error_of("Line item,2021,\nRevenue,1,2\n")
    assert_located(error, row=1)
    assert "column C" in str(error)


def test_rejects_text_year_cell_in_long_layout() -> None:
    error = error_of("Year,Revenue\n2021,100\nabc,200\n")
    assert_located(error, row=3, column="Year")
    assert "'abc'" in str(error)


def test_duplicated_line_item_takes_the_better_alias_and_names_both_rows() -> None:
    table = load_text("Line item,2021\nRevenue,1\nCost of sales,1\nNet sales,2\n")
    assert table.table["revenue"].tolist() == [1.0]
    note = next(w for w in table.warnings if w.startswith("Revenue: used"))
    assert "'Revenue' (x.csv, row 2)" in note and "'Net sales' (x.csv, row 4)" in note


def test_equal_duplicates_pass_silently_in_long_layout() -> None:
    table = load_text("Year,Revenue,Turnover\n2021,2,2\n")
    assert table.table["revenue"].tolist() == [2.0]
    assert not any(w.startswith("Revenue: used") for w in table.warnings)


@pytest.mark.parametrize("second", ["FY2015", "2016-01-31", "2015"])
def test_rejects_duplicated_year_columns(second: str) -> None:
    error = error_of(f"Line item,2015,{second}\nRevenue,1,2\n")
    assert f"'2015' and '{second}'" in str(error) and "2015" in str(error)
    assert_located(error, column=second)


def test_rejects_duplicated_year_rows() -> None:
    error = error_of("Year,Revenue\n2021,1\n2022,2\n2021,3\n")
    assert "rows 2 and 4" in str(error)
    assert_located(error, row=4)


def test_rejects_conflicting_gross_profit() -> None:
    text = "Line item,2021,2022\nRevenue,100,200\nCost of revenue,60,120\nGross profit,40,90\n"
    error = error_of(text)
    message = str(error)
    assert "2022" in message and "200" in message and "120" in message and "90" in message
    assert_located(error, column="2022")


def test_gross_profit_within_one_percent_is_accepted() -> None:
    text = "Line item,2021\nRevenue,1000\nCost of revenue,600\nGross profit,405\n"
    assert load_text(text).table["gross_profit"].iloc[0] == 405


def test_rejects_unbalanced_balance_sheet() -> None:
    text = "Year,Total assets,Total liabilities,Total equity\n2021,100,60,40\n2022,100,60,30\n"
    error = error_of(text)
    assert "2022" in str(error) and "total assets 100" in str(error)
    assert_located(error, row=3)


def test_rejects_several_units_and_bad_unit_argument() -> None:
    assert "several units" in str(error_of("(in millions)\n$000\nLine item,2021\nRevenue,1\n"))
    assert "unknown unit" in str(error_of("Line item,2021\nRevenue,1\n", unit="dozens"))


def test_rejects_several_companies_and_currencies() -> None:
    assert "several companies" in str(error_of("Year,Revenue,Company\n2021,1,A\n2022,2,B\n"))
    assert "several currencies" in str(error_of("Line item,2021,2022\nRevenue,$1,€2\n"))


def test_rejects_too_many_year_columns_quickly() -> None:
    header = "Line item," + ",".join(str(y) for y in range(1900, 2101))
    error = error_of(header + "\nRevenue," + ",".join("1" for _ in range(201)) + "\n")
    assert "at most 200" in str(error)


def test_rejects_100000_columns_quickly() -> None:
    start = time.perf_counter()
    row = ",".join(str(1900 + i % 200) for i in range(100_000))
    error = error_of(f"Line item,{row}\nRevenue,{row}\n")
    assert "columns" in str(error) and "200" in str(error)
    assert time.perf_counter() - start < 10


def test_ten_megabyte_csv_is_handled_quickly() -> None:
    line = "Revenue," + ",".join(f'"{i:,}"' for i in range(1000, 1100)) + "\n"
    data = ("Line item," + ",".join(str(y) for y in range(1950, 2050)) + "\n").encode()
    data += line.encode() * ((MAX_UPLOAD_BYTES - len(data)) // len(line))
    start = time.perf_counter()
    with pytest.raises(AcumenError):
        load_file(data, filename="big.csv")
    assert time.perf_counter() - start < 10


def test_huge_xlsx_sheet_is_rejected_quickly() -> None:
    """A small zip that unpacks into a huge sheet is refused before openpyxl parses it."""
    source = zipfile.ZipFile(io.BytesIO(wide_xlsx()))
    cells = '<c t="n"><v>1</v></c>' * 1000
    sheet = "<worksheet><sheetData>" + f"<row>{cells}</row>" * 1000 + "</sheetData></worksheet>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, sheet if "worksheets/sheet1" in info.filename else data)
    assert len(buffer.getvalue()) < MAX_UPLOAD_BYTES
    start = time.perf_counter()
    error = error_of(buffer.getvalue(), filename="bomb.xlsx")
    assert "too large" in str(error)
    assert time.perf_counter() - start < 10


def test_unexpected_parser_failure_becomes_acumen_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(file_grid, "_sniff_delimiter", explode)  # called by text_grid
    error = error_of("Line item,2021\nRevenue,1\n")
    assert "could not read the file" in str(error)
    assert_located(error)


# --------------------------------------------------------------------------- fuzzing


def _valid_xlsx() -> bytes:
    return wide_xlsx()


VALID_XLSX = _valid_xlsx()


@st.composite
def mutated_xlsx(draw: st.DrawFn) -> bytes:
    data = bytearray(VALID_XLSX)
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        position = draw(st.integers(min_value=0, max_value=len(data) - 1))
        data[position] = draw(st.integers(min_value=0, max_value=255))
    return bytes(data)


def _loads_or_refuses(data: bytes, filename: str) -> None:
    try:
        result = load_file(data, filename=filename)
    except AcumenError as error:
        assert str(error)
    else:
        assert isinstance(result, Statements)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from(["x.csv", "x.xlsx"]))
def test_fuzz_random_bytes(data: bytes, filename: str) -> None:
    _loads_or_refuses(data, filename)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_xlsx())
def test_fuzz_damaged_workbooks(data: bytes) -> None:
    _loads_or_refuses(data, "x.xlsx")


CELLS = st.sampled_from(
    ["", "Revenue", "Net sales", "Gross profit", "Total assets", "2021", "FY2022", "2016-01-31"]
    + ["1,234", "(56)", "—", "abc", "=1+1", "in millions", "Company: X", "Year", "$5", "€"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELLS | st.text(max_size=8), max_size=6), max_size=8))
def test_fuzz_random_grids(rows: list[list[str]]) -> None:
    text = "\n".join(",".join(f'"{c}"' for c in row) for row in rows)
    _loads_or_refuses(text.encode("utf-8"), "grid.csv")
