"""The timeline's geometry as plain arithmetic: columns, lanes and card rectangles.

Nothing here paints. TimelineView (timeline.py) arranges a day once (arrange_day: the
columns and lanes, which do not depend on the width or the zoom) and sizes its cards at
every width and zoom (size_cards); the axis and header it paints are in timeline_axis.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from PySide6.QtCore import QRect

from planner.domain.days import DayOutline
from planner.text.wording import reading_order

UTC = timezone.utc
HOUR = timedelta(hours=1)
GUTTER = 62  # time labels
TOP_PAD = 14
BOTTOM_PAD = 24
ROOM_HEADER = 26
MIN_CARD = 16
BAND_ROW = 24  # one whole-day event in the band above the hours
MIN_COLUMN = 190  # below this, room columns scroll sideways instead of shrinking
# The header of the column of talks whose schedule names no room, on a day where others have
# one (linux.conf.au 2020's lunch and plenary): never under a room they may not be in.
NO_ROOM = "No room given"


@dataclass(slots=True)
class Columns:
    """How a day is split into columns: by room, by parallel session, or not at all.

    ``names`` label the columns; in session mode a column holds consecutive sessions
    (``spans``: start, end and title of each), and its label is the session on screen.
    """

    names: list[str]
    of: dict[str, int]
    by_session: bool = False
    spans: list[list[tuple[datetime, datetime, str]]] | None = None

    def index(self, room: str, session: str) -> int:
        """The column of an event in ``room`` and ``session``."""
        return self.of.get(session if self.by_session else room, 0)


def columns_for(day: DayOutline, minute_of: dict[datetime, float], order: Sequence[str] | None = None) -> Columns:
    """Rooms as columns; else, when sessions run in parallel (a session page of parallel
    tracks), sessions packed into as few columns as run at once; else one column.

    ``minute_of`` maps every start and end to a number in step with time (minutes into
    the day): comparing those instead of aware datetimes, whose offsets may differ, made
    this a third of the work of arranging a 3,600-event day.

    Rooms come in order of first appearance, or in ``order`` where it names them (the
    attendee's choice of rooms, pinned ones first: planner.ui.rooms). With an order even
    a single room is a column: the attendee chose it, and its header says which it is.
    Talks with no room, on a day where others have one, have a column of their own, the
    last (NO_ROOM): in the first room's, an attendee went there for a lunch the schedule
    gives no place for. (Whole-day events are in the band above the columns.)
    """
    rooms = list(dict.fromkeys(room for room in day.rooms if room))
    if order is not None:
        present = set(rooms)
        ordered = [room for room in dict.fromkeys(order) if room in present]
        first = set(ordered)
        rooms = ordered + [room for room in rooms if room not in first]
    roomless = bool(rooms) and "" in day.rooms and any(
        not room and not day.is_all_day(row) for row, room in enumerate(day.rooms))
    if len(rooms) + roomless > 1 or (order is not None and rooms):
        column_of = {room: i for i, room in enumerate(rooms)}
        if roomless:
            column_of[""] = len(rooms)
            return Columns([*rooms, NO_ROOM], column_of)
        return Columns(rooms, column_of)
    # session -> [first start, last end (as minutes), the same as datetimes]
    spans: dict[str, list[Any]] = {}
    for session, start_at, end_at in zip(day.sessions, day.starts, day.ends, strict=True):
        if session:
            start, end = minute_of[start_at], minute_of[end_at]
            span = spans.get(session)
            if span is None:
                spans[session] = [start, end, start_at, end_at]
            else:
                if start < span[0]:
                    span[0], span[2] = start, start_at
                if end > span[1]:
                    span[1], span[3] = end, end_at
    column_ends: list[float] = []
    column_spans: list[list[tuple[datetime, datetime, str]]] = []
    of: dict[str, int] = {}
    # Sessions that start together in the order a person reads their titles: "Track 961"
    # before "Track 1000" (as text, "Track 1000" came first).
    for title, (first, last, first_at, last_at) in sorted(spans.items(),
                                                          key=lambda item: (item[1][0], reading_order(item[0]))):
        # The first column free by this session's start, else a new one.
        i = next((c for c, end in enumerate(column_ends) if end <= first), len(column_ends))
        if i == len(column_ends):
            column_ends.append(first)
            column_spans.append([])
        column_ends[i] = last
        column_spans[i].append((first_at, last_at, title))
        of[title] = i
    if len(column_ends) <= 1:
        return Columns([], {})
    return Columns([spans_[0][2] for spans_ in column_spans], of, by_session=True, spans=column_spans)


def place_lanes(spans: list[tuple[float, float]], columns: list[int]) -> list[tuple[int, int]]:
    """Lanes for overlapping events inside each column, calendar-style: (lane, lanes) by row.

    ``spans`` are each event's (start, end) in minutes and ``columns`` its column, by row.
    Events sharing time are placed side by side; a cluster of transitively overlapping
    events shares one lane count, so widths line up.
    """
    lane_of = [0] * len(spans)
    lanes_of = [1] * len(spans)
    by_column: dict[int, list[int]] = {}
    for row, column in enumerate(columns):
        by_column.setdefault(column, []).append(row)
    for rows in by_column.values():
        rows.sort(key=spans.__getitem__)
        cluster: list[int] = []
        lane_ends: list[float] = []
        cluster_end: float | None = None
        for row in rows:
            start, end = spans[row]
            if cluster_end is not None and start >= cluster_end:
                for r in cluster:
                    lanes_of[r] = len(lane_ends)
                cluster, lane_ends, cluster_end = [], [], None
            for lane, lane_end in enumerate(lane_ends):
                if lane_end <= start:
                    lane_ends[lane] = end
                    break
            else:
                lane = len(lane_ends)
                lane_ends.append(end)
            lane_of[row] = lane
            cluster.append(row)
            cluster_end = end if cluster_end is None or end > cluster_end else cluster_end
        for r in cluster:
            lanes_of[r] = max(1, len(lane_ends))
    return list(zip(lane_of, lanes_of, strict=True))


class Boxes(Sequence[QRect]):
    """Card rectangles by row, kept as (x, y, width, height) and made QRects when asked.

    Making a QRect per card up front (and reading its top and height back) was half of
    sizing a 3,600-event day: 7 of 13 ms, on every show, resize, zoom and day switch.
    """

    __slots__ = ("boxes",)

    def __init__(self, boxes: list[tuple[int, int, int, int]] | None = None) -> None:
        self.boxes = boxes if boxes is not None else []

    def __len__(self) -> int:
        return len(self.boxes)

    # Rows only: nothing slices Boxes, so Sequence's slice overload is left out.
    def __getitem__(self, row: int) -> QRect:  # type: ignore[override]
        return QRect(*self.boxes[row])


def box_middle(box: tuple[int, int, int, int]) -> int:
    """QRect(*box).center().y(): halfway between its top and its bottom (top + height - 1)."""
    return (2 * box[1] + box[3] - 1) // 2


@dataclass(slots=True)
class Arrangement:
    """A day laid out in time, whatever the width and zoom (see arrange_day)."""

    # The axis's first and last hour, on the display zone's clock (its labels' clock).
    day_start: datetime | None = None
    day_end: datetime | None = None
    rooms: list[str] = field(default_factory=list)
    column_spans: list[list[tuple[datetime, datetime, str]]] | None = None
    # Per card, by row: (start, end) in minutes from day_start, column, lane, lanes.
    slots: list[tuple[float, float, int, int, int]] = field(default_factory=list)
    # Rows of whole-day events, shown in a band above the hours.
    band: list[int] = field(default_factory=list)
    # Timed rows of events that began on an earlier day (DayOutline.continues): their
    # cards start at the top of the axis.
    held: list[int] = field(default_factory=list)
    # day_start in UTC, what every place on the axis is measured from, and the axis's
    # length in real minutes (over the night the clocks go back, 22:00 to 04:00 is seven
    # hours): day_end - day_start share the display zone, and so subtract on its clock.
    origin: datetime | None = None
    length: float = 0.0


# What an event running into or out of the day shows at least of itself beside the
# day's own events, where they decide the axis (see axis_span).
EDGE = timedelta(hours=1)


def axis_span(day: DayOutline, timed: Sequence[int]) -> tuple[datetime, datetime]:
    """The first and last instant the axis of ``day`` must show for its ``timed`` rows.

    Without the day's span (a list of events that is no one day) that is the first start
    and the last end. A day's own events (those that start on it and end by its end)
    decide it; an event running on from an earlier day (a sprint on its third day) is
    drawn from the top of that axis, never stretching it back to its real start days ago,
    and one running on past the day's end is drawn to its bottom, never stretching it to
    Friday: either shows at least EDGE of itself where it ends or begins within the day.
    A day with nothing of its own shows the whole of the day it covers (Tuesday of a
    Monday-to-Friday sprint: its day from 06:00 to 06:00, or midnight to midnight in
    another zone).
    """
    starts, ends = day.starts, day.ends
    if day.span is None:
        return min(starts[r] for r in timed), max(ends[r] for r in timed)
    # The span is on the display zone's clock: in UTC it compares with the rows as instants
    # even where they carry that same zone (which would compare wall clocks).
    begin, finish = (when.astimezone(UTC) for when in day.span)
    tops = [starts[r] if starts[r] >= begin else max(begin, ends[r] - EDGE) for r in timed if ends[r] <= finish
            or starts[r] >= begin]
    bottoms = [ends[r] if ends[r] <= finish else min(finish, starts[r] + EDGE) for r in timed if ends[r] <= finish
               or starts[r] >= begin]
    own = [r for r in timed if starts[r] >= begin]
    ending = [r for r in timed if ends[r] <= finish]
    top = min(tops) if own else begin
    bottom = max(bottoms) if ending else finish
    return top, max(top, bottom)


def arrange_day(day: DayOutline, zone: tzinfo | None, order: Sequence[str] | None = None) -> Arrangement:
    """The day's span (whole hours in ``zone``: see axis_span), its columns (rooms in
    ``order``, if given: see columns_for) and every card's lane. A card is cut to the
    axis: an event running on from an earlier day starts at its top, one running on
    past the day ends at its bottom.

    Every place on the axis is real time since its first hour (``origin``), worked out in
    UTC: two datetimes that share a tzinfo subtract and compare on their wall clock, and on
    the night the clocks change that put the hours an hour off the cards.
    """
    if not day.ids:
        return Arrangement()
    band = [row for row in range(len(day.ids)) if day.is_all_day(row)]
    timed = [row for row in range(len(day.ids)) if not day.is_all_day(row)] if band else range(len(day.ids))
    # Talks share times: each distinct instant is converted to UTC, and compared, once.
    starts, ends = {day.starts[r] for r in timed}, {day.ends[r] for r in timed}
    utc = {when: when.astimezone(UTC) for when in starts | ends}
    if starts:
        earliest = min(starts, key=utc.__getitem__)
        first, last = utc[earliest], max(utc[when] for when in ends)
        axis_zone = zone if zone is not None else earliest.tzinfo
        # Only a day that something runs into or out of needs the row by row look (two
        # more passes over 3,600 rows, each comparing datetimes of two zones: 7 ms).
        if day.span is not None and not day.span[0] <= first <= last <= day.span[1]:
            first, last = (when.astimezone(UTC) for when in axis_span(day, timed))
        # Whole hours of the display zone's clock, each step a real hour from the last.
        day_start = first.astimezone(axis_zone).replace(minute=0, second=0, microsecond=0)
        origin = day_start.astimezone(UTC)
        finish = last.astimezone(axis_zone).replace(minute=0, second=0, microsecond=0).astimezone(UTC)
        if finish < last:
            finish += HOUR
    else:  # only whole-day events: an hour of the morning under the band
        day_start = (day.span[0] if day.span is not None else day.starts[0]).replace(
            hour=9, minute=0, second=0, microsecond=0)
        origin = day_start.astimezone(UTC)
        finish = origin + HOUR
    day_end = finish.astimezone(day_start.tzinfo)
    # Each instant's place on the axis, cut to it (a no-op for a day whose events all fit).
    minutes = {when: (min(max(at, origin), finish) - origin).total_seconds() / 60.0 for when, at in utc.items()}
    for row in band:  # the band's rows take no time on the axis
        minutes.setdefault(day.starts[row], 0.0)
        minutes.setdefault(day.ends[row], 0.0)
    columns_info = columns_for(day, minutes, order)  # rooms, or parallel sessions
    spans = [(minutes[start], minutes[end]) for start, end in zip(day.starts, day.ends, strict=True)]
    for row in band:
        spans[row] = (0.0, 0.0)
    columns = [columns_info.index(room, session) for room, session in zip(day.rooms, day.sessions, strict=True)]
    for row in band:
        columns[row] = -1  # no column: place_lanes keeps them apart from every timed card
    slots = [(start, end, column, lane, lanes)
             for (start, end), column, (lane, lanes) in zip(spans, columns, place_lanes(spans, columns), strict=True)]
    held = ([row for row in timed if day.continues(row)]
            if day.span is not None and starts and utc[earliest] < day.span[0] else [])
    return Arrangement(day_start, day_end, columns_info.names, columns_info.spans, slots, band, held,
                       origin=origin, length=(finish - origin).total_seconds() / 60.0)


@dataclass(slots=True)
class Cards:
    """Card rectangles for one width and zoom, with what finds the visible ones fast."""

    boxes: Boxes  # content coordinates, by row
    order: list[int]  # rows sorted by top
    tops: list[int]  # their tops, in that order
    max_height: int
    column_width: int
    width: int  # of the content
    height: int


def size_cards(arrangement: Arrangement, viewport_width: int, top_pad: int, band_top: int, ppm: float) -> Cards:
    """Card rectangles for a viewport width and a zoom, from arrange_day's slots.

    ``top_pad`` is the content y of the day's first hour, ``band_top`` that of the band of
    whole-day events. Called with at least one slot.
    """
    assert arrangement.day_start is not None and arrangement.day_end is not None
    rooms = arrangement.rooms
    available = max(200, viewport_width - GUTTER - 8)
    columns = max(1, len(rooms))
    column_width = max(MIN_COLUMN, available // columns) if rooms else available
    left = GUTTER + 4
    # Talks share start times and lane layouts: each y and x is worked out once.
    ys: dict[float, int] = {}
    xs: dict[tuple[int, int, int], tuple[int, int]] = {}
    boxes: list[tuple[int, int, int, int]] = []
    band_rank = {row: rank for rank, row in enumerate(arrangement.band)}
    for row, (start, end, column, lane, lanes) in enumerate(arrangement.slots):
        if column < 0:  # a whole-day event: its row of the band, across every column
            rank = band_rank[row]
            boxes.append((left, band_top + rank * BAND_ROW, column_width * columns - 2, BAND_ROW - 2))
            continue
        y0 = ys.get(start)
        if y0 is None:
            y0 = ys[start] = top_pad + round(start * ppm)
        y1 = ys.get(end)
        if y1 is None:
            y1 = ys[end] = top_pad + round(end * ppm)
        x = xs.get((column, lane, lanes))
        if x is None:
            lane_w = column_width / lanes
            x0 = left + round(column * column_width + lane * lane_w)
            x1 = left + round(column * column_width + (lane + 1) * lane_w)
            x = xs[(column, lane, lanes)] = (x0, max(20, x1 - x0 - 2))
        boxes.append((x[0], y0, x[1], max(MIN_CARD, y1 - y0 - 1)))
    tops = [box[1] for box in boxes]
    order = sorted(range(len(boxes)), key=tops.__getitem__)
    # The day's real length (arrange_day's), not day_end - day_start: those share the
    # display zone, and so subtract on its clock, an hour short of a night the clocks go back.
    return Cards(Boxes(boxes), order, [tops[r] for r in order], max(box[3] for box in boxes), column_width,
                 GUTTER + 8 + column_width * columns, top_pad + round(arrangement.length * ppm) + BOTTOM_PAD)
