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

from acumen.data.aliases import AUXILIARY_ITEMS, normalise_label
from acumen.data.loaders.file_checks import (
    EXPENSE_ITEMS,
    MAX_FIGURE,
    PLAUSIBILITY,
    TOTAL_CHECKS,
    format_figure,
)
from acumen.data.loaders.file_context import LoadContext, clip_text
from acumen.data.loaders.file_labels import HOME_OF, STATEMENT_LABELS
from acumen.data.loaders.file_meta import AMBIGUOUS_SYMBOLS, UNIT_FACTORS, iso_currency, unit_name
from acumen.data.loaders.file_reading import FileReading
from acumen.data.schema import CORE_ITEMS, LINE_ITEM_LABELS, LINE_ITEMS
from acumen.data.statements import build_statements, combine, make_companies
from acumen.errors import AcumenError

MAPPING_COLUMNS = ("file", "sheet", "row", "label", "item", "status", "unit", "currency", "note")


class MultipleCompaniesError(AcumenError):
    """A file holds several companies and none was chosen; ``companies`` lists them."""

    def __init__(self, companies: list[str], source: str) -> None:
        self.companies = companies
        shown = ", ".join(f"'{clip_text(c, 30)}'" for c in companies[:8])
        more = f" and {len(companies) - 8} more" if len(companies) > 8 else ""
        super().__init__(
            f"the file holds several companies ({len(companies)}: {shown}{more})",
            source=source,
            fix="Choose the client with --company NAME (or in the upload box); the others "
            "are offered as its peers.",
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
    batches: dict[tuple[int, ...], list[str]] = {}
    for group_id, members in _groups(readings, frames).items():
        if group_id in clients or group_id in peer_ids:
            batches.setdefault(tuple(members), []).append(group_id)
    parts, peer_parts, mapping = [], [], []
    for members, ids in batches.items():
        batch = _Batch(
            readings=[readings[i] for i in members],
            ids=ids,
            clients=[i for i in ids if i in clients],
            source=source_label or "upload: " + ", ".join(readings[i].source for i in members),
        )
        file_notes = [n for r in batch.readings for n in warnings.get(r.source, []) + r.notes]
        observed = pd.concat([frames[i] for i in members], ignore_index=True)
        if len(ids) < observed["company"].nunique():
            observed = observed.loc[observed["company"].isin(ids)].reset_index(drop=True)
        observed, unit_notes = _scale(observed, batch.readings, chosen_unit)
        observed = _refuse_overflow(observed, batch)
        currencies = _currencies(observed, batch, chosen_currency)
        picked, status = _pick(observed, batch)
        table = _table(picked, observed, batch)
        for client in batch.clients:
            notes = file_notes + unit_notes + batch.notes.get(client, [])
            notes += _missing_core(table.loc[[client]], batch.readings)
            parts.append(_statements(table.loc[[client]], batch, currencies, _dedupe(notes)))
            mask = observed["company"] == client
            mapping.append(_mapping(observed.loc[mask], status, batch.readings))
        present = set(table.index.get_level_values("company"))
        peers = [i for i in ids if i not in batch.clients and i in present]
        if peers:
            peer_notes = _dedupe(file_notes + unit_notes)
            peer_parts.append(_statements(table.loc[peers], batch, currencies, peer_notes))
        if batch.dropped and parts:
            parts[-1].attrs["warnings"].append(_dropped_note(batch.dropped))
    statements = combine(parts)
    statements.attrs["incomplete"] = {k: v for p in parts for k, v in p.attrs["incomplete"].items()}
    peers = combine(peer_parts) if peer_parts else None
    mapping_table = pd.concat(mapping, ignore_index=True) if mapping else pd.DataFrame()
    statements.attrs["mapping"] = mapping_table
    return Assembled(statements, peers, mapping_table, list(statements.attrs["warnings"]))


@dataclass
class _Batch:
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


def _statements(
    table: pd.DataFrame, batch: _Batch, currencies: dict[str, str], notes: list[str]
) -> pd.DataFrame:
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
    statements.attrs["incomplete"] = {
        c: [i for i in CORE_ITEMS if blank.loc[c, i]] for c in ids if c in batch.clients
    }
    return statements


def _dropped_note(dropped: dict[str, str]) -> str:
    shown = "; ".join(
        f"'{clip_text(c, 30)}' ({clip_text(why, 120)})" for c, why in list(dropped.items())[:3]
    )
    more = f" and {len(dropped) - 3} more" if len(dropped) > 3 else ""
    return f"Left out {len(dropped)} compan{'y' if len(dropped) == 1 else 'ies'} of the file as peers: {shown}{more}."


# --------------------------------------------------------------------------- companies


def _refuse_empty(reading: FileReading) -> None:
    ctx = LoadContext(source=reading.source)
    if reading.quarters_only:
        raise ctx.error(
            "the file holds quarterly (or TTM) figures only; quarterly analysis is not "
            "available yet",
            fix="Upload annual statements (one column or row per fiscal year), or a file "
            "whose quarter-4 rows are year-to-date totals.",
        )
    raise ctx.error(
        "no recognisable line items with figures: expected labels like Revenue, "
        "Net income or Total assets in the first column",
        fix="Put line items (Revenue, Net income, Total assets…) in the first column and one "
        "year per column in a header row (2021, 2022, 2023), or download the template.",
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
            f"no company '{clip_text(company)}' in the file",
            source=source,
            fix=f"Choose one of: {shown}.",
        )
    return [found], set(names) - {found}


def _groups(readings: list[FileReading], frames: list[pd.DataFrame]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for i, frame in enumerate(frames):
        for name in frame["company"].dropna().unique():
            groups.setdefault(name, []).append(i)
    return groups


# --------------------------------------------------------------------------- unit, currency


def _scale(
    observed: pd.DataFrame, readings: list[FileReading], chosen: str | None
) -> tuple[pd.DataFrame, list[str]]:
    """Observations with ``value`` in full units, and what was assumed."""
    notes = []
    stated = {r.source: r.unit for r in readings}
    known = {u for u in stated.values() if u}
    file_unit = {}
    for reading in readings:
        name = reading.source
        if chosen is not None:
            said = reading.unit or ", ".join(sorted(set(reading.observations["unit"].dropna())))
            if said and said != chosen:
                notes.append(f"{name}: figures read as {chosen}, as chosen; the file says {said}.")
            else:
                notes.append(f"{name}: figures read as {chosen}, as chosen.")
            file_unit[name] = chosen
        elif reading.unit:
            file_unit[name] = reading.unit
            notes.append(f"{name}: figures read as {reading.unit}, as the file states.")
        elif len(known) == 1:
            file_unit[name] = next(iter(known))
            donor = next(s for s, u in stated.items() if u)
            notes.append(
                f"{name} states no unit; read as {file_unit[name]}, as {donor} (same company) "
                "states. Set the unit if not."
            )
        elif reading.provider is not None:
            provider, unit = reading.provider
            file_unit[name] = unit
            notes.append(
                f"{name} states no unit; read as {unit}, as {provider} exports are. "
                "Set the unit (--unit, or the Unit box) if not."
            )
        else:
            file_unit[name] = "units"
            rows = observed.loc[observed["file"] == name, "unit"]
            if rows.isna().any():
                notes.append(
                    f"{name} states no unit; figures read as full units. Add a line such as "
                    "'in millions' or set the unit (--unit, or the Unit box) if they are not."
                )
    row_unit = observed["unit"].where(observed["unit"].notna() & (chosen is None))
    units = row_unit.fillna(observed["file"].map(file_unit))
    labelled = observed.loc[observed["unit"].notna() & (chosen is None), "unit"]
    if len(labelled):
        notes.append(
            "Units read from the labels: "
            + ", ".join(sorted(set(labelled)))
            + " (e.g. '"
            + clip_text(observed.loc[labelled.index[0], "label"], 40)
            + "')."
        )
    scaled = observed.copy()
    scaled["unit"] = units
    with np.errstate(over="ignore"):  # 1e305 in billions: refused by _refuse_overflow
        scaled["value"] = observed["value"] * units.map(UNIT_FACTORS).astype("float64")
    return scaled, notes


def _refuse_overflow(observed: pd.DataFrame, batch: _Batch) -> pd.DataFrame:
    """Refuse a figure beyond ±MAX_FIGURE in full units (or one that overflowed once the unit
    was applied), naming its cell; a peer with one is left out."""
    value = observed["value"].to_numpy(dtype="float64")
    bad = ~np.isnan(value) & ~(np.abs(value) <= MAX_FIGURE)
    if not bad.any():
        return observed
    for _, row in observed.loc[bad].drop_duplicates("company").iterrows():
        if row["company"] not in batch.dropped:
            batch.refuse(row["company"], _overflow_error(row))
    return observed.loc[~observed["company"].isin(list(batch.dropped))]


def _overflow_error(row: pd.Series) -> AcumenError:
    sheet = row.get("sheet")
    where = f"sheet '{clip_text(sheet, 30)}': " if isinstance(sheet, str) and sheet else ""
    value = float(row["value"])
    size = f"is {format_figure(value)}" if np.isfinite(value) else "overflows"
    column = row["column"] if isinstance(row["column"], str) and row["column"] else row["label"]
    name = _item_label(row["item"])
    if str(row["label"]).strip().lower() != name.lower():
        name += f" ('{clip_text(row['label'], 40)}')"
    return AcumenError(
        f"{where}{name} for fiscal "
        f"{row['fiscal_year']} {size} once read as {row['unit']}, beyond the ±{MAX_FIGURE:.0e} "
        "that any real figure stays within",
        source=row["file"],
        row=int(row["row"]),
        column=clip_text(column, 40),
        fix="Check the cell and the unit (a figure in full units read as billions?); "
        "set the unit (--unit, or the Unit box) or correct the figure.",
    )


def _currency(
    observed: pd.DataFrame, readings: list[FileReading], chosen: str | None
) -> tuple[str, list[str]]:
    stated = {r.currency for r in readings if r.currency}
    stated |= {iso_currency(c) for c in observed["currency"].dropna().unique()}
    if chosen is not None:
        notes = []
        if stated and stated != {chosen}:
            notes.append(
                f"Currency set to {chosen}, as chosen; the file says {', '.join(sorted(stated))}."
            )
        return chosen, notes
    if len(stated) > 1:
        raise AcumenError(
            f"the files use several currencies ({', '.join(sorted(stated))})",
            source=", ".join(r.source for r in readings),
            fix="Load one currency per company, or set the currency explicitly.",
        )
    if stated:
        code = next(iter(stated))
        texts = {r.currency_text for r in readings if r.currency_text}
        ambiguous = [t for t in texts if t in AMBIGUOUS_SYMBOLS]
        if ambiguous and not observed["currency"].notna().any():
            symbol = ambiguous[0]
            return code, [
                f"Currency read as {code} from the '{symbol}' sign, which also stands for "
                f"{AMBIGUOUS_SYMBOLS[symbol]}; set the currency (--currency, or the Currency "
                "box) if it is not."
            ]
        silent = [
            r.source
            for r in readings
            if not r.currency
            and not observed.loc[observed["file"] == r.source, "currency"].notna().any()
        ]
        if silent and len(readings) > 1:
            return code, [
                f"{', '.join(silent)} states no currency; read as {code}, as the other files "
                "of the same company state."
            ]
        return code, []
    if observed["label"].astype(str).str.contains("元").any():
        return "CNY", [
            "No currency stated; read as CNY from the yuan (元) in the labels. Set the "
            "currency (--currency, or the Currency box) if the yuan are not renminbi (TWD…)."
        ]
    return "USD", [
        "No currency stated; assumed USD. Set the currency (--currency, or the Currency box) "
        "if it is not, or add a line such as 'Currency: EUR'."
    ]


def _currencies(observed: pd.DataFrame, batch: _Batch, chosen: str | None) -> dict[str, str]:
    """Each company's currency: :func:`_currency` once per distinct set of currencies the
    companies' rows state (a bulk file's 4,000 companies are one or two calls)."""
    pairs = observed[["company", "currency"]].dropna().drop_duplicates()
    codes = pairs["currency"].map({c: iso_currency(c) for c in pairs["currency"].unique()})
    by_company = codes.groupby(pairs["company"])
    several = by_company.nunique() > 1
    stated = by_company.first().map(lambda code: (code,))
    for company, rows in codes.groupby(pairs["company"]).__iter__() if several.any() else ():
        if several[company]:
            stated[company] = tuple(sorted(set(rows)))
    signature = pd.Series([stated.get(c, ()) for c in batch.ids], index=batch.ids)
    out: dict[str, str] = {}
    for _, companies in signature.groupby(signature, sort=False):
        ids = list(companies.index)
        sample = next((c for c in ids if c in batch.clients), ids[0])
        rows = observed.loc[observed["company"] == sample] if len(batch.ids) > 1 else observed
        try:
            code, notes = _currency(rows, batch.readings, chosen)
        except AcumenError as error:
            for c in ids:
                batch.refuse(c, error)
            continue
        out.update(dict.fromkeys(ids, code))
        for c in ids:
            for note in notes:
                batch.note(c, note)
    return out


# --------------------------------------------------------------------------- one figure per item


#: Items resolved after the pick from all their rows (several rows are expected).
_RESOLVED_LATER = ("profit_owners", "profit_nci")
_KEY = ["company", "fiscal_year", "item"]


def _pick(observed: pd.DataFrame, batch: _Batch) -> tuple[pd.DataFrame, pd.Series]:
    """The chosen observation per (company, fiscal year, item), and each observation's
    status; notes (for the clients) on rows set aside that differ and on years filled
    from another row.

    Order: a non-zero figure before a zero one (a row of zeros is a blank where another row
    gives the item), then alias priority, then the item's own statement, then file order.
    """
    ranked = observed.loc[~observed["item"].isin(_RESOLVED_LATER)]
    home = ranked["item"].map(HOME_OF)
    ranked = ranked.assign(
        _zero=(ranked["value"] == 0).astype(int),
        _home=(ranked["statement"].notna() & (ranked["statement"] != home)).astype(int),
        _order=np.arange(len(ranked)),
    )
    ranked = ranked.sort_values([*_KEY, "_zero", "priority", "_home", "_order"], kind="stable")
    first = ~ranked.duplicated(_KEY, keep="first")
    picked = ranked.loc[first]
    keys = pd.MultiIndex.from_frame(ranked[_KEY])
    winners = picked.set_index(_KEY).reindex(keys)
    chosen_value = winners["value"].to_numpy()
    scale = np.maximum(np.abs(chosen_value), 1.0)
    differs = (np.abs(ranked["value"].to_numpy() - chosen_value) > 1e-6 * scale) & ~first.to_numpy()
    _refuse_same_label(ranked, differs, winners, batch)
    status = pd.Series("used", index=observed.index)
    status[ranked.index[~first.to_numpy()]] = "set aside: same figure as the row used"
    status[ranked.index[differs]] = "set aside: differs from the row used"
    _pick_notes(ranked, picked, differs, winners, batch)
    return picked, status


def _pick_notes(
    ranked: pd.DataFrame,
    picked: pd.DataFrame,
    differs: np.ndarray,
    winners: pd.DataFrame,
    batch: _Batch,
) -> None:
    clients = ranked["company"].isin(batch.clients).to_numpy()
    ranked_winner = pd.Series(winners["label"].to_numpy(), index=ranked.index)
    for (company, item), rows in ranked.loc[differs & clients].groupby(
        ["company", "item"], sort=False
    ):
        years = sorted(rows["fiscal_year"].unique())
        label = ranked_winner[rows.index].mode().iloc[0]
        mine = picked.loc[(picked["company"] == company) & (picked["item"] == item)]
        winner = mine.loc[mine["label"] == label].iloc[0]
        others = rows.drop_duplicates("label")
        set_aside = ", ".join(
            f"'{clip_text(r['label'], 50)}' ({_where(r)})" for _, r in others.head(3).iterrows()
        )
        batch.note(
            company,
            f"{_item_label(item)}: used '{clip_text(winner['label'], 50)}' ({_where(winner)}); set "
            f"aside {set_aside}, which differs in {len(years)} year(s) "
            f"({', '.join(map(str, years[:5]))}).",
        )
    mine = picked.loc[picked["company"].isin(batch.clients)]
    for (company, item), rows in mine.groupby(["company", "item"], sort=False):
        labels = rows["label"].value_counts()
        for label in labels.index[1:]:
            years = sorted(rows.loc[rows["label"] == label, "fiscal_year"])
            batch.note(
                company,
                f"{_item_label(item)} for fiscal {', '.join(map(str, years[:5]))} is from "
                f"'{clip_text(label, 50)}', where '{clip_text(labels.index[0], 50)}' is blank or zero.",
            )


def _refuse_same_label(
    ranked: pd.DataFrame, differs: np.ndarray, winners: pd.DataFrame, batch: _Batch
) -> None:
    """Two rows with the same label and different figures leave nothing to choose by."""
    if not differs.any():
        return
    rows = ranked.loc[differs]
    best = winners.loc[differs]
    labels = pd.unique(np.concatenate([rows["label"].to_numpy(), best["label"].to_numpy()]))
    key = {label: normalise_label(label) for label in labels}
    same = (
        (rows["label"].map(key).to_numpy() == best["label"].map(key).to_numpy())
        & (rows["file"].to_numpy() == best["file"].to_numpy())
        & (rows["sheet"].fillna("").to_numpy() == best["sheet"].fillna("").to_numpy())
    )
    for (_, row), (_, winner) in zip(
        rows.loc[same].iterrows(), best.loc[same].iterrows(), strict=True
    ):
        if row["company"] in batch.dropped:
            continue
        batch.refuse(row["company"], _same_label_error(row, winner))


def _same_label_error(row: pd.Series, best: pd.Series) -> AcumenError:
    ctx = LoadContext(source=row["file"])
    name = LINE_ITEM_LABELS.get(row["item"], row["item"])
    if row["row"] != best["row"]:
        rows = sorted([int(best["row"]), int(row["row"])])
        return ctx.error(
            f"rows {rows[0]} ('{clip_text(best['label'])}') and {rows[1]} "
            f"('{clip_text(row['label'])}') are both {name} with different figures",
            row=rows[1],
            fix="Keep one of them: delete or rename the other row.",
        )
    return ctx.error(
        f"two columns '{clip_text(row['label'])}' give {name} with different figures",
        column=clip_text(row["label"]),
        fix="Keep one of them: delete or rename the other column.",
    )


def _item_label(item: str) -> str:
    return LINE_ITEM_LABELS.get(item, item.replace("_", " ")).capitalize()


def _where(row: pd.Series) -> str:
    parts = [str(row["file"])]
    if row.get("sheet") and not pd.isna(row.get("sheet")):
        parts.append(f"sheet '{clip_text(row['sheet'], 30)}'")
    parts.append(f"row {row['row']}")
    return ", ".join(parts)


# --------------------------------------------------------------------------- table and checks


def _table(picked: pd.DataFrame, observed: pd.DataFrame, batch: _Batch) -> pd.DataFrame:
    """Wide table ((company, fiscal year) x item) in full units: costs positive, profit and
    equity on the owners' basis, bonds in long-term debt, totals checked (a peer whose
    totals fail is left out)."""
    table = picked.pivot(index=["company", "fiscal_year"], columns="item", values="value")
    for item in (*LINE_ITEMS, *AUXILIARY_ITEMS):
        if item not in table.columns:
            table[item] = np.nan
    _flip_costs(table, batch)
    _owners_profit(table, observed, batch)
    _add_bonds(table, picked, batch)
    _resolve_equity(table, observed, batch)
    _check_totals(table, picked, batch)
    table = table.loc[~table.index.get_level_values("company").isin(list(batch.dropped))]
    _note_implausible(table, batch)
    ends = picked.dropna(subset=["period_end"]).drop_duplicates(["company", "fiscal_year"])
    table["period_end"] = ends.set_index(["company", "fiscal_year"])["period_end"].reindex(
        table.index
    )
    table = table.drop(columns=list(AUXILIARY_ITEMS))
    table = table.reindex(columns=list(dict.fromkeys([*LINE_ITEMS, *table.columns])))
    return table


def _company_years(mask: pd.Series) -> dict[str, list]:
    """{company: [fiscal years]} where ``mask`` (indexed by company, fiscal_year) holds."""
    hits = mask.index[mask.to_numpy()]
    out: dict[str, list] = {}
    for company, year in hits:
        out.setdefault(company, []).append(year)
    return out


def _flip_costs(table: pd.DataFrame, batch: _Batch) -> None:
    """Costs printed as negative amounts in every year of a company are stored positive."""
    flipped: dict[str, list[str]] = {}
    for item in EXPENSE_ITEMS:
        column = table[item]
        by_company = column.index.get_level_values("company")
        positive = (column > 0).groupby(by_company).transform("any")
        negative = (column < 0).groupby(by_company).transform("any")
        flip = negative & ~positive
        if flip.any():
            table.loc[flip.to_numpy(), item] = -column[flip.to_numpy()]
            for company in by_company[flip.to_numpy()].unique():
                flipped.setdefault(company, []).append(LINE_ITEM_LABELS[item])
    for company, items in flipped.items():
        batch.note(
            company,
            f"Stored as positive amounts (the file shows them as negative): {', '.join(items)}.",
        )


def _candidates(observed: pd.DataFrame, items: tuple[str, ...]) -> pd.DataFrame:
    """Every observation of ``items``: company, fiscal_year, item, value, label (file order)."""
    mask = observed["item"].isin(items)
    return observed.loc[mask, ["company", "fiscal_year", "item", "value", "label"]]


def _first_close(
    candidates: pd.DataFrame, target: pd.Series, tolerance: float
) -> tuple[pd.Series, pd.Series]:
    """Per (company, fiscal year): the first candidate value within ``tolerance`` of
    ``target`` (relative, at least 1 unit), and its label."""
    aim = target.reindex(pd.MultiIndex.from_frame(candidates[["company", "fiscal_year"]]))
    aim = aim.to_numpy()
    close = np.abs(candidates["value"].to_numpy() - aim) <= tolerance * np.maximum(np.abs(aim), 1.0)
    hits = candidates.loc[close].drop_duplicates(["company", "fiscal_year"])
    hits = hits.set_index(["company", "fiscal_year"])
    return hits["value"].reindex(target.index), hits["label"].reindex(target.index)


def _owners_profit(table: pd.DataFrame, observed: pd.DataFrame, batch: _Batch) -> None:
    """Net income on the owners' basis where the file splits the profit: a row of the
    owners' share and one of the non-controlling interests' that add up to the profit
    (within 0.5%) replace it by the owners' share, so ROE matches owners' equity."""
    owners = _candidates(observed, ("profit_owners",))
    nci = _candidates(observed, ("profit_nci",))
    if owners.empty or nci.empty:
        return
    pairs = owners.merge(nci, on=["company", "fiscal_year"], suffixes=("", "_nci"))
    profit = table["net_income"].reindex(
        pd.MultiIndex.from_frame(pairs[["company", "fiscal_year"]])
    )
    sums = pairs["value"].to_numpy() + pairs["value_nci"].to_numpy()
    good = np.abs(sums - profit.to_numpy()) <= 0.005 * np.maximum(np.abs(profit.to_numpy()), 1.0)
    found = pairs.loc[good].drop_duplicates(["company", "fiscal_year"])
    if found.empty:
        return
    index = pd.MultiIndex.from_frame(found[["company", "fiscal_year"]])
    table.loc[index, "net_income"] = found["value"].to_numpy()
    for company, rows in found.groupby("company", sort=False):
        batch.note(
            company,
            f"Net income is the owners' share, '{clip_text(rows['label'].iloc[0], 50)}' (profit less "
            f"'{clip_text(rows['label_nci'].iloc[0], 50)}'), for fiscal "
            f"{', '.join(str(y) for y in rows['fiscal_year'][:6])}, so ROE compares the owners' "
            "profit with the owners' equity.",
        )


def _add_bonds(table: pd.DataFrame, picked: pd.DataFrame, batch: _Batch) -> None:
    """Long-term debt = loans + bonds payable where the file gives them on separate rows
    (a long-term debt row that is a total already holds its bonds)."""
    bonds = table["bonds_payable"]
    has = bonds.notna() & (bonds != 0)
    if not has.any():
        return
    debt_rows = picked.loc[picked["item"] == "long_term_debt"].set_index(["company", "fiscal_year"])
    label = debt_rows["label"].reindex(table.index)
    total = label.fillna("").str.contains(r"^total|合计|合計|総額", case=False, regex=True)
    add = has & ~total.to_numpy()
    table.loc[add, "long_term_debt"] = table.loc[add, "long_term_debt"].fillna(0) + bonds[add]
    for company, years in _company_years(add).items():
        loans = label.loc[company].dropna()
        batch.note(
            company,
            "Long-term debt = "
            + (f"'{clip_text(loans.iloc[0], 40)}' + " if len(loans) else "")
            + f"bonds payable for fiscal {', '.join(str(y) for y in years[:6])}.",
        )


def _resolve_equity(table: pd.DataFrame, observed: pd.DataFrame, batch: _Batch) -> None:
    """Owners' equity into ``equity`` and total equity (with minority interest) into
    ``total_equity``, from whichever equity rows the file gives (see module docstring)."""
    candidates = _candidates(observed, ("equity", "equity_owners", "total_equity"))
    if candidates.empty:
        return
    balancing = table["total_assets"] - table["total_liabilities"]
    nci = table["minority_interest"]
    balanced, _ = _first_close(candidates, balancing, 0.01)
    total = balanced.fillna(table["total_equity"])
    owners = table["equity_owners"]
    missing = owners.isna() & np.isfinite(nci) & (nci != 0) & np.isfinite(total)
    target = (total - nci).where(missing)
    close, _ = _first_close(candidates, target, 0.005)
    owners = owners.fillna(close.fillna(target).where(missing))
    general = table["equity"]
    table["total_equity"] = total.fillna(general.where(nci.isna() | (nci == 0)))
    resolved = owners.fillna(
        general.where(nci.isna() | (nci == 0) | general.ne(table["total_equity"]))
    )
    resolved = resolved.fillna(table["total_equity"] - nci.fillna(0))
    with_nci = (nci.fillna(0) != 0) & resolved.notna()
    for company, years in _company_years(with_nci).items():
        batch.note(
            company,
            "Equity: ROE uses the equity attributable to the owners (without non-controlling "
            f"interests) for fiscal {', '.join(str(y) for y in years[:6])}; the balance-sheet "
            "check uses total equity including them.",
        )
    table["equity"] = resolved


def _year_where(picked: pd.DataFrame, company: str, year: object) -> dict:
    """Where a company's fiscal year sits in its file (its total-assets row or column)."""
    rows = picked.loc[(picked["company"] == company) & (picked["fiscal_year"] == year)]
    anchor = rows.loc[rows["item"] == "total_assets"]
    row = (anchor if len(anchor) else rows).iloc[0]
    if row["column"] is None or pd.isna(row["column"]):
        return {"source": row["file"], "row": int(row["row"])}
    return {"source": row["file"], "column": row["column"]}


def _check_totals(table: pd.DataFrame, picked: pd.DataFrame, batch: _Batch) -> None:
    """Gross profit and the balance sheet must match their parts within 1%: a client's
    mismatch is refused, a peer's leaves the peer out."""
    frame = table.assign(equity=table["total_equity"].fillna(table["equity"]))
    for check in TOTAL_CHECKS:
        second = check.second
        expected = frame[check.first] + check.sign * frame[second]
        bad = (frame[check.total] - expected).abs() > 0.01 * frame[check.scale].abs()
        for company, years in _company_years(bad).items():
            if company in batch.dropped:
                continue
            year = years[0]
            total, a, b = frame.loc[(company, year), [check.total, check.first, second]]
            problem = check.wording.format(
                total=format_figure(total),
                a=format_figure(a),
                b=format_figure(b),
                expected=format_figure(expected[(company, year)]),
            )
            place = _year_where(picked, company, year)
            batch.refuse(company, AcumenError(f"fiscal {year}: {problem}", **place, fix=check.fix))


def _note_implausible(table: pd.DataFrame, batch: _Batch) -> None:
    """A note (for the clients) per PLAUSIBILITY check a company fails, naming the company
    and the fiscal years: negative revenue, total assets or inventory, a margin beyond
    ±1,000%."""
    frame = table.loc[table.index.get_level_values("company").isin(batch.clients)]
    if frame.empty:
        return
    items = frame.assign(
        gross_profit=frame["gross_profit"].fillna(frame["revenue"] - frame["cost_of_revenue"])
    )
    for check in PLAUSIBILITY:
        value = items[check.item]
        if check.per is not None:
            base = items[check.per]
            value = value / base.where(base > 0)  # a margin on revenue that is positive
        bad = (value < check.low) | (value > check.high)
        for company, years in _company_years(bad).items():
            first = float(value.loc[(company, years[0])])
            shown = f"{first * 100:,.0f}%" if check.per is not None else format_figure(first)
            shown = shown.replace("-", "−") + (f" in {years[0]}" if len(years) > 1 else "")
            listed = ", ".join(map(str, years[:5])) + (" …" if len(years) > 5 else "")
            batch.note(
                company,
                f"Implausible figures for {clip_text(company)}: {check.wording} in fiscal "
                f"{listed} ({shown}). {check.fix}",
            )


def _missing_core(table: pd.DataFrame, readings: list[FileReading]) -> list[str]:
    notes = []
    names = ", ".join(r.source for r in readings)
    for item in CORE_ITEMS:
        if item in table.columns and table[item].notna().any():
            continue
        looked = [u for r in readings for u in r.unknown][:6]
        shown = "; ".join(f"row {row} '{label}'" for _, row, label in looked if label)
        notes.append(
            f"No {LINE_ITEM_LABELS[item]} found in {names}"
            + (f" (rows not recognised include: {shown})" if shown else "")
            + f". Every metric that needs {LINE_ITEM_LABELS[item]} is n/a and the analysis "
            "is incomplete; add a row labelled like 'Revenue', 'Net income' or 'Total assets', "
            "or pick the row in the mapping."
        )
    return notes


# --------------------------------------------------------------------------- what was read


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
