"""Companies of one bulk file are assembled as one batch: each company's figures are the
same as when it is the client, a peer's bad totals leave only that peer out, and profit,
equity and debt are put on one basis from the file's own rows."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acumen.data.loaders.files import read_files
from acumen.errors import AcumenError

HEADER = "company,fiscal_year,Revenue,Cost of revenue,Net income,Total assets,Total liabilities,Total equity"


def bulk(rows: list[tuple]) -> bytes:
    lines = [HEADER] + [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def company_rows(name: str, revenue: float, years=(2022, 2023)) -> list[tuple]:
    out = []
    for k, year in enumerate(years):
        r = revenue * (1 + 0.1 * k)
        assets = 2 * r
        out.append((name, year, r, 0.6 * r, 0.1 * r, assets, 0.5 * assets, 0.5 * assets))
    return out


@settings(max_examples=15, deadline=None)
@given(st.lists(st.floats(1e3, 1e9), min_size=3, max_size=6))
def test_a_peer_has_the_figures_it_has_as_the_client(revenues):
    names = [f"Co{i}" for i in range(len(revenues))]
    data = bulk([row for n, r in zip(names, revenues, strict=True) for row in company_rows(n, r)])
    first = read_files([(data, "bulk.csv")], company=names[0])
    second = read_files([(data, "bulk.csv")], company=names[1])
    as_peer = first.peers.table.loc[names[1]]
    as_client = second.statements.table.loc[names[1]]
    pd.testing.assert_frame_equal(as_peer, as_client, check_names=False)
    assert set(first.peers.index.get_level_values(0)) == set(names[1:])


def test_a_peer_whose_balance_sheet_does_not_add_up_is_left_out_with_a_note():
    rows = company_rows("Good", 1000) + company_rows("Other", 500)
    broken = list(company_rows("Broken", 800))
    broken[1] = (*broken[1][:5], broken[1][5] * 3, *broken[1][6:])  # assets tripled in 2023
    data = bulk(rows + broken)
    loaded = read_files([(data, "bulk.csv")], company="Good")
    assert set(loaded.peers.index.get_level_values(0)) == {"Other"}
    note = [w for w in loaded.warnings if w.startswith("Left out 1 company")]
    assert note and "'Broken'" in note[0] and "total assets" in note[0]
    with pytest.raises(AcumenError, match="fiscal 2023: total assets"):
        read_files([(data, "bulk.csv")], company="Broken")


def pnl(rows: list[tuple[str, float, float]]) -> bytes:
    """A wide income statement: label, FY2023, FY2024."""
    lines = ["Particulars,FY2023,FY2024"] + [f"{a},{b},{c}" for a, b, c in rows]
    return ("\n".join(lines) + "\n").encode()


BASE = [("Revenue", 1000, 1200), ("Total Assets", 5000, 5200), ("Total Liabilities", 3000, 3100)]


def test_net_income_is_the_owners_share_when_owners_and_nci_add_up_to_the_profit():
    data = pnl(
        [
            *BASE,
            ("Profit for the Year", 100, 130),
            ("Total Comprehensive Income for the Year", 90, 140),
            ("a) Owners of the Company", 80, 105),  # 80 + 20 = 100, 105 + 25 = 130
            ("b) Non-Controlling Interest", 20, 25),
        ]
    )
    loaded = read_files([(data, "acme_pnl.csv")])
    s = loaded.statements
    assert s.table["net_income"].tolist() == [80.0, 105.0]
    assert any("owners' share" in w and "a) Owners of the Company" in w for w in loaded.warnings)


def test_an_owners_row_that_splits_comprehensive_income_is_not_taken_as_profit():
    data = pnl(
        [
            *BASE,
            ("Profit for the Year", 100, 130),
            ("Total Comprehensive Income for the Year", 90, 140),
            ("a) Owners of the Company", 70, 112),  # 70 + 20 = 90: comprehensive income
            ("b) Non-Controlling Interest", 20, 28),
        ]
    )
    s = read_files([(data, "acme_pnl.csv")]).statements
    assert s.table["net_income"].tolist() == [100.0, 130.0]


def balance(rows: list[tuple[str, float]]) -> bytes:
    lines = ["Item,2023"] + [f"{a},{b}" for a, b in rows]
    return ("\n".join(lines) + "\n").encode()


BALANCE = [("Revenue", 900), ("Net income", 50), ("Total assets", 1000), ("Total liabilities", 600)]


def test_bonds_payable_on_their_own_row_are_added_to_long_term_loans():
    data = balance([*BALANCE, ("Long-term bank loans", 100), ("Bonds payable", 250)])
    loaded = read_files([(data, "acme_balance_sheet.csv")])
    assert loaded.statements.table["long_term_debt"].iloc[0] == 350
    assert any(
        w.startswith("Long-term debt = 'Long-term bank loans' + bonds") for w in loaded.warnings
    )


def test_a_long_term_debt_total_already_holds_its_bonds():
    data = balance([*BALANCE, ("Total long-term debt", 350), ("Bonds payable", 250)])
    assert (
        read_files([(data, "acme_balance_sheet.csv")]).statements.table["long_term_debt"].iloc[0]
        == 350
    )


def test_bulk_loading_is_one_pass_not_one_per_company(monkeypatch):
    """The pick runs once for a file of many companies (it used to run per company)."""
    import acumen.data.loaders.file_assemble as assemble

    calls = []
    original = assemble.pick_figures
    monkeypatch.setattr(assemble, "pick_figures", lambda *a: calls.append(1) or original(*a))
    data = bulk([row for i in range(50) for row in company_rows(f"Co{i}", 100 + i)])
    loaded = read_files([(data, "bulk.csv")], company="Co7")
    assert len(calls) == 1
    assert loaded.peers.index.get_level_values(0).nunique() == 49
    assert math.isclose(loaded.statements.table["revenue"].iloc[0], 107)
    assert np.isfinite(loaded.peers.table["revenue"]).all()
