"""Adding schedule files off the GUI thread.

Reading and storing a 10,000-event file takes about a second, 50,000 events about five
(benchmarks/RESULTS.md); on the GUI thread the window froze for that long, with no sign
of life. The work runs on a plain Python thread instead, with a library connection of
its own (a Library is one per thread). SQLite's write-ahead log lets the window go on
reading the library meanwhile, and it reloads once the thread reports back through a
signal, which Qt delivers on the GUI thread.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from planner.domain.errors import ScheduleError
from planner.store import StoreError

if TYPE_CHECKING:
    from planner.store import ImportSummary, Library


def add_files_to(library: Library, paths: Sequence[str]) -> list[ImportSummary]:
    """Parse every file, then store each: a file that does not parse adds nothing at all
    (planner.services.adding, as ``planner import`` does).

    Raises ScheduleError (naming file and line) or StoreError.
    """
    from planner.services import adding

    return [added.summary for added in adding.add(library, paths)]


class FileImport(QObject):
    """One batch of files being added to the library.

    Signals:
        finished(object): the list of planner.store.ImportSummary, one per file.
        failed(str): why nothing was added, naming the file (and line) at fault.
    """

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, library_path: Path, paths: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library_path = library_path
        self.paths = list(paths)
        self._thread = threading.Thread(target=self._run, name="planner-file-import", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait(self, seconds: float) -> bool:
        """For tests and shutdown: True when the worker has ended."""
        self._thread.join(seconds)
        return not self._thread.is_alive()

    def _run(self) -> None:
        from planner.store import Library

        try:
            # The window checked the whole file when it opened it; its own tables suffice.
            library = Library(self.library_path, full_check=False)
            try:
                summaries = add_files_to(library, self.paths)
            finally:
                library.close()
        except (ScheduleError, StoreError) as exc:
            self.failed.emit(str(exc))
        except sqlite3.Error as exc:
            self.failed.emit(f"{self.library_path}: {exc}")
        except Exception as exc:  # a worker must never die silently with the window waiting
            self.failed.emit(f"{', '.join(self.paths)}: {exc!r}")
        else:
            self.finished.emit(summaries)
