"""The shared error builder (:class:`LoadContext`) and the wording of a load's problems."""

from __future__ import annotations

from dataclasses import dataclass, field

from acumen.errors import AcumenError
from acumen.i18n import N_

FIX_NUMBER = N_(
    "Type a number such as 1234.5, 1,234 or (1,234), or leave the cell empty or '—' "
    "when there is no figure."
)
FIX_YEAR = N_(
    "Use a year such as 2015 or FY2015, or a period-end date such as 2016-01-31, "
    "or delete the column."
)
FIX_LAYOUT = N_(
    "Put line items (Revenue, Net income, Total assets…) in the first column and one "
    "year per column in a header row (2021, 2022, 2023), or download the template."
)


@dataclass
class LoadContext:
    """What a load knows about the file so far."""

    source: str
    warnings: list[str] = field(default_factory=list)
    symbols: set[str] = field(default_factory=set)  # currency symbols seen in figures
    #: Source label -> canonical item the user picked for it (applies before the aliases).
    overrides: dict[str, str] = field(default_factory=dict)

    def error(self, problem: str, **where: object) -> AcumenError:
        return AcumenError(problem, source=self.source, **where)


def column_letter(position: int) -> str:
    """Spreadsheet letter of a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def clip_text(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
