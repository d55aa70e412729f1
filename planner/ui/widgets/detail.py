"""The detail pane: everything about the selected event, as selectable text.

Schedule text is untrusted: every piece goes through html.escape (planner.text.readable), and
the browser refuses to load any resource, so nothing in a schedule can reach the network
unless the attendee follows a link (planner.text.links).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.days import all_day_span, end_clock, event_times, range_with_offset, runs_for_days
from planner.domain.marks import Tier
from planner.domain.model import Event, Kind, Link, LinkKind, Unscheduled
from planner.domain.status import UpdateFlag
from planner.domain.zones import local_zone
from planner.text.readable import event_summary, readable, readable_html
from planner.text.wording import board_place, clock_range
from planner.ui.widgets import colours
from planner.ui.widgets.focus_outline import outline_focus
from planner.ui.widgets.models import NEXT_TIER, names_text, text_tooltip

if TYPE_CHECKING:  # types named only in annotations: PySide6 builds each Qt type on first use
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QContextMenuEvent, QKeyEvent
    from PySide6.QtWidgets import QListWidget, QListWidgetItem


SIMILAR_LABEL = "More like this"
SIMILAR_PENDING = "More like this: finding similar talks…"


class SafeBrowser(QTextBrowser):
    """A QTextBrowser that never loads anything itself: no images, no pages, no files.

    A web or mail link (planner.text.links) that the attendee clicks, or reaches with Tab and
    presses Enter on, goes to their browser or mail program; nothing else is opened.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._body: str | None = None  # what show_html last showed, redrawn on a palette change
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._follow)
        self._fit_link_colour()

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        return None

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._fit_link_colour()
            if self._body is not None:  # a light/dark switch recolours what is shown now
                at = self.verticalScrollBar().value()
                self.show_html(self._body)
                self.verticalScrollBar().setValue(at)

    def show_html(self, body: str) -> None:
        """Show our own HTML, its links and notes in colours that read on the pane (see below).

        The notes are marked by class (``<p class='conflict'>``), not coloured inline: one
        red does not read on both a light and a dark pane.
        """
        self._body = body
        css = colours.pane_css(self.palette())
        self.setHtml(f"<style>a {{ color: {self.link_colour}; }}{css}</style>{body}")

    def _fit_link_colour(self) -> None:
        """A link colour readable on the pane's background whatever the palette."""
        self.link_colour = colours.link_colour(self.palette()).name()

    def _follow(self, url: QUrl) -> None:
        from planner.text.links import opens_outside  # lazy: see _paper_html

        if opens_outside(url.toString()):
            from PySide6.QtGui import QDesktopServices  # the first link followed loads it

            QDesktopServices.openUrl(url)


def _when(event: Event, zone: tzinfo | None, display: tzinfo | None = None, *,
          wall_clock: bool = False) -> list[str]:
    """The time in the conference's clock, then in the display zone and in this
    computer's zone wherever those differ from what is already shown.

    ``wall_clock``: the file gave no zone, so the time is the venue's clock as printed
    and converting it anywhere would be a guess.
    """
    start, end = event_times(event, zone)
    if event.all_day:
        first, last = all_day_span(event)
        days = f"{first:%a %d %b %Y}" if first == last else f"{first:%a %d %b}–{last:%a %d %b %Y}"
        return [f"{days}, all day"]
    if wall_clock or event.floating:
        return [f"{start:%a %d %b %Y, %H:%M}–{end_clock(start, end)} (local time at the venue; the schedule gives no time zone)"]
    lines = [f"{range_with_offset(start, end, '%a %d %b %Y, %H:%M')} (conference time)"]
    shown = {start.utcoffset()}
    for other, label in ((display, getattr(display, "key", "display zone")), (local_zone(), "your time")):
        if other is None:
            continue
        o_start, o_end = event.start.astimezone(other), event.end.astimezone(other)
        if o_start.utcoffset() in shown:
            continue
        shown.add(o_start.utcoffset())
        day = "%a %d %b, " if o_start.date() != start.date() else ""
        lines.append(f"{range_with_offset(o_start, o_end, day + '%H:%M')} ({label})")
    return lines


def days_html(event: Event, days: Sequence[date]) -> str:
    """What the pane says of an event on several days of the timeline (``days``, those that
    list it): that it runs on, and, for one of a day or more, why it clashes with nothing."""
    parts = []
    if len(days) > 1:
        listed = (f"{days[0]:%a %d %b} and {days[1]:%a %d %b}" if len(days) == 2
                  else f"{len(days)} days, {days[0]:%a %d %b} to {days[-1]:%a %d %b}")
        parts.append(f"<p>On the timeline on {listed}: it runs on past the end of the day it starts.</p>")
    if runs_for_days(event) and not event.cancelled:
        what = "a whole-day event" if event.all_day else "an event of a day or more"
        parts.append(f"<p class='muted'>Not busy time: {what} runs beside the talks, so it clashes with none "
                     "of them and Plan my day plans around it.</p>")
    return "".join(parts)


def event_html(event: Event, zone: tzinfo | None, status: tuple[str, str] | None = None,
               clashes: list[Event] | None = None, display: tzinfo | None = None,
               wall_clock: bool = False, same_paper: list[Event] | None = None,
               friends: Sequence[str] = (), days: Sequence[date] = ()) -> str:
    """The pane's body. Every schedule string is escaped or LaTeX-rendered-then-escaped.
    ``friends``: the friends who picked the talk (planner.ui.friends); ``days``: the days
    of the timeline that list it (see days_html)."""
    import html  # lazy: html.entities' 2,231 names are 9 M instructions of a start; nothing is escaped before the first paint

    esc = html.escape
    title = readable(event.title, event.markup) or ("Untitled slot" if event.number is None else event.heading)
    if event.cancelled:  # struck through, and said in words for those who cannot see it
        parts = [f"<h2 style='margin-bottom:2px'><s>{esc(title)}</s></h2>",
                 "<p class='cancelled'><b>⚠ Cancelled: the schedule says this will not take place.</b></p>"]
    else:
        parts = [f"<h2 style='margin-bottom:2px'>{esc(title)}</h2>"]
    if event.subtitle:
        parts.append(f"<p><i>{esc(readable(event.subtitle, event.markup))}</i></p>")
    # Formats often repeat the room as the session or track: say each place once.
    places = (event.heading, readable(event.session, event.markup), event.room, board_place(event.poster_position),
              event.track)
    where = " · ".join(dict.fromkeys(p for p in places if p))
    parts.append(f"<p style='margin-top:0'>{esc(where)}</p>")
    times = _when(event, zone, display, wall_clock=wall_clock)
    parts.append(f"<p><b>{esc(times[0])}</b>" + "".join(f"<br>{esc(t)}" for t in times[1:]) + "</p>")
    parts.append(days_html(event, days))
    if friends:
        parts.append(f"<p>Picked by {esc(names_text(friends))}</p>")
    for other in same_paper or []:
        # The same paper at another time and place: the attendee can choose either.
        other_start = event_times(other, display or zone)[0]
        place = f", {other.room}" if other.room else ""
        board = f", {board}" if (board := board_place(other.poster_position)) else ""
        parts.append(f"<p>Also presented as {esc(other.heading)}, {other_start:%a %d %b %H:%M}{esc(place + board)}</p>")
    if status and status[0] == UpdateFlag.REMOVED:
        parts.append("<p class='changed'><b>⚠ No longer in the schedule.</b></p>")
    elif status and status[1]:
        parts.append(f"<p class='changed'><b>⚠ Changed: {esc(status[1])}</b></p>")
    elif status and status[0] == UpdateFlag.NEW:
        parts.append("<p><b>New in the latest schedule.</b></p>")
    for other in clashes or []:
        other_start = event_times(other, display or zone)[0]
        parts.append(f"<p class='conflict'>⚠ Clashes with {esc(other.heading)} at "
                     f"{other_start:%H:%M}: {esc(readable(other.title, other.markup))}</p>")
    parts.append(_paper_html(event))
    return "".join(parts)


def _paper_html(item: Event | Unscheduled) -> str:
    """Authors with their institutions, topic, abstract and links: the same for a talk with
    a time and for an entry without one."""
    import html  # lazy: as in event_html

    # Lazy: wanted once a talk is shown, not for the first paint (its patterns, 8 M instructions).
    from planner.text.links import linked

    esc = html.escape
    parts = []
    if item.authors:
        label = "Author" if len(item.authors) == 1 else "Authors"
        names = "<br>".join(_author_html(item, i) for i in range(len(item.authors)))
        parts.append(f"<h4 style='margin-bottom:2px'>{label}</h4><p style='margin-top:0'>{names}</p>")
    if item.topic:
        # Feeds write a topic's path with "->"; shown as the session summary shows it.
        parts.append(f"<p><b>Topic:</b> {esc(item.topic.replace('->', ' › '))}</p>")
    # Addresses in the abstract and the event's own page can be followed (planner.text.links).
    if item.abstract:
        parts.append("<h4 style='margin-bottom:2px'>Abstract</h4>" + linked(readable_html(item.abstract, item.markup)))
    if item.url and item.url not in {link.url for link in item.links}:  # else shown by its title below
        parts.append(linked(f"<p>{esc(item.url)}</p>"))
    parts.append(_links_html(item.links))
    return "".join(parts)


def unscheduled_html(entry: Unscheduled, *, removed: bool = False, same_paper: list[Event] | None = None,
                     also: list[Unscheduled] | None = None, display: tzinfo | None = None) -> str:
    """The pane's body for an entry without a time (planner.ui.not_scheduled): no time
    lines, a plain word that there is none yet, and the paper as for a talk. ``same_paper``:
    the paper's events that have a time (shown in ``display``); ``also``: its other entries."""
    import html  # lazy: as in event_html

    esc = html.escape
    title = readable(entry.title, entry.markup) or entry.heading
    parts = [f"<h2 style='margin-bottom:2px'>{esc(title)}</h2>"]
    if entry.subtitle:
        parts.append(f"<p><i>{esc(readable(entry.subtitle, entry.markup))}</i></p>")
    kind = entry.type_name if entry.kind is Kind.OTHER and entry.type_name else entry.heading
    places = (kind, readable(entry.session, entry.markup), entry.room, board_place(entry.poster_position), entry.track)
    parts.append(f"<p style='margin-top:0'>{esc(' · '.join(dict.fromkeys(p for p in places if p)))}</p>")
    parts.append("<p><b>Not scheduled yet: the conference has not given it a time.</b><br>"
                 "Starred, it is on your reading list in My agenda; when an update gives it a time, "
                 "it moves to its day with its star and note.</p>")
    for other in same_paper or []:
        start = event_times(other, display)[0]
        place = f", {other.room}" if other.room else ""
        parts.append(f"<p>Also presented as {esc(other.heading)}, {start:%a %d %b %H:%M}{esc(place)}</p>")
    for item in also or []:
        parts.append(f"<p>Also listed as {esc(item.heading)}, not scheduled yet either</p>")
    if removed:
        parts.append("<p class='changed'><b>⚠ No longer in the schedule.</b></p>")
    elif entry.cancelled:
        parts.append("<p class='cancelled'><b>⚠ Cancelled: the schedule says this will not take place.</b></p>")
    parts.append(_paper_html(entry))
    return "".join(parts)


def _author_html(event: Event | Unscheduled, i: int) -> str:
    """An author's name, and their institution where the schedule gives one."""
    import html  # lazy: as in event_html

    name = html.escape(readable(event.authors[i], event.markup))
    institution = event.affiliations[i] if i < len(event.affiliations) else None
    return f"{name} <span class='muted'>· {html.escape(institution)}</span>" if institution else name


def _links_html(links: tuple[Link, ...]) -> str:
    """The talk's attachments (slides, papers), then its links (recordings, feedback), each
    by its title with where it leads; only web and mail addresses can be followed."""
    from planner.text.links import titled_link  # lazy: see _paper_html

    parts: list[str] = []
    for kind, one, many in ((LinkKind.ATTACHMENT, "Attachment", "Attachments"), (LinkKind.LINK, "Link", "Links")):
        shown = [titled_link(link.url, link.title) for link in links if link.kind is kind]
        if shown:
            parts.append(f"<h4 style='margin-bottom:2px'>{one if len(shown) == 1 else many}</h4>"
                         f"<p style='margin-top:0'>{'<br>'.join(shown)}</p>")
    return "".join(parts)


# The star button as it shows each tier: its text, and its accessible name (what a press does).
STAR_LOOKS: dict[Tier | None, tuple[str, str]] = {
    None: ("☆ Star", "Star this event as must-see"),
    Tier.MUST: ("★ Must-see", "Must-see: press to make it a maybe"),
    Tier.MAYBE: ("☆ Maybe", "Maybe: press to unstar it"),
}


class StarButton(QToolButton):
    """The detail pane's star: a press cycles it as S does (not starred, must-see, maybe);
    its menu chooses a tier outright. The menu opens from the arrow, a right click, the
    Menu key or Alt+Down, so it is there for the keyboard too."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt_down or event.key() == Qt.Key.Key_Menu:
            self.showMenu()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.showMenu()


def listed_when(event: Event, zone: tzinfo | None, day: date | None = None) -> str:
    """When a talk in a short list is, in the display ``zone``: "15:00" on ``day`` (the
    shown talk's), "Mon 13 Jan 15:00" on another; a whole-day event "All day", or its
    first day. (event_times: a floating time is shown as published, never converted.)"""
    start, _ = event_times(event, zone)
    if start.date() == day:
        return "All day" if event.all_day else f"{start:%H:%M}"
    return f"{start:%a %d %b}" if event.all_day else f"{start:%a %d %b %H:%M}"


class DetailPane(QWidget):
    """Shows one event.

    Signals:
        tierChosen(str, object): the star button was pressed (event id, the next Tier as S
            cycles them, or None), or a tier was chosen in its menu.
        noteEdited(str, str): the note text changed (event id, text); debounced.
        similarChosen(str): an event in "More like this" was activated (event id).
    """

    tierChosen = Signal(str, object)
    noteEdited = Signal(str, str)
    similarChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detail")
        self.current: Event | None = None
        self.entry: Unscheduled | None = None  # shown instead of an event (show_unscheduled)
        self.zone: tzinfo | None = None
        self.tier: Tier | None = None  # the shown star's (set_tier)
        self.badge = QLabel(self)
        self.badge.setObjectName("detailBadge")
        # Read by its text ("ORAL 1"): an accessible name would be read instead of it.
        self.badge.setAccessibleDescription("Kind and number")
        self.star_button = StarButton(self)
        self.star_button.setCheckable(True)
        self.star_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.star_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.star_button.setToolTip("S or a click: must-see, then maybe, then not starred.\n"
                                    "Alt+↓ or the arrow: choose one")
        self.star_button.setAccessibleDescription("Alt+Down opens a menu: must-see, maybe or not starred")
        self.star_button.clicked.connect(self._star_clicked)
        self.tier_menu = QMenu(self.star_button)
        self.tier_menu.setAccessibleName("Star as")
        self.tier_actions: dict[Tier | None, QAction] = {}
        group = QActionGroup(self.tier_menu)
        for tier, text in ((Tier.MUST, "★ &Must-see"), (Tier.MAYBE, "☆ M&aybe"), (None, "&Not starred")):
            action = self.tier_menu.addAction(text)
            action.setCheckable(True)
            action.setActionGroup(group)
            action.triggered.connect(lambda _=False, chosen=tier: self._tier_picked(chosen))
            self.tier_actions[tier] = action
        self.star_button.setMenu(self.tier_menu)
        self.browser = SafeBrowser(self)
        self.browser.setAccessibleName("Event details")
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.note_label = QLabel("My note", self)
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("My note on this event")
        self.note.setPlaceholderText("Notes for yourself: saved as you type")
        self.note.setMaximumHeight(72)
        self.note.setTabChangesFocus(True)
        self.note_label.setBuddy(self.note)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(400)
        self._note_timer.timeout.connect(self._emit_note)
        self.note.textChanged.connect(self._note_changed)
        self._loading_note = False

        self._similar: QListWidget | None = None  # "More like this", made when first filled

        top = QHBoxLayout()
        top.addWidget(self.badge, 1)
        top.addWidget(self.star_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note)
        self._layout = layout
        self.show_event(None)

    @property
    def similar(self) -> QListWidget:
        """The "More like this" list under the note.

        Made the first time there is something to list, not for the first paint, which
        shows no talk: the list's Qt types (QListWidget, QListView and their enums) cost
        the start 1-2 ms.
        """
        if self._similar is None:
            from PySide6.QtWidgets import QListWidget  # lazy: see above

            self.similar_label = QLabel(SIMILAR_LABEL, self)
            self._similar = similar = QListWidget(self)
            outline_focus(similar)  # its selected row's text stays HighlightedText
            similar.setAccessibleName("More like this: similar events")
            similar.setMaximumHeight(112)
            similar.setWordWrap(False)
            similar.setTextElideMode(Qt.TextElideMode.ElideRight)
            similar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            similar.setUniformItemSizes(True)
            self.similar_label.setBuddy(similar)
            similar.itemActivated.connect(self._similar_activated)
            similar.itemClicked.connect(self._similar_activated)
            self._layout.addWidget(self.similar_label)
            self._layout.addWidget(similar)
            QWidget.setTabOrder(self.note, similar)  # read after the note, as laid out
        return self._similar

    def show_event(self, event: Event | None, *, starred: bool = False, tier: Tier | None = Tier.MUST,
                   zone: tzinfo | None = None,
                   status: tuple[str, str] | None = None, clashes: list[Event] | None = None,
                   note: str = "", display: tzinfo | None = None, wall_clock: bool = False,
                   same_paper: list[Event] | None = None, friends: Sequence[str] = (),
                   days: Sequence[date] = ()) -> None:
        """``tier``: the star's, when ``starred``; ``same_paper``: the other events presenting
        the event's paper (its oral, its poster); ``friends``: who of them picked it;
        ``days``: the days of the timeline that list it."""
        self.flush_note()
        self.set_similar([])
        self.current, self.entry = event, None
        self.zone = zone
        has = event is not None
        self.star_button.setEnabled(event is not None and event.kind is not Kind.BREAK)
        self.note.setEnabled(has)
        self.note_label.setEnabled(has)
        self._loading_note = True
        self.note.setPlainText(note if has else "")
        self._loading_note = False
        if event is None:
            self.badge.setText("")
            self.browser.show_html("<p class='muted'>Select a talk in the timeline to see its "
                                 "abstract, authors and time.</p>")
            self.set_tier(None)
            return
        import html  # lazy: as in event_html

        self.badge.setText(f"<b>{html.escape(event.heading.upper())}</b>")
        self.browser.show_html(event_html(event, zone, status, clashes, display, wall_clock, same_paper, friends,
                                          days))
        self.set_tier(tier if starred else None)

    def show_unscheduled(self, entry: Unscheduled, *, starred: bool = False, tier: Tier | None = Tier.MUST,
                         note: str = "", removed: bool = False,
                         same_paper: list[Event] | None = None, also: list[Unscheduled] | None = None,
                         display: tzinfo | None = None) -> None:
        """An entry without a time: starred and noted as an event is, with no time to show."""
        self.flush_note()
        self.set_similar([])
        self.current, self.entry = None, entry
        self.star_button.setEnabled(True)
        self.note.setEnabled(True)
        self.note_label.setEnabled(True)
        self._loading_note = True
        self.note.setPlainText(note)
        self._loading_note = False
        import html  # lazy: as in event_html

        self.badge.setText(f"<b>{html.escape(entry.heading.upper())}</b> · not scheduled")
        self.browser.show_html(unscheduled_html(entry, removed=removed, same_paper=same_paper, also=also,
                                                display=display))
        self.set_tier(tier if starred else None)

    def add_section(self, section: QWidget) -> None:
        """A part another module fills (Plan B, attended or missed), under the note."""
        self._layout.insertWidget(self._layout.indexOf(self.note) + 1, section)

    @property
    def shown_id(self) -> str:
        """The id of the event or entry shown; "" when neither is."""
        shown = self.current or self.entry
        return shown.id if shown is not None else ""

    def set_similar(self, events: list[Event], zone: tzinfo | None = None) -> None:
        """Fill "More like this" (hidden when there is nothing to suggest), each talk with
        when it is in the display ``zone``, its day named when it is not the shown talk's:
        the same title can run on several days, and the attendee picks from the list by
        time as much as by title."""
        if not events and self._similar is None:
            return
        from PySide6.QtWidgets import QListWidgetItem  # lazy: see ``similar``

        self.similar.clear()
        day = event_times(self.current, zone)[0].date() if self.current is not None else None
        for other in events:
            item = QListWidgetItem(f"{listed_when(other, zone, day)} · {event_summary(other)}")
            item.setData(Qt.ItemDataRole.UserRole, other.id)
            start, _ = event_times(other, zone)
            where = f" · {other.room}" if other.room else ""
            item.setToolTip(text_tooltip(f"{start:%a %d %b}, {clock_range(other, zone)}{where}\n{event_summary(other)}"))
            self.similar.addItem(item)
        self.similar_label.setText(SIMILAR_LABEL)
        self.similar.setVisible(bool(events))
        self.similar_label.setVisible(bool(events))

    def set_similar_pending(self) -> None:
        """More like this is still being worked out (a big schedule's index, a few seconds):
        say so where the list will be, rather than show nothing or the last talk's list."""
        self.similar.clear()
        self.similar.hide()
        self.similar_label.setText(SIMILAR_PENDING)
        self.similar_label.show()

    def _similar_activated(self, item: QListWidgetItem) -> None:
        event_id = item.data(Qt.ItemDataRole.UserRole)
        if event_id:
            self.similarChosen.emit(event_id)

    def set_tier(self, tier: Tier | None) -> None:
        """Show the star as stored: must-see, maybe, or none."""
        self.tier = tier
        text, name = STAR_LOOKS[tier]
        self.star_button.setChecked(tier is not None)
        self.star_button.setText(text)
        self.star_button.setAccessibleName(name)
        self.tier_actions[tier].setChecked(True)

    def _tier_picked(self, tier: Tier | None) -> None:
        if self.shown_id:
            self.tierChosen.emit(self.shown_id, tier)

    def _star_clicked(self) -> None:
        if self.shown_id:
            # The container decides; the button shows the stored state once it is saved.
            self.star_button.setChecked(not self.star_button.isChecked())
            self.tierChosen.emit(self.shown_id, NEXT_TIER[self.tier])

    def _note_changed(self) -> None:
        if not self._loading_note and self.shown_id:
            self._note_timer.start()

    def flush_note(self) -> None:
        """Emit a pending note edit now (on selection change and on close)."""
        if self._note_timer.isActive():
            self._note_timer.stop()
            self._emit_note()

    def _emit_note(self) -> None:
        # Also the timer's slot: a single-shot timer is no longer active when it fires.
        if self.shown_id:
            self.noteEdited.emit(self.shown_id, self.note.toPlainText())
