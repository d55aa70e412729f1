"""The search box over the whole shown schedule.

An attendee who types "observability" wants the talk, whichever day it is on. The search
runs over every day of the schedule (planner.store.schedule_days.search_all): the cards
of the shown day dim what does not match, each day's tab says how many matches it has,
and a list beside the timeline shows them all, grouped by day, then the entries without a
time it finds (planner.ui.not_scheduled) as a last group. Up and Down in the box move
through that list, Enter goes to the chosen card (or entry, on the "Not scheduled" page).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from planner.domain.model import Unscheduled
from planner.store.schedule_days import ScheduleDays

if TYPE_CHECKING:
    from planner.ui.widgets.search_results import SearchResults


EVERY_DAY_DELAY_MS = 150  # the pause in typing after which every day is searched


class Search(QObject):
    """What the text in ``box`` finds in the shown schedule, and the list that shows it.

    The shown day is searched at every keystroke, so its cards dim as the attendee types
    (one index query over that day's rows). Every day (the tabs' counts and the list) is
    searched once typing pauses for EVERY_DAY_DELAY_MS: a one-letter prefix matches most
    of a 50,000-talk schedule, and searching and listing all of it on each key took a
    keystroke from 11 to 51 ms (p95, python -m benchmarks --only search). Anything that
    needs every day before then (Enter, Up/Down, another day) asks for it at once.

    Signals:
        found(): every day's matches are in (new text, schedule or library contents).
        chosen(str): go to this talk (Enter in the box, or a click or Enter in the list).
    """

    found = Signal()
    chosen = Signal(str)

    def __init__(self, box: QLineEdit, make_results: Callable[[], SearchResults], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.box = box
        self._make_results = make_results
        self._results: SearchResults | None = None
        self.by_day: dict[date, set[str]] | None = None  # every day's matches; None: the box is empty
        self._total: tuple[dict[date, set[str]], int] | None = None  # (by_day, its talks): see total
        self._shown: tuple[date | None, set[str]] | None = None  # the shown day's, while every day's wait
        self._days: ScheduleDays | None = None
        self._zone: tzinfo | None = None
        self._shown_day: date | None = None
        # The entries without a time matching the text (searched with every day), and how they
        # are found: set by planner.ui.not_scheduled; a schedule without any finds none.
        self.unscheduled: list[Unscheduled] = []
        self.find_unscheduled: Callable[[str], list[Unscheduled]] = lambda text: []
        self._every_day = QTimer(self)
        self._every_day.setSingleShot(True)
        self._every_day.setInterval(EVERY_DAY_DELAY_MS)
        self._every_day.timeout.connect(self.settle)
        box.installEventFilter(self)

    @property
    def results(self) -> SearchResults:
        """The list of matches, made at the first search (not on the first paint)."""
        if self._results is None:
            self._results = self._make_results()
            self._results.chosen.connect(self.chosen)
        return self._results

    @property
    def active(self) -> bool:
        return self.by_day is not None or self._shown is not None

    def day_ids(self, day: date | None) -> set[str] | None:
        """The matches among ``day``'s events (None: no search, nothing to dim)."""
        if self._shown is not None:
            if day == self._shown[0]:
                return self._shown[1]
            self.settle()  # another day, before typing paused: search every day now
        if self.by_day is None:
            return None
        return self.by_day.get(day, set()) if day is not None else set()

    def counts(self) -> dict[date, int] | None:
        return None if self.by_day is None else {day: len(ids) for day, ids in self.by_day.items()}

    @property
    def total(self) -> int:
        """How many talks match: one running over several days (a sprint) is a match on each
        of them (the tabs' counts) but one talk. Counted once per search of every day."""
        if not self.by_day:
            return 0
        if self._total is None or self._total[0] is not self.by_day:
            self._total = (self.by_day, len(set().union(*self.by_day.values())))
        return self._total[1]

    def run(self, days: ScheduleDays, zone: tzinfo | None, shown_day: date | None) -> None:
        """Search ``days`` (the shown schedule) for the box's text: the shown day now, every
        day (listed with times in the display ``zone``, the shown day's first) once typing
        pauses."""
        self._days, self._zone, self._shown_day = days, zone, shown_day
        if self.box.accessibleDescription():
            self.box.setAccessibleDescription("")  # the match Up or Down reached (_say_current) is gone
        text = self.box.text()
        if not text.strip():
            self._every_day.stop()
            self._shown, self.by_day, self.unscheduled = None, None, []
            self._list()
            self.found.emit()
            return
        self._shown = (shown_day, (days.search(shown_day, text) or set()) if shown_day is not None else set())
        self._every_day.start()

    def stop(self) -> None:
        """Forget a search of every day still to do (the window is closing)."""
        self._every_day.stop()

    def settle(self) -> None:
        """Search every day now, if that is still to do."""
        self._every_day.stop()
        if self._shown is None or self._days is None:
            return
        self._shown = None
        self.by_day = self._days.search_all(self.box.text())
        self.unscheduled = self.find_unscheduled(self.box.text()) if self.by_day is not None else []
        self._list()
        self.found.emit()

    def _list(self) -> None:
        if self.by_day is None and self._results is None:
            return  # no search yet: nothing to make or hide
        self.results.setVisible(self.by_day is not None)
        if self.by_day is None or self._days is None:
            self.results.clear()
            return
        # Only the talks the list can show are read (a one-letter search matches most of
        # a 50,000-talk schedule); the day tabs count them all.
        budget = self.results.limit
        groups = []
        for day, ids in self.by_day.items():
            if budget <= 0:
                break
            # In the day's order (its outline, read without the events), then the first few.
            # A talk is listed once, on its own day (where choosing it goes), not again on
            # each later day it runs on (whose tab counts it, as that day shows it).
            outline = self._days[day].outline
            own = [i for row, i in enumerate(outline.ids) if i in ids and not outline.continues(row)]
            if not own:
                continue
            in_order = own[:budget]
            groups.append((day, own, self._days.many(in_order)))
            budget -= len(in_order)
        self.results.show_results(groups, self.total, self._zone, prefer_day=self._shown_day,
                                  unscheduled=self.unscheduled)

    def follow(self, event_id: str) -> None:
        """The window's selected talk changed: the list of matches, if made, highlights it or nothing."""
        if self._results is not None:
            self._results.follow(event_id)

    def choose(self) -> bool:
        """Go to the current match of the list (Enter in the box); False if there is none."""
        self.settle()
        return self._results is not None and self.results.choose_current()

    def _say_current(self) -> None:
        """Tell a screen reader the match Up or Down reached: the keyboard stays in the box,
        so the list's own selection events are about a list that does not have the focus.
        The box's accessible description holds it (Qt sends DescriptionChanged), and it is
        announced."""
        words = self.results.current_words()  # said again at the last match: Down did nothing
        self.box.setAccessibleDescription(words)
        # Lazy: QAccessible's Python types, built only when Up or Down walks the matches.
        from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

        if words and QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.box, words))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up and Down in the search box walk the results, as in a browser's address bar.
        if watched is self.box and event.type() == QEvent.Type.KeyPress and self.active:
            assert isinstance(event, QKeyEvent)
            steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}
            step = steps.get(Qt.Key(event.key()))
            if step is not None:
                self.settle()
                self.results.step(step)
                self._say_current()
                return True
        return super().eventFilter(watched, event)
