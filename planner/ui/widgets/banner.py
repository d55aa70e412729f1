"""An in-window message bar: reminders when there is no system tray, "now and next"."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget


class Banner(QFrame):
    """A dismissable line of text above the timeline; announces itself to screen readers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#banner { background: palette(tool-tip-base); color: palette(tool-tip-text); }")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName("Notice")
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setAccessibleName("Dismiss notice")
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.about = ""
        self.hide()

    def show_message(self, text: str, timeout_ms: int = 0, about: str = "") -> None:
        """Show ``text`` (for ``timeout_ms``, or until dismissed); ``about`` names what it
        is about (a schedule's key), so that withdraw() can take it back."""
        self.about = about
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.show()
        if timeout_ms:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()

    def withdraw(self, about: str) -> None:
        """Hide the message if it is about ``about``: a note on a schedule no longer shown."""
        if self.about == about and not self.isHidden():
            self.hide()

    def text(self) -> str:
        return self.label.text()
