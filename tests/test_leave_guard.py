"""Nothing lost without a warning (#16 item 10): the leave prompt is set exactly while there
is unsaved work, and the address brings a reload back to a sample or a ticker."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from acumen.ui import leave_guard, state
from acumen.ui.leave_guard import unsaved_work
from tests.apptest_support import ROOT


@pytest.fixture(autouse=True)
def clear_streamlit_cache():
    st.cache_data.clear()


def client_csv(company: str) -> bytes:
    return (
        f"Company: {company}\nLine item,2022,2023\nRevenue,100,120\nNet income,5,6\n"
        "Total assets,80,90\n"
    ).encode()


# --------------------------------------------------------------------------- unsaved_work


def test_nothing_to_lose_in_a_fresh_or_sample_only_session():
    assert unsaved_work({}) == []
    assert unsaved_work({state.LOADED_KEY: {"yahoo:AAPL": object()}}) == []  # fetched again
    zero = {"sample:HHP": {"dio_days": 0.0, "cogs_pct": 0.0, "repay_debt": False}}
    assert unsaved_work({leave_guard.LEVERS_KEY: zero, leave_guard.WORKSHOP_KEY: None}) == []


def test_each_kind_of_unsaved_work_is_named():
    table = pd.DataFrame({"goal": ["Grow"]})
    session = {
        state.LOADED_KEY: {"upload:Acme": object(), "typed:Mine": object()},
        leave_guard.LEVERS_KEY: {"sample:HHP": {"dio_days": -5.0, "repay_debt": False}},
        leave_guard.GOALS_KEY: {"sample:HHP": {"table": table, "edited": table.assign(goal="x")}},
        leave_guard.WORKSHOP_KEY: object(),
    }
    assert unsaved_work(session) == [
        "uploaded clients",
        "typed figures",
        "what-if levers",
        "goal notes",
        "a workshop in progress",
    ]


def test_goal_notes_count_when_queued_edited_or_pending_in_the_editor():
    table = pd.DataFrame({"goal": ["Grow"]})
    same = {leave_guard.GOALS_KEY: {"c": {"table": table, "edited": table.copy()}}}
    assert unsaved_work(same) == []
    assert unsaved_work({leave_guard.EXTRA_GOALS_KEY: [{"goal": "x"}]}) == ["goal notes"]
    pending = {**same, "_w_goals::c::0": {"edited_rows": {0: {"goal": "y"}}, "added_rows": []}}
    assert unsaved_work(pending) == ["goal notes"]
    untouched = {
        **same,
        "_w_goals::c::0": {"edited_rows": {}, "added_rows": [], "deleted_rows": []},
    }
    assert unsaved_work(untouched) == []


def test_a_repay_debt_switch_alone_is_a_moved_lever():
    moved = {leave_guard.LEVERS_KEY: {"c": {"dio_days": 0.0, "repay_debt": True}}}
    assert unsaved_work(moved) == ["what-if levers"]


# --------------------------------------------------------------------------- in the app


def guard_srcdoc(at: AppTest) -> str:
    (frame,) = at.get("iframe")
    return frame.proto.srcdoc


def test_the_prompt_is_off_without_work_and_on_after_an_upload():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state[state.MODE_KEY] = "Upload a file"
    at.run()
    assert "active = false" in guard_srcdoc(at)
    assert at.session_state[leave_guard.REASONS_KEY] == []
    at.file_uploader[0].set_value(("acme.csv", client_csv("Acme Widgets"), "text/csv"))
    at.run()
    assert "active = true" in guard_srcdoc(at)
    assert at.session_state[leave_guard.REASONS_KEY] == ["uploaded clients"]
    assert "Acme" not in guard_srcdoc(at)  # no user text in the iframe


def test_the_prompt_follows_the_what_if_levers():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    at.switch_page("pages/5_What_if_value_calculator.py")
    at.run()
    assert "active = false" in guard_srcdoc(at)
    at.button(key="_w_whatif_preset_0").click()  # "Cut their inventory by 5 days"
    at.run()
    assert "active = true" in guard_srcdoc(at)
    at.button(key="_w_whatif_reset").click()
    at.run()
    assert "active = false" in guard_srcdoc(at)


def test_a_reload_comes_back_to_the_sample_in_the_address():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["client"] = "WMT"
    at.run()
    assert at.session_state[state.CLIENT_KEY] == "sample:WMT"
    assert at.query_params["client"] == ["WMT"] or at.query_params["client"] == "WMT"


def test_the_address_names_the_chosen_sample_and_never_an_upload():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state[state.MODE_KEY] = "Upload a file"
    at.run()
    assert dict(at.query_params).get("client") in (["HHP"], "HHP")  # the default sample
    at.file_uploader[0].set_value(("acme.csv", client_csv("Acme Widgets"), "text/csv"))
    at.run()
    assert at.session_state[state.CLIENT_KEY] == "upload:Acme Widgets"
    assert "client" not in at.query_params and "ticker" not in at.query_params


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "NOPE", "../../etc/passwd", ""])
def test_an_unknown_sample_in_the_address_is_ignored(value):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["client"] = value
    at.run()
    assert not at.exception
    assert at.session_state[state.CLIENT_KEY] == state.default_client()


def test_a_ticker_in_the_address_fills_the_yahoo_box_without_fetching():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["ticker"] = "sie.de"
    at.run()
    assert at.session_state[state.MODE_KEY] == "Yahoo Finance ticker"
    assert at.text_input(key="_w_yahoo").value == "SIE.DE"
    assert at.session_state[state.CLIENT_KEY] == state.default_client()  # no fetch yet


def test_a_later_guard_in_the_same_run_wins_with_the_newer_state():
    """A page may call guard() again after its own edits (the sidebar's guard runs before the
    page): the later iframe carries a higher seq, which the script prefers."""
    at = AppTest.from_string(
        """
import streamlit as st
from acumen.ui import leave_guard, state
from acumen.ui.sidebar import page_setup
page_setup("Test")
st.session_state[leave_guard.WORKSHOP_KEY] = object()  # work the page made after the sidebar
leave_guard.guard()
""",
        default_timeout=30,
    )
    at.run()
    sidebar, page = (
        frame.proto.srcdoc for frame in at.sidebar.get("iframe") + at.main.get("iframe")
    )
    first, last = sidebar, page
    assert "active = false, seq = 1" in first
    assert "active = true, seq = 2" in last
    assert "> seq) return" in last  # an older guard never overrides a newer one
