"""Saved state in a real database: account plans (and, later, workshop rooms).

SQLite by default (one file under the user's data folder, WAL mode), any SQLAlchemy URL
through ``ACUMEN_DB`` (PostgreSQL for a team server). Schema changes are numbered
migrations (:mod:`acumen.store.migrations`), applied when a store opens.
"""
