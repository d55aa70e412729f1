"""Stars: the attendee's picks in the shown schedule, and what follows from them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from planner.domain.model import Event
from planner.domain.queries import conflicts
from planner.domain.status import UpdateFlag
from planner.store import Library, StoreError
from planner.store.schedule_days import ScheduleDays
from planner.text.readable import event_summary
from planner.ui import dialogs


class Stars(QObject):
    """Which events are starred, their statuses, and the starred ones that clash.

    Signals:
        changed(): a star was set or cleared here: tally and show.
        status(str, int): a status-bar message and how long it shows, in ms.
    """

    changed = Signal()
    status = Signal(str, int)

    def __init__(self, library: Library, window: QWidget) -> None:
        super().__init__(window)
        self.library = library
        self._window = window  # the dialogs' parent
        self.starred: set[str] = set()
        self.statuses: dict[str, tuple[str, str]] = {}
        self.clashes: dict[str, list[Event]] = {}
        self.events: list[Event] = []  # the shown schedule's starred events

    def read(self) -> None:
        """Stars and statuses as the library has them now."""
        self.starred = self.library.starred_ids()
        self.statuses = self.library.statuses()

    def tally(self, days: ScheduleDays) -> None:
        """The starred events of ``days`` and their clashes."""
        self.events = days.starred(self.starred)
        self.clashes = {}
        # A talk that left the schedule clashes with nothing (conflicts() skips cancelled ones).
        for clash in conflicts(e for e in self.events if not self.removed(e.id)):
            self.clashes.setdefault(clash.a.id, []).append(clash.b)
            self.clashes.setdefault(clash.b.id, []).append(clash.a)

    def removed(self, event_id: str) -> bool:
        return self.statuses.get(event_id, ("", ""))[0] == UpdateFlag.REMOVED

    def reminding(self) -> list[Event]:
        """Every starred event reminds, not only those of the schedule on screen (but not
        one that left its schedule)."""
        return [e for e in self.library.events(starred=True, abstract_chars=0) if not self.removed(e.id)]

    def set(self, event_id: str, starred: bool, days: ScheduleDays) -> None:
        """Write the star to the library first, then show it."""
        try:
            self.library.set_starred(event_id, starred)
        except StoreError as exc:
            dialogs.warning(self._window, "Planner", dialogs.as_plain(str(exc)))
            return
        self.starred = self.library.starred_ids()
        self.changed.emit()
        event = days.event(event_id)
        name = event_summary(event) if event else event_id
        if starred and self.clashes.get(event_id):
            other = self.clashes[event_id][0]
            self.status.emit(f"Starred {name} — it clashes with {event_summary(other)}", 8000)
        else:
            self.status.emit(f"{'Starred' if starred else 'Unstarred'} {name}", 4000)
