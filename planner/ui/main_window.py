"""The main window: the container that owns the library handle and wires the widgets.

Widgets only emit signals; every change to stars, notes or schedules goes through this
class to the store and then back out to the widgets, so what is on screen is always
what is in the database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QSystemTrayIcon,
    QTabBar,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.days import day_of, event_times, in_zone, offset_label
from planner.domain.errors import ScheduleError
from planner.domain.model import Event, Kind, zoneless
from planner.domain.queries import conflicts, now_and_next
from planner.domain.similar import SimilarityIndex
from planner.domain.zones import CONFERENCE, LOCAL, ZoneError
from planner.domain.zones import resolve as resolve_zone
from planner.store import ImportSummary, Library, StoreError, find_damage, request_full_check
from planner.store.schedule_days import ScheduleDays
from planner.text.readable import event_summary
from planner.text.wording import counted
from planner.ui import actions, dialogs
from planner.ui.agenda import AgendaPanel
from planner.ui.banner import Banner
from planner.ui.detail import DetailPane
from planner.ui.models import EventListModel, Roles
from planner.ui.reminders import ReminderClock
from planner.ui.timeline import DEFAULT_PPM, TimelineView
from planner.ui.web_schedules import WebSchedules

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent  # named only in annotations

    from planner.ui.downloads import Download
    from planner.ui.file_imports import FileImport

CARD_ABSTRACT_CHARS = 600  # what a card can show; the detail pane loads the whole event
SYNC_SIMILAR_LIMIT = 2000  # below this, the similarity index builds in well under 0.5 s


class MainWindow(QMainWindow):
    """Planner's window over one Library."""

    _similarReady = Signal(object)  # (schedule key, SimilarityIndex) from the worker thread
    _libraryChecked = Signal(str)  # what check_library's thread found wrong, "" when sound

    def __init__(self, library: Library, *, settings: QSettings | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.library = library
        self.settings = settings if settings is not None else QSettings()
        self.setAcceptDrops(True)
        self.setWindowIcon(QIcon.fromTheme("x-office-calendar"))
        self.schedule_key: str | None = None
        self.zone: tzinfo | None = None
        self.days = ScheduleDays(library, None)  # the shown schedule, read a day at a time
        self.starred_events: list[Event] = []  # the shown schedule's starred events
        self.day_list: list[date] = []
        self.current_day: date | None = None
        self.starred: set[str] = set()
        self.statuses: dict[str, tuple[str, str]] = {}
        self.clashes: dict[str, list[Event]] = {}
        self.search_ids: set[str] | None = None
        self.display_zone_name = str(self.settings.value("displayZone", CONFERENCE, type=str) or CONFERENCE)
        self.display_zone: tzinfo | None = None
        self._noted_key: str | None = None
        self.zoneless = False
        self._similar: SimilarityIndex | None = None
        self._similar_key: str | None = None
        self._similar_thread: threading.Thread | None = None
        self._damage_told = False

        self._build_widgets(now)
        self._build_actions()
        self._connect()
        self._restore_settings()
        self.reload()
        # Keys go to the timeline first: arrows, J/K and S work the moment the window opens.
        self.timeline.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- construction ----------------------------------------------------------------

    def _build_widgets(self, now: Callable[[], datetime] | None) -> None:
        self.model = EventListModel(self)
        self.timeline = TimelineView(self)
        self.timeline.setModel(self.model)
        if now is not None:
            self.timeline.now = now
        self.day_tabs = QTabBar(self)
        self.day_tabs.setAccessibleName("Conference days")
        self.day_tabs.setExpanding(False)
        self.day_tabs.setDrawBase(False)
        self.zone_label = QLabel(self)
        self.zone_label.setAccessibleName("Time zone of the time axis")
        day_bar = QHBoxLayout()
        day_bar.setContentsMargins(6, 4, 6, 0)
        day_bar.addWidget(self.day_tabs, 1)
        day_bar.addWidget(self.zone_label)
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(2)
        centre_layout.addLayout(day_bar)
        centre_layout.addWidget(self.timeline, 1)

        self.detail = DetailPane(self)
        self.agenda = AgendaPanel(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.agenda)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([250, 560, 420])
        self.splitter.setChildrenCollapsible(False)
        self.banner = Banner(self)
        central = QWidget(self)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.reminders = ReminderClock(self.timeline.now if now is None else now, self)
        self.reminders.lead_minutes = int(self.settings.value("reminderMinutes", 10, type=int))
        # Stars and notes written by another window or `planner star` show up here within
        # a second: PRAGMA data_version changes only when another connection commits.
        self._data_version = self.library.data_version()
        self._watch = QTimer(self)
        self._watch.setInterval(1000)
        self._watch.timeout.connect(self.pick_up_changes)
        self._watch.start()
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(self.windowIcon(), self)
            self.tray.setToolTip("Planner")
            self.tray.show()

        self.toolbar = QToolBar("Search and filters", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.schedule_box = QComboBox(self)
        self.schedule_box.setAccessibleName("Conference")
        self.schedule_box.setToolTip("Switch between the schedules in your library")
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search title, author, abstract…  (Ctrl+F)")
        self.search.setAccessibleName("Search events")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.kind_buttons: dict[str, QToolButton] = {}
        self.kind_bar = QWidget(self)
        self.kind_layout = QHBoxLayout(self.kind_bar)
        self.kind_layout.setContentsMargins(6, 0, 6, 0)
        self.kind_layout.setSpacing(2)
        self.starred_only = QToolButton(self)
        self.starred_only.setText("★ Starred only")
        self.starred_only.setCheckable(True)
        self.starred_only.setAccessibleName("Show starred events only")
        self.export_button = QToolButton(self)
        self.export_button.setText("Export…")
        self.export_button.setAccessibleName("Export My agenda")
        self.schedule_action = self.toolbar.addWidget(self.schedule_box)
        self.toolbar.addWidget(self.search)
        self.toolbar.addWidget(self.kind_bar)
        self.room_box = QComboBox(self)
        self.room_box.setAccessibleName("Filter by room")
        self.room_box.setToolTip("Show only events in one room")
        self.track_box = QComboBox(self)
        self.track_box.setAccessibleName("Filter by track")
        self.track_box.setToolTip("Show only events in one track")
        for box in (self.room_box, self.track_box, self.schedule_box):
            # Long room names must not push the rest of the toolbar out of sight.
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(14)
        self.room_action = self.toolbar.addWidget(self.room_box)
        self.track_action = self.toolbar.addWidget(self.track_box)
        self.toolbar.addWidget(self.starred_only)
        spacer = QWidget(self)
        spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy())
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.export_button)
        self.count_label = QLabel(self)
        self.refreshed_label = QLabel(self)
        self.refreshed_label.setAccessibleName("When the schedule was last downloaded")
        self.statusBar().addPermanentWidget(self.refreshed_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.file_import: FileImport | None = None  # planner.ui.file_imports, imported on first use
        self.web = WebSchedules(self.library, self.settings, self, now=lambda: self.timeline.now(),
                                shown=lambda: self.schedule_key)

    def _build_actions(self) -> None:
        """Menus and shortcuts from the one table in planner.ui.actions."""
        self.menus, self.named_actions = actions.install(self)
        for name, action in self.named_actions.items():
            setattr(self, f"{name}_action", action)  # window.open_action, window.star_action…
        self.zone_actions = {CONFERENCE: self.named_actions["conference_zone"], LOCAL: self.named_actions["local_zone"]}
        self.starred_only.setDefaultAction(self.named_actions["starred_only"])
        self.named_actions["starred_only"].setText("★ Starred only")
        self.export_button.setDefaultAction(self.named_actions["export"])
        self.export_button.setText("Export…")

    def _connect(self) -> None:
        self.timeline.selectionModel().currentChanged.connect(self._timeline_current_changed)
        self.timeline.starToggled.connect(self.toggle_star)
        self.detail.similarChosen.connect(self.select_event)
        self.reminders.due.connect(self.notify)
        self._similarReady.connect(self._similar_ready)
        self._libraryChecked.connect(self._library_checked)
        self.detail.starToggled.connect(self.toggle_star)
        self.detail.noteEdited.connect(self.save_note)
        self.agenda.eventSelected.connect(self.select_event)
        self.agenda.unstarRequested.connect(lambda event_id: self.set_star(event_id, False))
        self.agenda.exportRequested.connect(self.export_agenda)
        self.web.stored.connect(self._schedule_downloaded)
        self.web.status.connect(self.statusBar().showMessage)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._search_return)
        self.day_tabs.currentChanged.connect(self._day_tab_changed)
        self.schedule_box.activated.connect(self._schedule_chosen)
        self.room_box.currentIndexChanged.connect(self.apply_filters)
        self.track_box.currentIndexChanged.connect(self.apply_filters)
        clear = QAction(self.search)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self._clear_search)
        self.search.addAction(clear)
        QWidget.setTabOrder(self.search, self.timeline)
        QWidget.setTabOrder(self.timeline, self.detail.star_button)
        QWidget.setTabOrder(self.detail.star_button, self.detail.browser)
        QWidget.setTabOrder(self.detail.browser, self.detail.note)
        QWidget.setTabOrder(self.detail.note, self.agenda.tree)

    # -- loading ---------------------------------------------------------------------

    def pick_up_changes(self) -> bool:
        """Reload stars, notes and schedules if another process changed the library."""
        if not self.library.is_open:  # the window outlived its library (shutdown)
            self._watch.stop()
            return False
        version = self.library.data_version()
        if version == self._data_version:
            return False
        self._data_version = version
        current = self.current_event()
        schedules = [s.key for s in self.library.schedules()]
        if self.schedule_key not in schedules or len(schedules) != self.schedule_box.count():
            self.reload()
        else:
            self.starred = self.library.starred_ids()
            self.statuses = self.library.statuses()
            self._refresh_starred()
        if current is not None and self.days.event(current.id) is not None:
            note = self.library.note(current.id)
            if note != self.detail.note.toPlainText() and not self.detail.note.hasFocus():
                self._show_detail(current)
        return True

    # -- time zone and reminders -----------------------------------------------------

    def set_display_zone(self, name: str) -> None:
        """Show every time in ``name`` (conference / local / IANA); days stay the conference's."""
        try:
            zone = resolve_zone(name, self.zone)
        except ZoneError as exc:
            dialogs.warning(self, "Planner", dialogs.as_plain(str(exc)))
            return
        self.display_zone_name, self.display_zone = name, zone
        if self.zoneless:  # as reload() does: a time without a zone is never converted
            self.display_zone = self.zone
        self.settings.setValue("displayZone", name)
        self._check_zone_action()
        current = self.current_event()
        self.show_day(self.current_day)
        self._refresh_starred()
        if current is not None:
            self.select_event(current.id)

    def _check_zone_action(self) -> None:
        action = self.zone_actions.get(self.display_zone_name, self.other_zone_action)
        action.setChecked(True)
        self.other_zone_action.setText(
            "&Other Zone…" if action is not self.other_zone_action else f"&Other Zone… ({self.display_zone_name})"
        )

    def choose_zone(self) -> None:
        name = dialogs.pick_zone(self, self.display_zone_name)
        if name is not None:
            self.set_display_zone(name)
        else:
            self._check_zone_action()

    def choose_reminder_lead(self) -> None:
        minutes = dialogs.ask_int(self, "Reminders", "Remind me this many minutes before each starred event (0 = off):",
                                  self.reminders.lead_minutes, 0, 24 * 60)
        if minutes is not None:
            self.reminders.lead_minutes = minutes
            self.settings.setValue("reminderMinutes", minutes)
            self.statusBar().showMessage(
                f"Reminders {minutes} minutes before starred events" if minutes else "Reminders off", 5000)

    def notify(self, event: Event) -> None:
        """A reminder: the system tray where there is one, else the in-window banner."""
        start = event_times(event, self.display_zone)[0]
        minutes = max(0, round((event.start - self.timeline.now()).total_seconds() / 60))
        text = f"In {minutes} min ({start:%H:%M}): {event_summary(event)}"
        if event.room:
            text += f" — {event.room}"
        if self.tray is not None:
            self.tray.showMessage("Planner reminder", text, QSystemTrayIcon.MessageIcon.Information, 20_000)
        # Words, not an alarm-clock emoji: DejaVu, the fonts a bare Debian desktop has, has
        # no such glyph, and a screen reader reads "Reminder" better than an icon's name.
        self.banner.show_message("Reminder: " + text)

    # -- loading ---------------------------------------------------------------------

    def reload(self, schedule_key: str | None = None) -> None:
        """Re-read the library (after start, an import, or a change made elsewhere)."""
        schedules = self.library.schedules()
        keys = [s.key for s in schedules]
        wanted = schedule_key or self.schedule_key or self.settings.value("schedule", "", type=str)
        self.schedule_key = wanted if wanted in keys else (keys[0] if keys else None)
        self.schedule_box.blockSignals(True)
        self.schedule_box.clear()
        for info in schedules:
            self.schedule_box.addItem(info.title, info.key)
        if self.schedule_key is not None:
            self.schedule_box.setCurrentIndex(keys.index(self.schedule_key))
        self.schedule_box.blockSignals(False)
        self.schedule_action.setVisible(len(schedules) > 1)
        info = next((s for s in schedules if s.key == self.schedule_key), None)
        self._show_origin()
        if info is not None and info.notes and info.key != self._noted_key:
            # What the schedule file left unsaid (no time zone, repeating events) matters
            # for reading every time on screen: say it once per schedule shown.
            self._noted_key = info.key
            self.banner.show_message("ℹ " + " ".join(info.notes))  # U+2139: in DejaVu, unlike ⓘ
        self.setWindowTitle(f"Planner — {info.title}" if info else "Planner")
        self.days = ScheduleDays(self.library, self.schedule_key, info.timezone if info else "",
                                 abstract_chars=CARD_ABSTRACT_CHARS)
        self.zone = self.days.zone
        # Times published without a zone are the venue's clock: shown as printed, never converted.
        self.zoneless = info is not None and not info.timezone and zoneless(info.notes)
        try:
            self.display_zone = resolve_zone(self.display_zone_name, self.zone)
        except ZoneError:
            self.display_zone_name, self.display_zone = CONFERENCE, self.zone
        if self.zoneless:
            self.display_zone = self.zone  # no zone to convert from: the printed clock it is
        self._check_zone_action()
        if self._similar_key != self.schedule_key:
            self._similar, self._similar_key = None, self.schedule_key
        self.day_list = list(self.days)
        self.starred = self.library.starred_ids()
        self.statuses = self.library.statuses()
        self._build_kind_buttons()
        self._build_place_filters()
        self.day_tabs.blockSignals(True)
        while self.day_tabs.count():
            self.day_tabs.removeTab(0)
        for day in self.day_list:
            self.day_tabs.addTab(f"{day:%a %d %b}")
        self.day_tabs.blockSignals(False)
        self.day_tabs.setVisible(bool(self.day_list))
        self._refresh_starred()
        if self.current_day not in self.days:
            self.current_day = None
        self.show_day(self.current_day or (self.day_list[0] if self.day_list else None))

    def _build_place_filters(self) -> None:
        """Room and track filters, offered when the schedule has more than one of them."""
        for box, action, attr, everything in (
            (self.room_box, self.room_action, "room", "All rooms"),
            (self.track_box, self.track_action, "track", "All tracks"),
        ):
            values = self.days.values(attr)
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, "")
            for value in values:
                box.addItem(value, value)
            box.setCurrentIndex(0)
            box.blockSignals(False)
            action.setVisible(len(values) > 1)

    def _build_kind_buttons(self) -> None:
        """One toggle per talk kind in this schedule, plus Other for breaks and slots."""
        for button in self.kind_buttons.values():
            # Out of the layout now: deleteLater alone would leave it on screen until the
            # event loop runs again.
            self.kind_layout.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.kind_buttons = {}
        present = self.days.kinds()
        groups = [k.value for k in Kind if k.is_talk and k in present]
        if present - {Kind(k) for k in groups}:
            groups.append("other")
        for group in groups if len(groups) > 1 else []:
            button = QToolButton(self.kind_bar)
            button.setText(Kind(group).label if group != "other" else "Other")
            button.setCheckable(True)
            button.setChecked(True)
            button.setAccessibleName(f"Show {button.text()} events")
            button.setToolTip(f"Show or hide {button.text().lower()} events")
            button.toggled.connect(self.apply_filters)
            self.kind_layout.addWidget(button)
            self.kind_buttons[group] = button
        self.kind_bar.setVisible(bool(self.kind_buttons))
        self.kind_bar.adjustSize()

    def show_day(self, day: date | None) -> None:
        self.current_day = day
        events = self.days.get(day, []) if day is not None else []
        self.search_ids = self._search_day(day)  # the search is asked about the day shown
        self.model.set_events(events, self.display_zone, day)
        self.model.set_starred(self.starred)
        self.model.set_matches(self.search_ids_for_day())
        self.model.set_flags(self.statuses, self.clashes)
        if day is not None:
            self.day_tabs.blockSignals(True)
            self.day_tabs.setCurrentIndex(self.day_list.index(day))
            self.day_tabs.blockSignals(False)
            first = events[0].start if events else None
            if first is None:
                self.zone_label.setText("")
            elif self.zoneless:
                self.zone_label.setText("Venue's clock (the schedule gives no time zone)")
            elif self.display_zone_name == CONFERENCE:
                self.zone_label.setText(f"Conference time, {offset_label(in_zone(first, self.display_zone))}")
            else:
                name = "your time" if self.display_zone_name == LOCAL else self.display_zone_name
                self.zone_label.setText(f"Times in {name}, {offset_label(in_zone(first, self.display_zone))}")
        else:
            self.zone_label.setText("")
        self._update_counts()

    def step_day(self, delta: int) -> None:
        if not self.day_list or self.current_day is None:
            return
        i = min(len(self.day_list) - 1, max(0, self.day_list.index(self.current_day) + delta))
        self.show_day(self.day_list[i])

    def _day_tab_changed(self, i: int) -> None:
        if 0 <= i < len(self.day_list):
            self.show_day(self.day_list[i])

    def _schedule_chosen(self, i: int) -> None:
        key = self.schedule_box.itemData(i)
        if key and key != self.schedule_key:
            self.current_day = None
            self.reload(key)

    # -- selection -------------------------------------------------------------------

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

    def _timeline_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        event: Event | None = current.data(Roles.EVENT) if current.isValid() else None
        if event is not None:
            self.timeline.selectionModel().select(current, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._show_detail(event)
        self.agenda.select(event.id if event else "")

    def _show_detail(self, event: Event | None) -> None:
        if event is None:
            self.detail.show_event(None)
            return
        self.detail.flush_note()  # save a pending edit first: it may be this event's note
        event = self._full(event)
        self.detail.show_event(
            event, starred=event.id in self.starred, zone=self.zone, status=self.statuses.get(event.id),
            clashes=self.clashes.get(event.id), note=self.library.note(event.id), display=self.display_zone,
            wall_clock=self.zoneless,
        )
        self._show_similar(event)

    def _full(self, event: Event) -> Event:
        """The whole event: the timeline holds only the start of each abstract."""
        try:
            return self.library.event(event.id)
        except StoreError:
            return event

    def _show_similar(self, event: Event) -> None:
        """More like this: from the TF-IDF index, built in the background for big schedules."""
        if self._similar is None:
            if self.days.count <= SYNC_SIMILAR_LIMIT:
                self._similar = SimilarityIndex(self.library.events(schedule_key=self.schedule_key))
            else:
                self._build_similar_in_background()
                return
        found = self._similar.similar(event.id)
        self.detail.set_similar(self.days.many(i for i, _ in found))

    def _build_similar_in_background(self) -> None:
        if self._similar_thread is not None and self._similar_thread.is_alive():
            return
        path, key = self.library.path, self.schedule_key

        def build() -> None:
            # Its own connection: SQLite handles stay on the thread that opened them.
            other = Library(path)
            try:
                events = other.events(schedule_key=key)
            finally:
                other.close()
            self._similarReady.emit((key, SimilarityIndex(events)))

        self._similar_thread = threading.Thread(target=build, name="similarity-index", daemon=True)
        self._similar_thread.start()

    def _similar_ready(self, payload: object) -> None:
        key, index = payload  # type: ignore[misc]
        if key == self.schedule_key:
            self._similar = index
            current = self.current_event()
            if current is not None:
                self._show_similar(current)

    # -- the library's health -------------------------------------------------------

    def check_library(self) -> threading.Thread:
        """Check every page of the library file in a thread; say so if it is damaged.

        The window opens its library checking only the attendee's own tables (stars,
        notes, exports): a check of every page took 17-35 ms of each start at 10,000
        events. This one runs once the window is up, on its own connection, while SQLite
        does not hold Python's lock.
        """
        path = self.library.path

        def check() -> None:
            problem = find_damage(path)
            try:
                self._libraryChecked.emit(problem)
            except RuntimeError:  # the window was closed meanwhile: nobody left to tell
                pass

        worker = threading.Thread(target=check, name="library-check", daemon=True)
        worker.start()
        return worker

    def _library_checked(self, problem: str) -> None:
        if problem:
            self.library_damaged(problem)

    def library_damaged(self, problem: str) -> None:
        """Damage found in the library file, by check_library or by a failed read: have
        the next start check it and set it aside, and tell the attendee once."""
        request_full_check(self.library.path)
        if self._damage_told:
            return
        self._damage_told = True
        dialogs.tell_damage(self, self.library.path, problem)

    def step_event(self, delta: int) -> None:
        self.timeline.step(delta)
        self.timeline.setFocus()

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
        try:
            self.library.set_starred(event_id, starred)
        except StoreError as exc:
            dialogs.warning(self, "Planner", dialogs.as_plain(str(exc)))
            return
        self.starred = self.library.starred_ids()
        self._refresh_starred()
        event = self.days.event(event_id)
        name = event_summary(event) if event else event_id
        if starred and self.clashes.get(event_id):
            other = self.clashes[event_id][0]
            self.statusBar().showMessage(f"Starred {name} — it clashes with {event_summary(other)}", 8000)
        else:
            self.statusBar().showMessage(f"{'Starred' if starred else 'Unstarred'} {name}", 4000)

    def _refresh_starred(self) -> None:
        self.starred_events = starred_events = self.days.starred(self.starred)
        self.clashes = {}
        # A talk that left the schedule clashes with nothing (conflicts() skips cancelled ones).
        for clash in conflicts(e for e in starred_events if self.statuses.get(e.id, ("", ""))[0] != "removed"):
            self.clashes.setdefault(clash.a.id, []).append(clash.b)
            self.clashes.setdefault(clash.b.id, []).append(clash.a)
        self.model.set_starred(self.starred)
        self.model.set_flags(self.statuses, self.clashes)
        self.agenda.set_agenda(starred_events, self.zone, self.statuses, self.clashes, self.library.notes(),
                               display_zone=self.display_zone)
        # Every starred event reminds, not only those of the schedule on screen (but not
        # one that left its schedule).
        self.reminders.set_events([e for e in self.library.events(starred=True, abstract_chars=0)
                                   if self.statuses.get(e.id, ("", ""))[0] != "removed"])
        current = self.current_event()
        if current is not None:
            self.agenda.select(current.id)
            self.detail.set_starred(current.id in self.starred)
            if self.detail.current is not None and self.detail.current.id == current.id:
                self.detail.show_event(
                    self.detail.current, starred=current.id in self.starred, zone=self.zone,
                    status=self.statuses.get(current.id), clashes=self.clashes.get(current.id),
                    note=self.detail.note.toPlainText(), display=self.display_zone,
                    wall_clock=self.zoneless,
                )
                self._show_similar(current)
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
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _clear_search(self) -> None:
        self.search.clear()
        self.timeline.setFocus()

    def _search_return(self) -> None:
        # Enter in the search box jumps to the first match.
        if not self.timeline.currentIndex().isValid() or not self.model.is_match(self.timeline.currentIndex().row()):
            self.timeline.step(1)
        self.timeline.setFocus()

    def _search_changed(self, text: str) -> None:
        self.search_ids = self._search_day(self.current_day)
        self.apply_filters()

    def apply_filters(self) -> None:
        self.model.set_matches(self.search_ids_for_day())
        self._update_counts()

    def _search_day(self, day: date | None) -> set[str] | None:
        """The search box's matches among ``day``'s events (None: the box is empty)."""
        text = self.search.text()
        if not text.strip():
            return None
        return self.days.search(day, text) if day is not None else set()

    def search_ids_for_day(self) -> set[str] | None:
        """Ids of the shown day's events that pass search, kind filters and starred-only."""
        hidden_kinds = {k for k, b in self.kind_buttons.items() if not b.isChecked()}
        only_starred = self.starred_only_action.isChecked()
        room = self.room_box.currentData() or ""
        track = self.track_box.currentData() or ""
        if self.search_ids is None and not hidden_kinds and not only_starred and not room and not track:
            return None
        # The day's outline has what the filters look at: no event needs to be read.
        day = self.model.outline()
        result = set()
        for event_id, kind, event_room, event_track in zip(day.ids, day.kinds, day.rooms, day.tracks, strict=True):
            # The kind's group only when a kind is hidden: enum lookups per event are the
            # slowest part of this loop, which runs on every search keystroke.
            if hidden_kinds and (kind.value if kind.is_talk else "other") in hidden_kinds:
                continue
            if only_starred and event_id not in self.starred:
                continue
            if (room and event_room != room) or (track and event_track != track):
                continue
            if self.search_ids is not None and event_id not in self.search_ids:
                continue
            result.add(event_id)
        return result

    def _update_counts(self) -> None:
        shown = self.model.rowCount()
        matching = self.model.matching_count()
        text = f"{len(self.starred_events)} starred · {counted(self.days.count, 'event')}"
        if matching != shown:
            text = f"{matching} of {shown} match · " + text
        self.count_label.setText(text)

    # -- files -----------------------------------------------------------------------

    def remove_schedule(self) -> None:
        """Remove the shown schedule; its stars and notes stay unless the user says otherwise."""
        if self.schedule_key is None:
            return
        title = self.windowTitle().removeprefix("Planner — ")
        drop_stars = dialogs.confirm_removal(self, title, len(self.starred_events))
        if drop_stars is None:
            return
        try:
            self.library.remove_schedule(self.schedule_key, drop_stars=drop_stars)
        except StoreError as exc:
            dialogs.warning(self, "Planner", dialogs.as_plain(str(exc)))
            return
        self.schedule_key, self.current_day = None, None
        self.reload()
        self.statusBar().showMessage(f"Removed {title}", 8000)

    # -- schedules from the web -------------------------------------------------------

    def _show_origin(self) -> None:
        """"Refreshed 10 min ago" for schedules from a link; nothing for files."""
        label = self.web.origin_label(self.schedule_key)
        self.named_actions["refresh"].setEnabled(label is not None)
        text, url = label or ("", "")
        self.refreshed_label.setText(text)
        self.refreshed_label.setToolTip(url)

    def _schedule_downloaded(self, key: str, new: bool) -> None:
        if new:
            self.current_day = None
        self.reload(key)

    def refresh_if_stale(self) -> Download | None:
        """On start: quietly refresh the shown schedule if its link was fetched long ago."""
        return self.web.refresh_if_stale()

    def open_files(self) -> None:
        paths = dialogs.open_schedule_files(self)
        if paths:
            self.add_files(paths)

    def add_files(self, paths: Sequence[str]) -> FileImport | None:
        """Add schedule files on a worker thread (see planner.ui.file_imports): the window
        stays usable, with a busy cursor and a status line, and shows the last file's
        schedule when they are in. import_files does the same work while the caller waits."""
        from PySide6.QtWidgets import QApplication

        from planner.ui.file_imports import FileImport

        names = ", ".join(Path(p).name for p in paths)
        if self.file_import is not None:
            # Kept up until the import in progress reports, as its own line was.
            adding = ", ".join(Path(p).name for p in self.file_import.paths)
            self.statusBar().showMessage(f"Still adding {adding}: open {names} again once it is in")
            return None
        job = FileImport(self.library.path, paths, parent=self)
        job.finished.connect(self._files_added)
        job.failed.connect(self._files_not_added)
        self.file_import = job
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)  # busy, yet still usable
        self.statusBar().showMessage(f"Adding {names}…")
        job.start()
        return job

    def _end_file_import(self) -> bool:
        """Whether the window is still there to show what the import did."""
        from PySide6.QtWidgets import QApplication

        self.file_import = None
        QApplication.restoreOverrideCursor()
        return self.library.is_open

    def _files_added(self, summaries: object) -> None:
        if not self._end_file_import():
            return
        self._show_added(list(summaries))  # type: ignore[call-overload]
        self._data_version = self.library.data_version()  # the change is this window's own

    def _files_not_added(self, reason: str) -> None:
        if not self._end_file_import():
            return
        self.statusBar().clearMessage()
        self._say_not_added(reason)

    def import_files(self, paths: Sequence[str]) -> bool:
        """Add schedule files while the caller waits (add_files does it on a worker thread)."""
        from planner.ui.file_imports import add_files_to

        try:
            summaries = add_files_to(self.library, paths)
        except (ScheduleError, StoreError) as exc:
            self._say_not_added(str(exc))
            return False
        self._show_added(summaries)
        return True

    def _show_added(self, summaries: Sequence[ImportSummary]) -> None:
        """Show the last file's schedule, and what each file added or changed."""
        self.current_day = None
        self.reload(summaries[-1].key)
        self.statusBar().showMessage("; ".join(str(s) for s in summaries), 10000)

    def _say_not_added(self, reason: str) -> None:
        dialogs.critical(self, "Planner — could not open the schedule", dialogs.as_plain(reason))

    def export_agenda(self) -> None:
        """Save My agenda as .ics (updating earlier exports), Markdown or PDF."""
        from planner.fileio import write_atomic
        from planner.services.exporting import export_agenda
        from planner.ui.printing import html_to_pdf

        if not self.starred_events:
            dialogs.information(self, "Planner", "My agenda is empty: star some talks (S) first.")
            return
        chosen = dialogs.export_path(self, self.settings.value("exportDir", str(Path.home()), type=str))
        if chosen is None:
            return
        path, suffix = chosen
        title = self.windowTitle().removeprefix("Planner — ")
        alarm = self.reminders.lead_minutes or None
        try:
            result = export_agenda(self.library, schedule_key=self.schedule_key, fmt=suffix, alarm_minutes=alarm,
                                   title=f"My agenda — {title}",  # exports ignore the display zone
                                   render_pdf=html_to_pdf)
            write_atomic(path, result.data)
        except OSError as exc:
            # Nothing is remembered: the next export still sends what this one would have.
            dialogs.critical(self, "Planner — export failed",
                             f"Could not write {path}: {exc.strerror or exc}\nNothing was changed.")
            return
        result.remember(self.library)
        self.settings.setValue("exportDir", str(Path(path).parent))
        text = f"Exported {result.count} event{'s' if result.count != 1 else ''} to {path}"
        if result.cancelled:
            text += f" ({result.cancelled} cancelled since the last export)"
        self.statusBar().showMessage(text, 10000)

    def print_agenda(self) -> None:
        from planner.export.markdown import to_html
        from planner.ui.printing import print_html

        events = self.starred_events
        title = self.windowTitle().removeprefix("Planner — ")
        html = to_html(events, title=f"My agenda — {title}", zone=self.zone, display=self.display_zone,
                       notes=self.library.notes())  # conference days, times as on screen
        if print_html(html, self):
            self.statusBar().showMessage(f"Printed {len(events)} event{'s' if len(events) != 1 else ''}", 5000)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    # -- go --------------------------------------------------------------------------

    def go_now(self) -> None:
        """Scroll to the current time and say what is on now and next, starred first."""
        now = self.timeline.now()
        today = day_of(now, self.zone)
        if today in self.days:
            self.show_day(today)
            self.timeline.scroll_to_time(now)
        current, upcoming = now_and_next(self.days.around(now, self.starred), self.starred, now)
        parts = []
        if current:
            parts.append("Now: " + "; ".join(self._star_mark(e) + event_summary(e) for e in current))
        if upcoming:
            parts.append("Next: " + "; ".join(
                f"{self._star_mark(e)}{event_times(e, self.display_zone)[0]:%a %H:%M} {event_summary(e)}" for e in upcoming))
        text = "  ·  ".join(parts) or "Nothing on now or later in this schedule."
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

    def _star_mark(self, event: Event) -> str:
        return "★ " if event.id in self.starred else ""

    # -- help ------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        dialogs.information(self, "Keyboard shortcuts", "\n".join(actions.help_lines()))

    def show_about(self) -> None:
        dialogs.about(self)

    # -- settings --------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(QSize(1280, 800))
        splitter = self.settings.value("splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        zoom = self.settings.value("zoom", DEFAULT_PPM, type=float)
        self.timeline.ppm = zoom

    def restore_selection(self) -> None:
        event_id = self.settings.value("selectedEvent", "", type=str)
        if event_id and self.days.event(event_id) is not None:
            self.select_event(event_id)
            self.timeline.scrollTo(self.model.index_of(event_id), TimelineView.ScrollHint.PositionAtCenter)

    def save_settings(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.setValue("zoom", self.timeline.ppm)
        self.settings.setValue("schedule", self.schedule_key or "")
        current = self.current_event()
        self.settings.setValue("selectedEvent", current.id if current else "")
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.file_import is not None:
            # Let the files the attendee asked for go in (a 50,000-event file takes
            # seconds); its thread has its own connection and commits on its own.
            self.file_import.wait(120)
        self._watch.stop()
        self.detail.flush_note()
        self.save_settings()
        super().closeEvent(event)
