"""File > Sync to Calendar Server…: where My agenda goes, a test of the connection, and
whether it follows each change by itself.

The dialog only asks and shows: planner.ui.calendar_sync runs the test and the syncs on a
worker and tells the dialog what came of them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class SyncDialog(QDialog):
    """The calendar server's address, user, calendar and password, and the automatic sync.

    Signals:
        testRequested(str, str, str, str): Test Connection: address, user, calendar name and
            the password typed ("" when none was: the one kept in the keyring is used).
        syncRequested(): Sync Now.
        autoSyncToggled(bool): "Sync automatically after changes" was switched.
    """

    testRequested = Signal(str, str, str, str)
    syncRequested = Signal()
    autoSyncToggled = Signal(bool)

    def __init__(self, parent: QWidget | None, *, url: str, user: str, calendar: str, password_kept: bool,
                 auto: bool, synced: str) -> None:
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
        form = QFormLayout()
        form.addRow("&Server address:", self.url_edit)
        form.addRow("&User:", self.user_edit)
        form.addRow("&Password:", self.password_edit)
        form.addRow("&Calendar:", self.calendar_edit)
        self.auto_box = QCheckBox("Sync &automatically a few seconds after each change", self)
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

    def _test(self) -> None:
        self.testRequested.emit(self.url_edit.text().strip(), self.user_edit.text().strip(),
                                self.calendar_edit.text().strip(), self.password_edit.text())

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
