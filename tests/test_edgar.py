"""SEC EDGAR companyfacts: the shared real file, us-gaap payloads built here, the live fetch's faults.

Expected values come from the JSON's own facts, picked here by the documented rule (annual
form, a year-long flow or a year-end balance, the latest filing per period), not by the loader.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.error
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acumen.analysis.metrics import compute_metrics
from acumen.data.cache import StatementCache
from acumen.data.loaders import edgar, edgar_facts
from acumen.data.loaders.files import read_files
from acumen.data.sources import is_file_source, load_all
from acumen.errors import AcumenError

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "edgar" / "lpa_facts.json"
ROOT = Path(__file__).resolve().parents[1]
AGENT = "Test Runner test@example.com"


def latest_annual(payload: dict, taxonomy: str, concept: str) -> dict[str, float]:
    """{period end: value} of a concept: annual forms, year-long or instant, latest filed."""
    best: dict[str, tuple[str, float]] = {}
    for fact in payload["facts"][taxonomy][concept]["units"]["USD"]:
        if fact["form"] not in edgar_facts.ANNUAL_FORMS:
            continue
        if "start" in fact:
            days = (pd.Timestamp(fact["end"]) - pd.Timestamp(fact["start"])).days
            if not 335 <= days <= 380:
                continue
        if fact["end"] not in best or fact["filed"] >= best[fact["end"]][0]:
            best[fact["end"]] = (fact["filed"], float(fact["val"]))
    return {end: value for end, (_, value) in best.items()}


# --------------------------------------------------------------------------- the real file


@pytest.fixture(scope="module")
def lpa() -> tuple[dict, pd.DataFrame]:
    payload = json.loads(SHARED.read_text(encoding="utf-8"))
    return payload, read_files([SHARED]).statements


def test_shared_file_items_are_the_latest_annual_facts(lpa) -> None:
    payload, statements = lpa
    ifrs = "ifrs-full"
    expected = {
        "revenue": latest_annual(payload, ifrs, "Revenue"),
        "net_income": latest_annual(payload, ifrs, "ProfitLossAttributableToOwnersOfParent"),
        "total_assets": latest_annual(payload, ifrs, "Assets"),
        "operating_cash_flow": latest_annual(payload, ifrs, "CashFlowsFromUsedInOperations"),
    }
    table = statements.table.droplevel("company")
    for item, by_end in expected.items():
        for end, value in by_end.items():
            year = pd.Timestamp(end).year  # December year ends
            if year in table.index:
                assert table.at[year, item] == value, (item, end)
    assert sorted(table.index) == [2021, 2022, 2023, 2024]


def test_shared_file_metrics_from_its_own_cells(lpa) -> None:
    payload, statements = lpa
    revenue = latest_annual(payload, "ifrs-full", "Revenue")
    owners = latest_annual(payload, "ifrs-full", "ProfitLossAttributableToOwnersOfParent")
    assets = latest_annual(payload, "ifrs-full", "Assets")
    metrics = compute_metrics(statements).droplevel("company")
    assert metrics.at[2024, "net_margin"] == pytest.approx(
        owners["2024-12-31"] / revenue["2024-12-31"]
    )
    average_assets = (assets["2023-12-31"] + assets["2024-12-31"]) / 2
    assert metrics.at[2024, "roa"] == pytest.approx(owners["2024-12-31"] / average_assets)
    assert metrics.at[2024, "asset_turnover"] == pytest.approx(
        revenue["2024-12-31"] / average_assets
    )
    assert metrics.at[2024, "revenue_growth"] == pytest.approx(
        revenue["2024-12-31"] / revenue["2023-12-31"] - 1
    )
    values = metrics.select_dtypes("number").to_numpy(dtype=float)
    assert not np.isinf(values).any()


def test_shared_file_names_company_currency_and_what_it_assumed(lpa) -> None:
    _, statements = lpa
    company = statements.companies.iloc[0]
    assert company["name"] == "Logistic Properties of the Americas"
    assert company["currency"] == "USD"
    assert statements.companies.index[0] == "CIK1997711"
    notes = " ".join(list(statements.warnings))
    assert "latest filing wins" in notes and "fiscal 2021–2024" in notes
    assert "Not in the filings' tagged facts" in notes and "inventory" in notes
    mapping = statements.mapping
    used = mapping.loc[mapping["status"] == "used"]
    assert "ifrs-full:Revenue" in set(used["label"])


def test_cli_reads_the_json_file_with_notes_on_stderr() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "acumen", "metrics", str(SHARED), "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "latest filing wins" in result.stderr
    assert "Logistic Properties of the Americas" in result.stdout
    assert "Traceback" not in result.stderr


def test_json_and_a_csv_file_are_two_clients(tmp_path: Path) -> None:
    csv = tmp_path / "other.csv"
    csv.write_text(
        "Company: Other Co\nLine item,2023,2024\nRevenue,100,120\nNet income,5,7\n"
        "Total assets,80,90\n",
        encoding="utf-8",
    )
    assert is_file_source(str(SHARED))
    statements = load_all([str(SHARED), str(csv)])
    names = set(statements.companies["name"])
    assert names == {"Logistic Properties of the Americas", "Other Co"}


def test_unit_flag_is_ignored_with_a_note() -> None:
    statements = read_files([SHARED], unit="millions").statements
    assert any("--unit ignored" in w for w in list(statements.warnings))
    assert statements.table["revenue"].max() > 1e7  # full units, not millions × 1e6


# --------------------------------------------------------------------------- us-gaap payloads


def fact(val: float, end: str, *, start: str | None = None, form: str = "10-K", filed: str) -> dict:
    record = {"end": end, "val": val, "form": form, "filed": filed, "fy": 0, "fp": "FY"}
    if start:
        record["start"] = start
    return record


def us_gaap(**concepts: list[dict]) -> dict:
    return {
        "cik": 320193,
        "entityName": "Test  Devices Inc",
        "facts": {"us-gaap": {c: {"label": c, "units": {"USD": v}} for c, v in concepts.items()}},
    }


def year(y: int) -> dict:
    return {"start": f"{y}-01-01", "end": f"{y}-12-31"}


def test_us_gaap_fallbacks_restatements_amendments_and_quarters() -> None:
    payload = us_gaap(
        Revenues=[fact(1000, **year(2023), filed="2024-02-01")],
        RevenueFromContractWithCustomerExcludingAssessedTax=[
            fact(900, **year(2022), filed="2023-02-01"),
            fact(950, **year(2022), filed="2024-02-01"),  # restated a year later
            fact(999, **year(2023), filed="2024-02-01"),  # lower priority than Revenues
            fact(300, start="2023-07-01", end="2023-09-30", form="10-Q", filed="2023-11-01"),
        ],
        NetIncomeLoss=[
            fact(80, **year(2023), filed="2024-02-01"),
            fact(85, **year(2023), form="10-K/A", filed="2024-05-01"),  # the amendment wins
            fact(70, **year(2022), filed="2023-02-01"),
        ],
        Assets=[
            fact(500, "2022-12-31", filed="2023-02-01"),
            fact(600, "2023-12-31", filed="2024-02-01"),
        ],
        LiabilitiesAndStockholdersEquity=[fact(600, "2023-12-31", filed="2024-02-01")],
        StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest=[
            fact(250, "2023-12-31", filed="2024-02-01")
        ],
        StockholdersEquity=[fact(240, "2023-12-31", filed="2024-02-01")],
        PaymentsToAcquirePropertyPlantAndEquipment=[fact(40, **year(2023), filed="2024-02-01")],
    )
    statements, mapping = edgar_facts.statements_from_companyfacts(payload, source="t.json")
    table = statements.table.droplevel("company")
    assert table.at[2023, "revenue"] == 1000
    assert table.at[2022, "revenue"] == 950
    assert table.at[2023, "net_income"] == 85
    assert table.at[2023, "total_liabilities"] == 600 - 250
    assert table.at[2023, "equity"] == 240
    assert table.at[2023, "capital_expenditure"] == 40
    assert statements.companies.iloc[0]["name"] == "Test Devices Inc"
    notes = " ".join(list(statements.warnings))
    assert "restated" in notes and "liabilities and equity − total equity" in notes
    used = set(mapping.loc[mapping["status"] == "used", "label"])
    assert {
        "us-gaap:Revenues",
        "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax",
    } <= used


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.integers(-(10**12), 10**12), min_size=2, max_size=5),
    order=st.permutations(range(5)),
)
def test_latest_filed_value_wins_whatever_the_order(values: list[int], order: list[int]) -> None:
    filings = [fact(v, **year(2023), filed=f"202{4 + i}-03-01") for i, v in enumerate(values)]
    shuffled = [filings[i] for i in order if i < len(filings)]
    payload = us_gaap(Revenues=shuffled, Assets=[fact(10, "2023-12-31", filed="2024-03-01")])
    statements, _ = edgar_facts.statements_from_companyfacts(payload, source="t.json")
    assert statements.table["revenue"].iloc[0] == values[-1]


def test_january_year_end_is_the_compustat_year() -> None:
    payload = us_gaap(
        Revenues=[fact(5, start="2015-02-01", end="2016-01-31", filed="2016-03-30")],
        Assets=[fact(9, "2016-01-31", filed="2016-03-30")],
    )
    statements, _ = edgar_facts.statements_from_companyfacts(payload, source="t.json")
    assert statements.index.get_level_values("fiscal_year").tolist() == [2015]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"{not json", "cannot read the file as JSON"),
        (b'{"cik": 1, "entityName": "X"}', "not an SEC companyfacts file"),
        (
            json.dumps(
                us_gaap(Revenues=[fact(1, **year(2023), form="10-Q", filed="2024-01-01")])
            ).encode(),
            "no annual figures",
        ),
    ],
)
def test_bad_json_files_get_located_errors(raw: bytes, problem: str) -> None:
    with pytest.raises(AcumenError) as caught:
        read_files([(raw, "facts.json")])
    assert problem in caught.value.message
    assert caught.value.message.startswith("facts.json")
    assert caught.value.fix


def test_oversized_json_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(edgar_facts, "MAX_FACTS_BYTES", 1000)
    with pytest.raises(AcumenError, match="larger than"):
        read_files([SHARED])


# --------------------------------------------------------------------------- live fetch


def client_for(payload: dict, tickers: dict | None = None):
    calls: list[str] = []

    def get(url: str) -> dict:
        calls.append(url)
        if url == edgar.TICKERS_URL:
            return tickers or {"0": {"cik_str": 320193, "ticker": "TDEV", "title": "Test Devices"}}
        assert url == edgar.FACTS_URL.format(cik="0000320193")
        return payload

    get.calls = calls
    return get


PAYLOAD = us_gaap(
    Revenues=[fact(1000, **year(2023), filed="2024-02-01")],
    NetIncomeLoss=[fact(80, **year(2023), filed="2024-02-01")],
    Assets=[fact(600, "2023-12-31", filed="2024-02-01")],
)


def test_fetch_by_ticker_and_by_cik(tmp_path: Path) -> None:
    get = client_for(PAYLOAD)
    by_ticker = edgar.fetch_edgar("tdev", client=get, cache=StatementCache(tmp_path))
    assert by_ticker.companies.index[0] == "TDEV"
    assert by_ticker.table["revenue"].iloc[0] == 1000
    by_cik = edgar.fetch_edgar("CIK320193", client=client_for(PAYLOAD), cache=None)
    assert by_cik.companies.index[0] == "CIK320193"


def raising(error: BaseException):
    def get(url: str) -> dict:
        raise error

    return get


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (urllib.error.URLError("no route"), "No internet connection"),
        (TimeoutError("timed out"), "timed out"),
        (urllib.error.HTTPError(edgar.FACTS_URL, 429, "Too Many", {}, None), "rate-limiting"),
        (urllib.error.HTTPError(edgar.FACTS_URL, 404, "Not Found", {}, None), "no companyfacts"),
        (ValueError("Expecting value"), "not companyfacts JSON"),
    ],
)
def test_fetch_faults_say_what_happened(error: BaseException, words: str) -> None:
    with pytest.raises(AcumenError) as caught:
        edgar.fetch_edgar("320193", client=raising(error))
    assert words in caught.value.message
    assert caught.value.message.startswith("SEC EDGAR")
    assert "Traceback" not in caught.value.message


def test_unknown_ticker_and_bad_identifier() -> None:
    with pytest.raises(AcumenError, match="no company with the ticker 'NOPE'"):
        edgar.fetch_edgar("nope", client=client_for(PAYLOAD))
    with pytest.raises(AcumenError, match="not a ticker or a CIK"):
        edgar.fetch_edgar("<script>", client=client_for(PAYLOAD))


def test_missing_user_agent_is_a_setting_to_make(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(edgar.USER_AGENT_ENV, raising=False)
    with pytest.raises(AcumenError) as caught:
        edgar.fetch_edgar("320193")
    assert edgar.USER_AGENT_ENV in caught.value.fix
    monkeypatch.setenv(edgar.USER_AGENT_ENV, AGENT)
    assert edgar.user_agent() == AGENT


def test_a_hanging_fetch_is_abandoned_with_a_timeout_message() -> None:
    release = threading.Event()

    def hang(url: str) -> dict:
        release.wait(30)
        return PAYLOAD

    try:
        with pytest.raises(AcumenError, match="timed out after 0.2 s"):
            edgar.fetch_edgar("320193", client=hang, timeout=0.2)
    finally:
        release.set()


def test_failure_falls_back_to_the_cached_copy_with_its_date(tmp_path: Path) -> None:
    cache = StatementCache(tmp_path)
    edgar.fetch_edgar("TDEV", client=client_for(PAYLOAD), cache=cache)
    fallback = edgar.fetch_edgar(
        "TDEV", client=raising(urllib.error.HTTPError("u", 429, "Too Many", {}, None)), cache=cache
    )
    assert fallback.table["revenue"].iloc[0] == 1000
    note = list(fallback.warnings)[0]
    assert (
        note.startswith("Live fetch failed (SEC is rate-limiting")
        and "cached figures as of" in note
    )


def test_partial_data_loads_with_what_is_missing() -> None:
    payload = us_gaap(Revenues=[fact(1000, **year(2023), filed="2024-02-01")])
    statements = edgar.fetch_edgar("320193", client=client_for(payload))
    assert "net income" in " ".join(list(statements.warnings))
    assert "net_income" in statements.incomplete["CIK320193"]


def ifrs(**concepts: list[dict]) -> dict:
    return {
        "cik": "0000000042",
        "entityName": "IFRS Co",
        "facts": {"ifrs-full": {c: {"label": c, "units": {"USD": v}} for c, v in concepts.items()}},
    }


@pytest.mark.parametrize(("change", "kept"), [(15, True), (-30, False)])
def test_operations_subtotal_is_read_only_where_the_cash_flow_adds_up(
    change: float, kept: bool
) -> None:
    flows = {
        "CashFlowsFromUsedInOperations": 100,
        "CashFlowsFromUsedInInvestingActivities": -60,
        "CashFlowsFromUsedInFinancingActivities": -20,
        "EffectOfExchangeRateChangesOnCashAndCashEquivalents": -5,
        "IncreaseDecreaseInCashAndCashEquivalents": change,
    }
    payload = ifrs(
        Revenue=[fact(1000, **year(2024), form="20-F", filed="2025-04-01")],
        Assets=[fact(900, "2024-12-31", form="20-F", filed="2025-04-01")],
        **{c: [fact(v, **year(2024), form="20-F", filed="2025-04-01")] for c, v in flows.items()},
    )
    statements, mapping = edgar_facts.statements_from_companyfacts(payload, source="i.json")
    ocf = statements.table["operating_cash_flow"].iloc[0]
    notes = " ".join(list(statements.warnings))
    if kept:
        assert ocf == 100 and "adds up to the change in cash" in notes
    else:
        assert np.isnan(ocf) and "is n/a" in notes and "before interest and tax paid" in notes
    assert set(mapping["item"]) <= set(statements.table.columns)
