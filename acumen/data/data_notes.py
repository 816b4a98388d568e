"""Data notes: known quirks of a dataset's rows, by ticker (``note``, ``kind``, ``short``, and
optionally ``note_zh``, ``short_zh``), read from a CSV such as
``sample_financials/nyse/data_notes.csv``; each note said in the active language."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from acumen.formatting import in_chinese

NOTE_COLUMNS = ("note", "kind", "short")
#: Optional Chinese texts of a note (``note_zh``, ``short_zh``), read when the language is zh.
NOTE_ZH_COLUMNS = ("note_zh", "short_zh")


def empty_notes() -> pd.DataFrame:
    return pd.DataFrame(columns=list(NOTE_COLUMNS), index=pd.Index([], name="ticker"), dtype=str)


def read_data_notes(path: Path) -> pd.DataFrame:
    """Data notes by ticker (columns note, kind, short, and note_zh, short_zh when the file
    has them); empty when the file is absent."""
    if not Path(path).exists():
        return empty_notes()
    notes = pd.read_csv(path, dtype=str).set_index("ticker")
    for column in NOTE_COLUMNS:
        if column not in notes.columns:
            notes[column] = notes["note"] if column == "short" else ""
    columns = [*NOTE_COLUMNS, *(c for c in NOTE_ZH_COLUMNS if c in notes.columns)]
    return notes[columns].fillna("")


def note_text(notes: pd.DataFrame, company: str, column: str = "note") -> str:
    """``company``'s data note (``note`` or ``short``) in the active language: the ``_zh``
    column in Chinese when it is filled, else the English text; "" when there is none."""
    if company not in notes.index:
        return ""
    zh = f"{column}_zh"
    if in_chinese() and zh in notes.columns and str(notes.at[company, zh]):
        return str(notes.at[company, zh])
    return str(notes.at[company, column])
