"""Quarters and the trailing twelve months from SEC EDGAR ``companyfacts`` (10-Q and annual
filings)."""

from __future__ import annotations

import pandas as pd

from acumen.data.loaders.edgar_facts import (
    ANNUAL_DAYS,
    ANNUAL_FORMS,
    OPERATIONS_SUBTOTAL,
    concept_table,
    currency_of,
    derive_liabilities,
    facts_frame,
    statements_from_companyfacts,
)
from acumen.data.schema import LINE_ITEMS
from acumen.errors import AcumenError
from acumen.i18n import _

QUARTER_FORMS = ANNUAL_FORMS | {"10-Q", "10-Q/A"}


def quarterly_from_companyfacts(payload: dict, company_id: str) -> tuple[pd.DataFrame, list[str]]:
    """(quarterly table indexed by (company, period_end), notes) from 10-Q and annual facts.

    Flows: each concept's spans (3, 6, 9, 12 months, the latest filing per span) become
    quarters by :func:`acumen.data.quarters.split_year_to_date`, so year-to-date cash flows and a
    fourth quarter reported only in the annual report are split out; a 3-month fact reported
    as such wins over one derived from spans. Balances: the instants at those quarter ends.
    Concepts map to items as for the annual figures, in priority order per quarter.
    """
    from acumen.data.quarters import derive_q4, empty_quarters, split_year_to_date

    facts = facts_frame(payload)
    facts = facts.loc[facts["form"].isin(QUARTER_FORMS)]
    currency = currency_of(facts)
    if currency is None:
        return empty_quarters(), []
    facts = facts.loc[facts["unit"] == currency]
    facts = facts.assign(_amended=facts["form"].str.endswith("/A").astype(int))
    facts = facts.sort_values(["filed", "_amended"], kind="stable")
    facts = facts.drop_duplicates(["taxonomy", "concept", "start", "end"], keep="last")
    subtotal = (facts["taxonomy"] == OPERATIONS_SUBTOTAL[0]) & (
        facts["concept"] == OPERATIONS_SUBTOTAL[1]
    )
    facts = facts.loc[~subtotal]
    facts = facts.assign(label=facts["taxonomy"] + ":" + facts["concept"])
    spans = facts.loc[facts["start"].notna()].rename(columns={"label": "item"})
    spans = spans.assign(company=company_id)
    quarters = split_year_to_date(spans[["company", "item", "start", "end", "val"]])
    direct = (spans["end"] - spans["start"]).dt.days.between(80, 100)
    quarters = pd.concat(
        [spans.loc[direct, ["company", "item", "end", "val"]], quarters], ignore_index=True
    ).drop_duplicates(["item", "end"], keep="first")
    ends = set(quarters["end"])
    instants = facts.loc[facts["start"].isna() & facts["end"].isin(ends)]
    observed = pd.concat(
        [quarters.rename(columns={"item": "label"}), instants[["label", "end", "val"]]],
        ignore_index=True,
    )
    table = concept_table().assign(label=lambda t: t["taxonomy"] + ":" + t["concept"])
    ranked = observed.merge(table[["label", "item", "priority"]], on="label")
    ranked = ranked.sort_values(["end", "item", "priority"], kind="stable")
    first = ranked.drop_duplicates(["end", "item"], keep="first")
    wide = first.pivot(index="end", columns="item", values="val")
    notes = derive_liabilities(wide)
    wide = wide.reindex(columns=list(LINE_ITEMS))
    wide = wide.loc[wide.notna().any(axis=1)]
    wide.index = pd.MultiIndex.from_product(
        [[company_id], wide.index], names=["company", "period_end"]
    )
    wide, derived = derive_q4(wide, _annual_rows(spans, instants, table, company_id))
    notes += derived
    if len(wide):
        notes.insert(
            0,
            _(
                "Quarters from 10-Q and annual filings, {first} to {last}, in {currency}; "
                "year-to-date cash flows split into quarters, a fourth quarter as the year "
                "minus nine months."
            ).format(
                first=f"{wide.index[0][1]:%Y-%m-%d}",
                last=f"{wide.index[-1][1]:%Y-%m-%d}",
                currency=currency,
            ),
        )
    return wide, notes


def _annual_rows(
    spans: pd.DataFrame, instants: pd.DataFrame, table: pd.DataFrame, company_id: str
) -> pd.DataFrame:
    """The year-long flows and year-end balances, one row per fiscal-year end (for
    deriving fourth quarters), items picked in priority order."""
    years = spans.loc[(spans["end"] - spans["start"]).dt.days.between(*ANNUAL_DAYS)]
    observed = pd.concat(
        [
            years.rename(columns={"item": "label"})[["label", "end", "val"]],
            instants.loc[instants["end"].isin(set(years["end"])), ["label", "end", "val"]],
        ],
        ignore_index=True,
    )
    ranked = observed.merge(table[["label", "item", "priority"]], on="label")
    ranked = ranked.sort_values(["end", "item", "priority"], kind="stable")
    wide = ranked.drop_duplicates(["end", "item"]).pivot(index="end", columns="item", values="val")
    wide = wide.reindex(columns=list(LINE_ITEMS))
    wide.index = pd.MultiIndex.from_product(
        [[company_id], wide.index], names=["company", "period_end"]
    )
    return wide


def ttm_from_companyfacts(payload: dict, *, source: str) -> pd.DataFrame:
    """Canonical statements of the trailing twelve months (and the TTM a year before) of a
    companyfacts payload, with a note on the quarters used; AcumenError when the filer
    reports no quarters (e.g. a 20-F filer)."""
    from acumen.data.quarters import ttm_statements

    annual, _mapping = statements_from_companyfacts(payload, source=source)
    company = annual.index.get_level_values(0)[0]
    quarters, notes = quarterly_from_companyfacts(payload, company)
    statements = ttm_statements(quarters, annual.companies, source=source)
    if statements is None:
        raise AcumenError(
            _("no four consecutive quarters in the filings (annual reports only?)"),
            source=source,
            fix=_("Use the annual figures (leave out --period), or a company that files 10-Qs."),
        )
    return statements.with_warnings(*notes)
