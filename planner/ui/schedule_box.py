"""The toolbar's conference switcher."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from planner.store import ScheduleInfo


class ScheduleBox(QComboBox):
    """The schedules in the library, by title.

    Signals:
        chosen(str): the key of the schedule the attendee picked (not the one shown).
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Conference")
        self.setToolTip("Switch between the schedules in your library")
        # Long titles must not push the rest of the toolbar out of sight.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self._shown: str | None = None
        self.activated.connect(self._activated)

    def show_schedules(self, schedules: Sequence[ScheduleInfo], shown: str | None) -> None:
        """List ``schedules`` with ``shown`` current, without saying chosen."""
        self._shown = shown
        self.blockSignals(True)
        self.clear()
        for info in schedules:
            self.addItem(info.title, info.key)
        if shown is not None:
            self.setCurrentIndex([s.key for s in schedules].index(shown))
        # The box shows the start of a long title ("Orals & Spotlights Tr…"): the whole of it here.
        title = next((s.title for s in schedules if s.key == shown), "")
        self.setToolTip(f"{title}\nSwitch between the schedules in your library" if title
                        else "Switch between the schedules in your library")
        self.blockSignals(False)

    def _activated(self, i: int) -> None:
        key = self.itemData(i)
        if key and key != self._shown:
            self.chosen.emit(key)
