"""Load companies' statements from the CSV and Excel files a seller has.

A file may hold one statement or all three, one company or many, one sheet or a hundred;
a company's income statement, balance sheet and cash flow may come as separate files.
Every problem raises :class:`AcumenError` naming the file, sheet, row and column, with a
fix; every assumption (unit, currency, sheets read, rows set aside, alias chosen) is a
warning in the statements' ``warnings``. Nothing in a file is ever evaluated.

The pipeline: ``file_bytes`` (reading, limits) → ``file_text`` / ``file_grid`` /
``file_xlsx`` (cells) → ``file_reading`` (sheets, unit, currency, company a file states)
→ ``file_tables`` (tables and their observations, using ``file_layout``, ``file_labels``,
``file_years`` and ``file_figures``) → ``file_assemble`` (companies, units, one figure per
item, equity, checks) → canonical statements.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pandas as pd

from acumen.data.loaders.file_assemble import Assembled, assemble
from acumen.data.loaders.file_context import LoadContext, clip_text
from acumen.data.loaders.file_reading import FileReading, read_file
from acumen.data.statements import combine
from acumen.errors import AcumenError
from acumen.i18n import N_, _, ngettext

#: The words of the note on rows that are not line items (a bundled sample leaves it out).
UNKNOWN_ROWS = N_("not known as line items")


def load_file(
    data: bytes | str | Path,
    *,
    filename: str | None = None,
    unit: str | None = None,
    company: str | None = None,
    source_label: str | None = None,
    currency: str | None = None,
    sheet: str | None = None,
) -> pd.DataFrame:
    """Canonical statements of the client in one CSV or XLSX file.

    ``data`` is the raw bytes of an upload (``filename`` gives its name and extension)
    or a path. ``unit`` ("units", "thousands", "millions", "crores", "万元", …) and
    ``currency`` override what the file states (with a warning naming both); ``company``
    names the company (or picks one in a file of several); ``sheet`` picks a workbook
    sheet; ``source_label`` replaces the companies' ``source``.
    Raises :class:`AcumenError` for every problem, and nothing else.
    """
    return read_files(
        [(data, filename)],
        unit=unit,
        company=company,
        source_label=source_label,
        currency=currency,
        sheet=sheet,
    ).statements


def load_files(
    files: list[bytes | str | Path | tuple[bytes | str | Path, str | None]],
    **options: object,
) -> pd.DataFrame:
    """Canonical statements from several files (a company's income statement, balance
    sheet and cash flow in separate files combine into one client); options as
    :func:`load_file`."""
    return read_files(files, **options).statements


def read_files(
    files: list[bytes | str | Path | tuple[bytes | str | Path, str | None]],
    *,
    unit: str | None = None,
    company: str | None = None,
    source_label: str | None = None,
    currency: str | None = None,
    sheet: str | None = None,
    overrides: dict[str, str] | None = None,
) -> Assembled:
    """The client's statements, its peers from the same files, and the mapping of every
    source row to a line item (see :mod:`file_assemble`). ``overrides`` maps a source
    row's label to the canonical item the user picked for it (the mapping correction)."""
    entries = [entry if isinstance(entry, tuple) else (entry, None) for entry in files]
    facts = [(d, f) for d, f in entries if is_json_file(d, f)]
    if facts:
        sheets = [(d, f) for d, f in entries if not is_json_file(d, f)]
        ignored = {"--unit": unit, "--currency": currency, "--sheet": sheet}
        ignored = [flag for flag, value in ignored.items() if value]
        loaded = [read_json_file(d, _display_name(d, f), ignored) for d, f in facts]
        if sheets:
            options = dict(unit=unit, company=company, source_label=source_label)
            options |= dict(currency=currency, sheet=sheet, overrides=overrides)
            loaded.insert(0, read_files(sheets, **options))
        return merge_assembled(loaded)
    readings, warnings = [], {}
    for data, filename in entries:
        name = _display_name(data, filename)
        ctx = LoadContext(source=name, overrides=dict(overrides or {}))
        readings.append(_guarded(lambda d=data, c=ctx: read_file(d, c, sheet=sheet), ctx))
        _warn_unknown(readings[-1], ctx)
        warnings[name] = ctx.warnings
    ctx = LoadContext(source=readings[0].source)
    return _guarded(
        lambda: assemble(
            readings,
            warnings,
            unit=unit,
            currency=currency,
            company=company,
            source_label=source_label,
        ),
        ctx,
    )


def is_json_file(data: object, filename: str | None) -> bool:
    """Whether an entry is a JSON file (a SEC companyfacts download), by its name."""
    name = filename or (str(data) if isinstance(data, Path | str) and "\n" not in str(data) else "")
    return Path(name).suffix.lower() == ".json"


def read_json_file(data: bytes | str | Path, name: str, ignored: list[str]) -> Assembled:
    """A SEC companyfacts JSON file as an :class:`Assembled` (no peers); ``ignored`` names
    the options that do not apply (SEC facts state their own unit and currency)."""
    from acumen.data.loaders.edgar_facts import read_companyfacts

    ctx = LoadContext(source=name)
    statements, mapping = _guarded(lambda: read_companyfacts(data, name), ctx)
    if ignored:
        statements = statements.with_warnings(
            _("{file}: {options} ignored: SEC facts state their own unit and currency.").format(
                file=name, options=", ".join(ignored)
            )
        )
    return Assembled(statements, None, mapping, list(statements.warnings))


def merge_assembled(parts: list[Assembled]) -> Assembled:
    """One :class:`Assembled` from several (statements combined, peers and mappings joined)."""
    peer_parts = [p.peers for p in parts if p.peers is not None]
    mapping = pd.concat([p.mapping for p in parts if len(p.mapping)], ignore_index=True)
    statements = combine([p.statements for p in parts]).replace(mapping=mapping)
    return Assembled(
        statements,
        combine(peer_parts) if peer_parts else None,
        mapping,
        [w for p in parts for w in p.warnings],
    )


def _guarded(call, ctx: LoadContext):
    try:
        return call()
    except AcumenError:
        raise
    except Exception as exc:  # a parser failed in a way we did not foresee
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        error = f"{type(exc).__name__}{': ' + detail if detail else ''}"
        raise ctx.error(
            _("could not read the file ({error})").format(error=error),
            fix=_("Save it as CSV (UTF-8) or Excel .xlsx, or start from the template."),
        ) from exc


def _warn_unknown(reading: FileReading, ctx: LoadContext) -> None:
    """One warning listing labels with figures that are not line items (they are ignored)."""
    labels = [label for _, _, label in reading.unknown if label]
    if not labels:
        return
    shown = ", ".join(f"'{clip_text(v, 40)}'" for v in labels[:10])
    more = _(" and {count} more").format(count=len(labels) - 10) if len(labels) > 10 else ""
    note = ngettext(
        "{source}: ignored {count} row not known as line items: {labels}{more}. "
        "Rename them (for example to 'Revenue'), or pick the row for an item in the mapping, "
        "if they should count.",
        "{source}: ignored {count} rows not known as line items: {labels}{more}. "
        "Rename them (for example to 'Revenue'), or pick the row for an item in the mapping, "
        "if they should count.",
        len(labels),
    )
    ctx.warnings.append(
        note.format(source=reading.source, count=len(labels), labels=shown, more=more)
    )


def template_bytes() -> bytes:
    """The downloadable wide template (``acumen/data/template.csv``)."""
    return resources.files("acumen").joinpath("data/template.csv").read_bytes()


def _display_name(data: object, filename: str | None) -> str:
    """The file name shown in messages."""
    if filename:
        return re.split(r"[\\/]", str(filename))[-1] or str(filename)
    if isinstance(data, Path) or (isinstance(data, str) and "\n" not in data):
        return Path(data).name or str(data)
    return "upload"
