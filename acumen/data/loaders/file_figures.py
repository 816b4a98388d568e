"""Parsing a block of figure cells (vectorised where the cells are plain numbers)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from acumen.data.loaders.file_context import FIX_NUMBER, LoadContext, clip_text, column_letter
from acumen.data.loaders.numbers import CURRENCY_SYMBOLS as NUMBER_SYMBOLS
from acumen.data.loaders.numbers import parse_number
from acumen.i18n import N_, _

#: (labelled row?, too large?) -> the problem with a bad figure cell.
_BAD_CELL = {
    (False, False): N_("'{value}' (cell {cell}) is not a number"),
    (True, False): N_("'{value}' (cell {cell}) for '{label}' is not a number"),
    (False, True): N_("'{value}' (cell {cell}) is too large to be a figure"),
    (True, True): N_("'{value}' (cell {cell}) for '{label}' is too large to be a figure"),
}


def _parse_block(
    block: pd.DataFrame, headers: dict, labels: pd.Series | None, ctx: LoadContext
) -> pd.DataFrame:
    """Parse every cell of ``block``; the first bad cell raises with row and column."""
    bad = block.map(_is_bad_number).to_numpy(dtype=bool)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        row, col = block.index[i], block.columns[j]
        value = block.iat[i, j]
        fix = _(FIX_NUMBER)
        if isinstance(value, str) and value.startswith("="):
            fix = _("Formulas are not evaluated: type or paste the value instead. {fix}").format(
                fix=fix
            )
        if _overflows(value):
            fix = _("Check the cell and the unit. {fix}").format(fix=fix)
        problem = _BAD_CELL[(labels is not None, _overflows(value))]
        raise ctx.error(
            _(problem).format(
                value=clip_text(value),
                cell=f"{column_letter(int(col))}{row}",
                label=clip_text(labels[row]) if labels is not None else "",
            ),
            row=int(row),
            column=headers[col],
            fix=fix,
        )
    texts = [v for v in block.to_numpy().ravel() if isinstance(v, str)]
    ctx.symbols |= {s for v in texts for s in NUMBER_SYMBOLS if s in v}
    return block.map(parse_number).astype("float64")


def parse_cells(
    block: pd.DataFrame, headers: dict, labels: pd.Series | None, ctx: LoadContext
) -> pd.DataFrame:
    """:func:`_parse_block` with a fast path: finite numbers, and text of plain numbers
    (thousands commas, "(1,234.00)" negatives) are converted for the whole block at once;
    only the other cells go through :func:`parse_number` one by one (and raise with their
    cell)."""
    cells = pd.Series(block.to_numpy(dtype=object).ravel(), dtype=object)
    numeric = pd.Series(np.nan, index=cells.index, dtype="float64")
    present = cells.notna().to_numpy()
    if pd.api.types.infer_dtype(cells[present], skipna=True) in ("string", "empty"):
        strings = present
    else:
        kinds = cells.map(type)
        plain = kinds.isin([int, float]).to_numpy()
        if plain.any():
            numeric[plain] = [_finite(v) for v in cells[plain]]
        strings = kinds.map(lambda k: k is str).to_numpy(dtype=bool)
    if strings.any():
        cleaned = cells[strings].astype("str").str.replace(_SPACES, "", regex=True)
        negative = cleaned.str.startswith("(") & cleaned.str.endswith(")")
        cleaned = cleaned.where(~negative, "-" + cleaned.str[1:-1])
        simple = cleaned.str.fullmatch(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?")
        plain_text = cleaned.where(simple).str.replace(",", "", regex=False)
        with np.errstate(over="ignore", invalid="ignore"):
            parsed = pd.to_numeric(plain_text, errors="coerce").to_numpy(dtype="float64")
        # an overflowing run of digits goes the slow way too (and is refused with its cell)
        numeric[strings] = np.where(np.isfinite(parsed), parsed, np.nan)
    values = numeric.to_numpy().reshape(block.shape)
    out = pd.DataFrame(values, index=block.index, columns=block.columns)
    rest = present.reshape(block.shape) & np.isnan(values)
    for j in np.flatnonzero(rest.any(axis=0)):
        col = block.columns[j]
        mask = rest[:, j]
        out.loc[mask, col] = _parse_block(block.loc[mask, [col]], headers, labels, ctx)[col]
    return out


_SPACES = r"[ \u00a0]"


def _finite(value: float | int) -> float:
    """float(value) when finite, else NaN (the cell then goes the slow, strict way)."""
    try:
        number = float(value)
    except OverflowError:
        return np.nan
    return number if np.isfinite(number) else np.nan


def _is_bad_number(value: object) -> bool:
    try:
        parse_number(value)
    except ValueError:
        return True
    return False


def _overflows(value: object) -> bool:
    """True for a number too large for a float (a run of 400 digits, 1e999)."""
    try:
        parse_number(value)
    except ValueError as exc:
        return "finite" in str(exc) or "too large" in str(exc)
    return False
