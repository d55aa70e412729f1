"""Turning a library back into what an older schema wrote, for the migration tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path


def undo_schema_16(conn: sqlite3.Connection) -> None:
    """What schema 15 had: export records without the place they gave."""
    conn.execute("ALTER TABLE exports DROP COLUMN location")


def undo_schema_15(conn: sqlite3.Connection) -> None:
    """What schema 14 had: no rooms in their file's order (nor what schema 16 added after)."""
    undo_schema_16(conn)
    conn.execute("ALTER TABLE schedules DROP COLUMN rooms")


def undo_schema_14(conn: sqlite3.Connection) -> None:
    """What schema 13 had: no staging column, every schedule written in one go (nor what
    schema 15 added after)."""
    undo_schema_15(conn)
    conn.execute("ALTER TABLE schedules DROP COLUMN staging")


def undo_schema_13(conn: sqlite3.Connection) -> None:
    """What schema 12 had: no friends (nor what schemas 14 and 15 added after)."""
    undo_schema_14(conn)
    conn.execute("DROP TABLE friend_picks")
    conn.execute("DROP TABLE friends")


def undo_schema_12(conn: sqlite3.Connection) -> None:
    """What schema 11 had: stars without tiers, no plans, no attendance (nor friends)."""
    undo_schema_13(conn)
    conn.execute("ALTER TABLE stars DROP COLUMN tier")
    conn.execute("DROP TABLE planned")
    conn.execute("DROP TABLE attendance")


def undo_schema_11(conn: sqlite3.Connection) -> None:
    """What schema 10 had: no paper columns on events, no table of unscheduled entries
    (nor what schema 12 added after)."""
    undo_schema_12(conn)
    conn.execute("DROP INDEX events_by_paper")
    for column in ("poster_position", "affiliations", "topic", "paper", "type_name"):
        conn.execute(f"ALTER TABLE events DROP COLUMN {column}")
    conn.execute("DROP TABLE unscheduled")
    conn.execute("DROP TABLE unscheduled_fts")


def downgrade(path: Path, undo: Callable[[sqlite3.Connection], None], version: int) -> None:
    """Turn the closed library at ``path`` into what schema ``version`` wrote: ``undo``
    (undo_schema_{version + 1}) and that user_version."""
    conn = sqlite3.connect(path)
    try:
        undo(conn)
        conn.execute(f"PRAGMA user_version = {int(version)}")
        conn.commit()
    finally:
        conn.close()
