"""The toolbar's conference switcher."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QComboBox, QSizePolicy, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent  # named only in an annotation

from planner.store import ScheduleInfo

# The closed box's width in characters: at least SHORTEST (the rest of the toolbar stays in
# sight at 1024 px), as many as the longest title up to LONGEST where the toolbar has room.
SHORTEST, LONGEST = 14, 32


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
        # Long titles must not push the rest of the toolbar out of sight: the box grows
        # into the toolbar's room (sizeHint), down to SHORTEST characters (minimumSizeHint).
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(SHORTEST)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._wanted = 0  # px beyond SHORTEST characters the longest title would like
        self._shown: str | None = None
        self._middle_out = False  # see elide_middle
        self.activated.connect(self._activated)

    def elide_middle(self) -> None:
        """From now on show a long title without its middle (shown_title), not its end.

        Called once the window's first paint is on screen: painting the box ourselves
        takes QStyle's Python type and its eleven enums (2 ms), which nothing else in the
        first paint needs (tests/ui/test_start_cost.py)."""
        self._middle_out = True
        self.update()

    def show_schedules(self, schedules: Sequence[ScheduleInfo], shown: str | None) -> None:
        """List ``schedules`` with ``shown`` current, without saying chosen."""
        self._shown = shown
        self.blockSignals(True)
        self.clear()
        for info in schedules:
            self.addItem(info.title, info.key)
        metrics = self.fontMetrics()
        longest = max((metrics.horizontalAdvance(info.title) for info in schedules), default=0)
        self._wanted = max(0, min(longest, metrics.horizontalAdvance("x" * LONGEST))
                           - metrics.horizontalAdvance("x" * SHORTEST))
        self.setMaximumWidth(self.sizeHint().width())  # room beyond the longest title is the search's
        if shown is not None:
            self.setCurrentIndex([s.key for s in schedules].index(shown))
        # The box shows the start of a long title ("Orals & Spotlights Tr…"): the whole of it here.
        title = next((s.title for s in schedules if s.key == shown), "")
        self.setToolTip(f"{title}\nSwitch between the schedules in your library" if title
                        else "Switch between the schedules in your library")
        self.blockSignals(False)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()  # SHORTEST characters wide
        return QSize(hint.width() + self._wanted, hint.height())

    def minimumSizeHint(self) -> QSize:
        return super().sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._middle_out:
            super().paintEvent(event)
            return
        # Lazy: QStyle's type and enums, after the first paint (elide_middle).
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox, QStylePainter

        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.shown_title(field.width())
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def shown_title(self, width: int) -> str:
        """The current title as the closed box shows it in ``width`` px: with its middle
        left out when it is too long, not its end. Cut at its end, "Chaos Communication Camp
        2019" and "... Camp 2023" both read "Chaos Communication", the years that tell them
        apart gone."""
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideMiddle, width)

    def _activated(self, i: int) -> None:
        key = self.itemData(i)
        if key and key != self._shown:
            self.chosen.emit(key)
