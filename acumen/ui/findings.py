"""Rendering of diagnosis findings (cards, evidence tables)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from acumen.formatting import fiscal_label, format_change, say
from acumen.i18n import N_, _
from acumen.ui.text import md_escape

#: A finding's driver as a badge (translated with ``_()`` where shown).
DRIVER_BADGE = {
    "cash": N_("💵 cash"),
    "margin": N_("📊 margin"),
    "velocity": N_("🔄 velocity"),
    "return": N_("🎯 return"),
    "growth": N_("📈 growth"),
}
#: The evidence table's column headers (keys: the row fields).
EVIDENCE_COLUMNS = {
    "evidence": N_("evidence"),
    "fiscal_year": N_("Fiscal year"),
    "value": N_("value"),
    "change": N_("change"),
    "peer_median": N_("peer median"),
}


def finding_header(rank: int, finding) -> None:
    st.markdown(f"#### {rank}. {md_escape(finding.title)}")
    st.caption(
        # No internal rule id on screen (exports keep it).
        _("{driver} · severity {severity}/100").format(
            driver=_(DRIVER_BADGE[finding.driver])
            if finding.driver in DRIVER_BADGE
            else finding.driver,
            severity=f"{finding.severity:.0f}",
        )
    )
    st.progress(min(max(finding.severity / 100, 0.0), 1.0))


def evidence_table(finding, currency: str) -> pd.DataFrame:
    """The finding's evidence as text cells: what, year, value, change, peer median."""
    from acumen.analysis.facts import label_and_unit

    rows = []
    for evidence in finding.evidence:
        label, unit = label_and_unit(evidence.metric)
        rows.append(
            {
                "evidence": label,
                "fiscal_year": evidence.fiscal_label or fiscal_label(evidence.fiscal_year),
                "value": say(evidence.value, unit, currency),
                "change": ""
                if evidence.change is None
                else format_change(evidence.change, unit, currency),
                "peer_median": ""
                if evidence.peer_median is None
                else say(evidence.peer_median, unit, currency),
            }
        )
    headers = {key: _(header) for key, header in EVIDENCE_COLUMNS.items()}
    return pd.DataFrame(rows, columns=list(EVIDENCE_COLUMNS)).rename(columns=headers)
