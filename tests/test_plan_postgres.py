"""Account plans in a real PostgreSQL server (Debian's package): migrations, per-owner
isolation, Chinese text, and the page's sign-in rule for a server database."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from acumen.errors import AcumenError
from acumen.store.database import is_server_database, open_engine
from acumen.store.migrations import MIGRATIONS, migrate
from acumen.store.plans import PlanStore
from tests.pg_support import postgres_server
from tests.test_plan import sample_plan


@pytest.fixture(scope="module")
def pg_url():
    with postgres_server() as url:
        yield url


def test_migrations_apply_on_postgresql_once(pg_url) -> None:
    engine = open_engine(pg_url)
    assert is_server_database(pg_url)
    assert migrate(engine) == []  # open_engine applied them all
    with engine.connect() as connection:
        versions = connection.execute(sa.text("select version from schema_version")).scalars()
        assert sorted(versions) == [n for n, _, _ in MIGRATIONS]


def test_two_users_never_see_each_others_plans_on_postgresql(pg_url) -> None:
    store = PlanStore(open_engine(pg_url))
    alice = store.save("alice@example.com", sample_plan())
    bob = store.save("bob@example.com", sample_plan())
    assert [p.id for p in store.list("alice@example.com")] == [alice]
    assert [p.id for p in store.list("bob@example.com")] == [bob]
    with pytest.raises(AcumenError, match="no saved plan"):
        store.load("bob@example.com", alice)
    assert not store.delete("bob@example.com", alice)
    reopened = store.load("alice@example.com", alice)
    assert reopened == sample_plan() and reopened["stakeholders"][0]["name"] == "王芳"
    # a second engine (another app replica) sees the same saved plan
    assert PlanStore(open_engine(pg_url)).load("alice@example.com", alice) == reopened


def test_the_page_requires_sign_in_on_a_server_database(pg_url, monkeypatch) -> None:
    import streamlit as st

    from tests.apptest_support import open_page

    monkeypatch.setenv("ACUMEN_DB", pg_url)
    st.cache_resource.clear()
    try:
        at = open_page("pages/10_Account_plan.py")
        assert not at.exception
        assert any("Sign in to save plans" in i.value for i in at.info)
        assert not [b for b in at.button if b.key == "plan_save"]
    finally:
        st.cache_resource.clear()
