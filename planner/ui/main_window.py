"""The main window: the container that builds the widgets and controllers and wires them.

Widgets only emit signals; changes to stars, notes or schedules go through the controllers
(planner.ui.stars, file_imports, web_schedules, ...) to the store and then back out to the
widgets through this class, so what is on screen is always what is in the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QMainWindow,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import Event
from planner.domain.zones import CONFERENCE, LOCAL
from planner.store import Library
from planner.ui import actions, dialogs, layout, window_state
from planner.ui.agenda_output import AgendaOutput
from planner.ui.alerts import Alerts
from planner.ui.day_bar import DayBar
from planner.ui.display_zone import DisplayZone
from planner.ui.file_imports import FileImports
from planner.ui.filter_bar import FilterBar
from planner.ui.later import Later, make_all
from planner.ui.library_check import LibraryCheck, LibraryHealth
from planner.ui.library_watch import LibraryWatch
from planner.ui.my_agenda import MyAgenda
from planner.ui.narrowing import Narrowing
from planner.ui.panes import Panes
from planner.ui.rooms import RoomChoice
from planner.ui.schedule_box import ScheduleBox
from planner.ui.search import Search
from planner.ui.selection import Selection
from planner.ui.shown_schedule import ShownSchedule
from planner.ui.similar import SimilarEvents
from planner.ui.stars import Stars
from planner.ui.talk_detail import TalkDetail
from planner.ui.web_schedules import WebSchedules
from planner.ui.widgets import tab_order
from planner.ui.widgets.agenda import AgendaPanel
from planner.ui.widgets.banner import Banner
from planner.ui.widgets.detail import DetailPane
from planner.ui.widgets.models import EventListModel
from planner.ui.widgets.reminders import ReminderClock
from planner.ui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from PySide6.QtGui import (  # named only in annotations
        QCloseEvent,
        QDragEnterEvent,
        QDropEvent,
        QPaintEvent,
        QShowEvent,
    )

    from planner.ui.calendar_sync import CalendarSync
    from planner.ui.downloads import Download
    from planner.ui.file_imports import FileImport
    from planner.ui.friends import Friends
    from planner.ui.suggestions import Suggestions
    from planner.ui.widgets.event_list import EventListView
    from planner.ui.widgets.search_results import SearchResults


def _suggestions(window: MainWindow) -> Suggestions:
    from planner.ui import suggestions  # lazy: made after the first paint (planner.ui.later)

    controller = suggestions.install(window)  # under My agenda, once there are stars
    controller.refresh()  # for the stars shown before it was made
    return controller


def _calendar_sync(window: MainWindow) -> CalendarSync:
    from planner.ui import calendar_sync  # lazy, as above

    return calendar_sync.install(window)  # File > Sync to Calendar Server…, and after each change


def _friends(window: MainWindow) -> Friends:
    from planner.ui import friends  # lazy, as above

    return friends.install(window)  # friends' name chips, their filter and File > Friends' Agendas…


class MainWindow(QMainWindow):
    """Planner's window over one Library.

    Signals:
        firstPainted(): the window's first paint is on screen (planner.ui.app then calls
            finish_start).
    """

    firstPainted = Signal()

    # What the Stars controller knows, named as the widgets and tests have always read it.
    starred = property(lambda self: self.stars.starred)
    statuses = property(lambda self: self.stars.statuses)
    clashes = property(lambda self: self.stars.clashes)
    starred_events = property(lambda self: self.stars.events)
    # ... and what the DisplayZone controller does.
    display_zone_name = property(lambda self: self.zones.name)
    display_zone = property(lambda self: self.zones.zone)
    zoneless = property(lambda self: self.zones.zoneless)
    tray = property(lambda self: self.alerts.tray)  # None until finish_start()
    # ... and what is shown (planner.ui.shown_schedule) and selected (planner.ui.selection).
    schedule_key = property(lambda self: self.shown.key)
    info = property(lambda self: self.shown.info)
    zone = property(lambda self: self.shown.zone)  # the shown schedule's own
    days = property(lambda self: self.shown.days)
    day_list = property(lambda self: self.shown.day_list)
    current_day = property(lambda self: self.shown.current_day)
    # Made once the first paint is on screen (finish_start), or when first read (planner.ui.later).
    suggestions = Later(_suggestions)
    calendar_sync = Later(_calendar_sync)
    friends = Later(_friends)

    def __init__(self, library: Library, *, settings: QSettings | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.library = library
        self.settings = settings if settings is not None else QSettings()
        self.zones = DisplayZone(self.settings, self)
        self._first_show = self._first_paint = True

        self._build_widgets(now)
        self._build_actions()
        self._connect()
        self._restore_settings()
        self.reload()
        # Keys go to the talks first: arrows, J/K and S work the moment the window opens.
        self.shown_view().setFocus(Qt.FocusReason.OtherFocusReason)

    # -- construction ----------------------------------------------------------------

    # Made when first wanted (planner.ui.panes, planner.ui.search), not for the first paint.
    event_list = property(lambda self: self.panes.event_list)
    results = property(lambda self: self.finder.results)

    def _make_list(self) -> EventListView:
        # Lazy: the list's modules and Qt types (QTreeView, its header, a proxy model).
        from planner.ui.widgets.event_list import EventListView

        view = EventListView(self)
        view.set_source(self.model, self.timeline.selectionModel())
        view.starToggled.connect(self.toggle_star)
        return view

    def _make_results(self) -> SearchResults:
        from planner.ui.widgets.search_results import SearchResults  # lazy: a QTreeWidget, at the first search

        results = SearchResults(self)
        results.hide()
        layout = self.left.layout()
        assert isinstance(layout, QVBoxLayout)  # layout.column's
        layout.insertWidget(0, results, 3)
        tab_order.after(self.export_button, results)  # above My agenda, after the toolbar
        return results

    def _build_widgets(self, now: Callable[[], datetime] | None) -> None:
        self.model = EventListModel(self)
        self.timeline = TimelineView(self)
        self.timeline.setModel(self.model)
        if now is not None:
            self.timeline.now = now
        self.day_bar = DayBar(self)
        self.day_tabs, self.zone_label = self.day_bar.tabs, self.day_bar.zone_label
        # The timeline, or the same day as a chronological list (L): one model, one selection.
        self.detail = DetailPane(self)
        self.panes = Panes(self, self.settings, self.timeline, self.detail, self._make_list)
        self.agenda = AgendaPanel(self)
        self.banner = Banner(self)
        self.left = layout.column(self, (self.agenda, 2))  # and the search's matches above it
        self.splitter = layout.central_area(
            self, left=self.left,
            middle=layout.column(self, (self.day_bar, 0), (self.panes.stack, 1), spacing=2),
            right=self.detail, banner=self.banner)
        self.reminders = ReminderClock(self.timeline.now if now is None else now, self)
        self.alerts = Alerts(self.reminders, self.settings, self)
        self.stars = Stars(self.library, self)
        self.watch = LibraryWatch(self.library, self)  # changes made by another process

        self.schedule_box = ScheduleBox(self)
        self.toolbar = self.filter_bar = FilterBar(self)
        self.search, self.kind_buttons = self.filter_bar.search, self.filter_bar.kind_buttons
        self.starred_only = self.filter_bar.starred_only
        self.rooms = RoomChoice(self.settings, self)
        self.filter_bar.use_rooms(self.rooms)
        self.finder = Search(self.search, self._make_results, self)
        self.addToolBar(self.toolbar)
        self.export_button = QToolButton(self)
        self.export_button.setText("Export…")
        self.export_button.setAccessibleName("Export My agenda")
        self.schedule_action = layout.toolbar_ends(self.toolbar, self.schedule_box, self.export_button)
        self.refreshed_label, self.count_label = layout.status_labels(self)
        self.files = FileImports(self.library, self)
        self.similar = SimilarEvents(self.library, self)
        self.health = LibraryHealth(self.library, self)
        self.output = AgendaOutput(self.library, self.settings, self)
        self.web = WebSchedules(self.library, self.settings, self, now=lambda: self.timeline.now(),
                                shown=lambda: self.schedule_key)
        self.talk = TalkDetail(self.library, self.detail, self.stars, self.zones, self.similar, self)
        self.shown = ShownSchedule(self)
        self.selection = Selection(self)
        self.narrowing = Narrowing(self)
        self.my_agenda = MyAgenda(self)

    def _build_actions(self) -> None:
        """Menus and shortcuts from the one table in planner.ui.actions."""
        self.menus, self.named_actions = actions.install(self)
        for name, action in self.named_actions.items():
            setattr(self, f"{name}_action", action)  # window.open_action, window.star_action…
        self.zone_actions = {CONFERENCE: self.named_actions["conference_zone"], LOCAL: self.named_actions["local_zone"]}
        self.zones.use_actions(self.zone_actions, self.named_actions["other_zone"])
        self.filter_bar.set_starred_action(self.named_actions["starred_only"])
        self.export_button.setDefaultAction(self.named_actions["export"])
        self.export_button.setText("Export…")
        self.panes.use_actions(self.named_actions["list_view"], self.named_actions["details"])

    def _connect(self) -> None:
        self.timeline.starToggled.connect(self.toggle_star)
        self.detail.similarChosen.connect(self.select_event)
        self.reminders.due.connect(self.notify)
        self.watch.tick.connect(self.shown.pick_up_changes)
        self.files.added.connect(self.shown.files_added)
        self.files.removed.connect(self.shown.forget)
        self.stars.changed.connect(self.refresh_starred)
        self.alerts.shown.connect(self.banner.show_message)
        for controller in (self.web, self.files, self.output, self.stars, self.alerts):
            controller.status.connect(self.statusBar().showMessage)
        self.detail.noteEdited.connect(self.my_agenda.save_note)
        self.agenda.eventSelected.connect(self.select_event)
        self.selection.changed.connect(self.agenda.select)  # each list of talks highlights the selected one
        self.selection.changed.connect(self.finder.follow)
        self.agenda.unstarRequested.connect(lambda event_id: self.set_star(event_id, False))
        self.agenda.exportRequested.connect(self.export_agenda)
        self.web.stored.connect(self.shown.downloaded)
        self.filter_bar.searchChanged.connect(self.narrowing.search_changed)
        self.finder.chosen.connect(self.narrowing.go_to_match)
        self.finder.found.connect(self.narrowing.found_on_every_day)
        self.filter_bar.changed.connect(self.narrowing.apply)
        self.filter_bar.searchEntered.connect(self.narrowing.search_return)
        self.filter_bar.searchCleared.connect(lambda: self.shown_view().setFocus())
        self.day_bar.dayChosen.connect(self.show_day)
        self.zones.changed.connect(self.shown.zone_changed)
        self.schedule_box.chosen.connect(self.shown.choose)
        # Tab as laid out (planner.ui.tab_order); the parts made later put themselves in place.
        bar, agenda = self.filter_bar, self.agenda
        tab_order.chain(self.schedule_box, self.search, bar.room_button, bar.track_box, bar.topic_box,
                        bar.institution_box, self.starred_only, bar.friends_only, self.export_button,
                        agenda.tree, agenda.plan_button, agenda.unstar_button, agenda.export_button,
                        self.day_tabs, self.timeline, self.detail.star_button, self.detail.browser, self.detail.note)

    # -- time zone and reminders (planner.ui.display_zone, planner.ui.alerts) --------

    def set_display_zone(self, name: str) -> None:
        """Show every time, and the days, in ``name`` (conference / local / IANA)."""
        self.zones.set(name)

    def shown_view(self) -> QWidget:
        """The timeline, or the list when the attendee chose it (L)."""
        return self.panes.shown()

    def notify(self, event: Event) -> None:
        """A reminder: the system tray where there is one, else the in-window banner."""
        self.alerts.notify(event, self.display_zone)

    # -- the shown schedule and day (planner.ui.shown_schedule, planner.ui.selection) ------

    def reload(self, schedule_key: str | None = None) -> None:
        """Re-read the library (after start, an import, or a change made elsewhere)."""
        self.shown.reload(schedule_key)

    def show_day(self, day: date | None) -> None:
        self.shown.show_day(day)

    def step_day(self, delta: int) -> None:
        self.shown.step_day(delta)

    def go_now(self) -> None:
        """Scroll to the current time and say what is on now and next, starred first."""
        self.shown.go_now()

    def pick_up_changes(self) -> bool:
        """Reload stars, notes and schedules if another process changed the library."""
        return self.shown.pick_up_changes()

    def current_event(self) -> Event | None:
        return self.selection.current()

    def select_event(self, event_id: str, *, here: bool = False) -> None:
        """Select an event in the timeline, switching to its own day if needed (``here``:
        not when the shown day lists it too; see Selection.select)."""
        self.selection.select(event_id, here=here)

    # -- the library's health -------------------------------------------------------

    def check_library(self) -> LibraryCheck:
        """Check every page of the library file in the background (planner.ui.library_check)."""
        return self.health.check()

    def library_damaged(self, problem: str) -> None:
        self.health.damaged(problem)

    # -- stars (planner.ui.stars writes them, planner.ui.my_agenda shows them) -----------

    def toggle_star(self, event_id: str) -> None:
        """A click on a star, as S: not starred -> must-see -> maybe -> not starred."""
        self.stars.cycle(event_id, self.days)

    def set_star(self, event_id: str, starred: bool) -> None:
        """Write the star to the library first, then show it."""
        self.stars.set(event_id, starred, self.days)

    def refresh_starred(self) -> None:
        self.my_agenda.refresh()
        if MainWindow.suggestions.made(self):  # else made for the stars as they are then
            self.suggestions.refresh()  # a moment later: several stars in a row update it once

    # -- search and filters (planner.ui.search, planner.ui.narrowing) --------------------

    def focus_search(self) -> None:
        self.filter_bar.focus_search()

    # -- files and schedules from the web ---------------------------------------------

    def remove_schedule(self) -> None:
        """Remove the shown schedule; its stars and notes stay unless the user says otherwise."""
        if self.schedule_key is not None:
            self.files.remove(self.schedule_key, self._title(), len(self.starred_events))

    def refresh_if_stale(self) -> Download | None:
        """On start: quietly refresh the shown schedule if its link was fetched long ago."""
        return self.web.refresh_if_stale()

    @property
    def file_import(self) -> FileImport | None:
        """The batch of files going in on a worker, if any."""
        return self.files.job

    def add_files(self, paths: Sequence[str]) -> FileImport | None:
        """Add schedule files on a worker (planner.ui.file_imports): the window stays usable."""
        return self.files.add(paths)

    def import_files(self, paths: Sequence[str]) -> bool:
        """Add schedule files while the caller waits (add_files does it on a worker)."""
        return self.files.add_now(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.files.drag_entered(event)  # files dropped anywhere on the window go in

    def dropEvent(self, event: QDropEvent) -> None:
        self.files.dropped(event)

    def export_agenda(self) -> None:
        """Save My agenda as .ics (updating earlier exports), Markdown or PDF."""
        self.output.export(self.starred_events, schedule_key=self.schedule_key, title=self._title(),
                           alarm_minutes=self.reminders.lead_minutes or None)

    def print_agenda(self) -> None:
        self.output.print(self.starred_events, title=self._title(), zone=self.zone, display=self.display_zone,
                          schedule_key=self.schedule_key)

    def _title(self) -> str:
        return self.windowTitle().removeprefix("Planner — ")

    # -- help ------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        dialogs.information(self, "Keyboard shortcuts", "\n".join(actions.help_lines()))

    def show_about(self) -> None:
        dialogs.about(self)

    # -- settings --------------------------------------------------------------------

    def _restore_settings(self) -> None:
        if not window_state.restore(self.settings, self, self.splitter, self.timeline):
            layout.fit_until_moved(self.splitter)  # no widths of the attendee's yet

    def showEvent(self, event: QShowEvent) -> None:
        if self._first_show:
            self.panes.first_shown()
            self._first_show = False
        super().showEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._first_paint:
            self._first_paint = False
            # Qt paints the window and all its widgets in one pass: once it ends, all is on
            # screen. (The window as the timer's context: a window gone by then says nothing.)
            QTimer.singleShot(0, self, self.firstPainted.emit)

    def finish_start(self) -> None:
        """What the first paint does not show, made once it is on screen (planner.ui.app)."""
        self.restore_selection()
        self.alerts.show_tray()
        self.schedule_box.elide_middle()
        make_all(self)
        make_all(self.my_agenda)

    def restore_selection(self) -> None:
        self.selection.restore(str(self.settings.value("selectedEvent", "", type=str)))

    def save_settings(self) -> None:
        current = self.current_event()
        window_state.save(self.settings, self, self.splitter, self.timeline, schedule_key=self.schedule_key,
                          selected=current.id if current else None, day=self.current_day)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.file_import is not None:
            # Let the files the attendee asked for go in (a 50,000-event file takes
            # seconds); its thread has its own connection and commits on its own.
            self.file_import.wait(120)
        self.watch.stop()
        self.finder.stop()
        self.similar.stop()
        if MainWindow.suggestions.made(self):
            self.suggestions.stop()
        self.detail.flush_note()
        self.save_settings()
        super().closeEvent(event)
