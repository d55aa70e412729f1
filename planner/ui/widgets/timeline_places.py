"""Where the timeline is scrolled, as an instant, and where each day was left.

A place is kept as a time rather than a pixel offset, so it survives a zoom, a new
display zone or the same day read again. Until the view is first laid out (the window not
shown yet) a place asked for is kept (_go) and reached once the cards have their sizes
(_apply_place). PlaceMemory is a mixin of TimelineView (timeline.py), kept apart from the
geometry it reads (y_for, _grid_top, _pin_y, ...) because it is a feature of its own: the
controllers come back to a day where the attendee left it.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from planner.ui.widgets.timeline_layout import GUTTER

if TYPE_CHECKING:  # the view these methods are mixed into, for the type checker only
    from PySide6.QtWidgets import QListView

    from planner.ui.widgets.timeline_layout import Boxes

    _View = QListView
else:
    _View = object

FIRST_EVENT = object()  # a place to scroll to: see scroll_to_first_event


class PlaceMemory(_View):
    """The scroll position of TimelineView as an instant, remembered per day (``places``)."""

    # Where to scroll once laid out (see _go): FIRST_EVENT, (instant, viewport y) or
    # (index, scroll hint). Kept while the view has no sizes, so it is not lost.
    _pending_place: object = None
    _place_key: Hashable | None = None  # see show_place
    _reset_since_place = False
    _reset_from: tuple[Any, datetime | None] | None = None  # (day, top instant) before a reset

    if TYPE_CHECKING:  # what the view provides
        places: dict[Hashable, datetime]
        _layout_key: tuple[int, float] | None
        _in_layout: bool
        _day_start: datetime | None
        _slots: list[tuple[float, float, int, int, int]]
        _rects: Boxes
        _band: list[int]
        _held: list[int]
        ppm: float

        def _grid_top(self) -> int: ...
        def _minutes(self, when: datetime) -> float: ...
        def _pin_y(self) -> int: ...
        def _time_at(self, viewport_y: int) -> datetime | None: ...

    def scroll_to_time(self, when: datetime) -> None:
        """Bring an instant near the top of the viewport (the "Now" action)."""
        self._go((when, 60))

    def scroll_time(self) -> datetime | None:
        """The instant at the top of the cards' area (below the room header): what a
        controller remembers to come back to the same place, whatever the zoom or zone.
        None when no day is shown."""
        pending = self._pending_place
        if isinstance(pending, tuple) and isinstance(pending[0], datetime) and pending[1] == self._pin_y():
            return pending[0]  # not laid out yet: where it will open
        if self._layout_key is None or pending is not None:
            return None
        return self._time_at(self._pin_y())

    def set_scroll_time(self, when: datetime | None) -> None:
        """Put ``when`` at the top of the cards' area (see scroll_time); None: the first event.

        Before the view is first laid out (the window not shown yet) this is kept and done
        once the cards have their sizes.
        """
        if when is None:
            self.scroll_to_first_event()
        else:
            self._go((when, self._pin_y()))

    def scroll_to_first_event(self) -> None:
        """Show the day's first event near the top (and the whole-day band, if any):
        never an empty stretch of the morning, nor where the previous day was left. An
        event running on from an earlier day is not the day's first: its own is."""
        self._go(FIRST_EVENT)

    def show_place(self, key: Hashable) -> None:
        """Open the shown day where ``key`` (say, a schedule and a day) was last left, or
        at its first event. Call after the model shows that day.

        Where each key was left is remembered when the model is reset to another day (and
        here, when no reset came between), under the key last passed here: ``places``.
        """
        if self._place_key is not None and not self._reset_since_place:
            self._remember_place()
        self._place_key, self._reset_since_place = key, False
        self.set_scroll_time(self.places.get(key))

    def _show_column_of_first(self, first: float, held: set[int]) -> None:
        """Scroll sideways to the first event's column when none of the day's first events
        is in view: 38C3's Monday opened at 09:00 on its main halls, empty until 10:30, with
        the 09:00 talks eleven rooms to the right. Left alone when one of them shows."""
        hbar = self.horizontalScrollBar()
        if hbar.maximum() <= 0:
            return  # every column in view
        boxes = self._rects.boxes
        lefts = sorted(boxes[row][0] for row, slot in enumerate(self._slots)
                       if slot[0] == first and slot[2] >= 0 and row not in held and boxes[row][2] > 0)
        if not lefts:
            return
        seen_from, seen_to = hbar.value() + GUTTER, hbar.value() + self.viewport().width()
        if not any(seen_from <= x < seen_to for x in lefts):
            hbar.setValue(lefts[0] - GUTTER - 4)

    def _remember_place(self) -> None:
        when = self.scroll_time()
        if self._place_key is not None and when is not None:
            self.places[self._place_key] = when

    def _leave_place(self) -> None:
        """Before the model changes day: note where this one was left (on its own layout)."""
        self._remember_place()
        self._reset_since_place = True
        model = self.model()
        self._reset_from = (getattr(model, "day", None), self.scroll_time())

    def _after_reset(self) -> None:
        # The same day read again (an import, a zone change): the same instant stays at
        # the top. Another day opens at its first event, not at the last day's offset.
        day, when = self._reset_from or (None, None)
        self._reset_from = None
        if day is not None and when is not None and day == getattr(self.model(), "day", None):
            self.set_scroll_time(when)
        else:
            self.scroll_to_first_event()

    def _go(self, place: object) -> None:
        """Scroll to ``place`` now, or at the first layout if the cards have no sizes yet."""
        self._pending_place = place
        self._apply_place()

    def _apply_place(self) -> None:
        place = self._pending_place
        if place is None or self._layout_key is None or self._in_layout:
            return
        self._pending_place = None
        if self._day_start is None:
            return
        vbar = self.verticalScrollBar()
        if place is FIRST_EVENT:
            # The day's own first event: what runs on from an earlier day (a sprint, the
            # night before's last set) is above it, at the top of the axis.
            held = set(self._held)
            timed = [slot[0] for row, slot in enumerate(self._slots) if slot[2] >= 0 and row not in held] or [
                slot[0] for slot in self._slots if slot[2] >= 0]
            if self._band or not timed:
                vbar.setValue(0)
            else:
                vbar.setValue(self._grid_top() + round(min(timed) * self.ppm) - self._pin_y() - 12)
                self._show_column_of_first(min(timed), held)
        elif isinstance(place, tuple) and isinstance(place[0], datetime):
            when, y = place
            vbar.setValue(self._grid_top() + round(self._minutes(when) * self.ppm) - y)
        elif isinstance(place, tuple) and isinstance(place[0], QPersistentModelIndex):
            index, hint = place
            if index.isValid():
                self.scrollTo(QModelIndex(index), hint)
