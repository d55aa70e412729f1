"""Plan my day in the window: the shown day planned (planner.services.planning), shown in
My agenda as the day's path, accepted, re-planned around a Plan B, with free time filled.

The plan on screen is always worked out from what the library holds now: My agenda's
``refreshed`` (stars, tiers, an update of the schedule, another display zone) plans the
same day again, around the same Plan B; another schedule closes it. A talk of an accepted
plan has its Plan B whether its day's plan is on screen or not, and B plans that day around
the talk chosen and shows the plan. Planning reads the whole schedule, ~18 ms at 1,000
events: a schedule of more than PLAN_SYNC_LIMIT events is planned on a worker
(planner.ui.workers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Signal

from planner.domain.model import Event, Kind
from planner.domain.planning import DEFAULT_WALK, Buildings, alternatives, venue_buildings
from planner.domain.similar import SimilarityIndex
from planner.domain.suggestions import suggest
from planner.services.planning import DayResult, UnknownDay, accept, plan_days, replan
from planner.store import Library, StoreError
from planner.text.readable import event_summary
from planner.text.wording import clock_range
from planner.ui import dialogs
from planner.ui.widgets import tab_order
from planner.ui.widgets.plan_b import Alternative, PlanBPanel
from planner.ui.widgets.plan_list import PlanPanel, plan_rows
from planner.ui.workers import Worker

if TYPE_CHECKING:
    from planner.ui.main_window import MainWindow
    from planner.ui.my_agenda import MyAgenda

_Answer = tuple[tuple[str, date, int, int], list[DayResult]]  # what PlanWork.work() returns
PLAN_SYNC_LIMIT = 2000  # events of a schedule planned on the GUI thread (~36 ms at most)
WALK_KEY = "walkMinutes"
FRIENDS_KEY = "planWithFriends"
SUGGESTED = 3  # talks suggested for each free stretch


class PlanWork(Worker):
    """Plans one day of one schedule; ``finished`` carries (request, [DayResult])."""

    thread_name = "plan-day"

    def __init__(self, library_path: Path, request: tuple[str, date, int, int],
                 days_in: tuple[tzinfo, int] | None, parent: QObject | None = None, *,
                 with_friends: bool = False) -> None:
        super().__init__(parent)
        self.library_path, self.request, self.days_in = library_path, request, days_in
        self.with_friends = with_friends

    def work(self) -> _Answer:
        key, day, walk, _ = self.request
        other = Library(self.library_path)  # its own connection: one per thread
        try:
            return self.request, plan_days(other, schedule_key=key, date=day, walk=walk, days_in=self.days_in,
                                           with_friends=self.with_friends)
        finally:
            other.close()


def _describe(event: Event, zone: tzinfo | None) -> str:
    return f"{clock_range(event, zone)} {event_summary(event)}" + (f" · {event.room}" if event.room else "")


class PlanView(QObject):
    """The day's plan in My agenda, and Plan B in the detail pane.

    Signals:
        planned(): the plan on screen was worked out anew (or closed); tests wait on it.
    """

    planned = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.result: DayResult | None = None  # the plan on screen; None: My agenda as usual
        self.job: PlanWork | None = None
        self._generation = 0  # a worker's answer to an older request is dropped
        self._asked = False  # the attendee asked (Shift+P), rather than a refresh: say why nothing shows
        # Both made when first wanted, not for the first paint (a spin box and two lists).
        self._panel: PlanPanel | None = None
        self._plan_b: PlanBPanel | None = None

    @property
    def panel(self) -> PlanPanel:
        """The plan's page in My agenda."""
        if self._panel is None:
            w = self._window
            self._panel = panel = PlanPanel(self.walk, w.agenda)
            panel.hide()
            panel.eventSelected.connect(w.select_event)
            panel.acceptRequested.connect(self.accept)
            panel.closeRequested.connect(self.close)
            panel.walkChanged.connect(self.set_walk)
            panel.friendsToggled.connect(self.set_with_friends)
            tab_order.after(w.agenda.tree, panel)  # in the list's place in My agenda: Tab's too
        return self._panel

    @property
    def plan_b(self) -> PlanBPanel:
        """Plan B under the detail pane's note."""
        if self._plan_b is None:
            self._plan_b = PlanBPanel(self._window.detail)
            self._window.detail.add_section(self._plan_b)
            tab_order.after(self._window.detail.note, self._plan_b)  # under the note, as laid out
            self._plan_b.swapRequested.connect(self.swap_in_talk)
        return self._plan_b

    # -- the walking time (QSettings: a preference of this window, not of the library) --

    @property
    def walk(self) -> int:
        value = self._window.settings.value(WALK_KEY, DEFAULT_WALK)
        try:
            return max(0, int(cast("int | str", value)))
        except (TypeError, ValueError):
            return DEFAULT_WALK

    def set_walk(self, minutes: int) -> None:
        """Minutes between two rooms of one building (twice that between buildings): plan again."""
        self._window.settings.setValue(WALK_KEY, minutes)
        if self._panel is not None and self.panel.walk.value() != minutes:
            self.panel.walk.setValue(minutes)  # its valueChanged comes back here: nothing to do then
        if self.result is not None:
            self._plan(self.result.schedule_key, self.result.day, self.result.plan.forced)

    # -- friends' picks weighed up (QSettings, as the walk) ------------------------------

    @property
    def with_friends(self) -> bool:
        """Whether a starred talk a friend picked is worth more (planner.services.planning)."""
        return str(self._window.settings.value(FRIENDS_KEY, "false")).lower() == "true"

    def set_with_friends(self, on: bool) -> None:
        self._window.settings.setValue(FRIENDS_KEY, "true" if on else "false")
        if self.result is not None:
            self._plan(self.result.schedule_key, self.result.day, self.result.plan.forced)

    # -- planning --------------------------------------------------------------------

    def plan_day(self) -> None:
        """Shift+P or Plan my day: plan the day the window shows."""
        w = self._window
        if w.schedule_key is None or w.current_day is None:
            w.statusBar().showMessage("Open a schedule first: there is no day to plan", 5000)
            return
        self._asked = True
        self._plan(w.schedule_key, w.current_day, "")

    def refresh(self) -> None:
        """Stars, the schedule or the zone changed (My agenda was shown anew): plan the same
        day again, around the same Plan B; another schedule on screen closes the plan."""
        result = self.result
        if result is None:
            return
        if result.schedule_key != self._window.schedule_key:
            self.close()
            return
        self._plan(result.schedule_key, result.day, result.plan.forced)

    def _days_in(self) -> tuple[tzinfo, int] | None:
        """The window's days (the display zone's, planner.store.schedule_days.group_in): the
        day planned is the day on screen, whatever zone the attendee reads it in."""
        days = self._window.days
        return (days.day_zone, days.change_hour) if days.day_zone is not None else None

    def _plan(self, key: str, day: date, forced: str) -> None:
        self._generation += 1
        request = (key, day, self.walk, self._generation)
        if self._window.days.count > PLAN_SYNC_LIMIT:
            self.job = PlanWork(self._window.library.path, request, self._days_in(), self,
                                with_friends=self._friends_on())
            self.job.finished.connect(lambda payload: self._planned(*cast(_Answer, payload), forced))
            self.job.failed.connect(self._failed)
            self.job.start()
            return
        try:
            results = plan_days(self._window.library, schedule_key=key, date=day, walk=request[2],
                                days_in=self._days_in(), with_friends=self._friends_on())
        except (UnknownDay, KeyError, StoreError) as exc:
            self._cannot(str(exc))
            return
        self._planned(request, results, forced)

    def _friends_on(self) -> bool:
        """Plan with friends when asked and there are friends; the box shows only then."""
        has = self._window.library.has_friends()
        if self._panel is not None:
            self.panel.show_friends_choice(has, self.with_friends)
        return has and self.with_friends

    def _failed(self, reason: str) -> None:
        self._cannot(reason)

    def _cannot(self, reason: str) -> None:
        self.close()
        self._window.statusBar().showMessage(f"The day could not be planned: {reason}", 8000)

    def _planned(self, request: tuple[str, date, int, int], results: list[DayResult], forced: str) -> None:
        if request[3] != self._generation:
            return  # asked again meanwhile
        asked, self._asked = self._asked, False
        result = results[0] if results else None
        w = self._window
        if result is None or not (result.starred or result.accepted):
            self.close()
            if asked:
                w.statusBar().showMessage(
                    f"Nothing on {request[1]:%a %d %b} is starred: star talks (S), then plan the day", 6000)
            return
        if forced and forced in result.events:
            try:
                result = replan(result, result.events[forced])
            except ValueError:  # cancelled meanwhile: the plain plan
                pass
        self.result = result
        self._show()

    def _show(self) -> None:
        result, w = self.result, self._window
        assert result is not None
        zone = w.display_zone or result.zone
        rows = plan_rows(result, zone, self._gap_suggestions(result), names=self._name)
        talks = len(result.plan.plan)
        accepted = result.is_accepted
        heading = (f"<b>PLAN FOR {result.day.strftime('%a %d %b').upper()}</b> · {talks} talk{'s' if talks != 1 else ''}"
                   + (" · ✓ accepted" if accepted else " · not accepted yet"))
        if result.plan.forced in result.events:
            heading += f"<br>Plan B: around {event_summary(result.events[result.plan.forced])}"
        if not talks:
            heading += "<br>Nothing starred on this day any more"
        current = w.current_event()
        self.panel.show_plan(heading, rows, accepted=accepted, selected=current.id if current is not None else "")
        if not talks and result.accepted:
            self.panel.accept_button.setEnabled(True)  # accepting the empty plan clears the stored one
        w.agenda.show_page(self.panel)
        self._show_plan_b(current)
        self.planned.emit()

    def _name(self, event_id: str) -> str:
        try:
            return event_summary(self._window.library.event(event_id))
        except StoreError:
            return "a talk no longer in the schedule"

    def close(self) -> None:
        """Back to My agenda; an accepted plan stays accepted."""
        was = self.result is not None
        self.result = None
        self._generation += 1  # a worker still planning is not shown
        if self._window.agenda.page is not None:
            self._window.agenda.show_page(None)
        self._show_plan_b(self._window.current_event())  # an accepted plan's talk keeps its Plan B
        if was:
            self.planned.emit()

    def accept(self) -> None:
        """Store the plan on screen as the day's: its talks are planned (stars stay)."""
        result, w = self.result, self._window
        if result is None:
            return
        try:
            accept(w.library, result)
        except StoreError as exc:
            dialogs.warning(w, "Planner", f"The plan could not be saved: {dialogs.as_plain(str(exc))}")
            return
        talks = len(result.plan.plan)
        w.my_agenda.refresh()  # the cards' marks, and this plan again, now accepted
        w.statusBar().showMessage(f"Plan accepted: {talks} talk{'s' if talks != 1 else ''} planned on "
                                  f"{result.day:%a %d %b}" if talks else
                                  f"No talk is planned on {result.day:%a %d %b} any more", 5000)

    # -- Plan B ------------------------------------------------------------------------

    def talk_shown(self, event: Event | None) -> None:
        """The detail pane shows ``event`` (None: no talk): its Plan B."""
        self._show_plan_b(event)

    def follow(self, event_id: str) -> None:
        """Another talk is selected (planner.ui.selection): its row in the plan on screen, or none."""
        if self._panel is not None:
            self.panel.select(event_id)

    def _show_plan_b(self, event: Event | None) -> None:
        result = self.result
        found: list[Alternative] = []
        if event is not None and result is not None and event.id in result.events:
            if event.id in result.plan.plan:
                found = self._alternatives(event, result.events.values(), result.buildings, result.schedule_key,
                                           self._window.display_zone or result.zone)
        elif event is not None:
            found = self._accepted_alternatives(event)
        if found or self._plan_b is not None:
            self.plan_b.show_alternatives(found)

    def _accepted_alternatives(self, event: Event) -> list[Alternative]:
        """Plan B of a talk in an accepted plan while no plan of its day is on screen: from
        the talks of its day the window already holds, so that selecting it plans nothing."""
        w = self._window
        if w.schedule_key is None or event.schedule != w.schedule_key or event.id not in w.library.planned_ids():
            return []
        day = w.days.day_of(event)
        if day not in w.days:
            return []
        # All the schedule's rooms decide whether the venue has buildings, as in planning.
        buildings = venue_buildings(w.days.values("room"))
        return self._alternatives(event, w.days[day], buildings, w.schedule_key, w.display_zone or w.zone)

    def _alternatives(self, talk: Event, events: Iterable[Event], buildings: Buildings | None, key: str,
                      zone: tzinfo | None) -> list[Alternative]:
        """What else runs while ``talk`` does: same room, same building, other building,
        then the most like it, then by start."""
        where: Callable[[str], str] = buildings or (lambda room: room)
        others = [e for e in alternatives(talk, events) if e.kind is not Kind.BREAK]
        index = self._index(key)
        alike = dict(index.similar(talk.id, limit=len(index))) if index is not None else {}

        def distance(other: Event) -> tuple[int, str]:
            if other.room and other.room == talk.room:
                return 0, "same room"
            if other.room and talk.room and where(other.room) == where(talk.room):
                return 1, "same building" if where(talk.room) else "another room"
            return 2, "other building" if where(talk.room) or where(other.room) else "another room"

        ranked = sorted(others, key=lambda e: (distance(e)[0], -alike.get(e.id, 0.0), e.start, e.id))
        return [Alternative(e.id, _describe(e, zone), distance(e)[1]) for e in ranked]

    def swap_in(self) -> None:
        """B: plan the day around the Plan B chosen in the detail pane, or around the
        selected talk when it is not planned."""
        w = self._window
        chosen = self.plan_b.chosen() if self._plan_b is not None else ""
        if chosen:
            self.swap_in_talk(chosen)
            return
        current = w.current_event()
        if current is None:
            w.statusBar().showMessage("Select a talk first: B plans the day around it (Plan B)", 5000)
            return
        self.swap_in_talk(current.id)

    def swap_in_talk(self, event_id: str) -> None:
        """Plan the day around ``event_id`` (not accepted until Accept)."""
        w = self._window
        result = self.result
        if result is None or event_id not in result.events:
            event = w.days.event(event_id)
            if event is None or w.schedule_key is None:
                return
            try:
                days = plan_days(w.library, schedule_key=w.schedule_key, date=w.days.day_of(event), walk=self.walk,
                                 days_in=self._days_in(), with_friends=self._friends_on())
            except (UnknownDay, KeyError, StoreError):
                days = []
            result = days[0] if days else None
            if result is None or event_id not in result.events:
                w.statusBar().showMessage(f"{event_summary(event)} is on no day that can be planned", 5000)
                return
        forced = result.events[event_id]
        try:
            self.result = replan(result, forced)
        except ValueError:
            w.statusBar().showMessage(
                f"{event_summary(forced)} cannot be planned: it is cancelled, all day or runs for days", 5000)
            return
        self._show()
        w.select_event(event_id)
        left = [event_summary(result.events[d.id]) for d in self.result.plan.dropped if d.id in result.events
                and event_id in d.because]
        w.statusBar().showMessage(f"Plan B: {event_summary(forced)} is in the plan"
                                  + (f", instead of {', '.join(left)}" if left else "")
                                  + " — not accepted yet", 8000)

    # -- free time ---------------------------------------------------------------------

    def _gap_suggestions(self, result: DayResult) -> dict[int, list[Event]]:
        """For each free stretch, the SUGGESTED unstarred talks that fit in it most like what
        is starred, listed in time order: under a plan read as a timetable, "12:30" above
        "12:10" read as a mistake."""
        if not result.plan.gaps:
            return {}
        stars = self._window.stars
        index = self._index(result.schedule_key)
        score: dict[str, float] = {}
        if index is not None and stars.starred:
            score = {s.event_id: s.score for s in suggest(index, stars.starred, limit=len(index))}
        found: dict[int, list[Event]] = {}
        for n, gap in enumerate(result.plan.gaps):
            fits = [e for e in result.events.values()
                    if e.id not in stars.starred and not e.cancelled and not e.all_day and e.kind.has_subject
                    and not stars.removed(e.id) and gap.start <= e.start and e.end <= gap.end]
            fits.sort(key=lambda e: (-score.get(e.id, 0.0), e.start, e.id))
            if fits:
                found[n] = sorted(fits[:SUGGESTED], key=lambda e: (e.start, e.id))
        return found

    def _index(self, key: str) -> SimilarityIndex | None:
        """The shown schedule's similarity index, shared with More like this: built here for
        a small schedule, else only once it has been built in the background."""
        similar = self._window.similar
        if similar.key != key:
            return None
        # Up to PLAN_SYNC_LIMIT, as the plan itself: Plan B ranks by likeness whether or not
        # More like this (which builds at once only up to SYNC_SIMILAR_LIMIT) has built it yet.
        if similar.index is None and self._window.days.count <= PLAN_SYNC_LIMIT:
            similar.index = SimilarityIndex(self._window.library.events(schedule_key=key))
        return similar.index


def install(window: MainWindow, my_agenda: MyAgenda) -> PlanView:
    """Plan my day in ``window``: its page in ``my_agenda``, Plan B in the detail pane, and
    the re-plan whenever My agenda is shown anew. ``my_agenda`` makes it when first wanted
    and passes it the Plan my day button and the detail pane's talk (talk_shown)."""
    view = PlanView(window)
    my_agenda.refreshed.connect(view.refresh)
    window.selection.changed.connect(view.follow)
    return view
