"""Formatting of money, metric values, changes and n/a reasons."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acumen.formatting import format_change, format_money, format_na, format_value


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (1.2e9, "USD", "$1.2B"),
        (-3.4e8, "USD", "−$340M"),
        (12.5e9, "EUR", "€12.5B"),
        (3.4e12, "JPY", "¥3.4T"),
        (9.8e5, "USD", "$980K"),
        (12, "USD", "$12"),
        (1.2e9, "CHF", "1.2B CHF"),
        (-1.2e9, "CHF", "−1.2B CHF"),
        (4.5e6, "GBP", "£4.5M"),
        (999.6e6, "USD", "$1.0B"),
        (0.2, "USD", "$0"),
        (-0.2, "USD", "$0"),
        (math.nan, "USD", "n/a"),
        (math.inf, "USD", "n/a"),
        (None, "USD", "n/a"),
    ],
)
def test_format_money(value, currency, expected):
    assert format_money(value, currency) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (0.03, "pct", "3.0%"),
        (-0.0123, "pct", "−1.2%"),
        (2.3912, "x", "2.39×"),
        (45.4, "days", "45 days"),
        (7.23, "months", "7.2 months"),
        (-1.2e9, "money", "−$1.2B"),
        (3.0, "count", "3"),
        (1.234, "number", "1.23"),
        (math.nan, "pct", "n/a"),
        (-math.inf, "x", "n/a"),
    ],
)
def test_format_value(value, unit, expected):
    assert format_value(value, unit) == expected


def test_format_value_money_uses_currency():
    assert format_value(2.5e9, "money", "EUR") == "€2.5B"


@pytest.mark.parametrize(
    ("delta", "unit", "expected"),
    [
        (0.012, "pct", "+1.2 pts"),
        (-0.025, "pct", "−2.5 pts"),
        (5, "days", "+5 days"),
        (-5.4, "days", "−5 days"),
        (0.12, "x", "+0.12×"),
        (-1.2e9, "money", "−$1.2B"),
        (3.4e8, "money", "+$340M"),
        (1.5, "months", "+1.5 months"),
        (0.0001, "pct", "0.0 pts"),
        (math.nan, "pct", "n/a"),
    ],
)
def test_format_change(delta, unit, expected):
    assert format_change(delta, unit) == expected


def test_format_na():
    assert format_na("no inventory reported") == "n/a — no inventory reported"
    assert format_na("") == "n/a"


def test_say_never_prints_junk_and_gives_the_reason():
    """#16 item 7: one formatter for numbers in sentences (acumen.formatting.say)."""
    import math

    from acumen.formatting import say, say_change

    for junk in (math.nan, None, math.inf, -math.inf, "x"):
        assert say(junk, "pct") == "n/a"
        assert say(junk, "pct", reason="no total assets") == "n/a (no total assets)"
    assert say(-1e-9, "pct", decimals=2) == "0.00%"  # never "−0.00%"
    assert say(-0.0, "days", decimals=1) == "0.0 days"
    assert say(-0.0, "money") == "$0"
    assert say(0.03931, "pct", decimals=2) == "3.93%"
    assert say(-59.14, "days", decimals=1) == "−59.1 days"
    assert say_change(-1e-9, "pct", decimals=2) == "0.00 pts"
    assert say_change(-0.0003, "pct", decimals=2) == "−0.03 pts"
    assert say_change(math.nan, "pct", decimals=2) == "n/a"


@settings(max_examples=200, deadline=None)
@given(value=st.floats(allow_nan=False, allow_infinity=False))
def test_money_is_always_short_and_readable(value: float) -> None:
    text = format_money(value)
    assert len(text) <= 16, text
    assert "inf" not in text and "nan" not in text
