"""Column headers tell a day's rooms apart, web addresses too.

Seen walking the window on ICLR 2020's calendar (../shared/corpus/ics/iclr-2020-socials.ics):
a room per poster session, all "https://iclr.cc/virtual/papers.html?session=Mon+Session+N
&filter=keywords"; every column's header read "iclr.cc/virt…ter=keywords". Headers of
addresses that would read the same show what differs ("Mon Session 1"), with the whole
address in the header's tooltip and the timeline's accessible description; ordinary names
are shown as they always were.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter

from planner.domain.model import Event, Kind
from planner.text.addresses import telling_apart
from planner.ui.main_window import MainWindow
from planner.ui.widgets.delegates import derived_font
from planner.ui.widgets.models import EventListModel
from planner.ui.widgets.timeline import DESCRIPTION, TimelineView
from planner.ui.widgets.timeline_layout import GUTTER, ROOM_HEADER
from planner.ui.widgets.timeline_rooms import header_labels, header_text

ICLR = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "ics" / "iclr-2020-socials.ics"
ZONE = timezone(timedelta(hours=3))
DAY = datetime(2020, 4, 27, 8, 0, tzinfo=ZONE)
# ICLR 2020's rooms as its calendar writes them, and the shape of its later poster pages.
MONDAY = [f"https://iclr.cc/virtual/papers.html?session=Mon+Session+{n}&filter=keywords" for n in range(1, 6)]
SPEAKERS = [f"https://iclr.cc/virtual/speaker_{n}.html" for n in (1, 7)]
POSTERS = [f"https://iclr.cc/virtual/2020/poster?session=Poster%20Session%20{n}&room=A" for n in (1, 2)]


class HeaderPainter(QPainter):
    """Notes each text drawn: the headers, as _paint_rooms draws them."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.texts: list[str] = []

    def drawText(self, where, *args) -> None:  # type: ignore[no-untyped-def,override]
        self.texts.append(args[-1])
        super().drawText(where, *args)


def painted_headers(view: TimelineView) -> list[str]:
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    painter = HeaderPainter(image)
    try:
        view._paint_rooms(painter, view.horizontalOffset(), view.viewport().width(), QColor("white"), QColor("black"))
    finally:
        painter.end()
    return painter.texts


def timeline(qtbot, rooms: list[str], width: int = 1000) -> TimelineView:  # type: ignore[no-untyped-def]
    """A timeline of one poster session in each of ``rooms``, ``width`` px wide."""
    return show(qtbot, [Event(id=f"r{i}", kind=Kind.POSTER, number=i, title=f"Posters {i}", authors=(), abstract="",
                              start=DAY, end=DAY + timedelta(hours=2), session="Posters", room=room)
                        for i, room in enumerate(rooms)], ZONE, width)


def show(qtbot, events: Sequence[Event], zone: tzinfo | None, width: int) -> TimelineView:  # type: ignore[no-untyped-def]
    model = EventListModel()
    model.set_events(events, zone)
    view = TimelineView()
    qtbot.addWidget(view)
    model.setParent(view)
    view.setModel(model)
    view.resize(width, 500)
    view.show()
    qtbot.waitExposed(view)
    view.grab()  # laid out
    return view


def header_point(view: TimelineView, column: int) -> QPoint:
    return QPoint(GUTTER + 4 + column * view._column_width + view._column_width // 2 - view.horizontalOffset(),
                  ROOM_HEADER // 2)


def test_addresses_that_differ_inside_show_what_differs(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = timeline(qtbot, MONDAY)
    assert painted_headers(view)[:4] == ["Mon Session 1", "Mon Session 2", "Mon Session 3", "Mon Session 4"]
    # The whole address where a header shows part of it: its tooltip, and for a screen reader.
    assert view.header_tip(header_point(view, 1)) == MONDAY[1]
    assert view.header_tip(QPoint(header_point(view, 1).x(), ROOM_HEADER + 40)) is None  # below: the cards'
    assert view.accessibleDescription() == (
        f"{DESCRIPTION}. Columns: " + "; ".join(f"Mon Session {n}, {room}" for n, room in enumerate(MONDAY, 1)))


def test_the_tooltip_shows_over_the_header(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    view = timeline(qtbot, POSTERS)
    point = header_point(view, 0)
    QApplication.sendEvent(view.viewport(), QHelpEvent(QHelpEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == POSTERS[0]
    QToolTip.hideText()


def test_the_query_value_that_differs_is_the_header(qtbot) -> None:  # type: ignore[no-untyped-def]
    wide = timeline(qtbot, POSTERS, width=1200)  # room for the whole addresses: shown whole
    assert painted_headers(wide) == [header_text(room, QFontMetrics(derived_font(wide.font(), bold=True)),
                                                 wide._column_width - 12) for room in POSTERS]
    # Cut ("iclr.cc/virt…n%201&room=A"), one page with two queries: told apart by the query.
    view = timeline(qtbot, POSTERS, width=500)
    assert painted_headers(view) == ["Poster Session 1", "Poster Session 2"]
    assert telling_apart([*POSTERS, POSTERS[0].replace("room=A", "room=B")]) == {
        POSTERS[0]: "Poster Session 1 · room A", POSTERS[1]: "Poster Session 2 · room A",
        POSTERS[0].replace("room=A", "room=B"): "Poster Session 1 · room B"}


@pytest.mark.parametrize("rooms", [["Saal 1", "K.1.105 (La Fontaine)", "Hall A with a long name that goes on and on"],
                                   SPEAKERS], ids=["names", "addresses-that-differ-at-the-end"])
def test_other_rooms_read_as_they_always_did(qtbot, rooms: list[str]) -> None:  # type: ignore[no-untyped-def]
    view = timeline(qtbot, rooms, width=900)
    fm = QFontMetrics(derived_font(view.font(), bold=True))
    assert painted_headers(view) == [header_text(room, fm, view._column_width - 12) for room in rooms]
    assert view.room_labels() == {} and view.accessibleDescription() == DESCRIPTION
    assert view.header_tip(header_point(view, 0)) == ("" if rooms[0] == "Saal 1" else rooms[0])


def test_header_labels_only_where_cut_texts_collide(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = timeline(qtbot, SPEAKERS)
    fm = QFontMetrics(derived_font(view.font(), bold=True))
    assert header_labels([*SPEAKERS, "Saal 1"], fm, 400) == {}  # "iclr.cc/virtual/speaker_1.html" fits
    assert header_labels(SPEAKERS, fm, 60) == {SPEAKERS[0]: "speaker_1", SPEAKERS[1]: "speaker_7"}  # "iclr…html"


@pytest.mark.skipif(not ICLR.is_file(), reason="the shared corpus is not here")
def test_every_day_of_iclr_2020_has_headers_that_tell_its_rooms_apart(qtbot, window: MainWindow) -> None:
    assert window.import_files([str(ICLR)])
    window.reload(next(s.key for s in window.library.schedules() if "ICLR" in s.title))
    assert len(window.day_list) == 4
    for day in window.day_list:
        events = list(window.days[day])
        rooms = list(dict.fromkeys(e.room for e in events if e.room))
        view = show(qtbot, events, window.zone, GUTTER + 200 * len(rooms) + 40)  # every column on screen
        headers = painted_headers(view)
        assert len(headers) == len(view._rooms) and len(set(headers)) == len(headers), (day, headers)
        assert not any(h.endswith("ter=keywords") for h in headers), headers


def _ics(rooms: list[str]) -> str:
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:p{n}@iclr.example\r\nDTSTAMP:20200401T000000Z\r\n"
        f"DTSTART:20200427T{8 + 2 * n:02d}0000Z\r\nDTEND:20200427T{9 + 2 * n:02d}0000Z\r\n"
        f"SUMMARY:Poster Day 1 Session {n + 1}\r\nLOCATION:{room}\r\nEND:VEVENT\r\n"
        for n, room in enumerate(rooms))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nX-WR-CALNAME:ICLR Like\r\n{events}END:VCALENDAR\r\n"


def test_the_days_list_says_the_same_of_its_rooms(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """The list view's Room column (a small window opens in it) cut the addresses at their
    end: "https://iclr.cc/…" on every row. It shows them as the headers do."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from planner.ui.widgets.event_list_columns import ROOM

    path = tmp_path / "iclr-like.ics"
    path.write_text(_ics([*MONDAY[:3], SPEAKERS[0]]), encoding="utf-8")
    assert window.import_files([str(path)])
    window.list_view_action.trigger()
    view = window.event_list
    view.grab()

    def shown(row: int) -> str:
        option = QStyleOptionViewItem()
        view.itemDelegate().initStyleOption(option, view.model().index(row, ROOM))
        return option.text

    texts = [shown(row) for row in range(view.model().rowCount())]
    assert texts[:3] == ["Mon Session 1", "Mon Session 2", "Mon Session 3"]
    assert texts[3] == "iclr.cc/virtual/speaker_1.html"  # not cut: as it is, without the scheme
    assert view.model().index(0, ROOM).data() == MONDAY[0]  # what a screen reader reads: the whole address
