"""Chinese (#15): the value-chain narrative and tables, and the what-if sentences, in Chinese
with amounts in 万/亿 and every placeholder filled; English unchanged."""

from __future__ import annotations

import re

import pytest

from acumen.analysis.chain_narrative import narrative
from acumen.analysis.chain_output import chain_display, pairs_display
from acumen.analysis.value_chain import PRESETS, chain_table
from acumen.analysis.whatif import whatif
from acumen.analysis.whatif_scenario import LEVER_INFO, Levers, lever_summary
from acumen.analysis.whatif_text import cash_reconciliation, goal_row, value_statement
from acumen.data.samples import case_ids, load_many, load_sample
from acumen.i18n import _, use_language

CHAIN = ("CPKG", "HHP", "SEHW")
HAN = re.compile(r"[\u4e00-\u9fff]")
AMOUNT_ZH = re.compile(r"\$[\d,.]+(万|亿)")

pytestmark = pytest.mark.skipif(
    not set(CHAIN) <= set(case_ids()), reason="designed cases not bundled"
)


def _chain_sentences() -> list[str]:
    table = chain_table(load_many(list(CHAIN)), list(CHAIN))
    return [table.note, *narrative(table, client="CPKG")]


def _whatif_texts() -> list[str]:
    result = whatif(load_sample("HHP"), "HHP", Levers(dso_days=-5))
    statement = value_statement(result)
    row = goal_row(result, statement)
    return [statement, cash_reconciliation(result), lever_summary(result.levers), row["evidence"]]


def test_the_chain_preset_is_the_one_built_here():
    assert any(p.companies == CHAIN for p in PRESETS)


def test_chain_narrative_in_chinese():
    with use_language("zh"):
        sentences = _chain_sentences()
        table = chain_table(load_many(list(CHAIN)), list(CHAIN))
        headers = [*chain_display(table).columns, *pairs_display(table).columns]
    assert sentences[0].startswith("比较的财年：")
    for sentence in sentences:
        assert HAN.search(sentence), sentence
        assert "{" not in sentence and "}" not in sentence, sentence
        assert not re.search(r"\b(the|its|and|days)\b", sentence), sentence
    text = " ".join(sentences)
    assert AMOUNT_ZH.search(text), text
    assert "为它提供资金" in text and "现金转换周期" not in sentences[0]
    assert "环节" in headers and "营运资金占用的现金" in headers and "供应商 → 客户" in headers


def test_whatif_sentences_in_chinese():
    with use_language("zh"):
        statement, reconciled, levers, evidence = _whatif_texts()
        steps = list(whatif(load_sample("HHP"), "HHP", Levers(dso_days=-5)).bridge["step"])
        slider = _(LEVER_INFO["dso_days"][0])
    assert statement.startswith("您的方案") and statement.endswith("。")
    assert "营运资金" in statement and AMOUNT_ZH.search(statement), statement
    assert reconciled.startswith("现金核对：") and AMOUNT_ZH.search(reconciled), reconciled
    assert levers == "应收账款周转天数 −5 天"
    assert evidence == "2023财年假设分析：应收账款周转天数 −5 天"
    for text in (statement, reconciled, evidence):
        assert "{" not in text and not re.search(r"\b(the|of|ROA by)\b", text), text
    assert "营运资金" in steps and "DSO" in slider and HAN.search(slider)


def test_english_is_unchanged():
    with use_language("en"):
        sentences = _chain_sentences()
        statement, reconciled, levers, evidence = _whatif_texts()
    assert sentences[0].startswith("Fiscal years compared: Coastal Packaging FY")
    assert not any(HAN.search(s) for s in sentences)
    assert (
        statement.startswith("Your offer frees $")
        and "of cash tied in working capital" in statement
    )
    assert reconciled.startswith("Cash, reconciled: working capital frees $")
    assert levers == "DSO −5 days"
    assert evidence == "What-if on FY2023: DSO −5 days"
