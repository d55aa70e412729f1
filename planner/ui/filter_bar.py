"""The search box and the filters: kinds, track, topic, institution and starred only, as one
toolbar that says what to show with one Filters value; and the Rooms button
(planner.ui.rooms), whose choice leaves rooms out rather than dimming their talks."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QHBoxLayout, QLineEdit, QToolBar, QToolButton, QWidget

from planner.domain.days import DayOutline
from planner.domain.model import Kind
from planner.ui.rooms import RoomButton, RoomChoice
from planner.ui.widgets import tab_order
from planner.ui.widgets.check_box import CheckBox


@dataclass(frozen=True)
class Filters:
    """What the filter bar lets through."""

    text: str = ""
    hidden_kinds: frozenset[str] = field(default_factory=frozenset)  # Kind values, or "other"
    track: str = ""
    starred_only: bool = False
    # Academic feeds (planner.formats.virtualsite): a topic, with the topics under it
    # ("Theory" takes "Theory->Learning Theory"), and an author's institution. The store
    # answers which events have them (Library.ids_with); see planner.ui.narrowing.
    topic: str = ""
    institution: str = ""
    # Only the talks a friend picked (planner.ui.friends): the ids come with the day.
    friends_only: bool = False

    def ids(self, day: DayOutline, starred: set[str], search_ids: set[str] | None,
            picked: Collection[str] = frozenset()) -> set[str] | None:
        """Ids of ``day``'s events that pass, given the search's matches (None: no search,
        and None back when nothing is filtered) and the talks friends picked."""
        hidden_kinds, only_starred, track = self.hidden_kinds, self.starred_only, self.track
        only_friends = self.friends_only
        if search_ids is None and not hidden_kinds and not only_starred and not track and not only_friends:
            return None
        # The day's outline has what the filters look at: no event needs to be read.
        result = set()
        for event_id, kind, event_track in zip(day.ids, day.kinds, day.tracks, strict=True):
            # The kind's group only when a kind is hidden: enum lookups per event are the
            # slowest part of this loop, which runs on every search keystroke.
            if hidden_kinds and (kind.value if kind.is_talk else "other") in hidden_kinds:
                continue
            if only_starred and event_id not in starred:
                continue
            if only_friends and event_id not in picked:
                continue
            if track and event_track != track:
                continue
            if search_ids is not None and event_id not in search_ids:
                continue
            result.add(event_id)
        return result


class FilterBar(QToolBar):
    """Search box, kind toggles, the Rooms button, the track box and the starred-only
    toggle; the window adds its own widgets around them.

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
        self.search.setPlaceholderText("Search all days…  (Ctrl+F)")
        self.search.setAccessibleName("Search events")
        self.search.setToolTip("Finds talks on every day by title, speaker, abstract, room or your note; "
                               "Up / Down walk the matches, Enter goes to one, Esc clears")
        self.search.setClearButtonEnabled(True)
        for button in self.search.findChildren(QToolButton):  # the clear button Qt adds
            button.setAccessibleName("Clear the search")
        self.search.setMinimumWidth(260)
        self.kind_buttons: dict[str, QToolButton] = {}
        self.kind_bar = QWidget(self)
        self.kind_layout = QHBoxLayout(self.kind_bar)
        self.kind_layout.setContentsMargins(6, 0, 6, 0)
        self.kind_layout.setSpacing(2)
        # A check box, not a tool button: a flat tool button that is off reads as a label,
        # while a box reads as a toggle whether ticked or not.
        self.starred_only = CheckBox("★ Starred only", self)
        self.starred_only.setAccessibleName("Show starred events only")
        self.starred_only.setToolTip("Show only the events you starred (Ctrl+Shift+S)")
        self.starred_only.clicked.connect(self._starred_clicked)
        self.friends_only = CheckBox("Friends' picks", self)
        self.friends_only.setAccessibleName("Show the talks your friends picked only")
        self.friends_only.setToolTip("Show only the talks a friend picked (Ctrl+Shift+F); "
                                     "File › Friends' Agendas… adds a friend's exported agenda")
        self.friends_only.clicked.connect(self._friends_clicked)
        self.friends_action: QAction | None = None
        self.room_button = RoomButton(self)  # its choice is a RoomChoice: see use_rooms
        self.track_box = QComboBox(self)
        self.track_box.setAccessibleName("Filter by track")
        self.track_box.setToolTip("Show only events in one track")
        # Long track names must not push the rest of the toolbar out of sight.
        self.track_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.track_box.setMinimumContentsLength(14)
        self.topic_box = QComboBox(self)
        self.topic_box.setAccessibleName("Filter by topic")
        self.topic_box.setToolTip("Show only papers in one topic (a topic takes the topics under it)")
        self.topic_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.topic_box.setMinimumContentsLength(16)
        self.institution_box = QComboBox(self)
        self.institution_box.setAccessibleName("Filter by institution")
        self.institution_box.setToolTip("Show only papers with an author from one institution: type part of its name")
        # Thousands of institutions: typing any part of a name ("Stanf") finds it.
        self.institution_box.setEditable(True)
        self.institution_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.institution_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.institution_box.setMinimumContentsLength(14)
        completer = self.institution_box.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        line = self.institution_box.lineEdit()
        if line is not None:
            line.setPlaceholderText("Any institution")
            line.setAccessibleName("Institution")
        self.starred_action: QAction | None = None
        self.addWidget(self.search)
        self.addWidget(self.kind_bar)
        # Each shown when the schedule has more than one room (track): see show_choices.
        self.room_action = self.addWidget(self.room_button)
        self.track_action = self.addWidget(self.track_box)
        self.topic_action = self.addWidget(self.topic_box)  # shown for schedules with topics
        self.institution_action = self.addWidget(self.institution_box)  # ... with institutions
        self.addWidget(self.starred_only)
        self.friends_only_action = self.addWidget(self.friends_only)  # shown once there are friends
        self.friends_only_action.setVisible(False)

        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.searchEntered)
        self.track_box.currentIndexChanged.connect(self._changed)
        self.topic_box.currentIndexChanged.connect(self._changed)
        self.institution_box.currentIndexChanged.connect(self._changed)
        self.show_topics([], [])

    def use_rooms(self, choice: RoomChoice) -> None:
        """The Rooms button shows and changes ``choice``; a change is a change of filters."""
        self.room_button.use(choice)
        choice.changed.connect(self._changed)

    def set_starred_action(self, action: QAction) -> None:
        """The window's Starred Only command (View menu, Ctrl+Shift+S) and the box are one
        toggle: the box shows the command's state, and a click on the box triggers it."""
        self.starred_action = action
        self._tie(self.starred_only, action)

    def set_friends_action(self, action: QAction) -> None:
        """View › Friends' Picks Only and the box are one toggle, as set_starred_action."""
        self.friends_action = action
        self._tie(self.friends_only, action)

    @staticmethod
    def _tie(box: QCheckBox, action: QAction) -> None:
        action.toggled.connect(box.setChecked)
        box.setChecked(action.isChecked())

    def show_friends(self, shown: bool) -> None:
        """Offer the Friends' picks box while the library has friends."""
        self.friends_only_action.setVisible(shown)

    def _friends_clicked(self, checked: bool) -> None:
        self._box_clicked(self.friends_action, checked)

    def _starred_clicked(self, checked: bool) -> None:
        self._box_clicked(self.starred_action, checked)

    def _box_clicked(self, action: QAction | None, checked: bool) -> None:
        # clicked, not toggled: only the user's click or Space, never the command's own
        # change coming back through setChecked.
        if action is None:
            self._changed()
        elif action.isChecked() != checked:
            action.trigger()  # the command's handler applies the filter

    @staticmethod
    def _on(box: QCheckBox, action: QAction | None) -> bool:
        return action.isChecked() if action is not None else box.isChecked()

    def filters(self) -> Filters:
        return Filters(
            text=self.search.text(),
            hidden_kinds=frozenset(k for k, b in self.kind_buttons.items() if not b.isChecked()),
            track=self.track_box.currentData() or "",
            starred_only=self._on(self.starred_only, self.starred_action),
            topic=self.topic_box.currentData() or "",
            institution=self._institution(),
            friends_only=self._on(self.friends_only, self.friends_action),
        )

    def _institution(self) -> str:
        """The chosen institution; "" while what is typed names none of them."""
        box = self.institution_box
        if box.currentIndex() <= 0 or box.currentText() != box.itemText(box.currentIndex()):
            return ""
        return str(box.currentData() or "")

    def show_topics(self, topics: list[tuple[str, int]], institutions: list[tuple[str, int]]) -> None:
        """Offer the schedule's topics (each parent with its count, its topics beneath) and
        institutions, each with how many events have it; hidden for schedules without."""
        box = self.topic_box
        box.blockSignals(True)
        box.clear()
        box.addItem("All topics", "")
        groups: dict[str, list[tuple[str, int]]] = {}
        for topic, count in topics:
            parent = topic.split("->", 1)[0] if "->" in topic else topic
            groups.setdefault(parent, []).append((topic, count))
        order = sorted(groups, key=lambda g: (-sum(n for _, n in groups[g]), g))
        for parent in order:
            members = groups[parent]
            total = sum(n for _, n in members)
            if len(members) == 1 and members[0][0] == parent:
                box.addItem(f"{parent} ({total})", parent)
                continue
            box.addItem(f"{parent} — all ({total})", parent)
            for topic, count in members:
                if topic != parent:
                    box.addItem(f"    {topic.split('->', 1)[1]} ({count})", topic)
        box.setCurrentIndex(0)
        box.blockSignals(False)
        self.topic_action.setVisible(bool(topics))
        box = self.institution_box
        box.blockSignals(True)
        box.clear()
        box.addItem("", "")  # any institution: an empty box
        for institution, count in institutions:
            box.addItem(institution, institution)
            box.setItemData(box.count() - 1, f"{count} events", Qt.ItemDataRole.ToolTipRole)
        box.setCurrentIndex(0)
        box.blockSignals(False)
        self.institution_action.setVisible(bool(institutions))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def show_choices(self, kinds: set[Kind], rooms: list[str], tracks: list[str]) -> None:
        """Offer the filters this schedule needs, each set to show everything (the rooms'
        choice is the schedule's own, remembered: RoomChoice.show_schedule)."""
        self._build_kind_buttons(kinds)
        self.room_action.setVisible(len(rooms) > 1)
        box = self.track_box
        box.blockSignals(True)
        box.clear()
        box.addItem("All tracks", "")
        for value in tracks:
            box.addItem(value, value)
        box.setCurrentIndex(0)
        box.blockSignals(False)
        self.track_action.setVisible(len(tracks) > 1)

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
        tab_order.chain(self.search, *self.kind_buttons.values())  # made per schedule: as laid out

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
