"""AppTest (#14): the Overview's Annual / Quarterly / TTM choice, where the client has quarters
(IBM-15Y, from Alpha Vantage): each view names its period and shows numbers computed here from
the quarterly frame itself; a client without quarters (WMT) has no choice; Chinese labels."""

from __future__ import annotations

import pytest
import streamlit as st

from acumen.analysis.catalog import BY_NAME
from acumen.data.samples import load_sample, sample_quarters
from acumen.formatting import format_value
from acumen.i18n import set_language
from tests.apptest_support import open_page

IBM = "sample:IBM-15Y"
PERIOD = "_w_overview_period"


@pytest.fixture(autouse=True)
def clean_state():
    st.cache_data.clear()
    yield
    set_language("en")


def period_radio(at):
    return [r for r in at.radio if r.key == PERIOD]


def cell(frame, label: str, column: str) -> str:
    return str(frame.loc[frame.iloc[:, 1] == label, column].iloc[0])


def shown(metric: str, value: float) -> str:
    return format_value(value, BY_NAME[metric].unit, "USD")


def test_annual_is_the_default_and_names_its_years():
    at = open_page(None, client_id=IBM)
    assert not at.exception, at.exception
    (radio,) = period_radio(at)
    assert radio.options == ["Annual", "Quarterly", "TTM"] and radio.value == "annual"
    captions = " ".join(c.value for c in at.caption)
    assert "Annual reports, FY2009 to FY2023." in captions
    last = load_sample("IBM-15Y").table.iloc[-1]
    frame = next(d.value for d in at.dataframe if "2023" in d.value.columns)
    assert cell(frame, "Net margin", "2023") == shown(
        "net_margin", last["net_income"] / last["revenue"]
    )


def test_quarterly_shows_each_quarter_with_days_on_91_25_days():
    at = open_page(None, client_id=IBM)
    at.radio(key=PERIOD).set_value("quarterly").run()
    assert not at.exception, at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "Q1 FY2024 (ended 2024-03-31)" in captions
    assert at.get("plotly_chart"), "a chart of the quarters"
    quarters = sample_quarters("IBM-15Y").droplevel(0)
    last, before = quarters.iloc[-1], quarters.iloc[-2]
    frame = at.dataframe[0].value
    assert "Q1 FY2024" in frame.columns and "Q4 FY2023" in frame.columns
    assert cell(frame, "Net margin", "Q1 FY2024") == shown(
        "net_margin", last["net_income"] / last["revenue"]
    )
    dso = (last["receivables"] + before["receivables"]) / 2 / last["revenue"] * 91.25
    assert cell(frame, "Days sales outstanding (DSO)", "Q1 FY2024") == shown("dso", dso)
    assert cell(frame, "Return on assets (ROA)", "Q1 FY2024").startswith("n/a — a yearly measure")


def test_ttm_shows_the_last_four_quarters():
    at = open_page(None, client_id=IBM)
    at.radio(key=PERIOD).set_value("ttm").run()
    assert not at.exception, at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "Showing the 12 months to 2024-03-31 (TTM)" in captions
    four = sample_quarters("IBM-15Y").iloc[-4:]
    frame = at.dataframe[0].value
    margin = four["net_income"].sum() / four["revenue"].sum()
    assert cell(frame, "Net margin", "12 months to 2024-03-31") == shown("net_margin", margin)


def test_the_choice_is_kept_across_pages():
    at = open_page(None, client_id=IBM)
    at.radio(key=PERIOD).set_value("quarterly").run()
    at.switch_page("pages/1_Priorities_and_trade_offs.py").run()
    at.switch_page("app.py").run()
    assert not at.exception, at.exception
    assert at.radio(key=PERIOD).value == "quarterly"


def test_a_client_without_quarters_has_no_choice():
    at = open_page(None, client_id="sample:WMT")
    assert not at.exception, at.exception
    assert not period_radio(at)
    assert "Annual reports" in " ".join(c.value for c in at.caption)


def test_the_choice_in_chinese():
    at = AppTestZh()
    (radio,) = period_radio(at)
    assert radio.options == ["年度", "季度", "过去十二个月"]
    set_language("zh")  # the AppTest formats the choice in this thread (reset by the fixture)
    at.radio(key=PERIOD).set_value("quarterly").run()
    assert not at.exception, at.exception
    assert "2024财年第1季度" in at.dataframe[0].value.columns
    assert "每季度91.25天" in " ".join(c.value for c in at.caption)
    at.radio(key=PERIOD).set_value("ttm").run()
    assert not at.exception, at.exception
    assert "过去十二个月" in " ".join(c.value for c in at.caption)


def AppTestZh():  # noqa: N802 - reads as the AppTest it returns
    from streamlit.testing.v1 import AppTest

    from tests.apptest_support import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["lang"] = "zh"
    at.session_state["client_id"] = IBM
    at.run()
    assert not at.exception, at.exception
    return at
