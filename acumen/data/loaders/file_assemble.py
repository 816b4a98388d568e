"""Files read into observations (file_reading) become companies' canonical statements.

Steps, each saying what it did in a warning:

1. **Companies.** A file's company is the ``company`` argument, a "Company:" line, a
   company column (several companies per file: one is the client, the others peers) or
   the company part of its file name; files of one company are combined.
2. **Unit and currency.** The argument wins (a warning says what the file stated), else
   the row's own unit ("(万元)", "USD Mil"), else the file's, else another file of the same
   company, else the provider's convention, else full units / USD, always said.
3. **One figure per item.** Where several rows give one item in a year, the best alias
   priority wins (then the item's own statement, then file order); equal figures pass
   silently, different ones are named in a warning. Nothing is refused for it.
4. **Equity.** Total equity including non-controlling interests balances the balance sheet;
   ROE uses the owners' equity where the file gives it (or total less minority interest).
5. **Checks.** Gross profit and the balance sheet must add up (1%); costs printed in brackets
   are stored positive; a missing revenue, net income or total assets is named.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from acumen.data.loaders.file_adjust import company_table, missing_core
from acumen.data.loaders.file_batch import Batch
from acumen.data.loaders.file_context import FIX_LAYOUT, LoadContext, clip_text
from acumen.data.loaders.file_labels import STATEMENT_LABELS
from acumen.data.loaders.file_meta import iso_currency, unit_name
from acumen.data.loaders.file_pick import pick_figures
from acumen.data.loaders.file_reading import FileReading
from acumen.data.loaders.file_units import company_currencies, refuse_overflow, scale_units
from acumen.data.schema import CORE_ITEMS
from acumen.data.statements import Statements, build_statements, combine, make_companies
from acumen.errors import AcumenError
from acumen.i18n import _, ngettext

MAPPING_COLUMNS = ("file", "sheet", "row", "label", "item", "status", "unit", "currency", "note")


class MultipleCompaniesError(AcumenError):
    """A file holds several companies and none was chosen; ``companies`` lists them."""

    def __init__(self, companies: list[str], source: str) -> None:
        self.companies = companies
        shown = ", ".join(f"'{clip_text(c, 30)}'" for c in companies[:8])
        more = _(" and {count} more").format(count=len(companies) - 8) if len(companies) > 8 else ""
        super().__init__(
            _("the file holds several companies ({count}: {names}{more})").format(
                count=len(companies), names=shown, more=more
            ),
            source=source,
            fix=_(
                "Choose the client with --company NAME (or in the upload box); the others "
                "are offered as its peers."
            ),
        )


@dataclass
class Assembled:
    """The client's statements, its peers from the same files, and what was read."""

    statements: pd.DataFrame
    peers: pd.DataFrame | None
    mapping: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def assemble(
    readings: list[FileReading],
    warnings: dict[str, list[str]],
    *,
    unit: str | None = None,
    currency: str | None = None,
    company: str | None = None,
    source_label: str | None = None,
) -> Assembled:
    """Statements of every company in ``readings`` (see the module docstring).

    Companies read from the same files form one batch, processed as one frame keyed by
    company (a bulk file of 4,000 companies is one pass, not 4,000)."""
    ctx = LoadContext(source=readings[0].source if len(readings) == 1 else "files")
    chosen_unit = unit_name(unit, ctx) if unit is not None else None
    chosen_currency = iso_currency(currency) if currency else None
    frames = []
    for reading in readings:
        if reading.observations.empty:
            _refuse_empty(reading)
        frames.append(_companies_of(reading, company))
    clients, peer_ids = _choose_client(readings, frames, company)
    parts, peer_parts, mapping = [], [], []
    for members, ids in _batches(frames, {*clients, *peer_ids}).items():
        batch = Batch(
            readings=[readings[i] for i in members],
            ids=ids,
            clients=[i for i in ids if i in clients],
            source=source_label or "upload: " + ", ".join(readings[i].source for i in members),
        )
        file_notes = [n for r in batch.readings for n in warnings.get(r.source, []) + r.notes]
        observed = pd.concat([frames[i] for i in members], ignore_index=True)
        if len(ids) < observed["company"].nunique():
            observed = observed.loc[observed["company"].isin(ids)].reset_index(drop=True)
        observed, unit_notes = scale_units(observed, batch.readings, chosen_unit)
        observed = refuse_overflow(observed, batch)
        currencies = company_currencies(observed, batch, chosen_currency)
        picked, status = pick_figures(observed, batch)
        table = company_table(picked, observed, batch)
        for client in batch.clients:
            notes = file_notes + unit_notes + batch.notes.get(client, [])
            notes += missing_core(table.loc[[client]], batch.readings)
            parts.append(_statements(table.loc[[client]], batch, currencies, _dedupe(notes)))
            mask = observed["company"] == client
            mapping.append(_mapping(observed.loc[mask], status, batch.readings))
        present = set(table.index.get_level_values("company"))
        peers = [i for i in ids if i not in batch.clients and i in present]
        if peers:
            peer_notes = _dedupe(file_notes + unit_notes)
            peer_parts.append(_statements(table.loc[peers], batch, currencies, peer_notes))
        if batch.dropped and parts:
            parts[-1] = parts[-1].with_warnings(_dropped_note(batch.dropped))
    peers = combine(peer_parts) if peer_parts else None
    mapping_table = pd.concat(mapping, ignore_index=True) if mapping else pd.DataFrame()
    statements = combine(parts).replace(mapping=mapping_table)
    return Assembled(statements, peers, mapping_table, list(statements.warnings))


def _statements(
    table: pd.DataFrame, batch: Batch, currencies: dict[str, str], notes: list[str]
) -> Statements:
    """Canonical statements of the companies in ``table`` (index company, fiscal_year)."""
    ids = list(table.index.get_level_values("company").unique())
    companies = make_companies(
        {"id": c, "name": c, "ticker": None, "currency": currencies.get(c), "source": batch.source}
        for c in ids
    )
    statements = build_statements(
        table.reset_index(), companies, source=batch.readings[0].source, warnings=notes
    )
    blank = table[list(CORE_ITEMS)].isna().groupby(level="company").all()
    return statements.replace(
        incomplete={
            c: [i for i in CORE_ITEMS if blank.loc[c, i]] for c in ids if c in batch.clients
        }
    )


def _dropped_note(dropped: dict[str, str]) -> str:
    shown = "; ".join(
        f"'{clip_text(c, 30)}' ({clip_text(why, 120)})" for c, why in list(dropped.items())[:3]
    )
    more = _(" and {count} more").format(count=len(dropped) - 3) if len(dropped) > 3 else ""
    note = ngettext(
        "Left out {count} company of the file as peers: {names}{more}.",
        "Left out {count} companies of the file as peers: {names}{more}.",
        len(dropped),
    )
    return note.format(count=len(dropped), names=shown, more=more)


def _refuse_empty(reading: FileReading) -> None:
    ctx = LoadContext(source=reading.source)
    if reading.quarters_only:
        raise ctx.error(
            _(
                "the file holds quarterly (or TTM) figures only; quarterly analysis is not "
                "available yet"
            ),
            fix=_(
                "Upload annual statements (one column or row per fiscal year), or a file "
                "whose quarter-4 rows are year-to-date totals."
            ),
        )
    raise ctx.error(
        _(
            "no recognisable line items with figures: expected labels like Revenue, "
            "Net income or Total assets in the first column"
        ),
        fix=_(FIX_LAYOUT),
    )


def _companies_of(reading: FileReading, company: str | None) -> pd.DataFrame:
    """The reading's observations with ``company`` filled in and ``file`` added."""
    observed = reading.observations.copy()
    observed["file"] = reading.source
    if not reading.companies:
        name = (company or "").strip() or reading.company or reading.stem or "upload"
        observed["company"] = name
    return observed


def _match_company(wanted: str, names: list[str]) -> str | None:
    key = wanted.strip().lower()
    for test in (
        lambda n: n.lower() == key,
        lambda n: key in n.lower().split(),
        lambda n: key in n.lower(),
    ):
        hits = [n for n in names if test(n)]
        if len(hits) == 1:
            return hits[0]
    return None


def _choose_client(
    readings: list[FileReading], frames: list[pd.DataFrame], company: str | None
) -> tuple[list[str], set[str]]:
    """(client ids, peer ids): every company of single-company files; in a file of several
    companies, the one ``company`` names (the others are peers)."""
    names = list(pd.unique(pd.concat([f["company"].dropna() for f in frames]).to_numpy()))
    multi = [r for r in readings if r.companies]
    if not multi:
        return names, set()
    if company is None:
        if len(names) == 1:
            return names, set()
        raise MultipleCompaniesError(names, multi[0].source if multi else readings[0].source)
    found = _match_company(company, names)
    if found is None:
        source = multi[0].source if multi else readings[0].source
        shown = ", ".join(f"'{clip_text(n, 30)}'" for n in names[:8])
        raise AcumenError(
            _("no company '{company}' in the file").format(company=clip_text(company)),
            source=source,
            fix=_("Choose one of: {names}.").format(names=shown),
        )
    return [found], set(names) - {found}


def _batches(frames: list[pd.DataFrame], wanted: set[str]) -> dict[tuple[int, ...], list[str]]:
    """(indices of the files a company is read from) -> the ``wanted`` companies read from
    exactly those files, in file order."""
    groups: dict[str, list[int]] = {}
    for i, frame in enumerate(frames):
        for name in frame["company"].dropna().unique():
            groups.setdefault(name, []).append(i)
    batches: dict[tuple[int, ...], list[str]] = {}
    for group_id, members in groups.items():
        if group_id in wanted:
            batches.setdefault(tuple(members), []).append(group_id)
    return batches


def _mapping(
    observed: pd.DataFrame, status: pd.Series, readings: list[FileReading]
) -> pd.DataFrame:
    """One row per source row: file, sheet, row, label -> item, status, unit, currency."""
    frame = observed.assign(status=status.reindex(observed.index).fillna("used"))
    frame["_used"] = frame["status"] == "used"
    grouped = frame.groupby(["file", "sheet", "row", "label", "item"], sort=False, dropna=False)
    mapped = grouped.agg(
        used=("_used", "any"),
        status=("status", "first"),
        unit=("unit", "first"),
        currency=("currency", "first"),
        statement=("statement", "first"),
    ).reset_index()
    mapped["status"] = np.where(mapped["used"], "used", mapped["status"])
    mapped["note"] = mapped["statement"].map(STATEMENT_LABELS).fillna("")
    unknown = pd.DataFrame(
        [
            {
                "file": r.source,
                "sheet": s,
                "row": row,
                "label": label,
                "item": None,
                "status": "not a line item",
                "unit": None,
                "currency": None,
                "note": "",
            }
            for r in readings
            for s, row, label in r.unknown
        ],
        columns=list(MAPPING_COLUMNS),
    )
    out = pd.concat([mapped[list(MAPPING_COLUMNS)], unknown], ignore_index=True)
    return out.sort_values(["file", "sheet", "row"], kind="stable").reset_index(drop=True)


def _dedupe(notes: list[str]) -> list[str]:
    return list(dict.fromkeys(notes))
