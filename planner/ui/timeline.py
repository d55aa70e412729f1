"""The timeline: one conference day as cards on a vertical time axis.

TimelineView is a QListView whose geometry is entirely its own (each card's top and
bottom sit at its start and end; overlapping events share the width in lanes; rooms
become columns). Subclassing QListView rather than painting a bare scroll area gives
keyboard selection and Qt's accessibility for free: a screen reader sees a list whose
items are the cards, with their text and on-screen rectangles.

Only visible cards are painted: cards are kept sorted by top, and a bisect finds the
first one that can reach the viewport.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPixmap, QPixmapCache, QRegion
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyleOptionViewItem, QWidget

from planner.store.schedule_days import DayOutline
from planner.ui.delegates import NARROW, CardDelegate, derived_font, fill_rect, mix, star_rect
from planner.ui.models import EventListModel, Roles, day_shift
from planner.ui.viewports import give_own_viewport

if TYPE_CHECKING:  # types named only in annotations: PySide6 builds each Qt type on first use
    from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QPaintEvent, QResizeEvent, QShowEvent, QWheelEvent

    from planner.domain.model import Event

GUTTER = 62  # time labels
TOP_PAD = 14
BOTTOM_PAD = 24
ROOM_HEADER = 26
MIN_CARD = 16
BAND_ROW = 24  # one whole-day event in the band above the hours
MIN_COLUMN = 190  # below this, room columns scroll sideways instead of shrinking
DEFAULT_PPM = 6.0  # pixels per minute: a 10-minute card shows time, title and authors
MIN_PPM, MAX_PPM = 1.0, 30.0
# The tallest axis kept as one pixmap (see _keep_axis), in device pixels: an 18-hour day
# up to 15 px a minute at 1x (the default is 6), up to 7 at 2x.
AXIS_STRIP_MAX_PX = 16_384


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


def columns_for(day: DayOutline, minute_of: dict[datetime, float]) -> Columns:
    """Rooms as columns; else, when sessions run in parallel (a session page of parallel
    tracks), sessions packed into as few columns as run at once; else one column.

    ``minute_of`` maps every start and end to a number in step with time (minutes into
    the day): comparing those instead of aware datetimes, whose offsets may differ, made
    this a third of the work of arranging a 3,600-event day.
    """
    rooms = list(dict.fromkeys(room for room in day.rooms if room))
    if len(rooms) > 1:
        return Columns(rooms, {room: i for i, room in enumerate(rooms)})
    # session -> [first start, last end (as minutes), the same as datetimes]
    spans: dict[str, list] = {}  # type: ignore[type-arg]
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
    for title, (first, last, first_at, last_at) in sorted(spans.items(), key=lambda item: (item[1][0], item[0])):
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


def _place(spans: list[tuple[float, float]], columns: list[int]) -> list[tuple[int, int]]:
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


class _Boxes(Sequence[QRect]):
    """Card rectangles by row, kept as (x, y, width, height) and made QRects when asked.

    Making a QRect per card up front (and reading its top and height back) was half of
    sizing a 3,600-event day: 7 of 13 ms, on every show, resize, zoom and day switch.
    """

    __slots__ = ("boxes",)

    def __init__(self, boxes: list[tuple[int, int, int, int]] | None = None) -> None:
        self.boxes = boxes if boxes is not None else []

    def __len__(self) -> int:
        return len(self.boxes)

    def __getitem__(self, row: int) -> QRect:  # type: ignore[override]
        return QRect(*self.boxes[row])


def _middle(box: tuple[int, int, int, int]) -> int:
    """QRect(*box).center().y(): halfway between its top and its bottom (top + height - 1)."""
    return (2 * box[1] + box[3] - 1) // 2


class TimelineView(QListView):
    """Cards of one day on a time axis.

    Signals:
        starToggled(str): the star on a card was clicked (event id).
        zoomChanged(float): pixels per minute changed.
    """

    starToggled = Signal(str)
    zoomChanged = Signal(float)

    # Class-level defaults: QListView's constructor and setters already call our
    # overrides, before __init__ could set instance attributes (and setting attributes on
    # a wrapper before its C++ object exists crashes Shiboken). _relayout replaces them.
    _rects = _Boxes()  # content coordinates, by row
    _order: list[int] = []  # rows sorted by top
    _tops: list[int] = []
    _rooms: list[str] = []
    _column_spans: list[list[tuple[datetime, datetime, str]]] | None = None
    # Per card, by row: (start, end) in minutes from _day_start, column, lane, lanes.
    _slots: list[tuple[float, float, int, int, int]] = []
    # Rows of whole-day events, shown in a band above the hours (a date has no time to
    # place it at: as a timed card it would fill the day from midnight to midnight).
    _band: list[int] = []
    _max_height = 0
    _hours_of: tuple[tuple[datetime, datetime], list[datetime]] | None = None  # see _axis_hours
    _fonts_of: tuple[str, tuple[QFont, QFontMetrics, QFont, QFontMetrics]] | None = None
    _strip_of: tuple[tuple[object, ...], QPixmap] | None = None  # see _keep_axis
    _strip_queued = False
    _column_width = 0
    _content = QSize(0, 0)
    _day_start: datetime | None = None
    _day_end: datetime | None = None
    _dirty = True
    _in_layout = False
    _layout_key: tuple[int, float] | None = None  # (viewport width, ppm) of the last layout
    ppm = DEFAULT_PPM
    zone: tzinfo | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        give_own_viewport(self)  # before anything asks for it: see planner/ui/viewports.py
        self.setObjectName("timeline")
        self.setAccessibleName("Timeline")
        self.setAccessibleDescription("Talks of the selected day on a time axis; press S to star the selected talk")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # A day is nearly always taller than the view. A scroll bar that came and went
        # would change the width and lay every card out again (a 3,600-event day twice
        # before the first paint).
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        self.setUniformItemSizes(True)
        self.delegate = CardDelegate(self)
        self.setItemDelegate(self.delegate)
        self.now: Callable[[], datetime] = _utc_now
        self._now_timer = QTimer(self)
        self._now_timer.setInterval(60_000)
        self._now_timer.timeout.connect(self._tick)
        # Room for a few busy days of cards (see _paint); Qt's default is 10 MB.
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), 48 * 1024))
        self._now_timer.start()

    def _tick(self) -> None:
        self.viewport().update()  # moves the "now" line

    # -- model -----------------------------------------------------------------------

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        model.modelReset.connect(self._invalidate)
        model.layoutChanged.connect(self._invalidate)
        model.rowsInserted.connect(self._invalidate)
        model.rowsRemoved.connect(self._invalidate)
        self._invalidate()

    def timeline_model(self) -> EventListModel:
        model = self.model()
        assert isinstance(model, EventListModel)
        return model

    def _invalidate(self) -> None:
        self._dirty = True
        self._relayout()
        self.viewport().update()

    # -- geometry --------------------------------------------------------------------

    def _relayout(self) -> None:
        """Recompute every card's rectangle. Cheap (arithmetic per event), never re-entered.

        Qt calls indexAt/visualRect from inside updateGeometries, so results are built in
        locals and published at once, and those methods never trigger a layout.
        """
        if self._in_layout:
            return
        if not self.isVisible():
            # Before the window is first shown the viewport has a placeholder width: sizing
            # thousands of cards for it is thrown away by the resize that showing brings.
            # The day's arrangement (width-independent) is still made now; showEvent sizes.
            if self._dirty:
                self._arrange_day()
            self._layout_key = None
            return
        # Cards depend only on the model's events, the viewport width and the zoom. Qt
        # asks for a layout after every dataChanged (each search keystroke) and on
        # height-only resizes: those reuse the rectangles instead of redoing 1,000s.
        key = (self.viewport().width(), self.ppm)
        if self._dirty or key != self._layout_key:
            self._in_layout = True
            try:
                self._compute_layout()
            finally:
                self._in_layout = False
            self._layout_key = key
        self.updateGeometries()

    def _compute_layout(self) -> None:
        if self._dirty:
            self._arrange_day()
        self._size_cards()

    def _arrange_day(self) -> None:
        """What does not depend on the width or zoom: the day's span, columns and lanes.

        Done once per day shown (a 3,600-event day takes most of its layout time here),
        so resizing the window or zooming only redoes the arithmetic in _size_cards.
        """
        self._dirty = False
        model = self.model()
        day = model.outline() if isinstance(model, EventListModel) else DayOutline.of([])
        self.zone = model.zone if isinstance(model, EventListModel) else None
        delegate = getattr(self, "delegate", None)
        if delegate is not None:
            delegate.zone = self.zone
            delegate.day = model.day if isinstance(model, EventListModel) else None
        if not day.ids:
            self._day_start = self._day_end = None
            self._rooms, self._column_spans, self._slots, self._band = [], None, [], []
            return
        self._band = [row for row in range(len(day.ids)) if day.is_all_day(row)]
        timed = [row for row in range(len(day.ids)) if not day.is_all_day(row)] if self._band else range(len(day.ids))
        # Talks share times: each distinct instant is compared and converted once.
        starts, ends = {day.starts[r] for r in timed}, {day.ends[r] for r in timed}
        if starts:
            first = min(starts)
            day_start = (first.astimezone(self.zone) if self.zone else first).replace(minute=0, second=0, microsecond=0)
            last_local = max(ends).astimezone(day_start.tzinfo)
        else:  # only whole-day events: an hour of the morning under the band
            day_start = day.starts[0].replace(hour=9, minute=0, second=0, microsecond=0)
            last_local = day_start + timedelta(hours=1)
        day_end = last_local.replace(minute=0, second=0, microsecond=0)
        if day_end < last_local:
            day_end += timedelta(hours=1)
        minutes = {when: (when - day_start).total_seconds() / 60.0 for when in starts | ends}
        for row in self._band:  # the band's rows take no time on the axis
            minutes.setdefault(day.starts[row], 0.0)
            minutes.setdefault(day.ends[row], 0.0)
        columns_info = columns_for(day, minutes)  # rooms, or parallel sessions
        spans = [(minutes[start], minutes[end]) for start, end in zip(day.starts, day.ends, strict=True)]
        for row in self._band:
            spans[row] = (0.0, 0.0)
        columns = [columns_info.index(room, session) for room, session in zip(day.rooms, day.sessions, strict=True)]
        for row in self._band:
            columns[row] = -1  # no column: _place keeps them apart from every timed card
        self._slots = [(start, end, column, lane, lanes)
                       for (start, end), column, (lane, lanes) in zip(spans, columns, _place(spans, columns), strict=True)]
        self._day_start, self._day_end = day_start, day_end
        self._rooms, self._column_spans = columns_info.names, columns_info.spans

    def _size_cards(self) -> None:
        """Card rectangles for the current width and zoom, from _arrange_day's slots."""
        if not self._slots or self._day_start is None or self._day_end is None:
            self._rects, self._order, self._tops = _Boxes(), [], []
            self._content = QSize(0, 0)
            return
        rooms = self._rooms
        available = max(200, self.viewport().width() - GUTTER - 8)
        columns = max(1, len(rooms))
        column_width = max(MIN_COLUMN, available // columns) if rooms else available
        top_pad = self._grid_top()
        band_top = top_pad - self._band_height()
        ppm, left = self.ppm, GUTTER + 4
        # Talks share start times and lane layouts: each y and x is worked out once.
        ys: dict[float, int] = {}
        xs: dict[tuple[int, int, int], tuple[int, int]] = {}
        boxes: list[tuple[int, int, int, int]] = []
        band_rank = {row: rank for rank, row in enumerate(self._band)}
        for row, (start, end, column, lane, lanes) in enumerate(self._slots):
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
        self._column_width = column_width
        self._rects, self._order = _Boxes(boxes), order
        self._tops = [tops[r] for r in order]
        self._max_height = max(box[3] for box in boxes)
        day_minutes = (self._day_end - self._day_start).total_seconds() / 60.0
        self._content = QSize(GUTTER + 8 + column_width * columns, top_pad + round(day_minutes * ppm) + BOTTOM_PAD)

    def _band_height(self) -> int:
        return len(self._band) * BAND_ROW + (12 if self._band else 0)

    def _grid_top(self) -> int:
        """Content y of the day's first hour: below the room header and the band."""
        return TOP_PAD + (ROOM_HEADER if self._rooms else 0) + self._band_height()

    def _minutes(self, when: datetime) -> float:
        assert self._day_start is not None
        return (when - self._day_start).total_seconds() / 60.0

    def y_for(self, when: datetime) -> int:
        """Viewport y of an instant on the current day's axis."""
        return self._grid_top() + round(self._minutes(when) * self.ppm) - self.verticalOffset()

    def updateGeometries(self) -> None:
        # Skip QListView's version: it sets scroll ranges from its own item layout.
        QAbstractItemView.updateGeometries(self)
        viewport = self.viewport().size()
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setRange(0, max(0, self._content.height() - viewport.height()))
        vbar.setPageStep(viewport.height())
        vbar.setSingleStep(max(8, round(self.ppm * 5)))
        hbar.setRange(0, max(0, self._content.width() - viewport.width()))
        hbar.setPageStep(viewport.width())
        hbar.setSingleStep(40)

    def doItemsLayout(self) -> None:
        # Not QListView's: its layout pass over every item is work we never use.
        self._relayout()
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._relayout()

    def horizontalOffset(self) -> int:
        return self.horizontalScrollBar().value()

    def verticalOffset(self) -> int:
        return self.verticalScrollBar().value()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        # The axis and room header stay put while cards move: repaint rather than blit.
        self.viewport().update()

    def visualRect(self, index: QModelIndex | QPersistentModelIndex) -> QRect:
        if not index.isValid() or index.row() >= len(self._rects):
            return QRect()
        return self._rects[index.row()].translated(-self.horizontalOffset(), -self.verticalOffset())

    def indexAt(self, point: QPoint) -> QModelIndex:
        content = point + QPoint(self.horizontalOffset(), self.verticalOffset())
        model = self.model()
        for row in self._rows_between(content.y(), content.y()):
            if self._rects[row].contains(content) and model is not None and row < model.rowCount():
                return model.index(row, 0)
        return QModelIndex()

    def _rows_between(self, y0: int, y1: int) -> list[int]:
        """Rows whose cards can intersect content ys [y0, y1], by bisecting the tops."""
        if not self._tops:
            return []
        lo = bisect.bisect_left(self._tops, y0 - self._max_height)
        hi = bisect.bisect_right(self._tops, y1)
        boxes = self._rects.boxes
        return [r for r in self._order[lo:hi] if boxes[r][1] + boxes[r][3] - 1 >= y0]  # QRect.bottom()

    def isIndexHidden(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return False

    def setSelection(self, rect: QRect, flags: QItemSelectionModel.SelectionFlag) -> None:
        content = rect.normalized().translated(self.horizontalOffset(), self.verticalOffset())
        selection = QItemSelection()
        for row in self._rows_between(content.top(), content.bottom()):
            if self._rects[row].intersects(content):
                index = self.model().index(row, 0)
                selection.select(index, index)
                break
        self.selectionModel().select(selection, flags)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        region = QRegion()
        for index in selection.indexes():
            region += self.visualRect(index)
        return region

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        rect = self.visualRect(index)
        if not rect.isValid():
            return
        viewport = self.viewport().rect()
        top_pad = ROOM_HEADER if self._rooms else 0
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        if hint == QAbstractItemView.ScrollHint.PositionAtCenter:
            vbar.setValue(vbar.value() + rect.center().y() - viewport.center().y())
        elif rect.top() < top_pad + 8 or hint == QAbstractItemView.ScrollHint.PositionAtTop:
            vbar.setValue(vbar.value() + rect.top() - top_pad - 8)
        elif rect.bottom() > viewport.bottom() - 8:
            vbar.setValue(vbar.value() + min(rect.bottom() - viewport.bottom() + 8, rect.top() - top_pad - 8))
        if rect.left() < GUTTER:
            hbar.setValue(hbar.value() + rect.left() - GUTTER - 4)
        elif rect.right() > viewport.right():
            hbar.setValue(hbar.value() + rect.right() - viewport.right() + 4)

    def scroll_to_time(self, when: datetime) -> None:
        """Bring an instant near the top of the viewport (the "Now" action)."""
        if self._day_start is None:
            return
        self.verticalScrollBar().setValue(self.y_for(when) + self.verticalOffset() - 60)

    # -- keyboard --------------------------------------------------------------------

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        model = self.model()
        if model is None or model.rowCount() == 0:
            return QModelIndex()
        current = self.currentIndex()
        Action = QAbstractItemView.CursorAction
        if not current.isValid():
            # Nothing selected yet: the first press selects the first event.
            return self._first_match(range(model.rowCount())) or model.index(0, 0)
        row = current.row()
        if action in (Action.MoveDown, Action.MoveNext):
            return self._first_match(range(row + 1, model.rowCount())) or current
        if action in (Action.MoveUp, Action.MovePrevious):
            return self._first_match(range(row - 1, -1, -1)) or current
        if action == Action.MoveHome:
            return self._first_match(range(model.rowCount())) or current
        if action == Action.MoveEnd:
            return self._first_match(range(model.rowCount() - 1, -1, -1)) or current
        if action in (Action.MovePageDown, Action.MovePageUp):
            step = self.viewport().height() if action == Action.MovePageDown else -self.viewport().height()
            boxes = self._rects.boxes
            target_y = boxes[row][1] + step
            rows = sorted(range(model.rowCount()), key=lambda r: abs(boxes[r][1] - target_y))
            return self._first_match(rows) or current
        if action in (Action.MoveLeft, Action.MoveRight):
            return self._sideways(row, -1 if action == Action.MoveLeft else 1) or current
        return current

    def _first_match(self, rows: Any) -> QModelIndex | None:
        model = self.timeline_model()
        for r in rows:
            if model.is_match(r):
                return model.index(r, 0)
        return None

    def _sideways(self, row: int, direction: int) -> QModelIndex | None:
        """The card beside this one: nearest in time among cards to the left or right."""
        # On the (x, y, width, height) tuples: a QRect per card would be thousands a key press.
        boxes = self._rects.boxes
        left, middle = boxes[row][0], _middle(boxes[row])
        model = self.timeline_model()
        candidates = [r for r in range(len(boxes)) if (boxes[r][0] - left) * direction > 0 and model.is_match(r)]
        if not candidates:
            return None
        best = min(candidates, key=lambda r: (abs(boxes[r][0] - left) // 50, abs(_middle(boxes[r]) - middle)))
        return self.model().index(best, 0)

    def step(self, delta: int) -> None:
        """Select the next (+1) or previous (-1) matching event: J and K."""
        action = QAbstractItemView.CursorAction.MoveDown if delta > 0 else QAbstractItemView.CursorAction.MoveUp
        index = self.moveCursor(action, Qt.KeyboardModifier.NoModifier)
        if index.isValid():
            self.setCurrentIndex(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # QListView would start a keyboard search on letters; our letters are shortcuts.
        if event.text() and event.text().isprintable() and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            event.ignore()
            return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        return

    def focusInEvent(self, event: QFocusEvent) -> None:
        # QAbstractItemView makes the first card current on focus; an attendee who has not
        # chosen anything yet should see nothing selected until the first key press.
        QWidget.focusInEvent(self, event)
        self.viewport().update()

    # -- mouse -----------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and event.button() == Qt.MouseButton.LeftButton:
            card = self.visualRect(index)
            # Narrow cards draw no star toggle: a click there selects (S stars).
            if card.width() >= NARROW and star_rect(card.adjusted(2, 1, -2, -1)).contains(event.position().toPoint()):
                ev: Event = index.data(Roles.EVENT)
                if ev.kind.value != "break":
                    self.setCurrentIndex(index)
                    self.starToggled.emit(ev.id)
                    event.accept()
                    return
        super().mousePressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.ppm * (1.25 ** steps), anchor_y=int(event.position().y()))
            event.accept()
            return
        super().wheelEvent(event)

    # -- zoom ------------------------------------------------------------------------

    def set_zoom(self, ppm: float, anchor_y: int | None = None) -> None:
        """Change pixels per minute, keeping the time under ``anchor_y`` (or the centre) still."""
        ppm = min(MAX_PPM, max(MIN_PPM, ppm))
        if abs(ppm - self.ppm) < 1e-6:
            return
        anchor = self.viewport().height() // 2 if anchor_y is None else anchor_y
        top_pad = TOP_PAD + (ROOM_HEADER if self._rooms else 0)
        minutes = (anchor + self.verticalOffset() - top_pad) / self.ppm
        self.ppm = ppm
        self._relayout()
        self.verticalScrollBar().setValue(round(top_pad + minutes * ppm - anchor))
        self.viewport().update()
        self.zoomChanged.emit(ppm)

    def zoom_in(self) -> None:
        self.set_zoom(self.ppm * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self.ppm / 1.25)

    def reset_zoom(self) -> None:
        self.set_zoom(DEFAULT_PPM)

    # -- painting --------------------------------------------------------------------

    def visible_rows(self) -> list[int]:
        """Rows whose cards intersect the viewport (what a paint draws)."""
        top, left = self.verticalOffset(), self.horizontalOffset()
        seen = self.viewport().rect().translated(left, top)  # in content coordinates
        return [row for row in self._rows_between(top, top + self.viewport().height())
                if self._rects[row].intersects(seen)]

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._dirty:
            self._relayout()
        painter = QPainter(self.viewport())
        try:
            self._paint(painter, event.rect())
        finally:
            painter.end()

    def _paint(self, painter: QPainter, clip: QRect) -> None:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        fill_rect(painter, clip, base)
        if self._day_start is None or self._day_end is None:
            painter.setPen(mix(text, base, 0.4))
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             "No events to show.\nOpen a schedule with Ctrl+O or drop a file here.")
            return
        dx, dy = self.horizontalOffset(), self.verticalOffset()
        width = self.viewport().width()
        self._paint_grid(painter, dy, width, base, text)

        current = self.currentIndex()
        selected = set(i.row() for i in self.selectionModel().selectedIndexes()) if self.selectionModel() else set()
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        model = self.timeline_model()
        has_focus = self.hasFocus()
        dpr = self.devicePixelRatioF()
        # Everything that changes how any card looks, besides its own state.
        generation = (f"{self.palette().cacheKey()}|{self.font().key()}|{dpr}|{id(self.zone)}|{model.day}|"
                      f"{model.generation}")
        content_clip = clip.translated(dx, dy)
        left, right = content_clip.left(), content_clip.right()
        boxes = self._rects.boxes
        for row in self._rows_between(content_clip.top(), content_clip.bottom()):
            x, y, w, h = boxes[row]
            # A lane scrolled out sideways. Tested on the tuple: a busy day's paint looks
            # at ~160 cards to draw ~30, and a QRect for each was most of its allocations.
            if w <= 0 or h <= 0 or x > right or x + w - 1 < left:
                continue
            rect = QRect(x - dx, y - dy, w, h)
            is_selected = row in selected
            is_focused = has_focus and current.isValid() and current.row() == row
            # Cards are drawn once into a cached pixmap and blitted afterwards: laying out
            # text costs ~0.7 ms a card, a blit a few microseconds, so scrolling and
            # search-as-you-type repaint only the cards whose look changed.
            key = (f"card|{generation}|{model.card_key(row)}|{rect.width()}x{rect.height()}|"
                   f"{int(is_selected)}{int(is_focused)}")
            pixmap = QPixmapCache.find(key)
            if pixmap is None:
                pixmap = QPixmap(round(rect.width() * dpr), round(rect.height() * dpr))
                pixmap.setDevicePixelRatio(dpr)
                pixmap.fill(Qt.GlobalColor.transparent)
                card_painter = QPainter(pixmap)
                try:
                    option.rect = QRect(0, 0, rect.width(), rect.height())
                    self.delegate.paint_card(card_painter, option, model.index(row, 0),
                                             selected=is_selected, focused=is_focused)
                finally:
                    card_painter.end()
                QPixmapCache.insert(key, pixmap)
            painter.drawPixmap(rect.topLeft(), pixmap)

        self._paint_now(painter, dy, width)
        self._paint_axis(painter, dy, base, text)
        if self._rooms:
            self._paint_rooms(painter, dx, width, base, text)

    def _axis_hours(self) -> list[datetime]:
        assert self._day_start is not None and self._day_end is not None
        span = (self._day_start, self._day_end)
        if self._hours_of is None or self._hours_of[0] != span:
            hours, t = [], self._day_start
            while t <= self._day_end:
                hours.append(t)
                t += timedelta(hours=1)
            self._hours_of = (span, hours)
        return self._hours_of[1]

    def _axis_fonts(self) -> tuple[QFont, QFontMetrics, QFont, QFontMetrics]:
        """The axis's hour and quarter fonts with their metrics, made once per widget font."""
        key = self.font().key()
        if self._fonts_of is None or self._fonts_of[0] != key:
            font = QFont(self.font())
            small = derived_font(font, 0.8, floor=6.5)
            self._fonts_of = (key, (font, QFontMetrics(font), small, QFontMetrics(small)))
        return self._fonts_of[1]

    def _hours_on_screen(self, margin: int = 40) -> list[datetime]:
        """The axis hours that can draw something in the viewport (a line, a label, a
        quarter): painting used to walk every quarter of the day at each scroll step."""
        top, bottom = self._time_at(-margin), self._time_at(self.viewport().height() + margin)
        if top is None or bottom is None:
            return []
        hour = timedelta(hours=1)
        return [h for h in self._axis_hours() if h + hour >= top and h <= bottom]

    def _paint_grid(self, painter: QPainter, dy: int, width: int, base: QColor, text: QColor) -> None:
        hour_pen = QPen(mix(base, text, 0.16), 1)
        quarter_pen = QPen(mix(base, text, 0.07), 1, Qt.PenStyle.DotLine)
        for hour in self._hours_on_screen():
            for quarter in range(4):
                when = hour + timedelta(minutes=15 * quarter)
                if when > self._day_end:  # type: ignore[operator]
                    break
                y = self.y_for(when)
                if y < -2 or y > self.viewport().height() + 2:
                    continue
                painter.setPen(hour_pen if quarter == 0 else quarter_pen)
                if quarter and self.ppm * 15 < 12:
                    continue  # quarter lines only when there is room for them
                painter.drawLine(GUTTER, y, width, y)

    def _paint_axis(self, painter: QPainter, dy: int, base: QColor, text: QColor) -> None:
        height = self.viewport().height()
        key = self._axis_key()
        if key is not None and self._strip_of is not None and self._strip_of[0] == key:
            dpr = round(self._strip_of[1].devicePixelRatio())
            painter.drawPixmap(QPoint(0, 0), self._strip_of[1], QRect(0, dy * dpr, (GUTTER + 1) * dpr, height * dpr))
            return
        self._draw_axis(painter, height, 0, self._hours_on_screen(), base, text)
        if key is not None and not self._strip_queued:
            # Drawn once the paint is done: the strip takes several times one screen's
            # labels (4 ms for an 18-hour day), which a first paint need not wait for.
            self._strip_queued = True
            QTimer.singleShot(0, self, self._keep_axis)  # not called if the view is gone by then

    def _axis_key(self) -> tuple[object, ...] | None:
        """What the axis strip depends on; None where the axis is drawn at each paint: a
        day too tall for one pixmap at this zoom, or a fractional device pixel ratio (a
        blit from a scrolled offset would fall between pixels)."""
        dpr = self.devicePixelRatioF()
        height = max(self._content.height(), self.viewport().height())
        if self._day_start is None or dpr != round(dpr) or height * dpr > AXIS_STRIP_MAX_PX:
            return None
        return (self._day_start, self._day_end, self.ppm, bool(self._rooms), len(self._band), height, dpr, self.zone,
                self.timeline_model().day, self.font().key(), self.palette().cacheKey())

    def _keep_axis(self) -> None:
        """Draw the whole day's axis into the strip that scroll paints blit from.

        Drawing its labels at every scroll step was about a quarter of a scroll paint on the
        busiest 10k day: blitting the strip instead took the median paint from 5.2-5.4 ms to
        4.4 ms (the two alternated in one process, two runs).
        """
        self._strip_queued = False
        key = self._axis_key()
        if key is None or (self._strip_of is not None and self._strip_of[0] == key):
            return
        height, dpr = int(key[5]), float(key[6])  # type: ignore[call-overload,arg-type]
        strip = QPixmap(round((GUTTER + 1) * dpr), round(height * dpr))
        strip.setDevicePixelRatio(dpr)
        # Where the gutter's line leaves a sliver of the strip (half a pixel at 2x), the
        # cards' side shows through, as it did when the axis was drawn directly.
        strip.fill(Qt.GlobalColor.transparent)
        palette = self.palette()
        painter = QPainter(strip)
        try:
            # In content coordinates: y_for() gives the viewport's, scrolled by the offset.
            self._draw_axis(painter, height, self.verticalOffset(), self._axis_hours(),
                            palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text))
        finally:
            painter.end()
        self._strip_of = (key, strip)

    def _draw_axis(self, painter: QPainter, height: int, shift: int, hours: list[datetime],
                   base: QColor, text: QColor) -> None:
        """The gutter, its line and the labels of ``hours``, each at y_for() + ``shift``."""
        fill_rect(painter, QRect(0, 0, GUTTER, height), mix(base, text, 0.03))
        painter.setPen(QPen(mix(base, text, 0.16), 1))
        painter.drawLine(GUTTER, 0, GUTTER, height)
        font, fm, small, sfm = self._axis_fonts()
        if self._band:
            y = self._grid_top() - self._band_height() - self.verticalOffset() + shift
            painter.setFont(small)
            painter.setPen(mix(text, base, 0.3))
            painter.drawText(QRect(0, y, GUTTER - 8, BAND_ROW), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             "All day")
        for hour in hours:
            y = self.y_for(hour) + shift
            if -fm.height() < y < height + fm.height():
                painter.setFont(font)
                painter.setPen(text)
                painter.drawText(QRect(0, y - fm.height() // 2, GUTTER - 8, fm.height()),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{hour:%H:%M}")
                shift_label = day_shift(hour, self.timeline_model().day)
                if shift_label:
                    # The shown clock is past midnight of the conference day.
                    painter.setFont(small)
                    painter.setPen(mix(text, base, 0.35))
                    painter.drawText(QRect(0, y + fm.height() // 2, GUTTER - 8, fm.height()),
                                     Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, shift_label)
            if self.ppm * 15 >= 14:
                painter.setFont(small)
                painter.setPen(mix(text, base, 0.45))
                for quarter in (1, 2, 3):
                    qy = self.y_for(hour + timedelta(minutes=15 * quarter)) + shift
                    if -sfm.height() < qy < height + sfm.height():
                        painter.drawText(QRect(0, qy - sfm.height() // 2, GUTTER - 8, sfm.height()),
                                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                         f":{15 * quarter:02d}")

    def _paint_now(self, painter: QPainter, dy: int, width: int) -> None:
        now = self.now()
        if self._day_start is None or self._day_end is None or not self._day_start <= now <= self._day_end:
            return
        y = self.y_for(now)
        colour = QColor("#dc2626")
        painter.setPen(QPen(colour, 2))
        painter.drawLine(GUTTER, y, width, y)
        painter.setBrush(colour)
        painter.drawEllipse(QPoint(GUTTER, y), 4, 4)

    def _paint_rooms(self, painter: QPainter, dx: int, width: int, base: QColor, text: QColor) -> None:
        fill_rect(painter, QRect(0, 0, width, ROOM_HEADER), mix(base, text, 0.05))
        painter.setPen(QPen(mix(base, text, 0.2), 1))
        painter.drawLine(0, ROOM_HEADER, width, ROOM_HEADER)
        font = derived_font(self.font(), bold=True)  # made once, not at every scroll step
        painter.setFont(font)
        fm = QFontMetrics(font)
        top_time = self._time_at(ROOM_HEADER + TOP_PAD)
        for column, room in enumerate(self._rooms):
            x = GUTTER + 4 + column * self._column_width - dx
            if x + self._column_width < GUTTER or x > width:
                continue
            if self._column_spans is not None and top_time is not None:
                # A column of consecutive sessions is labelled with the one on screen.
                spans = self._column_spans[column]
                room = next((title for _, end, title in spans if end > top_time), spans[-1][2])
            painter.setPen(text)
            # A column scrolled partly out of view keeps its name at the left edge, cut
            # to what is left of the column so it never runs into the next one.
            left = max(x + 6, GUTTER + 4)
            rect = QRect(left, 0, x + self._column_width - 6 - left, ROOM_HEADER)
            if rect.width() < 16:
                continue
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(room, Qt.TextElideMode.ElideRight, rect.width()))
        fill_rect(painter, QRect(0, 0, GUTTER, ROOM_HEADER), mix(base, text, 0.05))

    def _time_at(self, viewport_y: int) -> datetime | None:
        if self._day_start is None:
            return None
        minutes = (viewport_y + self.verticalOffset() - self._grid_top()) / self.ppm
        return self._day_start + timedelta(minutes=minutes)

    def viewportSizeHint(self) -> QSize:
        return QSize(600, 600)


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)
