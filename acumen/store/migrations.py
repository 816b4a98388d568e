"""Numbered schema migrations, applied in order and recorded in ``schema_version``.

Each migration is ``(number, description, function(connection))``; a database records the
numbers it has applied, so opening an older database brings it up to date and opening a
current one changes nothing. Add a migration by appending to :data:`MIGRATIONS`; never edit
one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("description", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)

plans = sa.Table(
    "account_plans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner", sa.String(200), nullable=False, index=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("client_source", sa.String(300), nullable=False, server_default=""),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("saved_at", sa.String(40), nullable=False),
)

plan_files = sa.Table(
    "account_plan_files",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "plan_id",
        sa.Integer,
        sa.ForeignKey("account_plans.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("filename", sa.String(300), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
)


# ---------------------------------------------------------------- live workshop rooms (#13)

rooms = sa.Table(
    "rooms",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(12), nullable=False, unique=True),
    sa.Column("facilitator_hash", sa.String(64), nullable=False),
    sa.Column("state", sa.String(12), nullable=False),
    sa.Column("current", sa.Integer, nullable=False, server_default="0"),
    sa.Column("questions", sa.Text, nullable=False),
    sa.Column("max_seats", sa.Integer, nullable=False),
    sa.Column("seconds", sa.Integer, nullable=False, server_default="0"),
    sa.Column("question_started_at", sa.String(40)),
    sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)

room_teams = sa.Table(
    "room_teams",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("room_id", sa.Integer, sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.String(60), nullable=False),
    sa.Column("name_key", sa.String(60), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.UniqueConstraint("room_id", "name_key", name="uq_room_team_name"),
)

room_participants = sa.Table(
    "room_participants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("room_id", sa.Integer, sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    sa.Column(
        "team_id",
        sa.Integer,
        sa.ForeignKey("room_teams.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("joined_at", sa.String(40), nullable=False),
)

room_answers = sa.Table(
    "room_answers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("room_id", sa.Integer, sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    sa.Column("question_index", sa.Integer, nullable=False),
    sa.Column(
        "participant_id",
        sa.Integer,
        sa.ForeignKey("room_participants.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column(
        "team_id", sa.Integer, sa.ForeignKey("room_teams.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("choice", sa.String(1), nullable=False),
    sa.Column("answered_at", sa.String(40), nullable=False),
    sa.UniqueConstraint("room_id", "question_index", "participant_id", name="uq_room_answer_once"),
    sa.Index("ix_room_answers_question", "room_id", "question_index"),
)

room_scores = sa.Table(
    "room_scores",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("room_id", sa.Integer, sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    sa.Column("question_index", sa.Integer, nullable=False),
    sa.Column(
        "team_id", sa.Integer, sa.ForeignKey("room_teams.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("answered", sa.Integer, nullable=False),
    sa.Column("correct", sa.Integer, nullable=False),
    sa.UniqueConstraint("room_id", "question_index", "team_id", name="uq_room_score_once"),
)

room_rounds = sa.Table(
    "room_rounds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("room_id", sa.Integer, sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    sa.Column("question_index", sa.Integer, nullable=False),
    sa.Column("started_at", sa.String(40), nullable=False),
    sa.Column("revealed_at", sa.String(40)),
    sa.UniqueConstraint("room_id", "question_index", name="uq_room_round_once"),
)

room_whatif_rounds = sa.Table(
    "room_whatif_rounds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("room_id", sa.Integer, sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    sa.Column("round_index", sa.Integer, nullable=False),
    sa.Column("company", sa.String(40), nullable=False),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("goal", sa.String(12), nullable=False),
    sa.Column("bounds", sa.Text, nullable=False),
    sa.Column("resume_state", sa.String(12), nullable=False),
    sa.Column("started_at", sa.String(40), nullable=False),
    sa.Column("revealed_at", sa.String(40)),
    sa.Column("outcomes", sa.Text),
    sa.UniqueConstraint("room_id", "round_index", name="uq_room_whatif_round_once"),
)

room_whatif_picks = sa.Table(
    "room_whatif_picks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("room_id", sa.Integer, sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    sa.Column("round_index", sa.Integer, nullable=False),
    sa.Column(
        "team_id", sa.Integer, sa.ForeignKey("room_teams.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column(
        "participant_id",
        sa.Integer,
        sa.ForeignKey("room_participants.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("levers", sa.Text, nullable=False),
    sa.Column("submitted_at", sa.String(40), nullable=False),
    sa.Column("points", sa.Integer, nullable=False, server_default="0"),
    sa.UniqueConstraint("room_id", "round_index", "team_id", name="uq_room_whatif_pick_per_team"),
)


def _create(*tables: sa.Table) -> Callable[[sa.Connection], None]:
    def apply(connection: sa.Connection) -> None:
        for table in tables:
            table.create(connection, checkfirst=True)

    return apply


MIGRATIONS: tuple[tuple[int, str, Callable[[sa.Connection], None]], ...] = (
    (1, "account plans", _create(plans)),
    (2, "uploaded files kept with a plan", _create(plan_files)),
    (
        3,
        "live workshop rooms: rooms, teams, participants",
        _create(rooms, room_teams, room_participants),
    ),
    (4, "live workshop rooms: answers and scores", _create(room_answers, room_scores)),
    (5, "live workshop rooms: when each question started and was revealed", _create(room_rounds)),
    (
        6,
        "live workshop rooms: what-if rounds and each team's levers",
        _create(room_whatif_rounds, room_whatif_picks),
    ),
)


def applied_versions(connection: sa.Connection) -> set[int]:
    return set(connection.execute(sa.select(schema_version.c.version)).scalars())


#: The PostgreSQL advisory lock that serialises migrations across app replicas.
MIGRATION_LOCK = 0x4143554D  # "ACUM"


def serialise_migrations(connection: sa.Connection) -> None:
    """On PostgreSQL, wait for the transaction-scoped migration lock, so replicas starting
    together apply each migration once (the others then find it recorded)."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


def migrate(engine: sa.Engine) -> list[int]:
    """Apply the migrations ``engine``'s database lacks, each in its own transaction;
    the numbers applied (``[]`` when it is up to date). Safe to run from several processes
    at once on PostgreSQL (:func:`serialise_migrations`)."""
    with engine.begin() as connection:
        serialise_migrations(connection)
        schema_version.create(connection, checkfirst=True)
    done: list[int] = []
    for number, description, apply in MIGRATIONS:
        with engine.begin() as connection:
            serialise_migrations(connection)
            if number in applied_versions(connection):
                continue
            apply(connection)
            connection.execute(
                sa.insert(schema_version).values(version=number, description=description)
            )
            done.append(number)
    return done
