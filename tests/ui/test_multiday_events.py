"""Events that run over several days are on every day they cover (a sprint, a hackathon,
an exhibition of several dates), once as an event.

A timed event from Monday 10:00 to Friday 18:00 showed on Monday alone: the day bar had
no Wednesday and an attendee looking at Wednesday found no sprint. Each later day it runs
on lists it too, drawn from the top of that day's axis and saying since when it runs; its
own day (where going to it goes) stays the day it starts; its star, My agenda entry and
calendar entry stay one. Checked after a zone change, a schedule switch and back, and an
update that ends it a day earlier.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from planner.domain.planning import Skip
from planner.export.ics import to_ics
from planner.formats import load
from planner.services.planning import plan_days
from planner.ui.main_window import MainWindow
from planner.ui.widgets.event_list_columns import card_time
from planner.ui.widgets.models import Roles

from .helpers import body_point, current_id, star_point

WEEK = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//Sprint week//EN\r
X-WR-CALNAME:Sprint Week\r
BEGIN:VEVENT\r
UID:sprint@week.example\r
DTSTAMP:20120101T000000Z\r
DTSTART;TZID=Europe/Vienna:20120213T100000\r
DTEND;TZID=Europe/Vienna:20120217T180000\r
SUMMARY:artsprint 2012\r
LOCATION:aka bild\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:keynote@week.example\r
DTSTAMP:20120101T000000Z\r
DTSTART;TZID=Europe/Vienna:20120213T110000\r
DTEND;TZID=Europe/Vienna:20120213T120000\r
SUMMARY:Monday keynote\r
LOCATION:Hall A\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:panel@week.example\r
DTSTAMP:20120101T000000Z\r
DTSTART;TZID=Europe/Vienna:20120213T113000\r
DTEND;TZID=Europe/Vienna:20120213T123000\r
SUMMARY:Monday panel\r
LOCATION:Hall B\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:late@week.example\r
DTSTAMP:20120101T000000Z\r
DTSTART;TZID=Europe/Vienna:20120213T230000\r
DTEND;TZID=Europe/Vienna:20120214T010000\r
SUMMARY:Late session\r
LOCATION:Hall A\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:lightning@week.example\r
DTSTAMP:20120101T000000Z\r
DTSTART;TZID=Europe/Vienna:20120215T140000\r
DTEND;TZID=Europe/Vienna:20120215T150000\r
SUMMARY:Wednesday lightning talks\r
LOCATION:Hall A\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:expo@week.example\r
DTSTAMP:20120101T000000Z\r
DTSTART;VALUE=DATE:20120214\r
DTEND;VALUE=DATE:20120217\r
SUMMARY:Poster exhibition\r
END:VEVENT\r
END:VCALENDAR\r
"""

MON, TUE, WED, THU, FRI = (date(2012, 2, d) for d in range(13, 18))


def _open(window: MainWindow, tmp_path: Path, text: str = WEEK) -> Path:
    path = tmp_path / "week.ics"
    path.write_text(text, encoding="utf-8", newline="")
    assert window.import_files([str(path)])
    return path


def _titles(window: MainWindow) -> list[str]:
    return [window.model.index(r, 0).data(Roles.EVENT).title for r in range(window.model.rowCount())]


def _row(window: MainWindow, title: str) -> int:
    return _titles(window).index(title)


SPRINT = "artsprint 2012"
SINCE = "since Mon 13 Feb 10:00, until Fri 17 Feb 18:00"


def _sprint_id(window: MainWindow) -> str:
    return next(e.id for e in window.days.all() if e.title == SPRINT)


def _card(window: MainWindow, title: str):  # type: ignore[no-untyped-def]
    return window.model.index(_row(window, title), 0)


def _axis(window: MainWindow) -> tuple[str, str]:
    view = window.timeline
    assert view._day_start is not None and view._day_end is not None
    return f"{view._day_start:%a %H:%M}", f"{view._day_end:%a %H:%M}"


def _shows_from_top_to_bottom(window: MainWindow, title: str) -> None:
    """The card fills the axis: it began before the day's top, and ends at or after its bottom."""
    view = window.timeline
    view.verticalScrollBar().setValue(0)
    rect = view.visualRect(_card(window, title))
    assert view._day_start is not None and view._day_end is not None
    assert abs(rect.top() - view.y_for(view._day_start)) <= 1, (rect, view.y_for(view._day_start))
    assert abs(rect.bottom() - view.y_for(view._day_end)) <= 2, (rect, view.y_for(view._day_end))


def test_every_day_the_sprint_runs_on_lists_it_from_the_top_of_its_axis(window: MainWindow, tmp_path: Path) -> None:
    _open(window, tmp_path)
    assert window.day_list == [MON, TUE, WED, THU, FRI]
    expected = {
        MON: (["artsprint 2012", "Monday keynote", "Monday panel", "Late session"], ("Mon 10:00", "Tue 01:00")),
        # Nothing of its own: the whole of the day the sprint covers, 06:00 to 06:00.
        TUE: (["artsprint 2012", "Poster exhibition"], ("Tue 06:00", "Wed 06:00")),
        # The day's own talk decides the axis: the sprint does not stretch it back to Monday.
        WED: (["artsprint 2012", "Poster exhibition", "Wednesday lightning talks"], ("Wed 14:00", "Wed 15:00")),
        THU: (["artsprint 2012", "Poster exhibition"], ("Thu 06:00", "Fri 06:00")),
        FRI: (["artsprint 2012"], ("Fri 06:00", "Fri 18:00")),  # to its end
    }
    for day, (titles, axis) in expected.items():
        window.show_day(day)
        assert _titles(window) == titles, day
        assert _axis(window) == axis, day
        if day != MON:
            _shows_from_top_to_bottom(window, SPRINT)
        window.timeline.grab()  # painting a card cut to the axis must not raise
    window.show_day(WED)
    sprint = _card(window, SPRINT)
    assert SINCE in sprint.data(Qt.ItemDataRole.AccessibleTextRole)
    assert card_time(sprint.data(Roles.EVENT), window.model.zone, WED, window.model.day_begins) == SINCE
    assert window.timeline.visualRect(sprint).top() == window.timeline.visualRect(
        _card(window, "Wednesday lightning talks")).top()
    window.show_day(FRI)
    assert "since Mon 13 Feb 10:00, until 18:00" in _card(window, SPRINT).data(Qt.ItemDataRole.AccessibleTextRole)
    window.show_day(MON)  # its own day says when it ends, as before
    assert "10:00 to Fri 17 Feb 18:00" in _card(window, SPRINT).data(Qt.ItemDataRole.AccessibleTextRole)


def test_a_talk_past_midnight_stays_on_its_evening_and_whole_days_are_in_the_band_of_each(
        window: MainWindow, tmp_path: Path) -> None:
    _open(window, tmp_path)
    on = {day: _titles(window) for day in window.day_list if not window.show_day(day)}
    assert [day for day, titles in on.items() if "Late session" in titles] == [MON]  # 23:00-01:00
    assert [day for day, titles in on.items() if "Poster exhibition" in titles] == [TUE, WED, THU]
    for day in (TUE, WED, THU):
        window.show_day(day)
        band = window.timeline.visualRect(_card(window, "Poster exhibition"))
        assert band.height() < 40 and band.bottom() < window.timeline.visualRect(_card(window, SPRINT)).top()
        assert "all day, Tue 14 Feb–Thu 16 Feb" in _card(window, "Poster exhibition").data(
            Qt.ItemDataRole.AccessibleTextRole)


def test_one_event_one_star_on_every_day_one_entry_in_my_agenda_and_the_calendar(
        qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _open(window, tmp_path)
    sprint = _sprint_id(window)
    window.show_day(WED)
    qtbot.mouseClick(window.timeline.viewport(), Qt.MouseButton.LeftButton,
                     pos=star_point(window.timeline, _card(window, SPRINT)))
    assert window.current_day == WED and sprint in window.starred
    for day in window.day_list:
        window.show_day(day)
        assert _card(window, SPRINT).data(Roles.STARRED), day
    assert [e.id for e in window.starred_events].count(sprint) == 1
    agenda = window.agenda.model
    listed = [agenda.index(r, 0, agenda.index(d, 0)).data(Roles.EVENT_ID) for d in range(agenda.rowCount())
              for r in range(agenda.rowCount(agenda.index(d, 0)))]
    assert listed.count(sprint) == 1
    [row] = [agenda.index(r, 0, agenda.index(d, 0)) for d in range(agenda.rowCount())
             for r in range(agenda.rowCount(agenda.index(d, 0)))
             if agenda.index(r, 0, agenda.index(d, 0)).data(Roles.EVENT_ID) == sprint]
    assert row.data() == f"10:00–Fri 18:00  Talk: {SPRINT}"  # on Monday, to Friday
    calendar = to_ics(window.library.events(starred=True)).decode()
    assert calendar.count("BEGIN:VEVENT") == 1
    assert "DTSTART:20120213T090000Z" in calendar and "DTEND:20120217T170000Z" in calendar  # its real times


def test_selecting_its_card_on_a_later_day_keeps_that_day_and_j_k_walk_that_days_cards(
        qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _open(window, tmp_path)
    sprint = _sprint_id(window)
    window.show_day(WED)
    qtbot.mouseClick(window.timeline.viewport(), Qt.MouseButton.LeftButton,
                     pos=body_point(window.timeline, _card(window, SPRINT)))
    assert window.current_day == WED and current_id(window) == sprint
    seen = [current_id(window)]
    for _ in range(3):
        window.selection.step(1)  # J
        seen.append(current_id(window))
    assert window.current_day == WED
    lightning = next(e.id for e in window.days.all() if e.title == "Wednesday lightning talks")
    assert lightning in seen and sprint in seen
    while current_id(window) != sprint:
        window.selection.step(-1)  # K back to it
        assert window.current_day == WED
    window.search.setText("art")  # the search folds rooms away: the card stays selected, on Wednesday
    window.finder.settle()
    assert window.current_day == WED and current_id(window) == sprint
    window.search.setText("")
    window.set_star(sprint, True)
    window.agenda.eventSelected.emit(sprint)  # going to it from My agenda goes to its own day
    assert window.current_day == MON and current_id(window) == sprint


def test_now_on_wednesday_goes_to_wednesday_where_the_sprint_is_on(
        open_window, library, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    win = open_window(library, settings, datetime(2012, 2, 15, 11, tzinfo=ZoneInfo("Europe/Vienna")))
    _open(win, tmp_path)
    win.go_now()
    assert win.current_day == WED and current_id(win) == _sprint_id(win)  # what is on now, on today's tab


def test_after_a_zone_change_the_days_and_cards_are_regrouped_and_the_day_kept(
        window: MainWindow, tmp_path: Path) -> None:
    _open(window, tmp_path)
    sprint = _sprint_id(window)
    window.show_day(WED)
    window.timeline.setCurrentIndex(_card(window, SPRINT))  # as a click on it does
    assert window.current_day == WED and current_id(window) == sprint
    # Tokyo: Mon 18:00 to Sat 02:00, days at midnight; the late session (Tue 07:00) is Tuesday's.
    window.set_display_zone("Asia/Tokyo")
    sat = date(2012, 2, 18)
    assert window.day_list == [MON, TUE, WED, THU, FRI, sat]
    assert window.current_day == WED and current_id(window) == sprint
    assert _titles(window) == ["artsprint 2012", "Poster exhibition", "Wednesday lightning talks"]
    assert _axis(window) == ("Wed 22:00", "Wed 23:00")  # 14:00-15:00 Vienna
    _shows_from_top_to_bottom(window, SPRINT)
    window.show_day(TUE)
    assert _titles(window) == ["artsprint 2012", "Late session", "Poster exhibition"]
    window.show_day(sat)
    assert _titles(window) == ["artsprint 2012"] and _axis(window) == ("Sat 00:00", "Sat 02:00")
    assert "since Mon 13 Feb 18:00, until 02:00" in _card(window, SPRINT).data(Qt.ItemDataRole.AccessibleTextRole)
    window.show_day(WED)
    window.timeline.setCurrentIndex(_card(window, SPRINT))  # as a click on it does
    window.set_display_zone("conference")
    assert window.day_list == [MON, TUE, WED, THU, FRI]
    assert window.current_day == WED and current_id(window) == sprint
    assert _axis(window) == ("Wed 14:00", "Wed 15:00")
    _shows_from_top_to_bottom(window, SPRINT)


def test_after_a_schedule_switch_and_back_the_days_and_cards_are_right(window: MainWindow, tmp_path: Path) -> None:
    bundled = next(s.key for s in window.library.schedules())
    _open(window, tmp_path)
    week = window.schedule_key
    sprint = _sprint_id(window)
    window.set_star(sprint, True)
    window.show_day(THU)
    window.schedule_box.chosen.emit(bundled)
    assert window.schedule_key == bundled and len(window.day_list) == 1
    window.schedule_box.chosen.emit(week)
    assert window.day_list == [MON, TUE, WED, THU, FRI] and window.current_day == MON
    window.show_day(THU)
    assert _titles(window) == ["artsprint 2012", "Poster exhibition"] and _axis(window) == ("Thu 06:00", "Fri 06:00")
    assert _card(window, SPRINT).data(Roles.STARRED)
    _shows_from_top_to_bottom(window, SPRINT)
    window.timeline.grab()


def test_an_update_that_ends_it_a_day_earlier_takes_it_off_that_day(window: MainWindow, tmp_path: Path) -> None:
    path = _open(window, tmp_path)
    sprint = _sprint_id(window)
    window.set_star(sprint, True)
    window.show_day(WED)
    window.timeline.setCurrentIndex(_card(window, SPRINT))  # as a click on it does
    shorter = WEEK.replace("DTEND;TZID=Europe/Vienna:20120217T180000", "DTEND;TZID=Europe/Vienna:20120216T180000")
    path.write_text(shorter, encoding="utf-8", newline="")
    assert window.import_files([str(path)])  # a file added shows its schedule from the first day
    assert window.day_list == [MON, TUE, WED, THU]  # Friday had nothing but the sprint
    assert sprint in window.starred and current_id(window) == sprint
    window.show_day(THU)
    assert _titles(window) == ["artsprint 2012", "Poster exhibition"] and _axis(window) == ("Thu 06:00", "Thu 18:00")
    assert "since Mon 13 Feb 10:00, until 18:00" in _card(window, SPRINT).data(Qt.ItemDataRole.AccessibleTextRole)
    _shows_from_top_to_bottom(window, SPRINT)
    # Back to Friday, by a refresh of the schedule (planner.ui.web_schedules: read again
    # where it is shown) while Thursday is shown.
    path.write_text(WEEK, encoding="utf-8", newline="")
    other = type(window.library)(window.library.path)
    try:
        other.import_schedule(load(path))
    finally:
        other.close()
    window.shown.downloaded(window.schedule_key, False)
    assert window.day_list == [MON, TUE, WED, THU, FRI] and window.current_day == THU
    assert _axis(window) == ("Thu 06:00", "Fri 06:00")


def test_the_search_counts_it_on_every_day_it_covers_and_lists_it_once(window: MainWindow, tmp_path: Path) -> None:
    _open(window, tmp_path)
    sprint = _sprint_id(window)
    window.show_day(WED)
    window.search.setText("artsprint")
    assert window.finder.day_ids(WED) == {sprint}  # the shown day at once, before every day is searched
    window.finder.settle()
    assert window.finder.counts() == {MON: 1, TUE: 1, WED: 1, THU: 1, FRI: 1}
    assert window.finder.total == 1
    text = window.count_label.text()
    assert "1 match on all days" in text and "1 of 3 on this day match" in text, text
    assert window.model.is_match(_row(window, SPRINT))
    results = window.finder.results
    groups = [results.topLevelItem(i).text(0) for i in range(results.topLevelItemCount())]
    assert groups == ["Mon 13 Feb · 1 match"], groups
    assert results.current_id() == sprint
    assert [window.day_bar.tabs.accessibleTabName(i) for i in range(5)] == [
        f"{day:%A %d %B}: 1 matches" for day in (MON, TUE, WED, THU, FRI)]


def test_a_search_shows_the_days_first_match_though_it_runs_on_from_an_earlier_day(
        window: MainWindow, tmp_path: Path) -> None:
    """The list names the sprint on Monday, its own day, after Sunday's warm-up, its first
    match; on Friday the sprint is the day's only match, above the evening talk where the day
    opens: the search brings it into view."""
    def vevent(uid: str, start: str, end: str, title: str) -> str:  # in the sprint's room: none folds away
        return (f"BEGIN:VEVENT\r\nUID:{uid}@week.example\r\nDTSTAMP:20120101T000000Z\r\n"
                f"DTSTART;TZID=Europe/Vienna:{start}\r\nDTEND;TZID=Europe/Vienna:{end}\r\n"
                f"SUMMARY:{title}\r\nLOCATION:aka bild\r\nEND:VEVENT\r\n")

    more = (vevent("warmup", "20120212T150000", "20120212T160000", "Warm-up for the artsprint")
            + vevent("party", "20120217T200000", "20120217T210000", "Friday party"))
    _open(window, tmp_path, WEEK.replace("END:VCALENDAR", more + "END:VCALENDAR"))
    window.show_day(FRI)
    view = window.timeline
    assert _axis(window) == ("Fri 17:00", "Fri 21:00")  # the sprint's last hour, then the party
    assert not view.viewport().rect().intersects(view.visualRect(_card(window, SPRINT)))  # opened at the party
    window.search.setText("artsprint")
    window.finder.settle()
    assert window.finder.results.current_id() != _sprint_id(window)  # Sunday's warm-up
    assert view.viewport().rect().intersects(view.visualRect(_card(window, SPRINT)))


def test_a_starred_sprint_clashes_with_nothing_and_plan_my_day_plans_around_it(
        window: MainWindow, tmp_path: Path) -> None:
    _open(window, tmp_path)
    ids = {e.title: e.id for e in window.days.all()}
    for title in (SPRINT, "Monday keynote", "Monday panel", "Poster exhibition"):
        window.set_star(ids[title], True)
    # The keynote and the panel overlap (11:30-12:00): that clash is still said, and only it.
    assert set(window.clashes) == {ids["Monday keynote"], ids["Monday panel"]}
    window.show_day(MON)
    assert not _card(window, SPRINT).data(Roles.CONFLICT)
    assert _card(window, "Monday keynote").data(Roles.CONFLICT)
    window.select_event(ids[SPRINT])
    pane = window.detail.browser.toPlainText()
    assert "On the timeline on 5 days, Mon 13 Feb to Fri 17 Feb: it runs on past the end of the day it starts." in pane
    assert "Not busy time: an event of a day or more runs beside the talks" in pane and "Clashes with" not in pane
    [monday] = plan_days(window.library, schedule_key=window.schedule_key, date=MON)
    assert {(s.id, s.reason) for s in monday.plan.skipped} == {(ids[SPRINT], Skip.DAYS)}
    assert len(monday.plan.plan) == 1 and monday.plan.dropped  # the keynote or the panel, the other dropped
    window.my_agenda.plan.plan_day()
    rows = [r.text for r in window.my_agenda.plan.panel.model.rows()]
    assert f"Talk: {SPRINT}\n    runs for days, beside the talks: no time to plan around" in rows, rows


def test_after_a_restart_it_opens_on_the_day_it_was_selected_on(  # type: ignore[no-untyped-def]
        window: MainWindow, open_window, library, settings, fixed_now, tmp_path: Path) -> None:
    """Selected on Wednesday, the sprint opens on Wednesday again: the day is there at the
    first paint, and restoring the selection (after it) keeps it. Before, the window opened
    on the first day and the selection went to the sprint's own, Monday."""
    _open(window, tmp_path)
    sprint = _sprint_id(window)
    window.show_day(WED)
    window.select_event(sprint, here=True)
    assert window.current_day == WED and current_id(window) == sprint
    window.close()  # saves the settings
    again = open_window(library, settings, fixed_now)
    assert again.current_day == WED  # as first painted, before finish_start
    again.timeline.set_zoom(4 * again.timeline.ppm)  # zoomed in: the card is taller than the timeline
    again.restore_selection()
    assert again.current_day == WED and current_id(again) == sprint
    # Its card is the whole day long: shown from its top (the day's), not centred on its middle.
    view = again.timeline
    card = view.visualRect(again.model.index_of(sprint))
    assert card.height() > view.viewport().height() and 0 <= card.top() <= 40, card  # under the rooms
    # A day that no longer lists the talk (an update ended the sprint on Tuesday): its own day.
    again.select_event(sprint, here=True)
    again.close()
    _open(window, tmp_path, WEEK.replace("DTEND;TZID=Europe/Vienna:20120217T180000",
                                         "DTEND;TZID=Europe/Vienna:20120214T180000"))
    third = open_window(library, settings, fixed_now)
    assert third.current_day == WED  # the day itself is still one (the lightning talks)
    third.restore_selection()
    assert third.current_day == MON and current_id(third) == sprint
