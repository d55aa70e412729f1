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


def _sides(win: MainWindow) -> tuple[int, int, int]:
    agenda, day, details = win.splitter.sizes()
    return agenda, day, details


def test_first_column_widths_give_the_day_half_a_narrow_window(qtbot, open_window, library: Library,
                                                               tmp_path: Path, fixed_now: datetime) -> None:
    """No saved widths: My agenda and the details keep 250 and 420 pixels in a wide window,
    a fifth and a third of a narrow one, so the day is not left a third of a laptop's screen."""
    settings = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    win = open_window(library, settings, fixed_now, size=(1280, 800))
    agenda, day, details = _sides(win)
    assert (agenda, details) == (250, 420) and day > 560
    win.resize(1024, 600)  # a small laptop's screen
    qtbot.waitUntil(lambda: win.splitter.width() < 1030)
    agenda, day, details = _sides(win)
    width = agenda + day + details
    assert (agenda, details) == (width // 5, width // 3)
    assert day > width * 0.45  # was 1024 - 250 - 420: a third
    win.resize(1280, 800)
    qtbot.waitUntil(lambda: win.splitter.width() > 1200)
    assert (_sides(win)[0], _sides(win)[2]) == (250, 420)


def test_once_the_attendee_drags_a_column_its_width_is_theirs(qtbot, open_window, library: Library,
                                                              tmp_path: Path, fixed_now: datetime) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    settings_file = tmp_path / "state.ini"
    win = open_window(library, QSettings(str(settings_file), QSettings.Format.IniFormat), fixed_now, size=(1280, 800))
    handle = win.splitter.handle(2)  # between the day and the details
    middle = QPoint(handle.width() // 2, handle.height() // 2)
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)
    QTest.mouseMove(handle, middle + QPoint(-60, 0))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle + QPoint(-60, 0))
    qtbot.waitUntil(lambda: _sides(win)[2] > 460)
    dragged = _sides(win)
    win.resize(1150, 800)
    qtbot.waitUntil(lambda: win.splitter.width() < 1160)
    # Not fitted again: the sides stay as the attendee set them, the day gives way.
    assert (_sides(win)[0], _sides(win)[2]) == (dragged[0], dragged[2])

    # Saved widths come back and are not fitted either.
    kept = _sides(win)
    win.close()
    again = open_window(library, QSettings(str(settings_file), QSettings.Format.IniFormat), fixed_now, size=(1280, 800))
    qtbot.waitUntil(lambda: again.splitter.width() > 1200)
    assert (_sides(again)[0], _sides(again)[2]) == (kept[0], kept[2])
    again.resize(1200, 800)
    qtbot.waitUntil(lambda: again.splitter.width() < 1210)
    assert (_sides(again)[0], _sides(again)[2]) == (kept[0], kept[2])
