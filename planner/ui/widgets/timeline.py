"""The timeline: one conference day as cards on a vertical time axis.

TimelineView is a QListView whose geometry is entirely its own (each card's top and
bottom sit at its start and end; overlapping events share the width in lanes; rooms
become columns). Subclassing QListView rather than painting a bare scroll area gives
keyboard selection and Qt's accessibility for free: a screen reader sees a list whose
items are the cards, with their text and on-screen rectangles.

Only visible cards are painted: cards are kept sorted by top, and a bisect finds the
first one that can reach the viewport. A card whose start has scrolled above the view
shows its head (time, title, star) pinned at the top, so a long event never leaves an
empty-looking column.

This module holds what Qt asks of the view (the model, each card's rectangle, what is
under a point, the painting of the cards); the rest has a module of its own: the layout's
arithmetic (timeline_layout.py), and mixed into TimelineView the axis and room header
(timeline_axis.py), the room header (timeline_rooms.py), the pinned heads (timeline_heads.py), the scroll
position kept as a time per day (timeline_places.py), the keys (timeline_keys.py), wheel and zoom
(timeline_zoom.py).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable
from datetime import datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QHelpEvent, QPainter, QPalette, QPen, QPixmap, QPixmapCache, QRegion
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyleOptionViewItem, QWidget

from planner.domain.days import DayOutline, clock_reading
from planner.ui.widgets.colours import mix
from planner.ui.widgets.delegates import NARROW, CardDelegate, fill_rect, open_rect, star_rect
from planner.ui.widgets.models import EventListModel, Roles, empty_text
from planner.ui.widgets.timeline_axis import AxisPainting
from planner.ui.widgets.timeline_heads import PinnedHeads
from planner.ui.widgets.timeline_keys import KeyboardMoves
from planner.ui.widgets.timeline_layout import (
    BAND_ROW,
    GUTTER,
    ROOM_HEADER,
    TOP_PAD,
    Arrangement,
    Boxes,
    arrange_day,
    size_cards,
)
from planner.ui.widgets.timeline_places import PlaceMemory
from planner.ui.widgets.timeline_rooms import RoomHeaders
from planner.ui.widgets.timeline_zoom import DEFAULT_PPM, WheelAndZoom
from planner.ui.widgets.viewports import give_own_viewport

if TYPE_CHECKING:  # types named only in annotations: PySide6 builds each Qt type on first use
    from PySide6.QtGui import QFocusEvent, QMouseEvent, QPaintEvent, QResizeEvent, QShowEvent

    from planner.domain.model import Event


DESCRIPTION = "Talks of the selected day on a time axis; press S to star the selected talk"


class TimelineView(PlaceMemory, PinnedHeads, KeyboardMoves, WheelAndZoom, AxisPainting, RoomHeaders, QListView):
    """Cards of one day on a time axis.

    Signals:
        starToggled(str): the star on a card was clicked (event id).
        zoomChanged(float): pixels per minute changed.
        openRequested(str): the Open button of a poster session's block was clicked (block id);
            Enter and a double click on it are QAbstractItemView's ``activated``.
    """

    starToggled = Signal(str)
    zoomChanged = Signal(float)
    openRequested = Signal(str)

    # Class-level defaults: QListView's constructor and setters already call our
    # overrides, before __init__ could set instance attributes (and setting attributes on
    # a wrapper before its C++ object exists crashes Shiboken). _relayout replaces them.
    _arrangement = Arrangement()  # see _arrange_day
    _rects = Boxes()  # content coordinates, by row
    _order: list[int] = []  # rows sorted by top
    _tops: list[int] = []
    _rooms: list[str] = []
    _column_spans: list[list[tuple[datetime, datetime, str]]] | None = None
    # Per card, by row: (start, end) in minutes from _day_start, column, lane, lanes.
    _slots: list[tuple[float, float, int, int, int]] = []
    # Rows of whole-day events, shown in a band above the hours (a date has no time to
    # place it at: as a timed card it would fill the day from midnight to midnight).
    _band: list[int] = []
    # Rows of events that began on an earlier day (a sprint on its third day): see arrange_day.
    _held: list[int] = []
    _max_height = 0
    _column_width = 0
    _content = QSize(0, 0)
    _day_start: datetime | None = None  # the axis's first and last hour, in the display zone
    _day_end: datetime | None = None
    _origin: datetime | None = None  # _day_start in UTC: see _minutes
    _length = 0.0  # real minutes from _day_start to _day_end
    _dirty = True
    _in_layout = False
    _layout_key: tuple[int, float] | None = None  # (viewport width, ppm) of the last layout
    ppm = DEFAULT_PPM
    zone: tzinfo | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        give_own_viewport(self)  # before anything asks for it: see planner/ui/widgets/viewports.py
        self.setObjectName("timeline")
        self.setAccessibleName("Timeline")
        self.setAccessibleDescription(DESCRIPTION)
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
        # The shown schedule's times have no zone (the venue's clock, held as UTC): the now
        # line, and going to now, read this computer's clock (ShownSchedule sets it).
        self.floating_clock = False
        self._now_timer = QTimer(self)
        self._now_timer.setInterval(60_000)
        self._now_timer.timeout.connect(self._tick)
        # Room for a few busy days of cards (see _paint); Qt's default is 10 MB.
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), 48 * 1024))
        self.places: dict[Hashable, datetime] = {}  # where each day was left: see show_place
        self._now_timer.start()

    def clock(self) -> datetime:
        """Now, where the shown day's times are: the instant, or with floating_clock this
        computer's clock reading of it (planner.domain.days.clock_reading)."""
        return clock_reading(self.now()) if self.floating_clock else self.now()

    def _tick(self) -> None:
        self.viewport().update()  # moves the "now" line

    # -- model -----------------------------------------------------------------------

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        model.modelAboutToBeReset.connect(self._leave_place)
        model.modelReset.connect(self._invalidate)
        model.modelReset.connect(self._after_reset)  # after _invalidate: on the new layout
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
        self._apply_place()

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
        order = model.room_order if isinstance(model, EventListModel) else None  # pinned rooms first
        self._arrangement = arranged = arrange_day(day, self.zone, order)
        self._day_start, self._day_end = arranged.day_start, arranged.day_end
        self._origin, self._length = arranged.origin, arranged.length
        self._rooms, self._column_spans = arranged.rooms, arranged.column_spans
        self._slots, self._band, self._held = arranged.slots, arranged.band, arranged.held

    def _size_cards(self) -> None:
        """Card rectangles for the current width and zoom, from _arrange_day's slots."""
        if not self._slots or self._day_start is None or self._day_end is None:
            self._rects, self._order, self._tops = Boxes(), [], []
            self._content = QSize(0, 0)
            return
        top_pad = self._grid_top()
        cards = size_cards(self._arrangement, self.viewport().width(), top_pad, top_pad - self._band_height(), self.ppm)
        self._column_width = cards.column_width
        self._rects, self._order, self._tops = cards.boxes, cards.order, cards.tops
        self._max_height = cards.max_height
        self._content = QSize(cards.width, cards.height)
        columns = self.rooms_description()  # the columns whose headers show part of an address
        described = f"{DESCRIPTION}. {columns}" if columns else DESCRIPTION
        if self.accessibleDescription() != described:
            self.setAccessibleDescription(described)

    def _band_height(self) -> int:
        return len(self._band) * BAND_ROW + (12 if self._band else 0)

    def _grid_top(self) -> int:
        """Content y of the day's first hour: below the room header and the band."""
        return TOP_PAD + (ROOM_HEADER if self._rooms else 0) + self._band_height()

    def _minutes(self, when: datetime) -> float:
        """Real minutes from the axis's first hour to the instant ``when``, as the cards are
        placed (arrange_day). In UTC: ``when`` minus _day_start, which share the display
        zone, would be the wall clock's minutes, an hour off after the clocks change."""
        assert self._origin is not None
        return (when.astimezone(timezone.utc) - self._origin).total_seconds() / 60.0

    def y_for(self, when: datetime) -> int:
        """Viewport y of an instant on the current day's axis."""
        return self._y_at(self._minutes(when))

    def _y_at(self, minutes: float) -> int:
        """Viewport y of the place ``minutes`` (real ones) after the axis's first hour."""
        return self._grid_top() + round(minutes * self.ppm) - self.verticalOffset()

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

    # -- accessibility -----------------------------------------------------------------

    def currentChanged(self, current: QModelIndex | QPersistentModelIndex,
                       previous: QModelIndex | QPersistentModelIndex) -> None:
        # Not QListView's: it names the card for a screen reader by its place in QListView's
        # own layout, which this view replaces (doItemsLayout), so every Focus said child -1.
        if current.isValid() and self.hasFocus():
            self._tell_screen_reader("Focus", current)
        if current.isValid() != previous.isValid():
            self.viewport().update()  # the focus outline of a timeline with no current card (_paint)
        QAbstractItemView.currentChanged(self, current, previous)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # Entering the timeline (Enter in the search box, Tab, a shortcut) lands on its current
        # card: say which. Qt sends the Focus for the timeline as a whole once this returns,
        # and a screen reader follows the last Focus it heard, so the card's goes after it.
        QTimer.singleShot(0, self._say_current)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()  # the current card's focus ring, or the view's outline, goes

    def _say_current(self) -> None:
        if self.hasFocus():
            self._tell_screen_reader("Focus", self.currentIndex())

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        # Not QListView's, for the same reason as currentChanged.
        for kind, indexes in (("SelectionAdd", selected.indexes()), ("SelectionRemove", deselected.indexes())):
            if indexes:
                self._tell_screen_reader(kind, indexes[0])
        QAbstractItemView.selectionChanged(self, selected, deselected)

    def _tell_screen_reader(self, kind: str, index: QModelIndex | QPersistentModelIndex) -> None:
        """Send a QAccessible event of ``kind`` for the card at ``index``, when a screen
        reader (or any accessibility client) listens."""
        if not index.isValid() or not self.isVisible():
            return  # before the window is shown there is nothing to hear (and no start cost)
        # Lazy: QAccessible's Python type (a dozen enums) is built only once the day is on
        # screen and a card is reached, never for the window's first paint.
        from PySide6.QtGui import QAccessible, QAccessibleEvent  # lazy: their types are no start's to build

        if not QAccessible.isActive():
            return
        event = QAccessibleEvent(self, getattr(QAccessible.Event, kind))
        # The timeline's accessible interface (Qt's QAccessibleList) numbers its children
        # row by row, one per cell: in the list model's one column, the card of row r is child r.
        event.setChild(index.row())
        QAccessible.updateAccessibility(event)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        region = QRegion()
        for index in selection.indexes():
            region += self.visualRect(index)
        return region

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        if self._layout_key is None and index.isValid():
            # No sizes yet (the window is not shown): scrolled to once it has them, rather
            # than lost, or overridden by the day's opening place.
            self._go((QPersistentModelIndex(index), hint))
            return
        if self._pending_place is not None:
            self._pending_place = None  # asked for after the opening place: this wins
        rect = self.visualRect(index)
        if not rect.isValid():
            return
        viewport = self.viewport().rect()
        top_pad = ROOM_HEADER if self._rooms else 0
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        # A card taller than the view is shown from its top: its middle alone says nothing
        # (a sprint's card on a later day of it is the whole day long).
        at = QAbstractItemView.ScrollHint
        if hint == at.PositionAtCenter and rect.height() > viewport.height() - top_pad - 16:
            hint = at.PositionAtTop
        if hint == at.PositionAtCenter:
            vbar.setValue(vbar.value() + rect.center().y() - viewport.center().y())
        elif rect.top() < top_pad + 8 or hint == at.PositionAtTop:
            vbar.setValue(vbar.value() + rect.top() - top_pad - 8)
        elif rect.bottom() > viewport.bottom() - 8:
            vbar.setValue(vbar.value() + min(rect.bottom() - viewport.bottom() + 8, rect.top() - top_pad - 8))
        if rect.left() < GUTTER:
            hbar.setValue(hbar.value() + rect.left() - GUTTER - 4)
        elif rect.right() > viewport.right():
            hbar.setValue(hbar.value() + rect.right() - viewport.right() + 4)

    # -- mouse -----------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.header_tip(event.pos())
            if tip is not None:  # over the room header, not the card scrolled beneath it
                # Lazy: QToolTip's Python type, built when a header's tooltip is first asked for.
                from PySide6.QtWidgets import QToolTip

                if tip:
                    QToolTip.showText(event.globalPos(), tip, self.viewport())
                else:
                    QToolTip.hideText()
                return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and event.button() == Qt.MouseButton.LeftButton:
            card = self.card_face(index)  # the star sits in the pinned head of a long card
            block = index.data(Roles.BLOCK)
            if block is not None:  # a poster session: its Open button, not a star
                if card.width() >= NARROW and open_rect(card.adjusted(2, 1, -5, -4), self.font()).contains(
                        event.position().toPoint()):
                    self.setCurrentIndex(index)
                    self.openRequested.emit(block.id)
                    event.accept()
                    return
            # Narrow cards draw no star toggle: a click there selects (S stars).
            elif card.width() >= NARROW and star_rect(card.adjusted(2, 1, -2, -1)).contains(event.position().toPoint()):
                ev: Event = index.data(Roles.EVENT)
                if ev.kind.value != "break":
                    self.setCurrentIndex(index)
                    self.starToggled.emit(ev.id)
                    event.accept()
                    return
        super().mousePressEvent(event)

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
                             empty_text(self.model()))
            if self.hasFocus():  # an empty day can take the focus too
                self._paint_focus_outline(painter, palette)
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
        pin, head = self._pin_y(), self._head_height()
        # A lane scrolled out sideways is skipped. Tested on the tuple: a busy day's paint
        # looks at ~160 cards to draw ~30, and a QRect for each was most of its allocations.
        rows = [row for row in self._rows_between(content_clip.top(), content_clip.bottom())
                if (box := boxes[row])[2] > 0 and box[3] > 0 and box[0] <= right and box[0] + box[2] - 1 >= left]
        model.read_rows(rows)  # the cards' events in one read, not each with its neighbours
        for row in rows:
            x, y, w, h = boxes[row]
            look = (row in selected, has_focus and current.isValid() and current.row() == row)
            # Cards are drawn once into a cached pixmap and blitted afterwards: laying out
            # text costs ~0.7 ms a card, a blit a few microseconds, so scrolling and
            # search-as-you-type repaint only the cards whose look changed.
            key = (f"card|{generation}|{model.card_key(row)}|{w}x{h}|{int(look[0])}{int(look[1])}")
            pixmap = self._card_pixmap(key, w, h, row, look, option, dpr)
            painter.drawPixmap(QPoint(x - dx, y - dy), pixmap)
            shown = self._head_shown(y - dy, h, pin, head)
            if shown:  # a long card whose start has scrolled away: see timeline_heads.py
                self._paint_head(painter, pixmap, x - dx, w, pin, shown, head, dpr)

        self._paint_now(painter, dy, width)
        self._paint_axis(painter, dy, base, text)
        if self._rooms:
            self._paint_rooms(painter, dx, width, base, text)
        if has_focus and not current.isValid():
            self._paint_focus_outline(painter, palette)

    def _paint_focus_outline(self, painter: QPainter, palette: QPalette) -> None:
        """The keyboard's focus on a timeline with no current card (the first key picks one):
        an outline inside the view's edge, in Highlight as a focused list's current row."""
        painter.save()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
        painter.drawRect(QRectF(self.viewport().rect()).adjusted(1, 1, -1, -1))
        painter.restore()

    def _card_pixmap(self, key: str, width: int, height: int, row: int, look: tuple[bool, bool],
                     option: QStyleOptionViewItem, dpr: float) -> QPixmap:
        """The cached picture of a card, drawn on a cache miss."""
        pixmap = QPixmap()
        if not QPixmapCache.find(key, pixmap):
            pixmap = QPixmap(round(width * dpr), round(height * dpr))
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(Qt.GlobalColor.transparent)
            card_painter = QPainter(pixmap)
            try:
                option.rect = QRect(0, 0, width, height)
                self.delegate.paint_card(card_painter, option, self.model().index(row, 0),
                                         selected=look[0], focused=look[1])
            finally:
                card_painter.end()
            QPixmapCache.insert(key, pixmap)
        return pixmap

    def _time_at(self, viewport_y: int) -> datetime | None:
        """The instant at viewport y (y_for's inverse), in UTC.

        Added to _day_start the minutes went by the display zone's wall clock; and a time
        on that clock in the hour the clocks go back twice is never == an instant of another
        zone (PEP 495), so a place kept at it could not be found again.
        """
        if self._origin is None:
            return None
        minutes = (viewport_y + self.verticalOffset() - self._grid_top()) / self.ppm
        return self._origin + timedelta(minutes=minutes)

    def viewportSizeHint(self) -> QSize:
        return QSize(600, 600)


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)
