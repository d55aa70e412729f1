"""ScheduleDays: a schedule read day by day must show exactly what reading it whole shows.

The reference is the old way: every event from ``Library.events`` grouped by
``group_by_day``. Each test builds schedules whose days are easy to get wrong: talks after
midnight that belong to the evening before, a named zone with a DST change, two
schedules in one library, and times with no named zone.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.domain.days import DayOutline, conference_zone, day_span, group_by_day, group_by_days_covered
from planner.domain.model import Event, Kind, Schedule
from planner.domain.queries import now_and_next
from planner.formats import load
from planner.store import Library
from planner.store.schedule_days import BLOCK, DayEvents, ScheduleDays
from planner.store.schema import SCHEMA_VERSION
from tests.store.schema_history import undo_schema_11

BERLIN = ZoneInfo("Europe/Berlin")


def _event(i: int, start: datetime, minutes: int = 30, *, schedule: str = "conf", **kw: object) -> Event:
    fields: dict[str, object] = {
        "id": f"{schedule}-{i}", "kind": Kind.TALK, "number": i, "title": f"Talk {i}", "authors": ("Ada",),
        "abstract": f"Abstract {i} " * 100, "start": start, "end": start + timedelta(minutes=minutes),
        "session": "S", "room": f"Room {i % 3}", "track": "Science" if i % 2 else "", "schedule": schedule,
    }
    return Event(**(fields | kw))  # type: ignore[arg-type]


def _festival(key: str = "conf", zone: str = "Europe/Berlin") -> Schedule:
    """Four nights over the end of summer time, talks every 50 minutes from 10:00 to 03:00."""
    events = []
    i = 0
    for day in range(4):
        t = datetime(2024, 10, 25 + day, 10, 0, tzinfo=BERLIN)
        while t.hour >= 10 or t.hour < 3:
            kind = Kind.BREAK if i % 7 == 0 else Kind.TALK
            events.append(_event(i, t, schedule=key, kind=kind, id=f"{key}-{i}"))
            events.append(_event(i + 1000, t, 45, schedule=key, id=f"{key}-{i + 1000}"))  # parallel
            i += 1
            t = (t.astimezone(timezone.utc) + timedelta(minutes=50)).astimezone(BERLIN)
    return Schedule(key=key, title=key.title(), events=tuple(events), timezone=zone)


@pytest.fixture
def library(db_path: Path):  # type: ignore[no-untyped-def]
    with Library(db_path) as lib:
        lib.import_schedule(_festival())
        lib.import_schedule(_festival("other"))
        yield lib


def _reference(library: Library, key: str, zone_name: str) -> dict:
    events = library.events(schedule_key=key)
    return group_by_day(events, conference_zone(events, zone_name))


def test_days_and_their_events_match_grouping_every_event(library: Library) -> None:
    expected = _reference(library, "conf", "Europe/Berlin")
    days = ScheduleDays(library, "conf", "Europe/Berlin")
    assert list(days) == list(expected)
    assert len(expected) == 4  # 00:00-03:00 belongs to the evening before
    for day, events in expected.items():
        assert days.size(day) == len(events)
        assert days[day] == events
    assert days.count == sum(map(len, expected.values()))
    assert all(e.schedule == "conf" for day in days for e in days[day])


def test_a_day_is_read_when_first_shown_and_only_once(library: Library) -> None:
    outlines: list[tuple[int, int]] = []
    read: list[str] = []
    original_outlines, original_read = library.event_outlines, library.events_by_id

    def outline_spy(key: str, first: int, last: int) -> list:  # type: ignore[type-arg]
        outlines.append((first, last))
        return original_outlines(key, first, last)

    def read_spy(ids: list[str], **kw: object) -> list[Event]:
        read.extend(ids)
        return original_read(ids, **kw)  # type: ignore[arg-type]

    library.event_outlines = outline_spy  # type: ignore[method-assign]
    library.events_by_id = read_spy  # type: ignore[method-assign]
    days = ScheduleDays(library, "conf", "Europe/Berlin")
    assert outlines == [] and read == []  # the day list needs no events
    second = list(days)[1]
    assert days[second] and days[second] is days[second]
    assert len(outlines) == 1 and read == []  # its outline only, so far
    # Asking for one event reads its block of rows; asking again reads nothing.
    assert days[second][-1].id == days[second].outline.ids[-1]
    assert 0 < len(read) <= BLOCK and days[second].outline.ids[-1] in read
    before = len(read)
    assert days[second][-1] is days[second][-1] and days.event(days[second].outline.ids[-1]) is days[second][-1]
    assert len(read) == before
    assert list(days[second]) == _reference(library, "conf", "Europe/Berlin")[second]
    assert len(set(read)) == len(read) == len(days[second])  # each event read once


def test_a_day_outline_is_what_its_events_say(library: Library) -> None:
    days = ScheduleDays(library, "conf", "Europe/Berlin")
    for day in days:
        outline = days[day].outline
        assert outline == DayOutline.of(list(days[day]))
        assert DayOutline.of(days[day]) is outline  # read without the events


def test_some_rows_of_a_day_read_those_alone_and_once_with_the_day(library: Library) -> None:
    """DayEvents.only: what the window shows when rooms are chosen or folded away."""
    days = ScheduleDays(library, "conf", "Europe/Berlin")
    day = list(days)[1]
    expected = _reference(library, "conf", "Europe/Berlin")[day]
    read: list[str] = []

    def load(ids: list[str]) -> list[Event]:  # the day's own reads, without the library's cache
        read.extend(ids)
        return days.many(ids)

    whole = DayEvents(days[day].outline, load, "conf")
    rows = [row for row, room in enumerate(whole.outline.rooms) if room == "Room 1"]
    part = whole.only(rows)
    assert part.outline == DayOutline.of([expected[row] for row in rows]) and len(part) == len(rows) < len(whole)
    assert read == []  # made from the outline alone
    assert list(part) == [e for e in expected if e.room == "Room 1"]
    assert sorted(read) == sorted(part.outline.ids)  # its own rows, not their neighbours
    assert {e.id for e in whole.loaded()} == set(part.outline.ids)  # and the day keeps them
    assert list(whole) == expected
    assert sorted(read) == sorted(whole.outline.ids)  # each event read once
    again = whole.only(rows[::-1])  # the day read already: a part reads nothing
    assert list(again) == list(part)[::-1] and len(read) == len(whole)
    assert whole.only([]) == [] and len(whole.only(range(len(whole)))) == len(whole)


def test_an_event_removed_meanwhile_stands_in_until_the_window_reloads(library: Library) -> None:
    days = ScheduleDays(library, "conf", "Europe/Berlin")
    day = next(iter(days))
    events = days[day]
    gone = events.outline.ids[5]
    library._conn.execute("DELETE FROM events WHERE id = ?", (gone,))  # another process's update
    stand_in = events[5]
    assert stand_in.id == gone and stand_in.title == "" and stand_in.start == events.outline.starts[5]
    assert events[6].title  # the others are read as usual


def test_abstracts_are_cut_to_what_a_card_shows(library: Library) -> None:
    days = ScheduleDays(library, "conf", "Europe/Berlin", abstract_chars=40)
    first = next(iter(days))
    assert {len(e.abstract) for e in days[first]} == {40}
    assert library.event(days[first][0].id).abstract.startswith(days[first][0].abstract)


def test_events_are_found_by_id_on_any_day_but_not_in_other_schedules(library: Library) -> None:
    days = ScheduleDays(library, "conf", "Europe/Berlin")
    last_day = list(days)[-1]
    wanted = _reference(library, "conf", "Europe/Berlin")[last_day][3]
    assert days.event(wanted.id) == wanted
    assert days.day_of(wanted) == last_day
    assert days.event("other-5") is None
    assert days.event("no such id") is None
    ids = ["conf-9", "nope", "other-9", "conf-2"]
    assert [e.id for e in days.many(ids)] == ["conf-9", "conf-2"]


def test_starred_events_are_this_schedules_in_start_order(library: Library) -> None:
    days = ScheduleDays(library, "conf", "Europe/Berlin")
    starred = {"conf-30", "conf-2", "other-3", "conf-1002"}
    got = days.starred(starred)
    assert [e.id for e in got] == [e.id for e in sorted(
        (e for e in library.events(schedule_key="conf") if e.id in starred), key=lambda e: (e.start, e.end, e.id))]
    assert {e.id for e in got} == {"conf-30", "conf-2", "conf-1002"}


def test_rooms_tracks_and_kinds_come_from_the_whole_schedule(library: Library) -> None:
    days = ScheduleDays(library, "conf", "Europe/Berlin")
    assert days.values("room") == ["Room 0", "Room 1", "Room 2"]
    assert days.values("track") == ["Science"]
    assert days.kinds() == {Kind.TALK, Kind.BREAK}


@pytest.mark.parametrize("minutes", range(-90, 5000, 97))
def test_now_and_next_from_candidates_equals_now_and_next_over_everything(library: Library, minutes: int) -> None:
    moment = datetime(2024, 10, 25, 9, 0, tzinfo=BERLIN) + timedelta(minutes=minutes)
    starred = {"conf-40", "conf-1007", "conf-3"}
    days = ScheduleDays(library, "conf", "Europe/Berlin")
    everything = library.events(schedule_key="conf")
    assert now_and_next(days.around(moment, starred), starred, moment) == now_and_next(everything, starred, moment)


def test_all_is_every_event_in_start_order(library: Library) -> None:
    days = ScheduleDays(library, "conf", "Europe/Berlin")
    assert days.all() == library.events(schedule_key="conf")


def test_without_a_named_zone_days_follow_the_offsets_published(db_path: Path) -> None:
    """The festival's nights cross the end of summer time: its times are published at
    +02:00, then +01:00, and each reads on its own (domain.days.published_clock)."""
    schedule = _festival("plain", zone="")
    with Library(db_path) as library:
        library.import_schedule(schedule)
        days = ScheduleDays(library, "plain", "")
        expected = _reference(library, "plain", "")
        assert days.zone == conference_zone(library.events(schedule_key="plain"), "")
        assert all(e.start.astimezone(days.zone).hour == e.start.astimezone(BERLIN).hour
                   for events in expected.values() for e in events)
        assert list(days) == list(expected)
        assert [days[d] for d in days] == list(expected.values())


def test_no_schedule_means_no_days(library: Library) -> None:
    days = ScheduleDays(library, None)
    assert list(days) == [] and days.count == 0 and days.all() == []
    assert days.event("conf-1") is None and days.values("room") == [] and days.kinds() == set()
    assert days.around(datetime(2024, 10, 25, tzinfo=timezone.utc)) == []


def test_the_bundled_session_reads_the_same_day_by_day(db_path: Path, seed_path: Path) -> None:
    schedule = load(seed_path)
    with Library(db_path) as library:
        library.import_schedule(schedule)
        days = ScheduleDays(library, schedule.key, schedule.timezone)
        assert [days[d] for d in days] == list(_reference(library, schedule.key, schedule.timezone).values())
        assert days.count == len(schedule.events) == 15


def test_a_real_conference_reads_the_same_day_by_day(db_path: Path, corpus: Path) -> None:
    path = next(corpus.rglob("*38c3*.xml"), None) or pytest.skip("no 38c3 XML in the corpus")
    schedule = load(path)
    with Library(db_path) as library:
        library.import_schedule(schedule)
        days = ScheduleDays(library, schedule.key, schedule.timezone, abstract_chars=600)
        expected = group_by_days_covered(library.events(schedule_key=schedule.key, abstract_chars=600),
                                         conference_zone((), schedule.timezone))
        assert list(days) == list(expected)
        assert all(days[d] == expected[d] for d in expected)
        assert days.values("room") == sorted({e.room for e in schedule.events if e.room}, key=str.casefold)
        assert days.values("track") == sorted({e.track for e in schedule.events if e.track}, key=str.casefold)
        assert days.kinds() == {e.kind for e in schedule.events}
        assert len(days.values("room")) > 10 and len(days.values("track")) > 3  # a real test of both


# 38C3's nights: what runs on past 06:00 into the next conference day, which lists it too.
# Every other night event (the 01:00 talks, the sets that end by 06:00) stays on its evening.
NIGHTS_38C3 = {
    date(2024, 12, 28): ["Shitty Robots Workshop Teil 1/2", "Translucid & Birthcore"],  # 03:00-09:00, 04:30-07:00
    date(2024, 12, 29): ["Open TTRPG session 2"],  # 04:05-09:05
    date(2024, 12, 30): ["Shitty Robots Workshop Teil 2/2", "Vareli & Klotz von Blammo"],  # 01:00-10:00, 05:00-08:00
}


def test_38c3_keeps_its_days_and_its_nights_and_lists_only_what_runs_past_06_00_again(
        db_path: Path, corpus: Path) -> None:
    """Days grouped by start, as before, are still 38C3's days and each day's own events;
    the only additions are the five night events still running after the day change."""
    path = next(corpus.rglob("*38c3*.xml"), None) or pytest.skip("no 38c3 XML in the corpus")
    schedule = load(path)
    with Library(db_path) as library:
        library.import_schedule(schedule)
        days = ScheduleDays(library, schedule.key, schedule.timezone)
        by_start = group_by_day(library.events(schedule_key=schedule.key), conference_zone((), schedule.timezone))
        assert list(days) == list(by_start) == [date(2024, 12, d) for d in (27, 28, 29, 30)]
        for day, own in by_start.items():
            listed = list(days[day])
            outline = days[day].outline
            assert [e for row, e in enumerate(listed) if not outline.continues(row)] == own, day
            added = [e.title for row, e in enumerate(listed) if outline.continues(row)]
            assert added == NIGHTS_38C3.get(day, []), day
            assert days.size(day) == len(own) + len(added)
        assert days.count == len(schedule.events) and len(days.all()) == len(schedule.events)
        after_one = [e for e in schedule.events if e.start.astimezone(days.zone).hour == 1 and e.end.astimezone(
            days.zone).hour <= 5]
        assert len(after_one) > 10 and all(days.days_of(e) == [days.day_of(e)] for e in after_one)


def _week(key: str = "week", zone: str = "Europe/Berlin") -> Schedule:
    """A sprint Monday 10:00 to Friday 18:00 over a Berlin week with the end of summer time
    (Sunday 27 October 2024), talks each day, a night set into the next morning, a 01:00
    talk that stays on its evening, a whole-day exhibition of three dates and a talk just
    after midnight."""
    start = datetime(2024, 10, 24, 10, tzinfo=BERLIN)  # Thursday
    events = [
        _event(1, start, 4 * 24 * 60 + 8 * 60 + 60, schedule=key, title="Sprint", room="Lab"),  # to Mon 18:00 (DST)
        _event(2, start.replace(day=26, hour=4, minute=30), 150, schedule=key, title="Night set"),  # 04:30-07:00
        _event(3, start.replace(day=26, hour=1), 60, schedule=key, title="Late talk"),  # 01:00-02:00
        _event(4, datetime(2024, 10, 25, tzinfo=BERLIN), 3 * 24 * 60, schedule=key, title="Exhibition",
               all_day=True, end=datetime(2024, 10, 28, tzinfo=BERLIN)),
        # Thursday's, at 00:30 on Friday: in UTC after the exhibition's start (Friday's own),
        # so Friday's span of UTC starts holds a Thursday talk, and Thursday's an all-day Friday.
        _event(5, datetime(2024, 10, 25, 0, 30, tzinfo=BERLIN), 30, schedule=key, title="Midnight talk"),
    ]
    for n, day in enumerate(range(24, 30)):
        if day != 27:  # Sunday has nothing of its own: the sprint and the exhibition make it a day
            events.append(_event(10 + n, start.replace(day=day, hour=14), 45, schedule=key, title=f"Talk {day}"))
    return Schedule(key=key, title=key.title(), events=tuple(events), timezone=zone)


@pytest.mark.parametrize("display", [None, "UTC", "America/New_York", "Asia/Tokyo"])
def test_an_event_running_over_several_days_is_on_each_and_one_event(db_path: Path, display: str | None) -> None:
    with Library(db_path) as library:
        library.import_schedule(_week())
        library.import_schedule(_festival("other"))
        days = ScheduleDays(library, "week", "Europe/Berlin")
        if display is not None:
            days.group_in(ZoneInfo(display))
        events = library.events(schedule_key="week")
        zone, hour = (days.zone, 6) if display is None else (ZoneInfo(display), 0)
        expected = group_by_days_covered(events, zone, hour)
        assert list(days) == list(expected)
        for day, listed in expected.items():
            assert days[day] == listed and days.size(day) == len(listed), day
            assert days[day].outline.span == day_span(day, zone, hour)
            assert [days[day].outline.continues(r) for r in range(len(listed))] == [
                days.day_of(e) != day for e in listed], day
        sprint = next(e for e in events if e.title == "Sprint")
        assert days.days_of(sprint) == [day for day in expected if sprint in expected[day]]
        assert len(days.days_of(sprint)) >= 5 and days.day_of(sprint) == days.days_of(sprint)[0]
        assert all(days.lists(sprint, day) == (sprint in expected[day]) for day in expected)
        # Each event once, day by day: a whole-day event (its UTC start taken in the
        # conference's zone) comes after the talk that ends the day before, in any zone.
        every = days.all()
        assert days.count == len(events) and sorted(every, key=lambda e: e.id) == sorted(events, key=lambda e: e.id)
        assert [days.day_of(e) for e in every] == sorted(days.day_of(e) for e in every)
        for day in expected:  # found on every day it is on, by the day's search and by every day's
            assert days.search(day, "sprint") == ({sprint.id} if sprint in expected[day] else set()), day
        assert days.search_all("sprint") == dict.fromkeys(days.days_of(sprint), {sprint.id})
        assert days.search_all("exhibition") == {
            day: {e.id} for day, listed in expected.items() for e in listed if e.title == "Exhibition"}


def test_a_sprint_read_again_after_an_update_ends_where_the_update_says(db_path: Path) -> None:
    with Library(db_path) as library:
        week = _week()
        library.import_schedule(week)
        longest = list(ScheduleDays(library, "week", "Europe/Berlin"))
        shorter = tuple(dataclasses.replace(e, end=e.end - timedelta(days=1)) if e.title == "Sprint" else e
                        for e in week.events)
        library.import_schedule(dataclasses.replace(week, events=shorter))
        days = ScheduleDays(library, "week", "Europe/Berlin")
        assert list(days) == longest == [date(2024, 10, d) for d in range(24, 30)]  # Monday keeps its own talk
        sprint = next(e for e in days.all() if e.title == "Sprint")
        monday = date(2024, 10, 28)
        assert days.days_of(sprint) == longest[:4] and not days.lists(sprint, monday)  # to Sunday 18:00
        assert [e.title for e in days[monday]] == ["Talk 28"]
        assert days.search(monday, "sprint") == set() and monday not in (days.search_all("sprint") or {})


def test_the_day_list_reads_no_event_but_those_running_on(library: Library) -> None:
    """Opening a schedule reads its overview and asks the (start, end) index which start
    times have something running past their day; only those rows are read."""
    conn = library._conn
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        days = ScheduleDays(library, "conf", "Europe/Berlin")
    finally:
        conn.set_trace_callback(None)
    assert len(days) == 4 and days._through == {}  # the festival's nights end by 03:00
    for sql in statements:
        steps = [r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        assert all("INDEX" in step or "VIRTUAL TABLE" in step for step in steps
                   if step.startswith(("SCAN", "SEARCH"))), (sql, steps)


def test_the_day_by_day_reads_use_indexes_not_a_scan_of_every_row(library: Library) -> None:
    """At 50,000 events a scan reads 175 MB of rows: schema 5's indexes answer instead."""
    conn = library._conn
    statements: list[str] = []
    conn.set_trace_callback(statements.append)  # the SQL the methods run, parameters inlined
    try:
        library.start_times("conf")
        library.places("conf")
        library.statuses()
        library.running_on("conf", [(utc, utc) for _, utc, _ in library.start_times("conf")[:40]])
        library.outlines_by_id("conf", ["conf-3", "conf-1004"])
    finally:
        conn.set_trace_callback(None)
    assert len(statements) == 7
    for sql in statements:
        steps = [r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        # A SCAN of a (partial) index is fine; a SCAN of the table reads every row. (The
        # virtual table is running_on's list of start times, json_each.)
        assert all("INDEX" in step or "VIRTUAL TABLE" in step for step in steps
                   if step.startswith(("SCAN", "SEARCH"))), (sql, steps)


@pytest.mark.parametrize("query", ["t", "ta", "talk 1", "abs", "abstract 12", "room", "sci", "ada", "break",
                                   "nothing-like-this", "my own", "  ", "\"", "a*", "AND", "ö"])
def test_searching_a_day_finds_what_searching_everything_finds_on_that_day(library: Library, query: str) -> None:
    library.star(["conf-5"])
    library.set_note("conf-5", "My own reminder: ask about the proof")
    library.set_note("other-5", "my own note in the other schedule")
    days = ScheduleDays(library, "conf", "Europe/Berlin")
    everything = library.search_ids(query)
    for day in days:
        found = days.search(day, query)
        if everything is None:
            assert found is None
        else:
            assert found == everything & {e.id for e in days[day]}, (day, query)


def test_a_day_search_sees_an_import_made_since(library: Library) -> None:
    days = ScheduleDays(library, "conf", "Europe/Berlin")
    first = next(iter(days))
    before = days.search(first, "renamed")
    assert before == set()
    schedule = _festival()
    changed = [dataclasses.replace(e, title="Renamed talk") if e.id == days[first][0].id else e
               for e in schedule.events]
    library.import_schedule(dataclasses.replace(schedule, events=tuple(changed)))
    assert days.search(first, "renamed") == {days[first][0].id}


def test_events_are_read_by_id_through_the_primary_key(library: Library) -> None:
    """Not through the schedule's index, which reads every event of the schedule: reading
    a block of a day's rows took 22 ms instead of 0.8 ms at 50,000 events."""
    conn = library._conn
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        assert len(library.events_by_id(["conf-3", "conf-1004", "other-3"], schedule_key="conf")) == 2
    finally:
        conn.set_trace_callback(None)
    (sql,) = statements
    steps = [r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]
    assert any(step.startswith("SEARCH e USING INDEX sqlite_autoindex_events_1 (id=?)") for step in steps), steps


def _counted(library: Library, key: str) -> tuple[list, list]:  # type: ignore[type-arg]
    """Start times and places worked out from the events, as before the overview kept them."""
    conn = library._conn
    starts = conn.execute(
        "SELECT e.start, e.start_utc, count(*) FROM events e JOIN schedules s ON s.id = e.schedule_id "
        "WHERE s.key = ? GROUP BY e.start_utc, e.start ORDER BY e.start_utc, e.start", (key,)).fetchall()
    places = conn.execute(
        "SELECT DISTINCT e.kind, e.room, e.track FROM events e JOIN schedules s ON s.id = e.schedule_id "
        "WHERE s.key = ?", (key,)).fetchall()
    return starts, sorted(places)


def test_the_overview_follows_every_import_update_and_removal(library: Library) -> None:
    festival = _festival()
    fewer = dataclasses.replace(festival, events=festival.events[::3])
    moved = dataclasses.replace(festival, events=tuple(
        dataclasses.replace(e, start=e.start + timedelta(minutes=5), end=e.end + timedelta(minutes=5),
                            room=e.room + " (new)") for e in festival.events[:40]))
    library.star(["conf-1", "conf-1004"])  # kept, flagged removed, when an update drops them
    # Each twice: a refresh that changes no row keeps the overview it has.
    for version in (fewer, fewer, moved, moved, festival, fewer):
        library.import_schedule(version)
        for key in ("conf", "other"):
            starts, places = _counted(library, key)
            assert library.start_times(key) == starts and sorted(library.places(key)) == places
            assert len(starts) > 10
    library.remove_schedule("other")
    assert library.start_times("other") == [] and library.places("other") == []


def test_an_older_library_gets_its_overview_when_upgraded(db_path: Path) -> None:
    with Library(db_path) as library:
        library.import_schedule(_festival())
        expected = _counted(library, "conf")
    conn = sqlite3.connect(db_path)
    undo_schema_11(conn)
    conn.execute("ALTER TABLE schedules DROP COLUMN overview")  # as schema 6 had it
    for column in ("markup", "all_day", "floating", "cancelled", "links", "placed"):  # added by 8 to 10
        conn.execute(f"ALTER TABLE events DROP COLUMN {column}")
    conn.execute("ALTER TABLE schedules DROP COLUMN user_zone")  # schema 10's
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    with Library(db_path) as library:
        assert library.user_version() == SCHEMA_VERSION
        assert (library.start_times("conf"), sorted(library.places("conf"))) == expected


def test_rows_read_ahead_of_a_paint_are_those_alone(library: Library) -> None:
    """DayEvents.read_rows: what a view is about to paint, in one read, without the blocks
    of rows around them; a part made by only() shares them with its day."""
    days = ScheduleDays(library, "conf", "Europe/Berlin")
    day = list(days)[1]
    expected = _reference(library, "conf", "Europe/Berlin")[day]
    reads: list[list[str]] = []

    def load(ids: list[str]) -> list[Event]:
        reads.append(list(ids))
        return days.many(ids)

    whole = DayEvents(days[day].outline, load, "conf")
    rows = [1, 7, len(whole) - 1]
    whole.read_rows(rows)
    assert reads == [[whole.outline.ids[row] for row in rows]]  # one read, of these rows alone
    assert [whole[row] for row in rows] == [expected[row] for row in rows] and len(reads) == 1
    whole.read_rows(rows)  # read already: nothing
    assert len(reads) == 1
    part = whole.only([0, 1, 2])
    part.read_rows([0, 1, 2])
    assert reads[-1] == [whole.outline.ids[0], whole.outline.ids[2]]  # row 1 was read by the day
    assert {e.id for e in whole.loaded()} == {whole.outline.ids[row] for row in (0, 1, 2, 7, len(whole) - 1)}
