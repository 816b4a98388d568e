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

from acumen.aliases import normalise_label
from acumen.errors import AcumenError
from acumen.loaders.file_checks import EXPENSE_ITEMS, TOTAL_CHECKS, _fmt
from acumen.loaders.file_context import _Context, _text
from acumen.loaders.file_labels import HOME_OF, STATEMENT_LABELS
from acumen.loaders.file_meta import AMBIGUOUS_SYMBOLS, UNIT_FACTORS, iso_currency, unit_name
from acumen.loaders.file_reading import FileReading
from acumen.schema import CORE_ITEMS, LINE_ITEM_LABELS, LINE_ITEMS
from acumen.statements import build_statements, combine, make_companies

MAPPING_COLUMNS = ("file", "sheet", "row", "label", "item", "status", "unit", "currency", "note")


class MultipleCompaniesError(AcumenError):
    """A file holds several companies and none was chosen; ``companies`` lists them."""

    def __init__(self, companies: list[str], source: str) -> None:
        self.companies = companies
        shown = ", ".join(f"'{_text(c, 30)}'" for c in companies[:8])
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
    """Statements of every company in ``readings`` (see the module docstring)."""
    ctx = _Context(source=readings[0].source if len(readings) == 1 else "files")
    chosen_unit = unit_name(unit, ctx) if unit is not None else None
    chosen_currency = iso_currency(currency) if currency else None
    frames = []
    for reading in readings:
        if reading.observations.empty:
            _refuse_empty(reading)
        frames.append(_companies_of(reading, company))
    clients, peer_ids = _choose_client(readings, frames, company)
    groups = _groups(readings, frames)
    parts, peer_parts, mapping = [], [], []
    for group_id, members in groups.items():
        if group_id not in clients and group_id not in peer_ids:
            continue
        notes: list[str] = []
        for i in members:
            notes += warnings.get(readings[i].source, [])
            notes += readings[i].notes
        observed = pd.concat([frames[i] for i in members], ignore_index=True)
        observed = observed.loc[observed["company"] == group_id]
        observed, unit_notes = _scale(observed, [readings[i] for i in members], chosen_unit)
        cur, cur_notes = _currency(observed, [readings[i] for i in members], chosen_currency)
        picked, pick_notes, status = _pick(observed)
        table, checks = _table(picked, observed, group_id)
        core = _missing_core(table, [readings[i] for i in members])
        all_notes = _dedupe(notes + unit_notes + cur_notes + pick_notes + checks + core)
        source = source_label or "upload: " + ", ".join(readings[i].source for i in members)
        companies = make_companies(
            [{"id": group_id, "name": group_id, "ticker": None, "currency": cur, "source": source}]
        )
        statements = build_statements(
            table.reset_index(), companies, source=ctx.source, warnings=all_notes
        )
        statements.attrs["incomplete"] = {
            group_id: [i for i in CORE_ITEMS if table.get(i) is None or table[i].isna().all()]
        }
        (parts if group_id in clients else peer_parts).append(statements)
        if group_id in clients:
            mapping.append(_mapping(observed, status, [readings[i] for i in members]))
    incomplete = {k: v for p in parts for k, v in p.attrs["incomplete"].items()}
    statements = combine(parts)
    statements.attrs["incomplete"] = incomplete
    peers = combine(peer_parts) if peer_parts else None
    mapping_table = pd.concat(mapping, ignore_index=True) if mapping else pd.DataFrame()
    statements.attrs["mapping"] = mapping_table
    return Assembled(statements, peers, mapping_table, list(statements.attrs["warnings"]))


# --------------------------------------------------------------------------- companies


def _refuse_empty(reading: FileReading) -> None:
    ctx = _Context(source=reading.source)
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
    names = list(dict.fromkeys(c for f in frames for c in f["company"].dropna()))
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
        shown = ", ".join(f"'{_text(n, 30)}'" for n in names[:8])
        raise AcumenError(
            f"no company '{_text(company)}' in the file",
            source=source,
            fix=f"Choose one of: {shown}.",
        )
    return [found], set(names) - {found}


def _groups(readings: list[FileReading], frames: list[pd.DataFrame]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for i, frame in enumerate(frames):
        for name in dict.fromkeys(frame["company"].dropna()):
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
            + _text(observed.loc[labelled.index[0], "label"], 40)
            + "')."
        )
    scaled = observed.copy()
    scaled["unit"] = units
    scaled["value"] = observed["value"] * units.map(UNIT_FACTORS).astype("float64")
    return scaled, notes


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


# --------------------------------------------------------------------------- one figure per item


def _pick(observed: pd.DataFrame) -> tuple[pd.DataFrame, list[str], pd.Series]:
    """The chosen observation per (fiscal year, item); notes on rows set aside that differ
    and on years filled from another row; each observation's status.

    Order: a non-zero figure before a zero one (a row of zeros is a blank where another row
    gives the item), then alias priority, then the item's own statement, then file order.
    """
    home = observed["item"].map(HOME_OF)
    ranked = observed.assign(
        _zero=(observed["value"] == 0).astype(int),
        _home=(observed["statement"].notna() & (observed["statement"] != home)).astype(int),
        _order=np.arange(len(observed)),
    ).sort_values(["fiscal_year", "item", "_zero", "priority", "_home", "_order"], kind="stable")
    first = ~ranked.duplicated(["fiscal_year", "item"], keep="first")
    picked = ranked.loc[first]
    keys = pd.MultiIndex.from_arrays([ranked["fiscal_year"], ranked["item"]])
    winners = picked.set_index(["fiscal_year", "item"])
    chosen_value = winners["value"].reindex(keys).to_numpy()
    chosen_label = winners["label"].reindex(keys).to_numpy()
    scale = np.maximum(np.abs(chosen_value), 1.0)
    differs = (np.abs(ranked["value"].to_numpy() - chosen_value) > 1e-6 * scale) & ~first.to_numpy()
    _refuse_same_label(ranked, differs, winners)
    status = pd.Series("used", index=ranked.index)
    status[~first.to_numpy()] = "set aside: same figure as the row used"
    status[differs] = "set aside: differs from the row used"
    notes = []
    ranked_winner = pd.Series(chosen_label, index=ranked.index)
    for item, rows in ranked.loc[differs].groupby("item", sort=False):
        years = sorted(rows["fiscal_year"].unique())
        label = ranked_winner[rows.index].mode().iloc[0]
        winner = picked.loc[(picked["item"] == item) & (picked["label"] == label)].iloc[0]
        others = rows.drop_duplicates("label")
        set_aside = ", ".join(
            f"'{_text(r['label'], 50)}' ({_where(r)})" for _, r in others.head(3).iterrows()
        )
        notes.append(
            f"{_item_label(item)}: used '{_text(winner['label'], 50)}' ({_where(winner)}); set "
            f"aside {set_aside}, which differs in {len(years)} year(s) "
            f"({', '.join(map(str, years[:5]))})."
        )
    for item, rows in picked.groupby("item", sort=False):
        labels = rows["label"].value_counts()
        if len(labels) > 1:
            main = labels.index[0]
            for label in labels.index[1:]:
                years = sorted(rows.loc[rows["label"] == label, "fiscal_year"])
                notes.append(
                    f"{_item_label(item)} for fiscal {', '.join(map(str, years[:5]))} is from "
                    f"'{_text(label, 50)}', where '{_text(main, 50)}' is blank or zero."
                )
    return picked, notes, status.reindex(observed.index)


def _refuse_same_label(ranked: pd.DataFrame, differs: np.ndarray, winners: pd.DataFrame) -> None:
    """Two rows with the same label and different figures leave nothing to choose by."""
    for index in ranked.index[differs]:
        row = ranked.loc[index]
        best = winners.loc[(row["fiscal_year"], row["item"])]
        same = normalise_label(row["label"]) == normalise_label(best["label"])
        if not same or row["file"] != best["file"] or row["sheet"] != best["sheet"]:
            continue
        ctx = _Context(source=row["file"])
        if row["row"] != best["row"]:
            rows = sorted([int(best["row"]), int(row["row"])])
            raise ctx.error(
                f"rows {rows[0]} ('{_text(best['label'])}') and {rows[1]} "
                f"('{_text(row['label'])}') are both {LINE_ITEM_LABELS.get(row['item'], row['item'])}"
                " with different figures",
                row=rows[1],
                fix="Keep one of them: delete or rename the other row.",
            )
        raise ctx.error(
            f"two columns '{_text(row['label'])}' give {LINE_ITEM_LABELS.get(row['item'], row['item'])}"
            " with different figures",
            column=_text(row["label"]),
            fix="Keep one of them: delete or rename the other column.",
        )


def _item_label(item: str) -> str:
    return LINE_ITEM_LABELS.get(item, item.replace("_", " ")).capitalize()


def _where(row: pd.Series) -> str:
    parts = [str(row["file"])]
    if row.get("sheet"):
        parts.append(f"sheet '{_text(row['sheet'], 30)}'")
    parts.append(f"row {row['row']}")
    return ", ".join(parts)


# --------------------------------------------------------------------------- table and checks


def _table(
    picked: pd.DataFrame, observed: pd.DataFrame, company: str
) -> tuple[pd.DataFrame, list[str]]:
    """Wide table (fiscal year x item) in full units, equity resolved, totals checked."""
    table = picked.pivot(index="fiscal_year", columns="item", values="value")
    table = table.reindex(columns=list(dict.fromkeys([*LINE_ITEMS, *table.columns])))
    notes = _flip_costs(table)
    notes += _resolve_equity(table, observed)
    where = _year_where(picked)
    _check_totals(table, where)
    ends = picked.dropna(subset=["period_end"]).drop_duplicates("fiscal_year")
    table["period_end"] = ends.set_index("fiscal_year")["period_end"].reindex(table.index)
    table["company"] = company
    table = table.drop(
        columns=["equity_owners", "total_equity", "minority_interest"], errors="ignore"
    )
    table.index.name = "fiscal_year"
    return table, notes


def _flip_costs(table: pd.DataFrame) -> list[str]:
    flipped = []
    for item in EXPENSE_ITEMS:
        column = table[item].dropna()
        if len(column) and (column <= 0).all() and (column < 0).any():
            table[item] = -table[item]
            flipped.append(LINE_ITEM_LABELS[item])
    if flipped:
        return [
            f"Stored as positive amounts (the file shows them as negative): {', '.join(flipped)}."
        ]
    return []


def _resolve_equity(table: pd.DataFrame, observed: pd.DataFrame) -> list[str]:
    """Owners' equity into ``equity`` and total equity (with minority interest) into
    ``total_equity``, from whichever equity rows the file gives (see module docstring)."""
    for item in ("equity_owners", "total_equity", "minority_interest"):
        if item not in table.columns:
            table[item] = np.nan
    equity_rows = observed.loc[observed["item"].isin(["equity", "equity_owners", "total_equity"])]
    if equity_rows.empty:
        return []
    balancing = table["total_assets"] - table["total_liabilities"]
    nci = table["minority_interest"]
    notes = []
    by_year = equity_rows.groupby("fiscal_year")
    total = table["total_equity"].copy()
    owners = table["equity_owners"].copy()
    for year, rows in by_year:
        values = rows["value"].to_numpy()
        b = balancing.get(year, np.nan)
        n = nci.get(year, np.nan)
        if np.isfinite(b):
            close = np.abs(values - b) <= 0.01 * max(abs(b), 1.0)
            if close.any():
                total[year] = values[close][0]
        if (
            np.isnan(owners.get(year, np.nan))
            and np.isfinite(n)
            and n != 0
            and np.isfinite(total.get(year, np.nan))
        ):
            target = total[year] - n
            close = np.abs(values - target) <= 0.005 * max(abs(target), 1.0)
            owners[year] = values[close][0] if close.any() else target
    general = table["equity"]
    table["total_equity"] = total.fillna(general.where(nci.isna() | (nci == 0)))
    resolved = owners.fillna(
        general.where(nci.isna() | (nci == 0) | general.ne(table["total_equity"]))
    )
    resolved = resolved.fillna(table["total_equity"] - nci.fillna(0))
    with_nci = table.index[(nci.fillna(0) != 0) & resolved.notna()]
    if len(with_nci):
        notes.append(
            "Equity: ROE uses the equity attributable to the owners (without non-controlling "
            f"interests) for fiscal {', '.join(str(y) for y in with_nci[:6])}; the balance-sheet "
            "check uses total equity including them."
        )
    table["equity"] = resolved
    return notes


def _year_where(picked: pd.DataFrame) -> dict:
    where = {}
    for year, rows in picked.groupby("fiscal_year"):
        anchor = rows.loc[rows["item"] == "total_assets"]
        row = (anchor if len(anchor) else rows).iloc[0]
        if row["column"] is None or pd.isna(row["column"]):
            where[year] = {"source": row["file"], "row": int(row["row"])}
        else:
            where[year] = {"source": row["file"], "column": row["column"]}
    return where


def _check_totals(table: pd.DataFrame, where: dict) -> None:
    """Refuse gross profit or a balance sheet that disagrees with its parts by > 1%."""
    for check in TOTAL_CHECKS:
        second = check.second
        frame = table.copy()
        if second == "equity":
            frame["equity"] = frame["total_equity"].fillna(frame["equity"])
        expected = frame[check.first] + check.sign * frame[second]
        bad = (frame[check.total] - expected).abs() > 0.01 * frame[check.scale].abs()
        if bad.any():
            year = bad[bad].index[0]
            total, a, b = frame.loc[year, [check.total, check.first, second]]
            problem = check.wording.format(
                total=_fmt(total), a=_fmt(a), b=_fmt(b), expected=_fmt(expected[year])
            )
            place = where.get(year, {})
            raise AcumenError(f"fiscal {year}: {problem}", **place, fix=check.fix)


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
