"""Implausible figures load with a note; figures beyond ±1e18 are refused with their cell
(issue #16 item 9)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acumen.cli.main import main
from acumen.data.loaders.file_checks import MAX_FIGURE, PLAUSIBILITY
from acumen.data.loaders.files import load_file
from acumen.errors import AcumenError

IMPLAUSIBLE = "Implausible figures"


def csv(*rows: str, company: str = "Neg Co", unit: str | None = None) -> bytes:
    head = [f"Company: {company}"] + ([f"in {unit}"] if unit else []) + ["Line item,2021,2022"]
    return ("\n".join(head + list(rows)) + "\n").encode()


SANE = (
    "Cost of revenue,60,66",
    "Net income,5,6",
    "Total assets,300,320",
    "Total liabilities,200,210",
    "Total equity,100,110",
)


def notes(data: bytes, name: str = "figures.csv") -> list[str]:
    return [w for w in load_file(data, filename=name).warnings if IMPLAUSIBLE in w]


def test_negative_revenue_is_noted_with_the_company_and_year() -> None:
    found = notes(csv("Revenue,-100,110", *SANE))
    assert len(found) == 1
    assert "Neg Co" in found[0] and "revenue is negative in fiscal 2021" in found[0]
    assert "−100" in found[0] and "2022" not in found[0]


@pytest.mark.parametrize(
    ("row", "wording"),
    [
        ("Total assets,-300,-320", "total assets are negative in fiscal 2021, 2022"),
        ("Inventory,10,-5", "inventory is negative in fiscal 2022"),
    ],
)
def test_negative_balances_are_noted(row: str, wording: str) -> None:
    rows = [r for r in SANE if not r.startswith(row.split(",")[0])]
    if row.startswith("Total assets"):
        rows = [r for r in rows if not r.startswith(("Total liabilities", "Total equity"))]
    found = notes(csv("Revenue,100,110", *rows, row))
    assert any(wording in note for note in found), found


def test_a_margin_beyond_a_thousand_percent_is_noted() -> None:
    rows = [r for r in SANE if not r.startswith(("Net income", "Cost of revenue"))]
    found = notes(csv("Revenue,1,110", "Cost of revenue,0.5,66", *rows, "Net income,50,6"))
    assert len(found) == 1 and "net margin is beyond ±1,000% in fiscal 2021 (5,000%)" in found[0]


def test_thresholds_are_one_table() -> None:
    assert {c.item for c in PLAUSIBILITY} >= {"revenue", "total_assets", "inventory"}
    margins = [c for c in PLAUSIBILITY if c.per == "revenue"]
    assert {(c.low, c.high) for c in margins} == {(-10.0, 10.0)} and len(margins) == 3


def test_1e305_in_billions_is_refused_naming_the_cell() -> None:
    data = csv("Revenue,1e305,110", *SANE, unit="billions")
    with pytest.raises(AcumenError) as caught:
        load_file(data, filename="big.csv")
    error = caught.value
    assert (error.source, error.row, error.column) == ("big.csv", 4, "2021")
    assert "overflows once read as billions" in error.problem and "fiscal 2021" in error.problem
    assert error.fix and len(error.message) < 400


def test_a_finite_figure_above_1e18_after_the_unit_is_refused() -> None:
    data = csv("Revenue,100,110", *SANE[:-1], "Total equity,2e9,110", unit="billions")
    with pytest.raises(
        AcumenError, match=r"Equity \('Total equity'\) for fiscal 2021 is 2e\+18"
    ) as caught:
        load_file(data, filename="big.csv")
    assert (caught.value.row, caught.value.column) == (9, "2021")


def test_a_thousand_digit_cell_is_refused_as_too_large() -> None:
    data = csv(f"Revenue,{'9' * 1000},110", *SANE)
    with pytest.raises(AcumenError) as caught:
        load_file(data, filename="digits.csv")
    error = caught.value
    assert (error.row, error.column) == (3, "2021")
    assert "is too large to be a figure" in error.problem and len(error.message) < 400


def test_an_overflow_in_a_workbook_names_the_sheet() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Income"
    for row in [["in billions"], ["Line item", 2021, 2022], ["Revenue", 1e300, 110]]:
        sheet.append(row)
    sheet.append(["Net income", 5, 6])
    sheet.append(["Total assets", 300, 320])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(AcumenError) as caught:
        load_file(buffer.getvalue(), filename="book.xlsx")
    error = caught.value
    assert error.problem.startswith("sheet 'Income': Revenue for fiscal 2021")
    assert (error.source, error.row, error.column) == ("book.xlsx", 3, "2021")


def test_a_peer_with_an_overflow_is_left_out() -> None:
    data = (
        b"Company,Year,Revenue,Net income,Total assets\n"
        b"Alpha,2021,100,5,300\nAlpha,2022,110,6,320\n"
        b"Beta,2021,1e30,5,300\nBeta,2022,120,6,330\n"
    )
    result = load_file(data, filename="many.csv", company="Alpha")
    assert set(result.index.get_level_values("company")) == {"Alpha"}


def test_cli_notes_negative_revenue_and_refuses_the_overflow(tmp_path, capsys) -> None:
    negative = tmp_path / "neg.csv"
    negative.write_bytes(csv("Revenue,-100,110", *SANE))
    assert main(["metrics", str(negative)]) == 0
    err = capsys.readouterr().err
    assert "acumen: note: Implausible figures for Neg Co: revenue is negative in fiscal 2021" in err
    big = tmp_path / "big.csv"
    big.write_bytes(csv("Revenue,1e305,110", *SANE, unit="billions"))
    assert main(["metrics", str(big)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("acumen: big.csv, row 4, column '2021': Revenue for fiscal 2021")


#: Within ±1e18 in full units whatever the unit (at most millions here).
FIGURE = st.floats(min_value=1.0, max_value=1e11, allow_nan=False, allow_infinity=False)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    revenue=FIGURE,
    cost_share=st.floats(min_value=0.0, max_value=1.0),
    net_share=st.floats(min_value=-9.99, max_value=9.99),
    assets=FIGURE,
    inventory_share=st.floats(min_value=0.0, max_value=1.0),
    unit=st.sampled_from([None, "thousands", "millions"]),
)
def test_sane_figures_never_draw_the_note(
    revenue: float,
    cost_share: float,
    net_share: float,
    assets: float,
    inventory_share: float,
    unit: str | None,
) -> None:
    """Positive revenue, assets and inventory, margins within ±1,000%: no note, any unit."""
    cost, net, inventory = revenue * cost_share, revenue * net_share, assets * inventory_share
    cells = [
        ("Revenue", revenue),
        ("Cost of revenue", cost),
        ("Net income", net),
        ("Inventory", inventory),
        ("Total assets", assets),
    ]
    rows = [f"{label},{value!r},{value!r}" for label, value in cells]
    table = load_file(csv(*rows, unit=unit), filename="sane.csv")
    assert not [w for w in list(table.warnings) if IMPLAUSIBLE in w]
    assert table.table["revenue"].abs().max() <= MAX_FIGURE
