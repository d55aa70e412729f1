"""iCalendar meaning beyond one VEVENT = one slot: whole days, repetitions, each
calendar's own zone, cancellations, floating times and the schedule key (issue 16)."""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.domain.model import Event, Schedule
from planner.formats import ical

UTC = timezone.utc
BRUSSELS = ZoneInfo("Europe/Brussels")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def vcalendar(*events: str, head: str = "") -> str:
    """One VCALENDAR around VEVENT bodies (lines joined by \\n); ``head`` adds calendar lines."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//EN", *head.splitlines()]
    for body in events:
        lines += ["BEGIN:VEVENT", *body.splitlines(), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def parse(*calendars: str) -> Schedule:
    return ical.parse("".join(calendars).encode(), "semantics.ics")


def titled(schedule: Schedule, title: str) -> list[Event]:
    return [e for e in schedule.events if e.title == title]


# -- 1. a date stays a date ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "tzid", "zone"),
    [
        ("", "America/New_York", NEW_YORK),  # the zone comes only from TZID parameters
        ("", "Asia/Tokyo", TOKYO),
        ("X-WR-TIMEZONE:Asia/Tokyo", "America/New_York", TOKYO),  # the calendar's zone wins
    ],
)
def test_all_day_events_are_whole_days_in_the_calendars_zone(head: str, tzid: str, zone: ZoneInfo) -> None:
    schedule = parse(vcalendar(
        f"UID:t1\nDTSTART;TZID={tzid}:20250310T090000\nDTEND;TZID={tzid}:20250310T100000\nSUMMARY:Talk",
        f"UID:t2\nDTSTART;TZID={tzid}:20250311T090000\nSUMMARY:Other talk",
        "UID:d1\nDTSTART;VALUE=DATE:20250310\nSUMMARY:Registration open",
        "UID:d2\nDTSTART;VALUE=DATE:20250310\nDTEND;VALUE=DATE:20250313\nSUMMARY:Exhibition",
        head=head,
    ))
    day = titled(schedule, "Registration open")[0]
    assert day.all_day and not day.floating
    assert (day.start, day.end) == (datetime(2025, 3, 10, tzinfo=zone), datetime(2025, 3, 11, tzinfo=zone))
    assert (day.start.date(), day.start.time()) == (date(2025, 3, 10), datetime.min.time())
    expo = titled(schedule, "Exhibition")[0]
    assert expo.all_day
    assert (expo.start, expo.end) == (datetime(2025, 3, 10, tzinfo=zone), datetime(2025, 3, 13, tzinfo=zone))
    # Seen from the zone the calendar's times are in, the day starts at midnight.
    assert day.start.astimezone(zone).time() == datetime.min.time()
    assert not titled(schedule, "Talk")[0].all_day


def test_all_day_event_in_a_vtimezone_zone_and_without_any_zone() -> None:
    custom = vcalendar(
        "UID:t\nDTSTART;TZID=Minus Three:20250310T090000\nSUMMARY:Talk",
        "UID:d\nDTSTART;VALUE=DATE:20250310\nDTEND;VALUE=DATE:20250310\nSUMMARY:Day",  # DTEND = DTSTART
        head="BEGIN:VTIMEZONE\nTZID:Minus Three\nBEGIN:STANDARD\nDTSTART:19700101T000000\n"
             "TZOFFSETFROM:-0300\nTZOFFSETTO:-0300\nEND:STANDARD\nEND:VTIMEZONE",
    )
    day = titled(parse(custom), "Day")[0]
    assert day.all_day and day.start.utcoffset() == timedelta(hours=-3)
    assert (day.start.date(), day.start.time()) == (date(2025, 3, 10), datetime.min.time())
    assert day.end - day.start == timedelta(days=1)  # its last day is its first
    zoneless = titled(parse(vcalendar("UID:d\nDTSTART;VALUE=DATE:20250310\nSUMMARY:Day")), "Day")[0]
    assert zoneless.all_day and zoneless.floating  # a wall-clock date: held as UTC, never converted
    assert (zoneless.start, zoneless.end) == (datetime(2025, 3, 10, tzinfo=UTC), datetime(2025, 3, 11, tzinfo=UTC))


# -- 2. repetitions ------------------------------------------------------------------------


KEYNOTE = ("UID:keynote@conf\nDTSTART;TZID=Europe/Brussels:20250310T090000\n"
           "DTEND;TZID=Europe/Brussels:20250310T100000\nRRULE:FREQ=DAILY;COUNT=3\nSUMMARY:Keynote")


def test_exdate_of_the_first_occurrence_removes_it() -> None:
    schedule = parse(vcalendar(KEYNOTE + "\nEXDATE;TZID=Europe/Brussels:20250310T090000"))
    assert [e.start for e in titled(schedule, "Keynote")] == [
        datetime(2025, 3, 11, 9, tzinfo=BRUSSELS), datetime(2025, 3, 12, 9, tzinfo=BRUSSELS)]


def test_every_occurrence_is_an_event_with_a_stable_distinct_id() -> None:
    alone = parse(vcalendar(KEYNOTE.replace("\nRRULE:FREQ=DAILY;COUNT=3", "")))
    repeated = parse(vcalendar(KEYNOTE))
    keynotes = titled(repeated, "Keynote")
    assert [e.start.day for e in keynotes] == [10, 11, 12]
    assert len({e.id for e in keynotes}) == 3
    assert keynotes[0].id == alone.events[0].id  # a star on the event survives it starting to repeat
    # Excluding one occurrence (in UTC, as some writers do) leaves the others' ids alone.
    fewer = titled(parse(vcalendar(KEYNOTE + "\nEXDATE:20250311T080000Z")), "Keynote")
    assert [(e.start.day, e.id) for e in fewer] == [(10, keynotes[0].id), (12, keynotes[2].id)]


def test_recurrence_id_override_replaces_its_occurrence_first_or_later() -> None:
    moved_first = ("UID:keynote@conf\nRECURRENCE-ID;TZID=Europe/Brussels:20250310T090000\n"
                   "DTSTART;TZID=Europe/Brussels:20250310T140000\nDTEND;TZID=Europe/Brussels:20250310T150000\n"
                   "SUMMARY:Keynote (moved to the afternoon)")
    moved_last = ("UID:keynote@conf\nRECURRENCE-ID:20250312T080000Z\nDTSTART:20250312T120000Z\n"
                  "DTEND:20250312T130000Z\nSUMMARY:Keynote (late)")
    plain = titled(parse(vcalendar(KEYNOTE)), "Keynote")
    schedule = parse(vcalendar(KEYNOTE, moved_first, moved_last))
    assert [(e.title, e.start) for e in schedule.events] == [
        ("Keynote (moved to the afternoon)", datetime(2025, 3, 10, 14, tzinfo=BRUSSELS)),
        ("Keynote", datetime(2025, 3, 11, 9, tzinfo=BRUSSELS)),
        ("Keynote (late)", datetime(2025, 3, 12, 12, tzinfo=UTC)),
    ]
    # Moving an occurrence keeps its id: stars follow the talk to its new time.
    assert [e.id for e in schedule.events] == [e.id for e in plain]


def test_rdate_adds_occurrences_and_all_day_repeats_stay_dates() -> None:
    schedule = parse(vcalendar(
        "UID:w@c\nDTSTART:20250310T090000Z\nDURATION:PT1H\nRDATE:20250314T150000Z,20250315T150000Z\nSUMMARY:Workshop",
        "UID:d@c\nDTSTART;VALUE=DATE:20250310\nRRULE:FREQ=DAILY;COUNT=2\nSUMMARY:Day pass",
        "UID:t@c\nDTSTART;TZID=America/New_York:20250310T090000\nSUMMARY:Talk",
    ))
    assert [e.start.day for e in titled(schedule, "Workshop")] == [10, 14, 15]
    assert all(e.duration_minutes == 60 for e in titled(schedule, "Workshop"))
    days = titled(schedule, "Day pass")
    assert [(e.start, e.end) for e in days] == [
        (datetime(2025, 3, 10, tzinfo=NEW_YORK), datetime(2025, 3, 11, tzinfo=NEW_YORK)),
        (datetime(2025, 3, 11, tzinfo=NEW_YORK), datetime(2025, 3, 12, tzinfo=NEW_YORK)),
    ]
    assert all(e.all_day for e in days)


def test_endless_repeats_are_shown_within_the_calendars_span_only() -> None:
    schedule = parse(vcalendar(
        "UID:a@c\nDTSTART:20250310T090000Z\nDTEND:20250310T100000Z\nSUMMARY:Opening",
        "UID:b@c\nDTSTART:20250314T090000Z\nDTEND:20250314T100000Z\nSUMMARY:Closing",
        "UID:s@c\nDTSTART:20240101T080000Z\nDURATION:PT15M\nRRULE:FREQ=DAILY\nSUMMARY:Standup",
        "UID:x@c\nDTSTART:20250312T000000Z\nDURATION:PT1M\nRRULE:FREQ=MINUTELY\nSUMMARY:Tick",
    ))
    standups = titled(schedule, "Standup")
    assert standups[0].start == datetime(2024, 1, 1, 8, tzinfo=UTC)  # its first occurrence stays
    later = [e.start for e in standups[1:]]
    assert later and all(datetime(2025, 3, 9, tzinfo=UTC) <= s <= datetime(2025, 3, 15, 9, tzinfo=UTC) for s in later)
    assert datetime(2025, 3, 12, 8, tzinfo=UTC) in later
    ticks = titled(schedule, "Tick")
    assert 1 < len(ticks) <= 500
    assert any("without end" in n and "Standup" in n for n in schedule.notes)
    assert any("first 500" in n and "Tick" in n for n in schedule.notes)


def test_rules_that_match_no_day_are_given_up_quickly() -> None:
    """dateutil walks to the year 9999 looking for a 30 February: seconds per rule."""
    impossible = [f"UID:{n}@c\nDTSTART:20250310T090000Z\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\n"
                  f"SUMMARY:Never {n}" for n in range(10)]
    began = time.perf_counter()
    schedule = parse(vcalendar(*impossible, "UID:ok@c\nDTSTART:20250310T090000Z\nRRULE:FREQ=DAILY;COUNT=3\n"
                               "SUMMARY:Daily"))
    assert time.perf_counter() - began < 5.0
    assert len(titled(schedule, "Daily")) == 3
    assert all(len(titled(schedule, f"Never {n}")) == 1 for n in range(10))  # the first occurrence


def test_broken_rule_keeps_the_first_occurrence_and_says_so() -> None:
    schedule = parse(vcalendar("UID:r@c\nDTSTART:20250310T090000Z\nRRULE:FREQ=SOMETIMES\nSUMMARY:Odd",
                               "UID:k@c\nDTSTART:20250310T090000Z\nRRULE:FREQ=DAILY;COUNT=2\nSUMMARY:Even"))
    assert len(titled(schedule, "Odd")) == 1 and len(titled(schedule, "Even")) == 2
    assert any("Odd" in n and "first occurrence" in n for n in schedule.notes)


# -- 3. each calendar its own zone ----------------------------------------------------------


def test_each_vcalendar_reads_its_floating_times_in_its_own_zone() -> None:
    schedule = parse(
        vcalendar("UID:1\nDTSTART:20250310T100000\nSUMMARY:Berlin", head="X-WR-TIMEZONE:Europe/Berlin"),
        vcalendar("UID:2\nDTSTART:20250310T100000\nSUMMARY:New York\n", head="X-WR-TIMEZONE:America/New_York"),
        vcalendar("UID:3\nDTSTART:20250310T100000\nSUMMARY:Nowhere"),
    )
    assert titled(schedule, "Berlin")[0].start == datetime(2025, 3, 10, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    assert titled(schedule, "New York")[0].start == datetime(2025, 3, 10, 10, tzinfo=NEW_YORK)
    nowhere = titled(schedule, "Nowhere")[0]
    assert nowhere.floating and nowhere.start == datetime(2025, 3, 10, 10, tzinfo=UTC)


def test_a_zone_named_on_a_stray_calendar_line_is_the_conference_zone() -> None:
    # MOCA 2024's calendar writes "VTIMEZONE: Europe/Rome" as a line of the calendar (not
    # the VTIMEZONE block iCalendar defines) and every time in UTC.
    stray = parse(vcalendar("UID:1\nDTSTART:20240915T130000Z\nSUMMARY:Closing",
                            "UID:2\nDTSTART:20240915T090000\nSUMMARY:Floating",
                            head="VTIMEZONE: Europe/Rome"))
    assert stray.timezone == "Europe/Rome"
    closing, floating = titled(stray, "Closing")[0], titled(stray, "Floating")[0]
    assert closing.start == datetime(2024, 9, 15, 13, tzinfo=UTC)  # the instant is the file's
    assert not floating.floating and floating.start == datetime(2024, 9, 15, 9, tzinfo=ZoneInfo("Europe/Rome"))
    assert any("Europe/Rome" in note and "VTIMEZONE:" in note for note in stray.notes)
    # X-WR-TIMEZONE, where a calendar has one, is its zone; a name that is no zone is ignored.
    both = parse(vcalendar("UID:1\nDTSTART:20240915T130000Z\nSUMMARY:A",
                           head="X-WR-TIMEZONE:Asia/Tokyo\nVTIMEZONE:Europe/Rome"))
    assert (both.timezone, both.notes) == ("Asia/Tokyo", ())
    nowhere = parse(vcalendar("UID:1\nDTSTART:20240915T130000Z\nSUMMARY:A", head="TZID:Mars/Olympus"))
    assert (nowhere.timezone, nowhere.notes) == ("", ())


def test_corpus_moca_keeps_italian_time(corpus: Path) -> None:
    schedule = ical.parse((corpus / "ics" / "moca-2024.ics").read_bytes(), "moca-2024.ics")
    assert schedule.timezone == "Europe/Rome"
    closing = titled(schedule, "Closing ceremony")[0]
    assert closing.start.astimezone(ZoneInfo(schedule.timezone)).hour == 15  # 13:00 UTC, in September


# -- 4. cancelled --------------------------------------------------------------------------


def test_cancelled_events_and_cancelled_occurrences_are_marked() -> None:
    schedule = parse(vcalendar(
        "UID:c@c\nDTSTART:20250310T090000Z\nSTATUS:CANCELLED\nSUMMARY:Called off",
        "UID:o@c\nDTSTART:20250310T110000Z\nSTATUS:CONFIRMED\nSUMMARY:On",
        KEYNOTE,
        "UID:keynote@conf\nRECURRENCE-ID;TZID=Europe/Brussels:20250311T090000\n"
        "DTSTART;TZID=Europe/Brussels:20250311T090000\nSTATUS:cancelled\nSUMMARY:Keynote",
    ))
    assert titled(schedule, "Called off")[0].cancelled
    assert not titled(schedule, "On")[0].cancelled
    assert [e.cancelled for e in titled(schedule, "Keynote")] == [False, True, False]


# -- 5. floating ---------------------------------------------------------------------------


def test_floating_and_unknown_zone_times_are_marked_floating() -> None:
    schedule = parse(vcalendar(
        "UID:1\nDTSTART:20250310T100000\nSUMMARY:Floating",
        "UID:2\nDTSTART;TZID=Nowhere/Atlantis:20250310T110000\nSUMMARY:Atlantis",
        "UID:3\nDTSTART;TZID=Europe/Brussels:20250310T120000\nSUMMARY:Zoned",
        "UID:4\nDTSTART:20250310T130000Z\nSUMMARY:UTC",
    ))
    # Beside a time in Brussels, a time without a zone is on Brussels's clock; an unknown
    # zone's time floats (its note says the zone is unknown).
    assert [e.floating for e in schedule.events] == [False, True, False, False]
    assert schedule.events[0].start.isoformat() == "2025-03-10T10:00:00+01:00"
    alone = parse(vcalendar("UID:1\nDTSTART:20250310T100000\nSUMMARY:Floating"))
    assert alone.events[0].floating
    assert alone.events[0].start == datetime(2025, 3, 10, 10, tzinfo=UTC)  # the wall clock, kept
    zoned = parse(vcalendar("UID:1\nDTSTART:20250310T100000\nSUMMARY:Floating", head="X-WR-TIMEZONE:Europe/Brussels"))
    assert not zoned.events[0].floating


# -- 6. the schedule key -------------------------------------------------------------------


def test_key_without_a_calendar_name_survives_updates() -> None:
    events = ["UID:m@camp.example\nDTSTART:20250310T090000Z\nSUMMARY:M",
              "UID:q@camp.example\nDTSTART:20250311T090000Z\nSUMMARY:Q"]
    first = parse(vcalendar(*events))
    # The update adds an event whose UID sorts before every other one.
    update = parse(vcalendar("UID:a@camp.example\nDTSTART:20250312T090000Z\nSUMMARY:A", *events[::-1]))
    assert update.key == first.key
    # A new release of the generator is still the same calendar.
    bumped = parse(vcalendar(*events).replace("PRODID:-//tests//EN", "PRODID:-//tests 2.14.1//EN"))
    assert bumped.key == first.key
    # Next year's edition, from the same generator, is another schedule.
    next_year = parse(vcalendar(*(e.replace("2025", "2026") for e in events)))
    assert next_year.key != first.key
    assert first.key.startswith("ical:")


def test_corpus_key_without_a_name_does_not_move_with_the_smallest_uid(corpus: Path) -> None:
    data = (corpus / "ics" / "moca-2024.ics").read_bytes()
    whole = ical.parse(data, "moca-2024.ics")
    blocks = re.findall(rb"BEGIN:VEVENT\r?\n.*?END:VEVENT\r?\n", data, re.DOTALL)
    smallest = min(re.search(rb"^UID:(.*?)\r?$", b, re.MULTILINE).group(1) for b in blocks)  # type: ignore[union-attr]
    without = data
    for block in blocks:
        if re.search(rb"^UID:" + re.escape(smallest) + rb"\r?$", block, re.MULTILINE):
            without = without.replace(block, b"")
    fewer = ical.parse(without, "moca-2024.ics")
    assert len(fewer.events) < len(whole.events)
    assert fewer.key == whole.key
