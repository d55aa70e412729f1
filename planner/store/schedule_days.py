"""One schedule as the window reads it: its days up front, each day's events on first use.

A window that read every event of a 50,000-event conference at start spent most of a
second building objects for days nobody had opened yet. The library is the cache: the
day list comes from the distinct start times alone (a thousand rows, not fifty thousand),
and a day's events are read, once, when that day is shown or an event on it is needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from planner.domain.days import conference_zone, day_of
from planner.domain.model import Event, Kind

if TYPE_CHECKING:
    from planner.store.library import Library


class ScheduleDays(Mapping[date, list[Event]]):
    """Conference day -> that day's events (in start order) of one schedule in a library.

    Days are in order. Events are read with at most ``abstract_chars`` of their abstract
    (the window's cards show a few lines; the detail pane reads the whole event).
    """

    def __init__(self, library: Library, schedule_key: str | None, zone_name: str = "", *,
                 abstract_chars: int | None = None) -> None:
        self.library = library
        self.key = schedule_key
        self.abstract_chars = abstract_chars
        starts = library.start_times(schedule_key) if schedule_key is not None else []
        instants = [(datetime.fromisoformat(text), utc, n) for text, utc, n in starts]
        # The named zone, else the first event's offset (as conference_zone does for events).
        self.zone: tzinfo | None = conference_zone((), zone_name) if zone_name else None
        if self.zone is None and instants:
            self.zone = instants[0][0].tzinfo
        # day -> [first start, last start] in UTC seconds, and how many events start then.
        self._spans: dict[date, list[int]] = {}
        self._counts: dict[date, int] = {}
        self._day_of_start: dict[datetime, date] = {}
        for moment, utc, n in instants:
            day = self._day_of_start.setdefault(moment, day_of(moment, self.zone))
            span = self._spans.setdefault(day, [utc, utc])
            span[0], span[1] = min(span[0], utc), max(span[1], utc)
            self._counts[day] = self._counts.get(day, 0) + n
        self._spans = dict(sorted(self._spans.items()))
        self.count = sum(self._counts.values())
        self._loaded: dict[date, list[Event]] = {}
        self._ids: dict[date, set[str]] = {}  # each loaded day's event ids
        self._by_id: dict[str, Event] = {}
        self._places_read: list[tuple[str, str, str]] | None = None

    # -- Mapping: days ---------------------------------------------------------------

    def __getitem__(self, day: date) -> list[Event]:
        events = self._loaded.get(day)
        if events is None:
            first, last = self._spans[day]  # KeyError for a day without events, as a dict would
            assert self.key is not None
            read = self.library.events_starting(self.key, first, last, abstract_chars=self.abstract_chars)
            events = self._loaded[day] = [e for e in read if self.day_of(e) == day]
            self._ids[day] = {e.id for e in events}
            self._by_id.update((e.id, e) for e in events)
        return events

    def __iter__(self) -> Iterator[date]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)

    def __contains__(self, day: object) -> bool:
        return day in self._spans

    def size(self, day: date) -> int:
        """How many events start on ``day``, without reading them."""
        return self._counts.get(day, 0)

    def day_of(self, event: Event) -> date:
        day = self._day_of_start.get(event.start)
        if day is None:
            day = self._day_of_start[event.start] = day_of(event.start, self.zone)
        return day

    # -- events ----------------------------------------------------------------------

    def event(self, event_id: str) -> Event | None:
        """The event with this id in this schedule (read on its own if its day is not)."""
        found = self._by_id.get(event_id)
        if found is None and self.key is not None:
            for event in self.library.events_by_id([event_id], schedule_key=self.key,
                                                    abstract_chars=self.abstract_chars):
                found = self._by_id[event.id] = event
        return found

    def many(self, event_ids: Iterable[str]) -> list[Event]:
        """The events of this schedule among ``event_ids``, in the order given."""
        ids = list(event_ids)
        missing = [i for i in ids if i not in self._by_id]
        if missing and self.key is not None:
            for event in self.library.events_by_id(missing, schedule_key=self.key,
                                                    abstract_chars=self.abstract_chars):
                self._by_id[event.id] = event
        return [self._by_id[i] for i in ids if i in self._by_id]

    def starred(self, starred_ids: Iterable[str]) -> list[Event]:
        """The starred events of this schedule, in start order."""
        return sorted(self.many(starred_ids), key=lambda e: (e.start, e.end, e.id))

    def all(self) -> list[Event]:
        """Every event, in start order: reads every day (for the rare whole-schedule uses)."""
        return [event for day in self for event in self[day]]

    def around(self, moment: datetime, starred_ids: Iterable[str] = (), limit: int = 3) -> list[Event]:
        """Candidates for "now and next" (planner.domain.queries.now_and_next): what is on
        at ``moment``, what starts soon after, and the next starred event however far ahead."""
        if self.key is None:
            return []
        found = self.library.events_around(self.key, int(moment.timestamp()), limit,
                                           abstract_chars=self.abstract_chars)
        later_starred = [e for e in self.starred(starred_ids) if e.start > moment]
        return list({e.id: e for e in found + later_starred[:1]}.values())

    def search(self, day: date, query: str) -> set[str] | None:
        """Ids of ``day``'s events matching ``query`` (None: an empty query, no filter)."""
        span = self._spans.get(day)
        if self.key is None or span is None:
            return None if not query.strip() else set()
        found = self.library.search_ids(query, within=(self.key, span[0], span[1]))
        if not found or day not in self._ids:
            return found
        # The span's instants can include another day's events only when offsets differ
        # (a schedule without a zone); the day's own list decides.
        return found & self._ids[day]

    def values(self, field: str) -> list[str]:  # type: ignore[override]
        """The schedule's rooms or tracks, sorted as a person reads them."""
        column = {"room": 1, "track": 2}[field]
        return sorted({place[column] for place in self._places() if place[column]}, key=str.casefold)

    def kinds(self) -> set[Kind]:
        return {_kind(place[0]) for place in self._places() if place[0]}

    def _places(self) -> list[tuple[str, str, str]]:
        """(kind, room, track) combinations, read once: the filters ask for all three."""
        if self._places_read is None:
            self._places_read = self.library.places(self.key) if self.key is not None else []
        return self._places_read


def _kind(value: str) -> Kind:
    try:
        return Kind(value)
    except ValueError:
        return Kind.OTHER

