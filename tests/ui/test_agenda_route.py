"""My agenda shows the starred posters of one poster session as a route: a route row, then
the posters in board order, each with its slot (the session shared evenly) and board
(planner.domain.route). The rows stay right after stars, zone changes and updates."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt

from planner.domain.model import Event, Kind, Schedule
from planner.store import Library
from planner.ui.main_window import MainWindow
from planner.ui.widgets.agenda_model import AgendaModel
from planner.ui.widgets.models import Roles

from .helpers import current_id

PST = timezone(timedelta(hours=-8))
ELEVEN = datetime(2031, 12, 9, 11, 0, tzinfo=PST)
KEY = "neurips-2031"


def poster(event_id: str, board: str, title: str, *, minutes: int = 180) -> Event:
    return Event(id=event_id, kind=Kind.POSTER, number=None, title=title, authors=("Ana Lima", "Bo Chen"),
                 abstract="", start=ELEVEN, end=ELEVEN + timedelta(minutes=minutes), session="Poster Session 6",
                 room="Exhibit Hall C,D,E", poster_position=board, schedule=KEY)


POSTERS = (
    poster("p2504", "#2504", "Sparse Attention for Long Documents"),
    poster("p12", "#12", "Calibrated Forecasts under Drift"),
    poster("p340", "#340", "Graph Transformers at Scale"),
    poster("p99", "#99", "Ninety-nine Boards"),
)
ORAL = Event(id="oral", kind=Kind.ORAL, number=4, title="Opening oral", authors=("Grace Hopper",), abstract="",
             start=ELEVEN - timedelta(hours=2), end=ELEVEN - timedelta(hours=1, minutes=45),
             session="Oral Session 1", room="Ballroom A", schedule=KEY)


def conference(posters: tuple[Event, ...] = POSTERS) -> Schedule:
    events = tuple(sorted((ORAL, *posters), key=lambda e: (e.start, e.end, e.id)))
    return Schedule(key=KEY, title="NeurIPS 2031", events=events, timezone="America/Los_Angeles")


@pytest.fixture
def poster_window(open_window, db_path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    library = Library(db_path)
    library.import_schedule(conference())
    window = open_window(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                         ELEVEN + timedelta(minutes=30))
    yield window
    library.close()


def rows(window: MainWindow) -> list[object]:
    """The agenda as shown: day rows as text, their rows as text, a route's rows as a list."""
    model = window.agenda.model
    out: list[object] = []
    for d in range(model.rowCount()):
        day = model.index(d, 0)
        out.append(day.data())
        for r in range(model.rowCount(day)):
            item = model.index(r, 0, day)
            out.append(item.data())
            if model.rowCount(item):
                out.append([model.index(s, 0, item).data() for s in range(model.rowCount(item))])
    return out


def star(window: MainWindow, *ids: str) -> None:
    for event_id in ids:
        window.set_star(event_id, True)


def route_row(window: MainWindow) -> QModelIndex:
    model = window.agenda.model
    day = model.index(0, 0)
    found = [model.index(r, 0, day) for r in range(model.rowCount(day)) if model.rowCount(model.index(r, 0, day))]
    assert len(found) == 1
    return found[0]


def test_starred_posters_of_a_session_show_as_a_route_in_board_order(poster_window: MainWindow, qtmodeltester) -> None:
    star(poster_window, "p2504", "oral", "p12", "p340")
    assert rows(poster_window) == [
        "Tue 09 Dec 2031  (4)",
        "09:00  Oral 4: Opening oral",
        "11:00  Poster Session 6 · route of 3 posters, 60 min each",
        ["11:00–12:00 · #12 · Calibrated Forecasts under Drift",
         "12:00–13:00 · #340 · Graph Transformers at Scale",
         "13:00–14:00 · #2504 · Sparse Attention for Long Documents"],
    ]
    assert "(4)" in poster_window.agenda.header.text()
    # Starred at the same time, but the route shares the session: no clash among its posters.
    assert "conflict" not in poster_window.agenda.header.text()
    model = poster_window.agenda.model
    route = route_row(poster_window)
    assert not model.flags(route) & Qt.ItemFlag.ItemIsSelectable  # a heading, as day rows are
    assert route.data(Roles.EVENT_ID) is None
    first = model.index(0, 0, route)
    assert first.data(Roles.EVENT_ID) == "p12" and model.flags(first) & Qt.ItemFlag.ItemIsSelectable
    assert first.data(Roles.CONFLICT) == []
    assert first.data(AgendaModel.ROUTE) is route.data(AgendaModel.ROUTE)
    assert model.parent(first) == route
    assert model.data(QModelIndex()) is None
    qtmodeltester.check(model)
    poster_window.agenda.grab()  # the wrapping delegate measures three levels of rows


def test_screen_readers_hear_the_board_and_the_slot(poster_window: MainWindow) -> None:
    star(poster_window, "p2504", "p12")
    model = poster_window.agenda.model
    route = route_row(poster_window)
    spoken = route.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "Poster Session 6" in spoken and "route of 2 posters, 90 min each" in spoken and "11:00 to 14:00" in spoken
    first = model.index(0, 0, route).data(Qt.ItemDataRole.AccessibleTextRole)
    assert first.startswith("Calibrated Forecasts under Drift, board #12, 11:00 to 12:30, stop 1 of 2"), first
    tip = model.index(1, 0, route).data(Qt.ItemDataRole.ToolTipRole)
    assert "Your slot: 12:30–14:00, board #2504" in tip and "session runs" in tip


def test_the_route_follows_stars_and_unstars(poster_window: MainWindow) -> None:
    star(poster_window, "p2504", "p12")
    star(poster_window, "p99")  # #99 walks before #2504, after #12
    assert rows(poster_window)[-1] == ["11:00–12:00 · #12 · Calibrated Forecasts under Drift",
                                       "12:00–13:00 · #99 · Ninety-nine Boards",
                                       "13:00–14:00 · #2504 · Sparse Attention for Long Documents"]
    poster_window.set_star("p12", False)
    assert rows(poster_window)[-1] == ["11:00–12:30 · #99 · Ninety-nine Boards",
                                       "12:30–14:00 · #2504 · Sparse Attention for Long Documents"]
    poster_window.set_star("p99", False)  # one starred poster is no route: an ordinary row
    assert rows(poster_window) == ["Tue 09 Dec 2031  (1)", "11:00  Poster: Sparse Attention for Long Documents"]


def test_clicking_a_poster_selects_it_and_delete_unstars_it(qtbot, poster_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    star(poster_window, "p2504", "p12", "p340")
    agenda = poster_window.agenda
    index = agenda.model.index_of("p340")
    assert index.isValid() and agenda.model.parent(index) == route_row(poster_window)
    agenda.tree.scrollTo(index)
    with qtbot.waitSignal(agenda.eventSelected) as selected:
        qtbot.mouseClick(agenda.tree.viewport(), Qt.MouseButton.LeftButton, pos=agenda.tree.visualRect(index).center())
    assert selected.args == ["p340"]
    assert current_id(poster_window) == "p340"
    assert agenda.unstar_button.isEnabled()
    agenda.tree.setFocus()
    qtbot.keyClick(agenda.tree, Qt.Key.Key_Delete)
    assert "p340" not in poster_window.starred
    # The next poster of the route is selected, so Delete can be pressed again.
    assert agenda.tree.selected_id() == "p2504"
    assert rows(poster_window)[-1] == ["11:00–12:30 · #12 · Calibrated Forecasts under Drift",
                                       "12:30–14:00 · #2504 · Sparse Attention for Long Documents"]


def test_slots_show_in_the_display_zone(poster_window: MainWindow) -> None:
    star(poster_window, "p2504", "p12")
    poster_window.set_display_zone("UTC")
    assert rows(poster_window)[-2:] == [
        "19:00  Poster Session 6 · route of 2 posters, 90 min each",
        ["19:00–20:30 · #12 · Calibrated Forecasts under Drift",
         "20:30–22:00 · #2504 · Sparse Attention for Long Documents"]]
    poster_window.set_display_zone("Asia/Tokyo")  # 04:00 the next day: the agenda's day is Tokyo's
    assert rows(poster_window)[0].startswith("Wed 10 Dec 2031")
    assert rows(poster_window)[-1][0] == "04:00–05:30 · #12 · Calibrated Forecasts under Drift"


def test_a_schedule_update_moves_the_route(poster_window: MainWindow) -> None:
    star(poster_window, "p2504", "p12", "p340")
    moved = tuple(dataclasses.replace(p, poster_position="#3000") if p.id == "p12" else p for p in POSTERS)
    later = tuple(dataclasses.replace(p, start=p.start + timedelta(hours=1), end=p.end + timedelta(hours=1))
                  for p in moved)
    poster_window.library.import_schedule(conference(later))
    poster_window.reload(KEY)
    assert rows(poster_window)[-2:] == [
        "12:00  Poster Session 6 · route of 3 posters, 60 min each",
        ["12:00–13:00 · #340 · Graph Transformers at Scale\n    ⚠ moved from 11:00 UTC-08:00",
         "13:00–14:00 · #2504 · Sparse Attention for Long Documents\n    ⚠ moved from 11:00 UTC-08:00",
         "14:00–15:00 · #3000 · Calibrated Forecasts under Drift\n    ⚠ moved from 11:00 UTC-08:00, board was #12"]]


def test_a_poster_withdrawn_in_an_update_leaves_the_route_and_reminders_agree(poster_window: MainWindow) -> None:
    """A starred poster the update took out (kept because starred) is no stop: the route is
    the two left, the withdrawn one keeps its own row saying so, and the reminders give each
    stop the slot My agenda shows."""
    w = poster_window
    star(w, "p2504", "p12", "p340")
    w.library.import_schedule(conference(tuple(p for p in POSTERS if p.id != "p2504")))
    w.reload(KEY)
    assert rows(w)[-3:] == [
        "11:00  Poster Session 6 · route of 2 posters, 90 min each",
        ["11:00–12:30 · #12 · Calibrated Forecasts under Drift",
         "12:30–14:00 · #340 · Graph Transformers at Scale"],
        "11:00  Poster: Sparse Attention for Long Documents\n    ⚠ no longer in the schedule",
    ]
    assert w.reminders.starts_at(w.library.event("p12")) == ELEVEN
    assert w.reminders.starts_at(w.library.event("p340")) == ELEVEN + timedelta(minutes=90)
