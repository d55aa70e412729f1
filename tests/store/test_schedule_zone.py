"""A schedule published without a zone can be given one: its times keep their clock
reading in that zone, for every view and export, and for every later update of it."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from planner.export.ics import to_ics
from planner.formats import parse_bytes
from planner.store import Library, StoreError
from planner.store.schedule_days import ScheduleDays

BRUSSELS = ZoneInfo("Europe/Brussels")


def _xml(title: str = "Keynote without a zone", minutes: str = "00:45", zone: str = "") -> bytes:
    zone_line = f"<time_zone_name>{zone}</time_zone_name>" if zone else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>Zoneless Fest</title><acronym>zf</acronym>{zone_line}</conference>
  <day index="1" date="2021-02-06">
    <room name="Janson">
      <event id="1"><start>10:00</start><duration>{minutes}</duration><room>Janson</room>
        <title>{title}</title><type>lecture</type></event>
      <event id="2"><start>23:30</start><duration>01:00</duration><room>Janson</room>
        <title>Late talk</title><type>lecture</type></event>
    </room>
  </day>
</schedule>
""".encode()


@pytest.fixture
def lib(tmp_path: Path):  # type: ignore[no-untyped-def]
    library = Library(tmp_path / "library.sqlite3")
    yield library
    library.close()


def _only(lib: Library) -> str:
    summary = lib.import_schedule(parse_bytes(_xml(), "fest.xml"))
    return summary.key


def test_times_keep_their_clock_reading_in_the_zone_set(lib: Library) -> None:
    key = _only(lib)
    before = {e.title: e for e in lib.events(schedule_key=key)}
    assert before["Keynote without a zone"].floating
    assert lib.set_schedule_zone(key, "Europe/Brussels") == 2
    after = {e.title: e for e in lib.events(schedule_key=key)}
    keynote = after["Keynote without a zone"]
    assert not keynote.floating
    assert keynote.start == datetime(2021, 2, 6, 10, 0, tzinfo=BRUSSELS)
    assert keynote.start.astimezone(timezone.utc).hour == 9  # 10:00 in Brussels is 09:00 UTC
    info = next(s for s in lib.schedules() if s.key == key)
    assert info.timezone == info.user_zone == "Europe/Brussels"
    assert not any("no time zone" in note for note in info.notes)
    # The day the window shows is read from the schedule's overview: the same day.
    days = ScheduleDays(lib, key, info.timezone)
    assert list(days) == [datetime(2021, 2, 6).date()]
    assert [e.title for e in days[list(days)[0]]] == ["Keynote without a zone", "Late talk"]


def test_an_export_carries_the_zone_set(lib: Library) -> None:
    key = _only(lib)
    lib.set_schedule_zone(key, "Europe/Brussels")
    calendar = icalendar.Calendar.from_ical(to_ics(lib.events(schedule_key=key), name="Fest"))
    starts = sorted(c.decoded("dtstart").astimezone(timezone.utc) for c in calendar.walk("VEVENT"))
    assert starts[0] == datetime(2021, 2, 6, 9, 0, tzinfo=timezone.utc)
    assert starts[1] == datetime(2021, 2, 6, 22, 30, tzinfo=timezone.utc)


def test_an_update_is_read_in_the_zone_set_and_stars_stay(lib: Library) -> None:
    key = _only(lib)
    keynote = next(e for e in lib.events(schedule_key=key) if e.title.startswith("Keynote"))
    lib.star([keynote.id])
    lib.set_schedule_zone(key, "Europe/Brussels")
    same = lib.import_schedule(parse_bytes(_xml(), "fest.xml"))
    assert same.key == key and not same.changed and not same.new  # the same times, not "changed"
    longer = lib.import_schedule(parse_bytes(_xml(minutes="01:00"), "fest.xml"))
    assert longer.changed == [keynote.id]
    again = next(e for e in lib.events(schedule_key=key) if e.id == keynote.id)
    assert again.start == datetime(2021, 2, 6, 10, 0, tzinfo=BRUSSELS) and not again.floating
    assert again.end == datetime(2021, 2, 6, 11, 0, tzinfo=BRUSSELS)
    assert keynote.id in lib.starred_ids()
    assert next(s for s in lib.schedules() if s.key == key).user_zone == "Europe/Brussels"


def test_the_zone_can_be_set_again(lib: Library) -> None:
    key = _only(lib)
    lib.set_schedule_zone(key, "Europe/Brussels")
    lib.set_schedule_zone(key, "Europe/London")
    keynote = next(e for e in lib.events(schedule_key=key) if e.title.startswith("Keynote"))
    assert keynote.start == datetime(2021, 2, 6, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def test_a_schedule_with_its_own_zone_is_not_reread(lib: Library) -> None:
    key = lib.import_schedule(parse_bytes(_xml(zone="Europe/Brussels"), "fest.xml")).key
    with pytest.raises(StoreError, match="its own time zone"):
        lib.set_schedule_zone(key, "Asia/Tokyo")


def test_bad_names_say_what_is_wrong(lib: Library) -> None:
    key = _only(lib)
    with pytest.raises(StoreError, match="unknown time zone 'Mars/Olympus'"):
        lib.set_schedule_zone(key, "Mars/Olympus")
    for name in ("conference", "local"):
        with pytest.raises(StoreError, match="a place, like Europe/Brussels"):
            lib.set_schedule_zone(key, name)
    with pytest.raises(StoreError, match="no schedule"):
        lib.set_schedule_zone("nope", "Europe/Brussels")
    assert next(e for e in lib.events(schedule_key=key)).floating  # nothing changed
