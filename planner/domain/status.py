"""Whether an event is still on, decided once for every view and output.

Two facts feed it: the schedule's own word (``Event.cancelled``) and what the last update
of the library did to the event (the store's flag: '' unchanged, 'new', 'changed',
'removed'). Views must not combine them themselves, or one of them shows a talk that
left the schedule as if it were still on.
"""

from __future__ import annotations

from enum import StrEnum

from planner.domain.model import Event


class EventStatus(StrEnum):
    """An event's standing; the values are the command line's JSON contract."""

    SCHEDULED = "scheduled"  # on, unchanged by the last update (or never updated)
    NEW = "new"  # on, added by the last update
    CHANGED = "changed"  # on, altered by the last update (time, room, title ..., or back after a removal)
    CANCELLED = "cancelled"  # still listed, but the schedule says it will not happen
    REMOVED = "removed"  # no longer in the schedule (kept because it was starred or has a note)

    @property
    def is_on(self) -> bool:
        """True when the event is expected to happen (worth offering as now or next)."""
        return self not in (EventStatus.CANCELLED, EventStatus.REMOVED)


class UpdateFlag(StrEnum):
    """What the last update of its schedule did to an event, as the store keeps it."""

    UNCHANGED = ""
    NEW = "new"
    CHANGED = "changed"
    REMOVED = "removed"  # kept only because it is starred or has a note


# A flag not listed here is an error, never "scheduled".
_FLAGS: dict[str, EventStatus] = {UpdateFlag.UNCHANGED: EventStatus.SCHEDULED, UpdateFlag.NEW: EventStatus.NEW,
          UpdateFlag.CHANGED: EventStatus.CHANGED, UpdateFlag.REMOVED: EventStatus.REMOVED}


def event_status(event: Event, update_flag: str = "") -> EventStatus:
    """The status of ``event`` given the library's ``update_flag`` for it.

    Removed wins over everything (a removed event was also cancelled, in effect);
    cancelled wins over new and changed (what matters is that it will not happen).

    Raises:
        ValueError: ``update_flag`` is not one the store writes.
    """
    try:
        flagged = _FLAGS[update_flag]
    except KeyError:
        raise ValueError(f"event {event.id}: unknown update flag {update_flag!r}") from None
    if flagged is EventStatus.REMOVED:
        return flagged
    if event.cancelled:
        return EventStatus.CANCELLED
    return flagged
