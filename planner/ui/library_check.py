"""The library's health: every page checked once the window is up, damage told once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from planner.store import Library, find_damage, request_full_check
from planner.ui import dialogs
from planner.ui.workers import Worker


class LibraryCheck(Worker):
    """Checks every page of the library file; ``finished`` carries what is wrong, "" when sound."""

    thread_name = "library-check"

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path

    def work(self) -> str:
        return find_damage(self.path)


class LibraryHealth(QObject):
    """Checks the window's library in the background and tells the attendee of damage."""

    def __init__(self, library: Library, window: QWidget) -> None:
        super().__init__(window)
        self.library = library
        self._window = window  # the dialog's parent
        self._told = False

    def check(self) -> LibraryCheck:
        """Check every page of the library file on a worker; say so if it is damaged.

        The window opens its library checking only the attendee's own tables (stars,
        notes, exports): a check of every page took 17-35 ms of each start at 10,000
        events. This one runs once the window is up, on its own connection, while SQLite
        does not hold Python's lock.
        """
        worker = LibraryCheck(self.library.path, self)
        worker.finished.connect(self._checked)
        worker.start()
        return worker

    def _checked(self, problem: object) -> None:
        if problem:
            self.damaged(str(problem))

    def damaged(self, problem: str) -> None:
        """Damage found in the library file, by check() or by a failed read: have the
        next start check it and set it aside, and tell the attendee once."""
        request_full_check(self.library.path)
        if self._told:
            return
        self._told = True
        dialogs.tell_damage(self._window, self.library.path, problem)
