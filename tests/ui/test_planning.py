"""The planning features in the window: conflicts, display zone, reminders, notes,
agenda documents and printing, calendar updates, Now, More like this.

The window's clock is injected (MainWindow(now=...)); dialogs are patched; nothing sleeps.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

import planner.ui.similar as similar_module
import planner.ui.widgets.printing
from planner.domain.model import Event, Kind
from planner.store import Library
from planner.text.readable import event_summary
from planner.ui import dialogs
from planner.ui.app import give_windows_our_icon
from planner.ui.main_window import MainWindow
from planner.ui.widgets.models import Roles, day_shift
from planner.ui.widgets.reminders import ReminderClock

from .helpers import current_id, event, index_of, write_tiny

PST = timezone(timedelta(hours=-8))
DISPLAY = Qt.ItemDataRole.DisplayRole


def agenda_text(window: MainWindow, event_id: str) -> str:
    index = window.agenda.model.index_of(event_id)
    assert index.isValid(), event_id
    return str(index.data(DISPLAY))


def similar_ids(window: MainWindow) -> list[str]:
    return [window.detail.similar.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.detail.similar.count())]


@pytest.fixture
def save_as(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Answer the export dialog: save_as(path, filter) sets what it returns next."""
    answer: list[tuple[str, str]] = [("", "")]

    def dialog(*args: object, **kwargs: object) -> tuple[str, str]:
        return answer[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return lambda path, chosen="Calendar (*.ics)": answer.__setitem__(0, (str(path), chosen))


# -- conflicts -------------------------------------------------------------------------


def test_clash_is_flagged_on_cards_in_my_agenda_and_in_the_status_bar(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    assert window.import_files([str(write_tiny(tmp_path))])
    oral1, spot2 = event(window, "Oral 1"), event(window, "Spotlight 2")  # 09:00-09:30 and 09:00-09:20
    window.set_star(oral1.id, True)
    assert window.statusBar().currentMessage() == f"Starred {event_summary(oral1)}"
    assert index_of(window, "Oral 1").data(Roles.CONFLICT) == []

    window.set_star(spot2.id, True)
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Starred {event_summary(spot2)}") and f"clashes with {event_summary(oral1)}" in message
    assert [e.id for e in index_of(window, "Oral 1").data(Roles.CONFLICT)] == [spot2.id]
    assert [e.id for e in index_of(window, "Spotlight 2").data(Roles.CONFLICT)] == [oral1.id]
    assert index_of(window, "Break").data(Roles.CONFLICT) == []
    assert f"clashes with 09:00 {event_summary(spot2)}" in agenda_text(window, oral1.id)
    assert f"clashes with 09:00 {event_summary(oral1)}" in agenda_text(window, spot2.id)
    assert "2 in conflict" in window.agenda.header.text()
    window.select_event(oral1.id)
    assert "Clashes with Spotlight 2" in window.detail.browser.toPlainText()
    window.timeline.grab()  # paint the flagged cards: a delegate that raises fails here
    window.agenda.tree.grab()

    window.set_star(spot2.id, False)
    assert index_of(window, "Oral 1").data(Roles.CONFLICT) == []
    assert "clashes" not in agenda_text(window, oral1.id)
    assert "conflict" not in window.agenda.header.text()


def test_a_row_of_my_agenda_names_two_clashes_and_counts_the_rest(window: MainWindow, tmp_path: Path) -> None:
    """Ten talks starred at one time made each row of My agenda ten lines long (38C3):
    past two clashes a row names the first and counts the others; the pane lists them all."""
    from .helpers import session_page

    talks = [("2024-06-03T09:00:00+02:00", "2024-06-03T09:30:00+02:00", f"{n} - Oral: Parallel talk {n}", "", "")
             for n in range(1, 6)]
    path = tmp_path / "parallel.txt"
    path.write_text(session_page("Parallel Day", talks), encoding="utf-8")
    assert window.import_files([str(path)])
    first, second, third = (event(window, f"Oral {n}") for n in (1, 2, 3))
    window.set_star(first.id, True)
    window.set_star(second.id, True)
    assert agenda_text(window, first.id).count("clashes with") == 1
    window.set_star(third.id, True)  # two clashes each: both named
    text = agenda_text(window, first.id)
    assert text.count("⚠ clashes with 09:00") == 2 and "more" not in text
    for n in (4, 5):
        window.set_star(event(window, f"Oral {n}").id, True)
    text = agenda_text(window, first.id)  # four clashes: one line
    assert text.count("clashes with") == 1
    assert text.endswith(f"⚠ clashes with 09:00 {event_summary(second)} and 3 more starred talks")
    window.select_event(first.id)
    assert window.detail.browser.toPlainText().count("Clashes with") == 4  # the pane names every one


def test_touching_events_do_not_clash(window: MainWindow, tmp_path: Path) -> None:
    assert window.import_files([str(write_tiny(tmp_path))])
    oral3, poster4 = event(window, "Oral 3"), event(window, "Poster 4")  # 10:00-10:30, 10:30-11:30
    window.set_star(oral3.id, True)
    window.set_star(poster4.id, True)
    assert window.clashes == {}
    assert "clashes" not in window.statusBar().currentMessage()


# -- time zones ------------------------------------------------------------------------


def test_display_zone_moves_every_time_and_the_days(
    open_window, window: MainWindow, settings: QSettings, library: Library, fixed_now: datetime
) -> None:
    oral1 = event(window, "Oral 1")  # 18:00 PST = 03:00 the next day in Berlin
    window.set_star(oral1.id, True)
    window.select_event(oral1.id)
    assert "18:00 to 18:15" in index_of(window, "Oral 1").data(DISPLAY)
    assert window.zone_label.text() == "Conference time, UTC-08:00"
    assert window.zone_actions["conference"].isChecked()

    window.set_display_zone("Europe/Berlin")
    # The session's evening is the next night in Berlin: its own day, no "+1 day" to read.
    assert window.day_list == [date(2020, 12, 11)] and window.day_tabs.count() == 1
    assert window.day_tabs.tabText(0) == "Fri 11 Dec"
    assert "03:00 to 03:15" in index_of(window, "Oral 1").data(DISPLAY)
    assert "+1 day" not in index_of(window, "Oral 1").data(DISPLAY)
    assert "Fri 11 Dec, 03:00" in index_of(window, "Oral 1").data(Qt.ItemDataRole.ToolTipRole)
    assert agenda_text(window, oral1.id).startswith("03:00  Oral 1")
    assert window.zone_label.text() == "Times in Europe/Berlin, UTC+01:00"
    assert "03:00–03:15 UTC+01:00 (Europe/Berlin)" in window.detail.browser.toPlainText()
    assert "18:00–18:15 UTC-08:00 (conference time)" in window.detail.browser.toPlainText()
    assert current_id(window) == oral1.id  # the selection survives the switch
    assert window.other_zone_action.isChecked() and "Europe/Berlin" in window.other_zone_action.text()
    assert settings.value("displayZone") == "Europe/Berlin"
    window.timeline.grab()

    # Remembered: the next window opens in Berlin time.
    window.close()
    again = open_window(library, settings, fixed_now)
    assert again.display_zone_name == "Europe/Berlin"
    assert again.day_list == [date(2020, 12, 11)]
    assert "03:00 to 03:15" in again.model.index_of(oral1.id).data(DISPLAY)

    again.set_display_zone("conference")
    assert "18:00 to 18:15" in again.model.index_of(oral1.id).data(DISPLAY)
    assert "+1 day" not in again.model.index_of(oral1.id).data(DISPLAY)
    assert again.day_list == [date(2020, 12, 10)]
    assert again.zone_actions["conference"].isChecked()
    assert again.other_zone_action.text() == "&Other Zone…"


def test_an_earlier_zone_moves_talks_to_the_evening_before(window: MainWindow, tmp_path: Path) -> None:
    assert window.import_files([str(write_tiny(tmp_path))])
    window.set_display_zone("Pacific/Honolulu")  # 09:00 +02:00 is 21:00 the evening before
    assert [window.day_tabs.tabText(i) for i in range(window.day_tabs.count())] == ["Sun 02 Jun", "Mon 03 Jun"]
    assert window.current_day == window.day_list[0]  # the talks that were on screen still are
    assert "21:00 to 21:30" in index_of(window, "Oral 1").data(DISPLAY)
    assert "day)" not in index_of(window, "Oral 1").data(DISPLAY)
    assert day_shift(datetime(2024, 6, 5, 1, tzinfo=timezone.utc), date(2024, 6, 3)) == "+2 days"
    assert day_shift(datetime(2024, 6, 3, 1, tzinfo=timezone.utc), date(2024, 6, 3)) == ""


def test_this_computers_zone(window: MainWindow, computer_in_kolkata: None) -> None:
    window.zone_actions["local"].trigger()
    assert window.display_zone_name == "local"
    assert "07:30 to 07:45" in index_of(window, "Oral 1").data(DISPLAY)  # 18:00 PST in India
    assert window.day_tabs.tabText(0) == "Fri 11 Dec"
    assert window.zone_label.text() == "Times in your time, UTC+05:30"


def test_other_zone_is_chosen_in_the_zone_dialog(monkeypatch: pytest.MonkeyPatch, window: MainWindow) -> None:
    # The dialog itself (completion, typos kept open) is tested in tests/ui/test_dialogs.py.
    asked: list[str] = []

    def choose(parent: object, current: str) -> str | None:
        asked.append(current)
        return "Asia/Tokyo"

    monkeypatch.setattr(dialogs, "pick_zone", choose)
    window.other_zone_action.trigger()
    assert asked == ["conference"]  # told the zone shown now
    assert window.display_zone_name == "Asia/Tokyo"
    assert "11:00 to 11:15" in index_of(window, "Oral 1").data(DISPLAY)
    assert "day)" not in index_of(window, "Oral 1").data(DISPLAY)

    monkeypatch.setattr(dialogs, "pick_zone", lambda parent, current: None)  # cancelled
    window.other_zone_action.trigger()
    assert window.display_zone_name == "Asia/Tokyo"
    assert window.other_zone_action.isChecked()

    window.zone_actions["conference"].trigger()
    window.other_zone_action.trigger()  # cancelled again: conference time stays ticked
    assert window.zone_actions["conference"].isChecked() and not window.other_zone_action.isChecked()


def test_unknown_zone_warns_and_changes_nothing(monkeypatch: pytest.MonkeyPatch, window: MainWindow) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    window.set_display_zone("Mars/Olympus")
    assert len(warnings) == 1 and "Mars/Olympus" in warnings[0]
    assert window.display_zone_name == "conference"
    assert "18:00 to 18:15" in index_of(window, "Oral 1").data(DISPLAY)


def test_exports_do_not_follow_the_display_zone(
    window: MainWindow, tmp_path: Path, save_as, library: Library  # type: ignore[no-untyped-def]
) -> None:
    oral1 = event(window, "Oral 1")
    window.set_star(oral1.id, True)
    window.set_display_zone("Asia/Tokyo")
    save_as(tmp_path / "agenda.md", "Markdown (*.md)")
    window.export_agenda()
    md = (tmp_path / "agenda.md").read_text(encoding="utf-8")
    assert "## Thursday 10 December 2020" in md
    assert "### 18:00–18:15 UTC-08:00 · Oral 1" in md
    assert "11:00" not in md and "Friday" not in md
    save_as(tmp_path / "agenda.ics")
    window.export_agenda()
    (vevent,) = Calendar.from_ical((tmp_path / "agenda.ics").read_bytes()).walk("VEVENT")
    assert vevent["DTSTART"].dt == datetime(2020, 12, 11, 2, 0, tzinfo=timezone.utc)


# -- reminders -------------------------------------------------------------------------


def talk_at(start: datetime, event_id: str = "t1") -> Event:
    return Event(id=event_id, kind=Kind.ORAL, number=1, title="Reminded talk", authors=(), abstract="",
                 start=start, end=start + timedelta(minutes=15), session="S", room="Hall A")


def test_reminder_clock_fires_once_within_the_lead(qtbot) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2024, 6, 3, 10, 0, tzinfo=timezone.utc)
    moment = [start - timedelta(minutes=11)]
    clock = ReminderClock(now=lambda: moment[0], interval_ms=3_600_000)
    talk = talk_at(start)
    clock.set_events([talk])
    assert clock.lead_minutes == 10
    with qtbot.assertNotEmitted(clock.due):
        assert clock.check() == []
    moment[0] = start - timedelta(minutes=10)
    with qtbot.waitSignal(clock.due) as blocker:
        assert clock.check() == [talk]
    assert blocker.args == [talk]
    moment[0] = start - timedelta(minutes=2)
    with qtbot.assertNotEmitted(clock.due):
        assert clock.check() == []  # once per event
    # Moved later by the organisers: it reminds again at the new time.
    moved = talk_at(start + timedelta(minutes=30))
    clock.set_events([moved])
    moment[0] = start + timedelta(minutes=25)
    assert clock.check() == [moved]
    # Not once it has started, and never with reminders off.
    late = talk_at(start, "t2")
    clock.set_events([late])
    moment[0] = start
    assert clock.check() == []
    clock.lead_minutes = 0
    moment[0] = start - timedelta(minutes=1)
    assert clock.check() == []


def test_reminder_clock_checks_on_its_own(qtbot) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2024, 6, 3, 10, 0, tzinfo=timezone.utc)
    clock = ReminderClock(now=lambda: start - timedelta(minutes=5), interval_ms=20)
    clock.set_events([talk_at(start)])
    with qtbot.waitSignal(clock.due, timeout=5000) as blocker:
        pass
    assert blocker.args[0].id == "t1"


def test_window_reminds_before_a_starred_event(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow
) -> None:
    shown: list[str] = []
    if window.tray is not None:
        monkeypatch.setattr(window.tray, "showMessage", lambda title, text, *a: shown.append(text))
    spot8 = event(window, "Spotlight 8")  # 19:30; the clock says 19:25
    spot12 = event(window, "Spotlight 12")  # 20:10: not yet
    assert window.reminders.check() == []  # nothing starred
    window.set_star(spot8.id, True)
    window.set_star(spot12.id, True)
    assert [e.id for e in window.reminders.check()] == [spot8.id]
    assert window.banner.isVisible()
    assert window.banner.text() == f"Reminder: In 5 min (19:30): {event_summary(spot8)}"
    if window.tray is not None:
        assert shown == [window.banner.text().removeprefix("Reminder: ")]
    # In the display zone too.
    window.set_display_zone("Europe/Berlin")
    window.notify(spot12)
    assert window.banner.text().startswith("Reminder: In 45 min (05:10): Spotlight 12")


# The offscreen platform has no tray of its own to connect to.
@pytest.mark.qt_log_ignore("QObject::connect: No such signal QPlatformNativeInterface::systemTrayWindowChanged")
def test_the_tray_icon_comes_after_the_first_paint(monkeypatch: pytest.MonkeyPatch, window: MainWindow) -> None:
    """Asking the desktop for a tray costs milliseconds the first paint does not need:
    the window is built without it, and finish_start (run once it shows) adds the icon."""
    from PySide6.QtWidgets import QSystemTrayIcon  # the class whose answer the test decides

    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    give_windows_our_icon()  # as app.run does at the first paint
    assert window.tray is None
    window.finish_start()
    assert window.tray is not None and window.tray.isVisible()
    assert window.tray.toolTip() == "Planner"
    window.finish_start()  # only one icon, however often it runs
    assert len(window.findChildren(QSystemTrayIcon)) == 1


def test_reminders_cover_starred_events_of_other_schedules(window: MainWindow, tmp_path: Path) -> None:
    spot8 = event(window, "Spotlight 8")
    window.set_star(spot8.id, True)
    assert window.import_files([str(write_tiny(tmp_path))])  # now showing another conference
    assert window.days.event(spot8.id) is None
    assert [e.id for e in window.reminders.check()] == [spot8.id]


def test_reminder_lead_is_a_setting_and_goes_into_exports(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow, settings: QSettings, tmp_path: Path, save_as  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a: (25, True))
    window.reminder_action.trigger()
    assert window.reminders.lead_minutes == 25
    assert settings.value("reminderMinutes", type=int) == 25
    window.set_star(event(window, "Oral 2").id, True)
    save_as(tmp_path / "agenda.ics")
    window.export_agenda()
    (vevent,) = Calendar.from_ical((tmp_path / "agenda.ics").read_bytes()).walk("VEVENT")
    (alarm,) = vevent.walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(minutes=-25) and str(alarm["ACTION"]) == "DISPLAY"

    monkeypatch.setattr(QInputDialog, "getInt", lambda *a: (0, True))
    window.reminder_action.trigger()
    assert window.statusBar().currentMessage() == "Reminders off"
    window.export_agenda()
    (vevent,) = Calendar.from_ical((tmp_path / "agenda.ics").read_bytes()).walk("VEVENT")
    assert vevent.walk("VALARM") == []


# -- notes -----------------------------------------------------------------------------


def test_note_is_saved_as_you_type_and_shown_and_found(qtbot, window: MainWindow, library: Library) -> None:
    oral1, oral2 = event(window, "Oral 1"), event(window, "Oral 2")
    window.set_star(oral1.id, True)
    window.select_event(oral1.id)
    window.detail.note.setFocus()
    with qtbot.waitSignal(window.detail.noteEdited, timeout=5000) as blocker:
        qtbot.keyClicks(window.detail.note, "Zanzibar question")
    assert blocker.args == [oral1.id, "Zanzibar question"]
    assert library.note(oral1.id) == "Zanzibar question"
    with Library(library.path) as other:  # what another process reads from the file
        assert other.note(oral1.id) == "Zanzibar question"
    assert "✎ Zanzibar question" in agenda_text(window, oral1.id)

    window.search.setText("zanzibar")
    assert index_of(window, "Oral 1").data(Roles.MATCHES) is True
    assert index_of(window, "Oral 2").data(Roles.MATCHES) is False
    window.search.clear()

    window.select_event(oral2.id)
    assert window.detail.note.toPlainText() == ""
    window.select_event(oral1.id)
    assert window.detail.note.toPlainText() == "Zanzibar question"


def test_switching_events_saves_a_pending_note_at_once(qtbot, window: MainWindow, library: Library) -> None:
    oral1, oral2 = event(window, "Oral 1"), event(window, "Oral 2")
    window.select_event(oral1.id)
    qtbot.keyClicks(window.detail.note, "first")
    window.select_event(oral2.id)  # no waiting for the debounce
    assert library.note(oral1.id) == "first"
    assert library.note(oral2.id) == ""


def test_pending_note_survives_a_zone_change_and_now(qtbot, window: MainWindow, library: Library) -> None:
    spot7 = event(window, "Spotlight 7")  # on at the window's clock, so Now selects it again
    window.select_event(spot7.id)
    qtbot.keyClicks(window.detail.note, "keep me")
    window.set_display_zone("Europe/Berlin")
    assert library.note(spot7.id) == "keep me"
    assert window.detail.note.toPlainText() == "keep me"
    window.detail.note.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(window.detail.note, " and me")
    window.go_now()
    assert current_id(window) == spot7.id
    assert library.note(spot7.id) == "keep me and me"
    assert window.detail.note.toPlainText() == "keep me and me"


def test_note_is_flushed_on_close(qtbot, window: MainWindow, db_path: Path) -> None:
    oral3 = event(window, "Oral 3")
    window.select_event(oral3.id)
    qtbot.keyClicks(window.detail.note, "typed just before quitting")
    window.close()
    with Library(db_path) as other:
        assert other.note(oral3.id) == "typed just before quitting"


# -- agenda documents, printing, calendar updates ----------------------------------------


def test_export_dialog_filters_pick_the_format(
    window: MainWindow, tmp_path: Path, save_as, library: Library, qtbot  # type: ignore[no-untyped-def]
) -> None:
    oral1 = event(window, "Oral 1")
    window.set_star(oral1.id, True)
    library.set_note(oral1.id, "Bring the batch-norm question")

    save_as(tmp_path / "agenda", "Markdown (*.md)")  # no suffix typed: the filter decides
    window.export_agenda()
    md = (tmp_path / "agenda.md").read_text(encoding="utf-8")
    assert md.startswith("# My agenda — Orals & Spotlights Track 34: Deep Learning")
    assert "Oral 1: Is normalization" in md and "> **My note:** Bring the batch-norm question" in md
    assert window.statusBar().currentMessage() == f"Exported 1 event to {tmp_path / 'agenda.md'}"

    save_as(tmp_path / "printable", "PDF (*.pdf)")
    window.export_agenda()
    assert (tmp_path / "printable.pdf").read_bytes().startswith(b"%PDF-")

    save_as(tmp_path / "cal.ics", "Markdown (*.md)")  # a typed suffix wins over the filter
    window.export_agenda()
    assert Calendar.from_ical((tmp_path / "cal.ics").read_bytes()).walk("VEVENT")
    assert not (tmp_path / "cal.ics.md").exists()

    save_as("", "")  # cancelled
    before = sorted(p.name for p in tmp_path.iterdir())
    window.export_agenda()
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_window_exports_update_the_same_calendar_entries(
    window: MainWindow, tmp_path: Path, save_as, library: Library  # type: ignore[no-untyped-def]
) -> None:
    oral1, oral2 = event(window, "Oral 1"), event(window, "Oral 2")
    window.set_star(oral1.id, True)
    window.set_star(oral2.id, True)
    save_as(tmp_path / "agenda.ics")
    window.export_agenda()
    first = {str(v["UID"]): int(v["SEQUENCE"]) for v in Calendar.from_ical((tmp_path / "agenda.ics").read_bytes()).walk("VEVENT")}
    assert sorted(first.values()) == [0, 0]
    window.set_star(oral2.id, False)
    window.export_agenda()
    assert "(1 cancelled since the last export)" in window.statusBar().currentMessage()
    second = {str(v["UID"]): (int(v["SEQUENCE"]), str(v["STATUS"]))
              for v in Calendar.from_ical((tmp_path / "agenda.ics").read_bytes()).walk("VEVENT")}
    assert second == {f"{oral1.id}@planner.invalid": (0, "CONFIRMED"), f"{oral2.id}@planner.invalid": (1, "CANCELLED")}


def test_print_my_agenda(monkeypatch: pytest.MonkeyPatch, window: MainWindow, library: Library) -> None:
    printed: list[str] = []

    def fake_print(html: str, parent: object = None) -> bool:
        printed.append(html)
        return True

    monkeypatch.setattr(planner.ui.widgets.printing, "print_html", fake_print)
    oral1, spot12 = event(window, "Oral 1"), event(window, "Spotlight 12")
    window.set_star(oral1.id, True)
    window.set_star(spot12.id, True)
    library.set_note(spot12.id, "Optimizer <people> meet here")
    window.set_display_zone("Asia/Tokyo")
    window.print_action.trigger()
    (html,) = printed
    assert html.index("Oral 1: Is normalization") < html.index("Spotlight 12: AdaBelief")
    assert "Optimizer &lt;people&gt; meet here" in html
    # Grouped by the conference's day, times as the window shows them.
    assert "Thursday 10 December 2020" in html and "Friday" not in html
    assert "11:00–11:15 <small>UTC+09:00</small> (+1 day) · Oral 1" in html
    assert "Understanding Approximate Fisher" not in html
    assert window.statusBar().currentMessage() == "Printed 2 events"

    monkeypatch.setattr(planner.ui.widgets.printing, "print_html", lambda html, parent=None: False)  # cancelled
    window.statusBar().clearMessage()
    window.print_action.trigger()
    assert window.statusBar().currentMessage() == ""


def test_print_dialog_prints_to_the_chosen_printer(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow, tmp_path: Path
) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    out = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFileName(str(out))  # what choosing "Print to file" does
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    window.set_star(event(window, "Oral 1").id, True)
    window.print_action.trigger()
    assert out.read_bytes().startswith(b"%PDF-")
    assert window.statusBar().currentMessage() == "Printed 1 event"


# -- now and next ------------------------------------------------------------------------


def test_now_scrolls_to_the_time_selects_and_says_what_is_on(qtbot, window: MainWindow, fixed_now: datetime) -> None:
    spot7, spot12 = event(window, "Spotlight 7"), event(window, "Spotlight 12")  # 19:20-19:30, 20:10
    window.set_star(spot12.id, True)
    window.timeline.set_zoom(12.0)  # a long day: the clock's time is far below the top
    window.timeline.verticalScrollBar().setValue(0)
    assert not 0 <= window.timeline.y_for(fixed_now) <= window.timeline.viewport().height()
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_N)
    assert 0 <= window.timeline.y_for(fixed_now) <= window.timeline.viewport().height()
    assert current_id(window) == spot7.id
    text = window.banner.text()
    assert window.banner.isVisible() and window.statusBar().currentMessage() == text
    now_part, next_part = text.split("Next: ")
    assert now_part.startswith(f"Now: {event_summary(spot7)}")
    assert next_part.startswith(f"★ Thu 20:10 {event_summary(spot12)}; Thu 19:30 Spotlight 8")


def test_now_before_the_session_selects_what_is_next(
    open_window, library: Library, settings: QSettings, fixed_now: datetime
) -> None:
    window = open_window(library, settings, datetime(2020, 12, 10, 17, 50, tzinfo=PST))
    window.now_action.trigger()
    assert window.banner.text().startswith("Next: Thu 18:00 Oral 1: Is normalization")
    assert current_id(window) == event(window, "Oral 1").id


def test_now_days_before_the_conference_goes_to_the_first_event(
    open_window, library: Library, settings: QSettings, tmp_path: Path
) -> None:
    window = open_window(library, settings, datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc))
    assert window.import_files([str(write_tiny(tmp_path))])
    window.step_day(1)  # looking at day two
    window.now_action.trigger()
    assert window.current_day == date(2024, 6, 3)
    assert current_id(window) in {event(window, "Oral 1").id, event(window, "Spotlight 2").id}


def test_now_after_the_conference_says_so(
    open_window, library: Library, settings: QSettings
) -> None:
    window = open_window(library, settings, datetime(2021, 1, 1, tzinfo=timezone.utc))
    window.now_action.trigger()
    assert window.banner.text() == "Nothing on now or later in this schedule."


# -- more like this --------------------------------------------------------------------------


def test_more_like_this_fills_on_selection_and_activates(qtbot, window: MainWindow) -> None:
    oral1, oral2 = event(window, "Oral 1"), event(window, "Oral 2")
    breaks = {e.id for e in window.days.all() if not e.kind.is_talk}
    window.select_event(oral1.id)
    found = similar_ids(window)
    assert len(found) == 5 and oral1.id not in found and not set(found) & breaks
    assert found[0] == oral2.id
    assert window.detail.similar.isVisible()
    assert window.detail.similar.item(0).text() == f"18:15 · {event_summary(oral2)}"  # the same day: its time

    third = window.detail.similar.item(2)
    target = third.data(Qt.ItemDataRole.UserRole)
    rect = window.detail.similar.visualItemRect(third)
    qtbot.mouseClick(window.detail.similar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert current_id(window) == target
    assert target not in similar_ids(window) and len(similar_ids(window)) == 5

    window.select_event(event(window, "Break").id)
    assert window.detail.similar.count() == 0 and not window.detail.similar.isVisible()


def test_more_like_this_says_when_each_talk_is_in_the_display_zone(window: MainWindow) -> None:
    """The same title can run on several days (a conference's daily registration listed
    five times read the same, seen in linux.conf.au 2020): each line says when, in the one
    display zone, and follows a change of it."""
    oral1, oral2 = event(window, "Oral 1"), event(window, "Oral 2")
    window.select_event(oral1.id)
    line = window.detail.similar.item(0)
    assert line.data(Qt.ItemDataRole.UserRole) == oral2.id
    assert line.text() == f"18:15 · {event_summary(oral2)}"  # conference time, UTC-8, the shown talk's day
    assert "Thu 10 Dec, 18:15–18:30<br>" in line.toolTip()
    window.set_display_zone("Asia/Tokyo")
    line = window.detail.similar.item(0)
    assert line.text() == f"11:15 · {event_summary(oral2)}"  # 02:15 UTC: Friday morning in Tokyo, as Oral 1
    assert "Fri 11 Dec, 11:15–11:30<br>" in line.toolTip()
    window.set_display_zone("conference")
    assert window.detail.similar.item(0).text().startswith("18:15 · ")


def test_more_like_this_shows_a_moved_talk_at_its_new_time_and_goes_with_the_schedule(
    window: MainWindow, tmp_path: Path
) -> None:
    from .helpers import session_page

    def page(second_day_start: str, second_day_end: str) -> str:
        return session_page("Bayes Day", [
            ("2024-06-03T09:00:00+02:00", "2024-06-03T09:30:00+02:00", "1 - Oral: Bayesian deep learning, part one",
             "Ada Lovelace", "Variational inference for Bayesian deep networks."),
            ("2024-06-03T10:00:00+02:00", "2024-06-03T10:30:00+02:00", "2 - Oral: Compilers", "Grace Hopper",
             "Parsing and code generation."),
            (second_day_start, second_day_end, "3 - Oral: Bayesian deep learning, part two", "Ada Lovelace",
             "More variational inference for Bayesian deep networks."),
        ])

    bundled = window.schedule_key
    path = tmp_path / "bayes.txt"
    path.write_text(page("2024-06-04T10:00:00+02:00", "2024-06-04T10:30:00+02:00"), encoding="utf-8")
    assert window.import_files([str(path)])
    one, two = event(window, "Oral 1"), event(window, "Oral 3")
    window.select_event(one.id)
    line = window.detail.similar.item(0)
    assert line.data(Qt.ItemDataRole.UserRole) == two.id
    assert line.text() == f"Tue 04 Jun 10:00 · {event_summary(two)}"
    path.write_text(page("2024-06-05T14:00:00+02:00", "2024-06-05T14:30:00+02:00"), encoding="utf-8")
    assert window.import_files([str(path)])  # an update: part two moved to the next day
    assert window.current_event() is not None and window.current_event().id == one.id
    assert window.detail.similar.item(0).text() == f"Wed 05 Jun 14:00 · {event_summary(two)}"
    window.schedule_box.chosen.emit(bundled)  # another schedule: the pane and its list are left
    assert window.detail.current is None and not window.detail.similar.isVisible()
    window.select_event(event(window, "Oral 1").id)
    assert window.detail.similar.item(0).text().startswith("18:15 · ")


def test_more_like_this_for_big_schedules_is_built_in_the_background(
    qtbot, open_window, monkeypatch: pytest.MonkeyPatch, library: Library, settings: QSettings, fixed_now: datetime
) -> None:
    monkeypatch.setattr(similar_module, "SYNC_SIMILAR_LIMIT", 0)
    window = open_window(library, settings, fixed_now)
    oral1 = event(window, "Oral 1")
    window.select_event(oral1.id)
    qtbot.waitUntil(lambda: window.detail.similar.count() == 5, timeout=10_000)
    assert similar_ids(window)[0] == event(window, "Oral 2").id


def test_clash_flag_stays_readable_on_narrow_cards(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow, tmp_path: Path
) -> None:
    from PySide6.QtGui import QPainter

    assert window.import_files([str(write_tiny(tmp_path))])
    for heading in ("Oral 1", "Spotlight 2"):  # side by side, so each card is half as wide
        window.set_star(event(window, heading).id, True)
    window.set_display_zone("Pacific/Honolulu")  # the evening before: still side by side
    drawn: list[str] = []
    original = QPainter.drawText

    def recording(painter: QPainter, *args: object) -> None:
        drawn.extend(a for a in args if isinstance(a, str))
        original(painter, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(QPainter, "drawText", recording)
    window.timeline.grab()
    monkeypatch.undo()
    assert drawn.count("⚠ CLASH") == 2, [t for t in drawn if "CLA" in t or "…" in t]


def test_more_like_this_says_it_is_finding_while_the_index_builds(
    qtbot, open_window, monkeypatch: pytest.MonkeyPatch, library: Library, settings: QSettings, fixed_now: datetime
) -> None:
    from planner.ui.widgets.detail import SIMILAR_LABEL, SIMILAR_PENDING

    monkeypatch.setattr(similar_module, "SYNC_SIMILAR_LIMIT", 0)
    window = open_window(library, settings, fixed_now)
    window.select_event(event(window, "Oral 1").id)
    # Until the child's index is delivered (by the event loop, so not before this line):
    assert window.detail.similar_label.text() == SIMILAR_PENDING and window.detail.similar_label.isVisible()
    assert not window.detail.similar.isVisible()
    qtbot.waitUntil(lambda: window.detail.similar.count() == 5, timeout=10_000)
    assert window.detail.similar_label.text() == SIMILAR_LABEL and window.detail.similar.isVisible()


def test_more_like_this_that_cannot_be_built_shows_nothing_and_is_not_retried(
    qtbot, open_window, monkeypatch: pytest.MonkeyPatch, library: Library, settings: QSettings, fixed_now: datetime
) -> None:
    from planner.services import child_jobs
    from planner.services.child_jobs import ChildJobError

    builds: list[str] = []

    def failing(path: object, key: str, **kwargs: object) -> object:
        builds.append(key)
        raise ChildJobError("similarity-index failed: database disk image is malformed")

    monkeypatch.setattr(similar_module, "SYNC_SIMILAR_LIMIT", 0)
    monkeypatch.setattr(child_jobs, "similarity_index", failing)
    window = open_window(library, settings, fixed_now)
    window.select_event(event(window, "Oral 1").id)
    qtbot.waitUntil(lambda: not window.detail.similar_label.isVisible(), timeout=10_000)
    assert not window.detail.similar.isVisible() and window.detail.similar.count() == 0
    window.select_event(event(window, "Oral 2").id)
    assert not window.detail.similar_label.isVisible()
    assert len(builds) == 1


def test_a_schedule_switch_stops_the_index_build_of_the_schedule_left(
    qtbot, open_window, monkeypatch: pytest.MonkeyPatch, library: Library, settings: QSettings, fixed_now: datetime,
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    from planner.services import child_jobs
    from planner.services.child_jobs import ChildJobStopped
    from tests.conftest import SEED

    other = tmp_path / "track99.txt"
    other.write_bytes(SEED.read_bytes().replace(b"Track 34: Deep Learning", b"Track 99: Switched To"))
    first_key = library.schedules()[0].key
    slow: list[subprocess.Popen[bytes]] = []
    real = child_jobs.similarity_index

    def slow_for_the_first(path: Path, key: str, *, started: Callable[..., None]) -> object:
        if key != first_key:
            return real(path, key, started=started)
        # The first schedule's child takes 30 s: only a kill ends it in time.
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        slow.append(child)
        started(child)
        if child.wait() < 0:
            raise ChildJobStopped("similarity-index was stopped")
        return real(path, key, started=started)

    monkeypatch.setattr(similar_module, "SYNC_SIMILAR_LIMIT", 0)
    monkeypatch.setattr(child_jobs, "similarity_index", slow_for_the_first)
    window = open_window(library, settings, fixed_now)
    window.select_event(event(window, "Oral 1").id)  # the first schedule's build starts
    qtbot.waitUntil(lambda: bool(slow), timeout=10_000)
    assert window.import_files([str(other)]) and "Track 99" in window.windowTitle()
    window.select_event(event(window, "Oral 1").id)
    qtbot.waitUntil(lambda: window.detail.similar.count() == 5, timeout=15_000)
    assert slow[0].poll() is not None and slow[0].returncode < 0  # killed, not waited for
    shown_keys = {e.schedule for e in window.days.many(similar_ids(window))}
    assert shown_keys == {window.schedule_key}  # the list of the schedule on screen


def test_closing_the_window_stops_an_index_build(
    qtbot, open_window, monkeypatch: pytest.MonkeyPatch, library: Library, settings: QSettings, fixed_now: datetime,
) -> None:
    import subprocess
    import sys

    from planner.services import child_jobs
    from planner.services.child_jobs import ChildJobStopped

    slow: list[subprocess.Popen[bytes]] = []

    def slow_build(path: Path, key: str, *, started: Callable[..., None]) -> object:
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        slow.append(child)
        started(child)
        child.wait()
        raise ChildJobStopped("similarity-index was stopped")

    monkeypatch.setattr(similar_module, "SYNC_SIMILAR_LIMIT", 0)
    monkeypatch.setattr(child_jobs, "similarity_index", slow_build)
    window = open_window(library, settings, fixed_now)
    window.select_event(event(window, "Oral 1").id)
    qtbot.waitUntil(lambda: bool(slow), timeout=10_000)
    window.close()
    assert slow[0].wait(10) < 0  # killed at once, not left to run after the window


def test_a_break_neither_waits_for_more_like_this_nor_starts_its_index(
    qtbot, open_window, monkeypatch: pytest.MonkeyPatch, library: Library, settings: QSettings, fixed_now: datetime,
) -> None:
    monkeypatch.setattr(similar_module, "SYNC_SIMILAR_LIMIT", 0)
    window = open_window(library, settings, fixed_now)
    window.select_event(event(window, "Break").id)
    assert window.similar.build is None  # nothing to be like: no index built for it
    assert window.detail._similar is None or not window.detail.similar_label.isVisible()
