"""My agenda as an RFC 5545 calendar that every calendar program imports at the right time.

Times are written as UTC instants (``DTSTART:20201211T020000Z``): exact everywhere,
with no VTIMEZONE for a client to misread. UIDs derive from event ids, so exporting again
updates the same calendar entries instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from datetime import datetime, timedelta, timezone

from planner import __version__
from planner.domain.model import Event
from planner.export.revisions import ExportRecord
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
    revisions: Mapping[str, ExportRecord] | None = None,
    orphans: Sequence[ExportRecord] = (),
) -> bytes:
    """Serialize ``events`` as one VCALENDAR with a VEVENT each (and a VALARM if asked).

    ``revisions`` (from planner.export.revisions) give each event its SEQUENCE, LAST-MODIFIED
    and STATUS; ``orphans`` are cancellations of entries whose event is no longer exported.
    """
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
        location = ", ".join(dict.fromkeys(p for p in (event.room, readable(event.session)) if p))
        if location:
            vevent.add("location", location)
        vevent.add("categories", [event.kind.label])
        if event.url:
            vevent.add("url", event.url)
        record = (revisions or {}).get(event.id)
        if record is not None:
            _add_revision(vevent, record)
        if alarm_minutes is not None and not (record and record.cancelled):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary_for(event))
            alarm.add("trigger", timedelta(minutes=-alarm_minutes))
            vevent.add_component(alarm)
        calendar.add_component(vevent)
    for record in orphans:
        vevent = VEvent()
        vevent.add("uid", f"{record.event_id}@{UID_DOMAIN}")
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", datetime.fromisoformat(record.start).astimezone(timezone.utc))
        vevent.add("dtend", datetime.fromisoformat(record.end).astimezone(timezone.utc))
        vevent.add("summary", record.summary)
        _add_revision(vevent, record)
        calendar.add_component(vevent)
    return bytes(calendar.to_ical())


def _add_revision(vevent: Any, record: ExportRecord) -> None:
    vevent.add("sequence", record.sequence)
    vevent.add("last-modified", datetime.fromisoformat(record.modified_at).astimezone(timezone.utc))
    vevent.add("status", "CANCELLED" if record.cancelled else "CONFIRMED")
