"""AppTest: the Account plan page — editing, gaps, save and reopen, export, import, errors."""

from __future__ import annotations

import json

import pytest
import streamlit as st

from acumen.plan.model import empty_plan, plan_to_json, validate_plan
from tests.apptest_support import DownloadCapture, open_page

PLAN_PAGE = "pages/10_Account_plan.py"
OVERVIEW = "app.py"


@pytest.fixture(autouse=True)
def own_database(tmp_path, monkeypatch):
    """Each test its own SQLite file (and a fresh engine cache)."""
    monkeypatch.setenv("ACUMEN_DB", f"sqlite:///{tmp_path / 'plans.db'}")
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def editor(at, section: str):
    return next(e for e in at.data_editor if f"::{section}::" in e.key)


def add_stakeholder(at, *rows: dict, **row) -> None:
    """Type ``rows`` (or one ``row``) into the stakeholder editor as new rows."""
    key = editor(at, "stakeholders").key
    added = list(rows) or [row]
    at.session_state[key] = {"edited_rows": {}, "added_rows": added, "deleted_rows": []}
    at.run()


def test_page_opens_with_the_gaps_of_an_empty_map() -> None:
    at = open_page(PLAN_PAGE)
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "No decision maker is on the map" in warnings
    assert "Nobody owns cash, your top priority" in warnings  # Harbor's top priority is cash


def test_a_stakeholder_survives_a_page_switch_and_fills_the_gap() -> None:
    at = open_page(PLAN_PAGE)
    add_stakeholder(
        at,
        name="王芳",
        title="CFO",
        role="decision_maker",
        attitude="supporter",
        power="high",
        owns_driver="cash",
        last_contact="2099-01-01",
    )
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "No decision maker" not in warnings and "Nobody owns cash" not in warnings
    at.switch_page(OVERVIEW).run()
    at.switch_page(PLAN_PAGE).run()
    assert not at.exception
    assert editor(at, "stakeholders").value["name"].tolist() == ["王芳"]


def test_save_and_reopen_in_a_new_session_then_export(monkeypatch) -> None:
    downloads = DownloadCapture(monkeypatch)
    at = open_page(PLAN_PAGE)
    add_stakeholder(
        at,
        name="Ken Blake",
        role="blocker",
        attitude="opponent",
        power="high",
        notes="secret pricing",
        confidential=True,
    )
    next(b for b in at.button if b.key == "plan_save").click().run()
    assert not at.exception
    assert any("Saved as plan" in s.value for s in at.success)

    fresh = open_page(PLAN_PAGE)  # a new session: nothing in memory
    assert editor(fresh, "stakeholders").value.empty
    assert fresh.selectbox(key="_w_plan_pick").options
    next(b for b in fresh.button if b.key == "plan_open").click().run()
    assert not fresh.exception
    assert editor(fresh, "stakeholders").value["name"].tolist() == ["Ken Blake"]
    internal = json.loads(
        downloads.of(next(b for b in fresh.download_button if b.key == "plan_export"))
    )
    external = json.loads(
        downloads.of(next(b for b in fresh.download_button if b.key == "plan_export_external"))
    )
    assert internal["stakeholders"][0]["notes"] == "secret pricing"
    assert external["stakeholders"] == []
    assert "secret pricing" not in json.dumps(external)


def test_an_invalid_entry_is_named_and_kept_as_typed() -> None:
    at = open_page(PLAN_PAGE)
    add_stakeholder(
        at,
        name="Li Wei",
        role="influencer",
        attitude="neutral",
        power="low",
        last_contact="last week",
    )
    assert not at.exception
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "stakeholders[0].last_contact" in errors and "YYYY-MM-DD" in errors
    assert next(b for b in at.button if b.key == "plan_save").disabled
    kept = at.session_state["plan_tables"]["sample:HHP"]["stakeholders"]["edited"]
    assert kept["last_contact"].tolist() == ["last week"]


def test_a_seeded_draft_shows_commitments_checked() -> None:
    plan = empty_plan("sample:HHP", "Harbor Home Products")
    plan["commitments"] = [{"metric": "dso", "change": -5, "by": "2023-12-31"}]
    drafts = {"sample:HHP": {"plan": validate_plan(plan), "saved": None, "id": None}}
    at = open_page(PLAN_PAGE, plan_drafts=drafts)
    assert not at.exception
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "Promised Days sales outstanding (DSO) −5 days by FY2023; actual" in text
    assert "nan" not in text.replace("n/a", "")


def test_plans_are_kept_per_client() -> None:
    at = open_page(PLAN_PAGE)
    add_stakeholder(at, name="Only at Harbor", role="influencer", attitude="neutral", power="low")
    other = open_page(
        PLAN_PAGE, **{"client_id": "sample:WMT", "plan_drafts": at.session_state["plan_drafts"]}
    )
    assert not other.exception
    assert editor(other, "stakeholders").value.empty


def test_plan_json_round_trip_through_the_exporter() -> None:
    plan = validate_plan(empty_plan("sample:HHP", "Harbor"))
    assert json.loads(plan_to_json(plan))["schema"] == "acumen.account-plan/1"


def test_page_briefs_leave_confidential_entries_out_of_the_external_one(monkeypatch) -> None:
    downloads = DownloadCapture(monkeypatch)
    at = open_page(PLAN_PAGE)
    add_stakeholder(
        at,
        {"name": "王芳", "role": "decision_maker", "attitude": "supporter", "power": "high"},
        {
            "name": "Ken Blake",
            "role": "blocker",
            "attitude": "opponent",
            "power": "high",
            "notes": "secret pricing",
            "confidential": True,
        },
    )
    assert not at.exception
    html = {
        kind: downloads.of(
            next(b for b in at.download_button if b.key == f"plan_brief_html_{kind}")
        ).decode()
        for kind in ("internal", "external")
    }
    assert "王芳" in html["internal"] and "secret pricing" in html["internal"]
    assert "王芳" in html["external"] and "secret pricing" not in html["external"]
    assert "top priority: cash" in html["external"]


def saved_for(source: str, name: str, person: str) -> None:
    from acumen.ui.plan_state import plan_store

    plan = empty_plan(source, name)
    plan["stakeholders"] = [{"name": person, "role": "influencer"}]
    plan_store().save("local", validate_plan(plan))


def test_opening_a_plan_switches_to_its_client() -> None:
    saved_for("sample:WMT", "Walmart", "Doug")
    at = open_page(PLAN_PAGE)
    next(b for b in at.button if b.key == "plan_open").click().run()
    assert not at.exception
    assert at.session_state["client_id"] == "sample:WMT"
    assert editor(at, "stakeholders").value["name"].tolist() == ["Doug"]


def test_a_plan_whose_client_is_not_loaded_keeps_its_entries_and_says_so() -> None:
    saved_for("upload: acme_2024.xlsx", "Acme Corp", "Rita")
    at = open_page(PLAN_PAGE)
    next(b for b in at.button if b.key == "plan_open").click().run()
    assert not at.exception
    assert at.session_state["client_id"] == "sample:HHP"
    assert editor(at, "stakeholders").value["name"].tolist() == ["Rita"]
    notice = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "This plan is for Acme Corp (upload: acme_2024.xlsx), which is not loaded" in notice
