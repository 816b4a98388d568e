"""What is healthy in a company's latest year, as data: statements shown when their
condition holds on the facts (:mod:`acumen.analysis.facts`), at most four; when none holds,
the first fallback whose condition does. Texts are ``str.format`` templates filled as the
rules' are (:mod:`acumen.analysis.diagnosis_text`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from acumen.analysis.facts import Facts
from acumen.i18n import N_


@dataclass(frozen=True)
class Healthy:
    """A statement of what is healthy, shown when its condition holds."""

    id: str
    condition: Callable[[Facts], bool]
    text: str


# fmt: off
HEALTHY: tuple[Healthy, ...] = (
    Healthy("cash_conversion", lambda f: f.cash_conversion >= 1.1,
            N_("Strong cash conversion: operating cash flow of {operating_cash_flow} was {cash_conversion} net income in {year}.")),
    Healthy("self_funding", lambda f: f.free_cash_flow > 0 and f.fcf_margin >= 0.05,
            N_("Self-funding: free cash flow was {free_cash_flow} in {year} ({fcf_margin} of revenue).")),
    Healthy("roa_above_peers", lambda f: f.roa > f.peer_roa,
            N_("ROA of {roa} in {year} beats the peer median of {peer_roa} ({peer_group}).")),
    Healthy("margin_above_peers", lambda f: f.gross_margin > f.peer_gross_margin,
            N_("Gross margin of {gross_margin} is above the peer median of {peer_gross_margin}.")),
    Healthy("growing", lambda f: f.revenue_growth >= 0.05,
            N_("Revenue grew {revenue_growth} in {year} to {revenue}.")),
    Healthy("net_cash", lambda f: f.cash > f.total_debt,
            N_("Net cash: cash of {cash} exceeds total debt of {total_debt}.")),
    Healthy("interest_cover", lambda f: f.interest_coverage >= 8,
            N_("Interest is covered {interest_coverage} by operating income.")),
    Healthy("altman_safe", lambda f: f.z_double_prime > 2.6,
            N_("Altman Z″ of {z_double_prime} is in the safe zone.")),
)

#: Used when no healthy statement matches: the first whose condition holds.
FALLBACK_HEALTHY: tuple[Healthy, ...] = (
    Healthy("how_it_makes_money", lambda f: f.net_margin == f.net_margin and f.asset_turnover == f.asset_turnover,
            N_("How {name} makes money: net margin {net_margin} × asset turnover {asset_turnover} = ROA {roa} "
            "in {year}. Build the conversation on the stronger of the two.")),
    Healthy("no_pressure", lambda f: True,
            N_("Start from what {name} wants to achieve this year: the figures show no single pressure point "
            "to lead with.")),
)
# fmt: on
