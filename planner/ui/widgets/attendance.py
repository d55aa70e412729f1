"""After a talk has ended: "Attended" / "Missed" in the detail pane (the Watch later list
is planner.ui.widgets.watch_later's)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from planner.domain.marks import Attendance


class AttendanceBar(QWidget):
    """Two toggles for a talk that has ended; pressing the checked one takes the mark away.

    Signals:
        marked(object): the Attendance asked for, or None to take the mark away.
    """

    marked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendance")
        self.label = QLabel("After the talk:", self)
        self.buttons: dict[Attendance, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.label)
        for state, text, name, key in ((Attendance.ATTENDED, "✓ Attended", "I attended this talk", "Ctrl+Shift+A"),
                                       (Attendance.MISSED, "✗ Missed", "I missed this talk", "Ctrl+Shift+M")):
            button = QToolButton(self)
            button.setText(text)
            button.setCheckable(True)
            button.setAccessibleName(name)
            button.setToolTip(f"{name} ({key}); press again to take the mark away")
            button.clicked.connect(lambda _=False, chosen=state: self._pressed(chosen))
            layout.addWidget(button)
            self.buttons[state] = button
        layout.addStretch(1)
        self.state: Attendance | None = None
        self.hide()

    def show_state(self, state: Attendance | None) -> None:
        self.state = state
        for each, button in self.buttons.items():
            button.setChecked(each is state)

    def _pressed(self, state: Attendance) -> None:
        # The container stores it and shows what is stored (show_state).
        self.buttons[state].setChecked(self.state is state)
        self.marked.emit(None if self.state is state else state)
