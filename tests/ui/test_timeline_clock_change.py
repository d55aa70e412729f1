"""The timeline over a night the clocks change: the ruler's hours are real hours apart,
each labelled with the display zone's clock at that instant, and every card, the now
line, going to now and a click sit by real time, so a card reads as its own time.

Brussels' clocks went back at 03:00 on 27 October 2024 (02:00 to 03:00 came twice) and
forward at 02:00 on 31 March 2024 (02:00 to 03:00 never came); New York's went back a
week after Brussels'. A ruler stepped on the wall clock read 02:00, 03:00, 04:00 across
the autumn night, and the 03:30 talk, drawn by real time, sat half-way past its "04:00".
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor

from planner.store import Library
from planner.ui.main_window import MainWindow
from planner.ui.widgets.models import Roles
from planner.ui.widgets.timeline import TimelineView
from planner.ui.widgets.timeline_axis import clock_change
from planner.ui.widgets.timeline_layout import BOTTOM_PAD, GUTTER

NOW_RED = QColor("#dc2626")
UTC = timezone.utc


def schedule(title: str, day: str, events: list[tuple[str, str, str]]) -> str:
    """A Brussels schedule of one day's ``events``: (title, start with its offset, duration)."""
    body = "".join(f'<event guid="{n}" id="{n}"><date>{start}</date><duration>{duration}</duration>'
                   f"<title>{title_}</title><type>talk</type></event>"
                   for n, (title_, start, duration) in enumerate(events, 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?><schedule><conference><title>{title}</title>'
            "<time_zone_name>Europe/Brussels</time_zone_name><day_change>06:00</day_change></conference>"
            f'<day date="{day}" index="1"><room name="Hall A">{body}</room></day></schedule>')


# The night the clocks went back: 02:30 twice, an hour apart.
AUTUMN = schedule("Autumn Fest", "2024-10-26", [
    ("Evening talk", "2024-10-26T22:00:00+02:00", "01:00"),
    ("First 02:30", "2024-10-27T02:30:00+02:00", "00:30"),
    ("Second 02:30", "2024-10-27T02:30:00+01:00", "00:30"),
    ("Half past three", "2024-10-27T03:30:00+01:00", "00:30"),
])
# The night they went forward: an hour from 01:30 ends at 03:30.
SPRING = schedule("Spring Fest", "2024-03-30", [
    ("Night talk", "2024-03-31T01:00:00+01:00", "00:30"),
    ("Across the change", "2024-03-31T01:30:00+01:00", "01:00"),
    ("Three o'clock", "2024-03-31T03:00:00+02:00", "00:30"),
])


def open_day(window: MainWindow, tmp_path: Path, text: str, day: date) -> TimelineView:
    path = tmp_path / "night.xml"
    path.write_text(text, encoding="utf-8")
    assert window.import_files([str(path)])
    window.show_day(day)
    return window.timeline


def ruler(view: TimelineView) -> list[tuple[str, int]]:
    """Each hour of the axis as it reads (its clock, and the offset under it where the clocks
    changed) with the content y of its line."""
    view.grab()  # painted: the axis keeps its hours between paints
    return [(f"{hour:%H:%M} {clock_change(hour)}".strip(), view.y_for(hour) + view.verticalOffset())
            for hour in view._axis_hours()]


def card_readings(window: MainWindow) -> list[tuple[str, str, int]]:
    """What an attendee reads each card's start as: the ruler line at or above its top, and
    how many minutes below it the card starts."""
    view, lines = window.timeline, ruler(window.timeline)
    readings = []
    for row in range(window.model.rowCount()):
        index = window.model.index(row, 0)
        top = view.visualRect(index).top() + view.verticalOffset()
        label, y = [line for line in lines if line[1] <= top][-1]
        readings.append((index.data(Roles.EVENT).title, label, round((top - y) / view.ppm)))
    return readings


def hour_apart(view: TimelineView) -> bool:
    ys = [y for _, y in ruler(view)]
    return all(b - a == round(60 * view.ppm) for a, b in zip(ys, ys[1:], strict=False))


def index_titled(window: MainWindow, title: str) -> QModelIndex:
    (row,) = [r for r in range(window.model.rowCount()) if window.model.index(r, 0).data(Roles.EVENT).title == title]
    return window.model.index(row, 0)


def test_the_night_the_clocks_go_back_the_ruler_shows_both_two_oclocks(window: MainWindow, tmp_path: Path) -> None:
    view = open_day(window, tmp_path, AUTUMN, date(2024, 10, 26))
    assert [label for label, _ in ruler(view)] == [
        "22:00", "23:00", "00:00", "01:00", "02:00 UTC+2", "02:00 UTC+1", "03:00", "04:00"]
    assert hour_apart(view)
    assert card_readings(window) == [
        ("Evening talk", "22:00", 0),
        ("First 02:30", "02:00 UTC+2", 30),
        ("Second 02:30", "02:00 UTC+1", 30),
        ("Half past three", "03:00", 30),
    ]
    # The day is as tall as the seven hours it lasts: the last card ends on its last line.
    last_line = ruler(view)[-1][1]
    last = view.visualRect(index_titled(window, "Half past three"))
    assert abs(last.bottom() + 1 + view.verticalOffset() - last_line) <= 2
    assert view._content.height() == last_line + BOTTOM_PAD


def test_the_night_the_clocks_go_forward_the_ruler_skips_the_hour_that_never_was(window: MainWindow,
                                                                                  tmp_path: Path) -> None:
    view = open_day(window, tmp_path, SPRING, date(2024, 3, 30))
    assert [label for label, _ in ruler(view)] == ["01:00", "03:00 UTC+2", "04:00"]
    assert hour_apart(view)
    assert card_readings(window) == [
        ("Night talk", "01:00", 0),
        ("Across the change", "01:00", 30),
        ("Three o'clock", "03:00 UTC+2", 0),
    ]
    # An hour from 01:30 ends at 03:30: half-way between the ruler's 03:00 and 04:00.
    across = view.visualRect(index_titled(window, "Across the change"))
    three, four = ruler(view)[1][1], ruler(view)[2][1]
    assert abs(across.bottom() + 1 + view.verticalOffset() - (three + four) // 2) <= 2


def test_now_going_to_now_and_a_click_agree_with_the_cards(  # type: ignore[no-untyped-def]
        qtbot, open_window, library: Library, settings, tmp_path: Path) -> None:
    now = datetime(2024, 10, 27, 1, 40, tzinfo=UTC)  # 02:40 in Brussels, the second time round
    window = open_window(library, settings, now)
    view = open_day(window, tmp_path, AUTUMN, date(2024, 10, 26))
    window.go_now()
    assert window.current_day == date(2024, 10, 26)
    second = dict(ruler(view))["02:00 UTC+1"] - view.verticalOffset()
    y = second + round(40 * view.ppm)
    assert view.y_for(now) == y
    assert 0 <= y < view.viewport().height()  # scrolled to it
    image = view.viewport().grab().toImage()
    dpr = image.devicePixelRatio()
    red = {int(r / dpr) for r in range(image.height())
           if image.pixelColor(int((GUTTER + 40) * dpr), r).rgb() == NOW_RED.rgb()}
    assert red and all(abs(r - y) <= 2 for r in red), (red, y)
    card = view.visualRect(index_titled(window, "Second 02:30"))
    assert card.top() < y < card.bottom()  # the line is on the talk that is on now
    # The view's time at that line is 02:40 on the second pass, and a click there picks the talk.
    at = view._time_at(y)
    assert at is not None and at == now and f"{at.astimezone(window.timeline.zone):%H:%M%z}" == "02:40+0100"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(card.left() + 30, y))
    assert window.current_event() is not None and window.current_event().title == "Second 02:30"


def test_in_new_york_the_same_night_has_no_change_and_the_cards_stay_put(window: MainWindow, tmp_path: Path) -> None:
    """New York's clocks went back a week later: the same seven hours read 16:00 to 23:00,
    evenly, and each card keeps its place (its real time) while its labels change."""
    view = open_day(window, tmp_path, AUTUMN, date(2024, 10, 26))
    first_0230 = index_titled(window, "First 02:30").data(Roles.EVENT).start
    view.set_scroll_time(first_0230)
    lines = ruler(view)
    placed = {title: view.visualRect(index_titled(window, title)).top() + view.verticalOffset() - lines[0][1]
              for title, _, _ in card_readings(window)}
    height = view._content.height()

    window.set_display_zone("America/New_York")
    assert window.current_day == date(2024, 10, 26)
    assert [label for label, _ in ruler(view)] == [f"{hour}:00" for hour in range(16, 24)]
    assert hour_apart(view)
    assert card_readings(window) == [
        ("Evening talk", "16:00", 0),
        ("First 02:30", "20:00", 30),
        ("Second 02:30", "21:00", 30),
        ("Half past three", "22:00", 30),
    ]
    first_line = ruler(view)[0][1]
    assert {title: view.visualRect(index_titled(window, title)).top() + view.verticalOffset() - first_line
            for title in placed} == placed
    assert view._content.height() == height
    assert view.scroll_time() == first_0230  # the same instant stays at the top

    window.set_display_zone("conference")  # and back: both 02:00s again
    assert [label for label, _ in ruler(view)][4:6] == ["02:00 UTC+2", "02:00 UTC+1"]
    assert view.scroll_time() == first_0230


def test_a_talk_over_the_change_says_the_offset_its_end_is_on(window: MainWindow, tmp_path: Path) -> None:
    """The first 02:30 ends half an hour later, at 02:00 once the clocks went back: its card,
    the list's row and the detail pane read "02:30–02:00" as if it ended before it began."""
    from planner.ui.widgets.detail import _when  # lazy: only this test reads the pane's lines

    open_day(window, tmp_path, AUTUMN, date(2024, 10, 26))
    rows = {window.model.index(r, 0).data(Roles.EVENT).title: r for r in range(window.model.rowCount())}
    spoken = window.model.index(rows["First 02:30"], 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "02:30 UTC+2 to 02:00 UTC+1" in spoken, spoken  # both readings come twice that night
    event = window.model.index(rows["First 02:30"], 0).data(Roles.EVENT)
    assert _when(event, window.zone)[0] == \
        "Sun 27 Oct 2024, 02:30 UTC+02:00–02:00 UTC+01:00 (conference time)"
    second = window.model.index(rows["Second 02:30"], 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "02:30 UTC+1 to 03:00 (+1 day)" in second, second  # the second 02:30; no change during it


def test_a_narrow_card_s_start_alone_says_which_pass() -> None:
    """A narrow card keeps only its start: "02:30 (+1 day)" could be either 02:30 of the night."""
    from zoneinfo import ZoneInfo

    from planner.ui.widgets.models import card_times

    brussels = ZoneInfo("Europe/Brussels")
    first = datetime(2024, 10, 27, 0, 30, tzinfo=UTC).astimezone(brussels)
    second = datetime(2024, 10, 27, 1, 30, tzinfo=UTC).astimezone(brussels)
    assert card_times(first, second, date(2024, 10, 26))[-1] == "02:30 UTC+2 (+1 day)"
    assert card_times(second, second, date(2024, 10, 26))[-1] == "02:30 UTC+1 (+1 day)"
