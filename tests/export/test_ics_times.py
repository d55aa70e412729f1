"""Times the .ics export must not make up (issue 16): floating wall clocks, dates,
zero-length events, cancellations. Each file is read back by icalendar and by
recurring-ical-events, the libraries calendar programs in Python use."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import recurring_ical_events
from icalendar import Calendar

from planner.domain.model import Event, Kind
from planner.export.ics import to_ics
from planner.export.revisions import plan

UTC = timezone.utc
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def _event(id_: str = "x-1", minutes: int = 30, **flags: object) -> Event:
    start = datetime(2025, 3, 29, 10, 0, tzinfo=UTC)
    return Event(id=id_, kind=Kind.TALK, number=None, title="Opening", authors=("Ann",), abstract="",
                 start=start, end=start + timedelta(minutes=minutes), session="Main", **flags)  # type: ignore[arg-type]


def _vevent(data: bytes):  # type: ignore[no-untyped-def]
    (vevent,) = Calendar.from_ical(data).walk("VEVENT")
    return vevent


def test_a_time_without_a_zone_is_written_floating_never_as_utc() -> None:
    data = to_ics([_event(floating=True)], now=NOW)
    assert b"DTSTART:20250329T100000\r\n" in data and b"DTEND:20250329T103000\r\n" in data
    vevent = _vevent(data)
    assert vevent.decoded("DTSTART") == datetime(2025, 3, 29, 10, 0)  # naive: the wall clock
    assert vevent.decoded("DTSTART").tzinfo is None


def test_a_zoned_time_is_still_an_instant() -> None:
    data = to_ics([_event()], now=NOW)
    assert b"DTSTART:20250329T100000Z\r\n" in data


def test_an_all_day_event_is_exported_as_a_date() -> None:
    start = datetime(2025, 3, 29, tzinfo=UTC)
    event = Event(id="d-1", kind=Kind.OTHER, number=None, title="Hackathon", authors=(), abstract="",
                  start=start, end=start + timedelta(days=2), session="", all_day=True, floating=True)
    data = to_ics([event], now=NOW)
    assert b"DTSTART;VALUE=DATE:20250329\r\n" in data and b"DTEND;VALUE=DATE:20250331\r\n" in data
    vevent = _vevent(data)
    assert vevent.decoded("DTSTART") == date(2025, 3, 29)
    found = recurring_ical_events.of(Calendar.from_ical(data)).at((2025, 3, 30))
    assert [str(e["SUMMARY"]) for e in found] == ["Hackathon"]


def test_a_zero_length_event_has_a_valid_end() -> None:
    data = to_ics([_event(minutes=0)], now=NOW)
    assert b"DTEND:" not in data  # RFC 5545 forbids DTEND == DTSTART; khal refuses it
    assert b"DURATION:PT0S\r\n" in data
    vevent = _vevent(data)
    assert vevent.decoded("DURATION") == timedelta(0)
    found = recurring_ical_events.of(Calendar.from_ical(data)).between((2025, 3, 29), (2025, 3, 30))
    assert len(found) == 1


def test_a_cancelled_talk_is_exported_cancelled_without_an_alarm() -> None:
    cancelled = _event(cancelled=True)
    assert b"STATUS:CANCELLED" in to_ics([cancelled], now=NOW, alarm_minutes=10)
    assert b"BEGIN:VALARM" not in to_ics([cancelled], now=NOW, alarm_minutes=10)
    # Through the revisions an updated export uses, too: the next export says CANCELLED.
    first = plan([_event()], {}, now="2025-01-01T00:00:00+00:00")
    previous = {entry.record.event_id: entry.record for entry in first}
    (entry,) = plan([cancelled], previous, now="2025-01-02T00:00:00+00:00")
    assert entry.record.cancelled and entry.record.sequence == 1
    data = to_ics([cancelled], now=NOW, revisions={entry.record.event_id: entry.record})
    assert str(_vevent(data)["STATUS"]) == "CANCELLED"
