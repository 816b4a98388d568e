"""The client's periods where its source has quarters (a bundled sample with quarterly
reports): the quarters themselves and the trailing twelve months, for the Overview's
Annual / Quarterly / TTM choice and the diagnosis.

The metrics per quarter: :mod:`acumen.analysis.quarter_metrics`.
"""

from __future__ import annotations

import pandas as pd

from acumen.analysis.client import ClientView, client_view
from acumen.data.quarters import is_newer, quarter_statements, ttm_statements
from acumen.data.samples import sample_quarters
from acumen.i18n import N_

ANNUAL, QUARTERLY, TTM_PERIOD = "annual", "quarterly", "ttm"
#: The Overview's period choice -> its label (English, shown through ``_()``).
PERIOD_LABELS = {ANNUAL: N_("Annual"), QUARTERLY: N_("Quarterly"), TTM_PERIOD: N_("TTM")}


def client_quarters(client_id: str) -> pd.DataFrame | None:
    """The client's quarterly table (see :mod:`acumen.data.quarters`), or None."""
    prefix, _colon, sample_id = client_id.partition(":")
    return sample_quarters(sample_id) if prefix == "sample" else None


def client_ttm(view: ClientView, client_id: str) -> pd.DataFrame | None:
    """TTM statements of the client (see :func:`acumen.data.quarters.ttm_statements`), or None."""
    quarters = client_quarters(client_id)
    if quarters is None:
        return None
    return ttm_statements(quarters, view.statements.companies, source=client_id)


def client_quarter_view(view: ClientView, client_id: str) -> ClientView | None:
    """The client's quarters as a view (rows keyed by the running quarter number), or None."""
    quarters = client_quarters(client_id)
    if quarters is None or view.company not in quarters.index.get_level_values(0):
        return None
    statements = quarter_statements(
        quarters.loc[[view.company]], view.statements.companies, source=client_id
    )
    return None if statements is None else client_view(statements, view.company)


def year_end_month(view: ClientView) -> int:
    """The month the client's fiscal year ends (its last annual report's), December if unknown."""
    ends = view.statements.period_end.dropna()
    return int(pd.Timestamp(ends.iloc[-1]).month) if len(ends) else 12


def diagnosis_basis(view: ClientView, client_id: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(the statements to diagnose, the TTM statements when they are used): the TTM where
    it is newer than the last annual report, else the annual statements."""
    ttm = client_ttm(view, client_id)
    if ttm is not None and is_newer(ttm, view.statements, view.company):
        return ttm, ttm
    return view.statements, None
