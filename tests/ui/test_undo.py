"""Undoing a star or an unstar: Ctrl+Z (Edit > Undo) and the Undo link after the message.

Undo puts back the talk's star as it was, found by its id: the agenda and the timeline may
have changed order in between. Messages name the talk by its title.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence

from planner.domain.marks import Tier
from planner.store import Library
from planner.text.readable import event_summary
from planner.ui.main_window import MainWindow
from planner.ui.widgets.models import Roles

from .helpers import TINY_TITLE, event, write_tiny

CTRL = Qt.KeyboardModifier.ControlModifier


def press_s(qtbot, window: MainWindow, heading: str) -> str:  # type: ignore[no-untyped-def]
    """Select the event in the timeline and press S; its id."""
    event_id = event(window, heading).id
    window.select_event(event_id)
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_S)
    return event_id


def ctrl_z(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_Z, CTRL)


def message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def click_undo_link(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    link = window.stars.undo_link
    assert link.isVisible()
    # On the word "Undo", at the link's right end ("· Undo").
    word = link.fontMetrics().horizontalAdvance("Undo")
    point = QPoint(link.contentsRect().right() - word // 2, link.height() // 2)
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton, pos=point)


def test_edit_undo_is_in_the_menu_with_ctrl_z(window: MainWindow) -> None:
    action = window.undo_action
    assert action in window.menus["Edit"].actions()
    assert QKeySequence(QKeySequence.StandardKey.Undo) in action.shortcuts()


def test_ctrl_z_unstars_what_s_starred(qtbot, window: MainWindow, library: Library) -> None:
    oral2 = press_s(qtbot, window, "Oral 2")
    assert library.starred_ids() == {oral2}
    ctrl_z(qtbot, window)
    assert library.starred_ids() == set()
    assert window.model.index_of(oral2).data(Roles.STARRED) is False
    assert window.agenda.model.event_count() == 0
    assert not window.detail.star_button.isChecked()
    assert message(window) == f"Undone: {event_summary(event(window, 'Oral 2'))} is no longer starred"
    ctrl_z(qtbot, window)  # nothing left to undo
    assert library.starred_ids() == set()
    assert message(window) == "Nothing to undo"


def test_ctrl_z_stars_again_what_delete_in_my_agenda_unstarred(qtbot, window: MainWindow, library: Library) -> None:
    oral1, oral2 = event(window, "Oral 1").id, event(window, "Oral 2").id
    window.set_star(oral1, True)
    window.set_star(oral2, True)
    window.select_event(oral1)
    tree = window.agenda.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert library.starred_ids() == {oral2}
    assert message(window) == f"Unstarred {event_summary(event(window, 'Oral 1'))}"
    qtbot.keyClick(tree, Qt.Key.Key_Z, CTRL)
    assert library.starred_ids() == {oral1, oral2}
    assert window.agenda.model.index_of(oral1).isValid()
    assert message(window) == f"Undone: {event_summary(event(window, 'Oral 1'))} is starred again"


def test_undo_goes_back_several_steps_by_talk_not_by_position(qtbot, window: MainWindow, library: Library) -> None:
    oral1, oral2, spot5 = (event(window, h).id for h in ("Oral 1", "Oral 2", "Spotlight 5"))
    window.set_star(oral1, True)
    window.set_star(oral2, True)
    window.select_event(oral1)
    qtbot.mouseClick(window.agenda.unstar_button, Qt.MouseButton.LeftButton)  # the first row
    press_s(qtbot, window, "Spotlight 5")  # the list changes between the steps
    press_s(qtbot, window, "Oral 2")  # a maybe
    press_s(qtbot, window, "Oral 2")  # unstarred
    assert library.starred_ids() == {spot5}
    ctrl_z(qtbot, window)
    assert library.tiers() == {spot5: Tier.MUST, oral2: Tier.MAYBE}
    ctrl_z(qtbot, window)
    assert library.tiers() == {spot5: Tier.MUST, oral2: Tier.MUST}
    ctrl_z(qtbot, window)
    assert library.starred_ids() == {oral2}
    ctrl_z(qtbot, window)
    assert library.starred_ids() == {oral1, oral2}
    ctrl_z(qtbot, window)  # the two set_star calls before are undone too
    ctrl_z(qtbot, window)
    assert library.starred_ids() == set()


def test_the_status_message_offers_undo_right_after_it(qtbot, window: MainWindow, library: Library) -> None:
    oral2 = press_s(qtbot, window, "Oral 2")
    text = f"Starred {event_summary(event(window, 'Oral 2'))}"
    assert message(window) == text
    link = window.stars.undo_link
    assert link.isVisible() and link.text().endswith(">Undo</a>")
    assert link.accessibleName() == "Undo"
    bar = window.statusBar()
    # Just after the message's text ("Starred Oral 2: … · Undo"), within the status bar.
    assert link.parent() is bar
    assert 0 <= link.x() - (6 + bar.fontMetrics().horizontalAdvance(text)) <= 16
    assert link.geometry().right() <= bar.width()
    assert not bar.grab().isNull()
    click_undo_link(qtbot, window)
    assert library.starred_ids() == set()
    assert window.model.index_of(oral2).data(Roles.STARRED) is False
    assert message(window).startswith("Undone: ")
    assert not link.isVisible()  # the undo's own message offers nothing


def test_the_undo_link_goes_with_its_message(qtbot, window: MainWindow) -> None:
    press_s(qtbot, window, "Oral 2")
    link = window.stars.undo_link
    assert link.isVisible()
    window.statusBar().clearMessage()  # the message timed out
    assert not link.isVisible()
    press_s(qtbot, window, "Oral 3")
    assert link.isVisible()
    window.statusBar().showMessage("Reminders off", 3000)  # another part's message
    assert not link.isVisible()


def test_a_clash_message_offers_undo_too(qtbot, window: MainWindow, library: Library, tmp_path: Path) -> None:
    assert window.import_files([str(write_tiny(tmp_path))])
    oral1 = press_s(qtbot, window, "Oral 1")
    spot2 = press_s(qtbot, window, "Spotlight 2")
    assert "clashes with" in message(window)
    assert window.stars.undo_link.isVisible()
    click_undo_link(qtbot, window)
    assert library.starred_ids() == {oral1}
    assert spot2 not in library.starred_ids()


def test_ctrl_z_in_the_note_undoes_the_typing_not_the_star(qtbot, window: MainWindow, library: Library) -> None:
    oral2 = press_s(qtbot, window, "Oral 2")
    note = window.detail.note
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClicks(note, "slides")
    qtbot.keyClick(note, Qt.Key.Key_Z, CTRL)
    assert note.toPlainText() != "slides"
    assert library.starred_ids() == {oral2}


def test_messages_name_a_talk_of_another_schedule_by_title(qtbot, window: MainWindow, library: Library,
                                                          tmp_path: Path) -> None:
    shown = window.schedule_key
    assert window.import_files([str(write_tiny(tmp_path))])
    assert TINY_TITLE in window.windowTitle()
    oral3 = event(window, "Oral 3")
    window.set_star(oral3.id, True)
    window.reload(shown)  # the talk is no longer on screen
    assert window.days.event(oral3.id) is None
    summary = event_summary(oral3)
    window.set_star(oral3.id, False)
    assert message(window) == f"Unstarred {summary}"
    ctrl_z(qtbot, window)
    assert library.starred_ids() == {oral3.id}
    assert message(window) == f"Undone: {summary} is starred again"
    assert oral3.id not in message(window)


def test_after_a_long_message_the_link_stays_clear_of_the_counts(qtbot, window: MainWindow) -> None:
    window.resize(800, 600)
    press_s(qtbot, window, "Spotlight 5")  # a title longer than the bar is wide
    bar, link = window.statusBar(), window.stars.undo_link
    text = message(window)
    assert 6 + bar.fontMetrics().horizontalAdvance(text) > window.count_label.x()
    assert link.isVisible()
    assert link.geometry().right() < window.count_label.x()
    assert link.x() > bar.width() // 3  # still at the cut-off end of the message
