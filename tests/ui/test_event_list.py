"""The list view (issue 18): the shown day's talks as rows of time, room, title and star,
over the timeline's own model, in step with the timeline's selection."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRect, Qt
from PySide6.QtGui import QAccessible, QAction, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QVBoxLayout, QWidget

from planner.domain.model import Kind
from planner.formats import load
from planner.store import Library
from planner.store.schedule_days import DayEvents, ScheduleDays
from planner.text.readable import event_summary
from planner.ui.widgets.event_list import ROOM_CAP, EventListView
from planner.ui.widgets.event_list_columns import FLAGS, ROOM, STAR, TIME, TITLE, EventColumns
from planner.ui.widgets.models import EventListModel, Roles
from planner.ui.widgets.timeline import TimelineView

BERLIN = ZoneInfo("Europe/Berlin")


def first_day(library: Library, key: str | None = None) -> tuple[DayEvents, tzinfo | None, date]:
    """A schedule's first day as the window reads it: lazily, a block of rows at a time."""
    info = next(s for s in library.schedules() if key is None or s.key == key)
    days = ScheduleDays(library, info.key, info.timezone)
    day = next(iter(days))
    return days[day], days.zone, day


@pytest.fixture
def shown(library: Library) -> tuple[DayEvents, tzinfo | None, date]:
    return first_day(library)


@pytest.fixture
def model(shown: tuple[DayEvents, tzinfo | None, date]) -> EventListModel:
    model = EventListModel()
    model.set_events(*shown)
    return model


@pytest.fixture
def timeline(qtbot, model: EventListModel) -> TimelineView:
    view = TimelineView()
    qtbot.addWidget(view)
    view.setModel(model)
    return view


@pytest.fixture
def view(qtbot, model: EventListModel, timeline: TimelineView) -> EventListView:
    """The list over the timeline's model, following the timeline's selection, at 800x600."""
    view = EventListView()
    qtbot.addWidget(view)
    view.set_source(model, timeline.selectionModel())
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def columns(model: EventListModel) -> EventColumns:
    proxy = EventColumns()
    proxy.setSourceModel(model)
    return proxy


def text(view: EventListView, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return view.model().index(row, column).data(role)


def row_of(model: EventListModel, heading: str) -> int:
    return next(r for r, e in enumerate(model.events()) if e.heading == heading)


class Recorder:
    """A stand-in QPainter that keeps the strings a delegate draws (and does nothing else)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def drawText(self, *args: Any) -> None:
        self.texts += [a for a in args if isinstance(a, str)]

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


def card_time_shown(timeline: TimelineView, row: int, time: str) -> bool:
    """Whether the card of ``row`` shows ``time`` as its time: a talk's card draws its time
    on its own, a break's slim card draws "time   title" in one string."""
    return any(drawn == time or drawn.startswith(time + "   ") for drawn in card_texts(timeline, row))


def card_texts(timeline: TimelineView, row: int) -> list[str]:
    """What the timeline's delegate draws on the card of ``row``, as wide as a card gets."""
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 900, 120)
    option.font = QApplication.font()
    option.palette = QApplication.palette()
    painter = Recorder()
    timeline.delegate.paint_card(painter, option, timeline.model().index(row, 0))  # type: ignore[arg-type]
    return painter.texts


# -- the model -----------------------------------------------------------------------


def test_the_columns_pass_qtmodeltester_and_keep_the_project_contract(qtmodeltester, model: EventListModel) -> None:
    events = model.events()
    model.set_starred({events[0].id, events[5].id})
    model.set_matches({events[1].id, events[5].id})
    model.set_flags({events[2].id: ("changed", "moved from 17:00")}, {events[0].id: [events[1]]})
    proxy = columns(model)
    qtmodeltester.check(proxy)
    assert proxy.columnCount() == 4 and proxy.rowCount() == len(events)
    assert proxy.data(QModelIndex()) is None
    assert proxy.index(0, TITLE).data(Roles.EVENT) == events[0]  # the event, from any column
    assert proxy.index(0, TIME).data(Roles.EVENT_ID) == events[0].id
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip and all(proxy.index(0, c).data(Qt.ItemDataRole.ToolTipRole) == tip for c in range(4))
    # Changes made after the check are watched by the tester too (a reset for the next day).
    model.set_starred(set())
    model.set_events(events[:3], BERLIN, None)


def test_an_empty_day_passes_qtmodeltester_and_paints(qtbot, qtmodeltester) -> None:
    model = EventListModel()
    model.set_events([], None)
    qtmodeltester.check(columns(model))
    view = EventListView()
    qtbot.addWidget(view)
    view.set_source(model)
    view.resize(400, 300)
    view.show()
    view.grab()  # says there is nothing to show, as the timeline does


def test_rows_are_the_models_events_in_start_order(view: EventListView, model: EventListModel) -> None:
    events = model.events()
    assert view.model().rowCount() == len(events) == 15
    assert [text(view, r, TITLE, Roles.EVENT_ID) for r in range(15)] == [e.id for e in events]
    assert [e.start for e in events] == sorted(e.start for e in events)
    assert text(view, 0, TITLE) == "Oral 1: Is normalization indispensable for training deep neural network?"
    assert [text(view, r, TITLE) for r in range(15)] == [event_summary(e) for e in events]


def test_every_column_header_is_named(view: EventListView) -> None:
    assert view.accessibleName() == "Talks of the day, as a list"
    model = view.model()
    names = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole) for c in range(4)]
    assert names == ["Time", "Room", "Title", "Starred"]
    assert all(model.headerData(c, Qt.Orientation.Horizontal) for c in range(4))
    # What a screen reader is given: the table's header cells and their names.
    interface = QAccessible.queryAccessibleInterface(view)
    assert interface is not None and interface.text(QAccessible.Text.Name) == "Talks of the day, as a list"
    said = {interface.child(i).text(QAccessible.Text.Name) for i in range(min(interface.childCount(), 8))}
    assert {"Time", "Title", "Starred"} <= said


# -- times ---------------------------------------------------------------------------


def test_the_time_column_says_what_the_card_says_after_a_zone_change(
    view: EventListView, model: EventListModel, timeline: TimelineView, shown: tuple[DayEvents, tzinfo | None, date]
) -> None:
    events, zone, day = shown
    before = [text(view, r, TIME) for r in range(model.rowCount())]
    assert before[0] == "18:00–18:15"
    for tz in (BERLIN, ZoneInfo("Asia/Tokyo"), zone):
        model.set_events(events, tz, day)  # how the window applies View > Time Zone
        times = [text(view, r, TIME) for r in range(model.rowCount())]
        for row, shown_time in enumerate(times):
            assert card_time_shown(timeline, row, shown_time), (tz, row, card_texts(timeline, row))
        if tz is BERLIN:
            assert times[0] == "03:00–03:15 (+1 day)" and times != before
    assert [text(view, r, TIME) for r in range(model.rowCount())] == before


def test_the_time_column_is_as_wide_as_the_widest_time(view: EventListView, model: EventListModel,
                                                        shown: tuple[DayEvents, tzinfo | None, date]) -> None:
    events, _, day = shown
    narrow = view.columnWidth(TIME)
    view.hide()  # behind the timeline, as in the window's stack
    model.set_events(events, BERLIN, day)  # "(+1 day)" on every time
    view.show()
    fm = view.fontMetrics()
    assert view.columnWidth(TIME) >= fm.horizontalAdvance(text(view, 0, TIME)) > narrow
    assert view.columnWidth(TIME) < view.columnWidth(TITLE)


# -- stars ---------------------------------------------------------------------------


def test_the_star_column_follows_set_starred(qtbot, view: EventListView, model: EventListModel) -> None:
    oral = model.events()[0]
    assert text(view, 0, STAR) == "☆" and text(view, 0, STAR, Qt.ItemDataRole.AccessibleTextRole) == "not starred"
    with qtbot.waitSignal(view.model().dataChanged,
                          check_params_cb=lambda top, bottom, roles=None: top.row() <= 0 <= bottom.row()
                          and top.column() <= STAR <= bottom.column()):
        model.set_starred({oral.id})
    assert text(view, 0, STAR) == "★" and text(view, 0, STAR, Qt.ItemDataRole.AccessibleTextRole) == "starred, must-see"
    model.set_starred(set())
    assert text(view, 0, STAR) == "☆"
    # A break has no star to click, as its card has none.
    assert text(view, row_of(model, "Break"), STAR) == ""


@pytest.mark.parametrize("key", [Qt.Key.Key_S, Qt.Key.Key_Space], ids=["S", "Space"])
def test_s_or_space_stars_the_selected_row(qtbot, view: EventListView, model: EventListModel,
                                            timeline: TimelineView, key: Qt.Key) -> None:
    with qtbot.assertNotEmitted(view.starToggled):
        qtbot.keyClick(view, key)  # nothing selected yet
    row = row_of(model, "Spotlight 6")
    timeline.selectionModel().setCurrentIndex(model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    with qtbot.waitSignal(view.starToggled) as blocker:
        qtbot.keyClick(view, key)
    assert blocker.args == [model.events()[row].id]
    with qtbot.waitSignal(view.starToggled) as blocker:
        qtbot.keyClick(view, key, Qt.KeyboardModifier.ShiftModifier)
    assert blocker.args == [model.events()[row].id]


def test_s_in_the_list_is_the_lists_and_not_the_windows_shortcut(qtbot, model: EventListModel,
                                                                  timeline: TimelineView) -> None:
    """In the window S is also the Star action's shortcut: with a row selected, the list
    answers S once (the action would read the timeline's selection, and fire as well)."""
    window = QWidget()
    qtbot.addWidget(window)
    star_action = QAction("Star", window)
    star_action.setShortcut("S")
    window.addAction(star_action)
    view = EventListView(window)
    QVBoxLayout(window).addWidget(view)
    view.set_source(model, timeline.selectionModel())
    window.show()
    qtbot.waitUntil(window.isActiveWindow)  # a shortcut works in the active window only
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    with qtbot.assertNotEmitted(star_action.triggered), qtbot.waitSignal(view.starToggled) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_S)
    assert blocker.args == [model.events()[0].id]
    view.selectionModel().clear()
    view.selectionModel().setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
    with qtbot.waitSignal(star_action.triggered):  # nothing selected: the window says what to do
        qtbot.keyClick(view, Qt.Key.Key_S)


def test_a_click_on_a_star_stars_that_row(qtbot, view: EventListView, model: EventListModel) -> None:
    row = row_of(model, "Oral 3")
    cell = view.visualRect(view.model().index(row, STAR))
    with qtbot.waitSignal(view.starToggled) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    assert blocker.args == [model.events()[row].id]
    assert view.currentIndex().row() == row
    brk = view.visualRect(view.model().index(row_of(model, "Break"), STAR))
    with qtbot.assertNotEmitted(view.starToggled):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=brk.center())


def test_a_double_click_on_a_star_is_two_clicks_and_opens_nothing(qtbot, view: EventListView,
                                                                  model: EventListModel) -> None:
    """As on the timeline's cards: two quick clicks step the star twice (must-see, then
    maybe), and the double click they make does not also open the talk."""
    from PySide6.QtTest import QTest

    row = row_of(model, "Oral 3")
    star = view.visualRect(view.model().index(row, STAR)).center()
    stepped: list[str] = []
    view.starToggled.connect(stepped.append)
    with qtbot.assertNotEmitted(view.eventActivated), qtbot.assertNotEmitted(view.activated):
        QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, star)
        QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, star)
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, star)
    assert stepped == [model.events()[row].id] * 2
    title = view.visualRect(view.model().index(row, TITLE)).center()
    with qtbot.waitSignal(view.eventActivated) as opened:  # elsewhere on the row it opens the talk
        QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, title)
        QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, title)
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, title)
    assert opened.args == [model.events()[row].id]


# -- selection and keys --------------------------------------------------------------


def test_the_selection_is_the_timelines_both_ways(qtbot, view: EventListView, model: EventListModel,
                                                  timeline: TimelineView) -> None:
    shared = timeline.selectionModel()
    shared.setCurrentIndex(model.index(7, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert view.currentIndex().row() == 7
    assert [i.row() for i in view.selectionModel().selectedRows()] == [7]
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert shared.currentIndex() == model.index(8, 0)
    assert [i.row() for i in shared.selectedIndexes()] == [8]
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert shared.currentIndex().row() == model.rowCount() - 1
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert shared.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert shared.currentIndex().row() == model.rowCount() - 1  # 15 rows fit: a page is the rest
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert shared.currentIndex().row() == 0
    model.set_events(model.events()[:4], None)  # another day: neither view keeps a row
    assert not shared.currentIndex().isValid() and not view.currentIndex().isValid()


def test_enter_opens_the_selected_talk(qtbot, view: EventListView, model: EventListModel) -> None:
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)  # the first key selects the first talk
    with qtbot.waitSignal(view.eventActivated) as opened, qtbot.waitSignal(view.activated):
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [model.events()[0].id]


# -- filters, cancellations ----------------------------------------------------------


def darkest(view: EventListView, row: int, column: int) -> int:
    """The lightness of the darkest pixel of a cell: its text, on a light palette."""
    image = view.viewport().grab(view.visualRect(view.model().index(row, column))).toImage()
    return min(image.pixelColor(x, y).lightness() for x in range(image.width()) for y in range(image.height()))


def test_rows_the_filters_leave_out_are_dimmed_and_skipped_as_on_the_timeline(
    qtbot, view: EventListView, model: EventListModel, timeline: TimelineView
) -> None:
    events = model.events()
    matching = [row_of(model, h) for h in ("Oral 2", "Spotlight 8", "Spotlight 12")]
    model.set_matches({events[r].id for r in matching})
    assert view.palette().color(QPalette.ColorRole.Base).lightness() > 128  # the reading below assumes it
    dim, bright = darkest(view, matching[0] + 1, TITLE), darkest(view, matching[0], TITLE)
    assert dim > bright + 40
    assert darkest(view, matching[0] + 1, TIME) > darkest(view, matching[0], TIME) + 40
    # The arrow keys land only on matches, on the same rows as the timeline's.
    view.setFocus()
    visited, timeline_visited = [], []
    for _ in range(4):
        qtbot.keyClick(view, Qt.Key.Key_Down)
        visited.append(view.currentIndex().row())
    timeline.selectionModel().clear()
    timeline.selectionModel().setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
    for _ in range(4):
        timeline.step(1)
        timeline_visited.append(timeline.currentIndex().row())
    assert visited == timeline_visited == [*matching, matching[-1]]
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.currentIndex().row() == matching[0]


def test_a_cancelled_talk_is_struck_through_and_says_so(qtbot, view: EventListView, model: EventListModel) -> None:
    events = model.events()
    row = row_of(model, "Spotlight 7")
    model.set_events([replace(e, cancelled=True) if i == row else e for i, e in enumerate(events)], model.zone, model.day)
    font = text(view, row, TITLE, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.strikeOut()
    assert text(view, row, TITLE, FLAGS) == "CANCELLED"
    assert text(view, row, TITLE, Qt.ItemDataRole.AccessibleTextRole).endswith("(cancelled)")
    assert text(view, row - 1, TITLE, Qt.ItemDataRole.FontRole) is None
    model.set_flags({}, {events[0].id: [events[1]]})
    assert text(view, 0, TITLE, FLAGS) == "⚠ CLASH"
    view.grab()  # the warnings are painted by the row delegate: it must not raise


# -- size ----------------------------------------------------------------------------


def test_columns_fit_the_window_and_rows_are_uniform(qtbot, view: EventListView, model: EventListModel) -> None:
    assert view.uniformRowHeights()
    assert view.isColumnHidden(ROOM)  # the session page names no rooms
    events = model.events()
    long_room = "Hardware Hacking Area -- Lötstationen, the long table at the back"
    rooms = ["Saal 1", long_room] * 8
    model.set_events([replace(e, room=rooms[i], kind=Kind.TALK) for i, e in enumerate(events)], model.zone, model.day)
    assert not view.isColumnHidden(ROOM)
    fm = view.fontMetrics()
    assert fm.horizontalAdvance("Saal 1") < view.columnWidth(ROOM) <= ROOM_CAP
    assert view.columnWidth(TITLE) > view.columnWidth(ROOM) > view.columnWidth(TIME) > view.columnWidth(STAR)
    total = sum(view.columnWidth(c) for c in range(4))
    assert total <= view.viewport().width()  # the title stretches into the rest, nothing scrolls sideways


# -- a real, big schedule ------------------------------------------------------------


def test_38c3_day_two_at_800x600(qtbot, library: Library, corpus: Path, timeline: TimelineView) -> None:
    summary = library.import_schedule(load(corpus / "schedule-xml" / "38c3-schedule.xml"))
    key = next(s.key for s in library.schedules() if "38c3" in s.key.lower() or "38c3" in s.title.lower())
    info = next(s for s in library.schedules() if s.key == key)
    days = ScheduleDays(library, key, info.timezone)
    day = list(days)[1]
    model = EventListModel()
    model.set_events(days[day], ZoneInfo("America/New_York"), day)
    view = EventListView()
    qtbot.addWidget(view)
    timeline.setModel(model)
    view.set_source(model, timeline.selectionModel())
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    assert summary and model.rowCount() > 200 and not view.isColumnHidden(ROOM)
    assert view.columnWidth(ROOM) <= ROOM_CAP
    view.grab()
    # Painting the first screen reads the rows it shows, not the whole day.
    assert len(days[day].loaded()) < model.rowCount()
    for row in range(0, model.rowCount(), 37):
        assert card_time_shown(timeline, row, text(view, row, TIME)), card_texts(timeline, row)
