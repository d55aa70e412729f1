"""An opened poster session: its posters as a list in place of the timeline.

The timeline shows a poster session of many posters as one block (planner.domain.
poster_sessions, EventListModel). Enter, a double click or the block's Open button opens
it: the page (planner.ui.widgets.poster_list) takes the timeline's place in the window's
stack (planner.ui.panes), its selected poster is the window's selected talk
(planner.ui.selection), and S stars it through the window's Star action, so stars follow
their talk and undo as everywhere else. Esc, Backspace or "← Timeline" go back with the
block selected.

What is shown stays true: a star (here, in My agenda, from another window) updates the
list and the counts, a display-zone change the header's times, a library update the
posters (planner.ui.shown_schedule holds and restores the open session around reloads),
and another day or schedule closes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QWidget

from planner.domain.days import event_times
from planner.domain.marks import Tier
from planner.domain.model import Event
from planner.domain.poster_sessions import PosterBlock, block_event, in_board_order, is_block_id
from planner.ui.widgets.models import Roles, time_text

if TYPE_CHECKING:
    from planner.ui.main_window import MainWindow
    from planner.ui.widgets.event_list import EventListView
    from planner.ui.widgets.poster_list import PosterSessionPage

# What hold() returns and restore() takes: the open block's id and the selected poster's.
Held = tuple[str, str] | None


class PosterSessions(QObject):
    """Opens and closes the window's poster sessions, and keeps the open one right.

    Signals:
        opened(str): a session's page is shown (block id).
        closed(): the page gave way to the day again.
    """

    opened = Signal(str)
    closed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._page: PosterSessionPage | None = None
        self.block: PosterBlock | None = None  # the session on the page (open or last opened)
        # Each block's posters in board order, read once per model generation: selecting a
        # block (its summary) and opening it read them once between them.
        self._members: dict[str, list[Event]] = {}
        self._members_generation = -1
        self._list: EventListView | None = None  # the list view (L), once made
        self._again = ""  # the block restore() opens again: its filter and topic stay
        window.timeline.activated.connect(self._activated)
        window.timeline.openRequested.connect(self.open)
        window.panes.listMade.connect(self._list_made)
        # Stars however made (here, My agenda, undo, another Planner) reach the day's model,
        # which says when a block's counts change: the page and the summary follow it.
        window.model.dataChanged.connect(self._counts_changed)
        # Another view taking the page's place (L shows the list) closes it as Esc does.
        self._closing = False
        self._shown = False  # the page is on screen since open(): its leaving is noticed
        window.panes.stack.currentChanged.connect(self._stack_changed)

    # -- the page ------------------------------------------------------------------------

    @property
    def page(self) -> PosterSessionPage:
        """The page, made when a block is first selected or opened (not for the first paint)."""
        return self._page if self._page is not None else self._make_page()

    def _make_page(self) -> PosterSessionPage:
        from planner.ui.widgets.poster_list import PosterSessionPage  # lazy: the first block selected

        self._page = page = PosterSessionPage(self._window)
        page.backRequested.connect(self.close)
        page.starToggled.connect(self._window.toggle_star)
        page.posterSelected.connect(self._poster_selected)
        return page

    @property
    def is_open(self) -> bool:
        return self._page is not None and self._window.panes.stack.currentWidget() is self._page

    def current(self) -> Event | None:
        """The poster selected on the open page, if any."""
        return self._page.current() if self.is_open and self._page is not None else None

    # -- opening and closing -------------------------------------------------------------

    def open(self, block_id: str, poster_id: str = "") -> bool:
        """Open the shown day's block ``block_id`` (or the block holding the poster with that
        id), selecting ``poster_id`` in it; False when the shown day has no such block."""
        w = self._window
        block = w.model.block_of(block_id)
        if block is None:
            return False
        index = w.model.index_of(block.id)
        if w.timeline.currentIndex() != index:  # the block stays the timeline's selection underneath
            w.timeline.setCurrentIndex(index)
        page = self.page
        if not self.is_open or self.block is None or self.block.id != block.id:
            again = self._again == block.id  # restore(): the same session, its filter kept
            self.block, self._again = block, ""
            page.show_posters(self.members(block), w.stars.tiers, keep_filter=again, removed=self._gone(block))
        self.say_heading()
        w.panes.show_page(page)
        self._shown = True
        if not (poster_id and page.select(poster_id)):
            self._poster_selected(page.current_id())
        page.setFocus(Qt.FocusReason.OtherFocusReason)
        self.opened.emit(block.id)
        return True

    def open_current(self) -> bool:
        """Enter on the timeline's selected block."""
        index = self._window.timeline.currentIndex()
        block = index.data(Roles.BLOCK) if index.isValid() else None
        return block is not None and self.open(block.id)

    def close(self, *, focus: bool = True, reselect: bool = True) -> None:
        """Back to the day (timeline or list), with the session's block selected (``reselect``)."""
        if not self.is_open:
            return
        w = self._window
        self._closing, self._shown = True, False
        try:
            w.panes.show_day_view()
        finally:
            self._closing = False
        block = self.block
        if reselect and block is not None and w.model.block_of(block.id) is not None:
            index = w.model.index_of(block.id)
            w.timeline.setCurrentIndex(index)
            w.timeline.scrollTo(index)
            self.show_summary(block)
            w.selection.announce(block.id)
        if focus:
            w.shown_view().setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def _stack_changed(self) -> None:
        """The page gave way without close() (L chose the list): the detail pane and My
        agenda follow the session's block, the day's selection underneath, as after Esc."""
        if self._closing or not self._shown or self.is_open:
            return
        w = self._window
        self._shown = False
        block = self.block
        if block is not None and w.model.block_of(block.id) is not None:
            self.show_summary(block)
            w.selection.announce(block.id)
        self.closed.emit()

    def step(self, delta: int) -> None:
        """J and K on the open page."""
        self.page.step(delta)
        self.page.setFocus()

    # -- keeping it right ----------------------------------------------------------------

    def hold(self) -> Held:
        """The open session and its selected poster, before the day is shown again."""
        if not self.is_open or self.block is None:
            return None
        return self.block.id, self.page.current_id()

    def restore(self, held: Held) -> None:
        """Open again what hold() said (after a reload or a zone change), with its posters
        and times as they are now; close if the session has gone from the day."""
        if held is None:
            return
        block_id, poster_id = held
        self._members.clear()  # the library may have changed them
        target = block_id if self._window.model.block_of(block_id) is not None else poster_id
        if not (target and self._reopen(target, poster_id)):
            self.close()

    def _reopen(self, block_id: str, poster_id: str) -> bool:
        self._again = self.block.id if self.block is not None else ""
        self.block = None  # read the posters again
        return self.open(block_id, poster_id)

    def day_changed(self) -> None:
        """Another day (or schedule) is about to be shown: its sessions are other ones."""
        self.close(focus=False, reselect=False)

    def _counts_changed(self, top: QModelIndex, bottom: QModelIndex, roles: list[int]) -> None:
        if Roles.POSTER_COUNTS in roles:
            self.stars_changed()

    def stars_changed(self) -> None:
        """Stars or the search's matches changed: the list, the counts, and the block's summary."""
        w = self._window
        if self._page is not None:
            self._page.set_starred(w.stars.tiers)
        if self.is_open:
            self.say_heading()
        elif w.talk.session:
            block = w.model.block_of(w.talk.session)
            if block is not None:
                self.show_summary(block)

    def zone_changed(self) -> None:
        if self.is_open:
            self.say_heading()

    def say_heading(self) -> None:
        """"Poster Session 6" over "Thu 10 Dec 11:00–14:00 · Exhibit Hall C,D,E · 412 posters · 5 starred"."""
        block = self.block
        if block is None:
            return
        posters = self.page.model.posters()
        tiers = self._window.stars.tiers
        starred = sum(1 for p in posters if p.id in tiers)
        maybe = sum(1 for p in posters if tiers.get(p.id) is Tier.MAYBE)
        details = [self.when(block), block.room, f"{self.page.model.count()} posters"]
        if starred:
            details.append(f"{starred} starred" + (f" ({maybe} maybe)" if maybe else ""))
        matching = self._search_matches(block)
        if matching is not None:
            details.append(f"{matching} match the search")
        self.page.set_heading(block.title, " · ".join(d for d in details if d))

    def when(self, block: PosterBlock) -> str:
        """"Thu 10 Dec 11:00–14:00" in the display zone, as the block's card says it."""
        w = self._window
        start, end = event_times(block_event(block), w.display_zone)
        return f"{start:%a %d %b} {time_text(start, end, False, w.model.day)}"

    def _search_matches(self, block: PosterBlock) -> int | None:
        index = self._window.model.index_of(block.id)
        counts = index.data(Roles.POSTER_COUNTS) if index.isValid() else None
        return counts.matching if counts is not None else None

    # -- the posters and the detail pane --------------------------------------------------

    def members(self, block: PosterBlock) -> list[Event]:
        """The block's posters in board order, read from the library once per shown day."""
        w = self._window
        if self._members_generation != w.model.generation:
            self._members, self._members_generation = {}, w.model.generation
        posters = self._members.get(block.id)
        if posters is None:
            posters = self._members[block.id] = in_board_order(w.days.many(block.members))
        return posters

    def show_summary(self, block: PosterBlock) -> None:
        """The detail pane for a selected block: the session's counts, time, room and topics."""
        from planner.ui.widgets.poster_list import session_html  # lazy: with the first block selected

        w = self._window
        if self._page is None:
            self._make_page()  # now, with the first block selected: Enter then only fills it
        w.talk.show_session(block.id, session_html(block.title, self.when(block), block.room, self.members(block),
                                                   w.starred, opened=self.is_open, removed=self._gone(block)))

    def _gone(self, block: PosterBlock) -> set[str]:
        """The block's posters that left the schedule (kept because starred): listed, not counted."""
        stars = self._window.stars
        return {i for i in block.members if stars.removed(i)}

    def _poster_selected(self, poster_id: str) -> None:
        w = self._window
        poster = self.page.current() if poster_id else None
        if poster is not None:
            w.talk.show(poster)
            w.selection.announce(poster.id)
        elif self.block is not None:
            self.show_summary(self.block)
            w.selection.announce(self.block.id)  # no poster: none of My agenda's either

    # -- what opens a session ------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        """Enter or a double click on a card: a block opens."""
        block = index.data(Roles.BLOCK) if index.isValid() else None
        if block is not None:
            self.open(block.id)

    def _list_made(self, view: QWidget) -> None:
        # The list view (L) shows the same blocks: its Enter and double click open them, and
        # its star keys and star column, which star the row itself, are taken here for a block.
        listed = cast("EventListView", view)
        listed.eventActivated.connect(lambda event_id: is_block_id(event_id) and self.open(event_id))
        listed.installEventFilter(self)
        listed.viewport().installEventFilter(self)
        self._list = listed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        listed = self._list
        if listed is not None and event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            if isinstance(event, QKeyEvent) and watched is listed:
                index = listed.currentIndex()
                starring = event.key() in (Qt.Key.Key_S, Qt.Key.Key_Space)
            elif isinstance(event, QMouseEvent) and watched is listed.viewport():
                from planner.ui.widgets.event_list_columns import STAR  # made with the list

                index = listed.indexAt(event.position().toPoint())
                starring = index.column() == STAR and event.button() == Qt.MouseButton.LeftButton
            else:
                return False
            if starring and index.isValid() and index.data(Roles.BLOCK) is not None:
                listed.setCurrentIndex(index)
                self._window.selection.star_current()  # says how a session's posters are starred
                return True
        return super().eventFilter(watched, event)
