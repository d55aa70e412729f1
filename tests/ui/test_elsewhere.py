"""Stars made in another process (another window, `planner star`) reach the window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from planner.store import Library
from planner.ui.main_window import MainWindow


def test_a_star_from_the_command_line_appears_in_the_window(qtbot, window: MainWindow, db_path: Path) -> None:
    event = window.days.all()[0]
    assert event.id not in window.starred
    subprocess.run([sys.executable, "-m", "planner", "--db", str(db_path), "star", event.id], check=True,
                   capture_output=True)
    qtbot.waitUntil(lambda: event.id in window.starred, timeout=5000)
    assert window.agenda.model.event_count() == 1


def test_the_windows_own_stars_do_not_count_as_changes_from_elsewhere(window: MainWindow) -> None:
    window.set_star(window.days.all()[1].id, True)
    assert window.pick_up_changes() is False


def test_a_note_from_another_connection_reaches_the_detail_pane(qtbot, window: MainWindow, db_path: Path) -> None:
    event = window.days.all()[0]
    window.select_event(event.id)
    other = Library(db_path)
    try:
        other.set_note(event.id, "written in the other window")
    finally:
        other.close()
    qtbot.waitUntil(lambda: window.detail.note.toPlainText() == "written in the other window", timeout=5000)
