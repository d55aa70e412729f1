"""My agenda: starred events by start time, grouped by day, with a count; it selects in
the timeline and can unstar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt

from planner.store import Library
from planner.ui.main_window import MainWindow
from planner.ui.widgets.models import Roles

from .helpers import current_id, event, write_tiny


def agenda_rows(window: MainWindow) -> list[tuple[str, list[str]]]:
    """(day row text, [event row text ...]) as the tree shows them."""
    model = window.agenda.model
    out = []
    for d in range(model.rowCount()):
        day = model.index(d, 0)
        out.append((day.data(), [model.index(r, 0, day).data() for r in range(model.rowCount(day))]))
    return out


def agenda_ids(window: MainWindow) -> list[str]:
    model = window.agenda.model
    return [model.index(r, 0, model.index(d, 0)).data(Roles.EVENT_ID)
            for d in range(model.rowCount()) for r in range(model.rowCount(model.index(d, 0)))]


def click_agenda_row(qtbot, window: MainWindow, event_id: str) -> None:  # type: ignore[no-untyped-def]
    tree = window.agenda.tree
    index = window.agenda.model.index_of(event_id)
    assert index.isValid()
    tree.scrollTo(index)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center())


def test_an_empty_agenda_says_how_to_fill_it(window: MainWindow) -> None:
    assert window.agenda.stack.currentWidget() is window.agenda.empty
    assert "(0)" in window.agenda.header.text()
    assert not window.agenda.export_button.isEnabled()
    assert not window.agenda.unstar_button.isEnabled()


def test_starred_events_are_listed_by_start_with_time_title_and_a_count(window: MainWindow) -> None:
    for heading in ("Spotlight 7", "Oral 1", "Spotlight 5"):  # starred out of order
        window.set_star(event(window, heading).id, True)
    rows = agenda_rows(window)
    assert len(rows) == 1
    day, items = rows[0]
    assert day.startswith("Thu 10 Dec 2020") and "(3)" in day
    assert items == [
        "18:00  Oral 1: Is normalization indispensable for training deep neural network?",
        "19:00  Spotlight 5: Generalization bound of globally optimal non-convex neural network training: "
        "Transportation map estimation by infinite dimensional Langevin dynamics",
        "19:20  Spotlight 7: What Neural Networks Memorize and Why: Discovering the Long Tail via Influence Estimation",
    ]
    assert "(3)" in window.agenda.header.text()
    assert window.agenda.stack.currentWidget() is window.agenda.tree
    assert window.agenda.export_button.isEnabled()


def test_the_agenda_groups_by_day_in_day_order(window: MainWindow, tmp_path: Path) -> None:
    assert window.import_files([str(write_tiny(tmp_path))])
    for heading in ("Poster 4", "Oral 1", "Oral 3"):
        window.set_star(event(window, heading).id, True)
    rows = agenda_rows(window)
    assert [day.split("  ")[0] for day, _ in rows] == ["Mon 03 Jun 2024", "Tue 04 Jun 2024"]
    assert "(1)" in rows[0][0] and "(2)" in rows[1][0]
    assert [text.split("  ")[0] for text in rows[1][1]] == ["10:00", "10:30"]
    assert "(3)" in window.agenda.header.text()
    # Day rows are headings: not selectable.
    day_index = window.agenda.model.index(0, 0)
    assert not window.agenda.model.flags(day_index) & Qt.ItemFlag.ItemIsSelectable


def test_clicking_an_agenda_row_selects_the_event_in_the_timeline(qtbot, window: MainWindow) -> None:
    spot8 = event(window, "Spotlight 8")
    window.set_star(event(window, "Oral 2").id, True)
    window.set_star(spot8.id, True)
    with qtbot.waitSignal(window.agenda.eventSelected) as blocker:
        click_agenda_row(qtbot, window, spot8.id)
    assert blocker.args == [spot8.id]
    assert current_id(window) == spot8.id
    assert window.timeline.selectionModel().isSelected(window.model.index_of(spot8.id))
    assert window.detail.current.id == spot8.id
    assert window.agenda.unstar_button.isEnabled()


def test_an_agenda_row_on_another_day_switches_the_timeline_day(qtbot, window: MainWindow, tmp_path: Path) -> None:
    assert window.import_files([str(write_tiny(tmp_path))])
    oral3 = event(window, "Oral 3")
    window.set_star(oral3.id, True)
    assert window.day_tabs.currentIndex() == 0
    click_agenda_row(qtbot, window, oral3.id)
    assert window.day_tabs.currentIndex() == 1
    assert current_id(window) == oral3.id


def test_selecting_in_the_timeline_highlights_the_agenda_row(window: MainWindow) -> None:
    oral2 = event(window, "Oral 2")
    window.set_star(event(window, "Oral 1").id, True)
    window.set_star(oral2.id, True)
    window.select_event(oral2.id)
    assert window.agenda.tree.currentIndex().data(Roles.EVENT_ID) == oral2.id
    window.select_event(event(window, "Oral 3").id)  # not starred: no agenda row current
    assert not window.agenda.tree.currentIndex().isValid()
    assert not window.agenda.unstar_button.isEnabled()


def test_the_unstar_button_unstars_the_selected_row(qtbot, window: MainWindow, library: Library) -> None:
    oral1, oral2 = event(window, "Oral 1"), event(window, "Oral 2")
    window.set_star(oral1.id, True)
    window.set_star(oral2.id, True)
    click_agenda_row(qtbot, window, oral1.id)
    with qtbot.waitSignal(window.agenda.unstarRequested) as blocker:
        qtbot.mouseClick(window.agenda.unstar_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [oral1.id]
    assert library.starred_ids() == {oral2.id}
    assert agenda_ids(window) == [oral2.id]
    assert "(1)" in window.agenda.header.text()
    assert window.model.index_of(oral1.id).data(Roles.STARRED) is False


def test_delete_in_the_agenda_unstars(qtbot, window: MainWindow, library: Library) -> None:
    oral1, oral2 = event(window, "Oral 1"), event(window, "Oral 2")
    window.set_star(oral1.id, True)
    window.set_star(oral2.id, True)
    click_agenda_row(qtbot, window, oral2.id)
    qtbot.keyClick(window.agenda.tree, Qt.Key.Key_Delete)
    assert library.starred_ids() == {oral1.id}
    assert agenda_ids(window) == [oral1.id]
    window.set_star(oral2.id, True)
    click_agenda_row(qtbot, window, oral1.id)
    qtbot.keyClick(window.agenda.tree, Qt.Key.Key_Backspace)
    assert library.starred_ids() == {oral2.id}


def test_unstarring_the_last_event_shows_the_empty_state_again(qtbot, window: MainWindow) -> None:
    oral1 = event(window, "Oral 1")
    window.set_star(oral1.id, True)
    click_agenda_row(qtbot, window, oral1.id)
    qtbot.mouseClick(window.agenda.unstar_button, Qt.MouseButton.LeftButton)
    assert window.agenda.stack.currentWidget() is window.agenda.empty
    assert window.agenda.model.rowCount() == 0
    assert window.agenda.tree.currentIndex() == QModelIndex()


def test_the_agenda_paints(qtbot, window: MainWindow, tmp_path: Path) -> None:
    assert window.import_files([str(write_tiny(tmp_path))])
    for e in window.days.all():
        if e.kind.value != "break":
            window.set_star(e.id, True)
    window.agenda.resize(120, 300)  # narrow: rows wrap
    assert not window.agenda.grab().isNull()


def selected_agenda_id(window: MainWindow) -> str | None:
    """The agenda row selected on screen (not merely current), as its event id."""
    rows = window.agenda.tree.selectionModel().selectedRows()
    return rows[0].data(Roles.EVENT_ID) if rows else None


def star_three(window: MainWindow) -> list[str]:
    ids = [event(window, heading).id for heading in ("Oral 1", "Oral 2", "Oral 3")]
    for event_id in ids:
        window.set_star(event_id, True)
    assert agenda_ids(window) == ids
    return ids


def test_the_unstar_button_is_disabled_while_no_agenda_row_is_selected(qtbot, window: MainWindow) -> None:
    oral1, oral2, _ = star_three(window)
    window.select_event(event(window, "Break").id)  # not in the agenda
    assert selected_agenda_id(window) is None and not window.agenda.unstar_button.isEnabled()
    click_agenda_row(qtbot, window, oral2)
    assert selected_agenda_id(window) == oral2 and window.agenda.unstar_button.isEnabled()
    # Ctrl+click takes the row out of the selection; the button must follow, not the
    # current index, which stays on the row.
    tree = window.agenda.tree
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     pos=tree.visualRect(window.agenda.model.index_of(oral2)).center())
    assert selected_agenda_id(window) is None
    assert not window.agenda.unstar_button.isEnabled()
    # A day row is not an event: nothing to unstar.
    day_row = window.agenda.model.index(0, 0)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(day_row).center())
    assert not window.agenda.unstar_button.isEnabled()
    # Starring elsewhere rebuilds the list: the button still matches the selection.
    click_agenda_row(qtbot, window, oral1)
    window.set_star(event(window, "Spotlight 5").id, True)
    assert selected_agenda_id(window) == oral1 and window.agenda.unstar_button.isEnabled()


def test_the_unstar_button_acts_on_the_selected_row_and_selects_its_neighbour(
    qtbot, window: MainWindow, library: Library
) -> None:
    oral1, oral2, oral3 = star_three(window)
    click_agenda_row(qtbot, window, oral2)
    with qtbot.waitSignal(window.agenda.unstarRequested) as blocker:
        qtbot.mouseClick(window.agenda.unstar_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [oral2]
    assert library.starred_ids() == {oral1, oral3}
    # The next row is selected, in the agenda and the timeline, and the button acts on it.
    assert selected_agenda_id(window) == oral3 == current_id(window)
    assert window.agenda.unstar_button.isEnabled()
    qtbot.mouseClick(window.agenda.unstar_button, Qt.MouseButton.LeftButton)
    assert library.starred_ids() == {oral1}
    # The last row had no next one: the one before it.
    assert selected_agenda_id(window) == oral1 == current_id(window)
    assert window.agenda.unstar_button.isEnabled()
    qtbot.mouseClick(window.agenda.unstar_button, Qt.MouseButton.LeftButton)
    assert library.starred_ids() == set()
    assert selected_agenda_id(window) is None and not window.agenda.unstar_button.isEnabled()


def test_delete_in_the_agenda_moves_to_the_neighbour_so_it_can_be_pressed_again(
    qtbot, window: MainWindow, library: Library
) -> None:
    oral1, oral2, oral3 = star_three(window)
    click_agenda_row(qtbot, window, oral1)
    tree = window.agenda.tree
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert library.starred_ids() == {oral2, oral3}
    assert selected_agenda_id(window) == oral2 and window.agenda.unstar_button.isEnabled()
    assert tree.hasFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert library.starred_ids() == {oral3}
    assert selected_agenda_id(window) == oral3


def test_delete_with_no_selected_row_unstars_nothing(qtbot, window: MainWindow, library: Library) -> None:
    oral1, oral2, _ = star_three(window)
    click_agenda_row(qtbot, window, oral2)
    tree = window.agenda.tree
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     pos=tree.visualRect(window.agenda.model.index_of(oral2)).center())
    assert selected_agenda_id(window) is None
    with qtbot.assertNotEmitted(window.agenda.unstarRequested):
        qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert oral2 in library.starred_ids()
