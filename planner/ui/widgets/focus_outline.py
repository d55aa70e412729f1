"""A list's keyboard focus drawn as an outline around its current row, never over its text.

Fusion marks the focused list's current cell (or, with allColumnsShowFocus, the whole
row) with a translucent light gradient painted on top of what the delegate drew. Over a
dark palette's light selection (screenshot.py --dark: #8ab4f8 behind #202124 text) that
wash greys the selected row's text: the "Not scheduled" table, whose whole row carries the
focus, read as light text on the light highlight beside My agenda's (unfocused) dark text.
Planner's lists draw the frame as an outline instead (planner.ui.widgets.outline_style):
the row still says where the keys act, and its text keeps the palette's HighlightedText.

The style is set when the list first takes the focus, the only time the frame is drawn:
building QStyle's Python type costs ~10 ms, which the window's first paint must not pay.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView


class _FirstFocus(QObject):
    """Sets the outline style on its view when the view first takes the focus, then goes."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QAbstractItemView):
            # Lazy: QStyle's Python type (~10 ms), built only once a list takes the focus.
            from planner.ui.widgets.outline_style import set_outline_style

            watched.removeEventFilter(self)
            set_outline_style(watched)
            self.deleteLater()
        return False


def outline_focus(view: QAbstractItemView) -> None:
    """Draw ``view``'s keyboard focus as an outline, from when it first takes the focus."""
    view.installEventFilter(_FirstFocus(view))
