"""Competitor facts: one row per (company, fiscal year) for the threat score and the
question rules, computed vectorised over the whole metrics table.

The catalogue metrics plus ``revenue``, ``sga_share`` = sga / revenue, ``rnd_share`` =
rnd / revenue, ``capex_share`` = capital_expenditure / revenue (a zero or missing SG&A /
R&D is "not reported": NaN; a revenue ≤ 0 gives NaN), ``d_dio`` = DIO_t − DIO_t−1 and
``gm_drop`` = gross_margin_t−1 − gross_margin_t (immediately preceding fiscal year only).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from acumen.analysis.metrics import MetricResult, compute_metrics_with_reasons
from acumen.analysis.peer_comparison import rows_at
from acumen.data.statements import plain_frame


def competitor_facts(statements: pd.DataFrame, metrics: MetricResult | None = None) -> pd.DataFrame:
    """Facts for every (company, fiscal_year): catalogue metrics, revenue, the spend shares
    and the year-on-year changes used by the threat score and the question rules."""
    metrics = metrics or compute_metrics_with_reasons(statements)
    items = plain_frame(statements)
    values = metrics.values.reindex(items.index)
    revenue = items["revenue"]
    facts = values.copy()
    facts["revenue"] = revenue
    positive_revenue = revenue.where(revenue > 0)
    facts["sga_share"] = items["sga"].where(items["sga"] > 0) / positive_revenue
    facts["rnd_share"] = items["rnd"].where(items["rnd"] > 0) / positive_revenue
    facts["capex_share"] = items["capital_expenditure"] / positive_revenue
    company = items.index.get_level_values(0)
    year = items.index.get_level_values(1)
    prior_keys = pd.MultiIndex.from_arrays([company, year - 1], names=items.index.names)
    prior = values.reindex(prior_keys)
    facts["d_dio"] = values["dio"].to_numpy() - prior["dio"].to_numpy()
    facts["gm_drop"] = prior["gross_margin"].to_numpy() - values["gross_margin"].to_numpy()
    return facts.replace([np.inf, -np.inf], np.nan)


def facts_at(facts: pd.DataFrame, years: Mapping[str, int]) -> pd.DataFrame:
    """One row per company (index: company) at its chosen fiscal year, plus ``fiscal_year``."""
    rows = rows_at(facts, years)
    rows["fiscal_year"] = [years[c] for c in rows.index]
    return rows
