"""The bundled samples: ids, the universe's real quirks, and exact figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import acumen
from acumen.data.loaders.nyse import NYSE_COLUMNS
from acumen.data.samples import SAMPLE_DIR, catalog, load_sample
from acumen.errors import AcumenError


def test_sample_ids_are_unique_and_cover_every_source():
    table = catalog()
    assert table.index.is_unique
    assert {"WMT", "SIE", "IBM-15Y", "HHP", "SEHW", "ALFA", "KEYF", "SMTF", "NWDV"} <= set(
        table.index
    )
    assert (table["kind"] == "universe").sum() == 448


def test_universe_keeps_the_dataset_figures_exactly(universe_statements):
    raw = pd.read_csv(SAMPLE_DIR / "nyse" / "nyse_fundamentals_2012_2016.csv")
    assert len(universe_statements) == len(raw) == 1781
    assert universe_statements.index.get_level_values(0).nunique() == 448
    ours = universe_statements.table.reset_index()
    ours_sorted = ours.sort_values(["company", "fiscal_year"]).reset_index(drop=True)
    raw["period_end"] = pd.to_datetime(raw["Period Ending"], format="%m/%d/%Y")
    raw = raw.sort_values(["Ticker Symbol", "period_end"]).reset_index(drop=True)
    for item, column in NYSE_COLUMNS.items():
        expected = raw[column].to_numpy(dtype="float64")
        if item == "capital_expenditure":
            expected = -expected
        np.testing.assert_array_equal(ours_sorted[item].to_numpy(), expected, err_msg=item)


def test_quirks_receivables_capex_and_fiscal_years():
    wmt = acumen.load("sample:WMT")
    assert list(wmt.index.get_level_values(1)) == [2012, 2013, 2014, 2015]  # years end 31 January
    assert (wmt.table["capital_expenditure"] > 0).all()
    assert (
        wmt.table.loc[("WMT", 2015), "receivables"] == 5_624_000_000
    )  # Net Receivables, not the change
    for ticker in ("CERN", "HBI", "SNA", "SWK"):
        years = acumen.load(f"sample:{ticker}").index.get_level_values(1)
        assert years.is_unique and list(years) == sorted(years)
    ipg = acumen.load("sample:IPG")
    assert 1215 not in ipg.index.get_level_values(1) and 2015 in ipg.index.get_level_values(1)


def test_known_data_quirks_are_shown_as_warnings():
    assert any("Procter & Gamble" in w for w in acumen.load("sample:PG").warnings)
    assert any("gap" in w or "missing" in w for w in acumen.load("sample:BBY").warnings)
    assert acumen.load("sample:WMT").warnings == ()


def test_siemens_ibm_and_cases():
    siemens = acumen.load("sample:SIE")
    assert siemens.companies.loc["SIE", "currency"] == "EUR"
    ibm = acumen.load("sample:IBM-15Y")
    assert list(ibm.index.get_level_values(1)) == list(range(2009, 2024))
    harbor = acumen.load("sample:HHP")
    assert harbor.companies.loc["HHP", "name"] == "Harbor Home Products"


def test_unknown_sample_is_a_clear_error():
    with pytest.raises(AcumenError, match="no bundled sample called 'NOPE'"):
        acumen.load("sample:NOPE")


def test_loaded_sample_is_a_copy():
    first = acumen.load("sample:WMT")
    first.table.loc[("WMT", 2015), "revenue"] = 1.0
    assert acumen.load("sample:WMT").table.loc[("WMT", 2015), "revenue"] != 1.0


# --------------------------------------------------------------------------- recent real companies

RECENT = ["NVDA-2025", "WALMEX", "RELIANCE", "002352", "LPA"]


@pytest.mark.parametrize("sample_id", RECENT)
def test_recent_real_samples_match_their_files_read_as_an_upload(sample_id: str) -> None:
    import csv as csv_module

    from acumen.data.loaders.files import read_files
    from acumen.data.samples import RECENT_DIR

    with open(RECENT_DIR / "manifest.csv", encoding="utf-8") as f:
        manifest = {r["id"]: r for r in csv_module.DictReader(f)}
    row = manifest[sample_id]
    bundled = load_sample(sample_id)
    direct = read_files(
        [RECENT_DIR / f for f in row["files"].split(";")], currency=row["currency"] or None
    ).statements
    assert bundled.table.droplevel(0).equals(direct.table.droplevel(0))
    company = bundled.companies.iloc[0]
    assert bundled.companies.index[0] == sample_id and company["name"] == row["name"]
    assert list(bundled.warnings)[0] == row["note"]
    assert not any("not known as line items" in w for w in list(bundled.warnings))


def test_recent_nvidia_revenue_from_the_files_own_cells() -> None:
    import csv as csv_module

    from acumen.data.samples import RECENT_DIR

    with open(RECENT_DIR / "01_nvda_yf_income_statement.csv", encoding="utf-8-sig") as f:
        rows = list(csv_module.reader(f))
    header = rows[0]
    revenue = next(r for r in rows if r[0] == "Total Revenue")
    statements = load_sample("NVDA-2025").table.droplevel(0)
    for column, cell in zip(header[2:], revenue[2:], strict=True):
        end = pd.Timestamp(column)
        year = end.year - 1 if end.month <= 5 else end.year  # Compustat year of a January end
        assert statements.at[year, "revenue"] == float(cell)
    assert load_sample("WALMEX").companies["currency"].iloc[0] == "MXN"
    assert load_sample("RELIANCE").companies["currency"].iloc[0] == "INR"
    assert max(load_sample("RELIANCE").index.get_level_values(1)) >= 2024
