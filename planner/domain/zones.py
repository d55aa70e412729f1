"""Time zones: the display-zone setting (the conference's clock, this computer's, or any
IANA zone), and placing a schedule that published no zone in the one the attendee knows."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone, tzinfo

from planner.domain.model import NO_ZONE, Schedule

CONFERENCE = "conference"
LOCAL = "local"


class ZoneError(ValueError):
    """An unknown zone name; the message lists what is accepted."""


def local_zone() -> tzinfo:
    """This computer's zone with its DST rules (dateutil reads the system's setting)."""
    from dateutil.tz import tzlocal  # lazy: 3 ms, only when local time is asked for

    zone: tzinfo = tzlocal()
    return zone


def resolve(name: str, conference: tzinfo | None) -> tzinfo | None:
    """``conference`` / ``local`` / an IANA name such as ``Europe/Berlin`` -> a tzinfo."""
    key = (name or CONFERENCE).strip()
    if key.casefold() == CONFERENCE:
        return conference
    if key.casefold() == LOCAL:
        return local_zone()
    # Lazy: zoneinfo (with sysconfig) is 6 M instructions of every start, where a library's
    # times come with their offsets and a named zone is only looked up when one is chosen.
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if key.upper() == "UTC":
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise ZoneError(
            f"unknown time zone {name!r}: use 'conference', 'local' or an IANA name like Europe/Berlin"
        ) from None


def zone_names() -> list[str]:
    from zoneinfo import available_timezones  # lazy: as in resolve()

    return sorted(available_timezones())


def wall_clock(moment: datetime) -> datetime:
    """The clock reading of an aware datetime, without its zone."""
    return moment.replace(tzinfo=None)


def as_clocks_show(moment: datetime) -> datetime:
    """``moment``, a clock reading given a zone, written as that zone's clocks show its instant.

    Python gives a reading in the hour skipped when summer time starts (02:30 on the last
    Sunday of March in Brussels) the offset from before the change, as RFC 5545 reads it
    too: 01:30 UTC. Kept as "02:30+01:00", it prints a time no clock shows, ends a talk
    before it starts, and compares wrongly with the zone's other readings (Python compares
    two times of one zone by their readings): here it becomes 03:30+02:00. A reading in
    the hour repeated in autumn is its first pass (fold 0), as written. Times held in UTC,
    and floating ones (held as UTC), are left as they are.
    """
    zone = moment.tzinfo
    if zone is None or zone is timezone.utc:
        return moment
    return moment.astimezone(timezone.utc).astimezone(zone)


def span_as_clocks_show(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """A start and end given as readings of one zone, each as that zone's clocks show it
    (as_clocks_show). Only a start in the hour summer time skips can then end before it
    begins (02:30-03:00 becomes 03:30-03:00): such a talk keeps the length its readings
    give, 03:30-04:00, as the schedule meant a half-hour talk."""
    length = end - start  # two readings of one zone: Python subtracts the readings
    start, end = as_clocks_show(start), as_clocks_show(end)
    if instant_of(end) < instant_of(start) and length > timedelta(0):
        end = (instant_of(start) + length).astimezone(start.tzinfo)
    return start, end


def instant_of(moment: datetime) -> datetime:
    """The instant of an aware time, comparable with any other: Python compares two times of
    one zone by their clock readings, which the hour repeated in autumn puts out of order."""
    return moment.astimezone(timezone.utc)


def placed_in(schedule: Schedule, zone_name: str) -> tuple[Schedule, list[str]]:
    """``schedule`` with the times it published without a zone read in ``zone_name``
    (the attendee knows FOSDEM is in Brussels even when its file does not say so),
    and the ids of the events so placed.

    Each floating time keeps its clock reading: 10:00 stays 10:00, now 10:00 in Brussels.
    Whole-day events stay dates. The note that the times have no zone goes.
    """
    zone = resolve(zone_name, None)
    assert zone is not None
    events, placed = [], []
    for event in schedule.events:
        if event.floating and not event.all_day:
            start, end = span_as_clocks_show(wall_clock(event.start).replace(tzinfo=zone),
                                             wall_clock(event.end).replace(tzinfo=zone))
            event = replace(event, start=start, end=max(start, end, key=instant_of), floating=False)
            placed.append(event.id)
        events.append(event)
    notes = tuple(note for note in schedule.notes if NO_ZONE not in note)
    return replace(schedule, events=tuple(events), timezone=zone_name, notes=notes), placed
