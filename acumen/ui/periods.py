"""The client's trailing twelve months, where its source has quarters (a bundled sample
with quarterly reports), for the Overview and the diagnosis."""

from __future__ import annotations

import pandas as pd

from acumen.analysis.client import ClientView
from acumen.data.quarters import is_newer, ttm_statements
from acumen.data.samples import sample_quarters


def client_ttm(view: ClientView, client_id: str) -> pd.DataFrame | None:
    """TTM statements of the client (see :func:`acumen.data.quarters.ttm_statements`), or None."""
    prefix, _, sample_id = client_id.partition(":")
    quarters = sample_quarters(sample_id) if prefix == "sample" else None
    if quarters is None:
        return None
    return ttm_statements(quarters, view.statements.attrs["companies"], source=client_id)


def diagnosis_basis(view: ClientView, client_id: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(the statements to diagnose, the TTM statements when they are used): the TTM where
    it is newer than the last annual report, else the annual statements."""
    ttm = client_ttm(view, client_id)
    if ttm is not None and is_newer(ttm, view.statements, view.company):
        return ttm, ttm
    return view.statements, None
