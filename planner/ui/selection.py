"""The selected talk: one selection for the timeline and the list, followed by the detail
pane, My agenda, the search's matches and the day's plan, kept across days, zones, updates
and restarts.

The selection is the timeline's selection model (the list shares it), so it always names
a talk on the shown day; selecting a talk on another day shows that day first. Showing
another day resets the model and with it that selection, but not the talk: the detail pane
and My agenda keep it (``kept``), what changes its times (a zone, an update) shows it again
there, and its card is selected again when its day is shown (``day_shown``). A poster
folded into its session's block is selected in that session, opened (planner.ui.poster_session):
while the session is open, its selected poster is the selected talk. An entry without a
time (planner.ui.not_scheduled) is selected on the "Not scheduled" page, opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Signal

from planner.domain.model import Event
from planner.domain.poster_sessions import is_block_id
from planner.ui.not_scheduled import NotScheduled
from planner.ui.poster_session import PosterSessions
from planner.ui.widgets.models import Roles

if TYPE_CHECKING:
    from planner.ui.main_window import MainWindow


class Selection(QObject):
    """Which talk is selected, and moving it.

    Signals:
        changed(str): another talk is selected now (``announce``): its id (a card's event,
            an open session's poster, a session's block, an entry without a time), "" for
            none. The lists that show talks (My agenda, the search's matches, the day's
            plan) highlight its row, or none.
    """

    changed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._announced = ""  # the id ``changed`` last carried
        self.posters = PosterSessions(window)  # the opened poster session and its selected poster
        self.not_scheduled = NotScheduled(window)  # the entries without a time, and their page
        window.timeline.selectionModel().currentChanged.connect(self._current_changed)

    def current(self) -> Event | None:
        """The selected talk: an open session's selected poster, else the day's selected card
        (which may be a poster session's block: see planner.domain.poster_sessions)."""
        poster = self.posters.current()
        if poster is not None:
            return poster
        index = self._window.timeline.currentIndex()
        return index.data(Roles.EVENT) if index.isValid() else None

    def kept(self) -> Event | None:
        """The selected talk wherever its day is: the day's selected card (``current``), else
        the talk the detail pane still shows from a day shown before. A zone, a star or an
        update that changes what the pane shows must follow this one, not only a card."""
        current = self.current()
        if current is not None:
            return current
        w = self._window
        shown = w.talk.shown
        return shown if shown is not None and shown.schedule == w.schedule_key else None

    def day_shown(self) -> None:
        """A day is on screen: the pane's talk, if it is one of its cards, is selected again,
        so it never shows in the pane without its card's highlight, or the S key to star it."""
        w = self._window
        talk = w.talk.shown
        if talk is None or self.current() is not None or self.not_scheduled.is_open:
            return
        index = w.model.index_of(talk.id)
        if not index.isValid():  # another day's, or a poster folded into its session's block
            return
        w.timeline.setAutoScroll(False)  # the day opens where it was left (its place), not at the card
        try:
            w.timeline.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            w.timeline.setAutoScroll(True)

    def select(self, event_id: str, *, here: bool = False) -> None:
        """Select an event in the timeline, switching day if needed; a poster folded into
        its session is selected in the session, opened; an entry without a time on the
        "Not scheduled" page, opened.

        Going to an event goes to its own day, the day it starts (from My agenda, a search
        result, More like this), even when the shown day lists it too (a sprint's third
        day). ``here``: the shown day stays when it lists the event: the same card selected
        again after the day was drawn anew (another zone, an update, rooms folded away).
        """
        w = self._window
        if self.not_scheduled.holds(event_id):
            self.not_scheduled.open(event_id, focus=False)
            return
        self.not_scheduled.close(focus=False)  # a talk is shown on its day
        if not is_block_id(event_id):  # a block is one of the shown day's, or none
            event = w.days.event(event_id)
            if event is None:
                return
            day = w.days.day_of(event)
            if day != w.current_day and not (here and w.days.lists(event, w.current_day)):
                w.show_day(day)
            if w.model.block_of(event_id) is not None and self.posters.open(event_id, event_id):
                return
        self.posters.close(focus=False)
        index = w.model.index_of(event_id)
        if index.isValid():
            w.timeline.setCurrentIndex(index)
            w.timeline.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            w.timeline.scrollTo(index)
            if w.panes.has_list:
                w.event_list.scrollTo(w.event_list.model().mapFromSource(index))

    def step(self, delta: int) -> None:
        """The next (J) or previous (K) talk, or poster in an open session, or entry."""
        if self.not_scheduled.is_open:
            self.not_scheduled.step(delta)
            return
        if self.posters.is_open:
            self.posters.step(delta)
            return
        self._window.timeline.step(delta)
        self._window.shown_view().setFocus()

    def star_current(self) -> None:
        """S: the selected talk's or poster's star, cycled: must-see, maybe, not starred. A
        poster session is not starred: its posters are, in the session opened."""
        w = self._window
        if self.not_scheduled.is_open:
            self.not_scheduled.star_current()
            return
        current = self.current()
        if current is not None and is_block_id(current.id):
            w.statusBar().showMessage("Select a poster in the list (↓), then press S" if self.posters.is_open
                                      else "Open the session (Enter) to star its posters", 5000)
            return
        w.my_agenda.toggle_current()

    def restore(self, event_id: str) -> None:
        """The talk selected when Planner was last closed, in the middle of the view: on
        the day the window opened on (the one it was selected on, planner.ui.shown_schedule)
        if that day lists it, else on its own."""
        w = self._window
        if event_id and (w.days.event(event_id) is not None or w.model.block_of(event_id) is not None):
            self.select(event_id, here=True)
            w.timeline.scrollTo(w.model.index_of(event_id), w.timeline.ScrollHint.PositionAtCenter)

    def show_current(self) -> None:
        """The detail pane and My agenda on the day's selected card again (a page closed)."""
        self._current_changed(self._window.timeline.currentIndex(), QModelIndex())

    def announce(self, event_id: str) -> None:
        """The card, poster or entry selected now is ``event_id`` ("": none): say so
        (``changed``) if it is another than before. The same talk selected again (rooms
        folded while typing a search select it anew) is no change: the search's list keeps
        the match Enter goes to."""
        if event_id != self._announced:
            self._announced = event_id
            self.changed.emit(event_id)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        w = self._window
        event: Event | None = current.data(Roles.EVENT) if current.isValid() else None
        if event is not None:
            w.timeline.selectionModel().select(current, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        block = current.data(Roles.BLOCK) if current.isValid() else None
        if block is not None:
            self.posters.show_summary(block)  # what the session holds: it has no abstract or star
        else:
            w.talk.show(event)
        self.announce(event.id if event else "")
