"""Exporting again updates calendars instead of duplicating entries.

RFC 5545 lets a calendar replace an entry it already has when the new one carries the
same UID and a higher SEQUENCE. So the library remembers what each export said about
each event; the next export raises SEQUENCE where the time or title changed, and sends
STATUS:CANCELLED once for events that left the agenda (unstarred, or gone from the
schedule) so calendar programs remove them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from planner.domain.exports import ExportRecord
from planner.domain.model import Event
from planner.text.readable import event_summary


@dataclass(frozen=True, slots=True)
class Entry:
    """One VEVENT to write: the event (None when only the record is left), its revision."""

    record: ExportRecord
    event: Event | None


def plan(
    events: Iterable[Event],
    previous: Mapping[str, ExportRecord],
    *,
    removed: Collection[str] = (),
    in_scope: Collection[str] | None = None,
    now: str,
) -> list[Entry]:
    """Revisions for this export.

    ``events`` are the events to export; ``removed`` the ids among them that left the
    schedule; ``in_scope`` the ids this export speaks for (its schedule), so exporting
    one conference never cancels another's entries. Returns the entries in order; their
    records are what the library should remember.
    """
    entries: list[Entry] = []
    seen: set[str] = set()
    for event in events:
        seen.add(event.id)
        old = previous.get(event.id)
        start, end = event.start.isoformat(), event.end.isoformat()
        summary = event_summary(event)
        cancelled = event.id in removed or event.cancelled
        if old is None:
            entries.append(Entry(ExportRecord(event.id, 0, start, end, summary, cancelled, now), event))
            continue
        if cancelled and old.cancelled:
            continue  # the cancellation went out once already
        changed = (old.start, old.end, old.summary, old.cancelled) != (start, end, summary, cancelled)
        record = ExportRecord(
            event.id, old.sequence + 1 if changed else old.sequence, start, end, summary, cancelled,
            now if changed else old.modified_at,
        )
        entries.append(Entry(record, event))
    for event_id, old in previous.items():
        if event_id in seen or old.cancelled:
            continue
        if in_scope is not None and event_id not in in_scope:
            continue
        # Exported before, no longer in the agenda: tell calendars to drop it, once.
        entries.append(Entry(replace(old, sequence=old.sequence + 1, cancelled=True, modified_at=now), None))
    return entries
