"""Step 3 of assembling: one figure per item.

Where several rows give one item in a year, a non-zero figure wins over a zero one, then
the best alias priority, then the item's own statement, then file order; equal figures
pass silently, different ones are named in a note. Two rows of the same label with
different figures leave nothing to choose by and are refused.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from acumen.data.aliases import normalise_label
from acumen.data.loaders.file_batch import Batch, item_label, where_read
from acumen.data.loaders.file_context import LoadContext, clip_text
from acumen.data.loaders.file_labels import HOME_OF
from acumen.data.schema import LINE_ITEM_LABELS
from acumen.errors import AcumenError
from acumen.i18n import _

#: Items resolved after the pick from all their rows (several rows are expected).
_RESOLVED_LATER = ("profit_owners", "profit_nci")
_KEY = ["company", "fiscal_year", "item"]


def pick_figures(observed: pd.DataFrame, batch: Batch) -> tuple[pd.DataFrame, pd.Series]:
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
    batch: Batch,
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
            f"'{clip_text(r['label'], 50)}' ({where_read(r)})"
            for _row, r in others.head(3).iterrows()
        )
        batch.note(
            company,
            _(
                "{item}: used '{label}' ({where}); set aside {others}, which differs in "
                "{count} year(s) ({years})."
            ).format(
                item=item_label(item),
                label=clip_text(winner["label"], 50),
                where=where_read(winner),
                others=set_aside,
                count=len(years),
                years=", ".join(map(str, years[:5])),
            ),
        )
    mine = picked.loc[picked["company"].isin(batch.clients)]
    for (company, item), rows in mine.groupby(["company", "item"], sort=False):
        labels = rows["label"].value_counts()
        for label in labels.index[1:]:
            years = sorted(rows.loc[rows["label"] == label, "fiscal_year"])
            batch.note(
                company,
                _(
                    "{item} for fiscal {years} is from '{label}', where '{first}' is blank or zero."
                ).format(
                    item=item_label(item),
                    years=", ".join(map(str, years[:5])),
                    label=clip_text(label, 50),
                    first=clip_text(labels.index[0], 50),
                ),
            )


def _refuse_same_label(
    ranked: pd.DataFrame, differs: np.ndarray, winners: pd.DataFrame, batch: Batch
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
    for (_i, row), (_j, winner) in zip(
        rows.loc[same].iterrows(), best.loc[same].iterrows(), strict=True
    ):
        if row["company"] in batch.dropped:
            continue
        batch.refuse(row["company"], _same_label_error(row, winner))


def _same_label_error(row: pd.Series, best: pd.Series) -> AcumenError:
    ctx = LoadContext(source=row["file"])
    name = _(LINE_ITEM_LABELS.get(row["item"], row["item"]))
    if row["row"] != best["row"]:
        rows = sorted([int(best["row"]), int(row["row"])])
        return ctx.error(
            _(
                "rows {first} ('{first_label}') and {second} ('{second_label}') are both "
                "{item} with different figures"
            ).format(
                first=rows[0],
                first_label=clip_text(best["label"]),
                second=rows[1],
                second_label=clip_text(row["label"]),
                item=name,
            ),
            row=rows[1],
            fix=_("Keep one of them: delete or rename the other row."),
        )
    return ctx.error(
        _("two columns '{label}' give {item} with different figures").format(
            label=clip_text(row["label"]), item=name
        ),
        column=clip_text(row["label"]),
        fix=_("Keep one of them: delete or rename the other column."),
    )
