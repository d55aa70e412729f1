"""What the timeline paints around its cards: the hour axis in the gutter, the hour and
quarter lines and the "now" line (the room header is timeline_rooms.py's).

The axis is kept as one pixmap strip for the whole day (_keep_axis), drawn after a paint
and blitted at every scroll step. AxisPainting is a mixin of TimelineView (timeline.py):
its methods read the view's geometry (y_for, _grid_top, _rooms, ...) as they did when
they were written there.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPixmap

from planner.domain.days import short_offset
from planner.ui.widgets.colours import mix, muted
from planner.ui.widgets.delegates import derived_font, fill_rect
from planner.ui.widgets.models import day_shift
from planner.ui.widgets.timeline_layout import BAND_ROW, GUTTER, HOUR, UTC

if TYPE_CHECKING:  # the view these methods are mixed into, for the type checker only
    from collections.abc import Callable

    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QListView

    from planner.ui.widgets.models import EventListModel

    _View = QListView
else:
    _View = object

# The tallest axis kept as one pixmap (see _keep_axis), in device pixels: an 18-hour day
# up to 15 px a minute at 1x (the default is 6), up to 7 at 2x.
AXIS_STRIP_MAX_PX = 16_384


class AxisPainting(_View):
    """The axis, grid and "now" line of TimelineView, with the strip cache."""

    _hours_of: tuple[tuple[object, ...], list[datetime]] | None = None  # see _axis_hours
    _fonts_of: tuple[str, tuple[QFont, QFontMetrics, QFont, QFontMetrics]] | None = None
    _strip_of: tuple[tuple[object, ...], QPixmap] | None = None  # see _keep_axis
    _strip_queued = False

    if TYPE_CHECKING:  # what the view provides
        _day_start: datetime | None
        _day_end: datetime | None
        _origin: datetime | None
        _length: float
        _rooms: list[str]
        _column_spans: list[list[tuple[datetime, datetime, str]]] | None
        _column_width: int
        _band: list[int]
        _content: QSize
        ppm: float
        zone: object

        now: Callable[[], datetime]
        def clock(self) -> datetime: ...

        def y_for(self, when: datetime) -> int: ...
        def _y_at(self, minutes: float) -> int: ...
        def _minutes(self, when: datetime) -> float: ...
        def _grid_top(self) -> int: ...
        def _band_height(self) -> int: ...
        def timeline_model(self) -> EventListModel: ...

    def _axis_hours(self) -> list[datetime]:
        """The axis's hours, the n-th n real hours below the first, each on the display
        zone's clock (its label): the night the clocks go back reads 01:00, 02:00, 02:00,
        03:00, the night they go forward 01:00, 03:00. Stepped in UTC: an hour added to the
        display zone's wall clock skipped the repeated hour and drew the one that never was.
        """
        assert self._day_start is not None and self._day_end is not None and self._origin is not None
        # Aware datetimes compare as instants: 10:00+01:00 equals 05:00-04:00. With the wall
        # clocks in the key, a display-zone change redraws the labels instead of keeping the
        # old zone's hours beside cards that show the new one.
        span = (self._day_start, self._day_end, self._day_start.isoformat(), self._day_end.isoformat())
        if self._hours_of is None or self._hours_of[0] != span:
            zone = self._day_start.tzinfo
            hours = [(self._origin + n * HOUR).astimezone(zone) for n in range(int(self._length // 60) + 1)]
            self._hours_of = (span, hours)
        return self._hours_of[1]

    def _axis_fonts(self) -> tuple[QFont, QFontMetrics, QFont, QFontMetrics]:
        """The axis's hour and quarter fonts with their metrics, made once per widget font."""
        key = self.font().key()
        if self._fonts_of is None or self._fonts_of[0] != key:
            font = QFont(self.font())
            small = derived_font(font, 0.8, floor=6.5)
            self._fonts_of = (key, (font, QFontMetrics(font), small, QFontMetrics(small)))
        return self._fonts_of[1]

    def _hours_on_screen(self, margin: int = 40) -> list[datetime]:
        """The axis hours that can draw something in the viewport (a line, a label, a
        quarter): painting used to walk every quarter of the day at each scroll step."""
        if self._origin is None:
            return []
        offset = self.verticalOffset() - self._grid_top()
        top, bottom = (offset - margin) / self.ppm, (offset + self.viewport().height() + margin) / self.ppm
        # By position, not by comparing clocks: the n-th hour covers minutes 60n to 60n + 60.
        return self._axis_hours()[max(0, math.ceil(top / 60) - 1):max(0, math.floor(bottom / 60) + 1)]

    def _paint_grid(self, painter: QPainter, dy: int, width: int, base: QColor, text: QColor) -> None:
        hour_pen = QPen(mix(base, text, 0.16), 1)
        quarter_pen = QPen(mix(base, text, 0.07), 1, Qt.PenStyle.DotLine)
        for hour in self._hours_on_screen():
            minutes = self._minutes(hour)
            for quarter in range(4):
                # In minutes on the axis: a quarter added to a wall clock loses which of a
                # night's two 02:00s it was on (datetime + timedelta keeps no fold).
                if minutes + 15 * quarter > self._length:
                    break
                y = self._y_at(minutes + 15 * quarter)
                if y < -2 or y > self.viewport().height() + 2:
                    continue
                painter.setPen(hour_pen if quarter == 0 else quarter_pen)
                if quarter and self.ppm * 15 < 12:
                    continue  # quarter lines only when there is room for them
                painter.drawLine(GUTTER, y, width, y)

    def _paint_axis(self, painter: QPainter, dy: int, base: QColor, text: QColor) -> None:
        height = self.viewport().height()
        key = self._axis_key()
        if key is not None and self._strip_of is not None and self._strip_of[0] == key:
            dpr = round(self._strip_of[1].devicePixelRatio())
            painter.drawPixmap(QPoint(0, 0), self._strip_of[1], QRect(0, dy * dpr, (GUTTER + 1) * dpr, height * dpr))
            return
        self._draw_axis(painter, height, 0, self._hours_on_screen(), base, text)
        if key is not None and not self._strip_queued:
            # Drawn once the paint is done: the strip takes several times one screen's
            # labels (4 ms for an 18-hour day), which a first paint need not wait for.
            self._strip_queued = True
            QTimer.singleShot(0, self, self._keep_axis)  # not called if the view is gone by then

    def _axis_key(self) -> tuple[object, ...] | None:
        """What the axis strip depends on; None where the axis is drawn at each paint: a
        day too tall for one pixmap at this zoom, or a fractional device pixel ratio (a
        blit from a scrolled offset would fall between pixels)."""
        dpr = self.devicePixelRatioF()
        height = max(self._content.height(), self.viewport().height())
        if self._day_start is None or dpr != round(dpr) or height * dpr > AXIS_STRIP_MAX_PX:
            return None
        return (self._day_start, self._day_end, self.ppm, bool(self._rooms), len(self._band), height, dpr, self.zone,
                self.timeline_model().day, self.font().key(), self.palette().cacheKey(), self._origin, self._length)

    def _keep_axis(self) -> None:
        """Draw the whole day's axis into the strip that scroll paints blit from.

        Drawing its labels at every scroll step was about a quarter of a scroll paint on the
        busiest 10k day: blitting the strip instead took the median paint from 5.2-5.4 ms to
        4.4 ms (the two alternated in one process, two runs).
        """
        self._strip_queued = False
        key = self._axis_key()
        if key is None or (self._strip_of is not None and self._strip_of[0] == key):
            return
        height, dpr = cast(int, key[5]), cast(float, key[6])  # as _axis_key put them
        strip = QPixmap(round((GUTTER + 1) * dpr), round(height * dpr))
        strip.setDevicePixelRatio(dpr)
        # Where the gutter's line leaves a sliver of the strip (half a pixel at 2x), the
        # cards' side shows through, as it did when the axis was drawn directly.
        strip.fill(Qt.GlobalColor.transparent)
        palette = self.palette()
        painter = QPainter(strip)
        try:
            # In content coordinates: y_for() gives the viewport's, scrolled by the offset.
            self._draw_axis(painter, height, self.verticalOffset(), self._axis_hours(),
                            palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text))
        finally:
            painter.end()
        self._strip_of = (key, strip)

    def _draw_axis(self, painter: QPainter, height: int, shift: int, hours: list[datetime],
                   base: QColor, text: QColor) -> None:
        """The gutter, its line and the labels of ``hours``, each at y_for() + ``shift``."""
        gutter = mix(base, text, 0.03)
        fill_rect(painter, QRect(0, 0, GUTTER, height), gutter)
        painter.setPen(QPen(mix(base, text, 0.16), 1))
        painter.drawLine(GUTTER, 0, GUTTER, height)
        font, fm, small, sfm = self._axis_fonts()
        if self._band:
            y = self._grid_top() - self._band_height() - self.verticalOffset() + shift
            painter.setFont(small)
            painter.setPen(muted(text, gutter, 0.3))
            painter.drawText(QRect(0, y, GUTTER - 8, BAND_ROW), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             "All day")
        for hour in hours:
            minutes = self._minutes(hour)
            y = self._y_at(minutes) + shift
            if -fm.height() < y < height + fm.height():
                painter.setFont(font)
                painter.setPen(text)
                painter.drawText(QRect(0, y - fm.height() // 2, GUTTER - 8, fm.height()),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{hour:%H:%M}")
                # Under it: past midnight of the conference day ("+1 day"), and where the
                # clocks changed, the offset that tells this hour from its namesake.
                below = y + fm.height() // 2
                painter.setFont(small)
                for note, fade in ((day_shift(hour, self.timeline_model().day), 0.35), (clock_change(hour), 0.2)):
                    if note:
                        painter.setPen(muted(text, gutter, fade))
                        painter.drawText(QRect(0, below, GUTTER - 8, sfm.height()),
                                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, note)
                        below += sfm.height()
            if self.ppm * 15 >= 14:
                painter.setFont(small)
                painter.setPen(muted(text, gutter, 0.45))
                for quarter in (1, 2, 3):
                    qy = self._y_at(minutes + 15 * quarter) + shift
                    if -sfm.height() < qy < height + sfm.height():
                        painter.drawText(QRect(0, qy - sfm.height() // 2, GUTTER - 8, sfm.height()),
                                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                         f":{15 * quarter:02d}")

    def _paint_now(self, painter: QPainter, dy: int, width: int) -> None:
        if self._origin is None:
            return
        minutes = self._minutes(self.clock())
        if not 0 <= minutes <= self._length:
            return
        y = self._y_at(minutes)
        colour = QColor("#dc2626")
        painter.setPen(QPen(colour, 2))
        painter.drawLine(GUTTER, y, width, y)
        painter.setBrush(colour)
        painter.drawEllipse(QPoint(GUTTER, y), 4, 4)


def clock_change(hour: datetime) -> str:
    """What an axis label says under ``hour`` where the clocks change: its offset ("UTC+1")
    on each of the two 02:00s of the night they go back, and on the 03:00 that follows
    01:00 the night they go forward; "" on every other hour."""
    offset = hour.utcoffset()
    if offset is None:
        return ""
    before = (hour.astimezone(UTC) - HOUR).astimezone(hour.tzinfo).utcoffset()
    namesake = hour.replace(fold=1 - hour.fold).utcoffset()  # the same clock reading's other instant
    if offset == before and offset == namesake:
        return ""
    return short_offset(hour)
