"""Qt models over domain events: the timeline's day and My agenda.

Models hold domain objects and per-event flags (starred, matching the filters, changed
by an update, in conflict); views and delegates read them through the role constants.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from planner.domain.days import DayOutline, event_times
from planner.domain.model import Event
from planner.domain.status import UpdateFlag
from planner.store.schedule_days import DayEvents
from planner.text.readable import event_summary, readable

Index = QModelIndex | QPersistentModelIndex


class Roles:
    """Custom data roles shared by models, delegates and views."""

    EVENT = Qt.ItemDataRole.UserRole + 1  # the domain Event
    STARRED = Qt.ItemDataRole.UserRole + 2  # bool
    MATCHES = Qt.ItemDataRole.UserRole + 3  # bool: passes search and filters
    STATUS = Qt.ItemDataRole.UserRole + 4  # (status, what changed) or None
    CONFLICT = Qt.ItemDataRole.UserRole + 5  # list of clashing Events
    EVENT_ID = Qt.ItemDataRole.UserRole + 6  # str


def day_shift(start: datetime, day: date | None) -> str:
    """"+1 day" when a time shown in another zone falls on a later date than its conference day."""
    if day is None or start.date() == day:
        return ""
    delta = (start.date() - day).days
    return f"{delta:+d} day" if abs(delta) == 1 else f"{delta:+d} days"


def time_text(start: datetime, end: datetime, all_day: bool, day: date | None) -> str:
    """A card's time line from times already in the display zone: "10:00–10:40 (+1 day)".
    The timeline's cards and the list's Time column both show this."""
    if all_day:
        return "All day"
    shift = day_shift(start, day)
    return f"{start:%H:%M}–{end:%H:%M}" + (f" ({shift})" if shift else "")


def status_flags(event: Event, status: tuple[str, str] | None) -> list[str]:
    """What the last update or the schedule says of a talk, as a card's first line and the
    list's Title column show it: CANCELLED, NEW, CHANGED or REMOVED (at most one)."""
    if event.cancelled:
        return ["CANCELLED"]
    flag = status[0] if status else ""
    names: dict[str, str] = {UpdateFlag.NEW: "NEW", UpdateFlag.CHANGED: "CHANGED", UpdateFlag.REMOVED: "REMOVED"}
    return [names[flag]] if flag in names else []


def empty_text(model: object) -> str:
    """What a view of the day says when it has no card: the rooms chosen hold nothing
    today, or there is no schedule at all."""
    if getattr(model, "room_order", None) is not None:
        return "Nothing in the chosen rooms on this day.\nRooms ▾ › Show all rooms shows every room again."
    return "No events to show.\nOpen a schedule with Ctrl+O or drop a file here."


def spoken_description(event: Event, zone: tzinfo | None, starred: bool, day: date | None = None) -> str:
    """What a screen reader says for a card: kind, time, title, speakers, star."""
    start, end = event_times(event, zone)
    when = "all day" if event.all_day else f"{start:%H:%M} to {end:%H:%M}"
    shift = "" if event.all_day else day_shift(start, day)
    parts = [event_summary(event), f"{when} ({shift})" if shift else when]
    if event.cancelled:
        parts.append("cancelled")
    if event.authors:
        parts.append("by " + ", ".join(readable(a, event.markup) for a in event.authors[:3])
                     + (" and others" if len(event.authors) > 3 else ""))
    if event.room:
        parts.append(f"in {event.room}")
    if starred:
        parts.append("starred")
    return ", ".join(parts)


def text_tooltip(text: str) -> str:
    """A tooltip showing ``text`` as written: QToolTip renders anything tag-like as HTML."""
    return "<p>" + "<br>".join(html.escape(line) for line in text.split("\n")) + "</p>"


def tooltip(event: Event, zone: tzinfo | None) -> str:
    start, end = event_times(event, zone)
    when = f"{start:%a %d %b}, all day" if event.all_day else f"{start:%a %d %b, %H:%M}–{end:%H:%M}"
    lines = [event_summary(event) + (" (cancelled)" if event.cancelled else ""), when]
    if event.authors:
        lines.append(", ".join(readable(a, event.markup) for a in event.authors))
    return text_tooltip("\n".join(lines))


class EventListModel(QAbstractListModel):
    """The events of one timeline day, in start order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._events: Sequence[Event] = []
        self._outline = DayOutline.of([])
        self._ids: list[str] = []  # by row: what most roles need, without reading the event
        self._row_of: dict[str, int] = {}
        self._starred: set[str] = set()
        self._matches: set[str] | None = None  # None: everything matches
        self._statuses: dict[str, tuple[str, str]] = {}
        self._conflicts: dict[str, list[Event]] = {}
        self.zone: tzinfo | None = None  # the display zone
        self.day: date | None = None  # the conference day shown
        # The rooms' order as columns (pinned ones first: planner.ui.rooms); None: as
        # they first appear in the day.
        self.room_order: list[str] | None = None
        self.generation = 0  # bumped whenever events are replaced (cached card images go stale)

    # -- contract --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._events)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.model() is not self or not 0 <= index.row() < len(self._events):
            return None
        event_id = self._ids[index.row()]
        if role == Roles.EVENT_ID:
            return event_id
        if role == Roles.STARRED:
            return event_id in self._starred
        if role == Roles.MATCHES:
            return self._matches is None or event_id in self._matches
        if role == Roles.STATUS:
            return self._statuses.get(event_id)
        if role == Roles.CONFLICT:
            return self._conflicts.get(event_id, [])
        event = self._events[index.row()]  # a DayEvents reads it from the library on first use
        if role == Roles.EVENT:
            return event
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return spoken_description(event, self.zone, event.id in self._starred, self.day)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(event, self.zone)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- content ---------------------------------------------------------------------

    def set_events(self, events: Sequence[Event], zone: tzinfo | None, day: date | None = None, *,
                   room_order: list[str] | None = None) -> None:
        """Show ``events`` (one conference ``day``) with times in the display ``zone``, and
        their rooms in ``room_order`` (see room_order).

        A DayEvents is kept as it is: its events are read only as rows are painted or asked for.
        """
        self.beginResetModel()
        self.room_order = room_order
        self._events = events if isinstance(events, DayEvents) else list(events)
        self._outline = DayOutline.of(self._events)
        self._ids = self._outline.ids
        self._row_of = {event_id: i for i, event_id in enumerate(self._ids)}
        self.zone = zone
        self.day = day
        self.generation += 1
        self.endResetModel()

    def events(self) -> list[Event]:
        """Every event shown (reads all of a DayEvents: for tests and whole-day uses)."""
        return list(self._events)

    def outline(self) -> DayOutline:
        """Ids, kinds, times, rooms, tracks and sessions by row, without reading the events."""
        return self._outline

    def card_key(self, row: int) -> str:
        """Everything about one row that changes how its card looks (for image caching)."""
        event_id = self._ids[row]
        status = self._statuses.get(event_id)
        return (f"{event_id}|{int(event_id in self._starred)}|"
                f"{int(self._matches is None or event_id in self._matches)}|"
                f"{status[0] if status else ''}|{int(bool(self._conflicts.get(event_id)))}")

    def row_of(self, event_id: str) -> int | None:
        return self._row_of.get(event_id)

    def index_of(self, event_id: str) -> QModelIndex:
        row = self._row_of.get(event_id)
        return self.index(row, 0) if row is not None else QModelIndex()

    def set_starred(self, starred: set[str]) -> None:
        changed = (self._starred ^ starred) & self._row_of.keys()
        self._starred = set(starred)
        for event_id in changed:
            index = self.index(self._row_of[event_id], 0)
            self.dataChanged.emit(index, index, [Roles.STARRED, Qt.ItemDataRole.DisplayRole])

    def set_matches(self, matches: set[str] | None) -> None:
        self._matches = matches
        self._emit_all([Roles.MATCHES])

    def matching_count(self) -> int:
        if self._matches is None:
            return len(self._events)
        return sum(1 for event_id in self._ids if event_id in self._matches)

    def is_match(self, row: int) -> bool:
        return self._matches is None or self._ids[row] in self._matches

    def set_flags(self, statuses: dict[str, tuple[str, str]], conflicts: dict[str, list[Event]]) -> None:
        self._statuses = statuses
        self._conflicts = conflicts
        self._emit_all([Roles.STATUS, Roles.CONFLICT])

    def _emit_all(self, roles: list[int]) -> None:
        if self._events:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._events) - 1, 0), roles)
