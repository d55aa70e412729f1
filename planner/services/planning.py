"""Plan my day, shared by ``planner plan`` and the window: which starred talks to attend.

The plan itself is planner.domain.planning's (exact, walking time included); this decides
what it is fed and where its result goes: the starred talks of one conference day in the
schedule's own clock (as the window's day tabs count days, 06:00 day change included, so
the 01:00 talk belongs to the evening before), each star worth its tier, the buildings of
the schedule's rooms (all of them: whether a venue's rooms carry building codes is a
question about the venue, not about the few rooms starred), and accepting a plan stores it
as the attendee's own marking (planned), never touching a star.

A starred talk its schedule no longer lists (kept because it is starred) will not take
place: it is left out of the plan, like a cancelled one, and reported as removed.

A talk belongs to the day it starts on, and is planned there; one that runs on into the
next day (38C3's workshop from 01:00 to 10:00 of the morning after its evening) is still
being attended then, so the next day's plan is made around it when the day before's plan
attends it (DayPlan.carried), rather than sending the attendee to a 09:00 talk as well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from planner.domain.days import (
    DAY_CHANGE_HOUR,
    conference_zone,
    days_covered,
    event_times,
    published_clock,
    runs_for_days,
    start_day,
)
from planner.domain.marks import Tier
from planner.domain.model import Event
from planner.domain.planning import DEFAULT_WALK, Buildings, DayPlan, plan_day, replan_with, venue_buildings
from planner.domain.status import UpdateFlag
from planner.store import Library
from planner.store.library import ScheduleInfo


class UnknownDay(ValueError):
    """A date that is no day of the schedules asked about (the message says which days are)."""


@dataclass(frozen=True)
class DayResult:
    """One conference day of one schedule, planned, with what it takes to show the plan.

    ``events`` holds every event of the day by id, starred or not (titles, rooms, times
    for the plan, its dropped talks and gaps; the talks running alongside for a Plan B);
    ``starred`` the day's starred talks in start order, ``removed`` those of them the
    schedule no longer lists (never planned), ``accepted`` the talks of the day stored as
    planned now. ``tiers``, ``buildings``, ``walk`` and ``friends`` (the starred talks a
    friend picked, when planning with friends) are what the plan was made with, kept for
    replan().
    """

    day: date
    schedule_key: str
    schedule_title: str
    zone: tzinfo | None  # the schedule's own clock, days and gaps are in it
    plan: DayPlan
    events: Mapping[str, Event]
    starred: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    accepted: frozenset[str] = frozenset()
    tiers: Mapping[str, Tier] = field(default_factory=dict)
    buildings: Buildings | None = None
    walk: int = DEFAULT_WALK
    friends: frozenset[str] = frozenset()

    @property
    def day_ids(self) -> list[str]:
        """Every event of the day: what accepting the plan decides about (not a talk
        carried on from the day before: that day's plan decides about it)."""
        return [i for i in self.events if i != self.plan.carried]

    @property
    def planned(self) -> list[Event]:
        """The plan's talks, in time order (one carried on from the day before first)."""
        return [self.events[i] for i in self.plan.plan]

    @property
    def own_plan(self) -> tuple[str, ...]:
        """The plan's talks of this day: without one carried on from the day before."""
        return tuple(i for i in self.plan.plan if i != self.plan.carried)

    @property
    def is_accepted(self) -> bool:
        """Whether the stored plan of the day is this one."""
        return bool(self.own_plan) and self.accepted == frozenset(self.own_plan)

    def tier(self, event_id: str) -> Tier | None:
        return self.tiers.get(event_id)

    @property
    def floating(self) -> bool:
        """Whether the day's times were published without a zone (the venue's wall clock)."""
        return any(self.events[i].floating for i in self.starred)

    def local(self, moment: datetime) -> datetime:
        """``moment`` on the schedule's clock (a time published without a zone stays as it is)."""
        if self.floating or self.zone is None:
            return moment
        return moment.astimezone(self.zone)

    def times(self, event_id: str) -> tuple[datetime, datetime]:
        """An event's start and end on the schedule's clock."""
        return event_times(self.events[event_id], self.zone)


FRIEND_BONUS = 1


def _weights(tiers: Mapping[str, Tier], friends: frozenset[str] = frozenset()) -> dict[str, int]:
    """Each star's worth: its tier's, plus FRIEND_BONUS where a friend picked the talk (when
    planning with friends). One point, the gap between a maybe and a must-see's thirds: a
    must-see still beats a maybe a friend picked, a must-see with a friend beats one without,
    and two maybes with friends (4) outweigh a lone must-see (3): time with friends is
    what the attendee asked to weigh."""
    return {i: t.weight + (FRIEND_BONUS if i in friends else 0) for i, t in tiers.items()}


def plan_days(library: Library, *, schedule_key: str | None = None, date: date | None = None,
              walk: int = DEFAULT_WALK, days_in: tuple[tzinfo, int] | None = None,
              with_friends: bool = False) -> list[DayResult]:
    """The plan of every day with starred talks (or only of ``date``), by date.

    Days are the conference's (its zone, nights ending at 06:00), or with ``days_in``
    (a zone and the hour its days change) the days the window shows in its display zone,
    so that the day planned is the day on screen.

    ``with_friends``: a starred talk a friend picked (planner.services.friends) is worth
    FRIEND_BONUS more.

    ``schedule_key`` None plans each schedule of the library that has starred talks, each on
    its own (two conferences share no rooms and no clock). A day whose accepted plan has
    no starred talk left is planned too (empty), so that accepting it clears the plan.

    Raises:
        UnknownDay: ``date`` is no day of the schedule(s).
        KeyError: no schedule ``schedule_key`` in the library.
        ValueError: ``walk`` is negative.
    """
    schedules = library.schedules()
    tiers = library.tiers()
    accepted = library.planned_ids()
    picked = frozenset(library.friends_by_event(tiers)) if with_friends else frozenset()
    if schedule_key is not None:
        chosen = [s for s in schedules if s.key == schedule_key]
        if not chosen:
            raise KeyError(schedule_key)
    else:
        marked = library.events(starred=True, abstract_chars=0)
        marked += library.events_by_id(accepted - tiers.keys(), abstract_chars=0)
        keys = {e.schedule for e in marked}
        chosen = [s for s in schedules if s.key in keys]
    marked_ids = {e.id for e in marked} if schedule_key is None else set()
    flags = library.statuses()
    results: list[DayResult] = []
    known: set[dt.date] = set()
    for info in chosen:
        zone, days = _days(library, info, days_in)
        known.update(days)
        if date is not None:
            wanted = [date] if date in days else []
        elif schedule_key is not None:
            wanted = list(days)
        else:
            wanted = [day for day, (ids, _, _) in days.items() if not ids.isdisjoint(marked_ids)]
        if not wanted:
            continue
        # Every room of the schedule: whether its rooms carry building codes is the venue's question.
        buildings = venue_buildings(room for _, room, _ in library.places(info.key))
        day_zone, change_hour = days_in if days_in is not None else (zone, DAY_CHANGE_HOUR)
        plans = _SchedulePlans(library, info, zone, days, (day_zone, change_hour), tiers, accepted, flags, picked,
                               buildings, walk, everything=schedule_key is not None)
        results += [r for r in map(plans.plan_of, wanted) if r is not None]
    if date is not None and date not in known:
        # No day of the schedules with stars: maybe a day of another schedule (nothing to plan).
        others = [s for s in schedules if s not in chosen] if schedule_key is None else []
        for info in others:
            known.update(_days(library, info, None)[1])
        if date not in known:
            raise UnknownDay(_unknown(date, chosen if schedule_key is not None else schedules, known))
    results.sort(key=lambda r: r.day)  # stable: schedules in library order within a day
    return results


class _SchedulePlans:
    """The day plans of one schedule, each made once: a day's plan may need the day
    before's, to know whether it ends with a talk that runs on into the day."""

    def __init__(self, library: Library, info: ScheduleInfo, zone: tzinfo | None,
                 days: Mapping[date, tuple[set[str], int, int]], days_in: tuple[tzinfo | None, int],
                 tiers: Mapping[str, Tier], accepted: frozenset[str] | set[str],
                 flags: Mapping[str, tuple[str, str]], picked: frozenset[str], buildings: Buildings,
                 walk: int, *, everything: bool) -> None:
        self.library, self.info, self.zone, self.days, self.days_in = library, info, zone, days, days_in
        self.tiers, self.accepted, self.flags, self.picked = tiers, accepted, flags, picked
        self.buildings, self.walk = buildings, walk
        self.everything = everything  # a day with nothing of the attendee's is planned too (empty)
        self._made: dict[date, DayResult | None] = {}

    def plan_of(self, day: date) -> DayResult | None:
        """The day's plan; None when nothing of the day is the attendee's (unless every day
        of the schedule was asked for)."""
        if day not in self._made:
            self._made[day] = self._plan(day)
        return self._made[day]

    def _plan(self, day: date) -> DayResult | None:
        ids, first, last = self.days[day]
        # The day's span of starts may hold another day's event (a floating or whole-day
        # one among zoned talks): its ids decide.
        day_events = [e for e in self.library.events_in_span(self.info.key, first, last, abstract_chars=0)
                      if e.id in ids]
        day_events.sort(key=lambda e: (e.start, e.end, e.id))
        starred = [e for e in day_events if e.id in self.tiers]
        stored = frozenset(e.id for e in day_events if e.id in self.accepted)
        if not starred and not stored and not self.everything:
            return None  # nothing of this day is the attendee's: no plan to show
        removed = tuple(e.id for e in starred if self.flags.get(e.id, ("", ""))[0] == UpdateFlag.REMOVED)
        gone = set(removed)
        friends = self.picked & {e.id for e in starred}
        carried = self._carried_into(day)
        plan = plan_day([e for e in starred if e.id not in gone], _weights(self.tiers, friends), walk=self.walk,
                        buildings=self.buildings, carried=carried)
        events = {e.id: e for e in day_events}
        tiers = {e.id: self.tiers[e.id] for e in starred}
        if plan.carried and carried is not None:
            events[carried.id] = carried
            tiers[carried.id] = self.tiers[carried.id]  # said with it; worth nothing here
        return DayResult(
            day, self.info.key, self.info.title, self.zone, plan, events,
            tuple(e.id for e in starred), removed, stored, tiers, self.buildings, self.walk, friends,
        )

    def _carried_into(self, day: date) -> Event | None:
        """The talk the day before's plan ends with, if it runs on into ``day`` (one a day or
        more long is planned on no day): the plan the attendee accepted for that day, if
        any, else the one made now. That plan is made, and its events read, only when one of
        the day before's starred or planned talks runs on into this one."""
        before = day - dt.timedelta(days=1)
        if before not in self.days:
            return None
        zone, hour = self.days_in
        ids = self.days[before][0] & (self.tiers.keys() | self.accepted)
        if not any(day in days_covered(e, zone, hour) and not runs_for_days(e)
                   for e in self.library.events_by_id(ids, schedule_key=self.info.key, abstract_chars=0)):
            return None
        result = self.plan_of(before)
        if result is None:
            return None
        kept = [result.events[i] for i in result.accepted] if result.accepted else result.planned
        last = max(kept, key=lambda e: (e.end, e.start, e.id), default=None)
        return last if last is not None and day in days_covered(last, zone, hour) else None


def _days(library: Library, info: ScheduleInfo, days_in: tuple[tzinfo, int] | None
          ) -> tuple[tzinfo | None, dict[date, tuple[set[str], int, int]]]:
    """A schedule's zone (conference_zone's) and, for each day, its events' ids and the
    first and last of their starts in UTC seconds; grouped as group_by_day groups the
    events themselves, from their starts alone. A plan then reads only the days it plans:
    reading all of a 50,000-event schedule for one day's plan took 0.7 s."""
    marks = library.event_start_marks(info.key)
    zone = conference_zone((), info.timezone) if info.timezone else None
    if zone is None and marks:  # the offsets the times were published with
        zone = published_clock(datetime.fromisoformat(start) for start in {mark[1] for mark in marks})
    day_zone, change_hour = days_in if days_in is not None else (zone, DAY_CHANGE_HOUR)
    days: dict[date, tuple[set[str], int, int]] = {}
    seen: dict[tuple[str, bool, bool], date] = {}  # talks share start times: each converted once
    for event_id, start, utc, all_day, floating in marks:
        day = seen.get((start, all_day, floating))
        if day is None:
            day = seen[(start, all_day, floating)] = start_day(datetime.fromisoformat(start), all_day, floating,
                                                               day_zone, change_hour)
        ids, first, last = days.get(day, (set(), utc, utc))
        ids.add(event_id)
        days[day] = (ids, min(first, utc), max(last, utc))
    return zone, dict(sorted(days.items()))


def _unknown(day: date, chosen: Sequence[ScheduleInfo], known: set[date]) -> str:
    """The one line that says ``day`` is no day of ``chosen``, and which days are."""
    if len(chosen) != 1:
        return f"no schedule in the library has talks on {day.isoformat()}"
    if not known:
        return f"{chosen[0].title} has no talks on {day.isoformat()}, nor on any day"
    first, last = min(known), max(known)
    span = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    return f"{chosen[0].title} has no talks on {day.isoformat()} (its days: {span})"


def replan(result: DayResult, forced: Event) -> DayResult:
    """Plan B: ``result``'s day planned again around ``forced`` (starred or a talk running
    alongside a planned one), with the same stars, walk and buildings, and the talk carried
    on from the day before where ``forced`` leaves room for it."""
    gone = set(result.removed)
    starred = [result.events[i] for i in result.starred if i not in gone]
    carried = result.events.get(result.plan.carried) if result.plan.carried else None
    plan = replan_with(starred, forced, _weights(result.tiers, result.friends), walk=result.walk,
                       buildings=result.buildings, carried=carried)
    events = dict(result.events)
    events.setdefault(forced.id, forced)
    if carried is not None and not plan.carried and carried.id != forced.id:
        del events[carried.id]  # Plan B's talk clashes with it: the day no longer holds it
    return DayResult(result.day, result.schedule_key, result.schedule_title, result.zone, plan, events,
                     result.starred, result.removed, result.accepted, result.tiers, result.buildings, result.walk,
                     result.friends)


def accept(library: Library, result: DayResult) -> None:
    """Store ``result``'s plan as the day's: of every event of that day, exactly the plan's
    talks are planned afterwards (a talk carried on from the day before is that day's to
    decide). Stars are left as they are: the plan is its own marking."""
    library.set_plan(result.day_ids, result.own_plan)
