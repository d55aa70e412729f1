"""Changes another process made to the library, noticed within a second.

Stars and notes written by another window or `planner star` show up in this one:
PRAGMA data_version changes only when another connection commits.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from planner.store import Library


class LibraryWatch(QObject):
    """Polls the library's data version once a second.

    Signals:
        tick(): time to ask ``changed()``.
    """

    tick = Signal()

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._version = library.data_version()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def changed(self) -> bool:
        """Whether another connection committed since the last call (or ``seen``)."""
        if not self.library.is_open:  # the window outlived its library (shutdown)
            self._timer.stop()
            return False
        version = self.library.data_version()
        if version == self._version:
            return False
        self._version = version
        return True

    def seen(self) -> None:
        """The change was this window's own: nothing to pick up."""
        self._version = self.library.data_version()

    def stop(self) -> None:
        self._timer.stop()
