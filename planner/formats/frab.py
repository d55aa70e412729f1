"""What Pentabarf/frab XML and frab/pretalx JSON share: one raw event, one builder.

Both formats describe the same tree (conference -> days -> rooms -> events with date,
start, duration, ...). Their parsers only pull strings out into RawEvent; this module
turns those into domain events, so times, kinds and ids follow one set of rules and the
XML and the JSON of a conference read alike.

Times, in order of trust:
1. the event's ``date`` with a UTC offset: that is the instant. It is shown in the
   conference zone when the zone agrees with it (same offset, or the same wall-clock
   ``start``); otherwise the offset wins over the contradicting zone and a note says so;
2. the day's date + ``start`` in the conference zone (``time_zone_name``), moved to the
   next day when ``start`` is before ``day_change`` (or before the day's own start);
3. no zone at all: the wall-clock times are kept as published (held as UTC so they stay
   comparable) and Schedule.notes says the file gives no time zone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from urllib.parse import urljoin

from planner.domain.errors import ScheduleError
from planner.domain.model import NO_ZONE, Event, Link, LinkKind, Markup, Schedule
from planner.domain.queries import fold
from planner.domain.zones import as_clocks_show
from planner.formats.common import (
    UTC,
    IdMaker,
    add_duration,
    join_text,
    kind_for,
    quote,
    schedule_key,
    sessions_for,
    sorted_events,
    unique,
    zone_named,
)
from planner.text.wording import counted_doing

# ``start``/``day_change`` clock times. Hours up to 47: some exports write 25:30 for
# half past one after midnight rather than moving the event to the next day.
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
# Durations: H:MM or H:MM:SS, hours of one or more digits (the c3voc schema's forms);
# "1 day, 2:00:00" too, as Python prints a timedelta.
_DURATION = re.compile(r"^(?:(\d{1,3})\s*days?,?\s*)?(\d{1,4}):(\d{2})(?::(\d{2}))?$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PRETALX_CODE = re.compile(r"/talk/([A-Z0-9]{4,12})/?$")
_MAX_DURATION = timedelta(days=60)
# A talk, workshop or even a hackathon lasting longer than this is almost always a
# duration written in a form Planner reads differently from what was meant.
_LONG_DURATION = timedelta(hours=24)
_NAMED_IN_NOTE = 3


@dataclass(slots=True)
class Conference:
    """The conference-level fields, each with the line it came from (XML only)."""

    title: str = ""
    acronym: str = ""
    time_zone: str = ""
    day_change: str = ""
    base_url: str = ""
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class RawEvent:
    """One event as its file spells it; ``lines`` maps field name -> line (XML only)."""

    line: int | None = None
    lines: dict[str, int] = field(default_factory=dict)
    guid: str = ""
    code: str = ""
    event_id: str = ""
    slug: str = ""
    title: str = ""
    subtitle: str = ""
    type: str = ""
    track: str = ""
    room: str = ""
    abstract: str = ""
    description: str = ""
    url: str = ""
    persons: list[str] = field(default_factory=list)
    # Links and attachments as published: addresses may be relative to the base_url.
    links: list[Link] = field(default_factory=list)
    feedback_url: str = ""
    date: str = ""
    start: str = ""
    duration: str = ""
    day_date: str = ""
    day_start: str = ""
    where: str = ""  # a path such as days[0].rooms['Saal 1'][3] (JSON only)

    @property
    def label(self) -> str:
        """How error messages name the event: "event 'Opening' (id 12)"."""
        name = f"event {quote(self.title)}" if self.title.strip() else "an untitled event"
        if self.event_id:
            name += f" (id {' '.join(self.event_id.split())[:20]})"
        return name


def parse_clock(text: str) -> timedelta | None:
    """``HH:MM[:SS]`` -> time since midnight; None when it is not a clock time."""
    match = _CLOCK.match(text.strip())
    if not match:
        return None
    hours, minutes, seconds = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if hours > 47 or minutes > 59 or seconds > 59:
        return None
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def parse_duration(text: str) -> timedelta | None:
    """``H:MM`` or ``H:MM:SS`` -> timedelta; None when unreadable.

    Three fields are always hours, minutes and seconds, however many digits the hours
    have: "1:30:00", "2:00:00" and "02:00:00" read alike (a day count in front was once
    guessed from a one-digit first field, which made "2:00:00" 48 hours).
    """
    match = _DURATION.match(text.strip())
    if not match:
        return None
    days_word, first, second, third = match.groups()
    a, b = int(first), int(second)
    if b > 59:
        return None
    c = int(third or 0)
    if c > 59:
        return None
    value = timedelta(hours=a, minutes=b, seconds=c)
    if days_word is not None:
        value += timedelta(days=int(days_word))
    return value if value <= _MAX_DURATION else None


class _Times:
    """Resolves start and end instants; collects what the notes must say."""

    def __init__(self, conference: Conference, source: str) -> None:
        self.source = source
        self.zone_name = conference.time_zone.strip()
        self.zone: tzinfo | None = zone_named(self.zone_name) if self.zone_name else None
        self.unknown_zone = bool(self.zone_name) and self.zone is None
        self.day_change: timedelta | None = None
        if conference.day_change.strip():
            self.day_change = parse_clock(conference.day_change)
            if self.day_change is None:
                raise ScheduleError(
                    f"day_change {quote(conference.day_change)} is not a time like 04:00",
                    source=source,
                    line=conference.lines.get("day_change"),
                )
        self.zoneless = 0
        self.contradicting = 0
        self.too_long: list[str] = []  # labels of events lasting over _LONG_DURATION

    def error(self, raw: RawEvent, field_name: str, message: str) -> ScheduleError:
        line = raw.lines.get(field_name, raw.line)
        where = f"{raw.where}.{field_name}: " if raw.where and field_name else ""
        return ScheduleError(f"{where}{raw.label}: {message}", source=self.source, line=line)

    def resolve(self, raw: RawEvent) -> tuple[datetime, datetime, bool]:
        """Start, end, and whether the times are floating (a wall clock with no zone)."""
        start, floating = self._start(raw)
        duration = timedelta(0)
        if raw.duration.strip():
            parsed = parse_duration(raw.duration)
            if parsed is None:
                raise self.error(
                    raw, "duration", f"duration {quote(raw.duration)} is not like 00:45, 01:30:00 or 1:02:00"
                )
            duration = parsed
            if duration > _LONG_DURATION:
                self.too_long.append(f"{raw.label} on line {raw.line}" if raw.line else raw.label)
        return start, add_duration(start, duration), floating

    def _start(self, raw: RawEvent) -> tuple[datetime, bool]:
        text = raw.date.strip()
        clock_text = raw.start.strip()
        # Some exports put a full timestamp in <start>; treat it as the event date.
        if not text and ("T" in clock_text or "-" in clock_text[:5]):
            text, clock_text = clock_text, ""
        day: date | None = None
        if text and not _DATE_ONLY.match(text):
            try:
                value = datetime.fromisoformat(text)
            except ValueError:
                raise self.error(raw, "date", f"date {quote(text)} is not like 2024-12-27T10:30:00+01:00") from None
            if value.tzinfo is not None:
                return self._with_offset(value, clock_text), False
            return self._localize(value)
        if text:
            day = self._date(raw, "date", text)
        elif raw.day_date.strip():
            day = self._date(raw, "day", raw.day_date.strip())
        if day is None:
            raise self.error(raw, "date", "missing date (no date on the event or its day)")
        if not clock_text:
            raise self.error(raw, "start", "missing start")
        clock = parse_clock(clock_text)
        if clock is None:
            raise self.error(raw, "start", f"start {quote(clock_text)} is not a time like 10:30")
        wall = datetime.combine(day, time()) + clock
        if self._after_midnight(clock, wall, raw.day_start):
            wall += timedelta(days=1)
        return self._localize(wall)

    def _after_midnight(self, clock: timedelta, wall: datetime, day_start_text: str) -> bool:
        """True when a day's ``start`` belongs to the calendar day after its date.

        day_change says when the conference day turns over (a 01:00 talk on a day with
        day_change 04:00 is the next morning). Without it, an event earlier than its
        day's own start attribute must be after midnight.
        """
        if self.day_change is not None:
            return clock < self.day_change
        if not day_start_text.strip():
            return False
        try:
            day_start = datetime.fromisoformat(day_start_text.strip())
        except ValueError:
            return False
        if day_start.tzinfo is None:
            return wall < day_start
        if self.zone is not None:
            return wall.replace(tzinfo=self.zone) < day_start
        return wall < day_start.replace(tzinfo=None)

    def _date(self, raw: RawEvent, field_name: str, text: str) -> date:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            raise self.error(raw, field_name, f"date {quote(text)} is not like 2024-12-27") from None

    def _localize(self, wall: datetime) -> tuple[datetime, bool]:
        """A wall-clock time in the conference zone; without one, floating (held as UTC)."""
        if self.zone is not None:
            return as_clocks_show(wall.replace(tzinfo=self.zone)), False
        self.zoneless += 1
        return wall.replace(tzinfo=UTC), True

    def _with_offset(self, value: datetime, clock_text: str) -> datetime:
        if self.zone is None:
            return value
        local = value.astimezone(self.zone)
        if local.utcoffset() == value.utcoffset():
            return local
        clock = parse_clock(clock_text) if clock_text else None
        if clock is not None and clock == timedelta(hours=local.hour, minutes=local.minute, seconds=local.second):
            # The date is given in another offset (DebConf writes UTC) but the event's
            # local start matches: the zone is right, show the conference's wall clock.
            return local
        self.contradicting += 1
        return value

    def notes(self) -> list[str]:
        notes: list[str] = []
        if self.unknown_zone:
            notes.append(f"The time zone {self.zone_name!r} is unknown; it was ignored.")
        if self.zoneless:
            notes.append(
                f"{counted_doing(self.zoneless, 'event', 'has', 'have')} {NO_ZONE} in the file: the "
                "published wall-clock times are shown, not converted to your zone."
            )
        if self.contradicting:
            notes.append(
                f"{counted_doing(self.contradicting, 'event', 'carries', 'carry')} a UTC offset that "
                f"disagrees with the time zone {self.zone_name!r}; the offsets in the file were used."
            )
        if self.too_long:
            named = ", ".join(self.too_long[:_NAMED_IN_NOTE])
            more = f" and {len(self.too_long) - _NAMED_IN_NOTE} more" if len(self.too_long) > _NAMED_IN_NOTE else ""
            notes.append(
                f"{counted_doing(len(self.too_long), 'event', 'lasts', 'last')} longer than 24 hours, "
                f"which is probably a misread duration; check in the file: {named}{more}."
            )
        return notes


def build(
    conference: Conference,
    raws: Sequence[RawEvent],
    *,
    fmt: str,
    prefix: str,
    source: str,
    fallback_name: str,
) -> Schedule:
    """Domain Schedule from raw events; ScheduleError names the event, field and line."""
    if not raws:
        raise ScheduleError("the schedule has no events", source=source)
    name = conference.acronym.strip() or conference.title.strip() or fallback_name
    key = schedule_key(fmt, name)
    title = conference.title.strip() or conference.acronym.strip() or fallback_name
    times = _Times(conference, source)
    resolved: list[tuple[RawEvent, datetime, datetime, bool]] = []
    for raw in raws:
        try:
            start, end, floating = times.resolve(raw)
        except OverflowError:  # year 1 or 9999 plus an offset or a duration
            raise times.error(raw, "date", "the time is outside the years Planner can show") from None
        resolved.append((raw, start, end, floating))
    identities = [_identity(raw, key) for raw in raws]
    shared = Counter(identities)
    ids = IdMaker(prefix)
    events: list[Event] = []
    # In start order, so that among events sharing an identity and a title the occurrence
    # number follows time rather than position in the file (as the iCalendar reader does).
    for index in sorted(range(len(resolved)), key=lambda i: (resolved[i][1], i)):
        raw, start, end, floating = resolved[index]
        identity = identities[index]
        # A guid, code, id or slug of this event alone is its identity; a title is not,
        # nor is the occurrence number that tells apart events sharing one.
        published = shared[identity] == 1 and identity[1] != "title"
        if shared[identity] > 1 and identity[1] != "title":
            # A guid or id that several events share tells them apart only by position,
            # which moves when the file is reordered; their titles stay with them.
            identity = (*identity, "title", " ".join(fold(raw.title).split()))
        room = raw.room.strip()
        track = raw.track.strip()
        links = _links(raw, conference.base_url)
        url = raw.url.strip() or next((link.url for link in links if link.kind is LinkKind.LINK), "")
        if url and conference.base_url and "://" not in url:
            url = urljoin(conference.base_url, url)
        events.append(
            Event(
                id=ids.make(*identity, published=published),
                kind=kind_for(raw.type, raw.title),
                number=None,
                title=raw.title.strip(),
                authors=unique(raw.persons),
                abstract=join_text(raw.abstract, raw.description),
                start=start,
                end=end,
                session=track or room,
                room=room,
                track=track,
                subtitle=raw.subtitle.strip(),
                url=url,
                schedule=key,
                # frab and pretalx take abstracts in Markdown and their sites show them so
                # (FOSDEM's HTML is still told apart as HTML: planner.text.readable).
                markup=Markup.MARKDOWN,
                floating=floating,
                links=links,
            )
        )
    ordered = sorted_events(events)
    return Schedule(
        key=key,
        title=title,
        events=ordered,
        sessions=sessions_for(ordered),
        source=source,
        format=fmt,
        timezone=times.zone_name if times.zone is not None else "",
        notes=tuple(times.notes()),
        # Days list their rooms, each holding its events: the file's order is the venue's.
        rooms=tuple(dict.fromkeys(room for room in (raw.room.strip() for raw in raws) if room)),
        published_ids=ids.published_ids(),
    )


def _links(raw: RawEvent, base_url: str) -> tuple[Link, ...]:
    """The event's links, attachments and feedback page, each once, with absolute addresses
    where the schedule gives a base (frab writes attachments as /system/...)."""
    found: dict[tuple[str, LinkKind], Link] = {}
    feedback = [Link(raw.feedback_url, "Feedback")] if raw.feedback_url.strip() else []
    for link in (*raw.links, *feedback):
        url = link.url.strip()
        if not url:
            continue
        if base_url and "://" not in url and not url.lower().startswith("mailto:"):
            url = urljoin(base_url, url)
        title = " ".join(link.title.split())
        if (url, link.kind) not in found:
            found[url, link.kind] = Link(url, title, link.kind)
    return tuple(found.values())


def _identity(raw: RawEvent, key: str) -> tuple[str, ...]:
    """Stable identity: guid, else pretalx code, else the schedule's own event id.

    The schedule key is part of every identity, so two schedules that share guids (a
    conference and a merged "everything" schedule) never clash in the library.
    """
    guid = raw.guid.strip().lower()
    if guid:
        return (key, "guid", guid)
    code = raw.code.strip() or _pretalx_code(raw.url)
    if code:
        return (key, "code", code.upper())
    if raw.event_id.strip():
        return (key, "id", raw.event_id.strip())
    if raw.slug.strip():
        return (key, "slug", raw.slug.strip())
    return (key, "title", " ".join(raw.title.casefold().split()), raw.room.strip())


def _pretalx_code(url: str) -> str:
    """pretalx talk URLs end in /talk/CODE/, the code pretalx keeps across versions."""
    match = _PRETALX_CODE.search(url.strip())
    return match.group(1) if match else ""
