"""Suggested for you: the talks most like the starred ones, under My agenda.

A short list (ten talks) as a model and a list view. Each row gives the talk's title and
when and where it is; its tooltip and accessible description say which starred talk it
is most like, so a suggestion never comes without its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from planner.domain.days import event_times
from planner.domain.model import Event
from planner.text.readable import event_summary
from planner.text.wording import clock_range
from planner.ui.widgets.focus_outline import outline_focus
from planner.ui.widgets.models import Roles

Index = QModelIndex | QPersistentModelIndex
SCORE = Qt.ItemDataRole.UserRole + 40  # float, 0 to 1: how alike (planner.domain.suggestions)
LIKE = Qt.ItemDataRole.UserRole + 41  # str: the starred talk it is most like, as text


@dataclass(frozen=True, slots=True)
class Row:
    """One suggestion as shown: the talk, its score, the starred talk it is most like."""

    event: Event
    score: float
    like: Event | None


class SuggestionsModel(QAbstractListModel):
    """The suggested talks, best first; times in the display zone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._zone: tzinfo | None = None

    def set_rows(self, rows: Sequence[Row], zone: tzinfo | None) -> None:
        self.beginResetModel()
        self._rows, self._zone = list(rows), zone
        self.endResetModel()

    def set_zone(self, zone: tzinfo | None) -> None:
        """The same rows, their times in ``zone`` (the display zone just changed)."""
        if zone != self._zone:
            self._zone = zone
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def event_ids(self) -> list[str]:
        return [row.event.id for row in self._rows]

    def index_of(self, event_id: str) -> QModelIndex:
        ids = self.event_ids()
        return self.index(ids.index(event_id), 0) if event_id in ids else QModelIndex()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{event_summary(row.event)}\n{self._when(row.event)}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            because = f"Like your starred {event_summary(row.like)}" if row.like is not None else "Like your starred talks"
            return f"{event_summary(row.event)}\n{self._when(row.event)}\n{because}"
        if role == Roles.EVENT:
            return row.event
        if role == Roles.EVENT_ID:
            return row.event.id
        if role == SCORE:
            return row.score
        if role == LIKE:
            return event_summary(row.like) if row.like is not None else ""
        return None

    def _when(self, event: Event) -> str:
        start, _ = event_times(event, self._zone)
        where = f" · {event.room}" if event.room else ""
        # The date too: a conference of eight days has two Sundays (DebConf 23).
        return f"{start:%a %d %b} {clock_range(event, self._zone)}{where}"


class SuggestionsList(QListView):
    """The list: Enter or a click goes to the talk, S stars it.

    Signals:
        chosen(str): go to this talk (its id).
        starRequested(str): star this talk.
    """

    chosen = Signal(str)
    starRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Two lines a talk: alternate shading and a gap keep one talk's lines together.
        self.setAlternatingRowColors(True)
        self.setSpacing(2)
        outline_focus(self)  # its selected row's text stays HighlightedText
        self.activated.connect(self._choose)
        self.clicked.connect(self._choose)

    def current_id(self) -> str:
        return str(self.currentIndex().data(Roles.EVENT_ID) or "")

    def event(self, event: QEvent) -> bool:
        # S is the window's Star shortcut for the selected talk; here it stars this list's.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._is_star_key(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._is_star_key(event):
            if self.current_id():
                self.starRequested.emit(self.current_id())
            return
        super().keyPressEvent(event)

    @staticmethod
    def _is_star_key(event: QKeyEvent) -> bool:
        extra = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        return event.key() == Qt.Key.Key_S and extra == Qt.KeyboardModifier.NoModifier

    def _choose(self, index: QModelIndex) -> None:
        event_id = index.data(Roles.EVENT_ID)
        if event_id:
            self.chosen.emit(str(event_id))


class SuggestionsPanel(QWidget):
    """"Suggested for you": a header, a line while the list is worked out, the list.

    Signals:
        chosen(str): go to this talk (its id).
        starRequested(str): star this talk.
    """

    chosen = Signal(str)
    starRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestions")
        self.header = QLabel("<b>SUGGESTED FOR YOU</b>", self)
        self.header.setObjectName("suggestionsHeader")
        self.header.setAccessibleName("Suggested for you")
        self.header.setToolTip("Talks like the ones you starred. Enter goes to one, S stars it.")
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        # Under the heading it explains, not centred in the room the list would fill.
        self.note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.model = SuggestionsModel(self)
        self.list = SuggestionsList(self)
        self.list.setModel(self.model)
        self.list.setAccessibleName("Suggested for you: talks like your starred ones")
        self.list.setAccessibleDescription("Enter goes to the talk, S stars it")
        self.list.chosen.connect(self.chosen)
        self.list.starRequested.connect(self.starRequested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 8)
        layout.addWidget(self.header)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        # With the list hidden (a note instead), the room below is empty, not shared out
        # between the heading and the note (which floated to the middle of the column).
        layout.addStretch(0)
        self.note.hide()
        self.hide()

    def show_rows(self, rows: Sequence[Row], zone: tzinfo | None) -> None:
        """Show ``rows``; the current row stays where it was (a starred one leaves the list,
        and the next takes its place, so S can be pressed again)."""
        current = self.list.currentIndex().row()
        self.model.set_rows(rows, zone)
        self.note.setText("" if rows else "No talk here is like your starred ones yet.")
        self.note.setVisible(not rows)
        self.list.setVisible(bool(rows))
        if rows and current >= 0:
            self.list.setCurrentIndex(self.model.index(min(current, len(rows) - 1), 0))

    def show_busy(self) -> None:
        """Say the list is being worked out, while it has nothing to show yet."""
        if self.model.rowCount() == 0:
            self.note.setText("Finding talks like your starred ones…")
            self.note.show()
            self.list.hide()
