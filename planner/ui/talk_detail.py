"""The detail pane's talk: the whole event, its star and the star's tier, status, clashes, note and similar
talks, shown in the one display zone, and kept so when any of them changes. A selected
poster session (a block of the timeline) shows what it holds instead: no star, no note. An
entry without a time (planner.ui.not_scheduled) shows with its star and note, and no time."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QObject, Signal

from planner.domain.model import Event, Unscheduled
from planner.store import Library, StoreError
from planner.store.schedule_days import ScheduleDays
from planner.ui.display_zone import DisplayZone
from planner.ui.similar import SimilarEvents
from planner.ui.stars import Stars
from planner.ui.widgets.detail import DetailPane


class TalkDetail(QObject):
    """Fills ``pane`` with a talk of the shown schedule (``show_schedule``).

    Signals:
        showing(object): the pane shows this talk (an Event) anew, or no talk (None): the
            sections other modules add to the pane (Plan B) follow it.
    """

    showing = Signal(object)

    def __init__(self, library: Library, pane: DetailPane, stars: Stars, zones: DisplayZone,
                 similar: SimilarEvents, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library, self.pane, self.stars, self.zones, self.similar = library, pane, stars, zones, similar
        self.days: ScheduleDays | None = None
        self.zone: tzinfo | None = None  # the conference's
        self.session = ""  # the id of the poster session shown (show_session), "" for a talk or nothing
        similar.ready.connect(self._similar_ready)

    @property
    def shown(self) -> Event | None:
        return self.pane.current

    def show_schedule(self, days: ScheduleDays) -> None:
        """The window shows ``days`` now (another schedule, or the same one updated). A talk
        of another schedule leaves the pane: it would be shown in this one's clock, and its
        Star button would act on a talk not on screen."""
        self.days, self.zone = days, days.zone
        if self.shown is not None:
            # The same schedule read again (an update) shows the talk as it is now: the pane
            # must not keep the time it was moved from.
            self.show(days.event(self.shown.id) if self.shown.schedule == days.key else None)
        elif self.session or self.pane.entry is not None:  # shown again by what selects it again
            self.show(None)

    def show(self, event: Event | None) -> None:
        self.session = ""
        if event is None:
            self.pane.show_event(None)
            self.showing.emit(None)
            return
        self.pane.flush_note()  # save a pending edit first: it may be this event's note
        self._show(self._full(event), note=self.library.note(event.id))

    def show_session(self, block_id: str, body: str) -> None:
        """A poster session (planner.ui.poster_session): its summary, with the Star button
        and the note off: a session is not starred, its posters are."""
        self.show(None)
        self.session = block_id
        self.pane.badge.setText("<b>POSTER SESSION</b>")
        self.pane.browser.show_html(body)

    def show_unscheduled(self, entry: Unscheduled, *, removed: bool = False) -> None:
        """An entry without a time, with its star and note, and the paper's other
        presentations (an oral with a time, times in the display zone)."""
        self.session = ""
        self.showing.emit(None)
        self.pane.flush_note()  # save a pending edit first: it may be this entry's note
        timed, others = self.library.paper_mates(entry)
        self.pane.show_unscheduled(
            entry, starred=entry.id in self.stars.starred, tier=self.stars.tier(entry.id),
            note=self.library.note(entry.id), removed=removed,
            same_paper=self.library.events_by_id(timed, abstract_chars=0), also=others,
            display=self.zones.zone or self.zone)

    def show_overview(self, badge: str, body: str) -> None:
        """What a page shows when nothing on it is selected: no star, no note."""
        self.show(None)
        self.pane.badge.setText(f"<b>{badge}</b>")
        self.pane.browser.show_html(body)

    def refresh(self, event: Event | None) -> None:
        """Stars, statuses or the zone changed: show ``event`` (the selected one) again,
        keeping the note as typed."""
        # Only the talk the pane shows: the timeline's current row can still be another
        # schedule's while a switch is under way, and its star must not show on an empty pane.
        if event is None or self.shown is None or self.shown.id != event.id:
            return
        self.pane.set_tier(self.stars.tier(event.id))
        self._show(self.shown, note=self.pane.note.toPlainText())

    def _show(self, event: Event, *, note: str) -> None:
        stars = self.stars
        self.pane.show_event(
            event, starred=event.id in stars.starred, tier=stars.tier(event.id), zone=self.zone,
            status=stars.statuses.get(event.id),
            clashes=stars.clashes.get(event.id), note=note, display=self.zones.zone, wall_clock=self.zones.zoneless,
            same_paper=self.library.paper_events(event),
            friends=self.library.friends_by_event([event.id]).get(event.id, ()),
            # The days it is on (a sprint's five), as the shown schedule's day tabs group them.
            days=self.days.days_of(event) if self.days is not None and event.schedule == self.days.key else (),
        )
        self._show_similar(event)
        self.showing.emit(event)

    def _full(self, event: Event) -> Event:
        """The whole event: the timeline holds only the start of each abstract."""
        try:
            return self.library.event(event.id)
        except StoreError:
            return event

    def _show_similar(self, event: Event) -> None:
        """More like this: from the TF-IDF index, built in the background for big schedules."""
        if self.days is None:
            return
        if not event.kind.has_subject:  # breaks and Q&A slots are never indexed: no list will come
            self.pane.set_similar([])
            return
        found = self.similar.similar_to(event.id, self.days)
        if found is None:
            self.pane.set_similar_pending()  # _similar_ready shows the list
        else:
            self.pane.set_similar(found, self.zones.zone or self.zone)

    def _similar_ready(self) -> None:
        if self.shown is not None:
            self._show_similar(self.shown)
