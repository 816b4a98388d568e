"""AppTest: the overview page renders with the default sample, and an upload changes it."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def clear_streamlit_cache():
    st.cache_data.clear()
    yield


def app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def test_overview_renders_five_driver_metrics():
    at = app()
    assert len(at.metric) == 5
    labels = [m.label for m in at.metric]
    assert labels[0].startswith("Margin") and labels[-1].startswith("Growth")
    assert at.dataframe


def test_picking_walmart_shows_its_net_margin():
    at = app()
    at.sidebar.selectbox(key="_w_sample").set_value("sample:WMT").run()
    assert not at.exception
    margin = next(m for m in at.metric if m.label.startswith("Margin"))
    assert margin.value == "3.0%"


def test_upload_changes_the_overview_numbers():
    at = app()
    before = next(m for m in at.metric if m.label.startswith("Margin")).value
    at.sidebar.radio(key="_w_mode").set_value("Upload a file").run()
    data = (ROOT / "tests" / "corpus" / "messy_wide.csv").read_bytes()
    at.sidebar.file_uploader[0].set_value(("messy_wide.csv", data, "text/csv"))
    at.run()
    assert not at.exception
    after = next(m for m in at.metric if m.label.startswith("Margin")).value
    assert after == "13.0%" and after != before
    assert any("Messy Client Inc" in m.value for m in at.sidebar.markdown)


def test_broken_upload_shows_error_and_keeps_the_client():
    at = app()
    at.sidebar.radio(key="_w_mode").set_value("Upload a file").run()
    data = (ROOT / "tests" / "corpus" / "broken_nonnumeric.csv").read_bytes()
    at.sidebar.file_uploader[0].set_value(("broken_nonnumeric.csv", data, "text/csv"))
    at.run()
    assert not at.exception
    message = at.sidebar.error[0].value
    assert "broken\\_nonnumeric" in message and "12x" in message
    assert any("Harbor Home Products" in m.value for m in at.sidebar.markdown)


def test_typed_figures_become_the_client():
    from acumen.data.manual import entry_grid

    grid = entry_grid([2022, 2023])
    grid.loc["revenue"] = [100.0, 125.0]
    grid.loc["net income"] = [5.0, 10.0]
    grid.loc["total assets"] = [80.0, 90.0]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["manual_grid"] = grid
    at.run()
    at.sidebar.radio(key="_w_mode").set_value("Type the figures").run()
    at.sidebar.button(key="_w_manual_open").click().run()
    at.button(key="_w_manual_use").click().run()
    assert not at.exception
    margin = next(m for m in at.metric if m.label.startswith("Margin")).value
    assert margin == "8.0%"
    growth = next(m for m in at.metric if m.label.startswith("Growth")).value
    assert growth == "25.0%"


def test_trend_driver_choice_shows_that_drivers_charts_and_persists():
    at = app()
    assert at.segmented_control[0].value == "margin"
    at.segmented_control[0].set_value("velocity").run()
    assert not at.exception
    assert at.session_state["overview_trend_driver"] == "velocity"
    at.switch_page("pages/8_Meeting_brief.py").run()
    at.switch_page("app.py").run()
    assert at.segmented_control[0].value == "velocity"


def test_overview_shows_the_ttm_newer_than_the_last_annual_report():
    from tests.apptest_support import open_page as open_overview

    at = open_overview(None, client_id="sample:IBM-15Y")
    assert not at.exception
    notes = " ".join(i.value for i in at.info)
    assert "the 12 months to 2024-03-31" in notes and "newer than the last annual report" in notes
    at.radio(key="_w_overview_period").set_value("ttm").run()
    assert not at.exception
    assert "12 months to 2024-03-31" in at.dataframe[0].value.columns
    plain = open_overview(None)
    assert not [r for r in plain.radio if r.key == "_w_overview_period"]


def test_priorities_read_the_newer_ttm_and_say_so():
    from tests.apptest_support import open_page as open_any

    at = open_any("pages/1_Priorities_and_trade_offs.py", client_id="sample:IBM-15Y")
    assert not at.exception
    notes = " ".join(i.value for i in at.info)
    assert "the 12 months to 2024-03-31" in notes and "newer than the last annual report" in notes
    plain = open_any("pages/1_Priorities_and_trade_offs.py")
    assert not any("quarterly reports" in i.value for i in plain.info)
