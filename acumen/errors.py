"""The one error type every loader and command raises for bad input."""

from __future__ import annotations


class AcumenError(Exception):
    """A user-facing problem with input data, with where it is and how to fix it.

    The message reads: "<where>: <problem>. <fix>" so the UI and CLI can show it as-is.
    """

    def __init__(
        self,
        problem: str,
        *,
        source: str | None = None,
        row: int | str | None = None,
        column: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.problem = problem
        self.source = source
        self.row = row
        self.column = column
        self.fix = fix
        super().__init__(self.message)

    @property
    def where(self) -> str:
        parts = []
        if self.source:
            parts.append(str(self.source))
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    @property
    def message(self) -> str:
        text = f"{self.where}: {self.problem}" if self.where else self.problem
        if self.fix:
            text = f"{text.rstrip('.')}. {self.fix}"
        return text
