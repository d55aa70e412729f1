"""planner.services.planning: the starred talks of each conference day, planned and accepted.

Days are the schedule's own, as the window's day tabs count them: in its named zone (not in
the offset its times were published with), until 06:00 the next morning.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.domain.marks import Tier
from planner.domain.model import Event, Kind, Schedule
from planner.services.planning import DayResult, UnknownDay, accept, plan_days, replan
from planner.store import Library

UTC = timezone.utc
SAT, SUN = date(2025, 2, 1), date(2025, 2, 2)


def talk(event_id: str, start: str, minutes: int, room: str) -> Event:
    """A talk published in UTC (``start`` as "2025-02-01T08:00"); the schedule's zone is Brussels."""
    begin = datetime.fromisoformat(start).replace(tzinfo=UTC)
    return Event(id=event_id, kind=Kind.TALK, number=None, title=f"Talk {event_id}", authors=(), abstract="",
                 start=begin, end=begin + timedelta(minutes=minutes), session="Fest", room=room)


# Brussels is UTC+1 in February. Times below are UTC; in Brussels:
#   a  Janson  09:00-10:00 Sat       b  Ferrer  10:07-11:00 Sat (7 min after a)
#   late       00:30-01:30 Sun: still Saturday night, the conference's Saturday
#   dawn       06:30-07:00 Sun: Sunday (in UTC, 05:30, it would be Saturday night)
#   sun        10:00-10:30 Sun
#   other      a room with a building code, where nothing is starred
EVENTS = (
    talk("a", "2025-02-01T08:00", 60, "Janson"),
    talk("b", "2025-02-01T09:07", 53, "Ferrer"),
    talk("late", "2025-02-01T23:30", 60, "Janson"),
    talk("dawn", "2025-02-02T05:30", 30, "Janson"),
    talk("sun", "2025-02-02T09:00", 30, "Janson"),
    talk("other", "2025-02-01T12:00", 30, "H.1301"),
)


def fest(events: tuple[Event, ...] = EVENTS) -> Schedule:
    return Schedule(key="fest", title="Fest", events=events, format="test", timezone="Europe/Brussels")


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library(tmp_path / "library.sqlite3") as lib:
        lib.import_schedule(fest())
        yield lib


def by_day(results: list[DayResult]) -> dict[date, tuple[str, ...]]:
    return {r.day: r.starred for r in results}


def test_days_are_the_schedules_own_zone_with_the_night_in_the_day_before(library: Library) -> None:
    library.star(["a", "late", "dawn", "sun"])
    results = plan_days(library)
    # "late" (00:30 Sunday in Brussels) is Saturday night; "dawn" (06:30) is Sunday, though
    # at 05:30 UTC, the offset the times were published with, it would be Saturday night.
    assert by_day(results) == {SAT: ("a", "late"), SUN: ("dawn", "sun")}
    assert [r.schedule_key for r in results] == ["fest", "fest"]
    saturday = results[0]
    assert saturday.plan.plan == ("a", "late")
    assert [g.minutes for g in saturday.plan.gaps] == [14 * 60 + 30]
    assert saturday.local(saturday.plan.gaps[0].start).isoformat() == "2025-02-01T10:00:00+01:00"


def test_one_date_only_and_the_night_after_it(library: Library) -> None:
    library.star(["a", "late", "sun"])
    (saturday,) = plan_days(library, date=SAT)
    assert saturday.day == SAT and saturday.plan.plan == ("a", "late")
    assert set(saturday.day_ids) == {"a", "b", "late", "other"}  # every event of the day, starred or not


def test_a_day_without_talks_is_refused_and_says_which_days_there_are(library: Library) -> None:
    library.star(["a"])
    with pytest.raises(UnknownDay, match=r"Fest has no talks on 2025-02-05 \(its days: 2025-02-01 to 2025-02-02\)"):
        plan_days(library, schedule_key="fest", date=date(2025, 2, 5))
    # A day of the schedule with nothing starred is no error: an empty plan.
    (sunday,) = plan_days(library, schedule_key="fest", date=SUN)
    assert sunday.plan.plan == () and sunday.starred == ()


def test_buildings_come_from_every_room_of_the_schedule(library: Library) -> None:
    """Only H.1301 carries a building code, and nothing there is starred: the venue still has
    buildings, so Janson and Ferrer are two of them (twice the walk: 10 minutes, and b starts
    7 after a ends). Judged by the starred rooms alone they would be one venue (5 minutes)."""
    library.star(["a", "b"])
    (saturday,) = plan_days(library, date=SAT, walk=5)
    assert saturday.plan.plan == ("a",)
    assert [(d.id, d.because) for d in saturday.plan.dropped] == [("b", ("a",))]
    (short_walk,) = plan_days(library, date=SAT, walk=3)  # 6 minutes between buildings
    assert short_walk.plan.plan == ("a", "b")


def test_weights_are_the_tiers(library: Library) -> None:
    """a and b clash (see above): a must-see wins over a maybe, whichever it is."""
    library.star(["a"], tier=Tier.MAYBE)
    library.star(["b"], tier=Tier.MUST)
    (saturday,) = plan_days(library, date=SAT)
    assert saturday.plan.plan == ("b",) and saturday.plan.weight == 3
    assert saturday.tier("a") is Tier.MAYBE
    library.star(["a"], tier=Tier.MUST)
    library.star(["b"], tier=Tier.MAYBE)
    (saturday,) = plan_days(library, date=SAT)
    assert saturday.plan.plan == ("a",) and saturday.plan.weight == 3


def test_accepting_marks_the_plan_and_replaces_the_days_earlier_one(library: Library) -> None:
    library.star(["a", "b", "late", "sun"])
    saturday, sunday = plan_days(library)
    accept(library, saturday)
    accept(library, sunday)
    assert library.planned_ids() == {"a", "late", "sun"}
    assert library.starred_ids() == {"a", "b", "late", "sun"}  # the plan is its own marking
    again = plan_days(library, date=SAT)[0]
    assert again.is_accepted and again.accepted == {"a", "late"}
    # A shorter walk plans b too; accepting it changes Saturday's plan, not Sunday's.
    accept(library, plan_days(library, date=SAT, walk=3)[0])
    assert library.planned_ids() == {"a", "b", "late", "sun"}
    # Unstarred, a talk leaves the next plan, and accepting it leaves the planned marks.
    library.unstar(["b", "late"])
    accept(library, plan_days(library, date=SAT)[0])
    assert library.planned_ids() == {"a", "sun"}


def test_a_day_whose_plan_lost_every_star_is_still_shown_so_accepting_clears_it(library: Library) -> None:
    library.star(["a"])
    accept(library, plan_days(library)[0])
    library.unstar(["a"])
    (saturday,) = plan_days(library)
    assert saturday.plan.plan == () and saturday.accepted == {"a"}
    accept(library, saturday)
    assert library.planned_ids() == set()
    assert plan_days(library) == []


def test_a_starred_talk_gone_from_the_schedule_is_not_planned(library: Library) -> None:
    library.star(["a", "late"])
    library.import_schedule(fest(tuple(e for e in EVENTS if e.id != "late")))
    (saturday,) = plan_days(library)
    assert saturday.plan.plan == ("a",) and saturday.removed == ("late",)
    assert "late" not in {d.id for d in saturday.plan.dropped}


def test_each_schedule_is_planned_on_its_own(library: Library) -> None:
    other = Schedule(key="camp", title="Camp", events=(talk("c", "2025-02-01T08:00", 60, "Janson"),),
                     format="test", timezone="Europe/Brussels")
    library.import_schedule(other)
    library.star(["a", "c"])  # at the same time, in rooms of the same name, at two conferences
    results = plan_days(library)
    assert [(r.schedule_key, r.plan.plan) for r in results] == [("fest", ("a",)), ("camp", ("c",))]
    assert [r.plan.plan for r in plan_days(library, schedule_key="camp")] == [("c",)]


def test_plan_b_keeps_the_stars_walk_and_buildings(library: Library) -> None:
    library.star(["a", "b"])
    (saturday,) = plan_days(library, date=SAT)
    swapped = replan(saturday, saturday.events["b"])
    assert swapped.plan.plan == ("b",) and swapped.plan.forced == "b"
    assert [(d.id, d.because) for d in swapped.plan.dropped] == [("a", ("b",))]


def test_a_plan_of_one_day_reads_only_that_days_events(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window plans the day on screen: of a 50,000-event schedule, reading every event
    for it took 0.7 s (python -m benchmarks.plan_days)."""
    library.star(["a", "sun"])
    read: list[str] = []
    select = library._select_events

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = select(*args, **kwargs)
        read.extend(e.id for e in found)
        return found

    monkeypatch.setattr(library, "_select_events", counting)
    (sunday,) = plan_days(library, schedule_key="fest", date=SUN)
    assert sunday.plan.plan == ("sun",) and set(sunday.day_ids) == {"dawn", "sun"}
    # Saturday's starred talk too, alone: whether it runs on into Sunday (it does not, so
    # Saturday is not planned).
    assert sorted(read) == ["a", "dawn", "sun"]


def test_in_the_display_zone_a_floating_talk_keeps_the_venue_clocks_day(tmp_path: Path) -> None:
    """Days in another zone (the window's, days_in) move a zoned talk with the zone; a time
    published without a zone is the venue's wall clock and stays on its printed day."""
    venue = talk("venue", "2025-02-01T23:30", 30, "Hall")
    floating = replace(venue, id="floating", floating=True)
    zoned = talk("zoned", "2025-02-01T23:30", 30, "Hall")
    schedule = Schedule(key="mixed", title="Mixed", events=(floating, zoned), format="test", timezone="")
    with Library(tmp_path / "mixed.sqlite3") as lib:
        lib.import_schedule(schedule)
        lib.star(["floating", "zoned"])
        tokyo = plan_days(lib, days_in=(ZoneInfo("Asia/Tokyo"), 0))
        assert by_day(tokyo) == {SAT: ("floating",), SUN: ("zoned",)}  # 08:30 Sunday in Tokyo
        own = plan_days(lib)
        assert by_day(own) == {SAT: ("floating", "zoned")}


# A night workshop of Saturday (03:00-09:30 Sunday in Brussels: it starts before the 06:00
# day change) that runs on into Sunday morning, past "dawn" (06:30-07:00).
NIGHT = talk("night", "2025-02-02T02:00", 390, "Janson")
# Saturday night too, 03:30-04:30 in another room: during the workshop.
RIVAL = talk("rival", "2025-02-02T02:30", 60, "Ferrer")


@pytest.fixture
def night_fest(tmp_path: Path) -> Iterator[Library]:
    """The fest with the night workshop and its rival, nothing starred."""
    with Library(tmp_path / "library.sqlite3") as lib:
        lib.import_schedule(fest((*EVENTS, NIGHT, RIVAL)))
        yield lib


def test_a_talk_running_on_into_the_next_day_is_planned_around_there(night_fest: Library) -> None:
    """Saturday's plan attends the night workshop until 09:30 Sunday: Sunday's plan is made
    around it (carried), and leaves out the 06:30 talk it would otherwise send the attendee
    to, rather than planning both. The workshop counts on Saturday, not twice."""
    night_fest.star(["night", "dawn", "sun"])
    saturday, sunday = plan_days(night_fest)
    assert saturday.day == SAT and saturday.plan.plan == ("night",) and not saturday.plan.carried
    assert sunday.plan.plan == ("night", "sun") and sunday.plan.carried == "night"
    assert sunday.plan.weight == 3 and sunday.own_plan == ("sun",)  # the workshop is Saturday's worth
    assert [(d.id, d.because) for d in sunday.plan.dropped] == [("dawn", ("night",))]
    assert sunday.starred == ("dawn", "sun") and "night" not in sunday.day_ids
    assert [e.id for e in sunday.planned] == ["night", "sun"]
    # Sunday asked for alone: Saturday is planned to know, and it says the same.
    (alone,) = plan_days(night_fest, date=SUN)
    assert alone.plan == sunday.plan
    # Accepting Sunday decides about Sunday's talks only; the workshop is Saturday's.
    accept(night_fest, sunday)
    assert night_fest.planned_ids() == {"sun"}
    (again,) = plan_days(night_fest, date=SUN)
    assert again.is_accepted
    # Plan B around the 06:30 talk: the attendee leaves the workshop for it.
    dawn = replan(sunday, sunday.events["dawn"])
    assert dawn.plan.plan == ("dawn", "sun") and not dawn.plan.carried and "night" not in dawn.events
    # Around the 10:00 talk: the workshop is still attended before it.
    later = replan(sunday, sunday.events["sun"])
    assert later.plan.plan == ("night", "sun") and later.plan.carried == "night"


def test_a_night_talk_the_day_before_does_not_attend_is_no_busy_time_the_next_day(night_fest: Library) -> None:
    """Saturday's plan prefers a must-see at 03:30 to the (maybe) workshop, so Sunday's plan
    does not carry the workshop, and plans the 06:30 talk."""
    night_fest.star(["rival", "dawn", "sun"])
    night_fest.star(["night"], tier=Tier.MAYBE)
    saturday, sunday = plan_days(night_fest)
    assert saturday.plan.plan == ("rival",) and [d.id for d in saturday.plan.dropped] == ["night"]
    assert sunday.plan.plan == ("dawn", "sun") and not sunday.plan.carried


def test_the_day_befores_accepted_plan_decides_what_runs_on(night_fest: Library) -> None:
    """The attendee accepted a Saturday without the night workshop (Plan B around the 03:30
    talk): Sunday is planned without it, though Saturday's plan made now would attend it."""
    night_fest.star(["night", "dawn", "sun"])
    night_fest.star(["rival"], tier=Tier.MAYBE)
    saturday, sunday = plan_days(night_fest)
    assert saturday.plan.plan == ("night",) and sunday.plan.carried == "night"
    accept(night_fest, replan(saturday, saturday.events["rival"]))
    saturday, sunday = plan_days(night_fest)
    assert saturday.accepted == {"rival"} and saturday.plan.plan == ("night",)  # made now
    assert sunday.plan.plan == ("dawn", "sun") and not sunday.plan.carried  # as accepted
    accept(night_fest, saturday)  # the workshop after all
    assert plan_days(night_fest, date=SUN)[0].plan.carried == "night"
