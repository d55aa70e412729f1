"""The "Not scheduled" page: the entries a schedule lists without a time, to filter and star.

A feed lists some papers before the conference has placed them (planner.domain.model.
Unscheduled). They have no place on a timeline, so the day bar's last tab opens this page
in the timeline's place: a header saying what these are, a filter over titles, authors,
institutions, topics and boards, and the list (★, kind, title, authors, topic, board).
The page only shows and asks: planner.ui.not_scheduled fills it and stars.

The list's keys and clicks are the poster list's (planner.ui.widgets.starred_list.StarredTree):
S and a click on ★ star, Esc and Backspace go back.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QWidget

from planner.domain.marks import Tier
from planner.domain.model import Kind, Unscheduled
from planner.domain.poster_sessions import matches
from planner.text.readable import readable
from planner.text.wording import counted
from planner.ui.widgets.models import Roles, star_glyph, tier_words
from planner.ui.widgets.poster_list import AUTHORS_SHOWN, topic_label, topic_leaf
from planner.ui.widgets.starred_list import StarredListPage, StarredRows

if TYPE_CHECKING:  # named only in annotations
    pass

Index = QModelIndex | QPersistentModelIndex

STAR, KIND, TITLE, AUTHORS, TOPIC, BOARD = range(6)
HEADERS = ("★", "Kind", "Title", "Authors", "Topic", "Board")
_HEADER_NAMES = ("Starred", "Kind", "Title", "Authors", "Topic", "Board")


def entry_title(entry: Unscheduled) -> str:
    return readable(entry.title, entry.markup).strip() or "Untitled"


def kind_text(entry: Unscheduled) -> str:
    """"Poster", or the type the feed names for one of kind "other" ("Invited Talk")."""
    return entry.type_name if entry.type_name and entry.kind is Kind.OTHER else entry.heading


def summary(entry: Unscheduled) -> str:
    """How messages name an entry, as event_summary names a talk: "Poster: Sparse Attention"."""
    return f"{kind_text(entry)}: {entry_title(entry)}"


def authors_text(entry: Unscheduled) -> str:
    names = [readable(a, entry.markup) for a in entry.authors]
    return ", ".join(names[:AUTHORS_SHOWN]) + (f" +{len(names) - AUTHORS_SHOWN}" if len(names) > AUTHORS_SHOWN else "")


def haystack(entry: Unscheduled) -> str:
    """What the page's filter looks in (as a poster session's: title, authors, their
    institutions, topic, board, and the kind), case-folded once."""
    parts = (entry.title, *entry.authors, *entry.affiliations, entry.topic, entry.poster_position, kind_text(entry))
    return "\n".join(part for part in parts if part).casefold()


class UnscheduledListModel(StarredRows):
    """The entries in the schedule's order, with the ones the filter leaves (set_filter).
    The Unscheduled is Roles.EVENT of every cell."""

    HEADERS = HEADERS
    HEADER_NAMES = _HEADER_NAMES
    STAR_TIP = "Your reading list: a click on a star, or S, stars as must-see, then maybe, then unstars"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._removed: set[str] = set()  # left the schedule; kept because starred or noted

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.model() is not self or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._items[self._rows[index.row()]]
        tier = self._tiers.get(entry.id)
        starred = tier is not None
        column = index.column()
        if role == Roles.EVENT:
            return entry
        if role == Roles.EVENT_ID:
            return entry.id
        if role == Roles.STARRED:
            return starred
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column, tier)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == STAR:
                return tier_words(tier) or "not starred"
            if column == TOPIC:
                return topic_label(entry.topic)
            if column == TITLE:
                by = f", by {authors_text(entry)}" if entry.authors else ""
                return f"{kind_text(entry)}: {entry_title(entry)}{by}{', ' + tier_words(tier) if starred else ''}"
            return self._text(entry, column, tier)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column, tier)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == STAR:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole and column == STAR and starred:
            return self.star_colour
        if role == Qt.ItemDataRole.FontRole and column == TITLE and (entry.cancelled or entry.id in self._removed):
            from PySide6.QtGui import QFont  # only for an entry that will not be presented

            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def _text(self, entry: Unscheduled, column: int, tier: Tier | None) -> str:
        if column == STAR:
            return star_glyph(tier)
        if column == KIND:
            return kind_text(entry)
        if column == TITLE:
            gone = " (no longer in the schedule)" if entry.id in self._removed else ""
            return entry_title(entry) + (" (cancelled)" if entry.cancelled else "") + gone
        if column == AUTHORS:
            return authors_text(entry)
        if column == TOPIC:
            return topic_leaf(entry.topic)
        return entry.poster_position

    def _tooltip(self, entry: Unscheduled, column: int, tier: Tier | None) -> str | None:
        if column == STAR:
            return {None: "Star it for your reading list: S or a click",
                    Tier.MUST: "On your reading list, must-see: S or a click makes it a maybe",
                    Tier.MAYBE: "On your reading list, maybe: S or a click takes it off"}[tier]
        if column == AUTHORS and entry.authors:
            institutions = list(entry.affiliations) + [None] * (len(entry.authors) - len(entry.affiliations))
            lines = [readable(a, entry.markup) + (f" ({i})" if i else "")
                     for a, i in zip(entry.authors, institutions, strict=False)]
            return "<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>"
        if column == TITLE:
            return "<p>" + html.escape(entry_title(entry)) + "</p>"
        if column == TOPIC and entry.topic.strip():
            return "<p>" + html.escape(topic_label(entry.topic)) + "</p>"
        return None

    # -- content ---------------------------------------------------------------------

    def set_entries(self, entries: Sequence[Unscheduled], starred: Collection[str] | Mapping[str, Tier],
                    removed: set[str]) -> None:
        """Show ``entries`` (in the order given), none filtered out; ``starred``: the starred
        ids, or each one's tier."""
        self.beginResetModel()
        self._show(entries, [haystack(e) for e in entries], starred)
        self._removed = set(removed)
        self.endResetModel()

    def entries(self) -> list[Unscheduled]:
        return list(self._items)

    def set_filter(self, text: str) -> None:
        """Only the entries whose text has every word of ``text``."""
        self._narrow([i for i in range(len(self._items)) if not text.strip() or matches(self._texts[i], text)])

class UnscheduledPage(StarredListPage):
    """The page: "← Timeline", what these entries are, the filter and the list.

    Signals:
        backRequested(): "← Timeline", Esc or Backspace.
        starToggled(str): an entry's star was clicked (its id).
        entrySelected(str): the selected entry (its id; "" when none is).
    """

    entrySelected = Signal(str)

    model: UnscheduledListModel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notScheduled")
        self.model = UnscheduledListModel(self)
        self._build_frame(self.model,
                          names=("notScheduled", "notScheduledFilter", "notScheduledShownCount", "notScheduledList"),
                          filter_says=("Filter the entries without a time", "Filter: title, author, institution, topic, kind"),
                          tree_says=("Entries without a time",
                                     "S stars the selected entry for your reading list, Escape goes back to the timeline"),
                          header_says="Columns: star, kind, title, authors, topic and board")
        self.model.modelReset.connect(lambda: self.entrySelected.emit(self.current_id()))

    # -- what is shown -----------------------------------------------------------------

    def show_entries(self, entries: Sequence[Unscheduled], starred: Collection[str] | Mapping[str, Tier],
                     removed: Collection[str] = (), *,
                     keep_filter: bool = False) -> None:
        """The entries, in the order given; the filter starts empty or stays (``keep_filter``)."""
        from planner.ui.widgets import colours  # the star's colour, read on the list's palette

        self.model.star_colour = colours.text_colour(colours.STAR, self.tree.palette())
        if not keep_filter:
            blocked = self.filter.blockSignals(True)
            self.filter.clear()
            self.filter.blockSignals(blocked)
        self.model.set_entries(entries, starred, set(removed))
        self.model.set_filter(self.filter.text())
        # Boards are given only to posters placed in a hall: no column for none.
        self.tree.setColumnHidden(BOARD, not any(e.poster_position for e in entries))
        self._fit_columns()
        self._say()

    def set_starred(self, starred: Collection[str] | Mapping[str, Tier]) -> None:
        self.model.set_starred(starred)
        self._say()

    def current(self) -> Unscheduled | None:
        return super().current()  # type: ignore[no-any-return]  # the model's rows are Unscheduled

    def _selected(self, item_id: str) -> None:
        self.entrySelected.emit(item_id)

    def _say(self) -> None:
        """The heading and the count: what these are, and how a star keeps one."""
        entries = self.model.entries()
        starred = self.model.starred_count()
        details = (f"{counted(len(entries), 'entry', 'entries')} the conference has not given a time yet. "
                   "Star one (S) for your reading list in My agenda.")
        if starred:
            details += f" {starred} starred."
        self.heading.setText(f"<b style='font-size:large'>Not scheduled</b><br>{html.escape(details)}")
        self.heading.setAccessibleName(f"Not scheduled. {details}")
        shown, total = self.model.rowCount(), len(entries)
        self.shown_label.setText(f"{shown} of {total} shown" if shown != total else counted(total, "entry", "entries"))
        self.shown_label.setAccessibleName(self.shown_label.text())

    def _refilter(self) -> None:
        current = self.current_id()
        self.model.set_filter(self.filter.text())
        row = self.model.row_of(current) if current else None
        if row is not None:
            self.tree.setCurrentIndex(self.model.index(row, TITLE))
        self._say()

    def _fit_columns(self) -> None:
        """The title takes what the others leave: it is what is read."""
        fm = self.tree.fontMetrics()
        header = self.tree.header()
        header.resizeSection(STAR, fm.horizontalAdvance("★") + 24)
        kinds = [kind_text(e) for e in self.model.entries()]
        header.resizeSection(KIND, max(fm.horizontalAdvance(k) for k in ["Kind", *kinds]) + 24)
        boards = [e.poster_position for e in self.model.entries()]
        header.resizeSection(BOARD, max(fm.horizontalAdvance(b) for b in ["Board", *boards]) + 24)
        rest = self.tree.viewport().width() - header.sectionSize(STAR) - header.sectionSize(KIND)
        header.resizeSection(AUTHORS, max(80, min(280, rest * 28 // 100)))
        header.resizeSection(TOPIC, max(70, min(200, rest * 20 // 100)))

def overview_html(entries: Sequence[Unscheduled], starred: set[str]) -> str:
    """The detail pane while the page shows no entry: what the list is, and how to use it."""
    picked = [e for e in entries if e.id in starred]
    parts = ["<h2 style='margin-bottom:2px'>Not scheduled</h2>",
             f"<p>{html.escape(counted(len(entries), 'entry', 'entries'))} without a time: the conference has not "
             "placed them yet. They are on no day and in no calendar export.</p>",
             "<p>Select one in the list to read it here; <b>S</b> stars it for your reading list (at the end "
             "of My agenda), <b>Esc</b> goes back to the timeline.</p>"]
    if picked:
        parts.append("<h4 style='margin-bottom:2px'>On your reading list</h4><p style='margin-top:0'>" + "<br>".join(
            html.escape(f"{kind_text(e)}: {entry_title(e)}") for e in picked) + "</p>")
    return "".join(parts)
