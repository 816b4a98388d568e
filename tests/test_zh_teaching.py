"""Teaching in Chinese (#15): lessons and glossary carry zh texts, the quiz and the workshop
speak Chinese under ``use_language("zh")``, and English stays as it was."""

from __future__ import annotations

import re

import pytest
import yaml

from acumen.analysis.client import client_view
from acumen.data.samples import load_sample, universe
from acumen.i18n import use_language
from acumen.teaching.glossary import glossary_rows, load_glossary, search_glossary
from acumen.teaching.lessons import TEXT_FIELDS, ZH, lesson_files, load_lessons
from acumen.teaching.quiz import QUIZ_TYPES, PublicData, generate_quiz
from acumen.teaching.quiz.model import labelled, quiz_table
from acumen.teaching.worked import fill
from acumen.teaching.workshop import team_names

CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
PUBLIC = PublicData(universe(), load_sample)


@pytest.mark.parametrize("name", [name for name, _text in lesson_files()])
def test_every_lesson_text_has_chinese_with_the_same_placeholders(name):
    data = yaml.safe_load(dict(lesson_files())[name])
    zh = data.get(ZH) or {}
    prose = [*TEXT_FIELDS, *(k for k in ("story", "paths") if k in data)]
    for field in prose:
        assert CJK.search(zh.get(field) or ""), (name, field)
        assert set(PLACEHOLDER.findall(zh[field])) <= set(PLACEHOLDER.findall(data[field])) | {
            "name"
        }, (name, field)


def test_every_glossary_entry_has_a_chinese_term_and_definition():
    for row in glossary_rows():
        zh = row.get(ZH) or {}
        assert CJK.search(str(zh.get("term", ""))) or zh.get("term") == row["term"], row["term"]
        assert CJK.search(str(zh.get("definition", ""))), row["term"]


def test_lessons_render_in_chinese_with_the_clients_figures():
    view = client_view(load_sample("WMT"), "WMT")
    with use_language("zh"):
        lessons = load_lessons()
        for lesson in lessons:
            for text in (lesson.title, lesson.summary, lesson.why_it_matters, lesson.misreading):
                filled = fill(text, view)
                assert CJK.search(filled), lesson.id
                assert "{" not in filled, (lesson.id, filled)
        assert lessons[0].short_title == "利润率"
    english = load_lessons()
    assert english[0].title == "Margin: how much of each sale the client keeps"
    assert english[0].short_title == "Margin"


def test_glossary_reads_and_searches_in_chinese():
    with use_language("zh"):
        terms = load_glossary()
        assert all(CJK.search(t.definition) for t in terms)
        found = {t.english for t in search_glossary("利润率")}
        assert {"Net margin", "Gross margin", "Operating margin"} <= found
        assert {t.english for t in search_glossary("净利润率")} >= {"Net margin"}
        assert search_glossary("margin")  # English words still find terms
    assert load_glossary()[0].term == load_glossary()[0].english
    assert [t.term for t in search_glossary("ROA")][:1]


def test_quiz_questions_are_chinese_with_every_placeholder_filled():
    questions = []
    with use_language("zh"):
        for sample, seed in (("WMT", 0), ("HHP", 7), ("TGT", 3), ("COST", 11)):
            questions += generate_quiz(load_sample(sample), n=5, seed=seed, public=PUBLIC)
        headers = list(labelled(quiz_table(questions)).columns)
    assert len(questions) >= 20
    assert {q.type for q in questions} == set(QUIZ_TYPES)
    for q in questions:
        for text in (q.question, q.explanation):
            assert CJK.search(text), (q.type, text)
            assert not re.search(r"\{\w*\}", text), (q.type, text)
        assert all("{" not in c for c in q.choices)
    assert "题目" in headers and "解析" in headers
    english = generate_quiz(load_sample("WMT"), n=5, seed=0, public=PUBLIC)
    assert not any(CJK.search(t) for q in english for t in q.texts() if q.type != "diagnose")
    assert list(labelled(quiz_table(english)).columns) == list(quiz_table(english).columns)


def test_workshop_default_team_names():
    with use_language("zh"):
        assert team_names(["", "红队"], 3) == ["第 1 队", "红队", "第 3 队"]
    assert team_names([], 2) == ["Team 1", "Team 2"]
