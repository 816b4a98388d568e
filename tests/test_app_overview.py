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
