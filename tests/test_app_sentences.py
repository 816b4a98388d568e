"""AppTest: no visible sentence on any page shows nan, None, inf or −0.0, for clients at the
edges (#16 item 7): zero total assets, negative equity, a sparse typed client, a bank."""

from __future__ import annotations

import re

import pytest
import streamlit as st

from acumen.data.manual import entry_grid, statements_from_grid
from tests.apptest_support import PAGES, open_page

#: A number-word that must never reach a sentence ("Financial" or "Nancy" are fine).
JUNK = re.compile(
    r"\b(nan|NaN|None|inf|Infinity)\b|[-−]0(\.0+)?(?![\d.,])(?!\s*[×x]\b)|[-−]0\.0+(?!\d)"
)


@pytest.fixture(autouse=True)
def clear_streamlit_cache():
    st.cache_data.clear()


def typed(company: str, rows: dict[str, list[float]], years=(2022, 2023)):
    grid = entry_grid(list(years))
    for label, values in rows.items():
        grid.loc[label] = values
    return statements_from_grid(grid, company=company, currency="USD", unit="millions")


def zero_assets():
    return typed(
        "Zero Assets Co",
        {
            "revenue": [100.0, 110.0],
            "cost of revenue": [60.0, 70.0],
            "net income": [5.0, 6.0],
            "total assets": [0.0, 0.0],
            "equity": [0.0, 0.0],
        },
    )


def negative_equity():
    return typed(
        "Negative Equity Co",
        {
            "revenue": [100.0, 90.0],
            "net income": [-5.0, -8.0],
            "total assets": [50.0, 45.0],
            "total liabilities": [70.0, 80.0],
            "equity": [-20.0, -35.0],
            "cash": [0.0, 0.0],
            "operating cash flow": [-3.0, -0.0],
        },
    )


EDGE = {"typed:Zero Assets Co": zero_assets, "typed:Negative Equity Co": negative_equity}


def visible_sentences(at) -> list[str]:
    """Text the user reads: markdown, captions, alerts, headers and metric tiles."""
    texts = []
    for kind in (
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "subheader",
        "title",
        "header",
        "text",
    ):
        texts += [str(e.value) for e in at.get(kind)]
    for metric in at.metric:
        texts += [str(metric.label), str(metric.value), str(metric.delta or "")]
    return [t.replace("\\", "") for t in texts]


@pytest.mark.parametrize("client_id", [*EDGE, "sample:PM", "sample:JPM", "sample:KEYF"])
@pytest.mark.parametrize("page", [None, *PAGES])
def test_no_sentence_shows_junk_numbers(page, client_id):
    loaded = {cid: make() for cid, make in EDGE.items()}
    at = open_page(page, client_id=client_id, loaded_clients=loaded)
    assert not at.exception, f"{page} / {client_id}: {at.exception}"
    bad = [t for t in visible_sentences(at) if JUNK.search(t)]
    assert not bad, f"{page} / {client_id}: {bad[:3]}"


def test_zero_assets_whatif_says_why_roa_is_na():
    """Issue #16 item 7: "ROA is nan% today" for a client with zero assets."""
    at = open_page(
        "pages/5_What_if_value_calculator.py",
        client_id="typed:Zero Assets Co",
        loaded_clients={"typed:Zero Assets Co": zero_assets()},
    )
    assert not at.exception
    statement = at.info[0].value.replace("\\", "")
    assert "nan" not in statement
    assert statement.startswith(
        "Move a lever to price your offer in Zero Assets Co's numbers: ROA can't be computed today ("
    )


def test_priorities_page_shows_no_internal_rule_ids():
    from acumen.analysis.rules import RULES

    at = open_page("pages/1_Priorities_and_trade_offs.py", client_id="sample:HHP")
    assert not at.exception
    text = " ".join(visible_sentences(at))
    assert not any(f"rule {r.id}" in text or r.id in text for r in RULES)
    captions = [c.value for c in at.caption]
    assert any(
        c.startswith(
            ("1 trade-off rule fires", "2 trade-off", "3 trade-off", "4 trade-off", "5 trade-off")
        )
        for c in captions
    )
