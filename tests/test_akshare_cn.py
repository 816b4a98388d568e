"""A-shares through akshare, with frames shaped as akshare's stock_financial_report_sina
returns them, built from the real 163.com files of SF Holding; no network, no akshare needed."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from acumen.data.cache import StatementCache
from acumen.data.loaders import akshare_cn
from acumen.data.loaders.files import read_files
from acumen.errors import AcumenError

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real_files"
FILES = {"利润表": "09_163_lrb002352_gbk.csv", "资产负债表": "09_163_zcfzb002352_gbk.csv"}


def sina_frame(name: str) -> pd.DataFrame:
    """The 163 file as akshare's Sina frame: one row per report date (YYYYMMDD), 单位 元,
    one column per label without its (万元), values in 元 as text; plus a quarterly row
    (20180930, cumulative) that must not be read as a year."""
    raw = pd.read_csv(REAL / FILES[name], encoding="gbk", dtype=str).iloc[:, :-1]
    raw = raw.set_index(raw.columns[0])
    raw.index = raw.index.str.replace("(万元)", "", regex=False).str.strip()
    numbers = raw.apply(pd.to_numeric, errors="coerce") * 10_000
    frame = numbers.T
    frame.insert(0, akshare_cn.UNIT_COLUMN, "元")
    frame.insert(0, akshare_cn.DATE_COLUMN, [c.replace("-", "") for c in frame.index])
    quarter = frame.iloc[[0]].copy()
    quarter[akshare_cn.DATE_COLUMN] = "20180930"
    quarter.iloc[:, 2:] = quarter.iloc[:, 2:] * 0.7
    frame = pd.concat([quarter, frame]).reset_index(drop=True)
    return frame.astype(str).replace("nan", "--")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: sina_frame(name) for name in FILES}


def client_for(frames: dict[str, pd.DataFrame]):
    def get(code: str, statement: str) -> pd.DataFrame:
        assert code == "002352"
        return frames.get(statement, pd.DataFrame())

    return get


def test_cn_statements_equal_the_163_files_read_directly(frames) -> None:
    statements = akshare_cn.fetch_cn("sz002352", client=client_for(frames))
    direct = read_files([REAL / f for f in FILES.values()]).statements
    for item in ("revenue", "net_income", "total_assets", "equity", "cost_of_revenue"):
        got = statements.table[item].droplevel(0)
        want = direct.table[item].droplevel(0)
        assert np.allclose(got.to_numpy(), want.reindex(got.index).to_numpy(), equal_nan=True), item
    assert sorted(statements.index.get_level_values(1)) == list(range(2006, 2019))
    assert statements.companies["currency"].iloc[0] == "CNY"
    assert "20180930" not in " ".join(list(statements.warnings))


def test_cn_revenue_is_the_files_own_cell_in_yuan(frames) -> None:
    raw = pd.read_csv(REAL / FILES["利润表"], encoding="gbk", dtype=str).set_index("报告日期")
    revenue_2018 = float(raw.loc["营业总收入(万元)", "2018-12-31"]) * 10_000
    statements = akshare_cn.fetch_cn("002352", client=client_for(frames))
    assert statements.table.droplevel(0).at[2018, "revenue"] == revenue_2018


@pytest.mark.parametrize("code", ["600298", "sh600298", "600298.SS", "002352.sz"])
def test_codes_are_read(code: str) -> None:
    assert akshare_cn.stock_code(code) in {"600298", "002352"}


@pytest.mark.parametrize("bad", ["60029", "AAPL", "<script>", "6002981"])
def test_bad_codes_are_refused_before_any_call(bad: str) -> None:
    def never(code, statement):  # pragma: no cover - must not be called
        raise AssertionError("called")

    with pytest.raises(AcumenError, match="not an A-share code"):
        akshare_cn.fetch_cn(bad, client=never)


def raising(error: BaseException):
    def get(code: str, statement: str) -> pd.DataFrame:
        raise error

    return get


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (ConnectionError("Max retries exceeded"), "No internet connection"),
        (KeyError("报表日期"), "sent no statements"),
        (RuntimeError("boom"), "failed unexpectedly"),
    ],
)
def test_fetch_faults_say_what_happened(error: BaseException, words: str) -> None:
    with pytest.raises(AcumenError) as caught:
        akshare_cn.fetch_cn("002352", client=raising(error))
    assert words in caught.value.message and caught.value.fix


def test_unknown_code_with_empty_frames() -> None:
    with pytest.raises(AcumenError, match="no 利润表 for 600000"):
        akshare_cn.fetch_cn("600000", client=lambda code, statement: pd.DataFrame())


def test_a_hang_is_abandoned_and_the_cache_is_used(frames, tmp_path) -> None:
    cache = StatementCache(tmp_path)
    akshare_cn.fetch_cn("002352", client=client_for(frames), cache=cache)
    release = threading.Event()

    def hang(code: str, statement: str) -> pd.DataFrame:
        release.wait(30)
        return pd.DataFrame()

    try:
        fallback = akshare_cn.fetch_cn("002352", client=hang, cache=cache, timeout=0.2)
    finally:
        release.set()
    note = list(fallback.warnings)[0]
    assert note.startswith("Live fetch failed (timed out after 0.2 s") and "cached figures" in note
    assert fallback.table["revenue"].notna().any()


def test_missing_akshare_says_how_to_install(monkeypatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_akshare(name, *args, **kwargs):
        if name == "akshare":
            raise ImportError("No module named 'akshare'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_akshare)
    with pytest.raises(AcumenError, match=r"acumen\[cn\]"):
        akshare_cn.akshare_client()
