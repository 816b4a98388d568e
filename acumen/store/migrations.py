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


def _create(*tables: sa.Table) -> Callable[[sa.Connection], None]:
    def apply(connection: sa.Connection) -> None:
        for table in tables:
            table.create(connection, checkfirst=True)

    return apply


MIGRATIONS: tuple[tuple[int, str, Callable[[sa.Connection], None]], ...] = (
    (1, "account plans", _create(plans)),
    (2, "uploaded files kept with a plan", _create(plan_files)),
)


def applied_versions(connection: sa.Connection) -> set[int]:
    return set(connection.execute(sa.select(schema_version.c.version)).scalars())


def migrate(engine: sa.Engine) -> list[int]:
    """Apply the migrations ``engine``'s database lacks, each in its own transaction;
    the numbers applied (``[]`` when it is up to date)."""
    with engine.begin() as connection:
        schema_version.create(connection, checkfirst=True)
    done: list[int] = []
    for number, description, apply in MIGRATIONS:
        with engine.begin() as connection:
            if number in applied_versions(connection):
                continue
            apply(connection)
            connection.execute(
                sa.insert(schema_version).values(version=number, description=description)
            )
            done.append(number)
    return done
