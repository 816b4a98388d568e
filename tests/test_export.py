"""CSV export rules: BOM, CRLF, quoting, numbers stay numbers, injection neutralised."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from acumen.reports.export import neutralise, read_safe_csv, to_safe_csv

PAYLOADS = [
    "=1+1",
    "+SUM(A1:A2)",
    "-2+3",
    "@cmd",
    "\tTAB",
    "\rCR",
    "\x00nul",
    "＝1+1",
    "＋1",
    "－1",
    "＠x",
    '=HYPERLINK("http://x")',
]


def test_bom_crlf_and_numbers_stay_numbers():
    data = to_safe_csv(pd.DataFrame({"company": ["Acme"], "value": [-1234.5], "n": [3]}))
    assert data.startswith("\ufeff".encode())
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert read_safe_csv(data) == [["company", "value", "n"], ["Acme", "-1234.5", "3"]]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_payloads_are_neutralised(payload):
    rows = read_safe_csv(to_safe_csv(pd.DataFrame({"notes": [payload]})))
    assert rows[1] == ["'" + payload]


def test_cr_then_formula_in_a_note_stays_in_one_cell():
    note = "call back\r=1+1"
    rows = read_safe_csv(to_safe_csv(pd.DataFrame({"notes": [note], "x": [1.0]})))
    assert len(rows) == 2
    assert rows[1] == [note, "1"]


def test_column_names_are_neutralised_too():
    rows = read_safe_csv(to_safe_csv(pd.DataFrame({"=evil": [1]})))
    assert rows[0] == ["'=evil"]


def test_nan_is_empty_and_text_numbers_with_minus_are_text():
    rows = read_safe_csv(to_safe_csv(pd.DataFrame({"a": [np.nan], "b": ["-5"]})))
    assert rows[1] == ["", "'-5"]


safe_text = st.text(min_size=0, max_size=40).filter(
    lambda t: not t or t[0] not in "=+-@＝＋－＠\t\r\x00"
)


@given(
    st.lists(
        st.tuples(safe_text, st.floats(allow_nan=False, allow_infinity=False)),
        min_size=1,
        max_size=8,
    )
)
def test_round_trip_gives_the_same_values(rows):
    table = pd.DataFrame(rows, columns=["text", "number"])
    parsed = read_safe_csv(to_safe_csv(table))
    assert [r[0] for r in parsed[1:]] == [t for t, _ in rows]
    assert [float(r[1]) for r in parsed[1:]] == [n for _, n in rows]


@given(st.text(min_size=1, max_size=20))
def test_any_text_reads_back_as_itself_or_apostrophe_prefixed(text):
    parsed = read_safe_csv(to_safe_csv(pd.DataFrame({"t": [text]})))
    value = parsed[1][0]
    assert value == neutralise(text)
    assert value == text or value == "'" + text
