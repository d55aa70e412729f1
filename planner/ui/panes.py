"""Which views the window shows: the day as a timeline or as a list (L), and the details
pane or not (D). Both choices are the attendee's and are remembered; until the first is
made, a small window (800x600) opens in the list, where a day reads without scrolling
sideways. An opened poster session (planner.ui.poster_session) is a page of the same
stack, shown in place of the day until the attendee goes back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from planner.ui.widgets import tab_order
from planner.ui.widgets.detail import DetailPane

if TYPE_CHECKING:
    from planner.ui.widgets.event_list import EventListView
from planner.ui.widgets.timeline import TimelineView

LIST_BELOW_WIDTH = 1000  # px: a window narrower than this opens in the list view


class Panes(QObject):
    """The stack of ``timeline`` and the list, and the details ``pane``.

    The list is made (by ``make_list``) when first shown: most windows never show it, and
    a tree view built at start delays the first paint.

    Signals:
        listMade(QWidget): the list view was just made (for those that connect to it).
    """

    listMade = Signal(QWidget)

    def __init__(self, window: QMainWindow, settings: QSettings, timeline: TimelineView, pane: DetailPane,
                 make_list: Callable[[], EventListView]) -> None:
        super().__init__(window)
        self.window, self.settings, self.pane = window, settings, pane
        self.timeline = timeline
        self._make_list = make_list
        self._list: EventListView | None = None
        self.stack = QStackedWidget(window)
        self.stack.addWidget(timeline)
        self.list_action: QAction | None = None
        self.details_action: QAction | None = None

    def use_actions(self, list_action: QAction, details_action: QAction) -> None:
        """View > List View and View > Details Pane, set as last chosen."""
        self.list_action, self.details_action = list_action, details_action
        chosen = self.settings.value("listView")
        if chosen is not None:
            self._show_list(chosen in (True, "true"))
        details_action.setChecked(cast(bool, self.settings.value("detailPane", True, type=bool)))
        self.pane.setVisible(details_action.isChecked())

    @property
    def event_list(self) -> EventListView:
        """The list view, made now if it was not yet."""
        if self._list is None:
            self._list = self._make_list()
            self.stack.addWidget(self._list)
            tab_order.chain(self.timeline, self._list)  # in the day's place: Tab's too
            self.listMade.emit(self._list)
        return self._list

    @property
    def has_list(self) -> bool:
        return self._list is not None

    def shown(self) -> QWidget:
        """The view of the day on screen: the timeline or the list."""
        widget = self.stack.currentWidget()
        assert widget is not None  # the stack holds the timeline from the start
        return widget

    def focus_day(self) -> None:
        """Alt+1: into the view on screen (timeline, list or an opened page)."""
        self.shown().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_page(self, page: QWidget) -> None:
        """Show ``page`` (an opened poster session) in place of the day."""
        if self.stack.indexOf(page) < 0:
            self.stack.addWidget(page)
            tab_order.after(self.timeline, page)  # in the day's place: Tab's too
        self.stack.setCurrentWidget(page)

    def show_day_view(self) -> None:
        """Back from a page to the day, as the timeline or the list as last chosen."""
        as_list = self.list_action is not None and self.list_action.isChecked()
        self.stack.setCurrentWidget(self.event_list if as_list else self.timeline)

    def first_shown(self) -> None:
        """The window is about to be shown for the first time, at its size."""
        if self.settings.value("listView") is None and self.window.width() < LIST_BELOW_WIDTH:
            had_focus = self.timeline.hasFocus()
            self._show_list(True)
            if had_focus:
                self.event_list.setFocus()

    def toggle_list(self) -> None:
        assert self.list_action is not None
        self._show_list(self.list_action.isChecked())
        self.settings.setValue("listView", self.list_action.isChecked())
        self.shown().setFocus()

    def _show_list(self, as_list: bool) -> None:
        assert self.list_action is not None
        self.list_action.setChecked(as_list)
        if as_list or self.has_list:
            self.stack.setCurrentWidget(self.event_list if as_list else self.timeline)

    def toggle_details(self) -> None:
        """Off, the timeline takes the pane's width (and keeps the focus it had there)."""
        assert self.details_action is not None
        shown = self.details_action.isChecked()
        if not shown and self.pane.isAncestorOf(self.window.focusWidget()):
            self.shown().setFocus()
        self.pane.setVisible(shown)
        self.settings.setValue("detailPane", shown)

    def focus_details(self) -> None:
        """Alt+3: into the details pane, showing it if it was hidden."""
        assert self.details_action is not None
        if not self.details_action.isChecked():
            self.details_action.setChecked(True)
            self.toggle_details()
        self.pane.browser.setFocus()
