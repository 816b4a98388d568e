"""Issue #15: the CLI in Chinese — ``--lang zh`` and ``ACUMEN_LANG=zh`` on metrics, diagnose,
brief and the help; the JSON keys stay English; English output unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from acumen.cli.main import main
from acumen.i18n import current_language, use_language
from acumen.reports.brief import GOAL_COLUMNS
from acumen.reports.export import BOM, read_safe_csv
from tests.apptest_support import ROOT


def run(*args: str, lang: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ACUMEN_LANG"}
    if lang:
        env["ACUMEN_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "acumen", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=env,
    )


def in_process(args: list[str], capsys) -> tuple[int, str, str]:
    """``main(args)`` without leaking its language into the next test."""
    with use_language("en"):
        code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("how", ["env", "option"])
def test_metrics_table_in_chinese(how):
    done = (
        run("metrics", "sample:HHP", lang="zh")
        if how == "env"
        else run("--lang", "zh", "metrics", "sample:HHP")
    )
    assert done.returncode == 0, done.stderr
    head = done.stdout.splitlines()[1]
    assert "2023财年" in head and "FY" not in head  # Chinese headers
    assert "毛利率" in done.stdout and "净利润率" in done.stdout
    assert "亿" in done.stdout and "万" in done.stdout and "天" in done.stdout
    assert "$2.97亿" in done.stdout  # operating cash flow 2019, in 亿


def test_english_metrics_are_unchanged_and_the_option_wins_over_the_environment():
    english = run("metrics", "sample:HHP")
    assert "FY2023" in english.stdout and "亿" not in english.stdout
    assert run("--lang", "en", "metrics", "sample:HHP", lang="zh").stdout == english.stdout


def test_metrics_json_keeps_english_keys(capsys):
    with use_language("en"):
        code = main(["--lang", "zh", "metrics", "sample:HHP", "--format", "json"])
    records = json.loads(capsys.readouterr().out)
    assert code == 0 and current_language() == "en"
    assert set(records[0]) == {
        "company",
        "fiscal_year",
        "fiscal_label",
        "period_end",
        "metrics",
        "reasons",
    }
    assert "net_margin" in records[0]["metrics"]
    assert records[0]["fiscal_label"] == "2019财年" and records[0]["period_end"] == "2019-12-31"


def test_metrics_csv_in_chinese_has_chinese_headers_and_a_bom(tmp_path, capsys):
    out = tmp_path / "m.csv"
    code, _, _ = in_process(
        ["--lang", "zh", "metrics", "sample:HHP", "--format", "csv", "--output", str(out)], capsys
    )
    data = out.read_bytes()
    assert code == 0 and data.startswith(BOM.encode("utf-8"))
    assert read_safe_csv(data)[0][:3] == ["公司", "会计年度", "财年"]


def test_diagnose_table_in_chinese(capsys):
    code, out, _ = in_process(["--lang", "zh", "diagnose", "sample:HHP"], capsys)
    assert code == 0
    assert "2023财年" in out and "[现金流量]" in out and "严重程度" in out and "优先事项：" in out
    assert "severity" not in out and "Priority:" not in out


def test_brief_in_chinese_writes_chinese_files(tmp_path, capsys):
    goals, page = tmp_path / "goals.csv", tmp_path / "brief.html"
    code, out, _ = in_process(
        ["--lang", "zh", "brief", "sample:HHP", "--csv", str(goals), "--html", str(page)], capsys
    )
    assert code == 0
    assert "已将 4 个目标写入" in out and "已将内部会议简报写入" in out
    rows = read_safe_csv(goals.read_bytes())
    assert rows[0][0] == "公司" and len(rows[0]) == len(GOAL_COLUMNS)
    assert "lang='zh-CN'" in page.read_text(encoding="utf-8")


def test_brief_in_english_is_unchanged(tmp_path, capsys):
    goals = tmp_path / "goals.csv"
    code, out, _ = in_process(["brief", "sample:HHP", "--csv", str(goals)], capsys)
    assert code == 0 and out == f"wrote 4 goals to {goals}\n"
    assert read_safe_csv(goals.read_bytes())[0] == list(GOAL_COLUMNS)


def test_errors_and_help_in_chinese():
    nothing = run("brief", "sample:HHP", lang="zh")
    assert nothing.returncode == 2
    assert (
        nothing.stderr.strip()
        == "acumen：没有要写出的内容。请指定 --csv FILE、--pdf FILE 和/或 --html FILE。"
    )
    usage = run("--lang", "zh", "brief")
    assert usage.returncode == 2 and "缺少以下必需参数" in usage.stderr
    helped = run("--lang", "zh", "--help")
    assert "面向 B2B 销售人员" in helped.stdout and "用法：" in helped.stdout
    english = run("brief", "sample:HHP")
    assert english.stderr.strip() == (
        "acumen: nothing to write. Give --csv FILE, --pdf FILE and/or --html FILE."
    )


def test_a_bad_lang_value_is_a_usage_error():
    done = run("--lang", "fr", "metrics", "sample:HHP")
    assert done.returncode == 2 and "--lang" in done.stderr
