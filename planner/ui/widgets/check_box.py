"""A check box whose empty box shows in a dark palette too (colours.box_fill)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QWidget

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
