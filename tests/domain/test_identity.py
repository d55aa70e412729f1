"""follow_talks: a talk held several times in several rooms keeps each copy's star on
its own room and time when every id changes (38C3's soldering workshops); an id made from
a position is no evidence beyond its time; a title alone is the last evidence."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.identity import _in_order, follow_schedule, follow_talks
from planner.domain.model import Event, Kind, Unscheduled

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


def _run(event_id: str, day: int, speakers: tuple[str, ...] = ("Ada",), title: str = "Rockets löten") -> Event:
    return replace(_workshop(event_id, "Station 1", 0), title=title, authors=speakers,
                   start=T0 + timedelta(days=day), end=T0 + timedelta(days=day, hours=1))


def test_a_run_numbered_by_its_position_is_followed_by_its_time_not_its_number() -> None:
    # Runs sharing a UID are numbered in start order: dropping the first renumbers the rest.
    old = [_run("run", 0), _run("run#1", 1), _run("run#2", 2)]
    followed, renamed = follow_talks(old, [_run("run", 1), _run("run#1", 2)])
    assert [e.id for e in followed] == ["run#1", "run#2"]
    assert renamed == {"run": "run#1", "run#1": "run#2"}
    # The same id, had the reader made it from the file's own identity, is that run, moved.
    followed, _ = follow_talks(old[:1], [_run("run", 1)], published={"run"})
    assert [e.id for e in followed] == ["run"]


def test_runs_numbered_by_position_pair_by_time_when_one_is_added_before_them() -> None:
    # Monday and Tuesday runs; the update adds a Sunday run and moves Tuesday's to Wednesday,
    # with a second speaker for each. Sunday's run, numbered first now, took Monday's star by
    # that number, and Monday's took Tuesday's.
    two = ("Ada", "Bo")
    old = [_run("p0", 1), _run("p1", 2)]
    followed, _ = follow_talks(old, [_run("p0", 0, two), _run("p1", 1, two), _run("p2", 3, two)])
    assert {e.start.day - T0.day: e.id for e in followed if e.id in ("p0", "p1")} == {1: "p0", 3: "p1"}
    assert followed[0].id not in ("p0", "p1", "p2")  # the Sunday run is new, under an id of its own


def test_a_position_whose_talk_changed_entirely_leaves_the_old_talk_removed() -> None:
    old = [_run("s3", 0, ("Ann",), "Foo"), _run("s4", 0, ("Cy",), "Baz")]
    # Slot 3 of a session page holds another paper at another time: nothing says it is Foo,
    # whose star and note are better shown removed than on Bar.
    followed, _ = follow_talks(old, [_run("s3", 1, ("Bob",), "Bar"), _run("s4", 0, ("Cy",), "Baz")])
    assert followed[0].id not in ("s3", "s4") and followed[1].id == "s4"
    # In the same slot at the same time, it is the slot's talk, retitled and its speakers changed.
    followed, _ = follow_talks(old, [_run("s3", 0, ("Bob",), "Bar"), _run("s4", 0, ("Cy",), "Baz")])
    assert [e.id for e in followed] == ["s3", "s4"]
    # A published id is the talk whatever changed.
    followed, _ = follow_talks(old, [_run("s3", 1, ("Bob",), "Bar")], published={"s3"})
    assert [e.id for e in followed] == ["s3"]


def test_a_title_alone_comes_after_every_other_evidence() -> None:
    old = [_run("a", 0, ("Jose",), "TBA"), _run("b", 1, ("Hector",), "Treasurer BoF")]
    new = [_run("a", 0, ("Jose",), "Why Debian"), _run("b", 1, (), "TBA")]
    for published in (frozenset(), frozenset({"a", "b"})):
        followed, renamed = follow_talks(old, new, published)
        assert followed[0].id == "a" and renamed.get("a") is None
    # Jose's talk moved as well: only its guid and speakers say it is the "TBA".
    moved = [replace(new[0], start=new[0].start + timedelta(hours=2)), new[1]]
    followed, _ = follow_talks(old, moved, {"a", "b"})
    assert [e.id for e in followed] == ["a", "b"]


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


def _entry(entry_id: str, title: str, authors: tuple[str, ...]) -> Unscheduled:
    return Unscheduled(id=entry_id, kind=Kind.POSTER, title=title, authors=authors)


def _poster(event_id: str, title: str, authors: tuple[str, ...], hour: int = 0) -> Event:
    start = T0 + timedelta(hours=hour)
    return Event(id=event_id, kind=Kind.POSTER, number=None, title=title, authors=authors, abstract="",
                 start=start, end=start + timedelta(hours=3), session="Poster Session 1")


def test_an_entry_without_a_time_is_continued_by_the_event_that_gives_it_one() -> None:
    """follow_schedule: a paper on the reading list re-listed with a time under another id."""
    old_entries = [_entry("vs-1", "Awaited paper", ("Wa",)), _entry("vs-2", "Still waiting", ("St",))]
    events, entries, renamed = follow_schedule(
        [], old_entries, [_poster("vs-3", "Awaited paper", ("Wa",))], [_entry("vs-2", "Still waiting", ("St",))],
        published={"vs-2", "vs-3"})
    assert [e.id for e in events] == ["vs-1"] and [u.id for u in entries] == ["vs-2"]
    assert renamed == {"vs-3": "vs-1"}


def test_an_id_never_names_both_an_event_and_an_entry() -> None:
    """A poster that lost its time keeps its id as an entry; the new poster of the same
    title and authors cannot take that id too."""
    events, entries, _ = follow_schedule(
        [_poster("vs-1", "Dup paper", ("Du",))], [],
        [_poster("vs-9", "Dup paper", ("Du",), hour=24)],
        [_entry("vs-1", "Dup paper", ("Du",))], published={"vs-1", "vs-9"})
    assert [u.id for u in entries] == ["vs-1"] and [e.id for e in events] == ["vs-9"]
    # Without published ids (positions), one of them continues it, and the other is not given its id.
    events, entries, _ = follow_schedule(
        [_poster("p-1", "Dup paper", ("Du",))], [],
        [_poster("p-1", "Dup paper", ("Du",), hour=24)], [_entry("p-1", "Dup paper", ("Du",))])
    assert len({events[0].id, entries[0].id}) == 2 and "p-1" in {events[0].id, entries[0].id}


def test_entries_are_never_paired_by_a_time_they_do_not_have() -> None:
    """Two papers of one author without a time: the one withdrawn does not hand its star to
    the one added, as "same speakers at the same time" would for events."""
    _, entries, renamed = follow_schedule([], [_entry("vs-1", "First paper", ("Ada",))], [],
                                          [_entry("vs-2", "Second paper", ("Ada",))], published={"vs-2"})
    assert [u.id for u in entries] == ["vs-2"] and renamed == {}
