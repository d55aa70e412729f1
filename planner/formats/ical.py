"""iCalendar (.ics) schedules, read with the icalendar library.

What real conference calendars do, and how each is read:
- several VCALENDARs in one file: the VEVENTs of all of them, each calendar's times read
  with its own X-WR-TIMEZONE;
- TZID with a VTIMEZONE block (icalendar builds the zone), without one (the TZID is
  looked up as an IANA name; Windows names are mapped by icalendar), or unknown (the
  time is treated as floating);
- the calendar's own zone: X-WR-TIMEZONE, or a zone name on a calendar-level line that
  should have been a VTIMEZONE block or a TZID (``VTIMEZONE: Europe/Rome`` in MOCA 2024's
  published calendar, whose times are all UTC): without it the conference's clock would be
  shown as UTC; Schedule.notes says where the zone came from;
- floating times: in the calendar's X-WR-TIMEZONE when it names a zone, else the
  wall-clock time is kept (held as UTC), the event is marked floating and Schedule.notes
  says so;
- all-day and multi-day events (DTSTART;VALUE=DATE): whole days from midnight to
  midnight, wall clock, in the calendar's zone (its X-WR-TIMEZONE, else the zone most of
  its TZIDs name, else floating); a missing DTEND means DURATION, else one day for
  all-day events and zero length for timed ones (RFC 5545 3.6.1);
- repeating events (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides): one event per
  occurrence, worked out by recurring_ical_events; endless rules only within the span the
  calendar's other events cover (planner.formats.ical_occurrences);
- STATUS:CANCELLED, on an event or on one occurrence: kept, marked cancelled;
- URL is the event's page; each ATTACH given by address (slides, a paper) is an attachment,
  titled by its FILENAME or LABEL parameter; files embedded in the calendar are left out;
- folded lines, including folds that split a multi-byte UTF-8 character: the file is
  unfolded byte-wise before decoding, which is how RFC 5545 defines folding;
- duplicate UIDs (seen in published files): every VEVENT stays an event of its own.
- a file cut short (a download that stopped): refused, naming the line it ends at and the
  component it stops inside, never read as far as it goes.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import PurePath
from typing import Any

from icalendar import Calendar, Component

from planner.domain.errors import ScheduleError
from planner.domain.friends import Pick
from planner.domain.model import NO_ZONE, Event, Kind, Link, LinkKind, Schedule
from planner.domain.queries import fold
from planner.domain.zones import span_as_clocks_show
from planner.formats.common import (
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
from planner.formats.ical_occurrences import (
    ICAL_ERRORS,
    MAX_OCCURRENCES,
    MAX_TOTAL,
    CalendarClock,
    Expander,
    Found,
    Record,
    When,
    first_value,
    instant,
    is_utc,
    occurrence_text,
)
from planner.text.wording import counted, counted_doing

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
# The first line may follow a byte order mark (the text is decoded as utf-8-sig).
_BEGIN_END = re.compile(rb"^(?:\xef\xbb\xbf)?(BEGIN|END):", re.IGNORECASE | re.MULTILINE)
_TOO_DEEP = "the calendar is nested or self-referencing too deeply to read"


def parse(data: bytes, source: str = "") -> Schedule:
    """Parse an .ics file. Raises ScheduleError naming ``source`` and the line."""
    return _parse(data, source).read_schedule


def agenda_picks(data: bytes, source: str = "") -> list[Pick]:
    """The entries of someone's exported agenda (planner.domain.friends): every event with
    its UID, title and start, read as parse() reads a schedule (zones, floating times,
    repetitions). Cancelled entries are not picks: Planner's export cancels what was unstarred."""
    reader = _parse(data, source)
    return [Pick(reader.uids.get(e.id, ""), e.title, int(e.start.timestamp()))
            for e in reader.read_schedule.events if not e.cancelled]


def _parse(data: bytes, source: str) -> _Reader:
    """The reader after reading ``data``: its schedule, and each event's UID."""
    unfolded = _BREAKS.sub(_unfold_one, data)
    text = _decode(data, unfolded, source)
    _check_nesting(data, unfolded, source)
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
        except ICAL_ERRORS as exc:
            raise ScheduleError(f"not a valid iCalendar file: {_reason(exc)}", source=source) from None
        reader = _Reader(source, lines)
        try:
            reader.read_schedule = reader.read(components)
        except RecursionError:
            raise ScheduleError(_TOO_DEEP, source=source) from None
        return reader


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


def _check_nesting(data: bytes, unfolded: bytes, source: str) -> None:
    """Refuse absurd nesting before icalendar spends seconds building it, and a file that
    ends inside a component (a download cut short): icalendar silently drops a component
    it never saw end, so a cut calendar read as "no BEGIN:VCALENDAR" though it had one,
    and the cut last one of several was left out unsaid."""
    begun: list[int] = []  # where each component open here begins, outermost first
    for match in _BEGIN_END.finditer(unfolded):
        if match.group(1).upper() == b"BEGIN":
            begun.append(match.end())
            if len(begun) > MAX_DEPTH:
                raise ScheduleError(
                    f"components nest more than {MAX_DEPTH} deep; no calendar does that",
                    source=source, line=_line_of(data, match.start()),
                )
        elif begun:  # as icalendar does: an END closes the innermost, whatever it names
            begun.pop()
    if begun:
        outer, inner = (_name_at(unfolded, offset) for offset in (begun[0], begun[-1]))
        inside = f", inside the {inner} begun at line {_line_of(data, begun[-1])}" if len(begun) > 1 else ""
        raise ScheduleError(f"no END:{outer}: the file ends early{inside}", source=source,
                            line=data.rstrip().count(b"\n") + 1)


def _name_at(unfolded: bytes, offset: int) -> str:
    """The component name a BEGIN: line gives from ``offset`` (just after the colon)."""
    end = unfolded.find(b"\n", offset)
    return unfolded[offset:end if end >= 0 else len(unfolded)].strip().decode("utf-8", "replace").upper()


def _line_of(data: bytes, unfolded_offset: int) -> int:
    """The line of the original file that byte ``unfolded_offset`` of the unfolded text is on."""
    return data.count(b"\n", 0, _original_offset(data, unfolded_offset)) + 1


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


def _text(component: Component, name: str) -> str:
    value = first_value(component.get(name))
    if value is None:
        return ""
    try:
        return str(value)
    except ICAL_ERRORS:
        return ""


# Parameters that name an attachment: FILENAME (and its X- form, as Apple and Google
# write it), LABEL (RFC 7986's for conference links), X-TITLE.
_ATTACH_TITLES = ("FILENAME", "X-FILENAME", "LABEL", "X-LABEL", "X-TITLE")


def _attachments(component: Component) -> tuple[Link, ...]:
    """ATTACH properties given by address; an embedded file (VALUE=BINARY) is no link."""
    value = component.get("ATTACH")
    found: list[Link] = []
    for item in value if isinstance(value, list) else [value]:
        if item is None:
            continue
        params = getattr(item, "params", {})
        if str(params.get("VALUE", "")).upper() == "BINARY" or params.get("ENCODING"):
            continue
        try:
            url = str(item).strip()
        except ICAL_ERRORS:
            continue
        title = next((", ".join(_param_values(item, name)) for name in _ATTACH_TITLES if params.get(name)), "")
        if url:
            found.append(Link(url, " ".join(title.split()), LinkKind.ATTACHMENT))
    return tuple(found)


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


# Calendar-level lines some generators write instead of X-WR-TIMEZONE: not iCalendar, but
# a zone name there says which clock the conference keeps.
_STRAY_ZONE_LINES = ("VTIMEZONE", "TZID", "TIMEZONE", "X-TIMEZONE")


def _calendar_zone(calendar: Component) -> tuple[str, str]:
    """The zone a VCALENDAR names for itself, and the line that named it ("" and "" if none):
    its X-WR-TIMEZONE when that names a zone, else a stray line from _STRAY_ZONE_LINES."""
    named = _text(calendar, "X-WR-TIMEZONE").strip()
    if named:
        return (named, "X-WR-TIMEZONE") if zone_named(named) is not None else ("", "")
    for line in _STRAY_ZONE_LINES:
        named = _text(calendar, line).strip()
        if named and zone_named(named) is not None:
            return named, line
    return "", ""


def _names(component: Component) -> list[str]:
    """Speakers: the attendees' CN, else the organizer's (camp schedules put them there)."""
    names: list[str] = []
    attendees = component.get("ATTENDEE")
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        if attendee is not None:
            names.extend(_param_values(attendee, "CN"))
    if not any(n.strip() for n in names):
        organizer = first_value(component.get("ORGANIZER"))
        if organizer is not None:
            names.extend(_param_values(organizer, "CN"))
    return names


def _param_values(prop: object, name: str) -> list[str]:
    """A parameter's values. Unquoted commas separate values (RFC 5545 3.2), and icalendar
    gives a list then: ``CN=Gregorio Palamà, Luca Di Vita`` is two people, not one list."""
    value = getattr(prop, "params", {}).get(name, "")
    values = value if isinstance(value, (list, tuple)) else [value]
    return [str(item).strip() for item in values]




# -- the reader ----------------------------------------------------------------------------

# Version numbers in PRODID change with every release of the generator, not the calendar.
_VERSION = re.compile(r"\s*\bv?\d+(?:\.\d+)+\b\s*", re.IGNORECASE)


class _Reader:
    def __init__(self, source: str, lines: list[int]) -> None:
        self.source = source
        self.lines = lines
        self.floating = 0
        # Times without a zone in a calendar whose other times name one, by that zone's name.
        self.read_in_named: Counter[str] = Counter()
        self.unknown_zones: Counter[str] = Counter()
        self.skipped: list[str] = []
        self.zone_names: Counter[str] = Counter()  # IANA names, for Schedule.timezone
        self.stray_zones: dict[str, str] = {}  # zone -> the non-standard line that named it
        self.named_zones: list[str] = []  # the zone each VCALENDAR names for itself ("" for none)
        self.uids: dict[str, str] = {}  # event id -> the UID of the VEVENT it came from
        self.read_schedule: Schedule

    def read(self, components: Iterable[Component]) -> Schedule:
        calendars = [c for c in components if c.name == "VCALENDAR"]
        if not calendars:
            raise ScheduleError("not an iCalendar file: no BEGIN:VCALENDAR ... END:VCALENDAR", source=self.source)
        props = self.calendar_properties(calendars)
        contexts = [self.calendar(index, cal) for index, cal in enumerate(calendars)]
        vevents = [(context, sub) for context, cal in zip(contexts, calendars, strict=True)
                   for sub in cal.subcomponents if sub.name == "VEVENT"]
        line_of = self.lines if len(self.lines) == len(vevents) else []
        records: list[Record] = []
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
        expander = Expander(records)
        found = expander.occurrences(records)
        if not found:
            raise ScheduleError("the calendar has no events: EXDATE excludes every occurrence", source=self.source)
        events, published = self.events(found, records, key)
        title = (props["X-WR-CALNAME"] or props["NAME"] or props["X-WR-CALDESC"]
                 or (PurePath(self.source).stem if self.source else "") or "Calendar")
        timezone = next((named for named in self.named_zones if named), "")
        if not timezone and len(self.zone_names) == 1:
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
            published_ids=published,
        )

    def calendar_properties(self, calendars: list[Component]) -> dict[str, str]:
        """Calendar-level names, from the first VCALENDAR that has each."""
        props: dict[str, str] = {}
        for name in ("X-WR-CALNAME", "NAME", "X-WR-CALDESC", "X-WR-RELCALID", "X-WR-TIMEZONE", "PRODID"):
            props[name] = next((v for v in (_text(c, name).strip() for c in calendars) if v), "")
        return props

    def calendar(self, index: int, calendar: Component) -> CalendarClock:
        """How one VCALENDAR's times are read: its own X-WR-TIMEZONE, and where its days begin."""
        named, line = _calendar_zone(calendar)
        self.named_zones.append(named)
        zone = zone_named(named) if named else None
        if line and line != "X-WR-TIMEZONE":
            self.stray_zones.setdefault(named, line)
        used: Counter[str] = Counter()
        zones: dict[str, tzinfo] = {}
        for sub in calendar.subcomponents:
            if sub.name == "VEVENT":
                for name in ("DTSTART", "DTEND"):
                    found = self.zone_of(first_value(sub.get(name)))
                    if found is not None:
                        used[found[0]] += 1
                        zones.setdefault(*found)
        if zone is not None:
            return CalendarClock(index, zone, zone, days_floating=False)
        if used:
            name = min(used, key=lambda n: (-used[n], n))  # the most used; a tie by name, not order
            return CalendarClock(index, None, zones[name], days_floating=False)
        return CalendarClock(index, None, UTC, days_floating=True)

    def zone_of(self, prop: Any) -> tuple[str, tzinfo] | None:
        """The zone a DTSTART or DTEND names (not UTC), and its name."""
        if prop is None:
            return None
        try:
            value = prop.dt
        except ICAL_ERRORS:
            return None  # reported with its line when the event is read
        if not isinstance(value, datetime):
            return None
        tzid = str(getattr(prop, "params", {}).get("TZID", "") or "").strip().strip('"')
        if value.tzinfo is not None:
            if is_utc(value):
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

    def key(self, props: dict[str, str], records: list[Record]) -> str:
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

    def record(self, index: int, calendar: CalendarClock, component: Component, line: int | None) -> Record | None:
        uid = _text(component, "UID").strip()
        summary = _text(component, "SUMMARY").strip()
        label = f"event {quote(summary)}" if summary else (f"event UID {quote(uid)}" if uid else "an event")
        dtstart = first_value(component.get("DTSTART"))
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
        instant(calendar.shown(start.value)), instant(calendar.shown(end))
        recurrence: date | datetime | None = None
        recurrence_id = first_value(component.get("RECURRENCE-ID"))
        if recurrence_id is not None:
            recurrence = self.recurrence(recurrence_id, label, line)
        return Record(index, uid, label, calendar, component, start.value, end, start.floating, recurrence)

    def timed_end(self, component: Component, start: datetime, label: str, line: int | None,
                  calendar: CalendarClock) -> datetime:
        dtend = first_value(component.get("DTEND"))
        duration = first_value(component.get("DURATION"))
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
        dtend = first_value(component.get("DTEND"))
        duration = first_value(component.get("DURATION"))
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
        instant(value)  # OverflowError at the ends of the calendar
        return value

    def value(self, prop: Any, label: str, name: str, line: int | None) -> object:
        try:
            return prop.dt
        except ICAL_ERRORS as exc:
            raise self.error(line, f"{label}: {name} cannot be read: {_reason(exc)}") from None

    def when(self, prop: Any, label: str, name: str, line: int | None, calendar: CalendarClock) -> When:
        """A DTSTART/DTEND value: a date, or an aware datetime, and whether it floats."""
        value = self.value(prop, label, name, line)
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                return When(value, floating=False)
            tzid = str(getattr(prop, "params", {}).get("TZID", "") or "")
            if tzid:
                zone = zone_named(tzid)
                if zone is not None:
                    return When(value.replace(tzinfo=zone), floating=False)
                self.unknown_zones[tzid] += 1
            if calendar.zone is not None:
                return When(value.replace(tzinfo=calendar.zone), floating=False)
            if not calendar.days_floating and not tzid:
                # Beside times that name the venue's zone, a time without one is on the same
                # clock, as X-WR-TIMEZONE would say. Kept floating, it was shown unconverted
                # beside converted ones: at 11:00 on a 10:00 ruler in conference time, and
                # on the wrong day's tab in Auckland.
                self.read_in_named[getattr(calendar.day_zone, "key", "") or str(calendar.day_zone)] += 1
                return When(value.replace(tzinfo=calendar.day_zone), floating=False)
            self.floating += 1
            return When(value.replace(tzinfo=UTC), floating=True)
        if isinstance(value, date):
            return When(value, floating=calendar.days_floating)
        raise self.error(line, f"{label}: {name} is not a date or a date-time")

    def events(self, found: list[Found], records: list[Record], key: str) -> tuple[tuple[Event, ...], frozenset[str]]:
        """The events, and the ids made from a UID (IdMaker.published_ids)."""
        uid_counts = Counter(r.uid for r in records if r.recurrence is None)
        runs = Counter(f.master.index for f in found)
        ids = IdMaker(PREFIX)
        events: list[Event] = []
        shown = [(f, f.record.calendar.shown(f.start), f.record.calendar.shown(f.end)) for f in found]
        # Ids are handed out in start order so that, among events sharing a UID and a
        # title, the occurrence number follows time rather than position in the file.
        shown.sort(key=lambda item: (instant(item[1]), item[0].record.index,
                                     "" if item[0].recurrence is None else occurrence_text(item[0].recurrence)))
        for item, start, end in shown:
            record, component = item.record, item.record.component
            summary = _text(component, "SUMMARY").strip()
            if item.recurrence is not None:
                identity: tuple[str, ...] = (key, record.uid, "recurrence", occurrence_text(item.recurrence))
                published = bool(record.uid)  # the UID and the occurrence's original start
            elif item.master.uid and uid_counts[item.master.uid] == 1:
                identity = (key, item.master.uid)
                # A repeating event's first occurrence holds it: a place in its series.
                published = runs[item.master.index] == 1
            else:
                # Runs sharing a UID, or without one, are told apart by title and then
                # by their order in time: no identity of their own.
                title = _text(item.master.component, "SUMMARY")
                identity = (key, item.master.uid, "summary", " ".join(fold(title).split()))
                published = False
            all_day = not isinstance(item.start, datetime)
            if not all_day:  # a reading in the hour summer time skips, as the clocks show it
                start, end = span_as_clocks_show(start, end)
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
            event_id = ids.make(*identity, published=published)
            self.uids[event_id] = item.master.uid
            events.append(
                Event(
                    id=event_id,
                    kind=kind,
                    number=None,
                    title=summary,
                    authors=unique(_names(component)),
                    abstract=_text(component, "DESCRIPTION").strip(),
                    start=start,
                    end=max(start, end, key=instant),
                    session=track or room,
                    room=room,
                    track=track,
                    url=_text(component, "URL").strip(),
                    schedule=key,
                    all_day=all_day,
                    floating=record.calendar.days_floating if all_day else record.floating,
                    cancelled=_text(component, "STATUS").strip().upper() == "CANCELLED",
                    links=_attachments(component),
                )
            )
        return sorted_events(events), ids.published_ids()

    def notes(self, expander: Expander) -> list[str]:
        notes: list[str] = []
        for named, line in self.stray_zones.items():
            notes.append(f"The calendar names its time zone, {named}, on a line \"{line}:\" that iCalendar "
                         "does not define; conference time is taken to be that zone's.")
        for name, count in sorted(self.read_in_named.items()):
            notes.append(f"{counted_doing(count, 'time', 'has', 'have')} no time zone; read in {name}, "
                         "the zone the calendar's other times name.")
        if self.floating:
            notes.append(
                f"{counted_doing(self.floating, 'time', 'has', 'have')} {NO_ZONE} (floating): the "
                "published wall-clock times are shown, not converted to your zone."
            )
        for name, count in sorted(self.unknown_zones.items()):
            notes.append(f"The time zone {name!r} is unknown ({counted(count, 'time')}); "
                         f"{'that time is' if count == 1 else 'those times are'} taken as floating.")
        if expander.endless:
            notes.append(
                f"{counted_doing(len(expander.endless), 'event', 'repeats', 'repeat')} without end "
                f"({_listed(expander.endless)}): besides the first, only the occurrences within the dates "
                "the calendar's other events cover are shown."
            )
        if expander.capped:
            notes.append(
                f"{counted_doing(len(expander.capped), 'event', 'repeats', 'repeat')} too often to show every "
                f"time ({_listed(expander.capped)}): only the first {MAX_OCCURRENCES} of each "
                f"(and {MAX_TOTAL:,} in all) are shown."
            )
        if expander.failed:
            notes.append(
                f"The repetitions of {counted(len(expander.failed), 'event')} could not be worked out "
                f"({_listed(expander.failed)}): only the first occurrence is shown."
            )
        if self.skipped:
            notes.append(
                f"{counted_doing(len(self.skipped), 'event', 'has', 'have')} no start (DTSTART) and "
                f"{'was' if len(self.skipped) == 1 else 'were'} left out: {_listed(self.skipped)}"
            )
        return notes


def _listed(labels: list[str]) -> str:
    return ", ".join(labels[:3]) + (" ..." if len(labels) > 3 else "")


def _main_domain(records: list[Record]) -> str:
    """The domain at least half of the calendar's UIDs end in ("uid@domain"), or ""."""
    uids = {r.uid for r in records if r.uid}
    domains = Counter(u.rpartition("@")[2].strip().casefold() for u in uids if "@" in u)
    domains.pop("", None)
    if not domains:
        return ""
    name = min(domains, key=lambda d: (-domains[d], d))
    return f"@{name}" if 2 * domains[name] >= len(uids) else ""
