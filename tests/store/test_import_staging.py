"""An import holds the library's write lock only for its last, short step.

Matching talks, working out what changed and building the rows happen before the import
writes anything, so a star made meanwhile by another connection (the window while a
worker imports, or ``planner star``) is committed at once instead of waiting for the
whole import. These tests hold an import half-way (inside the building of its rows),
star from a second connection with a short busy timeout, and read from a third.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import planner.store.importing as importing_module
from planner.domain.model import Event, Kind, Schedule
from planner.store import Library, StoreError
from tests.store.test_search_index import assert_index_is_exact

OTHER_KEY = "test:other"
BIG_KEY = "test:big"
BUSY_MS = 300  # far below the 10 s the library waits, far above a short write


def schedule(key: str, count: int, version: int, *, skip: frozenset[int] = frozenset()) -> Schedule:
    """``count`` talks; ``version`` changes every third title, ``skip`` leaves talks out."""
    start = datetime(2024, 6, 1, 9, tzinfo=timezone.utc)
    events = tuple(
        Event(
            id=f"{key}:{i}", kind=Kind.TALK, number=i,
            title=f"Talk {i}" + (f" v{version}" if i % 3 == 0 else ""),
            authors=(f"Speaker {i}", "Ada Lovelace"), abstract=f"Abstract {i} about graphs " * 20,
            start=start + timedelta(minutes=10 * i), end=start + timedelta(minutes=10 * i + 30),
            session="Main", room="Room A",
        )
        for i in range(count) if i not in skip
    )
    return Schedule(key=key, title=key, events=events, source=key, format="test")


def other_library(path: Path, *, star: bool = True) -> Path:
    """A library at ``path`` holding OTHER_KEY's 5 talks (small: indexed in its own
    transaction), the first starred unless ``star`` is False: what each import test's
    step works beside."""
    with Library(path) as lib:
        lib.import_schedule(schedule(OTHER_KEY, 5, 0))
        if star:
            lib.star([f"{OTHER_KEY}:1"])
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return other_library(tmp_path / "library.sqlite3", star=False)


def _other(db: Path) -> Library:
    """A second handle that gives up after BUSY_MS instead of waiting out the import."""
    lib = Library(db)
    lib._conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    return lib


def _midway(monkeypatch: pytest.MonkeyPatch, after: int, action: Callable[[], None]) -> list[BaseException]:
    """Run ``action`` once, while the import builds its ``after``-th row; what it raised is returned."""
    real = importing_module.event_row
    calls = iter(range(1, 10**9))
    failures: list[BaseException] = []

    def event_row(*args: object, **kwargs: object) -> tuple[object, ...]:
        if next(calls) == after:
            try:
                action()
            except BaseException as exc:  # reported by the test, not raised inside the import
                failures.append(exc)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing_module, "event_row", event_row)
    return failures


def test_a_star_made_during_an_import_is_committed_before_the_import_ends(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def star_elsewhere() -> None:
        with _other(db) as window:
            window.star([f"{OTHER_KEY}:2"])
        with _other(db) as third:
            seen["stars"] = third.starred_ids()
            # Nothing of the import is visible before it commits.
            seen["big events"] = len(third.events(schedule_key=BIG_KEY))

    failures = _midway(monkeypatch, 200, star_elsewhere)
    with Library(db) as lib:
        summary = lib.import_schedule(schedule(BIG_KEY, 400, 0))
    assert not failures, f"the star waited for the import: {failures[0]!r}"
    assert seen == {"stars": {f"{OTHER_KEY}:2"}, "big events": 0}
    assert summary.created and summary.total == 400
    with Library(db) as lib:
        assert lib.starred_ids() == {f"{OTHER_KEY}:2"}
        assert len(lib.events(schedule_key=BIG_KEY)) == 400
    assert_index_is_exact(db)


def test_stars_made_during_an_update_stay_on_their_talks(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Library(db) as lib:
        lib.import_schedule(schedule(BIG_KEY, 400, 0))
        lib.star([f"{BIG_KEY}:10"])
    kept, changed, dropped = f"{BIG_KEY}:7", f"{BIG_KEY}:9", f"{BIG_KEY}:11"  # 9 gets a new title
    seen: dict[str, object] = {}

    def star_elsewhere() -> None:
        with _other(db) as window:
            window.star([kept, changed, dropped])
        with _other(db) as third:
            seen["stars"] = third.starred_ids()
            seen["title"] = third.event(changed).title  # still the old version

    failures = _midway(monkeypatch, 200, star_elsewhere)
    update = schedule(BIG_KEY, 400, 1, skip=frozenset({10, 11}))
    with Library(db) as lib:
        summary = lib.import_schedule(update)
    assert not failures, f"the star waited for the import: {failures[0]!r}"
    assert seen == {"stars": {f"{BIG_KEY}:10", kept, changed, dropped}, "title": "Talk 9 v0"}
    # The star on a talk the update drops was made after the import had started: it is
    # still seen, and its talk kept as removed, exactly as for a star made before.
    assert sorted(summary.removed_starred) == sorted([f"{BIG_KEY}:10", dropped])
    assert len(summary.changed) == len(range(0, 400, 3))  # every third title
    with Library(db) as lib:
        assert lib.starred_ids() == {f"{BIG_KEY}:10", kept, changed, dropped}
        assert lib.event(changed).title == "Talk 9 v1"
        assert lib.event(kept).title == "Talk 7"
        statuses = lib.statuses()
        assert statuses[dropped][0] == statuses[f"{BIG_KEY}:10"][0] == "removed"
        assert statuses[changed][0] == "changed" and kept not in statuses
        assert len(lib.events(schedule_key=BIG_KEY)) == 400  # 398 in the file, 2 kept as removed
        assert {e.id for e in lib.events(search="Talk v1", schedule_key=BIG_KEY)} == {
            f"{BIG_KEY}:{i}" for i in range(0, 400, 3)}
    assert_index_is_exact(db)


def test_an_import_prepared_before_another_changed_the_schedule_is_prepared_again(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Library(db) as lib:
        lib.import_schedule(schedule(BIG_KEY, 300, 0))

    def remove_elsewhere() -> None:
        with _other(db) as other:
            other.remove_schedule(BIG_KEY, drop_stars=True)

    failures = _midway(monkeypatch, 100, remove_elsewhere)
    with Library(db) as lib:
        summary = lib.import_schedule(schedule(BIG_KEY, 300, 1))
    assert not failures
    # Prepared as an update of 300 talks, stored as what it now is: a new schedule.
    assert summary.created and not summary.changed and summary.total == 300
    with Library(db) as lib:
        assert len(lib.events(schedule_key=BIG_KEY)) == 300
        assert lib.statuses() == {}
    assert_index_is_exact(db)


def test_an_update_that_changes_nothing_keeps_every_row_and_index_entry(db: Path) -> None:
    with Library(db) as lib:
        lib.import_schedule(schedule(BIG_KEY, 50, 0))
        before = lib._conn.execute("SELECT rowid, * FROM events ORDER BY rowid").fetchall()
        index = lib._conn.execute("SELECT * FROM events_fts_data ORDER BY id").fetchall()
        summary = lib.import_schedule(replace(schedule(BIG_KEY, 50, 0), title="Renamed"))
        assert (summary.changed, summary.new, summary.removed) == ([], [], [])
        assert lib._conn.execute("SELECT rowid, * FROM events ORDER BY rowid").fetchall() == before
        # Not even taken out of the search index and put back (which writes new segments).
        assert lib._conn.execute("SELECT * FROM events_fts_data ORDER BY id").fetchall() == index
        assert [s.title for s in lib.schedules()] == [OTHER_KEY, "Renamed"]
    assert_index_is_exact(db)


def test_an_import_that_fails_leaves_nothing_behind(db: Path) -> None:
    with Library(db) as lib:
        lib.import_schedule(schedule(BIG_KEY, 20, 0))
        before = lib._conn.execute("SELECT rowid, * FROM events ORDER BY rowid").fetchall()
        clash = replace(schedule(BIG_KEY, 20, 1), key="test:clash", format="other")  # the same ids
        with pytest.raises(Exception, match="already in the library"):
            lib.import_schedule(clash)
        assert lib._conn.execute("SELECT rowid, * FROM events ORDER BY rowid").fetchall() == before
        assert [s.key for s in lib.schedules()] == [OTHER_KEY, BIG_KEY]
        # Nothing staged is left in this connection either.
        assert lib._conn.execute("SELECT name FROM temp.sqlite_master WHERE type = 'table'").fetchall() == []
    assert_index_is_exact(db)


def test_the_busy_timeout_of_the_second_handle_is_what_the_tests_rely_on(db: Path) -> None:
    """The tests above would pass vacuously if a locked write waited 10 s and then succeeded."""
    with Library(db) as lib, _other(db) as other:
        lib._conn.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="locked"):
                other.star([f"{OTHER_KEY}:1"])
        finally:
            lib._conn.execute("ROLLBACK")


def _write_steps(lib: Library, version: Schedule) -> int:
    """SQLite virtual-machine steps (in thousands) the import of ``version`` spends inside
    its write transaction: the work a star made meanwhile waits for."""
    conn = lib._conn
    inside = [False]
    steps = [0]

    def trace(sql: str) -> None:
        if sql.startswith("BEGIN IMMEDIATE"):
            inside[0] = True
        elif sql.startswith(("COMMIT", "ROLLBACK")):
            inside[0] = False

    def progress() -> int:
        steps[0] += inside[0]
        return 0

    conn.set_trace_callback(trace)
    conn.set_progress_handler(progress, 1000)
    try:
        lib.import_schedule(version)
    finally:
        conn.set_trace_callback(None)
        conn.set_progress_handler(None, 0)
    return steps[0]


def test_a_refresh_holds_the_lock_for_what_changed_not_for_the_whole_schedule(db: Path) -> None:
    """A refresh of a big schedule that changed a few talks is the common case (an hourly
    re-download at a congress): its write transaction works on those few rows, plus one
    pass for the overview (schema.OVERVIEW) when a row changed; none when none did."""
    with Library(db) as lib:
        small, big = schedule("test:small", 300, 0), schedule(BIG_KEY, 3_000, 0)
        lib.import_schedule(small)
        lib.import_schedule(big)
        same_small, same_big = _write_steps(lib, small), _write_steps(lib, big)
        added = _write_steps(lib, replace(big, key="test:big2", title="test:big2", events=tuple(
            replace(e, id=e.id + "-2") for e in big.events)))

        def refreshed(base: Schedule, count: int) -> Schedule:
            """Ten titles reworded, two talks gone, one new."""
            events = [replace(e, title=e.title + " (revised)") if e.number in range(10) else e
                      for e in base.events if e.number not in (20, 21)]
            extra = replace(base.events[-1], id=f"{base.key}:extra", number=count + 1)
            return replace(base, events=(*events, extra))

        edited = _write_steps(lib, refreshed(big, 3_000))
        assert lib.search_ids("revised") == {f"{BIG_KEY}:{i}" for i in range(10)}
    assert_index_is_exact(db)
    # Ten times the talks, the same work within a margin (SQLite's b-trees grow a level).
    assert same_big <= 2 * same_small + 20, (same_small, same_big)
    # Writing the whole schedule again (as a new one) is what it used to cost, and more.
    assert edited < added / 3, (edited, added)
