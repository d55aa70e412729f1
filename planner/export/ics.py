"""My agenda as an RFC 5545 calendar that every calendar program imports at the right time.

Times are written as UTC instants (``DTSTART:20201211T020000Z``): exact everywhere,
with no VTIMEZONE for a client to misread. UIDs derive from event ids, so exporting again
updates the same calendar entries instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone

from planner import __version__
from planner.domain.model import Event
from planner.text import event_summary as summary_for
from planner.text import readable

PRODID = f"-//Planner//Planner {__version__}//EN"
UID_DOMAIN = "planner.invalid"


def uid_for(event: Event) -> str:
    """Same event, same UID, on every export."""
    return f"{event.id}@{UID_DOMAIN}"


def description_for(event: Event, note: str = "") -> str:
    parts: list[str] = []
    if event.authors:
        parts.append(", ".join(readable(a) for a in event.authors))
    if event.abstract:
        parts.append(readable(event.abstract))
    if note.strip():
        parts.append("My note: " + note.strip())
    return "\n\n".join(parts)


def to_ics(
    events: Sequence[Event],
    *,
    name: str = "My agenda",
    alarm_minutes: int | None = None,
    notes: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> bytes:
    """Serialize ``events`` as one VCALENDAR with a VEVENT each (and a VALARM if asked)."""
    from icalendar import Alarm, Calendar
    from icalendar import Event as VEvent

    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in sorted(events, key=lambda e: (e.start, e.id)):
        vevent = VEvent()
        vevent.add("uid", uid_for(event))
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", event.start.astimezone(timezone.utc))
        vevent.add("dtend", event.end.astimezone(timezone.utc))
        vevent.add("summary", summary_for(event))
        description = description_for(event, (notes or {}).get(event.id, ""))
        if description:
            vevent.add("description", description)
        location = ", ".join(p for p in (event.room, readable(event.session)) if p)
        if location:
            vevent.add("location", location)
        vevent.add("categories", [event.kind.label])
        if event.url:
            vevent.add("url", event.url)
        if alarm_minutes is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary_for(event))
            alarm.add("trigger", timedelta(minutes=-alarm_minutes))
            vevent.add_component(alarm)
        calendar.add_component(vevent)
    return bytes(calendar.to_ical())
