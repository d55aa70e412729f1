"""After the event: a talk that has ended (on the window's clock, which the reminders' tick
follows, so a talk ending while it is shown gets them too) can be marked attended or
missed in the detail pane; the missed must-see talks with a recording are the Watch later
list (planner.services.watching), whose recordings open in the browser and which exports
to Markdown (planner.export.watch_later)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl

from planner.domain.days import moment_for
from planner.domain.marks import Attendance
from planner.domain.model import Event, Kind
from planner.export.watch_later import talk_time, talk_title, to_markdown
from planner.services.watching import watch_later
from planner.store import StoreError
from planner.text.readable import event_summary
from planner.ui import dialogs
from planner.ui.widgets import tab_order
from planner.ui.widgets.attendance import AttendanceBar

if TYPE_CHECKING:
    from planner.ui.main_window import MainWindow
    from planner.ui.widgets.watch_later import WatchLaterDialog

MARKDOWN_FILTER = "Markdown (*.md)"


class AfterEvent(QObject):
    """The Attended / Missed toggles of the detail pane's talk, and Watch later."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._bar: AttendanceBar | None = None
        self.talk: Event | None = None  # the ended talk the bar is for
        self._shown: Event | None = None  # the detail pane's talk, ended or not
        self.dialog: WatchLaterDialog | None = None

    @property
    def bar(self) -> AttendanceBar:
        """The toggles under the note, made when a talk that has ended is first shown (not
        for the first paint)."""
        if self._bar is None:
            self._bar = AttendanceBar(self._window.detail)
            self._window.detail.add_section(self._bar)
            tab_order.after(self._window.detail.note, self._bar)  # under the note, as laid out
            self._bar.marked.connect(self._mark_shown)
        return self._bar

    def talk_shown(self, event: Event | None) -> None:
        """The detail pane shows ``event``: the toggles, once it has ended."""
        self._shown = event
        ended = (event is not None and event.kind is not Kind.BREAK and not event.cancelled
                 and event.end <= moment_for(event, self._window.timeline.now()))
        self.talk = event if ended else None
        if self._bar is None and not ended:
            return
        self.bar.setVisible(ended)
        if event is not None and ended:
            self.bar.show_state(self._window.library.attendance().get(event.id))

    def clock_ticked(self) -> None:
        """The window's clock moved on: the shown talk may have ended while it was open."""
        shown = self._shown
        if shown is not None and self.talk is None and shown.end <= moment_for(shown, self._window.timeline.now()):
            self.talk_shown(self._shown)

    def mark_attended(self) -> None:
        """Ctrl+Shift+A: the shown talk attended (again: not marked)."""
        self._toggle(Attendance.ATTENDED)

    def mark_missed(self) -> None:
        """Ctrl+Shift+M: the shown talk missed (again: not marked)."""
        self._toggle(Attendance.MISSED)

    def _toggle(self, state: Attendance) -> None:
        if self.talk is None:
            self._window.statusBar().showMessage("Only a talk that has ended can be marked attended or missed", 5000)
            return
        self._mark_shown(None if self.bar.state is state else state)

    def _mark_shown(self, state: Attendance | None) -> None:
        talk, w = self.talk, self._window
        if talk is None:
            return
        try:
            w.library.set_attendance(talk.id, state)
        except StoreError as exc:
            dialogs.warning(w, "Planner", dialogs.as_plain(str(exc)))
            return
        self.bar.show_state(state)
        words = {Attendance.ATTENDED: "Attended", Attendance.MISSED: "Missed", None: "No longer marked"}
        w.statusBar().showMessage(f"{words[state]}: {event_summary(talk)}", 4000)

    # -- Watch later -----------------------------------------------------------------

    def show_watch_later(self) -> None:
        """The Watch later list of the shown schedule, in a window of its own."""
        from planner.ui.widgets.watch_later import WatchLaterDialog  # see that module

        w = self._window
        found = watch_later(w.library, schedule_key=w.schedule_key)
        items = [(f"{talk_title(i.event)} · {talk_time(i.event)}", i.recording.url) for i in found]
        self.dialog = WatchLaterDialog(items, w)
        self.dialog.openRequested.connect(self._open)
        self.dialog.exportRequested.connect(self.export_watch_later)
        self.dialog.open()

    def _open(self, url: str) -> None:
        from PySide6.QtGui import QDesktopServices  # the first recording opened loads it

        QDesktopServices.openUrl(QUrl(url))

    def export_watch_later(self) -> None:
        """Save the Watch later list as Markdown, where the attendee chooses."""
        from PySide6.QtWidgets import QFileDialog  # built on first use (planner.ui.dialogs says why)

        w = self._window
        parent = self.dialog if self.dialog is not None else w
        path, _ = QFileDialog.getSaveFileName(parent, "Export Watch later", "watch-later.md", MARKDOWN_FILTER)
        if not path:
            return
        found = watch_later(w.library, schedule_key=w.schedule_key)
        try:
            with open(path, "wb") as out:
                out.write(to_markdown([(i.event, i.recording) for i in found]))
        except OSError as exc:
            dialogs.warning(w, "Planner", f"The list could not be saved: {exc.strerror or exc}")
            return
        w.statusBar().showMessage(f"Saved Watch later ({len(found)} talk{'s' if len(found) != 1 else ''}) "
                                  f"to {path}", 6000)


def install(window: MainWindow) -> AfterEvent:
    """The toggles under the detail pane's note, following the clock; planner.ui.my_agenda
    makes it when first wanted and passes it the pane's talk (talk_shown)."""
    after = AfterEvent(window)
    window.reminders.ticked.connect(after.clock_ticked)  # the window's clock, no timer of its own
    return after
