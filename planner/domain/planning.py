"""Plan my day: the starred talks of one day that can all be attended, worth the most.

An attendee stars far more than one person can see. A star is worth its tier (must-see
``MUST_SEE`` = 3, maybe ``MAYBE`` = 1) and the plan is the set of starred talks that can
all be attended with the greatest total worth; among equally worthy plans the one with more
talks, then the one that is over earlier (an earlier evening off). Remaining ties are
broken by a fixed order of the talks (end, start, id), so the same stars always give the
same plan, whatever order they come in.

Two talks can both be attended when the first ends at least the walk between them before
the second starts: 0 minutes in one room, ``walk`` minutes between rooms of one building,
twice that between buildings (see building_of for where a room is); a talk whose room the
schedule does not name is in its session (one stream, as a virtual conference's track),
and with no session either never in the same room as another. Cancelled talks will
not happen, and whole-day events are no talk to sit in (an exhibition, a hackspace open all
day: planned, one would swallow the day; they have no clock time to plan around), nor are
events of a day or more (a sprint from Monday to Friday, a 24-hour CTF: planned, one would
swallow the week, and leave every talk beside it dropped); all are left out of the plan and
reported as skipped (planner.domain.days.runs_for_days). The starred posters of one poster session
count as one stop of the plan (planner.domain.route walks them board by board), worth all
their stars.

Events of one paper (Event.paper: its poster and its oral) are one paper to see: seeing one
is seeing the paper (as planner.domain.queries has it), so a plan is worth each paper's
stars once, and a second event of a planned paper adds nothing to it (_best_plan). Where
it still fits it is planned (more talks, as above); where it clashes it is dropped.

A talk of the day before's plan that runs on into this day (a night workshop until 10:00)
is attended first, worth nothing here (the day before counted it), and the day's talks are
planned around it (plan_day's ``carried``); a Plan B talk that clashes with it wins.

This is weighted interval scheduling, solved exactly by dynamic programming (_solve),
never greedily: picking the earliest end first takes the maybe that blocks a must-see, and
picking the must-sees first takes the long one that blocks two others.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import product

from planner.domain.days import runs_for_days
from planner.domain.model import Event
from planner.domain.route import routes

MUST_SEE = 3
MAYBE = 1
DEFAULT_WALK = 5  # minutes between two rooms of one building
MIN_GAP = timedelta(minutes=30)  # a shorter pause between talks is no gap to fill
# Ways of choosing which event of each twice-starred paper is worth its stars that are all
# tried (exact); past this, one paper's choice at a time, while the plan gets better.
EXACT_CHOICES = 64

Weights = Mapping[str, int] | Callable[[Event], int]
Buildings = Callable[[str], str]

# A FOSDEM room name starts with its building's code: letters, an optional dot, then the
# room's number, which may have dots and a letter of its own (H.2215, K.3.401, UA2.114,
# AW1.120, J.1.106, UD2.218A). The number must start with a digit: "D.research" is no room
# in a building D (see building_of). Upper-case letters only, at most two, so "Saal 1",
# "SoS Saal 6", "CDC Pentagon" and "UAct! Assembly" carry no code.
_CODE = re.compile(r"([A-Z]{1,2})\.?\d+(?:\.\d+)*[A-Za-z]?(?![\w.])")


def building_code(room: str) -> str | None:
    """The building code a room name starts with ("K" for "K.3.401"), or None."""
    found = _CODE.match(room.strip())
    return found.group(1) if found else None


def building_of(room: str) -> str:
    """The building a room is in: the code its name starts with, else the room itself.

    FOSDEM names rooms after their building at the ULB: H.2215 and H.1308 are in building
    H, K.3.401 and K.4.201 in K, UA2.114 in UA, AW1.120 in AW, J.1.106 in J. A room whose
    name carries no code is counted as a building of its own: FOSDEM 2010 has AW1.105,
    H.1301 and UA2.114, and also "Janson", "Chavanne", "Ferrer" and "Lameere", halls named
    after people; nothing in the name says which building one is in, so the walk to it is
    the long one, the safe guess in a venue of many buildings.

    That rule is only sane where some rooms carry codes; venue_buildings() decides, and is
    what plan_day uses unless told otherwise. Where no room does, the rooms are the halls
    of one venue (38C3's "Saal 1", "Saal GLITCH", "SoS Saal D", "Chaos Computer Music Club"
    in the CCH; DebConf 23's "Anamudi" and "Kuthiran"), and counting each as a building
    would make every change of room cost twice the walk the attendee set.

    Letters need a number after them: FOSDEM 2021 was online, and its "D.research",
    "S.checkmk", "M.misc", "K.fosdem" are a devroom, a stand, the main track and the
    keynotes, not rooms of buildings D, S, M and K (so that schedule has no codes at all).
    """
    return building_code(room) or room.strip()


def _one_venue(room: str) -> str:
    return ""


def venue_buildings(rooms: Iterable[str]) -> Buildings:
    """Where rooms are, for a venue whose rooms are these (pass a whole schedule's rooms).

    building_of when any room name carries a building code (FOSDEM at the ULB); else one
    building for all, so that a change of room costs the walk and no more (38C3, DebConf,
    FOSDEM 2021 online). See building_of for why.
    """
    if any(building_code(room) for room in rooms):
        return building_of
    return _one_venue


class Skip(StrEnum):
    """Why a starred event is not considered for the plan at all."""

    CANCELLED = "cancelled"
    ALL_DAY = "all-day"
    DAYS = "a day or more"  # a sprint, an exhibition: it runs beside the talks (runs_for_days)
    NO_TIME = "ends before it starts"  # a broken time: no walk can be measured from it


@dataclass(frozen=True, slots=True)
class Skipped:
    id: str
    reason: Skip


@dataclass(frozen=True, slots=True)
class Dropped:
    """A starred talk left out, and the planned talks it clashes with (in time order):
    those it cannot be attended with, walking time included. Never empty: a talk that
    clashed with nothing planned would have been planned."""

    id: str
    because: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Gap:
    """Free time between two consecutive planned talks, as their own times give it."""

    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class DayPlan:
    """The plan for one day: what to attend, and what that costs.

    ``plan`` holds ids in time order (the posters of one session together, by board);
    ``weight`` what the planned stars are worth; ``dropped`` every other starred talk with
    what it clashes with, by start; ``gaps`` the free stretches of MIN_GAP or more;
    ``skipped`` starred events never considered, by start; ``forced`` the talk replan_with
    put in whatever it cost, "" for a plain plan; ``carried`` a talk of the day before's
    plan that runs on into this day (a night workshop until 10:00): in the plan, worth
    nothing here, the day's talks planned around it; "" for none.
    """

    plan: tuple[str, ...]
    weight: int
    dropped: tuple[Dropped, ...] = ()
    gaps: tuple[Gap, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    forced: str = ""
    carried: str = ""


@dataclass(frozen=True, slots=True)
class _Stop:
    """One thing to be at: a talk, or the starred posters of one poster session.

    Times are whole seconds since the epoch, so comparisons are plain integers."""

    ids: tuple[str, ...]
    start: int
    end: int
    room: str  # a key: never equal for two stops whose room is unknown
    building: str
    weight: int
    talks: int
    start_at: datetime
    end_at: datetime


def _seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def _walk(a: _Stop, b: _Stop, walk: int) -> int:
    """Seconds to get from a's room to b's: 0, walk or twice walk."""
    if a.room == b.room:
        return 0
    return walk if a.building == b.building else 2 * walk


def _fits(first: _Stop, second: _Stop, walk: int) -> bool:
    """Whether ``second`` can be reached from ``first`` in time."""
    return first.end + _walk(first, second, walk) <= second.start


def _weigh(weights: Weights) -> Callable[[Event], int]:
    """A star's worth, checked: a star worth nothing would be planned only to fill time."""
    worth: Callable[[Event], int] = (lambda e: weights[e.id]) if isinstance(weights, Mapping) else weights

    def checked(event: Event) -> int:
        value = worth(event)
        if value <= 0:
            raise ValueError(f"event {event.id}: a star must be worth something, not {value}")
        return value

    return checked


def _skip_reason(event: Event) -> Skip | None:
    if event.cancelled:
        return Skip.CANCELLED
    if event.all_day:
        return Skip.ALL_DAY
    if runs_for_days(event):
        return Skip.DAYS
    if event.end < event.start:
        return Skip.NO_TIME
    return None


def _stops(events: Sequence[Event], weigh: Callable[[Event], int], buildings: Buildings) -> list[_Stop]:
    """The plannable events as stops: each poster session's starred posters as one."""
    stops = []
    in_route: set[str] = set()
    for route in routes(events):
        posters = list(route.events)  # in board order: the order to walk them in
        in_route.update(e.id for e in posters)
        stops.append(_stop(posters, weigh, buildings))
    stops.extend(_stop([event], weigh, buildings) for event in events if event.id not in in_route)
    return stops


def _stop(events: Sequence[Event], weigh: Callable[[Event], int], buildings: Buildings) -> _Stop:
    first = events[0]
    weight = sum(weigh(event) for event in events)
    room = first.room.strip()
    return _Stop(tuple(e.id for e in events), _seconds(first.start), _seconds(first.end), place_key(first),
                 buildings(room), weight, len(events), first.start, first.end)


def place_key(event: Event) -> str:
    """Where a talk is, for the walk: its room; without one, its session, which is one
    stream (a virtual conference's track, a session page: the bundled session's talks run
    back to back in it); with neither it could be anywhere, never 0 minutes from another."""
    room = event.room.strip()
    if room:
        return room
    if event.session.strip():
        return f"\0session\0{event.schedule}\0{event.session.strip()}"
    return f"\0{event.id}"


def same_place(a: Event, b: Event) -> bool:
    """Whether walking from ``a`` to ``b`` takes no time (see place_key)."""
    return place_key(a) == place_key(b)


class _Prefix:
    """Stops in (end, start, ids) order, with the best chain ending at or before each.

    Filled in that order, so at any moment it holds exactly the stops already solved.
    Entries are (weight, talks, -position): max() then prefers more worth, then more
    talks, then the stop that comes first in the order (a fixed tie-break)."""

    __slots__ = ("best", "ends")

    def __init__(self) -> None:
        self.ends: list[int] = []
        self.best: list[tuple[int, int, int]] = []

    def add(self, end: int, entry: tuple[int, int, int]) -> None:
        self.ends.append(end)
        self.best.append(max(entry, self.best[-1]) if self.best else entry)

    def upto(self, latest_end: int) -> tuple[int, int, int] | None:
        """The best among the solved stops that end at or before ``latest_end``."""
        k = bisect_right(self.ends, latest_end)
        return self.best[k - 1] if k else None


def _solve(stops: Sequence[_Stop], walk: int) -> list[_Stop]:
    """The best plan among ``stops``, in time order (``walk`` in seconds).

    Why consecutive talks are all that need checking: the walk d between rooms (0 in one
    room, w in one building, 2w otherwise) obeys d(a, c) <= max(d(a, b), d(b, c)), since
    a and c share a room (or a building) whenever both share it with b; so it obeys the
    triangle inequality. If a fits before b and b before c, then a.end + d(a, b) <= b.start
    <= b.end and b.end + d(b, c) <= c.start, so a.end + d(a, c) <= c.start: a fits before
    c. A chain of stops each reachable from the one before is therefore a set that can all
    be attended; and any such set, sorted by end, is such a chain. So the best plan is the
    best chain.

    Dynamic programming over stops sorted by (end, start, ids): value[j] is the best chain
    ending with stop j, j's worth plus the best value[i] of a stop i that fits before j
    (or nothing). Those i are, exactly, the union of three prefixes: stops in j's room
    ending by j.start; stops in j's building ending by j.start - w; any stop ending by
    j.start - 2w. Each class keeps its stops in end order with running maxima of value
    (_Prefix), so each is one binary search: O(n log n) in all. Only stops before j in the
    order are in the prefixes yet, which leaves out j itself (a zero-length talk fits
    before itself) and a zero-length talk at the same instant after it (that pair fits
    either way round, so the chain takes it after j).

    Values are (worth, talks) pairs compared in that order; both add up along a chain, so
    the best chain ending at j extends a best chain ending at its predecessor. The plan is
    the best value over every last stop j, an earlier j.end winning a tie: the finish of a
    chain is its last stop's end.
    """
    order = sorted(stops, key=lambda s: (s.end, s.start, s.ids))
    anywhere = _Prefix()
    rooms: dict[str, _Prefix] = {}
    buildings: dict[str, _Prefix] = {}
    value: list[tuple[int, int]] = []
    before: list[int] = []
    best: tuple[int, int, int, int] | None = None  # (worth, talks, -end, -position)
    for j, stop in enumerate(order):
        room = rooms.setdefault(stop.room, _Prefix())
        building = buildings.setdefault(stop.building, _Prefix())
        found = [c for c in (room.upto(stop.start), building.upto(stop.start - walk), anywhere.upto(stop.start - 2 * walk))
                 if c is not None]
        worth, talks, previous = stop.weight, stop.talks, -1
        if found:
            w, t, minus = max(found)
            worth, talks, previous = worth + w, talks + t, -minus
        value.append((worth, talks))
        before.append(previous)
        entry = (worth, talks, -j)
        room.add(stop.end, entry)
        building.add(stop.end, entry)
        anywhere.add(stop.end, entry)
        candidate = (worth, talks, -stop.end, -j)
        if best is None or candidate > best:
            best = candidate
    chain: list[_Stop] = []
    j = -best[3] if best is not None else -1
    while j >= 0:
        chain.append(order[j])
        j = before[j]
    chain.reverse()
    return chain


def _outcome(chain: Sequence[_Stop], others: Iterable[_Stop], skipped: list[Skipped], walk: int,
             min_gap: timedelta, forced: str = "", carried: str = "") -> DayPlan:
    """The plan of ``chain`` (in time order), with what it drops and leaves free."""
    # A chain's ends and starts both rise, and a stop fits after every planned stop ending
    # 2 walks before it starts, before every one starting 2 walks after it ends: only the
    # planned stops between those two can clash with it. Bisect, then check each.
    ends = [p.end for p in chain]
    starts = [p.start for p in chain]
    dropped: list[Dropped] = []
    for stop in sorted(others, key=lambda s: (s.start, s.end, s.ids)):
        lo = bisect_right(ends, stop.start - 2 * walk)
        hi = bisect_left(starts, stop.end + 2 * walk)
        because = tuple(i for p in chain[lo:hi] if not (_fits(p, stop, walk) or _fits(stop, p, walk)) for i in p.ids)
        dropped.extend(Dropped(i, because) for i in stop.ids)
    gaps = tuple(Gap(a.end_at, b.start_at) for a, b in zip(chain, chain[1:], strict=False)
                 if b.start_at - a.end_at >= min_gap)
    return DayPlan(tuple(i for p in chain for i in p.ids), sum(p.weight for p in chain), tuple(dropped), gaps,
                   tuple(skipped), forced, carried)


def _prepare(events: Iterable[Event], extra: Event | None) -> tuple[list[Event], list[Skipped]]:
    """Events by id (the first of each id), without those never planned."""
    unique: dict[str, Event] = {}
    for event in [*events, *([extra] if extra is not None else [])]:
        unique.setdefault(event.id, event)
    kept, skipped = [], []
    for event in sorted(unique.values(), key=lambda e: (e.start, e.end, e.id)):
        reason = _skip_reason(event)
        if reason is None:
            kept.append(event)
        elif event is not extra:
            skipped.append(Skipped(event.id, reason))
    return kept, skipped


def _walk_seconds(walk: int) -> int:
    if walk < 0:
        raise ValueError(f"the walk between rooms cannot be negative ({walk} minutes)")
    return int(walk * 60)


def plan_day(events: Iterable[Event], weights: Weights, *, walk: int = DEFAULT_WALK,
             buildings: Buildings | None = None, min_gap: timedelta = MIN_GAP,
             carried: Event | None = None) -> DayPlan:
    """The best plan for one day's starred ``events`` (see the module docstring).

    Args:
        events: the day's starred events; cancelled and whole-day ones are skipped.
        weights: what each star is worth, by event id or as a function of the event
            (MUST_SEE, MAYBE); every worth must be positive.
        walk: minutes between two rooms of one building; twice that between buildings.
        buildings: the building of a room name; by default venue_buildings() of the
            rooms of ``events`` (the command line and window pass the schedule's rooms).
        min_gap: the shortest free stretch reported as a gap.
        carried: a talk the day before's plan attends that runs on into this day (a night
            workshop until 10:00): attended, worth nothing here (the day before counted
            it), and the day's talks planned around it (DayPlan.carried). Ignored if it
            could not be planned at all (cancelled since, whole-day, of a day or more).

    O(n log n) for n starred talks.
    """
    if carried is not None and _skip_reason(carried) is not None:
        carried = None
    kept, skipped = _prepare(events, carried)
    where = buildings or venue_buildings(e.room for e in kept)
    seconds = _walk_seconds(walk)
    weigh = _weigh(weights)
    carried_id = carried.id if carried is not None else None

    def solve(stops: list[_Stop]) -> tuple[list[_Stop], list[_Stop], str]:
        return stops, _around(stops, [_stop_of(stops, carried)] if carried is not None else [], seconds), ""

    stops, chain, _ = _best_plan(kept, lambda e: 0 if e.id == carried_id else weigh(e), where, solve)
    chosen = {id(p) for p in chain}
    return _outcome(chain, (s for s in stops if id(s) not in chosen), skipped, seconds, min_gap,
                    carried=carried_id or "")


def replan_with(events: Iterable[Event], forced: Event, weights: Weights, *, walk: int = DEFAULT_WALK,
                buildings: Buildings | None = None, min_gap: timedelta = MIN_GAP,
                carried: Event | None = None) -> DayPlan:
    """Plan B: the best plan for the day that attends ``forced``, whatever it clashes with.

    ``forced`` may be starred (one of ``events``) or not (a talk running alongside a planned
    one); unstarred, it is worth nothing in the plan's weight. The plan is exact: every other
    talk of such a plan ends in time to walk to ``forced`` or starts after the walk from it,
    and any talk of the first kind fits before any of the second (the walk's triangle
    inequality, see _solve), so the best plan is the best plan of the talks before it, the
    forced talk, and the best plan of the talks after it, solved independently. The finish
    tie-break only concerns the talks after it.

    ``carried`` (plan_day's) stays in the plan where ``forced`` leaves room for it; a
    ``forced`` talk that clashes with it wins, as the attendee asked.

    Raises:
        ValueError: ``forced`` is cancelled, whole-day, of a day or more or ends before it starts.
    """
    reason = _skip_reason(forced)
    if reason is not None:
        raise ValueError(f"event {forced.id} cannot be planned: {reason}")
    if carried is not None and (carried.id == forced.id or _skip_reason(carried) is not None):
        carried = None
    starred = list(events)
    starred_ids = {e.id for e in starred} - ({carried.id} if carried is not None else set())
    kept, skipped = _prepare([*starred, *([carried] if carried is not None else [])], forced)
    where = buildings or venue_buildings(e.room for e in kept)
    weigh = _weigh(weights)
    seconds = _walk_seconds(walk)

    def solve(stops: list[_Stop]) -> tuple[list[_Stop], list[_Stop], str]:
        pins = [_stop_of(stops, forced)]
        kept_id = ""
        if carried is not None:
            kept_on = _stop_of(stops, carried)
            if kept_on is pins[0] or _fits(kept_on, pins[0], seconds) or _fits(pins[0], kept_on, seconds):
                pins = sorted({id(p): p for p in (*pins, kept_on)}.values(), key=lambda p: (p.start, p.end))
                kept_id = carried.id
            else:  # left for ``forced``: no longer the day's to plan or to say dropped
                stops = [s for s in stops if s is not kept_on]
        return stops, _around(stops, pins, seconds), kept_id

    stops, chain, kept_id = _best_plan(kept, lambda e: weigh(e) if e.id in starred_ids else 0, where, solve)
    chosen = {id(p) for p in chain}
    return _outcome(chain, (s for s in stops if id(s) not in chosen), skipped, seconds, min_gap, forced.id, kept_id)


Solved = tuple[list[_Stop], list[_Stop], str]  # the stops, the plan's chain among them, and a kept carried id


def _best_plan(events: Sequence[Event], weigh: Callable[[Event], int], buildings: Buildings,
               solve: Callable[[list[_Stop]], Solved]) -> Solved:
    """``solve``'s best plan, a paper's stars counted once (see the module docstring).

    For each paper with more than one of ``events``, one of them is worth its stars and
    the others nothing; every such choice is solved and the best plan kept (worth, talks,
    then the earlier finish; the first choice wins a tie: the earliest event of each
    paper). Exact: a plan is worth most under the choice that counts, for each of its
    papers, the event it attends worth most. Past EXACT_CHOICES choices, one paper's
    choice is changed at a time while that makes the plan better.
    """
    copies: dict[str, list[str]] = {}
    for event in events:
        if event.paper:
            copies.setdefault(event.paper, []).append(event.id)
    shared = [ids for ids in copies.values() if len(ids) > 1]

    def attempt(choice: Sequence[int]) -> tuple[tuple[int, int, int], Solved]:
        idle = {i for ids, k in zip(shared, choice, strict=True) for n, i in enumerate(ids) if n != k}
        found = solve(_stops(events, lambda e: 0 if e.id in idle else weigh(e), buildings))
        chain = found[1]
        return (sum(p.weight for p in chain), sum(p.talks for p in chain), -chain[-1].end if chain else 0), found

    choices = 1
    for ids in shared:
        choices *= len(ids)
    if choices <= EXACT_CHOICES:
        best = None
        for choice in product(*(range(len(ids)) for ids in shared)):
            tried = attempt(choice)
            if best is None or tried[0] > best[0]:
                best = tried
        assert best is not None  # product() of no papers is one empty choice
        return best[1]
    current = [0] * len(shared)
    best = attempt(current)
    better = True
    while better:
        better = False
        for n, ids in enumerate(shared):
            for k in range(len(ids)):
                trial = [*current[:n], k, *current[n + 1:]]
                tried = attempt(trial) if k != current[n] else best
                if tried[0] > best[0]:
                    best, current, better = tried, trial, True
    return best[1]


def _stop_of(stops: Sequence[_Stop], event: Event) -> _Stop:
    return next(s for s in stops if event.id in s.ids)


def _around(stops: Sequence[_Stop], pins: Sequence[_Stop], walk: int) -> list[_Stop]:
    """The best chain through ``pins`` (in time order, each fitting before the next): the
    best plan of the stops that fit before the first pin, then of those that fit between
    each two, then of those after the last, each solved on its own. Exact by the walk's
    triangle inequality (see _solve): whatever fits in one stretch fits with everything
    planned in the others. A stop that fits in no stretch clashes with a pin. Without
    pins, _solve's plan of all the stops."""
    stretches: list[list[_Stop]] = [[] for _ in range(len(pins) + 1)]
    pinned = {id(p) for p in pins}
    for stop in stops:
        if id(stop) in pinned:
            continue
        for n, stretch in enumerate(stretches):
            if (n == 0 or _fits(pins[n - 1], stop, walk)) and (n == len(pins) or _fits(stop, pins[n], walk)):
                stretch.append(stop)
                break
    chain: list[_Stop] = []
    for n, stretch in enumerate(stretches):
        chain += _solve(stretch, walk)
        if n < len(pins):
            chain.append(pins[n])
    return chain


def alternatives(talk: Event, events: Iterable[Event]) -> list[Event]:
    """What else runs while ``talk`` does, for a Plan B: events that share time with it,
    neither cancelled nor whole-day nor of a day or more (runs_for_days), by start, room and
    id. Ranking them (nearest room, most similar) is the caller's business."""
    found = [e for e in events if e.id != talk.id and not e.cancelled and not runs_for_days(e) and e.overlaps(talk)]
    found.sort(key=lambda e: (e.start, e.end, e.room, e.id))
    return found
