"""What the desktop sees: our own SVG icon, a .desktop file, and the card text helpers."""

from __future__ import annotations

import configparser

from PySide6.QtGui import QPalette

from planner.domain.model import Kind
from planner.shipped import resource_file
from planner.ui.app import app_icon
from planner.ui.main_window import MainWindow
from planner.ui.widgets.delegates import SLIM_KINDS, authors_line, kind_colour

from .helpers import event


def test_the_application_icon_is_our_svg_and_renders(qapp) -> None:  # type: ignore[no-untyped-def]
    path = resource_file("planner.svg")
    assert path.is_file() and path.read_text(encoding="utf-8").lstrip().startswith("<svg")
    icon = app_icon()
    assert not icon.isNull()
    for size in (16, 32, 64, 128):  # crisp at 1x and 2x: an SVG renders at any size
        image = icon.pixmap(size, size).toImage()
        assert image.width() == size
        assert any(image.pixelColor(x, y).alpha() > 0 for x in range(0, size, 4) for y in range(0, size, 4))


def test_the_desktop_file_launches_planner_with_our_icon() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(resource_file("planner.desktop").read_text(encoding="utf-8"))
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Name"] == "Planner"
    assert entry["Exec"].split()[0] == "planner" and entry["Icon"] == "planner"
    assert "Calendar" in entry["Categories"].split(";")


def test_cards_name_the_first_authors_then_et_al(window: MainWindow) -> None:
    assert authors_line(event(window, "Spotlight 6")) == "Yixing Xu, Chang Xu, Xinghao Chen et al."
    assert authors_line(event(window, "Oral 2")) == "Ryo Karakida, Kazuki Osawa"
    assert authors_line(event(window, "Break")) == ""


def test_breaks_q_and_a_and_untitled_slots_are_slim_and_neutral(window: MainWindow) -> None:
    assert {Kind.BREAK, Kind.QA, Kind.OTHER} <= SLIM_KINDS
    assert not SLIM_KINDS & {Kind.ORAL, Kind.SPOTLIGHT, Kind.POSTER, Kind.TALK, Kind.WORKSHOP}
    palette = window.timeline.palette()
    neutral = palette.color(QPalette.ColorRole.PlaceholderText)
    assert kind_colour(Kind.BREAK, palette) == neutral
    assert kind_colour(Kind.ORAL, palette) != neutral


def test_installed_resources_are_found_inside_the_package() -> None:
    """Installed, planner.resources is the folder shipped in the wheel: no module may
    shadow it (a planner/resources.py once did, and the icon was silently missing)."""
    import importlib.resources
    import importlib.util

    from planner.shipped import resource_file

    spec = importlib.util.find_spec("planner.resources")
    if spec is not None:  # installed or editable: the mapped folder
        assert spec.submodule_search_locations, "planner.resources must be the folder, not a module"
        assert importlib.resources.files("planner.resources").joinpath("planner.svg").is_file()
    assert resource_file("planner.svg").is_file()


def test_the_window_says_it_is_updating_an_older_library(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    from pathlib import Path

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    from planner.store.schema import SCHEMA_VERSION
    from planner.ui.app import open_library_telling_upgrades

    old = tmp_path / "library.sqlite3"
    shutil.copyfile(Path(__file__).parents[1] / "store" / "data" / "library-v3.sqlite3", old)
    shown: list[str] = []

    class Watch(QObject):
        def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
            if ev.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow():
                shown.append(obj.accessibleName())
            return False

    watch = Watch()
    QApplication.instance().installEventFilter(watch)
    try:
        library = open_library_telling_upgrades(str(old))
        library.close()
        library = open_library_telling_upgrades(str(old))  # now current: nothing to say
        library.close()
    finally:
        QApplication.instance().removeEventFilter(watch)
    assert shown == ["Updating your library"]
    assert library.path == old and SCHEMA_VERSION >= 4
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.accessibleName() == shown[0]]
