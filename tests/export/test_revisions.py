"""Exporting again updates calendars: same UID, SEQUENCE, LAST-MODIFIED, STATUS.

The library-level tests import a modified copy of the bundled session (one talk moved,
one retitled, one dropped) the way an update from the conference would arrive, export
after each step, and read every calendar back with icalendar.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.domain.exports import ExportRecord
from planner.domain.model import Event, Kind, Schedule
from planner.export.revisions import plan
from planner.formats import load
from planner.services.exporting import AgendaExport
from planner.services.exporting import export_agenda as build_export
from planner.store import Library
from planner.store.open import open_library
from tests.conftest import SEED

T1 = datetime(2020, 11, 1, 12, 0, tzinfo=timezone.utc)
T2 = T1 + timedelta(days=1)
T3 = T1 + timedelta(days=2)
T4 = T1 + timedelta(days=3)
T5 = T1 + timedelta(days=4)

# Stable ids of the bundled session (tests/cli/test_cli.py pins them too).
ORAL1, ORAL2, ORAL3 = "sp-496136e5b5", "sp-78b3ba9738", "sp-a3da5a9c0e"
SPOT12 = "sp-262e45f052"
ORAL2_TIME = "2020-12-10T18:15:00-08:00 - 2020-12-10T18:30:00-08:00"
ORAL3_HEADING = "##### 3 - Oral: Spectra of the Conjugate Kernel"
SPOT12_BLOCK_START = "2020-12-10T20:10:00-08:00 - 2020-12-10T20:20:00-08:00"


def export_agenda(library: Library, **options: object) -> AgendaExport:
    """Export and remember, as the CLI and the window do once the file is written."""
    result = build_export(library, **options)  # type: ignore[arg-type]
    result.remember(library)
    return result


def test_an_export_that_was_never_written_is_not_remembered(library: Library) -> None:
    library.star([ORAL1])
    build_export(library, now=T1)  # built, never written: no calendar heard of it
    assert library.export_records() == {}



# -- the pure planner ------------------------------------------------------------------

PST = timezone(timedelta(hours=-8))


def ev(event_id: str, start_min: int = 0, title: str = "A talk", abstract: str = "") -> Event:
    start = datetime(2020, 12, 10, 18, tzinfo=PST) + timedelta(minutes=start_min)
    return Event(id=event_id, kind=Kind.ORAL, number=1, title=title, authors=(), abstract=abstract,
                 start=start, end=start + timedelta(minutes=15), session="S")


def remember(entries: list) -> dict[str, ExportRecord]:  # type: ignore[type-arg]
    return {e.record.event_id: e.record for e in entries}


def test_first_export_is_sequence_zero() -> None:
    entries = plan([ev("a"), ev("b", 15)], {}, now="T1")
    assert [(e.record.event_id, e.record.sequence, e.record.cancelled, e.record.modified_at) for e in entries] == [
        ("a", 0, False, "T1"), ("b", 0, False, "T1")]
    assert all(e.event is not None for e in entries)


def test_unchanged_events_keep_sequence_and_modified_time() -> None:
    first = remember(plan([ev("a")], {}, now="T1"))
    again = plan([ev("a", abstract="a corrected abstract")], first, now="T2")
    assert again[0].record == first["a"]


def test_time_or_title_change_raises_sequence_once() -> None:
    first = remember(plan([ev("a"), ev("b")], {}, now="T1"))
    second = remember(plan([ev("a", start_min=30), ev("b", title="A better title")], first, now="T2"))
    assert (second["a"].sequence, second["a"].modified_at) == (1, "T2")
    assert (second["b"].sequence, second["b"].modified_at) == (1, "T2")
    third = remember(plan([ev("a", start_min=30), ev("b", title="A better title")], second, now="T3"))
    assert third == second


def test_a_move_to_another_room_raises_sequence_once() -> None:
    first = remember(plan([ev("a"), ev("b")], {}, now="T1"))
    assert first["a"].location == "S"
    second = remember(plan([replace(ev("a"), room="Hall 2"), ev("b")], first, now="T2"))
    assert (second["a"].sequence, second["a"].modified_at, second["a"].location) == (1, "T2", "Hall 2, S")
    assert second["b"] == first["b"]
    assert remember(plan([replace(ev("a"), room="Hall 2"), ev("b")], second, now="T3")) == second


def test_a_record_from_before_places_were_kept_is_no_change() -> None:
    """Records written before schema 16 have no location: their first export since bumps
    nothing (every entry of every calendar would be sent again), and keeps the place."""
    first = {i: replace(r, location=None) for i, r in remember(plan([ev("a")], {}, now="T1")).items()}
    second = remember(plan([ev("a")], first, now="T2"))
    assert (second["a"].sequence, second["a"].modified_at, second["a"].location) == (0, "T1", "S")
    third = remember(plan([replace(ev("a"), room="Hall 2")], second, now="T3"))
    assert third["a"].sequence == 1


def test_left_the_agenda_is_cancelled_once() -> None:
    first = remember(plan([ev("a"), ev("b")], {}, now="T1"))
    entries = plan([ev("a")], first, now="T2")
    gone = [e for e in entries if e.event is None]
    assert [(e.record.event_id, e.record.sequence, e.record.cancelled, e.record.modified_at) for e in gone] == [
        ("b", 1, True, "T2")]
    assert (gone[0].record.start, gone[0].record.summary) == (first["b"].start, first["b"].summary)
    second = {**first, **remember(entries)}
    assert [e.record.event_id for e in plan([ev("a")], second, now="T3")] == ["a"]


def test_a_cancelled_entry_still_held_gets_one_more_entry_when_it_leaves() -> None:
    first = remember(plan([ev("a"), ev("b")], {}, removed={"a", "b"}, now="T1"))
    assert plan([], first, now="T2") == []  # a calendar file: the cancellation was the last word
    gone = plan([], first, now="T2", held={"a"})  # a CalDAV server: the cancelled object is still there
    assert [(e.record.event_id, e.record.cancelled, e.event) for e in gone] == [("a", True, None)]
    assert plan([], remember(gone) | {"b": first["b"]}, now="T3") == []


def test_starring_again_after_a_cancellation_restores_the_entry() -> None:
    first = remember(plan([ev("a")], {}, now="T1"))
    cancelled = remember(plan([], first, now="T2"))
    back = remember(plan([ev("a")], cancelled, now="T3"))
    assert (back["a"].sequence, back["a"].cancelled, back["a"].modified_at) == (2, False, "T3")


def test_removed_from_the_schedule_is_cancelled_once() -> None:
    first = remember(plan([ev("a")], {}, now="T1"))
    entries = plan([ev("a")], first, removed={"a"}, now="T2")
    assert [(e.record.sequence, e.record.cancelled) for e in entries] == [(1, True)]
    assert entries[0].event is not None  # still has its event: same time and title go out
    assert plan([ev("a")], remember(entries), removed={"a"}, now="T3") == []


def test_scope_protects_other_schedules_entries() -> None:
    first = remember(plan([ev("a"), ev("other-conf")], {}, now="T1"))
    entries = plan([ev("a")], first, in_scope={"a"}, now="T2")
    assert [e.record.event_id for e in entries] == ["a"]


# -- through the library and icalendar ---------------------------------------------------


def vevents(data: bytes) -> dict[str, object]:
    return {str(v["UID"]).split("@")[0]: v for v in Calendar.from_ical(data).walk("VEVENT")}


def seq(vevent) -> int:  # type: ignore[no-untyped-def]
    return int(vevent["SEQUENCE"])


def modified(vevent) -> datetime:  # type: ignore[no-untyped-def]
    return vevent["LAST-MODIFIED"].dt


def status(vevent) -> str:  # type: ignore[no-untyped-def]
    return str(vevent["STATUS"])


def modified_seed(tmp_path: Path, *edits: tuple[str, str]) -> Schedule:
    """The bundled session with text edits applied, parsed like a downloaded update."""
    text = SEED.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / SEED.name
    path.write_text(text, encoding="utf-8")
    return load(path)


def drop_block(text_start: str, next_start: str) -> tuple[str, str]:
    """An edit that deletes one slot of the seed (from its time line to the next one's)."""
    text = SEED.read_text(encoding="utf-8")
    begin = text.index(text_start)
    return text[begin:text.index(next_start, begin + 1)], ""


@pytest.fixture
def library(db_path: Path) -> Library:
    lib = open_library(db_path)  # starts with the bundled session
    lib.star([ORAL1, ORAL2, ORAL3, SPOT12])
    yield lib
    lib.close()


def test_export_again_after_the_schedule_changed(library: Library, tmp_path: Path) -> None:
    first = vevents(export_agenda(library, now=T1).data)
    assert set(first) == {ORAL1, ORAL2, ORAL3, SPOT12}
    assert all(seq(v) == 0 and modified(v) == T1 and status(v) == "CONFIRMED" for v in first.values())

    # Nothing changed: an identical revision (only DTSTAMP moves).
    second = vevents(export_agenda(library, now=T2).data)
    assert {k: (seq(v), modified(v)) for k, v in second.items()} == {k: (0, T1) for k in first}
    assert second[ORAL1]["DTSTAMP"].dt == T2

    # The conference moves Oral 2 by ten minutes and fixes an abstract typo in Oral 1.
    moved = modified_seed(tmp_path, (ORAL2_TIME, "2020-12-10T18:25:00-08:00 - 2020-12-10T18:40:00-08:00"),
                          ("Codes are available.", "Code is available."))
    summary = library.import_schedule(moved)
    assert summary.changed and ORAL2 in summary.changed
    third = vevents(export_agenda(library, now=T3).data)
    assert set(third) == set(first)  # same UIDs: the calendar updates, nothing duplicates
    assert (seq(third[ORAL2]), modified(third[ORAL2])) == (1, T3)
    assert third[ORAL2]["DTSTART"].dt == datetime(2020, 12, 11, 2, 25, tzinfo=timezone.utc)
    assert (seq(third[ORAL1]), modified(third[ORAL1])) == (0, T1)  # abstract only: no new revision
    assert (seq(third[ORAL3]), modified(third[ORAL3])) == (0, T1)

    # Then retitles Oral 3.
    retitled = modified_seed(tmp_path, (ORAL2_TIME, "2020-12-10T18:25:00-08:00 - 2020-12-10T18:40:00-08:00"),
                             (ORAL3_HEADING, "##### 3 - Oral: Spectra of Conjugate Kernels"))
    library.import_schedule(retitled)
    fourth = vevents(export_agenda(library, now=T4).data)
    assert (seq(fourth[ORAL3]), modified(fourth[ORAL3])) == (1, T4)
    assert "Spectra of Conjugate Kernels" in str(fourth[ORAL3]["SUMMARY"])
    assert (seq(fourth[ORAL2]), modified(fourth[ORAL2])) == (1, T3)


def test_starred_event_that_left_the_schedule_is_cancelled_once(library: Library, tmp_path: Path) -> None:
    export_agenda(library, now=T1)
    without = modified_seed(tmp_path, drop_block(SPOT12_BLOCK_START, "2020-12-10T20:20:00-08:00 - "))
    summary = library.import_schedule(without)
    assert summary.removed_starred == [SPOT12]

    result = export_agenda(library, now=T2)
    calendar = vevents(result.data)
    assert (result.count, result.cancelled) == (3, 1)
    gone = calendar[SPOT12]
    assert (status(gone), seq(gone), modified(gone)) == ("CANCELLED", 1, T2)
    assert gone["DTSTART"].dt == datetime(2020, 12, 11, 4, 10, tzinfo=timezone.utc)
    assert not gone.walk("VALARM")
    assert all(status(calendar[i]) == "CONFIRMED" and seq(calendar[i]) == 0 for i in (ORAL1, ORAL2, ORAL3))

    # Sent once: the next export no longer mentions it, nor does one after another update.
    assert SPOT12 not in vevents(export_agenda(library, now=T3).data)
    library.import_schedule(without)
    later = export_agenda(library, now=T4)
    assert SPOT12 not in vevents(later.data) and later.cancelled == 0


def test_unstarred_since_last_export_is_cancelled_once(library: Library) -> None:
    export_agenda(library, now=T1)
    library.unstar([ORAL3])
    result = export_agenda(library, now=T2, alarm_minutes=10)
    calendar = vevents(result.data)
    assert (result.count, result.cancelled) == (3, 1)
    assert (status(calendar[ORAL3]), seq(calendar[ORAL3]), modified(calendar[ORAL3])) == ("CANCELLED", 1, T2)
    assert "Spectra of the Conjugate Kernel" in str(calendar[ORAL3]["SUMMARY"])
    assert not calendar[ORAL3].walk("VALARM")
    assert calendar[ORAL1].walk("VALARM")
    assert ORAL3 not in vevents(export_agenda(library, now=T3).data)

    # Starred again: the same entry comes back, one revision later.
    library.star([ORAL3])
    back = vevents(export_agenda(library, now=T4).data)
    assert (status(back[ORAL3]), seq(back[ORAL3]), modified(back[ORAL3])) == ("CONFIRMED", 2, T4)


def test_library_remembers_across_sessions(db_path: Path, tmp_path: Path) -> None:
    with open_library(db_path) as library:
        library.star([ORAL2])
        export_agenda(library, now=T1)
    with open_library(db_path) as library:
        library.import_schedule(modified_seed(
            tmp_path, (ORAL2_TIME, "2020-12-10T18:25:00-08:00 - 2020-12-10T18:40:00-08:00")))
    with open_library(db_path) as library:
        calendar = vevents(export_agenda(library, now=T2).data)
        assert (seq(calendar[ORAL2]), modified(calendar[ORAL2])) == (1, T2)
        assert library.export_records()[ORAL2].sequence == 1


def test_exports_that_are_not_the_agenda_calendar_leave_the_records_alone(library: Library) -> None:
    export_agenda(library, now=T1)
    before = library.export_records()
    library.unstar([ORAL1])
    everything = export_agenda(library, everything=True, now=T2)
    assert len(vevents(everything.data)) == 15
    export_agenda(library, fmt="md", now=T2)
    assert library.export_records() == before
    # The next real export still sends the cancellation.
    assert status(vevents(export_agenda(library, now=T3).data)[ORAL1]) == "CANCELLED"


def test_exporting_one_schedule_never_cancels_anothers(library: Library) -> None:
    seed_key = library.schedules()[0].key
    other = Schedule(key="test:other", title="Other conference", events=(
        replace(ev("other-1"), title="Elsewhere", session="Other"),), format="test")
    library.import_schedule(other)
    library.star(["other-1"])
    both = vevents(export_agenda(library, now=T1).data)
    assert "other-1" in both
    only_seed = export_agenda(library, schedule_key=seed_key, now=T2)
    assert "other-1" not in vevents(only_seed.data) and only_seed.cancelled == 0
    assert library.export_records()["other-1"].cancelled is False


def _room_calendar(room: str) -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\nX-WR-CALNAME:Roomcon\r\n"
            "BEGIN:VEVENT\r\nUID:keynote@roomcon\r\nDTSTART:20250310T090000Z\r\nDTEND:20250310T100000Z\r\n"
            f"SUMMARY:Keynote\r\nLOCATION:{room}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_a_talk_moved_to_another_room_reaches_the_calendar(db_path: Path, tmp_path: Path) -> None:
    """The conference moves the keynote to another room: the next export numbers the change,
    so calendars replace the entry rather than keep the old room (also after an upgrade)."""
    from tests.store.schema_history import downgrade, undo_schema_16

    path = tmp_path / "roomcon.ics"
    path.write_text(_room_calendar("Hall A"), encoding="utf-8")
    with Library(db_path) as lib:
        keynote = lib.import_schedule(load(path)).key
        (talk,) = lib.events(schedule_key=keynote)
        lib.star([talk.id])
        first = vevents(export_agenda(lib, now=T1).data)[talk.id]
        assert (seq(first), str(first["LOCATION"])) == (0, "Hall A")
    downgrade(db_path, undo_schema_16, 15)  # as a library written before the records kept places
    with Library(db_path) as lib:
        again = vevents(export_agenda(lib, now=T2).data)[talk.id]
        assert (seq(again), modified(again)) == (0, T1)  # the upgrade itself changes nothing
        path.write_text(_room_calendar("Hall B"), encoding="utf-8")
        lib.import_schedule(load(path))
        moved = vevents(export_agenda(lib, now=T3).data)[talk.id]
        assert (seq(moved), modified(moved), str(moved["LOCATION"])) == (1, T3, "Hall B")
        assert vevents(export_agenda(lib, now=T4).data)[talk.id]["SEQUENCE"] == 1  # once
