"""Issue #15, the account plan and the live room in Chinese: the plan's gaps, implications,
goals, commitment check, map and meeting document read Chinese with their placeholders
filled (the roles as the source names them: 决策者, 信息共享者, 施加影响者, 树立障碍者); the
room's refusals, materials and both screens (AppTest with ``?lang=zh``) read Chinese; the
same calls under English read as before."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import streamlit as st

from acumen.analysis.catalog import DRIVERS
from acumen.analysis.diagnosis import diagnose
from acumen.data.samples import load_sample
from acumen.errors import AcumenError
from acumen.i18n import glossary_terms, use_language
from acumen.plan.analysis import (
    commitment_check,
    culture_implications,
    goal_status,
    stakeholder_gaps,
)
from acumen.plan.document import meeting_document
from acumen.plan.figures import stakeholder_map_figure
from acumen.plan.labels import choice_label, driver_name
from acumen.plan.model import PlanError, validate_plan
from acumen.room import RoomStore
from acumen.room.materials import RESULTS_COLUMNS
from acumen.store.database import open_engine
from tests.test_app_room import QUESTIONS
from tests.test_plan import TODAY, client_metrics, sample_plan

CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{\w*\}")
ROOM_PAGE = "pages/11_Live_room.py"
PLAN_PAGE = "pages/10_Account_plan.py"


def filled(text: str) -> bool:
    """Chinese, and no placeholder left unfilled."""
    return bool(CJK.search(text)) and not PLACEHOLDER.search(text)


# --------------------------------------------------------------------------- the plan


def test_roles_read_as_the_source_names_them():
    with use_language("zh"):
        roles = [choice_label(r) for r in ("decision_maker", "information_sharer")]
        roles += [choice_label(r) for r in ("influencer", "blocker")]
    assert roles == ["决策者", "信息共享者", "施加影响者", "树立障碍者"]
    assert [choice_label(r) for r in ("decision_maker", "blocker")] == ["Decision maker", "Blocker"]


def test_drivers_read_as_the_source_terms():
    terms = glossary_terms()
    keys = {"margin": "margin", "cash": "cash_flow", "return": "return_on_investment"}
    keys |= {"velocity": "velocity", "growth": "growth"}
    with use_language("zh"):
        assert {d: driver_name(d) for d in DRIVERS} == {
            d: terms[key]["zh"] for d, key in keys.items()
        }
    assert driver_name("cash") == "cash"


def test_gaps_implications_goals_and_commitments_in_chinese():
    plan = validate_plan(sample_plan())
    plan["stakeholders"][0]["last_contact"] = "2023-01-01"  # the decision maker, not contacted
    with use_language("zh"):
        gaps = stakeholder_gaps(plan, "margin", TODAY)
        lines = culture_implications(
            {"negotiation": "hard_bargainer", "agreements": "contract_only"}, "薄利"
        )
        goals = [s.summary for s in goal_status(plan, client_metrics())]
        checks = list(commitment_check(plan, client_metrics())["sentence"])
        early = list(commitment_check(plan, client_metrics().loc[[2022, 2023]])["sentence"])
    assert gaps and all(filled(g) for g in gaps)
    assert any("王芳" in g and "90" in g for g in gaps)  # the names and the days filled in
    assert any("利润率" in g for g in gaps)  # the top priority as the source's term
    assert any("Ken Blake" in g for g in gaps)
    assert all(filled(line) for line in lines) and lines[-1] == "数字表明：薄利。"
    assert goals and all(filled(g) for g in goals) and "2024财年" in goals[0]
    assert checks[0].startswith("承诺到2024财年") and "自2023财年起" in checks[0]
    assert filled(checks[0]) and "nan" not in checks[0]
    assert filled(early[0]) and "不适用" in early[0]


def test_commitment_check_in_english_is_unchanged():
    sentence = commitment_check(sample_plan(), client_metrics())["sentence"].iloc[0]
    assert sentence == (
        "Promised Days sales outstanding (DSO) −5 days by FY2024; actual −2 days (from FY2023)."
    )


def test_a_bad_field_is_named_in_chinese():
    plan = sample_plan()
    plan["goals"][0]["target"] = "lots"
    with use_language("zh"), pytest.raises(PlanError) as caught:
        validate_plan(plan)
    assert caught.value.path == "goals[0].target"
    assert "应为数字" in caught.value.message and "'lots'" in caught.value.message


def test_map_figure_in_chinese():
    with use_language("zh"):
        figure = stakeholder_map_figure(validate_plan(sample_plan()))
    assert {trace.name for trace in figure.data} == {"决策者", "树立障碍者"}
    assert figure.layout.xaxis.title.text == "对您的态度"
    assert list(figure.layout.yaxis.ticktext) == ["低", "中", "高"]


def _document(lang: str, external: bool):
    from acumen.analysis.client import client_view
    from acumen.analysis.universe import build_universe, data_notes_in
    from acumen.data import samples

    statements = load_sample("HHP")
    company = statements.companies.index[0]
    view = client_view(statements, company)
    universe = build_universe(samples.universe(), data_notes_in(samples.SAMPLE_DIR))
    with use_language(lang):
        return meeting_document(
            client_name=view.name,
            fiscal_label="2024财年" if lang == "zh" else "FY2024",
            diagnosis=diagnose(statements, company, universe=universe),
            plan=validate_plan(sample_plan()),
            metrics=view.metrics.droplevel(0),
            data_notes=[],
            external=external,
            today=dt.date(2024, 6, 1),
        )


def test_meeting_document_in_chinese():
    document = _document("zh", external=False)
    headings = [s.heading for s in document.sections]
    assert document.title.startswith("会议简报：") and filled(document.title)
    assert "内部版本" in document.subtitle and filled(document.subtitle)
    assert {"重点与取舍", "利益相关者图", "文化", "目标", "承诺"} <= set(headings)
    people = next(s for s in document.sections if s.heading == "利益相关者图")
    assert people.table[0][:3] == ("姓名", "职务", "角色")
    assert people.table[1][2] == "决策者，付款人"
    assert all(not PLACEHOLDER.search(line) for line in document.text().splitlines())
    external = _document("zh", external=True)
    assert "对外版本" in external.subtitle and "Ken Blake" not in external.text()


def test_meeting_document_in_english_is_unchanged():
    document = _document("en", external=False)
    assert document.title.startswith("Meeting brief: ")
    assert not CJK.search(document.subtitle) and document.subtitle.endswith(" · internal")
    people = next(s for s in document.sections if s.heading == "Stakeholder map")
    assert people.table[0][:3] == ("Name", "Title", "Role")
    assert people.table[1][2] == "Decision maker, pays"


# --------------------------------------------------------------------------- the room


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'room.db'}"
    monkeypatch.setenv("ACUMEN_DB", url)
    monkeypatch.delenv("ACUMEN_LANG", raising=False)
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()


@pytest.fixture
def store(db_url):
    return RoomStore(open_engine(db_url))


def test_refusals_in_chinese(store):
    code, token = store.open_room(QUESTIONS, seats=1)
    store.join(code, "红队")
    with use_language("zh"), pytest.raises(AcumenError) as full:
        store.join(code, "蓝队")
    assert f"房间 {code} 已满" in full.value.message and "实时课堂" in full.value.message
    with use_language("en"), pytest.raises(AcumenError) as english:
        store.join(code, "Blue")
    assert f"room {code} is full" in english.value.message


def test_answer_after_the_reveal_is_refused_in_chinese(store):
    code, token = store.open_room(QUESTIONS, seats=3)
    seat = store.join(code, "Red")
    store.advance(code, token)
    store.reveal(code, token)
    with use_language("zh"), pytest.raises(AcumenError) as late:
        store.answer(code, seat, 0, "B")
    assert "第 1 题的答案已揭晓" in late.value.message and "请等待下一题" in late.value.message


def test_materials_in_chinese_and_english(store):
    code, token = store.open_room(QUESTIONS, seats=3)
    seat = store.join(code, "Red")
    store.advance(code, token)
    store.answer(code, seat, 0, "B")
    store.reveal(code, token)
    with use_language("zh"):
        made = store.materials(code, token)
    rows = list(csv.reader(io.StringIO(made.results_csv.decode("utf-8-sig"))))
    assert rows[0][:3] == ["题号", "题目", "队伍"] and rows[1][5] == "是"
    key = list(csv.reader(io.StringIO(made.answer_key_csv.decode("utf-8-sig"))))
    assert key[0][-1] == "解析"
    assert 'lang="zh-CN"' in made.handout_html and "：题目" in made.handout_html
    assert "：答案" in made.answer_key_html
    english = store.materials(code, token)
    rows = list(csv.reader(io.StringIO(english.results_csv.decode("utf-8-sig"))))
    assert rows[0] == list(RESULTS_COLUMNS) and rows[1][5] == "yes"
    assert 'lang="en"' in english.handout_html and ": questions" in english.handout_html


def _page(path: str, state: dict | None = None, **query):
    from streamlit.testing.v1 import AppTest

    from tests.apptest_support import ROOT

    at = AppTest.from_file(str(ROOT / path), default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    return at.run()


def _shown(at) -> str:
    from tests.test_app_room import everything

    return everything(at)


def test_room_landing_and_facilitator_screen_in_chinese(store):
    from acumen.ui import room_state as rs

    at = _page(ROOM_PAGE, lang="zh")
    assert not at.exception
    assert at.title[0].value == "实时课堂"
    assert {"进入房间", "开设房间", "恢复"} <= {b.label for b in at.button}
    code, token = store.open_room(QUESTIONS, seats=5)
    store.join(code, "Red")
    host = _page(ROOM_PAGE, {rs.FACILITATOR_KEY: {"code": code, "token": token}}, lang="zh")
    assert not host.exception
    assert host.header[0].value == f"房间代码：{code}"
    assert "正在大厅等候" in host.info[0].value
    host.button(key="_room_next").click().run()
    assert host.subheader[0].value == "第 1 题，共 2 题"
    host.button(key="_room_reveal").click().run()
    text = _shown(host)
    assert "答案：B) Collect faster" in text and "记分板" in text
    assert not PLACEHOLDER.search(text)


def test_participant_screen_in_chinese_while_the_facilitator_reads_english(store):
    code, token = store.open_room(QUESTIONS, seats=5)
    store.advance(code, token)
    at = _page(ROOM_PAGE, room=code, lang="zh")
    assert not at.exception
    assert at.subheader[0].value == f"加入房间 {code}"
    assert at.selectbox(key="_room_team_pick").options == ["新建团队…"]
    at.text_input(key="_room_team_name").input("蓝队")
    at.button(key="_room_join").click().run()
    assert not at.exception
    at.button(key="_room_choice_1_B").click().run()
    text = _shown(at)
    assert "您的团队：蓝队" in text and "您的答案 B 已记录" in text
    assert not PLACEHOLDER.search(text)
    english = store.facilitator_view(code, token)  # the room's data itself has no language
    assert english["answered"] == 1


def test_account_plan_page_in_chinese(db_url):
    at = _page(PLAN_PAGE, lang="zh")
    assert not at.exception
    assert at.title[0].value == "客户计划"
    warnings = " ".join(w.value for w in at.warning)
    assert "图中没有决策者" in warnings and "现金流量" in warnings
    assert not PLACEHOLDER.search(warnings)
