"""The customer's customer: a value chain of 2–4 linked companies (supplier → … → customer).

For each link, at the latest fiscal year all links report (else each link's latest, stated):
the five drivers' headline metrics, gross and operating margin, DSO, DIO, DPO and the cash
conversion cycle (CCC = DSO + DIO − DPO), all from the metrics engine.

Cash tied up in working capital (the amount behind the CCC days), per link:

    working_capital_tied = DSO / 365 × revenue + DIO / 365 × cost_of_revenue − DPO / 365 × cost_of_revenue
                         = avg receivables + avg inventory − avg payables

(receivable days are days of sales; inventory and payable days are days of cost). It is
negative when suppliers finance more than the link's own receivables and stock.

Who finances whom, per pair (supplier → customer): the customer's DPO (how long it takes to
pay its suppliers) against the supplier's DSO (how long it waits to be paid):
``terms_gap_days = customer DPO − supplier DSO``. Positive: the customer holds its
suppliers' money longer than this supplier waits for its own, so suppliers finance it.

Data notes travel: a link whose rows the data notes flag carries its short note in every
sentence that uses its figures (:func:`acumen.analysis.chain_narrative.narrative`) and in
the table (:mod:`acumen.analysis.chain_output`). The default chain uses
sound data only (DuPont → Kimberly-Clark → Walmart: the dataset's PG rows are not Procter &
Gamble's figures).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from acumen.analysis.catalog import HEADLINE
from acumen.analysis.metrics import DAYS_PER_YEAR, MetricResult, compute_metrics_with_reasons
from acumen.analysis.peer_comparison import choose_years
from acumen.analysis.universe import join_sentences
from acumen.data.data_notes import note_text
from acumen.data.statements import line_table
from acumen.formatting import fiscal_label, say
from acumen.i18n import N_, _

MIN_LINKS = 2
MAX_LINKS = 4


@dataclass(frozen=True)
class ChainPreset:
    #: English, marked for extraction; shown through ``_()``.
    label: str
    companies: tuple[str, ...]


PRESETS: tuple[ChainPreset, ...] = (
    ChainPreset(N_("DuPont → Kimberly-Clark → Walmart"), ("DD", "KMB", "WMT")),
    ChainPreset(
        N_("Coastal Packaging → Harbor Home Products → Southeast Hardware Co."),
        ("CPKG", "HHP", "SEHW"),
    ),
    ChainPreset(N_("Harbor Home Products → Southeast Hardware Co."), ("HHP", "SEHW")),
)

#: Columns of the chain table, in display order.
CHAIN_METRICS: tuple[str, ...] = (
    *HEADLINE.values(),
    "gross_margin",
    "operating_margin",
    "dso",
    "dio",
    "dpo",
    "cash_conversion_cycle",
)


def available_presets(known: Collection[str]) -> list[ChainPreset]:
    """The presets whose companies are all available (a case preset waits for its cases)."""
    return [p for p in PRESETS if all(c in known for c in p.companies)]


@dataclass(frozen=True)
class ChainTable:
    """One row per link (chain order): the metrics, revenue, cost of revenue and the cash tied."""

    companies: tuple[str, ...]
    names: dict[str, str]
    currency: str
    years: dict[str, int]
    common_year: int | None
    note: str
    values: pd.DataFrame
    pairs: pd.DataFrame
    #: company -> short data note, for links whose rows the data notes flag.
    data_notes: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    #: company -> its reporting currency (amounts are never converted or mixed).
    currencies: dict[str, str] = field(default_factory=dict)

    def currency_of(self, company: str) -> str:
        return self.currencies.get(company, self.currency)

    def money(self, value: float, company: str) -> str:
        """An amount of ``company``'s, in its own currency."""
        return say(value, "money", self.currency_of(company))

    def noted(self, sentence: str, companies: Collection[str]) -> str:
        """``sentence`` with the data note of every flagged link it uses."""
        notes = [
            _("data note on {name}: {note}").format(name=self.names[c], note=self.data_notes[c])
            for c in self.companies
            if c in companies and c in self.data_notes
        ]
        if not notes:
            return sentence
        return _("{sentence} ({notes})").format(sentence=sentence, notes=_("; ").join(notes))


def _link_values(
    statements: pd.DataFrame, metrics: MetricResult, keys: pd.MultiIndex
) -> pd.DataFrame:
    """One row per link at its year: CHAIN_METRICS, revenue, cost of revenue, the average
    receivables, inventory and payables, and ``working_capital_tied`` (see module doc)."""
    items = line_table(statements).reindex(keys)
    picked = metrics.values.reindex(keys)
    values = picked[list(CHAIN_METRICS)].copy()
    values["revenue"] = items["revenue"]
    values["cost_of_revenue"] = items["cost_of_revenue"]
    values["avg_receivables"] = picked["avg_receivables"]
    values["avg_inventory"] = picked["avg_inventory"]
    values["avg_payables"] = picked["avg_payables"]
    values["working_capital_tied"] = (
        values["dso"] / DAYS_PER_YEAR * values["revenue"]
        + (values["dio"] - values["dpo"]) / DAYS_PER_YEAR * values["cost_of_revenue"]
    )
    values["fiscal_year"] = list(keys.get_level_values(1))
    return values.droplevel(1)


def _pairs(values: pd.DataFrame) -> pd.DataFrame:
    """One row per supplier → customer pair: DSO, DPO, ``terms_gap_days`` = customer DPO −
    supplier DSO, both cash cycles and cash tied, the customer's average payables."""
    supplier, customer = values.iloc[:-1], values.iloc[1:]
    return pd.DataFrame(
        {
            "supplier": supplier.index,
            "customer": customer.index,
            "supplier_dso": supplier["dso"].to_numpy(),
            "customer_dpo": customer["dpo"].to_numpy(),
            "terms_gap_days": customer["dpo"].to_numpy() - supplier["dso"].to_numpy(),
            "supplier_ccc": supplier["cash_conversion_cycle"].to_numpy(),
            "customer_ccc": customer["cash_conversion_cycle"].to_numpy(),
            "supplier_cash_tied": supplier["working_capital_tied"].to_numpy(),
            "customer_cash_tied": customer["working_capital_tied"].to_numpy(),
            "customer_payables": customer["avg_payables"].to_numpy(),
        }
    )


def _fiscal_labels(statements: pd.DataFrame, keys: pd.MultiIndex) -> dict[str, str]:
    """Company -> its year as it names it (``FY2016``), from the period ends when known."""
    period_end = statements.period_end
    ends = (
        period_end[~period_end.index.duplicated()].reindex(keys)
        if period_end is not None and len(period_end)
        else pd.Series(pd.NaT, index=keys)
    )
    return {c: fiscal_label(y, e) for (c, y), e in zip(keys, ends, strict=True)}


def _year_note(
    chain: Sequence[str],
    names: dict[str, str],
    labels: dict[str, str],
    common: int | None,
    currencies: dict[str, str],
) -> str:
    """Which fiscal years are compared, and that amounts stay in each company's currency."""
    years = _(", ").join(f"{names[c]} {labels[c]}" for c in chain)
    note = (
        _("Fiscal years compared: {years}.")
        if common is not None
        else _("Fiscal years compared: {years} (no year common to all: each link's latest).")
    ).format(years=years)
    if len(set(currencies.values())) > 1:
        amounts = _(
            "Amounts are in each company's own currency ({currencies}), never converted; days "
            "and margins compare directly."
        ).format(currencies=_(", ").join(f"{names[c]} {currencies[c]}" for c in chain))
        note = join_sentences(note, amounts)
    return note


def chain_table(
    statements: pd.DataFrame,
    chain: Sequence[str],
    metrics: MetricResult | None = None,
    year: int | None = None,
    *,
    notes: pd.DataFrame | None = None,
) -> ChainTable:
    """The chain's links side by side and its supplier → customer pairs (see module doc);
    ``notes`` (data notes by ticker) mark the links whose figures carry a note."""
    chain = tuple(chain)
    if not MIN_LINKS <= len(chain) <= MAX_LINKS or len(set(chain)) != len(chain):
        raise ValueError(
            _("a value chain has {low}–{high} different companies, got {companies}").format(
                low=MIN_LINKS, high=MAX_LINKS, companies=list(chain)
            )
        )
    metrics = metrics or compute_metrics_with_reasons(statements)
    choice = choose_years(metrics.values.index, chain, year)
    missing = [c for c in chain if c not in choice.years]
    if missing:
        raise ValueError(_("no statements for {companies}").format(companies=missing))
    keys = pd.MultiIndex.from_tuples(
        [(c, choice.years[c]) for c in chain], names=metrics.values.index.names
    )
    values = _link_values(statements, metrics, keys)
    meta = statements.companies
    names = {
        c: str(meta.at[c, "name"]) if c in meta.index and meta.at[c, "name"] else c for c in chain
    }
    values.insert(0, "name", [names[c] for c in chain])
    currencies = {
        c: str(meta.at[c, "currency"] or "USD") if c in meta.index else "USD" for c in chain
    }
    labels = _fiscal_labels(statements, keys)
    values["fiscal_label"] = [labels[c] for c in chain]
    flagged = (
        {c: note_text(notes, c, "short") for c in chain if c in notes.index}
        if notes is not None
        else {}
    )
    return ChainTable(
        chain,
        names,
        currencies[chain[0]],
        dict(choice.years),
        choice.common,
        _year_note(chain, names, labels, choice.common, currencies),
        values,
        _pairs(values),
        flagged,
        labels,
        currencies,
    )


def shown_gap(dpo: float, dso: float) -> float:
    """DPO − DSO as the reader computes it from the whole days shown beside it (68 − 62 =
    6, never the 7 that the unrounded 67.6 − 61.1 would print); NaN when either is."""
    return float(np.round(dpo) - np.round(dso))
