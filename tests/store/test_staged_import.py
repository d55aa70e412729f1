"""A big new schedule is written in short transactions, unseen until it is whole (issue 22).

Written in one transaction, 50,000 events held the write lock 440 ms, and a star made
meanwhile waited that long. importing.stage_new writes them STAGE_CHUNK rows per
transaction under a schedules row no reader lists (schedules.staging), and store() shows
the schedule in one short transaction. These tests make the chunk a few rows, so 40 talks
take six transactions, and check from a second connection between them that the lock is
free and that nothing of the half-written schedule can be seen; then that a failure, a
kill or another writer landing in between leaves no trace of it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

import planner.store.importing as importing_module
from planner.store import Library
from tests.store.killed import killed_at_pause
from tests.store.test_import_staging import BIG_KEY, OTHER_KEY, _other, other_library, schedule
from tests.store.test_search_index import assert_index_is_exact

CHUNK = 7
TALKS = 40
CHUNKS = -(-TALKS // CHUNK)
ALL = {f"{BIG_KEY}:{i}" for i in range(TALKS)}


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(importing_module, "STAGE_CHUNK", CHUNK)
    return other_library(tmp_path / "library.sqlite3")


def _between_chunks(monkeypatch: pytest.MonkeyPatch, action: Callable[[int], None]) -> list[int]:
    """Run ``action(n)`` before the n-th staging transaction (1, 2, ...); returns the ns."""
    calls: list[int] = []

    def pause_after(held: float) -> float:
        calls.append(len(calls) + 1)
        action(calls[-1])
        return 0.0

    monkeypatch.setattr(importing_module, "_pause_after", pause_after)
    return calls


def _raw(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _no_trace_of_staging(db: Path) -> None:
    assert _raw(db, "SELECT key FROM schedules WHERE staging != ''") == []
    # No row of a schedule that is not there (foreign keys are on, but say it).
    assert _raw(db, "SELECT count(*) FROM events WHERE schedule_id NOT IN (SELECT id FROM schedules)") == [(0,)]


def test_the_schedule_is_written_in_short_transactions_and_seen_only_once_whole(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[object, ...]] = []
    window = _other(db)
    window._conn.execute("PRAGMA busy_timeout = 0")  # gives up at once on a held lock

    def look(n: int) -> None:
        window.star([f"{OTHER_KEY}:{n % 5}"])  # the lock is free between the transactions
        written = _raw(db, "SELECT count(*) FROM events")[0][0]
        seen.append((
            written,
            [s.key for s in window.schedules()],
            {e.id for e in window.events()} - {f"{OTHER_KEY}:{i}" for i in range(5)},
            window.events_by_id(sorted(ALL)),
            window.events(schedule_key=BIG_KEY),
            window.search_ids("graphs"),
            window.sessions(BIG_KEY),
        ))

    calls = _between_chunks(monkeypatch, look)
    try:
        with Library(db) as lib:
            summary = lib.import_schedule(schedule(BIG_KEY, TALKS, 0))
            assert summary.created and summary.total == TALKS
            assert {e.id for e in window.events(schedule_key=BIG_KEY)} == ALL
            assert window.search_ids("graphs") >= ALL
            assert [s.key for s in window.schedules()] == [OTHER_KEY, BIG_KEY]
            assert window.schedules()[1].event_count == TALKS
    finally:
        window.close()
    assert len(calls) == CHUNKS
    # The rows went in a chunk at a time (the first look comes before the first chunk) ...
    assert [s[0] for s in seen] == [5 + min(TALKS, CHUNK * i) for i in range(CHUNKS)]
    # ... and no read showed any of them before the schedule was whole.
    for _written, keys, others, by_id, by_key, found, sessions in seen:
        assert keys == [OTHER_KEY] and others == set() and by_id == [] and by_key == []
        assert found is not None and not found & ALL and sessions == []
    _no_trace_of_staging(db)
    assert_index_is_exact(db)


def test_its_overview_is_the_one_its_events_give(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Worked out from the staged rows before the lock, it must be what OVERVIEW makes."""
    with Library(db) as lib:
        lib.import_schedule(schedule(BIG_KEY, TALKS, 0))
        staged = lib._conn.execute("SELECT overview FROM schedules WHERE key = ?", (BIG_KEY,)).fetchone()[0]
        lib._conn.execute("BEGIN IMMEDIATE")
        lib._conn.execute(importing_module.OVERVIEW + " WHERE key = ?", (BIG_KEY,))
        again = lib._conn.execute("SELECT overview FROM schedules WHERE key = ?", (BIG_KEY,)).fetchone()[0]
        lib._conn.execute("ROLLBACK")
        assert len(lib.start_times(BIG_KEY)) == TALKS and lib.places(BIG_KEY) == [("talk", "Room A", "")]
    assert _canonical(staged) == _canonical(again)


def _canonical(overview: str) -> dict[str, list[str]]:
    import json  # only here: the overview's lists are in no set order

    return {k: sorted(json.dumps(x) for x in v) for k, v in json.loads(overview).items()}


def test_a_failure_half_way_leaves_nothing_and_the_next_import_works(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(n: int) -> None:
        if n == 3:
            raise OSError("disk full")

    _between_chunks(monkeypatch, fail)
    with Library(db) as lib:
        with pytest.raises(OSError, match="disk full"):
            lib.import_schedule(schedule(BIG_KEY, TALKS, 0))
        assert [s.key for s in lib.schedules()] == [OTHER_KEY]
        assert lib.starred_ids() == {f"{OTHER_KEY}:1"}
    _no_trace_of_staging(db)
    assert _raw(db, "SELECT count(*) FROM events") == [(5,)]
    monkeypatch.setattr(importing_module, "_pause_after", lambda held: 0.0)
    with Library(db) as lib:
        assert lib.import_schedule(schedule(BIG_KEY, TALKS, 0)).created
        assert {e.id for e in lib.events(schedule_key=BIG_KEY)} == ALL
    assert_index_is_exact(db)


def _killed_while_staging(db: Path, key: str) -> None:
    killed_at_pause(db, 3, f"library.import_schedule(schedule({key!r}, {TALKS}, 0))", STAGE_CHUNK=CHUNK)
    # The situation under test: two chunks written under a hidden row.
    assert _raw(db, "SELECT count(*) FROM schedules WHERE staging = " + repr(key)) == [(1,)]
    assert _raw(db, "SELECT count(*) FROM events") == [(5 + 2 * CHUNK,)]


def test_an_import_killed_while_staging_shows_nothing_and_is_cleared_by_the_next(db: Path) -> None:
    _killed_while_staging(db, BIG_KEY)
    with Library(db) as lib:
        assert [s.key for s in lib.schedules()] == [OTHER_KEY]
        assert len(lib.events()) == 5 and lib.events_by_id([f"{BIG_KEY}:0"]) == []
        assert lib.starred_ids() == {f"{OTHER_KEY}:1"}
        # Importing the same schedule again clears what the killed one left.
        assert lib.import_schedule(schedule(BIG_KEY, TALKS, 0)).created
        assert {e.id for e in lib.events(schedule_key=BIG_KEY)} == ALL
    _no_trace_of_staging(db)
    assert_index_is_exact(db)


def test_a_stale_leftover_of_another_schedule_is_cleared_by_any_big_import(db: Path) -> None:
    _killed_while_staging(db, "test:killed")
    conn = sqlite3.connect(db)
    with conn:  # as if the kill was long ago (a running import writes every few ms)
        conn.execute("UPDATE schedules SET imported_at = '2026-01-01T00:00:00+00:00' WHERE staging != ''")
    conn.close()
    with Library(db) as lib:
        assert lib.import_schedule(schedule(BIG_KEY, TALKS, 0)).created
    _no_trace_of_staging(db)
    assert _raw(db, "SELECT count(*) FROM events") == [(5 + TALKS,)]


def test_a_recent_leftover_of_another_schedule_is_left_to_its_import(db: Path) -> None:
    """Another process may be staging right now: only its own schedule's import or time clears it."""
    _killed_while_staging(db, "test:killed")
    with Library(db) as lib:
        assert lib.import_schedule(schedule(BIG_KEY, TALKS, 0)).created
    assert _raw(db, "SELECT staging FROM schedules WHERE staging != ''") == [("test:killed",)]


def test_a_writer_landing_in_between_makes_the_import_start_over(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = _other(db)

    def land(n: int) -> None:
        if n == 2:  # an update of another schedule: the generation moves
            other.import_schedule(replace(schedule(OTHER_KEY, 6, 1), title="Other, updated"))

    calls = _between_chunks(monkeypatch, land)
    try:
        with Library(db) as lib:
            summary = lib.import_schedule(schedule(BIG_KEY, TALKS, 0))
            assert summary.created and {e.id for e in lib.events(schedule_key=BIG_KEY)} == ALL
            assert [s.title for s in lib.schedules()] == ["Other, updated", BIG_KEY]
    finally:
        other.close()
    assert len(calls) == 2 * CHUNKS  # staged twice: the first was dropped
    _no_trace_of_staging(db)
    assert_index_is_exact(db)


def test_the_same_schedule_imported_meanwhile_by_another_becomes_an_update(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = _other(db)
    other._conn.execute("PRAGMA busy_timeout = 10000")

    def land(n: int) -> None:
        if n == 2:  # the same schedule, smaller, added by another process meanwhile
            monkeypatch.setattr(importing_module, "_pause_after", lambda held: 0.0)
            other.import_schedule(schedule(BIG_KEY, 3, 0))

    _between_chunks(monkeypatch, land)
    try:
        with Library(db) as lib:
            summary = lib.import_schedule(schedule(BIG_KEY, TALKS, 0))
            assert not summary.created and len(summary.new) == TALKS - 3
            assert {e.id for e in lib.events(schedule_key=BIG_KEY)} == ALL
            assert [s.key for s in lib.schedules()] == [OTHER_KEY, BIG_KEY]
    finally:
        other.close()
    _no_trace_of_staging(db)
    assert_index_is_exact(db)
