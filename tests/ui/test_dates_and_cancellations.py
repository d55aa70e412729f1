"""Whole-day events, cancelled talks and times without a zone in the window (issue 16).

A date stays a date (a band above the hours, on its own day), a cancelled talk is struck
through wherever it shows, and a time the schedule gave without a zone is shown as
published in every display zone. Each is checked again after a zone change.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from planner.ui.main_window import MainWindow
from planner.ui.widgets.models import Roles, spoken_description, time_text
from tests.cli.test_multiday_times import SPRINT

CALENDAR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//Dates//EN\r
X-WR-CALNAME:Dates Con\r
BEGIN:VEVENT\r
UID:hack@dates.example\r
DTSTAMP:20250101T000000Z\r
DTSTART;VALUE=DATE:20250329\r
DTEND;VALUE=DATE:20250330\r
SUMMARY:Hackathon all day\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:open@dates.example\r
DTSTAMP:20250101T000000Z\r
DTSTART;TZID=Europe/Berlin:20250329T100000\r
DTEND;TZID=Europe/Berlin:20250329T110000\r
SUMMARY:Opening keynote\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:gone@dates.example\r
DTSTAMP:20250101T000000Z\r
DTSTART;TZID=Europe/Berlin:20250329T120000\r
DTEND;TZID=Europe/Berlin:20250329T130000\r
SUMMARY:Talk that was called off\r
STATUS:CANCELLED\r
END:VEVENT\r
END:VCALENDAR\r
"""


def _open(window: MainWindow, tmp_path: Path) -> dict[str, int]:
    path = tmp_path / "dates.ics"
    path.write_text(CALENDAR, encoding="utf-8", newline="")
    assert window.import_files([str(path)])
    rows = {window.model.index(r, 0).data(Roles.EVENT).title: r for r in range(window.model.rowCount())}
    assert set(rows) == {"Hackathon all day", "Opening keynote", "Talk that was called off"}, rows
    return rows


def test_a_whole_day_event_is_a_band_above_the_hours_on_its_own_day(window: MainWindow, tmp_path: Path) -> None:
    rows = _open(window, tmp_path)
    for zone in ("conference", "America/New_York"):
        window.set_display_zone(zone)
        rows = {window.model.index(r, 0).data(Roles.EVENT).title: r for r in range(window.model.rowCount())}
        view = window.timeline
        view.verticalScrollBar().setValue(0)
        band = view.visualRect(window.model.index(rows["Hackathon all day"], 0))
        keynote = window.model.index(rows["Opening keynote"], 0)
        first_hour = view.y_for(keynote.data(Roles.EVENT).start)
        assert band.isValid() and band.bottom() < first_hour, (zone, band, first_hour)
        assert band.height() < 40  # a band, not a card from midnight to midnight
        assert window.model.day is not None and window.model.day.isoformat() == "2025-03-29"
        assert "all day" in spoken_description(window.model.index(rows["Hackathon all day"], 0).data(Roles.EVENT),
                                                window.model.zone, False)
        view.grab()  # painting the band must not raise


def test_a_cancelled_talk_is_struck_through_and_said_to_be_cancelled(qtbot, window: MainWindow, tmp_path: Path) -> None:
    rows = _open(window, tmp_path)
    index = window.model.index(rows["Talk that was called off"], 0)
    event = index.data(Roles.EVENT)
    assert event.cancelled
    assert "cancelled" in spoken_description(event, window.model.zone, False)
    window.timeline.setCurrentIndex(index)
    html = window.detail.browser.toHtml()
    assert "Cancelled" in html
    # Starred, it shows in My agenda struck through.
    window.set_star(event.id, True)
    agenda = window.agenda.model
    found = [agenda.index(r, 0, agenda.index(d, 0)) for d in range(agenda.rowCount())
             for r in range(agenda.rowCount(agenda.index(d, 0)))]
    (item,) = [i for i in found if i.data(Roles.EVENT_ID) == event.id]
    assert item.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert "cancelled" in item.data(Qt.ItemDataRole.DisplayRole)


def test_the_ruler_follows_a_display_zone_change(window: MainWindow, tmp_path: Path) -> None:
    """The hour labels are the cards' clock: 10:00 in Berlin is 05:00 on the ruler in New York."""
    rows = _open(window, tmp_path)
    view = window.timeline
    index = window.model.index(rows["Opening keynote"], 0)
    for zone, hour in (("conference", 10), ("America/New_York", 5), ("Asia/Tokyo", 18), ("conference", 10)):
        window.set_display_zone(zone)
        view.grab()  # paint: the axis keeps its hours between paints
        assert [h.hour for h in view._axis_hours()][:1] == [hour], zone
        assert index.data(Roles.EVENT) is not None
        assert f"{hour:02d}:00 to" in window.model.index(rows["Opening keynote"], 0).data(), zone


def test_switching_schedule_never_leaves_the_other_schedules_talk_in_the_pane(window: MainWindow, tmp_path: Path) -> None:
    rows = _open(window, tmp_path)
    keynote = window.model.index(rows["Opening keynote"], 0).data(Roles.EVENT)
    window.select_event(keynote.id)
    assert window.detail.current is not None and window.detail.current.id == keynote.id
    other = next(s.key for s in window.library.schedules() if s.key != keynote.schedule)
    window.reload(other)
    assert window.detail.current is None and not window.detail.star_button.isEnabled()
    window.reload(keynote.schedule)  # and back: selecting it again shows it in its own clock
    window.select_event(keynote.id)
    assert "10:00–11:00 UTC+01:00 (conference time)" in window.detail.browser.toPlainText()


def test_switching_schedule_leaves_no_star_on_the_empty_pane(window: MainWindow, tmp_path: Path) -> None:
    """Seen under Xvfb: a starred talk of schedule A selected, then B shown, and the empty
    pane's button read '★ Starred'."""
    from .helpers import write_tiny

    bundled = window.schedule_key
    first = window.model.index(0, 0).data(Roles.EVENT)
    window.set_star(first.id, True)
    window.select_event(first.id)
    assert window.detail.star_button.text() == "★ Must-see"
    assert window.import_files([str(write_tiny(tmp_path))])
    assert window.schedule_key != bundled and window.detail.current is None
    assert window.detail.star_button.text() == "☆ Star" and not window.detail.star_button.isEnabled()
    window.schedule_box.chosen.emit(bundled)
    window.select_event(first.id)
    assert window.detail.star_button.text() == "★ Must-see"


def test_an_update_that_moves_the_selected_talk_shows_its_new_time(window: MainWindow, tmp_path: Path) -> None:
    """Seen walking the window: after re-importing an updated file the pane still read the
    time the talk was moved from, beside '⚠ Changed: moved from 09:00', and the talk was no
    longer selected."""
    from .helpers import TINY_SESSION

    path = tmp_path / "tiny.txt"
    path.write_text(TINY_SESSION, encoding="utf-8")
    assert window.import_files([str(path)])
    oral = next(e for e in window.days.all() if e.title.startswith("Accents"))
    window.select_event(oral.id)
    assert "09:00–09:30 UTC+02:00" in window.detail.browser.toPlainText()
    path.write_text(TINY_SESSION.replace("2024-06-03T09:00:00+02:00 - 2024-06-03T09:30:00+02:00",
                                         "2024-06-03T11:00:00+02:00 - 2024-06-03T11:30:00+02:00"), encoding="utf-8")
    assert window.import_files([str(path)])
    assert window.current_event() is not None and window.current_event().id == oral.id
    text = window.detail.browser.toPlainText()
    assert "11:00–11:30 UTC+02:00" in text and "09:00–09:30 UTC+02:00" not in text and "moved from 09:00" in text


def test_a_talk_of_several_days_says_when_it_ends_on_its_card_and_in_the_pane(window: MainWindow, tmp_path: Path) -> None:
    """An iCalendar sprint, Monday 10:00 to Friday 18:00, read "10:00–18:00" everywhere: a
    Monday afternoon. Each place now names the day it ends, after a zone change too."""
    path = tmp_path / "sprint.ics"
    path.write_text(SPRINT, encoding="utf-8")
    assert window.import_files([str(path)])
    sprint = next(e for e in window.days.all() if e.title == "artsprint 2012")
    window.select_event(sprint.id)
    pane = window.detail.browser.toPlainText()
    assert "Mon 13 Feb 2012, 10:00–Fri 17 Feb 18:00 UTC+01:00 (conference time)" in pane
    index = window.model.index(window.model.index_of(sprint.id).row(), 0)
    assert "10:00 to Fri 17 Feb 18:00" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "Mon 13 Feb, 10:00–Fri 17 Feb 18:00" in index.data(Qt.ItemDataRole.ToolTipRole)
    window.set_display_zone("Asia/Tokyo")  # 18:00 Vienna is 02:00 the next day in Tokyo
    index = window.model.index(window.model.index_of(sprint.id).row(), 0)
    assert "18:00 to Sat 18 Feb 02:00" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "18:00–Sat 18 Feb 02:00 UTC+09:00" in window.detail.browser.toPlainText()
    start, end = sprint.start, sprint.end
    assert time_text(start, end, False, start.date()) == "10:00–Fri 17 Feb 18:00"  # the card's time line
    window.timeline.grab()  # painting the longer time line must not raise
