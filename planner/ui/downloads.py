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

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from planner.domain.errors import ScheduleError
from planner.net import fetch
from planner.store import StoreError
from planner.ui.workers import ChildWorker

if TYPE_CHECKING:
    from planner.services.refreshing import RefreshResult


class Download(ChildWorker):
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
        self.storing = False

    def _may_cancel(self) -> bool:
        # The download, or the child's parse, which has touched nothing; once the child
        # was told to store, the schedule goes in whole.
        return not self.storing

    def work(self) -> RefreshResult:
        # Lazy: loaded with the first download, not for the first paint.
        from planner.services.child_jobs import ChildJobStopped, store_download

        got = fetch.download(
            self.url, etag=self._etag, last_modified=self._last_modified, timeout=self._timeout,
            cancel=self._cancel, progress=lambda n, total: self._emit(self.progress, n, total),
        )
        abstracts = fetch.feed_abstracts(got, timeout=self._timeout, cancel=self._cancel)
        try:
            return store_download(self.library_path, got, abstracts, self.key,
                                  started=self._child_started, may_store=self._may_store)
        except ChildJobStopped:
            raise fetch.FetchCancelled(self.url) from None

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
