"""D hides the details pane and the timeline takes its width; the choice is remembered,
Alt+3 brings the pane back, and a wider window widens the timeline, not the pane."""

from __future__ import annotations

from PySide6.QtCore import Qt

from planner.ui.main_window import MainWindow


def test_d_hides_the_pane_and_the_timeline_takes_its_width(qtbot, window: MainWindow) -> None:
    before = window.timeline.width()
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: window.timeline.width() > before + 200)
    assert not window.detail.isVisible()
    assert window.timeline.hasFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_D)
    assert window.detail.isVisible()


def test_the_choice_is_remembered(qtbot, window: MainWindow, open_window, library, settings, fixed_now) -> None:  # type: ignore[no-untyped-def]
    window.details_action.trigger()
    assert not window.detail.isVisible()
    window.close()
    again = open_window(library, settings, fixed_now)
    assert not again.detail.isVisible() and not again.details_action.isChecked()


def test_alt_3_brings_the_pane_back_with_focus(qtbot, window: MainWindow) -> None:
    window.details_action.trigger()
    qtbot.keyClick(window.timeline, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.detail.isVisible() and window.detail.browser.hasFocus()


def test_typing_d_in_the_search_box_types_it(qtbot, window: MainWindow) -> None:
    window.focus_search()
    qtbot.keyClicks(window.search, "dd")
    assert window.search.text() == "dd" and window.detail.isVisible()


def test_a_wider_window_widens_the_timeline_not_the_pane(qtbot, window: MainWindow) -> None:
    pane, timeline = window.detail.width(), window.timeline.width()
    window.resize(window.width() + 400, window.height())
    qtbot.waitUntil(lambda: window.timeline.width() >= timeline + 350)
    assert abs(window.detail.width() - pane) <= 10
