"""The timeline's room header: each column's name above its cards, its tooltip, and what a
screen reader is told of the columns.

Ordinary names are cut at their end. Web addresses (a virtual conference's rooms) are
shown without the scheme and cut in the middle; those a cut would not tell apart on one
day (ICLR's poster sessions: one page, another query) show what differs instead, with
the whole address in the header's tooltip and in the timeline's accessible description.
RoomHeaders is a mixin of TimelineView (timeline.py), as the axis (timeline_axis.py) is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen

from planner.text.addresses import is_address, page_of, telling_apart, without_scheme
from planner.ui.widgets.colours import mix
from planner.ui.widgets.delegates import derived_font, fill_rect
from planner.ui.widgets.timeline_layout import GUTTER, ROOM_HEADER, TOP_PAD

if TYPE_CHECKING:  # the view these methods are mixed into, for the type checker only
    from collections.abc import Sequence
    from datetime import datetime

    from PySide6.QtWidgets import QListView

    _View = QListView
else:
    _View = object


class RoomHeaders(_View):
    """The room header of TimelineView: painted, labelled, explained."""

    _labels_of: tuple[tuple[object, ...], dict[str, str]] | None = None  # see room_labels

    if TYPE_CHECKING:  # what the view provides
        _rooms: list[str]
        _column_spans: list[list[tuple[datetime, datetime, str]]] | None
        _column_width: int

        def _time_at(self, viewport_y: int) -> datetime | None: ...

    def _paint_rooms(self, painter: QPainter, dx: int, width: int, base: QColor, text: QColor) -> None:
        fill_rect(painter, QRect(0, 0, width, ROOM_HEADER), mix(base, text, 0.05))
        painter.setPen(QPen(mix(base, text, 0.2), 1))
        painter.drawLine(0, ROOM_HEADER, width, ROOM_HEADER)
        font = derived_font(self.font(), bold=True)  # made once, not at every scroll step
        painter.setFont(font)
        fm = QFontMetrics(font)
        labels = self.room_labels()
        top_time = self._time_at(ROOM_HEADER + TOP_PAD)
        for column in range(len(self._rooms)):
            x = GUTTER + 4 + column * self._column_width - dx
            if x + self._column_width < GUTTER or x > width:
                continue
            room = self._header_name(column, top_time)
            painter.setPen(text)
            # A column scrolled partly out of view keeps its name at the left edge, cut
            # to what is left of the column so it never runs into the next one.
            left = max(x + 6, GUTTER + 4)
            rect = QRect(left, 0, x + self._column_width - 6 - left, ROOM_HEADER)
            if rect.width() < 16:
                continue
            label = labels.get(room)
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, header_text(room, fm, rect.width()) if label is None
                             else fm.elidedText(label, Qt.TextElideMode.ElideMiddle, rect.width()))
        fill_rect(painter, QRect(0, 0, GUTTER, ROOM_HEADER), mix(base, text, 0.05))

    def room_labels(self) -> dict[str, str]:
        """The rooms whose headers show what tells them apart (header_labels) instead of
        their cut address, at the width of a column's header; none for columns of sessions."""
        if self._column_spans is not None or not self._rooms:
            return {}
        font = derived_font(self.font(), bold=True)
        width = self._column_width - 12  # as _paint_rooms leaves a whole column's name
        key = (tuple(self._rooms), font.key(), width)
        if self._labels_of is None or self._labels_of[0] != key:
            self._labels_of = (key, header_labels(self._rooms, QFontMetrics(font), width))
        return self._labels_of[1]

    def room_header_at(self, point: QPoint) -> str | None:
        """The room (or session) whose header is under viewport ``point``; None off the headers."""
        if not self._rooms or not 0 <= point.y() < ROOM_HEADER or point.x() < GUTTER or self._column_width <= 0:
            return None
        column = (point.x() + self.horizontalOffset() - GUTTER - 4) // self._column_width
        if not 0 <= column < len(self._rooms):
            return None
        return self._header_name(column, self._time_at(ROOM_HEADER + TOP_PAD))

    def _header_name(self, column: int, top_time: datetime | None) -> str:
        """The name over ``column``: its room, or for a column of consecutive sessions the
        one on screen (at ``top_time``)."""
        if self._column_spans is not None and top_time is not None:
            spans = self._column_spans[column]
            return next((title for _, end, title in spans if end > top_time), spans[-1][2])
        return self._rooms[column]

    def header_tip(self, point: QPoint) -> str | None:
        """The tooltip of the header under viewport ``point``: the whole room when its header
        shows less of it (an address told apart, or a name cut short), "" when it shows it
        all; None off the headers."""
        room = self.room_header_at(point)
        if room is None:
            return None
        label = self.room_labels().get(room)
        shown = label if label is not None else header_text(
            room, QFontMetrics(derived_font(self.font(), bold=True)), self._column_width - 12)
        return "" if shown == room else room

    def rooms_description(self) -> str:
        """For a screen reader: the columns whose headers show what tells their addresses
        apart, each with its whole address; "" when every header is the room's own name."""
        labels = self.room_labels()
        if not labels:
            return ""
        return "Columns: " + "; ".join(f"{labels[room]}, {room}" for room in self._rooms if room in labels)


def header_text(room: str, fm: QFontMetrics, width: int) -> str:
    """A column's header cut to ``width``: at its end, but a web address in its middle.

    A virtual conference's rooms are addresses that differ only at the end
    ("https://iclr.cc/virtual/speaker_1.html", "...speaker_7.html"); cut at the end
    they all read "https://iclr.cc/virtual/sp…". Shown without the scheme, and cut in
    the middle, each keeps what tells it apart. (Those that differ in the middle are
    told apart by header_labels.)
    """
    if is_address(room):
        return fm.elidedText(without_scheme(room), Qt.TextElideMode.ElideMiddle, width)
    return fm.elidedText(room, Qt.TextElideMode.ElideRight, width)


def header_labels(rooms: Sequence[str], fm: QFontMetrics, width: int) -> dict[str, str]:
    """The web addresses among ``rooms`` (one day's columns) whose headers, cut to
    ``width``, would not tell them apart, each with what does instead (planner.text.
    addresses): those whose cut texts read the same, and those cut short that open one
    page with another query, where what differs is inside the query. ICLR's
    "...papers.html?session=Mon+Session+1&filter=keywords" and "...Session+2..." both read
    "iclr.cc/virt…ter=keywords": their headers say "Mon Session 1" and "Mon Session 2".
    Other rooms are not in it: shown as they are."""
    alike: dict[str, list[str]] = {}
    pages: dict[str, list[str]] = {}
    for room in dict.fromkeys(rooms):
        if is_address(room):
            cut = header_text(room, fm, width)
            alike.setdefault(cut, []).append(room)
            if cut != without_scheme(room):
                pages.setdefault(page_of(room), []).append(room)
    # Rooms in both kinds of group are told apart among all the rooms they are alike with.
    group_of: dict[str, set[str]] = {}
    for group in (*alike.values(), *pages.values()):
        if len(group) > 1:
            merged = set(group).union(*(group_of.get(room, set()) for room in group))
            for room in merged:
                group_of[room] = merged
    labels: dict[str, str] = {}
    for merged in {id(g): g for g in group_of.values()}.values():
        labels.update(telling_apart([room for room in rooms if room in merged]))
    return labels
