"""The peers of a client as JSON-ready data, for batch use (``acumen peers``)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from acumen.analysis.company_meta import client_role, company_names, company_ticker
from acumen.analysis.peer_comparison import peer_alignment
from acumen.analysis.threats import threat_of
from acumen.analysis.universe import PeerUniverse
from acumen.data.data_notes import note_text
from acumen.formatting import period_end_text


def period_end_at(statements: pd.DataFrame, company: str, year: int) -> str:
    """The period end of ``company``'s fiscal ``year`` as ISO text ("" when unknown)."""
    ends = statements.period_end
    if ends is None or (company, year) not in ends.index:
        return ""
    value = ends.loc[(company, year)]
    return period_end_text(value.iloc[0] if isinstance(value, pd.Series) else value)


def peers_report(
    statements: pd.DataFrame,
    client: str,
    peers: Sequence[str],
    *,
    universe: PeerUniverse | None = None,
) -> dict:
    """The peers of ``client`` as JSON-ready data: ``{"client": {ticker, name, fiscal_year,
    fiscal_label, period_end, role}, "peers": [{ticker, name, fiscal_year, fiscal_label,
    period_end, data_notes}], "left_out": [{ticker, name, reason}], "threat": {ticker,
    reasons} | None}``. Only comparable peers (same fiscal year, sound data) are listed;
    ``statements`` holds the client and the peers (see :func:`acumen.analysis.peers.peer_statements`)."""
    notes = universe.notes if universe is not None else None
    alignment = peer_alignment(statements, client, peers, notes=notes)
    names = company_names(statements)

    def entry(company: str) -> dict:
        year = alignment.years[company]
        return {
            "ticker": company_ticker(statements, company),
            "name": names.get(company, company),
            "fiscal_year": int(year),
            "fiscal_label": alignment.labels[company],
            "period_end": period_end_at(statements, company, year),
        }

    listed = [
        entry(p)
        | {"data_notes": [note_text(notes, p)] if notes is not None and p in notes.index else []}
        for p in alignment.peers
    ]
    found = threat_of(client, alignment.peers, statements, alignment=alignment)
    return {
        "client": entry(client) | {"role": client_role(statements, client)},
        "peers": listed,
        "left_out": [
            {"ticker": company_ticker(statements, c), "name": names.get(c, c), "reason": why}
            for c, why in alignment.left_out.items()
        ],
        "threat": None
        if found is None
        else {
            "ticker": company_ticker(statements, found[0]),
            "title": found[1].title,
            "reasons": [e.text for e in found[1].evidence],
        },
    }
