"""The one way Planner runs work off the GUI thread.

A worker is a QObject whose ``work()`` runs on a plain Python thread (it needs no event
loop) and reports through signals, which Qt delivers on the GUI thread. Tests wait on
those signals (qtbot.waitSignal) or on ``wait()``; nothing sleeps. Each worker opens its
own library connection when it needs one: a Library is one per thread.

Work that computes in Python for more than a moment goes to a child process
(planner.services.child_jobs) that a ChildWorker waits for: a thread doing it keeps the
GIL, and the GUI thread's reads wait for it (``python -m benchmarks.busy_reads``).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, SignalInstance

if TYPE_CHECKING:  # named only in annotations: the child is started by planner.services.child_jobs
    import subprocess


class Worker(QObject):
    """Base of every background job: subclasses implement ``work()`` and may override
    ``failure()`` to word what went wrong.

    Signals:
        started(): the thread began.
        progress(int, object): done so far and the total (None when unknown).
        finished(object): what ``work()`` returned.
        failed(str): a one-line reason; ``work()`` raised.
    """

    started = Signal()
    progress = Signal(int, object)
    finished = Signal(object)
    failed = Signal(str)

    thread_name = "planner-worker"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait(self, seconds: float) -> bool:
        """For tests and shutdown: True when the worker has ended."""
        self._thread.join(seconds)
        return not self._thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def work(self) -> object:
        raise NotImplementedError

    def failure(self, exc: Exception) -> str:
        """The reason ``failed`` carries for ``exc``."""
        return repr(exc)

    def _run(self) -> None:
        self._emit(self.started)
        try:
            result = self.work()
        except Exception as exc:  # a worker must never die silently with the window waiting
            self._emit(self.failed, self.failure(exc))
        else:
            self._emit(self.finished, result)

    @staticmethod
    def _emit(signal: SignalInstance, *args: object) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # its owner (the window) was closed meanwhile: nobody left to tell
            pass


class ChildWorker(Worker):
    """A worker that waits for a child process doing the work (planner.services.child_jobs):
    ``cancel()`` kills the child, at once, whenever the subclass allows (``_may_cancel``).

    The subclass passes ``_child_started`` as the job's ``started``; a cancel that comes
    before the child runs kills it as it starts.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._turn = threading.Lock()  # a cancel and the subclass's own steps, one at a time
        self._cancel = threading.Event()
        self._child: subprocess.Popen[bytes] | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> bool:
        """Stop the work; False when it may no longer be stopped (see ``_may_cancel``)."""
        with self._turn:
            if not self._may_cancel():
                return False
            self._cancel.set()
            if self._child is not None:
                self._child.kill()
            return True

    def _may_cancel(self) -> bool:
        """Called with the lock held; a subclass says no once its child writes."""
        return True

    def _child_started(self, child: subprocess.Popen[bytes]) -> None:
        with self._turn:
            self._child = child
            if self._cancel.is_set():
                child.kill()
