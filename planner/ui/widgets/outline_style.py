"""The style of a list whose keyboard focus is an outline around its current row, never a
fill over its text (planner.ui.widgets.focus_outline says why and when it is set).

Made only once a list takes the focus: QStyle's Python type costs ~10 ms to build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette, QPen
from PySide6.QtWidgets import QAbstractItemView, QProxyStyle, QStyle, QStyleOptionFocusRect

if TYPE_CHECKING:  # named only in annotations
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOption, QWidget


class FocusOutline(QProxyStyle):
    """The view's own style, its focus frames drawn as 1 px outlines in the colour text has
    on what they surround: HighlightedText on the selection, Highlight elsewhere."""

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        if element != QStyle.PrimitiveElement.PE_FrameFocusRect or not isinstance(option, QStyleOptionFocusRect):
            super().drawPrimitive(element, option, painter, widget)
            return
        palette = option.palette
        # The view says what is behind the frame: the selection's Highlight, or the list's own.
        selected = option.backgroundColor in (palette.color(group, QPalette.ColorRole.Highlight)
                                              for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive))
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
        painter.save()
        painter.setPen(QPen(palette.color(role), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)  # an outline: nothing over the text
        painter.drawRect(option.rect.adjusted(1, 1, -2, -2))  # inside: the surroundings may be its colour
        painter.restore()


def set_outline_style(view: QAbstractItemView) -> None:
    """Give ``view`` the FocusOutline over the style it has (its other parts drawn as before)."""
    if isinstance(view.style(), FocusOutline):
        return
    # A new instance of the view's style: QProxyStyle() would take the desktop's, not the
    # one the application set, and given the application's own it would own it.
    style = FocusOutline(view.style().name())
    style.setParent(view)  # QWidget.setStyle does not own it
    # The StyleChange event setStyle sends makes the view lay out every row again (at
    # 3,600 rows, a Python index() call each: 15-25 ms of the list's first open). The proxy
    # draws only the focus frame its own way, so no size, margin or hint changes: the view
    # does not hear of it. setStyle has polished the view with the new style before it sends.
    quiet = _NoStyleChange(view)
    view.installEventFilter(quiet)
    try:
        view.setStyle(style)
    finally:
        view.removeEventFilter(quiet)
        quiet.deleteLater()


class _NoStyleChange(QObject):
    """Keeps the StyleChange event from its view (installed only around setStyle)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return event.type() == QEvent.Type.StyleChange
