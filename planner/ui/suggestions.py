"""Suggested for you: keeps the list under My agenda in step with the stars.

The ranking is planner.services.suggesting (more like this, over every starred talk of
the shown schedule). A star change asks again a moment later (DELAY_MS), so starring
five talks in a row works the list out once. A schedule of up to SYNC_SIMILAR_LIMIT
talks is ranked at once; a bigger one in a child process (planner.services.child_jobs),
as more like this builds its index, and the index either builds is shared with the other.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from planner.domain.model import Event
from planner.domain.similar import SimilarityIndex
from planner.services.child_jobs import ranked_suggestions
from planner.services.suggesting import Suggested, suggestions
from planner.store import Library, StoreError
from planner.ui.similar import SYNC_SIMILAR_LIMIT, SimilarEvents
from planner.ui.stars import Stars
from planner.ui.widgets.suggestions import Row, SuggestionsPanel
from planner.ui.workers import ChildWorker

if TYPE_CHECKING:
    from planner.ui.main_window import MainWindow

DELAY_MS = 250  # after the last star change
LIMIT = 10  # talks suggested


class SuggestionsBuild(ChildWorker):
    """Ranks one schedule's talks in a child process; ``finished`` carries (key, index, suggestions)."""

    thread_name = "suggestions"

    def __init__(self, library_path: Path, key: str, index: SimilarityIndex | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library_path, self.key, self.index = library_path, key, index

    def work(self) -> tuple[str, SimilarityIndex, list[Suggested]]:
        # The ranking (and the index, unless given) in a child process: seconds of Python
        # on this thread would starve the GUI thread's reads (planner.services.child_jobs).
        index, ranked = ranked_suggestions(self.library_path, self.key, LIMIT, self.index, started=self._child_started)
        # Its own connection: SQLite handles stay on the thread that opened them.
        other = Library(self.library_path)
        try:
            events = {e.id: e for e in other.events_by_id(i for i, _, _ in ranked)}
        finally:
            other.close()
        # A talk gone since the child ranked it (another process removed it) is left out.
        return self.key, index, [Suggested(events[i], score, like) for i, score, like in ranked if i in events]


class Suggestions(QObject):
    """What the Suggested for you panel shows, for the schedule more like this is on.

    Signals:
        updated(): the panel shows the suggestions for the stars as they are now (or is
            hidden: nothing of the shown schedule is starred).
    """

    updated = Signal()

    def __init__(self, library: Library, stars: Stars, similar: SimilarEvents, panel: SuggestionsPanel,
                 zone: Callable[[], tzinfo | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library, self.stars, self.similar, self.panel = library, stars, similar, panel
        self._zone = zone  # the display zone, read when the list is shown
        self.build: SuggestionsBuild | None = None
        self._again = False  # stars changed while the worker ranked: rank again when it ends
        self._shown_key: str | None = None  # the schedule whose talks the list shows
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.update_now)

    def refresh(self) -> None:
        """Stars, the shown schedule or the display zone changed: work the list out again in
        a moment, and show the rows it has in the display zone now (worked out again, on a
        worker at 38C3's size, they read the old zone's times for a second)."""
        self.panel.model.set_zone(self._zone())
        if self.similar.key is None or not self.stars.events:
            # Nothing of the shown schedule is starred: hidden now, not "Finding talks like
            # your starred ones…" until the list is worked out (update_now hides it too).
            self._shown_key = None
            self.panel.show_rows([], self._zone())  # nor the last schedule's talks, once shown again
            self.panel.hide()
        elif self._shown_key is not None and self._shown_key != self.similar.key:
            # Another schedule: the last one's talks are no suggestions for it. They stayed
            # until its own list was worked out, a second at 38C3's size.
            self._shown_key = None
            self.panel.show_rows([], self._zone())
            self.panel.show_busy()
        self._timer.start()

    def stop(self) -> None:
        """The window is closing: no list is worked out after it."""
        self._timer.stop()
        if self.build is not None:
            self.build.cancel()

    def update_now(self) -> None:
        """Work the list out now (or start doing so on a worker)."""
        self._timer.stop()
        if not self.library.is_open:  # the window's library closed before a pending update
            return
        key = self.similar.key
        if key is None or not self.stars.events:
            # Nothing of the shown schedule is starred: nothing to be like.
            self.panel.hide()
            self.updated.emit()
            return
        self.panel.show()
        if self.build is not None and self.build.running:
            self._again = True
            return
        index = self.similar.index
        if index is None and self._talk_count(key) > SYNC_SIMILAR_LIMIT:
            self._in_background(key, None)
            return
        if index is not None and len(index) > SYNC_SIMILAR_LIMIT:
            self._in_background(key, index)  # ranking against many stars takes a while too
            return
        if index is None:
            index = SimilarityIndex(self.library.events(schedule_key=key))
            self._share(key, index)
        self._show(key, suggestions(self.library, schedule_key=key, limit=LIMIT, index=index))

    def _talk_count(self, key: str) -> int:
        return next((info.event_count for info in self.library.schedules() if info.key == key), 0)

    def _in_background(self, key: str, index: SimilarityIndex | None) -> None:
        self.panel.show_busy()
        self.build = SuggestionsBuild(self.library.path, key, index, self)
        self.build.finished.connect(self._built)
        self.build.failed.connect(self._failed)
        self.build.start()

    def _built(self, payload: object) -> None:
        key, index, found = cast("tuple[str, SimilarityIndex, list[Suggested]]", payload)  # what work() returns
        self._share(key, index)
        if self._again or key != self.similar.key:
            self._again = False
            self.update_now()  # the stars or the schedule changed meanwhile
            return
        self._show(key, found)

    def _failed(self, reason: str) -> None:
        self._again = False
        self.panel.show_rows([], self._zone())
        self.updated.emit()

    def _share(self, key: str, index: SimilarityIndex) -> None:
        """Give more like this the index built here, for the same schedule."""
        if self.similar.key == key and self.similar.index is None:
            self.similar.index = index

    def _show(self, key: str, found: list[Suggested]) -> None:
        self._shown_key = key
        likes: dict[str, Event | None] = {}
        for item in found:
            if item.like not in likes:
                try:
                    likes[item.like] = self.library.event(item.like)
                except StoreError:  # unstarred and gone meanwhile: the row says less, nothing breaks
                    likes[item.like] = None
        self.panel.show_rows([Row(item.event, item.score, likes[item.like]) for item in found], self._zone())
        self.updated.emit()


def install(window: MainWindow) -> Suggestions:
    """Put the Suggested for you panel under My agenda in ``window``'s left column and wire
    it: choosing a talk selects it, S stars it. The window calls ``refresh()`` whenever it
    shows the stars anew (MainWindow.refresh_starred)."""
    panel = SuggestionsPanel(window.left)
    column = window.left.layout()
    assert isinstance(column, QVBoxLayout)  # planner.ui.layout.column's
    column.addWidget(panel, 1)
    controller = Suggestions(window.library, window.stars, window.similar, panel, lambda: window.display_zone, window)
    panel.chosen.connect(window.select_event)
    panel.starRequested.connect(lambda event_id: window.set_star(event_id, True))
    QWidget.setTabOrder(window.agenda.export_button, panel.list)  # after My agenda, as laid out
    return controller
