"""Cached values are the server's, shared by every session: a caller that changes what it
got must not change the next caller's (issue #11)."""

from __future__ import annotations

from acumen.analysis.universe import role_of, role_table
from acumen.cli.main import peer_universe as cli_universe
from acumen.ui.sidebar import sample_options
from acumen.ui.universe import peer_universe


def test_role_table_is_a_fresh_table_each_call() -> None:
    first = role_table()
    before = first.copy()
    role = role_of(industry=first.at[0, "value"])
    first["role"] = "changed"
    assert role_table().equals(before)
    assert role_of(industry=before.at[0, "value"]) == role


def test_sample_options_are_a_copy_each_call() -> None:
    ids, labels = sample_options()
    kept_ids, kept_labels = list(ids), dict(labels)
    ids.clear()
    labels["sample:WMT"] = "changed"
    assert sample_options() == (kept_ids, kept_labels)


def test_the_peer_universe_is_a_copy_each_call() -> None:
    for build in (peer_universe, cli_universe):
        universe = build()
        before, notes = universe.metrics.copy(), universe.notes.copy()
        universe.metrics.iloc[:, 0] = -1.0
        universe.notes["kind"] = "changed"
        again = build()
        assert again.metrics.equals(before) and again.notes.equals(notes)
