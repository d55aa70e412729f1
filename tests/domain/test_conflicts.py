"""Conflicts among starred events: the sweep finds exactly the pairs that share time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.model import Event, Kind
from planner.domain.queries import conflicts

T0 = datetime(2024, 6, 3, 9, 0, tzinfo=timezone(timedelta(hours=2)))
ZONES = [timezone.utc, timezone(timedelta(hours=2)), timezone(timedelta(hours=-8))]


def ev(event_id: str, start: int, end: int, zone: timezone = ZONES[1]) -> Event:
    return Event(id=event_id, kind=Kind.TALK, number=None, title=event_id, authors=(), abstract="",
                 start=(T0 + timedelta(minutes=start)).astimezone(zone),
                 end=(T0 + timedelta(minutes=end)).astimezone(zone), session="S")


def test_one_entry_per_pair_with_the_overlap_in_minutes() -> None:
    found = conflicts([ev("x", 0, 60), ev("y", 30, 90), ev("z", 45, 50), ev("after", 90, 120)])
    assert {(c.a.id, c.b.id): c.overlap_minutes for c in found} == {
        ("x", "y"): 30, ("x", "z"): 5, ("y", "z"): 5,
    }


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(1, 120), st.sampled_from(ZONES)), max_size=12))
def test_sweep_matches_every_pair_brute_force(specs: list[tuple[int, int, timezone]]) -> None:
    events = [ev(f"e{i:02d}", s, s + d, zone) for i, (s, d, zone) in enumerate(specs)]
    found = conflicts(events)
    pairs = [frozenset((c.a.id, c.b.id)) for c in found]
    assert len(pairs) == len(set(pairs)), "each pair once"
    expected = {frozenset((a.id, b.id)) for i, a in enumerate(events) for b in events[i + 1:]
                if a.start < b.end and b.start < a.end}
    assert set(pairs) == expected
    for c in found:
        shared = min(c.a.end, c.b.end) - max(c.a.start, c.b.start)
        assert c.overlap_minutes == int(shared.total_seconds() // 60) > 0
        assert (c.a.start, c.a.end, c.a.id) <= (c.b.start, c.b.end, c.b.id)


def test_a_cancelled_talk_clashes_with_nothing() -> None:
    import dataclasses

    called_off = dataclasses.replace(ev("y", 30, 90), cancelled=True)
    assert [(c.a.id, c.b.id) for c in conflicts([ev("x", 0, 60), called_off, ev("z", 45, 50)])] == [("x", "z")]


def test_posters_of_one_session_do_not_clash_but_a_talk_beside_them_does() -> None:
    """A poster session is walked board to board (My agenda plans the route): its starred
    posters are no clash with each other, only with what else runs then."""
    from dataclasses import replace  # posters made from the helper's event

    base = ev("p1", 120, 300)
    first = replace(base, kind=Kind.POSTER, session="Poster Session 6")
    second = replace(first, id="p2", title="Another poster")
    other_session = replace(first, id="p3", session="Poster Session 7")
    talk = replace(base, id="t1", kind=Kind.ORAL, session="Orals")
    pairs = {frozenset((c.a.id, c.b.id)) for c in conflicts([first, second, other_session, talk])}
    assert frozenset(("p1", "p2")) not in pairs
    assert frozenset(("p1", "p3")) in pairs  # two sessions at once: a real choice
    assert frozenset(("p1", "t1")) in pairs and frozenset(("p2", "t1")) in pairs
