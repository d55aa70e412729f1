"""Plan my day: the exact optimum (checked against every subset), walks, ties and Plan B."""

from __future__ import annotations

import html
import itertools
import random
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.model import Event, Kind
from planner.domain.planning import (
    MAYBE,
    MUST_SEE,
    DayPlan,
    Dropped,
    Gap,
    Skip,
    Skipped,
    alternatives,
    building_of,
    plan_day,
    replan_with,
    venue_buildings,
)

T0 = datetime(2025, 2, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))
ZONES = [timezone(timedelta(hours=1)), timezone.utc, timezone(timedelta(hours=-5))]
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "schedule-xml"

# Rooms in three buildings and one hall of its own (building_of gives each its building).
ROOMS = ["H.1301", "H.1302", "K.3.401", "K.4.201", "UA2.114", "Janson"]


def ev(event_id: str, start: int, end: int, room: str = "H.1301", **changes: object) -> Event:
    """A talk from ``start`` to ``end`` minutes after 09:00."""
    event = Event(id=event_id, kind=Kind.TALK, number=None, title=f"Talk {event_id}", authors=(), abstract="",
                  start=T0 + timedelta(minutes=start), end=T0 + timedelta(minutes=end), session="S", room=room)
    return replace(event, **changes) if changes else event


def whole_day(event_id: str) -> Event:
    midnight = T0.replace(hour=0)
    return replace(ev(event_id, 0, 0), all_day=True, start=midnight, end=midnight + timedelta(days=1))


def plan(events: list[Event], weights: dict[str, int] | None = None, walk: int = 5) -> DayPlan:
    return plan_day(events, weights or dict.fromkeys((e.id for e in events), MUST_SEE), walk=walk,
                    buildings=building_of)


# Brute force, written from the rules and nothing of the module but building_of.

def walk_between(a: Event, b: Event, walk: int) -> timedelta:
    if a.room and a.room == b.room:
        return timedelta(0)
    return timedelta(minutes=walk if building_of(a.room) == building_of(b.room) else 2 * walk)


def together(a: Event, b: Event) -> bool:
    """Posters of one poster session: walked board to board, no clash."""
    return (a.kind is b.kind is Kind.POSTER and a.session == b.session and a.start == b.start
            and a.end == b.end)


def compatible(a: Event, b: Event, walk: int) -> bool:
    gap = walk_between(a, b, walk)
    return together(a, b) or a.end + gap <= b.start or b.end + gap <= a.start


def plannable(events: list[Event]) -> list[Event]:
    return [e for e in events if not e.cancelled and not e.all_day]


def feasible(chosen: tuple[Event, ...], walk: int) -> bool:
    return all(compatible(a, b, walk) for a, b in itertools.combinations(chosen, 2))


def score(chosen: tuple[Event, ...], weights: dict[str, int]) -> tuple[int, int, float]:
    """What the plan maximises: worth, then talks, then an earlier finish."""
    finish = max((e.end.timestamp() for e in chosen), default=float("-inf"))
    return sum(weights[e.id] for e in chosen), len(chosen), -finish if chosen else float("inf")


def brute_best(events: list[Event], weights: dict[str, int], walk: int,
               must: Event | None = None, also: Event | None = None) -> tuple[int, int, float]:
    pool = plannable(events)
    best = None
    for size in range(len(pool) + 1):
        for chosen in itertools.combinations(pool, size):
            if (must is not None and must not in chosen) or (also is not None and also not in chosen):
                continue
            if feasible(chosen, walk):
                key = score(chosen, weights)
                best = key if best is None or key > best else best
    assert best is not None
    return best


def key_of(result: DayPlan, events: list[Event], weights: dict[str, int]) -> tuple[int, int, float]:
    by_id = {e.id: e for e in events}
    return score(tuple(by_id[i] for i in result.plan), weights)


def check_outputs(result: DayPlan, events: list[Event], walk: int) -> None:
    """Everything but optimality: feasible, in time order, dropped and gaps as defined."""
    by_id = {e.id: e for e in events}
    planned = [by_id[i] for i in result.plan]
    assert feasible(tuple(planned), walk)
    assert [e.start for e in planned] == sorted(e.start for e in planned)
    assert result.skipped == tuple(Skipped(e.id, Skip.CANCELLED if e.cancelled else Skip.ALL_DAY)
                                   for e in sorted(events, key=lambda e: (e.start, e.end, e.id))
                                   if e.cancelled or e.all_day)
    rest = [e for e in plannable(events) if e.id not in result.plan]
    assert {d.id for d in result.dropped} == {e.id for e in rest}
    for dropped in result.dropped:
        clash = tuple(p.id for p in planned if not compatible(p, by_id[dropped.id], walk))
        assert dropped.because == clash
        assert dropped.because, "a talk that clashes with nothing planned would have been planned"
    expected_gaps = tuple(Gap(a.end, b.start) for a, b in zip(planned, planned[1:], strict=False)
                          if b.start - a.end >= timedelta(minutes=30))
    assert result.gaps == expected_gaps


day = st.lists(st.tuples(
    st.integers(0, 48),  # start, in 5-minute steps
    st.sampled_from([0, 5, 10, 20, 25, 30, 45, 60, 90]),  # duration
    st.sampled_from(ROOMS),
    st.sampled_from([MUST_SEE, MAYBE]),
    st.sampled_from(ZONES),
    st.sampled_from(["talk"] * 12 + ["cancelled", "all-day", "poster"]),
), max_size=9)


def build(specs: list[tuple[int, int, str, int, timezone, str]]) -> tuple[list[Event], dict[str, int]]:
    events, weights = [], {}
    for n, (start, minutes, room, weight, zone, what) in enumerate(specs):
        event = ev(f"e{n}", 5 * start, 5 * start + minutes, room)
        event = replace(event, start=event.start.astimezone(zone), end=event.end.astimezone(zone))
        if what == "cancelled":
            event = replace(event, cancelled=True)
        elif what == "all-day":
            event = replace(whole_day(event.id), room=room)
        elif what == "poster":  # every poster of these days is in one session, in one hall
            event = replace(event, kind=Kind.POSTER, session="Posters", room="AW1.120",
                            start=T0 + timedelta(minutes=60), end=T0 + timedelta(minutes=150))
        events.append(event)
        weights[event.id] = weight
    return events, weights


@settings(max_examples=300, deadline=None)
@given(day, st.sampled_from([0, 5, 10, 15]))
def test_the_plan_is_the_best_of_every_subset(specs: list[tuple[int, int, str, int, timezone, str]], walk: int) -> None:
    events, weights = build(specs)
    result = plan_day(events, weights, walk=walk, buildings=building_of)
    check_outputs(result, events, walk)
    assert key_of(result, events, weights) == brute_best(events, weights, walk)
    assert result.weight == key_of(result, events, weights)[0]
    assert result.forced == ""


@settings(max_examples=150, deadline=None)
@given(day, st.sampled_from([0, 5, 10]), st.integers(0, 8))
def test_replan_attends_the_forced_talk_and_the_best_of_the_rest(
        specs: list[tuple[int, int, str, int, timezone, str]], walk: int, pick: int) -> None:
    events, weights = build(specs)
    candidates = plannable(events)
    if not candidates:
        return
    forced = candidates[pick % len(candidates)]
    result = replan_with(events, forced, weights, walk=walk, buildings=building_of)
    assert forced.id in result.plan and result.forced == forced.id
    check_outputs(result, events, walk)
    assert key_of(result, events, weights) == brute_best(events, weights, walk, must=forced)


@settings(max_examples=100, deadline=None)
@given(day, st.randoms(use_true_random=False))
def test_the_same_stars_give_the_same_plan_in_any_order(specs: list[tuple[int, int, str, int, timezone, str]],
                                                        rng: random.Random) -> None:
    events, weights = build(specs)
    shuffled = events[:]
    rng.shuffle(shuffled)
    assert plan_day(shuffled, weights, buildings=building_of) == plan_day(events, weights, buildings=building_of)


def test_a_seeded_loop_of_bigger_days_matches_brute_force() -> None:
    """Twelve talks a day, many of them clashing, where a greedy pick goes wrong most."""
    rng = random.Random(20)
    for _ in range(60):
        specs = [(rng.randint(0, 30), rng.choice([15, 20, 30, 45, 60]), rng.choice(ROOMS),
                  rng.choice([MUST_SEE, MAYBE]), ZONES[0], "talk") for _ in range(12)]
        events, weights = build(specs)
        walk = rng.choice([0, 5, 10])
        result = plan_day(events, weights, walk=walk, buildings=building_of)
        check_outputs(result, events, walk)
        assert key_of(result, events, weights) == brute_best(events, weights, walk)


def test_two_maybes_beat_one_must_see_only_when_they_are_three() -> None:
    must = ev("must", 0, 60)
    maybes = [ev("m1", 0, 20, "K.3.401"), ev("m2", 20, 40, "K.3.401")]
    weights = {"must": MUST_SEE, "m1": MAYBE, "m2": MAYBE, "m3": MAYBE}
    assert plan([must, *maybes], weights).plan == ("must",)
    assert plan([must, *maybes, ev("m3", 40, 60, "K.3.401")], weights).plan == ("m1", "m2", "m3")


def test_ties_go_to_more_talks_then_the_earlier_finish() -> None:
    one = ev("one", 0, 60)
    two = [ev("a", 0, 30, "K.3.401"), ev("b", 30, 60, "K.3.401")]
    weights = {"one": 2, "a": 1, "b": 1}
    assert plan([one, *two], weights).plan == ("a", "b")
    late, early = ev("late", 30, 90), ev("early", 0, 60, "K.3.401")
    assert plan([late, early]).plan == ("early",)


def test_the_walk_is_nothing_in_one_room_the_setting_in_a_building_and_twice_it_between() -> None:
    first = ev("first", 0, 60, "H.1301")
    for room, start, fits in [("H.1301", 60, True), ("H.1302", 64, False), ("H.1302", 65, True),
                              ("K.3.401", 69, False), ("K.3.401", 70, True), ("Janson", 70, True)]:
        second = ev("second", start, start + 30, room)
        assert (plan([first, second]).plan == ("first", "second")) is fits, (room, start)
    assert plan([first, ev("second", 75, 90, "K.3.401")], walk=8).plan == ("first",)
    assert plan([first, ev("second", 76, 90, "K.3.401")], walk=8).plan == ("first", "second")


def test_a_talk_without_a_room_or_session_is_never_in_the_same_room_as_another() -> None:
    alone = {"session": ""}
    assert plan([ev("a", 0, 30, "", **alone), ev("b", 30, 60, "", **alone)]).plan == ("a",)
    assert plan([ev("a", 0, 30, "", **alone), ev("b", 30, 60, "", **alone)], walk=0).plan == ("a", "b")


def test_talks_without_rooms_in_one_session_run_back_to_back() -> None:
    """A virtual conference's track (the bundled session names no room): its talks follow
    each other in one stream, as the attendee watches them."""
    assert plan([ev("a", 0, 30, ""), ev("b", 30, 60, "")]).plan == ("a", "b")  # both in session "S"
    assert plan([ev("a", 0, 30, ""), ev("b", 30, 60, "", session="T")]).plan == ("a",)  # another stream
    assert plan([ev("a", 0, 30, ""), ev("b", 30, 60, "", schedule="other")]).plan == ("a",)  # another conference


def test_dropped_talks_name_the_planned_talks_they_clash_with() -> None:
    events = [ev("keynote", 0, 60, "Janson"), ev("rival", 30, 90, "H.1301"), ev("after", 90, 120, "H.1302"),
              ev("too-close", 63, 80, "K.3.401")]
    weights = {"keynote": MUST_SEE, "rival": MAYBE, "after": MUST_SEE, "too-close": MAYBE}
    result = plan(events, weights)
    assert result.plan == ("keynote", "after")
    assert result.weight == 6
    # too-close ends in time for "after" but starts too soon after the keynote, two
    # buildings away; "rival" overlaps both.
    assert result.dropped == (Dropped("rival", ("keynote", "after")), Dropped("too-close", ("keynote",)))


def test_gaps_of_half_an_hour_or_more_between_planned_talks() -> None:
    events = [ev("a", 0, 30), ev("b", 59, 90), ev("c", 120, 150), ev("d", 240, 270)]
    assert plan(events).gaps == (Gap(T0 + timedelta(minutes=90), T0 + timedelta(minutes=120)),
                                 Gap(T0 + timedelta(minutes=150), T0 + timedelta(minutes=240)))
    assert plan(events).gaps[1].minutes == 90


def test_cancelled_and_whole_day_events_are_never_planned_and_never_dropped() -> None:
    called_off = ev("off", 0, 60, cancelled=True)
    result = plan([called_off, whole_day("expo"), ev("a", 0, 60, "K.3.401")])
    assert result.plan == ("a",)
    assert result.dropped == ()
    assert result.skipped == (Skipped("expo", Skip.ALL_DAY), Skipped("off", Skip.CANCELLED))
    assert plan([ev("broken", 60, 0)]).skipped == (Skipped("broken", Skip.NO_TIME),)


def test_the_starred_posters_of_one_session_are_one_stop_worth_all_their_stars() -> None:
    posters = [ev(f"p{n}", 0, 120, "AW1.120", kind=Kind.POSTER, session="Posters 1") for n in range(3)]
    talk = ev("talk", 30, 60, "AW1.121")
    weights = {"p0": MAYBE, "p1": MAYBE, "p2": MAYBE, "talk": MUST_SEE - 1}
    result = plan([talk, *posters], weights)
    assert result.plan == ("p0", "p1", "p2")
    assert result.dropped == (Dropped("talk", ("p0", "p1", "p2")),)


def test_a_session_s_posters_are_planned_in_the_order_to_walk_them() -> None:
    """Board by board (#95 before #100), not by id or as the feed lists them."""
    boards = {"p1": "#100", "p2": "#95", "p3": "#99"}
    posters = [ev(i, 0, 120, "Hall C", kind=Kind.POSTER, session="Posters 1", poster_position=b)
               for i, b in boards.items()]
    assert plan(posters).plan == ("p2", "p3", "p1")
    assert plan(posters[::-1]).plan == ("p2", "p3", "p1")


def test_weights_by_id_or_by_function_and_never_worthless() -> None:
    events = [ev("a", 0, 60), ev("b", 30, 90, "K.3.401")]
    assert plan_day(events, lambda e: MUST_SEE if e.id == "b" else MAYBE).plan == ("b",)
    assert plan_day(events, {"a": MUST_SEE, "b": MAYBE}).plan == ("a",)
    with pytest.raises(ValueError, match="worth"):
        plan_day(events, {"a": 0, "b": 1})
    with pytest.raises(ValueError, match="negative"):
        plan_day(events, {"a": 1, "b": 1}, walk=-1)


def test_an_empty_day_has_an_empty_plan() -> None:
    assert plan_day([], {}) == DayPlan((), 0)


def test_replan_swaps_in_an_unstarred_alternative_worth_nothing() -> None:
    starred = [ev("a", 0, 60, "H.1301"), ev("b", 60, 120, "H.1301"), ev("c", 130, 160, "K.3.401")]
    other = ev("other", 30, 90, "H.1302")
    weights = {"a": MUST_SEE, "b": MAYBE, "c": MAYBE}
    assert plan(starred, weights).plan == ("a", "b", "c")
    result = replan_with(starred, other, weights, buildings=building_of)
    assert result.plan == ("other", "c")
    assert result.weight == MAYBE
    assert result.dropped == (Dropped("a", ("other",)), Dropped("b", ("other",)))
    with pytest.raises(ValueError, match="cancelled"):
        replan_with(starred, replace(other, cancelled=True), weights)


def test_alternatives_are_what_runs_at_the_same_time() -> None:
    talk = ev("talk", 60, 120)
    events = [talk, ev("before", 0, 60), ev("during", 90, 100, "K.3.401"), ev("across", 30, 70, "Janson"),
              ev("after", 120, 150), ev("off", 60, 120, cancelled=True),
              whole_day("expo")]
    assert [e.id for e in alternatives(talk, events)] == ["across", "during"]


@pytest.mark.parametrize(("room", "building"), [
    ("H.2215", "H"), ("K.3.401", "K"), ("UA2.114", "UA"), ("AW1.120", "AW"), ("J.1.106", "J"), ("K.4.201", "K"),
    ("K.1.105 (La Fontaine)", "K"), ("UD2.218A", "UD"), ("Janson", "Janson"), (" Ferrer ", "Ferrer"),
    # FOSDEM 2021 online: devrooms and stands, no buildings; 38C3 and DebConf halls.
    ("D.research", "D.research"), ("S.checkmk", "S.checkmk"), ("Saal 1", "Saal 1"), ("SoS Saal 6", "SoS Saal 6"),
    ("CDC Pentagon", "CDC Pentagon"), ("UAct! Assembly", "UAct! Assembly"), ("Anamudi", "Anamudi"),
])
def test_building_of(room: str, building: str) -> None:
    assert building_of(room) == building


def test_a_venue_without_codes_is_one_building() -> None:
    halls = venue_buildings(["Saal 1", "Saal GLITCH"])
    assert halls("Saal 1") == halls("Saal GLITCH")
    ulb = venue_buildings(["Janson", "H.1301"])
    assert ulb("H.1301") == ulb("H.1302") != ulb("K.3.401")
    assert ulb("Janson") not in (ulb("Ferrer"), ulb("H.1301"))
    # By default the day's rooms decide: between two halls of 38C3 the walk is the setting.
    assert plan_day([ev("a", 0, 30, "Saal 1"), ev("b", 35, 60, "Saal GLITCH")], {"a": 1, "b": 1}).plan == ("a", "b")
    assert plan_day([ev("a", 0, 30, "H.1301"), ev("b", 35, 60, "Janson")], {"a": 1, "b": 1}).dropped == (
        Dropped("b", ("a",)),)


@pytest.mark.parametrize(("name", "codes"), [
    ("fosdem-2010-schedule.xml", True), ("fosdem-2021-schedule.xml", False),
    ("38c3-schedule.xml", False), ("debconf23-schedule.xml", False),
])
def test_which_real_venues_have_building_codes(name: str, codes: bool) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip("the shared corpus is not here")
    rooms = {html.unescape(r).strip() for r in re.findall(r"<room[^>]*>([^<]*)</room>", path.read_text(encoding="utf-8"))}
    assert (venue_buildings(rooms) is building_of) is codes


def quadratic_best(events: list[Event], weights: dict[str, int], walk: int) -> tuple[int, int, float]:
    """The same optimum by the plain O(n²) recurrence, for days too big for brute force."""
    talks = sorted(plannable(events), key=lambda e: (e.end, e.start, e.id))
    value: list[tuple[int, int]] = []
    for j, talk in enumerate(talks):
        before = [value[i] for i in range(j) if talks[i].end + walk_between(talks[i], talk, walk) <= talk.start]
        best = max(before, default=(0, 0))
        value.append((best[0] + weights[talk.id], best[1] + 1))
    return max(((w, c, -talks[j].end.timestamp()) for j, (w, c) in enumerate(value)), default=(0, 0, float("inf")))


def test_big_days_match_the_quadratic_recurrence() -> None:
    """Hundreds of talks in a dozen rooms of four buildings: every prefix and bisect in use."""
    rng = random.Random(5)
    rooms = [*ROOMS, "H.2215", "K.1.105", "UB2.252A", "AW1.126", "Ferrer", "UA2.220"]
    for size in (50, 150, 300):
        specs = [(rng.randint(0, 100), rng.choice([0, 15, 20, 30, 45, 60]), rng.choice(rooms),
                  rng.choice([MUST_SEE, MAYBE]), rng.choice(ZONES), "talk") for _ in range(size)]
        events, weights = build(specs)
        for walk in (0, 5, 10):
            result = plan_day(events, weights, walk=walk, buildings=building_of)
            check_outputs(result, events, walk)
            assert key_of(result, events, weights) == quadratic_best(events, weights, walk)


carried_talk = st.tuples(st.integers(1, 30), st.sampled_from(ROOMS))  # until 09:05-11:30, in a room


@settings(max_examples=200, deadline=None)
@given(day, carried_talk, st.sampled_from([0, 5, 10]))
def test_a_carried_talk_is_attended_and_the_rest_is_the_best_around_it(
        specs: list[tuple[int, int, str, int, timezone, str]], carried_spec: tuple[int, str], walk: int) -> None:
    """A talk the day before's plan attends, running on into this day (from 08:00 here): in
    the plan, worth nothing, and the day's talks the best set that fits with it."""
    events, weights = build(specs)
    until, room = carried_spec
    carried = ev("carried", -60, 5 * until, room)
    result = plan_day(events, weights, walk=walk, buildings=building_of, carried=carried)
    assert result.carried == "carried" and result.plan[0] == "carried" and result.forced == ""
    every = [carried, *events]
    check_outputs(result, every, walk)
    assert key_of(result, every, weights | {"carried": 0}) == brute_best(every, weights | {"carried": 0}, walk,
                                                                          must=carried)


@settings(max_examples=150, deadline=None)
@given(day, carried_talk, st.sampled_from([0, 5, 10]), st.integers(0, 8))
def test_plan_b_keeps_the_carried_talk_where_the_forced_one_leaves_room_for_it(
        specs: list[tuple[int, int, str, int, timezone, str]], carried_spec: tuple[int, str], walk: int,
        pick: int) -> None:
    events, weights = build(specs)
    candidates = plannable(events)
    if not candidates:
        return
    forced = candidates[pick % len(candidates)]
    until, room = carried_spec
    carried = ev("carried", -60, 5 * until, room)
    result = replan_with(events, forced, weights, walk=walk, buildings=building_of, carried=carried)
    assert forced.id in result.plan and result.forced == forced.id
    if compatible(carried, forced, walk):
        assert result.carried == "carried" and "carried" in result.plan
        every = [carried, *events]
        worth = weights | {"carried": 0}
        check_outputs(result, every, walk)
        assert key_of(result, every, worth) == brute_best(every, worth, walk, must=forced, also=carried)
    else:  # the attendee leaves the workshop for the forced talk: it is no longer this day's
        assert result.carried == "" and "carried" not in result.plan
        assert "carried" not in {d.id for d in result.dropped}
        check_outputs(result, events, walk)
        assert key_of(result, events, weights) == brute_best(events, weights, walk, must=forced)


def test_one_paper_twice_is_worth_its_stars_once() -> None:
    """The poster and the oral of paper X (Event.paper) both must-see, a maybe Y at the
    oral's time: seeing one is seeing the paper, so the plan is X's poster and Y (worth 4),
    not X twice (worth 6 by counting it twice) with Y dropped."""
    poster = ev("x-poster", 0, 180, "Hall", kind=Kind.POSTER, paper="pp-x")
    oral = ev("x-oral", 300, 315, "Ballroom A", paper="pp-x")
    other = ev("y", 300, 315, "Ballroom B", paper="pp-y")
    weights = {"x-poster": MUST_SEE, "x-oral": MUST_SEE, "y": 1}
    for events in ([poster, oral, other], [other, oral, poster]):
        result = plan_day(events, weights)
        assert (result.plan, result.weight) == (("x-poster", "y"), 4)
        assert result.dropped == (Dropped("x-oral", ("y",)),)
    # Where the second one fits, it is planned, worth nothing more.
    result = plan_day([poster, oral], weights)
    assert (result.plan, result.weight) == (("x-poster", "x-oral"), 3)
    # The event worth most is the one that counts (a maybe poster, a must-see oral).
    result = plan_day([poster, oral, other], {"x-poster": 1, "x-oral": MUST_SEE, "y": 1})
    assert (result.plan, result.weight) == (("x-poster", "x-oral"), 3)
    # Plan B at Y's time keeps the poster, and the plan is worth X once.
    result = replan_with([poster, oral, other], oral, weights)
    assert (result.plan, result.weight) == (("x-poster", "x-oral"), 3)


def test_many_papers_twice_still_count_each_once() -> None:
    """Past EXACT_CHOICES ways of choosing, one paper at a time: still each paper once."""
    events, weights = [], {}
    for n in range(8):  # 2**8 choices: past the exact search
        events += [ev(f"p{n}", 20 * n, 20 * n + 10, "Hall", paper=f"pp-{n}"),
                   ev(f"o{n}", 400 + 20 * n, 400 + 20 * n + 10, "Ballroom A", paper=f"pp-{n}")]
        weights |= {f"p{n}": MUST_SEE, f"o{n}": MUST_SEE}
    events.append(ev("y", 400, 410, "Ballroom B"))
    weights["y"] = 1
    result = plan_day(events, weights)
    assert result.weight == 8 * MUST_SEE + 1 and "y" in result.plan
