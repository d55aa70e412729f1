"""Turning a library back into what an older schema wrote, for the migration tests."""

from __future__ import annotations

import sqlite3


def undo_schema_11(conn: sqlite3.Connection) -> None:
    """What schema 10 had: no paper columns on events, no table of unscheduled entries."""
    conn.execute("DROP INDEX events_by_paper")
    for column in ("poster_position", "affiliations", "topic", "paper", "type_name"):
        conn.execute(f"ALTER TABLE events DROP COLUMN {column}")
    conn.execute("DROP TABLE unscheduled")
    conn.execute("DROP TABLE unscheduled_fts")
