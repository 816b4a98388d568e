"""Line-item aliases, kept as data in ``acumen/data/aliases.csv``.

Each alias maps a provider's or an annual report's label to a canonical item; a lower
``priority`` wins when a source holds several labels for the same item.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import pandas as pd


def normalise_label(label: object) -> str:
    """Lowercase, ``&`` as ``and``, everything but letters and digits dropped."""
    text = str(label).strip().lower().replace("&", "and")
    return re.sub(r"[^0-9a-z]+", "", text)


@cache
def alias_table() -> pd.DataFrame:
    """Columns: item, alias, priority, origin, key (the normalised alias)."""
    with resources.files("acumen").joinpath("data/aliases.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, dtype={"item": str, "alias": str, "origin": str})
    table["key"] = table["alias"].map(normalise_label)
    return table.sort_values(["item", "priority"]).reset_index(drop=True)


@cache
def _lookup() -> dict[str, tuple[str, int]]:
    table = (
        alias_table().sort_values("priority", kind="stable").drop_duplicates("key", keep="first")
    )
    return {
        k: (i, int(p))
        for k, i, p in zip(table["key"], table["item"], table["priority"], strict=True)
    }


def canonical_item(label: object) -> str | None:
    """The canonical item a label stands for, or None when it is not known."""
    found = _lookup().get(normalise_label(label))
    return found[0] if found else None


def label_priority(label: object) -> int | None:
    found = _lookup().get(normalise_label(label))
    return found[1] if found else None


def pick_labels(labels: list[object]) -> dict[str, object]:
    """For each canonical item, the best-priority label among ``labels`` (first wins on ties)."""
    chosen: dict[str, tuple[int, object]] = {}
    for label in labels:
        found = _lookup().get(normalise_label(label))
        if found and (found[0] not in chosen or found[1] < chosen[found[0]][0]):
            chosen[found[0]] = (found[1], label)
    return {item: label for item, (_, label) in chosen.items()}
