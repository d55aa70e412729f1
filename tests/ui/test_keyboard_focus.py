"""Where the keyboard focus goes after an action: Alt+1 / Alt+2 reach what is on screen,
the day's plan in My agenda takes the focus from the button that opened it, gives it back
when it closes, and Esc in it closes it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

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
    assert window.agenda.tree.hasFocus()


def test_plan_my_day_from_its_button_moves_focus_into_the_plan_and_back(qtbot, window: MainWindow,
                                                                        tmp_path: Path) -> None:
    tiny_with_a_star(qtbot, window, tmp_path)
    button = window.agenda.plan_button
    focus(qtbot, button)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    panel = window.my_agenda.plan.panel
    assert window.agenda.page is panel
    assert panel.list.hasFocus()  # not the search box, after the focused button was hidden
    qtbot.keyClick(panel.list, Qt.Key.Key_Escape)
    assert window.agenda.page is None and button.hasFocus()


def test_b_and_shift_p_from_my_agendas_export_button_keep_focus_in_my_agenda(qtbot, window: MainWindow,
                                                                            tmp_path: Path) -> None:
    tiny_with_a_star(qtbot, window, tmp_path)
    export = window.agenda.export_button
    for key, modifier in ((Qt.Key.Key_P, SHIFT), (Qt.Key.Key_B, Qt.KeyboardModifier.NoModifier)):
        focus(qtbot, export)
        qtbot.keyClick(export, key, modifier)
        panel = window.my_agenda.plan.panel
        assert window.agenda.page is panel, key
        assert panel.list.hasFocus(), (key, QApplication.focusWidget())
        panel.close_button.setFocus()
        qtbot.keyClick(panel.close_button, Qt.Key.Key_Space)
        assert window.agenda.page is None and export.hasFocus(), key


def test_shift_p_from_the_timeline_leaves_the_focus_there(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tiny_with_a_star(qtbot, window, tmp_path)
    focus(qtbot, window.timeline)
    qtbot.keyClick(window.timeline, Qt.Key.Key_P, SHIFT)
    assert window.agenda.page is not None and window.timeline.hasFocus()
    window.my_agenda.plan.close()
    assert window.timeline.hasFocus()
