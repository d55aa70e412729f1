"""Time zones: the display-zone setting (the conference's clock, this computer's, or any
IANA zone), and placing a schedule that published no zone in the one the attendee knows."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, tzinfo

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
            event = replace(event, start=wall_clock(event.start).replace(tzinfo=zone),
                            end=wall_clock(event.end).replace(tzinfo=zone), floating=False)
            placed.append(event.id)
        events.append(event)
    notes = tuple(note for note in schedule.notes if NO_ZONE not in note)
    return replace(schedule, events=tuple(events), timezone=zone_name, notes=notes), placed
