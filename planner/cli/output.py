"""What the commands print: events as JSON and as text lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from planner.domain.days import all_day_span, event_times
from planner.domain.model import Event, Schedule, Session
from planner.domain.status import EventStatus
from planner.text.wording import counted


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def event_json(event: Event, starred: set[str] | None, status: EventStatus | None = None) -> dict[str, Any]:
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
    if event.links:  # slides, recordings, feedback: as the schedule titled them
        data["links"] = [{"url": link.url, "title": link.title, "kind": link.kind.value} for link in event.links]
    if event.room:
        data["room"] = event.room
    if event.track:
        data["track"] = event.track
    if starred is not None:
        data["starred"] = event.id in starred
    if status is not None:
        data["status"] = status.value
    return data


def document(sessions: list[Session], events: list[Event], starred: set[str] | None = None,
             statuses: dict[str, EventStatus] | None = None) -> dict[str, Any]:
    return {
        "sessions": [
            {"title": s.title, "chairs": list(s.chairs), "start": _iso(s.start), "end": _iso(s.end)}
            for s in sessions
        ],
        "events": [
            event_json(e, starred, statuses[e.id] if statuses is not None else None)
            for e in sorted(events, key=lambda e: (e.start, e.end, e.id))
        ],
    }


def print_json(data: object) -> None:
    """Indented for a person at a terminal; compact for pipes and scripts, where the
    indenting encoder (pure Python) would cost a third of a second at 50,000 events."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent))
    sys.stdout.write("\n")


def when(event: Event, zone: Any = None) -> str:
    """Day and time range in ``zone`` (default: as published), "+1 day" past midnight.

    Whole-day events show their dates, and times without a zone are shown as published
    and say so, whatever ``zone`` asks (planner.domain.days.event_times).
    """
    if event.all_day:
        first, last = all_day_span(event)
        return f"{first:%a %d %b}, all day" if first == last else f"{first:%a %d %b}-{last:%a %d %b}, all day"
    start, end = event_times(event, zone)
    text = f"{start:%a %d %b %H:%M}-{end:%H:%M}"
    if end.date() != start.date():
        text += " (+1 day)"
    if event.floating:
        text += " (local time, no zone)"
    return text


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


def print_events(events: Sequence[Event], starred: set[str], header: str = "", zone: Any = None,
                 statuses: dict[str, EventStatus] | None = None) -> None:
    if header:
        print(header)
    if not events:
        print("no events")
        return
    for event in events:
        mark = "*" if event.id in starred else " "
        status = statuses[event.id] if statuses is not None else None
        print(f"{event.id}  {mark} {when(event, zone)}  {tagged(event, status)}")
