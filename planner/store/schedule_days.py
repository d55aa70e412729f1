"""One schedule as the window reads it: its days up front, each day's events on first use.

A window that read every event of a 50,000-event conference at start spent most of a
second building objects for days nobody had opened yet. The library is the cache: the
day list comes from the distinct start times alone (a thousand rows, not fifty thousand),
and from the few events that run on past the end of their own day (a sprint from Monday
to Friday is on each of those days), which the (start, end) index finds by start time
without reading the rest (Library.running_on); a day is read when it is shown or an event
on it is needed: first its outline (what laying out and filtering it takes), then each
event in full when it is asked for, a block of rows at a time, or exactly the rows a paint
is about to draw (DayEvents.read_rows). Painting the first screen of a 3,600-event day
builds the few dozen events it shows, not all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, overload

from planner.domain.days import (
    DAY_CHANGE_HOUR,
    DayOutline,
    clock_reading,
    conference_zone,
    day_of,
    day_span,
    days_from,
    end_day,
    moment_for,
    published_clock,
)
from planner.domain.model import Event, Kind
from planner.store.rows import instant
from planner.text.wording import reading_order, room_order

if TYPE_CHECKING:
    from planner.store.library import Library
    from planner.store.reads import Outline

BLOCK = 64  # rows read together when one event of a day is first asked for


class DayEvents(Sequence[Event]):
    """A day's events in start order, each read in full the first time it is asked for.

    ``outline`` has every row's id, kind, times, room, track and session from the start;
    ``load(ids)`` returns the events with those ids and is called for BLOCK rows at a time.
    """

    def __init__(self, outline: DayOutline, load: Callable[[list[str]], list[Event]], schedule: str = "") -> None:
        self.outline = outline
        self._load = load
        self._schedule = schedule
        self._events: list[Event | None] = [None] * len(outline.ids)
        self._whole: tuple[DayEvents, list[int]] | None = None  # only(): the whole day and its rows

    def __len__(self) -> int:
        return len(self._events)

    @overload
    def __getitem__(self, i: int) -> Event: ...

    @overload
    def __getitem__(self, i: slice) -> list[Event]: ...

    def __getitem__(self, i: int | slice) -> Event | list[Event]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        event = self._events[i]
        if event is None:
            row = i if i >= 0 else i + len(self)
            first = row - row % BLOCK
            self._read(first, min(first + BLOCK, len(self)))
            event = self._events[row]
            assert event is not None
        return event

    def __iter__(self) -> Iterator[Event]:
        for first in range(0, len(self), BLOCK):
            if None in self._events[first : first + BLOCK]:
                self._read(first, min(first + BLOCK, len(self)))
            for event in self._events[first : first + BLOCK]:
                assert event is not None  # read just above
                yield event

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a list-like sequence, compared by content

    def loaded(self) -> list[Event]:
        """The events read so far (for lookups by id that must not read more)."""
        return [e for e in self._events if e is not None]

    def only(self, rows: Sequence[int]) -> DayEvents:
        """The same day's events at ``rows`` (in that order) alone: what the window shows
        when rooms are chosen, hidden or folded away.

        It shares this day's reads both ways: events already read here are not read
        again, and those it reads are kept here too, so switching rooms back and forth
        reads each event once. Its blocks are of its own rows, so the shown rooms' events
        are read, not their neighbours in the hidden rooms.
        """
        o = self.outline
        outline = DayOutline([o.ids[r] for r in rows], [o.kinds[r] for r in rows], [o.starts[r] for r in rows],
                             [o.ends[r] for r in rows], [o.rooms[r] for r in rows], [o.tracks[r] for r in rows],
                             [o.sessions[r] for r in rows], [o.all_days[r] for r in rows] if o.all_days else [],
                             o.span)
        part = DayEvents(outline, self._load, self._schedule)
        part._events = [self._events[r] for r in rows]
        part._whole = (self, list(rows))
        return part

    def read_rows(self, rows: Iterable[int]) -> None:
        """Read the events of exactly these rows now, in one query, and not their blocks.

        For a view that knows what it is about to paint: the timeline's first paint of a
        day with 40 sessions side by side shows 27 cards from rows spread over 360, which
        in blocks of BLOCK read 384 events (6.5 ms at 50,000 events) where these are 27
        (0.5 ms).
        """
        self._read_rows([row for row in rows if self._events[row] is None])

    def _read(self, first: int, end: int) -> None:
        # Only the rows not read yet: a part made by only() starts with the day's reads.
        self._read_rows([row for row in range(first, end) if self._events[row] is None])

    def _read_rows(self, rows: list[int]) -> None:
        if not rows:
            return
        by_id = {e.id: e for e in self._load([self.outline.ids[row] for row in rows])}
        for row in rows:
            event = by_id.get(self.outline.ids[row])
            self._events[row] = event if event is not None else self._stand_in(row)
        if self._whole is not None:
            whole, rows_of = self._whole
            for row in rows:
                if whole._events[rows_of[row]] is None:
                    whole._events[rows_of[row]] = self._events[row]

    def _stand_in(self, row: int) -> Event:
        """An event another window or command removed after the outline was read: what the
        outline knows of it, until the window reloads the schedule (within a second)."""
        o = self.outline
        return Event(id=o.ids[row], kind=o.kinds[row], number=None, title="", authors=(), abstract="",
                     start=o.starts[row], end=o.ends[row], session=o.sessions[row], room=o.rooms[row],
                     track=o.tracks[row], schedule=self._schedule)


class ScheduleDays(Mapping[date, DayEvents]):
    """Conference day -> that day's events (in start order) of one schedule in a library.

    Days are in order. Events are read with at most ``abstract_chars`` of their abstract
    (the window's cards show a few lines; the detail pane reads the whole event).
    """

    def __init__(self, library: Library, schedule_key: str | None, zone_name: str = "", *,
                 abstract_chars: int | None = None) -> None:
        self.library = library
        self.key = schedule_key
        self.abstract_chars = abstract_chars
        starts, whole = library.day_starts(schedule_key) if schedule_key is not None else ([], {})
        instants = [(datetime.fromisoformat(text), utc, n) for text, utc, n in starts]
        # The named zone, else the offsets the times were published with (as conference_zone
        # has them for events).
        self.zone: tzinfo | None = conference_zone((), zone_name) if zone_name else None
        if self.zone is None and instants:
            self.zone = published_clock(moment for moment, _, _ in instants)
        self._starts = (instants, starts, whole)
        self.day_zone = self.zone
        self.change_hour = DAY_CHANGE_HOUR
        self._group()
        self._by_id: dict[str, Event] = {}  # every event read, so each is one object
        self._places_read: list[tuple[str, str, str]] | None = None
        self._floating: bool | None = None  # any time without a zone (around), asked when first needed

    def group_in(self, zone: tzinfo | None) -> None:
        """Make the days those of ``zone`` (the display zone: an attendee in Berlin following
        a conference in Vancouver reads its days in Berlin); None: the conference's."""
        zone = zone or self.zone
        if zone != self.day_zone:
            self.day_zone = zone
            # The conference's nights end at 06:00; in another zone days end at midnight.
            self.change_hour = DAY_CHANGE_HOUR if zone == self.zone else 0
            self._group()

    def _group(self) -> None:
        """Each day's span of starts and number of events, in the day zone; and the days
        that events running on from earlier days add (_run_on)."""
        instants, starts, whole = self._starts
        # day -> [first start, last start] in UTC seconds, and how many events start then.
        self._spans: dict[date, list[int]] = {}
        self._counts: dict[date, int] = {}
        self._day_of_start: dict[datetime, date] = {}
        # A whole-day event belongs to its own date, not (as a timed midnight would) to
        # the evening before: such starts count on both days as far as they hold both.
        for (moment, utc, n), (text, _, _) in zip(instants, starts, strict=True):
            dates = whole.get(text, 0) if whole else 0
            if dates:
                shares = [(day_of(moment, self.day_zone, self.change_hour), n - dates), (moment.date(), dates)]
                self._day_of_start.setdefault(moment, shares[0][0])
            else:  # nearly always: the day of a timed start, as before whole days existed
                day = self._day_of_start.setdefault(moment, day_of(moment, self.day_zone, self.change_hour))
                shares = [(day, n)]
            for day, count in shares:
                if count <= 0:
                    continue
                span = self._spans.setdefault(day, [utc, utc])
                span[0], span[1] = min(span[0], utc), max(span[1], utc)
                self._counts[day] = self._counts.get(day, 0) + count
        self._spans = dict(sorted(self._spans.items()))
        self.count = sum(self._counts.values())
        self._run_on()
        self._days = sorted(self._spans.keys() | self._through.keys())
        self._loaded: dict[date, DayEvents] = {}
        self._ids: dict[date, set[str]] = {}  # each loaded day's event ids
        self._day_of_id: dict[str, date] | None = None  # see _days_of_ids

    def _run_on(self) -> None:
        """The events that run on past the end of their own day (a sprint from Monday to
        Friday): each later day they reach lists them too, and is a day even when nothing
        starts on it. Found from the starts alone (Library.running_on), not by reading every
        event: a start's limit is the end of its day (a whole-day start's: its next date).

        A 38C3 talk from 01:00 to 02:00 ends before its evening's day does (06:00): it stays
        on that evening alone.
        """
        instants, starts, whole = self._starts
        self._through: dict[date, list[str]] = {}  # a later day -> ids of the events it lists from before
        self._later: dict[str, list[date]] = {}  # an event's id -> the later days it reaches
        if self.key is None or not instants:
            return
        day_of_start = self._day_of_start  # every start's day, as _group found it
        end_of = {day: int(day_span(day, self.day_zone, self.change_hour)[1].timestamp())
                  for day in set(day_of_start.values())}

        def limit(moment: datetime, utc: int, n: int, text: str) -> int:
            day_end = end_of[day_of_start[moment]]
            dates = whole.get(text, 0) if whole else 0
            if not dates:
                return day_end
            past_date = utc + 25 * 3600  # a whole-day start's: past its date, however long a day is
            return past_date if dates == n else min(past_date, day_end)

        limits = [(utc, limit(moment, utc, n, text))
                  for (moment, utc, n), (text, _, _) in zip(instants, starts, strict=True)]
        for event_id, start_text, end_text, all_day in self.library.running_on(self.key, limits):
            first = self._day_at(instant(start_text), all_day)
            last = end_day(instant(end_text), first, all_day, False, self.day_zone, self.change_hour)
            later = days_from(first, last)[1:]
            if later:
                self._later[event_id] = later
                for day in later:
                    self._through.setdefault(day, []).append(event_id)

    # -- Mapping: days ---------------------------------------------------------------

    def __getitem__(self, day: date) -> DayEvents:
        """The events on ``day``: those starting on it, and those running on from earlier
        days (first, as they start first; DayOutline.continues says which)."""
        events = self._loaded.get(day)
        if events is None:
            span, through = self._spans.get(day), self._through.get(day)
            if span is None and through is None:
                raise KeyError(day)  # a day without events, as a dict would
            assert self.key is not None
            rows = self._on_day(self.library.event_outlines(self.key, *span), day) if span is not None else []
            if through:
                rows = sorted(self.library.outlines_by_id(self.key, through) + rows, key=lambda r: (r[2], r[3], r[0]))
            columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in range(8)]
            ids, kinds, starts, ends, rooms, tracks, sessions, all_days = columns
            outline = DayOutline(ids, kinds, starts, ends, rooms, tracks, sessions, all_days,
                                 day_span(day, self.day_zone, self.change_hour))
            events = self._loaded[day] = DayEvents(outline, self._read, self.key)
            self._ids[day] = set(events.outline.ids)
        return events

    def _on_day(self, rows: list[Outline], day: date) -> list[Outline]:
        """The outlines among ``rows`` (in start order) whose own day is ``day``.

        Asked once per run of rows with one start: the rows of a start share its datetime
        (planner.store.rows.instant), and a 40-session day has 90 starts in 3,600 rows,
        where a dictionary look-up per row (an aware datetime's hash asks its offset) took
        2.6 ms of the first paint at 50,000 events."""
        kept: list[Outline] = []
        last: tuple[datetime, bool] | None = None
        on = False
        for row in rows:
            if last is None or row[2] is not last[0] or row[7] != last[1]:
                last = (row[2], row[7])
                on = self._day_at(row[2], row[7]) == day
            if on:
                kept.append(row)
        return kept

    def _read(self, event_ids: list[str]) -> list[Event]:
        """Events by id, each read from the library once (DayEvents reads its rows here)."""
        missing = [i for i in event_ids if i not in self._by_id]
        if missing and self.key is not None:
            for event in self.library.events_by_id(missing, schedule_key=self.key,
                                                    abstract_chars=self.abstract_chars):
                self._by_id[event.id] = event
        return [self._by_id[i] for i in event_ids if i in self._by_id]

    def __iter__(self) -> Iterator[date]:
        return iter(self._days)

    def __len__(self) -> int:
        return len(self._days)

    def __contains__(self, day: object) -> bool:
        return day in self._spans or day in self._through

    def size(self, day: date) -> int:
        """How many events ``day`` lists (those starting on it, and those running on from
        earlier days), without reading them."""
        return self._counts.get(day, 0) + len(self._through.get(day, ()))

    def day_of(self, event: Event) -> date:
        """The event's own day: the day it starts on (where going to it goes)."""
        return self._day_at(event.start, event.all_day)

    def days_of(self, event: Event) -> list[date]:
        """Every day that lists ``event``: its own, then each later day it runs on."""
        return [self.day_of(event), *self._later.get(event.id, ())]

    def lists(self, event: Event, day: date | None) -> bool:
        """Whether ``day`` lists ``event`` (its own day, or one it runs on to)."""
        return day is not None and (day == self.day_of(event) or day in self._later.get(event.id, ()))

    def _day_at(self, start: datetime, all_day: bool = False) -> date:
        if all_day:
            return start.date()
        day = self._day_of_start.get(start)
        if day is None:
            day = self._day_of_start[start] = day_of(start, self.day_zone, self.change_hour)
        return day

    def day_at(self, moment: datetime) -> date:
        """The day (in the day zone) an instant falls on."""
        return day_of(moment, self.day_zone, self.change_hour)

    # -- events ----------------------------------------------------------------------

    def event(self, event_id: str) -> Event | None:
        """The event with this id in this schedule (read on its own if it was not yet)."""
        found = self._read([event_id])
        return found[0] if found else None

    def many(self, event_ids: Iterable[str]) -> list[Event]:
        """The events of this schedule among ``event_ids``, in the order given."""
        return self._read(list(event_ids))

    def starred(self, starred_ids: Iterable[str]) -> list[Event]:
        """The starred events of this schedule, in start order."""
        return sorted(self.many(starred_ids), key=lambda e: (e.start, e.end, e.id))

    def all(self) -> list[Event]:
        """Every event once, in start order: reads every day (for the rare whole-schedule uses)."""
        return [event for events in map(self.__getitem__, self) for row, event in enumerate(events)
                if not events.outline.continues(row)]

    def around(self, moment: datetime, starred_ids: Iterable[str] = (), limit: int = 3) -> list[Event]:
        """Candidates for "now and next" (planner.domain.queries.now_and_next): what is on
        at ``moment``, what starts soon after, and the next starred event however far ahead."""
        if self.key is None:
            return []
        found = self.library.events_around(self.key, int(moment.timestamp()), limit,
                                           abstract_chars=self.abstract_chars)
        # Times without a zone are held as their wall clock: those around this computer's
        # reading of the moment (clock_reading), where the schedule has any.
        reading = clock_reading(moment)
        if self._floating is None:
            self._floating = self.library.has_floating(self.key)
        if self._floating and reading != moment:
            found += self.library.events_around(self.key, int(reading.timestamp()), limit,
                                                abstract_chars=self.abstract_chars)
        later_starred = [e for e in self.starred(starred_ids) if e.start > moment_for(e, moment)]
        return list({e.id: e for e in found + later_starred[:1]}.values())

    def search(self, day: date, query: str) -> set[str] | None:
        """Ids of ``day``'s events matching ``query`` (None: an empty query, no filter),
        those running on from earlier days included."""
        span = self._spans.get(day)
        if not query.strip():
            return None
        if self.key is None or (span is None and day not in self._through):
            return set()
        found = self.library.search_ids(query, within=(self.key, span[0], span[1])) if span is not None else set()
        if found is None:
            return None
        if day in self._through:
            found |= self.library.search_among(query, self._through[day])
        if not found or day not in self._ids:
            return found
        # The span's instants can include another day's events only when offsets differ
        # (a schedule without a zone); the day's own list decides.
        return found & self._ids[day]

    def search_all(self, query: str) -> dict[date, set[str]] | None:
        """Day -> ids of that day's events matching ``query``, over the whole schedule
        (None: an empty query). Days without a match are left out. An event running over
        several days is a match on each of them, as each of them shows it."""
        if not query.strip():
            return None
        if self.key is None or not self._spans:
            return {}
        first = min(span[0] for span in self._spans.values())
        last = max(span[1] for span in self._spans.values())
        found = self.library.search_ids(query, within=(self.key, first, last)) or set()
        day_of_id = self._days_of_ids()
        by_day: dict[date, set[str]] = {}
        for event_id in found:
            day = day_of_id.get(event_id)
            if day is not None:
                by_day.setdefault(day, set()).add(event_id)
                for later in self._later.get(event_id, ()):
                    by_day.setdefault(later, set()).add(event_id)
        return dict(sorted(by_day.items()))

    def _days_of_ids(self) -> dict[str, date]:
        """Event id -> its day, read once per schedule on the first search."""
        if self._day_of_id is None:
            assert self.key is not None
            parsed: dict[str, datetime] = {}
            self._day_of_id = {}
            for event_id, text, all_day in self.library.event_starts(self.key):
                start = parsed.get(text)
                if start is None:
                    start = parsed[text] = datetime.fromisoformat(text)
                self._day_of_id[event_id] = self._day_at(start, all_day)
        return self._day_of_id

    def values(self, field: str) -> list[str]:  # type: ignore[override]
        """The schedule's rooms or tracks, sorted as a person reads them ("Hall 2" before "Hall 10")."""
        column = {"room": 1, "track": 2}[field]
        return sorted({place[column] for place in self._places() if place[column]}, key=reading_order)

    def room_order(self) -> list[str]:
        """The schedule's rooms as the timeline's columns: as its file lists them, then the
        others as a person reads them (planner.text.wording.room_order)."""
        if self.key is None:
            return []
        return room_order(self.library.listed_rooms(self.key), (place[1] for place in self._places() if place[1]))

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

