"""After the event in the window (issue 20): Attended / Missed on a talk that has ended, and
Watch later, its recordings and its Markdown export. Plan Fest (tests/ui/plan_fest.py);
the window's clock is set after or before its Sunday talk, Echo (10:00-10:30, Brussels)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from planner.domain.marks import Attendance
from planner.export.watch_later import to_markdown
from planner.services.watching import watch_later
from planner.store import Library
from planner.ui.main_window import MainWindow
from planner.ui.widgets.reminders import ReminderClock

from .plan_fest import RECORDING, STARS, write_fest

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SUNDAY_NOON = datetime(2025, 2, 2, 11, 0, tzinfo=timezone.utc)  # 12:00 in Brussels
SUNDAY_DAWN = datetime(2025, 2, 2, 6, 0, tzinfo=timezone.utc)


def fest_window(window: MainWindow, tmp_path: Path, now: datetime) -> tuple[MainWindow, dict[str, str]]:
    """The window on Plan Fest, starred as plan_fest.STARS, its clock stopped at ``now``."""
    window.timeline.now = lambda: now
    assert window.import_files([str(write_fest(tmp_path))])
    ids = {e.title: e.id for e in window.days.all()}
    for title, tier in STARS.items():
        window.stars.set_tier(ids[title], tier, window.days)
    return window, ids


def test_a_talk_that_has_ended_is_marked_attended_or_missed_by_button_and_key(
        qtbot, window: MainWindow, library: Library, tmp_path: Path) -> None:
    window, ids = fest_window(window, tmp_path, SUNDAY_NOON)
    window.select_event(ids["Echo"])
    bar = window.my_agenda.after.bar
    assert bar.isVisible()
    missed = bar.buttons[Attendance.MISSED]
    assert missed.accessibleName() == "I missed this talk"
    qtbot.mouseClick(missed, Qt.MouseButton.LeftButton)
    assert library.attendance() == {ids["Echo"]: Attendance.MISSED}
    assert missed.isChecked() and window.statusBar().currentMessage() == "Missed: Talk: Echo"
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_A, CTRL_SHIFT)
    assert library.attendance() == {ids["Echo"]: Attendance.ATTENDED}
    assert bar.buttons[Attendance.ATTENDED].isChecked() and not missed.isChecked()
    qtbot.keyClick(window.timeline, Qt.Key.Key_A, CTRL_SHIFT)  # again: the mark goes
    assert library.attendance() == {}
    window.select_event(ids["Alpha"])  # Saturday's, ended too, marked on its own
    assert bar.isVisible() and bar.state is None


def test_a_talk_still_to_come_cannot_be_marked(qtbot, window: MainWindow, library: Library, tmp_path: Path) -> None:
    window, ids = fest_window(window, tmp_path, SUNDAY_DAWN)
    window.select_event(ids["Echo"])
    assert not window.my_agenda.after.bar.isVisible()
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_M, CTRL_SHIFT)
    assert library.attendance() == {}
    assert window.statusBar().currentMessage() == "Only a talk that has ended can be marked attended or missed"


def test_watch_later_lists_missed_must_sees_with_a_recording_opens_and_exports_them(
        qtbot, window: MainWindow, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window, ids = fest_window(window, tmp_path, SUNDAY_NOON)
    for title in ("Echo", "Alpha", "Bravo"):  # Alpha has no recording, Bravo is a maybe
        library.set_attendance(ids[title], Attendance.MISSED)
    window.named_actions["watch_later"].trigger()
    dialog = window.my_agenda.after.dialog
    assert dialog is not None and dialog.isVisible()
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        "Echo · Sun 02 Feb 2025, 10:00–10:30"]
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog.list.itemActivated.emit(dialog.list.item(0))
    assert [url.toString() for url in opened] == [RECORDING]
    target = tmp_path / "later.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Markdown (*.md)"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    expected = to_markdown([(i.event, i.recording) for i in watch_later(library, schedule_key=window.schedule_key)])
    assert target.read_bytes() == expected and RECORDING.encode() in expected


def test_watch_later_with_nothing_to_watch_offers_nothing_to_export(window: MainWindow, tmp_path: Path) -> None:
    window, _ = fest_window(window, tmp_path, SUNDAY_NOON)  # nothing marked missed
    window.named_actions["watch_later"].trigger()
    dialog = window.my_agenda.after.dialog
    assert dialog is not None and dialog.isVisible() and dialog.list.count() == 0
    assert not dialog.export_button.isEnabled() and not dialog.list.isVisible()
    dialog.accept()


def test_the_toggles_appear_when_the_shown_talk_ends_on_the_clocks_tick(
        qtbot, window: MainWindow, library: Library, tmp_path: Path) -> None:
    moment = [datetime(2025, 2, 2, 9, 20, tzinfo=timezone.utc)]  # 10:20 in Brussels: Echo is on
    window, ids = fest_window(window, tmp_path, moment[0])
    window.timeline.now = lambda: moment[0]
    window.select_event(ids["Echo"])
    after = window.my_agenda.after
    assert after.talk is None and not after.bar.isVisible()
    window.reminders.ticked.emit()  # a tick before the end changes nothing
    assert after.talk is None
    moment[0] = datetime(2025, 2, 2, 9, 31, tzinfo=timezone.utc)  # Echo ended at 10:30
    window.reminders.ticked.emit()
    assert after.bar.isVisible() and after.bar.state is None
    qtbot.mouseClick(after.bar.buttons[Attendance.ATTENDED], Qt.MouseButton.LeftButton)
    assert library.attendance() == {ids["Echo"]: Attendance.ATTENDED}


def test_the_reminder_clock_ticks_on_its_own(qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = ReminderClock(now=lambda: SUNDAY_NOON, interval_ms=20)
    with qtbot.waitSignal(clock.ticked, timeout=5000):
        pass
