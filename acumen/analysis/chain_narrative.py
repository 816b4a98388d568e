"""The value chain in plain sentences, from its numbers (:class:`ChainTable`): who finances
whom, the cash each link ties up, where the margin is made, and how pressure downstream
reaches the client. Missing numbers are skipped, never printed; a link whose rows the data
notes flag carries its note in every sentence that uses its figures."""

from __future__ import annotations

import numpy as np

from acumen.analysis.metrics import DAYS_PER_YEAR
from acumen.analysis.value_chain import ChainTable, shown_gap
from acumen.formatting import possessive, say


def days_text(value: float) -> str:
    """``45 days``, ``1 day``, ``−9 days``."""
    text = say(value, "days")
    return text[:-1] if text.lstrip("−") == "1 days" else text


def _pct(value: float) -> str:
    """A share as a sentence says it: ``12.3%``."""
    return say(value, "pct")


def _known(*values: float) -> bool:
    return all(np.isfinite(v) for v in values)


def _financing(table: ChainTable) -> list[str]:
    """Per link pair (≤ 3): the customer's DPO against the supplier's DSO, and who finances
    whom (the gap as shown: :func:`shown_gap`)."""
    names = table.names
    sentences: list[str] = []
    for pair in table.pairs.itertuples(index=False):  # one per link pair (≤ 3), not per data row
        s, c = names[pair.supplier], names[pair.customer]
        if not _known(pair.customer_dpo, pair.supplier_dso):
            continue
        gap = shown_gap(pair.customer_dpo, pair.supplier_dso)
        if gap > 0:
            meaning = (
                f"{c} holds its suppliers' money {days_text(gap)} longer than {s} waits for its own cash, "
                f"so {possessive(c)} suppliers help finance it (its payables average {table.money(pair.customer_payables, pair.customer)})."
            )
        elif gap < 0:
            meaning = (
                f"{s} waits {days_text(-gap)} longer to be paid than {c} takes to pay its suppliers on average: "
                f"{s} is financing its customers."
            )
        else:
            meaning = f"{s} waits about as long to be paid as {c} takes to pay."
        sentences.append(
            table.noted(
                f"{possessive(c)} DPO of {days_text(pair.customer_dpo)} against {possessive(s)} DSO of "
                f"{days_text(pair.supplier_dso)} means {meaning}",
                (pair.supplier, pair.customer),
            )
        )
    return sentences


def _cycles(table: ChainTable) -> list[str]:
    """Per link (≤ 4): the days of cash in its operating cycle and the amount tied up."""
    names = table.names
    sentences: list[str] = []
    for company, row in table.values.iterrows():  # one per link (≤ 4)
        name, ccc, tied = names[company], row["cash_conversion_cycle"], row["working_capital_tied"]
        if not _known(ccc, tied):
            continue
        cycle = f"DSO {days_text(row['dso'])} + DIO {days_text(row['dio'])} − DPO {days_text(row['dpo'])}"
        if ccc >= 0:
            days = f"{name} ties up {days_text(ccc)} of cash in its operating cycle ({cycle})"
        else:
            days = f"{possessive(name)} cash conversion cycle is {days_text(ccc)} ({cycle}): it is paid before it pays its suppliers"
        if tied >= 0:
            amount = f"about {table.money(tied, company)} sits in its receivables and stock net of payables"
        else:
            amount = f"its suppliers finance about {table.money(-tied, company)} of its operations (payables exceed receivables and stock)"
        sentences.append(table.noted(f"{days}; {amount}.", (company,)))
    return sentences


def _margins(table: ChainTable) -> list[str]:
    """Where the margin is made along the chain (with at least two operating margins)."""
    v, names = table.values, table.names
    margins = v[["gross_margin", "operating_margin"]].astype("float64")
    if margins["operating_margin"].notna().sum() < 2:
        return []
    richest, thinnest = (
        margins["operating_margin"].idxmax(),
        margins["operating_margin"].idxmin(),
    )
    listed = "; ".join(
        f"{names[c]} {_pct(margins.at[c, 'gross_margin'])} gross, {_pct(margins.at[c, 'operating_margin'])} operating"
        for c in v.index
    )
    return [
        table.noted(
            f"Margin along the chain: {listed}. The margin is made at {names[richest]}; {names[thinnest]} keeps the "
            f"least of each sale ({_pct(margins.at[thinnest, 'operating_margin'])}), so it feels cost and price pressure first.",
            tuple(v.index),
        )
    ]


def narrative(table: ChainTable, client: str | None = None) -> list[str]:
    """Plain sentences from the chain's numbers: who finances whom, the cash each link ties
    up, where the margin is made, and how pressure downstream reaches the client (the
    ``client`` link, else the first link). Missing numbers are skipped, never printed."""
    return [*_financing(table), *_cycles(table), *_margins(table), *_pressure(table, client)]


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
