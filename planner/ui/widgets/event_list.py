"""The list view: the shown day's talks as rows of time, room, title and star.

With a hundred rooms a timeline fits under three room columns in a 1280 px window, and in
an 800x600 window hardly one; ConfClerk and Confy answer with a chronological list, and so
does this view. It shows the same EventListModel as the timeline through EventColumns, a
proxy that gives the one-column model its columns, and keeps its selection in step with
the timeline's (``set_source``), so the window's current talk is the same whichever view is
shown. Talks the search or filters leave out are dimmed and skipped by the arrow keys, as
the timeline dims and skips their cards.

This module holds the view: selection, column widths, keys and mouse. The proxy and the
texts of its columns are in event_list_columns.py, the row delegate that colours a row
as its card in event_list_delegate.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from planner.ui.widgets.colours import mix
from planner.ui.widgets.event_list_columns import HEADERS, ROOM, STAR, TIME, TITLE, EventColumns
from planner.ui.widgets.event_list_delegate import RowDelegate
from planner.ui.widgets.models import EventListModel, Roles, empty_text, time_text
from planner.ui.widgets.star_column import StarColumnTree
from planner.ui.widgets.timeline_keys import is_shortcut_letter
from planner.ui.widgets.timeline_rooms import header_labels
from planner.ui.widgets.viewports import give_own_viewport

if TYPE_CHECKING:  # types named only in annotations: PySide6 builds each Qt type on first use
    from PySide6.QtGui import QFocusEvent, QPaintEvent, QResizeEvent, QShowEvent

ROOM_CAP = 220  # px: a long room name is elided rather than squeeze the titles


class EventListView(StarColumnTree):
    """The shown day's talks as a chronological list.

    Signals:
        starToggled(str): S, Shift+S or Space on a row, or a click on its star (event id).
        eventActivated(str): Enter or a double click on a row (event id), with Qt's
            ``activated`` (the list's own index).
    """

    star_column = STAR  # StarColumnTree's starToggled: a click on a row's star
    eventActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        give_own_viewport(self)  # see planner/ui/widgets/viewports.py
        header = QHeaderView(Qt.Orientation.Horizontal, self)  # made here for the same reason
        self.setHeader(header)
        self.setObjectName("eventList")
        self.setAccessibleName("Talks of the day, as a list")
        self.header().setAccessibleName("Columns: time, room, title, starred")
        self.setAccessibleDescription("One row a talk, in start order: time, room, title and star; "
                                      "press S to star the selected talk, Enter to open it")
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setExpandsOnDoubleClick(False)
        # Every row one line high: Qt then places a row by arithmetic, and a 1,000-talk day
        # scrolls as fast as a short one.
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(False)
        self.setSortingEnabled(False)  # the order is the day's: by start
        header.setStretchLastSection(False)
        header.setSectionsMovable(False)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setItemDelegate(RowDelegate(self))
        self.columns = EventColumns(self)
        self.activated.connect(self._activated)  # Enter, or a double click
        self._measured_key: tuple[int, str] | None = None
        self._widths = (0, 0, 0)
        # Web-address rooms a cut would not tell apart: what their cells show instead (fit_columns).
        self.room_labels: dict[str, str] = {}
        self._followed: QItemSelectionModel | None = None
        self._syncing = False

    # -- model and selection ---------------------------------------------------------

    def set_source(self, model: EventListModel, selection: QItemSelectionModel | None = None) -> None:
        """Show ``model`` (the timeline's) and, given the timeline's selection model, keep
        this list's current row and selection the same as the timeline's, both ways.

        A selection model belongs to one model and the list shows EventColumns, so the
        two views cannot share one; the timeline's stays the one the window reads.
        """
        old = self.columns.sourceModel()
        if old is not None:
            old.modelReset.disconnect(self.fit_columns)
        self.columns.setSourceModel(model)
        self.setModel(self.columns)
        model.modelReset.connect(self.fit_columns)
        header = self.header()
        for column, mode in ((TIME, QHeaderView.ResizeMode.Fixed), (ROOM, QHeaderView.ResizeMode.Fixed),
                             (TITLE, QHeaderView.ResizeMode.Stretch), (STAR, QHeaderView.ResizeMode.Fixed)):
            header.setSectionResizeMode(column, mode)
        self.fit_columns()
        if self._followed is not None:
            self._followed.currentChanged.disconnect(self._pull_current)
            self._followed.selectionChanged.disconnect(self._pull_selection)
        self._followed = selection
        own = self.selectionModel()
        own.currentChanged.connect(self._push_current)
        own.selectionChanged.connect(self._push_selection)
        if selection is not None:
            selection.currentChanged.connect(self._pull_current)
            selection.selectionChanged.connect(self._pull_selection)
            self._pull_current(selection.currentIndex(), QModelIndex())

    def source_model(self) -> EventListModel:
        return self.columns.source()

    def current_event_id(self) -> str | None:
        index = self.currentIndex()
        return index.data(Roles.EVENT_ID) if index.isValid() else None

    def _push_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._followed is None or self._syncing:
            return
        self._syncing = True
        try:
            if current.isValid():
                self._followed.setCurrentIndex(self.columns.mapToSource(current),
                                               QItemSelectionModel.SelectionFlag.ClearAndSelect)
            else:
                self._followed.clear()
        finally:
            self._syncing = False

    def _push_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if self._followed is None or self._syncing:
            return
        self._syncing = True
        try:
            rows = QItemSelection()
            for index in self.selectionModel().selectedRows():
                source = self.columns.mapToSource(index)
                rows.select(source, source)
            self._followed.select(rows, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._syncing = False

    def _pull_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            index = self.columns.mapFromSource(current)
            Flag = QItemSelectionModel.SelectionFlag
            if index.isValid():
                self.selectionModel().setCurrentIndex(index, Flag.ClearAndSelect | Flag.Rows)
                self.scrollTo(index)
            else:
                self.selectionModel().clear()
        finally:
            self._syncing = False

    def _pull_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if self._syncing or self._followed is None:
            return
        self._syncing = True
        try:
            mapped = self.columns.mapSelectionFromSource(self._followed.selection())
            self.selectionModel().select(mapped, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._syncing = False

    # -- columns ---------------------------------------------------------------------

    def fit_columns(self) -> None:
        """Time as wide as the day's widest time, the room as its longest name up to a cap,
        the star one glyph; the title takes the rest."""
        if self.model() is None or not self.isVisible():
            return  # showEvent fits them: a list hidden behind the timeline measures nothing
        source = self.source_model()
        key = (source.generation, self.font().key())  # a new day or zone bumps the generation
        if key != self._measured_key:
            self._measured_key, self._widths = key, self._measure(source)
        time_width, room_width, star_width = self._widths
        self.setColumnWidth(TIME, time_width)
        self.setColumnHidden(ROOM, not room_width)
        self.setColumnWidth(ROOM, min(room_width, ROOM_CAP, max(80, self.viewport().width() // 4)))
        # As the timeline's headers: ICLR's rooms, one page with another query, all read
        # "https://iclr.cc/…" cut at the end; the cells say what tells them apart.
        rooms = [room for room in dict.fromkeys(source.outline().rooms) if room]
        self.room_labels = header_labels(rooms, self.fontMetrics(), self.columnWidth(ROOM) - 8) if room_width else {}
        self.setColumnWidth(STAR, star_width)

    def _measure(self, source: EventListModel) -> tuple[int, int, int]:
        """Widths of the time, room (0: no rooms) and star columns, from the day's outline:
        no talk is read from the library to size a column."""
        outline = source.outline()
        fm, header_fm = self.fontMetrics(), self.header().fontMetrics()
        pad = 16  # the item's text margins, and air between columns
        zone, day = source.zone, source.day
        # Talks share their times: each distinct one is formatted once. (A time without a
        # zone is never converted; measuring it converted at worst widens the column.)
        spans = set(zip(outline.starts, outline.ends, outline.all_days or [False] * len(outline.ids), strict=True))
        begins = source.day_begins  # the rows running on from an earlier day say since when
        times = {time_text(start if zone is None else start.astimezone(zone),
                           end if zone is None else end.astimezone(zone), all_day, day, begins)
                 for start, end, all_day in spans}
        widest_time = max((fm.horizontalAdvance(text) for text in times), default=fm.horizontalAdvance("00:00–00:00"))
        rooms = set(outline.rooms) - {""}
        widest_room = max((fm.horizontalAdvance(room) for room in rooms), default=0)
        return (max(widest_time, header_fm.horizontalAdvance(HEADERS[TIME])) + pad,
                max(widest_room, header_fm.horizontalAdvance(HEADERS[ROOM])) + pad if rooms else 0,
                max(fm.horizontalAdvance("★"), header_fm.horizontalAdvance(HEADERS[STAR])) + pad)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.model() is not None:
            self.fit_columns()  # the room column's cap follows the width

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.model() is not None:
            self.fit_columns()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_columns()
        # The timeline may have moved the selection while the list was hidden.
        if self.currentIndex().isValid():
            self.scrollTo(self.currentIndex(), QAbstractItemView.ScrollHint.PositionAtCenter)

    # -- keyboard --------------------------------------------------------------------

    def focusInEvent(self, event: QFocusEvent) -> None:
        # QAbstractItemView makes the first row current on focus: as on the timeline, nothing
        # is selected until the attendee chooses (the first arrow key selects the first talk).
        QWidget.focusInEvent(self, event)
        self.viewport().update()

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Qt's moves, landing only on talks that pass the search and filters (as the
        timeline's arrow keys do)."""
        model = self.model()
        if model is None or model.rowCount() == 0:
            return QModelIndex()
        Action = QAbstractItemView.CursorAction
        rows = model.rowCount()
        current = self.currentIndex()
        if not current.isValid() or action == Action.MoveHome:
            return self._first_match(range(rows)) or current
        if action == Action.MoveEnd:
            return self._first_match(range(rows - 1, -1, -1)) or current
        target = super().moveCursor(action, modifiers)
        if not target.isValid() or target.row() == current.row():
            return target if target.isValid() else current
        row, here = target.row(), current.row()
        if row > here:  # onwards from the target, else back towards (not past) the current row
            found = self._first_match(range(row, rows)) or self._first_match(range(row - 1, here, -1))
        else:
            found = self._first_match(range(row, -1, -1)) or self._first_match(range(row + 1, here))
        return found.siblingAtColumn(current.column()) if found is not None else current

    def _first_match(self, rows: range) -> QModelIndex | None:
        source = self.source_model()
        for row in rows:
            if source.is_match(row):
                return self.model().index(row, 0)
        return None

    def _is_star_key(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return (event.key() in (Qt.Key.Key_S, Qt.Key.Key_Space)
                and modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
                and self.currentIndex().isValid())

    def event(self, event: QEvent) -> bool:
        # S would otherwise reach the window's Star action, which reads the timeline's
        # current talk; with a row selected the list answers it itself. Without one, the
        # action says how to select a talk first.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._is_star_key(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._is_star_key(event):
            event_id = self.current_event_id()
            if event_id:
                self.starToggled.emit(event_id)
            event.accept()
            return
        if is_shortcut_letter(event):  # the window's J, K, ..., not a type-ahead search
            event.ignore()
            return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        return

    def _activated(self, index: QModelIndex) -> None:
        event_id = index.data(Roles.EVENT_ID)
        if event_id:
            self.eventActivated.emit(event_id)

    # -- painting --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is None or model.rowCount() == 0:
            painter = QPainter(self.viewport())
            try:
                palette = self.palette()
                painter.setPen(mix(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.4))
                painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                                 # set_source shows only self.columns: its source is the day's model
                                 empty_text(self.columns.sourceModel() if model is not None else None))
            finally:
                painter.end()
