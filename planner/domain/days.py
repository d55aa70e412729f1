"""Conference days and the zone a schedule is shown in.

A schedule's wall clock is the conference's: its IANA zone when the format names one,
else the UTC offset its events were published with. Days are grouped in that clock, so
a session that runs past midnight UTC still belongs to the evening it started in; and,
as conferences count them (frab's day_change), a conference day runs until 06:00 the
next morning: the 01:00 party belongs to the evening before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from planner.domain.model import Event, Kind


def conference_zone(events: Iterable[Event], zone_name: str = "") -> tzinfo | None:
    """The zone to show a schedule in: its named zone, else the offsets its events were
    published with (published_clock)."""
    if zone_name:
        # Here, not at the top: the command line's output imports this module, and
        # zoneinfo (with sysconfig) is 1.5 ms of every command's start.
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return published_clock(event.start for event in events)


def published_clock(starts: Iterable[datetime]) -> tzinfo | None:
    """The clock of a schedule that gives each time's UTC offset but names no zone.

    One offset throughout (most schedules): that offset. A schedule over the night summer
    time ends gives 10:00+02:00 on Saturday and 10:00+01:00 on Sunday; read on its first
    offset, Sunday's talk showed as 11:00 in conference time, an hour off the room's clock
    (frab JSON without time_zone_name, an .ics of a custom VTIMEZONE). Then each instant
    reads on the offset published from then on (PublishedOffsets).
    """
    starts = list(starts)
    offsets = {start.utcoffset() for start in starts}  # one C call a time: 10,000 starts in 0.3 ms
    offsets.discard(None)
    if len(offsets) <= 1:
        return next((start.tzinfo for start in starts if start.utcoffset() is not None), None)
    points: dict[datetime, timedelta] = {}
    for start in starts:
        offset = start.utcoffset()
        if offset is not None:
            points.setdefault(start.replace(tzinfo=None) - offset, offset)
    # Each new offset from half-way between the last time published on the one before and
    # the first on it: the clocks changed somewhere between, and there (at night, where a
    # programme pauses) the readings an hour repeats or skips hold no talk. Changed at the
    # first time on the new offset, that talk read as one of two 10:00s; changed just after
    # the last on the old, a talk's end read on the new offset (10:00 UTC+2 to 10:00 UTC+1).
    changes: list[tuple[datetime, timedelta]] = []
    last = None
    for utc in sorted(points):
        if not changes:
            changes.append((utc, points[utc]))
        elif points[utc] != changes[-1][1]:
            assert last is not None
            changes.append((last + (utc - last) / 2, points[utc]))
        last = utc
    return PublishedOffsets(changes)  # two offsets or more: two changes or more


class PublishedOffsets(tzinfo):
    """A clock that keeps the offsets a schedule published: from each change on (in UTC,
    half-way between the last time published on the offset before and the first on its
    own), that offset; before them all, the first.

    Where the offset falls back (summer time ends), readings of the hour between repeat,
    the first pass fold 0 and the second fold 1, as zoneinfo has them; a reading skipped
    where it moves forward is read on the offset before, as zoneinfo reads it.
    """

    def __init__(self, changes: Sequence[tuple[datetime, timedelta]]) -> None:
        self._starts = [utc for utc, _ in changes]  # naive UTC, ascending
        self._offsets = [offset for _, offset in changes]

    def _index_at_utc(self, utc: datetime) -> int:
        index = 0
        for i, start in enumerate(self._starts):
            if start <= utc:
                index = i
        return index

    def fromutc(self, dt: datetime) -> datetime:
        if dt.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        utc = dt.replace(tzinfo=None)
        index = self._index_at_utc(utc)
        local = utc + self._offsets[index]
        # The second pass of a reading the clock showed before, under the previous offset.
        earlier = index > 0 and self._covers(index - 1, local)
        return (local).replace(tzinfo=self, fold=1 if earlier else 0)

    def _covers(self, index: int, local: datetime) -> bool:
        """Whether span ``index`` shows the clock reading ``local`` (naive) at some instant."""
        utc = local - self._offsets[index]
        return (index == 0 or self._starts[index] <= utc) and (
            index + 1 == len(self._starts) or utc < self._starts[index + 1])

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        if dt is None:
            return None
        local = dt.replace(tzinfo=None, fold=0)
        shown = [i for i in range(len(self._offsets)) if self._covers(i, local)]
        if shown:
            return self._offsets[shown[-1] if dt.fold and len(shown) > 1 else shown[0]]
        # Skipped: the offset of the last span begun by then, read on its own offset.
        index = max((i for i in range(len(self._offsets)) if i == 0 or local - self._offsets[i] >= self._starts[i]),
                    default=0)
        return self._offsets[index]

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        offset = self.utcoffset(dt)
        return None if offset is None else _long_offset(offset)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, PublishedOffsets) and self._starts == other._starts
                and self._offsets == other._offsets)

    def __hash__(self) -> int:
        return hash((tuple(self._starts), tuple(self._offsets)))

    def __repr__(self) -> str:
        return f"PublishedOffsets({list(zip(self._starts, self._offsets, strict=True))!r})"


DAY_CHANGE_HOUR = 6


def day_of(moment: datetime, zone: tzinfo | None, change_hour: int = DAY_CHANGE_HOUR) -> date:
    """The conference day an instant falls in: its date in ``zone``'s clock, where the
    hours before ``change_hour`` still belong to the previous day.

    In the conference's own clock a day ends at 06:00, as its nights do (a 01:00 talk at
    38C3 is part of the evening before). Shown in another zone, the schedule's nights
    mean nothing to the attendee, and days change at midnight (change_hour 0).
    """
    local = moment.astimezone(zone) if zone is not None else moment
    if local.hour < change_hour:
        return local.date() - timedelta(days=1)
    return local.date()


def local_day(event: Event, zone: tzinfo | None, change_hour: int = DAY_CHANGE_HOUR) -> date:
    """The conference day of an event (by its start): a whole-day event's own date, a
    floating time's day on the venue's clock (never converted), else day_of()."""
    return start_day(event.start, event.all_day, event.floating, zone, change_hour)


def start_day(start: datetime, all_day: bool, floating: bool, zone: tzinfo | None,
              change_hour: int = DAY_CHANGE_HOUR) -> date:
    """local_day() of an event known only by its start and those two flags."""
    if all_day:
        return start.date()
    return day_of(start, None if floating else zone, change_hour)


def day_span(day: date, zone: tzinfo | None, change_hour: int = DAY_CHANGE_HOUR) -> tuple[datetime, datetime]:
    """The first instant of a conference ``day`` and that of the next (day_of's inverse):
    ``change_hour`` on its date and on the date after, on ``zone``'s clock."""
    return (datetime.combine(day, time(change_hour), tzinfo=zone),
            datetime.combine(day + timedelta(days=1), time(change_hour), tzinfo=zone))


# A hair before an end: the day of an event's last moment (an end is not part of the event).
_LAST_MOMENT = timedelta(microseconds=1)


def end_day(end: datetime, first: date, all_day: bool, floating: bool, zone: tzinfo | None,
            change_hour: int = DAY_CHANGE_HOUR) -> date:
    """The last conference day an event reaches, given its ``end`` and its ``first`` day
    (start_day's): the day of its last moment, never before its first day.

    Only an event that runs past its day's end (the next day's ``change_hour``) reaches
    another day: a 38C3 talk from 01:00 to 02:00 stays on the evening before, a sprint from
    Monday 10:00 to Friday 18:00 reaches Friday. A whole-day event reaches its last date.
    """
    if all_day:
        return max(first, (end - _LAST_MOMENT).date())
    return max(first, day_of(end - _LAST_MOMENT, None if floating else zone, change_hour))


def days_covered(event: Event, zone: tzinfo | None, change_hour: int = DAY_CHANGE_HOUR) -> list[date]:
    """Every conference day an event is on, in order: its own day (local_day, where it
    starts) and each later day it still runs on (see end_day)."""
    first = local_day(event, zone, change_hour)
    return days_from(first, end_day(event.end, first, event.all_day, event.floating, zone, change_hour))


def days_from(first: date, last: date) -> list[date]:
    """``first``, ``last`` and every date between, in order."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def runs_for_days(event: Event) -> bool:
    """A whole-day event, or one lasting a day or more (a sprint, a hackathon, an
    exhibition): it runs beside the talks rather than being one to sit in, so it is no
    busy time: it clashes with nothing and Plan my day plans around it, not with it."""
    return event.all_day or event.end - event.start >= timedelta(days=1)


def group_by_days_covered(events: Iterable[Event], zone: tzinfo | None,
                          change_hour: int = DAY_CHANGE_HOUR) -> dict[date, list[Event]]:
    """As group_by_day, but an event is listed on every day it covers (days_covered), as
    the window shows its days: a five-day sprint on each of its five."""
    days: dict[date, list[Event]] = {}
    for event in sorted(events, key=lambda e: (e.start, e.end, e.id)):
        for day in days_covered(event, zone, change_hour):
            days.setdefault(day, []).append(event)
    return dict(sorted(days.items()))


def group_by_day(events: Iterable[Event], zone: tzinfo | None,
                 change_hour: int = DAY_CHANGE_HOUR) -> dict[date, list[Event]]:
    """Events per day in ``zone`` (see day_of), days in order, events in start order."""
    days: dict[date, list[Event]] = {}
    # Talks share start times: convert each once.
    day_of_start: dict[tuple[datetime, bool, bool], date] = {}
    for event in sorted(events, key=lambda e: (e.start, e.end, e.id)):
        key = (event.start, event.all_day, event.floating)
        day = day_of_start.get(key)
        if day is None:
            day = day_of_start[key] = local_day(event, zone, change_hour)
        days.setdefault(day, []).append(event)
    return dict(sorted(days.items()))


def event_times(event: Event, zone: tzinfo | None) -> tuple[datetime, datetime]:
    """An event's start and end as an attendee reads them in ``zone``.

    A time published without a zone (Event.floating) is the venue's wall clock and a
    whole-day event is a date: neither is an instant, so neither is ever converted (a
    floating 10:00 shown in New York as 06:00 would send the attendee to the wrong talk).
    """
    zone = reading_zone(event, zone)
    if zone is None:
        return event.start, event.end
    return event.start.astimezone(zone), event.end.astimezone(zone)


def reading_zone(event: Event, zone: tzinfo | None) -> tzinfo | None:
    """The zone ``event``'s times are read in when shown in ``zone``: None (as published)
    for a floating time or a whole-day date, which no zone converts (event_times)."""
    return None if zone is None or event.floating or event.all_day else zone


def clock_reading(moment: datetime) -> datetime:
    """``moment`` as this computer's clock reads it, held as UTC, as the library holds a
    time published without a zone (Event.floating: the venue's wall clock, 10:00 kept as
    10:00 UTC). Such a time is compared with this reading, never with the instant: at
    10:05 in Brussels (09:05 UTC) the attendee at the venue is in the 10:00 talk, where the
    instant would still put them in the 09:00 one."""
    return moment.astimezone().replace(tzinfo=timezone.utc)


def moment_for(event: Event, moment: datetime) -> datetime:
    """The moment to compare ``event``'s times with: ``moment`` itself, or for a floating
    event the computer's clock reading of it (clock_reading)."""
    return clock_reading(moment) if event.floating else moment


def all_day_span(event: Event) -> tuple[date, date]:
    """First and last day of a whole-day event (its end is the midnight after the last)."""
    return dates_of(event.start, event.end)


def dates_of(start: datetime, end: datetime) -> tuple[date, date]:
    """all_day_span() of a whole-day event known by its start and end alone."""
    first = start.date()
    return first, max(first, (end - timedelta(seconds=1)).date())


def in_zone(value: datetime, zone: tzinfo | None) -> datetime:
    return value.astimezone(zone) if zone is not None else value


def end_clock(start: datetime, end: datetime) -> str:
    """The end of a time range as its second half reads: "18:00", and with its day when
    the range lasts a day or more, "Fri 17 Feb 18:00". Under a day, an end earlier than
    the start reads as the next morning ("22:00–01:00"); past that, "10:00–18:00" hid four
    days (an iCalendar sprint from Monday 10:00 to Friday 18:00 read as a Monday)."""
    text = _end_reading(start, end)
    if clocks_changed(start, end):
        # The clocks went back during it: "02:30–02:00" read as a talk ending before it
        # began (it lasts half an hour, from 02:30 summer time to 02:00 winter time).
        text += f" {short_offset(end)}"
    return text


def _end_reading(start: datetime, end: datetime) -> str:
    return f"{end:%a %d %b %H:%M}" if end - start >= timedelta(days=1) else f"{end:%H:%M}"


def repeated_hour_mark(moment: datetime) -> str:
    """" UTC+2" after a reading the clocks show twice (02:30 the night they go back: once
    on summer time, once on winter time), "" after any other: two talks an hour apart both
    read "02:30"."""
    if moment.tzinfo is None or moment.replace(fold=1 - moment.fold).utcoffset() == moment.utcoffset():
        return ""
    return f" {short_offset(moment)}"


def clocks_changed(start: datetime, end: datetime) -> bool:
    """Whether a range's start and end are on different offsets of its zone."""
    return start.utcoffset() != end.utcoffset()


def short_offset(moment: datetime) -> str:
    """"UTC+1", "UTC-3:30": an offset where a clock change is marked (cards, the ruler)."""
    offset = moment.utcoffset()
    if offset is None:
        return ""
    sign, minutes = _signed_minutes(offset)
    return f"UTC{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


def range_with_offset(start: datetime, end: datetime, start_format: str = "%H:%M") -> str:
    """"10:00–10:30 UTC+01:00"; over a clock change each end with its own offset,
    "02:30 UTC+02:00–02:00 UTC+01:00" (the detail pane, the Markdown agenda)."""
    if clocks_changed(start, end):
        return f"{start.strftime(start_format)} {offset_label(start)}–{_end_reading(start, end)} {offset_label(end)}"
    return f"{start.strftime(start_format)}–{end_clock(start, end)} {offset_label(start)}"


def offset_label(value: datetime) -> str:
    """"UTC-08:00" for the header of the time axis."""
    offset = value.utcoffset()
    return "" if offset is None else _long_offset(offset)


def _long_offset(offset: timedelta) -> str:
    sign, minutes = _signed_minutes(offset)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _signed_minutes(offset: timedelta) -> tuple[str, int]:
    """An offset as its sign and whole minutes: (-, 210) for UTC-03:30."""
    minutes = int(offset.total_seconds() // 60)
    return ("+" if minutes >= 0 else "-"), abs(minutes)


@dataclass(frozen=True, slots=True)
class DayOutline:
    """What laying out and filtering a day's events needs, by row: no titles or abstracts."""

    ids: list[str]
    kinds: list[Kind]
    starts: list[datetime]
    ends: list[datetime]
    rooms: list[str]
    tracks: list[str]
    sessions: list[str]
    # Whole-day events: the timeline shows them in a band above the hours.
    all_days: list[bool] = field(default_factory=list)
    # The day's first instant and the next day's (day_span), when the rows are one
    # conference day's: a row that starts before it continues from an earlier day, one
    # that ends after it goes on to a later one. None for any other list of events. Not
    # part of what the rows are (two outlines of the same rows are equal).
    span: tuple[datetime, datetime] | None = field(default=None, compare=False)

    @classmethod
    def of(cls, events: Sequence[Event]) -> DayOutline:
        """The outline of any events (the store's DayEvents has its own, read without them)."""
        outline = getattr(events, "outline", None)
        if isinstance(outline, DayOutline):
            return outline
        return cls([e.id for e in events], [e.kind for e in events], [e.start for e in events],
                   [e.end for e in events], [e.room for e in events], [e.track for e in events],
                   [e.session for e in events], [e.all_day for e in events])

    def is_all_day(self, row: int) -> bool:
        return bool(self.all_days) and self.all_days[row]

    def continues(self, row: int) -> bool:
        """Whether the event of ``row`` began on an earlier day (see span): a sprint on its
        third day, a whole-day event on its second date."""
        if self.span is None:
            return False
        if self.is_all_day(row):
            return self.starts[row].date() < self.span[0].date()
        return self.starts[row] < self.span[0]
