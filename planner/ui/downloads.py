"""Downloading schedules off the GUI thread, with progress and Cancel.

planner.net.fetch downloads on a worker (planner.ui.workers: a plain Python thread, it
needs no event loop); a child process parses what came and stores it
(planner.services.child_jobs.store_download). Stored on the GUI thread, a 7,000-event feed
froze the window for half a second (the import's own time); parsed and stored on the
worker thread, it starved the GUI thread's reads meanwhile (the GIL). Signals carry
progress and the result back to the GUI thread. Cancel stops the download within one
chunk and the parse at once (the child is killed: it has touched nothing), up to the
moment the child is told to store; from then on the schedule goes in whole (one
transaction), and Cancel says so.
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from planner.domain.errors import ScheduleError
from planner.net import fetch
from planner.store import StoreError
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
        self._turn = threading.Lock()  # cancel() and the go to store: one or the other first
        self._child: subprocess.Popen[bytes] | None = None
        self.storing = False

    def cancel(self) -> bool:
        """Stop the download or its parse; False once storing has begun (it then goes in whole)."""
        with self._turn:
            if self.storing:
                return False
            self._cancel.set()
            if self._child is not None:
                self._child.kill()  # still parsing: it has touched nothing
            return True

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def work(self) -> RefreshResult:
        # Lazy: loaded with the first download, not for the first paint.
        from planner.services.child_jobs import ChildJobStopped, store_download

        got, abstracts = fetch.download_with_abstracts(
            self.url, etag=self._etag, last_modified=self._last_modified, timeout=self._timeout,
            cancel=self._cancel, progress=lambda n, total: self._emit(self.progress, n, total),
        )
        try:
            return store_download(self.library_path, got, abstracts, self.key,
                                  started=self._child_started, may_store=self._may_store)
        except ChildJobStopped:
            raise fetch.FetchCancelled(self.url) from None

    def _child_started(self, child: subprocess.Popen[bytes]) -> None:
        with self._turn:
            self._child = child
            if self._cancel.is_set():  # cancelled while the child was starting
                child.kill()

    def _may_store(self) -> bool:
        with self._turn:
            if self._cancel.is_set():
                return False
            self.storing = True
            return True

    def failure(self, exc: Exception) -> str:
        if isinstance(exc, fetch.FetchCancelled):
            return "cancelled"
        from planner.services.child_jobs import ChildInputError  # lazy: loaded by work() already

        if isinstance(exc, fetch.FetchError | ScheduleError | StoreError | ChildInputError):
            return str(exc)
        return f"{self.url}: {exc}"
