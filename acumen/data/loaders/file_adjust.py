"""Steps 4 and 5 of assembling: the wide table ((company, fiscal year) × item) in full units.

Costs printed as negative are stored positive; profit and equity on the owners' basis
(total equity with non-controlling interests balances the balance sheet, ROE uses the
owners' equity); bonds added to long-term debt; gross profit and the balance sheet
checked (1%); implausible figures and a missing core item noted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from acumen.data.aliases import AUXILIARY_ITEMS
from acumen.data.loaders.file_batch import Batch, company_years
from acumen.data.loaders.file_checks import (
    EXPENSE_ITEMS,
    PLAUSIBILITY,
    TOTAL_CHECKS,
    format_figure,
)
from acumen.data.loaders.file_context import clip_text
from acumen.data.loaders.file_reading import FileReading
from acumen.data.schema import CORE_ITEMS, LINE_ITEM_LABELS, LINE_ITEMS
from acumen.errors import AcumenError
from acumen.i18n import _


def company_table(picked: pd.DataFrame, observed: pd.DataFrame, batch: Batch) -> pd.DataFrame:
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


def _flip_costs(table: pd.DataFrame, batch: Batch) -> None:
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
                flipped.setdefault(company, []).append(_(LINE_ITEM_LABELS[item]))
    for company, items in flipped.items():
        batch.note(
            company,
            _("Stored as positive amounts (the file shows them as negative): {items}.").format(
                items=", ".join(items)
            ),
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


def _owners_profit(table: pd.DataFrame, observed: pd.DataFrame, batch: Batch) -> None:
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
            _(
                "Net income is the owners' share, '{owners}' (profit less '{nci}'), for fiscal "
                "{years}, so ROE compares the owners' profit with the owners' equity."
            ).format(
                owners=clip_text(rows["label"].iloc[0], 50),
                nci=clip_text(rows["label_nci"].iloc[0], 50),
                years=", ".join(str(y) for y in rows["fiscal_year"][:6]),
            ),
        )


def _add_bonds(table: pd.DataFrame, picked: pd.DataFrame, batch: Batch) -> None:
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
    for company, years in company_years(add).items():
        loans = label.loc[company].dropna()
        listed = ", ".join(str(y) for y in years[:6])
        note = (
            _("Long-term debt = '{loans}' + bonds payable for fiscal {years}.")
            if len(loans)
            else _("Long-term debt = bonds payable for fiscal {years}.")
        )
        batch.note(
            company,
            note.format(loans=clip_text(loans.iloc[0], 40) if len(loans) else "", years=listed),
        )


def _resolve_equity(table: pd.DataFrame, observed: pd.DataFrame, batch: Batch) -> None:
    """Owners' equity into ``equity`` and total equity (with minority interest) into
    ``total_equity``, from whichever equity rows the file gives (see module docstring)."""
    candidates = _candidates(observed, ("equity", "equity_owners", "total_equity"))
    if candidates.empty:
        return
    balancing = table["total_assets"] - table["total_liabilities"]
    nci = table["minority_interest"]
    balanced, _labels = _first_close(candidates, balancing, 0.01)
    total = balanced.fillna(table["total_equity"])
    owners = table["equity_owners"]
    missing = owners.isna() & np.isfinite(nci) & (nci != 0) & np.isfinite(total)
    target = (total - nci).where(missing)
    close, _labels = _first_close(candidates, target, 0.005)
    owners = owners.fillna(close.fillna(target).where(missing))
    general = table["equity"]
    table["total_equity"] = total.fillna(general.where(nci.isna() | (nci == 0)))
    resolved = owners.fillna(
        general.where(nci.isna() | (nci == 0) | general.ne(table["total_equity"]))
    )
    resolved = resolved.fillna(table["total_equity"] - nci.fillna(0))
    with_nci = (nci.fillna(0) != 0) & resolved.notna()
    for company, years in company_years(with_nci).items():
        batch.note(
            company,
            _(
                "Equity: ROE uses the equity attributable to the owners (without "
                "non-controlling interests) for fiscal {years}; the balance-sheet check uses "
                "total equity including them."
            ).format(years=", ".join(str(y) for y in years[:6])),
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


def _check_totals(table: pd.DataFrame, picked: pd.DataFrame, batch: Batch) -> None:
    """Gross profit and the balance sheet must match their parts within 1%: a client's
    mismatch is refused, a peer's leaves the peer out."""
    frame = table.assign(equity=table["total_equity"].fillna(table["equity"]))
    for check in TOTAL_CHECKS:
        second = check.second
        expected = frame[check.first] + check.sign * frame[second]
        bad = (frame[check.total] - expected).abs() > 0.01 * frame[check.scale].abs()
        for company, years in company_years(bad).items():
            if company in batch.dropped:
                continue
            year = years[0]
            total, a, b = frame.loc[(company, year), [check.total, check.first, second]]
            problem = _(check.wording).format(
                total=format_figure(total),
                a=format_figure(a),
                b=format_figure(b),
                expected=format_figure(expected[(company, year)]),
            )
            place = _year_where(picked, company, year)
            problem = _("fiscal {year}: {problem}").format(year=year, problem=problem)
            batch.refuse(company, AcumenError(problem, **place, fix=_(check.fix)))


def _note_implausible(table: pd.DataFrame, batch: Batch) -> None:
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
        for company, years in company_years(bad).items():
            first = float(value.loc[(company, years[0])])
            shown = f"{first * 100:,.0f}%" if check.per is not None else format_figure(first)
            shown = shown.replace("-", "−")
            if len(years) > 1:
                shown = _("{value} in {year}").format(value=shown, year=years[0])
            listed = ", ".join(map(str, years[:5])) + (" …" if len(years) > 5 else "")
            batch.note(
                company,
                _(
                    "Implausible figures for {company}: {problem} in fiscal {years} ({value}). "
                    "{fix}"
                ).format(
                    company=clip_text(company),
                    problem=_(check.wording),
                    years=listed,
                    value=shown,
                    fix=_(check.fix),
                ),
            )


def missing_core(table: pd.DataFrame, readings: list[FileReading]) -> list[str]:
    notes = []
    names = ", ".join(r.source for r in readings)
    for item in CORE_ITEMS:
        if item in table.columns and table[item].notna().any():
            continue
        looked = [u for r in readings for u in r.unknown][:6]
        shown = "; ".join(
            _("row {row} '{label}'").format(row=row, label=label)
            for _sheet, row, label in looked
            if label
        )
        note = (
            _(
                "No {item} found in {files} (rows not recognised include: {rows}). Every "
                "metric that needs {item} is n/a and the analysis is incomplete; add a row "
                "labelled like 'Revenue', 'Net income' or 'Total assets', or pick the row in "
                "the mapping."
            )
            if shown
            else _(
                "No {item} found in {files}. Every metric that needs {item} is n/a and the "
                "analysis is incomplete; add a row labelled like 'Revenue', 'Net income' or "
                "'Total assets', or pick the row in the mapping."
            )
        )
        notes.append(note.format(item=_(LINE_ITEM_LABELS[item]), files=names, rows=shown))
    return notes
