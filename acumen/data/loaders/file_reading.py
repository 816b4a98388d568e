"""One file read into observations: its sheets chosen, its tables read, its unit,
currency and company as the file states them (nothing assumed yet; see file_assemble)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from acumen.data.aliases import normalise_label
from acumen.data.loaders.file_bytes import read_bytes
from acumen.data.loaders.file_context import FIX_LAYOUT, LoadContext, clip_text
from acumen.data.loaders.file_grid import drop_empty, text_grid
from acumen.data.loaders.file_labels import NOT_FIGURES, statement_of_text
from acumen.data.loaders.file_meta import company_line, stated_currency, stated_units, unit_words
from acumen.data.loaders.file_observations import OBSERVATION_COLUMNS, SheetReading
from acumen.data.loaders.file_tables import read_sheet
from acumen.data.loaders.file_xlsx import EXCEL_EXTENSIONS, excel_sheets
from acumen.i18n import _

#: Words of a file name that say which statement or provider it is, not which company.
STEM_NOISE = {
    "income",
    "statement",
    "statements",
    "balance",
    "sheet",
    "cash",
    "flow",
    "flows",
    "cashflow",
    "pnl",
    "pl",
    "lrb",
    "zcfzb",
    "xjllb",
    "raw",
    "gbk",
    "utf8",
    "big5",
    "yf",
    "yfinance",
    "sec",
    "financial",
    "report",
    "financials",
    "annual",
    "quarterly",
    "key",
    "ratios",
    "morningstar",
    "tej",
    "is",
    "bs",
    "cf",
    "export",
    "data",
    "download",
    "of",
    "operations",
    "and",
    "profit",
    "loss",
    "the",
}
#: Providers recognised by their columns, and the unit they publish in when the file is
#: silent: (name, normalised header keys that must all be present, unit).
PROVIDERS = (
    ("TEJ (Taiwan Economic Journal)", frozenset({"coid", "yyyymm"}), "thousands"),
    ("TEJ (Taiwan Economic Journal)", frozenset({"公司", "年月", "币别"}), "thousands"),
)
#: Sheets of a workbook that are statements, by name or title.
_STATEMENT_SHEET = re.compile(
    r"balance sheet|financial position|statements? of (?:consolidated )?(?:operations|income|"
    r"earnings|cash flows?)|income statement|cash ?flows?|profit (?:and|or) loss|资产负债表|利润表"
    r"|现金流量表|資產負債表|損益表|現金流量表",
    re.I,
)


@dataclass
class FileReading:
    """What one file states: observations, and the unit, currency and company it names."""

    source: str
    stem: str
    observations: pd.DataFrame
    unit: str | None = None
    currency: str | None = None
    currency_text: str | None = None
    company: str | None = None
    companies: list[str] = field(default_factory=list)
    provider: tuple[str, str] | None = None  # (name, unit) when recognised
    sheets: list[str] = field(default_factory=list)
    unknown: list[tuple[str, int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    quarters_only: bool = False


def read_file(
    data: bytes | str | Path, ctx: LoadContext, *, sheet: str | None = None
) -> FileReading:
    """Observations of every statement table in the file (see :mod:`file_tables`)."""
    raw = read_bytes(data, ctx)
    ext = Path(ctx.source).suffix.lower()
    if ctx.source == "upload":  # bytes or text without a file name: sniff the format
        ext = ".xlsx" if raw.startswith(b"PK\x03\x04") else ".csv"
    cover = None
    if ext in EXCEL_EXTENSIONS:
        found, total = excel_sheets(raw, ctx)
        cover = _cover_company(found)
        sheets = _choose_sheets(found, sheet, ctx)
        if len(found) == 1 and total > 1:
            ctx.warnings.append(
                _("Read sheet '{sheet}', the only one of {count} sheets that holds data.").format(
                    sheet=clip_text(found[0][0], 40), count=total
                )
            )
    else:
        if sheet is not None:
            ctx.warnings.append(
                _("--sheet '{sheet}' ignored: a CSV file has no sheets.").format(
                    sheet=clip_text(sheet)
                )
            )
        sheets = [("", text_grid(raw, ext, ctx))]
    stem_kind = statement_of_text(Path(ctx.source).stem)
    readings: list[tuple[str, SheetReading]] = []
    for title, grid in sheets:
        grid = drop_empty(grid)
        if grid.empty:
            continue
        sheet_ctx = LoadContext(source=ctx.source, overrides=ctx.overrides)
        sheet_ctx.warnings = ctx.warnings
        sheet_ctx.symbols = ctx.symbols
        kind = statement_of_text(title) if title else None
        readings.append((title, read_sheet(grid, title, kind or stem_kind, sheet_ctx)))
    if not readings:
        raise ctx.error(_("the file is empty"), fix=_(FIX_LAYOUT))
    reading = _file_reading(readings, ctx)
    if cover and not reading.company and not reading.companies:
        reading.company = cover
        ctx.warnings.append(
            _("Company named '{company}', as the workbook's cover sheet says.").format(
                company=clip_text(cover)
            )
        )
    return reading


#: Cover-sheet rows that name the company (SEC "Document and Entity Information").
COVER_NAME_LABELS = frozenset({"entityregistrantname", "registrantname", "companyname"})


def _cover_company(sheets: list[tuple[str, pd.DataFrame]]) -> str | None:
    """The registrant's name from a cover sheet ("Entity Registrant Name | ACME CORP"),
    in title case when the filing shouts it."""
    for _title, grid in sheets[:3]:
        if grid.shape[1] < 2:
            continue
        keys = grid.iloc[:60, 0].map(lambda v: normalise_label(v) if isinstance(v, str) else "")
        hits = grid.iloc[:60].loc[keys.isin(COVER_NAME_LABELS).to_numpy()]
        for _index, row in hits.iterrows():
            name = next((v for v in row.iloc[1:] if isinstance(v, str) and v.strip()), None)
            if name:
                name = " ".join(name.split())
                return name.title() if name.isupper() else name
    return None


def _choose_sheets(
    sheets: list[tuple[str, pd.DataFrame]], wanted: str | None, ctx: LoadContext
) -> list[tuple[str, pd.DataFrame]]:
    """The sheet asked for; else every statement sheet (by name or title); else the first."""
    if wanted is not None:
        match = [s for s in sheets if s[0].strip().lower() == str(wanted).strip().lower()]
        if not match:
            names = ", ".join(f"'{clip_text(t, 40)}'" for t, _grid in sheets[:12])
            raise ctx.error(
                _("no sheet named '{sheet}'").format(sheet=clip_text(wanted)),
                fix=_("Choose one of: {names}.").format(names=names),
            )
        return match
    if len(sheets) == 1:
        return sheets
    chosen = [s for s in sheets if _is_statement_sheet(*s)]
    if chosen:
        skipped = len(sheets) - len(chosen)
        names = ", ".join(f"'{clip_text(t, 40)}'" for t, _grid in chosen)
        note = (
            _(
                "Read {count} statement sheet(s): {names}; {skipped} other sheet(s) "
                "(cover, notes, details) ignored."
            )
            if skipped
            else _("Read {count} statement sheet(s): {names}.")
        )
        ctx.warnings.append(note.format(count=len(chosen), names=names, skipped=skipped))
        return chosen
    ctx.warnings.append(
        _(
            "Read sheet '{sheet}', the first of {count} sheets that hold "
            "data; choose another with --sheet (or the sheet picker)."
        ).format(sheet=clip_text(sheets[0][0], 40), count=len(sheets))
    )
    return sheets[:1]


def _is_statement_sheet(title: str, grid: pd.DataFrame) -> bool:
    heading = str(grid.iat[0, 0]) if grid.shape[0] and grid.shape[1] else ""
    if NOT_FIGURES.search(title) or NOT_FIGURES.search(heading):
        return False
    return bool(_STATEMENT_SHEET.search(title) or _STATEMENT_SHEET.search(heading))


def _file_reading(readings: list[tuple[str, SheetReading]], ctx: LoadContext) -> FileReading:
    frames = [o for _, r in readings for o in r.observations]
    observations = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=list(OBSERVATION_COLUMNS))
    )
    titles = [t for _, r in readings for t in r.titles]
    texts = titles + [h for _, r in readings for h in r.header_texts] + [t for t, _ in readings]
    units = stated_units(texts)
    if len(units) > 1:
        raise ctx.error(
            _("the file states several units ({units})").format(
                units=_(" and ").join(unit_words(u) for u in sorted(units))
            ),
            fix=_("Keep one unit line such as 'in millions', or pass the unit explicitly."),
        )
    currency, currency_text = stated_currency(texts)
    if currency is None and ctx.symbols:
        symbols = sorted(ctx.symbols)
        if len(symbols) > 1:
            raise ctx.error(
                _("the figures use several currencies ({symbols})").format(
                    symbols=" ".join(symbols)
                ),
                fix=_("Use one currency per file."),
            )
        currency, currency_text = stated_currency(symbols)
    header_keys = {k for _, r in readings for k in r.header_keys}
    reading = FileReading(
        source=ctx.source,
        stem=_stem_key(ctx.source),
        observations=observations,
        unit=next(iter(units), None),
        currency=currency,
        currency_text=currency_text,
        company=company_line(titles),
        companies=[c for _, r in readings for c in r.companies],
        sheets=[t for t, _ in readings if t],
        unknown=[u for _, r in readings for u in r.unknown],
        notes=[n for _, r in readings for n in r.set_aside],
        quarters_only=observations.empty and any(r.quarters_only for _, r in readings),
        provider=provider_of(header_keys),
    )
    return reading


def provider_of(keys: set[str]) -> tuple[str, str] | None:
    """(provider, default unit) when a file's header keys match a known export."""
    for name, signature, unit in PROVIDERS:
        if signature <= keys:
            return name, unit
    return None


def _stem_key(source: str) -> str:
    """The company part of a file name: "01_nvda_yf_income_statement.csv" -> "nvda"."""
    stem = Path(source).stem.lower()
    stem = re.sub(r"(?<![a-z])(lrb|zcfzb|xjllb)(?=\d)", " ", stem)
    tokens = [t for t in re.split(r"[^0-9a-z\u3400-\u9fff]+", stem) if t]
    kept = [t for t in tokens if t not in STEM_NOISE and not re.fullmatch(r"\d{1,3}", t)]
    return "_".join(kept)
