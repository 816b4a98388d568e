"""Rendering of diagnosis findings (cards, evidence tables)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from acumen.formatting import fiscal_label, format_change, say
from acumen.ui.text import md_escape

DRIVER_BADGE = {
    "cash": "💵 cash",
    "margin": "📊 margin",
    "velocity": "🔄 velocity",
    "return": "🎯 return",
    "growth": "📈 growth",
}


def finding_header(rank: int, finding) -> None:
    st.markdown(f"#### {rank}. {md_escape(finding.title)}")
    st.caption(
        # No internal rule id on screen (exports keep it).
        f"{DRIVER_BADGE.get(finding.driver, finding.driver)} · severity {finding.severity:.0f}/100"
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
                "Fiscal year": evidence.fiscal_label or fiscal_label(evidence.fiscal_year),
                "value": say(evidence.value, unit, currency),
                "change": ""
                if evidence.change is None
                else format_change(evidence.change, unit, currency),
                "peer median": ""
                if evidence.peer_median is None
                else say(evidence.peer_median, unit, currency),
            }
        )
    return pd.DataFrame(rows)
