"""The main window: the container that owns the library handle and wires the widgets.

Widgets only emit signals; every change to stars, notes or schedules goes through this
class to the store and then back out to the widgets, so what is on screen is always
what is in the database.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
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
from planner.ui.agenda import AgendaPanel
from planner.ui.banner import Banner
from planner.ui.detail import DetailPane
from planner.ui.models import EventListModel, Roles
from planner.ui.reminders import ReminderClock
from planner.ui.timeline import DEFAULT_PPM, TimelineView

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent  # named only in annotations

    # Dialogs are imported where they open: building their Python types (QMessageBox,
    # QFileDialog, QInputDialog, QProgressDialog: a dozen enums) cost 3-4 ms of every
    # start, before the first paint, for windows that may never show one.
    from PySide6.QtWidgets import QProgressDialog

    # The network stack (urllib, ssl, certifi) loads only when a download starts.
    from planner.ui.downloads import Download
    from planner.ui.file_imports import FileImport

SCHEDULE_FILTER = "Schedules (*.txt *.xml *.json *.ics *.ical);;All files (*)"
EXPORT_FILTERS = "Calendar (*.ics);;Markdown (*.md);;PDF (*.pdf)"
DEFAULT_REFRESH_HOURS = 6  # schedules change in the days before a conference, not by the minute
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
        self.download: Download | None = None  # planner.ui.downloads, imported on first use
        self.file_import: FileImport | None = None  # planner.ui.file_imports, the same
        self.progress_dialog: QProgressDialog | None = None

    def _action(self, menu_name: str, text: str, shortcuts: Sequence[QKeySequence | str], slot: Callable[[], object],
                *, checkable: bool = False, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.menus[menu_name].addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        self.menus = {name: bar.addMenu(f"&{name}") for name in ("File", "Edit", "View", "Go", "Help")}
        K = QKeySequence.StandardKey
        self.open_action = self._action("File", "&Open Schedule…", [K.Open], self.open_files,
                                        tip="Add a schedule file to your library")
        self.export_action = self._action("File", "&Export My Agenda…", ["Ctrl+E"], self.export_agenda,
                                          tip="Save the starred events as a calendar (.ics), Markdown or PDF file")
        self.print_action = self._action("File", "&Print My Agenda…", [K.Print], self.print_agenda,
                                         tip="Print the starred events, grouped by day")
        self.url_action = self._action("File", "Add from &URL…", ["Ctrl+Shift+O"], self.add_from_url,
                                       tip="Add a schedule from a link (schedule.xml, .json, .ics or a session page)")
        self.refresh_action = self._action("File", "Re&fresh Schedule", [K.Refresh], self.refresh_schedule,
                                           tip="Download the shown schedule again from its link")
        self.auto_refresh_action = self._action(
            "File", "Refresh on &Start…", ["Ctrl+Shift+F5"], self.choose_refresh_age,
            tip="Refresh schedules from links when Planner starts, if older than a set age")
        self.remove_action = self._action("File", "&Remove Schedule…", ["Ctrl+Shift+Del"], self.remove_schedule,
                                          tip="Remove the shown schedule from your library")
        self.menus["File"].addSeparator()
        self.quit_action = self._action("File", "&Quit", ["Ctrl+Q"], self.close)
        self.find_action = self._action("Edit", "&Find…", [K.Find], self.focus_search)
        self.star_action = self._action("Edit", "&Star / Unstar", ["S"], self.toggle_current_star,
                                        tip="Star or unstar the selected event")
        self.zoom_in_action = self._action("View", "Zoom &In", ["Ctrl++", "Ctrl+="], self.timeline.zoom_in)
        self.zoom_out_action = self._action("View", "Zoom &Out", ["Ctrl+-"], self.timeline.zoom_out)
        self.zoom_reset_action = self._action("View", "&Actual Size", ["Ctrl+0"], self.timeline.reset_zoom)
        self.menus["View"].addSeparator()
        self.starred_only_action = self._action("View", "Starred &Only", ["Ctrl+Shift+S"],
                                                self._starred_only_toggled, checkable=True)
        zone_menu = self.menus["View"].addMenu("Time &Zone")
        self.zone_group = QActionGroup(self)
        self.zone_actions: dict[str, QAction] = {}
        for key, label in ((CONFERENCE, "&Conference Time"), (LOCAL, "&This Computer's Time")):
            action = QAction(label, self, checkable=True)
            action.triggered.connect(lambda _=False, k=key: self.set_display_zone(k))
            self.zone_group.addAction(action)
            zone_menu.addAction(action)
            self.addAction(action)
            self.zone_actions[key] = action
        self.zone_actions[CONFERENCE].setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.zone_actions[LOCAL].setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.other_zone_action = QAction("&Other Zone…", self, checkable=True)
        self.other_zone_action.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        self.other_zone_action.triggered.connect(self.choose_zone)
        self.zone_group.addAction(self.other_zone_action)
        zone_menu.addAction(self.other_zone_action)
        self.addAction(self.other_zone_action)
        self.reminder_action = self._action("View", "&Reminders…", ["Ctrl+Shift+R"], self.choose_reminder_lead,
                                            tip="How many minutes before a starred event to remind you")
        self.prev_day_action = self._action("View", "&Previous Day", ["Ctrl+PgUp", "["], lambda: self.step_day(-1))
        self.next_day_action = self._action("View", "&Next Day", ["Ctrl+PgDown", "]"], lambda: self.step_day(1))
        self.next_action = self._action("Go", "&Next Event", ["J"], lambda: self._step(1))
        self.prev_action = self._action("Go", "&Previous Event", ["K"], lambda: self._step(-1))
        self.now_action = self._action("Go", "&Now", ["N"], self.go_now, tip="Scroll to the current time")
        self.timeline_action = self._action("Go", "&Timeline", ["Alt+1"], self.timeline.setFocus)
        self.agenda_action = self._action("Go", "My &Agenda", ["Alt+2"], self.agenda.tree.setFocus)
        self.detail_action = self._action("Go", "&Details", ["Alt+3"], self.detail.browser.setFocus)
        self._action("Help", "&Keyboard Shortcuts", ["F1"], self.show_shortcuts)
        self._action("Help", "&About Planner", [], self.show_about)
        self.starred_only.setDefaultAction(self.starred_only_action)
        self.starred_only_action.setText("★ Starred only")
        self.export_button.setDefaultAction(self.export_action)
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
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._search_return)
        self.day_tabs.currentChanged.connect(self._day_tab_changed)
        self.schedule_box.activated.connect(self._schedule_chosen)
        self.room_box.currentIndexChanged.connect(self._apply_filters)
        self.track_box.currentIndexChanged.connect(self._apply_filters)
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
        from PySide6.QtWidgets import QMessageBox

        try:
            zone = resolve_zone(name, self.zone)
        except ZoneError as exc:
            QMessageBox.warning(self, "Planner", as_plain(str(exc)))
            return
        self.display_zone_name, self.display_zone = name, zone
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
        from PySide6.QtWidgets import QInputDialog

        from planner.domain.zones import zone_names

        names = zone_names()
        current = self.display_zone_name if self.display_zone_name in names else "UTC"
        name, ok = QInputDialog.getItem(self, "Time Zone", "Show times in:", names, names.index(current), True)
        if ok and name:
            self.set_display_zone(name)
        else:
            self._check_zone_action()

    def choose_reminder_lead(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        minutes, ok = QInputDialog.getInt(
            self, "Reminders", "Remind me this many minutes before each starred event (0 = off):",
            self.reminders.lead_minutes, 0, 24 * 60,
        )
        if ok:
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
            button.toggled.connect(self._apply_filters)
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
        from PySide6.QtWidgets import QMessageBox

        path = self.library.path
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Planner — the library file is damaged",
            f"Planner found damage in its library file {path}.\n\n"
            f"The next time Planner starts, it moves that file aside as "
            f"{path.stem}.damaged-<date and time>{path.suffix} (it is kept, never deleted) and "
            f"starts a new library. Until then some talks may be missing or not found by search.",
            QMessageBox.StandardButton.Ok, self,
        )
        box.setDetailedText(f"What SQLite found in {path}:\n{problem}")  # for whoever looks into it
        box.exec()

    def _step(self, delta: int) -> None:
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
            from PySide6.QtWidgets import QMessageBox  # only when there is something to say

            QMessageBox.warning(self, "Planner", as_plain(str(exc)))
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
            self._apply_filters()
        self._update_counts()

    def save_note(self, event_id: str, text: str) -> None:
        try:
            self.library.set_note(event_id, text)
        except StoreError as exc:
            from PySide6.QtWidgets import QMessageBox  # only when there is something to say

            QMessageBox.warning(self, "Planner", f"The note could not be saved: {exc}")
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
        self._apply_filters()

    def _starred_only_toggled(self) -> None:
        self._apply_filters()

    def _apply_filters(self) -> None:
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
        from PySide6.QtWidgets import QMessageBox

        if self.schedule_key is None:
            return
        title = self.windowTitle().removeprefix("Planner — ")
        starred_here = self.starred_events
        box = QMessageBox(QMessageBox.Icon.Question, "Remove schedule", f"Remove “{title}” from your library?", parent=self)
        remove = box.addButton("Remove", QMessageBox.ButtonRole.AcceptRole)
        drop = None
        if starred_here:
            box.setInformativeText(
                f"You starred {len(starred_here)} of its events. Your stars and notes are kept, so they come "
                "back if you add the schedule again, unless you choose to drop them too.")
            drop = box.addButton("Remove and Drop Stars", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked not in (remove, drop) or clicked is None:
            return
        try:
            self.library.remove_schedule(self.schedule_key, drop_stars=clicked is drop)
        except StoreError as exc:
            QMessageBox.warning(self, "Planner", as_plain(str(exc)))
            return
        self.schedule_key, self.current_day = None, None
        self.reload()
        self.statusBar().showMessage(f"Removed {title}", 8000)

    # -- schedules from the web -------------------------------------------------------

    def _show_origin(self) -> None:
        """"Refreshed 10 min ago" for schedules from a link; nothing for files."""
        origin = self.library.origin(self.schedule_key) if self.schedule_key else None
        self.refresh_action.setEnabled(origin is not None)
        if origin is None:
            self.refreshed_label.setText("")
            self.refreshed_label.setToolTip("")
            return
        when = origin.refreshed_at
        self.refreshed_label.setText(f"Refreshed {_ago(when, self.timeline.now())}" if when else "Never refreshed")
        self.refreshed_label.setToolTip(origin.url)

    def add_from_url(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        url, ok = QInputDialog.getText(self, "Add from URL", "Link to a schedule (.xml, .json, .ics or a session page):")
        if ok and url.strip():
            self.start_download(url.strip())

    def refresh_schedule(self) -> None:
        origin = self.library.origin(self.schedule_key) if self.schedule_key else None
        if origin is None:
            self.statusBar().showMessage("This schedule came from a file: open the file again to update it", 6000)
            return
        self.start_download(origin.url, key=self.schedule_key, etag=origin.etag, last_modified=origin.last_modified)

    def start_download(self, url: str, *, key: str | None = None, etag: str = "", last_modified: str = "",
                       quiet: bool = False) -> Download | None:
        """Download on a worker thread; ``quiet`` (refresh on start) shows no dialog."""
        from PySide6.QtWidgets import QMessageBox, QProgressDialog

        from planner.net.fetch import FetchError, check_url
        from planner.ui.downloads import Download

        if self.download is not None:
            self.statusBar().showMessage("A download is already running", 4000)
            return None
        try:
            check_url(url)
        except FetchError as exc:
            QMessageBox.warning(self, "Planner", as_plain(str(exc)))
            return None
        download = Download(url, key=key, etag=etag, last_modified=last_modified, parent=self)
        download.finished.connect(self._download_finished)
        download.failed.connect(self._download_failed)
        self.download = download
        if not quiet:
            dialog = QProgressDialog(f"Downloading {url}…", "Cancel", 0, 0, self)
            dialog.setWindowTitle("Planner")
            dialog.setMinimumDuration(300)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.cancel_download)
            download.progress.connect(lambda n, total: self._download_progress(dialog, n, total))
            self.progress_dialog = dialog
        self.statusBar().showMessage(f"Downloading {url}…")
        download.start()
        return download

    @staticmethod
    def _download_progress(dialog: QProgressDialog, read: int, total: object) -> None:
        if isinstance(total, int) and total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(read, total))
        dialog.setLabelText(f"Downloading… {read / 1024:.0f} KB" + (f" of {total / 1024:.0f} KB" if total else ""))

    def cancel_download(self) -> None:
        """Stop waiting now. The worker stops at its next chunk or timeout; whatever it
        delivers after this is ignored, so the library stays as it was."""
        download = self.download
        if download is None:
            return
        download.cancel()
        download.finished.disconnect(self._download_finished)
        download.failed.disconnect(self._download_failed)
        self._download_failed("cancelled")

    def _end_download(self) -> None:
        if self.progress_dialog is not None:
            # Closing a QProgressDialog emits canceled(): disconnect first, it is over.
            self.progress_dialog.canceled.disconnect()
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        # The Download object stays (owned by the window): its worker thread may still be
        # waiting on a silent server and will emit into it when the timeout ends.
        self.download = None

    def _download_finished(self, fetched: object) -> None:
        from PySide6.QtWidgets import QMessageBox

        from planner.net.fetch import store

        download = self.download
        self._end_download()
        if download is None or download.cancelled:
            return
        try:
            result = store(self.library, fetched, key=download.key)  # type: ignore[arg-type]
        except (StoreError, ScheduleError) as exc:
            QMessageBox.critical(self, "Planner — could not add the schedule", as_plain(str(exc)))
            return
        self.current_day = None if download.key is None else self.current_day
        self.reload(result.key)
        self.statusBar().showMessage(str(result), 10000)

    def _download_failed(self, reason: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        download = self.download
        self._end_download()
        if reason == "cancelled":
            self.statusBar().showMessage("Download cancelled; nothing was changed", 5000)
            return
        if download is not None and download.key is not None and not self.isActiveWindow():
            self.statusBar().showMessage(f"Refresh failed: {reason}", 10000)
            return
        self.statusBar().showMessage(f"Download failed: {reason}", 10000)
        QMessageBox.warning(self, "Planner — download failed", as_plain(f"{reason}\n\nThe library was left as it was."))

    @property
    def refresh_age_hours(self) -> int:
        """Refresh on start when the shown schedule's download is older than this (0: never)."""
        return int(self.settings.value("refreshAfterHours", DEFAULT_REFRESH_HOURS, type=int))

    def choose_refresh_age(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        hours, ok = QInputDialog.getInt(
            self, "Refresh on Start",
            "When Planner starts, download a schedule from its link again if it is older than\n"
            "this many hours (0 = never; F5 always refreshes):", self.refresh_age_hours, 0, 24 * 30)
        if ok:
            self.settings.setValue("refreshAfterHours", hours)
            self.statusBar().showMessage(
                f"Schedules from links refresh on start when older than {hours} h" if hours
                else "Schedules refresh only when you press F5", 6000)

    def refresh_if_stale(self) -> Download | None:
        """On start: quietly refresh the shown schedule if its link was fetched long ago."""
        from datetime import timedelta

        from planner.net.fetch import due_for_refresh

        hours = self.refresh_age_hours
        if hours <= 0 or self.schedule_key is None:
            return None
        if self.schedule_key in due_for_refresh(self.library, timedelta(hours=hours), now=self.timeline.now()):
            origin = self.library.origin(self.schedule_key)  # type: ignore[arg-type]
            if origin is not None:
                return self.start_download(origin.url, key=self.schedule_key, etag=origin.etag,
                                           last_modified=origin.last_modified, quiet=True)
        return None

    def open_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        paths, _ = QFileDialog.getOpenFileNames(self, "Open Schedule", str(Path.home()), SCHEDULE_FILTER)
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
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(self, "Planner — could not open the schedule", as_plain(reason))

    def export_agenda(self) -> None:
        """Save My agenda as .ics (updating earlier exports), Markdown or PDF."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from planner.fileio import write_atomic
        from planner.services.exporting import export_agenda
        from planner.ui.printing import html_to_pdf

        if not self.starred_events:
            QMessageBox.information(self, "Planner", "My agenda is empty: star some talks (S) first.")
            return
        start_dir = self.settings.value("exportDir", str(Path.home()), type=str)
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export My Agenda", str(Path(start_dir) / "my-agenda.ics"), EXPORT_FILTERS)
        if not path:
            return
        suffix = Path(path).suffix.lower().lstrip(".")
        if suffix not in ("ics", "md", "pdf"):
            suffix = "md" if "Markdown" in chosen else "pdf" if "PDF" in chosen else "ics"
            path += "." + suffix
        title = self.windowTitle().removeprefix("Planner — ")
        alarm = self.reminders.lead_minutes or None
        try:
            result = export_agenda(self.library, schedule_key=self.schedule_key, fmt=suffix, alarm_minutes=alarm,
                                   title=f"My agenda — {title}",  # exports ignore the display zone
                                   render_pdf=html_to_pdf)
            write_atomic(path, result.data)
        except OSError as exc:
            # Nothing is remembered: the next export still sends what this one would have.
            QMessageBox.critical(self, "Planner — export failed",
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
        from PySide6.QtWidgets import QMessageBox

        lines = [
            "J / K or ↓ / ↑ — next / previous event", "← / → — event in the neighbouring column",
            "S — star or unstar the selected event", "Ctrl+F — search, Esc — clear the search",
            "Ctrl+E — export My agenda", "Ctrl+O — open a schedule file", "Ctrl+plus / Ctrl+minus — zoom",
            "[ / ] — previous / next day", "N — now", "Alt+1 / 2 / 3 — timeline / agenda / details",
            "Delete (in My agenda) — unstar", "Ctrl+P — print My agenda",
            "Ctrl+Shift+O — add a schedule from a link, F5 — refresh it",
            "Ctrl+Shift+C / L / Z — times in conference / your / another zone", "Ctrl+Q — quit",
        ]
        QMessageBox.information(self, "Keyboard shortcuts", "\n".join(lines))

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from planner import __version__

        QMessageBox.about(self, "About Planner", f"Planner {__version__}\nPlan the talks you want to see.")

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


def _ago(stamp: str, now: datetime) -> str:
    """"5 min ago", "3 h ago", "2 days ago" for an ISO time stamp."""
    try:
        then = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 90:
        return "just now"
    if seconds < 90 * 60:
        return f"{seconds // 60} min ago"
    if seconds < 36 * 3600:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def as_plain(text: str) -> str:
    """Message boxes guess whether text is HTML; error messages quote schedule lines, which
    may look like HTML. Text Qt would take for markup is escaped into markup that shows it
    as written."""
    from PySide6 import QtGui  # Qt.mightBeRichText lives in QtGui's Qt namespace

    if not QtGui.Qt.mightBeRichText(text):
        return text
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"
