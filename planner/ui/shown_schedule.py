"""The schedule, the days and the day on screen, read from the library.

Every view (timeline, list, day tabs, My agenda, the search's matches) shows the same
schedule's days in the same display zone. This is the one place that decides them: it
reads a schedule (at start, after an import or an update, when the attendee picks
another), regroups its days when the display zone changes, and shows one day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from planner.domain.days import DayOutline
from planner.domain.model import Event, zoneless
from planner.domain.queries import now_and_next
from planner.store import ScheduleInfo
from planner.store.schedule_days import ScheduleDays
from planner.ui import window_state
from planner.ui.alerts import now_and_next_text
from planner.ui.widgets.delegates import CARD_SOURCE_CHARS

if TYPE_CHECKING:
    from planner.store import ImportSummary
    from planner.ui.main_window import MainWindow

# What a card reads of an abstract and one character more, so it knows when the abstract
# goes on (delegates.card_excerpt); the detail pane loads the whole event.
CARD_ABSTRACT_CHARS = CARD_SOURCE_CHARS + 1


class ShownSchedule(QObject):
    """Which schedule and day the window shows, and the days it groups them into."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.key: str | None = None
        self.info: ScheduleInfo | None = None
        self.zone: tzinfo | None = None  # the schedule's own
        self.days = ScheduleDays(window.library, None)  # read a day at a time
        self.day_list: list[date] = []
        self.current_day: date | None = None
        self._noted_key: str | None = None  # whose notes the banner shows

    def reload(self, schedule_key: str | None = None) -> None:
        """Re-read the library (after start, an import, or a change made elsewhere)."""
        w = self._window
        selected = w.current_event()
        schedules = w.library.schedules()
        keys = [s.key for s in schedules]
        wanted = schedule_key or self.key or w.settings.value("schedule", "", type=str)
        starting = self.key is None  # the window's first reload (or a library without schedules)
        held = w.selection.posters.hold()  # an open poster session
        unplaced = w.selection.not_scheduled.hold()  # the open "Not scheduled" page
        self.key = wanted if wanted in keys else (keys[0] if keys else None)
        w.model.schedule_key = self.key or ""
        w.schedule_box.show_schedules(schedules, self.key)
        w.schedule_action.setVisible(len(schedules) > 1)
        info = self.info = next((s for s in schedules if s.key == self.key), None)
        floating = info is not None and not info.timezone and zoneless(info.notes)
        w.named_actions["schedule_zone"].setEnabled(floating or (info is not None and bool(info.user_zone)))
        w.web.show_origin(self.key, w.refreshed_label, w.named_actions["refresh"])
        self._show_notes(info, floating)
        w.setWindowTitle(f"Planner — {info.title}" if info else "Planner")
        self.days = ScheduleDays(w.library, self.key, info.timezone if info else "",
                                 abstract_chars=CARD_ABSTRACT_CHARS)
        self.zone = self.days.zone
        w.talk.show_schedule(self.days)
        # Times published without a zone are the venue's clock: shown as printed, never converted.
        w.zones.follow(self.zone, floating)
        w.timeline.floating_clock = floating
        self.days.group_in(w.display_zone)
        w.similar.show_schedule(self.key)
        self.day_list = list(self.days)
        w.stars.read()
        rooms = self.days.values("room")
        w.rooms.show_schedule(self.key, rooms, self.days.room_order())
        w.filter_bar.show_choices(self.days.kinds(), rooms, self.days.values("track"))
        # A feed's topics and institutions; a schedule without them hides both boxes.
        topics = (w.library.topics(self.key), w.library.institutions(self.key)) if self.key is not None else ([], [])
        w.filter_bar.show_topics(*topics)
        w.day_bar.set_days(self.day_list)
        w.selection.not_scheduled.show_schedule(self.key)  # its tab, before My agenda lists them
        w.refresh_starred()
        if self.current_day not in self.days:
            self.current_day = None
        if starting and self.key == wanted and (day := window_state.selected_day(w.settings)) in self.days:
            # The day the selected talk was shown on when Planner was closed, at the first
            # paint: not the first day, then a jump to it once the selection is restored.
            self.current_day = day
        w.narrowing.search_again()  # the same words, in this schedule
        self.show_day(self.current_day or (self.day_list[0] if self.day_list else None))
        if held is not None:  # open again with its posters as they are now; closed if it has gone
            w.selection.posters.restore(held)
        elif selected is not None and w.current_event() is None and (
                self.days.event(selected.id) is not None or w.model.block_of(selected.id) is not None):
            w.select_event(selected.id, here=True)  # an update of the shown schedule keeps the talk, at its new time
        w.selection.not_scheduled.restore(unplaced)  # open again, unless none are left

    def _show_notes(self, info: ScheduleInfo | None, floating: bool) -> None:
        """What the schedule file left unsaid (no time zone, repeating events) matters for
        reading every time on screen: say it each time the schedule is shown, and take it
        back when another one is."""
        if info is not None and info.key == self._noted_key:
            return
        banner = self._window.banner
        banner.withdraw(self._noted_key or "")
        self._noted_key = info.key if info is not None else None
        if info is not None and info.notes:
            hint = " To set where they are: View > Time Zone > Schedule's Own Zone…" if floating else ""
            banner.show_message("ℹ " + " ".join(info.notes) + hint, about=info.key)  # U+2139: in DejaVu

    def show_day(self, day: date | None) -> None:
        w = self._window
        if day != self.current_day:
            w.selection.posters.day_changed()  # an open session is one of the day that goes
        self.current_day = day
        events: Sequence[Event] = self.days.get(day, []) if day is not None else []
        w.rooms.show_day(w.model, events, w.display_zone, day, w.narrowing.ids_for_day(events))
        w.model.set_starred(w.starred)
        w.model.set_flags(w.statuses, w.clashes)
        # Each day of each schedule opens where it was left, else at its first event.
        w.timeline.show_place((self.key, day))
        if w.selection.not_scheduled.is_open:
            w.day_bar.show_unscheduled()  # the page stays in front of the day
        elif day is not None:
            w.day_bar.show_day(day)
        # The first start from the outline: events[0] would read a block of the day's events.
        first = DayOutline.of(events).starts[0] if day is not None and events else None
        w.day_bar.set_axis_label(w.zones.axis_label(first))
        w.narrowing.update_counts()
        w.selection.day_shown()  # the selected talk's card, if it is on this day

    def step_day(self, delta: int) -> None:
        """[ and ]: the neighbouring tab of the day bar, as its arrow keys go. The "Not
        scheduled" tab comes after the last day: [ on its page goes back to the last day, and
        ] on the last day opens it; ] on the page has nowhere to go, and says so."""
        w = self._window
        unplaced = w.selection.not_scheduled
        if not self.day_list or self.current_day is None:
            return
        focused = QApplication.focusWidget()
        in_view = focused is not None and w.panes.stack.isAncestorOf(focused)  # the page or the day: it follows
        if unplaced.is_open:
            if delta > 0:
                w.statusBar().showMessage("Not scheduled is the last tab: [ goes back to the days", 5000)
                return
            unplaced.close(focus=False)
            self.show_day(self.day_list[-1])
            if in_view:
                w.shown_view().setFocus(Qt.FocusReason.OtherFocusReason)
            return
        at = self.day_list.index(self.current_day) + delta
        if at == len(self.day_list) and unplaced.entries:
            unplaced.open(focus=in_view)
            return
        self.show_day(self.day_list[min(len(self.day_list) - 1, max(0, at))])

    def choose(self, key: str) -> None:
        """Another schedule, from its first day."""
        self.current_day = None
        self.reload(key)

    def forget(self) -> None:
        """The shown schedule was removed: show whichever is left."""
        self.key, self.current_day = None, None
        self.reload()

    def files_added(self, summaries: Sequence[ImportSummary]) -> None:
        """Show the last file's schedule, and what each file added or changed."""
        self.choose(summaries[-1].key)
        self._window.statusBar().showMessage("; ".join(str(s) for s in summaries), 10000)
        self._window.watch.seen()  # the change is this window's own

    def downloaded(self, key: str, new: bool) -> None:
        """A schedule came from the web: a new one is shown from its first day."""
        if new:
            self.choose(key)
        else:
            self.reload(key)

    def pick_up_changes(self) -> bool:
        """Reload stars, notes and schedules if another process changed the library."""
        w = self._window
        if not w.watch.changed():
            return False
        current = w.selection.kept()  # the pane's talk, though its day is not shown
        schedules = [s.key for s in w.library.schedules()]
        if self.key not in schedules or len(schedules) != w.schedule_box.count():
            self.reload()
        else:
            w.stars.read()
            w.refresh_starred()
        entry = w.selection.not_scheduled.current()
        if entry is not None:  # the pane shows an entry without a time, not the day's card
            if w.library.note(entry.id) != w.detail.note.toPlainText() and not w.detail.note.hasFocus():
                w.selection.not_scheduled.show_again()
        elif current is not None and self.days.event(current.id) is not None:
            note = w.library.note(current.id)
            if note != w.detail.note.toPlainText() and not w.detail.note.hasFocus():
                w.talk.show(current)
        return True

    def choose_zone(self) -> None:
        """Set the zone of a schedule whose file gives none (FOSDEM is in Brussels)."""
        w, info = self._window, self.info
        if info is not None and (zone := w.zones.place_schedule(w.library, info)) is not None:
            w.banner.withdraw(info.key)  # its "no time zone" note no longer holds
            self.reload()
            w.statusBar().showMessage(f"The times of {info.title} are now read in {zone}", 8000)

    def zone_changed(self) -> None:
        """The day tabs are the display zone's days too: regroup them and show the same talks."""
        w = self._window
        current = w.current_event()
        held = w.selection.posters.hold()
        unplaced = w.selection.not_scheduled.hold()
        block = w.model.block_of(current.id) if current is not None else None
        # The talks on screen stay on screen: the selected card (a session's first poster),
        # else the shown day's first of its own (not one running on from an earlier day),
        # decides the day shown next: that talk's own day; but a card running on from an
        # earlier day (a sprint selected on its third day) keeps its day while the new
        # grouping still lists it there. A talk selected on another day stays in the pane:
        # show_day selects its card if the new day has it, and refresh_starred shows it in
        # the new zone (My agenda follows Selection.kept).
        outline = w.model.outline()
        own = (i for row, i in enumerate(outline.ids) if not outline.continues(row))
        anchor = (block.members[0] if block is not None else current.id) if current is not None else next(
            own, next(iter(outline.ids), None))
        row = w.model.row_of(anchor) if anchor is not None else None
        running_on = row is not None and outline.continues(row)
        self.days.group_in(w.display_zone)
        self.day_list = list(self.days)
        w.day_bar.set_days(self.day_list)
        event = self.days.event(anchor) if anchor is not None else None
        if event is not None:
            if not (running_on and self.days.lists(event, self.current_day)):
                self.current_day = self.days.day_of(event)
        elif self.current_day not in self.days:
            self.current_day = self.day_list[0] if self.day_list else None
        w.narrowing.search_again()
        self.show_day(self.current_day)
        w.refresh_starred()
        if held is not None:
            w.selection.posters.restore(held)  # open as it was, its times in the new zone
        elif current is not None:
            w.select_event(current.id, here=True)
        w.selection.not_scheduled.restore(unplaced)  # its pane's other times in the new zone

    def go_now(self) -> None:
        """Scroll to the current time and say what is on now and next, starred first."""
        w = self._window
        now, clock = w.timeline.now(), w.timeline.clock()  # the instant; on the days' clock
        today = self.days.day_at(clock)
        if today in self.days:
            self.show_day(today)
            w.timeline.scroll_to_time(clock)
        current, upcoming = now_and_next(self.days.around(now, w.starred), w.starred, now)
        text = now_and_next_text(current, upcoming, w.starred, w.display_zone)
        w.banner.show_message(text, 30_000)
        w.statusBar().showMessage(text, 10_000)
        # Prefer what is on (or next) on the day shown; before or between conference days,
        # go to the next event wherever it is (select_event switches the day).
        shown = set(w.model.outline().ids)
        model = w.model
        target = next((e for e in current + upcoming if e.id in shown or model.block_of(e.id) is not None), None)
        if target is None and (current or upcoming):
            target = (current + upcoming)[0]
        if target is not None and self.days.event(target.id) is not None:
            if not self.days.lists(target, self.current_day):  # today lists a sprint begun on Monday
                self.show_day(self.days.day_of(target))
            block = model.block_of(target.id)  # a poster now: its session's block, not the session opened
            w.select_event(block.id if block is not None else target.id, here=True)
