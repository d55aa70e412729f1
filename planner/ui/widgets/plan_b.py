"""Plan B, in the detail pane of a planned talk: what else runs at that time, nearest rooms
first, then the most like it; Enter, a double click, B or Swap in plans the day around one.

A short list (the talks of one time slot), so a QListWidget, as More like this is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from planner.ui.widgets.focus_outline import outline_focus
from planner.ui.widgets.models import text_tooltip


@dataclass(frozen=True, slots=True)
class Alternative:
    """A talk running alongside a planned one, as the list shows it."""

    event_id: str
    text: str  # "10:00–10:45 Title · K.3.401"
    where: str  # "same room", "same building", "other building", "another room"


class PlanBPanel(QWidget):
    """Plan B's heading, list and Swap in button; hidden while there is no planned talk.

    Signals:
        swapRequested(str): plan the day around this talk (event id).
    """

    swapRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planB")
        self.label = QLabel("Plan B: also at this time", self)
        self.list = QListWidget(self)
        outline_focus(self.list)  # its selected row's text stays HighlightedText
        self.list.setAccessibleName("Plan B: talks at the same time, nearest first")
        self.list.setMaximumHeight(112)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(self._activated)
        self.label.setBuddy(self.list)
        self.swap_button = QPushButton("Swap in (B)", self)
        self.swap_button.setAccessibleName("Swap the chosen talk into the plan of the day")
        self.swap_button.setToolTip("Plan the day around the chosen talk instead (B); "
                                    "the plan is not accepted until you accept it")
        self.swap_button.clicked.connect(self.swap_current)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.label, 1)
        top.addWidget(self.swap_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self.hide()

    def show_alternatives(self, alternatives: Sequence[Alternative]) -> None:
        """Fill the list, its first row chosen (what B swaps in); hidden when empty."""
        self.list.clear()
        for alt in alternatives:
            # Where first: a long title is elided at the end, and the walk is what decides.
            item = QListWidgetItem(f"{alt.where.capitalize()} · {alt.text}")
            item.setData(Qt.ItemDataRole.UserRole, alt.event_id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{alt.text}, {alt.where}")
            item.setToolTip(text_tooltip(f"{alt.text}\n{alt.where.capitalize()}\nEnter or B: plan the day around it"))
            self.list.addItem(item)
        if alternatives:
            self.list.setCurrentRow(0)
        self.setVisible(bool(alternatives))

    def ids(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def chosen(self) -> str:
        """The alternative B swaps in: the current row's; "" when the list is hidden or empty."""
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None and not self.isHidden() else ""

    def swap_current(self) -> None:
        chosen = self.chosen()
        if chosen:
            self.swapRequested.emit(chosen)

    def _activated(self, item: QListWidgetItem) -> None:
        self.swapRequested.emit(str(item.data(Qt.ItemDataRole.UserRole)))
