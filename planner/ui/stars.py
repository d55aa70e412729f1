"""Stars: the attendee's picks in the shown schedule, and what follows from them.

A star is must-see or maybe (planner.domain.marks). S cycles a talk through not starred,
must-see and maybe (cycle); My agenda and the detail pane set a tier directly (set_tier).
Every change can be undone, back to the tier the talk had, or to no star.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QMainWindow, QStatusBar, QWidget

from planner.domain.marks import Tier
from planner.domain.model import Event
from planner.domain.queries import clashes_by_event
from planner.domain.status import UpdateFlag
from planner.store import Library, StoreError
from planner.store.schedule_days import ScheduleDays
from planner.text.readable import event_summary
from planner.ui import dialogs
from planner.ui.widgets import colours
from planner.ui.widgets.models import NEXT_TIER

UNDO_DEPTH = 50  # star changes Ctrl+Z can take back, newest first

# Where QStatusBar starts its message's text (QStatusBarPrivate::messageRect): the Undo
# link goes right after that text.
MESSAGE_LEFT = 6


@dataclass(frozen=True)
class StarChange:
    """One star set, cleared or moved to another tier: the talk, its tier before (None: not
    starred), and its name for messages."""

    event_id: str
    was: Tier | None
    name: str


class UndoLink(QLabel):
    """ "· Undo", shown in the status bar right after a star message, while it shows.

    Signals:
        undoRequested(): the link was clicked.
    """

    undoRequested = Signal()

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self._colour_link()
        self.setObjectName("undoLink")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setAccessibleName("Undo")
        self.setToolTip("Undo this (Ctrl+Z)")
        self.setAutoFillBackground(True)  # over the message's text if that runs long
        self.linkActivated.connect(self.undoRequested)
        self._bar = bar
        self._offered = ""  # the message the link belongs to
        bar.messageChanged.connect(self._message_changed)
        self.hide()

    def _colour_link(self) -> None:
        """The link in a colour that reads on the status bar (colours.link_colour)."""
        colour = colours.link_colour(self.palette(), QPalette.ColorRole.Window).name()
        self.setText(f"· <a href=\"undo\" style=\"color: {colour};\">Undo</a>")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a light/dark switch
            self._colour_link()

    def offer(self, message: str) -> None:
        """Show the link after ``message`` once the status bar shows it."""
        self._offered = message

    def _message_changed(self, message: str) -> None:
        if not message or message != self._offered:
            self.hide()
            return
        self.adjustSize()
        after = MESSAGE_LEFT + self._bar.fontMetrics().horizontalAdvance(message) + 4
        # A long message is cut off where the status bar's own widgets begin: the link
        # stays at the cut then, in view.
        taken = [w.x() for w in self._bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                 if w is not self and w.isVisible() and w.x() > MESSAGE_LEFT]
        end = min([*taken, self._bar.width()])
        self.move(max(MESSAGE_LEFT, min(after, end - self.width())), (self._bar.height() - self.height()) // 2)
        self.show()
        self.raise_()


class Stars(QObject):
    """Which events are starred, their statuses, and the starred ones that clash; and the
    star changes made here, to undo them (Ctrl+Z, or the Undo link after the message).

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
        self.tiers: dict[str, Tier] = {}  # every starred talk's tier
        self.statuses: dict[str, tuple[str, str]] = {}
        self.clashes: dict[str, list[Event]] = {}
        self.events: list[Event] = []  # the shown schedule's starred events
        self._undo: list[StarChange] = []
        self.undo_link: UndoLink | None = None
        if isinstance(window, QMainWindow):
            self.undo_link = UndoLink(window.statusBar())
            self.undo_link.undoRequested.connect(self.undo)

    def read(self) -> None:
        """Stars, their tiers and statuses as the library has them now."""
        self._read_stars()
        self.statuses = self.library.statuses()

    def _read_stars(self) -> None:
        self.tiers = self.library.tiers()
        self.starred = set(self.tiers)

    def tier(self, event_id: str) -> Tier | None:
        """The talk's tier; None when it is not starred."""
        return self.tiers.get(event_id)

    def maybe_count(self) -> int:
        """How many of the shown schedule's starred talks are maybes."""
        return sum(1 for e in self.events if self.tiers.get(e.id) is Tier.MAYBE)

    def tally(self, days: ScheduleDays) -> None:
        """The starred events of ``days`` and their clashes."""
        self.events = days.starred(self.starred)
        # A talk that left the schedule clashes with nothing (conflicts() skips cancelled ones).
        self.clashes = clashes_by_event(e for e in self.events if not self.removed(e.id))

    def removed(self, event_id: str) -> bool:
        return self.statuses.get(event_id, ("", ""))[0] == UpdateFlag.REMOVED

    def reminding(self) -> list[Event]:
        """Every starred event reminds, not only those of the schedule on screen (but not
        one that left its schedule)."""
        return [e for e in self.library.events(starred=True, abstract_chars=0) if not self.removed(e.id)]

    def set(self, event_id: str, starred: bool, days: ScheduleDays) -> None:
        """Star (as must-see, or keep the tier a starred talk has) or unstar: the star
        button's and My agenda's Unstar's meaning."""
        self.set_tier(event_id, (self.tier(event_id) or Tier.MUST) if starred else None, days)

    def cycle(self, event_id: str, days: ScheduleDays) -> None:
        """S: not starred -> must-see -> maybe -> not starred."""
        self.set_tier(event_id, NEXT_TIER[self.tier(event_id)], days)

    def set_tier(self, event_id: str, tier: Tier | None, days: ScheduleDays) -> None:
        """Write the star in ``tier`` (None: no star) to the library first, then show it,
        with an offer to undo."""
        was = self.tier(event_id)
        if not self._write(event_id, tier):
            return
        name, unplaced = self._describe(event_id, days)
        moved = was != tier
        if moved:
            self._undo = [*self._undo[-(UNDO_DEPTH - 1):], StarChange(event_id, was, name)]
        self._read_stars()
        self.changed.emit()
        if tier is None:
            self._say(f"Unstarred {name}", 4000, undo=moved)
        elif was is not None:  # a starred talk changed tier (or was asked for the one it has)
            self._say(f"{tier.label}: {name}", 4000, undo=moved)
        elif self.clashes.get(event_id):
            other = self.clashes[event_id][0]
            self._say(f"Starred {name} — it clashes with {event_summary(other)}", 8000, undo=True)
        elif unplaced:  # no card shows it: say where it went
            self._say(f"Starred {name} — on your reading list until it has a time", 6000, undo=True)
        else:
            self._say(f"Starred {name}" if tier is Tier.MUST else f"{tier.label}: {name}", 4000, undo=True)

    def _write(self, event_id: str, tier: Tier | None) -> bool:
        """The star as the library should hold it; False (and said) when it could not be."""
        try:
            if tier is None:
                self.library.set_starred(event_id, False)
            else:
                self.library.star([event_id], tier=tier)
        except StoreError as exc:  # its schedule was removed meanwhile
            dialogs.warning(self._window, "Planner", dialogs.as_plain(str(exc)))
            return False
        return True

    def undo(self) -> None:
        """Put the last changed star back as it was, by the talk's id: the lists on
        screen may have moved since."""
        if not self._undo:
            self._say("Nothing to undo", 3000)
            return
        change = self._undo.pop()
        now = self.tier(change.event_id)
        if not self._write(change.event_id, change.was):
            return
        self._read_stars()
        self.changed.emit()
        if change.was is None:
            again = "is no longer starred"
        elif now is None:  # starred again, in the tier it had
            again = "is starred again" if change.was is Tier.MUST else "is starred again, as a maybe"
        else:
            again = "is must-see again" if change.was is Tier.MUST else "is a maybe again"
        self._say(f"Undone: {change.name} {again}", 4000)

    def _describe(self, event_id: str, days: ScheduleDays) -> tuple[str, bool]:
        """The talk as messages name it, and whether it is an entry without a time (planner.
        ui.not_scheduled); one of another schedule is read from the library, so an id never shows."""
        event = days.event(event_id)
        if event is None:
            try:
                event = self.library.event(event_id)
            except StoreError:
                entry = self.library.unscheduled_entry(event_id)
                if entry is None:
                    return "a talk no longer in your library", False
                from planner.ui.widgets.unscheduled_list import summary  # only for such an entry

                return summary(entry), True
        return event_summary(event), False

    def _say(self, message: str, ms: int, *, undo: bool = False) -> None:
        if self.undo_link is not None:
            self.undo_link.offer(message if undo else "")
        self.status.emit(message, ms)
