"""What Planner remembers of each calendar export, so the next one updates it.

The store keeps these records and planner.export.revisions works out the next ones:
both layers share the type, so it lives below them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """What the last export said about one event.

    ``location``: the LOCATION it gave (room, session, a poster's board); None in records
    written before Planner kept it, which no export then counts as a change.
    """

    event_id: str
    sequence: int
    start: str
    end: str
    summary: str
    cancelled: bool
    modified_at: str
    location: str | None = None

    def moved(self, start: str, end: str, cancelled: bool, location: str | None) -> bool:
        """Whether the talk is now at another time or place, or on or off: what a calendar
        must hear. A record from before places were kept (location None) names none that
        could differ, so an upgrade does not count every entry as moved."""
        return ((self.start, self.end, self.cancelled) != (start, end, cancelled)
                or self.location not in (None, location))
