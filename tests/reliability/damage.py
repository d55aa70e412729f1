"""Libraries damaged on purpose, for the tests of what Planner does about it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from planner.store.open import open_library


def library_with_a_star(db: Path) -> str:
    with open_library(db) as lib:
        event_id = lib.events()[0].id
        lib.star([event_id])
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return event_id


def garble_root_page(db: Path, table: str) -> None:
    """Garbage over the first page of ``table``'s b-tree: every read of it fails."""
    conn = sqlite3.connect(db)
    root, page_size = conn.execute(
        "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master WHERE name = ?", (table,)
    ).fetchone()
    conn.close()
    with open(db, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x0d" + b"\xff" * (page_size - 1))
