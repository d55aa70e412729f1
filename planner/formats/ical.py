"""iCalendar (.ics) schedules, read with the icalendar library.

What real conference calendars do, and how each is read:
- several VCALENDARs in one file: the VEVENTs of all of them;
- TZID with a VTIMEZONE block (icalendar builds the zone), without one (the TZID is
  looked up as an IANA name; Windows names are mapped by icalendar), or unknown (the
  time is treated as floating);
- floating times: in the calendar's X-WR-TIMEZONE when it names a zone, else the
  wall-clock time is kept (held as UTC) and Schedule.notes says so;
- all-day and multi-day events; a missing DTEND means DURATION, else one day for
  all-day events and zero length for timed ones (RFC 5545 3.6.1);
- folded lines, including folds that split a multi-byte UTF-8 character: the file is
  unfolded byte-wise before decoding, which is how RFC 5545 defines folding;
- duplicate UIDs (seen in published files): every VEVENT stays an event of its own.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import PurePath
from typing import Any

from icalendar import Calendar, Component

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


@dataclass(slots=True)
class _When:
    value: datetime
    all_day: bool


@dataclass(slots=True)
class _Record:
    index: int
    uid: str
    recurrence: str
    start: datetime
    end: datetime
    all_day: bool
    component: Component


class _Reader:
    def __init__(self, source: str, lines: list[int]) -> None:
        self.source = source
        self.lines = lines
        self.zone: tzinfo | None = None
        self.floating = 0
        self.unknown_zones: Counter[str] = Counter()
        self.repeating = 0
        self.skipped: list[str] = []
        self.zone_names: Counter[str] = Counter()

    def read(self, components: Iterable[Component]) -> Schedule:
        calendars = [c for c in components if c.name == "VCALENDAR"]
        if not calendars:
            raise ScheduleError("not an iCalendar file: no BEGIN:VCALENDAR ... END:VCALENDAR", source=self.source)
        props = self.calendar_properties(calendars)
        self.zone = zone_named(props["X-WR-TIMEZONE"]) if props["X-WR-TIMEZONE"] else None
        vevents = [sub for cal in calendars for sub in cal.subcomponents if sub.name == "VEVENT"]
        line_of = self.lines if len(self.lines) == len(vevents) else []
        records: list[_Record] = []
        for index, component in enumerate(vevents):
            line = line_of[index] if line_of else None
            try:
                record = self.record(index, component, line)
            except OverflowError:  # year 1 or 9999 plus an offset or a duration
                raise self.error(line, "an event's time is outside the years Planner can show") from None
            if record is not None:
                records.append(record)
        if not records:
            raise ScheduleError("the calendar has no events (VEVENT with a DTSTART)", source=self.source)
        key = self.key(props, records)
        events = self.events(records, key)
        title = (props["X-WR-CALNAME"] or props["NAME"] or props["X-WR-CALDESC"]
                 or (PurePath(self.source).stem if self.source else "") or "Calendar")
        timezone = ""
        if self.zone is not None:
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
            notes=tuple(self.notes()),
        )

    def calendar_properties(self, calendars: list[Component]) -> dict[str, str]:
        """Calendar-level names, from the first VCALENDAR that has each."""
        props: dict[str, str] = {}
        for name in ("X-WR-CALNAME", "NAME", "X-WR-CALDESC", "X-WR-RELCALID", "X-WR-TIMEZONE", "PRODID"):
            props[name] = next((v for v in (_text(c, name).strip() for c in calendars) if v), "")
        return props

    def key(self, props: dict[str, str], records: list[_Record]) -> str:
        """What identifies this calendar across versions of the file.

        The calendar's own name when it has one; else its PRODID together with the
        smallest event UID, which stays put when events are added or reordered.
        """
        for name in ("X-WR-CALNAME", "NAME", "X-WR-RELCALID", "X-WR-CALDESC"):
            if props[name]:
                return schedule_key(FORMAT, props[name])
        uids = sorted(r.uid for r in records if r.uid)
        anchor = uids[0] if uids else ""
        if props["PRODID"] or anchor:
            return schedule_key(FORMAT, f"{props['PRODID']} {anchor}".strip())
        return schedule_key(FORMAT, PurePath(self.source).stem if self.source else "calendar")

    def error(self, line: int | None, message: str) -> ScheduleError:
        return ScheduleError(message, source=self.source, line=line)

    def record(self, index: int, component: Component, line: int | None) -> _Record | None:
        uid = _text(component, "UID").strip()
        summary = _text(component, "SUMMARY").strip()
        label = f"event {quote(summary)}" if summary else (f"event UID {quote(uid)}" if uid else "an event")
        dtstart = _first(component.get("DTSTART"))
        if dtstart is None:
            where = f" (line {line})" if line else ""
            self.skipped.append(f"{label}{where}")
            return None
        start = self.when(dtstart, label, "DTSTART", line)
        end: datetime
        dtend = _first(component.get("DTEND"))
        duration = _first(component.get("DURATION"))
        if dtend is not None:
            end = self.when(dtend, label, "DTEND", line).value
        elif duration is not None:
            delta = self.value(duration, label, "DURATION", line)
            if not isinstance(delta, timedelta):
                raise self.error(line, f"{label}: DURATION is not a duration like PT1H30M")
            end = add_duration(start.value, max(delta, timedelta(0)))
        elif start.all_day:
            end = start.value + timedelta(days=1)
        else:
            end = start.value
        # Both must exist as instants (year 1 at +05:00 does not): sorting compares in UTC.
        start.value.astimezone(UTC), end.astimezone(UTC)
        if end < start.value:
            end = start.value  # a DTEND before DTSTART: keep the event, zero length
        if component.get("RRULE") is not None or component.get("RDATE") is not None:
            self.repeating += 1
        recurrence = ""
        recurrence_id = _first(component.get("RECURRENCE-ID"))
        if recurrence_id is not None:
            recurrence = self.when(recurrence_id, label, "RECURRENCE-ID", line).value.isoformat()
        return _Record(index, uid, recurrence, start.value, end, start.all_day, component)

    def value(self, prop: Any, label: str, name: str, line: int | None) -> object:
        try:
            return prop.dt
        except _ICAL_ERRORS as exc:
            raise self.error(line, f"{label}: {name} cannot be read: {_reason(exc)}") from None

    def when(self, prop: Any, label: str, name: str, line: int | None) -> _When:
        """A DTSTART/DTEND value as an aware datetime, with how it was zoned."""
        value = self.value(prop, label, name, line)
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                zone_key = getattr(value.tzinfo, "key", "")
                if value.tzinfo is UTC or zone_key in ("UTC", "Etc/UTC"):
                    # UTC is how calendars transmit instants, not the conference's clock:
                    # show them in the calendar's zone when it names one.
                    return _When(value.astimezone(self.zone) if self.zone else value, False)
                if isinstance(zone_key, str) and zone_key:
                    self.zone_names[zone_key] += 1
                return _When(value, False)
            tzid = str(getattr(prop, "params", {}).get("TZID", "") or "")
            if tzid:
                zone = zone_named(tzid)
                if zone is not None:
                    self.zone_names[tzid.strip().strip('"')] += 1
                    return _When(value.replace(tzinfo=zone), False)
                self.unknown_zones[tzid] += 1
            return _When(self.floating_time(value), False)
        if isinstance(value, date):
            # All-day dates have no zone by nature: midnight in the calendar's zone.
            midnight = datetime.combine(value, time())
            return _When(midnight.replace(tzinfo=self.zone or UTC), True)
        raise self.error(line, f"{label}: {name} is not a date or a date-time")

    def floating_time(self, value: datetime) -> datetime:
        if self.zone is not None:
            return value.replace(tzinfo=self.zone)
        self.floating += 1
        return value.replace(tzinfo=UTC)

    def events(self, records: list[_Record], key: str) -> tuple[Event, ...]:
        uid_counts = Counter(r.uid for r in records if not r.recurrence)
        ids = IdMaker(PREFIX)
        events: list[Event] = []
        # Ids are handed out in start order so that, among events sharing a UID and a
        # title, the occurrence number follows time rather than position in the file.
        for record in sorted(records, key=lambda r: (r.start, r.index)):
            component = record.component
            summary = _text(component, "SUMMARY").strip()
            if record.recurrence:
                identity: tuple[str, ...] = (key, record.uid, "recurrence", record.recurrence)
            elif record.uid and uid_counts[record.uid] == 1:
                identity = (key, record.uid)
            else:
                identity = (key, record.uid, "summary", " ".join(fold(summary).split()))
            categories = _categories(component)
            room = " ".join(_text(component, "LOCATION").split())
            track = categories[0] if categories else ""
            if categories:
                kind = kind_for(" ".join(categories), summary)
            else:
                # No type field in iCalendar: the title is the only hint ("Poster
                # session", "Lunch"); other timed entries in a conference calendar are talks.
                kind = kind_from_type(summary)
                if kind is Kind.OTHER and not record.all_day:
                    kind = Kind.TALK
            events.append(
                Event(
                    id=ids.make(*identity),
                    kind=kind,
                    number=None,
                    title=summary,
                    authors=unique(_names(component)),
                    abstract=_text(component, "DESCRIPTION").strip(),
                    start=record.start,
                    end=record.end,
                    session=track or room,
                    room=room,
                    track=track,
                    url=_text(component, "URL").strip(),
                    schedule=key,
                )
            )
        return sorted_events(events)

    def notes(self) -> list[str]:
        notes: list[str] = []
        if self.floating:
            notes.append(
                f"{self.floating} time(s) {NO_ZONE} (floating): they are the published "
                "wall-clock times, not converted to your zone."
            )
        for name, count in sorted(self.unknown_zones.items()):
            notes.append(f"The time zone {name!r} is unknown ({count} time(s)); those times are taken as floating.")
        if self.repeating:
            notes.append(f"{self.repeating} event(s) repeat (RRULE/RDATE); only their first occurrence is shown.")
        if self.skipped:
            shown = ", ".join(self.skipped[:3]) + (" ..." if len(self.skipped) > 3 else "")
            notes.append(f"{len(self.skipped)} event(s) without a start (DTSTART) were left out: {shown}")
        return notes

