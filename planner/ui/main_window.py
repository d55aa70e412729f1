"""The main window: the container that builds the widgets and controllers and wires them.

Widgets only emit signals; changes to stars, notes or schedules go through the controllers
(planner.ui.stars, file_imports, web_schedules, ...) to the store and then back out to the
widgets through this class, so what is on screen is always what is in the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QMainWindow,
    QToolButton,
    QWidget,
)

from planner.domain.days import DayOutline
from planner.domain.model import Event, zoneless
from planner.domain.queries import now_and_next
from planner.domain.zones import CONFERENCE, LOCAL
from planner.store import ImportSummary, Library, ScheduleInfo, StoreError
from planner.store.schedule_days import ScheduleDays
from planner.text.wording import counted
from planner.ui import actions, dialogs, layout, window_state
from planner.ui.agenda_output import AgendaOutput
from planner.ui.alerts import Alerts, now_and_next_text
from planner.ui.day_bar import DayBar
from planner.ui.display_zone import DisplayZone
from planner.ui.file_imports import FileImports
from planner.ui.filter_bar import FilterBar
from planner.ui.library_check import LibraryCheck, LibraryHealth
from planner.ui.library_watch import LibraryWatch
from planner.ui.panes import Panes
from planner.ui.rooms import RoomChoice
from planner.ui.schedule_box import ScheduleBox
from planner.ui.search import Search
from planner.ui.similar import SimilarEvents
from planner.ui.stars import Stars
from planner.ui.talk_detail import TalkDetail
from planner.ui.web_schedules import WebSchedules
from planner.ui.widgets.agenda import AgendaPanel
from planner.ui.widgets.banner import Banner
from planner.ui.widgets.detail import DetailPane
from planner.ui.widgets.models import EventListModel, Roles
from planner.ui.widgets.reminders import ReminderClock
from planner.ui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QShowEvent  # named only in annotations

    from planner.ui.downloads import Download
    from planner.ui.file_imports import FileImport
    from planner.ui.widgets.event_list import EventListView
    from planner.ui.widgets.search_results import SearchResults

CARD_ABSTRACT_CHARS = 600  # what a card can show; the detail pane loads the whole event


class MainWindow(QMainWindow):
    """Planner's window over one Library."""

    # What the Stars controller knows, named as the widgets and tests have always read it.
    starred = property(lambda self: self.stars.starred)
    statuses = property(lambda self: self.stars.statuses)
    clashes = property(lambda self: self.stars.clashes)
    starred_events = property(lambda self: self.stars.events)
    # ... and what the DisplayZone controller does.
    display_zone_name = property(lambda self: self.zones.name)
    display_zone = property(lambda self: self.zones.zone)
    zoneless = property(lambda self: self.zones.zoneless)

    def __init__(self, library: Library, *, settings: QSettings | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.library = library
        self.settings = settings if settings is not None else QSettings()
        self.setWindowIcon(QIcon.fromTheme("x-office-calendar"))
        self.schedule_key: str | None = None
        self.info: ScheduleInfo | None = None  # the shown schedule's
        self.zone: tzinfo | None = None
        self.days = ScheduleDays(library, None)  # the shown schedule, read a day at a time
        self.day_list: list[date] = []
        self.current_day: date | None = None
        self.zones = DisplayZone(self.settings, self)
        self._noted_key: str | None = None
        self._first_show = True

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
        self.left.layout().insertWidget(0, results, 3)
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
        self.alerts = Alerts(self.reminders, self.settings, self, self.timeline.now if now is None else now)
        self.tray = self.alerts.tray
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
        QWidget.setTabOrder(self.starred_only, self.export_button)  # as laid out, then room and track
        self.schedule_action = layout.toolbar_ends(self.toolbar, self.schedule_box, self.export_button)
        self.refreshed_label, self.count_label = layout.status_labels(self)
        self.files = FileImports(self.library, self)
        self.similar = SimilarEvents(self.library, self)
        self.health = LibraryHealth(self.library, self)
        self.output = AgendaOutput(self.library, self.settings, self)
        self.web = WebSchedules(self.library, self.settings, self, now=lambda: self.timeline.now(),
                                shown=lambda: self.schedule_key)
        self.talk = TalkDetail(self.library, self.detail, self.stars, self.zones, self.similar, self)

    def _build_actions(self) -> None:
        """Menus and shortcuts from the one table in planner.ui.actions."""
        self.menus, self.named_actions = actions.install(self)
        for name, action in self.named_actions.items():
            setattr(self, f"{name}_action", action)  # window.open_action, window.star_action…
        self.zone_actions = {CONFERENCE: self.named_actions["conference_zone"], LOCAL: self.named_actions["local_zone"]}
        self.zones.use_actions(self.zone_actions, self.other_zone_action)
        self.filter_bar.set_starred_action(self.named_actions["starred_only"])
        self.export_button.setDefaultAction(self.named_actions["export"])
        self.export_button.setText("Export…")
        self.panes.use_actions(self.list_view_action, self.details_action)

    def _connect(self) -> None:
        self.timeline.selectionModel().currentChanged.connect(self._timeline_current_changed)
        self.timeline.starToggled.connect(self.toggle_star)
        self.detail.similarChosen.connect(self.select_event)
        self.reminders.due.connect(self.notify)
        self.watch.tick.connect(self.pick_up_changes)
        self.files.added.connect(self._files_added)
        self.files.removed.connect(self._schedule_removed)
        self.stars.changed.connect(self._refresh_starred)
        self.alerts.shown.connect(self.banner.show_message)
        for controller in (self.web, self.files, self.output, self.stars, self.alerts):
            controller.status.connect(self.statusBar().showMessage)
        self.detail.starToggled.connect(self.toggle_star)
        self.detail.noteEdited.connect(self.save_note)
        self.agenda.eventSelected.connect(self.select_event)
        self.agenda.unstarRequested.connect(lambda event_id: self.set_star(event_id, False))
        self.agenda.exportRequested.connect(self.export_agenda)
        self.web.stored.connect(self._schedule_downloaded)
        self.filter_bar.searchChanged.connect(self._search_changed)
        self.finder.chosen.connect(self._go_to_match)
        self.finder.found.connect(self._found_on_every_day)
        self.filter_bar.changed.connect(self.apply_filters)
        self.filter_bar.searchEntered.connect(self._search_return)
        self.filter_bar.searchCleared.connect(lambda: self.shown_view().setFocus())
        self.day_bar.dayChosen.connect(self.show_day)
        self.zones.changed.connect(self._zone_changed)
        self.schedule_box.chosen.connect(self._schedule_chosen)
        QWidget.setTabOrder(self.search, self.timeline)
        QWidget.setTabOrder(self.timeline, self.detail.star_button)
        QWidget.setTabOrder(self.detail.star_button, self.detail.browser)
        QWidget.setTabOrder(self.detail.browser, self.detail.note)
        QWidget.setTabOrder(self.detail.note, self.agenda.tree)

    # -- changes made elsewhere ------------------------------------------------------

    def pick_up_changes(self) -> bool:
        """Reload stars, notes and schedules if another process changed the library."""
        if not self.watch.changed():
            return False
        current = self.current_event()
        schedules = [s.key for s in self.library.schedules()]
        if self.schedule_key not in schedules or len(schedules) != self.schedule_box.count():
            self.reload()
        else:
            self.stars.read()
            self._refresh_starred()
        if current is not None and self.days.event(current.id) is not None:
            note = self.library.note(current.id)
            if note != self.detail.note.toPlainText() and not self.detail.note.hasFocus():
                self.talk.show(current)
        return True

    # -- time zone and reminders (planner.ui.display_zone, planner.ui.alerts) --------

    def set_display_zone(self, name: str) -> None:
        """Show every time, and the days, in ``name`` (conference / local / IANA)."""
        self.zones.set(name)

    def _zone_changed(self) -> None:
        current = self.current_event()
        # The day tabs are the display zone's days too. The talks on screen stay on screen:
        # the selected one, else the shown day's first, decides the day shown next.
        anchor = current.id if current is not None else next(iter(self.model.outline().ids), None)
        self.days.group_in(self.display_zone)
        self.day_list = list(self.days)
        self.day_bar.set_days(self.day_list)
        event = self.days.event(anchor) if anchor is not None else None
        if event is not None:
            self.current_day = self.days.day_of(event)
        elif self.current_day not in self.days:
            self.current_day = self.day_list[0] if self.day_list else None
        self._search_again()
        self.show_day(self.current_day)
        self._refresh_starred()
        if current is not None:
            self.select_event(current.id)

    def shown_view(self) -> QWidget:
        """The timeline, or the list when the attendee chose it (L)."""
        return self.panes.shown()

    def choose_schedule_zone(self) -> None:
        """Set the zone of a schedule whose file gives none (FOSDEM is in Brussels)."""
        if self.info is not None and (zone := self.zones.place_schedule(self.library, self.info)) is not None:
            self.banner.withdraw(self.info.key)  # its "no time zone" note no longer holds
            self.reload()
            self.statusBar().showMessage(f"The times of {self.info.title} are now read in {zone}", 8000)

    def notify(self, event: Event) -> None:
        """A reminder: the system tray where there is one, else the in-window banner."""
        self.alerts.notify(event, self.display_zone)

    # -- loading ---------------------------------------------------------------------

    def reload(self, schedule_key: str | None = None) -> None:
        """Re-read the library (after start, an import, or a change made elsewhere)."""
        selected = self.current_event()
        schedules = self.library.schedules()
        keys = [s.key for s in schedules]
        wanted = schedule_key or self.schedule_key or self.settings.value("schedule", "", type=str)
        self.schedule_key = wanted if wanted in keys else (keys[0] if keys else None)
        self.schedule_box.show_schedules(schedules, self.schedule_key)
        self.schedule_action.setVisible(len(schedules) > 1)
        info = self.info = next((s for s in schedules if s.key == self.schedule_key), None)
        floating = info is not None and not info.timezone and zoneless(info.notes)
        self.schedule_zone_action.setEnabled(floating or (info is not None and bool(info.user_zone)))
        self.web.show_origin(self.schedule_key, self.refreshed_label, self.named_actions["refresh"])
        if info is None or info.key != self._noted_key:
            # What the schedule file left unsaid (no time zone, repeating events) matters
            # for reading every time on screen: say it each time the schedule is shown, and
            # take it back when another one is.
            self.banner.withdraw(self._noted_key or "")
            self._noted_key = info.key if info is not None else None
            if info is not None and info.notes:
                hint = " To set where they are: View > Time Zone > Schedule's Own Zone…" if floating else ""
                self.banner.show_message("ℹ " + " ".join(info.notes) + hint, about=info.key)  # U+2139: in DejaVu
        self.setWindowTitle(f"Planner — {info.title}" if info else "Planner")
        self.days = ScheduleDays(self.library, self.schedule_key, info.timezone if info else "",
                                 abstract_chars=CARD_ABSTRACT_CHARS)
        self.zone = self.days.zone
        self.talk.show_schedule(self.days)
        # Times published without a zone are the venue's clock: shown as printed, never converted.
        self.zones.follow(self.zone, floating)
        self.days.group_in(self.display_zone)
        self.similar.show_schedule(self.schedule_key)
        self.day_list = list(self.days)
        self.stars.read()
        self.rooms.show_schedule(self.schedule_key, self.days.values("room"))
        self.filter_bar.show_choices(self.days.kinds(), self.days.values("room"), self.days.values("track"))
        self.day_bar.set_days(self.day_list)
        self._refresh_starred()
        if self.current_day not in self.days:
            self.current_day = None
        self._search_again()  # the same words, in this schedule
        self.show_day(self.current_day or (self.day_list[0] if self.day_list else None))
        if selected is not None and self.current_event() is None and self.days.event(selected.id) is not None:
            self.select_event(selected.id)  # an update of the shown schedule keeps the talk, at its new time

    def show_day(self, day: date | None) -> None:
        self.current_day = day
        events = self.days.get(day, []) if day is not None else []
        self.rooms.show_day(self.model, events, self.display_zone, day, self.search_ids_for_day(events))
        self.model.set_starred(self.starred)
        self.model.set_flags(self.statuses, self.clashes)
        # Each day of each schedule opens where it was left, else at its first event.
        self.timeline.show_place((self.schedule_key, day))
        if day is not None:
            self.day_bar.show_day(day)
        self.zone_label.setText(self.zones.axis_label(events[0].start if day is not None and events else None))
        self._update_counts()

    def step_day(self, delta: int) -> None:
        if not self.day_list or self.current_day is None:
            return
        i = min(len(self.day_list) - 1, max(0, self.day_list.index(self.current_day) + delta))
        self.show_day(self.day_list[i])

    def _schedule_chosen(self, key: str) -> None:
        self.current_day = None
        self.reload(key)

    # -- selection -------------------------------------------------------------------

    def step_event(self, delta: int) -> None:
        self.timeline.step(delta)
        self.shown_view().setFocus()

    def current_event(self) -> Event | None:
        index = self.timeline.currentIndex()
        return index.data(Roles.EVENT) if index.isValid() else None

    def select_event(self, event_id: str) -> None:
        """Select an event in the timeline, switching day if needed."""
        event = self.days.event(event_id)
        if event is None:
            return
        day = self.days.day_of(event)
        if day != self.current_day:
            self.show_day(day)
        index = self.model.index_of(event_id)
        if index.isValid():
            self.timeline.setCurrentIndex(index)
            self.timeline.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.timeline.scrollTo(index)
            if self.panes.has_list:
                self.event_list.scrollTo(self.event_list.model().mapFromSource(index))

    def _timeline_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        event: Event | None = current.data(Roles.EVENT) if current.isValid() else None
        if event is not None:
            self.timeline.selectionModel().select(current, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.talk.show(event)
        self.agenda.select(event.id if event else "")

    # -- the library's health -------------------------------------------------------

    def check_library(self) -> LibraryCheck:
        """Check every page of the library file in the background (planner.ui.library_check)."""
        return self.health.check()

    def library_damaged(self, problem: str) -> None:
        self.health.damaged(problem)

    # -- stars -----------------------------------------------------------------------

    def toggle_current_star(self) -> None:
        event = self.current_event()
        if event is None:
            self.statusBar().showMessage("Select a talk first (J / K or the arrow keys), then press S", 5000)
            return
        self.toggle_star(event.id)

    def toggle_star(self, event_id: str) -> None:
        self.set_star(event_id, event_id not in self.starred)

    def set_star(self, event_id: str, starred: bool) -> None:
        """Write the star to the library first, then show it."""
        self.stars.set(event_id, starred, self.days)

    def _refresh_starred(self) -> None:
        self.stars.tally(self.days)
        starred_events = self.starred_events
        self.model.set_starred(self.starred)
        self.model.set_flags(self.statuses, self.clashes)
        self.agenda.set_agenda(starred_events, self.zone, self.statuses, self.clashes, self.library.notes(),
                               display_zone=self.display_zone)
        self.reminders.set_events(self.stars.reminding())
        current = self.current_event()
        if current is not None:
            self.agenda.select(current.id)
            self.talk.refresh(current)
        if self.starred_only_action.isChecked():
            self.apply_filters()
        self._update_counts()

    def save_note(self, event_id: str, text: str) -> None:
        try:
            self.library.set_note(event_id, text)
        except StoreError as exc:
            dialogs.warning(self, "Planner", f"The note could not be saved: {exc}")
            return
        self.agenda.set_agenda(self.starred_events, self.zone, self.statuses, self.clashes, self.library.notes(),
                               display_zone=self.display_zone)
        current = self.current_event()
        if current is not None:
            self.agenda.select(current.id)

    # -- search and filters ----------------------------------------------------------

    def focus_search(self) -> None:
        self.filter_bar.focus_search()

    def _search_return(self) -> None:
        # Enter in the search box goes to the chosen match, on whichever day it is.
        if not self.finder.choose():
            self.shown_view().setFocus()

    def _search_changed(self, text: str = "") -> None:
        """Search the shown day now, every day once typing pauses (planner.ui.search)."""
        self.finder.run(self.days, self.display_zone, self.current_day)

    def _search_again(self) -> None:
        """The same words in another schedule or zone: every day at once, not after a pause."""
        self.finder.run(self.days, self.display_zone, self.current_day)
        self.finder.settle()

    def _found_on_every_day(self) -> None:
        self.day_bar.set_counts(self.finder.counts())  # each tab: its day's matches
        self.apply_filters()

    def _go_to_match(self, event_id: str) -> None:
        event = self.days.event(event_id)
        if event is not None:
            self.rooms.reveal(event.room)  # a match in a hidden room: show the room
        self.select_event(event_id)
        self.shown_view().setFocus()

    def apply_filters(self) -> None:
        current = self.current_event()
        if self.rooms.refilter(self.model, self.search_ids_for_day()) and current is not None:
            self.select_event(current.id)  # rooms folded or came back: the talk stays selected
        match = self.model.index_of(self.finder.results.current_id()) if self.finder.by_day is not None else None
        if match is not None and match.isValid() and current is None:
            self.timeline.scrollTo(match)  # what is typed shows its first match of the day
        self._update_counts()

    def search_ids_for_day(self, events: Sequence[Event] | None = None) -> set[str] | None:
        """Ids of the shown day's events, in every room, that pass search, kind filters and
        starred-only (``events``: the day about to be shown)."""
        outline = DayOutline.of(self.rooms.day if events is None else events)
        return self.filter_bar.filters().ids(outline, self.starred, self.finder.day_ids(self.current_day))

    def _update_counts(self) -> None:
        shown = self.model.rowCount()
        matching = self.model.matching_count()
        text = f"{len(self.starred_events)} starred · {counted(self.days.count, 'event')}"
        if matching != shown:
            text = f"{matching} of {shown} match · " + text
        if self.finder.by_day is not None:
            text = f"{counted(self.finder.total, 'match', 'matches')} on all days · " + text
        if self.rooms.shown_count() < len(self.rooms.rooms):  # say that rooms are left out
            text = f"{self.rooms.label()} shown · " + text
        self.count_label.setText(text)

    # -- files and schedules from the web ---------------------------------------------

    def remove_schedule(self) -> None:
        """Remove the shown schedule; its stars and notes stay unless the user says otherwise."""
        if self.schedule_key is not None:
            self.files.remove(self.schedule_key, self._title(), len(self.starred_events))

    def _schedule_removed(self) -> None:
        self.schedule_key, self.current_day = None, None
        self.reload()

    def _schedule_downloaded(self, key: str, new: bool) -> None:
        if new:
            self.current_day = None
        self.reload(key)

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

    def _files_added(self, summaries: Sequence[ImportSummary]) -> None:
        """Show the last file's schedule, and what each file added or changed."""
        self.current_day = None
        self.reload(summaries[-1].key)
        self.statusBar().showMessage("; ".join(str(s) for s in summaries), 10000)
        self.watch.seen()  # the change is this window's own

    def export_agenda(self) -> None:
        """Save My agenda as .ics (updating earlier exports), Markdown or PDF."""
        self.output.export(self.starred_events, schedule_key=self.schedule_key, title=self._title(),
                           alarm_minutes=self.reminders.lead_minutes or None)

    def print_agenda(self) -> None:
        self.output.print(self.starred_events, title=self._title(), zone=self.zone, display=self.display_zone)

    def _title(self) -> str:
        return self.windowTitle().removeprefix("Planner — ")

    # -- go --------------------------------------------------------------------------

    def go_now(self) -> None:
        """Scroll to the current time and say what is on now and next, starred first."""
        now = self.timeline.now()
        today = self.days.day_at(now)
        if today in self.days:
            self.show_day(today)
            self.timeline.scroll_to_time(now)
        current, upcoming = now_and_next(self.days.around(now, self.starred), self.starred, now)
        text = now_and_next_text(current, upcoming, self.starred, self.display_zone)
        self.banner.show_message(text, 30_000)
        self.statusBar().showMessage(text, 10_000)
        # Prefer what is on (or next) on the day shown; before or between conference days,
        # go to the next event wherever it is (select_event switches the day).
        shown = set(self.model.outline().ids)
        target = next((e for e in current + upcoming if e.id in shown), None)
        if target is None and (current or upcoming):
            target = (current + upcoming)[0]
        if target is not None and self.days.event(target.id) is not None:
            self.select_event(target.id)

    # -- help ------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        dialogs.information(self, "Keyboard shortcuts", "\n".join(actions.help_lines()))

    def show_about(self) -> None:
        dialogs.about(self)

    # -- settings --------------------------------------------------------------------

    def _restore_settings(self) -> None:
        window_state.restore(self.settings, self, self.splitter, self.timeline)

    def showEvent(self, event: QShowEvent) -> None:
        if self._first_show:
            self.panes.first_shown()
            self._first_show = False
        super().showEvent(event)

    def restore_selection(self) -> None:
        event_id = self.settings.value("selectedEvent", "", type=str)
        if event_id and self.days.event(event_id) is not None:
            self.select_event(event_id)
            self.timeline.scrollTo(self.model.index_of(event_id), TimelineView.ScrollHint.PositionAtCenter)

    def save_settings(self) -> None:
        current = self.current_event()
        window_state.save(self.settings, self, self.splitter, self.timeline, schedule_key=self.schedule_key,
                          selected=current.id if current else None)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.file_import is not None:
            # Let the files the attendee asked for go in (a 50,000-event file takes
            # seconds); its thread has its own connection and commits on its own.
            self.file_import.wait(120)
        self.watch.stop()
        self.finder.stop()
        self.detail.flush_note()
        self.save_settings()
        super().closeEvent(event)
