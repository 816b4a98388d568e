"""parse_number: accounting-formatted cells to floats."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acumen.data.loaders.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", 1234.0),
        ("1,234", 1234.0),
        ("1,234,567.89", 1234567.89),
        ("(1,234)", -1234.0),
        ("(734.2)", -734.2),
        ("-1,234", -1234.0),
        ("\u22121,234.5", -1234.5),  # Unicode minus
        ("$1,234", 1234.0),
        ("$(56)", -56.0),
        ("($56)", -56.0),
        ("-$5", -5.0),
        ("€ 12", 12.0),
        ("£12.50", 12.5),
        ("¥1,000", 1000.0),
        ("12€", 12.0),
        ("12%", 0.12),
        ("  42  ", 42.0),
        ("\u00a042\u00a0", 42.0),
        ("1 234 567", 1234567.0),
        ("+7", 7.0),
        (".5", 0.5),
        ("1.5e6", 1.5e6),
        (2015, 2015.0),
        (2015.0, 2015.0),
        (np.int64(3), 3.0),
        (np.float64(-2.5), -2.5),
    ],
)
def test_parses_accounting_formats(text: object, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text", ["", "—", "–", "-", "n/a", "N/A", "nil", "NIL", " ", None, math.nan]
)
def test_nil_is_nan(text: object) -> None:
    assert math.isnan(parse_number(text))


@pytest.mark.parametrize(
    "text",
    ["abc", "12x", "=1+1", "1,23", "1,2345", "(5", "5)", "(-5)", "$5€", "inf", "1_000", "٣", "--5"],
)
def test_non_numeric_text_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("value", [True, math.inf, -math.inf, object(), [1]])
def test_non_numbers_raise_value_error(value: object) -> None:
    with pytest.raises(ValueError):
        parse_number(value)


@st.composite
def accounting_text(draw: st.DrawFn) -> tuple[str, float]:
    """(text, the value it shows) for a float written the way annual reports print it."""
    value = draw(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
    decimals = draw(st.integers(min_value=0, max_value=4))
    shown = float(f"{value:.{decimals}f}")
    digits = f"{abs(value):,.{decimals}f}"
    symbol = draw(st.sampled_from(["", "$", "€", "£", "¥"]))
    negative = shown < 0
    if negative:
        style = draw(st.sampled_from(["brackets", "-", "\u2212"]))
        text = f"({symbol}{digits})" if style == "brackets" else f"{style}{symbol}{digits}"
    else:
        text = f"{symbol}{digits}"
    pad = draw(st.sampled_from(["", " ", "  "]))
    return pad + text + pad, shown


@given(accounting_text())
def test_round_trip_accounting_format(case: tuple[str, float]) -> None:
    text, shown = case
    assert parse_number(text) == pytest.approx(shown, rel=1e-12, abs=1e-9)


@settings(max_examples=300)
@given(st.text())
def test_arbitrary_text_only_raises_value_error(text: str) -> None:
    try:
        result = parse_number(text)
    except ValueError:
        return
    assert isinstance(result, float)
    assert not math.isinf(result)
