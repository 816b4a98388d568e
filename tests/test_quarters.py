"""Quarters and TTM: year-to-date splits, derived fourth quarters, TTM sums (hypothesis),
and EDGAR 10-Q facts read as quarters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acumen.analysis.metrics import compute_metrics
from acumen.data.loaders import edgar_quarters
from acumen.data.quarters import derive_q4, split_year_to_date, ttm_statements, ttm_table
from acumen.data.schema import LINE_ITEMS
from acumen.data.statements import make_companies

QUARTER_ENDS = ["03-31", "06-30", "09-30", "12-31"]
values = st.lists(st.integers(-(10**9), 10**9), min_size=4, max_size=4)


def quarter_table(company: str, years: list[int], flows: dict[str, list[float]]) -> pd.DataFrame:
    ends = [pd.Timestamp(f"{y}-{e}") for y in years for e in QUARTER_ENDS]
    frame = pd.DataFrame(np.nan, index=ends, columns=list(LINE_ITEMS))
    for item, series in flows.items():
        frame[item] = series
    frame.index = pd.MultiIndex.from_product(
        [[company], frame.index], names=["company", "period_end"]
    )
    return frame


@settings(max_examples=60, deadline=None)
@given(q=values)
def test_year_to_date_splits_back_into_the_quarters(q: list[int]) -> None:
    cumulative = np.cumsum(q)
    facts = pd.DataFrame(
        {
            "company": "C",
            "item": "operating_cash_flow",
            "start": pd.Timestamp("2024-01-01"),
            "end": pd.to_datetime([f"2024-{e}" for e in QUARTER_ENDS]),
            "val": cumulative.astype(float),
        }
    )
    quarters = split_year_to_date(facts)
    assert quarters["val"].tolist() == [float(v) for v in q]
    assert quarters["val"].sum() == cumulative[-1]  # the derived quarters add up to the year


@settings(max_examples=60, deadline=None)
@given(q=values)
def test_derived_fourth_quarter_makes_the_year(q: list[int]) -> None:
    table = quarter_table("C", [2024], {"revenue": [float(v) for v in q]})
    first_three = table.iloc[:3]
    year = pd.DataFrame(
        {"revenue": [float(sum(q))], "total_assets": [500.0]},
        index=pd.MultiIndex.from_tuples(
            [("C", pd.Timestamp("2024-12-31"))], names=["company", "period_end"]
        ),
    ).reindex(columns=list(LINE_ITEMS))
    derived, notes = derive_q4(first_three, year)
    assert derived["revenue"].sum() == float(sum(q))
    assert derived["revenue"].iloc[-1] == float(q[3])
    assert derived["total_assets"].iloc[-1] == 500.0
    assert notes and "2024-12-31" in notes[0]


@settings(max_examples=40, deadline=None)
@given(q=st.lists(st.integers(0, 10**9), min_size=8, max_size=8))
def test_ttm_is_the_sum_of_the_last_four_quarters(q: list[int]) -> None:
    table = quarter_table(
        "C",
        [2023, 2024],
        {"revenue": [float(v) for v in q], "total_assets": [float(v) for v in range(8)]},
    )
    ttm = ttm_table(table).droplevel(0)
    assert ttm.index.tolist() == [
        pd.Timestamp(f"{y}-{e}")
        for y, e in [
            (2023, "12-31"),
            (2024, "03-31"),
            (2024, "06-30"),
            (2024, "09-30"),
            (2024, "12-31"),
        ]
    ]
    assert ttm["revenue"].iloc[-1] == float(sum(q[4:]))
    assert ttm["total_assets"].iloc[-1] == 7.0  # balances: the last quarter's


def test_a_gap_in_the_quarters_gives_no_ttm() -> None:
    table = quarter_table("C", [2024], {"revenue": [1.0, 2.0, 3.0, 4.0]})
    assert ttm_table(table.drop(index=("C", pd.Timestamp("2024-06-30")))).empty


def test_ttm_statements_compare_with_the_ttm_a_year_before() -> None:
    revenue = [10.0, 10, 10, 10, 12, 12, 12, 12]
    table = quarter_table(
        "C",
        [2023, 2024],
        {"revenue": revenue, "total_assets": [100.0] * 8, "net_income": [1.0] * 8},
    )
    companies = make_companies([{"id": "C", "name": "C Co", "currency": "USD"}])
    statements = ttm_statements(table, companies, source="test")
    assert statements.table["revenue"].tolist() == [40.0, 48.0]
    metrics = compute_metrics(statements).droplevel(0)
    assert metrics["revenue_growth"].iloc[-1] == pytest.approx(0.2)
    assert metrics["net_margin"].iloc[-1] == pytest.approx(4 / 48)
    assert "Trailing twelve months to C 2024-12-31" in statements.warnings[0]


def fact(val, start, end, form, filed):
    record = {"end": end, "val": val, "form": form, "filed": filed}
    if start:
        record["start"] = start
    return record


def test_edgar_10q_facts_become_quarters_and_a_ttm() -> None:
    q_revenue = [100, 110, 120, 130]
    income = [
        fact(v, f"2024-{s}", f"2024-{e}", "10-Q", "2024-11-01")
        for v, (s, e) in zip(
            q_revenue[:3], [("01-01", "03-31"), ("04-01", "06-30"), ("07-01", "09-30")], strict=True
        )
    ]
    income.append(fact(sum(q_revenue), "2024-01-01", "2024-12-31", "10-K", "2025-02-01"))
    ocf_ytd = [
        fact(v, "2024-01-01", f"2024-{e}", "10-Q", "2024-11-01")
        for v, e in [(20, "03-31"), (45, "06-30"), (75, "09-30")]
    ]
    ocf_ytd.append(fact(110, "2024-01-01", "2024-12-31", "10-K", "2025-02-01"))
    assets = [
        fact(1000 + i, None, f"2024-{e}", "10-Q" if i < 3 else "10-K", "2025-02-01")
        for i, e in enumerate(QUARTER_ENDS)
    ]
    payload = {
        "cik": 1,
        "entityName": "Q Co",
        "facts": {
            "us-gaap": {
                "Revenues": {"units": {"USD": income}},
                "NetCashProvidedByUsedInOperatingActivities": {"units": {"USD": ocf_ytd}},
                "Assets": {"units": {"USD": assets}},
            }
        },
    }
    quarters, notes = edgar_quarters.quarterly_from_companyfacts(payload, "Q")
    own = quarters.droplevel(0)
    assert own["revenue"].tolist() == [100.0, 110.0, 120.0, 130.0]
    assert own["operating_cash_flow"].tolist() == [20.0, 25.0, 30.0, 35.0]
    assert own["total_assets"].tolist() == [1000.0, 1001.0, 1002.0, 1003.0]
    assert "year-to-date cash flows split" in notes[0]
    ttm = ttm_table(quarters).droplevel(0)
    assert ttm["revenue"].iloc[-1] == 460.0 and ttm["operating_cash_flow"].iloc[-1] == 110.0


def quarterly_payload() -> dict:
    """Two years of a 10-Q filer: quarterly revenue and net income, year-to-date cash flow,
    quarter-end assets; the fourth quarters only in the 10-Ks."""
    spans = [("01-01", "03-31"), ("04-01", "06-30"), ("07-01", "09-30")]
    revenue, income, ocf, assets = [], [], [], []
    for year, base in ((2023, 100), (2024, 120)):
        filed_q, filed_k = f"{year}-11-01", f"{year + 1}-02-01"
        for i, (s, e) in enumerate(spans):
            revenue.append(fact(base + i, f"{year}-{s}", f"{year}-{e}", "10-Q", filed_q))
            income.append(fact(10, f"{year}-{s}", f"{year}-{e}", "10-Q", filed_q))
            ocf.append(fact(15 * (i + 1), f"{year}-01-01", f"{year}-{e}", "10-Q", filed_q))
        revenue.append(fact(4 * base + 6, f"{year}-01-01", f"{year}-12-31", "10-K", filed_k))
        income.append(fact(40, f"{year}-01-01", f"{year}-12-31", "10-K", filed_k))
        ocf.append(fact(60, f"{year}-01-01", f"{year}-12-31", "10-K", filed_k))
        assets += [fact(1000, None, f"{year}-{e}", "10-Q", filed_k) for e in QUARTER_ENDS]
    concepts = {
        "Revenues": revenue,
        "NetIncomeLoss": income,
        "Assets": assets,
        "NetCashProvidedByUsedInOperatingActivities": ocf,
    }
    return {
        "cik": 7,
        "entityName": "TTM Co",
        "facts": {"us-gaap": {c: {"units": {"USD": v}} for c, v in concepts.items()}},
    }


def test_cli_ttm_metrics_from_a_companyfacts_file(tmp_path) -> None:
    import json
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "ttm_facts.json"
    path.write_text(json.dumps(quarterly_payload()), encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    command = [
        sys.executable,
        "-m",
        "acumen",
        "metrics",
        str(path),
        "--period",
        "ttm",
        "--format",
        "csv",
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=root, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Trailing twelve months to CIK7 2024-12-31" in result.stderr
    rows = [line.split(",") for line in result.stdout.strip().splitlines()]
    header, last = rows[0], rows[-1]
    growth = float(last[header.index("revenue_growth")])
    assert growth == pytest.approx((4 * 120 + 6) / (4 * 100 + 6) - 1)
    assert float(last[header.index("net_margin")]) == pytest.approx(40 / (4 * 120 + 6))


def test_ibm_quarters_add_up_to_its_years_and_give_a_newer_ttm() -> None:
    import json

    from acumen.data.samples import SAMPLE_DIR, load_sample, sample_quarters
    from acumen.data.sources import load_period

    quarters = sample_quarters("IBM-15Y").droplevel(0)
    annual = load_sample("IBM-15Y").table.droplevel(0)
    for year in (2021, 2022, 2023):
        for item in ("revenue", "net_income", "operating_cash_flow"):
            in_year = quarters.loc[str(year), item]
            assert len(in_year) == 4
            # IBM's own quarters round to $1M: 2022 revenue 60,529 vs 60,530 for the year
            assert in_year.sum() == pytest.approx(annual.at[year, item], rel=1e-4), (
                year,
                item,
            )
    raw = json.loads((SAMPLE_DIR / "alphavantage" / "ibm_income_statement.json").read_text())
    last_four = raw["quarterlyReports"][:4]  # newest first: 2024-03-31 back to 2023-06-30
    assert last_four[0]["fiscalDateEnding"] == "2024-03-31"
    ttm = load_period(["sample:IBM-15Y"], "ttm")
    assert ttm.table["revenue"].iloc[-1] == sum(float(r["totalRevenue"]) for r in last_four)
    assert ttm.period_kind == "ttm"


def test_cli_diagnosis_names_the_ttm_period() -> None:
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    command = [sys.executable, "-m", "acumen", "diagnose", "sample:IBM-15Y", "--period", "ttm"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=root, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "the 12 months to 2024-03-31" in result.stdout
    assert "FY2024" not in result.stdout and "fiscal 2023" not in result.stdout
