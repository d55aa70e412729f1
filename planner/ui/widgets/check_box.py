"""Check boxes whose empty box shows in a dark palette too (colours.box_fill)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QCheckBox, QWidget

from planner.ui.widgets.colours import box_fill


class BoxFill(QObject):
    """Keeps ``widget``'s check boxes filled by colours.box_fill in a dark palette, and again
    after every switch between light and dark: only its Base colour is set, so every other
    role still follows the window's. ``behind``, if given, is a child that paints with
    Base too and keeps the window's (an item view's viewport, behind its rows).

    An event filter on ``widget``: Qt posts ApplicationPaletteChange to a widget with a
    palette of its own (this one, when dark), PaletteChange to the others (when light).
    """

    def __init__(self, widget: QWidget, behind: QWidget | None = None) -> None:
        super().__init__(widget)
        self._widget, self._behind = widget, behind
        self._fitting = False
        widget.installEventFilter(self)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange) and not self._fitting:
            self._fit()
        return False

    def _fit(self) -> None:
        widget = self._widget
        window = QApplication.palette(widget)
        fill = box_fill(window)
        own = widget.testAttribute(Qt.WidgetAttribute.WA_SetPalette)
        if fill is None and not own:
            return  # light: drawn as the style draws any check box
        if fill is not None and own and widget.palette().color(QPalette.ColorRole.Base) == fill:
            return
        boxes, behind = QPalette(), QPalette()
        if fill is not None:
            boxes.setColor(QPalette.ColorRole.Base, fill)
            behind.setColor(QPalette.ColorRole.Base, window.color(QPalette.ColorRole.Base))
        self._fitting = True
        try:
            widget.setPalette(boxes)
            if self._behind is not None:
                self._behind.setPalette(behind)
        finally:
            self._fitting = False


class CheckBox(QCheckBox):
    """QCheckBox, its box filled by colours.box_fill in a dark palette (BoxFill)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.box_fill = BoxFill(self)


def item_checks(view: QAbstractItemView) -> BoxFill:
    """The same for the check boxes an item view draws in its cells (the Rooms popup): its
    delegate fills them with the view's Base, and the rows show the viewport's behind them."""
    return BoxFill(view, view.viewport())
