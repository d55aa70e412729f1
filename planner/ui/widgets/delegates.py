"""Painting a talk card.

Anatomy (see shared/design/window.md): a stripe in the kind's colour, a badge that says
the kind in words (colour is never the only signal), the time range, a star toggle (a
filled ★ for must-see, an outlined ☆ in the star's colour for maybe, a muted ☆ for none;
a maybe's card is tinted half as much), the title wrapped to the lines the card's height
allows and then elided, the authors on one line. Breaks, Q&A and untitled slots are slim neutral cards. A folded poster session
(planner.domain.poster_sessions) is a block: its name, its counts and an "Open" button
where a talk has its star.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from planner.domain.days import event_times
from planner.domain.marks import Tier
from planner.domain.model import Event, Kind
from planner.text.readable import SOURCE_PER_SHOWN
from planner.text.readable import readable as _readable
from planner.text.readable import readable_abstract as _readable_abstract
from planner.ui.widgets import colours
from planner.ui.widgets.colours import mix, muted
from planner.ui.widgets.models import PosterCounts, Roles, card_times, star_glyph, status_flags, tier_of, time_text

# Painting runs on every scroll step and LaTeX conversion costs ~10 ms a string: convert
# each title, author and abstract once (with its markup: the key is text and markup).
readable = lru_cache(maxsize=8192)(_readable)
readable_abstract = lru_cache(maxsize=4096)(_readable_abstract)

# The most of an abstract a card shows, and the most of its source a card reads to show
# it (markup takes room: readable_abstract reads the source, then cuts what it shows). The
# window loads one character more (planner.ui.shown_schedule), so a card knows when the
# abstract goes on past what it has.
CARD_EXCERPT_CHARS = 600
CARD_SOURCE_CHARS = CARD_EXCERPT_CHARS * SOURCE_PER_SHOWN

SLIM_KINDS = frozenset({Kind.BREAK, Kind.QA, Kind.OTHER})
STAR_SIZE = 22
NARROW = 64  # below this width a card shows its colour, number and star only
GAP = 8  # between the badge, the time and the flags on a card's first line


def kind_colour(kind: Kind, palette: QPalette) -> QColor:
    pair = colours.KIND.get(kind)
    if pair is None:
        return palette.color(QPalette.ColorRole.PlaceholderText)
    return colours.text_colour(pair, palette)


def fill_rect(painter: QPainter, rect: QRect, colour: QColor) -> None:
    """``painter.fillRect(rect, colour)``, drawn as a pen-less rectangle instead.

    Resolving fillRect's overloads for a QColor makes PySide6 build the Python type of
    QGradient with its five enums (one lists 180 presets): about 4 ms of the first paint.
    """
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRect(rect)
    painter.restore()


def starred_tint(palette: QPalette, tier: Tier | None = Tier.MUST) -> QColor:
    """The faint amber a starred card is filled with, whatever its kind: half as much for a
    maybe, so the must-sees stand out in a column."""
    amount = 0.08 if tier is Tier.MAYBE else 0.16
    return mix(palette.color(QPalette.ColorRole.Base), colours.text_colour(colours.STAR_TINT, palette), amount)


def star_rect(card: QRect) -> QRect:
    """Where the star toggle sits on a card: the hit area for clicks, too."""
    return QRect(card.right() - STAR_SIZE - 3, card.top() + 2, STAR_SIZE, STAR_SIZE)


OPEN_TEXT = "Open ›"


def open_rect(card: QRect, font: QFont) -> QRect:
    """Where a poster session's "Open" button sits on its block: the hit area for clicks."""
    width = QFontMetrics(derived_font(font, 0.85, bold=True)).horizontalAdvance(OPEN_TEXT) + 14
    return QRect(card.right() - width - 4, card.top() + 3, width, STAR_SIZE - 2)


def authors_line(event: Event, limit: int = 3) -> str:
    names = [readable(a, event.markup) for a in event.authors]
    if len(names) > limit:
        return ", ".join(names[:limit]) + " et al."
    return ", ".join(names)


_FONTS: dict[tuple[str, float, bool, float, int, bool], QFont] = {}


def derived_font(base: QFont, scale: float = 1.0, *, bold: bool = False, floor: float = 7.0,
                 pixels: int = 0, struck: bool = False) -> QFont:
    """A card font derived from the view's: scaled (never below ``floor`` points), bold,
    struck through (a cancelled talk), or a fixed pixel size. Cached: every card asks for
    the same few on every paint."""
    key = (base.key(), scale, bold, floor, pixels, struck)
    font = _FONTS.get(key)
    if font is None:
        font = QFont(base)
        if pixels:
            font.setPixelSize(pixels)
        elif scale != 1.0:
            font.setPointSizeF(max(floor, base.pointSizeF() * scale))
        if bold:
            font.setBold(True)
        if struck:
            font.setStrikeOut(True)
        _FONTS[key] = font
    return font


class CardDelegate(QStyledItemDelegate):
    """Paints timeline cards from the model's roles; has no state of its own but fonts."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.zone: Any = None  # display zone
        self.day: Any = None  # conference day, for "+1 day" marks

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(240, 64)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        """Qt's entry point: the card's state comes from ``option.state``."""
        from PySide6.QtWidgets import QStyle  # only here: see paint_card

        state = option.state
        self.paint_card(painter, option, index, selected=bool(state & QStyle.StateFlag.State_Selected),
                        focused=bool(state & QStyle.StateFlag.State_HasFocus))

    def paint_card(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
                   *, selected: bool = False, focused: bool = False) -> None:
        """Paint the card of ``index`` into ``option.rect``, selected or focused as told.

        The timeline calls this with the state it knows: reading ``option.state`` makes
        PySide6 build QStyle's Python type and its eleven enums, about 10 ms of every start.
        """
        event: Event | None = index.data(Roles.EVENT)
        if event is None:
            return
        look = (selected, focused)
        painter.save()
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if not index.data(Roles.MATCHES):
                self._paint_dimmed(painter, option, index, event, look)
            elif option.rect.width() < NARROW:
                self._paint_narrow(painter, option, index, event, look)
            elif (counts := index.data(Roles.POSTER_COUNTS)) is not None:
                self._paint_block(painter, option, index, event, counts, look)
            elif event.kind in SLIM_KINDS:
                self._paint_slim(painter, option, index, event, look)
            else:
                self._paint_card(painter, option, index, event, look)
        finally:
            painter.restore()

    # -- pieces ----------------------------------------------------------------------

    def _paint_narrow(self, painter: QPainter, option: QStyleOptionViewItem,
                      index: QModelIndex | QPersistentModelIndex, event: Event, look: tuple[bool, bool]) -> None:
        """A card in a crowded lane, too narrow for words: its colour, its number and its
        star. The tooltip, the detail pane and the screen-reader text carry the rest."""
        palette = option.palette
        rect = option.rect.adjusted(1, 1, -1, -1)
        base = palette.color(QPalette.ColorRole.Base)
        hue = (kind_colour(event.kind, palette) if event.kind not in SLIM_KINDS
               else mix(base, palette.color(QPalette.ColorRole.Text), 0.35))
        tier = tier_of(index)
        fill = starred_tint(palette, tier) if tier is not None else mix(base, hue, 0.10)
        self._frame(painter, option, rect, fill, mix(base, hue, 0.45), look)
        fill_rect(painter, QRect(rect.left(), rect.top(), 3, rect.height()), hue)
        if rect.width() < 18 or rect.height() < 12:
            return
        font = derived_font(option.font, 0.8, bold=True, floor=6.5)
        painter.setFont(font)
        # A slim kind's grey stripe is too faint for its number: that takes the muted text.
        painter.setPen(hue if event.kind not in SLIM_KINDS
                       else muted(palette.color(QPalette.ColorRole.Text), fill, 0.35))
        label = str(event.number) if event.number is not None else event.kind.label[:1]
        painter.drawText(QRect(rect.left() + 4, rect.top() + 1, rect.width() - 5, QFontMetrics(font).height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, label)
        if tier is not None and rect.height() >= 30:
            painter.setPen(colours.shade(colours.STAR, fill))
            painter.drawText(QRect(rect.left() + 4, rect.top() + 15, rect.width() - 5, 14),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, star_glyph(tier))

    def _paint_dimmed(self, painter: QPainter, option: QStyleOptionViewItem,
                      index: QModelIndex | QPersistentModelIndex, event: Event, look: tuple[bool, bool]) -> None:
        """A card filtered out by search or filters: a faint outline with its title, so the
        time axis keeps its shape while the matches stand out (and costs a fraction of a
        full card to draw, which keeps typing in the search box fluid)."""
        palette = option.palette
        rect = option.rect.adjusted(2, 1, -2, -1)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        fill = mix(base, text, 0.03)
        self._frame(painter, option, rect, fill, mix(base, text, 0.12), look)
        if rect.width() < NARROW or rect.height() < 12:
            return  # too narrow for words: an outline keeps the shape of the day
        font = derived_font(option.font, 0.85)
        painter.setFont(font)
        # Fainter than a match (smaller, not bold, faded) but still readable: it is a talk.
        painter.setPen(muted(text, fill, 0.6))
        fm = QFontMetrics(font)
        start, end = event_times(event, self.zone)
        begins = index.data(Roles.DAY_BEGINS)
        if event.all_day:
            when = "All day"
        elif begins is not None and start < begins:  # running on from an earlier day: "since Mon 10:00"
            when = card_times(start, end, self.day, begins)[1]
        else:
            when = f"{start:%H:%M}"
        line = f"{when} {readable(event.title, event.markup) or event.heading}"
        area = rect.adjusted(8, 2, -4, 0)
        area.setHeight(min(area.height(), fm.height() + 2))
        painter.drawText(area, Qt.AlignmentFlag.AlignVCenter, fm.elidedText(line, Qt.TextElideMode.ElideRight, area.width()))

    def _frame(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, fill: QColor,
               border: QColor, look: tuple[bool, bool]) -> None:
        palette = option.palette
        selected, focused = look
        painter.setPen(QPen(border, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if selected:
            # The current card is always the selected one: the keyboard's focus (the view
            # has it) makes its ring thicker, as a focused list's current row gets an outline.
            painter.setPen(QPen(highlight, 3 if focused else 2))
            inset = 1.5 if focused else 1.0
            painter.drawRoundedRect(QRectF(rect).adjusted(inset, inset, -inset, -inset), 5, 5)
        elif focused:
            painter.setPen(QPen(highlight, 1, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(QRectF(rect).adjusted(1.5, 1.5, -1.5, -1.5), 5, 5)
        if focused:  # and an outline around the card, in the margin between cards
            painter.setPen(QPen(highlight, 1))
            painter.drawRoundedRect(QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)

    def _paint_star(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, tier: Tier | None,
                    fill: QColor) -> None:
        painter.setFont(derived_font(option.font, pixels=17))
        # Not the palette's placeholder colour: Fusion's is the text at half opacity, 3.9:1.
        painter.setPen(colours.shade(colours.STAR, fill) if tier is not None
                       else muted(option.palette.color(QPalette.ColorRole.Text), fill, 0.45))
        painter.drawText(star_rect(rect), Qt.AlignmentFlag.AlignCenter, star_glyph(tier))


    def _paint_card(self, painter: QPainter, option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex, event: Event, look: tuple[bool, bool]) -> None:
        palette = option.palette
        rect = option.rect.adjusted(2, 1, -2, -1)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        hue = kind_colour(event.kind, palette)
        tier = tier_of(index)
        fill = starred_tint(palette, tier) if tier is not None else mix(base, hue, 0.08)
        self._frame(painter, option, rect, fill, mix(base, hue, 0.45), look)
        # Kind stripe.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(hue)
        painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 5, rect.height()), 2, 2)

        small = derived_font(option.font, 0.85)
        small_bold = derived_font(option.font, 0.85, bold=True)
        title_font = derived_font(option.font, bold=True)

        left = rect.left() + 11
        right = rect.right() - STAR_SIZE - 6
        fm_small = QFontMetrics(small)
        line_h = fm_small.height()
        # A card hardly taller than one line (the smallest zoom) centres that line.
        top = rect.top() + min(4, max(0, (rect.height() - line_h) // 2))

        # Line 1: badge, time, flags; the time never gives way to the others.
        start, end = event_times(event, self.zone)
        flags = status_flags(event, index.data(Roles.STATUS))
        clash = bool(index.data(Roles.CONFLICT))
        # In the day plan the attendee accepted (planner.ui.plan_view): said after the rest.
        planned = ["✓ PLANNED"] if index.data(Roles.PLANNED) else []
        words = " · ".join([*flags, "⚠ CLASH", *planned] if clash else [*flags, *planned])
        icons = " ".join([*(["⚠", *flags] if clash else flags), *(["✓"] if planned else [])])
        if event.all_day:
            times = list(dict.fromkeys([time_text(start, end, True, self.day), "All day"]))
        else:  # one running on from an earlier day says since when (Roles.DAY_BEGINS)
            times = card_times(start, end, self.day, index.data(Roles.DAY_BEGINS))
        badges = [event.heading.upper()] + ([str(event.number)] if event.number is not None else [])
        fm_bold = QFontMetrics(small_bold)
        badge, clock, flag_text = first_line(right - left, badges, times, (words, icons), fm_bold, fm_small)
        x = left
        if badge:
            painter.setFont(small_bold)
            painter.setPen(hue)
            badge_w = fm_bold.horizontalAdvance(badge)
            painter.drawText(QRect(x, top, badge_w + 2, line_h), Qt.AlignmentFlag.AlignVCenter, badge)
            x += badge_w + GAP
        painter.setFont(small)
        painter.setPen(muted(text, fill, 0.3))
        time_w = fm_small.horizontalAdvance(clock)
        painter.drawText(QRect(x, top, time_w + 2, line_h), Qt.AlignmentFlag.AlignVCenter, clock)
        x += time_w + GAP
        if flag_text and right - x > 0:
            painter.setFont(small_bold)
            painter.setPen(colours.shade(colours.CONFLICT if clash else colours.CANCELLED if event.cancelled
                                          else colours.CHANGED if flags else colours.STAR, fill))
            painter.drawText(QRect(x, top, right - x, line_h), Qt.AlignmentFlag.AlignVCenter,
                             fm_bold.elidedText(flag_text, Qt.TextElideMode.ElideRight, right - x))
        if event.kind != Kind.BREAK:
            self._paint_star(painter, option, rect, tier, fill)

        # Title, wrapped into the lines that fit above the authors line.
        y = top + line_h + 2
        bottom = rect.bottom() - 3
        authors = authors_line(event)
        reserve = line_h + 1 if authors else 0
        fm_title = QFontMetrics(title_font)
        width = rect.right() - 6 - left
        title = readable(event.title, event.markup) or event.heading
        max_lines = max(0, (bottom - reserve - y) // fm_title.lineSpacing())
        if max_lines == 0 and bottom - y >= fm_title.height():
            max_lines, reserve = 1, 0
        painter.setPen(muted(text, fill, 0.35) if event.cancelled else text)
        if event.cancelled:  # struck through, as printed programmes mark a dropped talk
            title_font = derived_font(option.font, bold=True, struck=True)
        painter.setFont(title_font)
        if max_lines == 0:
            # No room under the first line (the smallest zoom): the title follows the
            # time on it, where the card is wide enough, rather than being left out.
            x += fm_bold.horizontalAdvance(flag_text) + GAP if flag_text else 0
            if right - x >= 4 * fm_title.averageCharWidth():
                painter.drawText(QRect(x, top + (line_h - fm_title.height()) // 2, right - x, fm_title.height()),
                                 Qt.AlignmentFlag.AlignVCenter,
                                 fm_title.elidedText(" ".join(title.split()), Qt.TextElideMode.ElideRight, right - x))
        for line in wrap_lines(title, title_font, width, max_lines):
            painter.drawText(QRect(left, y, width, fm_title.height()), Qt.AlignmentFlag.AlignVCenter, line)
            y += fm_title.lineSpacing()
        # The friends who picked the talk: a chip in the bottom corner, which the lines
        # beside it (authors, the abstract's last) leave room for.
        chip = self._friend_chip(painter, option, rect, index.data(Roles.FRIENDS) or (), fill, line_h, width)

        def room(line_top: int) -> int:
            return width if chip.isNull() or line_top + line_h <= chip.top() else chip.left() - GAP - left

        if authors and reserve and y + line_h <= bottom + 2:
            painter.setFont(small)
            painter.setPen(muted(text, fill, 0.25))
            painter.drawText(QRect(left, y, room(y), line_h), Qt.AlignmentFlag.AlignVCenter,
                             fm_small.elidedText(authors, Qt.TextElideMode.ElideRight, room(y)))
            y += line_h
        # Space left on a tall card (long talks, zoomed in): the start of the abstract.
        spare_lines = (bottom - y - 2) // line_h
        if spare_lines >= 1 and event.abstract:
            painter.setFont(small)
            painter.setPen(muted(text, fill, 0.5))
            y += 3
            excerpt = card_excerpt(event)
            lines = wrap_lines(excerpt, small, width, spare_lines)
            if lines and not chip.isNull() and y + (len(lines) - 1) * line_h + line_h > chip.top():
                # The last line runs under the chip: it is wrapped again, narrower.
                *lines, last = lines
                lines.append(fm_small.elidedText(last, Qt.TextElideMode.ElideRight,
                                                 room(y + len(lines) * line_h)))
            for line in lines:
                painter.drawText(QRect(left, y, room(y), line_h), Qt.AlignmentFlag.AlignVCenter, line)
                y += line_h

    def _friend_chip(self, painter: QPainter, option: QStyleOptionViewItem, card: QRect, friends: tuple[str, ...],
                     fill: QColor, line_h: int, width: int) -> QRect:
        """Paint "Ana" (or "Ana +2") in a rounded outline at the card's bottom right; returns
        where, or a null QRect when there are no friends or the card has no room for it."""
        if not friends or card.height() < 2 * line_h + 8:
            return QRect()
        font = derived_font(option.font, 0.8, bold=True, floor=6.5)
        fm = QFontMetrics(font)
        more = f" +{len(friends) - 1}" if len(friends) > 1 else ""
        limit = max(0, width // 2 - 10)
        name = fm.elidedText(friends[0], Qt.TextElideMode.ElideRight, max(0, limit - fm.horizontalAdvance(more)))
        # No room when the name is elided to nothing or to a bare "…"; a short name ("Li")
        # shown whole is narrower than "A…" and still a name.
        if limit <= 0 or name.strip("…") == "":
            return QRect()
        label = name + more
        w, h = fm.horizontalAdvance(label) + 10, fm.height() + 2
        chip = QRect(card.right() - 5 - w, card.bottom() - 3 - h, w, h)
        colour = colours.shade(colours.FRIEND, fill)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colour, 1))
        painter.drawRoundedRect(QRectF(chip).adjusted(0.5, 0.5, -0.5, -0.5), h / 2, h / 2)
        painter.setFont(font)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
        return chip


    def _paint_block(self, painter: QPainter, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex, event: Event, counts: PosterCounts,
                     look: tuple[bool, bool]) -> None:
        """A poster session folded into one block: "POSTER SESSION 11:00–14:00", its name,
        "412 posters · 5 starred", its room, its starred posters and an Open button. Drawn
        as a stack of cards (an edge offset under it), so it does not read as one long talk."""
        palette = option.palette
        rect = option.rect.adjusted(2, 1, -5, -4)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        hue = kind_colour(event.kind, palette)
        fill = mix(base, hue, 0.10)
        edge = mix(base, hue, 0.45)
        painter.setPen(QPen(edge, 1))
        painter.setBrush(mix(base, hue, 0.05))
        painter.drawRoundedRect(QRectF(rect.translated(3, 3)).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        self._frame(painter, option, rect, fill, edge, look)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(hue)
        painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 5, rect.height()), 2, 2)

        small, small_bold = derived_font(option.font, 0.85), derived_font(option.font, 0.85, bold=True)
        title_font = derived_font(option.font, bold=True)
        fm_small, fm_bold, fm_title = QFontMetrics(small), QFontMetrics(small_bold), QFontMetrics(title_font)
        line_h = fm_small.height()
        left = rect.left() + 11
        button = open_rect(rect, option.font)
        right = button.left() - 6
        top = rect.top() + min(4, max(0, (rect.height() - line_h) // 2))

        # Line 1: what it is and when, the time never giving way (as on a talk's card).
        start, end = event_times(event, self.zone)
        begins = index.data(Roles.DAY_BEGINS)
        times = card_times(start, end, self.day, begins) if begins is not None and start < begins else [
            time_text(start, end, False, self.day), f"{start:%H:%M}"]
        badge, clock, _ = first_line(right - left, ["POSTER SESSION", "POSTERS"], times, ("", ""), fm_bold, fm_small)
        x = left
        if badge:
            painter.setFont(small_bold)
            painter.setPen(hue)
            painter.drawText(QRect(x, top, fm_bold.horizontalAdvance(badge) + 2, line_h),
                             Qt.AlignmentFlag.AlignVCenter, badge)
            x += fm_bold.horizontalAdvance(badge) + GAP
        painter.setFont(small)
        painter.setPen(muted(text, fill, 0.3))
        painter.drawText(QRect(x, top, max(0, right - x), line_h), Qt.AlignmentFlag.AlignVCenter, clock)
        if rect.height() >= STAR_SIZE:
            painter.setPen(QPen(hue, 1))
            painter.setBrush(mix(base, hue, 0.18))
            painter.drawRoundedRect(QRectF(button).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
            painter.setFont(small_bold)
            painter.setPen(colours.shade(colours.KIND[Kind.POSTER], mix(base, hue, 0.18)))
            painter.drawText(button, Qt.AlignmentFlag.AlignCenter, OPEN_TEXT)

        # The session's name, its counts and room; then, as far as the block's height
        # allows, the posters starred in it (what the attendee came to this hall for).
        width = rect.right() - 6 - left
        y = top + line_h + 3
        bottom = rect.bottom() - 3
        title_lines = max(1, min(2, (bottom - y - line_h) // fm_title.lineSpacing()))
        painter.setFont(title_font)
        painter.setPen(text)
        for line in wrap_lines(readable(event.title, event.markup), title_font, width, title_lines):
            if y + fm_title.height() > bottom + 2:
                return
            painter.drawText(QRect(left, y, width, fm_title.height()), Qt.AlignmentFlag.AlignVCenter, line)
            y += fm_title.lineSpacing()
        painter.setFont(small)
        lines = [(counts.words(), text)] + ([(event.room, muted(text, fill, 0.3))] if event.room else [])
        for line, colour in lines:
            if y + line_h > bottom + 2:
                return
            painter.setPen(colour)
            painter.drawText(QRect(left, y, width, line_h), Qt.AlignmentFlag.AlignVCenter,
                             fm_small.elidedText(line, Qt.TextElideMode.ElideRight, width))
            y += line_h
        fits = (bottom + 2 - y - 4) // line_h
        if fits <= 0:
            return
        y += 4
        if not counts.starred:
            painter.setPen(muted(text, fill, 0.45))
            painter.drawText(QRect(left, y, width, line_h), Qt.AlignmentFlag.AlignVCenter,
                             fm_small.elidedText("Open it to list the posters by board and star some",
                                                 Qt.TextElideMode.ElideRight, width))
            return
        picked: list[Event] = index.data(Roles.STARRED_POSTERS) or []
        maybe: frozenset[str] = index.data(Roles.MAYBE_POSTERS) or frozenset()
        shown = picked if len(picked) <= fits else picked[: fits - 1]
        star_w = fm_small.horizontalAdvance("★ ")
        for poster in shown:
            painter.setPen(colours.shade(colours.STAR, fill))
            painter.drawText(QRect(left, y, star_w, line_h), Qt.AlignmentFlag.AlignVCenter,
                             star_glyph(Tier.MAYBE if poster.id in maybe else Tier.MUST))
            painter.setPen(text)
            line = f"{poster.poster_position}  {readable(poster.title, poster.markup)}".strip()
            painter.drawText(QRect(left + star_w, y, width - star_w, line_h), Qt.AlignmentFlag.AlignVCenter,
                             fm_small.elidedText(line, Qt.TextElideMode.ElideRight, width - star_w))
            y += line_h
        if len(shown) < len(picked):
            painter.setPen(muted(text, fill, 0.3))
            painter.drawText(QRect(left + star_w, y, width - star_w, line_h), Qt.AlignmentFlag.AlignVCenter,
                             f"… and {len(picked) - len(shown)} more starred")

    def _paint_slim(self, painter: QPainter, option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex, event: Event, look: tuple[bool, bool]) -> None:
        palette = option.palette
        rect = option.rect.adjusted(2, 1, -2, -1)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        tier = tier_of(index)
        fill = starred_tint(palette, tier) if tier is not None else mix(base, text, 0.05)
        self._frame(painter, option, rect, fill, mix(base, text, 0.18), look)
        start, end = event_times(event, self.zone)
        title = readable(event.title, event.markup)
        label = event.kind.label if event.kind != Kind.OTHER else ""
        if title and title.casefold() != label.casefold():
            label = f"{label}: {title}" if label else title
        label = label or "Untitled slot"
        font = derived_font(option.font, 0.9, struck=event.cancelled)
        painter.setFont(font)
        painter.setPen(muted(text, fill, 0.3))
        fm = QFontMetrics(font)
        when = time_text(start, end, event.all_day, self.day, index.data(Roles.DAY_BEGINS))
        if event.cancelled:
            when += "   cancelled"
        elif index.data(Roles.CONFLICT):
            when += "   ⚠ clash"
        right_pad = STAR_SIZE + 6 if event.kind != Kind.BREAK else 8
        left = rect.left() + 10
        width = rect.width() - 10 - right_pad
        lines_fit = (rect.height() - 6) // fm.lineSpacing()
        if lines_fit >= 2 and fm.horizontalAdvance(f"{when}   {label}") > width:
            # A tall, narrow slot (a room column): time on top, the title wrapped below.
            y = rect.top() + 3
            painter.drawText(QRect(left, y, width, fm.height()), Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(when, Qt.TextElideMode.ElideRight, width))
            painter.setPen(text)
            for line in wrap_lines(label, font, rect.width() - 16, lines_fit - 1):
                y += fm.lineSpacing()
                painter.drawText(QRect(left, y, rect.width() - 16, fm.height()), Qt.AlignmentFlag.AlignVCenter, line)
        else:
            area = QRect(left, rect.top() + 2, width, min(rect.height() - 4, fm.height() + 4))
            painter.drawText(area, Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(f"{when}   {label}", Qt.TextElideMode.ElideRight, area.width()))
        if event.kind != Kind.BREAK:
            self._paint_star(painter, option, rect, tier, fill)
        # A friend who picked a break or a Q&A wants to meet there: the same chip as a talk's.
        self._friend_chip(painter, option, rect, index.data(Roles.FRIENDS) or (), fill, fm.height(), rect.width() - 16)


def first_line(width: int, badges: list[str], times: list[str], flags: tuple[str, str],
               bold: QFontMetrics, plain: QFontMetrics) -> tuple[str, str, str]:
    """The badge, time and flags a card's first line shows in ``width`` px.

    The start time is what an attendee scans a column for, so the rest gives way first:
    the flags shrink from words to an icon ("⚠ CLASH" to "⚠"), the end time goes (the
    card's height against the ruler still shows it), then the badge shrinks from "ORAL 12"
    to "12" and goes (the stripe, tooltip and detail pane still say the kind). Only a start
    time wider than the card is elided. ``badges`` and ``times`` are the choices, longest
    first; ``flags`` is (in words, as icons).
    """
    words, icons = flags

    def width_of(badge: str, time: str, flag: str) -> int:
        used = plain.horizontalAdvance(time)
        if badge:
            used += bold.horizontalAdvance(badge) + GAP
        if flag:
            used += bold.horizontalAdvance(flag) + GAP
        return used

    tries = [(badges[0], times[0], words), *((badges[0], time, icons) for time in times)]
    tries += [(badge, times[-1], icons) for badge in (*badges[1:], "")]
    for badge, time, flag in tries:
        if width_of(badge, time, flag) <= width:
            return badge, time, flag
    room = max(0, width - width_of("", "", icons))
    return "", plain.elidedText(times[-1], Qt.TextElideMode.ElideRight, room), icons


def card_excerpt(event: Event) -> str:
    """The start of the abstract as one flowing paragraph; when the abstract goes on past
    what a card holds, cut at the last whole word and ended with "…". A tall card used to
    end such an abstract mid-word ("…the technical details of card10, th"), as if that
    were all of it."""
    shown = readable_abstract(event.abstract, event.markup, CARD_EXCERPT_CHARS + 1)
    excerpt = " ".join(shown.split())
    if len(shown) <= CARD_EXCERPT_CHARS and len(event.abstract) <= CARD_SOURCE_CHARS:
        return excerpt  # all of it (a source longer than what is read goes on, however it reads)
    cut = excerpt.rfind(" ")
    return (excerpt[:cut] if cut > 0 else excerpt).rstrip(",;:") + " …"


def wrap_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """Word-wrap ``text`` to at most ``max_lines`` lines of ``width`` px; elide the last."""
    if max_lines <= 0 or width <= 0:
        return []
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    try:
        while len(lines) < max_lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            if len(lines) == max_lines - 1 and start + length < len(text):
                rest = text[start:]
                lines.append(QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width))
                break
            lines.append(text[start : start + length].rstrip())
            line.setPosition(QPointF(0, 0))
    finally:
        layout.endLayout()
    return lines
