"""A focused list's selected row keeps its text in the palette's HighlightedText.

Seen walking the window with scripts/screenshot.py --dark: the "Not scheduled" table's
selected row read as light text on the light highlight, beside My agenda's dark text. The
palette was right (HighlightedText #202124); Fusion painted its keyboard-focus frame, a
translucent light gradient, over the row's text (the whole row: the list shows focus on
all columns). The frame is an outline now (planner.ui.widgets.focus_outline).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QAbstractItemView

from planner.ui.main_window import MainWindow
from planner.ui.widgets.models import Roles
from planner.ui.widgets.unscheduled_list import AUTHORS, KIND, TITLE, TOPIC

from .test_not_scheduled import FEED, open_by_tab, page


def _palette(window: str, base: str, text: str, highlight: str, highlighted_text: str) -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.Base, base),
                         (QPalette.ColorRole.AlternateBase, base), (QPalette.ColorRole.Text, text),
                         (QPalette.ColorRole.WindowText, text), (QPalette.ColorRole.Highlight, highlight),
                         (QPalette.ColorRole.HighlightedText, highlighted_text)):
        palette.setColor(role, QColor(colour))
    return palette


PALETTES = {
    "screenshot-dark": lambda: _palette("#202124", "#17181a", "#e8eaed", "#8ab4f8", "#202124"),  # screenshot.py --dark
    "light": lambda: _palette("#efefef", "#ffffff", "#000000", "#308cc6", "#ffffff"),  # Fusion's
}


def _distance(a: QColor, b: QColor) -> int:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue()))


def _ink(image: QImage, rect: QRect, background: QColor) -> QColor:
    """The pixel of ``rect`` furthest from ``background``: the text's own colour where a
    stroke covers a whole pixel."""
    pixels = (image.pixelColor(x, y) for x in range(rect.left() + 2, rect.right() - 1)
              for y in range(rect.top() + 2, rect.bottom() - 1))
    return max(pixels, key=lambda colour: _distance(colour, background))


def _selected_row_ink(view: QAbstractItemView, columns: tuple[int, ...]) -> dict[int, QColor]:
    image = view.viewport().grab().toImage()
    current = view.currentIndex()
    highlight = view.palette().color(QPalette.ColorRole.Highlight)
    return {column: _ink(image, view.visualRect(current.siblingAtColumn(column)), highlight) for column in columns}


@pytest.mark.parametrize("make_palette", PALETTES.values(), ids=PALETTES.keys())
def test_the_not_scheduled_tables_focused_selected_row_is_drawn_in_highlighted_text(
        qtbot, window: MainWindow, make_palette) -> None:  # type: ignore[no-untyped-def]
    assert window.import_files([str(FEED)])
    open_by_tab(qtbot, window)
    p = page(window)
    palette = make_palette()
    p.setPalette(palette)
    p.tree.setFocus()
    qtbot.keyClick(p.tree, Qt.Key.Key_Down)  # the first row, chosen with the keys
    assert p.tree.hasFocus() and p.tree.selectionModel().isRowSelected(0)
    wanted = palette.color(QPalette.ColorRole.HighlightedText)
    # Where a stroke covers a whole pixel, it is the text's colour (antialiasing aside: a few
    # levels); Fusion's wash left the dark text 20 levels lighter at best (#34373d).
    inks = _selected_row_ink(p.tree, (KIND, TITLE, AUTHORS, TOPIC))
    assert {column: _distance(ink, wanted) <= 4 for column, ink in inks.items()} == \
        dict.fromkeys(inks, True), {column: ink.name() for column, ink in inks.items()}


def test_the_focused_row_is_still_outlined(qtbot, window: MainWindow) -> None:
    """Focus stays visible: the current row of the focused list has a frame of the text's
    colour inside its edge, and the list without focus none."""
    assert window.import_files([str(FEED)])
    open_by_tab(qtbot, window)
    p = page(window)
    palette = PALETTES["screenshot-dark"]()
    p.setPalette(palette)
    p.tree.setFocus()
    qtbot.keyClick(p.tree, Qt.Key.Key_Down)
    text = palette.color(QPalette.ColorRole.HighlightedText)

    def frame_pixels() -> int:
        image = p.tree.viewport().grab().toImage()
        rect = p.tree.visualRect(p.model.index(0, TOPIC))
        return sum(1 for x in range(rect.left(), rect.right()) if image.pixelColor(x, rect.bottom() - 1) == text)

    assert frame_pixels() > p.tree.visualRect(p.model.index(0, TOPIC)).width() // 2  # a line along the row
    window.search.setFocus()
    assert not p.tree.hasFocus()
    assert frame_pixels() == 0


def _assert_drawn_in_highlighted_text(view: QAbstractItemView, columns: tuple[int, ...]) -> None:
    wanted = view.palette().color(QPalette.ColorRole.HighlightedText)
    inks = _selected_row_ink(view, columns)
    assert {column: _distance(ink, wanted) <= 4 for column, ink in inks.items()} == \
        dict.fromkeys(inks, True), {column: ink.name() for column, ink in inks.items()}


def test_my_agenda_and_the_search_list_focused_keep_their_selected_rows_text(qtbot, window: MainWindow) -> None:
    """The same frame on every list an attendee walks with the keys: My agenda (one column,
    its current cell the whole row) and the search's matches (focus on all columns)."""
    window.setPalette(PALETTES["screenshot-dark"]())
    talk = window.model.index(0, 0).data(Roles.EVENT_ID)
    window.set_star(talk, True)
    window.select_event(talk)
    tree = window.agenda.tree
    tree.setFocus()
    assert tree.hasFocus() and tree.selectionModel().isSelected(window.agenda.model.index_of(talk))
    _assert_drawn_in_highlighted_text(tree, (0,))

    window.focus_search()
    qtbot.keyClicks(window.search, "the")
    window.finder.settle()
    results = window.results
    results.setFocus()
    qtbot.keyClick(results, Qt.Key.Key_Down)
    assert results.hasFocus() and results.selectionModel().selectedRows()
    _assert_drawn_in_highlighted_text(results, (0, 1))


def test_taking_the_outline_style_does_not_lay_the_list_out_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The style comes when a list first takes the focus, the moment the list view (L)
    opens. The StyleChange event Qt sends with it made the view lay out every row a second
    time: at 3,600 rows, 15-25 ms of the list's first open."""
    from PySide6.QtCore import QStringListModel
    from PySide6.QtWidgets import QTreeView

    from planner.ui.widgets.focus_outline import outline_focus
    from planner.ui.widgets.outline_style import FocusOutline

    class Counted(QTreeView):
        layouts = 0

        def doItemsLayout(self) -> None:
            self.layouts += 1
            super().doItemsLayout()

    view = Counted()
    qtbot.addWidget(view)
    view.setModel(QStringListModel([f"Talk {n}" for n in range(200)], view))
    outline_focus(view)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    before = view.layouts
    view.setFocus()
    qtbot.waitUntil(lambda: isinstance(view.style(), FocusOutline))
    assert view.layouts == before
    assert view.visualRect(view.model().index(199, 0)).isValid()  # every row is still laid out
