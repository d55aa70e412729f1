"""File > Friends' Agendas…: the colleagues whose exported agendas show beside the attendee's.

The dialog lists them and asks; planner.ui.friends reads the files and changes the library.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.friends import MAX_NAME, Friend


def friend_line(friend: Friend) -> str:
    """"Ana — 12 talks, 11 in your library"."""
    picks = f"{friend.picks} talk{'s' if friend.picks != 1 else ''}"
    found = "all in your library" if friend.found == friend.picks else f"{friend.found} in your library"
    return f"{friend.name} — {picks}, {found}"


class FriendsDialog(QDialog):
    """The friends, with Add… and Remove.

    Signals:
        addRequested(str, str): a name and the calendar file chosen for them.
        removeRequested(str): the friend to forget, by name.
    """

    addRequested = Signal(str, str)
    removeRequested = Signal(str)

    def __init__(self, parent: QWidget | None, friends: Sequence[Friend]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Friends' Agendas")
        intro = QLabel("A friend exports their agenda from Planner (File › Export My Agenda…, an .ics file) "
                       "and sends it to you. The talks they picked then carry their name on your cards, "
                       "View › Friends' Picks Only shows just those, and Plan My Day can prefer them. "
                       "Adding a newer file from the same friend replaces theirs. Nothing is sent anywhere.", self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Friends")
        self.empty = QLabel("No friends yet: Add… reads a friend's exported agenda.", self)
        self.add_button = QPushButton("&Add…", self)
        self.add_button.setAccessibleName("Add a friend's agenda from a calendar file")
        self.add_button.clicked.connect(self._add)
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.setAccessibleName("Remove the selected friend")
        self.remove_button.clicked.connect(self._remove)
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.resize(460, 340)
        self.show_friends(friends)

    def show_friends(self, friends: Sequence[Friend], *, select: str = "") -> None:
        self.list.clear()
        for friend in friends:
            item = QListWidgetItem(friend_line(friend), self.list)
            item.setData(Qt.ItemDataRole.UserRole, friend.name)
            item.setToolTip(f"From {friend.source}\nAdded {friend.added_at.replace('T', ' ')[:16]} UTC")
            if friend.name == select:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.empty.setVisible(not friends)
        self.list.setVisible(bool(friends))
        self._enable()

    def selected_name(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def _enable(self) -> None:
        self.remove_button.setEnabled(bool(self.selected_name()))

    def _add(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "A friend's exported agenda", "",
                                              "Calendar files (*.ics *.ical *.ifb);;All files (*)")
        if not path:
            return
        name = self.ask_name(Path(path).stem)
        if name:
            self.addRequested.emit(name, path)

    def ask_name(self, guess: str) -> str:
        """The friend's name, as their chip will show it ("" when the attendee cancels)."""
        # "my-agenda" says nothing of whose it is; any other file name may well be the name.
        suggestion = "" if guess.lower().replace("_", "-") in ("my-agenda", "agenda", "planner") else guess
        name, ok = QInputDialog.getText(self, "Friend's name",
                                        f"Whose agenda is it? (the name on your cards, up to {MAX_NAME} characters)",
                                        text=suggestion[:MAX_NAME])
        return name.strip() if ok else ""

    def _remove(self) -> None:
        name = self.selected_name()
        if name:
            self.removeRequested.emit(name)
