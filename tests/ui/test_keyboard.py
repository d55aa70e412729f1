"""Keyboard use: J/K and the arrows move the selection, every action has a menu entry and
a shortcut, Tab moves through the panes in a sensible order."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog

from planner.domain.marks import Tier
from planner.ui.main_window import MainWindow
from planner.ui.widgets.models import Roles
from planner.ui.widgets.timeline_layout import GUTTER

from .helpers import TINY_TITLE, current_id, event, write_tiny


def rows(window: MainWindow) -> list[str]:
    return [e.id for e in window.model.events()]


def focus_timeline_without_selecting(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Click the empty time axis: the timeline gets focus, nothing is selected."""
    qtbot.mouseClick(window.timeline.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(GUTTER // 2, 5))
    qtbot.waitUntil(window.timeline.hasFocus)
    assert not window.timeline.currentIndex().isValid()


def test_nothing_is_selected_at_start(window: MainWindow) -> None:
    assert current_id(window) is None
    assert window.detail.current is None
    assert "Select a talk" in window.detail.browser.toPlainText()


def test_the_first_arrow_press_after_start_selects_the_first_event(qtbot, window: MainWindow) -> None:
    # Whatever has the keyboard focus when the window opens, Down must reach the timeline.
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, Qt.Key.Key_Down)
    assert current_id(window) == rows(window)[0]


@pytest.mark.parametrize("key", [Qt.Key.Key_J, Qt.Key.Key_Down])
def test_the_first_press_with_nothing_selected_selects_the_first_event(qtbot, window: MainWindow, key: Qt.Key) -> None:
    focus_timeline_without_selecting(qtbot, window)
    qtbot.keyClick(window.timeline, key)
    assert current_id(window) == rows(window)[0]
    assert window.timeline.selectionModel().isSelected(window.model.index(0, 0))


def test_j_and_k_step_through_the_events_in_order(qtbot, window: MainWindow) -> None:
    order = rows(window)
    seen = []
    for _ in order:
        qtbot.keyClick(window.timeline, Qt.Key.Key_J)
        seen.append(current_id(window))
    assert seen == order
    qtbot.keyClick(window.timeline, Qt.Key.Key_J)  # at the end: stays on the last
    assert current_id(window) == order[-1]
    back = []
    for _ in order[:-1]:
        qtbot.keyClick(window.timeline, Qt.Key.Key_K)
        back.append(current_id(window))
    assert back == order[-2::-1]
    qtbot.keyClick(window.timeline, Qt.Key.Key_K)
    assert current_id(window) == order[0]


def test_j_works_while_the_focus_is_elsewhere_and_moves_it_to_the_timeline(qtbot, window: MainWindow) -> None:
    window.detail.browser.setFocus()
    qtbot.waitUntil(window.detail.browser.hasFocus)
    qtbot.keyClick(window.detail.browser, Qt.Key.Key_J)
    assert current_id(window) == rows(window)[0]
    assert window.timeline.hasFocus()


def test_arrow_keys_move_the_selection(qtbot, window: MainWindow) -> None:
    focus_timeline_without_selecting(qtbot, window)
    order = rows(window)
    qtbot.keyClick(window.timeline, Qt.Key.Key_Down)
    qtbot.keyClick(window.timeline, Qt.Key.Key_Down)
    qtbot.keyClick(window.timeline, Qt.Key.Key_Down)
    assert current_id(window) == order[2]
    qtbot.keyClick(window.timeline, Qt.Key.Key_Up)
    assert current_id(window) == order[1]
    qtbot.keyClick(window.timeline, Qt.Key.Key_End)
    assert current_id(window) == order[-1]
    qtbot.keyClick(window.timeline, Qt.Key.Key_Home)
    assert current_id(window) == order[0]
    qtbot.keyClick(window.timeline, Qt.Key.Key_PageDown)
    assert current_id(window) not in (None, order[0])


def test_left_and_right_move_between_parallel_events(qtbot, window: MainWindow, tmp_path: Path) -> None:
    assert window.import_files([str(write_tiny(tmp_path))])
    window.select_event(event(window, "Spotlight 2").id)
    view = window.timeline
    left_id = current_id(window)
    left = view.visualRect(view.currentIndex())
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    right = view.visualRect(view.currentIndex())
    if right.left() < left.left():  # Spotlight 2 was the right-hand one
        qtbot.keyClick(view, Qt.Key.Key_Left)
        assert view.visualRect(view.currentIndex()).left() < left.left()
    else:
        assert right.left() > left.left()
        assert current_id(window) != left_id
        qtbot.keyClick(view, Qt.Key.Key_Left)
        assert current_id(window) == left_id


def test_the_selection_scrolls_into_view(qtbot, window: MainWindow) -> None:
    window.timeline.set_zoom(20)
    qtbot.keyClick(window.timeline, Qt.Key.Key_End)  # nothing selected: selects the first
    for _ in rows(window):
        qtbot.keyClick(window.timeline, Qt.Key.Key_J)
    rect = window.timeline.visualRect(window.timeline.currentIndex())
    assert window.timeline.viewport().rect().intersects(rect)
    assert window.timeline.verticalScrollBar().value() > 0


def test_the_detail_pane_follows_the_keyboard_selection(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window.timeline, Qt.Key.Key_J)
    first = window.current_event()
    assert first is not None and window.detail.current.id == first.id
    assert "Is normalization indispensable" in window.detail.browser.toPlainText()
    qtbot.keyClick(window.timeline, Qt.Key.Key_J)
    assert window.detail.current.id == event(window, "Oral 2").id
    assert "Ryo Karakida" in window.detail.browser.toPlainText()


def test_day_navigation_with_brackets_and_tabs(qtbot, window: MainWindow, tmp_path: Path) -> None:
    assert window.import_files([str(write_tiny(tmp_path))])
    assert TINY_TITLE in window.windowTitle()
    assert window.day_tabs.count() == 2 and window.day_tabs.isVisible()
    assert {e.heading for e in window.model.events()} == {"Oral 1", "Spotlight 2", "Break"}
    qtbot.keyClick(window.timeline, Qt.Key.Key_BracketRight)
    assert window.day_tabs.currentIndex() == 1
    assert {e.heading for e in window.model.events()} == {"Oral 3", "Poster 4"}
    qtbot.keyClick(window.timeline, Qt.Key.Key_BracketRight)  # no third day
    assert window.day_tabs.currentIndex() == 1
    qtbot.keyClick(window.timeline, Qt.Key.Key_BracketLeft)
    assert window.day_tabs.currentIndex() == 0
    window.day_tabs.setCurrentIndex(1)
    assert {e.heading for e in window.model.events()} == {"Oral 3", "Poster 4"}


EXPECTED_SHORTCUTS = {
    "open_action": QKeySequence.StandardKey.Open,
    "export_action": "Ctrl+E",
    "quit_action": "Ctrl+Q",
    "find_action": QKeySequence.StandardKey.Find,
    "star_action": "S",
    "next_action": "J",
    "prev_action": "K",
    "zoom_in_action": "Ctrl++",
    "zoom_out_action": "Ctrl+-",
}


@pytest.mark.parametrize("name", sorted(EXPECTED_SHORTCUTS))
def test_actions_have_their_shortcuts_and_sit_in_a_menu(window: MainWindow, name: str) -> None:
    action = getattr(window, name)
    expected = EXPECTED_SHORTCUTS[name]
    wanted = QKeySequence(expected)
    assert wanted in action.shortcuts()
    menu_actions = [a for menu in window.menus.values() for a in menu.actions()]
    assert action in menu_actions


def test_every_menu_action_but_about_has_a_shortcut(window: MainWindow) -> None:
    missing = [
        a.text() for menu in window.menus.values() for a in menu.actions()
        if not a.isSeparator() and a.menu() is None and a.shortcut().isEmpty() and "About" not in a.text()
    ]
    assert missing == []


def test_ctrl_f_focuses_search_and_esc_clears_it(qtbot, window: MainWindow) -> None:
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "kernel")
    assert window.model.matching_count() < window.model.rowCount()
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert window.model.matching_count() == window.model.rowCount()
    assert window.timeline.hasFocus()


def test_letters_typed_in_search_are_not_shortcuts(qtbot, window: MainWindow) -> None:
    window.focus_search()
    qtbot.keyClicks(window.search, "sjk")
    assert window.search.text() == "sjk"
    assert window.library.starred_ids() == set()
    assert current_id(window) is None


def test_ctrl_q_closes_the_window(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window.timeline, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_ctrl_o_imports_the_chosen_file(qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_tiny(tmp_path)
    asked = []

    def choose(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args)
        return [str(path)], "Schedules"

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    qtbot.keyClick(window.timeline, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1
    qtbot.waitUntil(lambda: window.file_import is None, timeout=30000)  # it goes in on a worker thread
    assert TINY_TITLE in window.windowTitle()
    assert {s.title for s in window.library.schedules()} >= {TINY_TITLE}


def test_tab_order_follows_the_layout(qtbot, window: MainWindow) -> None:
    """The toolbar, My agenda, the day bar, the timeline, then the detail pane top to
    bottom ("More like this" under the note); tests/ui/test_tab_order.py has the rest."""
    window.select_event(event(window, "Oral 1").id)
    window.my_agenda.toggle_current()  # My agenda shows its list only when it has rows
    window.focus_search()
    qtbot.waitUntil(window.search.hasFocus)
    order = [QApplication.focusWidget()]
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is window.search:
            break
        order.append(QApplication.focusWidget())
    assert window.detail.similar.isVisible()  # Oral 1 has talks like it
    a, d = window.agenda, window.detail
    expected = [window.search, window.starred_only, window.export_button, a.tree, a.plan_button, a.unstar_button,
                a.export_button, window.day_tabs, window.timeline, d.star_button, d.browser, d.note, d.similar]
    assert [w for w in order if w in expected] == expected


def star_selected_with(qtbot, window: MainWindow, focus, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:  # type: ignore[no-untyped-def]
    focus.setFocus()
    qtbot.waitUntil(focus.hasFocus)
    qtbot.keyClick(focus, key, modifier)


@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier],
                         ids=["S", "Shift+S"])
def test_s_and_shift_s_star_from_the_timeline(qtbot, window: MainWindow, modifier: Qt.KeyboardModifier) -> None:
    oral2 = event(window, "Oral 2")
    window.select_event(oral2.id)
    star_selected_with(qtbot, window, window.timeline, Qt.Key.Key_S, modifier)
    assert window.library.starred_ids() == {oral2.id}
    assert window.timeline.hasFocus()
    star_selected_with(qtbot, window, window.timeline, Qt.Key.Key_S, modifier)  # again: a maybe
    assert window.library.tiers() == {oral2.id: Tier.MAYBE}
    star_selected_with(qtbot, window, window.timeline, Qt.Key.Key_S, modifier)  # and again: unstars
    assert window.library.starred_ids() == set()


@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier],
                         ids=["S", "Shift+S"])
def test_s_and_shift_s_unstar_from_my_agenda(qtbot, window: MainWindow, modifier: Qt.KeyboardModifier) -> None:
    oral1, oral2 = event(window, "Oral 1"), event(window, "Oral 2")
    window.set_star(oral1.id, True)
    window.set_star(oral2.id, True)
    window.select_event(oral2.id)  # the agenda row follows
    assert window.agenda.tree.currentIndex().data(Roles.EVENT_ID) == oral2.id
    star_selected_with(qtbot, window, window.agenda.tree, Qt.Key.Key_S, modifier)  # a must-see: now a maybe
    assert window.library.tiers() == {oral1.id: Tier.MUST, oral2.id: Tier.MAYBE}
    star_selected_with(qtbot, window, window.agenda.tree, Qt.Key.Key_S, modifier)  # a maybe: unstarred
    assert window.library.starred_ids() == {oral1.id}


@pytest.mark.parametrize("field", ["search", "note"])
@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier],
                         ids=["s", "Shift+S"])
def test_s_and_shift_s_typed_in_an_empty_text_field_are_typed(qtbot, window: MainWindow, field: str,
                                                              modifier: Qt.KeyboardModifier) -> None:
    oral2 = event(window, "Oral 2")
    window.select_event(oral2.id)  # something S could star
    box = window.search if field == "search" else window.detail.note
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(box, Qt.Key.Key_S, modifier)
    typed = box.text() if field == "search" else box.toPlainText()
    assert typed.lower() == "s"  # QTest sends the lower-case text even with Shift held
    assert window.library.starred_ids() == set()


@pytest.mark.parametrize("key", [Qt.Key.Key_J, Qt.Key.Key_N, Qt.Key.Key_BracketRight])
def test_single_key_shortcuts_work_with_focus_in_my_agenda(qtbot, window: MainWindow, tmp_path: Path,
                                                           key: Qt.Key) -> None:
    # The agenda is a tree: its type-ahead search must not swallow the window's letters.
    assert window.import_files([str(write_tiny(tmp_path))])
    oral1 = event(window, "Oral 1")
    window.set_star(oral1.id, True)
    window.select_event(oral1.id)
    tree = window.agenda.tree
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    day = window.day_tabs.currentIndex()
    qtbot.keyClick(tree, key)
    if key == Qt.Key.Key_J:
        assert current_id(window) != oral1.id
    elif key == Qt.Key.Key_BracketRight:
        assert window.day_tabs.currentIndex() == day + 1
    else:  # N: now, said in the status bar
        assert window.statusBar().currentMessage()


def test_left_and_right_go_to_a_room_with_a_talk_at_about_the_same_time(qtbot, window: MainWindow,
                                                                        tmp_path: Path) -> None:
    # 38C3: Right from a 10:30 talk went to the next room's only talk, at 16:00, out of sight.
    talks = [("a", "20241227T103000", "Hall A"), ("b", "20241227T160000", "Hall B"),
             ("c", "20241227T104500", "Hall C"), ("d", "20241227T170000", "Hall D")]
    body = "".join(f"BEGIN:VEVENT\r\nUID:{uid}@rooms.example\r\nDTSTAMP:20240101T000000Z\r\n"
                   f"DTSTART;TZID=Europe/Berlin:{start}\r\nDURATION:PT30M\r\nSUMMARY:Talk {uid}\r\n"
                   f"LOCATION:{room}\r\nEND:VEVENT\r\n" for uid, start, room in talks)
    path = tmp_path / "rooms.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Rooms//EN\r\nX-WR-CALNAME:Rooms\r\n"
                    + body + "END:VCALENDAR\r\n", encoding="utf-8", newline="")
    assert window.import_files([str(path)])
    ids = {e.title: e.id for e in window.days.all()}
    window.select_event(ids["Talk a"])
    view = window.timeline
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert current_id(window) == ids["Talk c"]  # past Hall B, whose only talk is at 16:00
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert current_id(window) == ids["Talk d"]  # nothing near 10:45 to the right: the nearest column
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert current_id(window) == ids["Talk b"]  # 16:00, within the hour of 17:00: past Hall C's 10:45
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert current_id(window) == ids["Talk a"]
