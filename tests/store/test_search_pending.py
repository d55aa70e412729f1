"""A big new schedule's search index is written after its events, in short transactions.

Indexing 10,000 events takes ~250 ms; in the import's own transaction it kept a star
waiting for it (issue 22). So store() leaves the rows of a new schedule of more than
INDEX_CHUNK events to index (a range in meta), and finish_index hands them to the index a
chunk per transaction, with the lock free between. These tests make the chunk a few rows,
so a small schedule takes several transactions, and check that search finds every event
however the import ends: done, killed between two of its transactions (the next open
finishes it), or overtaken by another writer that hands the index rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

import planner.store.importing as importing_module
from planner.store import Library
from tests.store.killed import killed_at_pause
from tests.store.test_import_staging import BIG_KEY, OTHER_KEY, _other, other_library, schedule
from tests.store.test_search_index import assert_index_is_exact

CHUNK = 7  # rows per transaction in these tests: 40 talks take 6 of them
TALKS = 40


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(importing_module, "INDEX_CHUNK", CHUNK)
    return other_library(tmp_path / "library.sqlite3")


def _pending(db: Path) -> str | None:
    """The range meta says is still to index, read without opening a Library (which finishes it)."""
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'search-pending'").fetchone()
    finally:
        conn.close()
    return None if row is None else str(row[0])


def _found(lib: Library) -> set[str]:
    return {e.id for e in lib.events(search="graphs", schedule_key=BIG_KEY)}


ALL = {f"{BIG_KEY}:{i}" for i in range(TALKS)}


@pytest.fixture
def left_pending(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Imports in this test leave their index to whoever comes next, as one killed would.

    Returns what gives finish_index back, for an opening that is to finish that index:
    planner.store.recovery looks it up only when a library has rows left, so as not to
    load the import code with every open.
    """
    real = importing_module.finish_index
    monkeypatch.setattr(importing_module, "finish_index", lambda conn, held=0.0: None)
    return lambda: monkeypatch.setattr(importing_module, "finish_index", real)


def test_a_big_new_schedule_is_indexed_in_transactions_of_its_own(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commits: list[str | None] = []
    real = importing_module.index_pending

    def index_pending(conn: sqlite3.Connection, limit: int | None = None) -> bool:
        if limit is not None:  # one of finish_index's transactions
            commits.append(conn.execute("SELECT value FROM meta WHERE key = 'search-pending'").fetchone()[0])
        return real(conn, limit)

    monkeypatch.setattr(importing_module, "index_pending", index_pending)
    with Library(db) as lib:
        summary = lib.import_schedule(schedule(BIG_KEY, TALKS, 0))
        assert summary.created
        # Found as soon as the import returns, by this handle and any other.
        assert _found(lib) == ALL
    assert len(commits) == -(-TALKS // CHUNK)  # every chunk after the events' own transaction
    assert _pending(db) is None
    assert_index_is_exact(db)


def test_the_lock_is_free_between_the_index_transactions(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stars: list[set[str]] = []
    real = importing_module._pause_after
    window = _other(db)  # open all along, as the window is while a worker imports
    window._conn.execute("PRAGMA busy_timeout = 0")  # gives up at once on a held lock

    def pause_after(held: float) -> float:
        # Between two transactions of the import: the window stars a talk of it.
        window.star([f"{BIG_KEY}:{len(stars)}"])
        stars.append(window.starred_ids())
        return real(held)

    monkeypatch.setattr(importing_module, "_pause_after", pause_after)
    try:
        with Library(db) as lib:
            lib.import_schedule(schedule(BIG_KEY, TALKS, 0))
    finally:
        window.close()
    assert len(stars) == -(-TALKS // CHUNK)
    assert stars[-1] == {f"{OTHER_KEY}:1"} | {f"{BIG_KEY}:{i}" for i in range(len(stars))}
    with Library(db) as lib:
        assert _found(lib) == ALL
    assert_index_is_exact(db)


@pytest.mark.parametrize("killed_before", [1, 3], ids=["after-the-events", "after-two-chunks"])
def test_an_import_killed_before_its_index_is_written_is_finished_by_the_next_open(
        db: Path, killed_before: int) -> None:
    # The first pause comes right after the events' transaction, before the index's.
    killed_at_pause(db, killed_before, f"library.import_schedule(schedule({BIG_KEY!r}, {TALKS}, 0))",
                    INDEX_CHUNK=CHUNK)
    assert _pending(db) is not None  # the situation under test: events stored, index not all
    with Library(db) as lib:
        assert len(lib.events(schedule_key=BIG_KEY)) == TALKS
        assert _found(lib) == ALL
        assert lib.starred_ids() == {f"{OTHER_KEY}:1"}
    assert _pending(db) is None
    assert_index_is_exact(db)


def test_a_new_import_finishes_the_index_another_left(db: Path, left_pending: Callable[[], None]) -> None:
    with Library(db) as lib:
        lib.import_schedule(schedule(BIG_KEY, TALKS, 0))
        first = _pending(db)
        assert first is not None
        lib.import_schedule(schedule("test:third", TALKS, 0))
        assert _found(lib) == ALL
        assert _pending(db) not in (None, first)  # the new one's rows, left in their turn
    left_pending()
    with Library(db) as lib:  # which opening finishes
        assert {e.id for e in lib.events(search="graphs", schedule_key="test:third")} == {
            f"test:third:{i}" for i in range(TALKS)}
    assert _pending(db) is None
    assert_index_is_exact(db)


def test_an_update_finishes_the_index_of_its_schedule_first(db: Path, left_pending: Callable[[], None]) -> None:
    with Library(db) as lib:
        lib.import_schedule(schedule(BIG_KEY, TALKS, 0))
        assert _pending(db) is not None
        summary = lib.import_schedule(schedule(BIG_KEY, TALKS, 1))  # every third title reworded
        assert summary.changed
        assert _pending(db) is None
        assert _found(lib) == ALL
        assert {e.id for e in lib.events(search="v1", schedule_key=BIG_KEY)} == {
            f"{BIG_KEY}:{i}" for i in range(0, TALKS, 3)}
    assert_index_is_exact(db)


def test_a_removal_finishes_the_index_before_taking_the_schedule_out(db: Path, left_pending: Callable[[], None]) -> None:
    with Library(db) as lib:
        lib.import_schedule(schedule(BIG_KEY, TALKS, 0))
        assert _pending(db) is not None
        lib.remove_schedule(BIG_KEY)
        assert _pending(db) is None
        lib.import_schedule(schedule("test:third", 5, 0))
        assert {e.id for e in lib.events(search="graphs")} == {f"{OTHER_KEY}:{i}" for i in range(5)} | {
            f"test:third:{i}" for i in range(5)}
        # Raises if the index disagrees with itself.
        lib._conn.execute("INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 0)")
    assert_index_is_exact(db)
