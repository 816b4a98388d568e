"""The account plan: validation with field paths, export, confidentiality, analysis, store."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from acumen.errors import AcumenError
from acumen.plan.analysis import commitment_check, goal_status, stakeholder_gaps
from acumen.plan.figures import stakeholder_map_figure
from acumen.plan.model import (
    PlanError,
    empty_plan,
    external_plan,
    plan_from_json,
    plan_to_json,
    validate_plan,
)
from acumen.plan.schema import CHOICES, LIST_SECTIONS, SCHEMA_ID
from acumen.store.database import is_server_database, open_engine
from acumen.store.migrations import MIGRATIONS, migrate
from acumen.store.plans import PlanStore

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2024, 6, 1)


def sample_plan() -> dict:
    plan = empty_plan("sample:HHP", "Harbor Home Products", "manufacturer")
    plan["stakeholders"] = [
        {
            "name": "王芳",
            "title": "CFO",
            "role": "decision_maker",
            "attitude": "supporter",
            "power": "high",
            "owns_driver": "cash",
            "last_contact": "2024-05-20",
            "pays": True,
        },
        {
            "name": "Ken Blake",
            "title": "COO",
            "role": "blocker",
            "attitude": "opponent",
            "power": "high",
            "notes": "Wants the rival's offer; do not repeat",
            "confidential": True,
        },
    ]
    plan["culture"] = {
        "negotiation": "hard_bargainer",
        "agreements": "contract_only",
        "notes": "Procurement scores every bid on price",
        "confidential": False,
    }
    plan["goals"] = [
        {
            "horizon": "short",
            "text": "Free cash",
            "driver": "cash",
            "metric": "dso",
            "target": 40,
            "by": "2024-12-31",
        }
    ]
    plan["commitments"] = [{"metric": "dso", "change": -5, "by": "2024-12-31"}]
    return validate_plan(plan)


def test_example_in_the_issue_validates_and_round_trips() -> None:
    plan = sample_plan()
    again = plan_from_json(plan_to_json(plan))
    assert again == plan
    assert "王芳" in plan_to_json(plan)  # not \\u-escaped


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            lambda p: p["stakeholders"].append({"name": "X", "role": "boss"}),
            "stakeholders[2].role",
            "'boss' is not one of decision_maker, information_sharer, influencer, blocker",
        ),
        (lambda p: p["culture"].update(negotiation="nice"), "culture.negotiation", "not one of"),
        (lambda p: p["goals"][0].update(target="lots"), "goals[0].target", "expected a number"),
        (lambda p: p["goals"][0].update(by="31/12/2024"), "goals[0].by", "YYYY-MM-DD"),
        (
            lambda p: p["commitments"][0].update(metric="happiness"),
            "commitments[0].metric",
            "not one of",
        ),
        (lambda p: p["stakeholders"][0].update(boss=True), "stakeholders[0].boss", "not a field"),
        (lambda p: p.update(schema="other/9"), "schema", "expected"),
        (
            lambda p: p["stakeholders"][0].update(pays="yes"),
            "stakeholders[0].pays",
            "true or false",
        ),
    ],
)
def test_invalid_fields_are_named_by_path(change, path: str, words: str) -> None:
    plan = json.loads(plan_to_json(sample_plan()))
    change(plan)
    with pytest.raises(PlanError) as caught:
        validate_plan(plan, source="p.json")
    assert caught.value.path == path
    assert caught.value.message.startswith(f"p.json: {path}: ")
    assert words in caught.value.message


def test_cli_plan_check_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(plan_to_json(sample_plan()), encoding="utf-8")
    bad_plan = json.loads(good.read_text(encoding="utf-8"))
    bad_plan["stakeholders"][1]["role"] = "boss"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_plan), encoding="utf-8")

    def run(path: Path) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "acumen", "plan", "check", str(path)]
        return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)

    ok = run(good)
    assert ok.returncode == 0, ok.stderr
    assert "2 stakeholders" in ok.stdout
    refused = run(bad)
    assert refused.returncode == 2
    assert "stakeholders[1].role: 'boss' is not one of" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_external_plan_leaves_out_every_confidential_entry() -> None:
    plan = sample_plan()
    plan["decision_process"] = {
        "payer": "CFO",
        "steps": ["RFP"],
        "past_decisions": "price",
        "confidential": True,
    }
    shown = external_plan(validate_plan(plan))
    text = json.dumps(shown, ensure_ascii=False)
    assert "王芳" in text
    assert "Ken Blake" not in text and "do not repeat" not in text
    assert shown["decision_process"]["payer"] == "" and shown["decision_process"]["steps"] == []
    assert "Procurement scores" in text  # culture is not confidential


@settings(max_examples=60, deadline=None)
@given(
    flags=st.lists(st.booleans(), min_size=0, max_size=8),
    names=st.lists(st.text(min_size=1, max_size=12).filter(str.strip), min_size=8, max_size=8),
)
def test_external_never_carries_a_confidential_name(flags: list[bool], names: list[str]) -> None:
    plan = empty_plan("sample:HHP")
    marked = [f"{n.strip()}#{i}" for i, n in enumerate(names)]
    plan["stakeholders"] = [
        {"name": marked[i], "confidential": flag} for i, flag in enumerate(flags)
    ]
    shown = external_plan(validate_plan(plan))
    kept = {p["name"] for p in shown["stakeholders"]}
    assert kept == {marked[i] for i, flag in enumerate(flags) if not flag}


def test_gaps_name_what_is_missing() -> None:
    plan = sample_plan()
    gaps = stakeholder_gaps(plan, "margin", TODAY)
    assert any("high-power blocker (Ken Blake) is not engaged" in g for g in gaps)
    assert any("Nobody owns margin, your top priority" in g for g in gaps)
    assert not any("decision maker" in g for g in gaps)
    later = stakeholder_gaps(plan, "cash", dt.date(2025, 6, 1))
    assert any("No contact with the decision maker (王芳)" in g for g in later)
    assert not any("Nobody owns cash" in g for g in later)
    assert stakeholder_gaps(empty_plan(), "cash", TODAY)[0].startswith("No decision maker")


def client_metrics() -> pd.DataFrame:
    return pd.DataFrame(
        {"dso": [45.0, 42.0, 40.0], "net_margin": [0.05, 0.04, np.nan]},
        index=pd.Index([2022, 2023, 2024], name="fiscal_year"),
    )


def test_commitments_are_checked_against_later_figures() -> None:
    table = commitment_check(sample_plan(), client_metrics())
    row = table.iloc[0]
    assert (row["from_year"], row["to_year"]) == (2023, 2024)
    assert row["actual"] == pytest.approx(40.0 - 42.0)
    assert row["sentence"] == (
        "Promised Days sales outstanding (DSO) −5 days by FY2024; actual −2 days (from FY2023)."
    )
    early = commitment_check(sample_plan(), client_metrics().loc[[2022, 2023]])
    assert np.isnan(early.iloc[0]["actual"]) and "n/a" in early.iloc[0]["sentence"]
    assert "nan" not in early.iloc[0]["sentence"].replace("n/a", "")


def test_goal_status_against_the_latest_figure() -> None:
    status = goal_status(sample_plan(), client_metrics())[0]
    assert (status.latest_year, status.latest, status.gap) == (2024, 40.0, 0.0)
    assert status.summary.startswith(
        "Days sales outstanding (DSO) is 40 days (FY2024); target 40 days by 2024-12-31"
    )


def test_stakeholder_map_draws_names_as_text() -> None:
    plan = sample_plan()
    plan["stakeholders"][0]["name"] = "<a href='http://x'>CFO</a>"
    figure = stakeholder_map_figure(validate_plan(plan))
    texts = [t for trace in figure.data for t in trace.text]
    assert all("<a" not in t for t in texts)
    assert {trace.name for trace in figure.data} == {"Decision maker", "Blocker"}


# --------------------------------------------------------------------------- the store


@pytest.fixture
def store(tmp_path: Path) -> PlanStore:
    return PlanStore(open_engine(f"sqlite:///{tmp_path / 'plans.db'}"))


def test_save_list_reopen(store: PlanStore) -> None:
    plan = sample_plan()
    plan_id = store.save("alice", plan)
    assert [p.title for p in store.list("alice")] == ["Harbor Home Products"]
    assert store.load("alice", plan_id) == plan
    plan["culture"]["notes"] = "changed"
    assert store.save("alice", plan, plan_id) == plan_id
    assert store.load("alice", plan_id)["culture"]["notes"] == "changed"
    assert len(store.list("alice")) == 1


def test_two_users_never_see_each_others_plans(store: PlanStore) -> None:
    alice = store.save("alice", sample_plan())
    bob_plan = empty_plan("sample:WMT", "Walmart")
    bob = store.save("bob", bob_plan)
    assert [p.id for p in store.list("alice")] == [alice]
    assert [p.id for p in store.list("bob")] == [bob]
    with pytest.raises(AcumenError, match="no saved plan"):
        store.load("bob", alice)
    # bob "saving over" alice's id makes a new plan of his own; alice's stays as it was
    assert store.save("bob", bob_plan, alice) not in (alice, bob)
    assert store.load("alice", alice) == sample_plan()
    assert not store.delete("bob", alice)
    store.attach_files("alice", alice, [(b"Line item,2023\nRevenue,1\n", "hhp.csv")])
    assert store.files("bob", alice) == []
    with pytest.raises(AcumenError):
        store.attach_files("bob", alice, [(b"x", "x.csv")])
    assert store.files("alice", alice) == [(b"Line item,2023\nRevenue,1\n", "hhp.csv")]


def test_saving_without_a_user_is_refused(store: PlanStore) -> None:
    with pytest.raises(AcumenError, match="signed-in user"):
        store.save("", sample_plan())


def test_an_invalid_plan_is_never_saved(store: PlanStore) -> None:
    plan = sample_plan()
    plan["stakeholders"][0]["role"] = "boss"
    with pytest.raises(PlanError):
        store.save("alice", plan)
    assert store.list("alice") == []


def test_migrations_apply_once_and_bring_an_old_database_up(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    first = MIGRATIONS[:1]
    import acumen.store.migrations as migrations

    original = migrations.MIGRATIONS
    migrations.MIGRATIONS = first
    try:
        assert migrate(engine) == [1]
    finally:
        migrations.MIGRATIONS = original
    assert migrate(engine) == [n for n, _, _ in MIGRATIONS[1:]]
    assert migrate(engine) == []
    tables = set(sa.inspect(engine).get_table_names())
    assert {"account_plans", "account_plan_files", "schema_version"} <= tables
    with sa.create_engine(url).connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    assert mode in {"delete", "wal"}
    assert open_engine(url) is not None
    with open_engine(url).connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_server_database_detection() -> None:
    assert not is_server_database("sqlite:///x.db")
    assert is_server_database("postgresql+psycopg://u@localhost/acumen")


def test_every_list_section_has_its_choices() -> None:
    assert SCHEMA_ID == "acumen.account-plan/1"
    assert set(LIST_SECTIONS) == {"stakeholders", "goals", "communication", "commitments"}
    assert "decision_maker" in CHOICES["role"]


def test_the_documentation_lists_every_field_and_choice() -> None:
    from acumen.plan.schema import OBJECT_SECTIONS

    text = (ROOT / "docs" / "account-plan.md").read_text(encoding="utf-8")
    for section, fields in {**OBJECT_SECTIONS, **LIST_SECTIONS}.items():
        assert f"`{section}`" in text
        for name in fields:
            assert f"`{name}`" in text, (section, name)
    for name, values in CHOICES.items():
        if name != "metric":
            assert all(f"`{v}`" in text for v in values), name
