"""Live rooms on a real PostgreSQL (Debian's server, a private cluster): replicas starting
together migrate once; two engines (two app replicas) see one room's state."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from acumen.room import QUESTION, REVEALED, RoomStore
from acumen.store.database import open_engine
from acumen.store.migrations import MIGRATIONS
from tests.pg_support import postgres_server


@pytest.fixture(scope="module")
def pg_url():
    with postgres_server() as url:
        yield url


def question(n: int, answer: str) -> dict:
    return {
        "question": f"Question {n}?",
        "choices": ["one", "two", "three", "four"],
        "answer": answer,
        "explanation": f"Reason {n}.",
    }


def test_replicas_starting_together_apply_each_migration_once(pg_url):
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text("CREATE DATABASE fresh"))
    admin.dispose()
    fresh = sa.make_url(pg_url).set(database="fresh").render_as_string(hide_password=False)
    errors: list[BaseException] = []

    def start() -> None:
        try:
            open_engine(fresh).dispose()
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = open_engine(fresh)
    with engine.connect() as connection:
        versions = connection.execute(sa.text("select version from schema_version")).scalars()
        assert sorted(versions) == [n for n, _, _ in MIGRATIONS]
    engine.dispose()


def test_two_replicas_serve_one_room(pg_url):
    a, b = RoomStore(open_engine(pg_url)), RoomStore(open_engine(pg_url))
    code, token = a.open_room([question(1, "C"), question(2, "A")], seats=10)
    blue, red = b.join(code, "Blue"), a.join(code, "Red")
    a.advance(code, token)
    assert b.participant_view(code, blue)["state"] == QUESTION
    b.answer(code, blue, 0, "C")
    a.answer(code, red, 0, "D")
    assert a.answer(code, blue, 0, "A") == "C"  # once, whichever replica
    assert a.facilitator_view(code, token)["answered"] == 2
    b.reveal(code, token)
    assert a.participant_view(code, red)["state"] == REVEALED
    assert (
        a.facilitator_view(code, token)["scoreboard"] == b.participant_view(code, red)["scoreboard"]
    )
    log = b.answer_log(code, token)
    assert log[["team", "answer", "points"]].values.tolist() == [["Blue", "C", 1], ["Red", "D", 0]]
