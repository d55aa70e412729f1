"""Now and next: what is on at a moment and what starts after it, starred events first."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.model import Event, Kind
from planner.domain.queries import now_and_next

PST = timezone(timedelta(hours=-8))
T0 = datetime(2020, 12, 10, 18, 0, tzinfo=PST)


def ev(event_id: str, start: int, end: int, kind: Kind = Kind.TALK) -> Event:
    """An event from ``start`` to ``end`` minutes after 18:00 PST."""
    return Event(id=event_id, kind=kind, number=None, title=event_id, authors=(), abstract="",
                 start=T0 + timedelta(minutes=start), end=T0 + timedelta(minutes=end), session="S")


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def names(events: list[Event]) -> list[str]:
    return [e.id for e in events]


EVENING = [ev("a", 0, 15), ev("b", 15, 30), ev("c", 30, 45), ev("d", 45, 60), ev("e", 60, 75),
           ev("long", 0, 90)]


def test_on_now_includes_start_excludes_end() -> None:
    current, upcoming = now_and_next(EVENING, set(), at(15))
    assert names(current) == ["long", "b"]  # "a" ended at 18:15, "b" starts at 18:15
    assert names(upcoming) == ["c", "d", "e"]


def test_starred_first_in_both_lists() -> None:
    current, upcoming = now_and_next(EVENING, {"b", "e"}, at(20))
    assert names(current) == ["b", "long"]
    assert names(upcoming) == ["e", "c", "d"]


def test_the_next_starred_event_is_shown_however_far_ahead() -> None:
    events = [*EVENING, ev("late-starred", 600, 615)]
    _, upcoming = now_and_next(events, {"late-starred"}, at(20))
    assert names(upcoming) == ["late-starred", "c", "d"]
    assert len(upcoming) == 3


def test_limit_applies_to_both_lists() -> None:
    crowd = [ev(f"p{i}", 0, 60) for i in range(6)] + [ev(f"n{i}", 70 + i, 80) for i in range(6)]
    current, upcoming = now_and_next(crowd, {"p5"}, at(10), limit=2)
    assert names(current) == ["p5", "p0"]  # the starred one survives the cut
    assert names(upcoming) == ["n0", "n1"]


def test_before_between_and_after_the_programme() -> None:
    current, upcoming = now_and_next(EVENING, set(), at(-60))
    assert (names(current), names(upcoming)) == ([], ["a", "long", "b"])
    current, upcoming = now_and_next(EVENING, set(), at(80))  # only "long" still runs
    assert (names(current), names(upcoming)) == (["long"], [])
    assert now_and_next(EVENING, set(), at(200)) == ([], [])


def test_moment_in_another_zone_is_the_same_instant() -> None:
    berlin_time = at(20).astimezone(timezone(timedelta(hours=1)))
    assert now_and_next(EVENING, set(), berlin_time) == now_and_next(EVENING, set(), at(20))


minutes = st.integers(min_value=0, max_value=240)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(minutes, st.integers(min_value=1, max_value=120), st.booleans()), max_size=15),
    minutes,
    st.integers(min_value=1, max_value=4),
)
def test_invariants(specs: list[tuple[int, int, bool]], moment_min: int, limit: int) -> None:
    events = [ev(f"e{i:02d}", s, s + d) for i, (s, d, _) in enumerate(specs)]
    starred = {e.id for e, (_, _, star) in zip(events, specs, strict=True) if star}
    moment = at(moment_min)
    current, upcoming = now_and_next(events, starred, moment, limit)

    on = [e for e in events if e.start <= moment < e.end]
    later = sorted((e for e in events if e.start > moment), key=lambda e: (e.start, e.id))
    assert len(current) == min(limit, len(on)) and set(names(current)) <= set(names(on))
    assert len(upcoming) == min(limit, len(later)) and set(names(upcoming)) <= set(names(later))
    for found in (current, upcoming):
        marks = [e.id in starred for e in found]
        assert marks == sorted(marks, reverse=True), "starred events come first"
    # Nothing on now that is starred is dropped for an unstarred one.
    starred_on = {e.id for e in on if e.id in starred}
    if len(starred_on) >= limit:
        assert set(names(current)) <= starred_on
    else:
        assert starred_on <= set(names(current))
    # The soonest events are shown; the next starred one always is.
    next_starred = next((e for e in later if e.id in starred), None)
    if next_starred is not None:
        assert next_starred in upcoming
        expected = {next_starred.id} | set(names([e for e in later if e is not next_starred][: limit - 1]))
    else:
        expected = set(names(later[:limit]))
    assert set(names(upcoming)) == expected


def test_a_time_without_a_zone_is_on_by_this_computer_s_clock(computer_in_kolkata: None) -> None:
    """A floating 10:00 talk (held as 10:00 UTC, the venue's wall clock) is on at 10:05 on
    the attendee's clock, not at the instant 10:05 UTC (15:35 in Kolkata)."""
    from planner.domain.days import clock_reading, moment_for

    wall = datetime(2021, 2, 6, 10, 0, tzinfo=timezone.utc)
    keynote = Event(id="k", kind=Kind.TALK, number=None, title="k", authors=(), abstract="", start=wall,
                    end=wall + timedelta(minutes=25), session="S", floating=True)
    later = Event(id="l", kind=Kind.TALK, number=None, title="l", authors=(), abstract="",
                  start=wall + timedelta(minutes=30), end=wall + timedelta(minutes=55), session="S", floating=True)
    kolkata = timezone(timedelta(hours=5, minutes=30))
    five_past = datetime(2021, 2, 6, 10, 5, tzinfo=kolkata)  # 04:35 UTC
    assert clock_reading(five_past) == datetime(2021, 2, 6, 10, 5, tzinfo=timezone.utc)
    assert clock_reading(five_past.astimezone(timezone.utc)) == clock_reading(five_past)  # the instant decides
    assert moment_for(keynote, five_past) == clock_reading(five_past)
    assert moment_for(ev("zoned", 0, 15), five_past) is five_past
    assert now_and_next([keynote, later], set(), five_past) == ([keynote], [later])
    # At 10:05 UTC it is 15:35 here: both are over.
    assert now_and_next([keynote, later], set(), datetime(2021, 2, 6, 10, 5, tzinfo=timezone.utc)) == ([], [])
