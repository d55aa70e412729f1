"""Exporting again updates calendars instead of duplicating entries.

RFC 5545 lets a calendar replace an entry it already has when the new one carries the
same UID and a higher SEQUENCE. So the library remembers what each export said about
each event; the next export raises SEQUENCE where the time, title or place changed (a talk
moved to another room must reach the calendar as surely as one moved to another hour: a
re-import with the same SEQUENCE is kept as the calendar has it), and sends
STATUS:CANCELLED once for events that left the agenda (unstarred, or gone from the
schedule) so calendar programs remove them.

A star's tier changes what the calendar shows too (a maybe-talk's category and the start
of its description, planner.export.ics), so it is part of what a record remembers: the
recorded summary of a maybe-talk ends in " (maybe)" (recorded_summary). Records of
must-see talks, and those written before tiers, are the bare summary, so upgrading
bumps nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from planner.domain.exports import ExportRecord
from planner.domain.marks import Tier
from planner.domain.model import Event
from planner.export.ics import location_for
from planner.text.readable import event_summary


@dataclass(frozen=True, slots=True)
class Entry:
    """One VEVENT to write: the event (None when only the record is left), its revision."""

    record: ExportRecord
    event: Event | None


MAYBE_MARK = " (maybe)"


def recorded_summary(event: Event, tier: Tier | None) -> str:
    """What a record keeps of the entry's title: its summary, marked when it is a maybe."""
    return event_summary(event) + (MAYBE_MARK if tier is Tier.MAYBE else "")


def plan(
    events: Iterable[Event],
    previous: Mapping[str, ExportRecord],
    *,
    removed: Collection[str] = (),
    in_scope: Collection[str] | None = None,
    now: str,
    tiers: Mapping[str, Tier] | None = None,
    held: Collection[str] = (),
) -> list[Entry]:
    """Revisions for this export.

    ``events`` are the events to export; ``removed`` the ids among them that left the
    schedule; ``in_scope`` the ids this export speaks for (its schedule), so exporting
    one conference never cancels another's entries; ``tiers`` the starred events' tiers
    (a change of tier is a change); ``held`` the ids whose entry still stands where it was
    sent even when cancelled (a CalDAV server keeps a cancelled object until it is deleted,
    where a calendar file's STATUS:CANCELLED was the last word), so that one leaving the
    agenda gets its entry (a deletion) though its record says cancelled. Returns the entries in order; their
    records are what the library should remember.
    """
    entries: list[Entry] = []
    seen: set[str] = set()
    for event in events:
        seen.add(event.id)
        old = previous.get(event.id)
        start, end = event.start.isoformat(), event.end.isoformat()
        summary = recorded_summary(event, (tiers or {}).get(event.id))
        cancelled = event.id in removed or event.cancelled
        location = location_for(event)
        if old is None:
            entries.append(Entry(ExportRecord(event.id, 0, start, end, summary, cancelled, now, location), event))
            continue
        if cancelled and old.cancelled:
            continue  # the cancellation went out once already
        changed = old.summary != summary or old.moved(start, end, cancelled, location)
        record = ExportRecord(
            event.id, old.sequence + 1 if changed else old.sequence, start, end, summary, cancelled,
            now if changed else old.modified_at, location,
        )
        entries.append(Entry(record, event))
    for event_id, old in previous.items():
        if event_id in seen or (old.cancelled and event_id not in held):
            continue
        if in_scope is not None and event_id not in in_scope:
            continue
        # Exported before, no longer in the agenda: tell calendars to drop it, once.
        entries.append(Entry(replace(old, sequence=old.sequence + 1, cancelled=True, modified_at=now), None))
    return entries
