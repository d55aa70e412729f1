"""Conference days and the zone a schedule is shown in.

A schedule's wall clock is the conference's: its IANA zone when the format names one,
else the UTC offset its events were published with. Days are grouped in that clock, so
a session that runs past midnight UTC still belongs to the evening it started in; and,
as conferences count them (frab's day_change), a conference day runs until 06:00 the
next morning: the 01:00 party belongs to the evening before.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.domain.model import Event


def conference_zone(events: Iterable[Event], zone_name: str = "") -> tzinfo | None:
    """The zone to show a schedule in: its named zone, else its first event's offset."""
    if zone_name:
        try:
            return ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    for event in events:
        return event.start.tzinfo
    return None


DAY_CHANGE_HOUR = 6


def day_of(moment: datetime, zone: tzinfo | None) -> date:
    """The conference day an instant falls in: its date in the conference clock, where
    the hours before 06:00 still belong to the previous day."""
    local = moment.astimezone(zone) if zone is not None else moment
    if local.hour < DAY_CHANGE_HOUR:
        return local.date() - timedelta(days=1)
    return local.date()


def local_day(event: Event, zone: tzinfo | None) -> date:
    """The conference day of an event (by its start)."""
    return day_of(event.start, zone)


def group_by_day(events: Iterable[Event], zone: tzinfo | None) -> dict[date, list[Event]]:
    """Events per conference day, days in order, events in start order."""
    days: dict[date, list[Event]] = {}
    day_of_start: dict[datetime, date] = {}  # talks share start times: convert each once
    for event in sorted(events, key=lambda e: (e.start, e.end, e.id)):
        day = day_of_start.get(event.start)
        if day is None:
            day = day_of_start[event.start] = day_of(event.start, zone)
        days.setdefault(day, []).append(event)
    return dict(sorted(days.items()))


def in_zone(value: datetime, zone: tzinfo | None) -> datetime:
    return value.astimezone(zone) if zone is not None else value


def offset_label(value: datetime) -> str:
    """"UTC-08:00" for the header of the time axis."""
    offset = value.utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
