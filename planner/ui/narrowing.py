"""What the search, the filters and the room choice leave on screen, and the counts that say so.

The search (planner.ui.search) finds, the filter bar (planner.ui.filter_bar) and the
room choice (planner.ui.rooms) narrow; this joins them over the shown day: which cards
stay bright, which rooms fold away, where Enter goes, and the status bar's counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from planner.domain.days import DayOutline
from planner.domain.model import Event
from planner.text.wording import counted

if TYPE_CHECKING:
    from planner.ui.main_window import MainWindow


class Narrowing(QObject):
    """The search's and the filters' answers, applied to the window's shown day."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        # The store's answer for a topic or institution (schedule, topic, institution):
        # asked once per choice, not at every keystroke of a search. Forgotten whenever
        # the schedule is read again (search_again).
        self._chosen: tuple[tuple[str | None, str, str], set[str]] | None = None

    def search_return(self) -> None:
        # Enter in the search box goes to the chosen match, on whichever day it is.
        if not self._window.finder.choose():
            self._window.shown_view().setFocus()

    def search_changed(self, text: str = "") -> None:
        """Search the shown day now, every day once typing pauses (planner.ui.search)."""
        w = self._window
        w.finder.run(w.days, w.display_zone, w.current_day)

    def search_again(self) -> None:
        """The same words in another schedule or zone: every day at once, not after a pause."""
        self._chosen = None
        self.search_changed()
        self._window.finder.settle()

    def found_on_every_day(self) -> None:
        finder = self._window.finder  # each tab: its day's matches, and the entries without a time
        self._window.day_bar.set_counts(finder.counts(), unscheduled=len(finder.unscheduled))
        self.apply()

    def go_to_match(self, event_id: str) -> None:
        w = self._window
        event = w.days.event(event_id)
        if event is not None:
            w.rooms.reveal(event.room)  # a match in a hidden room: show the room
        w.select_event(event_id)
        w.shown_view().setFocus()

    def apply(self) -> None:
        """Search, kinds, starred-only and rooms, over the shown day."""
        w = self._window
        current = w.current_event()
        # (Not while the "Not scheduled" page is in front: selecting the card would close it.)
        if w.rooms.refilter(w.model, self.ids_for_day()) and current is not None and \
                not w.selection.not_scheduled.is_open:
            w.select_event(current.id, here=True)  # rooms folded or came back: the talk stays selected
        match = w.model.index_of(w.finder.results.current_id()) if w.finder.by_day is not None else None
        if match is not None and not match.isValid() and w.model.matching_rows() < w.model.rowCount():
            # The list's match is another day's: the day's own first match, which may be one
            # running on from an earlier day (the list names it there), above where the day opens.
            row = next((r for r in range(w.model.rowCount()) if w.model.is_match(r)), None)
            match = w.model.index(row, 0) if row is not None else match
        if match is not None and match.isValid() and current is None:
            w.timeline.scrollTo(match)  # what is typed shows its first match of the day
        self.update_counts()

    def ids_for_day(self, events: Sequence[Event] | None = None) -> set[str] | None:
        """Ids of the shown day's events, in every room, that pass search, kind filters and
        starred-only (``events``: the day about to be shown); None when nothing narrows."""
        w = self._window
        outline = DayOutline.of(w.rooms.day if events is None else events)
        filters = w.filter_bar.filters()
        found = w.finder.day_ids(w.current_day)
        if filters.topic or filters.institution:
            chosen = self._with(filters.topic, filters.institution)
            found = chosen if found is None else found & chosen
        return filters.ids(outline, w.starred, found, w.friends.picked if filters.friends_only else frozenset())

    def _with(self, topic: str, institution: str) -> set[str]:
        """The shown schedule's events in ``topic`` with an author from ``institution``."""
        w = self._window
        key = (w.schedule_key, topic, institution)
        if self._chosen is None or self._chosen[0] != key:
            ids = w.library.ids_with(w.schedule_key, topic=topic, institution=institution) if w.schedule_key else set()
            self._chosen = (key, ids)
        return self._chosen[1]

    def update_counts(self) -> None:
        w = self._window
        shown = w.model.rowCount()
        matching = w.model.matching_count()
        reading = len(w.selection.not_scheduled.starred_entries())  # starred too, on no day
        maybe = w.stars.maybe_count()  # of the starred: "5 starred (2 maybe)"
        text = f"{len(w.starred_events)} starred{f' ({maybe} maybe)' if maybe else ''}" \
               f"{f', {reading} to read' if reading else ''} · " \
               f"{counted(w.days.count, 'event')}"
        # Of the day's events in the rooms the attendee shows, not only of the rows on
        # screen: a search folds away the rooms without a match, and 38C3's "rust" read "1 of
        # 10 on this day match" of a day of 320 (the one room left had 10 talks).
        # (From the day's outline: reading its events would load every row of a busy day. And
        # only rooms left out by the attendee need counting: this runs at every keystroke.)
        outline, rooms = DayOutline.of(w.rooms.day), w.rooms.value
        every_room = rooms.chosen is None and not rooms.hidden
        day_total = max(shown, len(outline.ids) if every_room else sum(1 for room in outline.rooms if rooms.shows(room)))
        if matching != day_total:
            # "on this day": beside "6 matches on all days", a bare "1 of 10 match" read
            # as the first of ten matches (seen in a 38C3 screenshot).
            text = f"{matching} of {day_total} on this day match · " + text
        if w.finder.by_day is not None:
            unplaced = f" and {len(w.finder.unscheduled)} not scheduled" if w.finder.unscheduled else ""
            text = f"{counted(w.finder.total, 'match', 'matches')} on all days{unplaced} · " + text
        if w.rooms.shown_count() < len(w.rooms.rooms):  # say that rooms are left out
            text = f"{w.rooms.label()} shown · " + text
        w.count_label.setText(text)
