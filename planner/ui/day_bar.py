"""The row above the timeline: the conference's days as tabs, and the time zone of the axis.

A schedule that lists entries without a time (planner.ui.not_scheduled) has one more tab
after its days, "Not scheduled · N": they belong to no day, and a last tab is where an
attendee who reads the days from left to right finds them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabBar, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent, QShowEvent  # named only in annotations


class DayBar(QWidget):
    """Day tabs and the time-axis label.

    Signals:
        dayChosen(object): the date whose tab the attendee chose.
        unscheduledChosen(): the "Not scheduled" tab was chosen (or clicked again).
    """

    dayChosen = Signal(object)
    unscheduledChosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[date] = []
        self.unscheduled = 0  # entries without a time: a last tab when there are any
        self._searched: int | None = None  # how many of them the search finds; None: no search
        self._counts: Mapping[date, int] | None = None  # each day's search matches; None: no search
        self.compact = False  # labels without the month ("Tue 09 · 3"), when the full ones do not fit
        self._unlabelled = False  # tabs changed while hidden: labelled when shown (see _label)
        self.tabs = QTabBar(self)
        self.tabs.setAccessibleName("Conference days")
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        self.zone_label = QLabel(self)
        # No accessible name: a label's name is then its text ("Conference time, UTC-08:00"),
        # which a screen reader hears again when it changes; the description says what it is.
        self.zone_label.setAccessibleDescription("Time zone of the time axis")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.setSpacing(2)  # as its column's
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.zone_label)
        self.tabs.currentChanged.connect(self._tab_changed)
        # Its tab may be current without its page shown (a schedule without days): a click opens it.
        self.tabs.tabBarClicked.connect(self._tab_clicked)

    def set_axis_label(self, text: str) -> None:
        """What the label beside the tabs says of the axis's times; the tabs are fitted again
        beside it (its text grows with a zone's name: "Times in America/Argentina/...")."""
        if text != self.zone_label.text():
            self.zone_label.setText(text)
            self._label()

    def set_days(self, days: Sequence[date]) -> None:
        """One tab per day, none chosen by this."""
        self.days = list(days)
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        for _day in self.days:
            self.tabs.addTab("")
        if self.unscheduled:
            self.tabs.addTab("")
        self._counts = None
        self._label()
        self.tabs.blockSignals(False)
        self.tabs.setVisible(bool(self.days) or bool(self.unscheduled))

    def set_unscheduled(self, count: int) -> None:
        """``count`` entries without a time: the last tab says so; 0 takes it away."""
        if count == self.unscheduled:
            return
        had = bool(self.unscheduled)
        self.unscheduled = count
        blocked = self.tabs.blockSignals(True)
        try:
            if had and not count:
                self.tabs.removeTab(len(self.days))
            elif count and not had:
                self.tabs.addTab("")
            if count:
                self._label_unscheduled()
        finally:
            self.tabs.blockSignals(blocked)
        self.tabs.setVisible(bool(self.days) or bool(count))

    def show_unscheduled(self) -> None:
        """Mark the "Not scheduled" tab (its page is shown) without saying it was chosen."""
        if self.unscheduled:
            blocked = self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(len(self.days))
            self.tabs.blockSignals(blocked)
            self.zone_label.hide()  # the page has no time axis: its room goes to the tabs

    def _label_unscheduled(self) -> None:
        i = len(self.days)
        name = "No time" if self.compact else "Not scheduled"
        if self._searched is None:
            self.tabs.setTabText(i, f"{name} · {self.unscheduled}")
            self.tabs.setAccessibleTabName(i, f"Not scheduled: {self.unscheduled} without a time yet")
        else:  # as the days' tabs say: the search's matches
            self.tabs.setTabText(i, f"{name} · {self._searched}")
            self.tabs.setAccessibleTabName(i, f"Not scheduled: {self._searched} matches")
        self.tabs.setTabToolTip(i, "Entries the conference has not given a time yet: to read, search and star")

    def set_counts(self, counts: Mapping[date, int] | None, unscheduled: int | None = None) -> None:
        """Each day's number of search matches on its tab ("Sat 28 Dec · 5"), and the entries
        without a time it finds (``unscheduled``) on theirs; None: no search."""
        self._searched = unscheduled if counts is not None else None
        self._counts = counts
        self._label()

    def _label(self) -> None:
        """Every tab's text: in full ("Sat 28 Dec · 5") where all tabs fit beside the zone
        label, else without the month ("Sat 28 · 5"), so that no day hides behind the tab
        bar's scroll arrows (a search's counts widened four days of 38C3 past a 1280-pixel
        window's timeline).

        Not while hidden: a start sets the days, the zone label and the counts before the
        window is shown and sized, and labelling 14 days each time took 3.8 ms of the
        first paint at 50,000 events. Fitting needs the width it is shown at anyway."""
        if not self.isVisible():
            self._unlabelled = True
            return
        self._unlabelled = False
        for compact in (False, True):
            self.compact = compact
            if self.unscheduled:
                self._label_unscheduled()
            counts = self._counts
            for i, day in enumerate(self.days):
                label = f"{day:%a %d}" if compact else f"{day:%a %d %b}"
                if counts is not None:
                    label += f" · {counts.get(day, 0)}"
                self.tabs.setTabText(i, label)
                self.tabs.setAccessibleTabName(
                    i, f"{day:%A %d %B}" if counts is None else f"{day:%A %d %B}: {counts.get(day, 0)} matches")
            if self._fits():
                break
        self.tabs.updateGeometry()  # its size hint, asked above while it was empty, is out of date

    def _fits(self) -> bool:
        room = self.width() - self.zone_label.sizeHint().width() - 16
        return self.width() <= 0 or self.tabs.sizeHint().width() <= room

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._unlabelled:
            self._label()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # what fits depends on the width alone
            self._label()  # a few tabs' texts: full again when the window grew, shorter when it shrank

    def show_day(self, day: date) -> None:
        """Mark ``day``'s tab without saying dayChosen."""
        self.zone_label.show()
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(self.days.index(day))
        self.tabs.blockSignals(False)

    def _tab_clicked(self, i: int) -> None:
        if i == len(self.days) and self.unscheduled:
            self.unscheduledChosen.emit()

    def _tab_changed(self, i: int) -> None:
        if 0 <= i < len(self.days):
            self.dayChosen.emit(self.days[i])
        elif i == len(self.days) and self.unscheduled:
            self.unscheduledChosen.emit()
