"""UI state in QSettings: geometry, splitter sizes, zoom and the selected event come back
on the next start; stars never live there (they are in the library)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings, QSize

from planner.store import Library
from planner.ui.main_window import MainWindow

from .helpers import current_id, event


def test_geometry_splitter_zoom_and_selection_are_restored(
    qtbot, open_window, library: Library, tmp_path: Path, fixed_now: datetime
) -> None:
    settings_file = tmp_path / "state.ini"
    first = open_window(library, QSettings(str(settings_file), QSettings.Format.IniFormat), fixed_now, size=None)
    first.resize(760, 620)  # the offscreen screen is 800x800: restoreGeometry keeps windows on it
    qtbot.waitUntil(lambda: first.size() == QSize(760, 620))
    first.splitter.setSizes([150, 330, 260])
    sizes = first.splitter.sizes()
    first.timeline.set_zoom(9.0)
    spot8 = event(first, "Spotlight 8")
    first.select_event(spot8.id)
    first.close()

    second = open_window(library, QSettings(str(settings_file), QSettings.Format.IniFormat), fixed_now, size=None)
    second.finish_start()  # what app.run does once the window is shown
    assert second.size() == QSize(760, 620)
    assert second.splitter.sizes() == sizes
    assert second.timeline.ppm == 9.0
    assert current_id(second) == spot8.id
    assert second.detail.current.id == spot8.id
    rect = second.timeline.visualRect(second.timeline.currentIndex())
    assert second.timeline.viewport().rect().intersects(rect)
    second.close()


def test_a_selection_that_no_longer_exists_is_ignored(
    open_window, library: Library, tmp_path: Path, fixed_now: datetime
) -> None:
    settings_file = tmp_path / "state.ini"
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    settings.setValue("selectedEvent", "sp-gone")
    settings.setValue("geometry", b"garbage")
    settings.setValue("splitter", b"garbage")
    settings.sync()
    win = open_window(library, QSettings(str(settings_file), QSettings.Format.IniFormat), fixed_now, size=None)
    win.restore_selection()
    assert current_id(win) is None
    assert win.model.rowCount() == 15
    win.close()


def test_stars_are_not_kept_in_settings(qtbot, window: MainWindow, settings: QSettings) -> None:
    oral1 = event(window, "Oral 1")
    window.set_star(oral1.id, True)
    window.select_event(event(window, "Oral 2").id)
    window.close()
    settings.sync()
    stored = {key: settings.value(key) for key in settings.allKeys()}
    assert stored, "closing saves the window state"
    assert not any("star" in key.lower() for key in stored)
    assert oral1.id not in {str(v) for v in stored.values()}
