"""acumen's metrics agree with FinanceToolkit's ratios on the bundled NYSE universe.

Skipped unless financetoolkit is installed (``pip install -e '.[bench]'``). FinanceToolkit gets
every dataset from us; sockets are blocked so any attempt to fetch fails the test.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("financetoolkit")

BENCH = Path(__file__).resolve().parent.parent / "bench" / "metrics_bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("metrics_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def check(bench):
    from acumen.data.samples import universe

    with pytest.MonkeyPatch.context() as mp:
        for name, value in bench.FINANCETOOLKIT_ENV.items():
            mp.setenv(name, value)
        bench.NETWORK_ATTEMPTS.clear()
        bench.block_network(mp.setattr)
        statements = universe()
        tickers = list(statements.index.get_level_values(0).unique())
        # Toolkit() sets pandas' display.float_format globally; keep it to this block.
        with pd.option_context("display.float_format", None):
            toolkit = bench.new_toolkit(tickers, bench.financetoolkit_datasets(statements))
            ratios = bench.financetoolkit_ratios(toolkit)
        result = bench.crosscheck(statements, ratios)
    assert bench.NETWORK_ATTEMPTS == [], "FinanceToolkit tried the network"
    return result


@pytest.mark.parametrize("metric", ["operating_margin", "net_margin", "current_ratio"])
def test_margins_and_current_ratio_agree(check, metric):
    entry = check[metric]
    assert (entry["close"] + entry["neither"]) / entry["rows"] >= 0.99


def test_gross_margin_agrees_where_both_define_it_the_same_way(check):
    entry = check["gross_margin"]
    # FinanceToolkit uses revenue − COGS; acumen the reported gross profit.
    comparable = entry["both"] - entry["gross_profit_differs"]
    assert entry["close"] / comparable >= 0.99
    assert entry["unexplained"] <= 0.01 * entry["rows"]


def test_averaged_ratios_agree_on_two_year_average_rows(bench, check):
    for metric, _, averaged in bench.RATIOS:
        if averaged:
            entry = check[metric]
            assert entry["avg_close"] / entry["avg_both"] >= 0.99, metric


def test_every_difference_is_a_known_convention(bench, check):
    for metric, _, _ in bench.RATIOS:
        assert check[metric]["unexplained"] <= 0.01 * check["_rows"], metric
