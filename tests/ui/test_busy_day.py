"""A busy day is shown without reading every event of it in full (DayEvents).

The timeline lays the day out and the filters run on its outline; only the cards that
are painted, and events asked for by id, are read whole. A change that made anything
walk all of the day's events (a list() of them, say) would read them all at every
start and keystroke again: these tests notice.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from planner.domain.model import Event, Kind, Schedule
from planner.store import Library
from planner.store.schedule_days import DayEvents
from planner.ui.main_window import MainWindow

ROOMS, SLOTS = 12, 60  # 720 talks on one day, ten minutes each


def _busy_day() -> Schedule:
    start = datetime(2025, 6, 2, 8, 0, tzinfo=timezone(timedelta(hours=2)))
    events = tuple(
        Event(id=f"busy-{room}-{slot}", kind=Kind.BREAK if slot % 10 == 9 else Kind.TALK, number=slot + 1,
              title=f"Talk {slot + 1} in room {room}",
              authors=("Ada Lovelace",), abstract="An abstract. " * 20,
              start=start + timedelta(minutes=10 * slot), end=start + timedelta(minutes=10 * slot + 10),
              session=f"Session {room}", room=f"Room {room:02}", schedule="busy")
        for slot in range(SLOTS) for room in range(ROOMS))
    return Schedule(key="busy", title="Busy", events=tuple(sorted(events, key=lambda e: (e.start, e.end, e.id))),
                    timezone="Europe/Berlin")


@pytest.fixture
def busy(open_window, db_path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    library = Library(db_path)
    library.import_schedule(_busy_day())
    window = open_window(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                         None)  # no fixed clock: the timeline keeps its own
    window.timeline.viewport().repaint()
    yield window
    library.close()


def _day(window: MainWindow) -> DayEvents:
    assert window.current_day is not None
    day = window.days[window.current_day]
    assert isinstance(day, DayEvents) and len(day) == ROOMS * SLOTS
    return day


def test_showing_a_busy_day_reads_only_what_is_painted(busy: MainWindow) -> None:
    day = _day(busy)
    painted = len(busy.timeline.visible_rows())
    assert painted > 10  # the window shows cards
    # Exactly the painted cards' events, read together: not their blocks of rows (a block
    # of 64 rows here is two time slots of every room, where a few rooms are on screen).
    painted_ids = {day.outline.ids[row] for row in busy.timeline.visible_rows()}
    assert {e.id for e in day.loaded()} == painted_ids


def test_filters_and_search_run_on_the_outline(busy: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    day = _day(busy)
    before = len(day.loaded())
    busy.search.setText("room 7")
    qtbot.waitUntil(lambda: busy.model.matching_count() < busy.model.rowCount(), timeout=5000)
    shown = busy.model.matching_count()
    assert busy.kind_buttons, "a day of talks and breaks has kind filters"
    next(iter(busy.kind_buttons.values())).click()  # hide a kind
    assert busy.model.matching_count() < shown
    assert len(day.loaded()) <= before + 2 * 64  # at most the cards the search scrolled into view


def test_scrolled_sideways_exactly_the_cards_in_view_are_painted(busy: MainWindow) -> None:
    """Twelve rooms side by side: the paint skips the lanes scrolled out of view, and
    no card that shows even one column of pixels."""
    from PySide6.QtGui import QPixmapCache

    timeline = busy.timeline
    viewport = timeline.viewport()
    bar = timeline.horizontalScrollBar()
    assert bar.maximum() > 0, "twelve rooms are wider than the window"
    model = timeline.model()
    edges = sorted({timeline.visualRect(model.index(row, 0)).left() + timeline.horizontalOffset()
                    for row in range(model.rowCount())})
    painted: list[int] = []
    original = timeline.delegate.paint_card
    timeline.delegate.paint_card = lambda p, o, i, **state: (painted.append(i.row()), original(p, o, i, **state))  # type: ignore[method-assign]
    try:
        # Mid-lane, and a lane's left edge one pixel either side of the viewport's edges.
        for value in (bar.maximum() // 2, edges[3] - 1, edges[3], edges[3] + 1,
                      edges[5] - viewport.width(), edges[5] - viewport.width() + 1, bar.maximum()):
            bar.setValue(max(bar.minimum(), min(bar.maximum(), value)))
            QPixmapCache.clear()  # every card shown is painted afresh, not blitted
            painted.clear()
            viewport.repaint()
            in_view = {row for row in range(model.rowCount())
                       if timeline.visualRect(model.index(row, 0)).intersects(viewport.rect())}
            assert in_view and set(painted) == in_view, f"scrolled to {bar.value()}"
    finally:
        del timeline.delegate.paint_card
