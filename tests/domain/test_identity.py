"""follow_talks: a talk held several times in several rooms keeps each copy's star on
its own room and time when every id changes (38C3's soldering workshops)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from planner.domain.identity import follow_talks
from planner.domain.model import Event, Kind

T0 = datetime(2024, 12, 27, 11, 0, tzinfo=timezone.utc)


def _workshop(event_id: str, room: str, hour: int) -> Event:
    start = T0 + timedelta(hours=hour)
    return Event(id=event_id, kind=Kind.WORKSHOP, number=None, title="Rockets löten", authors=("Ada",),
                 abstract="", start=start, end=start + timedelta(hours=1), session="", room=room)


def test_each_copy_of_a_repeated_workshop_keeps_its_room_and_time() -> None:
    old = [_workshop(f"old-{room[-1]}-{hour}", room, hour) for hour in range(3) for room in ("Station 1", "Station 2")]
    # Every id new (a renumbered file), and the file lists Station 2 first this time.
    new = [_workshop(f"new-{room[-1]}-{hour}", room, hour) for hour in range(3) for room in ("Station 2", "Station 1")]
    followed, _ = follow_talks(old, new)
    by_id = {e.id: e for e in old}
    for event in followed:
        before = by_id[event.id]
        assert (event.room, event.start) == (before.room, before.start), event.id


def test_a_repeated_workshop_that_moves_an_hour_still_follows_its_room() -> None:
    old = [_workshop("b", "Station 1", 0), _workshop("a", "Station 2", 0)]
    new = [_workshop("x", "Station 2", 1), _workshop("y", "Station 1", 1)]
    followed, _ = follow_talks(old, new)
    assert {e.room: e.id for e in followed} == {"Station 1": "b", "Station 2": "a"}
