"""Adding schedule files off the GUI thread.

Reading and storing a 10,000-event file takes about a second, 50,000 events about five
(benchmarks/RESULTS.md); on the GUI thread the window froze for that long, with no sign
of life. The work runs in a child process (planner.services.child_jobs: a thread of this
process starved the window's reads while it parsed), which a worker (planner.ui.workers)
waits for. SQLite's write-ahead log lets the window go on reading the library meanwhile,
and it reloads once the worker reports back through a signal, which Qt delivers on the
GUI thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from planner.domain.errors import ScheduleError
from planner.store import Library, StoreError
from planner.ui import dialogs
from planner.ui.workers import Worker

if TYPE_CHECKING:
    from PySide6.QtGui import QDragEnterEvent, QDropEvent  # named only in annotations

    from planner.store import ImportSummary


def add_files_to(library: Library, paths: Sequence[str]) -> list[ImportSummary]:
    """Parse every file, then store each: a file that does not parse adds nothing at all
    (planner.services.adding, as ``planner import`` does).

    Raises ScheduleError (naming file and line) or StoreError.
    """
    from planner.services import adding  # lazy: the readers and HTTP client, 27 ms at start

    return [added.summary for added in adding.add(library, paths)]


class FileImport(Worker):
    """One batch of files being added to the library.

    Signals (planner.ui.workers.Worker's):
        finished(object): the list of planner.store.ImportSummary, one per file.
        failed(str): why nothing was added, naming the file (and line) at fault.
    """

    thread_name = "planner-file-import"

    def __init__(self, library_path: Path, paths: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library_path = library_path
        self.paths = list(paths)

    def work(self) -> list[ImportSummary]:
        # Lazy: loaded with the first file added, not for the first paint.
        from planner.services.child_jobs import add_files

        # In a child process: seconds of parsing on this thread would starve the GUI
        # thread's reads (a read of 8 ms took up to 915 ms during a 50,000-event import).
        return add_files(self.library_path, self.paths)

    def failure(self, exc: Exception) -> str:
        from planner.services.child_jobs import ChildInputError, ChildJobError  # lazy: loaded by work() already

        if isinstance(exc, ScheduleError | StoreError | ChildInputError):
            return str(exc)
        if isinstance(exc, sqlite3.Error):
            return f"{self.library_path}: {exc}"
        if isinstance(exc, ChildJobError):  # the child's last line, already worded
            return f"{', '.join(self.paths)}: {exc}"
        return f"{', '.join(self.paths)}: {exc!r}"


class ScheduleRemoval(Worker):
    """The rows of a schedule the window has removed (out of sight already) leaving the
    library, in short transactions (Library.finish_removals): 50,000 events take a second
    or two, the window stays usable and a star made meanwhile is written at once.

    Signals (planner.ui.workers.Worker's): finished(None); failed(str).
    """

    thread_name = "planner-schedule-removal"

    def __init__(self, library_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library_path = library_path

    def work(self) -> None:
        library = Library(self.library_path, full_check=False)
        try:
            library.finish_removals()
        finally:
            library.close()

    def failure(self, exc: Exception) -> str:
        # Nothing is lost: the next open of the library finishes the removal.
        return f"{self.library_path}: {exc}"


class FileImports(QObject):
    """Schedule files added to one window's library, one batch at a time, and schedules
    removed from it.

    Signals:
        added(object): the ImportSummary list of a batch that went in; show the last one.
        removed(): a schedule was removed; show another.
        status(str, int): a status-bar message and how long it shows, in ms (0: until replaced).
    """

    added = Signal(object)
    removed = Signal()
    status = Signal(str, int)

    def __init__(self, library: Library, window: QWidget) -> None:
        super().__init__(window)
        self.library = library
        self._window = window  # the dialogs' parent
        self.job: FileImport | None = None
        self.removal: ScheduleRemoval | None = None  # the last one, for tests and shutdown
        # Files dropped anywhere on the window go in as opened ones do: the window hands
        # its drag events to drag_entered and dropped. (Not an event filter on the window:
        # PySide6 would call it with each of the window's events, 120 before its first paint,
        # building the Python type of each kind of event.)
        window.setAcceptDrops(True)

    def drag_entered(self, event: QDragEnterEvent) -> None:
        """Files dragged onto the window are taken when all of them are files on this computer."""
        if _local_files(event):
            event.acceptProposedAction()

    def dropped(self, event: QDropEvent) -> None:
        paths = _local_files(event)
        if paths:
            event.acceptProposedAction()
            self.add(paths)

    def open_files(self) -> None:
        paths = dialogs.open_schedule_files(self._window)
        if paths:
            self.add(paths)

    def add(self, paths: Sequence[str]) -> FileImport | None:
        """Add schedule files on a worker: the window stays usable, with a busy cursor and
        a status line, and shows the last file's schedule when they are in. add_now does
        the same work while the caller waits."""
        names = ", ".join(Path(p).name for p in paths)
        if self.job is not None:
            # Kept up until the import in progress reports, as its own line was.
            adding = ", ".join(Path(p).name for p in self.job.paths)
            self.status.emit(f"Still adding {adding}: open {names} again once it is in", 0)
            return None
        job = FileImport(self.library.path, paths, parent=self._window)
        job.finished.connect(self._files_added)
        job.failed.connect(self._files_not_added)
        self.job = job
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)  # busy, yet still usable
        self.status.emit(f"Adding {names}…", 0)
        job.start()
        return job

    def add_now(self, paths: Sequence[str]) -> bool:
        """Add schedule files while the caller waits (add does it on a worker)."""
        try:
            summaries = add_files_to(self.library, paths)
        except (ScheduleError, StoreError) as exc:
            self._say_not_added(str(exc))
            return False
        self.added.emit(summaries)
        return True

    def _end(self) -> bool:
        """Whether the window is still there to show what the import did."""
        self.job = None
        QApplication.restoreOverrideCursor()
        return self.library.is_open

    def _files_added(self, summaries: object) -> None:
        if self._end():
            self.added.emit(list(cast("list[ImportSummary]", summaries)))  # what FileImport.work returns

    def _files_not_added(self, reason: str) -> None:
        if not self._end():
            return
        self.status.emit("", 0)
        self._say_not_added(reason)

    def _say_not_added(self, reason: str) -> None:
        dialogs.critical(self._window, "Planner — could not open the schedule", dialogs.as_plain(reason))

    def remove(self, key: str, title: str, starred: int) -> None:
        """Remove a schedule; its stars and notes stay unless the user says otherwise."""
        drop_stars = dialogs.confirm_removal(self._window, title, starred)
        if drop_stars is None:
            return
        try:
            # Out of sight at once; its rows leave on a worker (ScheduleRemoval).
            self.library.remove_schedule(key, drop_stars=drop_stars, finish=False)
        except StoreError as exc:
            dialogs.warning(self._window, "Planner", dialogs.as_plain(str(exc)))
            return
        self.removal = ScheduleRemoval(self.library.path, parent=self)
        self.removal.failed.connect(lambda reason: self.status.emit(
            f"Removed {title}; its last rows go when Planner next starts ({reason})", 0))
        self.removal.start()
        self.removed.emit()
        self.status.emit(f"Removed {title}", 8000)


def _local_files(event: QDropEvent) -> list[str]:
    """The paths of the files dragged, or none unless every one is a file on this computer."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    return [u.toLocalFile() for u in urls] if urls and all(u.isLocalFile() for u in urls) else []
