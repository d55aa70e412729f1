"""The Rooms ▾ popup: every room of the schedule with a box for shown and one for pinned
first, a find-as-you-type line, "Show all rooms" and "Only <room>". Made when the button
is first pressed (planner.ui.rooms.RoomButton): its Qt types cost the first paint time
for a popup most starts never open."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.ui.widgets.check_box import item_checks
from planner.ui.widgets.delegates import derived_font

if TYPE_CHECKING:
    from planner.ui.rooms import RoomChoice

Index = QModelIndex | QPersistentModelIndex


class RoomTable(QAbstractTableModel):
    """The schedule's rooms for the popup: a box for shown, a box for pinned first.

    Rows are put in order when the popup opens (pinned rooms first), not as boxes are
    ticked: a row must not jump away from under the pointer.
    """

    ROOM = Qt.ItemDataRole.UserRole + 1  # str: the room of the row
    SHOWN, PINNED = 0, 1

    def __init__(self, choice: RoomChoice, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choice = choice
        self._rooms: list[str] = []
        choice.changed.connect(self._ticked)
        choice.roomsChanged.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        rooms = self.choice.rooms
        pinned = [room for room in self.choice.value.pinned if room in rooms]
        self._rooms = pinned + [room for room in rooms if room not in pinned]
        self.endResetModel()

    def _ticked(self) -> None:
        if self._rooms:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rooms) - 1, 1),
                                  [Qt.ItemDataRole.CheckStateRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rooms)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 2:
            return ("Room", "Pin first")[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.model() is not self or not 0 <= index.row() < len(self._rooms):
            return None
        room = self._rooms[index.row()]
        shown = index.column() == self.SHOWN
        if role == self.ROOM:
            return room
        if role == Qt.ItemDataRole.CheckStateRole:
            on = self.choice.shows(room) if shown else self.choice.is_pinned(room)
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return room if shown else None  # the box alone, under "Pin first"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Show {room}" if shown else f"Pin {room} first"
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"Show or hide {room} (Space)" if shown else
                    f"Put {room} before the other rooms (P)")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.row() >= len(self._rooms):
            return False
        on = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        room = self._rooms[index.row()]
        if index.column() == self.SHOWN:
            self.choice.set_shown(room, on)
        else:
            self.choice.set_pinned(room, on)
        return True

    def room(self, row: int) -> str:
        return self._rooms[row]


class RoomPopup(QFrame):
    """Every room of the schedule, found by typing: tick to show, pin to put first.

    Keys: typing finds rooms; Up and Down move; Space ticks the box in focus; P pins the
    room first; Enter shows that room alone; Esc closes.
    """

    def __init__(self, choice: RoomChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.choice = choice
        self.setObjectName("roomPopup")
        self.setAccessibleName("Rooms")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self.find_box = QLineEdit(self)
        self.find_box.setPlaceholderText("Type to find a room…")
        self.find_box.setAccessibleName("Find a room")
        self.find_box.setClearButtonEnabled(True)
        for button in self.find_box.findChildren(QAbstractButton):  # the clear button Qt adds
            button.setAccessibleName("Clear the room search")
        buttons = QHBoxLayout()
        self.all_button = QPushButton("Show all rooms", self)
        self.only_button = QPushButton("Only this room", self)
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.only_button, 1)
        self.rooms = RoomTable(choice, self)
        self.found = QSortFilterProxyModel(self)
        self.found.setSourceModel(self.rooms)
        self.found.setFilterKeyColumn(RoomTable.SHOWN)
        self.found.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView(self)
        self.table.setObjectName("roomTable")
        self.table.setAccessibleName("Rooms of the schedule")
        self.table.horizontalHeader().setAccessibleName("Columns: shown, pinned first")
        self.table.verticalHeader().setAccessibleName("Rooms")
        self.table.setModel(self.found)
        self.checks = item_checks(self.table)  # its empty boxes show on a dark palette too
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(RoomTable.SHOWN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(RoomTable.PINNED, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        hint = QLabel("Space: show or hide · P: pin first · Enter: only this room", self)
        hint.setFont(derived_font(self.font(), 0.9))  # smaller, not greyed: it must stay readable
        layout.addWidget(self.find_box)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)

        # Tab from the box goes to the rooms (where Space ticks), then to the buttons.
        QWidget.setTabOrder(self.find_box, self.table)
        QWidget.setTabOrder(self.table, self.all_button)
        QWidget.setTabOrder(self.all_button, self.only_button)
        self.find_box.textChanged.connect(self._find)
        self.find_box.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda index: self._only(index.row()))
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.all_button.clicked.connect(choice.show_all)
        self.only_button.clicked.connect(lambda: self._only(self.table.currentIndex().row()))
        self._current_changed()

    def open_below(self, button: QWidget) -> None:
        """Show under ``button``, rooms in order (pinned first), the search box in focus."""
        self.rooms.reload()
        self.find_box.clear()
        self._find("")
        rows = min(max(self.found.rowCount(), 4), 14)
        height = (self.table.horizontalHeader().sizeHint().height() + rows * self.table.verticalHeader().defaultSectionSize()
                  + 2 * self.table.frameWidth())
        self.table.setMinimumHeight(height)
        self.table.setMaximumHeight(height)
        self.adjustSize()
        self.resize(max(360, self.sizeHint().width()), self.sizeHint().height())
        place = button.mapToGlobal(QPoint(0, button.height()))
        screen = button.screen().availableGeometry()
        place.setX(max(screen.left(), min(place.x(), screen.right() - self.width())))
        if place.y() + self.height() > screen.bottom():
            place.setY(max(screen.top(), button.mapToGlobal(QPoint(0, 0)).y() - self.height()))
        self.move(place)
        self.show()
        self.find_box.setFocus(Qt.FocusReason.PopupFocusReason)

    def _find(self, text: str) -> None:
        self.found.setFilterFixedString(text.strip())
        # The first room found is the one Enter shows alone, as in a command palette.
        if self.found.rowCount():
            self.table.setCurrentIndex(self.found.index(0, RoomTable.SHOWN))
            self.table.scrollToTop()

    def _source_row(self, row: int) -> int | None:
        if not 0 <= row < self.found.rowCount():
            return None
        return self.found.mapToSource(self.found.index(row, 0)).row()

    def _current_changed(self) -> None:
        row = self._source_row(self.table.currentIndex().row())
        self.only_button.setEnabled(row is not None)
        room = self.rooms.room(row) if row is not None else ""
        text = self.only_button.fontMetrics().elidedText(f"Only {room}", Qt.TextElideMode.ElideRight, 220)
        self.only_button.setText(text if room else "Only this room")
        self.only_button.setAccessibleName(f"Show only {room}" if room else "Show only this room")

    def _only(self, row: int) -> None:
        source = self._source_row(row)
        if source is not None:
            self.choice.only(self.rooms.room(source))
            self.close()

    def _pin(self) -> None:
        source = self._source_row(self.table.currentIndex().row())
        if source is not None:
            room = self.rooms.room(source)
            self.choice.set_pinned(room, not self.choice.is_pinned(room))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._only(self.table.currentIndex().row())
            return True
        if watched is self.find_box and key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            # Into the list, moving there: the keys its foot names (Space, P) then act on
            # the room, not type into the box. (Typing a letter there comes back here.)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            QApplication.sendEvent(self.table, event)
            return True
        if watched is self.table and key == Qt.Key.Key_P and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            self._pin()
            return True
        if watched is self.table and event.text().isprintable() and event.text().strip() and not (
                event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier):
            # Typing in the list goes on finding rooms.
            self.find_box.setFocus(Qt.FocusReason.OtherFocusReason)
            self.find_box.insert(event.text())
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
