"""The selected talk stays selected while another day is shown: the detail pane and My
agenda keep it, what changes the times on screen (a zone, an update) changes them in the
pane too, and its card is selected again once its day is shown.

Seen walking the window (DebConf 23, in Asia/Kolkata): a talk of Sunday selected, Monday
shown with ], then the display zone set to New York. The view went back to Sunday, the talk
was no longer selected, and the pane still read its Kolkata and UTC times with no New York
line, beside a More like this list in Kolkata times.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner.ui.main_window import MainWindow

from .helpers import current_id


def _vevent(uid: str, start: str, end: str, title: str, abstract: str) -> str:
    return (f"BEGIN:VEVENT\r\nUID:{uid}@two.example\r\nDTSTAMP:20230101T000000Z\r\n"
            f"DTSTART;TZID=Asia/Kolkata:{start}\r\nDTEND;TZID=Asia/Kolkata:{end}\r\n"
            f"SUMMARY:{title}\r\nDESCRIPTION:{abstract}\r\nEND:VEVENT\r\n")


# Two days in UTC+05:30. In New York (UTC-04:00) Monday's morning talk is Sunday night's,
# and Monday's evening talk stays on Monday.
WHY = ("why", "20230910T113000", "20230910T121500", "Why Debian",
       "Why Debian is a universal operating system, and how packaging makes it.")
TALKS = [
    WHY,
    ("basics", "20230910T140000", "20230910T144500", "Debian packaging for beginners",
     "Packaging software for Debian, the universal operating system."),
    ("teams", "20230911T090000", "20230911T094500", "Debian packaging teams",
     "How the Debian packaging teams share the work on the universal operating system."),
    ("cheese", "20230911T160000", "20230911T164500", "Cheese and wine", "An evening together."),
]
SUNDAY, MONDAY = date(2023, 9, 10), date(2023, 9, 11)


def _calendar(talks: list[tuple[str, str, str, str, str]]) -> str:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Two days//EN\r\nX-WR-CALNAME:Two Days Con\r\n"
    return head + "".join(_vevent(*talk) for talk in talks) + "END:VCALENDAR\r\n"


def _open(window: MainWindow, tmp_path: Path, talks: list[tuple[str, str, str, str, str]] = TALKS) -> Path:
    path = tmp_path / "two-days.ics"
    path.write_text(_calendar(talks), encoding="utf-8", newline="")
    assert window.import_files([str(path)])
    assert window.day_list == [SUNDAY, MONDAY] and window.current_day == SUNDAY
    return path


def _id(window: MainWindow, title: str) -> str:
    return next(e.id for e in window.days.all() if e.title == title)


def _pane(window: MainWindow) -> str:
    return window.detail.browser.toPlainText()


def _similar(window: MainWindow) -> list[str]:
    listed = window.detail.similar
    return [listed.item(i).text() for i in range(listed.count())]


def _select_on_sunday_then_show_monday(window: MainWindow, title: str = "Why Debian") -> str:
    talk = _id(window, title)
    window.select_event(talk)
    window.set_star(talk, True)
    assert current_id(window) == talk and window.agenda.unstar_button.isEnabled()
    window.next_day_action.trigger()  # ]
    assert window.current_day == MONDAY and window.current_event() is None
    assert window.detail.current is not None and window.detail.current.id == talk  # the pane keeps it
    return talk


def test_a_zone_change_shows_the_talk_selected_before_another_day_in_the_new_zone(
        window: MainWindow, tmp_path: Path) -> None:
    _open(window, tmp_path)
    talk = _select_on_sunday_then_show_monday(window)
    assert "11:30–12:15 UTC+05:30 (conference time)" in _pane(window)
    window.set_display_zone("America/New_York")
    # Monday's first talk is on Sunday night in New York: Sunday is shown, with the talk on it.
    assert window.current_day == SUNDAY
    assert current_id(window) == talk, "the talk is still selected, its card too"
    assert window.agenda.unstar_button.isEnabled()
    assert window.detail.current is not None and window.detail.current.id == talk
    assert "02:00–02:45 UTC-04:00 (America/New_York)" in _pane(window)
    assert _similar(window) == ["04:30 · Talk: Debian packaging for beginners", "23:30 · Talk: Debian packaging teams"]


def test_the_pane_follows_the_zone_while_its_talks_day_is_not_shown(window: MainWindow, tmp_path: Path) -> None:
    _open(window, tmp_path)
    cheese = _id(window, "Cheese and wine")
    window.select_event(cheese)  # Monday's evening
    window.set_star(cheese, True)
    window.prev_day_action.trigger()  # [
    assert window.current_day == SUNDAY and window.detail.current.id == cheese
    window.set_display_zone("America/New_York")
    # The talks on screen stay on screen: Sunday's first decides the day, and the selected
    # talk is still on Monday (06:30 in New York), in the pane and in My agenda.
    assert window.current_day == SUNDAY and window.current_event() is None
    assert window.detail.current is not None and window.detail.current.id == cheese
    assert "06:30–07:15 UTC-04:00 (America/New_York)" in _pane(window)
    assert window.detail.star_button.text() == "★ Must-see"
    assert window.agenda.unstar_button.isEnabled(), "My agenda keeps the talk the pane shows"
    window.next_day_action.trigger()  # its day again: its card is selected
    assert window.current_day == MONDAY and current_id(window) == cheese


def test_the_talks_card_is_selected_again_when_its_day_is_shown(window: MainWindow, tmp_path: Path) -> None:
    _open(window, tmp_path)
    talk = _select_on_sunday_then_show_monday(window)
    window.prev_day_action.trigger()  # [
    assert current_id(window) == talk
    window.star_action.trigger()  # S acts on it, as the pane's button does
    assert window.detail.star_button.text() == "☆ Maybe"


def test_the_panes_star_shows_a_change_made_while_another_day_is_shown(window: MainWindow, tmp_path: Path) -> None:
    _open(window, tmp_path)
    talk = _id(window, "Why Debian")
    window.select_event(talk)
    window.next_day_action.trigger()
    window.detail.star_button.click()
    assert talk in window.starred
    assert window.detail.star_button.text() == "★ Must-see"
    assert window.agenda.unstar_button.isEnabled()


def test_s_stars_the_panes_talk_while_another_day_is_shown(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # As its Star button does: "Select a talk first" beside a pane showing one said otherwise.
    from PySide6.QtCore import Qt

    _open(window, tmp_path)
    talk = _id(window, "Why Debian")
    window.select_event(talk)
    window.next_day_action.trigger()
    qtbot.keyClick(window.timeline, Qt.Key.Key_S)
    assert talk in window.starred and window.detail.star_button.text() == "★ Must-see"


def test_a_note_written_elsewhere_shows_while_another_day_is_shown(window: MainWindow, tmp_path: Path) -> None:
    _open(window, tmp_path)
    talk = _id(window, "Why Debian")
    window.select_event(talk)
    window.next_day_action.trigger()
    other = type(window.library)(window.library.path)  # another process's connection: `planner note`
    try:
        other.set_note(talk, "Bring the slides")
    finally:
        other.close()
    assert window.pick_up_changes()
    assert window.detail.note.toPlainText() == "Bring the slides"


def test_another_schedule_leaves_nothing_half_selected(window: MainWindow, tmp_path: Path) -> None:
    bundled = next(s.key for s in window.library.schedules())
    _open(window, tmp_path)
    _select_on_sunday_then_show_monday(window)
    window.schedule_box.chosen.emit(bundled)
    assert window.current_event() is None and window.detail.current is None
    assert not window.detail.star_button.isEnabled() and not window.agenda.unstar_button.isEnabled()
    window.set_display_zone("America/New_York")
    assert window.current_event() is None and window.detail.current is None


def test_an_update_shows_the_talks_new_time_while_another_day_is_shown(window: MainWindow, tmp_path: Path) -> None:
    path = _open(window, tmp_path)
    talk = _select_on_sunday_then_show_monday(window)
    moved = (*WHY[:1], "20230910T123000", "20230910T131500", *WHY[3:])
    path.write_text(_calendar([moved, *TALKS[1:]]), encoding="utf-8", newline="")
    assert window.import_files([str(path)])  # a file added shows its schedule from the first day
    assert window.current_day == SUNDAY and current_id(window) == talk
    text = _pane(window)
    assert "12:30–13:15 UTC+05:30" in text and "11:30–12:15" not in text
    window.next_day_action.trigger()
    window.set_display_zone("America/New_York")
    assert current_id(window) == talk and "03:00–03:45 UTC-04:00 (America/New_York)" in _pane(window)
