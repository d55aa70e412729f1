"""Starring by the card's star, the detail pane's button and the S key.

A star must be in the database before the next event is processed, so every check right
after a click reads the library (and a second connection to the same file) directly,
then the window is closed and a new one opened on the same database.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QCheckBox

from planner.domain.marks import Tier
from planner.store import Library
from planner.ui.main_window import MainWindow
from planner.ui.widgets.models import Roles

from .helpers import body_point, current_id, event, index_of, star_point


def stored_stars(db_path: Path) -> set[str]:
    """What another process would read from the file right now."""
    with Library(db_path) as fresh:
        return fresh.starred_ids()


def test_clicking_a_cards_star_stores_it_and_survives_reopening(
    qtbot, open_window, window: MainWindow, library: Library, db_path: Path, settings: QSettings, fixed_now: datetime
) -> None:
    oral2 = event(window, "Oral 2")
    index = index_of(window, "Oral 2")
    assert not index.data(Roles.STARRED)
    with qtbot.waitSignal(window.timeline.starToggled) as blocker:
        qtbot.mouseClick(window.timeline.viewport(), Qt.MouseButton.LeftButton, pos=star_point(window.timeline, index))
    assert blocker.args == [oral2.id]
    # In the database before anything else is processed, as a second connection sees it.
    assert library.starred_ids() == {oral2.id}
    assert stored_stars(db_path) == {oral2.id}
    # And on screen: the card, the agenda and the selection.
    assert index.data(Roles.STARRED) is True
    assert window.agenda.model.event_count() == 1
    assert current_id(window) == oral2.id

    window.close()
    library.close()
    lib2 = Library(db_path)
    again = open_window(lib2, settings, fixed_now, size=None)
    try:
        assert lib2.starred_ids() == {oral2.id}
        assert again.model.index_of(oral2.id).data(Roles.STARRED) is True
        assert again.agenda.model.event_count() == 1
        assert again.agenda.model.index_of(oral2.id).isValid()
    finally:
        again.close()
        lib2.close()


def test_clicking_the_star_again_unstars(qtbot, window: MainWindow, library: Library, db_path: Path) -> None:
    """Must-see, then maybe, then not starred: the card's star cycles as S does."""
    index = index_of(window, "Spotlight 12")
    point = star_point(window.timeline, index)
    qtbot.mouseClick(window.timeline.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert library.starred_ids() == {index.data(Roles.EVENT_ID)}
    qtbot.mouseClick(window.timeline.viewport(), Qt.MouseButton.LeftButton, pos=star_point(window.timeline, index))
    assert library.starred_ids() == {index.data(Roles.EVENT_ID)}  # a maybe now
    qtbot.mouseClick(window.timeline.viewport(), Qt.MouseButton.LeftButton, pos=star_point(window.timeline, index))
    assert library.starred_ids() == set()
    assert stored_stars(db_path) == set()
    assert index.data(Roles.STARRED) is False
    assert window.agenda.model.event_count() == 0


def test_clicking_a_card_body_selects_without_starring(qtbot, window: MainWindow, library: Library) -> None:
    index = index_of(window, "Oral 3")
    with qtbot.assertNotEmitted(window.timeline.starToggled):
        qtbot.mouseClick(window.timeline.viewport(), Qt.MouseButton.LeftButton, pos=body_point(window.timeline, index))
    assert current_id(window) == event(window, "Oral 3").id
    assert window.timeline.selectionModel().isSelected(index)
    assert library.starred_ids() == set()


def test_a_break_has_no_star_to_click(qtbot, window: MainWindow, library: Library) -> None:
    index = index_of(window, "Break")
    with qtbot.assertNotEmitted(window.timeline.starToggled):
        qtbot.mouseClick(window.timeline.viewport(), Qt.MouseButton.LeftButton, pos=star_point(window.timeline, index))
    assert library.starred_ids() == set()


def test_s_on_a_break_says_it_is_not_starred(qtbot, window: MainWindow, library: Library) -> None:
    # Its card has no star and the pane's Star button is greyed: S starred it all the same.
    window.select_event(event(window, "Break").id)
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_S)
    assert library.starred_ids() == set()
    assert "break is not starred" in window.statusBar().currentMessage()


def test_s_on_the_timeline_stars_and_unstars_the_selected_event(
    qtbot, open_window, window: MainWindow, library: Library, db_path: Path, settings: QSettings, fixed_now: datetime
) -> None:
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_J)
    qtbot.keyClick(window.timeline, Qt.Key.Key_J)
    oral2 = event(window, "Oral 2")
    assert current_id(window) == oral2.id
    qtbot.keyClick(window.timeline, Qt.Key.Key_S)
    assert library.starred_ids() == {oral2.id}
    assert stored_stars(db_path) == {oral2.id}
    assert window.detail.star_button.isChecked()
    assert "Starred" in window.statusBar().currentMessage()

    qtbot.keyClick(window.timeline, Qt.Key.Key_J)
    qtbot.keyClick(window.timeline, Qt.Key.Key_S)
    oral3 = event(window, "Oral 3")
    assert stored_stars(db_path) == {oral2.id, oral3.id}

    qtbot.keyClick(window.timeline, Qt.Key.Key_S)  # again: Oral 3 is a maybe
    assert stored_stars(db_path) == {oral2.id, oral3.id} and library.tier(oral3.id) is Tier.MAYBE
    qtbot.keyClick(window.timeline, Qt.Key.Key_S)  # and again: unstarred
    assert stored_stars(db_path) == {oral2.id}

    window.close()
    library.close()
    lib2 = Library(db_path)
    again = open_window(lib2, settings, fixed_now, size=None)
    try:
        assert again.model.index_of(oral2.id).data(Roles.STARRED) is True
        assert again.model.index_of(oral3.id).data(Roles.STARRED) is False
        assert [again.agenda.model.event_for(again.agenda.model.index(0, 0, again.agenda.model.index(0, 0))).id] == [oral2.id]
    finally:
        again.close()
        lib2.close()


def test_s_with_nothing_selected_changes_nothing_and_says_why(qtbot, window: MainWindow, library: Library) -> None:
    window.timeline.setFocus(Qt.FocusReason.MouseFocusReason)  # no automatic current item
    assert not window.timeline.currentIndex().isValid()
    qtbot.keyClick(window.timeline, Qt.Key.Key_S)
    assert library.starred_ids() == set()
    assert "Select a talk first" in window.statusBar().currentMessage()


def test_s_with_focus_in_my_agenda_toggles_the_agenda_event(qtbot, window: MainWindow, library: Library, db_path: Path) -> None:
    oral1, spot5 = event(window, "Oral 1"), event(window, "Spotlight 5")
    window.set_star(oral1.id, True)
    window.set_star(spot5.id, True)
    tree = window.agenda.tree
    row = window.agenda.model.index_of(spot5.id)
    tree.scrollTo(row)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(row).center())
    assert current_id(window) == spot5.id  # the agenda selected it in the timeline
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_S)  # a must-see becomes a maybe
    assert library.tiers() == {oral1.id: Tier.MUST, spot5.id: Tier.MAYBE}
    qtbot.keyClick(tree, Qt.Key.Key_S)  # and a maybe is unstarred
    assert stored_stars(db_path) == {oral1.id}
    assert window.agenda.model.event_count() == 1


def test_s_with_focus_in_the_detail_text_stars_the_shown_event(qtbot, window: MainWindow, db_path: Path) -> None:
    spot6 = event(window, "Spotlight 6")
    window.select_event(spot6.id)
    browser = window.detail.browser
    browser.setFocus()
    qtbot.waitUntil(browser.hasFocus)
    qtbot.keyClick(browser, Qt.Key.Key_S)
    assert stored_stars(db_path) == {spot6.id}
    assert window.detail.star_button.isChecked()


def test_typing_s_in_the_note_types_instead_of_starring(qtbot, window: MainWindow, db_path: Path) -> None:
    spot6 = event(window, "Spotlight 6")
    window.select_event(spot6.id)
    note = window.detail.note
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClicks(note, "see slides")
    assert note.toPlainText() == "see slides"
    assert stored_stars(db_path) == set()


def test_the_detail_star_button_stars_and_unstars(qtbot, window: MainWindow, library: Library, db_path: Path) -> None:
    oral1 = event(window, "Oral 1")
    window.select_event(oral1.id)
    button = window.detail.star_button
    with qtbot.waitSignal(window.detail.tierChosen) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert blocker.args == [oral1.id, Tier.MUST]
    assert stored_stars(db_path) == {oral1.id}
    assert button.isChecked() and button.text() == "★ Must-see"
    assert window.model.index_of(oral1.id).data(Roles.STARRED) is True
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # cycles as S does: a maybe
    assert library.tier(oral1.id) is Tier.MAYBE and button.isChecked() and button.text() == "☆ Maybe"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert stored_stars(db_path) == set()
    assert not button.isChecked() and button.text() == "☆ Star"


def test_the_detail_star_button_is_disabled_for_breaks_and_without_a_selection(window: MainWindow) -> None:
    assert not window.detail.star_button.isEnabled()
    window.select_event(event(window, "Break").id)
    assert not window.detail.star_button.isEnabled()
    window.select_event(event(window, "Oral 1").id)
    assert window.detail.star_button.isEnabled()


def test_starring_an_event_that_clashes_says_so(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from .helpers import write_tiny

    assert window.import_files([str(write_tiny(tmp_path))])
    oral1, spot2 = event(window, "Oral 1"), event(window, "Spotlight 2")
    window.set_star(oral1.id, True)
    window.set_star(spot2.id, True)
    assert "clashes" in window.statusBar().currentMessage()
    assert window.model.index_of(spot2.id).data(Roles.CONFLICT) == [oral1]
    assert "conflict" in window.agenda.header.text()


def showing(window: MainWindow) -> int:
    return window.model.matching_count()


def test_starred_only_is_a_toggle_that_shows_its_state(qtbot, window: MainWindow) -> None:
    box = window.starred_only
    # A check box: its box is drawn whether ticked or not, so it reads as a toggle even
    # while off (a flat tool button off looked like a label).
    assert isinstance(box, QCheckBox)
    assert box.isCheckable() and not box.isChecked()
    assert box.accessibleName() == "Show starred events only"
    assert "Ctrl+Shift+S" in box.toolTip()
    off = box.grab().toImage()
    window.set_star(event(window, "Oral 1").id, True)
    all_events = showing(window)

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert box.isChecked() and window.starred_only_action.isChecked()
    assert showing(window) == 1
    assert box.grab().toImage() != off  # the tick shows

    # The menu command (Ctrl+Shift+S) and the box stay one toggle.
    qtbot.keyClick(window.timeline, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not window.starred_only_action.isChecked() and not box.isChecked()
    assert showing(window) == all_events
    window.starred_only_action.trigger()
    assert box.isChecked() and showing(window) == 1


def test_starred_only_toggles_from_the_keyboard(qtbot, window: MainWindow) -> None:
    window.set_star(event(window, "Oral 1").id, True)
    all_events = showing(window)
    box = window.starred_only
    assert box.focusPolicy() & Qt.FocusPolicy.TabFocus
    box.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() and window.starred_only_action.isChecked()
    assert showing(window) == 1
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert not box.isChecked() and not window.starred_only_action.isChecked()
    assert showing(window) == all_events
