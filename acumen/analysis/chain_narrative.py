"""The value chain in plain sentences, from its numbers (:class:`ChainTable`): who finances
whom, the cash each link ties up, where the margin is made, and how pressure downstream
reaches the client. Missing numbers are skipped, never printed; a link whose rows the data
notes flag carries its note in every sentence that uses its figures."""

from __future__ import annotations

import numpy as np

from acumen.analysis.metrics import DAYS_PER_YEAR
from acumen.analysis.value_chain import ChainTable, shown_gap
from acumen.formatting import possessive, say
from acumen.i18n import N_, _


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
            text = _(
                "{customer_s} DPO of {dpo} against {supplier_s} DSO of {dso} means {customer} "
                "holds its suppliers' money {gap} longer than {supplier} waits for its own cash, "
                "so {customer_s} suppliers help finance it (its payables average {payables})."
            )
        elif gap < 0:
            text = _(
                "{customer_s} DPO of {dpo} against {supplier_s} DSO of {dso} means {supplier} "
                "waits {gap} longer to be paid than {customer} takes to pay its suppliers on "
                "average: {supplier} is financing its customers."
            )
        else:
            text = _(
                "{customer_s} DPO of {dpo} against {supplier_s} DSO of {dso} means {supplier} "
                "waits about as long to be paid as {customer} takes to pay."
            )
        sentence = text.format(
            customer=c,
            supplier=s,
            customer_s=possessive(c),
            supplier_s=possessive(s),
            dpo=days_text(pair.customer_dpo),
            dso=days_text(pair.supplier_dso),
            gap=days_text(abs(gap)),
            payables=table.money(pair.customer_payables, pair.customer),
        )
        sentences.append(table.noted(sentence, (pair.supplier, pair.customer)))
    return sentences


#: (cash cycle ≥ 0, cash tied ≥ 0) -> the sentence on one link's operating cycle.
CYCLE_SENTENCES: dict[tuple[bool, bool], str] = {
    (True, True): N_(
        "{name} ties up {ccc} of cash in its operating cycle ({cycle}); about {amount} sits in "
        "its receivables and stock net of payables."
    ),
    (True, False): N_(
        "{name} ties up {ccc} of cash in its operating cycle ({cycle}); its suppliers finance "
        "about {amount} of its operations (payables exceed receivables and stock)."
    ),
    (False, True): N_(
        "{name_s} cash conversion cycle is {ccc} ({cycle}): it is paid before it pays its "
        "suppliers; about {amount} sits in its receivables and stock net of payables."
    ),
    (False, False): N_(
        "{name_s} cash conversion cycle is {ccc} ({cycle}): it is paid before it pays its "
        "suppliers; its suppliers finance about {amount} of its operations (payables exceed "
        "receivables and stock)."
    ),
}


def _cycles(table: ChainTable) -> list[str]:
    """Per link (≤ 4): the days of cash in its operating cycle and the amount tied up."""
    names = table.names
    sentences: list[str] = []
    for company, row in table.values.iterrows():  # one per link (≤ 4)
        name, ccc, tied = names[company], row["cash_conversion_cycle"], row["working_capital_tied"]
        if not _known(ccc, tied):
            continue
        cycle = f"DSO {days_text(row['dso'])} + DIO {days_text(row['dio'])} − DPO {days_text(row['dpo'])}"
        text = CYCLE_SENTENCES[(bool(ccc >= 0), bool(tied >= 0))]
        sentence = _(text).format(
            name=name,
            name_s=possessive(name),
            ccc=days_text(ccc),
            cycle=cycle,
            amount=table.money(abs(tied), company),
        )
        sentences.append(table.noted(sentence, (company,)))
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
    listed = _("; ").join(
        _("{name} {gross} gross, {operating} operating").format(
            name=names[c],
            gross=_pct(margins.at[c, "gross_margin"]),
            operating=_pct(margins.at[c, "operating_margin"]),
        )
        for c in v.index
    )
    sentence = _(
        "Margin along the chain: {listed}. The margin is made at {richest}; {thinnest} keeps the "
        "least of each sale ({margin}), so it feels cost and price pressure first."
    ).format(
        listed=listed,
        richest=names[richest],
        thinnest=names[thinnest],
        margin=_pct(margins.at[thinnest, "operating_margin"]),
    )
    return [table.noted(sentence, tuple(v.index))]


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
            _(
                "{end} is the end of this chain: pressure reaches it straight from the consumers "
                "who choose what to buy from it."
            ).format(end=names[end])
        ]
    cogs = v.at[end, "cost_of_revenue"]
    path = chain[chain.index(target) : len(chain)]
    upstream = " → ".join(names[c] for c in reversed(path))
    words = {"end": names[end], "end_s": possessive(names[end]), "client": names[target]}
    sentences = []
    if _known(cogs):
        sentences.append(
            table.noted(
                _(
                    "If consumers buy less at {end}, it orders less and pays more slowly: every "
                    "10 extra days of {end_s} DPO holds back about {held} from its suppliers "
                    "(10 / 365 × its cost of revenue of {cogs})."
                ).format(
                    held=table.money(10 / DAYS_PER_YEAR * cogs, end),
                    cogs=table.money(cogs, end),
                    **words,
                ),
                (end,),
            )
        )
    middle = path[1:-1]
    if middle:
        through = _(", then ").join(names[c] for c in reversed(middle))
        sentences.append(
            _(
                "The pressure travels {upstream}: {through} sees slower sell-through (DIO up) and "
                "later payment (DSO up), and passes it on to {client} as price cuts, smaller "
                "orders and longer terms."
            ).format(upstream=upstream, through=through, **words)
        )
    else:
        sentences.append(
            _(
                "{client} feels it directly: slower orders from {end} raise its stock (DIO) and "
                "its receivables (DSO), and squeeze its price — so what helps {end_s} "
                "sell-through helps {client}."
            ).format(**words)
        )
    return sentences
