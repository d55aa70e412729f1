"""The time zone every time on screen is shown in: the conference's, the attendee's, or any."""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from planner.domain.days import in_zone, offset_label
from planner.domain.zones import CONFERENCE, LOCAL, ZoneError
from planner.domain.zones import resolve as resolve_zone
from planner.store import Library, ScheduleInfo, StoreError
from planner.ui import dialogs


class DisplayZone(QObject):
    """The chosen zone (a setting) and the View menu's zone actions.

    Signals:
        changed(): another zone was chosen: show every time again.
    """

    changed = Signal()

    def __init__(self, settings: QSettings, window: QWidget) -> None:
        super().__init__(window)
        self.settings = settings
        self._window = window  # the dialogs' parent
        self.name = str(settings.value("displayZone", CONFERENCE, type=str) or CONFERENCE)
        self.zone: tzinfo | None = None  # what times are shown in
        self.conference: tzinfo | None = None
        self.zoneless = False
        self.actions: dict[str, QAction] = {}
        self.other: QAction | None = None

    def use_actions(self, named: dict[str, QAction], other: QAction) -> None:
        self.actions, self.other = named, other

    def follow(self, conference: tzinfo | None, zoneless: bool) -> None:
        """A schedule was shown: its zone, and whether it has one at all."""
        self.conference, self.zoneless = conference, zoneless
        try:
            self.zone = self._shown(self.name)
        except ZoneError:
            self.name, self.zone = CONFERENCE, conference
        self.check_action()

    def _shown(self, name: str) -> tzinfo | None:
        """The zone times are shown in when ``name`` is chosen. A schedule without a zone
        has no instant to convert from: its printed clock it is, whatever is chosen."""
        zone = resolve_zone(name, self.conference)
        return self.conference if self.zoneless else zone

    def set(self, name: str) -> None:
        """Show every time, and the days, in ``name`` (conference / local / IANA)."""
        try:
            zone = self._shown(name)
        except ZoneError as exc:
            dialogs.warning(self._window, "Planner", dialogs.as_plain(str(exc)))
            return
        self.name, self.zone = name, zone
        self.settings.setValue("displayZone", name)
        self.check_action()
        self.changed.emit()

    def choose(self) -> None:
        name = dialogs.pick_zone(self._window, self.name)
        if name is not None:
            self.set(name)
        else:
            self.check_action()

    def place_schedule(self, library: Library, info: ScheduleInfo) -> str | None:
        """Ask which zone a schedule's zoneless times are in (View > Time Zone > Schedule's
        Own Zone…) and have the library read them in it; the zone, or None if not set."""
        # Only a zone set before is filled in: this computer's is no guess for where a
        # conference is, and filled in it was taken as the answer.
        name = dialogs.pick_schedule_zone(self._window, info.title, info.user_zone or "")
        if name is None:
            return None
        try:
            library.set_schedule_zone(info.key, name)
            # Lazy: the friends service, only when a zone is placed. A friend's picks from
            # another calendar (matched by start) may name the times just placed.
            from planner.services.friends import resolve_pending

            resolve_pending(library)
        except StoreError as exc:
            dialogs.warning(self._window, "Planner", dialogs.as_plain(str(exc)))
            return None
        return name

    def check_action(self) -> None:
        if self.other is None:
            return
        action = self.actions.get(self.name, self.other)
        action.setChecked(True)
        self.other.setText("&Other Zone…" if action is not self.other else f"&Other Zone… ({self.name})")

    def axis_label(self, first: datetime | None) -> str:
        """What the label by the day tabs says about the times on the axis."""
        if first is None:
            return ""
        if self.zoneless:
            return "Venue's clock (the schedule gives no time zone)"
        if self.name == CONFERENCE:
            return f"Conference time, {offset_label(in_zone(first, self.zone))}"
        name = "your time" if self.name == LOCAL else self.name
        return f"Times in {name}, {offset_label(in_zone(first, self.zone))}"
