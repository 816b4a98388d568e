"""The one error type every loader and command raises for bad input."""

from __future__ import annotations

from acumen.i18n import _


class AcumenError(Exception):
    """A user-facing problem with input data, with where it is and how to fix it.

    The message reads: "<where>: <problem>. <fix>" so the UI and CLI can show it as-is.
    ``problem`` and ``fix`` come already translated (the raiser wraps them with ``_()``);
    the joining words (``row 3``, ``column 'x'``, the separators) are translated here, in the
    language active when the message is read.
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

    def __str__(self) -> str:
        return self.message

    @property
    def where(self) -> str:
        parts = []
        if self.source:
            parts.append(str(self.source))
        if self.row is not None:
            parts.append(_("row {row}").format(row=self.row))
        if self.column is not None:
            parts.append(_("column '{column}'").format(column=self.column))
        return _(", ").join(parts)

    @property
    def message(self) -> str:
        where = self.where
        text = (
            _("{where}: {problem}").format(where=where, problem=self.problem)
            if where
            else self.problem
        )
        if self.fix:
            text = _("{problem}. {fix}").format(problem=text.rstrip(".。"), fix=self.fix)
        return text
