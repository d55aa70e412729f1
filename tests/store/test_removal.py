"""Removing a schedule hides it at once and takes its rows out in short transactions.

Taking a 50,000-event schedule out in one transaction held the write lock 1.3 s (issue
22: a star made meanwhile waited as long). Library.remove_schedule now hides it in one
short transaction; importing.finish_removals then takes its events out of the search
index and the library REMOVE_CHUNK at a time. These tests make the chunk 7 rows and look
from a second connection between the transactions, then kill a removal half-way.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import planner.store.importing as importing_module
from planner.store import Library
from tests.store.killed import killed_at_pause
from tests.store.test_import_staging import BIG_KEY, OTHER_KEY, _other, other_library, schedule
from tests.store.test_search_index import assert_index_is_exact

CHUNK = 7
TALKS = 40


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(importing_module, "REMOVE_CHUNK", CHUNK)
    path = other_library(tmp_path / "library.sqlite3")
    with Library(path) as lib:
        lib.import_schedule(schedule(BIG_KEY, TALKS, 0))
        lib.star([f"{BIG_KEY}:3"])
    return path


def _events(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        conn.close()


def test_the_schedule_goes_out_of_sight_at_once_and_its_rows_a_chunk_at_a_time(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = _other(db)
    window._conn.execute("PRAGMA busy_timeout = 0")  # gives up at once on a held lock
    seen: list[tuple[object, ...]] = []

    def pause_after(held: float) -> float:
        window.star([f"{OTHER_KEY}:{len(seen) % 5}"])  # the lock is free between the transactions
        seen.append((_events(db), [s.key for s in window.schedules()], len(window.events()),
                     window.search_ids("graphs"), window.sessions(), window.events_by_id([f"{BIG_KEY}:0"])))
        return 0.0

    monkeypatch.setattr(importing_module, "_pause_after", pause_after)
    try:
        with Library(db) as lib:
            assert lib.remove_schedule(BIG_KEY) == TALKS
            assert [s.key for s in lib.schedules()] == [OTHER_KEY]
    finally:
        window.close()
    # One look after each transaction (the first right after it was hidden): the rows went
    # a chunk at a time ...
    written = [s[0] for s in seen]
    assert written[:3] == [5 + TALKS, 5 + TALKS - CHUNK, 5 + TALKS - 2 * CHUNK], written
    assert written[-1] == 5 and len(seen) == -(-TALKS // CHUNK) + 2  # and the schedule's row at the end
    # ... and none of them could be seen meanwhile.
    for _count, keys, events, found, sessions, by_id in seen:
        assert keys == [OTHER_KEY] and events == 5 and by_id == []
        assert found is not None and not {i for i in found if i.startswith(BIG_KEY)}
        assert {s.title for s in sessions} <= {"Main"} and len(sessions) <= 1
    assert _events(db) == 5
    with Library(db) as lib:
        assert f"{BIG_KEY}:3" in lib.starred_ids()  # stars stay unless asked
    assert_index_is_exact(db)


def test_a_removal_killed_half_way_is_finished_by_the_next_open(db: Path) -> None:
    killed_at_pause(db, 3, f"library.remove_schedule({BIG_KEY!r})", REMOVE_CHUNK=CHUNK)
    assert 5 < _events(db) < 5 + TALKS  # the situation under test: some of its events still there
    with Library(db) as lib:
        assert [s.key for s in lib.schedules()] == [OTHER_KEY]
        assert len(lib.events()) == 5
    assert _events(db) == 5
    assert_index_is_exact(db)


def test_the_same_schedule_added_again_while_a_removal_is_unfinished(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window finishes a removal on a worker: an import meanwhile must not meet its ids."""
    with Library(db) as lib:
        lib.remove_schedule(BIG_KEY, finish=False)
        assert [s.key for s in lib.schedules()] == [OTHER_KEY]
        assert lib.import_schedule(schedule(BIG_KEY, TALKS, 1)).created
        assert len(lib.events(schedule_key=BIG_KEY)) == TALKS
        lib.finish_removals()  # nothing left to do
    assert _events(db) == 5 + TALKS
    assert_index_is_exact(db)
