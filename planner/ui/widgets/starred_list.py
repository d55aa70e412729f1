"""What a poster session's page and the Not scheduled page share: a table of talks with a
star column, narrowed by a filter box, walked with J/K, left with Esc.

Each page keeps its own columns, texts and heading (planner.ui.widgets.poster_list,
planner.ui.widgets.unscheduled_list); the rows, their stars and the keys are here once.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.marks import Tier
from planner.ui.widgets.models import Roles
from planner.ui.widgets.star_column import StarColumnTree
from planner.ui.widgets.timeline_keys import is_shortcut_letter

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent, QResizeEvent, QShowEvent  # named only in annotations

Index = QModelIndex | QPersistentModelIndex

# Both pages put the star first and the title third.
STAR_COLUMN, TITLE_COLUMN = 0, 2


def as_tiers(starred: Collection[str] | Mapping[str, Tier]) -> dict[str, Tier]:
    """Each starred id's tier: the tiers given, or must-see for a plain set of ids."""
    return dict(starred) if isinstance(starred, Mapping) else dict.fromkeys(starred, Tier.MUST)


class StarredRows(QAbstractTableModel):
    """Talks in the order given, the ones the filter leaves (``_rows``), and their stars.

    A subclass names its columns (HEADERS, HEADER_NAMES, STAR_TIP) and answers data().
    """

    HEADERS: tuple[str, ...] = ()
    HEADER_NAMES: tuple[str, ...] = ()  # what a screen reader says for each header
    STAR_TIP = ""  # the star column's header tooltip

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Any] = []  # Events or Unscheduled entries, each with an id
        self._texts: list[str] = []  # each one's haystack for the filter, case-folded once
        self._rows: list[int] = []  # the items shown, as indexes into _items
        self._row_of: dict[str, int] = {}
        self._tiers: dict[str, Tier] = {}  # the starred items' tiers
        self.star_colour: QColor | None = None  # set by the page, from its palette

    # -- contract --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.HEADER_NAMES[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == STAR_COLUMN:
            return self.STAR_TIP
        return None

    # -- content ---------------------------------------------------------------------

    def _show(self, items: Sequence[Any], texts: list[str], starred: Collection[str] | Mapping[str, Tier]) -> None:
        """Show ``items`` none filtered out (the caller resets the model around this)."""
        self._items = list(items)
        self._texts = texts
        self._rows = list(range(len(self._items)))
        self._row_of = {item.id: i for i, item in enumerate(self._items)}
        self._tiers = as_tiers(starred)

    def _narrow(self, rows: list[int]) -> None:
        """Show only ``rows`` (indexes into the items); the view is reset only if they changed."""
        if rows != self._rows:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()

    def set_starred(self, starred: Collection[str] | Mapping[str, Tier]) -> None:
        """The starred ids, or each one's tier: the rows whose star changed are drawn again."""
        tiers = as_tiers(starred)
        changed = {i for i in self._tiers.keys() | tiers.keys() if self._tiers.get(i) != tiers.get(i)}
        changed &= self._row_of.keys()
        self._tiers = tiers
        shown = {self._items[i].id: row for row, i in enumerate(self._rows)}
        for item_id in changed:
            row = shown.get(item_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, STAR_COLUMN), self.index(row, TITLE_COLUMN))

    def starred_count(self) -> int:
        return sum(1 for item in self._items if item.id in self._tiers)

    def row_of(self, item_id: str) -> int | None:
        """The row showing ``item_id``; None when it is filtered out or not here."""
        i = self._row_of.get(item_id)
        return self._rows.index(i) if i is not None and i in self._rows else None

    def holds(self, item_id: str) -> bool:
        return item_id in self._row_of


class StarredTree(StarColumnTree):
    """Either page's list: S and a click on ★ star (through the window's Star action and
    ``starToggled``), Esc and Backspace go back. The page names it for a screen reader.

    Signals:
        starToggled(str): the star of a row was clicked (its id).
        backRequested(): Esc or Backspace.
    """

    star_column = STAR_COLUMN  # StarColumnTree's starToggled
    backRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def event(self, event: QEvent) -> bool:
        # Esc is also the window's Clear Search: here it goes back, so it must reach keyPressEvent.
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Backspace)):
            event.accept()
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # QAbstractItemView makes the first row current on focus: the session's summary stays
        # in the detail pane until the attendee picks a poster (the first Down picks the first).
        QWidget.focusInEvent(self, event)
        self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Backspace):
            self.backRequested.emit()
            event.accept()
            return
        if is_shortcut_letter(event):  # the window's S, J, K, ..., not a type-ahead search
            event.ignore()
            return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        return


class StarredListPage(QWidget):
    """A page of StarredRows: "← Timeline" and a heading, ``filter`` (and the subclass's
    tools) with the count of rows shown, and ``tree`` showing ``model``.

    The subclass makes its model and hands it to _build_frame (and adds its own tools
    after the filter box with _add_tool), fits its columns
    (_fit_columns), clears what narrows the list (_show_all), says which row is current
    (_selected) and refilters (_refilter).

    Signals:
        backRequested(): "← Timeline", Esc or Backspace.
        starToggled(str): a row's star was clicked (its id).
    """

    backRequested = Signal()
    starToggled = Signal(str)

    model: StarredRows
    tree: StarredTree
    filter: QLineEdit

    def _build_frame(self, model: StarredRows, *, names: tuple[str, str, str, str], filter_says: tuple[str, str],
                     tree_says: tuple[str, str], header_says: str) -> None:
        """The page's widgets around ``model``, the same on both pages but for what they say.

        ``names``: the object names of the page (its back button and heading are named
        after it), the filter box, the count and the list; ``filter_says``: the filter's
        accessible name and placeholder; ``tree_says``: the list's accessible name and
        description. The star column keeps its width, the title takes what is left, the
        others are the attendee's to resize.
        """
        page, filter_name, count_name, tree_name = names
        self.back = QPushButton("← Timeline", self)
        self.back.setObjectName(f"{page}Back")
        self.back.setAccessibleName("Back to the timeline")
        self.back.setToolTip("Back to the timeline (Esc)")
        self.back.clicked.connect(self.backRequested)
        self.heading = QLabel(self)
        self.heading.setObjectName(f"{page}Heading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.filter = QLineEdit(self)
        self.filter.setObjectName(filter_name)
        self.filter.setAccessibleName(filter_says[0])
        self.filter.setPlaceholderText(filter_says[1])
        self.filter.setClearButtonEnabled(True)
        self.shown_label = QLabel(self)
        self.shown_label.setObjectName(count_name)
        self.tree = StarredTree(self)
        self.tree.setObjectName(tree_name)
        self.tree.setAccessibleName(tree_says[0])
        self.tree.setAccessibleDescription(tree_says[1])
        self.model = model
        self.tree.setModel(model)
        header = self.tree.header()
        header.setAccessibleName(header_says)
        header.setStretchLastSection(False)
        for column in range(model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(STAR_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.tree.starToggled.connect(self.starToggled)
        self.tree.backRequested.connect(self.backRequested)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.filter.textChanged.connect(self._refilter)
        for widget in (self.filter, self.back):
            widget.installEventFilter(self)

        top = QHBoxLayout()
        top.addWidget(self.back, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.heading, 1)
        self._tools = QHBoxLayout()
        self._tools.addWidget(self.filter, 1)
        self._tools.addWidget(self.shown_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(self._tools)
        layout.addWidget(self.tree, 1)
        QWidget.setTabOrder(self.back, self.filter)
        QWidget.setTabOrder(self.filter, self.tree)
        self.setFocusProxy(self.tree)  # the window focuses "the view on screen": the list

    def _add_tool(self, tool: QWidget) -> None:
        """``tool`` after the filter box (and before the count), in the row and in Tab's order.

        Made after _build_frame: Tab follows the order widgets were made in, and one made
        before the page's own put the page (whose focus goes to the list) between the
        filter box and it.
        """
        self._tools.insertWidget(self._tools.indexOf(self.shown_label), tool)
        self._tools.setStretchFactor(self.filter, 3)
        tool.installEventFilter(self)
        QWidget.setTabOrder(self.filter, tool)
        QWidget.setTabOrder(tool, self.tree)

    def current_id(self) -> str:
        index = self.tree.currentIndex()
        return str(index.data(Roles.EVENT_ID) or "") if index.isValid() else ""

    def current(self) -> Any:
        index = self.tree.currentIndex()
        return index.data(Roles.EVENT) if index.isValid() else None

    def select(self, item_id: str) -> bool:
        """Select ``item_id`` (clearing what hides it); False if it is not here."""
        if not self.model.holds(item_id):
            return False
        if self.model.row_of(item_id) is None:
            self._show_all()
        row = self.model.row_of(item_id)
        assert row is not None  # nothing filters it out now
        index = self.model.index(row, TITLE_COLUMN)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def step(self, delta: int) -> None:
        """The next (J) or previous (K) row."""
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.tree.currentIndex()
        row = 0 if not current.isValid() else max(0, min(rows - 1, current.row() + delta))
        self.tree.setCurrentIndex(self.model.index(row, TITLE_COLUMN))

    def _show_all(self) -> None:
        self.filter.clear()

    def _fit_columns(self) -> None:
        """The columns' widths for the page's width (the subclass's)."""

    def _selected(self, item_id: str) -> None:
        """The current row is ``item_id`` ("" for none): the subclass says so."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_columns()  # the first time, at the width it is shown at

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._selected(str(current.data(Roles.EVENT_ID) or "") if current.isValid() else "")

    def _back(self) -> None:
        """Esc: leave the page."""
        self.backRequested.emit()

    def _refilter(self) -> None:
        """The filter changed: the rows again (the subclass's)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Esc goes back from anywhere on the page (in the filter box, first it clears the
        # filter); Down or Enter in the filter box go to the list, as in the window's search box.
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Escape:
                if kind == QEvent.Type.ShortcutOverride:  # before the window's Esc (clear the search)
                    event.accept()
                    return True
                if watched is self.filter and self.filter.text():
                    self.filter.clear()
                else:
                    self._back()
                return True
            if watched is self.filter and kind == QEvent.Type.KeyPress and key in (
                    Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if not self.tree.currentIndex().isValid() and self.model.rowCount():
                    self.tree.setCurrentIndex(self.model.index(0, TITLE_COLUMN))
                self.tree.setFocus()
                return True
        return super().eventFilter(watched, event)
