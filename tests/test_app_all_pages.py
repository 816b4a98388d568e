"""AppTest: every page renders, with no exception, for clients that stress the edges —
a non-USD company, a 15-year history, a bank (no gross margin), a company with a gap year,
negative equity, and a client with only a few typed figures."""

from __future__ import annotations

import pytest
import streamlit as st

from acumen.data.manual import entry_grid, statements_from_grid
from tests.apptest_support import PAGES, open_page

CLIENTS = ["sample:SIE", "sample:IBM-15Y", "sample:JPM", "sample:BBY", "sample:PM", "sample:KEYF"]


@pytest.fixture(autouse=True)
def clear_streamlit_cache():
    st.cache_data.clear()


@pytest.mark.parametrize("client_id", CLIENTS)
@pytest.mark.parametrize("page", [None, *PAGES])
def test_page_renders_for_edge_clients(page, client_id):
    at = open_page(page, client_id=client_id)
    assert not at.exception, f"{page} / {client_id}: {at.exception}"


@pytest.mark.parametrize("page", [None, *PAGES])
def test_page_renders_for_a_sparse_typed_client(page):
    grid = entry_grid([2023])
    grid.loc["revenue"] = [50.0]
    grid.loc["net income"] = [-2.0]
    statements = statements_from_grid(
        grid, company="Tiny <b>Startup</b>", currency="GBP", unit="millions"
    )
    at = open_page(
        page,
        client_id="typed:Tiny <b>Startup</b>",
        loaded_clients={"typed:Tiny <b>Startup</b>": statements},
    )
    assert not at.exception, f"{page}: {at.exception}"
