"""What a screen reader hears as the keys move through the window (tests/ui/screen_reader.py
catches the accessibility events as AT-SPI would receive them) and what it reads of the
cards and labels."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible

from planner.domain.status import UpdateFlag
from planner.ui.main_window import MainWindow

from .helpers import event, write_tiny
from .screen_reader import listening

Event = QAccessible.Event


def card_names(window: MainWindow) -> list[str]:
    interface = QAccessible.queryAccessibleInterface(window.timeline)
    return [interface.child(i).text(QAccessible.Text.Name) for i in range(interface.childCount())]


def test_j_and_k_on_the_timeline_name_the_card_reached(qtbot, window: MainWindow) -> None:
    timeline = window.timeline
    timeline.setFocus()
    qtbot.waitUntil(timeline.hasFocus)
    with listening() as ears:
        qtbot.keyClick(timeline, Qt.Key.Key_J)
        qtbot.keyClick(timeline, Qt.Key.Key_J)
        qtbot.keyClick(timeline, Qt.Key.Key_K)
    names = card_names(window)
    focus = ears.about(timeline, Event.Focus)
    assert [h.child for h in focus] == [0, 1, 0]
    assert [h.name for h in focus] == [names[0], names[1], names[0]]
    assert all("Oral 1" in h.name for h in ears.about(timeline, Event.SelectionAdd) if h.child == 0)
    assert [h.child for h in ears.about(timeline, Event.SelectionAdd)] == [0, 1, 0]
    assert [h.child for h in ears.about(timeline, Event.SelectionRemove)] == [0, 1]


def test_a_card_chosen_elsewhere_is_selected_aloud_but_takes_no_focus(qtbot, window: MainWindow) -> None:
    """Only the focused timeline says Focus: a card picked in another pane is a selection."""
    window.search.setFocus()
    qtbot.waitUntil(window.search.hasFocus)
    row = 2
    with listening() as ears:
        window.timeline.setCurrentIndex(window.model.index(row, 0))
    assert ears.about(window.timeline, Event.Focus) == []
    assert [h.child for h in ears.about(window.timeline, Event.SelectionAdd)] == [row]


def test_enter_in_the_search_box_names_the_card_it_goes_to(qtbot, window: MainWindow) -> None:
    """Qt's Focus for the timeline as a whole says only "Timeline": the card's comes last."""
    window.focus_search()
    with qtbot.waitSignal(window.finder.found, timeout=3000):
        qtbot.keyClicks(window.search, "neural")
    with listening() as ears:
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(ears.about(window.timeline, Event.Focus))
                        and ears.about(window.timeline, Event.Focus)[-1].child >= 0)
    row = window.timeline.currentIndex().row()
    last = [h for h in ears.heard if h.kind == Event.Focus][-1]
    assert last.widget is window.timeline and last.child == row and last.name == card_names(window)[row]


def open_tiny(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.finish_start()
    assert window.import_files([str(write_tiny(tmp_path))])


def test_a_card_says_the_clash_its_first_line_shows_as_the_list_does(qtbot, window: MainWindow,
                                                                     tmp_path: Path) -> None:
    open_tiny(qtbot, window, tmp_path)
    oral1, spot2 = event(window, "Oral 1"), event(window, "Spotlight 2")  # 09:00-09:30 and 09:00-09:20
    window.set_star(oral1.id, True)
    window.set_star(spot2.id, True)
    names = card_names(window)
    for e in (oral1, spot2):
        said = names[window.model.row_of(e.id)]
        assert said.startswith(f"{e.heading}: {e.title} (clash), "), said
    window.list_view_action.trigger()
    row_text = window.event_list.model().index(window.model.row_of(spot2.id), 2).data(
        Qt.ItemDataRole.AccessibleTextRole)
    assert row_text.startswith(f"{spot2.heading}: {spot2.title} (clash)")


def test_a_card_says_what_the_last_update_did_to_it(qtbot, window: MainWindow) -> None:
    model = window.model
    first, second = model.events()[:2]
    model.set_flags({first.id: (UpdateFlag.CHANGED, "moved"), second.id: (UpdateFlag.NEW, "")}, {second.id: [first]})
    names = card_names(window)
    assert names[0].startswith(f"{first.heading}: {first.title} (changed), ")
    assert names[1].startswith(f"{second.heading}: {second.title} (new, clash), ")
    assert "(" not in names[2].split(",")[0]


def test_cards_the_search_dims_say_they_are_not_a_match(qtbot, window: MainWindow, tmp_path: Path) -> None:
    open_tiny(qtbot, window, tmp_path)
    window.focus_search()
    qtbot.keyClicks(window.search, "parallel")
    qtbot.waitUntil(lambda: window.model.matching_rows() == 1)
    names = card_names(window)
    for row, said in enumerate(names):
        assert ("not a match" in said) != window.model.is_match(row), said
    dimmed = next(row for row in range(len(names)) if not window.model.is_match(row))
    assert names[dimmed].split(", ")[1] == "not a match"  # said after the title, before the time
    window.search.clear()
    qtbot.waitUntil(lambda: window.model.matching_rows() == window.model.rowCount())
    assert not any("not a match" in said for said in card_names(window))


def said(widget) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name), interface.text(QAccessible.Text.Description)


def test_labels_are_read_by_what_they_show_and_described_by_what_they_are(qtbot, window: MainWindow) -> None:
    window.select_event(event(window, "Oral 1").id)
    labels = {window.zone_label: "Time zone", window.count_label: "shown and starred",
              window.refreshed_label: "downloaded", window.detail.badge: "Kind"}
    for label, what in labels.items():
        name, description = said(label)
        assert what in description
        if label is window.detail.badge:
            assert name == "ORAL 1"  # its rich text, read as text
        else:  # (the bundled session was never downloaded: that one is empty)
            assert name == label.text() and (name or label is window.refreshed_label), (name, label.text())


def test_a_label_says_its_new_text_when_it_changes(qtbot, window: MainWindow) -> None:
    with listening() as ears:
        window.set_display_zone("Asia/Tokyo")
    changed = ears.about(window.zone_label, Event.NameChanged)
    assert changed and changed[-1].name == window.zone_label.text() and "Tokyo" in changed[-1].name


def test_up_and_down_in_the_search_box_say_the_match_reached(qtbot, window: MainWindow) -> None:
    """The keyboard stays in the box: the list's selection events are about a list without
    the focus, so the box announces the match and holds it as its description."""
    window.focus_search()
    with qtbot.waitSignal(window.finder.found, timeout=3000):
        qtbot.keyClicks(window.search, "neural")
    results = window.results
    with listening() as ears:
        qtbot.keyClick(window.search, Qt.Key.Key_Down)
        qtbot.keyClick(window.search, Qt.Key.Key_Down)
        qtbot.keyClick(window.search, Qt.Key.Key_Up)
    item = results.currentItem()
    words = results.current_words()
    assert words.startswith(f"{item.text(1)}, {item.text(0)}, ") and item.parent().text(0).startswith(words[-10:])
    said = [h.message for h in ears.about(window.search, Event.Announcement)]
    assert len(said) == 3 and said[-1] == words and said[0] != said[1]
    assert said[0] == said[2]
    assert window.search.accessibleDescription() == words
    assert ears.about(window.search, Event.DescriptionChanged)
    qtbot.keyClicks(window.search, "x")  # new words: the old match is not described any more
    assert window.search.accessibleDescription() == ""
