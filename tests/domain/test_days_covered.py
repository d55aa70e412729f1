"""Which conference days an event is on: its own (where it starts) and each later day it
still runs on, past that day's end (the next day's change hour); and which events run
beside the talks (a day or more) rather than being busy time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from planner.domain.days import days_covered, group_by_day, group_by_days_covered, runs_for_days
from planner.domain.model import Event, Kind
from planner.domain.planning import MUST_SEE, Skip, plan_day
from planner.domain.queries import conflicts

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def ev(event_id: str, start: datetime, end: datetime, **changes: object) -> Event:
    event = Event(id=event_id, kind=Kind.TALK, number=None, title=event_id, authors=(), abstract="",
                  start=start, end=end, session="S", room="Saal 1")
    return replace(event, **changes) if changes else event


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=BERLIN)


def d(day: int, month: int = 12) -> date:
    return date(2024, month, day)


@pytest.mark.parametrize(("start", "end", "days"), [
    (at(27, 11), at(27, 12), [d(27)]),
    (at(27, 23), at(28, 1), [d(27)]),  # past midnight, before the day changes at 06:00
    (at(28, 1), at(28, 2), [d(27)]),  # 38C3's 01:00 talk: the evening before, and only it
    (at(27, 22), at(28, 6), [d(27)]),  # ends as the next day begins: not on it
    (at(28, 4, 30), at(28, 7), [d(27), d(28)]),  # a night set that runs into the next morning
    (at(27, 10), at(31, 18), [d(27), d(28), d(29), d(30), d(31)]),  # a sprint
    (at(27, 10), at(27, 10), [d(27)]),  # no length at all
])
def test_an_event_is_on_its_own_day_and_each_later_day_it_runs_into(
        start: datetime, end: datetime, days: list[date]) -> None:
    assert days_covered(ev("e", start, end), BERLIN) == days


def test_in_another_zone_days_change_at_midnight() -> None:
    late = ev("late", at(28, 4, 30), at(28, 7))  # 22:30-01:00 in New York
    assert days_covered(late, NEW_YORK, 0) == [d(27), d(28)]
    assert days_covered(ev("talk", at(28, 1), at(28, 2)), NEW_YORK, 0) == [d(27)]  # 19:00-20:00


def test_a_whole_day_event_is_on_each_of_its_dates_in_any_zone() -> None:
    midnight = datetime(2024, 12, 27, tzinfo=timezone.utc)
    expo = ev("expo", midnight, midnight + timedelta(days=3), all_day=True)
    for zone in (BERLIN, NEW_YORK, ZoneInfo("Asia/Tokyo")):
        assert days_covered(expo, zone) == [d(27), d(28), d(29)]
    one = ev("one", midnight, midnight + timedelta(days=1), all_day=True)
    assert days_covered(one, BERLIN) == [d(27)]


def test_grouping_by_days_covered_lists_an_event_on_each_in_start_order() -> None:
    sprint = ev("sprint", at(27, 10), at(29, 18))
    talks = [ev("a", at(27, 11), at(27, 12)), ev("b", at(28, 9), at(28, 10)), ev("c", at(29, 1), at(29, 2))]
    covered = group_by_days_covered([*talks, sprint], BERLIN)
    assert {day: [e.id for e in events] for day, events in covered.items()} == {
        d(27): ["sprint", "a"], d(28): ["sprint", "b", "c"], d(29): ["sprint"]}
    by_start = group_by_day([*talks, sprint], BERLIN)
    assert {day: [e.id for e in events] for day, events in by_start.items()} == {
        d(27): ["sprint", "a"], d(28): ["b", "c"]}


def test_what_runs_for_days_is_no_busy_time() -> None:
    assert runs_for_days(ev("sprint", at(27, 10), at(31, 18)))
    assert runs_for_days(ev("ctf", at(27, 18), at(28, 18)))  # exactly a day
    assert not runs_for_days(ev("workshop", at(28, 1), at(28, 10)))  # a long night, not a day
    midnight = datetime(2024, 12, 27, tzinfo=timezone.utc)
    assert runs_for_days(ev("expo", midnight, midnight + timedelta(days=1), all_day=True))


def test_a_sprint_clashes_with_no_talk_but_talks_still_clash_with_each_other() -> None:
    sprint = ev("sprint", at(27, 10), at(31, 18))
    expo = ev("expo", datetime(2024, 12, 27, tzinfo=BERLIN), datetime(2024, 12, 29, tzinfo=BERLIN), all_day=True)
    a, b = ev("a", at(27, 11), at(27, 12)), ev("b", at(27, 11, 30), at(27, 12, 30))
    later = ev("later", at(30, 11), at(30, 12))
    found = conflicts([sprint, expo, a, b, later])
    assert [(c.a.id, c.b.id) for c in found] == [("a", "b")]


def test_plan_my_day_leaves_out_what_runs_for_days_and_plans_the_talks_beside_it() -> None:
    sprint = ev("sprint", at(27, 10), at(31, 18))
    a, b = ev("a", at(27, 11), at(27, 12)), ev("b", at(27, 13), at(27, 14))
    plan = plan_day([sprint, a, b], dict.fromkeys(["sprint", "a", "b"], MUST_SEE))
    assert plan.plan == ("a", "b") and not plan.dropped
    assert [(s.id, s.reason) for s in plan.skipped] == [("sprint", Skip.DAYS)]
    assert [(g.start, g.end) for g in plan.gaps] == [(at(27, 12), at(27, 13))]  # the sprint fills no free time
