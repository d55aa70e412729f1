"""Plan my day, as My agenda shows it: the day's path, the walks between rooms, the free
stretches with what could fill them, and the starred talks left out with the talk that won.

The rows are worked out by plan_rows() from a planned day (planner.services.planning) in
the display zone; the panel only shows them, as a model and a list view, and says what the
attendee asked for through signals (planner.ui.plan_view acts on them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.days import event_times
from planner.domain.marks import Tier
from planner.domain.model import Event
from planner.domain.planning import Skip, same_place
from planner.services.planning import DayResult
from planner.text.readable import event_summary, readable
from planner.text.wording import board_place
from planner.ui.widgets.check_box import CheckBox
from planner.ui.widgets.colours import muted
from planner.ui.widgets.focus_outline import outline_focus
from planner.ui.widgets.followed_row import follow_selected
from planner.ui.widgets.models import Roles, star_glyph, text_tooltip

Index = QModelIndex | QPersistentModelIndex


class Row(Enum):
    """What a row of the plan is."""

    TALK = "talk"  # a planned talk, a stop of the path
    WALK = "walk"  # the walk between two planned talks in different rooms
    GAP = "gap"  # a free stretch of MIN_GAP or more
    SUGGESTION = "suggestion"  # an unstarred talk that fits a free stretch
    HEADING = "heading"  # "Left out"
    DROPPED = "dropped"  # a starred talk the plan leaves out, and why


@dataclass(frozen=True, slots=True)
class PlanRow:
    kind: Row
    text: str
    spoken: str  # what a screen reader says
    event_id: str = ""  # "" for a row that is no talk
    tip: str = ""


KIND = Qt.ItemDataRole.UserRole + 50  # a row's Row


def _clock(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def _title(event: Event) -> str:
    return event_summary(event)


def _mark(tier: Tier | None) -> str:
    """"☆ maybe · " before a maybe's title, as My agenda marks it; a must-see is the plain case."""
    return f"{star_glyph(tier)} maybe · " if tier is Tier.MAYBE else ""


def _place(event: Event) -> str:
    """Where to go: the room; without one the session (a virtual conference's stream); and
    a poster's board, by which it is found in its hall."""
    room = event.room or readable(event.session, event.markup) or "room not given"
    board = board_place(event.poster_position)
    return f"{room} · {board}" if board else room


def walk_words(result: DayResult, before: Event, after: Event) -> tuple[str, str] | None:
    """The walk from ``before``'s room to ``after``'s, as shown and as spoken; None in one
    room, or in one session of talks without rooms (planner.domain.planning.same_place)."""
    if same_place(before, after):
        return None
    if not after.room:
        return f"↓ up to {2 * result.walk} min to the next room (not given)", \
            f"walk up to {2 * result.walk} minutes to the next room, which the schedule does not name"
    where = result.buildings
    # One venue (no building codes: planner.domain.planning.venue_buildings) is one building.
    if where is not None and where(before.room) == where(after.room):
        return f"↓ walk {result.walk} min to {after.room}", f"walk {result.walk} minutes to {after.room}"
    return (f"↓ walk {2 * result.walk} min to {after.room}, other building",
            f"walk {2 * result.walk} minutes to {after.room}, in another building")


def plan_rows(result: DayResult, zone: tzinfo | None, suggestions: Mapping[int, Sequence[Event]] | None = None,
              names: Callable[[str], str] | None = None) -> list[PlanRow]:
    """The rows of ``result``'s plan with times in ``zone`` (the display zone).

    ``suggestions``: for the plan's gaps by their number, the talks suggested to fill them.
    ``names``: how a talk the day no longer holds is named (never by its id).
    """
    events = result.events
    suggestions = suggestions or {}

    def times(event: Event) -> tuple[datetime, datetime]:
        return event_times(event, zone)

    def name(event_id: str) -> str:
        event = events.get(event_id)
        if event is not None:
            return _title(event)
        return names(event_id) if names is not None else "a talk no longer in the schedule"

    def local(moment: datetime) -> datetime:
        if result.floating or zone is None:
            return moment
        return moment.astimezone(zone)

    rows: list[PlanRow] = []
    gaps = {gap.start: (n, gap) for n, gap in enumerate(result.plan.gaps)}
    planned = result.planned
    accepted = result.is_accepted
    for k, event in enumerate(planned):
        start, end = times(event)
        tier = result.tier(event.id)
        mark = _mark(tier)
        forced = " (Plan B)" if event.id == result.plan.forced else ""
        # Attended since the night before (the day before's plan): the day is planned around it.
        carried = (f" (from {result.day - timedelta(days=1):%a %d %b}'s plan)"
                   if event.id == result.plan.carried else "")
        # Weighed up for a friend's pick (planning with friends): the plan says why it won.
        friend = event.id in result.friends
        rows.append(PlanRow(
            Row.TALK, f"{_clock(start)}–{_clock(end)}  {mark}{_title(event)}{forced}{carried}\n    {_place(event)}"
            + (" · a friend's pick" if friend else ""),
            ", ".join(p for p in (f"{_clock(start)} to {_clock(end)}", _title(event), f"in {_place(event)}",
                                  tier.label.lower() if tier is not None else "not starred",
                                  "a friend's pick" if friend else "",
                                  "Plan B" if forced else "", carried.strip(" ()"),
                                  "planned" if accepted else "in the plan") if p),
            event.id, text_tooltip(f"{_title(event)}\n{_clock(start)}–{_clock(end)} in {_place(event)}")))
        if k + 1 == len(planned):
            break
        after = planned[k + 1]
        found = gaps.get(event.end)
        if found is not None and found[1].end == after.start:  # not between posters of one session
            n, gap = found
            first, last = local(gap.start), local(gap.end)
            hours, minutes = divmod(gap.minutes, 60)
            length = f"{hours} h {minutes:02d} min" if hours and minutes else f"{hours} h" if hours else f"{minutes} min"
            offered = list(suggestions.get(n, ()))
            rows.append(PlanRow(
                Row.GAP, f"free {_clock(first)}–{_clock(last)} ({length})"
                + (": you could see" if offered else ""),
                f"free from {_clock(first)} to {_clock(last)}, {length}"
                + (f", {len(offered)} suggestions follow" if offered else "")))
            for other in offered:
                o_start, o_end = times(other)
                rows.append(PlanRow(
                    Row.SUGGESTION, f"    {_clock(o_start)}  {_title(other)} · {_place(other)}",
                    f"suggestion for the free time: {_title(other)}, {_clock(o_start)} to {_clock(o_end)}, "
                    f"in {_place(other)}, not starred", other.id,
                    text_tooltip(f"{_title(other)}\n{_clock(o_start)}–{_clock(o_end)} in {_place(other)}\n"
                                 "Not starred: Enter shows it, S stars it")))
        walk = walk_words(result, event, after)
        if walk is not None:
            rows.append(PlanRow(Row.WALK, f"    {walk[0]}", walk[1]))
    left_out = [d for d in result.plan.dropped if d.id in events]
    skipped = [s for s in result.plan.skipped if s.id in events]
    removed = [i for i in result.removed if i in events]
    if left_out or skipped or removed:
        count = len(left_out) + len(skipped) + len(removed)
        rows.append(PlanRow(Row.HEADING, f"Left out ({count})", f"left out of the plan: {count} starred talks"))
    for dropped in left_out:
        event = events[dropped.id]
        start, _ = times(event)
        winners = [name(i) for i in dropped.because]
        because = winners[0] if len(winners) == 1 else ", ".join(winners[:-1]) + " and " + winners[-1]
        rows.append(PlanRow(
            Row.DROPPED, f"{_clock(start)}  {_mark(result.tier(event.id))}{_title(event)}\n    clashes with {because}",
            f"left out: {_title(event)}, {_clock(start)}, in {_place(event)}, clashes with {because}", event.id,
            text_tooltip(f"{_title(event)}\nLeft out: it clashes with {because}, walking time included.\n"
                         "Select it and press B to plan the day around it instead.")))
    reasons = {Skip.CANCELLED: "cancelled", Skip.ALL_DAY: "all day: no time to plan around",
               Skip.DAYS: "runs for days, beside the talks: no time to plan around",
               Skip.NO_TIME: "its time is broken"}
    for skip in skipped:
        event = events[skip.id]
        rows.append(PlanRow(Row.DROPPED, f"{_title(event)}\n    {reasons[skip.reason]}",
                            f"left out: {_title(event)}, {reasons[skip.reason]}", event.id))
    for event_id in removed:
        event = events[event_id]
        rows.append(PlanRow(Row.DROPPED, f"{_title(event)}\n    no longer in the schedule",
                            f"left out: {_title(event)}, no longer in the schedule", event_id))
    return rows


class PlanModel(QAbstractListModel):
    """The plan's rows; a talk's rows (planned, suggested, left out) carry its id."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PlanRow] = []

    def set_rows(self, rows: Sequence[PlanRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[PlanRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.model() is not self or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.spoken
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tip or None
        if role == Roles.EVENT_ID:
            return row.event_id or None
        if role == KIND:
            return row.kind
        if role == Qt.ItemDataRole.FontRole and row.kind in (Row.HEADING, Row.TALK, Row.SUGGESTION):
            # The path stands out; a suggestion, not starred, reads as an aside of its free time.
            font = QFont()
            font.setBold(row.kind is not Row.SUGGESTION)
            font.setItalic(row.kind is Row.SUGGESTION)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].event_id:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled

    def index_of(self, event_id: str) -> QModelIndex:
        for row, item in enumerate(self._rows):
            if item.event_id == event_id:
                return self.index(row, 0)
        return QModelIndex()


class PlanDelegate(QStyledItemDelegate):
    """Wrapped rows; what is not on the path (walks, free time, left-out talks) in muted text."""

    MUTED = (Row.WALK, Row.GAP, Row.DROPPED)

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        if index.data(KIND) in self.MUTED:
            palette = QPalette(option.palette)
            base = palette.color(QPalette.ColorRole.Base)
            palette.setColor(QPalette.ColorRole.Text, muted(palette.color(QPalette.ColorRole.Text), base, 0.4))
            option.palette = palette

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        view = self.parent()
        assert isinstance(view, QListView)  # made by PlanPanel for its list
        option = QStyleOptionViewItem(option)
        self.initStyleOption(option, index)
        width = max(60, view.viewport().width() - 12)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        rect = QFontMetrics(option.font).boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(width, rect.height() + 6)


class PlanListView(QListView):
    """The plan's list: Enter or a click on a talk shows it; Esc closes the plan.

    Signals:
        closeRequested()
    """

    closeRequested = Signal()

    def event(self, event: QEvent) -> bool:
        # Esc is also the window's Clear Search: here it closes the plan, so it must reach
        # keyPressEvent (as in planner.ui.widgets.starred_list's lists).
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.closeRequested.emit()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # wrapped rows change height with the width


class PlanPanel(QWidget):
    """The plan of one day: a heading that says whose and whether it is accepted, the
    rows, the walking time between rooms, Accept and Close.

    Signals:
        eventSelected(str): a talk's row was selected (planned, suggested or left out).
        acceptRequested(): Accept plan was pressed.
        closeRequested(): Close plan (or Esc in the list): back to My agenda.
        walkChanged(int): the minutes between two rooms of one building.
    """

    eventSelected = Signal(str)
    acceptRequested = Signal()
    closeRequested = Signal()
    walkChanged = Signal(int)
    friendsToggled = Signal(bool)

    def __init__(self, walk: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planPanel")
        self.heading = QLabel(self)
        self.heading.setObjectName("planHeading")
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Plan of the day")
        self.model = PlanModel(self)
        self.list = PlanListView(self)
        outline_focus(self.list)  # its selected row's text stays HighlightedText
        self.list.setModel(self.model)
        self.list.setItemDelegate(PlanDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setUniformItemSizes(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setAccessibleName("Plan of the day: the talks in order, the walks and free time, then those left out")
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.list.closeRequested.connect(self.closeRequested)
        self.walk_label = QLabel("&Walk between rooms:", self)
        self.walk = QSpinBox(self)
        self.walk.setRange(0, 60)
        self.walk.setSuffix(" min")
        self.walk.setValue(walk)
        self.walk.setAccessibleName("Minutes to walk between two rooms; twice that between buildings")
        self.walk.setToolTip("Minutes to walk between two rooms of one building; twice that between buildings")
        self.walk_label.setBuddy(self.walk)
        self.walk.valueChanged.connect(self.walkChanged)
        # Shown when the library has friends (planner.ui.plan_view).
        self.friends_box = CheckBox("Prefer talks &friends picked", self)
        self.friends_box.setAccessibleName("Prefer talks friends picked: each is worth one more in the plan")
        self.friends_box.setToolTip("A starred talk a friend picked counts one more: a must-see still beats a "
                                    "maybe, but of two equal talks the one with a friend wins")
        self.friends_box.hide()
        self.friends_box.clicked.connect(self.friendsToggled)
        self.accept_button = QPushButton("&Accept plan", self)
        self.accept_button.setAccessibleName("Accept this plan: mark its talks planned")
        self.accept_button.setToolTip("Mark these talks as your plan for the day (your stars stay as they are)")
        self.accept_button.clicked.connect(self.acceptRequested)
        self.close_button = QPushButton("Close plan", self)
        self.close_button.setAccessibleName("Close the plan: back to My agenda")
        self.close_button.setToolTip("Back to My agenda (Esc in the plan); an accepted plan stays accepted")
        self.close_button.clicked.connect(self.closeRequested)
        walk_row = QHBoxLayout()
        walk_row.addWidget(self.walk_label)
        walk_row.addWidget(self.walk)
        walk_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(walk_row)
        layout.addWidget(self.friends_box)
        layout.addLayout(buttons)

    def show_plan(self, heading: str, rows: Sequence[PlanRow], *, accepted: bool, selected: str = "") -> None:
        self.heading.setText(heading)
        blocked = self.list.selectionModel().blockSignals(True)
        try:
            self.model.set_rows(rows)
            index = self.model.index_of(selected) if selected else QModelIndex()
            if index.isValid():
                self.list.setCurrentIndex(index)
        finally:
            self.list.selectionModel().blockSignals(blocked)
        self.accept_button.setEnabled(not accepted and any(r.kind is Row.TALK for r in rows))
        self.accept_button.setText("✓ Accepted" if accepted else "&Accept plan")

    def show_friends_choice(self, shown: bool, on: bool) -> None:
        self.friends_box.setVisible(shown)
        self.friends_box.setChecked(on)

    def select(self, event_id: str) -> None:
        """Follow the window's selection without asking for it again: the talk's row
        highlighted, or none when the plan does not list it ("": no talk selected)."""
        follow_selected(self.list, self.model.index_of(event_id) if event_id else QModelIndex())

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        event_id = current.data(Roles.EVENT_ID) if current.isValid() else None
        if event_id:
            self.eventSelected.emit(str(event_id))
