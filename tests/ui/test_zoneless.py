"""A schedule published without any time zone is shown as printed, never converted."""

from __future__ import annotations

from pathlib import Path

from planner.ui.main_window import MainWindow

ZONELESS = b"""<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>Zoneless Fest</title><acronym>zf</acronym></conference>
  <day index="1" date="2010-02-06">
    <room name="Main">
      <event id="1"><start>10:00</start><duration>00:45</duration><room>Main</room>
        <title>Keynote without a zone</title><type>lecture</type></event>
    </room>
  </day>
</schedule>
"""


def test_wall_clock_times_are_shown_as_printed(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "zoneless.xml"
    path.write_bytes(ZONELESS)
    window.set_display_zone("Asia/Tokyo")  # a zone the times must not be converted to
    assert window.import_files([str(path)])
    assert window.zoneless
    event = window.days.all()[0]
    window.select_event(event.id)
    text = window.detail.browser.toPlainText()
    assert "10:00–10:45 (local time at the venue" in text
    assert "your time" not in text and "Asia/Tokyo" not in text
    assert "no time zone" in window.banner.text()
    assert "no time zone" in window.zone_label.text()


def test_a_zone_chosen_while_a_zoneless_schedule_is_shown_converts_nothing(window: MainWindow, tmp_path: Path) -> None:
    """The ruler, the card and the detail pane all read the venue's 10:00, zone change or not."""
    from planner.ui.widgets.models import Roles

    path = tmp_path / "zoneless.xml"
    path.write_bytes(ZONELESS)
    assert window.import_files([str(path)])
    for zone in ("America/New_York", "Asia/Tokyo", "conference"):
        window.set_display_zone(zone)
        view, index = window.timeline, window.model.index(0, 0)
        event = index.data(Roles.EVENT)
        view.scrollTo(index)
        # The card's top sits at the ruler's 10:00, and its text says 10:00.
        assert abs(view.visualRect(index).top() - view.y_for(event.start)) <= 1
        assert view._time_at(view.visualRect(index).top()).strftime("%H:%M") == "10:00", zone
        assert "10:00 to 10:45" in index.data(), (zone, index.data())


def test_the_no_zone_notice_goes_with_its_schedule(window: MainWindow, library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Switching to a schedule that has a zone takes the notice back; switching back says it again."""
    path = tmp_path / "zoneless.xml"
    path.write_bytes(ZONELESS)
    assert window.import_files([str(path)])
    zoneless_key = window.schedule_key
    assert window.banner.isVisible() and "no time zone" in window.banner.text()
    bundled = next(s.key for s in library.schedules() if s.key != zoneless_key)
    window.schedule_box.chosen.emit(bundled)  # as choosing it in the toolbar's box does
    assert window.schedule_key == bundled
    assert not window.banner.isVisible()
    window.schedule_box.chosen.emit(zoneless_key)
    assert window.banner.isVisible() and "no time zone" in window.banner.text()
    window.reload()  # a reload of the same schedule (a star elsewhere, an update) says nothing new
    assert window.banner.isVisible()


def test_the_attendee_can_say_where_a_zoneless_schedule_is(  # type: ignore[no-untyped-def]
        monkeypatch, window: MainWindow, open_window, library, settings, tmp_path: Path) -> None:
    """View > Time Zone > Schedule's Own Zone…: the times keep their clock reading, in that
    zone, for every view, after a restart too."""
    from planner.ui import dialogs

    assert not window.schedule_zone_action.isEnabled()  # the bundled session has its own zone
    path = tmp_path / "zoneless.xml"
    path.write_bytes(ZONELESS)
    assert window.import_files([str(path)])
    assert window.schedule_zone_action.isEnabled()
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "pick_schedule_zone",
                        lambda parent, title, current: asked.append((title, current)) or "Europe/Brussels")
    window.schedule_zone_action.trigger()
    # Asked for the schedule's place, nothing filled in: the computer's zone is no guess for it.
    assert asked == [(window.shown.info.title, "")]
    assert not window.zoneless
    assert "no time zone" not in window.zone_label.text() and not window.banner.isVisible()
    assert "Europe/Brussels" in window.statusBar().currentMessage()
    window.set_display_zone("Asia/Tokyo")  # 10:00 in Brussels (UTC+1 in February) is 18:00 in Tokyo
    assert "18:00 to 18:45" in window.model.index(0, 0).data()
    window.set_display_zone("conference")
    assert "10:00 to 10:45" in window.model.index(0, 0).data()
    key = window.schedule_key
    window.close()
    again = open_window(library, settings, None)
    again.reload(key)
    assert not again.zoneless and "10:00 to 10:45" in again.model.index(0, 0).data()
    assert again.schedule_zone_action.isEnabled()  # it can be set again


def test_a_wrong_zone_for_a_schedule_is_said_and_changes_nothing(  # type: ignore[no-untyped-def]
        monkeypatch, window: MainWindow, tmp_path: Path) -> None:
    from planner.ui import dialogs

    path = tmp_path / "zoneless.xml"
    path.write_bytes(ZONELESS)
    assert window.import_files([str(path)])
    warned: list[str] = []
    monkeypatch.setattr(dialogs, "pick_schedule_zone", lambda parent, title, current: "local")
    monkeypatch.setattr(dialogs, "warning", lambda parent, title, text: warned.append(text))
    window.schedule_zone_action.trigger()
    assert warned and "Europe/Brussels" in warned[0]
    assert window.zoneless


def test_now_on_a_zoneless_schedule_is_this_computer_s_clock(  # type: ignore[no-untyped-def]
        window: MainWindow, tmp_path: Path, computer_in_kolkata, qtbot) -> None:
    """The venue's 10:00 keynote is on at 10:20 on the attendee's clock (04:50 UTC here in
    Kolkata): N says so, the now line crosses its card, its reminder comes at 09:50."""
    from datetime import datetime, timedelta, timezone

    from PySide6.QtCore import Qt

    from tests.ui.test_timeline import red_rows

    path = tmp_path / "zoneless.xml"
    path.write_bytes(ZONELESS)
    assert window.import_files([str(path)])
    keynote = window.days.all()[0]
    here = timezone(timedelta(hours=5, minutes=30))
    window.timeline.now = lambda: datetime(2010, 2, 6, 10, 20, tzinfo=here).astimezone(timezone.utc)
    assert window.timeline.floating_clock
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_N)
    assert "Now: Talk: Keynote without a zone" in window.statusBar().currentMessage()
    card = window.timeline.visualRect(window.model.index_of(keynote.id))
    rows = red_rows(window.timeline)
    assert rows and all(card.top() < row < card.bottom() for row in rows)
    window.reminders.set_events([keynote])
    window.reminders.now = lambda: datetime(2010, 2, 6, 9, 45, tzinfo=here)
    assert window.reminders.check() == []  # 15 minutes before: not yet
    window.reminders.now = lambda: datetime(2010, 2, 6, 9, 52, tzinfo=here)
    assert window.reminders.check() == [keynote]
    # The instant 10:20 UTC is 15:50 here: the keynote is long over, no now line on its day.
    window.timeline.now = lambda: datetime(2010, 2, 6, 10, 20, tzinfo=timezone.utc)
    window.timeline.viewport().update()
    assert not any(card.top() < row < card.bottom() for row in red_rows(window.timeline))
