"""Moving around the timeline (issue 18): a long talk whose start has scrolled away still
shows what it is, sideways scrolling through many rooms, zooming around the selected card,
titles at the smallest zoom, and where each day opens.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from planner.domain.model import Event
from planner.ui.main_window import MainWindow
from planner.ui.widgets.delegates import star_rect
from planner.ui.widgets.models import Roles
from planner.ui.widgets.timeline import TimelineView
from planner.ui.widgets.timeline_zoom import MIN_PPM

from .helpers import index_of

LONG = "Welcome to the tea house"


def calendar(events: list[tuple[str, str, str, str]]) -> str:
    """iCalendar text from (day and start, end, room, title) tuples: "20250329T0900" in UTC."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Scrolling//EN", "X-WR-CALNAME:Scrolling Con"]
    for n, (start, end, room, title) in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:{n}@scrolling.example", "DTSTAMP:20250101T000000Z",
                  f"DTSTART:{start}00Z", f"DTEND:{end}00Z", f"SUMMARY:{title}"]
        lines += [f"LOCATION:{room}"] if room else []
        lines += ["END:VEVENT"]
    return "\r\n".join([*lines, "END:VCALENDAR", ""])


def open_calendar(window: MainWindow, tmp_path: Path, events: list[tuple[str, str, str, str]]) -> None:
    path = tmp_path / "scrolling.ics"
    path.write_text(calendar(events), encoding="utf-8", newline="")
    assert window.import_files([str(path)])


def row_of(window: MainWindow, title: str) -> int:
    rows = [r for r in range(window.model.rowCount()) if window.model.index(r, 0).data(Roles.EVENT).title == title]
    assert len(rows) == 1, title
    return rows[0]


def dark_pixels(view: TimelineView, area: QRect) -> int:
    """Pixels of the viewport inside ``area`` dark enough to be text on a light card."""
    image: QImage = view.viewport().grab().toImage()
    dpr = image.devicePixelRatio()
    return sum(1 for x in range(area.left(), area.right()) for y in range(area.top(), area.bottom())
               if QColor(image.pixel(int(x * dpr), int(y * dpr))).lightness() < 100)


# -- a long event whose start has scrolled away ------------------------------------------

# A three-hour event beside short talks, and short talks after it: no abstracts, so any
# text drawn low on the long card can only be its pinned head.
LONG_DAY = [
    ("20250329T0900", "20250329T1200", "", LONG),
    ("20250329T1200", "20250329T1230", "", "Short talk after tea"),
    ("20250329T1230", "20250329T1300", "", "Another short talk"),
    ("20250329T1300", "20250329T1400", "", "Afternoon keynote"),
]


def test_a_long_card_whose_start_scrolled_away_is_painted_with_its_head(window: MainWindow, tmp_path: Path) -> None:
    open_calendar(window, tmp_path, LONG_DAY)
    view = window.timeline
    index = window.model.index(row_of(window, LONG), 0)
    event: Event = index.data(Roles.EVENT)
    view.set_scroll_time(event.start + timedelta(minutes=90))  # its start is 90 minutes above the view
    card = view.visualRect(index)
    assert card.top() < 0 < card.bottom() < view.viewport().height() + 400
    # The visible-range queries (painting, hit tests) find it.
    assert index.row() in view.visible_rows()
    middle = QPoint(card.center().x(), max(40, (card.bottom() + 0) // 2))
    assert view.indexAt(middle) == index
    # Its head (time, title, star) is at the top of the view, and painted: text, not fill.
    face = view.card_face(index)
    assert face.top() == 0 and face.bottom() < card.bottom()
    text_area = QRect(face.left() + 12, face.top() + 2, face.width() - 40, face.height() - 4)
    assert dark_pixels(view, text_area) > 30, "the title of the long event must show at the top"
    # Further down the same card, with no head there, there is only the card's fill.
    below = QRect(text_area.left(), face.bottom() + 20, text_area.width(), 40)
    assert dark_pixels(view, below) == 0


def test_a_short_card_scrolled_half_away_pins_nothing() -> None:
    """A pinned copy of a short card's head would cover its own half-hidden lines: only a
    card over three heads tall pins its head."""
    head = 54
    assert TimelineView._head_shown(top=-20, height=2 * head, pin=0, head=head) == 0
    assert TimelineView._head_shown(top=-200, height=6 * head, pin=0, head=head) == head
    assert TimelineView._head_shown(top=10, height=6 * head, pin=0, head=head) == 0  # its own head shows


def test_the_star_of_a_pinned_head_stars_the_long_event(qtbot, window: MainWindow, tmp_path: Path) -> None:
    open_calendar(window, tmp_path, LONG_DAY)
    view = window.timeline
    index = window.model.index(row_of(window, LONG), 0)
    view.set_scroll_time(index.data(Roles.EVENT).start + timedelta(minutes=60))
    star = star_rect(view.card_face(index).adjusted(2, 1, -2, -1)).center()
    assert 0 <= star.y() < 40  # at the top of the view, not at the card's start far above
    with qtbot.waitSignal(view.starToggled) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=star)
    assert blocker.args == [index.data(Roles.EVENT).id]


def test_38c3_the_house_of_tea_welcome_shows_while_its_start_is_scrolled_away(
        window: MainWindow, corpus: Path) -> None:
    assert window.import_files([str(corpus / "schedule-xml" / "38c3-schedule.xml")])
    welcome = next(e for e in window.days.all()
                   if e.title.startswith("Welcome to the House of Tea") and e.start.isoformat().startswith("2024-12-27"))
    window.select_event(welcome.id)
    view = window.timeline
    index = window.model.index_of(welcome.id)
    for minutes in (30, 90, 150):  # 11:12, 12:12, 13:12: the column was empty from 11:00
        view.set_scroll_time(welcome.start + timedelta(minutes=minutes))
        card = view.visualRect(index)
        assert card.top() < view._pin_y() < card.bottom()
        assert index.row() in view.visible_rows()
        assert view.indexAt(QPoint(card.center().x(), (view._pin_y() + card.bottom()) // 2)) == index
        face = view.card_face(index)
        assert face.top() == view._pin_y()
        assert dark_pixels(view, QRect(face.left() + 10, face.top() + 2, face.width() - 40, face.height() - 4)) > 30


# -- sideways ----------------------------------------------------------------------------

ROOMS = [f"Room {n:02d}" for n in range(1, 13)]


def wheel(view: TimelineView, angle: QPoint, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          pixels: QPoint | None = None) -> None:
    viewport = view.viewport()
    pos = QPointF(300, 300)
    event = QWheelEvent(pos, QPointF(viewport.mapToGlobal(pos.toPoint())), pixels or QPoint(0, 0), angle,
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)


@pytest.fixture
def many_rooms(window: MainWindow, tmp_path: Path) -> TimelineView:
    open_calendar(window, tmp_path, [(f"20250329T{9 + n % 4:02d}00", f"20250329T{10 + n % 4:02d}00", room, f"Talk in {room}")
                                     for n, room in enumerate(ROOMS)])
    view = window.timeline
    assert view.horizontalScrollBar().maximum() > 0, "more rooms than fit"
    view.horizontalScrollBar().setValue(0)
    view.verticalScrollBar().setValue(0)
    return view


def test_shift_wheel_scrolls_sideways(many_rooms: TimelineView) -> None:
    view = many_rooms
    hbar, vbar = view.horizontalScrollBar(), view.verticalScrollBar()
    wheel(view, QPoint(0, -120), Qt.KeyboardModifier.ShiftModifier)  # wheel towards the user
    assert hbar.value() > 0 and vbar.value() == 0
    right = hbar.value()
    wheel(view, QPoint(0, 120), Qt.KeyboardModifier.ShiftModifier)
    assert hbar.value() < right and vbar.value() == 0


def test_a_sideways_touchpad_swipe_scrolls_sideways(many_rooms: TimelineView) -> None:
    view = many_rooms
    hbar, vbar = view.horizontalScrollBar(), view.verticalScrollBar()
    wheel(view, QPoint(-120, 0))  # a horizontal wheel or tilt
    assert hbar.value() > 0 and vbar.value() == 0
    hbar.setValue(0)
    wheel(view, QPoint(-60, 0), pixels=QPoint(-37, 0))  # a touchpad: exact pixels
    assert hbar.value() == 37 and vbar.value() == 0
    wheel(view, QPoint(-60, -30), pixels=QPoint(-20, -10))  # diagonal: both ways
    assert hbar.value() == 57 and vbar.value() == 10


def test_a_plain_wheel_still_scrolls_down(many_rooms: TimelineView) -> None:
    wheel(many_rooms, QPoint(0, -120))
    assert many_rooms.verticalScrollBar().value() > 0 and many_rooms.horizontalScrollBar().value() == 0


# -- zoom --------------------------------------------------------------------------------

def test_zoom_keeps_the_selected_card_where_it_is(qtbot, window: MainWindow) -> None:
    view = window.timeline
    index = index_of(window, "Spotlight 5")
    window.select_event(index.data(Roles.EVENT).id)
    view.scrollTo(index, TimelineView.ScrollHint.PositionAtTop)
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() - 60)  # well above the centre
    top = view.visualRect(index).top()
    assert abs(top - view.viewport().height() // 2) > 100
    for key in (Qt.Key.Key_Plus, Qt.Key.Key_Plus, Qt.Key.Key_Minus, Qt.Key.Key_Minus):
        qtbot.keyClick(view, key, Qt.KeyboardModifier.ControlModifier)
        assert view.visualRect(index).top() == top, key


def test_zoom_with_nothing_selected_keeps_the_centre_with_a_whole_day_band(window: MainWindow, tmp_path: Path) -> None:
    # The band of whole-day events sits above the hours: the centre's time must not drift by it.
    path = tmp_path / "band.ics"
    text = calendar(LONG_DAY).replace(
        "END:VCALENDAR", "BEGIN:VEVENT\r\nUID:band@scrolling.example\r\nDTSTAMP:20250101T000000Z\r\n"
                         "DTSTART;VALUE=DATE:20250329\r\nDTEND;VALUE=DATE:20250330\r\nSUMMARY:Hackathon\r\n"
                         "END:VEVENT\r\nEND:VCALENDAR")
    path.write_text(text, encoding="utf-8", newline="")
    assert window.import_files([str(path)])
    view = window.timeline
    assert view._band
    view.verticalScrollBar().setValue(200)
    centre = view.viewport().height() // 2
    before = view._time_at(centre)
    view.zoom_in()
    after = view._time_at(centre)
    assert before is not None and after is not None
    assert abs((after - before).total_seconds()) <= 2 * 60 / view.ppm  # two pixels' worth


class TextRecorder(QPainter):
    """A painter that remembers the text drawn through it."""

    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.texts: list[str] = []

    def drawText(self, *args) -> None:  # type: ignore[no-untyped-def,override]
        self.texts.extend(a for a in args if isinstance(a, str))
        super().drawText(*args)


def test_at_the_smallest_zoom_a_wide_card_shows_its_title(window: MainWindow) -> None:
    view = window.timeline
    view.set_zoom(MIN_PPM)
    index = index_of(window, "Oral 1")  # fifteen minutes: the shortest card with room of its own
    rect = view.visualRect(index)
    assert rect.width() > 400 and rect.height() < 24
    image = QImage(rect.width(), rect.height(), QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = TextRecorder(image)
    try:
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = QRect(0, 0, rect.width(), rect.height())
        view.delegate.paint_card(painter, option, index)
    finally:
        painter.end()
    title = index.data(Roles.EVENT).title
    drawn = [t.rstrip("…") for t in painter.texts]
    assert any(len(t) >= 12 and title.startswith(t) for t in drawn), (title, painter.texts)


# -- where a day opens -------------------------------------------------------------------

TWO_DAYS = [
    ("20250329T0900", "20250329T1000", "", "Saturday opening"),
    ("20250329T1500", "20250329T1600", "", "Saturday afternoon"),
    ("20250329T2000", "20250329T2100", "", "Saturday evening"),
    ("20250330T1400", "20250330T1500", "", "Sunday first talk"),
    ("20250330T2200", "20250330T2330", "", "Sunday late show"),
]


def first_card_offset(window: MainWindow, title: str) -> int:
    """Viewport y of a card's top, below the top of the cards' area."""
    return window.timeline.visualRect(window.model.index(row_of(window, title), 0)).top() - window.timeline._pin_y()


def test_another_day_opens_at_its_first_event_not_where_the_last_was_left(window: MainWindow, tmp_path: Path) -> None:
    open_calendar(window, tmp_path, TWO_DAYS)
    saturday, sunday = window.day_list
    window.show_day(saturday)
    view = window.timeline
    view.set_zoom(20)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())  # the evening
    evening = view.scroll_time()
    window.show_day(sunday)
    assert 0 <= first_card_offset(window, "Sunday first talk") <= 40
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    window.show_day(saturday)  # back where Saturday was left (the window remembers each day's place)
    assert view.scroll_time() == evening


def test_the_scroll_position_reads_and_sets_as_a_time(window: MainWindow, tmp_path: Path) -> None:
    open_calendar(window, tmp_path, TWO_DAYS)
    window.show_day(window.day_list[0])
    view = window.timeline
    afternoon = window.model.index(row_of(window, "Saturday afternoon"), 0).data(Roles.EVENT).start
    view.set_scroll_time(afternoon)
    assert view.visualRect(window.model.index(row_of(window, "Saturday afternoon"), 0)).top() == view._pin_y()
    assert view.scroll_time() == afternoon
    view.set_zoom(15)
    view.set_scroll_time(afternoon)  # the same time at the top at another zoom
    assert abs((view.scroll_time() - afternoon).total_seconds()) <= 60 / 15  # type: ignore[operator]
    view.set_scroll_time(None)  # none remembered: the first event
    assert 0 <= first_card_offset(window, "Saturday opening") <= 40


def test_each_day_and_schedule_comes_back_where_it_was_left(window: MainWindow, tmp_path: Path) -> None:
    """What a window does: show the day, then timeline.show_place((schedule, day))."""
    open_calendar(window, tmp_path, TWO_DAYS)
    saturday, sunday = window.day_list
    view = window.timeline

    def show(day: date) -> None:
        window.show_day(day)
        view.show_place((window.schedule_key, day))

    show(saturday)
    afternoon = window.model.index(row_of(window, "Saturday afternoon"), 0).data(Roles.EVENT).start
    view.set_scroll_time(afternoon)
    show(sunday)
    assert 0 <= first_card_offset(window, "Sunday first talk") <= 40  # never seen: its first event
    late = window.model.index(row_of(window, "Sunday late show"), 0).data(Roles.EVENT).start
    view.set_scroll_time(late - timedelta(minutes=30))
    show(saturday)
    assert view.scroll_time() == afternoon
    show(sunday)
    assert view.scroll_time() == late - timedelta(minutes=30)
    # Another schedule's day has its own place.
    bundled = next(s.key for s in window.library.schedules() if s.key != window.schedule_key)
    window.reload(bundled)
    view.show_place((window.schedule_key, window.current_day))
    assert view.scroll_time() != late - timedelta(minutes=30)


def test_each_days_place_outlasts_a_restart(  # type: ignore[no-untyped-def]
        window: MainWindow, open_window, library, settings, fixed_now, tmp_path: Path) -> None:
    open_calendar(window, tmp_path, TWO_DAYS)
    saturday, sunday = window.day_list
    window.show_day(saturday)
    afternoon = window.model.index(row_of(window, "Saturday afternoon"), 0).data(Roles.EVENT).start
    window.timeline.set_scroll_time(afternoon)
    window.show_day(sunday)  # Saturday's place is kept as the day changes
    key = window.schedule_key
    window.close()  # saves the settings
    again = open_window(library, settings, fixed_now)
    again.reload(key)
    again.show_day(saturday)
    assert again.timeline.scroll_time() == afternoon


def test_a_place_set_before_the_window_is_shown_is_kept_until_it_is(qtbot, library, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(library, settings=settings)
    qtbot.addWidget(win)
    open_calendar(win, tmp_path, TWO_DAYS)
    win.show_day(win.day_list[0])
    afternoon: datetime = win.model.index(row_of(win, "Saturday afternoon"), 0).data(Roles.EVENT).start
    view = win.timeline
    view.set_scroll_time(afternoon)
    assert view.scroll_time() == afternoon  # where it will open
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    assert view.scroll_time() == afternoon
    assert view.visualRect(win.model.index(row_of(win, "Saturday afternoon"), 0)).top() == view._pin_y()


def test_a_card_selected_before_the_window_is_shown_is_in_view_once_it_is(qtbot, library, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # As when the last selection is restored at start: the card, not the day's first event.
    win = MainWindow(library, settings=settings)
    qtbot.addWidget(win)
    open_calendar(win, tmp_path, TWO_DAYS)
    evening = win.days.all()[[e.title for e in win.days.all()].index("Saturday evening")]
    win.select_event(evening.id)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    card = win.timeline.visualRect(win.model.index_of(evening.id))
    assert win.timeline.viewport().rect().contains(card)


# Ten rooms, wider than the timeline: Saturday's first talk is in the last room (as 38C3's
# Monday opened at 09:00 on main halls that were empty until 10:30), Sunday's in the first.
MANY_ROOMS = [
    *[("20250329T1000", "20250329T1100", f"Room {n:02}", f"Saturday in room {n}") for n in range(1, 10)],
    ("20250329T0900", "20250329T0930", "Room 10", "Saturday first talk"),
    ("20250330T0900", "20250330T0930", "Room 01", "Sunday first talk"),
    ("20250330T0900", "20250330T0930", "Room 10", "Sunday first talk, far room"),
    *[("20250330T1000", "20250330T1100", f"Room {n:02}", f"Sunday in room {n}") for n in range(2, 10)],
]


def test_a_day_opens_with_its_first_talk_in_view_sideways_too(window: MainWindow, tmp_path: Path) -> None:
    """A day opens at its first event: in time, and in its room when none of its first
    talks is in view; where one is, the view stays where it is."""
    open_calendar(window, tmp_path, MANY_ROOMS)
    saturday, sunday = window.day_list
    view = window.timeline
    bar = view.horizontalScrollBar()
    viewport = view.viewport().rect()

    def shown(title: str) -> bool:
        card = view.visualRect(window.model.index(row_of(window, title), 0))
        return card.left() >= 0 and card.right() <= viewport.right() and 0 <= card.top() < viewport.bottom()

    window.show_day(saturday)
    assert bar.maximum() > 0 and shown("Saturday first talk") and bar.value() > 0
    window.show_day(sunday)  # the far room's first talk is in view: the view stays
    assert shown("Sunday first talk, far room") and not shown("Sunday first talk") and bar.value() > 0
    bar.setValue(bar.maximum() // 2)  # neither room in view
    view.scroll_to_first_event()
    assert shown("Sunday first talk") and bar.value() == 0  # the first of them, from the left
