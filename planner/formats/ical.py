"""iCalendar (.ics) schedules, read with the icalendar library.

What real conference calendars do, and how each is read:
- several VCALENDARs in one file: the VEVENTs of all of them, each calendar's times read
  with its own X-WR-TIMEZONE;
- TZID with a VTIMEZONE block (icalendar builds the zone), without one (the TZID is
  looked up as an IANA name; Windows names are mapped by icalendar), or unknown (the
  time is treated as floating);
- floating times: in the calendar's X-WR-TIMEZONE when it names a zone, else the
  wall-clock time is kept (held as UTC), the event is marked floating and Schedule.notes
  says so;
- all-day and multi-day events (DTSTART;VALUE=DATE): whole days from midnight to
  midnight, wall clock, in the calendar's zone (its X-WR-TIMEZONE, else the zone most of
  its TZIDs name, else floating); a missing DTEND means DURATION, else one day for
  all-day events and zero length for timed ones (RFC 5545 3.6.1);
- repeating events (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides): one event per
  occurrence, worked out by recurring_ical_events; endless rules only within the span the
  calendar's other events cover (see _Expander);
- STATUS:CANCELLED, on an event or on one occurrence: kept, marked cancelled;
- folded lines, including folds that split a multi-byte UTF-8 character: the file is
  unfolded byte-wise before decoding, which is how RFC 5545 defines folding;
- duplicate UIDs (seen in published files): every VEVENT stays an event of its own.
"""

from __future__ import annotations

import heapq
import re
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import PurePath
from typing import Any, TypeVar

import icalendar
from icalendar import Calendar, Component
from icalendar.prop import vDDDLists, vDDDTypes
from recurring_ical_events import EventAdapter, Occurrence, Series

from planner.domain.errors import ScheduleError
from planner.domain.model import Event, Kind, Schedule
from planner.domain.queries import fold
from planner.formats.common import (
    NO_ZONE,
    UTC,
    IdMaker,
    add_duration,
    kind_for,
    kind_from_type,
    quote,
    schedule_key,
    sessions_for,
    sorted_events,
    unique,
    zone_named,
)

FORMAT = "ical"
# What names a calendar, best first.
_NAME_PROPERTIES = ("X-WR-CALNAME", "NAME", "X-WR-RELCALID", "X-WR-CALDESC")
PREFIX = "ic"

# RFC 5545 3.1: a line break followed by one space or tab is a fold, defined on octets.
# Blank lines before a continuation occur in the wild (Mozilla exports) and icalendar
# treats them as part of the fold, so this does too. The pattern always matches a whole
# run of line breaks (the optional blank decides what it was), which keeps it linear:
# "(\r?\n)+[ \t]", icalendar's own, retries every position of a long run of blank lines
# and takes seconds on a few kilobytes of them.
_BREAKS = re.compile(rb"(?:\r?\n)+([ \t]?)")
_BEGIN_VEVENT = re.compile(rb"^BEGIN:VEVENT\s*$", re.IGNORECASE | re.MULTILINE)
# Calendars nest three deep (VCALENDAR > VEVENT > VALARM, or VTIMEZONE > STANDARD).
MAX_DEPTH = 20
_BEGIN_END = re.compile(rb"^(BEGIN|END):", re.IGNORECASE | re.MULTILINE)
_TOO_DEEP = "the calendar is nested or self-referencing too deeply to read"
_ICAL_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError, OverflowError, AssertionError, OSError)


def parse(data: bytes, source: str = "") -> Schedule:
    """Parse an .ics file. Raises ScheduleError naming ``source`` and the line."""
    unfolded = _BREAKS.sub(_unfold_one, data)
    text = _decode(data, unfolded, source)
    _check_depth(data, unfolded, source)
    lines = _vevent_lines(data)
    # icalendar warns (UserWarning) when it guesses a vendor TZID; that is an answer, not
    # a fault. Deprecations still surface.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            components = Calendar.from_ical(text, multiple=True)
        except RecursionError:
            raise ScheduleError(_TOO_DEEP, source=source) from None
        except OSError:
            # icalendar looks TZIDs up as files: "America" is a folder, a long one too long.
            raise ScheduleError(
                "not a valid iCalendar file: a TZID is not a time zone name", source=source
            ) from None
        except _ICAL_ERRORS as exc:
            raise ScheduleError(f"not a valid iCalendar file: {_reason(exc)}", source=source) from None
        try:
            return _Reader(source, lines).read(components)
        except RecursionError:
            raise ScheduleError(_TOO_DEEP, source=source) from None


def _vevent_lines(data: bytes) -> list[int]:
    """The line of each BEGIN:VEVENT, counting newlines once (not from the start each time:
    that was quadratic, 70 s for an 8 MB calendar)."""
    lines: list[int] = []
    line, offset = 1, 0
    for match in _BEGIN_VEVENT.finditer(data):
        line += data.count(b"\n", offset, match.start())
        offset = match.start()
        lines.append(line)
    return lines


def _check_depth(data: bytes, unfolded: bytes, source: str) -> None:
    """Refuse absurd nesting before icalendar spends seconds building it."""
    depth = 0
    for match in _BEGIN_END.finditer(unfolded):
        if match.group(1).upper() == b"BEGIN":
            depth += 1
            if depth > MAX_DEPTH:
                raise ScheduleError(
                    f"components nest more than {MAX_DEPTH} deep; no calendar does that",
                    source=source,
                    line=data.count(b"\n", 0, _original_offset(data, match.start())) + 1,
                )
        else:
            depth -= 1


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"


def _unfold_one(match: re.Match[bytes]) -> bytes:
    """A fold disappears; any other run of line breaks becomes one (blank lines go)."""
    return b"" if match.group(1) else b"\r\n"


def _decode(data: bytes, unfolded: bytes, source: str) -> str:
    """Decode the byte-wise unfolded file; an invalid byte is reported with its line."""
    try:
        return unfolded.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = _original_offset(data, exc.start)
        line = data.count(b"\n", 0, offset) + 1
        raise ScheduleError(f"not UTF-8 text (byte {offset} is invalid)", source=source, line=line) from None


def _original_offset(data: bytes, unfolded_offset: int) -> int:
    """Where byte ``unfolded_offset`` of the unfolded text sits in the original file."""
    shift = 0
    for match in _BREAKS.finditer(data):
        if match.start() - shift > unfolded_offset:
            break
        shift += match.end() - match.start() - len(_unfold_one(match))
    return unfolded_offset + shift


def _first(value: object) -> object:
    """A property given twice arrives as a list: the first one counts."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _text(component: Component, name: str) -> str:
    value = _first(component.get(name))
    if value is None:
        return ""
    try:
        return str(value)
    except _ICAL_ERRORS:
        return ""


def _categories(component: Component) -> list[str]:
    value = component.get("CATEGORIES")
    found: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if item is None:
            continue
        cats = getattr(item, "cats", None)
        if isinstance(cats, list):
            found.extend(str(c) for c in cats)
        else:
            found.append(str(item))
    return [c.strip() for c in found if str(c).strip()]


def _names(component: Component) -> list[str]:
    """Speakers: the attendees' CN, else the organizer's (camp schedules put them there)."""
    names: list[str] = []
    attendees = component.get("ATTENDEE")
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        if attendee is not None:
            names.append(str(getattr(attendee, "params", {}).get("CN", "")))
    if not any(n.strip() for n in names):
        organizer = _first(component.get("ORGANIZER"))
        if organizer is not None:
            names.append(str(getattr(organizer, "params", {}).get("CN", "")))
    return names




# -- how the reader holds times ------------------------------------------------------------


def _is_utc(value: datetime) -> bool:
    zone = value.tzinfo
    return zone is UTC or getattr(zone, "key", "") in ("UTC", "Etc/UTC")


def _instant(value: date | datetime) -> datetime:
    """Where a value lies on one time line, to order and compare: a date at UTC midnight."""
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return datetime.combine(value, time(), UTC)


def _same(one: date | datetime, other: date | datetime) -> bool:
    """The same occurrence: both dates or both date-times, at the same instant."""
    return isinstance(one, datetime) == isinstance(other, datetime) and _instant(one) == _instant(other)


def _same_clock(recurrence: date | datetime, start: date | datetime) -> bool:
    """A later occurrence of a series starting at ``start`` could be ``recurrence``."""
    if _instant(recurrence) < _instant(start):
        return False
    if isinstance(recurrence, datetime) and isinstance(start, datetime):
        return recurrence.astimezone(start.tzinfo).time() == start.time()
    return isinstance(recurrence, datetime) == isinstance(start, datetime)


def _occurrence_text(value: date | datetime) -> str:
    """An occurrence in its id: its original start, as a date or as a UTC instant (so the
    id does not depend on the zone a RECURRENCE-ID or an EXDATE happens to be written in)."""
    return _instant(value).isoformat() if isinstance(value, datetime) else value.isoformat()


@dataclass(slots=True)
class _Calendar:
    """How the times of one VCALENDAR are read (a file may hold several, each its own)."""

    index: int
    # X-WR-TIMEZONE: floating times are in it, UTC times are shown in it.
    zone: tzinfo | None
    # Where whole days begin: the zone above, else the zone most of the calendar's TZIDs
    # name, else nowhere in particular (UTC midnight, marked floating).
    day_zone: tzinfo
    days_floating: bool

    def shown(self, value: date | datetime) -> datetime:
        """A start or end as the Event holds it; a date is its midnight, wall clock."""
        if not isinstance(value, datetime):
            return datetime.combine(value, time(), self.day_zone)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        if self.zone is not None and _is_utc(value):
            # UTC is how calendars transmit instants, not the conference's clock.
            return value.astimezone(self.zone)
        return value


@dataclass(slots=True)
class _When:
    value: date | datetime  # a date, or an aware datetime
    floating: bool


@dataclass(slots=True, eq=False)
class _Record:
    """One VEVENT with its times read: a date, or an aware datetime (UTC kept as UTC, so
    that a rule repeats in the zone it was written in)."""

    index: int
    uid: str
    label: str
    calendar: _Calendar
    component: Component
    start: date | datetime
    end: date | datetime
    floating: bool
    # RECURRENCE-ID: the occurrence of its series this VEVENT replaces. A date-time
    # without a zone stays naive until its series' zone is known (_Expander.occurrences).
    recurrence: date | datetime | None


@dataclass(slots=True)
class _Found:
    """One occurrence: the VEVENT whose text it shows, its times and what identifies it."""

    record: _Record
    start: date | datetime
    end: date | datetime
    # Its original start (RECURRENCE-ID), or None for an event's first occurrence and for
    # events that do not repeat: those keep the id the event has always had.
    recurrence: date | datetime | None
    master: _Record


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

    def __init__(self, component: Component, record: _Record) -> None:
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


def _in_existing_zone(value: date | datetime, zone: tzinfo | None) -> date | datetime:
    """_in_zone, or UTC where the zone's offset would leave the years Planner can show."""
    if zone is not None:
        zoned = _in_zone(value, zone)
        try:
            _instant(zoned)
            return zoned
        except OverflowError:
            pass
    return _in_zone(value, UTC)


def _sequence(component: Component) -> int | None:
    try:
        return int(str(_first(component.get("SEQUENCE"))))
    except (TypeError, ValueError):
        return None


def _library_events(master: _Record, overrides: list[_Record]) -> list[_Adapter]:
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
        recurrence = vDDDTypes(override.recurrence)
        given = _first(override.component.get("RECURRENCE-ID"))
        if str(getattr(given, "params", {}).get("RANGE", "")).upper() == "THISANDFUTURE":
            recurrence.params["RANGE"] = "THISANDFUTURE"
        event["RECURRENCE-ID"] = recurrence
        adapters.append(_Adapter(event, override))
    return adapters


def _library_event(record: _Record) -> icalendar.Event:
    event = icalendar.Event()
    event["UID"] = "series"
    event["DTSTART"] = vDDDTypes(record.start)
    event["DTEND"] = vDDDTypes(record.end)
    sequence = _sequence(record.component)
    if sequence is not None:  # which of two overrides of one occurrence is newer
        event["SEQUENCE"] = sequence
    return event


def _span(records: list[_Record]) -> tuple[datetime, datetime] | None:
    """From the earliest to the latest start, end, RDATE and UNTIL of the events that end."""
    points: list[datetime] = []
    for record in records:
        if record.recurrence is None and _endless(record.component):
            continue
        points += [_instant(record.start), _instant(record.end)]
        try:
            for value in _date_values(record.component, "RDATE"):
                points.extend(_instant(v) for v in (value if isinstance(value, tuple) else (value,))
                              if isinstance(v, date))
            for rule in _rules(record.component):
                points.extend(_instant(v) for v in rule.get("UNTIL", []) if isinstance(v, date))
        except _ICAL_ERRORS:
            continue  # a broken RDATE or RRULE: its series is not expanded (see _Expander)
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


class _Expander:
    """The occurrences of a calendar's events, repeating ones worked out.

    recurring_ical_events expands them as RFC 5545 means them (RRULE, RDATE, EXDATE,
    RECURRENCE-ID, RANGE=THISANDFUTURE), given each series with its times already read
    as above (zones, unknown TZIDs floating). Limits keep hostile files cheap: an endless
    rule is expanded only within the span the calendar's other events cover, at most
    MAX_SPAN of it, besides its first occurrence; a rule gives at most MAX_OCCURRENCES,
    the file MAX_TOTAL; and the work is bounded by a _Budget. A series that fails or runs
    out shows what it would have shown before expansion existed: its own VEVENTs.
    """

    def __init__(self, records: list[_Record]) -> None:
        self.span = _span(records)
        self.budget = _Budget(FILE_CALLS)
        self.total_left = MAX_TOTAL
        self.endless: list[str] = []
        self.capped: list[str] = []
        self.failed: list[str] = []

    def occurrences(self, records: list[_Record]) -> list[_Found]:
        groups: dict[tuple[int, str], list[_Record]] = {}
        for record in records:
            groups.setdefault((record.calendar.index, record.uid or f"#{record.index}"), []).append(record)
        found: list[_Found] = []
        for group in groups.values():
            masters = [r for r in group if r.recurrence is None]
            overrides: dict[_Record, list[_Record]] = {m: [] for m in masters}
            for record in group:
                if record.recurrence is None:
                    continue
                master = self.master_for(record, masters)
                if master is None:  # an override published without its series
                    record.recurrence = _in_existing_zone(record.recurrence, record.calendar.zone)
                    found.append(_Found(record, record.start, record.end, record.recurrence, record))
                else:
                    record.recurrence = self.in_series(record.recurrence, master)
                    overrides[master].append(record)
            for master in masters:
                if overrides[master] or _repeats(master.component):
                    found += self.series(master, overrides[master])
                else:
                    found.append(_Found(master, master.start, master.end, None, master))
        return found

    @staticmethod
    def in_series(recurrence: date | datetime, master: _Record) -> date | datetime:
        """A RECURRENCE-ID without a zone names a time in its series' zone."""
        zone = master.start.tzinfo if isinstance(master.start, datetime) else master.calendar.zone
        return _in_existing_zone(recurrence, zone)

    def master_for(self, override: _Record, masters: list[_Record]) -> _Record | None:
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

    def series(self, master: _Record, overrides: list[_Record]) -> list[_Found]:
        try:
            return self.budget.run(SERIES_CALLS, lambda: self.expand(master, overrides))
        except (_OutOfWork, *_ICAL_ERRORS):
            self.failed.append(master.label)
        moved_first = any(_same(o.recurrence, master.start) for o in overrides)
        found = [] if moved_first else [_Found(master, master.start, master.end, None, master)]
        return found + [self.override(o, master) for o in overrides]

    @staticmethod
    def override(record: _Record, master: _Record) -> _Found:
        assert record.recurrence is not None
        first = _same(record.recurrence, master.start)
        return _Found(record, record.start, record.end, None if first else record.recurrence, master)

    def expand(self, master: _Record, overrides: list[_Record]) -> list[_Found]:
        series = _Series(_library_events(master, overrides))
        first = _instant(master.start)
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
            later = max(_instant(o.start) - _instant(o.recurrence) for o in overrides)
            stop = max(stop + max(later, timedelta(0)), *(_instant(o.start) + _TINY for o in overrides))
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
            at = _instant(value)
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
    def found(occurrences: Iterable[Any], master: _Record) -> list[_Found]:
        found: list[_Found] = []
        for occurrence in occurrences:
            record: _Record = occurrence.record
            if record is master:
                original = occurrence.start
            elif occurrence.start == record.start and occurrence.end == record.end:
                original = record.recurrence  # the override itself
            else:  # a later one, moved by a RANGE=THISANDFUTURE override as much as itself
                original = occurrence.start - (record.start - record.recurrence)
            calendar = record.calendar
            _instant(calendar.shown(occurrence.start)), _instant(calendar.shown(occurrence.end))  # OverflowError
            recurrence = None if _same(original, master.start) else original
            found.append(_Found(record, occurrence.start, occurrence.end, recurrence, master))
        return found


# -- the reader ----------------------------------------------------------------------------

# Version numbers in PRODID change with every release of the generator, not the calendar.
_VERSION = re.compile(r"\s*\bv?\d+(?:\.\d+)+\b\s*", re.IGNORECASE)


class _Reader:
    def __init__(self, source: str, lines: list[int]) -> None:
        self.source = source
        self.lines = lines
        self.floating = 0
        self.unknown_zones: Counter[str] = Counter()
        self.skipped: list[str] = []
        self.zone_names: Counter[str] = Counter()  # IANA names, for Schedule.timezone

    def read(self, components: Iterable[Component]) -> Schedule:
        calendars = [c for c in components if c.name == "VCALENDAR"]
        if not calendars:
            raise ScheduleError("not an iCalendar file: no BEGIN:VCALENDAR ... END:VCALENDAR", source=self.source)
        props = self.calendar_properties(calendars)
        contexts = [self.calendar(index, cal) for index, cal in enumerate(calendars)]
        vevents = [(context, sub) for context, cal in zip(contexts, calendars)
                   for sub in cal.subcomponents if sub.name == "VEVENT"]
        line_of = self.lines if len(self.lines) == len(vevents) else []
        records: list[_Record] = []
        for index, (context, component) in enumerate(vevents):
            line = line_of[index] if line_of else None
            try:
                record = self.record(index, context, component, line)
            except OverflowError:  # year 1 or 9999 plus an offset or a duration
                raise self.error(line, "an event's time is outside the years Planner can show") from None
            if record is not None:
                records.append(record)
        if not records:
            raise ScheduleError("the calendar has no events (VEVENT with a DTSTART)", source=self.source)
        key = self.key(props, records)
        expander = _Expander(records)
        found = expander.occurrences(records)
        if not found:
            raise ScheduleError("the calendar has no events: EXDATE excludes every occurrence", source=self.source)
        events = self.events(found, records, key)
        title = (props["X-WR-CALNAME"] or props["NAME"] or props["X-WR-CALDESC"]
                 or (PurePath(self.source).stem if self.source else "") or "Calendar")
        timezone = ""
        if zone_named(props["X-WR-TIMEZONE"]) is not None:
            timezone = props["X-WR-TIMEZONE"].strip()
        elif len(self.zone_names) == 1:
            timezone = next(iter(self.zone_names))
        return Schedule(
            key=key,
            title=" ".join(title.split()),
            events=events,
            sessions=sessions_for(events),
            source=self.source,
            format=FORMAT,
            timezone=timezone,
            notes=tuple(self.notes(expander)),
            # Without a name the key is made up (see key()): the library then knows an
            # update by the talks it shares with a schedule it holds.
            named=any(props[name] for name in _NAME_PROPERTIES),
        )

    def calendar_properties(self, calendars: list[Component]) -> dict[str, str]:
        """Calendar-level names, from the first VCALENDAR that has each."""
        props: dict[str, str] = {}
        for name in ("X-WR-CALNAME", "NAME", "X-WR-CALDESC", "X-WR-RELCALID", "X-WR-TIMEZONE", "PRODID"):
            props[name] = next((v for v in (_text(c, name).strip() for c in calendars) if v), "")
        return props

    def calendar(self, index: int, calendar: Component) -> _Calendar:
        """How one VCALENDAR's times are read: its own X-WR-TIMEZONE, and where its days begin."""
        named = _text(calendar, "X-WR-TIMEZONE").strip()
        zone = zone_named(named) if named else None
        used: Counter[str] = Counter()
        zones: dict[str, tzinfo] = {}
        for sub in calendar.subcomponents:
            if sub.name == "VEVENT":
                for name in ("DTSTART", "DTEND"):
                    found = self.zone_of(_first(sub.get(name)))
                    if found is not None:
                        used[found[0]] += 1
                        zones.setdefault(*found)
        if zone is not None:
            return _Calendar(index, zone, zone, days_floating=False)
        if used:
            name = min(used, key=lambda n: (-used[n], n))  # the most used; a tie by name, not order
            return _Calendar(index, None, zones[name], days_floating=False)
        return _Calendar(index, None, UTC, days_floating=True)

    def zone_of(self, prop: Any) -> tuple[str, tzinfo] | None:
        """The zone a DTSTART or DTEND names (not UTC), and its name."""
        if prop is None:
            return None
        try:
            value = prop.dt
        except _ICAL_ERRORS:
            return None  # reported with its line when the event is read
        if not isinstance(value, datetime):
            return None
        tzid = str(getattr(prop, "params", {}).get("TZID", "") or "").strip().strip('"')
        if value.tzinfo is not None:
            if _is_utc(value):
                return None
            key = getattr(value.tzinfo, "key", "")
            if isinstance(key, str) and key:
                self.zone_names[key] += 1
            return (key if isinstance(key, str) and key else tzid or repr(value.tzinfo)), value.tzinfo
        zone = zone_named(tzid) if tzid else None
        if zone is None:
            return None
        self.zone_names[tzid] += 1
        return tzid, zone

    def key(self, props: dict[str, str], records: list[_Record]) -> str:
        """What identifies this calendar across versions of the file.

        The calendar's own name when it has one. Without one, traits that adding,
        removing, moving or reordering events leaves alone: its generator (PRODID, version
        numbers dropped: Google's "Calendar 70.9054" changes under the same calendar), the
        domain at least half of its UIDs share ("@lca2020.linux.org.au"), and the year most
        events start in, which tells one edition of a conference from the next when the
        same software published both. The smallest UID, used before, changed whenever an
        update added an event whose UID sorts first, and the update became a second
        schedule. A file with neither PRODID nor UID domain has no identity of its own;
        its file name stands in (the library also recognises an update by the events it
        shares with a schedule it holds).
        """
        for name in _NAME_PROPERTIES:
            if props[name]:
                return schedule_key(FORMAT, props[name])
        traits = [t for t in (_VERSION.sub("", props["PRODID"]).strip(), _main_domain(records)) if t]
        if not traits:
            traits = [PurePath(self.source).stem if self.source else "calendar"]
        years = Counter(r.start.year for r in records)
        year = min(years, key=lambda y: (-years[y], y))
        return schedule_key(FORMAT, f"{' '.join(traits)} {year}")

    def error(self, line: int | None, message: str) -> ScheduleError:
        return ScheduleError(message, source=self.source, line=line)

    def record(self, index: int, calendar: _Calendar, component: Component, line: int | None) -> _Record | None:
        uid = _text(component, "UID").strip()
        summary = _text(component, "SUMMARY").strip()
        label = f"event {quote(summary)}" if summary else (f"event UID {quote(uid)}" if uid else "an event")
        dtstart = _first(component.get("DTSTART"))
        if dtstart is None:
            where = f" (line {line})" if line else ""
            self.skipped.append(f"{label}{where}")
            return None
        start = self.when(dtstart, label, "DTSTART", line, calendar)
        end: date | datetime
        if isinstance(start.value, datetime):
            end = self.timed_end(component, start.value, label, line, calendar)
        else:
            end = self.last_day(component, start.value, label, line)
        # Both must exist as instants (year 1 at +05:00 does not): sorting compares in UTC.
        _instant(calendar.shown(start.value)), _instant(calendar.shown(end))
        recurrence: date | datetime | None = None
        recurrence_id = _first(component.get("RECURRENCE-ID"))
        if recurrence_id is not None:
            recurrence = self.recurrence(recurrence_id, label, line)
        return _Record(index, uid, label, calendar, component, start.value, end, start.floating, recurrence)

    def timed_end(self, component: Component, start: datetime, label: str, line: int | None,
                  calendar: _Calendar) -> datetime:
        dtend = _first(component.get("DTEND"))
        duration = _first(component.get("DURATION"))
        if dtend is not None:
            value = self.when(dtend, label, "DTEND", line, calendar).value
            end = value if isinstance(value, datetime) else datetime.combine(value, time(), start.tzinfo)
        elif duration is not None:
            end = add_duration(start, self.duration(duration, label, line))
        else:
            end = start
        return start if end < start else end  # a DTEND before DTSTART: kept, zero length

    def last_day(self, component: Component, start: date, label: str, line: int | None) -> date:
        """The day after an all-day event's last day (DTEND is exclusive); at least one day."""
        dtend = _first(component.get("DTEND"))
        duration = _first(component.get("DURATION"))
        end = start
        if dtend is not None:
            value = self.value(dtend, label, "DTEND", line)
            if isinstance(value, datetime):  # a time on a day event: the day it falls in counts
                end = value.date() + (timedelta(days=1) if value.time() != time() else timedelta(0))
            elif isinstance(value, date):
                end = value
            else:
                raise self.error(line, f"{label}: DTEND is not a date or a date-time")
        elif duration is not None:
            delta = self.duration(duration, label, line)
            end = start + timedelta(days=delta.days + (1 if delta.seconds or delta.microseconds else 0))
        return max(end, start + timedelta(days=1))

    def duration(self, prop: Any, label: str, line: int | None) -> timedelta:
        delta = self.value(prop, label, "DURATION", line)
        if not isinstance(delta, timedelta):
            raise self.error(line, f"{label}: DURATION is not a duration like PT1H30M")
        return max(delta, timedelta(0))

    def recurrence(self, prop: Any, label: str, line: int | None) -> date | datetime:
        """A RECURRENCE-ID; one without a zone is read in its series' zone later."""
        value = self.value(prop, label, "RECURRENCE-ID", line)
        if isinstance(value, datetime) and value.tzinfo is None:
            tzid = str(getattr(prop, "params", {}).get("TZID", "") or "")
            zone = zone_named(tzid) if tzid else None
            if zone is not None:
                value = value.replace(tzinfo=zone)
            elif tzid:
                self.unknown_zones[tzid] += 1
        elif not isinstance(value, date):
            raise self.error(line, f"{label}: RECURRENCE-ID is not a date or a date-time")
        _instant(value)  # OverflowError at the ends of the calendar
        return value

    def value(self, prop: Any, label: str, name: str, line: int | None) -> object:
        try:
            return prop.dt
        except _ICAL_ERRORS as exc:
            raise self.error(line, f"{label}: {name} cannot be read: {_reason(exc)}") from None

    def when(self, prop: Any, label: str, name: str, line: int | None, calendar: _Calendar) -> _When:
        """A DTSTART/DTEND value: a date, or an aware datetime, and whether it floats."""
        value = self.value(prop, label, name, line)
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                return _When(value, floating=False)
            tzid = str(getattr(prop, "params", {}).get("TZID", "") or "")
            if tzid:
                zone = zone_named(tzid)
                if zone is not None:
                    return _When(value.replace(tzinfo=zone), floating=False)
                self.unknown_zones[tzid] += 1
            if calendar.zone is not None:
                return _When(value.replace(tzinfo=calendar.zone), floating=False)
            self.floating += 1
            return _When(value.replace(tzinfo=UTC), floating=True)
        if isinstance(value, date):
            return _When(value, floating=calendar.days_floating)
        raise self.error(line, f"{label}: {name} is not a date or a date-time")

    def events(self, found: list[_Found], records: list[_Record], key: str) -> tuple[Event, ...]:
        uid_counts = Counter(r.uid for r in records if r.recurrence is None)
        ids = IdMaker(PREFIX)
        events: list[Event] = []
        shown = [(f, f.record.calendar.shown(f.start), f.record.calendar.shown(f.end)) for f in found]
        # Ids are handed out in start order so that, among events sharing a UID and a
        # title, the occurrence number follows time rather than position in the file.
        shown.sort(key=lambda item: (_instant(item[1]), item[0].record.index,
                                     "" if item[0].recurrence is None else _occurrence_text(item[0].recurrence)))
        for item, start, end in shown:
            record, component = item.record, item.record.component
            summary = _text(component, "SUMMARY").strip()
            if item.recurrence is not None:
                identity: tuple[str, ...] = (key, record.uid, "recurrence", _occurrence_text(item.recurrence))
            elif item.master.uid and uid_counts[item.master.uid] == 1:
                identity = (key, item.master.uid)
            else:
                title = _text(item.master.component, "SUMMARY")
                identity = (key, item.master.uid, "summary", " ".join(fold(title).split()))
            all_day = not isinstance(item.start, datetime)
            categories = _categories(component)
            room = " ".join(_text(component, "LOCATION").split())
            track = categories[0] if categories else ""
            if categories:
                kind = kind_for(" ".join(categories), summary)
            else:
                # No type field in iCalendar: the title is the only hint ("Poster
                # session", "Lunch"); other timed entries in a conference calendar are talks.
                kind = kind_from_type(summary)
                if kind is Kind.OTHER and not all_day:
                    kind = Kind.TALK
            events.append(
                Event(
                    id=ids.make(*identity),
                    kind=kind,
                    number=None,
                    title=summary,
                    authors=unique(_names(component)),
                    abstract=_text(component, "DESCRIPTION").strip(),
                    start=start,
                    end=max(start, end),
                    session=track or room,
                    room=room,
                    track=track,
                    url=_text(component, "URL").strip(),
                    schedule=key,
                    all_day=all_day,
                    floating=record.calendar.days_floating if all_day else record.floating,
                    cancelled=_text(component, "STATUS").strip().upper() == "CANCELLED",
                )
            )
        return sorted_events(events)

    def notes(self, expander: _Expander) -> list[str]:
        notes: list[str] = []
        if self.floating:
            notes.append(
                f"{self.floating} time(s) {NO_ZONE} (floating): they are the published "
                "wall-clock times, not converted to your zone."
            )
        for name, count in sorted(self.unknown_zones.items()):
            notes.append(f"The time zone {name!r} is unknown ({count} time(s)); those times are taken as floating.")
        if expander.endless:
            notes.append(
                f"{len(expander.endless)} event(s) repeat without end ({_listed(expander.endless)}): besides "
                "the first, only the occurrences within the dates the calendar's other events cover are shown."
            )
        if expander.capped:
            notes.append(
                f"{len(expander.capped)} event(s) repeat too often to show every time "
                f"({_listed(expander.capped)}): only the first {MAX_OCCURRENCES} of each "
                f"(and {MAX_TOTAL:,} in all) are shown."
            )
        if expander.failed:
            notes.append(
                f"The repetitions of {len(expander.failed)} event(s) could not be worked out "
                f"({_listed(expander.failed)}): only the first occurrence is shown."
            )
        if self.skipped:
            notes.append(
                f"{len(self.skipped)} event(s) without a start (DTSTART) were left out: {_listed(self.skipped)}"
            )
        return notes


def _listed(labels: list[str]) -> str:
    return ", ".join(labels[:3]) + (" ..." if len(labels) > 3 else "")


def _main_domain(records: list[_Record]) -> str:
    """The domain at least half of the calendar's UIDs end in ("uid@domain"), or ""."""
    uids = {r.uid for r in records if r.uid}
    domains = Counter(u.rpartition("@")[2].strip().casefold() for u in uids if "@" in u)
    domains.pop("", None)
    if not domains:
        return ""
    name = min(domains, key=lambda d: (-domains[d], d))
    return f"@{name}" if 2 * domains[name] >= len(uids) else ""
