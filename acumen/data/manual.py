"""Figures typed in by hand: a line items × years grid, validated by the file loader."""

from __future__ import annotations

import numpy as np
import pandas as pd

from acumen.data.loaders.files import load_file
from acumen.data.schema import LINE_ITEM_LABELS, LINE_ITEMS

TYPED_SOURCE = "typed figures"


def entry_grid(years: list[int]) -> pd.DataFrame:
    """An empty grid: one row per canonical line item (its label), one column per year."""
    grid = pd.DataFrame(
        np.nan, index=[LINE_ITEM_LABELS[i] for i in LINE_ITEMS], columns=[str(y) for y in years]
    )
    grid.index.name = "line item"
    return grid


def statements_from_grid(
    grid: pd.DataFrame, *, company: str, currency: str, unit: str
) -> pd.DataFrame:
    """Canonical statements from a typed grid, through the file loader's checks
    (conflicting totals, missing revenue, units). Raises AcumenError on bad figures."""
    filled = grid.dropna(how="all")
    lines = [f"Currency: {currency}", ",".join(["Line item", *map(str, filled.columns)])]
    for label, row in filled.iterrows():
        cells = ["" if pd.isna(v) else repr(float(v)) for v in row]
        lines.append(",".join([_quote(str(label)), *cells]))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return load_file(
        data, filename=TYPED_SOURCE + ".csv", unit=unit, company=company, source_label=TYPED_SOURCE
    )


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
