"""AppTest: every page renders for the bundled recent real companies (sparse EDGAR facts,
an A-share company in 万元, a peso-reporting retailer)."""

from __future__ import annotations

import pytest

from tests.apptest_support import PAGES, open_page

NAMES = {
    "sample:LPA": "Logistic Properties of the Americas",
    "sample:002352": "SF Holding",
    "sample:WALMEX": "Walmart de México",
}


@pytest.mark.parametrize("client_id", list(NAMES))
@pytest.mark.parametrize("page", [None, *PAGES])
def test_page_renders_for_recent_real_samples(page, client_id):
    at = open_page(page, client_id=client_id)
    assert not at.exception, f"{page} / {client_id}: {at.exception}"
    shown = " ".join(str(m.value) for m in at.sidebar.markdown).replace("\\", "")
    if shown:  # pages with the client sidebar (the live room's has none) name the client
        assert NAMES[client_id] in shown
