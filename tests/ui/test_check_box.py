"""An empty check box stays visible in a dark palette (planner.ui.widgets.check_box).

Fusion fills the box with the palette's Base colour and outlines it a shade darker than
the window: on a dark window it all but vanished. Measured here as the window's style
draws it: the strongest contrast between any pixel of the box and the window behind it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QImage, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QCheckBox, QStyle, QStyleOptionButton, QTableView

from planner.ui.widgets.check_box import CheckBox, item_checks
from planner.ui.widgets.colours import contrast
from tests.ui.test_painting import dark_palette


@pytest.fixture
def app_palette(qapp: QApplication) -> Iterator[QApplication]:
    """The application's palette and style, as they were, after the test."""
    palette, style = QPalette(qapp.palette()), qapp.style().name()
    qapp.setStyle("Fusion")
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(palette)


def _box_contrast(qtbot, box: QCheckBox) -> float:  # type: ignore[no-untyped-def]
    qtbot.addWidget(box)
    box.resize(120, 28)
    image: QImage = box.grab().toImage()
    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    window = box.palette().color(QPalette.ColorRole.Window)
    return max(contrast(image.pixelColor(x, y), window)
               for x in range(rect.left(), rect.right() + 1) for y in range(rect.top(), rect.bottom() + 1))


def test_the_empty_box_stands_out_in_a_dark_palette_as_in_a_light_one(qtbot, app_palette: QApplication) -> None:  # type: ignore[no-untyped-def]
    light = _box_contrast(qtbot, QCheckBox("Starred only"))
    app_palette.setPalette(dark_palette())
    plain = _box_contrast(qtbot, QCheckBox("Starred only"))
    ours = _box_contrast(qtbot, CheckBox("Starred only"))
    assert plain < light  # the style's own box: the trouble this fixes
    assert ours >= light, (plain, ours, light)


def _switch(app: QApplication, palette: QPalette) -> None:
    """As the desktop switching between light and dark: Qt posts the change to each widget."""
    app.setPalette(palette)
    QApplication.processEvents()


@pytest.mark.parametrize("made_in", ["light", "dark"])
def test_it_follows_the_desktop_between_light_and_dark(qtbot, app_palette: QApplication, made_in: str) -> None:  # type: ignore[no-untyped-def]
    light_palette = QPalette(app_palette.palette())
    if made_in == "dark":
        _switch(app_palette, dark_palette())
    box = CheckBox("Starred only")
    qtbot.addWidget(box)
    box.show()
    _switch(app_palette, dark_palette())
    dark_fill = box.palette().color(QPalette.ColorRole.Base)
    assert dark_fill != dark_palette().color(QPalette.ColorRole.Base)
    _switch(app_palette, light_palette)
    plain = QCheckBox("Starred only")
    qtbot.addWidget(plain)
    for widget in (box, plain):
        widget.resize(120, 28)
    # Light again: drawn exactly as the style draws any check box.
    assert box.palette().color(QPalette.ColorRole.Base) == plain.palette().color(QPalette.ColorRole.Base)
    assert box.grab().toImage() == plain.grab().toImage()
    # The text and window colours followed the desktop all along.
    assert box.palette().color(QPalette.ColorRole.WindowText) == QColor(light_palette.color(QPalette.ColorRole.WindowText))


def _table(qtbot, checks: bool) -> QTableView:  # type: ignore[no-untyped-def]
    """Three unchecked boxes, as the Rooms popup's "Pin first" column shows them (no text)."""
    model = QStandardItemModel(3, 1)
    for row in range(3):
        item = QStandardItem("")
        item.setCheckable(True)
        model.setItem(row, 0, item)
    table = QTableView()
    table.setModel(model)
    model.setParent(table)
    if checks:
        item_checks(table)
    qtbot.addWidget(table)
    table.resize(240, 140)
    table.show()
    return table


def _cell_contrast(table: QTableView) -> tuple[float, QColor]:
    """The strongest contrast in the first cell's box against the rows' background, and that background."""
    image = table.viewport().grab().toImage()
    rect = table.visualRect(table.model().index(0, 0))
    behind = image.pixelColor(rect.right() - 2, rect.center().y())  # past the box: the row's background
    return max(contrast(image.pixelColor(x, y), behind)
               for x in range(rect.left(), rect.right() + 1) for y in range(rect.top(), rect.bottom() + 1)), behind


def test_an_item_views_empty_boxes_show_in_a_dark_palette_and_its_rows_stay(qtbot, app_palette: QApplication) -> None:  # type: ignore[no-untyped-def]
    light, _ = _cell_contrast(_table(qtbot, checks=False))
    _switch(app_palette, dark_palette())
    plain, _ = _cell_contrast(_table(qtbot, checks=False))
    ours, behind = _cell_contrast(_table(qtbot, checks=True))
    assert plain < light  # the style's own boxes all but vanish
    assert ours >= light, (plain, ours, light)
    assert behind == dark_palette().color(QPalette.ColorRole.Base)  # the rows are not lightened


def test_an_item_view_follows_the_desktop_back_to_light(qtbot, app_palette: QApplication) -> None:  # type: ignore[no-untyped-def]
    light_palette = QPalette(app_palette.palette())
    _switch(app_palette, dark_palette())
    ours, plain = _table(qtbot, checks=True), _table(qtbot, checks=False)
    _switch(app_palette, light_palette)
    assert ours.viewport().grab().toImage() == plain.viewport().grab().toImage()
