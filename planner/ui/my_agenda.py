"""What a star or a note changes on screen: the cards, My agenda, reminders and the detail pane.

planner.ui.stars writes stars to the library (with undo); this shows what the library
then holds, everywhere at once, so a card's star and its tier (must-see or maybe), My
agenda and the reminders never disagree with each other or with the database. Starred entries without a time (planner.ui.
not_scheduled) are My agenda's reading list, after the days: they remind of nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from planner.domain.marks import Tier
from planner.domain.model import Event, Kind
from planner.store import StoreError
from planner.ui import dialogs
from planner.ui.later import Later

if TYPE_CHECKING:
    from planner.ui.after_event import AfterEvent
    from planner.ui.main_window import MainWindow
    from planner.ui.plan_view import PlanView


class MyAgenda(QObject):
    """The starred talks of the shown schedule, shown on the cards and in My agenda, and
    the day's plan made from them (``plan``: planner.ui.plan_view).

    Signals:
        refreshed(): the stars, tiers and plans the library holds now are on screen.
        noteSaved(str): the note of that event id was written to the library (what My
            agenda sends elsewhere, a calendar server, changed).
    """

    refreshed = Signal()
    noteSaved = Signal(str)

    # Made when first wanted, or once the window is on screen (planner.ui.later): their
    # modules (the day planner, Watch later's exports) are not needed for the first paint.
    plan: Later[PlanView] = Later(lambda agenda: agenda._make_plan())  # the day's plan, Plan B
    after: Later[AfterEvent] = Later(lambda agenda: agenda._make_after())  # attended or missed

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        # Where a tier is chosen rather than cycled: My agenda's M and menu, the detail pane's menu.
        window.agenda.tierRequested.connect(self.set_tier)
        window.detail.tierChosen.connect(self.set_tier)
        # What the plan and the marks follow from the start comes through here.
        window.agenda.planRequested.connect(lambda: self.plan.plan_day())
        window.talk.showing.connect(self._talk_shown)

    def _make_plan(self) -> PlanView:
        from planner.ui import plan_view  # lazy: see above

        return plan_view.install(self._window, self)

    def _make_after(self) -> AfterEvent:
        from planner.ui import after_event  # lazy: see above

        return after_event.install(self._window)

    def _talk_shown(self, event: Event | None) -> None:
        """The detail pane shows ``event`` (None: no talk): its Plan B and its marks. With
        neither made yet, no talk has had them, and none has them to take away."""
        if event is None and not MyAgenda.plan.made(self) and not MyAgenda.after.made(self):
            return
        self.plan.talk_shown(event)
        self.after.talk_shown(event)

    def toggle_current(self) -> None:
        """S: the selected talk's star, cycled: not starred, must-see, maybe, not starred. The
        talk in the detail pane while another day is shown too, as its Star button does."""
        w = self._window
        event = w.selection.kept()
        if event is None:
            w.statusBar().showMessage("Select a talk first (J / K or the arrow keys), then press S", 5000)
            return
        if event.kind is Kind.BREAK:
            # As its card (no ☆) and the pane's greyed Star button say: S starred it all the
            # same, into My agenda, the export and every clash, with no ☆ to take it out.
            w.statusBar().showMessage("A break is not starred: it is in everyone's day", 5000)
            return
        w.stars.cycle(event.id, w.days)

    def set_tier(self, event_id: str, tier: Tier | None) -> None:
        """Star ``event_id`` in ``tier`` (None: unstar), with undo."""
        self._window.stars.set_tier(event_id, tier, self._window.days)

    def refresh(self) -> None:
        """Show the stars the library holds now, and what follows from them."""
        w = self._window
        w.stars.tally(w.days)
        w.model.set_starred(w.starred)
        w.model.set_tiers(w.stars.tiers)
        w.model.set_flags(w.statuses, w.clashes)
        planned = w.library.planned_ids()
        w.model.set_planned(planned)
        w.agenda.model.set_planned(planned)  # My agenda's rows say "planned" as the cards do
        self._show_agenda()
        w.reminders.set_events(w.stars.reminding())
        current = w.selection.kept()  # the pane's talk, though its day is not shown
        if current is not None:
            w.talk.refresh(current)
        w.selection.not_scheduled.stars_changed()
        if w.named_actions["starred_only"].isChecked():
            w.narrowing.apply()
        w.narrowing.update_counts()
        self.refreshed.emit()

    def save_note(self, event_id: str, text: str) -> None:
        try:
            self._window.library.set_note(event_id, text)
        except StoreError as exc:
            dialogs.warning(self._window, "Planner", f"The note could not be saved: {exc}")
            return
        self._show_agenda()
        self.noteSaved.emit(event_id)

    def _show_agenda(self) -> None:
        w = self._window
        unplaced = w.selection.not_scheduled
        w.agenda.set_agenda(w.starred_events, w.zone, w.statuses, w.clashes, w.library.notes(),
                            display_zone=w.display_zone, reading=unplaced.starred_entries(), removed=unplaced.removed,
                            tiers=w.stars.tiers)
        entry = unplaced.current()
        current = entry if entry is not None else w.selection.kept()
        if current is not None:
            w.agenda.select(current.id)
