"""File > Sync to Calendar Server… and the sync after each change, against a real Radicale.

The server is tests/net/test_caldav_sync.py's: a Radicale subprocess on 127.0.0.1 with a
password, read back by that module's own plain-HTTP client, never through the code under
test. The keyring is the null one, as on a machine without a desktop keyring: the password
typed in the dialog is then kept in memory only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from planner.services import syncing
from planner.store import Library
from planner.ui.calendar_sync import AUTO_KEY, CalendarSync
from planner.ui.main_window import MainWindow
from planner.ui.widgets.sync_dialog import SyncDialog
from tests.net.test_caldav_sync import (
    PASSWORD,
    USER,
    Server,
    _free_port,
    _start,
    _stop,
    held,
    radicale,  # noqa: F401  (the ``server`` fixture)
)

DEBOUNCE_MS = 200  # the window waits 5 s; the tests keep the same timer, shorter


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The null keyring, as the command line's tests have: never the desktop's real one."""
    import keyring
    from keyring.backends import null

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.delenv(syncing.PASSWORD_VARIABLE, raising=False)
    before = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    yield
    keyring.set_keyring(before)


def _controller(window: MainWindow) -> CalendarSync:
    controller = window.calendar_sync
    assert isinstance(controller, CalendarSync)
    controller.delay.setInterval(DEBOUNCE_MS)
    return controller


def _connect(qtbot, window: MainWindow, server: Server, *, auto: bool) -> str:  # type: ignore[no-untyped-def]
    """Set the server up as a person would: the menu command, the fields, Test Connection."""
    controller = _controller(window)
    window.calendar_sync_action.trigger()
    dialog = controller.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.url_edit.setText(server.url)
    dialog.user_edit.setText(USER)
    dialog.password_edit.setText(PASSWORD)
    assert dialog.calendar_edit.text() == "Planner"
    with qtbot.waitSignal(controller.tested, timeout=30_000) as test:
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert test.args == [True], dialog.result_label.text()
    assert dialog.result_label.text().startswith("Connected")
    dialog.auto_box.setChecked(auto)
    dialog.close()
    acct = syncing.account(window.library)
    assert acct is not None
    return acct.calendar_url


def _talk(window: MainWindow) -> str:
    return window.library.events()[0].id


def test_test_connection_creates_the_calendar_and_keeps_the_password_out_of_settings_and_library(
        qtbot, window: MainWindow, server: Server, settings: QSettings, library: Library) -> None:  # type: ignore[no-untyped-def]
    calendar = _connect(qtbot, window, server, auto=False)
    assert held(calendar) == {}  # there, empty, and readable by another client
    assert calendar.rstrip("/").rsplit("/", 1)[-1] != ""
    settings.sync()
    written = Path(settings.fileName())
    assert PASSWORD not in (written.read_text(encoding="utf-8") if written.exists() else "")
    assert PASSWORD.encode() not in Path(library.path).read_bytes()
    assert settings.value(AUTO_KEY, type=bool) is False


def test_a_star_with_automatic_sync_on_reaches_the_server_once_after_the_changes(
        qtbot, window: MainWindow, server: Server) -> None:  # type: ignore[no-untyped-def]
    calendar = _connect(qtbot, window, server, auto=True)
    controller = _controller(window)
    first, second = (e.id for e in window.library.events()[:2])
    with qtbot.waitSignal(controller.synced, timeout=30_000) as sync:
        window.set_star(first, True)
        window.set_star(second, True)  # a burst: one sync after the last change
    assert sync.args[0].added == 2
    assert not controller.delay.isActive()  # and no second sync to follow it
    assert set(held(calendar)) == {first, second}
    assert server.writes() == 2
    assert window.calendar_sync.label.text() == "Synced just now"
    assert window.calendar_sync.label.isVisible()
    # An unstar follows too.
    with qtbot.waitSignal(controller.synced, timeout=30_000):
        window.set_star(second, False)
    assert set(held(calendar)) == {first}


def test_automatic_sync_off_sends_nothing(qtbot, window: MainWindow, server: Server) -> None:  # type: ignore[no-untyped-def]
    calendar = _connect(qtbot, window, server, auto=False)
    controller = _controller(window)
    with qtbot.assertNotEmitted(controller.synced, wait=4 * DEBOUNCE_MS), \
            qtbot.assertNotEmitted(controller.failed, wait=0):
        window.set_star(_talk(window), True)
        assert not controller.delay.isActive()
    assert held(calendar) == {}
    assert server.writes() == 0


def test_a_server_that_is_down_is_said_once_in_the_status_bar_without_a_dialog(
        qtbot, window: MainWindow, server: Server) -> None:  # type: ignore[no-untyped-def]
    _connect(qtbot, window, server, auto=True)
    controller = _controller(window)
    _stop(server)
    first, second = (e.id for e in window.library.events()[:2])
    with qtbot.waitSignal(controller.failed, timeout=30_000) as failure:
        window.set_star(first, True)
    assert "cannot reach the calendar server" in failure.args[0]
    message = window.statusBar().currentMessage()
    assert message.startswith("Calendar sync: cannot reach the calendar server") and "\n" not in message
    assert controller.label.text() == "Not synced" and "cannot reach" in controller.label.toolTip()
    assert QApplication.activeModalWidget() is None
    # The same failure again is not said again.
    window.statusBar().clearMessage()
    with qtbot.waitSignal(controller.failed, timeout=30_000):
        window.set_star(second, True)
    assert not window.statusBar().currentMessage().startswith("Calendar sync")


# -- plain http to another machine, and the reminder ---------------------------------------


def _fill(window: MainWindow, url: str) -> SyncDialog:
    window.calendar_sync_action.trigger()
    dialog = _controller(window).dialog
    assert dialog is not None and dialog.isVisible()
    dialog.url_edit.setText(url)
    dialog.user_edit.setText(USER)
    dialog.password_edit.setText(PASSWORD)
    return dialog


def test_the_http_box_means_something_only_for_an_http_address(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = _fill(window, "https://dav.example.org/")
    box = dialog.insecure_box
    assert not box.isChecked() and not box.isEnabled()  # off by default; https needs no leave
    assert "unencrypted" in box.accessibleName() and "clear" in box.text()
    dialog.url_edit.setText("http://dav.example.org/")
    assert box.isEnabled() and not box.isChecked()
    box.setChecked(True)
    assert dialog.insecure_http()
    dialog.url_edit.setText("https://dav.example.org/")
    assert not dialog.insecure_http()  # ticked once, but an https address has no use for it


def test_plain_http_to_another_machine_is_refused_until_the_box_is_ticked(
        qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # 127.0.0.2 is this machine's loopback too, but not one of the names Planner trusts
    # (localhost, 127.0.0.1, ::1): to the check, another machine on the network.
    (tmp_path / "elsewhere").mkdir()
    elsewhere = _start(tmp_path / "elsewhere", _free_port("127.0.0.2"), host="127.0.0.2")
    try:
        controller = _controller(window)
        dialog = _fill(window, elsewhere.url)
        with qtbot.waitSignal(controller.tested, timeout=5000) as refused:
            qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        assert refused.args == [False] and controller.setup_job is None  # said at once, nothing sent
        said = dialog.result_label.text()
        assert said.startswith(f"Not connected: {elsewhere.url} is plain http") and "unencrypted" in said
        assert "Allow unencrypted http" in said and "--insecure-http" not in said
        assert syncing.account(window.library) is None and elsewhere.writes() == 0

        dialog.insecure_box.setChecked(True)
        with qtbot.waitSignal(controller.tested, timeout=30_000) as connected:
            qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        assert connected.args == [True], dialog.result_label.text()
        acct = syncing.account(window.library)
        assert acct is not None and acct.insecure_http and acct.url == elsewhere.url
        # The leave is the account's: the syncs that follow use it, and the box shows it again.
        window.set_star(_talk(window), True)
        with qtbot.waitSignal(controller.synced, timeout=30_000):
            qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
        assert set(held(acct.calendar_url)) == {_talk(window)}
        dialog.close()
        assert _fill(window, elsewhere.url).insecure_box.isChecked()
    finally:
        _stop(elsewhere)


def _alarm(vevent: object) -> timedelta | None:
    """How long before the start the event's one VALARM rings; None when it has none."""
    alarms = vevent.walk("VALARM")  # type: ignore[attr-defined]
    assert len(alarms) <= 1
    return -alarms[0]["TRIGGER"].dt if alarms else None


def test_the_reminder_set_in_the_dialog_is_kept_with_the_account_and_reaches_the_server(
        qtbot, window: MainWindow, server: Server) -> None:  # type: ignore[no-untyped-def]
    controller = _controller(window)
    dialog = _fill(window, server.url)
    # A new account starts from the window's own reminder (10 minutes unless changed).
    assert (dialog.alarm_box.isChecked(), dialog.alarm_spin.value()) == (True, 10)
    assert dialog.alarm_box.accessibleName() and dialog.alarm_spin.accessibleName()
    dialog.alarm_spin.setValue(25)
    with qtbot.waitSignal(controller.tested, timeout=30_000) as test:
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert test.args == [True], dialog.result_label.text()
    acct = syncing.account(window.library)
    assert acct is not None and acct.alarm_minutes == 25

    talk = _talk(window)
    window.set_star(talk, True)
    with qtbot.waitSignal(controller.synced, timeout=30_000):
        qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
    assert _alarm(held(acct.calendar_url)[talk][1]) == timedelta(minutes=25)

    # Changed in the dialog, it is kept with the account at once, without a Test
    # Connection: the next sync, the window's or `planner sync`, sends it (the command
    # line's side: tests/net/test_caldav_sync.py).
    with qtbot.waitSignal(controller.status, timeout=1000) as said:
        dialog.alarm_spin.setValue(5)
    assert said.args[0] == "Talks on the calendar server remind you 5 min before they start"
    dialog.close()
    assert syncing.account(window.library) == replace(acct, alarm_minutes=5)
    reopened = _fill(window, server.url)
    assert (reopened.alarm_box.isChecked(), reopened.alarm_spin.value()) == (True, 5)
    with qtbot.waitSignal(controller.synced, timeout=30_000) as synced:
        qtbot.mouseClick(reopened.sync_button, Qt.MouseButton.LeftButton)
    assert synced.args[0].updated == 1
    assert _alarm(held(acct.calendar_url)[talk][1]) == timedelta(minutes=5)

    # No reminder: the event goes out again without one.
    reopened.alarm_box.setChecked(False)
    assert not reopened.alarm_spin.isEnabled()
    assert syncing.account(window.library).alarm_minutes is None  # type: ignore[union-attr]
    with qtbot.waitSignal(controller.synced, timeout=30_000) as synced:
        qtbot.mouseClick(reopened.sync_button, Qt.MouseButton.LeftButton)
    assert synced.args[0].updated == 1
    assert _alarm(held(acct.calendar_url)[talk][1]) is None
