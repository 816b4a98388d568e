"""AppTest: the peers, value-chain and what-if pages render inside the app frame and react."""

from __future__ import annotations

import pytest
import streamlit as st

from tests.apptest_support import open_page

PEERS = "pages/3_Competitors_and_peers.py"
CHAIN = "pages/4_Customers_customer.py"
WHATIF = "pages/5_What_if_value_calculator.py"
BRIEF = "pages/8_Meeting_brief.py"


@pytest.fixture(autouse=True)
def clear_streamlit_cache():
    st.cache_data.clear()
    yield


def roa_after(at) -> str:
    return next(m.value for m in at.metric if m.label == "ROA after")


@pytest.mark.parametrize("client", [None, "sample:WMT"])
def test_peers_page_renders(client):
    at = open_page(PEERS, **({"client_id": client} if client else {}))
    assert not at.exception, at.exception
    headings = [s.value for s in at.subheader]
    assert any(h.replace("\\", "").startswith("Biggest threat:") for h in headings)
    assert "Side by side" in headings
    assert len(at.get("plotly_chart")) == 2
    assert at.dataframe


def test_removing_a_peer_updates_the_table():
    at = open_page(PEERS, client_id="sample:WMT")
    box = at.multiselect[0]
    assert box.value == ["sample:COST", "sample:TGT", "sample:KR", "sample:AMZN"]
    box.set_value(["sample:COST"]).run()
    assert not at.exception
    columns = list(at.dataframe[0].value.columns)
    assert "Costco Co." in columns or any("Costco" in c for c in columns)
    assert not any("Amazon" in c for c in columns)
    assert at.subheader[0].value.replace("\\", "").startswith("Biggest threat: Costco")


@pytest.mark.parametrize("client", [None, "sample:WMT"])
def test_value_chain_page_renders(client):
    at = open_page(CHAIN, **({"client_id": client} if client else {}))
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader] == [
        "Each link's drivers",
        "Who finances whom",
        "What it means for your client",
    ]
    assert len(at.get("plotly_chart")) == 2
    assert "DPO of" in " ".join(m.value for m in at.markdown)


def test_custom_chain():
    at = open_page(CHAIN, client_id="sample:WMT")
    at.radio(key="_w_chain_choice").set_value("Build your own chain").run()
    assert not at.exception
    assert at.info  # one company is not a chain
    at.multiselect(key="_w_chain_custom").set_value(["sample:DD", "sample:WMT"]).run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 2


@pytest.mark.parametrize("client", [None, "sample:WMT"])
def test_whatif_page_renders(client):
    at = open_page(WHATIF, **({"client_id": client} if client else {}))
    assert not at.exception, at.exception
    assert len(at.slider) == 8
    assert at.info[0].value.startswith("Move a lever")


def test_a_slider_moves_the_roa_and_the_value_statement():
    at = open_page(WHATIF, client_id="sample:WMT")
    before = roa_after(at)
    assert before == "7.29%"
    at.slider(key="_w_whatif_price_pct").set_value(2.0).run()
    assert not at.exception
    assert roa_after(at) != before
    assert "lifts ROA by" in at.info[0].value
    # The lever survives a trip to another page (plain session key).
    at.switch_page("app.py")
    at.run()
    at.switch_page(WHATIF)
    at.run()
    assert at.slider(key="_w_whatif_price_pct").value == 2.0
    assert roa_after(at) != before


def test_a_preset_sets_the_sliders_and_frees_cash():
    at = open_page(WHATIF, client_id="sample:WMT")
    next(b for b in at.button if b.label == "Cut their inventory by 5 days").click().run()
    assert not at.exception
    assert at.slider(key="_w_whatif_dio_days").value == -5.0
    cash = next(m.value for m in at.metric if m.label == "Cash freed for good")
    assert cash == "$4.9B"
    assert "frees \\$4\\.9B" in at.info[0].value


def test_adding_the_value_statement_reaches_the_brief():
    at = open_page(WHATIF, client_id="sample:WMT")
    at.slider(key="_w_whatif_cogs_pct").set_value(-1.0).run()
    at.button(key="_w_whatif_add").click().run()
    assert not at.exception
    assert at.success and "Added to the meeting brief" in at.success[0].value
    statement = at.info[0].value.replace("\\", "")
    at.switch_page(BRIEF)
    at.run()
    assert not at.exception, at.exception
    goals = at.data_editor[0].value
    assert statement in list(goals["goal"])
    row = goals[goals["goal"] == statement].iloc[0]
    assert row["driver"] == "return" and "Cost of revenue per unit −1.0%" in row["evidence"]


def page_text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [s.value for s in at.subheader] + [w.value for w in at.warning]
    parts += [i.value for i in at.info]
    return " ".join(parts).replace("\\", "")


def test_harbor_peers_page_leaves_the_flagged_pg_rows_out_and_says_why():
    at = open_page(PEERS, client_id="sample:HHP")
    assert not at.exception, at.exception
    text = page_text(at)
    assert "Procter & Gamble spends" not in text and "42.2%" not in text
    assert "Biggest threat: Alpha Brands" in text
    assert "sample:PG" not in at.multiselect[0].value  # never picked automatically
    assert "no year comparable with FY2023" in " ".join(w.value for w in at.warning)
    at.multiselect[0].set_value([*at.multiselect[0].value, "sample:PG"]).run()  # by hand
    assert not at.exception
    text = page_text(at)
    assert "Procter & Gamble spends" not in text and "42.2%" not in text
    warning = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "Procter & Gamble — data note: the dataset's PG rows are not" in warning
    assert "no year comparable with FY2023" in warning
    columns = list(at.dataframe[-1].value.columns)
    assert not any("Procter" in c for c in columns)


def test_default_chain_is_built_on_sound_data():
    at = open_page(CHAIN, client_id="sample:WMT")
    assert not at.exception, at.exception
    text = page_text(at)
    assert "Kimberly-Clark" in text and "Procter & Gamble" not in text
    at.radio(key="_w_chain_choice").set_value("Build your own chain").run()
    at.multiselect(key="_w_chain_custom").set_value(["sample:DD", "sample:PG", "sample:WMT"]).run()
    assert not at.exception
    assert any("Procter & Gamble: Data quirk" in w.value.replace("\\", "") for w in at.warning)
    lines = [line for m in at.markdown for line in m.value.replace("\\", "").split("\n")]
    naming = [line for line in lines if "Procter & Gamble" in line]
    assert len(naming) >= 3
    assert all("data note on Procter & Gamble" in line for line in naming)


def test_levers_belong_to_their_client():
    """Issue #10: DSO −5 days set for Target was still applied on Walmart."""
    at = open_page(WHATIF, client_id="sample:TGT")
    at.slider(key="_w_whatif_dio_days").set_value(-5.0).run()
    assert not at.exception
    target_roa = roa_after(at)
    assert "frees" in at.info[0].value
    at.session_state["client_id"] = "sample:WMT"
    at.run()
    assert not at.exception
    assert at.slider(key="_w_whatif_dio_days").value == 0.0
    assert at.info[0].value.startswith("Move a lever")
    assert roa_after(at) == "7.29%"
    at.session_state["client_id"] = "sample:TGT"
    at.run()
    assert at.slider(key="_w_whatif_dio_days").value == -5.0
    assert roa_after(at) == target_roa


def test_whatif_page_reconciles_its_cash_figures():
    at = open_page(WHATIF, client_id="sample:TGT")
    at.slider(key="_w_whatif_dio_days").set_value(-5.0).run()
    assert not at.exception
    freed = next(m.value for m in at.metric if m.label == "Cash freed for good")
    assert freed == "$712M"
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "working capital frees $712M for good (quote this)" in captions
    assert "free cash flow changes by +$1.4B" in captions
    assert not any("Debt repaid" in str(c.value) for c in at.caption)
