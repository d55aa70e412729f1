"""Reminders of starred events (how long before they come, and where they show), and
what is on now and next."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QWidget

from planner.domain.days import event_times, in_zone, moment_for, reading_zone
from planner.domain.model import Event
from planner.text.readable import event_summary
from planner.text.wording import room_and_board
from planner.ui import dialogs
from planner.ui.widgets.reminders import ReminderClock

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon  # built in show_tray, after the first paint


class Alerts(QObject):
    """The reminder clock's lead time (a setting) and its messages.

    Signals:
        shown(str): a reminder for the in-window banner.
        status(str, int): a status-bar message and how long it shows, in ms.
    """

    shown = Signal(str)
    status = Signal(str, int)

    def __init__(self, clock: ReminderClock, settings: QSettings, window: QWidget) -> None:
        super().__init__(window)
        # The reminder clock's time is the messages' too: "in 8 min" is counted from the
        # moment that found the reminder due.
        self.clock, self.settings, self._window = clock, settings, window
        clock.lead_minutes = cast(int, settings.value("reminderMinutes", 10, type=int))
        self.tray: QSystemTrayIcon | None = None  # made by show_tray(), once the window is up

    def show_tray(self) -> None:
        """Planner's icon in the system tray, where the desktop has one.

        Called after the window's first paint: asking whether there is a tray took 6.3 ms
        under X11 (Xvfb, Qt 6.11), time the first paint does not need.
        """
        from PySide6.QtWidgets import QSystemTrayIcon  # lazy: its type and enums, after the first paint

        if self.tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(self._window.windowIcon(), self._window)
            self.tray.setToolTip("Planner")
            self.tray.show()

    def choose_lead(self) -> None:
        minutes = dialogs.ask_int(self._window, "Reminders",
                                  "Remind me this many minutes before each starred event (0 = off):",
                                  self.clock.lead_minutes, 0, 24 * 60)
        if minutes is not None:
            self.clock.lead_minutes = minutes
            self.settings.setValue("reminderMinutes", minutes)
            self.status.emit(f"Reminders {minutes} minutes before starred events" if minutes else "Reminders off",
                             5000)

    def notify(self, event: Event, display: tzinfo | None) -> None:
        """A reminder: the system tray where there is one, else the in-window banner."""
        due = self.clock.starts_at(event)  # a poster's: its slot on the session's route
        start = in_zone(due, reading_zone(event, display))
        minutes = max(0, round((due - moment_for(event, self.clock.now())).total_seconds() / 60))
        text = f"In {minutes} min ({start:%H:%M}): {event_summary(event)}"
        place = room_and_board(event.room, event.poster_position)
        if place:
            text += f" — {place}"
        if self.tray is not None:
            self.tray.showMessage("Planner reminder", text, self.tray.MessageIcon.Information, 20_000)
        # Words, not an alarm-clock emoji: DejaVu, the fonts a bare Debian desktop has, has
        # no such glyph, and a screen reader reads "Reminder" better than an icon's name.
        self.shown.emit("Reminder: " + text)


def now_and_next_text(current: Sequence[Event], upcoming: Sequence[Event], starred: set[str],
                      display: tzinfo | None) -> str:
    """"Now: …  ·  Next: …", starred events marked, times in the display zone."""
    def mark(event: Event) -> str:
        return "★ " if event.id in starred else ""

    parts = []
    if current:
        parts.append("Now: " + "; ".join(mark(e) + event_summary(e) for e in current))
    if upcoming:
        parts.append("Next: " + "; ".join(
            f"{mark(e)}{event_times(e, display)[0]:%a %H:%M} {event_summary(e)}" for e in upcoming))
    return "  ·  ".join(parts) or "Nothing on now or later in this schedule."
