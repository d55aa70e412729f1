"""Which card the timeline's keys select: arrows, J and K, Home, End and the page keys.

The cards of a day are not a list in reading order: the arrow keys go up and down in
time and sideways to the card nearest in time to the left or right, and every move lands
only on talks that pass the search and filters. KeyboardMoves is a mixin of TimelineView
(timeline.py); it reads the view's card rectangles and leaves the window's letter
shortcuts (S, J, K, ...) to the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget

from planner.ui.widgets.timeline_layout import box_middle

if TYPE_CHECKING:  # the view these methods are mixed into, for the type checker only
    from PySide6.QtGui import QFocusEvent, QKeyEvent
    from PySide6.QtWidgets import QListView

    from planner.ui.widgets.models import EventListModel
    from planner.ui.widgets.timeline_layout import Boxes

    _View = QListView
else:
    _View = object

# Sideways, a card this near in time (between middles) makes its column the one to go to.
SIDEWAYS_MINUTES = 60


def is_shortcut_letter(event: QKeyEvent) -> bool:
    """A printable key, alone or with Shift: one of the window's single-key shortcuts
    (J, K, S, N, ...) for a view of the day, never a type-ahead search in it."""
    return bool(event.text()) and event.text().isprintable() and not (
        event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier)

class KeyboardMoves(_View):
    """The cursor moves and key handling of TimelineView."""

    if TYPE_CHECKING:  # what the view provides
        _rects: Boxes
        ppm: float  # pixels a minute, at the zoom shown

        def timeline_model(self) -> EventListModel: ...

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
        """The card beside this one: in the nearest column to the left or right that has a
        card at about the same time (SIDEWAYS_MINUTES), else in the nearest column at all;
        in that column, the card nearest in time.

        Only the nearest column, as before: on 38C3's 72 rooms, most with a few talks a day,
        Right from a 10:30 talk went to one at 16:00, and an attendee starring on each step
        starred talks they had not seen."""
        # On the (x, y, width, height) tuples: a QRect per card would be thousands a key press.
        boxes = self._rects.boxes
        left, middle = boxes[row][0], box_middle(boxes[row])
        model = self.timeline_model()
        candidates = [r for r in range(len(boxes)) if (boxes[r][0] - left) * direction > 0 and model.is_match(r)]
        if not candidates:
            return None
        near = SIDEWAYS_MINUTES * self.ppm
        close = [r for r in candidates if abs(box_middle(boxes[r]) - middle) <= near]
        best = min(close or candidates,
                   key=lambda r: (abs(boxes[r][0] - left) // 50, abs(box_middle(boxes[r]) - middle)))
        return self.model().index(best, 0)

    def step(self, delta: int) -> None:
        """Select the next (+1) or previous (-1) matching event: J and K."""
        action = QAbstractItemView.CursorAction.MoveDown if delta > 0 else QAbstractItemView.CursorAction.MoveUp
        index = self.moveCursor(action, Qt.KeyboardModifier.NoModifier)
        if index.isValid():
            self.setCurrentIndex(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_shortcut_letter(event):  # QListView would start a keyboard search on it
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
