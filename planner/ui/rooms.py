"""Which rooms the timeline and the list show, and in what order.

38C3 and FOSDEM have dozens to over a hundred rooms, and about three columns fit in a
1280 px window: dimming the talks of the other rooms left them all on screen. Here an
attendee chooses rooms (one, or several), hides rooms, and pins rooms to come first;
whatever the filters and the search leave nothing in is folded away. The choice is kept
per schedule in QSettings, under ``rooms/<schedule key>``.

The rows to show are worked out here, once, and the model is given only those
(``DayEvents.only``): the timeline's columns, the list's rows, the counts and the keyboard
all follow without knowing about rooms. The timeline reads the order from the model
(``EventListModel.room_order``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QToolButton,
    QWidget,
)

from planner.domain.days import DayOutline
from planner.domain.model import Event
from planner.store.schedule_days import DayEvents
from planner.ui.widgets.models import EventListModel

if TYPE_CHECKING:
    from planner.ui.widgets.room_popup import RoomPopup

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Rooms:
    """An attendee's choice of rooms for one schedule.

    ``chosen`` names the rooms to show (None: every room but the ``hidden`` ones);
    ``pinned`` rooms come first, in the order they were pinned.
    """

    chosen: frozenset[str] | None = None
    hidden: frozenset[str] = field(default_factory=frozenset)
    pinned: tuple[str, ...] = ()

    def shows(self, room: str) -> bool:
        # A talk without a room is in no chosen room, and in no hidden one.
        return room not in self.hidden and (self.chosen is None or room in self.chosen)

    def arrange(self, day: DayOutline, passing: set[str] | None,
                rank: Mapping[str, int] | None = None) -> tuple[list[int] | None, list[str] | None]:
        """The rows of ``day`` to show and the rooms' order, given the ids that pass the
        other filters and the search (None: nothing filtered).

        Rows of hidden and unchosen rooms go; with a filter or a search, so do the rooms
        where nothing passes (what does not pass in a room that stays is dimmed as
        before). Pinned rooms come first, the others in the schedule's order (``rank``:
        room -> place, its file's order, the same every day), or as they first appear in
        the day. (None, None) when all is as the day has it: the model shows the day itself.
        """
        rooms = day.rooms
        restricted = self.chosen is not None or bool(self.hidden)
        rows = [row for row, room in enumerate(rooms) if self.shows(room)] if restricted else list(range(len(rooms)))
        if passing is not None:
            kept = {rooms[row] for row in rows if day.ids[row] in passing}
            # When nothing passes anywhere the rooms stay, dimmed: an empty day would not
            # say that the search or the filters found nothing here.
            if kept and len(kept) < len({rooms[row] for row in rows}):
                rows = [row for row in rows if rooms[row] in kept]
        whole = len(rows) == len(rooms)
        present = list(dict.fromkeys(rooms[row] for row in rows if rooms[row]))
        if rank and len(present) > 1:
            last = len(rank)  # a room the order does not know (none should be) goes last
            ranked = sorted(present, key=lambda room: rank.get(room, last))
        else:
            ranked = present
        if whole and not self.pinned and ranked == present:
            return None, None
        first = [room for room in self.pinned if room in present]
        order = first + [room for room in ranked if room not in self.pinned]
        return (None if whole else rows), order


def shown_events(events: Sequence[Event], rows: list[int] | None) -> Sequence[Event]:
    """``events`` at ``rows`` (None: all of them); a DayEvents stays lazy (DayEvents.only)."""
    if rows is None:
        return events
    if isinstance(events, DayEvents):
        return events.only(rows)
    return [events[row] for row in rows]


class RoomChoice(QObject):
    """The shown schedule's rooms and the attendee's choice among them, remembered per
    schedule; it gives the model the rows to show (show_day, refilter).

    Signals:
        changed(): the attendee changed which rooms are shown or pinned.
        roomsChanged(): another schedule's rooms (and its remembered choice) are in use.
    """

    changed = Signal()
    roomsChanged = Signal()

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.key: str | None = None
        self.rooms: list[str] = []  # the schedule's, sorted as a person reads them
        self.rank: dict[str, int] = {}  # room -> its column, in the schedule file's order
        self.value = Rooms()
        self.day: Sequence[Event] = []  # the whole of the day last shown
        self._shown: tuple[list[int] | None, list[str] | None] = (None, None)

    # -- the schedule -----------------------------------------------------------------

    def show_schedule(self, key: str | None, rooms: list[str], order: Sequence[str] = ()) -> None:
        """Use ``key``'s rooms (``order``: as its file names them) and the choice last made
        for that schedule."""
        self.key, self.rooms = key, list(rooms)
        self.rank = {room: place for place, room in enumerate(order)}
        self.value = self._restore()
        self.roomsChanged.emit()

    def _group(self) -> str:
        # A schedule key is free text ("session-page:…", "frab:…"): "/" would be a group.
        return "rooms/" + quote(self.key or "", safe="")

    def _restore(self) -> Rooms:
        if self.key is None:
            return Rooms()
        group = self._group()

        def read(name: str) -> Any:
            try:
                return json.loads(str(self.settings.value(f"{group}/{name}", "null")))
            except ValueError:  # edited by hand: start afresh rather than fail
                return None

        chosen, hidden, pinned = read("chosen"), read("hidden"), read("pinned")
        return Rooms(frozenset(chosen) if _names(chosen) else None,
                     frozenset(hidden) if _names(hidden) else frozenset(),
                     tuple(pinned) if _names(pinned) else ())

    def _save(self) -> None:
        if self.key is None:
            return
        group, value = self._group(), self.value
        if value == Rooms():
            self.settings.remove(group)
            return
        self.settings.setValue(f"{group}/chosen", json.dumps(sorted(value.chosen) if value.chosen is not None
                                                             else None))
        self.settings.setValue(f"{group}/hidden", json.dumps(sorted(value.hidden)))
        self.settings.setValue(f"{group}/pinned", json.dumps(list(value.pinned)))

    def _set(self, value: Rooms) -> None:
        if value.chosen is not None and value.chosen >= set(self.rooms):
            value = replace(value, chosen=None)  # every room chosen: new rooms show too
        if value != self.value:
            self.value = value
            self._save()
            self.changed.emit()

    # -- what the attendee does -------------------------------------------------------

    def shows(self, room: str) -> bool:
        return self.value.shows(room)

    def is_pinned(self, room: str) -> bool:
        return room in self.value.pinned

    def set_shown(self, room: str, shown: bool) -> None:
        value = self.value
        if shown:
            chosen = value.chosen | {room} if value.chosen is not None else None
            self._set(replace(value, chosen=chosen, hidden=value.hidden - {room}))
        elif value.chosen is not None:
            self._set(replace(value, chosen=value.chosen - {room}))
        else:
            self._set(replace(value, hidden=value.hidden | {room}))

    def reveal(self, room: str) -> None:
        """Show ``room`` if it is not shown (a talk in it was asked for)."""
        if room and not self.shows(room):
            self.set_shown(room, True)

    def set_pinned(self, room: str, pinned: bool) -> None:
        rest = tuple(r for r in self.value.pinned if r != room)
        self._set(replace(self.value, pinned=rest + (room,) if pinned else rest))

    def only(self, room: str) -> None:
        self._set(replace(self.value, chosen=frozenset({room}), hidden=self.value.hidden - {room}))

    def show_all(self) -> None:
        """Every room again (pins stay: they say where rooms go, not whether)."""
        self._set(replace(self.value, chosen=None, hidden=frozenset()))

    def shown_count(self) -> int:
        return sum(1 for room in self.rooms if self.value.shows(room))

    def label(self) -> str:
        """"All rooms", the one room's name, or "3 of 120 rooms"."""
        shown = [room for room in self.rooms if self.value.shows(room)]
        if len(shown) == len(self.rooms):
            return "All rooms"
        if len(shown) == 1:
            return shown[0]
        return f"{len(shown)} of {len(self.rooms)} rooms" if shown else "No rooms"

    # -- what the model shows ---------------------------------------------------------

    def shown(self, events: Sequence[Event], passing: set[str] | None) -> tuple[Sequence[Event], list[str] | None]:
        """The events of a day to show and their rooms' order (None: as they appear)."""
        rows, order = self.value.arrange(DayOutline.of(events), passing, self.rank)
        return shown_events(events, rows), order

    def show_day(self, model: EventListModel, events: Sequence[Event], zone: tzinfo | None, day: date | None,
                 passing: set[str] | None) -> None:
        """Give ``model`` the rooms shown of a day's ``events`` and mark what passes.

        ``passing`` are the ids of the whole day's events that pass the filters and the
        search (None: nothing filtered): whether a room keeps anything depends on them.
        """
        self.day = events
        rows, order = self._shown = self.value.arrange(DayOutline.of(events), passing, self.rank)
        model.set_events(shown_events(events, rows), zone, day, room_order=order)
        model.set_matches(passing)

    def refilter(self, model: EventListModel, passing: set[str] | None) -> bool:
        """After a change of filter, search or rooms: the day's rows again, the model reset
        only if they changed (a keystroke that folds no room only re-dims). Returns whether
        the model was reset (the window then selects its talk again)."""
        shown = self.value.arrange(DayOutline.of(self.day), passing, self.rank)
        reset = shown != self._shown
        if reset:
            self._shown = shown
            model.set_events(shown_events(self.day, shown[0]), model.zone, model.day, room_order=shown[1])
        model.set_matches(passing)
        return reset


def _names(value: Any) -> bool:
    """Whether a value read back from the settings is a list of room names."""
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# -- the filter bar's button and its popup --------------------------------------------


class RoomButton(QToolButton):
    """The filter bar's "Rooms" button: says what is shown ("All rooms", "3 of 120 rooms",
    the one room's name) and opens the RoomPopup."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomButton")
        self.setAccessibleName("Rooms")
        self.setToolTip("Choose the rooms to show, hide rooms, or pin rooms first")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.choice: RoomChoice | None = None
        self.popup: RoomPopup | None = None
        self.setText("All rooms ▾")
        self.clicked.connect(self.open_popup)

    def use(self, choice: RoomChoice) -> None:
        self.choice = choice
        choice.changed.connect(self._update)
        choice.roomsChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        label = self.choice.label() if self.choice is not None else "All rooms"
        self.setText(self.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, 200) + " ▾")
        self.setAccessibleDescription(f"Showing: {label}")

    def open_popup(self) -> None:
        if self.choice is None:
            return
        if self.popup is None:
            # Lazy: the popup's table, header and proxy types, built when first opened.
            from planner.ui.widgets.room_popup import RoomPopup

            self.popup = RoomPopup(self.choice, self)
        self.popup.open_below(self)
