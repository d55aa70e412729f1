"""Poster routes: starred posters of one session in board order, the session shared evenly
(planner.domain.route)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

from planner.domain.model import Event, Kind
from planner.domain.route import Route, routes, with_routes

PST = timezone(timedelta(hours=-8))
ELEVEN = datetime(2031, 12, 9, 11, 0, tzinfo=PST)


def poster(event_id: str, board: str, title: str = "", *, session: str = "Poster Session 6", start: datetime = ELEVEN,
           minutes: int = 180, kind: Kind = Kind.POSTER, schedule: str = "neurips-2031") -> Event:
    return Event(id=event_id, kind=kind, number=None, title=title or f"Paper {event_id}", authors=("Ana Lima",),
                 abstract="", start=start, end=start + timedelta(minutes=minutes), session=session,
                 room="Exhibit Hall C,D,E", poster_position=board, schedule=schedule)


def slots(route: Route) -> list[tuple[str, str, str]]:
    return [(f"{s.start:%H:%M}", f"{s.end:%H:%M}", s.board) for s in route.stops]


def test_three_posters_share_three_hours_in_board_order() -> None:
    found = routes([poster("a", "#2504"), poster("b", "#12"), poster("c", "#340")])
    assert len(found) == 1
    route = found[0]
    assert slots(route) == [("11:00", "12:00", "#12"), ("12:00", "13:00", "#340"), ("13:00", "14:00", "#2504")]
    assert route.session == "Poster Session 6"
    assert (route.start, route.end) == (ELEVEN, ELEVEN + timedelta(hours=3))
    assert route.share() == "route of 3 posters, 60 min each"
    assert [e.id for e in route.events] == ["b", "c", "a"]


def test_boards_sort_by_number_and_posters_without_one_go_last_by_title() -> None:
    found = routes([poster("p100", "#100"), poster("none-z", "", "Zebra finches"), poster("p99", "#99"),
                    poster("none-a", " ", "Ants at scale")])
    assert [s.event.id for s in found[0].stops] == ["p99", "p100", "none-a", "none-z"]
    assert [s.board for s in found[0].stops] == ["#99", "#100", "", ""]


def test_odd_minutes_tile_the_session_with_no_gap_or_overlap() -> None:
    """100 minutes for 3 posters: 33, 33, 34 (the spare minute goes to the last stop)."""
    route = routes([poster(str(i), f"#{i}", minutes=100) for i in range(3)])[0]
    assert slots(route) == [("11:00", "11:33", "#0"), ("11:33", "12:06", "#1"), ("12:06", "12:40", "#2")]
    assert route.share() == "route of 3 posters, 33–34 min each"
    for many in (2, 7, 11, 13, 45):
        route = routes([poster(str(i), f"#{i}", minutes=100) for i in range(many)])[0]
        assert route.stops[0].start == route.start and route.stops[-1].end == route.end
        assert all(a.end == b.start for a, b in zip(route.stops, route.stops[1:], strict=False))
        lengths = {stop.end - stop.start for stop in route.stops}
        assert all(length.total_seconds() % 60 == 0 and length > timedelta(0) for length in lengths)
        assert max(lengths) - min(lengths) <= timedelta(minutes=1)


def test_more_posters_than_minutes_share_seconds_and_none_is_empty() -> None:
    route = routes([poster(str(i), f"#{i}", minutes=2) for i in range(7)])[0]
    assert route.stops[-1].end == route.end
    assert all(stop.end > stop.start for stop in route.stops)
    assert route.share() == "route of 7 posters, under a minute each"


def test_one_starred_poster_is_no_route() -> None:
    assert routes([poster("a", "#1"), poster("b", "#2", session="Poster Session 7")]) == []


def test_only_posters_of_the_same_session_start_end_and_schedule_share_a_route() -> None:
    events = [
        poster("a", "#1"), poster("b", "#2"),
        poster("later", "#3", start=ELEVEN + timedelta(hours=4)),
        poster("shorter", "#4", minutes=120),
        poster("other", "#5", session="Poster Session 7"),
        poster("elsewhere", "#6", schedule="icml-2031"),
        poster("oral", "#7", kind=Kind.ORAL),
        dataclasses.replace(poster("cancelled", "#8"), cancelled=True),
    ]
    found = routes(events)
    assert [[e.id for e in route.events] for route in found] == [["a", "b"]]


def test_times_in_another_zone_keep_the_instant() -> None:
    route = routes([poster("a", "#1"), poster("b", "#2")])[0]
    start, end = route.stops[1].times(timezone.utc)
    assert (f"{start:%H:%M}", f"{end:%H:%M}") == ("20:30", "22:00")
    floating = routes([dataclasses.replace(poster(x, f"#{x}"), floating=True) for x in "ab"])[0]
    assert floating.stops[0].times(timezone.utc)[0].hour == 11  # the venue's clock, never converted


def test_with_routes_puts_each_route_where_its_session_starts() -> None:
    oral_before = dataclasses.replace(poster("o1", "", "Opening", kind=Kind.ORAL, minutes=60), start=ELEVEN - timedelta(hours=2))
    alone = poster("alone", "#9", session="Poster Session 5")
    oral_after = dataclasses.replace(oral_before, id="o2", start=ELEVEN + timedelta(hours=4))
    events = [oral_before, poster("b", "#20"), alone, poster("a", "#10"), oral_after]
    items = with_routes(events)
    assert [item.id if isinstance(item, Event) else [e.id for e in item.events] for item in items] == [
        "o1", ["a", "b"], "alone", "o2"]


def test_a_poster_that_left_the_schedule_is_no_stop() -> None:
    """Removed in an update (kept because starred), it stays an entry of its own, as a
    cancelled one does; the others share the session without it."""
    starred = [poster("a", "#1"), poster("b", "#2"), poster("c", "#3")]
    assert [s.event.id for s in routes(starred, removed={"c"})[0].stops] == ["a", "b"]
    items = with_routes(starred, removed={"c"})
    assert isinstance(items[0], Route) and items[0].share() == "route of 2 posters, 90 min each"
    assert items[1] is starred[2]
    assert with_routes(starred[1:], removed={"c"}) == starred[1:]  # one left: no route
