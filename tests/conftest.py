"""Shared fixtures: the bundled universe and its metrics, computed once per session."""

from __future__ import annotations

import pytest

from acumen.metrics import compute_metrics_with_reasons
from acumen.samples import universe


@pytest.fixture(scope="session")
def universe_statements():
    return universe()


@pytest.fixture(scope="session")
def universe_metrics(universe_statements):
    return compute_metrics_with_reasons(universe_statements)
