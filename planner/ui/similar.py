"""More like this: the TF-IDF index of the shown schedule, built in a child process for
big schedules (planner.services.child_jobs, waited for on a worker: planner.ui.workers)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QObject, Signal

from planner.domain.model import Event
from planner.store import Library
from planner.ui.workers import ChildWorker

if TYPE_CHECKING:
    from planner.domain.similar import SimilarityIndex

SYNC_SIMILAR_LIMIT = 500  # up to this, the index is built at once (about 60 ms: read and build)


class _Days(Protocol):
    count: int

    def many(self, ids: Iterable[str]) -> list[Event]: ...


class SimilarityBuild(ChildWorker):
    """Builds one schedule's index; ``finished`` carries (schedule key, SimilarityIndex),
    ``failed`` a reason (also after ``cancel``)."""

    thread_name = "similarity-index"

    def __init__(self, library_path: Path, key: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library_path, self.key = library_path, key

    def work(self) -> tuple[str | None, SimilarityIndex]:
        # Lazy: loaded with the first big schedule's build, not for the first paint.
        from planner.services.child_jobs import similarity_index

        # Not on this thread: seconds of Python here would starve the GUI thread's reads.
        return self.key, similarity_index(self.library_path, self.key or "", started=self._child_started)


class SimilarEvents(QObject):
    """The index for the schedule on screen.

    Signals:
        ready(): a background build ended (for the shown schedule, or one shown before):
            ask again.
    """

    ready = Signal()

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.key: str | None = None
        self.index: SimilarityIndex | None = None
        self.build: SimilarityBuild | None = None

    def show_schedule(self, key: str | None) -> None:
        if key != self.key:
            self.index, self.key = None, key
            if self.build is not None and self.build.key != key:
                # Another schedule's index, seconds of a core at 50,000 talks: stop it, so
                # this one's can start (its end, failed, asks again: see _not_built).
                self.build.cancel()

    def stop(self) -> None:
        """The window is closing: no child goes on building an index nobody will read."""
        if self.build is not None:
            self.build.cancel()

    def similar_to(self, event_id: str, days: _Days) -> list[Event] | None:
        """Events like ``event_id``; None while the index is being built (``ready`` follows)."""
        if self.index is None:
            if days.count <= SYNC_SIMILAR_LIMIT:
                # Lazy: the index's module is wanted once a talk is shown, not for the first paint.
                from planner.domain.similar import SimilarityIndex

                self.index = SimilarityIndex(self.library.events(schedule_key=self.key))
            else:
                self._build_in_background()
                return None
        return days.many(i for i, _ in self.index.similar(event_id))

    def _build_in_background(self) -> None:
        if self.build is not None:
            # One at a time. If it is another schedule's (the attendee switched meanwhile),
            # its end asks again for this one (ready), and this one's build starts then.
            return
        self.build = SimilarityBuild(self.library.path, self.key, self)
        self.build.finished.connect(self._built)
        self.build.failed.connect(functools.partial(self._not_built, self.key))
        self.build.start()

    def _not_built(self, key: str | None, reason: str) -> None:
        """The child could not build it (the library went away, a damaged page): the talks
        of this schedule get no list, rather than a build started again on every selection."""
        from planner.domain.similar import SimilarityIndex  # lazy: as in similar_to

        self.build = None
        if key == self.key:
            self.index = SimilarityIndex()
        self.ready.emit()

    def _built(self, payload: object) -> None:
        key, index = cast("tuple[str | None, SimilarityIndex]", payload)  # what work() returns
        self.build = None
        if key == self.key:
            self.index = index
        self.ready.emit()  # for another schedule's: the talk on screen asks again, for its own
