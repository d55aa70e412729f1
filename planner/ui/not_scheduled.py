"""The shown schedule's entries without a time: the day bar's "Not scheduled" tab and its page.

A feed may list papers the conference has not placed yet (planner.domain.model.Unscheduled,
stored apart from events by planner.store.unscheduled). They are never dropped: when the
shown schedule has any, the day bar ends with a "Not scheduled · N" tab, which shows them
as a list (planner.ui.widgets.unscheduled_list) in the timeline's place, as an opened
poster session does (planner.ui.poster_session). Its selected entry fills the detail
pane; S, Shift+S and a click on ★ star it through the window's Star path (planner.ui.stars,
undo and all), and a starred one is on My agenda's reading list. Esc, Backspace,
"← Timeline" or a day's tab go back.

What is shown stays true: a star from anywhere updates the list and the pane, a reload
(an update, a change made by another Planner, a zone change) reads the entries again and
keeps the page open on the same entry while it is still without a time, and a schedule
without such entries has no tab.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from planner.domain.model import Unscheduled

if TYPE_CHECKING:
    from datetime import date

    from planner.ui.main_window import MainWindow
    from planner.ui.widgets.unscheduled_list import UnscheduledPage

# What hold() returns and restore() takes: the schedule shown, the selected entry's id ("" for
# none) and the widget of the page that had the focus; None when the page is not open.
Held = tuple[str | None, str, QWidget | None] | None


class NotScheduled(QObject):
    """The entries of the shown schedule that have no time, their tab and their page.

    Signals:
        opened(): the page is shown in place of the day.
        closed(): the day is shown again.
    """

    opened = Signal()
    closed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._page: UnscheduledPage | None = None
        self.entries: list[Unscheduled] = []  # the shown schedule's, in its order
        self.removed: set[str] = set()  # those kept only because starred or noted after leaving it
        self._ids: set[str] = set()
        self._key: str | None = None  # whose entries these are
        self._filled: str | None = None  # whose entries the page holds (its filter stays with them)
        window.day_bar.unscheduledChosen.connect(self.open)
        # Connected before the window's own: a day's tab closes the page, then shows the day.
        window.day_bar.dayChosen.connect(self._day_chosen)
        window.finder.find_unscheduled = self.search
        # Another view taking the page's place (L shows the list) closes it as Esc does.
        self._closing = False
        window.panes.stack.currentChanged.connect(self._stack_changed)

    # -- the page ------------------------------------------------------------------------

    @property
    def page(self) -> UnscheduledPage:
        """The page, made when first opened (most schedules have no such entries)."""
        return self._page if self._page is not None else self._make_page()

    def _make_page(self) -> UnscheduledPage:
        from planner.ui.widgets.unscheduled_list import UnscheduledPage  # lazy: the first time it opens

        w = self._window
        self._page = page = UnscheduledPage(w)
        page.backRequested.connect(self.close)
        page.starToggled.connect(w.toggle_star)
        page.entrySelected.connect(self._entry_selected)
        return page

    @property
    def is_open(self) -> bool:
        return self._page is not None and self._window.panes.stack.currentWidget() is self._page

    def current(self) -> Unscheduled | None:
        """The entry selected on the open page, if any."""
        return self._page.current() if self.is_open and self._page is not None else None

    def holds(self, entry_id: str) -> bool:
        """Whether ``entry_id`` is one of the shown schedule's entries without a time."""
        return entry_id in self._ids

    def starred_entries(self) -> list[Unscheduled]:
        """The reading list: the starred entries, in the schedule's order."""
        starred = self._window.starred
        return [e for e in self.entries if e.id in starred]

    def search(self, text: str) -> list[Unscheduled]:
        """The entries matching the window's search (planner.ui.search lists them last)."""
        if not self.entries or self._key is None or not text.strip():
            return []
        return self._window.library.unscheduled(schedule_key=self._key, search=text)

    # -- the schedule ----------------------------------------------------------------------

    def show_schedule(self, key: str | None) -> None:
        """The window shows ``key`` now (another schedule, or the same one read again): its
        entries, the tab that counts them, and the page if open (closed when none are left)."""
        w = self._window
        if key != self._key:
            self.close(focus=False, mark=False, reshow=False)  # another schedule, shown from its first day
        self._key = key
        self.entries = w.library.unscheduled(schedule_key=key) if key is not None else []
        self._ids = {e.id for e in self.entries}
        self.removed = w.library.unscheduled_removed() & self._ids if self.entries else set()
        w.day_bar.set_unscheduled(len(self.entries))
        if not self.entries:
            self.close(focus=False)
        elif self.is_open:
            self._fill()

    def _fill(self) -> None:
        w = self._window
        self.page.show_entries(self.entries, w.stars.tiers, self.removed, keep_filter=self._filled == self._key)
        self._filled = self._key

    # -- opening and closing -------------------------------------------------------------

    def open(self, entry_id: str = "", *, focus: bool = True) -> bool:
        """Show the page in place of the day, ``entry_id`` selected (else as it was); False
        when the shown schedule has no entries without a time."""
        w = self._window
        if not self.entries:
            return False
        page = self.page
        if not self.is_open:
            w.selection.posters.close(focus=False, reselect=False)  # one page at a time
            self._fill()
            w.panes.show_page(page)
            self.opened.emit()
        w.day_bar.show_unscheduled()
        if not (entry_id and page.select(entry_id)):
            self._entry_selected(page.current_id())
        if focus:
            page.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def close(self, *, focus: bool = True, mark: bool = True, reshow: bool = True) -> None:
        """Back to the day (timeline or list); ``mark``: its tab too (not when a day's tab
        was just chosen); ``reshow``: its selected talk in the detail pane (not when the
        day is about to be another schedule's)."""
        if not self.is_open:
            return
        w = self._window
        self._closing = True
        try:
            w.panes.show_day_view()
        finally:
            self._closing = False
        if mark and w.current_day in w.day_bar.days:  # not a day of the schedule just replaced
            w.day_bar.show_day(w.current_day)
        if reshow:
            w.selection.show_current()
        if focus:
            w.shown_view().setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def _stack_changed(self) -> None:
        w = self._window
        if self._closing or self._page is None or w.panes.stack.indexOf(self._page) < 0 or self.is_open:
            return
        if w.day_bar.tabs.currentIndex() == len(w.day_bar.days):  # it was open: the day is shown again
            if w.current_day in w.day_bar.days:
                w.day_bar.show_day(w.current_day)
            if w.detail.entry is not None:
                w.selection.show_current()
            self.closed.emit()

    def _day_chosen(self, day: date) -> None:
        self.close(focus=False, mark=False)

    def step(self, delta: int) -> None:
        """J and K on the open page."""
        self.page.step(delta)
        self.page.setFocus()

    def star_current(self) -> None:
        """S on the open page: its selected entry's star, cycled (must-see, maybe, none)."""
        w = self._window
        entry = self.current()
        if entry is None:
            w.statusBar().showMessage("Select an entry in the list (↓), then press S", 5000)
            return
        w.stars.cycle(entry.id, w.days)

    # -- keeping it right ----------------------------------------------------------------

    def hold(self) -> Held:
        """The open page's selected entry and focused widget, before the day is shown again."""
        if not self.is_open:
            return None
        focused = QApplication.focusWidget()
        return self._key, self.page.current_id(), focused if focused is not None and self.page.isAncestorOf(focused) else None

    def restore(self, held: Held) -> None:
        """Open again what hold() said (after a reload or a zone change), with the entries
        as they are now; the page stays closed when none are left."""
        if held is None or held[0] != self._key:
            return
        _, entry_id, focused = held
        if self.open(entry_id if entry_id in self._ids else "", focus=False) and focused is not None:
            focused.setFocus(Qt.FocusReason.OtherFocusReason)

    def stars_changed(self) -> None:
        """A star changed (here, in My agenda, by undo, in another Planner): the list, the
        heading's count and the detail pane's Star button follow."""
        w = self._window
        if self._page is not None:
            self._page.set_starred(w.stars.tiers)
        if self.is_open:
            entry = self.page.current()
            if entry is not None:
                w.detail.set_tier(w.stars.tier(entry.id))
            else:
                self._entry_selected("")  # the overview lists the starred ones

    def show_again(self) -> None:
        """The open page's entry in the detail pane again (its note changed elsewhere)."""
        if self.is_open:
            self._entry_selected(self.page.current_id())

    def _entry_selected(self, entry_id: str) -> None:
        from planner.ui.widgets.unscheduled_list import overview_html  # made with the page

        w = self._window
        entry = self.page.current() if entry_id else None
        if entry is not None:
            w.talk.show_unscheduled(entry, removed=entry.id in self.removed)
        else:
            w.talk.show_overview("NOT SCHEDULED", overview_html(self.entries, w.starred))
        w.selection.announce(entry.id if entry is not None else "")
