"""iCalendar times as the reader holds them, and repeating events expanded into occurrences.

planner.formats.ical reads each VEVENT's times into a Record (a date, or an aware
date-time, in its calendar's CalendarClock); Expander turns the records into Found
occurrences with recurring_ical_events: RRULE, RDATE, EXDATE and RECURRENCE-ID, within
the calendar's span and a bounded amount of work (see _Budget), so that a rule no day
matches cannot hang an import.
"""

from __future__ import annotations

import heapq
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, TypeVar, cast

import icalendar
from icalendar import Component
from icalendar.prop import vDDDLists, vDDDTypes
from recurring_ical_events import EventAdapter, Occurrence, Series

from planner.formats.common import UTC

# What the icalendar library raises on malformed input (it has no error class of its own).
ICAL_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError, OverflowError, AssertionError, OSError)


def first_value(value: object) -> object:
    """A property given twice arrives as a list: the first one counts."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


# -- how the reader holds times ------------------------------------------------------------


def is_utc(value: datetime) -> bool:
    zone = value.tzinfo
    return zone is UTC or getattr(zone, "key", "") in ("UTC", "Etc/UTC")


def instant(value: date | datetime) -> datetime:
    """Where a value lies on one time line, to order and compare: a date at UTC midnight."""
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return datetime.combine(value, time(), UTC)


def _same(one: date | datetime, other: date | datetime) -> bool:
    """The same occurrence: both dates or both date-times, at the same instant."""
    return isinstance(one, datetime) == isinstance(other, datetime) and instant(one) == instant(other)


def _same_clock(recurrence: date | datetime, start: date | datetime) -> bool:
    """A later occurrence of a series starting at ``start`` could be ``recurrence``."""
    if instant(recurrence) < instant(start):
        return False
    if isinstance(recurrence, datetime) and isinstance(start, datetime):
        return recurrence.astimezone(start.tzinfo).time() == start.time()
    return isinstance(recurrence, datetime) == isinstance(start, datetime)


def occurrence_text(value: date | datetime) -> str:
    """An occurrence in its id: its original start, as a date or as a UTC instant (so the
    id does not depend on the zone a RECURRENCE-ID or an EXDATE happens to be written in)."""
    return instant(value).isoformat() if isinstance(value, datetime) else value.isoformat()


@dataclass(slots=True)
class CalendarClock:
    """How the times of one VCALENDAR are read (a file may hold several, each its own)."""

    index: int
    # X-WR-TIMEZONE: floating times are in it.
    zone: tzinfo | None
    # Where whole days begin, and the clock UTC times are shown on: the zone above, else
    # the zone most of the calendar's TZIDs name, else nowhere in particular (UTC midnight,
    # marked floating).
    day_zone: tzinfo
    days_floating: bool

    def shown(self, value: date | datetime) -> datetime:
        """A start or end as the Event holds it; a date is its midnight, wall clock."""
        if not isinstance(value, datetime):
            return datetime.combine(value, time(), self.day_zone)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        if not self.days_floating and is_utc(value):
            # UTC is how calendars transmit instants, not the conference's clock: shown on
            # the calendar's own (its X-WR-TIMEZONE, else the zone its TZIDs name), as the
            # window shows it. Kept in UTC, `planner list` printed a 08:00Z talk as 08:00
            # beside the 10:00 Brussels talk at the same instant.
            return value.astimezone(self.day_zone)
        return value


@dataclass(slots=True)
class When:
    value: date | datetime  # a date, or an aware datetime
    floating: bool


@dataclass(slots=True, eq=False)
class Record:
    """One VEVENT with its times read: a date, or an aware datetime (UTC kept as UTC, so
    that a rule repeats in the zone it was written in)."""

    index: int
    uid: str
    label: str
    calendar: CalendarClock
    component: Component
    start: date | datetime
    end: date | datetime
    floating: bool
    # RECURRENCE-ID: the occurrence of its series this VEVENT replaces. A date-time
    # without a zone stays naive until its series' zone is known (Expander.occurrences).
    recurrence: date | datetime | None


@dataclass(slots=True)
class Found:
    """One occurrence: the VEVENT whose text it shows, its times and what identifies it."""

    record: Record
    start: date | datetime
    end: date | datetime
    # Its original start (RECURRENCE-ID), or None for an event's first occurrence and for
    # events that do not repeat: those keep the id the event has always had.
    recurrence: date | datetime | None
    master: Record


# -- repeating events ----------------------------------------------------------------------

# An endless rule is expanded within the span the calendar's other events cover, at most
# this long; every rule gives at most MAX_OCCURRENCES, the file MAX_TOTAL.
MAX_SPAN = timedelta(days=731)
MAX_OCCURRENCES = 500
MAX_TOTAL = 20_000
# Work, in Python calls (see _Budget): a rule with 500 occurrences takes about 30,000; one
# that matches no day is given up after 100,000 (0.15 s), and a file after 1,500,000.
SERIES_CALLS = 100_000
FILE_CALLS = 1_500_000
_MARGIN = timedelta(days=1)  # dates are placed at UTC midnight; zones are within a day of it
_TINY = timedelta(microseconds=1)


_T = TypeVar("_T")


class _OutOfWork(BaseException):
    """Stops an expansion that used up its share of work (a BaseException so that no
    ``except Exception`` inside the libraries swallows it)."""


class _Budget:
    """What repeating events may still cost, counted in Python function calls.

    dateutil cannot be told to stop looking: for a rule no day matches
    (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) it walks day by day to the year 9999 before it
    answers, seconds per rule, and a caller waiting for the next occurrence has no moment
    at which to give up. A profile hook counting the calls the expansion makes is that
    moment: past its share the expansion stops and the event keeps its first occurrence.
    Calls rather than seconds, so that a file reads the same on every machine.
    """

    def __init__(self, calls: int) -> None:
        self.left = calls

    def run(self, most: int, work: Callable[[], _T]) -> _T:
        """``work()``, stopped with _OutOfWork after ``most`` calls (fewer when the file's
        budget is nearly spent)."""
        limit = min(most, self.left)
        if limit <= 0:
            raise _OutOfWork
        if sys.getprofile() is not None:
            return work()  # someone is profiling this thread: theirs stays, nothing is cut short
        used = 0

        def count(frame: object, event: str, arg: object) -> None:
            nonlocal used
            if event == "call":
                used += 1
                if used > limit:
                    raise _OutOfWork

        sys.setprofile(count)
        try:
            return work()
        finally:
            sys.setprofile(None)
            self.left -= used


class _Adapter(EventAdapter):
    """A VEVENT as recurring_ical_events sees it, remembering the record it came from."""

    def __init__(self, component: Component, record: Record) -> None:
        super().__init__(component)
        self.record = record


class _Occurrence(Occurrence):
    def __init__(self, adapter: _Adapter, start: Any = None, end: Any = None, sequence: int = -1) -> None:
        super().__init__(adapter, start, end, sequence)
        self.record = adapter.record


class _Series(Series):
    """A series whose occurrences say which record they show."""

    def occurrence(self, adapter: Any, start: Any = None, end: Any = None) -> Occurrence:
        return _Occurrence(adapter, start, end, sequence=self.sequence)


def _rules(component: Component) -> list[Any]:
    value = component.get("RRULE")
    return [] if value is None else value if isinstance(value, list) else [value]


def _endless(component: Component) -> bool:
    """An RRULE with neither COUNT nor UNTIL (a broken one is left to fail later)."""
    return any(isinstance(rule, dict) and "COUNT" not in rule and "UNTIL" not in rule
               for rule in _rules(component))


def _repeats(component: Component) -> bool:
    return any(name in component for name in ("RRULE", "RDATE", "EXDATE"))


def _date_values(component: Component, name: str) -> list[Any]:
    """The values of RDATE or EXDATE: dates, date-times, or (start, end or duration)."""
    value = component.get(name)
    found: list[Any] = []
    for prop in [] if value is None else value if isinstance(value, list) else [value]:
        found.extend(item.dt for item in prop.dts)  # a broken value has no dts: AttributeError
    return found


def _in_zone(value: Any, zone: tzinfo | None) -> Any:
    """A date-time without a zone (or with an unknown TZID) in its series' zone."""
    if isinstance(value, tuple):
        return tuple(_in_zone(part, zone) for part in value)
    if isinstance(value, datetime) and value.tzinfo is None and zone is not None:
        return value.replace(tzinfo=zone)
    return value


def _original(override: Record) -> date | datetime:
    """The occurrence an override replaces (its RECURRENCE-ID; only overrides have one)."""
    assert override.recurrence is not None
    return override.recurrence


def _in_existing_zone(value: date | datetime, zone: tzinfo | None) -> date | datetime:
    """_in_zone, or UTC where the zone's offset would leave the years Planner can show."""
    if zone is not None:
        zoned = _in_zone(value, zone)
        try:
            instant(zoned)
            return cast("date | datetime", zoned)
        except OverflowError:
            pass
    return cast("date | datetime", _in_zone(value, UTC))


def _sequence(component: Component) -> int | None:
    try:
        return int(str(first_value(component.get("SEQUENCE"))))
    except (TypeError, ValueError):
        return None


def _library_events(master: Record, overrides: list[Record]) -> list[_Adapter]:
    """What recurring_ical_events needs of a series, with the times already read.

    Every series gets the same UID: each master is given alone with its overrides, so a
    file that reuses a UID for separate events keeps them all (the library would keep one).
    """
    source = master.component
    event = _library_event(master)
    if "RRULE" in source:
        event["RRULE"] = source["RRULE"]
    zone = master.start.tzinfo if isinstance(master.start, datetime) else None
    for name in ("RDATE", "EXDATE"):
        if name in source:
            event[name] = vDDDLists([_in_zone(v, zone) for v in _date_values(source, name)])
    adapters = [_Adapter(event, master)]
    for override in overrides:
        event = _library_event(override)
        recurrence = vDDDTypes(_original(override))
        given = first_value(override.component.get("RECURRENCE-ID"))
        if str(getattr(given, "params", {}).get("RANGE", "")).upper() == "THISANDFUTURE":
            recurrence.params["RANGE"] = "THISANDFUTURE"
        event["RECURRENCE-ID"] = recurrence
        adapters.append(_Adapter(event, override))
    return adapters


def _library_event(record: Record) -> icalendar.Event:
    event = icalendar.Event()
    event["UID"] = "series"
    event["DTSTART"] = vDDDTypes(record.start)
    event["DTEND"] = vDDDTypes(record.end)
    sequence = _sequence(record.component)
    if sequence is not None:  # which of two overrides of one occurrence is newer
        event["SEQUENCE"] = sequence
    return event


def _span(records: list[Record]) -> tuple[datetime, datetime] | None:
    """From the earliest to the latest start, end, RDATE and UNTIL of the events that end."""
    points: list[datetime] = []
    for record in records:
        if record.recurrence is None and _endless(record.component):
            continue
        points += [instant(record.start), instant(record.end)]
        try:
            for value in _date_values(record.component, "RDATE"):
                points.extend(instant(v) for v in (value if isinstance(value, tuple) else (value,))
                              if isinstance(v, date))
            for rule in _rules(record.component):
                points.extend(instant(v) for v in rule.get("UNTIL", []) if isinstance(v, date))
        except ICAL_ERRORS:
            continue  # a broken RDATE or RRULE: its series is not expanded (see Expander)
    if not points:
        return None
    low, high = min(points), max(points)
    try:
        low -= _MARGIN
    except OverflowError:
        pass
    try:
        high += _MARGIN
    except OverflowError:
        pass
    return low, high


class Expander:
    """The occurrences of a calendar's events, repeating ones worked out.

    recurring_ical_events expands them as RFC 5545 means them (RRULE, RDATE, EXDATE,
    RECURRENCE-ID, RANGE=THISANDFUTURE), given each series with its times already read
    as above (zones, unknown TZIDs floating). Limits keep hostile files cheap: an endless
    rule is expanded only within the span the calendar's other events cover, at most
    MAX_SPAN of it, besides its first occurrence; a rule gives at most MAX_OCCURRENCES,
    the file MAX_TOTAL; and the work is bounded by a _Budget. A series that fails or runs
    out shows what it would have shown before expansion existed: its own VEVENTs.
    """

    def __init__(self, records: list[Record]) -> None:
        self.span = _span(records)
        self.budget = _Budget(FILE_CALLS)
        self.total_left = MAX_TOTAL
        self.endless: list[str] = []
        self.capped: list[str] = []
        self.failed: list[str] = []

    def occurrences(self, records: list[Record]) -> list[Found]:
        groups: dict[tuple[int, str], list[Record]] = {}
        for record in records:
            groups.setdefault((record.calendar.index, record.uid or f"#{record.index}"), []).append(record)
        found: list[Found] = []
        for group in groups.values():
            masters = [r for r in group if r.recurrence is None]
            overrides: dict[Record, list[Record]] = {m: [] for m in masters}
            for record in group:
                if record.recurrence is None:
                    continue
                master = self.master_for(record, masters)
                if master is None:  # an override published without its series
                    record.recurrence = _in_existing_zone(record.recurrence, record.calendar.zone)
                    found.append(Found(record, record.start, record.end, record.recurrence, record))
                else:
                    record.recurrence = self.in_series(record.recurrence, master)
                    overrides[master].append(record)
            for master in masters:
                if overrides[master] or _repeats(master.component):
                    found += self.series(master, overrides[master])
                else:
                    found.append(Found(master, master.start, master.end, None, master))
        return found

    @staticmethod
    def in_series(recurrence: date | datetime, master: Record) -> date | datetime:
        """A RECURRENCE-ID without a zone names a time in its series' zone."""
        zone = master.start.tzinfo if isinstance(master.start, datetime) else master.calendar.zone
        return _in_existing_zone(recurrence, zone)

    def master_for(self, override: Record, masters: list[Record]) -> Record | None:
        """The series an override belongs to. When a file reuses a UID for separate
        events, the one it fits best: whose start it replaces, else a repeating one that
        starts earlier at the same time of day, else the first that repeats."""
        if len(masters) <= 1:
            return masters[0] if masters else None
        assert override.recurrence is not None
        repeating = [m for m in masters if "RRULE" in m.component or "RDATE" in m.component]
        for candidates, fits in ((masters, _same), (repeating, _same_clock)):
            for master in candidates:
                try:
                    if fits(self.in_series(override.recurrence, master), master.start):
                        return master
                except OverflowError:
                    continue
        return repeating[0] if repeating else None

    def series(self, master: Record, overrides: list[Record]) -> list[Found]:
        try:
            return self.budget.run(SERIES_CALLS, lambda: self.expand(master, overrides))
        except (_OutOfWork, *ICAL_ERRORS):
            self.failed.append(master.label)
        moved_first = any(_same(_original(o), master.start) for o in overrides)
        found = [] if moved_first else [Found(master, master.start, master.end, None, master)]
        return found + [self.override(o, master) for o in overrides]

    @staticmethod
    def override(record: Record, master: Record) -> Found:
        assert record.recurrence is not None
        first = _same(record.recurrence, master.start)
        return Found(record, record.start, record.end, None if first else record.recurrence, master)

    def expand(self, master: Record, overrides: list[Record]) -> list[Found]:
        series = _Series(_library_events(master, overrides))
        first = instant(master.start)
        cap = min(MAX_OCCURRENCES, self.total_left)
        begin: datetime | None = None
        end: datetime | None = None
        endless = _endless(master.component)
        if endless:
            low, high = self.span or (first, first + MAX_SPAN)
            begin = max(low, first)
            end = min(high, begin + MAX_SPAN)
        begin, stop, capped = self.window(series, begin, end, cap)
        if overrides and not capped:
            # Overrides may move occurrences (RANGE=THISANDFUTURE: all later ones) past
            # the rule's last start.
            later = max(instant(o.start) - instant(_original(o)) for o in overrides)
            stop = max(stop + max(later, timedelta(0)), *(instant(o.start) + _TINY for o in overrides))
        found = self.found(series.between(begin, stop) if begin < stop else (), master)
        if not any(f.recurrence is None for f in found):
            # The first occurrence, outside the span (or cut by the cap): it is where the
            # event used to be shown, and it keeps its id and its star.
            found += [f for f in self.found(series.between(first, first), master) if f.recurrence is None]
        if endless:
            self.endless.append(master.label)
        if capped:
            self.capped.append(master.label)
        self.total_left -= len(found)
        return found

    @staticmethod
    def window(series: Series, begin: datetime | None, end: datetime | None,
               cap: int) -> tuple[datetime, datetime, bool]:
        """From ``begin`` (None: the series' first start) to just past ``end`` (None: its
        last), ended early before the start after the first ``cap``; and whether it was."""
        count = 0
        last: datetime | None = None
        # The rule's starts, lazily: the library would list them all at once. DTSTART
        # comes twice (from the rule and as the series' own start).
        for value in heapq.merge(*series.recurrence.rrules):
            at = instant(value)
            begin = at if begin is None else begin
            if end is not None and at > end:
                break
            if at < begin or at == last:
                continue
            count += 1
            if count > cap:
                return begin, at, True
            last = at
        if begin is None:
            raise ValueError("the series has no start")
        stop = end if end is not None else last if last is not None else begin
        return begin, stop + _TINY, False

    @staticmethod
    def found(occurrences: Iterable[Any], master: Record) -> list[Found]:
        found: list[Found] = []
        for occurrence in occurrences:
            record: Record = occurrence.record
            if record is master:
                original = occurrence.start
            elif occurrence.start == record.start and occurrence.end == record.end:
                original = record.recurrence  # the override itself
            else:  # a later one, moved by a RANGE=THISANDFUTURE override as much as itself
                # date - date or datetime - datetime: a record's times are of one kind
                original = occurrence.start - (cast(Any, record.start) - _original(record))
            calendar = record.calendar
            instant(calendar.shown(occurrence.start)), instant(calendar.shown(occurrence.end))  # OverflowError
            recurrence = None if _same(original, master.start) else original
            found.append(Found(record, occurrence.start, occurrence.end, recurrence, master))
        return found
