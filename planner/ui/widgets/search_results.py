"""Every match of the search, across the schedule's days: the list beside the timeline.

The timeline shows one day; an attendee searching for a talk does not know which day it
is on. The list groups the matches by day (title, time, room), then the matching entries
that have no time yet under "Not scheduled", and choosing one asks the window to go to its
card (or to the entry on the "Not scheduled" page).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import date, tzinfo

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from planner.domain.model import Event, Unscheduled
from planner.text.readable import readable
from planner.text.wording import clock_range, counted
from planner.ui.widgets.focus_outline import outline_focus
from planner.ui.widgets.followed_row import follow_selected

EVENT_ID = Qt.ItemDataRole.UserRole + 1


class SearchResults(QTreeWidget):
    """The search's matches grouped by day; at most ``limit`` talks are listed.

    Signals:
        chosen(str): the id of the talk the attendee chose (click, Enter).
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, limit: int = 300) -> None:
        super().__init__(parent)
        self.limit = limit
        self.setObjectName("searchResults")
        self.setAccessibleName("Search results, every day")
        self.header().setAccessibleName("Columns: time, talk and room")
        # Two columns: in the narrow left pane a third (the room) left the title a few letters.
        self.setColumnCount(2)
        self.setHeaderLabels(["Time", "Talk · room"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        outline_focus(self)  # its selected row's text stays HighlightedText
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)

    def show_results(self, groups: Sequence[tuple[date, Collection[str], Sequence[Event]]], total: int,
                     zone: tzinfo | None, prefer_day: date | None = None,
                     unscheduled: Sequence[Unscheduled] = ()) -> None:
        """Show ``groups`` (day, the ids of all its matches, the first of them as events in
        start order) of ``total`` matches,
        times in the display ``zone``; the first match of ``prefer_day`` (the day shown)
        becomes current, else the first match. The ``unscheduled`` entries it finds (they
        have no day) are the last group, "Not scheduled"."""
        self.clear()
        listed = 0
        current: QTreeWidgetItem | None = None
        for day, ids, events in groups:
            if listed >= self.limit:
                break
            header = self._group(f"{day:%a %d %b} · {counted(len(ids), 'match', 'matches')}")
            for event in events[: self.limit - listed]:
                title = readable(event.title, event.markup) or event.kind.label
                # A poster is found by its board in its hall: its session opens on it (planner.ui.poster_session).
                where = " · ".join(part for part in (title, event.poster_position.strip(), event.room) if part)
                item = QTreeWidgetItem(header, [clock_range(event, zone), where])
                item.setData(0, EVENT_ID, event.id)
                item.setToolTip(1, where)
                if event.cancelled:
                    item.setText(1, f"{where} (cancelled)")
                if current is None and (prefer_day is None or day == prefer_day):
                    current = item
                listed += 1
        if unscheduled:
            header = self._group(f"Not scheduled · {counted(len(unscheduled), 'match', 'matches')}")
            header.setToolTip(0, "Entries the conference has not given a time yet")
            for entry in unscheduled:
                title = readable(entry.title, entry.markup) or entry.kind.label
                where = " · ".join(part for part in (title, entry.heading, entry.poster_position.strip()) if part)
                item = QTreeWidgetItem(header, ["no time", where])
                item.setData(0, EVENT_ID, entry.id)
                item.setToolTip(1, where)
        if listed < total:
            more = QTreeWidgetItem(self, [f"… and {total - listed} more: type more words to narrow the search"])
            more.setFirstColumnSpanned(True)
            more.setFlags(Qt.ItemFlag.NoItemFlags)
        self.expandAll()
        self.resizeColumnToContents(0)
        if current is None:
            current = next(self._talks(), None)
        if current is not None:
            self.setCurrentItem(current)
            self.scrollToItem(current)

    def _group(self, text: str) -> QTreeWidgetItem:
        """A group's heading row: a day, or the entries without a time."""
        header = QTreeWidgetItem(self, [text])
        header.setFirstColumnSpanned(True)
        header.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = header.font(0)
        font.setBold(True)
        header.setFont(0, font)
        return header

    def _talks(self) -> Iterator[QTreeWidgetItem]:
        for i in range(self.topLevelItemCount()):
            header = self.topLevelItem(i)
            assert header is not None  # i < topLevelItemCount()
            for j in range(header.childCount()):
                talk = header.child(j)
                assert talk is not None  # j < childCount()
                yield talk

    def current_id(self) -> str:
        item = self.currentItem()
        return str(item.data(0, EVENT_ID) or "") if item is not None else ""

    def follow(self, event_id: str) -> None:
        """The window's selected talk is now ``event_id`` ("": none): its row is the
        highlighted one if it is listed, else none is (planner.ui.widgets.followed_row)."""
        follow_selected(self, self.index_of(event_id) if event_id else QModelIndex())

    def step(self, delta: int) -> None:
        """Move the current match by ``delta`` talks (Up/Down from the search box)."""
        talks = list(self._talks())
        if not talks:
            return
        item = self.currentItem()
        i = talks.index(item) if item in talks else -1
        target = talks[max(0, min(len(talks) - 1, i + delta))]
        self.setCurrentItem(target)
        self.scrollToItem(target)

    def current_words(self) -> str:
        """The current match as a screen reader should hear it: "Title · room, 18:15–18:30,
        Tue 03 Jun" ("" when there is none)."""
        item = self.currentItem()
        if item is None or not item.data(0, EVENT_ID):
            return ""
        group = item.parent()
        day = group.text(0).split(" · ")[0] if group is not None else ""
        return ", ".join(part for part in (item.text(1), item.text(0), day) if part)

    def choose_current(self) -> bool:
        """Say chosen for the current match; False when there is none."""
        event_id = self.current_id()
        if event_id:
            self.chosen.emit(event_id)
        return bool(event_id)

    def _activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        event_id = item.data(0, EVENT_ID)
        if event_id:
            self.chosen.emit(str(event_id))

    def index_of(self, event_id: str) -> QModelIndex:
        for item in self._talks():
            if item.data(0, EVENT_ID) == event_id:
                return self.indexFromItem(item)
        return QModelIndex()
