"""Companies read from the same files (a batch), and how a figure's place is said.

A client's problem stops the load; a peer's leaves the peer out (see :meth:`Batch.refuse`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from acumen.data.loaders.file_context import clip_text
from acumen.data.loaders.file_reading import FileReading
from acumen.data.schema import LINE_ITEM_LABELS
from acumen.errors import AcumenError
from acumen.i18n import N_, _


@dataclass
class Batch:
    """Companies read from the same files; notes are kept for the clients only."""

    readings: list[FileReading]
    ids: list[str]
    clients: list[str]
    source: str
    notes: dict[str, list[str]] = field(default_factory=dict)
    #: Peers left out, with why (their figures don't add up, several currencies).
    dropped: dict[str, str] = field(default_factory=dict)

    def note(self, company: str, text: str) -> None:
        if company in self.clients:
            self.notes.setdefault(company, []).append(text)

    def refuse(self, company: str, error: AcumenError) -> None:
        """A client's problem stops the load; a peer's leaves the peer out."""
        if company in self.clients:
            raise error
        self.dropped.setdefault(company, error.problem)


#: The items read besides the line items (``aliases.AUXILIARY_ITEMS``), as notes name them.
AUXILIARY_LABELS = {
    "equity_owners": N_("equity owners"),
    "total_equity": N_("total equity"),
    "minority_interest": N_("minority interest"),
    "bonds_payable": N_("bonds payable"),
    "profit_owners": N_("profit owners"),
    "profit_nci": N_("profit nci"),
}


def item_label(item: str) -> str:
    label = LINE_ITEM_LABELS.get(item) or AUXILIARY_LABELS.get(item, item.replace("_", " "))
    return _(label).capitalize()


def where_read(row: pd.Series) -> str:
    parts = [str(row["file"])]
    if row.get("sheet") and not pd.isna(row.get("sheet")):
        parts.append(_("sheet '{sheet}'").format(sheet=clip_text(row["sheet"], 30)))
    parts.append(_("row {row}").format(row=row["row"]))
    return ", ".join(parts)


def company_years(mask: pd.Series) -> dict[str, list]:
    """{company: [fiscal years]} where ``mask`` (indexed by company, fiscal_year) holds."""
    hits = mask.index[mask.to_numpy()]
    out: dict[str, list] = {}
    for company, year in hits:
        out.setdefault(company, []).append(year)
    return out
