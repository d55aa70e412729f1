"""My agenda's model: the starred talks by day, and a poster session's route as one group.

Day rows, then under each day its starred talks in time order; starred posters of one
session form a route (planner.domain.route) shown as a row with its posters beneath, in
board order, each with its slot. After the days, the reading list: the starred entries
without a time (planner.ui.not_scheduled) under one heading row, in the schedule's order.
Every row is starred, must-see unless marked: a maybe's row starts with "☆ maybe ·". A talk
of an accepted day plan has a "✓" after its time, and says "planned", as its card does.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from planner.domain.days import DAY_CHANGE_HOUR, event_times, group_by_day, runs_for_days
from planner.domain.marks import Tier
from planner.domain.model import Event, Unscheduled
from planner.domain.route import Route, Stop, with_routes
from planner.domain.status import UpdateFlag
from planner.text.readable import event_summary, readable
from planner.text.wording import counted
from planner.ui.widgets.models import Index, Roles, day_shift, star_glyph, text_tooltip, tooltip

PLANNED_MARK = " ✓"  # after a row's time: the talk is in an accepted day plan, as on its card


def tier_mark(tier: Tier) -> str:
    """How a row starts: "☆ maybe · " for a maybe; nothing for a must-see, the agenda's
    plain case (its accessible text says "must-see")."""
    return f"{star_glyph(tier)} maybe · " if tier is Tier.MAYBE else ""


CLASHES_LISTED = 2  # a row names up to this many clashes; past it, the first and a count


class AgendaModel(QAbstractItemModel):
    """My agenda: day rows at the top level, starred events under their day.

    The starred posters of one poster session (planner.domain.route) are one route row
    under their day, at the session's time, with the posters beneath it in board order,
    each showing its slot and board. Route rows are headings, like day rows: not
    selectable and no event's; a route's poster rows are events like any other.
    """

    READING_LIST = "Reading list (not scheduled)"  # its heading row, after the days
    ROUTE = Qt.ItemDataRole.UserRole + 40  # the Route of a route row or of one of its posters
    SLOT = Qt.ItemDataRole.UserRole + 41  # a route poster's slot (start, end) in the display zone

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._days: list[tuple[date, list[Event | Route]]] = []
        # Route rows, numbered: internalId of their posters' rows is _STOP_BASE + that number.
        self._route_places: list[tuple[int, int]] = []  # (day row, row in the day)
        self._route_numbers: dict[tuple[int, int], int] = {}
        self._statuses: dict[str, tuple[str, str]] = {}
        self._conflicts: dict[str, list[Event]] = {}
        self._notes: dict[str, str] = {}
        # The reading list: its heading is the top-level row after the days, and its rows'
        # internalId is that row's number, as an event row's is its day's.
        self._reading: list[Unscheduled] = []
        self._removed: set[str] = set()  # entries that left the schedule, kept as starred
        self._tiers: Mapping[str, Tier] = {}  # a row's tier; one not here is a must-see
        self._planned: frozenset[str] = frozenset()  # in an accepted day plan (set_planned)
        self.zone: tzinfo | None = None  # the display zone: times and days

    def set_agenda(
        self,
        events: Iterable[Event],
        zone: tzinfo | None,
        statuses: dict[str, tuple[str, str]] | None = None,
        conflicts: dict[str, list[Event]] | None = None,
        notes: dict[str, str] | None = None,
        display_zone: tzinfo | None = None,
        *,
        reading: Sequence[Unscheduled] = (),
        removed: Collection[str] = (),
        tiers: Mapping[str, Tier] | None = None,
    ) -> None:
        self.beginResetModel()
        self._reading, self._removed = list(reading), set(removed)
        self._tiers = dict(tiers or {})
        self.zone = display_zone or zone
        # Days as the day tabs have them (planner.store.schedule_days.group_in).
        change_hour = DAY_CHANGE_HOUR if self.zone == zone else 0
        # A poster that left the schedule is no stop (planner.domain.route): its own row says so.
        gone = {i for i, (flag, _) in (statuses or {}).items() if flag == UpdateFlag.REMOVED}
        self._days = [(day, with_routes(day_events, gone))
                      for day, day_events in group_by_day(events, self.zone, change_hour).items()]
        self._route_places = [(d, r) for d, (_, items) in enumerate(self._days)
                              for r, item in enumerate(items) if isinstance(item, Route)]
        self._route_numbers = {place: k for k, place in enumerate(self._route_places)}
        self._statuses = statuses or {}
        self._conflicts = conflicts or {}
        self._notes = notes or {}
        self.endResetModel()

    def set_planned(self, planned: Collection[str]) -> None:
        """The talks of accepted day plans; only the rows that change are repainted."""
        planned = frozenset(planned)
        changed, self._planned = self._planned ^ planned, planned
        for event_id in changed:
            index = self.index_of(event_id)
            if index.isValid():
                self.dataChanged.emit(index, index, [Roles.PLANNED, Qt.ItemDataRole.DisplayRole,
                                                     Qt.ItemDataRole.AccessibleTextRole])

    def event_count(self) -> int:
        return sum(_count(items) for _, items in self._days)

    def event_ids(self) -> list[str]:
        """Every event's id, in the order the rows show them."""
        return [event.id for _, items in self._days for item in items
                for event in (item.events if isinstance(item, Route) else (item,))] + [e.id for e in self._reading]

    def maybe_count(self) -> int:
        """Events starred as maybe (as event_count, the reading list is not counted)."""
        reading = len(self._reading)
        ids = self.event_ids()
        return sum(1 for event_id in ids[:len(ids) - reading] if self._tiers.get(event_id) is Tier.MAYBE)

    def tier(self, event_id: str) -> Tier:
        return self._tiers.get(event_id, Tier.MUST)

    def clash_count(self) -> int:
        """Events that clash with another starred event; posters of one route do not clash
        with each other: the route shares their session between them."""
        return sum(1 for _, items in self._days for item in items
                   for event in (item.events if isinstance(item, Route) else (item,))
                   if self._clashes(event, item if isinstance(item, Route) else None))

    def index_of(self, event_id: str) -> QModelIndex:
        for day_row, (_, items) in enumerate(self._days):
            for row, item in enumerate(items):
                if isinstance(item, Route):
                    for stop_row, event in enumerate(item.events):
                        if event.id == event_id:
                            return self.index(stop_row, 0, self.index(row, 0, self.index(day_row, 0)))
                elif item.id == event_id:
                    return self.index(row, 0, self.index(day_row, 0))
        for row, entry in enumerate(self._reading):
            if entry.id == event_id:
                return self.index(row, 0, self.index(len(self._days), 0))
        return QModelIndex()

    def _top_rows(self) -> int:
        return len(self._days) + (1 if self._reading else 0)

    # -- contract --------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _DAY_ID) if row < self._top_rows() else QModelIndex()
        if parent.model() is not self or parent.column() != 0:
            return QModelIndex()
        parent_id = int(parent.internalId())
        if parent_id == _DAY_ID:
            if parent.row() == len(self._days) and self._reading:
                return self.createIndex(row, 0, parent.row()) if row < len(self._reading) else QModelIndex()
            if parent.row() >= len(self._days):
                return QModelIndex()
            items = self._days[parent.row()][1]
            return self.createIndex(row, 0, parent.row()) if row < len(items) else QModelIndex()
        number = self._route_numbers.get((parent_id, parent.row()))  # None: not a route row
        if parent_id >= _STOP_BASE or number is None:
            return QModelIndex()
        route = self._days[parent_id][1][parent.row()]
        assert isinstance(route, Route)  # _route_numbers holds route rows only
        return self.createIndex(row, 0, _STOP_BASE + number) if row < len(route.stops) else QModelIndex()

    # PySide6's stubs overload parent() with QObject.parent(); a model overrides only Qt's parent(index).
    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _DAY_ID:
            return QModelIndex()
        internal = int(index.internalId())
        if internal >= _STOP_BASE:
            day_row, row = self._route_places[internal - _STOP_BASE]
            return self.createIndex(row, 0, day_row)
        return self.createIndex(internal, 0, _DAY_ID)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return self._top_rows()
        if parent.column() != 0:
            return 0
        item = self._item(parent)
        if isinstance(item, tuple):
            return len(item[1])
        if item is _READING:
            return len(self._reading)
        return len(item.stops) if isinstance(item, Route) else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _DAY_ID or isinstance(self._item(index), Route):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _item(self, index: Index) -> tuple[date, list[Event | Route]] | Event | Route | Stop | Unscheduled | str | None:
        """What a row shows: a day, an event, a route or a route's poster, the reading list's
        heading (_READING) or one of its entries (None: no such row)."""
        if not index.isValid():
            return None
        internal = int(index.internalId())
        if internal == _DAY_ID:
            if index.row() == len(self._days) and self._reading:
                return _READING
            return self._days[index.row()] if index.row() < len(self._days) else None
        if internal == len(self._days):
            return self._reading[index.row()] if index.row() < len(self._reading) else None
        if internal >= _STOP_BASE:
            if internal - _STOP_BASE >= len(self._route_places):
                return None
            day_row, row = self._route_places[internal - _STOP_BASE]
            route = self._days[day_row][1][row]
            assert isinstance(route, Route)  # _route_places holds route rows only
            return route.stops[index.row()] if index.row() < len(route.stops) else None
        if internal >= len(self._days) or index.row() >= len(self._days[internal][1]):
            return None
        return self._days[internal][1][index.row()]

    def event_for(self, index: Index) -> Event | None:
        item = self._item(index)
        if isinstance(item, Stop):
            return item.event
        return item if isinstance(item, Event) else None

    def _route_of(self, index: Index) -> Route | None:
        """The route a poster row belongs to."""
        if not index.isValid() or int(index.internalId()) < _STOP_BASE or index.internalId() == _DAY_ID:
            return None
        route = self._item(index.parent())
        return route if isinstance(route, Route) else None

    def _clashes(self, event: Event, route: Route | None) -> list[Event]:
        mates = {e.id for e in route.events} if route is not None else set()
        return [other for other in self._conflicts.get(event.id, []) if other.id not in mates]

    def _when(self, event: Event, day: date) -> str:
        """A row's time: "10:00", "01:00 (+1 day)", "All day"; an event of a day or more, listed
        once on its own day, says when it ends: "10:00–Fri 18:00" (a sprint to Friday)."""
        if event.all_day:
            return "All day"
        start, end = event_times(event, self.zone)
        shift = day_shift(start, day)
        until = f"–{end:%a %H:%M}" if runs_for_days(event) else ""
        return f"{start:%H:%M}{until}" + (f" ({shift})" if shift else "")

    def _day_of(self, index: Index) -> date:
        while index.internalId() != _DAY_ID:
            index = index.parent()
        return self._days[index.row()][0]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.model() is not self:
            return None
        item = self._item(index)
        if item is None:
            return None
        if isinstance(item, tuple):
            day, items = item
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"{day:%a %d %b %Y}  ({_count(items)})"
            return None
        if item is _READING:
            return self._reading_data(role)
        if isinstance(item, Unscheduled):
            return self._entry_data(item, role)
        if isinstance(item, Route):
            return self._route_data(item, self._day_of(index), role)
        assert not isinstance(item, str)  # _READING is the only string row
        stop = item if isinstance(item, Stop) else None
        event = stop.event if stop is not None else item
        assert isinstance(event, Event)
        route = self._route_of(index) if stop is not None else None
        if role == Roles.EVENT:
            return event
        if role == Roles.EVENT_ID:
            return event.id
        if role == Roles.TIER:
            return self.tier(event.id)
        if role == Roles.PLANNED:
            return event.id in self._planned
        if role == Roles.STATUS:
            return self._statuses.get(event.id)
        if role == Roles.CONFLICT:
            return self._clashes(event, route)
        if role == self.ROUTE:
            return route
        if role == self.SLOT:
            return stop.times(self.zone) if stop is not None else None
        day = self._day_of(index)
        tier = self.tier(event.id)
        planned = ["planned"] if event.id in self._planned else []
        if role == Qt.ItemDataRole.DisplayRole:
            check = PLANNED_MARK if planned else ""
            if stop is not None:
                text = tier_mark(tier) + " · ".join(
                    p for p in (self._slot_text(stop, day) + check, stop.board, _poster_title(event)) if p)
            else:
                text = f"{self._when(event, day)}{check}  {tier_mark(tier)}{event_summary(event)}"
            return text + "".join(f"\n    {line}" for line in self._warnings(event, route))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if stop is None:
                return ", ".join([f"{self._when(event, day)} {event_summary(event)}", tier.label.lower(), *planned,
                                  *self._warnings(event, route)])
            assert route is not None
            start, end = stop.times(self.zone)
            shift = day_shift(start, day)
            parts = [f"{_poster_title(event)}", f"board {stop.board}" if stop.board else "no board number",
                     f"{start:%H:%M} to {end:%H:%M}" + (f" ({shift})" if shift else ""),
                     f"stop {index.row() + 1} of {len(route.stops)} on the {_session_title(route)} route",
                     tier.label.lower(), *planned]
            return ", ".join(parts + self._warnings(event, route))
        if role == Qt.ItemDataRole.ToolTipRole:
            if stop is None:
                return tooltip(event, self.zone)
            lines = [_poster_title(event)]
            if event.authors:
                lines.append(", ".join(readable(a, event.markup) for a in event.authors))
            start, end = stop.times(self.zone)
            whole = event_times(event, self.zone)
            lines.append(f"Your slot: {start:%H:%M}–{end:%H:%M}, board {stop.board or 'not given'}")
            lines.append(f"The session runs {whole[0]:%a %d %b, %H:%M}–{whole[1]:%H:%M}"
                         + (f" in {event.room}" if event.room else ""))
            return text_tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.FontRole and event.cancelled:
            from PySide6.QtGui import QFont  # only when a cancelled talk is starred

            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def _reading_data(self, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{self.READING_LIST}  ({len(self._reading)})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return text_tooltip("Starred entries the conference has not given a time yet.\nThey are in no "
                                "calendar export; an update that gives one a time moves it to its day.")
        return None

    def _entry_data(self, entry: Unscheduled, role: int) -> Any:
        """A row of the reading list: kind and title, and what the note and the schedule add."""
        from planner.ui.widgets.unscheduled_list import authors_text, summary  # only with a reading list

        if role == Roles.EVENT:
            return entry
        if role == Roles.EVENT_ID:
            return entry.id
        tier = self.tier(entry.id)
        if role == Roles.TIER:
            return tier
        lines = []
        if entry.id in self._removed:
            lines.append("⚠ no longer in the schedule")
        note = self._notes.get(entry.id, "").strip()
        if note:
            first = note.splitlines()[0]
            lines.append("✎ " + (first if len(first) < 60 else first[:59] + "…"))
        if role == Qt.ItemDataRole.DisplayRole:
            return tier_mark(tier) + summary(entry) + "".join(f"\n    {line}" for line in lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join([summary(entry), tier.label.lower(), *lines])
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [summary(entry), authors_text(entry), "No time yet: the conference has not scheduled it."]
            return text_tooltip("\n".join(p for p in parts if p))
        return None

    def _route_data(self, route: Route, day: date, role: int) -> Any:
        if role == self.ROUTE:
            return route
        start, end = route.stops[0].times(self.zone)[0], route.stops[-1].times(self.zone)[1]
        shift = day_shift(start, day)
        session = _session_title(route)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{start:%H:%M}{' (' + shift + ')' if shift else ''}  {session} · {route.share()}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (f"{session}, {route.share()}, {start:%H:%M} to {end:%H:%M}" + (f" ({shift})" if shift else "")
                    + ", the posters follow in board order")
        if role == Qt.ItemDataRole.FontRole:
            from PySide6.QtGui import QFont  # only when a route is shown

            font = QFont()
            font.setBold(True)  # a heading over its posters
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            room = route.first.room
            return text_tooltip(f"{session}: {start:%a %d %b, %H:%M}–{end:%H:%M}" + (f" in {room}" if room else "")
                                + "\nYour starred posters in board order, the session shared evenly between them."
                                + "\nThe slots are a plan to walk by, not times the conference set.")
        return None

    def _slot_text(self, stop: Stop, day: date) -> str:
        start, end = stop.times(self.zone)
        shift = day_shift(start, day)
        return f"{start:%H:%M}–{end:%H:%M}" + (f" ({shift})" if shift else "")

    def _warnings(self, event: Event, route: Route | None) -> list[str]:
        """The lines under a row: what changed, clashes, the note's first line."""
        lines = []
        status = self._statuses.get(event.id)
        if status and status[0] == UpdateFlag.REMOVED:
            lines.append("⚠ no longer in the schedule")
        elif event.cancelled:
            lines.append("⚠ cancelled")
        elif status and status[1]:
            lines.append(f"⚠ {status[1]}")
        clashes = self._clashes(event, route)
        # Ten talks starred in one slot made each row ten lines long, a hundred in all
        # (seen on 38C3): past CLASHES_LISTED a row names the first and counts the rest,
        # and the detail pane lists them all.
        named = clashes if len(clashes) <= CLASHES_LISTED else clashes[:1]
        for other in named:
            other_start = event_times(other, self.zone)[0]
            lines.append(f"⚠ clashes with {other_start:%H:%M} {event_summary(other)}")
        if len(named) < len(clashes):
            lines[-1] += f" and {counted(len(clashes) - 1, 'more starred talk')}"
        note = self._notes.get(event.id, "").strip()
        if note:
            first = note.splitlines()[0]
            lines.append("✎ " + (first if len(first) < 60 else first[:59] + "…"))
        return lines


def _count(items: list[Event | Route]) -> int:
    """Events in a day's rows: a route counts its posters."""
    return sum(len(item.stops) if isinstance(item, Route) else 1 for item in items)


def _session_title(route: Route) -> str:
    first = route.first
    return readable(first.session, first.markup).strip() or "Posters"


def _poster_title(event: Event) -> str:
    """A route's poster by its title alone: the route row already says they are posters."""
    return readable(event.title, event.markup).strip() or "Untitled poster"


_READING = AgendaModel.READING_LIST  # what _item() says for the reading list's heading row
_DAY_ID = 2**32 - 1  # internalId of day rows; event and route rows store their day's row
_STOP_BASE = 2**31  # internalId of a route's poster rows: this plus the route's number
