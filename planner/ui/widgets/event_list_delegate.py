"""How the list view draws a row: RowDelegate, coloured as the talk's card is coloured.

The starred tint, the dimming of a talk the search or filters leave out, the amber star
and the card's warnings in front of the title make a row read as its card does on the
timeline (delegates.py). Kept apart from the view (event_list.py), which only chooses the
delegate, and from the columns' texts (event_list_columns.py), which it colours.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from planner.text.addresses import is_address, without_scheme
from planner.ui.widgets import colours
from planner.ui.widgets.colours import muted
from planner.ui.widgets.delegates import starred_tint
from planner.ui.widgets.event_list_columns import FLAGS, ROOM, STAR, TITLE, Index
from planner.ui.widgets.models import Roles, tier_of

if TYPE_CHECKING:  # types named only in annotations: PySide6 builds each Qt type on first use
    from PySide6.QtGui import QPainter

ROW_AIR = 6  # px added to a line's height
DIM = 0.6  # how far a filtered-out row's text fades into the background, as on a dimmed card


@lru_cache(maxsize=64)
def _faded(text: int, background: int, amount: float) -> int:
    return muted(QColor.fromRgba(text), QColor.fromRgba(background), amount).rgba()


def faded(text: QColor, background: QColor, amount: float) -> QColor:
    """colours.muted, remembered: every cell of a dimmed row asks for the same colour, and
    finding the fade that still reads at 4.5:1 takes a few contrast computations."""
    return QColor.fromRgba(_faded(text.rgba(), background.rgba(), amount))


class RowDelegate(QStyledItemDelegate):
    """Colours a row as its card is coloured: the starred tint, a dimmed row for a talk the
    filters leave out, an amber star, and the card's warnings in front of the title."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        palette = option.palette
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        tier = tier_of(index)
        starred = tier is not None
        matches = bool(index.data(Roles.MATCHES))
        if starred and matches:  # a dimmed card has no tint either
            background = starred_tint(palette, tier)
            option.backgroundBrush = QBrush(background)
        if not matches:
            # Fainter than a match but still readable, as a dimmed card's title is.
            palette.setColor(QPalette.ColorRole.Text, faded(text, background, DIM))
        elif index.column() == TITLE and option.font.strikeOut():
            palette.setColor(QPalette.ColorRole.Text, faded(text, background, 0.35))  # cancelled, as on its card
        elif index.column() == STAR:
            # As on a card: an amber star, a hollow one faded (the palette's placeholder
            # colour reads under 4.5:1 in Fusion).
            palette.setColor(QPalette.ColorRole.Text, colours.shade(colours.STAR, background) if starred
                             else faded(text, background, 0.45))
        option.palette = palette
        if index.column() == ROOM and is_address(option.text):
            # A web address as the timeline's header shows it: without the scheme, cut in the
            # middle, or what tells it apart from the day's others (EventListView.room_labels).
            labels: dict[str, str] = getattr(self.parent(), "room_labels", {})  # the view's
            option.text = labels.get(option.text, without_scheme(option.text))
            option.textElideMode = Qt.TextElideMode.ElideMiddle

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        # A little air above and below each line: rows a finger's or a glance's width
        # apart, still some 25 talks in an 800x600 window.
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + ROW_AIR)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        flags = index.data(FLAGS) if index.column() == TITLE and index.data(Roles.MATCHES) else ""
        if not flags:
            super().paint(painter, option, index)
            return
        # The warnings come first, in the card's warning colour, so eliding a long title
        # never hides them; the title follows in the row's own colour.
        # Imported here: building QStyle's Python type costs ~10 ms, paid only once a warning shows.
        from PySide6.QtWidgets import QApplication, QStyle

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget).adjusted(3, 0, -3, 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        bold = QFont(opt.font)
        bold.setBold(True)
        bold.setStrikeOut(False)
        painter.save()
        try:
            painter.setFont(bold)
            tinted = opt.backgroundBrush.style() != Qt.BrushStyle.NoBrush
            background = opt.backgroundBrush.color() if tinted else opt.palette.color(QPalette.ColorRole.Base)
            warning = (colours.CONFLICT if index.data(Roles.CONFLICT) else colours.CANCELLED
                       if index.data(Roles.EVENT).cancelled else colours.CHANGED)
            painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText) if selected
                           else colours.shade(warning, background))
            flag_fm = QFontMetrics(bold)
            flag_text = flag_fm.elidedText(flags, Qt.TextElideMode.ElideRight, area.width())
            painter.drawText(area, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, flag_text)
            area.setLeft(area.left() + flag_fm.horizontalAdvance(flag_text) + 8)
            painter.setFont(opt.font)
            painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
            painter.drawText(area, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             QFontMetrics(opt.font).elidedText(title, Qt.TextElideMode.ElideRight, max(0, area.width())))
        finally:
            painter.restore()
