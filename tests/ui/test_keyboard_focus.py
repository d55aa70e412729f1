"""Where the keyboard focus goes after an action: Alt+1 / Alt+2 reach what is on screen,
the day's plan in My agenda takes the focus from the button that opened it, gives it back
when it closes, and Esc in it closes it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from planner.ui.main_window import MainWindow

from .helpers import event, write_tiny

ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def tiny_with_a_star(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The tiny schedule on its first day, Oral 1 starred and selected."""
    window.finish_start()
    assert window.import_files([str(write_tiny(tmp_path))])
    oral = event(window, "Oral 1")
    window.set_star(oral.id, True)
    window.select_event(oral.id)


def focus(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def test_alt_1_goes_to_the_list_when_the_day_is_a_list(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tiny_with_a_star(qtbot, window, tmp_path)
    window.list_view_action.trigger()
    focus(qtbot, window.detail.browser)
    qtbot.keyClick(window.detail.browser, Qt.Key.Key_1, ALT)
    assert window.event_list.hasFocus()
    window.list_view_action.trigger()  # the timeline again
    focus(qtbot, window.detail.browser)
    qtbot.keyClick(window.detail.browser, Qt.Key.Key_1, ALT)
    assert window.timeline.hasFocus()


def test_alt_2_goes_to_the_plan_while_my_agenda_shows_it(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tiny_with_a_star(qtbot, window, tmp_path)
    window.my_agenda.plan.plan_day()
    panel = window.my_agenda.plan.panel
    assert window.agenda.page is panel
    focus(qtbot, window.timeline)
    qtbot.keyClick(window.timeline, Qt.Key.Key_2, ALT)
    assert panel.list.hasFocus()
    # Alt+1 from the plan goes back to the day.
    qtbot.keyClick(panel.list, Qt.Key.Key_1, ALT)
    assert window.timeline.hasFocus()


def test_esc_in_the_plan_closes_it_and_focus_stays_in_my_agenda(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tiny_with_a_star(qtbot, window, tmp_path)
    focus(qtbot, window.agenda.tree)
    qtbot.keyClick(window.agenda.tree, Qt.Key.Key_P, SHIFT)
    panel = window.my_agenda.plan.panel
    assert window.agenda.page is panel and panel.list.hasFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Escape)  # the window's Esc (Clear Search) must not take it
    assert window.agenda.page is None
