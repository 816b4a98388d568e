"""Benchmark: acumen's metrics engine against FinanceToolkit on the bundled NYSE universe.

Run from the repository root::

    .venv/bin/python bench/metrics_bench.py [--repeat N] [--ft-repeat N]
        [--metrics] [--universe-diagnosis] [--quiz]

Without a section flag every section whose module imports is run: the metrics timing, the
FinanceToolkit comparison and cross-check (skipped when financetoolkit is not installed), the
universe diagnosis (``acumen.analysis.diagnosis``) and the quiz (``acumen.teaching.quiz``).

No network: FinanceToolkit gets every dataset from us (its "external datasets" path), its
cache is disabled, and sockets are blocked for the whole run; the number of connection
attempts is printed at the end (it must be 0).
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import socket
import statistics
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

#: Set before FinanceToolkit is imported (by main; the test sets them with monkeypatch): no
#: cache database, no API key, and a failing ratio raises instead of logging an empty result.
FINANCETOOLKIT_ENV = {
    "FINANCE_TOOLKIT_CACHE_ENABLED": "0",
    "FINANCETOOLKIT_STRICT_ERRORS": "1",
    "FINANCIAL_MODELING_PREP_API_KEY": "",
}
GOAL_FACTOR = 10  # acumen must take at most 1/10 of FinanceToolkit's time
TOLERANCE = 1e-6  # |acumen − FinanceToolkit| ≤ 1e-6 · max(1, |FinanceToolkit|)
QUIZ_COMPANIES = ("WMT", "TGT", "COST", "AAPL", "MSFT")
START_DATE = "2010-01-01"

# ---------------------------------------------------------------------------------------
# network guard


NETWORK_ATTEMPTS: list[str] = []


def block_network(patch: Callable[[object, str, object], None] = setattr) -> None:
    """Make every outgoing connection (and DNS lookup) fail, and record the attempt.

    ``patch`` defaults to ``setattr``; a test passes ``monkeypatch.setattr`` to undo it.
    """

    def refuse(*args, **_kwargs):
        target = args[1:] if args and isinstance(args[0], socket.socket) else args
        NETWORK_ATTEMPTS.append(repr(target)[:120])
        raise OSError("network is disabled in bench/metrics_bench.py")

    patch(socket.socket, "connect", refuse)
    patch(socket.socket, "connect_ex", refuse)
    patch(socket, "create_connection", refuse)
    patch(socket, "getaddrinfo", refuse)


# ---------------------------------------------------------------------------------------
# timing


def timed(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f}"


def timing_row(label: str, times: list[float]) -> str:
    return f"  {label:<44} {ms(statistics.median(times))} {ms(min(times))} {len(times):>4}"


TIMING_HEADER = f"  {'':<44} {'median ms':>9} {'min ms':>9} {'runs':>4}"


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 86 - len(title)))


# ---------------------------------------------------------------------------------------
# FinanceToolkit datasets

#: canonical item → (FinanceToolkit statement, generic name, sign). FinanceToolkit follows
#: Financial Modeling Prep's signs: capital expenditure and dividends paid are negative.
FT_ITEMS: dict[str, tuple[str, str, int]] = {
    "revenue": ("income", "Revenue", 1),
    "cost_of_revenue": ("income", "Cost of Goods Sold", 1),
    "gross_profit": ("income", "Gross Profit", 1),
    "sga": ("income", "Selling, General and Administrative Expenses", 1),
    "rnd": ("income", "Research and Development Expenses", 1),
    "operating_income": ("income", "Operating Income", 1),
    "interest_expense": ("income", "Interest Expense", 1),
    "pretax_income": ("income", "Income Before Tax", 1),
    "income_tax": ("income", "Income Tax Expense", 1),
    "net_income": ("income", "Net Income", 1),
    "depreciation_amortization": ("income", "Depreciation and Amortization", 1),
    "cash": ("balance", "Cash and Cash Equivalents", 1),
    "receivables": ("balance", "Accounts Receivable", 1),
    "inventory": ("balance", "Inventory", 1),
    "current_assets": ("balance", "Total Current Assets", 1),
    "total_assets": ("balance", "Total Assets", 1),
    "payables": ("balance", "Accounts Payable", 1),
    "current_liabilities": ("balance", "Total Current Liabilities", 1),
    "short_term_debt": ("balance", "Short Term Debt", 1),
    "long_term_debt": ("balance", "Long Term Debt", 1),
    "total_liabilities": ("balance", "Total Liabilities", 1),
    "equity": ("balance", "Total Equity", 1),
    "retained_earnings": ("balance", "Retained Earnings", 1),
    "operating_cash_flow": ("cash", "Cash Flow from Operations", 1),
    "capital_expenditure": ("cash", "Capital Expenditure", -1),
    "dividends_paid": ("cash", "Dividends Paid", -1),
}


def financetoolkit_datasets(statements: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """balance / income / cash in FinanceToolkit's external-dataset format.

    Rows: MultiIndex (ticker, generic item name); columns: fiscal year as a string ("2015"),
    which FinanceToolkit turns into a yearly PeriodIndex. Every item is present for every
    ticker (NaN where not reported), so no ratio loses a ticker to a missing row.
    """
    frame = pd.DataFrame(
        {
            item: statements[item].to_numpy(dtype="float64") * sign
            for item, (_, _, sign) in FT_ITEMS.items()
        },
        index=statements.index,
    )
    derived = {
        "balance": {
            "Total Shareholder Equity": frame["equity"],
            "Total Debt": frame[["short_term_debt", "long_term_debt"]].sum(axis=1, min_count=1),
        },
        "cash": {"Depreciation and Amortization": frame["depreciation_amortization"]},
    }
    datasets = {}
    for name in ("balance", "income", "cash"):
        items = {
            generic: frame[item]
            for item, (statement, generic, _) in FT_ITEMS.items()
            if statement == name
        }
        wide = pd.DataFrame(items | derived.get(name, {}))
        wide.columns.name = "item"
        table = wide.stack(future_stack=True).unstack("fiscal_year")
        table.columns = table.columns.astype(str)
        table.index.names = ["ticker", "item"]
        datasets[name] = table
    return datasets


def new_toolkit(tickers: list[str], datasets: dict[str, pd.DataFrame]):
    from financetoolkit import Toolkit

    return Toolkit(
        tickers=tickers,
        api_key="",
        balance=datasets["balance"].copy(),
        income=datasets["income"].copy(),
        cash=datasets["cash"].copy(),
        historical=pd.DataFrame(),
        start_date=START_DATE,
        use_cached_data=False,
        benchmark_ticker=None,
        convert_currency=False,
        sleep_timer=False,
        progress_bar=False,
        rounding=None,  # default 4 would make a 1e-6 cross-check meaningless
    )


#: acumen metric → FinanceToolkit ratio method, and whether it uses two-year averages.
RATIOS: tuple[tuple[str, str, bool], ...] = (
    ("gross_margin", "get_gross_margin", False),
    ("operating_margin", "get_operating_margin", False),
    ("net_margin", "get_net_profit_margin", False),
    ("asset_turnover", "get_asset_turnover_ratio", True),
    ("inventory_turnover", "get_inventory_turnover_ratio", True),
    ("dio", "get_days_of_inventory_outstanding", True),
    ("dso", "get_days_of_sales_outstanding", True),
    ("dpo", "get_days_of_accounts_payable_outstanding", True),
    ("cash_conversion_cycle", "get_cash_conversion_cycle", True),
    ("roa", "get_return_on_assets", True),
    ("roe", "get_return_on_equity", True),
    ("current_ratio", "get_current_ratio", False),
)


def financetoolkit_ratios(toolkit) -> dict[str, pd.DataFrame]:
    ratios = toolkit.ratios
    return {metric: getattr(ratios, method)() for metric, method, _ in RATIOS}


def as_long(ratio: pd.DataFrame, index: pd.MultiIndex) -> np.ndarray:
    """A FinanceToolkit ratio (ticker × yearly period) aligned to acumen's (company, year) rows."""
    table = ratio.copy()
    table.columns = pd.PeriodIndex(table.columns).year
    long = table.stack(future_stack=True)
    return long.reindex(index).to_numpy(dtype="float64")


# ---------------------------------------------------------------------------------------
# cross-check


def agreement(acumen_values: np.ndarray, ft_values: np.ndarray) -> dict[str, np.ndarray]:
    a, f = acumen_values, ft_values
    a_ok, f_ok = np.isfinite(a), np.isfinite(f)  # FinanceToolkit gives ±inf on x/0
    both = a_ok & f_ok
    with np.errstate(invalid="ignore"):
        close = both & (np.abs(a - f) <= TOLERANCE * np.maximum(1.0, np.abs(f)))
    return {
        "both": both,
        "close": close,
        "neither": ~a_ok & ~f_ok,
        "acumen_only": a_ok & ~f_ok,
        "ft_only": ~a_ok & f_ok,
    }


def share(numerator: int, denominator: int) -> str:
    return f"{100 * numerator / denominator:6.2f}%" if denominator else "    n/a"


def crosscheck(statements: pd.DataFrame, ft: dict[str, pd.DataFrame]) -> dict[str, dict]:
    """Per metric, how acumen and FinanceToolkit agree company-year by company-year, and how
    many of the differences a known convention difference explains."""
    from acumen.analysis.metrics import compute_metrics_with_reasons

    result = compute_metrics_with_reasons(statements)
    years = result.values.index.get_level_values("fiscal_year")
    in_window = years >= int(START_DATE[:4])
    index = result.values.index[in_window]
    year_end = (result.average_basis.to_numpy() != "two-year average")[in_window]
    frame = statements.loc[in_window]
    revenue, cogs = frame["revenue"].to_numpy(), frame["cost_of_revenue"].to_numpy()
    gross_profit = frame["gross_profit"].to_numpy()
    avg_equity = result.values["avg_equity"].to_numpy()[in_window]
    out: dict[str, dict] = {"_rows": len(index), "_outside": int((~in_window).sum())}
    for metric, _, averaged in RATIOS:
        c = agreement(result.values[metric].to_numpy()[in_window], as_long(ft[metric], index))
        mismatch = c["both"] & ~c["close"]
        because: dict[str, np.ndarray] = {}
        if averaged:  # FT: NaN without t−1; acumen: the year-end balance
            because["year_end"] = c["acumen_only"] & year_end
        if metric == "gross_margin":  # FT: (revenue − COGS) / revenue, none when COGS = 0
            because["cogs_zero"] = c["acumen_only"] & (cogs == 0)
            acumen_gm = result.values[metric].to_numpy()[in_window]
            cogs_zero_at_one = int((because["cogs_zero"] & (acumen_gm == 1.0)).sum())
            because["gross_profit_zero"] = c["ft_only"] & (gross_profit == 0) & (cogs != 0)
            because["gross_profit_differs"] = mismatch & (
                np.abs(gross_profit - (revenue - cogs)) > 0.5
            )
        if metric == "roe":  # acumen: none on non-positive average equity
            because["negative_equity"] = c["ft_only"] & (avg_equity <= 0)
        explained = np.zeros(len(index), dtype=bool)
        for mask in because.values():
            explained |= mask
        disagree = mismatch | c["acumen_only"] | c["ft_only"]
        entry = {k: int(v.sum()) for k, v in c.items()} | {
            k: int(v.sum()) for k, v in because.items()
        }
        entry |= {
            "rows": len(index),
            "mismatch": int(mismatch.sum()),
            "unexplained": int((disagree & ~explained).sum()),
        }
        if metric == "gross_margin":
            entry["cogs_zero_at_one"] = cogs_zero_at_one
        if averaged:
            entry["avg_both"] = int((c["both"] & ~year_end).sum())
            entry["avg_close"] = int((c["close"] & ~year_end).sum())
        out[metric] = entry
    return out


def print_crosscheck(check: dict[str, dict]) -> None:
    rows = check["_rows"]
    print(
        f"  {rows} company-years from {START_DATE[:4]} on ({check['_outside']} earlier rows lie "
        "before FinanceToolkit's start_date)."
    )
    print(
        f"  agree: both give a value within {TOLERANCE:g}·max(1,|x|), or both give none (NaN/±inf);"
    )
    print("  unexplained: differences that none of the conventions below accounts for.")
    print()
    header = (
        f"  {'metric':<22} {'agree':>7} {'values agree':>12} {'both value':>10} {'mismatch':>8} "
        f"{'only acumen':>11} {'only FT':>7} {'unexplained':>11}"
    )
    print(header)
    print("  " + "-" * (len(header) - 2))
    for metric, _, _ in RATIOS:
        e = check[metric]
        print(
            f"  {metric:<22} {share(e['close'] + e['neither'], rows)} {share(e['close'], e['both']):>12} "
            f"{e['both']:>10} {e['mismatch']:>8} {e['acumen_only']:>11} {e['ft_only']:>7} {e['unexplained']:>11}"
        )
    print()
    print("  Averaged ratios where both sides average t and t−1 (acumen's two-year-average rows):")
    for metric, _, averaged in RATIOS:
        if averaged:
            e = check[metric]
            print(
                f"    {metric:<22} {share(e['avg_close'], e['avg_both'])} of {e['avg_both']:>4} rows within "
                f"{TOLERANCE:g}; {e['year_end']:>3} year-end rows valued by acumen only"
            )
    gm, roe, roa = check["gross_margin"], check["roe"], check["roa"]
    notes = (
        "Convention differences:",
        "- Averages (asset/inventory turnover, DIO, DSO, DPO, CCC, ROA, ROE): FinanceToolkit takes",
        "  rolling(2) over the period columns, so a company's first year (or a year after a gap) has",
        "  no value; acumen falls back to the year-end balance, labelled 'year-end (no prior year)'",
        f"  (ROA: {roa['year_end']} rows). Where both average t and t−1, ROA agrees on "
        f"{share(roa['avg_close'], roa['avg_both']).strip()} of rows.",
        "- Gross margin: FinanceToolkit computes (Revenue − COGS) / Revenue and leaves out COGS = 0",
        f"  ({gm['cogs_zero']} rows; acumen gives gross profit / revenue there: 1.0 in "
        f"{gm['cogs_zero_at_one']}, 0.0 where gross profit is 0 too);",
        "  acumen uses the reported gross profit and leaves out gross profit = 0 beside a COGS",
        f"  ({gm['gross_profit_zero']} rows); {gm['gross_profit_differs']} rows differ because the "
        "reported gross profit is not revenue − COGS.",
        f"- ROE: acumen gives none on non-positive average equity ({roe['negative_equity']} rows);"
        " FinanceToolkit gives the ratio.",
        "- x / 0: FinanceToolkit returns ±inf, acumen NaN with a reason; both count as 'no value'.",
    )
    print()
    for line in notes:
        print(f"  {line}")


# ---------------------------------------------------------------------------------------
# sections


def run_metrics(statements: pd.DataFrame, repeat: int, ft_repeat: int) -> bool:
    import acumen

    section("acumen.compute_metrics vs FinanceToolkit (NYSE universe)")
    companies = statements.index.get_level_values(0).unique()
    print(
        f"  {len(statements):,} company-years, {len(companies)} companies, "
        f"{len(acumen.compute_metrics(statements).columns)} acumen metrics"
    )
    print()
    print(TIMING_HEADER)
    acumen_times = timed(lambda: acumen.compute_metrics(statements), repeat)
    print(timing_row("acumen.compute_metrics (all metrics)", acumen_times))

    try:
        import financetoolkit  # noqa: F401
    except ImportError:
        print(
            "\n  financetoolkit is not installed: comparison skipped "
            "(pip install -e '.[bench]' or make bench)."
        )
        return True

    logging.getLogger("financetoolkit").setLevel(logging.ERROR)  # the per-call gross-margin notice
    tickers = list(companies)
    build_times = timed(lambda: financetoolkit_datasets(statements), ft_repeat)
    datasets = financetoolkit_datasets(statements)
    print(timing_row("build FT datasets from statements (pandas)", build_times))
    construct_times = timed(lambda: new_toolkit(tickers, datasets), ft_repeat)
    print(timing_row("FinanceToolkit Toolkit(...) construction", construct_times))

    # A fresh Toolkit per run, so nothing computed by a previous run is reused.
    toolkits = [new_toolkit(tickers, datasets) for _ in range(ft_repeat + 1)]
    ratio_times = timed(lambda: financetoolkit_ratios(toolkits.pop()), ft_repeat)
    print(timing_row("FinanceToolkit 12 ratios", ratio_times))
    total_times = timed(lambda: financetoolkit_ratios(new_toolkit(tickers, datasets)), ft_repeat)
    print(timing_row("FinanceToolkit construction + 12 ratios", total_times))

    a, f, t = (statistics.median(x) for x in (acumen_times, ratio_times, total_times))
    print()
    width = 74
    print("  " + "-" * width)
    print(f"  {'acumen median (all metrics)':<40} {a * 1000:>10.1f} ms")
    print(f"  {'FinanceToolkit median (12 ratios)':<40} {f * 1000:>10.1f} ms")
    print(f"  {'FinanceToolkit median (construct + 12)':<40} {t * 1000:>10.1f} ms")
    print(f"  {'acumen / FinanceToolkit (12 ratios)':<40} {a / f:>10.3f}   (1/{f / a:.1f})")
    print(f"  {'acumen / FinanceToolkit (construct + 12)':<40} {a / t:>10.3f}   (1/{t / a:.1f})")
    met = a <= f / GOAL_FACTOR
    print(
        f"  {'goal: acumen <= 1/10 of FinanceToolkit':<40} {'MET' if met else 'NOT MET':>10}"
        f"   (vs 12 ratios; vs construct + 12: {'MET' if a <= t / GOAL_FACTOR else 'NOT MET'})"
    )
    print("  " + "-" * width)
    print(
        f"  acumen computes {len(acumen.compute_metrics(statements).columns)} metrics with a reason per "
        "missing value; FinanceToolkit 12 ratios."
    )
    print(
        f"  FinanceToolkit {version('financetoolkit')}: fed our datasets (MultiIndex (ticker, item) rows, "
        "'2015'-style fiscal-year columns)."
    )

    section("Cross-check: acumen vs FinanceToolkit, same company-years")
    ft = financetoolkit_ratios(new_toolkit(tickers, datasets))
    print_crosscheck(crosscheck(statements, ft))
    return True


def run_diagnosis(statements: pd.DataFrame, repeat: int) -> bool:
    try:
        from acumen.analysis.diagnosis import diagnose_all
    except ImportError as error:
        section("acumen.analysis.diagnosis.diagnose_all: skipped")
        print(f"  cannot import acumen.analysis.diagnosis ({error})")
        return True
    section("acumen.analysis.diagnosis.diagnose_all (NYSE universe)")
    start = time.perf_counter()
    diagnoses = diagnose_all(statements)
    cold = time.perf_counter() - start
    findings = sum(len(getattr(d, "findings", ()) or ()) for d in diagnoses.values())
    print(f"  {len(diagnoses)} companies diagnosed, {findings} findings")
    print(TIMING_HEADER)
    print(timing_row("first call (cold caches)", [cold]))
    print(
        timing_row(
            "diagnose_all(statements)", timed(lambda: diagnose_all(statements), repeat, warmup=0)
        )
    )
    return True


def run_quiz(statements: pd.DataFrame, repeat: int) -> bool:
    try:
        from acumen.teaching.quiz import PublicData, generate_quiz
    except ImportError as error:
        section("acumen.teaching.quiz.generate_quiz: skipped")
        print(f"  cannot import acumen.teaching.quiz ({error})")
        return True
    section(f"acumen.teaching.quiz.generate_quiz ({', '.join(QUIZ_COMPANIES)}; n=100, seed=1)")
    from acumen.data.samples import load_many, load_sample, universe

    five = load_many(list(QUIZ_COMPANIES))
    public = PublicData(universe(), load_sample)
    start = time.perf_counter()
    quiz = generate_quiz(five, n=100, seed=1, public=public)
    cold = time.perf_counter() - start
    print(f"  {len(quiz)} questions from {len(five)} company-years")
    print(TIMING_HEADER)
    print(timing_row("first call", [cold]))
    print(
        timing_row(
            "generate_quiz(five, n=100, seed=1)",
            timed(lambda: generate_quiz(five, n=100, seed=1, public=public), repeat, warmup=0),
        )
    )
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=7, help="timed runs of acumen code (after one warm-up)"
    )
    parser.add_argument(
        "--ft-repeat", type=int, default=3, help="timed runs of FinanceToolkit (after one warm-up)"
    )
    parser.add_argument(
        "--metrics",
        action="store_true",
        help="metrics timing, FinanceToolkit comparison, cross-check",
    )
    parser.add_argument(
        "--universe-diagnosis", action="store_true", help="time diagnose_all over the universe"
    )
    parser.add_argument("--quiz", action="store_true", help="time generate_quiz on five companies")
    args = parser.parse_args(argv)
    run_all = not (args.metrics or args.universe_diagnosis or args.quiz)

    os.environ.update(FINANCETOOLKIT_ENV)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    block_network()
    started = time.perf_counter()
    from acumen.data.samples import universe

    statements = universe()
    print(
        f"acumen metrics bench — python {sys.version.split()[0]}, pandas {pd.__version__}, "
        f"numpy {np.__version__}, {os.cpu_count()} CPUs"
    )
    ok = True
    sections = (
        (args.metrics, lambda: run_metrics(statements, args.repeat, args.ft_repeat)),
        (args.universe_diagnosis, lambda: run_diagnosis(statements, args.repeat)),
        (args.quiz, lambda: run_quiz(statements, args.repeat)),
    )
    for selected, run in sections:
        if run_all or selected:
            try:
                ok = run() and ok
            except Exception as error:  # one broken section must not hide the others
                print(f"  ERROR: {type(error).__name__}: {error}")
                ok = False
    print(
        f"\nnetwork connection attempts: {len(NETWORK_ATTEMPTS)}"
        + (f" ({'; '.join(NETWORK_ATTEMPTS[:3])})" if NETWORK_ATTEMPTS else "")
    )
    print(f"total bench time: {time.perf_counter() - started:.1f} s")
    return 0 if ok and not NETWORK_ATTEMPTS else 1


if __name__ == "__main__":
    sys.exit(main())
