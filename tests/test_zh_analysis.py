"""Chinese (#15), analysis: the diagnosis, threat card and peer questions speak Chinese
under zh with their JSON keys in English; English stays as it was."""

from __future__ import annotations

import json
import re

import pytest

from acumen.analysis.diagnosis import diagnose
from acumen.analysis.peer_questions import competitor_questions_for
from acumen.analysis.threats import biggest_threat
from acumen.cli.main import main
from acumen.data.samples import load_many, load_sample
from acumen.i18n import use_language

CJK = re.compile(r"[\u4e00-\u9fff]")
#: String fields that are ids or keys, never prose.
KEY_FIELDS = {"rule_id", "driver", "metric", "fiscal_label"}


def prose(node: object, key: str = ""):
    """Every string value under a prose field of a JSON tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from prose(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from prose(v, key)
    elif isinstance(node, str) and key not in KEY_FIELDS:
        yield key, node


def run_json(capsys, monkeypatch, lang: str) -> list:
    monkeypatch.setenv("ACUMEN_LANG", lang)
    main(["diagnose", "sample:HHP", "--format", "json"])
    return json.loads(capsys.readouterr().out)


def test_diagnose_json_is_chinese_with_english_keys(capsys, monkeypatch):
    findings = run_json(capsys, monkeypatch, "zh")
    assert findings, "HHP has findings"
    keys = {"rule_id", "driver", "title", "severity", "evidence", "trade_off", "priority"}
    assert keys <= set(findings[0])
    texts = list(prose(findings))
    assert len(texts) > 20
    for key, text in texts:
        assert CJK.search(text), (key, text)
        assert "{" not in text and "}" not in text, (key, text)
    assert {f["driver"] for f in findings} <= {"margin", "cash", "return", "velocity", "growth"}


def test_diagnose_json_english_unchanged(capsys, monkeypatch):
    findings = run_json(capsys, monkeypatch, "en")
    assert findings[0]["title"] == "Cash squeeze"
    assert not any(CJK.search(text) for _key, text in prose(findings))


@pytest.fixture(scope="module")
def hhp():
    return load_sample("HHP")


def test_diagnosis_healthy_and_points_in_chinese(hhp):
    with use_language("zh"):
        result = diagnose(hhp, "HHP")
    for text in (*result.healthy, *result.talking_points):
        assert CJK.search(text) and "{" not in text, text


def test_threat_card_and_peer_questions_in_chinese():
    peers = ["ALFA", "CEDR", "PINE", "BLUE"]
    statements = load_many(["HHP", *peers])
    with use_language("zh"):
        card = biggest_threat("HHP", peers, statements)
        questions = competitor_questions_for("HHP", peers, statements)
    assert card is not None
    texts = (card.title, card.trade_off, card.priority, card.seller_angle, *card.questions)
    for text in (*texts, *questions):
        assert CJK.search(text) and "{" not in text, text
    for evidence in card.evidence:
        assert CJK.search(evidence.text), evidence.text
