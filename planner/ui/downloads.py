"""Downloading schedules off the GUI thread, with progress and Cancel.

planner.net.fetch does the network and parsing work on a worker (planner.ui.workers: a
plain Python thread, it needs no event loop); signals carry progress and the result back
to the GUI thread, where planner.services.refreshing stores it in the library. The window
stays responsive, and Cancel stops within one chunk.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

from planner.domain.errors import ScheduleError
from planner.net import fetch
from planner.ui.workers import Worker


class Download(Worker):
    """One download in flight.

    Signals (planner.ui.workers.Worker's):
        progress(int, object): bytes read, total bytes or None.
        finished(object): a planner.net.fetch.Fetched, delivered on the GUI thread.
        failed(str): a one-line reason (including "cancelled").
    """

    thread_name = "planner-download"

    def __init__(self, url: str, *, key: str | None = None, etag: str = "", last_modified: str = "",
                 timeout: float = fetch.DEFAULT_TIMEOUT, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url = url
        self.key = key  # the schedule being refreshed, or None for a new one
        self._etag, self._last_modified, self._timeout = etag, last_modified, timeout
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def work(self) -> fetch.Fetched:
        return fetch.fetch(
            self.url, etag=self._etag, last_modified=self._last_modified, timeout=self._timeout,
            cancel=self._cancel, progress=lambda n, total: self._emit(self.progress, n, total),
        )

    def failure(self, exc: Exception) -> str:
        if isinstance(exc, fetch.FetchCancelled):
            return "cancelled"
        if isinstance(exc, fetch.FetchError | ScheduleError):
            return str(exc)
        return f"{self.url}: {exc}"
