"""The pinned head of a long card: its time, title and star kept at the top of the view.

A card whose start has scrolled above the view shows its head pinned below the room
header, so a long event never leaves an empty-looking column; as the card's end comes up
the head shrinks and the card's bottom edge shows. PinnedHeads is a mixin of TimelineView
(timeline.py): the view's paint draws the heads (_paint_head) and its mouse handling asks
where a card's star is (card_face), so both agree on one geometry, kept here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QFontMetrics

from planner.ui.widgets.delegates import derived_font
from planner.ui.widgets.timeline_layout import ROOM_HEADER

if TYPE_CHECKING:  # the view these methods are mixed into, for the type checker only
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtWidgets import QListView

    _View = QListView
else:
    _View = object

HEAD_FOOT = 4  # the bottom edge of a card, left uncovered by its pinned head
LONG_CARD_HEADS = 3  # a card this many heads tall, or more, pins its head


class PinnedHeads(_View):
    """Where TimelineView pins the heads of long cards, how tall they are, and their drawing."""

    _head_of: tuple[str, int] | None = None  # (font key, height) of a card's head: see _head_height

    if TYPE_CHECKING:  # what the view provides
        _rooms: list[str]

    def _pin_y(self) -> int:
        """Viewport y of the top of the cards' area: below the room header, which stays put."""
        return ROOM_HEADER + 1 if self._rooms else 0

    def _head_height(self) -> int:
        """Height of a card's head as the delegate lays it out: its first line (badge, time,
        star) and two lines of title, cut where a third line would begin."""
        key = self.font().key()
        if self._head_of is None or self._head_of[0] != key:
            small = QFontMetrics(derived_font(self.font(), 0.85)).height()
            title = QFontMetrics(derived_font(self.font(), bold=True)).lineSpacing()
            self._head_of = (key, 1 + 4 + small + 2 + 2 * title)
        return self._head_of[1]

    @staticmethod
    def _head_shown(top: int, height: int, pin: int, head: int) -> int:
        """How much of a card's head to show pinned at viewport y ``pin`` for a card at
        viewport ``top``, ``height`` px tall: 0 while its own head is in view. As the card's
        end comes up the head shrinks, leaving the card's bottom edge to be seen. Only a
        long card (over three heads tall) pins its head: a short one scrolls away whole,
        where a pinned copy would cover its own half-hidden lines."""
        if top >= pin or height < LONG_CARD_HEADS * head:
            return 0
        return max(0, min(head, top + height - pin - HEAD_FOOT))

    def card_face(self, index: QModelIndex | QPersistentModelIndex) -> QRect:
        """Where the card of ``index`` shows its head (time, title, star), in viewport
        coordinates: the card, or its pinned head when its start has scrolled away."""
        rect = self.visualRect(index)
        if not rect.isValid():
            return rect
        pin = self._pin_y()
        shown = self._head_shown(rect.top(), rect.height(), pin, self._head_height())
        return QRect(rect.left(), pin, rect.width(), shown) if shown else rect

    @staticmethod
    def _paint_head(painter: QPainter, pixmap: QPixmap, x: int, width: int, pin: int, shown: int, head: int,
                    dpr: float) -> None:
        """Draw the top ``shown`` px of a card's picture ``pixmap`` at viewport (``x``, ``pin``)."""
        # A long card whose start has scrolled away keeps its head (time, title,
        # star) at the top of the view: its body alone reads as an empty column.
        # The head is the top of the card's own picture, so it costs one blit.
        painter.drawPixmap(QPoint(x, pin), pixmap, QRect(0, 0, round(width * dpr), round(shown * dpr)))
        if shown == head:
            # A faint shadow under it: the rest of the card slides beneath.
            for i, alpha in enumerate((40, 22, 10)):
                painter.setPen(QColor(0, 0, 0, alpha))
                painter.drawLine(x + 3, pin + shown + i, x + width - 4, pin + shown + i)
