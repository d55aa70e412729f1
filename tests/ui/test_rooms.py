"""Rooms (issue 18): choosing rooms shows them alone, hidden rooms go, pinned rooms come
first, rooms the filters leave empty fold away, and the choice is kept per schedule.

Tested on the parts the window joins (planner.ui.rooms, the model, the timeline and the
list), the way the window joins them: the ids that pass are worked out over the whole day,
and RoomChoice gives the model the rows to show.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from planner.domain.days import DayOutline
from planner.domain.model import Event, Kind, Schedule
from planner.formats import load
from planner.store import Library
from planner.store.schedule_days import DayEvents, ScheduleDays
from planner.ui.filter_bar import FilterBar, Filters
from planner.ui.rooms import RoomChoice, Rooms
from planner.ui.widgets.event_list import EventListView
from planner.ui.widgets.event_list_columns import ROOM
from planner.ui.widgets.models import EventListModel
from planner.ui.widgets.room_popup import RoomTable
from planner.ui.widgets.timeline import TimelineView
from planner.ui.widgets.timeline_layout import NO_ROOM, columns_for

BERLIN = ZoneInfo("Europe/Berlin")
ROOMS = ["Hall A", "Hall B", "Hall C", "Hall D"]


def talk(i: int, room: str, title: str, hour: int, *, schedule: str = "fest") -> Event:
    start = datetime(2025, 3, 29, hour, 0, tzinfo=BERLIN)
    return Event(id=f"{schedule}-{i}", kind=Kind.TALK, number=i, title=title, authors=("Ada",), abstract="",
                 start=start, end=start + timedelta(minutes=45), session=room, room=room, track="",
                 schedule=schedule)


def festival(key: str = "fest") -> Schedule:
    """One day, four halls, two talks in each; only Hall C has a talk about kites."""
    events = []
    for n, room in enumerate(ROOMS):
        events.append(talk(2 * n, room, f"Opening of {room}", 9, schedule=key))
        events.append(talk(2 * n + 1, room, "Flying kites" if room == "Hall C" else f"More in {room}", 10,
                           schedule=key))
    return Schedule(key=key, title=key.title(), events=tuple(events), timezone="Europe/Berlin")


@pytest.fixture
def library(db_path: Path):  # type: ignore[no-untyped-def]
    with Library(db_path) as lib:
        lib.import_schedule(festival())
        lib.import_schedule(festival("other"))
        yield lib


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


class Shown:
    """A day on screen as the window shows it: the choice, the model, timeline and list."""

    def __init__(self, qtbot, library: Library, settings: QSettings, key: str = "fest") -> None:  # type: ignore[no-untyped-def]
        self.library, self.settings = library, settings
        self.timeline = TimelineView()
        # Owned by the view, as by the window: they go with it when the test ends.
        self.choice = RoomChoice(settings, self.timeline)
        self.model = EventListModel(self.timeline)
        self.timeline.setModel(self.model)
        self.list = EventListView()
        self.list.set_source(self.model, self.timeline.selectionModel())
        for view in (self.timeline, self.list):
            qtbot.addWidget(view)
            view.resize(1280, 700)
            view.show()
            qtbot.waitExposed(view)
        self.search = ""
        self.open(key)
        # As the window does: a change of rooms is a change of filters.
        self.choice.changed.connect(self.refilter)

    def open(self, key: str) -> None:
        """Show schedule ``key``'s first day (the window's reload and show_day)."""
        self.days = ScheduleDays(self.library, key, "Europe/Berlin")
        self.choice.show_schedule(key, self.days.values("room"), self.days.room_order())
        self.day = next(iter(self.days))
        events = self.days[self.day]
        self.choice.show_day(self.model, events, self.days.zone, self.day, self.passing(events))

    def passing(self, events: DayEvents | list[Event] | None = None) -> set[str] | None:
        """The ids that pass the search, over the whole day (the window's search_ids_for_day)."""
        outline = DayOutline.of(self.choice.day if events is None else events)
        found = self.days.search(self.day, self.search) if self.search else None
        return Filters(text=self.search).ids(outline, set(), found)

    def refilter(self) -> bool:
        return self.choice.refilter(self.model, self.passing())

    def find(self, text: str) -> None:
        self.search = text
        self.refilter()

    def columns(self) -> list[str]:
        self.timeline.grab()  # laid out and painted: a delegate that raises fails here
        return list(self.timeline._rooms)

    def list_rooms(self) -> list[str]:
        proxy = self.list.model()
        return [proxy.index(row, ROOM).data() for row in range(proxy.rowCount())]


@pytest.fixture
def shown(qtbot, library: Library, settings: QSettings) -> Shown:  # type: ignore[no-untyped-def]
    return Shown(qtbot, library, settings)


def test_every_room_is_a_column_until_one_is_chosen(shown: Shown) -> None:
    assert shown.columns() == ROOMS and shown.model.rowCount() == 8
    assert shown.choice.label() == "All rooms"


def test_choosing_a_room_shows_that_room_alone_in_timeline_and_list(shown: Shown) -> None:
    shown.choice.only("Hall B")
    assert shown.columns() == ["Hall B"]
    assert [e.room for e in shown.model.events()] == ["Hall B", "Hall B"]
    assert shown.list_rooms() == ["Hall B", "Hall B"]
    assert shown.choice.label() == "Hall B"
    # Every card is in the one column, none dimmed: nothing else is on screen.
    assert len({shown.timeline.visualRect(shown.model.index(r, 0)).left() for r in range(2)}) == 1
    assert shown.model.matching_count() == shown.model.rowCount()


def test_choosing_a_second_room_adds_its_column(shown: Shown) -> None:
    shown.choice.only("Hall D")
    shown.choice.set_shown("Hall A", True)
    assert shown.columns() == ["Hall A", "Hall D"] and shown.choice.label() == "2 of 4 rooms"
    shown.choice.show_all()
    assert shown.columns() == ROOMS


def test_hiding_two_rooms_removes_their_columns(shown: Shown) -> None:
    shown.choice.set_shown("Hall A", False)
    shown.choice.set_shown("Hall C", False)
    assert shown.columns() == ["Hall B", "Hall D"]
    assert set(shown.list_rooms()) == {"Hall B", "Hall D"}
    assert shown.choice.label() == "2 of 4 rooms"


def test_pinning_puts_a_room_first(shown: Shown) -> None:
    shown.choice.set_pinned("Hall C", True)
    assert shown.columns() == ["Hall C", "Hall A", "Hall B", "Hall D"]
    shown.choice.set_pinned("Hall B", True)  # pinned after: second
    assert shown.columns() == ["Hall C", "Hall B", "Hall A", "Hall D"]
    # The cards moved with their column: Hall C's talks are at the left.
    c_rows = [r for r, e in enumerate(shown.model.events()) if e.room == "Hall C"]
    lefts = {r: shown.timeline.visualRect(shown.model.index(r, 0)).left() for r in range(shown.model.rowCount())}
    assert max(lefts[r] for r in c_rows) < min(x for r, x in lefts.items() if r not in c_rows)
    shown.choice.set_pinned("Hall C", False)
    assert shown.columns() == ["Hall B", "Hall A", "Hall C", "Hall D"]


def test_rooms_without_a_match_fold_away_and_come_back_when_the_search_is_cleared(shown: Shown) -> None:
    shown.find("kites")
    assert shown.columns() == ["Hall C"]
    # The room stays whole: its other talk is dimmed, as before.
    assert shown.model.rowCount() == 2 and shown.model.matching_count() == 1
    assert shown.list_rooms() == ["Hall C", "Hall C"]
    shown.find("kite")  # a keystroke back: still computed over the whole day
    assert shown.columns() == ["Hall C"]
    shown.find("")
    assert shown.columns() == ROOMS and shown.model.rowCount() == 8


def test_a_search_with_no_match_on_the_day_keeps_the_rooms_dimmed(shown: Shown) -> None:
    shown.find("zeppelin")
    assert shown.columns() == ROOMS and shown.model.matching_count() == 0


def test_a_keystroke_that_folds_nothing_does_not_reset_the_model(qtbot, shown: Shown) -> None:  # type: ignore[no-untyped-def]
    shown.find("kites")
    with qtbot.assertNotEmitted(shown.model.modelReset):
        shown.find("kites ")
    with qtbot.waitSignal(shown.model.modelReset):
        shown.find("")


def test_the_choice_is_remembered_per_schedule(qtbot, shown: Shown, library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shown.choice.only("Hall B")
    shown.choice.set_pinned("Hall D", True)
    shown.open("other")  # another schedule: its own choice, none yet
    assert shown.columns() == ROOMS and shown.choice.label() == "All rooms"
    shown.choice.set_shown("Hall A", False)
    shown.open("fest")
    assert shown.columns() == ["Hall B"]
    shown.open("other")
    assert shown.columns() == ["Hall B", "Hall C", "Hall D"]
    # A new start: a new settings object on the same file.
    shown.settings.sync()
    again = Shown(qtbot, library, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert again.columns() == ["Hall B"]
    assert again.choice.value == Rooms(chosen=frozenset({"Hall B"}), pinned=("Hall D",))
    again.choice.set_shown("Hall D", True)
    assert again.columns() == ["Hall D", "Hall B"]  # pinned first


def test_the_filter_bar_button_says_what_is_shown_and_a_choice_is_a_filter_change(qtbot, shown: Shown) -> None:  # type: ignore[no-untyped-def]
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.use_rooms(shown.choice)
    bar.show_choices({Kind.TALK}, ROOMS, [])
    bar.show()
    button = bar.room_button
    assert button.accessibleName() == "Rooms" and bar.room_action.isVisible()
    assert button.text().startswith("All rooms")
    with qtbot.waitSignal(bar.changed):
        shown.choice.only("Hall C")
    assert button.text().startswith("Hall C")
    shown.choice.set_shown("Hall A", True)
    assert button.text().startswith("2 of 4 rooms")
    bar.show_choices({Kind.TALK}, ["Only hall"], [])
    assert not bar.room_action.isVisible()  # a single room: nothing to choose


def test_the_popup_is_usable_from_the_keyboard(qtbot, shown: Shown) -> None:  # type: ignore[no-untyped-def]
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.use_rooms(shown.choice)
    bar.show_choices({Kind.TALK}, ROOMS, [])
    bar.show()
    qtbot.waitExposed(bar)
    bar.room_button.click()
    popup = bar.room_button.popup
    assert popup is not None and popup.isVisible()
    qtbot.waitUntil(lambda: popup.find_box.hasFocus())
    assert popup.table.model().rowCount() == 4
    # Typing finds rooms; Enter shows the one found alone.
    QTest.keyClicks(popup.find_box, "c")
    assert popup.table.model().rowCount() == 1
    QTest.keyClick(popup.find_box, Qt.Key.Key_Return)
    assert shown.columns() == ["Hall C"] and not popup.isVisible()
    # Again: show all, then in the list Space hides the current room and P pins it.
    bar.room_button.click()
    popup.all_button.click()
    assert shown.columns() == ROOMS
    QTest.keyClicks(popup.find_box, "hall")
    QTest.keyClick(popup.find_box, Qt.Key.Key_Down)  # into the list, moving there
    assert popup.table.hasFocus() and popup.table.currentIndex().row() == 1
    assert popup.find_box.text() == "hall"
    QTest.keyClick(popup.table, Qt.Key.Key_Space)  # what the popup's foot says: not typed
    assert shown.columns() == ["Hall A", "Hall C", "Hall D"] and popup.find_box.text() == "hall"
    QTest.keyClick(popup.table, Qt.Key.Key_Down)
    QTest.keyClick(popup.table, Qt.Key.Key_P)
    assert shown.columns() == ["Hall C", "Hall A", "Hall D"]
    assert popup.only_button.text() == "Only Hall C"
    QTest.keyClick(popup.table, Qt.Key.Key_Escape)
    assert not popup.isVisible()


def test_the_rooms_table_keeps_the_model_contract(qtmodeltester, shown: Shown) -> None:  # type: ignore[no-untyped-def]
    table = RoomTable(shown.choice)
    qtmodeltester.check(table)
    assert table.data(table.index(0, 0).parent()) is None
    assert table.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "Put Hall A before the other rooms (P)"
    assert table.setData(table.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert not shown.choice.shows("Hall A") and shown.columns() == ROOMS[1:]


def test_columns_follow_an_order_and_a_chosen_single_room_is_a_column() -> None:
    events = [talk(n, room, "t", 9) for n, room in enumerate(["B", "A", "C"])]
    day = DayOutline.of(events)
    minutes = {e.start: 0.0 for e in events} | {e.end: 45.0 for e in events}
    assert columns_for(day, minutes).names == ["B", "A", "C"]
    assert columns_for(day, minutes, ["C", "gone", "A"]).names == ["C", "A", "B"]
    one = DayOutline.of(events[:1])
    assert columns_for(one, minutes).names == []  # a one-room day has no header, as before
    assert columns_for(one, minutes, ["B"]).names == ["B"]  # unless a room was chosen


def test_talks_without_a_room_have_a_column_of_their_own_never_a_rooms() -> None:
    # linux.conf.au 2020: its lunch and plenary name no room, and were drawn under "Arena".
    events = [talk(0, "Arena", "t", 9), talk(1, "", "Lunch", 12), talk(2, "Room 5", "t", 9)]
    day = DayOutline.of(events)
    minutes = {e.start: 0.0 for e in events} | {e.end: 45.0 for e in events}
    columns = columns_for(day, minutes)
    assert columns.names == ["Arena", "Room 5", NO_ROOM]
    assert [columns.index(e.room, e.session) for e in events] == [0, 2, 1]
    # One room and talks without one: two columns, so the room's header says which it is.
    sunday = DayOutline.of([events[2], events[1]])
    assert columns_for(sunday, minutes).names == ["Room 5", NO_ROOM]
    # A chosen room still comes first; no room at all (a session page): no columns, as before.
    assert columns_for(day, minutes, ["Room 5"]).names == ["Room 5", "Arena", NO_ROOM]
    assert columns_for(DayOutline.of([replace(events[1], session="")]), minutes).names == []
    # A whole-day event without a room sits in the band above the columns: no column for it.
    all_day = replace(events[1], all_day=True)
    assert columns_for(DayOutline.of([events[0], events[2], all_day]), minutes).names == ["Arena", "Room 5"]


def test_parallel_sessions_that_start_together_are_columns_in_reading_order() -> None:
    """A session page's parallel tracks have no rooms: its sessions are the columns."""
    events = [replace(talk(n, "", "t", 9), session=session) for n, session in
              enumerate(["Track 1000", "Track 961", "Track 99"])]
    day = DayOutline.of(events)
    minutes = {e.start: 0.0 for e in events} | {e.end: 45.0 for e in events}
    assert columns_for(day, minutes).names == ["Track 99", "Track 961", "Track 1000"]


def test_a_plain_list_of_events_is_narrowed_too() -> None:
    events = [talk(n, room, "t", 9) for n, room in enumerate(ROOMS)]
    choice = RoomChoice(QSettings())
    choice.value = Rooms(hidden=frozenset({"Hall A"}))
    shown, order = choice.shown(events, None)
    assert [e.room for e in shown] == ROOMS[1:] and order == ROOMS[1:]
    assert choice.shown(events, None)[0] is not events
    choice.value = Rooms()
    assert choice.shown(events, None) == (events, None)  # nothing chosen: the day itself


@pytest.fixture
def congress(db_path: Path, corpus: Path):  # type: ignore[no-untyped-def]
    """38C3 in a library that outlives the test's views (they may paint as they close)."""
    path = corpus / "schedule-xml" / "38c3-schedule.xml"
    if not path.is_file():
        pytest.skip("the 38C3 schedule is not in the shared corpus")
    schedule = load(path)
    with Library(db_path) as library:
        library.import_schedule(schedule)
        yield library, schedule.key


def test_38c3_saal_1_alone_is_one_column(qtbot, congress: tuple[Library, str], settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    library, key = congress
    shown = Shown(qtbot, library, settings, key)
    assert len(shown.columns()) > 5
    shown.choice.only("Saal 1")
    assert shown.columns() == ["Saal 1"]
    assert shown.model.rowCount() > 0 and {e.room for e in shown.model.events()} == {"Saal 1"}
    assert set(shown.list_rooms()) == {"Saal 1"}
    assert "Saal 1" in shown.choice.rooms and len(shown.choice.rooms) > 10


def _two_days_xml() -> str:
    """Three halls the file lists as Hall C, Hall A, Hall B on both days; which one's first
    talk comes first differs from day to day."""
    def event(n: int, day: int, start: str, room: str) -> str:
        return (f'<event guid="00000000-0000-4000-8000-{n:012d}" id="{n}"><date>2025-03-2{day}T{start}:00+01:00</date>'
                f"<start>{start}</start><duration>00:30</duration><room>{room}</room><title>Talk {n}</title>"
                "<type>talk</type></event>")
    starts = {1: {"Hall C": "11:00", "Hall A": "09:00", "Hall B": "10:00"},
              2: {"Hall C": "10:00", "Hall A": "11:00", "Hall B": "09:00"}}
    days = "".join(
        f'<day index="{day}" date="2025-03-2{day}">' + "".join(
            f'<room name="{room}">{event(10 * day + i, day, start, room)}</room>'
            for i, (room, start) in enumerate(starts[day].items())) + "</day>"
        for day in (1, 2))
    return ('<?xml version="1.0" encoding="UTF-8"?><schedule><conference><title>Halls</title>'
            f"<acronym>halls</acronym><time_zone_name>Europe/Berlin</time_zone_name></conference>{days}</schedule>")


def test_columns_keep_the_files_room_order_on_every_day(qtbot, tmp_path: Path, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    """Ordered by their first talk of the day, the halls changed places from one day to
    the next; the file lists them in the venue's order, and that order stays."""
    path = tmp_path / "halls.xml"
    path.write_text(_two_days_xml(), encoding="utf-8")
    schedule = load(path)
    with Library(tmp_path / "halls.sqlite3") as library:
        library.import_schedule(schedule)
        assert library.room_order(schedule.key) == ["Hall C", "Hall A", "Hall B"]
        shown = Shown(qtbot, library, settings, schedule.key)
        first = shown.columns()
        events = shown.days[date(2025, 3, 22)]
        shown.choice.show_day(shown.model, events, shown.days.zone, date(2025, 3, 22), None)
        assert first == shown.columns() == ["Hall C", "Hall A", "Hall B"]
        # A pin still comes first, the others keep the file's order.
        shown.choice.set_pinned("Hall B", True)
        assert shown.columns() == ["Hall B", "Hall C", "Hall A"]


def test_38c3_columns_are_the_venues_order_on_every_day(qtbot, congress: tuple[Library, str], settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    library, key = congress
    order = library.room_order(key)
    assert order[:3] == ["Saal 1", "Saal GLITCH", "Saal ZIGZAG"]  # as the congress lists its halls
    shown = Shown(qtbot, library, settings, key)
    seen = []
    for day in list(shown.days)[:4]:
        shown.choice.show_day(shown.model, shown.days[day], shown.days.zone, day, None)
        columns = shown.columns()
        assert columns == sorted(columns, key=order.index), day
        seen.append(columns)
    assert all(columns[0] == "Saal 1" for columns in seen if "Saal 1" in columns)


def test_rooms_that_are_web_addresses_keep_what_tells_them_apart(qapp) -> None:  # type: ignore[no-untyped-def]
    # ICLR 2020's socials: every room an address, differing at the end only.
    from PySide6.QtGui import QFont, QFontMetrics

    from planner.ui.widgets.timeline_rooms import header_text

    fm = QFontMetrics(QFont())
    width = fm.horizontalAdvance("iclr.cc/virtual/speaker")
    one, seven = (header_text(f"https://iclr.cc/virtual/speaker_{n}.html", fm, width) for n in (1, 7))
    assert one != seven and one.endswith("_1.html") and not one.startswith("https")
    assert header_text("Hall A with a long name that goes on", fm, width).endswith("…")  # others: cut at the end
    assert header_text("Hall A", fm, width) == "Hall A"
