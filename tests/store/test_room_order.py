"""A schedule's rooms in the order its file lists them, then the others as a person reads
them (Library.room_order): the timeline's columns, the same on every day (planner.ui.rooms)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from planner.domain.model import Event, Kind, Schedule
from planner.store import Library
from planner.store.schema import SCHEMA_VERSION
from tests.store.schema_history import downgrade, undo_schema_15

START = datetime(2025, 3, 21, 9, tzinfo=timezone.utc)


def halls(listed: tuple[str, ...], starts: dict[str, int]) -> Schedule:
    """A talk in each hall, ``starts[hall]`` hours after nine; the file lists ``listed``."""
    events = tuple(
        Event(id=f"halls-{room}", kind=Kind.TALK, number=None, title=f"In {room}", authors=(), abstract="",
              start=START + timedelta(hours=hour), end=START + timedelta(hours=hour, minutes=30),
              session=room, room=room, schedule="halls")
        for room, hour in sorted(starts.items(), key=lambda item: item[1])  # as readers sort them
    )
    return Schedule(key="halls", title="Halls", events=events, rooms=listed)


def test_the_files_order_not_the_first_talks(db_path: Path) -> None:
    with Library(db_path) as lib:
        lib.import_schedule(halls(("Hall C", "Hall A", "Hall B"), {"Hall A": 0, "Hall B": 1, "Hall C": 2}))
        assert lib.room_order("halls") == ["Hall C", "Hall A", "Hall B"]
        # An update that lists a new hall first: the file's new order.
        lib.import_schedule(halls(("Hall D", "Hall C", "Hall A", "Hall B"),
                                  {"Hall A": 0, "Hall B": 1, "Hall C": 2, "Hall D": 3}))
        assert lib.room_order("halls") == ["Hall D", "Hall C", "Hall A", "Hall B"]
        assert lib.room_order("no such schedule") == []


def test_rooms_a_file_does_not_list_come_as_a_person_reads_them(db_path: Path) -> None:
    """An iCalendar file names rooms only at its events: sorted as the Rooms list is, with
    numbers by value (first talk first gave "Hall 10, Hall 2, Annex"; text order "Annex,
    Hall 10, Hall 2")."""
    with Library(db_path) as lib:
        lib.import_schedule(halls((), {"Hall 10": 0, "Hall 2": 1, "Annex": 2}))
        assert lib.room_order("halls") == ["Annex", "Hall 2", "Hall 10"]
        lib.import_schedule(halls(("Hall 10",), {"Hall 10": 0, "Hall 2": 1, "Annex": 2}))
        assert lib.room_order("halls") == ["Hall 10", "Annex", "Hall 2"]


def test_a_big_schedule_written_in_chunks_keeps_the_order(db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import planner.store.importing as importing  # only here: the chunk size of the staged path

    monkeypatch.setattr(importing, "STAGE_CHUNK", 1)
    with Library(db_path) as lib:
        lib.import_schedule(halls(("Hall C", "Hall A"), {"Hall A": 0, "Hall B": 1, "Hall C": 2}))
        assert lib.room_order("halls") == ["Hall C", "Hall A", "Hall B"]


def test_a_schema_14_library_orders_rooms_as_read_until_its_next_import(db_path: Path) -> None:
    schedule = halls(("Hall C", "Hall A", "Hall B"), {"Hall A": 0, "Hall B": 1, "Hall C": 2})
    with Library(db_path) as lib:
        lib.import_schedule(schedule)
    downgrade(db_path, undo_schema_15, 14)
    with Library(db_path) as lib:
        assert lib.user_version() == SCHEMA_VERSION
        assert lib.room_order("halls") == ["Hall A", "Hall B", "Hall C"]  # the file's order is not known yet
        lib.import_schedule(replace(schedule, title="Halls again"))
        assert lib.room_order("halls") == ["Hall C", "Hall A", "Hall B"]
