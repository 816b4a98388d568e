"""The value chain as text tables (one row per link, one per pair) and as JSON-ready data
for batch use (``acumen chain``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from acumen.analysis.catalog import BY_NAME
from acumen.analysis.chain_narrative import days_text, narrative
from acumen.analysis.company_meta import client_role
from acumen.analysis.value_chain import CHAIN_METRICS, ChainTable, shown_gap
from acumen.formatting import period_end_text, say
from acumen.i18n import _


def chain_display(table: ChainTable) -> pd.DataFrame:
    """The chain table as text: one row per link (headers in the active language)."""
    v = table.values
    out = pd.DataFrame({_("link"): [f"{n}. {name}" for n, name in enumerate(v["name"], start=1)]})
    out[_("Fiscal year")] = list(v["fiscal_label"])
    for metric in CHAIN_METRICS:
        out[_(BY_NAME[metric].label)] = [
            say(x, BY_NAME[metric].unit, table.currency_of(c)) for c, x in v[metric].items()
        ]
    out[_("Cash tied in working capital")] = [
        table.money(x, c) for c, x in v["working_capital_tied"].items()
    ]
    out[_("Data note")] = [table.data_notes.get(c, "") for c in v.index]
    return out


def pairs_display(table: ChainTable) -> pd.DataFrame:
    """Who finances whom, as text: one row per supplier → customer pair (headers in the
    active language)."""
    p, names = table.pairs, table.names
    return pd.DataFrame(
        {
            _("supplier → customer"): [
                f"{names[s]} → {names[c]}"
                for s, c in zip(p["supplier"], p["customer"], strict=True)
            ],
            _("customer DPO"): [days_text(x) for x in p["customer_dpo"]],
            _("supplier DSO"): [days_text(x) for x in p["supplier_dso"]],
            _("DPO − DSO"): [
                days_text(shown_gap(dpo, dso))
                for dpo, dso in zip(p["customer_dpo"], p["supplier_dso"], strict=True)
            ],
            _("supplier cash cycle"): [days_text(x) for x in p["supplier_ccc"]],
            _("customer cash cycle"): [days_text(x) for x in p["customer_ccc"]],
        }
    )


def chain_report(statements: pd.DataFrame, table: ChainTable, client: str | None = None) -> dict:
    """The chain as JSON-ready data: ``{"links": [{ticker, name, fiscal_year, fiscal_label,
    period_end, role, data_notes}], "pairs": [...terms gap days...], "narrative": [...]}``."""
    meta = statements.companies
    ends = statements.period_end

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
