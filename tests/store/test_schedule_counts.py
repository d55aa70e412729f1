"""A schedule's event count, as the window's status bar and `planner schedules` give it.

Library.schedules() sums it from the schedule's overview (events per start time, which
imports and changes keep in step) rather than counting rows at every start; these tests
check the sum is the count through the changes a schedule goes through, and that a
schedule whose overview is missing or damaged is still counted.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from planner.store import Library
from tests.store.test_import_staging import BIG_KEY, OTHER_KEY, other_library, schedule


def _counted(lib: Library) -> dict[str, int]:
    return {info.key: info.event_count for info in lib.schedules()}


def _rows(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT s.key, count(e.id) FROM schedules s LEFT JOIN events e "
                                 "ON e.schedule_id = s.id GROUP BY s.id").fetchall())
    finally:
        conn.close()


def test_the_count_follows_imports_updates_and_removals(tmp_path: Path) -> None:
    path = other_library(tmp_path / "library.sqlite3")
    with Library(path) as lib:
        lib.import_schedule(schedule(BIG_KEY, 40, 0))
        assert _counted(lib) == _rows(path) == {OTHER_KEY: 5, BIG_KEY: 40}
        lib.import_schedule(schedule(BIG_KEY, 40, 1, skip=frozenset(range(30, 40))))  # an update, ten talks fewer
        assert _counted(lib) == _rows(path)
        assert _counted(lib)[BIG_KEY] in (30, 40)  # the ten are gone, or kept as removed, as the rows say
        lib.import_schedule(schedule(BIG_KEY, 45, 2))  # and more than at first
        assert _counted(lib) == _rows(path) and _counted(lib)[BIG_KEY] == 45


@pytest.mark.parametrize("overview", ["", "{", '{"starts": "not a list"}', '{"places": []}', '{"starts": [1, "x"]}'])
def test_a_schedule_without_a_readable_overview_is_counted_from_its_rows(tmp_path: Path, overview: str) -> None:
    path = other_library(tmp_path / "library.sqlite3")
    with Library(path) as lib:
        lib.import_schedule(schedule(BIG_KEY, 12, 0))
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE schedules SET overview = ? WHERE key = ?", (overview, BIG_KEY))
    conn.close()
    with Library(path) as lib:
        assert _counted(lib) == {OTHER_KEY: 5, BIG_KEY: 12}


def test_opening_a_schedule_parses_its_overview_once_and_a_new_one_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The day list, filters and boxes read the starts, places, topics and institutions
    of one overview: parsed once, while another schedule's, or the same schedule's after
    an update (another second writer's import included), is parsed anew."""
    from planner.store import reads  # the parser it calls, counted

    path = other_library(tmp_path / "library.sqlite3")
    parsed: list[str] = []
    parse = reads.load_json
    monkeypatch.setattr(reads, "load_json", lambda text: parsed.append(text) or parse(text))
    with Library(path) as lib, Library(path) as other_window:
        lib.import_schedule(schedule(BIG_KEY, 12, 0))
        parsed.clear()

        def opened(key: str) -> tuple[int, list[tuple[str, str, str]]]:
            lib.day_starts(key), lib.topics(key), lib.institutions(key)
            return sum(n for _, _, n in lib.day_starts(key)[0]), lib.places(key)

        assert opened(BIG_KEY) == (12, [("talk", "Room A", "")]) and len(parsed) == 1
        assert opened(OTHER_KEY) == (5, [("talk", "Room A", "")]) and len(parsed) == 2
        moved = schedule(BIG_KEY, 20, 1)
        moved = dataclasses.replace(moved, events=tuple(dataclasses.replace(e, room="Room B") for e in moved.events))
        other_window.import_schedule(moved)  # written through another connection
        assert opened(BIG_KEY) == (20, [("talk", "Room B", "")]) and len(parsed) == 3
