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
sentence that uses its figures (:func:`narrative`) and in the table. The default chain uses
sound data only (DuPont → Kimberly-Clark → Walmart: the dataset's PG rows are not Procter &
Gamble's figures).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from acumen.analysis.catalog import HEADLINE
from acumen.analysis.company_meta import client_role
from acumen.analysis.metrics import DAYS_PER_YEAR, MetricResult, compute_metrics_with_reasons
from acumen.analysis.peer_comparison import choose_years
from acumen.data.statements import companies_of, plain_frame
from acumen.formatting import fiscal_label, possessive, say

MIN_LINKS = 2
MAX_LINKS = 4


@dataclass(frozen=True)
class ChainPreset:
    label: str
    companies: tuple[str, ...]


PRESETS: tuple[ChainPreset, ...] = (
    ChainPreset("DuPont → Kimberly-Clark → Walmart", ("DD", "KMB", "WMT")),
    ChainPreset(
        "Coastal Packaging → Harbor Home Products → Southeast Hardware Co.",
        ("CPKG", "HHP", "SEHW"),
    ),
    ChainPreset("Harbor Home Products → Southeast Hardware Co.", ("HHP", "SEHW")),
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
            f"data note on {self.names[c]}: {self.data_notes[c]}"
            for c in self.companies
            if c in companies and c in self.data_notes
        ]
        return sentence if not notes else f"{sentence} ({'; '.join(notes)})"


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
            f"a value chain has {MIN_LINKS}–{MAX_LINKS} different companies, got {list(chain)}"
        )
    metrics = metrics or compute_metrics_with_reasons(statements)
    choice = choose_years(metrics.values.index, chain, year)
    missing = [c for c in chain if c not in choice.years]
    if missing:
        raise ValueError(f"no statements for {missing}")
    keys = pd.MultiIndex.from_tuples(
        [(c, choice.years[c]) for c in chain], names=metrics.values.index.names
    )
    items = plain_frame(statements).reindex(keys)
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
    values["fiscal_year"] = [choice.years[c] for c in chain]
    values = values.droplevel(1)
    meta = companies_of(statements)
    names = {
        c: str(meta.at[c, "name"]) if c in meta.index and meta.at[c, "name"] else c for c in chain
    }
    values.insert(0, "name", [names[c] for c in chain])
    currencies = {
        c: str(meta.at[c, "currency"] or "USD") if c in meta.index else "USD" for c in chain
    }
    currency = currencies[chain[0]]

    supplier, customer = values.iloc[:-1], values.iloc[1:]
    pairs = pd.DataFrame(
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
    period_end = statements.attrs.get("period_end")
    ends = (
        period_end[~period_end.index.duplicated()].reindex(keys)
        if period_end is not None and len(period_end)
        else pd.Series(pd.NaT, index=keys)
    )
    labels = {c: fiscal_label(y, e) for (c, y), e in zip(keys, ends, strict=True)}
    values["fiscal_label"] = [labels[c] for c in chain]
    flagged = (
        {c: str(notes.at[c, "short"]) for c in chain if c in notes.index}
        if notes is not None
        else {}
    )
    year_note = (
        f"Fiscal years compared: {', '.join(f'{names[c]} {labels[c]}' for c in chain)}"
        + ("" if choice.common is not None else " (no year common to all: each link's latest)")
        + "."
    )
    if len(set(currencies.values())) > 1:
        year_note += (
            " Amounts are in each company's own currency ("
            + ", ".join(f"{names[c]} {currencies[c]}" for c in chain)
            + "), never converted; days and margins compare directly."
        )
    return ChainTable(
        chain,
        names,
        currency,
        dict(choice.years),
        choice.common,
        year_note,
        values,
        pairs,
        flagged,
        labels,
        currencies,
    )


def shown_gap(dpo: float, dso: float) -> float:
    """DPO − DSO as the reader computes it from the whole days shown beside it (68 − 62 =
    6, never the 7 that the unrounded 67.6 − 61.1 would print); NaN when either is."""
    return float(np.round(dpo) - np.round(dso))


def _days(value: float) -> str:
    """``45 days``, ``1 day``, ``−9 days``."""
    text = say(value, "days")
    return text[:-1] if text.lstrip("−") == "1 days" else text


def _pct(value: float) -> str:
    return say(value, "pct")


def _known(*values: float) -> bool:
    return all(np.isfinite(v) for v in values)


def narrative(table: ChainTable, client: str | None = None) -> list[str]:
    """Plain sentences from the chain's numbers: who finances whom, the cash each link ties
    up, where the margin is made, and how pressure downstream reaches the client (the
    ``client`` link, else the first link). Missing numbers are skipped, never printed."""
    v, names = table.values, table.names
    sentences: list[str] = []
    for pair in table.pairs.itertuples(index=False):  # one per link pair (≤ 3), not per data row
        s, c = names[pair.supplier], names[pair.customer]
        if not _known(pair.customer_dpo, pair.supplier_dso):
            continue
        gap = shown_gap(pair.customer_dpo, pair.supplier_dso)
        if gap > 0:
            meaning = (
                f"{c} holds its suppliers' money {_days(gap)} longer than {s} waits for its own cash, "
                f"so {possessive(c)} suppliers help finance it (its payables average {table.money(pair.customer_payables, pair.customer)})."
            )
        elif gap < 0:
            meaning = (
                f"{s} waits {_days(-gap)} longer to be paid than {c} takes to pay its suppliers on average: "
                f"{s} is financing its customers."
            )
        else:
            meaning = f"{s} waits about as long to be paid as {c} takes to pay."
        sentences.append(
            table.noted(
                f"{possessive(c)} DPO of {_days(pair.customer_dpo)} against {possessive(s)} DSO of "
                f"{_days(pair.supplier_dso)} means {meaning}",
                (pair.supplier, pair.customer),
            )
        )
    for company, row in v.iterrows():  # one per link (≤ 4)
        name, ccc, tied = names[company], row["cash_conversion_cycle"], row["working_capital_tied"]
        if not _known(ccc, tied):
            continue
        cycle = f"DSO {_days(row['dso'])} + DIO {_days(row['dio'])} − DPO {_days(row['dpo'])}"
        if ccc >= 0:
            days = f"{name} ties up {_days(ccc)} of cash in its operating cycle ({cycle})"
        else:
            days = f"{possessive(name)} cash conversion cycle is {_days(ccc)} ({cycle}): it is paid before it pays its suppliers"
        if tied >= 0:
            amount = f"about {table.money(tied, company)} sits in its receivables and stock net of payables"
        else:
            amount = f"its suppliers finance about {table.money(-tied, company)} of its operations (payables exceed receivables and stock)"
        sentences.append(table.noted(f"{days}; {amount}.", (company,)))
    margins = v[["gross_margin", "operating_margin"]].astype("float64")
    if margins["operating_margin"].notna().sum() >= 2:
        richest, thinnest = (
            margins["operating_margin"].idxmax(),
            margins["operating_margin"].idxmin(),
        )
        listed = "; ".join(
            f"{names[c]} {_pct(margins.at[c, 'gross_margin'])} gross, {_pct(margins.at[c, 'operating_margin'])} operating"
            for c in v.index
        )
        sentences.append(
            table.noted(
                f"Margin along the chain: {listed}. The margin is made at {names[richest]}; {names[thinnest]} keeps the "
                f"least of each sale ({_pct(margins.at[thinnest, 'operating_margin'])}), so it feels cost and price pressure first.",
                tuple(v.index),
            )
        )
    sentences.extend(_pressure(table, client))
    return sentences


def _pressure(table: ChainTable, client: str | None) -> list[str]:
    """How a slowdown at the last link travels up the chain to the client."""
    v, names = table.values, table.names
    chain = list(table.companies)
    target = client if client in chain else chain[0]
    end = chain[-1]
    if target == end:
        return [
            f"{names[end]} is the end of this chain: pressure reaches it straight from the consumers who choose "
            "what to buy from it."
        ]
    cogs = v.at[end, "cost_of_revenue"]
    path = chain[chain.index(target) : len(chain)]
    upstream = " → ".join(names[c] for c in reversed(path))
    sentences = []
    if _known(cogs):
        sentences.append(
            table.noted(
                f"If consumers buy less at {names[end]}, it orders less and pays more slowly: every 10 extra days of "
                f"{possessive(names[end])} DPO holds back about {table.money(10 / DAYS_PER_YEAR * cogs, end)} from its suppliers "
                f"(10 / 365 × its cost of revenue of {table.money(cogs, end)}).",
                (end,),
            )
        )
    middle = path[1:-1]
    if middle:
        through = ", then ".join(names[c] for c in reversed(middle))
        sentences.append(
            f"The pressure travels {upstream}: {through} sees slower sell-through (DIO up) and later payment (DSO up), "
            f"and passes it on to {names[target]} as price cuts, smaller orders and longer terms."
        )
    else:
        sentences.append(
            f"{names[target]} feels it directly: slower orders from {names[end]} raise its stock (DIO) and its "
            f"receivables (DSO), and squeeze its price — so what helps {possessive(names[end])} sell-through helps "
            f"{names[target]}."
        )
    return sentences


def chain_display(table: ChainTable) -> pd.DataFrame:
    """The chain table as text: one row per link."""
    from acumen.analysis.catalog import BY_NAME

    v = table.values
    out = pd.DataFrame({"link": [f"{n}. {name}" for n, name in enumerate(v["name"], start=1)]})
    out["Fiscal year"] = list(v["fiscal_label"])
    for metric in CHAIN_METRICS:
        out[BY_NAME[metric].label] = [
            say(x, BY_NAME[metric].unit, table.currency_of(c)) for c, x in v[metric].items()
        ]
    out["Cash tied in working capital"] = [
        table.money(x, c) for c, x in v["working_capital_tied"].items()
    ]
    out["Data note"] = [table.data_notes.get(c, "") for c in v.index]
    return out


def pairs_display(table: ChainTable) -> pd.DataFrame:
    """Who finances whom, as text: one row per supplier → customer pair."""
    p, names = table.pairs, table.names
    return pd.DataFrame(
        {
            "supplier → customer": [
                f"{names[s]} → {names[c]}"
                for s, c in zip(p["supplier"], p["customer"], strict=True)
            ],
            "customer DPO": [_days(x) for x in p["customer_dpo"]],
            "supplier DSO": [_days(x) for x in p["supplier_dso"]],
            "DPO − DSO": [
                _days(shown_gap(dpo, dso))
                for dpo, dso in zip(p["customer_dpo"], p["supplier_dso"], strict=True)
            ],
            "supplier cash cycle": [_days(x) for x in p["supplier_ccc"]],
            "customer cash cycle": [_days(x) for x in p["customer_ccc"]],
        }
    )


def chain_report(statements: pd.DataFrame, table: ChainTable, client: str | None = None) -> dict:
    """The chain as JSON-ready data: ``{"links": [{ticker, name, fiscal_year, fiscal_label,
    period_end, role, data_notes}], "pairs": [...terms gap days...], "narrative": [...]}``."""
    from acumen.formatting import period_end_text

    meta = companies_of(statements)
    ends = statements.attrs.get("period_end")

    def link(company: str) -> dict:
        year = table.years[company]
        end = ends.get((company, year)) if ends is not None else None
        ticker = meta.at[company, "ticker"] if company in meta.index else None
        return {
            "ticker": str(ticker) if isinstance(ticker, str) and ticker else company,
            "name": table.names[company],
            "fiscal_year": int(year),
            "fiscal_label": table.labels.get(company, ""),
            "period_end": period_end_text(end),
            "role": client_role(statements, company),
            "data_notes": [table.data_notes[company]] if company in table.data_notes else [],
        }

    pairs = table.pairs[["supplier", "customer", "customer_dpo", "supplier_dso", "terms_gap_days"]]
    return {
        "links": [link(c) for c in table.companies],
        "pairs": [
            {
                k: (None if isinstance(v, float) and not np.isfinite(v) else v)
                for k, v in row.items()
            }
            for row in pairs.astype(object).to_dict("records")
        ],
        "narrative": narrative(table, client=client),
    }
