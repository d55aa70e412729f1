"""Reminders: a notice a set number of minutes before each starred event starts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from planner.domain.days import moment_for
from planner.domain.model import Event
from planner.domain.route import routes


class ReminderClock(QObject):
    """Checks the starred events against an injectable clock.

    Signals:
        due(object): an Event whose reminder time has come (emitted once per event start).
        ticked(): the clock was read again (every interval_ms): what depends on the time
            of day, such as a talk having ended, follows it without a timer of its own.
    """

    due = Signal(object)
    ticked = Signal()

    def __init__(self, now: Callable[[], datetime], parent: QObject | None = None, interval_ms: int = 15_000) -> None:
        super().__init__(parent)
        self.now = now
        self.lead_minutes = 10
        self._events: list[Event] = []
        self._slots: dict[str, datetime] = {}  # a starred poster's slot on its session's route
        self._sent: set[tuple[str, datetime]] = set()  # (id, start): a moved event reminds again
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def set_events(self, events: Iterable[Event]) -> None:
        self._events = list(events)
        # Three starred posters of one session are visited one after another (planner.domain.route):
        # each is reminded of before its own slot, not all three at the session's start.
        self._slots = {stop.event.id: stop.start for route in routes(self._events) for stop in route.stops}

    def starts_at(self, event: Event) -> datetime:
        """When the attendee is due at ``event``: its start, or a poster's slot of its route."""
        return self._slots.get(event.id, event.start)

    def _tick(self) -> None:
        self.check()
        self.ticked.emit()

    def check(self) -> list[Event]:
        """Emit ``due`` for every starred event starting within the lead time."""
        if self.lead_minutes <= 0:
            return []
        moment = self.now()
        lead = timedelta(minutes=self.lead_minutes)
        fired = []
        for event in self._events:
            start = self.starts_at(event)
            key = (event.id, start)
            if key in self._sent:
                continue
            at = moment_for(event, moment)  # a floating talk starts by this computer's clock
            if start - lead <= at < start:
                self._sent.add(key)
                fired.append(event)
                self.due.emit(event)
        return fired
