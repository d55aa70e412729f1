"""The row above the timeline: the conference's days as tabs, and the time zone of the axis."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabBar, QWidget


class DayBar(QWidget):
    """Day tabs and the time-axis label.

    Signals:
        dayChosen(object): the date whose tab the attendee chose.
    """

    dayChosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[date] = []
        self.tabs = QTabBar(self)
        self.tabs.setAccessibleName("Conference days")
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        self.zone_label = QLabel(self)
        self.zone_label.setAccessibleName("Time zone of the time axis")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.setSpacing(2)  # as its column's
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.zone_label)
        self.tabs.currentChanged.connect(self._tab_changed)

    def set_days(self, days: Sequence[date]) -> None:
        """One tab per day, none chosen by this."""
        self.days = list(days)
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        for day in self.days:
            self.tabs.addTab(f"{day:%a %d %b}")
        self.tabs.blockSignals(False)
        self.tabs.setVisible(bool(self.days))

    def set_counts(self, counts: Mapping[date, int] | None) -> None:
        """Each day's number of search matches on its tab ("Sat 28 Dec · 5"); None: no search."""
        for i, day in enumerate(self.days):
            label = f"{day:%a %d %b}"
            if counts is not None:
                label += f" · {counts.get(day, 0)}"
            self.tabs.setTabText(i, label)
            self.tabs.setAccessibleTabName(i, label if counts is None else f"{day:%A %d %B}: {counts.get(day, 0)} matches")

    def show_day(self, day: date) -> None:
        """Mark ``day``'s tab without saying dayChosen."""
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(self.days.index(day))
        self.tabs.blockSignals(False)

    def _tab_changed(self, i: int) -> None:
        if 0 <= i < len(self.days):
            self.dayChosen.emit(self.days[i])
