"""The toolbar's conference switcher shows both ends of a long title."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from planner.store import ScheduleInfo
from planner.ui.schedule_box import ScheduleBox


def info(key: str, title: str) -> ScheduleInfo:
    return ScheduleInfo(key=key, title=title, source="", format="frab-json", timezone="Europe/Berlin", url="",
                        imported_at="", event_count=1)


def test_two_editions_of_a_long_title_read_apart_in_the_closed_box(qtbot: QtBot) -> None:
    box = ScheduleBox()
    qtbot.addWidget(box)
    editions = [info("camp2019", "Chaos Communication Camp 2019"), info("camp2023", "Chaos Communication Camp 2023")]
    box.show_schedules(editions, "camp2019")
    box.elide_middle()  # as the window does once its first paint is on screen
    box.show()
    qtbot.waitExposed(box)
    narrow = box.fontMetrics().horizontalAdvance("Chaos Communication")
    shown = box.shown_title(narrow)
    assert shown.endswith("2019") and shown.startswith("Chaos") and "\u2026" in shown
    box.show_schedules(editions, "camp2023")
    assert box.shown_title(narrow).endswith("2023")
    assert box.shown_title(box.fontMetrics().horizontalAdvance("Chaos Communication Camp 2023") + 4) == (
        "Chaos Communication Camp 2023")  # whole where it fits
    # The box paints through shown_title, in the width the style gives its text (and the
    # window lets it, tests/ui/test_start_cost.py).
    widths: list[int] = []
    whole = box.shown_title
    box.shown_title = lambda width: widths.append(width) or whole(width)  # type: ignore[method-assign]
    image = QImage(box.size(), QImage.Format.Format_ARGB32)
    box.render(image)
    assert widths and 0 < widths[0] < box.width()
    assert box.currentText() == "Chaos Communication Camp 2023"  # what a screen reader reads: all of it


def test_the_window_lets_the_box_leave_out_the_middle_once_it_is_on_screen(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from planner.store import Library
    from planner.ui.main_window import MainWindow

    with Library(tmp_path / "library.sqlite3") as library:
        window = MainWindow(library, settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        widths: list[int] = []
        whole = window.schedule_box.shown_title
        window.schedule_box.shown_title = lambda width: widths.append(width) or whole(width)  # type: ignore[method-assign]
        image = QImage(window.schedule_box.size(), QImage.Format.Format_ARGB32)
        window.schedule_box.render(image)
        assert widths == []  # Qt's own painting for the first paint
        window.finish_start()
        window.schedule_box.render(image)
        assert widths
        window.close()


LONG_TITLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>Chaos Communication Camp 2019 and a Long Subtitle</title></conference>
  <day index="1" date="2019-08-21">
    <room name="Curie">
      <event id="1"><date>2019-08-21T11:00:00+02:00</date><start>11:00</start><duration>00:30</duration>
        <room>Curie</room><title>Opening</title><type>lecture</type><track>Ceremonies</track></event>
    </room>
  </day>
</schedule>
"""


def test_the_box_takes_the_toolbar_s_room_and_gives_it_back(window, tmp_path: Path, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    """Wide enough for a long title where the toolbar has room; at 1024 px it shrinks
    rather than push Starred only and Export into the toolbar's overflow menu (at 700 px)."""
    from PySide6.QtWidgets import QToolButton

    path = tmp_path / "camp.xml"
    path.write_bytes(LONG_TITLE)
    assert window.import_files([str(path)])
    box = window.schedule_box
    widths = {}
    for width in (700, 1600):
        window.resize(width, 700)
        qtbot.waitUntil(lambda width=width: window.width() == width)
        window.toolbar.layout().activate()
        extension = window.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
        assert extension is None or not extension.isVisible(), width
        assert window.export_button.isVisible() and window.starred_only.isVisible()
        widths[width] = box.width()
    assert box.minimumSizeHint().width() <= widths[700] < widths[1600] == box.sizeHint().width()
    assert widths[1600] > box.fontMetrics().horizontalAdvance("Chaos Communication Camp")
