"""Check boxes whose empty box shows in a dark palette too (colours.box_fill)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QCheckBox, QWidget

from planner.ui.widgets.colours import box_fill


class CheckBox(QCheckBox):
    """QCheckBox, its box filled by colours.box_fill in a dark palette, and again after the
    application's palette changes (the desktop switched between light and dark)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._fitting = False
        self._fit_palette()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # Qt posts ApplicationPaletteChange to a widget with a palette of its own (this
        # one, when dark), PaletteChange to the others (this one, when light).
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange) and not self._fitting:
            self._fit_palette()

    def _fit_palette(self) -> None:
        fill = box_fill(QApplication.palette(self))
        own = self.testAttribute(Qt.WidgetAttribute.WA_SetPalette)
        if fill is None and not own:
            return  # light: drawn as the style draws any check box
        if fill is not None and own and self.palette().color(QPalette.ColorRole.Base) == fill:
            return
        palette = QPalette()  # Base alone: every other role still follows the window's
        if fill is not None:
            palette.setColor(QPalette.ColorRole.Base, fill)
        self._fitting = True
        try:
            self.setPalette(palette)
        finally:
            self._fitting = False


class ItemChecks(QObject):
    """The same for the check boxes an item view draws in its cells (the Rooms popup).

    Its delegate fills them with the view's Base colour, and the rows show the viewport's
    Base behind them: so the view gets colours.box_fill as its Base, and its viewport the
    window's, again after every switch between light and dark.
    """

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._fitting = False
        view.installEventFilter(self)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange) and not self._fitting:
            self._fit()
        return False

    def _fit(self) -> None:
        view, viewport = self._view, self._view.viewport()
        window = QApplication.palette(view)
        fill = box_fill(window)
        if fill is None and not view.testAttribute(Qt.WidgetAttribute.WA_SetPalette):
            return
        boxes, behind = QPalette(), QPalette()  # Base alone: the rest follows the window's
        if fill is not None:
            boxes.setColor(QPalette.ColorRole.Base, fill)
            behind.setColor(QPalette.ColorRole.Base, window.color(QPalette.ColorRole.Base))
        self._fitting = True
        try:
            view.setPalette(boxes)
            viewport.setPalette(behind)
        finally:
            self._fitting = False
