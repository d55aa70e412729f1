"""The list view's columns: EventColumns, a proxy that gives the one-column EventListModel
its Time, Room, Title and Star, and the texts those columns show.

The list (event_list.py) shows the same model as the timeline, so the proxy adds columns
and nothing else: every role of the timeline's model is answered for any column. A model
is checked on its own (qtmodeltester in tests/ui/test_event_list.py), apart from the view
that shows it and the delegate that colours its rows (event_list_delegate.py).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from PySide6.QtCore import QIdentityProxyModel, QItemSelection, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from planner.domain.days import event_times
from planner.domain.model import Event, Kind
from planner.text.readable import event_summary
from planner.ui.widgets.models import (
    EventListModel,
    Roles,
    card_flags,
    flags_said,
    names_text,
    star_glyph,
    tier_of,
    tier_words,
    time_text,
)

Index = QModelIndex | QPersistentModelIndex

TIME, ROOM, TITLE, STAR = range(4)
HEADERS = ("Time", "Room", "Title", "★")
_COLUMNS = len(HEADERS)
_HEADER_NAMES = ("Time", "Room", "Title", "Starred")  # what a screen reader says for each header

_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

# The title column's warnings (cancelled, changed, clash), as the card's first line shows them.
FLAGS = Qt.ItemDataRole.UserRole + 40
_ANSWERED = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole,
                       Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole})


def card_time(event: Event, zone: tzinfo | None, day: date | None, begins: datetime | None = None) -> str:
    """The time a card shows for ``event`` in the display ``zone`` on conference ``day``
    (whose first instant is ``begins``: see time_text).

    CardDelegate draws this same text on cards (tests/ui/test_event_list.py compares them),
    so the list and the timeline never disagree about when a talk is.
    """
    start, end = event_times(event, zone)
    return time_text(start, end, event.all_day, day, begins)


class EventColumns(QIdentityProxyModel):
    """An EventListModel's rows as columns: Time, Room, Title, Star.

    Every custom role (Roles.EVENT, Roles.MATCHES ...) is answered for any column by the
    source row, so code written against the timeline's model reads the list's indexes too.
    """

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        source = self.sourceModel()
        return 0 if parent.isValid() or source is None else source.rowCount()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        # The bounds checked here, not by hasIndex(), which asks rowCount() and columnCount()
        # back through Python: QTreeView lays out a list by asking every row's index, twice.
        source = self.sourceModel()
        if source is None or parent.isValid() or not (0 <= column < _COLUMNS and 0 <= row < source.rowCount()):
            return QModelIndex()
        return self.createIndex(row, column)

    # PySide6's stubs overload parent() with QObject.parent(); a model overrides only Qt's parent(index).
    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        return QModelIndex()

    def sibling(self, row: int, column: int, index: Index) -> QModelIndex:
        return self.index(row, column)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self.rowCount() > 0

    def mapToSource(self, proxy: Index) -> QModelIndex:
        source = self.sourceModel()
        if source is None or not proxy.isValid():
            return QModelIndex()
        return source.index(proxy.row(), 0)

    def mapFromSource(self, source: Index) -> QModelIndex:
        if not source.isValid():
            return QModelIndex()
        return self.index(source.row(), 0)

    def mapSelectionFromSource(self, selection: QItemSelection) -> QItemSelection:
        """Whole rows: a row selected in the timeline is selected across every column."""
        mapped = QItemSelection()
        for i in range(selection.count()):
            source_range = selection.at(i)
            mapped.select(self.index(source_range.top(), 0), self.index(source_range.bottom(), len(HEADERS) - 1))
        return mapped

    def setSourceModel(self, model: Any) -> None:
        old = self.sourceModel()
        if old is not None:
            old.dataChanged.disconnect(self._source_changed)
        super().setSourceModel(model)
        if model is not None:
            model.dataChanged.connect(self._source_changed)

    def _source_changed(self, top: QModelIndex, bottom: QModelIndex, roles: list[int]) -> None:
        # The identity mapping passes on the first column only; a star or a filter changes
        # what the star, title and colours of the whole row show.
        self.dataChanged.emit(self.index(top.row(), 0), self.index(bottom.row(), len(HEADERS) - 1))

    def source(self) -> EventListModel:
        model = self.sourceModel()
        assert isinstance(model, EventListModel)
        return model

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED and role < Qt.ItemDataRole.UserRole:
            return None  # a delegate asks each cell for ten roles on every paint: most are none of ours
        source = self.sourceModel()
        if (not isinstance(source, EventListModel) or not index.isValid() or index.model() is not self
                or not 0 <= index.row() < source.rowCount()):
            return None
        row, column = index.row(), index.column()
        if (role >= Qt.ItemDataRole.UserRole and role != FLAGS) or role == Qt.ItemDataRole.ToolTipRole:
            return source.data(source.index(row, 0), role)
        if column == ROOM:
            # From the outline: the room needs no event read from the library.
            return source.outline().rooms[row] if role == Qt.ItemDataRole.DisplayRole else None
        if column == STAR:
            return self._star(source, row, role)
        event: Event = source.data(source.index(row, 0), Roles.EVENT)
        if column == TIME:
            return card_time(event, source.zone, source.day, source.day_begins) if role == Qt.ItemDataRole.DisplayRole else None
        # The title; a poster session's block says what it holds, as its card does.
        counts = source.data(source.index(row, 0), Roles.POSTER_COUNTS)
        if counts is not None and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            posters, starred = counts[0], counts[1]
            text = f"{event.title} · {posters} posters" + (f" · {starred} starred" if starred else "")
            return text if role == Qt.ItemDataRole.DisplayRole else "Poster session: " + text
        # The friends who picked it (planner.ui.friends), after the title as on a card's chip.
        friends: tuple[str, ...] = source.data(source.index(row, 0), Roles.FRIENDS) or ()
        if role == Qt.ItemDataRole.DisplayRole:
            return event_summary(event) + (f"  · {names_text(friends)}" if friends else "")
        if role in (FLAGS, Qt.ItemDataRole.AccessibleTextRole):
            status = source.data(source.index(row, 0), Roles.STATUS)
            flags = card_flags(event, status, bool(source.data(source.index(row, 0), Roles.CONFLICT)))
            if role == FLAGS:
                return " · ".join(flags)
            return (event_summary(event) + flags_said(flags)
                    + (f", picked by {names_text(friends)}" if friends else ""))
        if role == Qt.ItemDataRole.FontRole and event.cancelled:
            font = QFont()  # resolved against the view's font: only the strike-out is set
            font.setStrikeOut(True)
            return font
        return None

    def _star(self, source: EventListModel, row: int, role: int) -> Any:
        tier = tier_of(source.index(row, 0))
        if role == Qt.ItemDataRole.DisplayRole:
            if tier is not None:
                return star_glyph(tier)  # ★ must-see, an amber ☆ maybe
            # A hollow star where a click stars the talk; breaks have none, as on their cards,
            # nor has a poster session's block (its posters are starred inside it).
            if source.outline().kinds[row] == Kind.BREAK or source.data(source.index(row, 0), Roles.BLOCK) is not None:
                return ""
            return "☆"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return tier_words(tier) or "not starred"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _HEADER_NAMES[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == STAR:
            return "Starred talks: click a star, or press S, to star or unstar"
        if role == Qt.ItemDataRole.TextAlignmentRole and section == STAR:
            return Qt.AlignmentFlag.AlignCenter
        return None
