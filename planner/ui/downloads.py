"""Downloading schedules off the GUI thread, with progress and Cancel.

planner.net.fetch does the network and parsing work on a worker (planner.ui.workers: a
plain Python thread, it needs no event loop), and planner.services.refreshing stores what
it got there too, on the worker's own connection: stored on the GUI thread, a 7,000-event
feed froze the window for half a second (the import's own time), a 50,000-event one for
seconds. Signals carry progress and the result back to the GUI thread. The window stays
responsive, and Cancel stops within one chunk, up to the moment the storing begins; from
then on the schedule goes in whole (one transaction), and Cancel says so.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from planner.domain.errors import ScheduleError
from planner.net import fetch
from planner.store import Library, StoreError
from planner.ui.workers import Worker

if TYPE_CHECKING:
    from planner.services.refreshing import RefreshResult


class Download(Worker):
    """One download in flight.

    Signals (planner.ui.workers.Worker's):
        progress(int, object): bytes read, total bytes or None.
        finished(object): the planner.services.refreshing.RefreshResult of storing it.
        failed(str): a one-line reason (including "cancelled"); ``storing`` tells
            whether the download had ended and the library refused what it got.
    """

    thread_name = "planner-download"

    def __init__(self, url: str, library_path: Path, *, key: str | None = None, etag: str = "",
                 last_modified: str = "", timeout: float = fetch.DEFAULT_TIMEOUT, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url, self.library_path = url, library_path
        self.key = key  # the schedule being refreshed, or None for a new one
        self._etag, self._last_modified, self._timeout = etag, last_modified, timeout
        self._cancel = threading.Event()
        self._turn = threading.Lock()  # cancel() and the start of storing: one or the other first
        self.storing = False

    def cancel(self) -> bool:
        """Stop the download; False once storing has begun (it then goes in whole)."""
        with self._turn:
            if self.storing:
                return False
            self._cancel.set()
            return True

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def work(self) -> RefreshResult:
        # Lazy: the importing code loads with the first download, not for the first paint.
        from planner.services.refreshing import store

        fetched = fetch.fetch(
            self.url, etag=self._etag, last_modified=self._last_modified, timeout=self._timeout,
            cancel=self._cancel, progress=lambda n, total: self._emit(self.progress, n, total),
        )
        with self._turn:
            if self._cancel.is_set():
                raise fetch.FetchCancelled(f"{self.url}: cancelled")
            self.storing = True
        # Its own connection: a Library is one per thread. The window checked the whole
        # file when it opened it; its own tables suffice.
        library = Library(self.library_path, full_check=False)
        try:
            return store(library, fetched, key=self.key)
        finally:
            library.close()

    def failure(self, exc: Exception) -> str:
        if isinstance(exc, fetch.FetchCancelled):
            return "cancelled"
        if isinstance(exc, fetch.FetchError | ScheduleError | StoreError):
            return str(exc)
        return f"{self.url}: {exc}"
