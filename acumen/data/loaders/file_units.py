"""Step 2 of assembling: unit and currency.

The argument wins (a note says what the file stated), else the row's own unit ("(万元)",
"USD Mil"), else the file's, else another file of the same company, else the provider's
convention, else full units / USD, always said. A figure beyond ±MAX_FIGURE in full units
is refused.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from acumen.data.loaders.file_batch import Batch, item_label
from acumen.data.loaders.file_checks import (
    MAX_FIGURE,
    format_figure,
)
from acumen.data.loaders.file_context import clip_text
from acumen.data.loaders.file_meta import AMBIGUOUS_SYMBOLS, UNIT_FACTORS, iso_currency
from acumen.data.loaders.file_reading import FileReading
from acumen.errors import AcumenError


def scale_units(
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
    with np.errstate(over="ignore"):  # 1e305 in billions: refused by refuse_overflow
        scaled["value"] = observed["value"] * units.map(UNIT_FACTORS).astype("float64")
    return scaled, notes


def refuse_overflow(observed: pd.DataFrame, batch: Batch) -> pd.DataFrame:
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
    name = item_label(row["item"])
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


def company_currencies(observed: pd.DataFrame, batch: Batch, chosen: str | None) -> dict[str, str]:
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
