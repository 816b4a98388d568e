"""Competitor facts: one row per (company, fiscal year) for the threat score and the
question rules, computed vectorised over the whole metrics table.

The catalogue metrics plus ``revenue``, ``sga_share`` = sga / revenue, ``rnd_share`` =
rnd / revenue, ``capex_share`` = capital_expenditure / revenue (a zero or missing SG&A /
R&D is "not reported": NaN; a revenue ≤ 0 gives NaN), ``d_dio`` = DIO_t − DIO_t−1 and
``gm_drop`` = gross_margin_t−1 − gross_margin_t (immediately preceding fiscal year only).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import numpy as np
import pandas as pd

from acumen.analysis.company_meta import client_role, company_currency, company_names
from acumen.analysis.metrics import MetricResult, compute_metrics_with_reasons
from acumen.analysis.peer_comparison import comparable_peers, rows_at
from acumen.analysis.universe import YearAlignment
from acumen.data.statements import line_table

P = ParamSpec("P")
R = TypeVar("R")


def competitor_facts(statements: pd.DataFrame, metrics: MetricResult | None = None) -> pd.DataFrame:
    """Facts for every (company, fiscal_year): catalogue metrics, revenue, the spend shares
    and the year-on-year changes used by the threat score and the question rules."""
    metrics = metrics or compute_metrics_with_reasons(statements)
    items = line_table(statements)
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


@dataclass(frozen=True)
class PeerFacts:
    """The client and its comparable peers at their years: ``facts`` (one row per company,
    :func:`facts_at`), display names, the client's currency and value-chain role."""

    client: str
    peers: list[str]
    alignment: YearAlignment
    facts: pd.DataFrame
    names: dict[str, str]
    currency: str
    role: str


def peer_facts(
    client: str,
    peers: Sequence[str],
    statements: pd.DataFrame,
    metrics: MetricResult | None = None,
    year: int | None = None,
    *,
    alignment: YearAlignment | None = None,
    notes: pd.DataFrame | None = None,
    role: str | None = None,
) -> PeerFacts | None:
    """:class:`PeerFacts` over the peers comparable with ``client`` (same fiscal year, sound
    data: ``alignment``, computed when not given); ``role`` defaults to the client's
    metadata. None without a comparable peer."""
    alignment, peers = comparable_peers(client, peers, statements, alignment, notes, year)
    if not peers:
        return None
    facts = facts_at(
        competitor_facts(statements, metrics), {c: alignment.years[c] for c in [client, *peers]}
    )
    return PeerFacts(
        client,
        peers,
        alignment,
        facts,
        company_names(statements),
        company_currency(statements, client),
        role or client_role(statements, client),
    )


def on_peer_facts(
    make: Callable[P, PeerFacts | None], empty: R
) -> Callable[[Callable[[PeerFacts], R]], Callable[P, R]]:
    """Decorator: ``compute(PeerFacts)`` taking ``make``'s arguments (:func:`peer_facts`:
    client, peers, statements, metrics, year, alignment=, notes=, role=) and returning
    ``empty`` without a comparable peer; it keeps ``compute``'s name and docstring."""

    def decorate(compute: Callable[[PeerFacts], R]) -> Callable[P, R]:
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            found = make(*args, **kwargs)
            return empty if found is None else compute(found)

        run.__name__, run.__doc__ = compute.__name__, compute.__doc__
        return run

    return decorate
