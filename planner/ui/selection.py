"""The selected talk: one selection for the timeline and the list, followed by the detail
pane and My agenda, kept across days, zones, updates and restarts.

The selection is the timeline's selection model (the list shares it), so it always names
a talk on the shown day; selecting a talk on another day shows that day first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject

from planner.domain.model import Event
from planner.ui.widgets.models import Roles

if TYPE_CHECKING:
    from planner.ui.main_window import MainWindow


class Selection(QObject):
    """Which talk is selected, and moving it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        window.timeline.selectionModel().currentChanged.connect(self._current_changed)

    def current(self) -> Event | None:
        index = self._window.timeline.currentIndex()
        return index.data(Roles.EVENT) if index.isValid() else None

    def select(self, event_id: str) -> None:
        """Select an event in the timeline, switching day if needed."""
        w = self._window
        event = w.days.event(event_id)
        if event is None:
            return
        day = w.days.day_of(event)
        if day != w.current_day:
            w.show_day(day)
        index = w.model.index_of(event_id)
        if index.isValid():
            w.timeline.setCurrentIndex(index)
            w.timeline.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            w.timeline.scrollTo(index)
            if w.panes.has_list:
                w.event_list.scrollTo(w.event_list.model().mapFromSource(index))

    def step(self, delta: int) -> None:
        """The next (J) or previous (K) talk."""
        self._window.timeline.step(delta)
        self._window.shown_view().setFocus()

    def restore(self, event_id: str) -> None:
        """The talk selected when Planner was last closed, in the middle of the view."""
        w = self._window
        if event_id and w.days.event(event_id) is not None:
            self.select(event_id)
            w.timeline.scrollTo(w.model.index_of(event_id), w.timeline.ScrollHint.PositionAtCenter)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        w = self._window
        event: Event | None = current.data(Roles.EVENT) if current.isValid() else None
        if event is not None:
            w.timeline.selectionModel().select(current, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        w.talk.show(event)
        w.agenda.select(event.id if event else "")
