"""Opening the database: the URL from ``ACUMEN_DB``, SQLite pragmas, migrations applied."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa

from acumen.store.migrations import migrate

DB_ENV = "ACUMEN_DB"
DATA_DIR_ENV = "ACUMEN_DATA_DIR"


def data_dir() -> Path:
    """``$ACUMEN_DATA_DIR``, else ``$XDG_DATA_HOME/acumen``, else ``~/.local/share/acumen``."""
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / "acumen"


def database_url() -> str:
    """``$ACUMEN_DB`` (an SQLAlchemy URL), else an SQLite file in :func:`data_dir`."""
    configured = os.environ.get(DB_ENV, "").strip()
    return configured or f"sqlite:///{data_dir() / 'acumen.db'}"


def is_server_database(url: str) -> bool:
    """Whether ``url`` names a server database shared by several users (not SQLite)."""
    return not sa.make_url(url).drivername.startswith("sqlite")


def open_engine(url: str | None = None) -> sa.Engine:
    """An engine for ``url`` (default :func:`database_url`) with every migration applied;
    SQLite files get their folder created, WAL journaling and foreign keys."""
    url = url or database_url()
    parsed = sa.make_url(url)
    if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, future=True, pool_pre_ping=True)
    if parsed.drivername.startswith("sqlite"):

        @sa.event.listens_for(engine, "connect")
        def _pragmas(connection, _record) -> None:  # noqa: ANN001 (DB-API connection)
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

    migrate(engine)
    return engine
