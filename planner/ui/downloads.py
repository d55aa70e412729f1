"""Downloading schedules off the GUI thread, with progress and Cancel.

planner.net.fetch does the network and parsing work on a plain Python thread (it needs no
event loop); signals carry progress and the result back to the GUI thread, where the
library is updated. The window stays responsive, and Cancel stops within one chunk.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from planner.domain.errors import ScheduleError
from planner.net import fetch


class Download(QObject):
    """One download in flight.

    Signals:
        progress(int, object): bytes read, total bytes or None.
        finished(object): a planner.net.fetch.Fetched, delivered on the GUI thread.
        failed(str): a one-line reason (including "cancelled").
    """

    progress = Signal(int, object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, url: str, *, key: str | None = None, etag: str = "", last_modified: str = "",
                 timeout: float = fetch.DEFAULT_TIMEOUT, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url = url
        self.key = key  # the schedule being refreshed, or None for a new one
        self._etag, self._last_modified, self._timeout = etag, last_modified, timeout
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="planner-download", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, seconds: float) -> bool:
        """For tests and shutdown: True when the worker has ended."""
        self._thread.join(seconds)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            result = fetch.fetch(
                self.url, etag=self._etag, last_modified=self._last_modified, timeout=self._timeout,
                cancel=self._cancel, progress=lambda n, total: self.progress.emit(n, total),
            )
        except fetch.FetchCancelled:
            self.failed.emit("cancelled")
        except (fetch.FetchError, ScheduleError) as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a worker must never die silently with the dialog open
            self.failed.emit(f"{self.url}: {exc}")
        else:
            self.finished.emit(result)
