"""follow_talks: a talk held several times in several rooms keeps each copy's star on
its own room and time when every id changes (38C3's soldering workshops)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.identity import _in_order, follow_talks
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


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 100), max_size=5), st.lists(st.integers(0, 100), max_size=5))
def test_pairs_in_order_are_as_close_as_any_pairing(first: list[int], second: list[int]) -> None:
    short, long = sorted(min(first, second, key=len)), sorted(max(second, first, key=len))
    pairs = _in_order([float(t) for t in short], [float(t) for t in long])
    assert sorted(i for i, _ in pairs) == list(range(len(short)))
    assert sorted(j for _, j in pairs) == sorted({j for _, j in pairs})  # each of long once at most
    assert sorted(pairs) == sorted(pairs, key=lambda p: p[1])  # never crossing
    least = min(sum(abs(a - long[j]) for a, j in zip(short, chosen, strict=True))
                for chosen in itertools.permutations(range(len(long)), len(short)))
    assert sum(abs(short[i] - long[j]) for i, j in pairs) == least
