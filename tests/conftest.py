"""Shared fixtures: the bundled universe and its metrics, computed once per session."""

from __future__ import annotations

import pytest

from acumen.analysis.metrics import compute_metrics_with_reasons
from acumen.data.samples import universe


@pytest.fixture(scope="session")
def universe_statements():
    return universe()


@pytest.fixture(scope="session")
def universe_metrics(universe_statements):
    return compute_metrics_with_reasons(universe_statements)


@pytest.fixture(autouse=True, scope="session")
def _private_data_dir(tmp_path_factory):
    """Saved plans go to a folder of this test run, never the user's own data folder."""
    import os

    folder = tmp_path_factory.mktemp("acumen-data")
    previous = os.environ.get("ACUMEN_DATA_DIR")
    os.environ["ACUMEN_DATA_DIR"] = str(folder)
    os.environ.pop("ACUMEN_DB", None)
    yield folder
    if previous is None:
        os.environ.pop("ACUMEN_DATA_DIR", None)
    else:
        os.environ["ACUMEN_DATA_DIR"] = previous
