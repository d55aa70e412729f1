"""The search box and the filters: kinds, room, track and starred only, as one toolbar
that says what to show with one Filters value."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QToolBar, QToolButton, QWidget

from planner.domain.days import DayOutline
from planner.domain.model import Kind


@dataclass(frozen=True)
class Filters:
    """What the filter bar lets through."""

    text: str = ""
    hidden_kinds: frozenset[str] = field(default_factory=frozenset)  # Kind values, or "other"
    room: str = ""
    track: str = ""
    starred_only: bool = False

    def ids(self, day: DayOutline, starred: set[str], search_ids: set[str] | None) -> set[str] | None:
        """Ids of ``day``'s events that pass, given the search's matches (None: no search,
        and None back when nothing is filtered)."""
        hidden_kinds, only_starred, room, track = self.hidden_kinds, self.starred_only, self.room, self.track
        if search_ids is None and not hidden_kinds and not only_starred and not room and not track:
            return None
        # The day's outline has what the filters look at: no event needs to be read.
        result = set()
        for event_id, kind, event_room, event_track in zip(day.ids, day.kinds, day.rooms, day.tracks, strict=True):
            # The kind's group only when a kind is hidden: enum lookups per event are the
            # slowest part of this loop, which runs on every search keystroke.
            if hidden_kinds and (kind.value if kind.is_talk else "other") in hidden_kinds:
                continue
            if only_starred and event_id not in starred:
                continue
            if (room and event_room != room) or (track and event_track != track):
                continue
            if search_ids is not None and event_id not in search_ids:
                continue
            result.add(event_id)
        return result


class FilterBar(QToolBar):
    """Search box, kind toggles, room and track boxes and the starred-only toggle; the
    window adds its own widgets around them.

    Signals:
        changed(object): the new Filters, on every change of any part.
        searchChanged(str): the search text changed (changed follows).
        searchEntered(): Enter in the search box.
        searchCleared(): Esc cleared the search box (clear_search).
    """

    changed = Signal(object)
    searchChanged = Signal(str)
    searchEntered = Signal()
    searchCleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Search and filters", parent)
        self.setObjectName("mainToolbar")
        self.setMovable(False)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search every day: title, author, abstract, room…  (Ctrl+F)")
        self.search.setAccessibleName("Search events")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.kind_buttons: dict[str, QToolButton] = {}
        self.kind_bar = QWidget(self)
        self.kind_layout = QHBoxLayout(self.kind_bar)
        self.kind_layout.setContentsMargins(6, 0, 6, 0)
        self.kind_layout.setSpacing(2)
        self.starred_only = QToolButton(self)
        self.starred_only.setText("★ Starred only")
        self.starred_only.setCheckable(True)
        self.starred_only.setAccessibleName("Show starred events only")
        self.room_box = QComboBox(self)
        self.room_box.setAccessibleName("Filter by room")
        self.room_box.setToolTip("Show only events in one room")
        self.track_box = QComboBox(self)
        self.track_box.setAccessibleName("Filter by track")
        self.track_box.setToolTip("Show only events in one track")
        for box in (self.room_box, self.track_box):
            # Long room names must not push the rest of the toolbar out of sight.
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(14)
        self.starred_action: QAction | None = None
        self.addWidget(self.search)
        self.addWidget(self.kind_bar)
        # Each shown when the schedule has more than one room (track): see show_choices.
        self.room_action = self.addWidget(self.room_box)
        self.track_action = self.addWidget(self.track_box)
        self.addWidget(self.starred_only)

        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.searchEntered)
        self.room_box.currentIndexChanged.connect(self._changed)
        self.track_box.currentIndexChanged.connect(self._changed)

    def set_starred_action(self, action: QAction) -> None:
        """The window's Starred Only command (View menu, Ctrl+Shift+S) drives the toggle."""
        self.starred_action = action
        self.starred_only.setDefaultAction(action)
        action.setText("★ Starred only")

    def filters(self) -> Filters:
        return Filters(
            text=self.search.text(),
            hidden_kinds=frozenset(k for k, b in self.kind_buttons.items() if not b.isChecked()),
            room=self.room_box.currentData() or "",
            track=self.track_box.currentData() or "",
            starred_only=self.starred_action.isChecked() if self.starred_action else self.starred_only.isChecked(),
        )

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def show_choices(self, kinds: set[Kind], rooms: list[str], tracks: list[str]) -> None:
        """Offer the filters this schedule needs, each set to show everything."""
        self._build_kind_buttons(kinds)
        for box, action, values, everything in ((self.room_box, self.room_action, rooms, "All rooms"),
                                                (self.track_box, self.track_action, tracks, "All tracks")):
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, "")
            for value in values:
                box.addItem(value, value)
            box.setCurrentIndex(0)
            box.blockSignals(False)
            action.setVisible(len(values) > 1)

    def _build_kind_buttons(self, present: Iterable[Kind]) -> None:
        """One toggle per talk kind in this schedule, plus Other for breaks and slots."""
        for button in self.kind_buttons.values():
            # Out of the layout now: deleteLater alone would leave it on screen until the
            # event loop runs again.
            self.kind_layout.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.kind_buttons.clear()  # the same dict: the window names it too
        present = set(present)
        groups = [k.value for k in Kind if k.is_talk and k in present]
        if present - {Kind(k) for k in groups}:
            groups.append("other")
        for group in groups if len(groups) > 1 else []:
            button = QToolButton(self.kind_bar)
            button.setText(Kind(group).label if group != "other" else "Other")
            button.setCheckable(True)
            button.setChecked(True)
            button.setAccessibleName(f"Show {button.text()} events")
            button.setToolTip(f"Show or hide {button.text().lower()} events")
            button.toggled.connect(self._changed)
            self.kind_layout.addWidget(button)
            self.kind_buttons[group] = button
        self.kind_bar.setVisible(bool(self.kind_buttons))
        self.kind_bar.adjustSize()

    def _search_changed(self, text: str) -> None:
        self.searchChanged.emit(text)
        self._changed()

    def clear_search(self) -> None:
        """Esc, from anywhere in the window (Edit > Clear Search): empty the box."""
        if self.search.text():
            self.search.clear()
        self.searchCleared.emit()

    def _changed(self) -> None:
        self.changed.emit(self.filters())
