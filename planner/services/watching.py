"""After the event: the missed must-see talks that can still be watched ("Watch later").

Shared by ``planner watch-later`` and the window. A talk is on the list when the attendee
marked it missed, it is starred as must-see (a missed maybe is no loss worth a list) and
its schedule links a recording of it (planner.domain.recordings says which link that is).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain.marks import Attendance, Tier
from planner.domain.model import Event, Link
from planner.domain.recordings import recording_of
from planner.store import Library


@dataclass(frozen=True, slots=True)
class WatchLater:
    """A missed must-see talk and the recording to watch."""

    event: Event
    recording: Link


def watch_later(library: Library, *, schedule_key: str | None = None) -> list[WatchLater]:
    """The missed must-see talks of ``schedule_key`` (None: every schedule) that have a
    recording, by start."""
    tiers = library.tiers()
    missed = [i for i, state in library.attendance().items() if state is Attendance.MISSED and tiers.get(i) is Tier.MUST]
    found = []
    for event in library.events_by_id(missed, schedule_key=schedule_key, abstract_chars=0):
        link = recording_of(event)
        if link is not None:
            found.append(WatchLater(event, link))
    return found
