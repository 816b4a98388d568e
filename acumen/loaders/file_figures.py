"""Parsing a block of figure cells (vectorised where the cells are plain numbers)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from acumen.loaders.file_context import _FIX_NUMBER, _column_letter, _Context, _text
from acumen.loaders.numbers import CURRENCY_SYMBOLS as NUMBER_SYMBOLS
from acumen.loaders.numbers import parse_number


def _parse_block(
    block: pd.DataFrame, headers: dict, labels: pd.Series | None, ctx: _Context
) -> pd.DataFrame:
    """Parse every cell of ``block``; the first bad cell raises with row and column."""
    bad = block.map(_is_bad_number).to_numpy(dtype=bool)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        row, col = block.index[i], block.columns[j]
        value = block.iat[i, j]
        label = f" for '{_text(labels[row])}'" if labels is not None else ""
        fix = _FIX_NUMBER
        if isinstance(value, str) and value.startswith("="):
            fix = "Formulas are not evaluated: type or paste the value instead. " + fix
        raise ctx.error(
            f"'{_text(value)}' (cell {_column_letter(int(col))}{row}){label} is not a number",
            row=int(row),
            column=headers[col],
            fix=fix,
        )
    texts = [v for v in block.to_numpy().ravel() if isinstance(v, str)]
    ctx.symbols |= {s for v in texts for s in NUMBER_SYMBOLS if s in v}
    return block.map(parse_number).astype("float64")


_FAST_CLEAN = str.maketrans("", "", " \u00a0")


def parse_cells(
    block: pd.DataFrame, headers: dict, labels: pd.Series | None, ctx: _Context
) -> pd.DataFrame:
    """:func:`_parse_block` with a fast path: finite numbers, and text of plain numbers
    (thousands commas, "(1,234.00)" negatives) are converted a column at a time; only the
    other cells go through :func:`parse_number` one by one (and raise with their cell)."""
    out = pd.DataFrame(index=block.index, columns=block.columns, dtype="float64")
    for col in block.columns:
        column = block[col]
        kinds = column.map(type)
        numeric = pd.Series(np.nan, index=column.index, dtype="float64")
        plain = kinds.isin([int, float])
        if plain.any():
            numeric[plain] = [_finite(v) for v in column[plain]]
        strings = kinds.map(lambda k: k is str)
        if strings.any():
            cleaned = column[strings].astype(str).str.translate(_FAST_CLEAN)
            negative = cleaned.str.startswith("(") & cleaned.str.endswith(")")
            cleaned = cleaned.where(~negative, "-" + cleaned.str[1:-1])
            simple = cleaned.str.fullmatch(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?")
            plain_text = cleaned.where(simple).str.replace(",", "", regex=False)
            numeric[strings] = pd.to_numeric(plain_text, errors="coerce")
        rest = column.notna() & numeric.isna()
        out[col] = numeric
        if rest.any():
            out.loc[rest, col] = _parse_block(block.loc[rest, [col]], headers, labels, ctx)[col]
    return out


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
