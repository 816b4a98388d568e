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
from acumen.data.loaders.file_meta import (
    AMBIGUOUS_SYMBOLS,
    UNIT_FACTORS,
    iso_currency,
    unit_words,
)
from acumen.data.loaders.file_reading import FileReading
from acumen.errors import AcumenError
from acumen.i18n import _


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
            read_as = dict(file=name, unit=unit_words(chosen))
            if said and said != chosen:
                notes.append(
                    _("{file}: figures read as {unit}, as chosen; the file says {said}.").format(
                        said=", ".join(unit_words(u) for u in said.split(", ")), **read_as
                    )
                )
            else:
                notes.append(_("{file}: figures read as {unit}, as chosen.").format(**read_as))
            file_unit[name] = chosen
        elif reading.unit:
            file_unit[name] = reading.unit
            notes.append(
                _("{file}: figures read as {unit}, as the file states.").format(
                    file=name, unit=unit_words(reading.unit)
                )
            )
        elif len(known) == 1:
            file_unit[name] = next(iter(known))
            donor = next(s for s, u in stated.items() if u)
            notes.append(
                _(
                    "{file} states no unit; read as {unit}, as {donor} (same company) "
                    "states. Set the unit if not."
                ).format(file=name, unit=unit_words(file_unit[name]), donor=donor)
            )
        elif reading.provider is not None:
            provider, unit = reading.provider
            file_unit[name] = unit
            notes.append(
                _(
                    "{file} states no unit; read as {unit}, as {provider} exports are. "
                    "Set the unit (--unit, or the Unit box) if not."
                ).format(file=name, unit=unit_words(unit), provider=provider)
            )
        else:
            file_unit[name] = "units"
            rows = observed.loc[observed["file"] == name, "unit"]
            if rows.isna().any():
                notes.append(
                    _(
                        "{file} states no unit; figures read as full units. Add a line such as "
                        "'in millions' or set the unit (--unit, or the Unit box) if they are not."
                    ).format(file=name)
                )
    row_unit = observed["unit"].where(observed["unit"].notna() & (chosen is None))
    units = row_unit.fillna(observed["file"].map(file_unit))
    labelled = observed.loc[observed["unit"].notna() & (chosen is None), "unit"]
    if len(labelled):
        notes.append(
            _("Units read from the labels: {units} (e.g. '{label}').").format(
                units=", ".join(unit_words(u) for u in sorted(set(labelled))),
                label=clip_text(observed.loc[labelled.index[0], "label"], 40),
            )
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
    for _index, row in observed.loc[bad].drop_duplicates("company").iterrows():
        if row["company"] not in batch.dropped:
            batch.refuse(row["company"], _overflow_error(row))
    return observed.loc[~observed["company"].isin(list(batch.dropped))]


def _overflow_error(row: pd.Series) -> AcumenError:
    sheet = row.get("sheet")
    value = float(row["value"])
    column = row["column"] if isinstance(row["column"], str) and row["column"] else row["label"]
    name = item_label(row["item"])
    if str(row["label"]).strip().lower() != name.lower():
        name = _("{item} ('{label}')").format(item=name, label=clip_text(row["label"], 40))
    problem = (
        _(
            "{item} for fiscal {year} is {value} once read as {unit}, beyond the ±{limit} "
            "that any real figure stays within"
        )
        if np.isfinite(value)
        else _(
            "{item} for fiscal {year} overflows once read as {unit}, beyond the ±{limit} "
            "that any real figure stays within"
        )
    ).format(
        item=name,
        year=row["fiscal_year"],
        value=format_figure(value) if np.isfinite(value) else "",
        unit=unit_words(row["unit"]),
        limit=f"{MAX_FIGURE:.0e}",
    )
    sheet = row.get("sheet")
    if isinstance(sheet, str) and sheet:
        problem = _("sheet '{sheet}': {problem}").format(
            sheet=clip_text(sheet, 30), problem=problem
        )
    return AcumenError(
        problem,
        source=row["file"],
        row=int(row["row"]),
        column=clip_text(column, 40),
        fix=_(
            "Check the cell and the unit (a figure in full units read as billions?); "
            "set the unit (--unit, or the Unit box) or correct the figure."
        ),
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
                _("Currency set to {currency}, as chosen; the file says {stated}.").format(
                    currency=chosen, stated=", ".join(sorted(stated))
                )
            )
        return chosen, notes
    if len(stated) > 1:
        raise AcumenError(
            _("the files use several currencies ({currencies})").format(
                currencies=", ".join(sorted(stated))
            ),
            source=", ".join(r.source for r in readings),
            fix=_("Load one currency per company, or set the currency explicitly."),
        )
    if stated:
        code = next(iter(stated))
        texts = {r.currency_text for r in readings if r.currency_text}
        ambiguous = [t for t in texts if t in AMBIGUOUS_SYMBOLS]
        if ambiguous and not observed["currency"].notna().any():
            symbol = ambiguous[0]
            return code, [
                _(
                    "Currency read as {currency} from the '{symbol}' sign, which also stands "
                    "for {others}; set the currency (--currency, or the Currency box) if it "
                    "is not."
                ).format(currency=code, symbol=symbol, others=_(AMBIGUOUS_SYMBOLS[symbol]))
            ]
        silent = [
            r.source
            for r in readings
            if not r.currency
            and not observed.loc[observed["file"] == r.source, "currency"].notna().any()
        ]
        if silent and len(readings) > 1:
            return code, [
                _(
                    "{files} states no currency; read as {currency}, as the other files "
                    "of the same company state."
                ).format(files=", ".join(silent), currency=code)
            ]
        return code, []
    if observed["label"].astype(str).str.contains("元").any():
        return "CNY", [
            _(
                "No currency stated; read as CNY from the yuan (元) in the labels. Set the "
                "currency (--currency, or the Currency box) if the yuan are not renminbi (TWD…)."
            )
        ]
    return "USD", [
        _(
            "No currency stated; assumed USD. Set the currency (--currency, or the Currency box) "
            "if it is not, or add a line such as 'Currency: EUR'."
        )
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
    for _signature, companies in signature.groupby(signature, sort=False):
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
