"""L shows the day as a chronological list (time, room, title, star) sharing the
timeline's selection; small windows start in it; the choice is remembered."""

from __future__ import annotations

from PySide6.QtCore import Qt

from planner.ui.main_window import MainWindow

from .helpers import current_id


def test_l_switches_to_the_list_and_back_keeping_the_selection(qtbot, window: MainWindow) -> None:
    assert window.shown_view() is window.timeline  # 1280 px wide
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_J)
    qtbot.keyClick(window.timeline, Qt.Key.Key_J)
    selected = current_id(window)
    qtbot.keyClick(window.timeline, Qt.Key.Key_L)
    assert window.shown_view() is window.event_list and window.event_list.hasFocus()
    assert window.event_list.current_event_id() == selected
    qtbot.keyClick(window.event_list, Qt.Key.Key_Down)
    moved = current_id(window)
    assert moved != selected and window.detail.current is not None and window.detail.current.id == moved
    qtbot.keyClick(window.event_list, Qt.Key.Key_S)
    assert moved in window.starred
    qtbot.keyClick(window.event_list, Qt.Key.Key_L)
    assert window.shown_view() is window.timeline and current_id(window) == moved


def test_a_small_window_starts_in_the_list(open_window, library, settings, fixed_now) -> None:  # type: ignore[no-untyped-def]
    small = open_window(library, settings, fixed_now, size=(800, 600))
    assert small.shown_view() is small.event_list and small.list_view_action.isChecked()
    assert small.event_list.model().rowCount() == small.model.rowCount() > 0


def test_the_choice_outlasts_the_window_size(qtbot, open_window, library, settings, fixed_now) -> None:  # type: ignore[no-untyped-def]
    small = open_window(library, settings, fixed_now, size=(800, 600))
    small.list_view_action.trigger()  # back to the timeline, by choice
    small.close()
    again = open_window(library, settings, fixed_now, size=(800, 600))
    assert again.shown_view() is again.timeline


def test_search_jumps_and_day_changes_reach_the_list(qtbot, window: MainWindow) -> None:
    window.list_view_action.trigger()
    window.focus_search()
    qtbot.keyClicks(window.search, "Oral 3")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.event_list.hasFocus()
    assert window.event_list.current_event_id() == current_id(window)
    qtbot.keyClick(window.event_list, Qt.Key.Key_Escape)
    assert window.search.text() == "" and window.event_list.hasFocus()
