"""File > Sync to Calendar Server…: where My agenda goes, a test of the connection, and
whether it follows each change by itself.

The dialog only asks and shows: planner.ui.calendar_sync runs the test and the syncs on a
worker and tells the dialog what came of them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.ui.widgets.check_box import CheckBox

MAX_ALARM_MINUTES = 4 * 7 * 24 * 60  # 4 weeks, as the command line's --alarm


class SyncDialog(QDialog):
    """The calendar server's address, user, calendar and password, the reminder the events
    carry, and the automatic sync.

    Signals:
        testRequested(str, str, str, str, object, bool): Test Connection: address, user,
            calendar name, the password typed ("" when none was: the one kept in the keyring
            is used), the reminder (minutes before, or None) and whether plain http to
            another machine is allowed.
        syncRequested(): Sync Now.
        autoSyncToggled(bool): "Sync automatically after changes" was switched.
        alarmChanged(object): the reminder was changed: minutes before each talk, or None.
    """

    testRequested = Signal(str, str, str, str, object, bool)
    syncRequested = Signal()
    autoSyncToggled = Signal(bool)
    alarmChanged = Signal(object)

    def __init__(self, parent: QWidget | None, *, url: str, user: str, calendar: str, password_kept: bool,
                 auto: bool, synced: str, alarm_minutes: int | None = None, insecure_http: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync to Calendar Server")
        intro = QLabel("My agenda is copied to a calendar on your own CalDAV server (Nextcloud, Radicale, "
                       "Fastmail, iCloud…), so the calendar on your phone follows it.", self)
        intro.setWordWrap(True)
        self.url_edit = QLineEdit(url, self)
        self.url_edit.setPlaceholderText("https://cloud.example.org/remote.php/dav/")
        self.user_edit = QLineEdit(user, self)
        self.calendar_edit = QLineEdit(calendar, self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        # The password itself never comes back into the dialog: it stays in the keyring.
        self.password_edit.setPlaceholderText("kept in your keyring" if password_kept else "")
        # Plain http sends the password as it is typed; allowed to another machine only when
        # asked for here, and the box means nothing for https (or before an address is typed).
        self.insecure_box = CheckBox("Allow unencrypted &http (password sent in clear)", self)
        self.insecure_box.setAccessibleName("Allow unencrypted http: the password is sent in clear")
        self.insecure_box.setToolTip("Plain http is always allowed to this computer (localhost). To another "
                                     "machine your password would cross the network unencrypted: use https "
                                     "unless you trust every network in between.")
        self.insecure_box.setChecked(insecure_http)
        # The reminder as the .ics export writes it (a VALARM), so the phone rings before each talk.
        self.alarm_box = CheckBox("&Remind me", self)
        self.alarm_box.setAccessibleName("Remind me before each talk")
        self.alarm_spin = QSpinBox(self)
        self.alarm_spin.setRange(0, MAX_ALARM_MINUTES)
        self.alarm_spin.setSuffix(" minutes before")
        self.alarm_spin.setSpecialValueText("when it starts")  # 0
        self.alarm_spin.setAccessibleName("Minutes before each talk that the calendar reminds you")
        self.alarm_spin.setKeyboardTracking(False)  # one change when the typing ends, not one a digit
        self.alarm_box.setChecked(alarm_minutes is not None)
        self.alarm_spin.setValue(alarm_minutes if alarm_minutes is not None else 10)
        self.alarm_spin.setEnabled(alarm_minutes is not None)
        self.alarm_box.toggled.connect(self.alarm_spin.setEnabled)
        self.alarm_box.toggled.connect(self._alarm_changed)
        self.alarm_spin.valueChanged.connect(self._alarm_changed)
        reminder = QHBoxLayout()
        reminder.addWidget(self.alarm_box)
        reminder.addWidget(self.alarm_spin)
        reminder.addStretch(1)
        form = QFormLayout()
        form.addRow("&Server address:", self.url_edit)
        form.addRow("", self.insecure_box)
        form.addRow("&User:", self.user_edit)
        form.addRow("&Password:", self.password_edit)
        form.addRow("&Calendar:", self.calendar_edit)
        form.addRow("Reminder:", reminder)
        self.url_edit.textChanged.connect(self._url_changed)
        self._url_changed(url)
        self.auto_box = CheckBox("Sync &automatically a few seconds after each change", self)
        self.auto_box.setChecked(auto)
        self.auto_box.toggled.connect(self.autoSyncToggled)
        self.result_label = QLabel(synced, self)
        self.result_label.setObjectName("syncResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.test_button = QPushButton("&Test Connection", self)
        self.test_button.setToolTip("Sign in, create the calendar if it is missing, and remember this server")
        self.sync_button = QPushButton("Sync &Now", self)
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self._test)
        self.sync_button.clicked.connect(self.syncRequested)
        self._set_up = bool(url)  # a server remembered: Sync Now has somewhere to go
        self.sync_button.setEnabled(self._set_up)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.auto_box)
        column.addWidget(self.result_label)
        column.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def alarm_minutes(self) -> int | None:
        """The reminder asked for: minutes before each talk, None for none."""
        return self.alarm_spin.value() if self.alarm_box.isChecked() else None

    def insecure_http(self) -> bool:
        """Whether plain http to another machine is allowed: only ever for an http address."""
        return self.insecure_box.isChecked() and self.insecure_box.isEnabled()

    def _alarm_changed(self, *_: object) -> None:
        self.alarmChanged.emit(self.alarm_minutes())

    def _url_changed(self, text: str) -> None:
        self.insecure_box.setEnabled(urlsplit(text.strip()).scheme.lower() == "http")

    def _test(self) -> None:
        self.testRequested.emit(self.url_edit.text().strip(), self.user_edit.text().strip(),
                                self.calendar_edit.text().strip(), self.password_edit.text(), self.alarm_minutes(),
                                self.insecure_http())

    def set_busy(self, busy: bool, text: str = "") -> None:
        """While a test or a sync runs: its buttons wait, and the line says what is going on."""
        self.test_button.setEnabled(not busy)
        self.sync_button.setEnabled(not busy and self._set_up)
        if text:
            self.result_label.setText(text)

    def show_result(self, text: str, *, connected: bool = True) -> None:
        """What the test or the sync came to, in one line; a server set up can now be synced to."""
        self.result_label.setText(text)
        if connected:
            self._set_up = True
            self.password_edit.clear()  # used and kept (keyring, or memory): not left in a widget
        self.set_busy(False)
