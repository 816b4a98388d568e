"""Real third-party statement files (``shared/data/real_files``, see ``shared/data/README.md``)
loaded through the public API, with metrics checked against values computed here from the
files' own cells.

The expected figures never come from the loader: each test reads the file itself (csv module
or openpyxl), names the cell it uses in a comment, and applies the docs/PRODUCT.md formula (averages
are the mean of this and the prior year-end; the year-end value when there is no prior year;
one year is 365 days). No test touches the network.
"""

from __future__ import annotations

import csv
import functools
import math
import socket
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from acumen.analysis.metrics import compute_metrics
from acumen.data.loaders.file_assemble import MultipleCompaniesError
from acumen.data.loaders.files import load_files, read_files
from acumen.errors import AcumenError

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real_files"
if not REAL.is_dir():
    pytest.skip(f"real statement files not present ({REAL})", allow_module_level=True)

RTOL = 5e-3
DAYS = 365
THOUSAND, TEN_THOUSAND, MILLION, CRORE = 1e3, 1e4, 1e6, 1e7

#: Encodings of the files that are not UTF-8 (the rest are read as utf-8-sig).
ENCODINGS = {"05_": "big5", "06_": "big5", "09_": "gbk"}
BLANK_CELLS = {"", "--", "-", "—", "n/a", "na", "nan", "none"}


# --------------------------------------------------------------------------- no network


@pytest.fixture(autouse=True, scope="module")
def _no_network():
    """Every load in this module is offline: any socket connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("tests/test_real_files.py must not touch the network")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        yield


# --------------------------------------------------------------------------- cell readers


def number(cell: object) -> float:
    """A cell as a float: 1234, '1,234', '$1,234.00', '(123.00)', '-15,194', '4.00 ';
    NaN for blanks such as '', '--', 'N/A', '\\xa0'."""
    if cell is None:
        return math.nan
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell)
    text = str(cell).replace("\xa0", " ").strip()
    if text.lower() in BLANK_CELLS:
        return math.nan
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()").replace("$", "").replace(",", "").strip()
    value = float(text)
    return -value if negative else value


def _clean(cell: object) -> object:
    return cell.replace("\xa0", " ").strip() if isinstance(cell, str) else cell


@functools.cache
def csv_grid(name: str) -> tuple[tuple[object, ...], ...]:
    """All rows of a CSV file, cells stripped, decoded with the file's own encoding."""
    encoding = next((enc for prefix, enc in ENCODINGS.items() if name.startswith(prefix)), None)
    with open(REAL / name, encoding=encoding or "utf-8-sig", newline="") as handle:
        return tuple(tuple(_clean(c) for c in row) for row in csv.reader(handle))


@functools.cache
def xlsx_grid(name: str, sheet: str | None = None) -> tuple[tuple[object, ...], ...]:
    """All rows of a workbook sheet (the first one by default), values not formulas."""
    book = openpyxl.load_workbook(REAL / name, read_only=True, data_only=True)
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        return tuple(tuple(_clean(c) for c in row) for row in ws.iter_rows(values_only=True))
    finally:
        book.close()


def grid(name: str, sheet: str | None = None) -> tuple[tuple[object, ...], ...]:
    return xlsx_grid(name, sheet) if name.endswith(".xlsx") else csv_grid(name)


def _blank_row(row: tuple[object, ...]) -> bool:
    return all(c is None or str(c).strip() == "" for c in row)


class Wide:
    """A wide table (line items as rows, periods as columns) read from a grid:
    ``cell(row label, column header)`` in the file's own units. A column header matches
    exactly, or by its start ('FY2025' matches 'FY2025\\n(2024-25)', '2025-01-31' matches
    '2025-01-31 00:00:00'). With ``stop_at_blank`` the table ends at the first empty row."""

    def __init__(self, rows, header_row: int = 0, stop_at_blank: bool = False) -> None:
        self.columns = ["" if c is None else str(c).strip() for c in rows[header_row]]
        self.rows: dict[str, list[tuple[object, ...]]] = {}
        for row in rows[header_row + 1 :]:
            if _blank_row(row):
                if stop_at_blank:
                    break
                continue
            label = "" if row[0] is None else str(row[0]).strip()
            self.rows.setdefault(label, []).append(row)

    def column(self, header: str) -> int:
        found = [i for i, c in enumerate(self.columns) if c == header]
        found = found or [i for i, c in enumerate(self.columns) if c.startswith(header)]
        assert len(found) == 1, f"column {header!r} not unique in {self.columns}"
        return found[0]

    def cell(self, label: str, header: str) -> float:
        rows = self.rows.get(label)
        assert rows, f"no row {label!r}"
        assert len(rows) == 1, f"row {label!r} appears {len(rows)} times"
        index = self.column(header)
        return number(rows[0][index]) if index < len(rows[0]) else math.nan

    def row_values(self, label: str) -> list[float]:
        (row,) = self.rows[label]
        return [number(c) for c in row[1:]]


def wide(name: str, header_row: int = 0, sheet: str | None = None, stop_at_blank=False) -> Wide:
    return Wide(grid(name, sheet), header_row, stop_at_blank)


def records(rows, header_row: int) -> list[dict[str, object]]:
    """A long table (one row per company/period, items as columns) as dicts, up to the
    first empty row."""
    header = ["" if c is None else str(c).strip() for c in rows[header_row]]
    out = []
    for row in rows[header_row + 1 :]:
        if _blank_row(row):
            break
        out.append(dict(zip(header, row, strict=False)))
    return out


def find_row(rows, first_cell: str) -> int:
    """Index of the first row whose first cell is ``first_cell``."""
    return next(i for i, r in enumerate(rows) if r and r[0] == first_cell)


def fiscal_year(period_end: date) -> int:
    """Compustat: a period ending January–May belongs to the previous year."""
    return period_end.year - 1 if period_end.month <= 5 else period_end.year


def mean(a: float, b: float) -> float:
    return (a + b) / 2


# --------------------------------------------------------------------------- API helpers


def the_company(statements) -> str:
    """The single company of a statements table (fails if there are several)."""
    companies = statements.index.get_level_values(0).unique().tolist()
    assert len(companies) == 1, companies
    return companies[0]


def currency_of(statements, company: str) -> str:
    return statements.companies.loc[company, "currency"]


def warned(statements, *parts: str) -> bool:
    """A warning contains every part (case-insensitive)."""
    return any(all(p.lower() in w.lower() for p in parts) for w in statements.warnings)


def used_rows(mapping, item: str) -> list[str]:
    """Labels of the source rows used for ``item``."""
    rows = mapping[(mapping["item"] == item) & (mapping["status"] == "used")]
    return rows["label"].str.strip().tolist()


def approx(expected: float):
    return pytest.approx(expected, rel=RTOL)


@functools.cache
def loaded(names: tuple[str, ...], **options: object):
    """read_files once per set of files and options, with the metrics of its statements."""
    assembled = read_files([REAL / n for n in names], **options)
    return assembled, compute_metrics(assembled.statements)


# =========================================================================== 01 NVDA (yfinance)

NVDA = (
    "01_nvda_yf_income_statement.csv",
    "01_nvda_yf_balance_sheet.csv",
    "01_nvda_yf_cash_flow.csv",
)
NVDA_FY = fiscal_year(date(2025, 1, 31))  # 2024
NVDA_NOW, NVDA_PRIOR = "2025-01-31", "2024-01-31"  # fiscal 2024 and fiscal 2023


def test_nvda_three_files_make_one_usd_company_in_full_units():
    a, _ = loaded(NVDA)
    s = a.statements
    company = the_company(s)
    inc = wide(NVDA[0])
    assert NVDA_FY == 2024
    assert currency_of(s, company) == "USD"
    assert s.index.get_level_values(1).max() == NVDA_FY  # 2025-01-31 is fiscal 2024, not 2025
    # 01_nvda_yf_income_statement.csv, row 'Total Revenue', column 2025-01-31: full USD (x1)
    assert s.table.loc[(company, NVDA_FY), "revenue"] == approx(inc.cell("Total Revenue", NVDA_NOW))
    # 01_nvda_yf_income_statement.csv, row 'Total Revenue', column 2022-01-31 -> fiscal 2021
    assert s.table.loc[(company, 2021), "revenue"] == approx(
        inc.cell("Total Revenue", "2022-01-31")
    )
    assert set(a.mapping.loc[a.mapping["status"] == "used", "unit"]) == {"units"}


def test_nvda_metrics_fiscal_2024():
    a, m = loaded(NVDA)
    key = (the_company(a.statements), NVDA_FY)
    inc, bal, cf = (wide(n) for n in NVDA)
    # income statement, column 2025-01-31: rows 'Total Revenue', 'Gross Profit', 'Net Income'
    revenue = inc.cell("Total Revenue", NVDA_NOW)
    prior_revenue = inc.cell("Total Revenue", NVDA_PRIOR)
    net_income = inc.cell("Net Income", NVDA_NOW)
    gross_profit = inc.cell("Gross Profit", NVDA_NOW)
    # balance sheet, row 'Total Assets', columns 2025-01-31 and 2024-01-31
    avg_assets = mean(bal.cell("Total Assets", NVDA_NOW), bal.cell("Total Assets", NVDA_PRIOR))
    # balance sheet, rows 'Current Assets' / 'Current Liabilities', column 2025-01-31
    current_ratio = bal.cell("Current Assets", NVDA_NOW) / bal.cell("Current Liabilities", NVDA_NOW)
    # cash flow, rows 'Operating Cash Flow' and 'Capital Expenditure' (negative), 2025-01-31
    fcf = cf.cell("Operating Cash Flow", NVDA_NOW) + cf.cell("Capital Expenditure", NVDA_NOW)

    assert m.loc[key, "gross_margin"] == approx(gross_profit / revenue)
    assert m.loc[key, "net_margin"] == approx(net_income / revenue)
    assert m.loc[key, "roa"] == approx(net_income / avg_assets)
    assert m.loc[key, "current_ratio"] == approx(current_ratio)
    assert m.loc[key, "free_cash_flow"] == approx(fcf)
    assert m.loc[key, "fcf_margin"] == approx(fcf / revenue)
    assert m.loc[key, "revenue_growth"] == approx(revenue / prior_revenue - 1)


def test_nvda_payables_are_accounts_payable_and_capex_is_positive():
    a, m = loaded(NVDA)
    s = a.statements
    key = (the_company(s), NVDA_FY)
    inc, bal, cf = (wide(n) for n in NVDA)
    # balance sheet, row 'Accounts Payable' (row 49), not 'Payables' (row 47), 2025-01-31
    accounts_payable = bal.cell("Accounts Payable", NVDA_NOW)
    assert accounts_payable != bal.cell("Payables", NVDA_NOW)
    assert s.table.loc[key, "payables"] == approx(accounts_payable)
    assert used_rows(a.mapping, "payables") == ["Accounts Payable"]
    assert warned(s, "Payables", "set aside", "'Payables'")
    # dpo = mean('Accounts Payable' 2025-01-31, 2024-01-31) / 'Cost Of Revenue' 2025-01-31 x 365
    avg_ap = mean(accounts_payable, bal.cell("Accounts Payable", NVDA_PRIOR))
    assert m.loc[key, "dpo"] == approx(avg_ap / inc.cell("Cost Of Revenue", NVDA_NOW) * DAYS)
    # cash flow, row 'Capital Expenditure', 2025-01-31 is -3,236,000,000 in the file
    capex_cell = cf.cell("Capital Expenditure", NVDA_NOW)
    assert capex_cell < 0
    assert s.table.loc[key, "capital_expenditure"] == approx(-capex_cell)


# =========================================================================== 02 Walmex (Yahoo)

WALMEX = ("02_walmex_balance_sheet.csv", "02_walmex_income_statement_RAW.csv")


def walmex_cells() -> tuple[Wide, Wide]:
    # the balance sheet has a title row 'Balance Sheet' above its dd/mm/yyyy header
    return wide(WALMEX[0], header_row=1), wide(WALMEX[1])


def test_walmex_two_files_one_company_and_the_dollar_sign_warning():
    a, _ = loaded(WALMEX)
    s = a.statements
    company = the_company(s)
    bal, inc = walmex_cells()
    assert currency_of(s, company) == "USD"
    assert warned(s, "'$'", "USD", "MXN")
    # 02_walmex_balance_sheet.csv, row 'Total Assets', column 31/12/2025: "$495,273,263,000.00"
    assert s.table.loc[(company, 2025), "total_assets"] == approx(
        bal.cell("Total Assets", "31/12/2025")
    )
    # 02_walmex_income_statement_RAW.csv, row 'Total Revenue', column 2022-12-31
    assert s.table.loc[(company, 2022), "revenue"] == approx(
        inc.cell("Total Revenue", "2022-12-31")
    )

    mxn = load_files([REAL / n for n in WALMEX], currency="MXN")
    assert currency_of(mxn, the_company(mxn)) == "MXN"
    assert mxn.table.loc[(company, 2025), "revenue"] == approx(
        inc.cell("Total Revenue", "2025-12-31")
    )


def test_walmex_metrics_fiscal_2025():
    a, m = loaded(WALMEX)
    key = (the_company(a.statements), 2025)
    bal, inc = walmex_cells()
    # income statement, column 2025-12-31: 'Total Revenue', 'Net Income', 'Gross Profit',
    # 'Cost Of Revenue'; 'Total Revenue' 2024-12-31 for growth
    revenue = inc.cell("Total Revenue", "2025-12-31")
    net_income = inc.cell("Net Income", "2025-12-31")
    cogs = inc.cell("Cost Of Revenue", "2025-12-31")
    # balance sheet, columns 31/12/2025 and 31/12/2024: 'Total Assets', 'Stockholders Equity',
    # 'Inventory'; 'Current Assets' / 'Current Liabilities' at 31/12/2025
    avg_assets = mean(
        bal.cell("Total Assets", "31/12/2025"), bal.cell("Total Assets", "31/12/2024")
    )
    avg_equity = mean(
        bal.cell("Stockholders Equity", "31/12/2025"), bal.cell("Stockholders Equity", "31/12/2024")
    )
    avg_inventory = mean(bal.cell("Inventory", "31/12/2025"), bal.cell("Inventory", "31/12/2024"))
    current_ratio = bal.cell("Current Assets", "31/12/2025") / bal.cell(
        "Current Liabilities", "31/12/2025"
    )

    assert m.loc[key, "gross_margin"] == approx(inc.cell("Gross Profit", "2025-12-31") / revenue)
    assert m.loc[key, "net_margin"] == approx(net_income / revenue)
    assert m.loc[key, "asset_turnover"] == approx(revenue / avg_assets)
    assert m.loc[key, "roe"] == approx(net_income / avg_equity)
    assert m.loc[key, "dio"] == approx(avg_inventory / cogs * DAYS)
    assert m.loc[key, "current_ratio"] == approx(current_ratio)
    assert m.loc[key, "revenue_growth"] == approx(
        revenue / inc.cell("Total Revenue", "2024-12-31") - 1
    )


def test_walmex_first_year_uses_year_end_balances():
    a, m = loaded(WALMEX)
    key = (the_company(a.statements), 2022)
    bal, inc = walmex_cells()
    # fiscal 2022 has no prior year: roa = 'Net Income' 2022-12-31 / 'Total Assets' 31/12/2022
    net_income = inc.cell("Net Income", "2022-12-31")
    assert m.loc[key, "roa"] == approx(net_income / bal.cell("Total Assets", "31/12/2022"))
    assert math.isnan(m.loc[key, "revenue_growth"])


# =========================================================================== 04 Reliance (INR crore)

RELIANCE = (
    "04_reliance_pnl_statement.csv",
    "04_reliance_balance_sheet.csv",
    "04_reliance_cash_flow_statement.csv",
)


def reliance_cells() -> tuple[Wide, Wide, Wide]:
    return tuple(wide(n) for n in RELIANCE)


def test_reliance_one_inr_company_all_three_files_in_crores():
    a, _ = loaded(RELIANCE)
    s = a.statements
    company = the_company(s)
    pnl, bal, cf = reliance_cells()
    assert "₹ in Crore" in cf.columns[0]  # only the cash flow states the unit
    assert currency_of(s, company) == "INR"
    used = a.mapping[a.mapping["status"] == "used"]
    assert set(used["file"]) == set(RELIANCE)
    assert set(used["unit"]) == {"crores"}
    for adopted in RELIANCE[:2]:
        assert warned(s, adopted, "crores", RELIANCE[2])
    # 04_reliance_pnl_statement.csv, row 'Revenue from Operations', column FY2025, x 1e7
    assert s.table.loc[(company, 2025), "revenue"] == approx(
        pnl.cell("Revenue from Operations", "FY2025") * CRORE
    )
    # 04_reliance_cash_flow_statement.csv, row 'NET CASH FLOW FROM OPERATING ACTIVITIES (A)',
    # column 'FY2021\n(2020-21)', x 1e7
    assert s.table.loc[(company, 2021), "operating_cash_flow"] == approx(
        cf.cell("NET CASH FLOW FROM OPERATING ACTIVITIES (A)", "FY2021") * CRORE
    )


def test_reliance_rows_chosen_for_revenue_equity_assets_inventory_capex():
    a, _ = loaded(RELIANCE)
    s = a.statements
    row = s.table.loc[(the_company(s), 2025)]
    pnl, bal, cf = reliance_cells()
    fy = "FY2025"
    # pnl, 'Revenue from Operations' FY2025, not the gross 'Revenue' (before GST)
    assert pnl.cell("Revenue", fy) != pnl.cell("Revenue from Operations", fy)
    assert used_rows(a.mapping, "revenue") == ["Revenue from Operations"]
    # balance sheet, 'Total Equity' FY2025 = 'Equity Share Capital' + 'Other Equity' (owners)
    owners = bal.cell("Equity Share Capital", fy) + bal.cell("Other Equity", fy)
    assert bal.cell("Total Equity", fy) == owners
    assert row["equity"] == approx(owners * CRORE)
    # balance sheet, 'TOTAL ASSETS' FY2025 = 'TOTAL LIABILITIES' + 'CONSOLIDATED - TOTAL EQUITY'
    group_total = bal.cell("TOTAL LIABILITIES", fy) + bal.cell("CONSOLIDATED - TOTAL EQUITY", fy)
    assert row["total_assets"] == approx(bal.cell("TOTAL ASSETS", fy) * CRORE)
    assert row["total_assets"] == approx(group_total * CRORE)
    # balance sheet 'Inventories' FY2025 (146,062), not the cash-flow change 'Inventories' (3,134)
    assert row["inventory"] == approx(bal.cell("Inventories", fy) * CRORE)
    assert row["inventory"] != approx(cf.cell("Inventories", fy) * CRORE)
    # cash flow, 'Expenditure for PPE, Spectrum and Intangible Assets' FY2025 (negative)
    capex = cf.cell("Expenditure for PPE, Spectrum and Intangible Assets", fy)
    assert row["capital_expenditure"] == approx(-capex * CRORE) and row["capital_expenditure"] > 0


def test_reliance_metrics_fy2025():
    a, m = loaded(RELIANCE)
    key = (the_company(a.statements), 2025)
    pnl, bal, cf = reliance_cells()
    now, prior = "FY2025", "FY2024"
    # pnl: 'Revenue from Operations' FY2025 / FY2024; cost of revenue is not a row, so it is
    # derived: 'Revenue from Operations' - 'GROSS PROFIT' (FY2025)
    revenue = pnl.cell("Revenue from Operations", now)
    cogs = revenue - pnl.cell("GROSS PROFIT", now)
    # balance sheet, FY2025 and FY2024: 'TOTAL ASSETS', 'Trade Receivables', 'Inventories';
    # FY2025: 'TOTAL CURRENT ASSETS' / 'TOTAL CURRENT LIABILITIES'
    avg_assets = mean(bal.cell("TOTAL ASSETS", now), bal.cell("TOTAL ASSETS", prior))
    avg_receivables = mean(bal.cell("Trade Receivables", now), bal.cell("Trade Receivables", prior))
    avg_inventory = mean(bal.cell("Inventories", now), bal.cell("Inventories", prior))
    current = bal.cell("TOTAL CURRENT ASSETS", now) / bal.cell("TOTAL CURRENT LIABILITIES", now)
    # cash flow, FY2025: 'NET CASH FLOW FROM OPERATING ACTIVITIES (A)' + capex row (negative)
    fcf = cf.cell("NET CASH FLOW FROM OPERATING ACTIVITIES (A)", now) + cf.cell(
        "Expenditure for PPE, Spectrum and Intangible Assets", now
    )

    assert m.loc[key, "asset_turnover"] == approx(revenue / avg_assets)
    assert m.loc[key, "dso"] == approx(avg_receivables / revenue * DAYS)
    assert m.loc[key, "dio"] == approx(avg_inventory / cogs * DAYS)
    assert m.loc[key, "current_ratio"] == approx(current)
    assert m.loc[key, "free_cash_flow"] == approx(fcf * CRORE)
    assert m.loc[key, "fcf_margin"] == approx(fcf / revenue)
    assert m.loc[key, "revenue_growth"] == approx(
        revenue / pnl.cell("Revenue from Operations", prior) - 1
    )


def test_reliance_roe_uses_owners_profit_over_owners_equity():
    a, m = loaded(RELIANCE)
    key = (the_company(a.statements), 2025)
    pnl, bal, _ = reliance_cells()
    # pnl 'a) Owners of the Company' + 'b) Non-Controlling Interest' = 'Profit for the Year'
    owners_profit = pnl.cell("a) Owners of the Company", "FY2025")
    nci_profit = pnl.cell("b) Non-Controlling Interest", "FY2025")
    assert owners_profit + nci_profit == pnl.cell("Profit for the Year", "FY2025")
    # balance sheet 'Total Equity' (owners) FY2025 and FY2024
    avg_equity = mean(bal.cell("Total Equity", "FY2025"), bal.cell("Total Equity", "FY2024"))
    assert m.loc[key, "roe"] == approx(owners_profit / avg_equity)


# =========================================================================== 05 TEJ (two companies)

TEJ05 = ("05_tej_income_statement.csv", "05_tej_balance_sheet.csv")


def tej05_record(name: str, company_id: str) -> dict[str, object]:
    """The row of ``company_id`` (first cell 'CO_ID' starts with it) in a TEJ 05 file."""
    (row,) = [r for r in records(csv_grid(name), 0) if str(r["CO_ID"]).startswith(company_id)]
    return row


def excel_serial(cell: object) -> date:
    return date(1899, 12, 30) + timedelta(days=int(number(cell)))


def test_tej05_several_companies_need_a_choice():
    ids = {r["CO_ID"] for r in records(csv_grid(TEJ05[0]), 0)}  # column CO_ID
    with pytest.raises(MultipleCompaniesError) as caught:
        load_files([REAL / n for n in TEJ05])
    assert isinstance(caught.value, AcumenError)
    assert set(caught.value.companies) == ids == {"2330 TSMC", "2317 Hon Hai"}


@pytest.mark.parametrize("choice", ["TSMC", "2330"])
def test_tej05_tsmc_fiscal_2023_twd_thousands(choice):
    a, _ = loaded(TEJ05, company=choice)
    s = a.statements
    inc, bal = tej05_record(TEJ05[0], "2330"), tej05_record(TEJ05[1], "2330")
    # 05_tej_income_statement.csv, row 2330 TSMC, column YYYY/MM: Excel serial 45261 = 2023-12-01
    year = fiscal_year(excel_serial(inc["YYYY/MM"]))
    assert s.index.tolist() == [("2330 TSMC", year)] == [("2330 TSMC", 2023)]
    assert currency_of(s, "2330 TSMC") == "TWD"  # column Currency says NTD
    row = s.table.loc[("2330 TSMC", 2023)]
    # income statement, column 'Total operating revenue', x 1e3
    assert row["revenue"] == approx(number(inc["Total operating revenue"]) * THOUSAND)
    # income statement, column 'Profit (loss), attributable to owners of parent', not 'Profit (loss)'
    owners_profit = number(inc["Profit (loss), attributable to owners of parent"])
    assert owners_profit != number(inc["Profit (loss)"])
    assert row["net_income"] == approx(owners_profit * THOUSAND)
    # balance sheet, column 'Total equity attributable to owners of parent', not 'Total equity'
    owners_equity = number(bal["Total equity attributable to owners of parent"])
    assert owners_equity != number(bal["Total equity"])
    assert row["equity"] == approx(owners_equity * THOUSAND)


def test_tej05_tsmc_metrics_2023():
    a, m = loaded(TEJ05, company="TSMC")
    key = ("2330 TSMC", 2023)
    inc, bal = tej05_record(TEJ05[0], "2330"), tej05_record(TEJ05[1], "2330")
    # income statement, row 2330 TSMC: 'Total operating revenue',
    # 'Gross profit (loss) from operations', 'Profit (loss), attributable to owners of parent'
    revenue = number(inc["Total operating revenue"])
    net_income = number(inc["Profit (loss), attributable to owners of parent"])
    # balance sheet, row 2330 TSMC (only year: year-end values stand for the averages)
    total_assets = number(bal["Total assets"])
    equity = number(bal["Total equity attributable to owners of parent"])
    current = number(bal["Total current assets"]) / number(bal["Total current liabilities"])

    assert m.loc[key, "gross_margin"] == approx(
        number(inc["Gross profit (loss) from operations"]) / revenue
    )
    assert m.loc[key, "net_margin"] == approx(net_income / revenue)
    assert m.loc[key, "roa"] == approx(net_income / total_assets)
    assert m.loc[key, "roe"] == approx(net_income / equity)
    assert m.loc[key, "current_ratio"] == approx(current)
    assert m.loc[key, "dso"] == approx(number(bal["Accounts & notes receivable"]) / revenue * DAYS)


def test_tej05_peers_hold_hon_hai():
    a, _ = loaded(TEJ05, company="TSMC")
    assert a.peers is not None
    assert a.peers.index.tolist() == [("2317 Hon Hai", 2023)]
    inc, bal = tej05_record(TEJ05[0], "2317"), tej05_record(TEJ05[1], "2317")
    peer = a.peers.table.loc[("2317 Hon Hai", 2023)]
    # 05 files, row 2317 Hon Hai: 'Total operating revenue', 'Total assets', x 1e3
    assert peer["revenue"] == approx(number(inc["Total operating revenue"]) * THOUSAND)
    assert peer["total_assets"] == approx(number(bal["Total assets"]) * THOUSAND)


def test_tej05_tsmc_long_term_debt_includes_bonds_payable():
    a, _ = loaded(TEJ05, company="TSMC")
    bal = tej05_record(TEJ05[1], "2330")
    # balance sheet, row 2330 TSMC: 'Total bonds payable' + 'Long-term bank loans', x 1e3
    expected = number(bal["Total bonds payable"]) + number(bal["Long-term bank loans"])
    assert a.statements.table.loc[("2330 TSMC", 2023), "long_term_debt"] == approx(
        expected * THOUSAND
    )


def test_tej05_labels_decoded_as_big5():
    a, _ = loaded(TEJ05, company="TSMC")
    # big5 decodes the header cell to 'Cost of goods sold (A) \u3000' (stripped here)
    header = [h for h in records(csv_grid(TEJ05[0]), 0)[0] if h.startswith("Cost of goods sold")]
    assert used_rows(a.mapping, "cost_of_revenue") == header == ["Cost of goods sold (A)"]


# =========================================================================== 06 TEJ big5 quarterly

TEJ06 = ["06_tej_big5_quarterly.csv", "06_tej_big5_quarterly.xlsx"]


def tej06_record(name: str, block: str, company: str, period: str) -> dict[str, object]:
    """The row of ``company`` and ``period`` (column 年/月) in block 累積 or 單季."""
    rows = grid(name)
    header_row = find_row(rows, block) + 1
    (row,) = [
        r
        for r in records(rows, header_row)
        if str(r["公司"]).startswith(company) and r["年/月"] == period
    ]
    return row


@pytest.mark.parametrize("name", TEJ06)
def test_tej06_several_companies_need_a_choice(name):
    with pytest.raises(MultipleCompaniesError) as caught:
        load_files([REAL / name])
    # column 公司 of the 累積 block
    header_row = find_row(grid(name), "累積") + 1
    ids = {r["公司"] for r in records(grid(name), header_row)}
    assert set(caught.value.companies) == ids == {"2330 台積電", "2317 鴻海"}


@pytest.mark.parametrize("name", TEJ06)
def test_tej06_tsmc_fiscal_2023_from_cumulative_q4(name):
    a, m = loaded((name,), company="2330")
    s = a.statements
    assert s.index.tolist() == [("2330 台積電", 2023)]
    assert currency_of(s, "2330 台積電") == "TWD"
    key = ("2330 台積電", 2023)
    # block 累積, row '2330 台積電' 2023/12 (cumulative quarter 4 = the whole year)
    cum = tej06_record(name, "累積", "2330", "2023/12")
    revenue = number(cum["營業收入淨額"])
    assert revenue == 2_161_735_841
    assert s.table.loc[key, "revenue"] == approx(revenue * THOUSAND)
    # block 單季, row '2330 台積電' 2023/12: quarter 4 alone is not the year
    single_q4 = number(tej06_record(name, "單季", "2330", "2023/12")["營業收入淨額"])
    assert s.table.loc[key, "revenue"] != approx(single_q4 * THOUSAND)
    total_assets = number(cum["資產總額"])
    assert s.table.loc[key, "total_assets"] == approx(total_assets * THOUSAND)
    assert m.loc[key, "gross_margin"] == approx(number(cum["營業毛利"]) / revenue)
    assert m.loc[key, "asset_turnover"] == approx(revenue / total_assets)
    assert warned(s, "set aside", "quarters")
    assert "net_income" in s.incomplete["2330 台積電"]


@pytest.mark.parametrize("name", TEJ06)
def test_tej06_peers_hold_hon_hai_cumulative_year(name):
    a, _ = loaded((name,), company="2330")
    assert a.peers is not None and a.peers.index.tolist() == [("2317 鴻海", 2023)]
    # block 累積, row '2317 鴻海' 2023/12, column 營業收入淨額, x 1e3
    cum = tej06_record(name, "累積", "2317", "2023/12")
    peer_revenue = a.peers.table.loc[("2317 鴻海", 2023), "revenue"]
    assert peer_revenue == approx(number(cum["營業收入淨額"]) * THOUSAND)


# =========================================================================== 08 SEC Financial Report

SEC08 = "08_aeis_sec_Financial_Report.xlsx"
SEC_SHEETS = {
    "balance": ("Consolidated Balance Sheets", 0),
    "income": ("Consolidated Statements of Oper", 1),
    "cash": ("Consolidated Statements of Cash", 1),
}
Y22, Y21 = "Dec. 31, 2022", "Dec. 31, 2021"


def book_rows(name: str, sheet: str) -> list[tuple]:
    book = openpyxl.load_workbook(REAL / name, read_only=True)
    try:
        return list(book[sheet].iter_rows(values_only=True))
    finally:
        book.close()


def sec(statement: str) -> Wide:
    sheet, header_row = SEC_SHEETS[statement]
    return wide(SEC08, header_row=header_row, sheet=sheet)


def test_sec08_statement_sheets_in_usd_thousands():
    a, _ = loaded((SEC08,))
    s = a.statements
    company = the_company(s)
    book = openpyxl.load_workbook(REAL / SEC08, read_only=True)
    sheet_count = len(book.sheetnames)
    book.close()
    assert sheet_count == 100  # a cover sheet, the statements, then notes and details
    assert warned(s, *(f"'{sheet}'" for sheet, _ in SEC_SHEETS.values()))
    assert currency_of(s, company) == "USD"
    assert set(a.mapping.loc[a.mapping["status"] == "used", "unit"]) == {"thousands"}
    assert s.index.get_level_values(1).tolist() == [2020, 2021, 2022]
    # sheet 'Document and Entity Information', row 'Entity Registrant Name', column B
    cover = book_rows(SEC08, "Document and Entity Information")
    (name,) = [r[1] for r in cover if r[0] == "Entity Registrant Name"]
    assert name == "ADVANCED ENERGY INDUSTRIES INC"
    assert company == "Advanced Energy Industries Inc"
    # 'Consolidated Statements of Oper', row 'Sales, net', column Dec. 31, 2022, x 1e3
    assert s.table.loc[(company, 2022), "revenue"] == approx(
        sec("income").cell("Sales, net", Y22) * 1e3
    )


def test_sec08_rows_chosen():
    a, _ = loaded((SEC08,))
    row = a.statements.table.loc[(the_company(a.statements), 2022)]
    bal, inc, cash = sec("balance"), sec("income"), sec("cash")
    # income sheet, 'Net income attributable to Advanced Energy Industries, Inc.', not 'Net income'
    owners = inc.cell("Net income attributable to Advanced Energy Industries, Inc.", Y22)
    assert owners != inc.cell("Net income", Y22)
    assert row["net_income"] == approx(owners * THOUSAND)
    # balance sheet 'Inventories' (376,012), not the cash-flow change 'Inventories' (-32,244)
    assert row["inventory"] == approx(bal.cell("Inventories", Y22) * THOUSAND)
    assert row["inventory"] != approx(cash.cell("Inventories", Y22) * THOUSAND)
    # balance sheet 'Accounts payable' (170,467), not the cash-flow change (-28,703)
    assert row["payables"] == approx(bal.cell("Accounts payable", Y22) * THOUSAND)
    assert row["payables"] != approx(cash.cell("Accounts payable", Y22) * THOUSAND)
    # cash-flow sheet 'Purchases of property and equipment' (-58,885), stored positive
    capex = cash.cell("Purchases of property and equipment", Y22)
    assert row["capital_expenditure"] == approx(-capex * THOUSAND)


def test_sec08_metrics_2022():
    a, m = loaded((SEC08,))
    key = (the_company(a.statements), 2022)
    bal, inc, cash = sec("balance"), sec("income"), sec("cash")
    # income sheet, Dec. 31, 2022: 'Sales, net', 'Cost of sales', 'Gross profit',
    # 'Net income attributable to Advanced Energy Industries, Inc.'; 'Sales, net' 2021
    revenue = inc.cell("Sales, net", Y22)
    cogs = inc.cell("Cost of sales", Y22)
    net_income = inc.cell("Net income attributable to Advanced Energy Industries, Inc.", Y22)
    # balance sheet, Dec. 31, 2022 and 2021: 'TOTAL ASSETS', 'Inventories', 'Accounts payable',
    # "Advanced Energy Industries, Inc. stockholders' equity"
    owners_equity = "Advanced Energy Industries, Inc. stockholders' equity"
    avg_assets = mean(bal.cell("TOTAL ASSETS", Y22), bal.cell("TOTAL ASSETS", Y21))
    avg_equity = mean(bal.cell(owners_equity, Y22), bal.cell(owners_equity, Y21))
    avg_inventory = mean(bal.cell("Inventories", Y22), bal.cell("Inventories", Y21))
    avg_payables = mean(bal.cell("Accounts payable", Y22), bal.cell("Accounts payable", Y21))
    # cash-flow sheet, Dec. 31, 2022: 'Net cash from operating activities' + capex (negative)
    fcf = cash.cell("Net cash from operating activities", Y22) + cash.cell(
        "Purchases of property and equipment", Y22
    )

    assert m.loc[key, "gross_margin"] == approx(inc.cell("Gross profit", Y22) / revenue)
    assert m.loc[key, "net_margin"] == approx(net_income / revenue)
    assert m.loc[key, "roa"] == approx(net_income / avg_assets)
    assert m.loc[key, "roe"] == approx(net_income / avg_equity)
    assert m.loc[key, "dio"] == approx(avg_inventory / cogs * DAYS)
    assert m.loc[key, "dpo"] == approx(avg_payables / cogs * DAYS)
    assert m.loc[key, "free_cash_flow"] == approx(fcf * THOUSAND)
    assert m.loc[key, "revenue_growth"] == approx(revenue / inc.cell("Sales, net", Y21) - 1)


# =========================================================================== 09 163.com (GBK, 万元)

NETEASE = ("09_163_lrb002352_gbk.csv", "09_163_zcfzb002352_gbk.csv")


def netease_cells() -> tuple[Wide, Wide]:
    return wide(NETEASE[0]), wide(NETEASE[1])


def test_163_one_cny_company_in_ten_thousands():
    a, _ = loaded(NETEASE)
    s = a.statements
    company = the_company(s)
    lrb, zcfzb = netease_cells()
    assert currency_of(s, company) == "CNY"
    assert set(a.mapping.loc[a.mapping["status"] == "used", "unit"]) == {"ten thousands"}
    assert warned(s, "units read from the labels", "万元")
    # header row 报告日期: 2018-12-31 … 2006-12-31, then an empty cell (trailing comma)
    years = sorted(int(c[:4]) for c in lrb.columns[1:] if c)
    assert s.index.get_level_values(1).tolist() == years == list(range(2006, 2019))
    # 09_163_lrb002352_gbk.csv, row '营业总收入(万元)', column 2018-12-31, x 1e4
    assert s.table.loc[(company, 2018), "revenue"] == approx(
        lrb.cell("营业总收入(万元)", "2018-12-31") * TEN_THOUSAND
    )
    # row '研发费用(万元)', column 2017-12-31 is '--': blank, not zero
    assert math.isnan(lrb.cell("研发费用(万元)", "2017-12-31"))
    assert math.isnan(s.table.loc[(company, 2017), "rnd"])


def test_163_rows_chosen():
    a, _ = loaded(NETEASE)
    row = a.statements.table.loc[(the_company(a.statements), 2018)]
    lrb, zcfzb = netease_cells()
    col = "2018-12-31"
    # lrb '归属于母公司所有者的净利润(万元)' (455,605), not '净利润(万元)' (446,427)
    owners_profit = lrb.cell("归属于母公司所有者的净利润(万元)", col)
    assert owners_profit != lrb.cell("净利润(万元)", col)
    assert row["net_income"] == approx(owners_profit * TEN_THOUSAND)
    # zcfzb '资产总计(万元)'
    assert row["total_assets"] == approx(zcfzb.cell("资产总计(万元)", col) * TEN_THOUSAND)
    # zcfzb '归属于母公司股东权益合计(万元)', not '所有者权益(或股东权益)合计(万元)'
    owners_equity = zcfzb.cell("归属于母公司股东权益合计(万元)", col)
    assert owners_equity != zcfzb.cell("所有者权益(或股东权益)合计(万元)", col)
    assert row["equity"] == approx(owners_equity * TEN_THOUSAND)


def test_163_metrics_2018():
    a, m = loaded(NETEASE)
    key = (the_company(a.statements), 2018)
    lrb, zcfzb = netease_cells()
    now, prior = "2018-12-31", "2017-12-31"
    # lrb, 2018-12-31: '营业总收入(万元)', '营业成本(万元)', '归属于母公司所有者的净利润(万元)'
    revenue = lrb.cell("营业总收入(万元)", now)
    net_income = lrb.cell("归属于母公司所有者的净利润(万元)", now)
    gross_profit = revenue - lrb.cell("营业成本(万元)", now)  # derived: no gross-profit row
    # zcfzb, 2018-12-31 and 2017-12-31: '资产总计', '归属于母公司股东权益合计', '应收账款'
    avg_assets = mean(zcfzb.cell("资产总计(万元)", now), zcfzb.cell("资产总计(万元)", prior))
    owners = "归属于母公司股东权益合计(万元)"
    avg_equity = mean(zcfzb.cell(owners, now), zcfzb.cell(owners, prior))
    avg_receivables = mean(zcfzb.cell("应收账款(万元)", now), zcfzb.cell("应收账款(万元)", prior))
    # zcfzb, 2018-12-31: '流动资产合计(万元)' / '流动负债合计(万元)'
    current = zcfzb.cell("流动资产合计(万元)", now) / zcfzb.cell("流动负债合计(万元)", now)

    assert m.loc[key, "gross_margin"] == approx(gross_profit / revenue)
    assert m.loc[key, "net_margin"] == approx(net_income / revenue)
    assert m.loc[key, "roa"] == approx(net_income / avg_assets)
    assert m.loc[key, "roe"] == approx(net_income / avg_equity)
    assert m.loc[key, "dso"] == approx(avg_receivables / revenue * DAYS)
    assert m.loc[key, "current_ratio"] == approx(current)
    assert m.loc[key, "revenue_growth"] == approx(revenue / lrb.cell("营业总收入(万元)", prior) - 1)


# =========================================================================== 12 Morningstar

MORNINGSTAR = "12_aapl_morningstar_key_ratios.csv"
MS_YEARS = list(range(2005, 2015))


def morningstar_figures() -> Wide:
    # the first table: header ',2005-09,…,2014-09,TTM' on line 3, up to the first empty line
    return wide(MORNINGSTAR, header_row=2, stop_at_blank=True)


def test_morningstar_revenue_in_millions_fiscal_2005_to_2014():
    a, _ = loaded((MORNINGSTAR,))
    s = a.statements
    company = the_company(s)
    figures = morningstar_figures()
    assert figures.columns[-1] == "TTM"
    assert s.index.get_level_values(1).tolist() == MS_YEARS  # TTM is not a year
    assert warned(s, "TTM")
    assert currency_of(s, company) == "USD"
    for year in MS_YEARS:
        # row 'Revenue USD Mil', column '<year>-09', x 1e6
        cell = figures.cell("Revenue USD Mil", f"{year}-09")
        assert s.table.loc[(company, year), "revenue"] == approx(cell * MILLION), year
    # the '% of sales' table has a 'Revenue' row of 100.00 everywhere; it must not be read
    rows = csv_grid(MORNINGSTAR)
    percent = Wide(rows, find_row(rows, "Margins % of Sales"), stop_at_blank=True)
    assert set(percent.row_values("Revenue")) == {100.0}
    assert not (s.table["revenue"] <= 100 * MILLION).any()


def test_morningstar_without_total_assets():
    a, m = loaded((MORNINGSTAR,))
    s = a.statements
    company = the_company(s)
    assert "Total Assets" not in {label.split(" USD")[0] for label in morningstar_figures().rows}
    assert warned(s, "No total assets")
    assert "total_assets" in s.incomplete[company]
    assert m["roa"].isna().all()
    assert m["asset_turnover"].isna().all()


def test_morningstar_metrics_2014():
    a, m = loaded((MORNINGSTAR,))
    key = (the_company(a.statements), 2014)
    figures = morningstar_figures()
    col = "2014-09"
    # rows 'Revenue USD Mil', 'Operating Income USD Mil', 'Net Income USD Mil',
    # 'Operating Cash Flow USD Mil', 'Cap Spending USD Mil' (negative), column 2014-09
    revenue = figures.cell("Revenue USD Mil", col)
    fcf = figures.cell("Operating Cash Flow USD Mil", col) + figures.cell(
        "Cap Spending USD Mil", col
    )
    assert fcf == figures.cell("Free Cash Flow USD Mil", col)  # the file's own FCF row agrees

    assert m.loc[key, "operating_margin"] == approx(
        figures.cell("Operating Income USD Mil", col) / revenue
    )
    assert m.loc[key, "net_margin"] == approx(figures.cell("Net Income USD Mil", col) / revenue)
    assert m.loc[key, "free_cash_flow"] == approx(fcf * MILLION)
    assert m.loc[key, "fcf_margin"] == approx(fcf / revenue)
    assert m.loc[key, "revenue_growth"] == approx(
        revenue / figures.cell("Revenue USD Mil", "2013-09") - 1
    )
