"""The day tabs, the cards, the ruler and My agenda read one display zone: after a zone
change a talk sits on the tab of its date in that zone, with no "(+1 day)" beside it.
(In the conference's own clock a day runs to 06:00, as its nights do; elsewhere days
change at midnight.)"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from planner.domain.model import Event
from planner.store import Library
from planner.ui.main_window import MainWindow
from planner.ui.widgets.models import Roles

ZONES = ("Asia/Tokyo", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago")


def shown_events(window: MainWindow) -> list[Event]:
    return [window.model.index(r, 0).data(Roles.EVENT) for r in range(window.model.rowCount())]


def spoken(window: MainWindow) -> list[str]:
    return [window.model.index(r, 0).data(Qt.ItemDataRole.AccessibleTextRole) for r in range(window.model.rowCount())]


def test_each_talk_is_on_the_tab_of_its_day_in_the_display_zone(window: MainWindow) -> None:
    every = {e.id for e in shown_events(window)}
    for name in ZONES:
        window.set_display_zone(name)
        seen = set()
        for day in window.day_list:
            window.show_day(day)
            assert window.day_tabs.tabText(window.day_tabs.currentIndex()) == f"{day:%a %d %b}"
            for event, text in zip(shown_events(window), spoken(window), strict=True):
                assert day == event.start.astimezone(ZoneInfo(name)).date(), (name, event.heading)
                assert "+1 day" not in text, (name, text)
                seen.add(event.id)
        assert seen == every  # none lost, none twice


def test_tokyo_reads_the_sessions_evening_as_the_next_morning(window: MainWindow) -> None:
    first = shown_events(window)[0]
    pacific_day = window.current_day
    window.set_display_zone("Asia/Tokyo")
    assert window.current_day == first.start.astimezone(ZoneInfo("Asia/Tokyo")).date()
    assert window.current_day != pacific_day  # the bundled session is an evening in California
    assert not any("+1 day" in text for text in spoken(window))


def test_the_agenda_groups_by_the_display_zones_days(window: MainWindow) -> None:
    first = shown_events(window)[0]
    window.set_star(first.id, True)
    window.set_display_zone("Asia/Tokyo")
    model = window.agenda.tree.model()
    heads = [model.index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())]
    tokyo = first.start.astimezone(ZoneInfo("Asia/Tokyo")).date()
    assert len(heads) == 1 and f"{tokyo:%d}" in heads[0], heads


def test_now_goes_to_the_tab_of_today_in_the_display_zone(open_window, library: Library, settings) -> None:  # type: ignore[no-untyped-def]
    first = library.events()[0]
    during = first.start + (first.end - first.start) / 2
    win = open_window(library, settings, during)
    win.set_display_zone("Asia/Tokyo")
    win.show_day(win.day_list[0])
    win.go_now()
    assert win.current_day == during.astimezone(ZoneInfo("Asia/Tokyo")).date()


OFFSETS_ONLY = """{"schedule": {"version": "1", "conference": {"acronym": "offconf", "title": "Offsets Only",
  "days": [
    {"index": 1, "date": "2024-10-26", "rooms": {"Saal": [{"guid": "o1", "id": 1,
      "date": "2024-10-26T10:00:00+02:00", "start": "10:00", "duration": "01:00", "title": "Saturday ten",
      "type": "talk", "room": "Saal"}]}},
    {"index": 2, "date": "2024-10-27", "rooms": {"Saal": [{"guid": "o2", "id": 2,
      "date": "2024-10-27T10:00:00+01:00", "start": "10:00", "duration": "01:00", "title": "Sunday ten",
      "type": "talk", "room": "Saal"}]}}
  ]}}}"""


def test_a_schedule_of_offsets_reads_each_day_on_the_offset_it_published(window: MainWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """frab JSON without time_zone_name over the night summer time ends: conference time
    read Sunday's 10:00+01:00 talk on Saturday's +02:00, as 11:00 to 12:00."""
    from datetime import date

    path = tmp_path / "offsets.json"
    path.write_text(OFFSETS_ONLY, encoding="utf-8")
    assert window.import_files([str(path)])
    window.set_display_zone("conference")
    for day, title in ((date(2024, 10, 26), "Saturday ten"), (date(2024, 10, 27), "Sunday ten")):
        window.show_day(day)
        (text,) = [t for t in spoken(window) if title in t]
        assert "10:00 to 11:00" in text, text
    assert window.day_bar.zone_label.text().endswith("UTC+01:00"), window.day_bar.zone_label.text()  # Sunday's offset
