"""A table's star column, clicked: what the day's list (planner.ui.widgets.event_list) and
the poster and Not scheduled lists (planner.ui.widgets.starred_list) do the same way.

A left click on a row's star makes that row current and steps its star (StarColumnTree,
the base of both, emits its ``starToggled`` with the id star_clicked returns). The second
click of a double click is a click too, as on the timeline's cards, and never also opens
the talk: the lists swallowed it, so two quick clicks stepped a list's star once and a
card's twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeView, QWidget

from planner.ui.widgets.focus_outline import outline_focus
from planner.ui.widgets.models import Roles

if TYPE_CHECKING:  # named only in annotations
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QAbstractItemView


def star_clicked(view: QAbstractItemView, event: QMouseEvent, column: int) -> str:
    """The id whose star ``event`` (a press or a double click on ``view``) clicked, made
    current and the event taken; "" if it clicked none. A row that shows no star (a break
    in the day's list) has none to click."""
    index = view.indexAt(event.position().toPoint())
    if (event.button() != Qt.MouseButton.LeftButton or not index.isValid() or index.column() != column
            or not index.data(Qt.ItemDataRole.DisplayRole)):
        return ""
    view.setCurrentIndex(index)
    event.accept()
    return str(index.data(Roles.EVENT_ID) or "")


class StarColumnTree(QTreeView):
    """A list whose column ``star_column`` shows each row's star: a click on it, or the
    second click of a double click, steps the star (starToggled) and does nothing else.

    Signals:
        starToggled(str): a row's star was clicked (its id); the subclass says what else.
    """

    starToggled = Signal(str)
    star_column = 0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outline_focus(self)  # its selected row's text stays HighlightedText (planner.ui.widgets.focus_outline)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self._star_click(event):
            super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if not self._star_click(event):  # the second click on a star: a click
            super().mouseDoubleClickEvent(event)

    def _star_click(self, event: QMouseEvent) -> bool:
        item_id = star_clicked(self, event, self.star_column)
        if item_id:
            self.starToggled.emit(item_id)
        return bool(item_id)
