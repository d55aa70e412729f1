"""The room choice in the window: one room alone, folding under a search with the
selection kept, a search result in a hidden room shows the room, remembered per schedule,
and the status bar says when rooms are left out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from planner.ui.main_window import MainWindow

from .test_timeline_scrolling import ROOMS, open_calendar, row_of


def test_choosing_a_room_in_the_window(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path, open_window, library, settings: QSettings, fixed_now) -> None:
    open_calendar(window, tmp_path, [(f"20250329T{9 + n % 4:02d}00", f"20250329T{10 + n % 4:02d}00", room,
                                      f"Talk in {room}") for n, room in enumerate(ROOMS)])
    assert sorted(window.timeline._rooms) == ROOMS
    window.rooms.only("Room 03")
    assert window.timeline._rooms == ["Room 03"] and window.model.rowCount() == 1
    assert window.filter_bar.room_button.text().startswith("Room 03")
    window.rooms.show_all()
    window.timeline.setCurrentIndex(window.model.index(row_of(window, "Talk in Room 05"), 0))
    window.search.setText("Room 05")
    assert window.timeline._rooms == ["Room 05"]
    assert window.current_event() is not None and window.current_event().title == "Talk in Room 05"
    window.search.setText("")
    assert sorted(window.timeline._rooms) == ROOMS
    assert window.current_event().title == "Talk in Room 05"
    window.rooms.set_shown("Room 07", False)
    window.search.setText("Talk in Room 07")
    window.finder.choose()
    assert "Room 07" in window.timeline._rooms and window.current_event().title == "Talk in Room 07"
    window.save_settings()
    window.close()
    again = open_window(library, settings, fixed_now)
    assert again.rooms.value == window.rooms.value


def test_the_status_bar_says_rooms_are_left_out(qtbot, window: MainWindow, tmp_path: Path) -> None:
    open_calendar(window, tmp_path, [(f"20250329T{9 + n % 4:02d}00", f"20250329T{10 + n % 4:02d}00", room,
                                      f"Talk in {room}") for n, room in enumerate(ROOMS)])
    rooms = window.rooms.rooms
    assert len(rooms) > 1 and "shown" not in window.count_label.text()
    window.rooms.only(rooms[0])
    assert window.count_label.text().startswith(f"{rooms[0]} shown · ")


def test_a_day_empty_in_the_chosen_rooms_says_so(window: MainWindow, tmp_path: Path) -> None:
    from planner.ui.widgets.models import empty_text

    open_calendar(window, tmp_path, [("20250329T0900", "20250329T1000", "Hall A", "Saturday in A"),
                                     ("20250330T0900", "20250330T1000", "Hall B", "Sunday in B")])
    window.rooms.only("Hall B")
    window.show_day(window.day_list[0])  # Saturday: nothing in Hall B
    assert window.model.rowCount() == 0
    assert "chosen rooms" in empty_text(window.model)
    window.rooms.show_all()
    assert window.model.rowCount() == 1 and "Open a schedule" in empty_text(window.model.__class__())
