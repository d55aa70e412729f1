"""An opened poster session: its posters as a list, by board, to filter and star.

A session of 400 posters is one block on the timeline (planner.domain.poster_sessions);
opening it shows this page in its place: a header saying which session it is, a filter
over the posters' titles, authors, institutions, topics and boards, a topic choice with
counts, and the list itself (★, board, title, authors, topic) in the order the hall is
walked. The page only shows and asks: planner.ui.poster_session fills it and stars.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QWidget,
)

from planner.domain.marks import Tier
from planner.domain.model import Event
from planner.domain.poster_sessions import haystack, matches, topic_counts
from planner.text.readable import readable
from planner.ui.widgets.models import Roles, star_glyph, tier_words
from planner.ui.widgets.starred_list import StarredListPage, StarredRows

if TYPE_CHECKING:  # named only in annotations
    pass

Index = QModelIndex | QPersistentModelIndex

STAR, BOARD, TITLE, AUTHORS, TOPIC = range(5)
HEADERS = ("★", "Board", "Title", "Authors", "Topic")
_HEADER_NAMES = ("Starred", "Board", "Title", "Authors", "Topic")
ALL_TOPICS = None  # the topic choice that filters nothing
AUTHORS_SHOWN = 6  # names in the Authors column; the tooltip and the detail pane list them all


def topic_label(topic: str) -> str:
    """"Theory->Learning Theory" as read: "Theory › Learning Theory"; "" as "No topic"."""
    return " › ".join(part.strip() for part in topic.split("->")) if topic.strip() else "No topic"


def topic_leaf(topic: str) -> str:
    """The most specific part of a topic ("Learning Theory"): what tells a column's rows apart."""
    return topic.split("->")[-1].strip()


def authors_text(poster: Event) -> str:
    names = [readable(a, poster.markup) for a in poster.authors]
    return ", ".join(names[:AUTHORS_SHOWN]) + (f" +{len(names) - AUTHORS_SHOWN}" if len(names) > AUTHORS_SHOWN else "")


# What a click on a poster's star (or S) does next, as its tooltip says it.
STAR_TIPS: dict[Tier | None, str] = {
    None: "Star it as must-see: S or a click",
    Tier.MUST: "Must-see: S or a click makes it a maybe",
    Tier.MAYBE: "Maybe: S or a click unstars it",
}


GONE = " (no longer in the schedule)"  # after the title of a poster an update took out


class PosterListModel(StarredRows):
    """A session's posters in board order (as given), with the ones the filter and the
    topic choice leave (set_filter). The Event is Roles.EVENT of every cell. A poster
    that left the schedule in an update (kept because starred) is listed, marked as the
    window marks a removed talk, and not counted among the session's (count)."""

    HEADERS = HEADERS
    HEADER_NAMES = _HEADER_NAMES
    STAR_TIP = "Starred posters: a click on a star, or S, stars as must-see, then maybe, then unstars"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._removed: set[str] = set()  # posters no longer in the schedule (set_posters)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.model() is not self or not 0 <= index.row() < len(self._rows):
            return None
        poster = self._items[self._rows[index.row()]]
        tier = self._tiers.get(poster.id)
        starred = tier is not None
        column = index.column()
        if role == Roles.EVENT:
            return poster
        if role == Roles.EVENT_ID:
            return poster.id
        if role == Roles.STARRED:
            return starred
        if role == Qt.ItemDataRole.DisplayRole:
            if column == STAR:
                return star_glyph(tier)
            if column == BOARD:
                return poster.poster_position
            if column == TITLE:
                return (readable(poster.title, poster.markup) + (" (cancelled)" if poster.cancelled else "")
                        + (GONE if poster.id in self._removed else ""))
            if column == AUTHORS:
                return authors_text(poster)
            return topic_leaf(poster.topic)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == STAR:
                return tier_words(tier) or "not starred"
            if column == TOPIC:
                return topic_label(poster.topic)
            if column == TITLE:
                board = f"Board {poster.poster_position.lstrip('#')}: " if poster.poster_position else ""
                by = f", by {authors_text(poster)}" if poster.authors else ""
                gone = GONE.strip(" ()") if poster.id in self._removed else ""
                return (f"{board}{readable(poster.title, poster.markup)}{by}{', ' + tier_words(tier) if starred else ''}"
                        + (f", {gone}" if gone else ""))
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == STAR:
                return STAR_TIPS[tier]
            if column == AUTHORS and poster.authors:
                institutions = list(poster.affiliations) + [None] * (len(poster.authors) - len(poster.affiliations))
                lines = [readable(a, poster.markup) + (f" ({i})" if i else "")
                         for a, i in zip(poster.authors, institutions, strict=False)]
                return "<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>"
            if column == TITLE:
                return "<p>" + html.escape(readable(poster.title, poster.markup)) + "</p>"
            if column == TOPIC and poster.topic.strip():
                return "<p>" + html.escape(topic_label(poster.topic)) + "</p>"
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == STAR:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole and column == STAR and starred:
            return self.star_colour
        if role == Qt.ItemDataRole.FontRole and column == TITLE and (poster.cancelled or poster.id in self._removed):
            from PySide6.QtGui import QFont  # only for a poster that will not be presented

            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    # -- content ---------------------------------------------------------------------

    def set_posters(self, posters: Sequence[Event], starred: Collection[str] | Mapping[str, Tier],
                    removed: Collection[str] = ()) -> None:
        """Show ``posters`` (in the order given: the hall's), none filtered out; ``starred``:
        the starred ids, or each one's tier; ``removed``: those no longer in the schedule."""
        self.beginResetModel()
        self._show(posters, [haystack(p) for p in posters], starred)
        self._removed = {p.id for p in posters if p.id in removed}
        self.endResetModel()

    def posters(self) -> list[Event]:
        return list(self._items)

    def count(self) -> int:
        """The session's posters still in the schedule (see the class docstring)."""
        return len(self._items) - len(self._removed)

    def set_filter(self, text: str, topic: str | None) -> None:
        """Only the posters whose text has every word of ``text`` and whose topic is
        ``topic`` (None: any topic)."""
        self._narrow([i for i, p in enumerate(self._items)
                      if (topic is None or p.topic.strip() == topic) and (not text.strip() or matches(self._texts[i], text))])

class PosterSessionPage(StarredListPage):
    """The page of an opened poster session: header, filter, topic choice and list.

    Signals:
        backRequested(): "← Timeline", Esc or Backspace.
        starToggled(str): a poster's star was clicked (poster id).
        posterSelected(str): the selected poster (its id; "" when none is).
    """

    posterSelected = Signal(str)

    model: PosterListModel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("posterSession")
        self.model = PosterListModel(self)
        self._build_frame(self.model, names=("posterSession", "posterFilter", "posterShownCount", "posterList"),
                          filter_says=("Filter the session's posters", "Filter: title, author, institution, topic, board"),
                          tree_says=("Posters of the session",
                                     "By board; S stars the selected poster, Escape goes back to the timeline"),
                          header_says="Columns: star, board, title, authors and topic")
        self.topics = QComboBox(self)
        self.topics.setObjectName("posterTopics")
        self.topics.setAccessibleName("Topic")
        # Narrow in the row (topics run to 50 characters); its list opens as wide as they are.
        self.topics.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.topics.setMinimumContentsLength(18)
        self._add_tool(self.topics)
        self.model.modelReset.connect(lambda: self.posterSelected.emit(self.current_id()))
        self.topics.currentIndexChanged.connect(self._refilter)

    # -- what is shown -----------------------------------------------------------------

    def show_posters(self, posters: Sequence[Event], starred: Collection[str] | Mapping[str, Tier], *,
                     keep_filter: bool = False, removed: Collection[str] = ()) -> None:
        """A session's posters, in the order given; the filter and topic start empty, or
        stay as they were (``keep_filter``: the same session read again); ``removed``: the
        posters that left the schedule, listed, marked and not counted."""
        from planner.ui.widgets import colours  # the star's colour, read on the list's palette

        self.model.star_colour = colours.text_colour(colours.STAR, self.tree.palette())
        text, topic = (self.filter.text(), self.topic()) if keep_filter else ("", ALL_TOPICS)
        blocked = self.filter.blockSignals(True), self.topics.blockSignals(True)
        try:
            self.filter.setText(text)
            self.topics.clear()
            self.topics.addItem(f"All topics ({len(posters)})", ALL_TOPICS)
            for name, count in topic_counts(posters):
                self.topics.addItem(f"{topic_label(name)} ({count})", name)
            self.topics.setCurrentIndex(max(0, self.topics.findData(topic)) if topic is not None else 0)
        finally:
            self.filter.blockSignals(blocked[0])
            self.topics.blockSignals(blocked[1])
        self.model.set_posters(posters, starred, removed)
        self.model.set_filter(self.filter.text(), self.topic())
        self._fit_columns()
        self._say_shown()
        view = self.topics.view()
        view.setMinimumWidth(max(self.topics.width(), view.sizeHintForColumn(0) + 24))

    def set_heading(self, title: str, details: str) -> None:
        """The session's name (bold) and "Thu 10 Dec 11:00–14:00 · Hall · 412 posters · 5 starred"."""
        self.heading.setText(f"<b style='font-size:large'>{html.escape(title)}</b><br>{html.escape(details)}")
        self.heading.setAccessibleName(f"{title}, {details}")

    def set_starred(self, starred: Collection[str] | Mapping[str, Tier]) -> None:
        self.model.set_starred(starred)

    def current(self) -> Event | None:
        return super().current()  # type: ignore[no-any-return]  # the model's rows are Events

    def _show_all(self) -> None:
        self.filter.clear()
        self.topics.setCurrentIndex(0)

    def _selected(self, item_id: str) -> None:
        self.posterSelected.emit(item_id)

    def topic(self) -> str | None:
        """The topic chosen; None for all topics."""
        topic = self.topics.currentData()
        return topic if isinstance(topic, str) else None

    # -- inside ------------------------------------------------------------------------

    def _refilter(self) -> None:
        current = self.current_id()
        self.model.set_filter(self.filter.text(), self.topic())
        row = self.model.row_of(current) if current else None
        if row is not None:
            self.tree.setCurrentIndex(self.model.index(row, TITLE))
        self._say_shown()

    def _say_shown(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.posters())
        self.shown_label.setText(f"{shown} of {total} shown" if shown != total else f"{self.model.count()} posters")
        self.shown_label.setAccessibleName(self.shown_label.text())

    def _fit_columns(self) -> None:
        """The title takes half of what the star and board leave, at least: it is what is
        read; authors and topic share the rest, never wider than they need to be."""
        fm = self.tree.fontMetrics()
        header = self.tree.header()
        header.resizeSection(STAR, fm.horizontalAdvance("★") + 24)
        boards = [p.poster_position for p in self.model.posters()]
        widest = max((fm.horizontalAdvance(b) for b in boards), default=0)
        header.resizeSection(BOARD, max(fm.horizontalAdvance("Board") + 24, widest + 20))
        rest = self.tree.viewport().width() - header.sectionSize(STAR) - header.sectionSize(BOARD)
        header.resizeSection(AUTHORS, max(80, min(280, rest * 28 // 100)))
        header.resizeSection(TOPIC, max(70, min(200, rest * 20 // 100)))

def session_html(title: str, when: str, room: str, posters: Sequence[Event], starred: set[str], *,
                 opened: bool = False, removed: Collection[str] = ()) -> str:
    """The detail pane for a selected poster session (``opened``: its list is on screen;
    ``removed``: posters no longer in the schedule, not counted)."""
    esc = html.escape
    picked = [p for p in posters if p.id in starred]
    count = sum(1 for p in posters if p.id not in removed)
    parts = [f"<h2 style='margin-bottom:2px'>{esc(title)}</h2>",
             f"<p style='margin-top:0'>{esc(' · '.join(x for x in ('Poster session', room) if x))}</p>",
             f"<p><b>{esc(when)}</b></p>",
             f"<p>{count} posters" + (f", {len(picked)} starred" if picked else "") + ". "
             + ("Select a poster in the list to read it here; <b>S</b> stars it, <b>Esc</b> goes back to the "
                "timeline.</p>" if opened else
                "Press <b>Enter</b> (or double-click the block) to list them by board, filter them and star them.</p>")]
    if picked:
        parts.append("<h4 style='margin-bottom:2px'>Starred</h4><p style='margin-top:0'>" + "<br>".join(
            esc(f"{p.poster_position}  {readable(p.title, p.markup)}".strip()) for p in picked[:12])
            + (f"<br>… and {len(picked) - 12} more" if len(picked) > 12 else "") + "</p>")
    topics = topic_counts(posters)
    if topics and any(topic for topic, _ in topics):
        parts.append("<h4 style='margin-bottom:2px'>Topics</h4><p style='margin-top:0'>" + "<br>".join(
            f"{esc(topic_label(topic))} ({count})" for topic, count in topics[:15])
            + (f"<br>… and {len(topics) - 15} more" if len(topics) > 15 else "") + "</p>")
    return "".join(parts)
