"""The sidebar's upload box: several files make one client, pickers for unit, currency,
sheet and company, the mapping and its corrections. The load is tested through
:func:`acumen.ui.upload_read.load_uploads` on real files; the widgets through AppTest, with the
files seeded in session_state (AppTest cannot drive a file uploader)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from acumen.data.loaders.file_assemble import MAPPING_COLUMNS
from acumen.ui import state, upload, upload_mapping, upload_read
from acumen.ui.upload_read import UNIT_CHOICES, load_uploads, split_companies, workbook_sheets
from tests.apptest_support import ROOT

REAL = Path("/work/shared/data/real_files")
NVDA = [
    "01_nvda_yf_income_statement.csv",
    "01_nvda_yf_balance_sheet.csv",
    "01_nvda_yf_cash_flow.csv",
]
TEJ = "05_tej_income_statement.csv"
AEIS = "08_aeis_sec_Financial_Report.xlsx"
#: NVDA's balance-sheet row "Payables" (row 47) by fiscal year; "Accounts Payable" (row 49)
#: differs and is the one the loader prefers.
NVDA_PAYABLES_ROW = {2021: 1.915e9, 2022: 1.660e9, 2023: 2.995e9, 2024: 7.191e9}

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="real statement files not present")


@pytest.fixture(autouse=True)
def clear_streamlit_cache():
    st.cache_data.clear()


def files(*names: str) -> list[tuple[bytes, str]]:
    return [((REAL / name).read_bytes(), name) for name in names]


# --------------------------------------------------------------------------- load_uploads


def test_three_statement_files_make_one_client():
    result = load_uploads(files(*NVDA), {})
    assert result.ok and result.error is None
    assert list(result.clients) == ["upload:nvda"]
    statements = result.clients["upload:nvda"]
    assert statements.companies.index.tolist() == ["nvda"]
    for item in ("revenue", "total_assets", "operating_cash_flow"):  # one from each file
        assert statements.table[item].notna().any(), item
    assert result.peers == {}
    assert list(result.mapping.columns) == list(MAPPING_COLUMNS)
    assert set(result.mapping["file"]) == set(NVDA)
    unknown = result.mapping.loc[result.mapping["item"].isna()]
    assert (unknown["status"] == "not a line item").all() and len(unknown)
    assert any("assumed USD" in w for w in result.warnings)


def test_a_file_of_several_companies_asks_which_one_then_loads_it_with_peers():
    asked = load_uploads(files(TEJ), {})
    assert not asked.ok and asked.clients == {}
    assert set(asked.companies) == {"2330 TSMC", "2317 Hon Hai"}
    assert "several companies" in asked.error

    chosen = load_uploads(files(TEJ), {"company": "TSMC"})
    assert chosen.ok
    assert list(chosen.clients) == ["upload:2330 TSMC"]
    peers = chosen.peers["upload:2330 TSMC"]
    assert peers.index.get_level_values(0).unique().tolist() == ["2317 Hon Hai"]
    assert chosen.clients["upload:2330 TSMC"].table["revenue"].notna().any()


def test_an_unknown_company_is_an_error_not_an_exception():
    result = load_uploads(files(TEJ), {"company": "Samsung"})
    assert not result.ok and "no company 'Samsung'" in result.error


def test_files_of_two_companies_are_two_clients_each_with_its_own_metadata():
    result = load_uploads(files(NVDA[0], "04_reliance_pnl_statement.csv"), {})
    assert result.ok
    assert sorted(result.clients) == ["upload:nvda", "upload:reliance"]
    for client_id, statements in result.clients.items():
        company = client_id.partition(":")[2]
        assert statements.companies.index.tolist() == [company]
        assert statements.index.get_level_values(0).unique().tolist() == [company]
        assert len(statements.period_end) == len(statements)


def test_split_keeps_a_single_company_frame_as_it_is():
    statements = load_uploads(files(NVDA[0]), {}).clients["upload:nvda"]
    assert split_companies(statements)["nvda"] is statements


def test_unit_and_currency_pickers_override_the_file():
    plain = load_uploads(files(NVDA[0]), {"unit": "as the file says", "currency": ""})
    scaled = load_uploads(files(NVDA[0]), {"unit": "thousands", "currency": "eur"})
    a, b = plain.clients["upload:nvda"], scaled.clients["upload:nvda"]
    assert (b.table["revenue"].dropna() == a.table["revenue"].dropna() * 1e3).all()
    assert b.companies["currency"].tolist() == ["EUR"]
    assert any("as chosen" in w for w in scaled.warnings)


def test_unit_choices_are_the_loaders_units():
    assert UNIT_CHOICES[0] == "as the file says"
    assert set(UNIT_CHOICES[1:]) >= {"lakhs", "crores", "ten thousands", "hundred millions"}


def test_a_currency_that_is_not_a_code_is_refused():
    result = load_uploads(files(NVDA[0]), {"currency": "dollars"})
    assert not result.ok and "unknown currency 'dollars'" in result.error


def test_a_broken_file_gives_the_loaders_message():
    result = load_uploads([(b"\x00\x01binary\x00", "broken.csv")], {})
    assert not result.ok and result.clients == {}
    assert result.error.startswith("broken.csv:")


def test_workbook_sheets_and_one_chosen_sheet():
    sheets = workbook_sheets(files(AEIS, NVDA[0]))
    assert "Consolidated Balance Sheets" in sheets and len(sheets) == len(set(sheets))
    assert workbook_sheets(files(NVDA[0])) == []
    everything = load_uploads(files(AEIS), {"sheet": "all statement sheets"})
    one = load_uploads(files(AEIS), {"sheet": "Consolidated Balance Sheets"})
    assert everything.ok and one.ok
    assert set(one.mapping["sheet"]) == {"Consolidated Balance Sheets"}
    assert len(set(everything.mapping["sheet"])) > 1


def test_without_a_correction_the_loader_prefers_accounts_payable():
    result = load_uploads(files(*NVDA), {})
    payables = result.clients["upload:nvda"].table["payables"].droplevel(0)
    assert payables[2024] == pytest.approx(6.31e9)
    # the "Payables" row gives payables but is set aside: a correction to it has not taken
    assert upload_read.unapplied_overrides(result.mapping, {"Payables": "payables"}) == ["Payables"]
    assert upload_read.unapplied_overrides(result.mapping, {"Accounts Payable": "payables"}) == []


def test_a_correction_makes_payables_that_rows_figures():
    result = load_uploads(files(*NVDA), {"overrides": {"Payables": "payables"}})
    payables = result.clients["upload:nvda"].table["payables"].droplevel(0)
    for year, figure in NVDA_PAYABLES_ROW.items():
        assert payables[year] == pytest.approx(figure), year
    assert upload_read.unapplied_overrides(result.mapping, {"Payables": "payables"}) == []


def test_a_correction_turns_an_unknown_row_into_a_line_item():
    label = "Payables And Accrued Expenses"
    result = load_uploads(files(*NVDA), {"overrides": {label: "payables"}})
    row = result.mapping.loc[result.mapping["label"] == label].iloc[0]
    assert row["item"] == "payables"


def test_override_keys_match_long_table_columns_both_ways():
    keys = upload_read.override_keys(
        {"column Total operating expenses": "sga", "Payables": "payables"}
    )
    assert keys == {
        "column Total operating expenses": "sga",
        "Total operating expenses": "sga",
        "Payables": "payables",
    }


def test_mapping_display_names_items_and_blanks_nones():
    shown = upload_read.mapping_display(load_uploads(files(NVDA[1]), {}).mapping)
    assert "line item" in shown.columns and "item" not in shown.columns
    assert "Payables" in set(shown["line item"]) and "None" not in set(shown["line item"])


# --------------------------------------------------------------------------- the widgets


def upload_mode(**seed) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for key, value in seed.items():
        at.session_state[key] = value
    at.run()
    at.sidebar.radio(key="_w_mode").set_value(state.MODES[1]).run()
    assert not at.exception, at.exception
    return at


def seeded(*names: str) -> dict:
    return {upload.FILES_KEY: {"ids": tuple(names), "files": files(*names)}}


def client_name(at: AppTest) -> str:
    return next(m.value for m in at.sidebar.markdown if m.value.startswith("**"))


def expander_labels(at: AppTest) -> list[str]:
    return [e.label for e in at.sidebar.expander]


def test_upload_mode_renders_the_pickers():
    at = upload_mode()
    unit = at.sidebar.selectbox(key="_w_upload_unit")
    assert unit.options == list(UNIT_CHOICES) and unit.value == "as the file says"
    assert at.sidebar.text_input(key="_w_upload_currency").value == ""
    keys = {s.key for s in at.sidebar.selectbox}
    assert "_w_upload_sheet" not in keys and "_w_upload_company" not in keys
    assert "Harbor Home Products" in client_name(at)


def test_picks_survive_leaving_and_coming_back():
    at = upload_mode()
    at.sidebar.selectbox(key="_w_upload_unit").set_value("crores").run()
    at.sidebar.text_input(key="_w_upload_currency").set_value("INR").run()
    at.sidebar.radio(key="_w_mode").set_value(state.MODES[0]).run()
    at.sidebar.radio(key="_w_mode").set_value(state.MODES[1]).run()
    assert at.sidebar.selectbox(key="_w_upload_unit").value == "crores"
    assert at.sidebar.text_input(key="_w_upload_currency").value == "INR"


def test_stored_files_load_with_notes_mapping_and_corrections():
    at = upload_mode(**seeded(*NVDA))
    assert "nvda" in client_name(at)
    assert (
        state.LOADED_KEY in at.session_state and "upload:nvda" in at.session_state[state.LOADED_KEY]
    )
    labels = expander_labels(at)
    assert any(label.startswith("What was read (") for label in labels)
    assert "Mapping: source rows → line items" in labels
    assert len(at.sidebar.dataframe) == 1
    # the notes are listed once, under "What was read", not again below the client's name
    assert len(at.sidebar.warning) == sum(len(e.warning) for e in at.sidebar.expander) > 0

    at.sidebar.selectbox(key="_w_fix_label").set_value("Payables")
    at.sidebar.selectbox(key="_w_fix_item").set_value("payables")
    at.sidebar.button(key="_w_fix_apply").click().run()
    assert not at.exception, at.exception
    fixes = at.session_state[upload_mapping.OVERRIDES_KEY][tuple(NVDA)]
    assert fixes == {"Payables": "payables"}
    assert any("Corrections:" in c.value.replace("\\", "") for c in at.sidebar.caption)

    at.sidebar.button(key="_w_fix_clear").click().run()
    assert tuple(NVDA) not in at.session_state[upload_mapping.OVERRIDES_KEY]
    assert not any("Corrections:" in c.value.replace("\\", "") for c in at.sidebar.caption)


def test_a_file_of_several_companies_offers_the_company_picker():
    at = upload_mode(**seeded(TEJ))
    assert at.sidebar.info and not at.sidebar.error
    picker = at.sidebar.selectbox(key="_w_upload_company")
    assert set(picker.options) == {"2330 TSMC", "2317 Hon Hai"} and picker.value is None
    assert "Harbor Home Products" in client_name(at)

    picker.set_value("2330 TSMC").run()
    assert not at.exception, at.exception
    assert "2330 TSMC" in client_name(at).replace("\\", "")
    assert "upload:2330 TSMC" in at.session_state[upload.PEERS_KEY]
    assert not at.sidebar.info


def test_a_workbook_shows_the_sheet_picker():
    at = upload_mode(**seeded(AEIS))
    sheet = at.sidebar.selectbox(key="_w_upload_sheet")
    assert sheet.options[0] == "all statement sheets"
    assert "Consolidated Balance Sheets" in sheet.options
    sheet.set_value("Consolidated Balance Sheets").run()
    assert not at.exception, at.exception
    assert at.session_state[upload.CHOICES_KEY]["sheet"] == "Consolidated Balance Sheets"


def test_a_bad_file_keeps_the_previous_client():
    bad = {upload.FILES_KEY: {"ids": ("x",), "files": [(b"\x00\x01binary\x00", "bad.csv")]}}
    at = upload_mode(**bad)
    assert "not text" in at.sidebar.error[0].value
    assert "Harbor Home Products" in client_name(at)
    assert len(at.metric) == 5


def test_a_bad_pick_after_a_load_keeps_the_client_and_its_mapping():
    at = upload_mode(**seeded(NVDA[0]))
    assert "nvda" in client_name(at)
    at.sidebar.text_input(key="_w_upload_currency").set_value("dollars").run()
    assert not at.exception, at.exception
    assert "unknown currency" in at.sidebar.error[0].value
    assert "nvda" in client_name(at)
    assert "Mapping: source rows → line items" in expander_labels(at)
    assert at.session_state[upload.CHOICES_KEY]["currency"] == "dollars"
    at.sidebar.text_input(key="_w_upload_currency").set_value("EUR").run()
    assert not at.sidebar.error
    assert any("EUR" in c.value for c in at.sidebar.caption)


def test_many_notes_on_the_chosen_client_are_listed_in_an_expander():
    at = upload_mode(**seeded(*NVDA))
    at.session_state[upload.FILES_KEY] = seeded(TEJ)[upload.FILES_KEY]
    at.run()
    assert not at.exception, at.exception
    assert "nvda" in client_name(at)  # still the client while the company is chosen
    notes = [e for e in at.sidebar.expander if e.label.startswith("What was read (")]
    assert len(notes) == 1 and len(notes[0].warning) > 3
    assert len(at.sidebar.warning) == len(notes[0].warning)


def test_the_session_radio_follows_the_client_an_upload_chose():
    at = upload_mode(**seeded(*NVDA))
    at.session_state[upload.FILES_KEY] = seeded(TEJ)[upload.FILES_KEY]
    at.run()
    at.sidebar.selectbox(key="_w_upload_company").set_value("2330 TSMC").run()
    loaded = at.sidebar.radio(key="_w_loaded")
    assert loaded.value == "upload:2330 TSMC"
    loaded.set_value("upload:nvda").run()  # back to the first upload
    assert not at.exception, at.exception
    assert "nvda" in client_name(at)
    assert at.sidebar.radio(key="_w_loaded").value == "upload:nvda"


def test_a_sec_companyfacts_json_upload_loads_as_a_client():
    from pathlib import Path

    from acumen.ui.upload_read import UPLOAD_TYPES

    assert "json" in UPLOAD_TYPES
    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "edgar" / "lpa_facts.json"
    result = load_uploads([(path.read_bytes(), path.name)], {})
    assert result.error is None or not result.error
    (statements,) = result.clients.values()
    assert statements.table["revenue"].notna().sum() == 4
    assert any("latest filing wins" in w for w in result.warnings)
