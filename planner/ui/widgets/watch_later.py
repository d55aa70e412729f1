"""The Watch later list: missed must-see talks with a recording (planner.services.watching).

Imported when the list is first opened: a dialog's Qt types cost every start that opens none
(planner.ui.dialogs says why).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.ui.widgets.models import text_tooltip


class WatchLaterDialog(QDialog):
    """The missed must-see talks with a recording: Enter or a double click opens one's
    recording; Export writes the list as Markdown.

    Signals:
        openRequested(str): the recording's address.
        exportRequested()
    """

    openRequested = Signal(str)
    exportRequested = Signal()

    def __init__(self, items: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        """``items``: (the talk as shown, its recording's address), in order."""
        super().__init__(parent)
        self.setWindowTitle("Watch later")
        self.resize(560, 360)
        intro = QLabel("Must-see talks you missed that have a recording. Enter or a double click opens it."
                       if items else "Nothing to watch later: no missed must-see talk has a recording.\n\n"
                       "Once a talk you starred as must-see has ended, mark it ✗ Missed (Ctrl+Shift+M): "
                       "it is listed here when the schedule links a recording.", self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Watch later: missed must-see talks with a recording")
        for text, url in items:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, url)
            item.setToolTip(text_tooltip(f"{text}\n{url}"))
            self.list.addItem(item)
        self.list.itemActivated.connect(lambda item: self.openRequested.emit(str(item.data(Qt.ItemDataRole.UserRole))))
        if items:
            self.list.setCurrentRow(0)
        self.export_button = QPushButton("&Export to Markdown…", self)
        self.export_button.clicked.connect(self.exportRequested)
        self.export_button.setEnabled(bool(items))  # an empty list is nothing to keep
        self.list.setVisible(bool(items))  # rather than an empty white box under "Nothing to watch"
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        if not items:  # as tall as its words, not a big empty box
            self.resize(460, max(layout.heightForWidth(460), layout.minimumSize().height()))
