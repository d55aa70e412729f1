"""How the timeline answers the wheel and the zoom keys.

Ctrl+wheel and Ctrl+plus/minus change the pixels per minute, keeping the time the
attendee is looking at still; a sideways swipe or Shift+wheel moves along the room
columns. WheelAndZoom is a mixin of TimelineView (timeline.py), kept apart from the
geometry it drives: it changes ``ppm`` and the scroll bars, and the view lays the cards
out again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:  # the view these methods are mixed into, for the type checker only
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QListView, QScrollBar

    _View = QListView
else:
    _View = object

DEFAULT_PPM = 6.0  # pixels per minute: a 10-minute card shows time, title and authors
MIN_PPM, MAX_PPM = 1.0, 30.0


class WheelAndZoom(_View):
    """The wheel, Ctrl+wheel and the zoom actions of TimelineView."""

    if TYPE_CHECKING:  # what the view provides
        ppm: float
        _slots: list[tuple[float, float, int, int, int]]
        zoomChanged: SignalInstance

        def _grid_top(self) -> int: ...
        def _relayout(self) -> None: ...

    def wheelEvent(self, event: QWheelEvent) -> None:
        modifiers = event.modifiers()
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.ppm * (1.25 ** steps), anchor_y=int(event.position().y()))
            event.accept()
            return
        angle, pixels = event.angleDelta(), event.pixelDelta()
        if angle.x() or modifiers & Qt.KeyboardModifier.ShiftModifier:
            # With a hundred rooms only two or three columns fit: a touchpad's sideways
            # swipe, or Shift with a mouse wheel, moves along them. Qt's own handling
            # sends Shift+wheel to the vertical bar a page at a time.
            if modifiers & Qt.KeyboardModifier.ShiftModifier and not angle.x():
                sideways, down, sideways_px = angle.y(), 0, pixels.y()
            else:
                sideways, down, sideways_px = angle.x(), angle.y(), pixels.x()
            self._scroll_by_wheel(self.horizontalScrollBar(), sideways, sideways_px)
            if down:  # a diagonal swipe moves both ways
                self._scroll_by_wheel(self.verticalScrollBar(), down, pixels.y())
            event.accept()
            return
        super().wheelEvent(event)

    @staticmethod
    def _scroll_by_wheel(bar: QScrollBar, angle: int, pixels: int) -> None:
        """Move ``bar`` as Qt moves it for a wheel: a touchpad's pixels, else the
        system's lines per notch (120 eighths of a degree) of the bar's single step."""
        if pixels:
            bar.setValue(bar.value() - pixels)
        elif angle:
            bar.setValue(bar.value() - round(angle / 120 * QApplication.wheelScrollLines() * bar.singleStep()))

    # -- zoom ------------------------------------------------------------------------

    def set_zoom(self, ppm: float, anchor_y: int | None = None) -> None:
        """Change pixels per minute, keeping the time under ``anchor_y`` still: the pointer
        for a Ctrl+wheel; for the keys, the selected card's start when it is in view (the
        attendee's eye is on it), else the time at the centre of the view."""
        ppm = min(MAX_PPM, max(MIN_PPM, ppm))
        if abs(ppm - self.ppm) < 1e-6:
            return
        top_pad = self._grid_top()
        selected = self._selected_in_view() if anchor_y is None else None
        if selected is not None:
            anchor, minutes = self.visualRect(self.model().index(selected, 0)).top(), self._slots[selected][0]
        else:
            anchor = self.viewport().height() // 2 if anchor_y is None else anchor_y
            minutes = (anchor + self.verticalOffset() - top_pad) / self.ppm
        self.ppm = ppm
        self._relayout()
        self.verticalScrollBar().setValue(top_pad + round(minutes * ppm) - anchor)
        self.viewport().update()
        self.zoomChanged.emit(ppm)

    def _selected_in_view(self) -> int | None:
        """The row of the selected card if it is on the time axis and in view, else None."""
        current = self.currentIndex()
        selection = self.selectionModel()
        if not current.isValid() or selection is None or not selection.isSelected(current):
            return None
        row = current.row()
        if row >= len(self._slots) or self._slots[row][2] < 0:  # a whole-day card: not on the axis
            return None
        rect = self.visualRect(current)
        return row if rect.isValid() and rect.intersects(self.viewport().rect()) else None

    def zoom_in(self) -> None:
        self.set_zoom(self.ppm * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self.ppm / 1.25)

    def reset_zoom(self) -> None:
        self.set_zoom(DEFAULT_PPM)
