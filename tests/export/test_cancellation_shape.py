"""A cancellation keeps the shape of the entry it cancels.

Calendars match a cancellation to its entry by UID, but several (and every reader that
compares times) take an entry whose DTSTART changed type or instant for another one: a
whole-day sprint cancelled as 23:00Z-22:00Z date-times, or a floating 12:00 lunch
cancelled as 12:00Z, left the original standing. Each file is read back with icalendar.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar

from planner.domain.exports import ExportRecord
from planner.domain.model import Event, Kind, Schedule
from planner.export.ics import cancellation_lines
from planner.services.exporting import export_agenda
from planner.store import Library

BRUSSELS = ZoneInfo("Europe/Brussels")
T1 = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)
T2 = T1 + timedelta(days=1)


def event(event_id: str, start: datetime, end: datetime, title: str, **extra: object) -> Event:
    return Event(id=event_id, kind=Kind.TALK, number=None, title=title, authors=(), abstract="",
                 start=start, end=end, session="", **extra)  # type: ignore[arg-type]


CONF = Schedule(key="conf-a", title="ConfA", format="test", timezone="Europe/Brussels", events=(
    event("sprint", datetime(2025, 3, 29, tzinfo=BRUSSELS), datetime(2025, 3, 31, tzinfo=BRUSSELS),
          "Two-day sprint", all_day=True),
    event("lunch", datetime(2025, 3, 29, 12, tzinfo=timezone.utc), datetime(2025, 3, 29, 13, tzinfo=timezone.utc),
          "Floating lunch", floating=True, room="Canteen"),
    event("talk", datetime(2025, 3, 29, 10, tzinfo=BRUSSELS), datetime(2025, 3, 29, 11, tzinfo=BRUSSELS),
          "Talk one", room="Room H.1308, Building H"),
))


def vevents(data: bytes) -> dict[str, object]:
    return {str(v["UID"]).split("@")[0]: v for v in Calendar.from_ical(data).walk("VEVENT")}


def test_an_unstarred_entry_is_cancelled_in_the_shape_it_was_exported(tmp_path: Path) -> None:
    with Library(tmp_path / "library.sqlite3") as library:
        library.import_schedule(CONF)
        library.star(["sprint", "lunch", "talk"])
        first = export_agenda(library, now=T1)
        first.remember(library)
        before = vevents(first.data)
        library.unstar(["sprint", "lunch", "talk"])
        second = export_agenda(library, now=T2)
    after = vevents(second.data)
    assert second.cancelled == 3 and set(after) == set(before)
    for uid, entry in after.items():
        assert str(entry["STATUS"]) == "CANCELLED", uid
        exported = before[uid]
        for prop in ("DTSTART", "DTEND", "LOCATION"):
            assert (prop in entry) == (prop in exported), (uid, prop)
            if prop in exported:
                assert entry.decoded(prop) == exported.decoded(prop), (uid, prop)  # type: ignore[attr-defined]
    assert after["sprint"].decoded("DTSTART") == date(2025, 3, 29)  # type: ignore[attr-defined]
    assert after["sprint"].decoded("DTEND") == date(2025, 3, 31)  # type: ignore[attr-defined]
    assert after["lunch"].decoded("DTSTART") == datetime(2025, 3, 29, 12)  # type: ignore[attr-defined]  # floating
    assert str(after["talk"]["LOCATION"]) == "Room H.1308, Building H"  # type: ignore[index]
    assert str(after["lunch"]["LOCATION"]) == "Canteen"  # type: ignore[index]


def test_a_cancellation_of_a_talk_gone_from_the_library_falls_back_to_its_record() -> None:
    record = ExportRecord("gone", 2, "2025-03-29T10:00:00+01:00", "2025-03-29T11:00:00+01:00", "Talk: Gone",
                          True, "2025-03-02T12:00:00+00:00", "Room B")
    lines = cancellation_lines(record, stamp="20250302T120000Z")
    assert "DTSTART:20250329T090000Z" in lines and "DTEND:20250329T100000Z" in lines
    assert "LOCATION:Room B" in lines and "STATUS:CANCELLED" in lines
