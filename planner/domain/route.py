"""Poster routes: the starred posters of one poster session, in the order to walk them.

A poster session puts hundreds of posters in one hall for a few hours. An attendee who
starred several of them wants to know the order to visit them (board order: the hall is
numbered, see planner.domain.boards) and how long each can take if the session is
shared evenly. That is the route My agenda and the agenda documents show.

A poster session here is what the schedule says: Kind.POSTER events of one schedule with
the same session name, start and end. Two starred posters make a route; one starred
poster keeps the whole session and stays an ordinary agenda entry (a "route of 1 poster,
180 min" would say nothing its own time does not). Cancelled posters are not stops: no
one stands at their board, so they keep their own entry with its warning. Nor are posters
that left the schedule in an update (``removed``: the store's flag, kept only because
starred): My agenda, the agenda documents, reminders and the plan all leave them out of the
route, so all four give each stop the same slot. Whole-day and zero-length posters have no
clock time to share and are never routes.

Slots are whole minutes, so every time an attendee reads is exact: the boundaries are
``start + floor(i * minutes / n)`` for i = 0..n, the last one is the session's end. Slots
therefore tile the session with no gap or overlap, and differ by at most one minute (the
later stops get the spare minutes: 100 min for 3 posters is 33, 33, 34). Only when there
are more posters than minutes are slots shared in whole seconds instead, so that none is
empty.

Slots exist only for planning on screen and on paper: calendar exports keep each poster at
the session's own time (planner.export.ics), as the conference published it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from planner.domain.boards import board_order
from planner.domain.days import reading_zone
from planner.domain.model import Event, Kind

# Starred posters of one session that make a route (see the module docstring).
MIN_STOPS = 2


@dataclass(frozen=True, slots=True)
class Stop:
    """One poster on a route: the event and the slot it gets."""

    event: Event
    start: datetime
    end: datetime

    @property
    def board(self) -> str:
        """The poster's board as published ("#2504"); "" when it has none."""
        return self.event.poster_position.strip()

    def times(self, zone: tzinfo | None) -> tuple[datetime, datetime]:
        """The slot as an attendee reads it in ``zone`` (floating times stay the venue's clock,
        as planner.domain.days.event_times keeps them)."""
        zone = reading_zone(self.event, zone)
        return (self.start, self.end) if zone is None else (self.start.astimezone(zone), self.end.astimezone(zone))


@dataclass(frozen=True, slots=True)
class Route:
    """The starred posters of one poster session in board order, each with its slot."""

    session: str  # the session's name as the schedule writes it (see Event.session)
    start: datetime
    end: datetime
    stops: tuple[Stop, ...]

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(stop.event for stop in self.stops)

    @property
    def first(self) -> Event:
        """The first stop's event: the session's markup, room and schedule are its."""
        return self.stops[0].event

    def share(self) -> str:
        """The route in words: "route of 3 posters, 60 min each" ("33–34 min each" when
        the minutes do not divide evenly)."""
        seconds = sorted({int((stop.end - stop.start).total_seconds()) for stop in self.stops})
        if seconds[-1] < 60:
            each = "under a minute each"
        elif seconds[0] // 60 == seconds[-1] // 60:
            each = f"{seconds[0] // 60} min each"
        else:
            each = f"{seconds[0] // 60}–{seconds[-1] // 60} min each"
        return f"route of {len(self.stops)} posters, {each}"


def _session_key(event: Event, removed: Collection[str]) -> tuple[str, str, datetime, datetime] | None:
    """Which poster session an event belongs to, or None when it cannot be a stop."""
    if (event.kind is not Kind.POSTER or event.cancelled or event.all_day or event.end <= event.start
            or event.id in removed):
        return None
    return (event.schedule, event.session, event.start, event.end)


def _walk_order(event: Event) -> tuple[tuple[bool, tuple[tuple[int, str], ...]], str, str]:
    """Board order; posters without a board last, by title; the id keeps ties stable."""
    return (board_order(event.poster_position), event.title.casefold(), event.id)


def _slots(start: datetime, end: datetime, count: int) -> list[tuple[datetime, datetime]]:
    """``count`` consecutive slots that tile start..end exactly (see the module docstring)."""
    total = int((end - start).total_seconds())
    unit = 60 if count <= total // 60 else 1
    units = total // unit
    edges = [start + timedelta(seconds=unit * (i * units // count)) for i in range(count)] + [end]
    return list(zip(edges, edges[1:], strict=False))


def routes(events: Iterable[Event], removed: Collection[str] = ()) -> list[Route]:
    """The routes among ``events`` (a starred set), in start order, then by session name;
    ``removed``: ids of events no longer in their schedule, never stops."""
    sessions: dict[tuple[str, str, datetime, datetime], list[Event]] = {}
    for event in events:
        key = _session_key(event, removed)
        if key is not None:
            sessions.setdefault(key, []).append(event)
    found = []
    for (_, session, start, end), posters in sessions.items():
        if len(posters) < MIN_STOPS:
            continue
        ordered = sorted(posters, key=_walk_order)
        stops = tuple(Stop(event, a, b) for event, (a, b) in zip(ordered, _slots(start, end, len(ordered)), strict=True))
        found.append(Route(session, start, end, stops))
    found.sort(key=lambda route: (route.start, route.end, route.session, route.first.schedule))
    return found


def with_routes(events: Sequence[Event], removed: Collection[str] = ()) -> list[Event | Route]:
    """``events`` in their order, each route's posters replaced by the route, which stands
    where its first poster stood (the posters of a session share a start, so in a list in
    start order that is the session's place). A poster in ``removed`` (see routes) stays an
    entry of its own, as a cancelled one does."""
    found = routes(events, removed)
    route_of = {event.id: route for route in found for event in route.events}
    items: list[Event | Route] = []
    placed: set[int] = set()
    for event in events:
        route = route_of.get(event.id)
        if route is None:
            items.append(event)
        elif id(route) not in placed:
            placed.add(id(route))
            items.append(route)
    return items
