"""The timeline's geometry: cards sit at their times, parallel events side by side, zoom
changes the scale, and the "now" line appears only when now is in the shown day."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication

from planner.ui.main_window import MainWindow
from planner.ui.widgets.timeline import TimelineView
from planner.ui.widgets.timeline_layout import GUTTER
from planner.ui.widgets.timeline_zoom import DEFAULT_PPM, MAX_PPM, MIN_PPM

from .helpers import event, index_of, write_tiny

NOW_RED = QColor("#dc2626")


def card_heights(window: MainWindow) -> list[int]:
    view = window.timeline
    return [view.visualRect(window.model.index(r, 0)).height() for r in range(window.model.rowCount())]


def content_y(view: TimelineView, when: datetime) -> int:
    return view.y_for(when) + view.verticalOffset()


def red_rows(view: TimelineView) -> set[int]:
    """Viewport rows (logical px) where the "now" line's colour is painted right of the axis."""
    image: QImage = view.viewport().grab().toImage()
    dpr = image.devicePixelRatio()
    x = int((GUTTER + 40) * dpr)
    return {int(y / dpr) for y in range(image.height()) if image.pixelColor(x, y).rgb() == NOW_RED.rgb()}


def test_cards_top_and_bottom_sit_at_start_and_end(window: MainWindow) -> None:
    view = window.timeline
    for row, e in enumerate(window.model.events()):
        rect = view.visualRect(window.model.index(row, 0))
        assert abs(rect.top() - view.y_for(e.start)) <= 1, e.heading
        assert abs(rect.bottom() + 1 - view.y_for(e.end)) <= 2, e.heading
    # Consecutive events do not overlap on screen.
    rects = [view.visualRect(window.model.index(r, 0)) for r in range(window.model.rowCount())]
    assert all(a.bottom() < b.top() for a, b in zip(rects, rects[1:], strict=False))


def test_index_at_finds_the_card_under_a_point(window: MainWindow) -> None:
    view = window.timeline
    for heading in ("Oral 1", "Spotlight 6", "Spotlight 8"):
        index = index_of(window, heading)
        view.scrollTo(index)
        assert view.indexAt(view.visualRect(index).center()) == index
    assert not view.indexAt(QPoint(GUTTER // 2, 100)).isValid()


def test_overlapping_events_sit_side_by_side(window: MainWindow, tmp_path: Path) -> None:
    assert window.import_files([str(write_tiny(tmp_path))])
    view = window.timeline
    a = view.visualRect(index_of(window, "Oral 1"))
    b = view.visualRect(index_of(window, "Spotlight 2"))
    assert not a.intersects(b)
    assert a.top() == b.top()  # both start at 09:00
    assert a.left() != b.left()
    brk = view.visualRect(index_of(window, "Break"))
    assert brk.width() > a.width()  # alone in its time: full width again


def test_the_default_scale_fits_time_title_and_authors_on_a_ten_minute_card(window: MainWindow) -> None:
    assert window.timeline.ppm == DEFAULT_PPM
    ten = window.timeline.visualRect(index_of(window, "Spotlight 6"))
    font = window.timeline.font()
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    needed = 2 * QFontMetrics(small).height() + QFontMetrics(font).lineSpacing()
    assert ten.height() >= needed


def test_ctrl_plus_and_minus_zoom_and_change_card_heights(qtbot, window: MainWindow) -> None:
    view = window.timeline
    before = card_heights(window)
    with qtbot.waitSignal(view.zoomChanged) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [pytest.approx(DEFAULT_PPM * 1.25)]
    assert view.ppm == pytest.approx(DEFAULT_PPM * 1.25)
    bigger = card_heights(window)
    assert all(b > a for a, b in zip(before, bigger, strict=True))
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.ppm == pytest.approx(DEFAULT_PPM / 1.25)
    smaller = card_heights(window)
    assert all(s <= a for a, s in zip(before, smaller, strict=True)) and sum(smaller) < sum(before)
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.ppm == pytest.approx(DEFAULT_PPM)
    assert card_heights(window) == before


def test_ctrl_equals_also_zooms_in(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window.timeline, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.timeline.ppm > DEFAULT_PPM


def test_ctrl_wheel_zooms_and_a_plain_wheel_scrolls(qtbot, window: MainWindow) -> None:
    view = window.timeline
    viewport = view.viewport()
    pos = QPointF(200, 200)

    def wheel(delta: int, modifiers: Qt.KeyboardModifier) -> None:
        event = QWheelEvent(pos, QPointF(viewport.mapToGlobal(pos.toPoint())), QPoint(0, 0), QPoint(0, delta),
                            Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(viewport, event)

    with qtbot.waitSignal(view.zoomChanged):
        wheel(120, Qt.KeyboardModifier.ControlModifier)
    assert view.ppm == pytest.approx(DEFAULT_PPM * 1.25)
    wheel(-240, Qt.KeyboardModifier.ControlModifier)
    assert view.ppm == pytest.approx(DEFAULT_PPM / 1.25)
    view.reset_zoom()
    with qtbot.assertNotEmitted(view.zoomChanged):
        wheel(-120, Qt.KeyboardModifier.NoModifier)
    assert view.verticalScrollBar().value() > 0


def test_zoom_is_clamped(qtbot, window: MainWindow) -> None:
    view = window.timeline
    for _ in range(40):
        view.zoom_in()
    assert view.ppm == MAX_PPM
    with qtbot.assertNotEmitted(view.zoomChanged):
        view.zoom_in()
    for _ in range(40):
        view.zoom_out()
    assert view.ppm == MIN_PPM
    assert all(h >= 16 for h in card_heights(window))  # slim but clickable


def test_zoom_keeps_the_time_under_the_centre_in_place(window: MainWindow) -> None:
    view = window.timeline
    view.set_zoom(12)
    view.verticalScrollBar().setValue(300)
    centre = view.viewport().height() // 2
    e = event(window, "Spotlight 7")
    before = view.y_for(e.start) - centre
    view.set_zoom(15)
    after = view.y_for(e.start) - centre
    assert abs(after - before * 15 / 12) <= 3


def test_the_now_line_lies_inside_the_day_when_the_clock_is_inside(window: MainWindow, fixed_now: datetime) -> None:
    view = window.timeline
    events = window.model.events()
    top = content_y(view, events[0].start)
    bottom = content_y(view, events[-1].end)
    y = content_y(view, fixed_now)
    assert top < y < bottom
    view.scroll_to_time(fixed_now)
    rows = red_rows(view)
    assert rows, "the now line must be painted"
    assert all(abs(r - view.y_for(fixed_now)) <= 2 for r in rows)
    # It sits inside the card that is on now (Spotlight 7, 19:20-19:30 for 19:25).
    on_now = view.visualRect(index_of(window, "Spotlight 7"))
    assert on_now.top() < view.y_for(fixed_now) < on_now.bottom()


@pytest.mark.parametrize("offset", [timedelta(days=1), timedelta(days=-1), timedelta(hours=-2)])
def test_no_now_line_when_the_clock_is_outside_the_shown_day(window: MainWindow, fixed_now: datetime, offset: timedelta) -> None:
    view = window.timeline
    window.timeline.now = lambda: fixed_now + offset
    view.scroll_to_time(fixed_now)
    assert red_rows(view) == set()
    window.timeline.now = lambda: fixed_now
    view.viewport().update()
    assert red_rows(view)  # the same check sees it when it is there


def test_n_goes_to_now_and_names_what_is_on(qtbot, window: MainWindow, fixed_now: datetime) -> None:
    window.timeline.verticalScrollBar().setValue(window.timeline.verticalScrollBar().maximum())
    window.timeline.set_zoom(20)
    qtbot.keyClick(window.timeline, Qt.Key.Key_N)
    y = window.timeline.y_for(fixed_now)
    assert 0 <= y <= window.timeline.viewport().height()
    message = window.statusBar().currentMessage()
    assert "Now: Spotlight 7" in message and "Next:" in message


def test_an_empty_library_shows_a_hint_instead_of_cards(qtbot, open_window, db_path: Path, settings, fixed_now: datetime) -> None:  # type: ignore[no-untyped-def]
    from planner.store.open import open_library

    library = open_library(db_path.with_name("empty.sqlite3"), seed=False)
    try:
        win = open_window(library, settings, fixed_now, size=None)
        assert win.model.rowCount() == 0
        assert not win.grab().isNull()
        assert win.windowTitle() == "Planner"
        qtbot.keyClick(win.timeline, Qt.Key.Key_J)
        qtbot.keyClick(win.timeline, Qt.Key.Key_S)
        assert library.starred_ids() == set()
    finally:
        win.close()
        library.close()


def _axis(view: TimelineView) -> QImage:
    image = view.viewport().grab().toImage()
    dpr = image.devicePixelRatio()
    return image.copy(0, 0, int((GUTTER + 1) * dpr), image.height())


def test_the_axis_kept_as_a_pixmap_paints_what_drawing_it_paints(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """At every scroll position, after zooming and in the dark palette, the blitted axis
    is pixel for pixel the axis drawn label by label (the way a day too tall for one
    pixmap is still painted)."""
    from planner.ui.widgets import timeline_axis

    view = window.timeline
    bar = view.verticalScrollBar()

    def both() -> list[tuple[QImage, QImage]]:
        pairs = []
        for value in (0, 1, bar.maximum() // 3, bar.maximum() // 2 + 7, bar.maximum()):
            bar.setValue(value)
            view._keep_axis()  # as the zero timer queued by the last paint would
            assert view._strip_of is not None and view._strip_of[0] == view._axis_key()
            kept = _axis(view)
            monkeypatch.setattr(timeline_axis, "AXIS_STRIP_MAX_PX", 0)  # draw it instead
            drawn = _axis(view)
            monkeypatch.undo()
            pairs.append((kept, drawn))
        return pairs

    assert bar.maximum() > 0
    for kept, drawn in both():
        assert kept == drawn
    view.set_zoom(MAX_PPM / 2)  # quarter labels; a longer strip
    for kept, drawn in both():
        assert kept == drawn
    dark = view.palette()
    dark.setColor(dark.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(dark.ColorRole.Text, QColor("#eeeeee"))
    view.setPalette(dark)
    pairs = both()
    for kept, drawn in pairs:
        assert kept == drawn
    assert QColor(pairs[0][0].pixel(3, 3)).lightness() < 60  # it followed the palette


def test_the_axis_strip_is_drawn_after_a_paint_not_during_it(qtbot, window: MainWindow) -> None:
    view = window.timeline
    view.set_zoom(DEFAULT_PPM * 1.25)  # a new scale: the strip kept for the old one is stale
    view.grab()  # a paint: it draws the labels and queues the strip
    assert view._strip_queued and (view._strip_of is None or view._strip_of[0] != view._axis_key())
    qtbot.waitUntil(lambda: view._strip_of is not None and view._strip_of[0] == view._axis_key(), timeout=2000)
    assert not view._strip_queued
