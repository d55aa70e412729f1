"""My agenda on the user's calendar server from the window: File > Sync to Calendar Server…,
and, when switched on, a sync a few seconds after each change.

The sync itself is planner.services.syncing, as ``planner sync`` runs it; here it runs on
a worker (planner.ui.workers) with its own library connection. Changes come in quick
bursts (S pressed three times, a note typed), so a change only (re)starts a timer and one
sync follows the last of them; a change made while a sync runs is caught by one more sync
after it, never by two at once. The outcome shows in the status bar: "Synced 2 min ago", or
the one-line reason it failed, said once and not again while it keeps failing the same way
(a server that is down would otherwise repeat itself after every star), never in a dialog.

The password is never in QSettings or the library: the keyring keeps it when there is
one; without one, the password typed in the dialog is kept in memory until Planner closes
(or PLANNER_CALDAV_PASSWORD gives it, as for the command line).
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow

from planner.store import Library
from planner.ui.web_schedules import ago
from planner.ui.workers import Worker

if TYPE_CHECKING:
    from planner.services.syncing import Account, SyncResult
    from planner.ui.main_window import MainWindow
    from planner.ui.widgets.sync_dialog import SyncDialog

AUTO_KEY = "calendarSync/auto"  # QSettings: sync after each change (a choice of this desktop's)
DELAY_MS = 5000  # after the last change of a burst
LABEL_MS = 30_000  # how often "Synced 2 min ago" is worded anew
ALLOW_HTTP = "tick “Allow unencrypted http”"  # how the dialog lets plain http reach another machine


def _password(user: str, typed: str | None) -> str:
    """Typed in the dialog, else the keyring's, else the variable (the command line's order)."""
    from planner.services import syncing  # lazy, as in CalendarSync.account()

    found = typed or syncing.keyring_password(user) or os.environ.get(syncing.PASSWORD_VARIABLE)
    if not found:
        raise syncing.SyncError(f"no password for {user}: type it in File > Sync to Calendar Server… "
                                "and test the connection")
    return found


class _ServerWork(Worker):
    """Base of the two jobs: its own library connection, and SyncError's one line as the reason."""

    def __init__(self, library_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library_path = library_path

    def failure(self, exc: Exception) -> str:
        from planner.services.syncing import SyncError  # lazy, as in CalendarSync.account()

        if isinstance(exc, SyncError):
            return str(exc)
        return " ".join(f"the sync failed: {exc}".split())  # one line, whatever it was


class SetupWork(_ServerWork):
    """Test Connection: signs in, finds or makes the calendar, remembers the account
    (planner.services.syncing.setup). ``finished`` carries (Account, whether the keyring
    keeps the password)."""

    thread_name = "caldav-setup"

    def __init__(self, library_path: Path, url: str, user: str, calendar: str, password: str | None,
                 alarm_minutes: int | None, parent: QObject | None = None, *, insecure_http: bool = False) -> None:
        super().__init__(library_path, parent)
        self.url, self.user, self.calendar, self.password = url, user, calendar, password
        self.alarm_minutes = alarm_minutes
        self.insecure_http = insecure_http

    def work(self) -> tuple[Account, bool]:
        from planner.services import syncing  # lazy, as in CalendarSync.account()

        syncing.check_url(self.url, insecure_http=self.insecure_http, allow_with=ALLOW_HTTP)  # before a password
        password = _password(self.user, self.password)
        library = Library(self.library_path, full_check=False)  # its own connection: one per thread
        try:
            acct = syncing.setup(library, self.url, self.user, self.calendar or syncing.DEFAULT_CALENDAR,
                                 password=password, alarm_minutes=self.alarm_minutes, insecure_http=self.insecure_http)
        finally:
            library.close()
        kept = self.password is not None and syncing.keep_password(self.user, password)
        return acct, kept or syncing.keyring_password(self.user) == password


class SyncWork(_ServerWork):
    """One sync of My agenda; ``finished`` carries the planner.services.syncing.SyncResult."""

    thread_name = "caldav-sync"

    def __init__(self, library_path: Path, user: str, password: str | None, parent: QObject | None = None) -> None:
        super().__init__(library_path, parent)
        self.user, self.password = user, password

    def work(self) -> SyncResult:
        from planner.services import syncing  # lazy, as in CalendarSync.account()

        password = _password(self.user, self.password)
        library = Library(self.library_path, full_check=False)
        try:
            return syncing.sync(library, password=password)
        finally:
            library.close()


class CalendarSync(QObject):
    """The calendar server of one window: its dialog, the syncs and what the status bar says.

    Signals:
        status(str, int): a status-bar message and how long it shows, in ms.
        tested(bool): Test Connection ended: whether the server was set up.
        synced(object): a sync ended well: its SyncResult.
        failed(str): a sync ended with this one-line reason.
    """

    status = Signal(str, int)
    tested = Signal(bool)
    synced = Signal(object)
    failed = Signal(str)

    def __init__(self, library: Library, settings: QSettings, window: QMainWindow, *,
                 now: Callable[[], datetime], alarm_minutes: Callable[[], int | None] = lambda: None) -> None:
        super().__init__(window)
        self.library = library
        self.settings = settings
        self._window = window  # the dialog's parent
        self._now = now
        self._alarm_minutes = alarm_minutes
        self._password: str | None = None  # typed this session: for a desktop without a keyring
        self.dialog: SyncDialog | None = None
        self.setup_job: SetupWork | None = None
        self.job: SyncWork | None = None
        self._again = False  # a change came while a sync ran: one more after it
        self._said = ""  # the failure shown last, not repeated while it lasts
        self._synced_at: datetime | None = None
        self.delay = QTimer(self)
        self.delay.setSingleShot(True)
        self.delay.setInterval(DELAY_MS)
        self.delay.timeout.connect(self.sync_now)
        # "Synced 2 min ago", after the status bar's other words; hidden until a sync ends.
        self.label = QLabel(window)
        self.label.setObjectName("calendarSyncLabel")
        self.label.setAccessibleName("When My agenda was last synced to the calendar server")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self._ticker = QTimer(self)
        self._ticker.setInterval(LABEL_MS)
        self._ticker.timeout.connect(self._word_label)

    @property
    def auto(self) -> bool:
        return cast(bool, self.settings.value(AUTO_KEY, False, type=bool))

    def set_auto(self, on: bool) -> None:
        self.settings.setValue(AUTO_KEY, on)
        if not on:
            self.delay.stop()
        self.status.emit("My agenda syncs to the calendar server after each change" if on
                         else "My agenda syncs to the calendar server only when you say so", 5000)

    def account(self) -> Account | None:
        from planner.services import syncing  # lazy: the export modules, wanted only once syncing

        return syncing.account(self.library)

    # -- the dialog ------------------------------------------------------------------

    def open_dialog(self) -> SyncDialog:
        """File > Sync to Calendar Server…: the remembered account, ready to test or change."""
        from planner.services import syncing  # lazy, as in CalendarSync.account()
        from planner.ui.widgets.sync_dialog import SyncDialog  # lazy: its widgets, at first use

        acct = self.account()
        user = acct.user if acct else getpass.getuser()
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog = SyncDialog(
            self._window, url=acct.url if acct else "", user=user,
            calendar=acct.calendar if acct else syncing.DEFAULT_CALENDAR,
            password_kept=acct is not None and (self._password is not None or syncing.keyring_password(user) is not None),
            auto=self.auto, synced=self._synced_words(),
            # A new account starts from the window's own reminder, as the .ics export does.
            alarm_minutes=acct.alarm_minutes if acct else self._alarm_minutes(),
            insecure_http=acct.insecure_http if acct else False)
        dialog.testRequested.connect(self.test_connection)
        dialog.syncRequested.connect(self.sync_now)
        dialog.autoSyncToggled.connect(self.set_auto)
        dialog.alarmChanged.connect(self.set_alarm)
        dialog.open()  # window-modal, and the event loop runs on: the test's worker reports back to it
        return dialog

    def test_connection(self, url: str, user: str, calendar: str, password: str, alarm_minutes: int | None = None,
                        insecure_http: bool = False) -> SetupWork | None:
        """Set the server up on a worker (with the reminder the events are to carry); the
        dialog says how it went. An address refused outright (plain http to another machine
        not allowed) is said at once, before any password is looked for."""
        from planner.services import syncing  # lazy, as in CalendarSync.account()

        if self.setup_job is not None and self.setup_job.running:
            return None
        if not url:
            self._tell_dialog("Type the address of your calendar server first", connected=False)
            return None
        try:
            syncing.check_url(url, insecure_http=insecure_http, allow_with=ALLOW_HTTP)
        except syncing.SyncError as exc:
            self._test_failed(str(exc))
            return None
        acct = self.account()
        # Only a password typed now, or the one this session was given for the same user.
        remembered = self._password if acct is not None and acct.user == user else None
        job = SetupWork(self.library.path, url, user or getpass.getuser(), calendar, password or remembered,
                        alarm_minutes, self, insecure_http=insecure_http)
        job.finished.connect(lambda answer: self._tested(answer, password or remembered))
        job.failed.connect(self._test_failed)
        self.setup_job = job
        if self.dialog is not None:
            self.dialog.set_busy(True, f"Connecting to {url}…")
        job.start()
        return job

    def _tested(self, answer: tuple[Account, bool], password: str | None) -> None:
        acct, in_keyring = answer
        # Without a keyring the password stays in memory, never on disk, until Planner closes.
        self._password = None if in_keyring else password
        where = "kept in your keyring" if in_keyring else "kept until Planner closes (no keyring here)"
        self._tell_dialog(f"Connected: My agenda syncs to the calendar “{acct.calendar}” at {acct.url}; "
                          f"the password is {where}.")
        self.tested.emit(True)

    def _test_failed(self, reason: str) -> None:
        self._tell_dialog(f"Not connected: {reason}", connected=False)
        self.tested.emit(False)

    def _tell_dialog(self, text: str, *, connected: bool = True) -> None:
        if self.dialog is not None:
            self.dialog.show_result(text, connected=connected)

    def set_alarm(self, minutes: int | None) -> None:
        """The dialog's reminder, kept with the account at once (no Test Connection needed),
        so the next sync, the window's or ``planner sync``, sends every event with it."""
        from planner.services import syncing  # lazy, as in CalendarSync.account()

        before = self.account()
        after = syncing.set_alarm(self.library, minutes)
        if after is None or after == before:
            return  # not set up yet: Test Connection keeps it with the new account
        self.status.emit("Talks on the calendar server " + (
            "carry no reminder" if minutes is None else "remind you when they start" if minutes == 0
            else f"remind you {minutes} min before they start"), 5000)
        self.changed()

    # -- syncing ---------------------------------------------------------------------

    def changed(self, *_: Any) -> None:
        """Something My agenda sends changed: sync a few seconds after the last such change,
        when automatic syncing is on and a server is set up."""
        if self.auto and self.account() is not None:
            self.delay.start()  # restarted by every change of a burst

    def sync_now(self) -> SyncWork | None:
        """Sync on a worker; while one runs, one more follows it instead."""
        self.delay.stop()
        acct = self.account()
        if acct is None:
            return None
        if self.job is not None and self.job.running:
            self._again = True
            return None
        self._again = False
        job = SyncWork(self.library.path, acct.user, self._password, self)
        job.finished.connect(self._synced)
        job.failed.connect(self._failed)
        self.job = job
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.set_busy(True, "Syncing My agenda…")
        job.start()
        return job

    def _synced(self, result: SyncResult) -> None:
        self._said = ""
        self._synced_at = self._now()
        self.label.setToolTip(result.summary().capitalize())
        self._word_label()
        self._ticker.start()
        if result.conflicts:  # the server's copy and Planner's differed: said, since the phone shows the outcome
            self.status.emit(result.summary().capitalize(), 10_000)
        self._tell_dialog(self._synced_words() + ": " + result.summary())
        self.synced.emit(result)
        self._after()

    def _failed(self, reason: str) -> None:
        self.label.setText("Not synced")
        self.label.setToolTip(reason)
        self.label.show()
        if reason != self._said:
            self._said = reason
            self.status.emit(f"Calendar sync: {reason}", 10_000)
        self._tell_dialog(f"Not synced: {reason}", connected=False)
        self.failed.emit(reason)
        self._after()

    def _after(self) -> None:
        if self._again:
            self.delay.start()

    def _synced_words(self) -> str:
        if self._synced_at is None:
            return ""
        return f"Synced {ago(self._synced_at.isoformat(), self._now())}"

    def _word_label(self) -> None:
        self.label.setText(self._synced_words())
        self.label.show()


def install(window: MainWindow) -> CalendarSync:
    """The controller of ``window``, told of every change that My agenda sends: stars and
    tiers (and their undo), notes, and schedules added, refreshed or removed."""
    controller = CalendarSync(window.library, window.settings, window, now=lambda: window.timeline.now(),
                              alarm_minutes=lambda: window.reminders.lead_minutes or None)
    window.stars.changed.connect(controller.changed)
    window.my_agenda.noteSaved.connect(controller.changed)
    window.web.stored.connect(controller.changed)
    window.files.added.connect(controller.changed)
    window.files.removed.connect(controller.changed)
    controller.status.connect(window.statusBar().showMessage)
    return controller
