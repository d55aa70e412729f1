"""What a screen reader hears as the keys move through the window (tests/ui/screen_reader.py
catches the accessibility events as AT-SPI would receive them) and what it reads of the
cards and labels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible

from planner.ui.main_window import MainWindow

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
