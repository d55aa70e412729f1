"""Where the keyboard is, seen: the focused timeline marks its current card, or itself
when no card is current yet (a list's current row has its outline: focus_outline.py)."""

from __future__ import annotations

from PySide6.QtGui import QImage, QPalette

from planner.ui.main_window import MainWindow

from .helpers import event


def picture(widget) -> QImage:  # type: ignore[no-untyped-def]
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def highlight(window: MainWindow) -> int:
    return window.timeline.palette().color(QPalette.ColorRole.Highlight).rgb()


def test_the_focused_timelines_current_card_is_ringed(qtbot, window: MainWindow) -> None:
    timeline = window.timeline
    window.select_event(event(window, "Oral 2").id)
    window.search.setFocus()
    qtbot.waitUntil(window.search.hasFocus)
    card = timeline.visualRect(timeline.currentIndex())
    edge = (card.center().x(), card.top())  # the margin above the card's border
    before = picture(timeline.viewport())
    assert before.pixel(*edge) != highlight(window)
    timeline.setFocus()
    qtbot.waitUntil(timeline.hasFocus)
    focused = picture(timeline.viewport())
    assert focused.pixel(*edge) == highlight(window)
    assert focused != before
    window.search.setFocus()
    qtbot.waitUntil(window.search.hasFocus)
    assert picture(timeline.viewport()) == before


def test_the_focused_timeline_with_no_current_card_is_outlined(qtbot, window: MainWindow) -> None:
    timeline = window.timeline
    assert not timeline.currentIndex().isValid()
    viewport = timeline.viewport()
    w, h = viewport.width(), viewport.height()
    edges = [(0, h // 3), (w - 1, h // 3), (w // 3, 0), (w // 3, h - 1)]

    def outlined() -> bool:
        image = picture(viewport)
        return all(image.pixel(x, y) == highlight(window) for x, y in edges)

    window.search.setFocus()  # the window opens with the timeline focused
    qtbot.waitUntil(window.search.hasFocus)
    assert not outlined()
    timeline.setFocus()
    qtbot.waitUntil(timeline.hasFocus)
    assert outlined()
    timeline.setCurrentIndex(window.model.index(0, 0))  # the first key picks a card: its ring instead
    assert not outlined()
