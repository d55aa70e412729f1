"""What a poster session's page and the Not scheduled page share: a table of talks with a
star column, narrowed by a filter box, walked with J/K, left with Esc.

Each page keeps its own columns, texts and heading (planner.ui.widgets.poster_list,
planner.ui.widgets.unscheduled_list); the rows, their stars and the keys are here once.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QWidget

from planner.domain.marks import Tier
from planner.ui.widgets.models import Roles

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent, QShowEvent  # named only in annotations

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


class StarredListPage(QWidget):
    """A page of StarredRows: ``tree`` shows ``model``, ``filter`` narrows it.

    The subclass builds those three, installs this page as the event filter of the tree
    and the filter box, fits its columns (_fit_columns), clears what narrows the list
    (_show_all), and says which row is current (_selected).
    """

    model: StarredRows
    tree: QTreeView
    filter: QLineEdit

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
        """Esc: leave the page (the subclass's signal)."""

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
