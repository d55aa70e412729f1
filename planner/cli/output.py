"""What the commands print: events as JSON and as text lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from planner.cli.compact import write_compact
from planner.domain.days import all_day_span, end_clock, event_times, range_with_offset, repeated_hour_mark
from planner.domain.marks import Attendance, Tier
from planner.domain.model import Event, Schedule, Session, Unscheduled
from planner.domain.status import EventStatus
from planner.text.wording import counted, room_and_board


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _tier(event_id: str, tiers: Mapping[str, Tier] | None) -> str | None:
    """"must" or "maybe" for a starred event, None (null) otherwise: always in the JSON, so a
    script reads it without asking whether the key is there."""
    tier = (tiers or {}).get(event_id)
    return tier.value if tier is not None else None


def _marks(data: dict[str, Any], item_id: str, planned: set[str] | None,
           attendance: Mapping[str, Attendance] | None,
           friends: Mapping[str, tuple[str, ...]] | None = None) -> None:
    """"planned" (in an accepted day plan), "attendance" ("attended", "missed" or null) and
    "friends" (the names of friends who picked it), when the caller read them from the
    library (list; not parse)."""
    if friends is not None:
        data["friends"] = list(friends.get(item_id, ()))
    if planned is not None:
        data["planned"] = item_id in planned
    if attendance is not None:
        mark = attendance.get(item_id)
        data["attendance"] = mark.value if mark is not None else None


def event_json(event: Event, starred: set[str] | None, status: EventStatus | None = None,
               tiers: Mapping[str, Tier] | None = None, *, planned: set[str] | None = None,
               attendance: Mapping[str, Attendance] | None = None,
               friends: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": event.id,
        "kind": event.kind.value,
        "number": event.number,
        "title": event.title,
        "authors": list(event.authors),
        "abstract": event.abstract,
        "start": _iso(event.start),
        "end": _iso(event.end),
        "session": event.session,
        "all_day": event.all_day,
        "floating": event.floating,
    }
    if event.all_day:  # a date is not an instant: no clock, no offset
        first, last = all_day_span(event)
        data["start"], data["end"] = first.isoformat(), (last + timedelta(days=1)).isoformat()
    elif event.floating:  # the venue's wall clock, which no offset describes
        data["start"] = event.start.replace(tzinfo=None).isoformat()
        data["end"] = event.end.replace(tzinfo=None).isoformat()
    _paper_fields(data, event)
    if event.track:
        data["track"] = event.track
    if starred is not None:
        data["starred"] = event.id in starred
    data["tier"] = _tier(event.id, tiers)
    _marks(data, event.id, planned, attendance, friends)
    if status is not None:
        data["status"] = status.value
    return data


def _paper_fields(data: dict[str, Any], item: Event | Unscheduled) -> None:
    """What events and unscheduled entries both carry: where, the paper's details, the links."""
    data["room"] = item.room
    data["poster_position"] = item.poster_position or None
    # Parallel to the authors whatever the format: null where the schedule names no institution.
    data["affiliations"] = list(item.affiliations) if item.affiliations else [None] * len(item.authors)
    data["topic"] = item.topic
    data["paper"] = item.paper
    data["type_name"] = item.type_name
    data["url"] = item.url
    # Paper, PDF, slides, recordings, feedback: as the schedule titled them, in its order.
    data["links"] = [{"url": link.url, "title": link.title, "kind": link.kind.value} for link in item.links]


def unscheduled_json(item: Unscheduled, starred: set[str] | None, status: EventStatus | None = None,
                     tiers: Mapping[str, Tier] | None = None, *, planned: set[str] | None = None,
                     attendance: Mapping[str, Attendance] | None = None,
                     friends: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    """An entry without a time as an event object whose ``start`` and ``end`` are null."""
    data: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind.value,
        "number": item.number,
        "title": item.title,
        "authors": list(item.authors),
        "abstract": item.abstract,
        "start": None,
        "end": None,
        "session": item.session,
        "all_day": False,
        "floating": False,
    }
    _paper_fields(data, item)
    if item.track:
        data["track"] = item.track
    if starred is not None:
        data["starred"] = item.id in starred
    data["tier"] = _tier(item.id, tiers)
    _marks(data, item.id, planned, attendance, friends)
    if status is not None:
        data["status"] = status.value
    return data


def unscheduled_status(item: Unscheduled, removed: set[str] | frozenset[str]) -> EventStatus:
    """As event_status decides for events: removed (kept as starred or noted), else cancelled, else on."""
    if item.id in removed:
        return EventStatus.REMOVED
    return EventStatus.CANCELLED if item.cancelled else EventStatus.SCHEDULED


def document(sessions: list[Session], events: list[Event], starred: set[str] | None = None,
             statuses: dict[str, EventStatus] | None = None, unscheduled: Sequence[Unscheduled] = (),
             removed: set[str] | frozenset[str] = frozenset(), *,
             tiers: Mapping[str, Tier] | None = None, planned: set[str] | None = None,
             attendance: Mapping[str, Attendance] | None = None,
             friends: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    """The JSON of list and parse: events by start, then the entries without a time in their
    schedule's order (``removed``: those kept only because they are starred or noted;
    ``tiers``: the stars' tiers, "tier" of each event; ``planned``, ``attendance``: the
    library's other marks)."""
    # A session of times published without a zone is on the venue's wall clock, as its
    # events are: no offset (it read "09:00:00+00:00" beside its events' "09:00:00").
    floating = {e.session for e in events if e.floating and not e.all_day}

    def clock(value: datetime | None, session: str) -> str | None:
        return value.replace(tzinfo=None).isoformat() if value is not None and session in floating else _iso(value)

    return {
        "sessions": [
            {"title": s.title, "chairs": list(s.chairs), "start": clock(s.start, s.title), "end": clock(s.end, s.title)}
            for s in sessions
        ],
        "events": [
            event_json(e, starred, statuses[e.id] if statuses is not None else None, tiers,
                       planned=planned, attendance=attendance, friends=friends)
            for e in sorted(events, key=lambda e: (e.start, e.end, e.id))
        ] + [
            unscheduled_json(u, starred, unscheduled_status(u, removed) if statuses is not None else None, tiers,
                             planned=planned, attendance=attendance, friends=friends)
            for u in unscheduled
        ],
    }


def print_json(data: object) -> None:
    """Indented for a person at a terminal; compact for pipes and scripts, where the
    indenting encoder (pure Python) would cost a third of a second at 50,000 events."""
    if sys.stdout.isatty():
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        write_compact(data, sys.stdout)  # the same bytes as json.dumps, in slices: twice as fast
    sys.stdout.write("\n")


def when(event: Event, zone: Any = None, offset: bool = False) -> str:
    """Day and time range in ``zone`` (default: as published), "+1 day" past midnight.

    Whole-day events show their dates, and times without a zone are shown as published
    and say so, whatever ``zone`` asks (planner.domain.days.event_times). ``offset``: say
    the UTC offset, for lines that put times of different zones side by side (a clash
    between two conferences' talks read "10:00 clashes with 04:30"). A reading the clock
    shows twice (02:30 the night the clocks go back) always says which.
    """
    if event.all_day:
        first, last = all_day_span(event)
        return f"{first:%a %d %b}, all day" if first == last else f"{first:%a %d %b}-{last:%a %d %b}, all day"
    start, end = event_times(event, zone)
    if offset and not event.floating:
        text = range_with_offset(start, end, "%a %d %b %H:%M").replace("\u2013", "-")
    else:
        text = f"{start:%a %d %b %H:%M}{repeated_hour_mark(start)}-{end_clock(start, end)}"
    if end.date() != start.date() and end - start < timedelta(days=1):
        text += " (+1 day)"  # past midnight; a range of a day or more names its end's day
    if event.floating:
        text += " (local time, no zone)"
    return text


def when_where(event: Event, zone: Any = None, offset: bool = False) -> str:
    """when(), then the room where the schedule names one, and a poster's board: where to
    be, not only when."""
    room = " ".join(event.room.split())  # one line, as a column: a file may wrap a long name
    place = room_and_board(room, " ".join(event.poster_position.split()))
    return f"{when(event, zone, offset)}  {place}" if place else when(event, zone, offset)


def zones_differ(events: Iterable[Event], zone: Any = None) -> bool:
    """Whether ``events`` shown in ``zone`` (None: each as published) are on different
    offsets, so that lines comparing them must say their offsets."""
    return len({event_times(e, zone)[0].utcoffset() for e in events if not e.all_day and not e.floating}) > 1


def short(event: Event, width: int = 70) -> str:
    # Lazy: about 9 ms the window's start (which imports planner.cli) does not need.
    from planner.text.readable import event_summary

    text = event_summary(event)
    return text if len(text) <= width else text[: width - 1] + "…"


def schedule_header(schedule: Schedule) -> str:
    return f"{schedule.title}: {counted(len(schedule.events), 'event')} ({schedule.format})"


def tagged(event: Event, status: EventStatus | None) -> str:
    """The event's summary, after "[removed]", "[cancelled]", "[changed]" or "[new]"."""
    if status is None or status is EventStatus.SCHEDULED:
        return short(event)
    return f"[{status.value}] {short(event)}"


def star_mark(event_id: str, starred: set[str], tiers: Mapping[str, Tier] | None) -> str:
    """The list's star column: "*" a must-see, "?" a maybe (to drop first), " " not starred."""
    if event_id not in starred:
        return " "
    return "?" if tiers is not None and tiers.get(event_id) is Tier.MAYBE else "*"


def print_events(events: Sequence[Event], starred: set[str], header: str = "", zone: Any = None,
                 statuses: dict[str, EventStatus] | None = None, tiers: Mapping[str, Tier] | None = None) -> None:
    if header:
        print(header)
    if not events:
        print("no events")
        return
    for event in events:
        mark = star_mark(event.id, starred, tiers)
        status = statuses[event.id] if statuses is not None else None
        print(f"{event.id}  {mark} {when_where(event, zone)}  {tagged(event, status)}")


def print_unscheduled(items: Sequence[Unscheduled], starred: set[str], removed: set[str] | frozenset[str] = frozenset(),
                      width: int = 70, tiers: Mapping[str, Tier] | None = None) -> None:
    """The entries without a time, after the events: "no time yet" where a time would be."""
    if not items:
        return
    # Lazy, as in short().
    from planner.text.readable import readable

    print(f"not scheduled yet: {counted(len(items), 'entry', 'entries')}")
    for item in items:
        mark = star_mark(item.id, starred, tiers)
        title = readable(item.title, item.markup).strip() or "Untitled"
        text = f"{item.type_name or item.heading}: {title}"
        if len(text) > width:
            text = text[: width - 1] + "…"
        status = unscheduled_status(item, removed)
        tag = "" if status is EventStatus.SCHEDULED else f"[{status.value}] "
        print(f"{item.id}  {mark} no time yet  {tag}{text}")
