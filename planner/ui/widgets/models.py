"""Qt models over domain events: the timeline's day and My agenda.

Models hold domain objects and per-event flags (starred and the star's tier, matching the
filters, changed by an update, in conflict); views and delegates read them through the role
constants.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from planner.domain.days import DayOutline, all_day_span, dates_of, end_clock, event_times, repeated_hour_mark
from planner.domain.marks import Tier
from planner.domain.model import Event
from planner.domain.poster_sessions import Folding, PosterBlock, block_event, fold, in_board_order
from planner.domain.status import UpdateFlag
from planner.store.schedule_days import DayEvents
from planner.text.readable import event_summary, readable

Index = QModelIndex | QPersistentModelIndex


class Roles:
    """Custom data roles shared by models, delegates and views."""

    EVENT = Qt.ItemDataRole.UserRole + 1  # the domain Event
    STARRED = Qt.ItemDataRole.UserRole + 2  # bool
    MATCHES = Qt.ItemDataRole.UserRole + 3  # bool: passes search and filters
    STATUS = Qt.ItemDataRole.UserRole + 4  # (status, what changed) or None
    CONFLICT = Qt.ItemDataRole.UserRole + 5  # list of clashing Events
    EVENT_ID = Qt.ItemDataRole.UserRole + 6  # str
    # A folded poster session (planner.domain.poster_sessions): its PosterBlock, None for a talk.
    BLOCK = Qt.ItemDataRole.UserRole + 7
    # A block's PosterCounts; None for a talk.
    POSTER_COUNTS = Qt.ItemDataRole.UserRole + 8
    # A block's starred posters (Events, board order): its card lists them; [] for a talk.
    STARRED_POSTERS = Qt.ItemDataRole.UserRole + 9
    # A starred talk's Tier (must-see or maybe), None when not starred. Read it with tier_of():
    # through Qt a StrEnum arrives as its plain string.
    TIER = Qt.ItemDataRole.UserRole + 10
    # The ids of a block's posters starred as maybe (its card outlines their stars); empty for a talk.
    MAYBE_POSTERS = Qt.ItemDataRole.UserRole + 11
    # bool: the talk is in the day plan the attendee accepted (planner.ui.plan_view).
    PLANNED = Qt.ItemDataRole.UserRole + 12
    # tuple[str, ...]: the friends who picked the talk (planner.ui.friends), by name; () for none.
    FRIENDS = Qt.ItemDataRole.UserRole + 13
    # datetime | None: the first instant of the day shown (DayOutline.span), before which an
    # event running on from an earlier day began; None when the rows are no one day's.
    DAY_BEGINS = Qt.ItemDataRole.UserRole + 14


# What S (or a click on a star) makes of a talk's star: none -> must-see -> maybe -> none.
NEXT_TIER: dict[Tier | None, Tier | None] = {None: Tier.MUST, Tier.MUST: Tier.MAYBE, Tier.MAYBE: None}


def tier_of(index: QModelIndex | QPersistentModelIndex) -> Tier | None:
    """The Tier of ``index``'s star (Roles.TIER), whichever model and proxy it came through."""
    value = index.data(Roles.TIER)
    return Tier(value) if value else None


def star_glyph(tier: Tier | None) -> str:
    """★ for a must-see; ☆ for a maybe (drawn in the star's colour) and for no star (muted)."""
    return "★" if tier is Tier.MUST else "☆"


def tier_words(tier: Tier | None) -> str:
    """A star as a screen reader says it: "starred, must-see", "starred, maybe", or nothing."""
    return "" if tier is None else f"starred, {tier.label.lower()}"


def day_shift(start: datetime, day: date | None) -> str:
    """"+1 day" when a time shown in another zone falls on a later date than its conference day."""
    if day is None or start.date() == day:
        return ""
    delta = (start.date() - day).days
    return f"{delta:+d} day" if abs(delta) == 1 else f"{delta:+d} days"


def time_text(start: datetime, end: datetime, all_day: bool, day: date | None,
              begins: datetime | None = None) -> str:
    """A card's time line from times already in the display zone: "10:00–10:40 (+1 day)".
    The timeline's cards and the list's Time column both show this.

    An event that began before ``begins`` (the first instant of the day shown, DayOutline.
    span) runs on from an earlier day, and says so: "since Mon 13 Feb 10:00, until Fri 17
    Feb 18:00" (a clock alone where the date is the day's). A whole-day event of several
    dates names them: "All day, Mon 13 Feb–Fri 17 Feb".
    """
    if all_day:
        first, last = dates_of(start, end)
        return f"All day, {first:%a %d %b}–{last:%a %d %b}" if last > first else "All day"
    if begins is not None and start < begins:
        return f"since {_clock_on(start, day)}, until {_clock_on(end, day)}"
    shift = day_shift(start, day)
    return f"{start:%H:%M}{repeated_hour_mark(start)}–{end_clock(start, end)}" + (f" ({shift})" if shift else "")


def _clock_on(moment: datetime, day: date | None) -> str:
    """"18:00" on ``day``'s date, "Mon 13 Feb 10:00" on another."""
    return f"{moment:%H:%M}" if moment.date() == day else f"{moment:%a %d %b %H:%M}"


def card_times(start: datetime, end: datetime, day: date | None, begins: datetime | None = None) -> list[str]:
    """A timed card's time, longest first (see delegates.first_line): the whole range
    (time_text); for a range of days, the same with weekdays alone ("since Mon 10:00, until
    Fri 18:00", "10:00–Fri 18:00"); then the start alone, which a narrow card keeps:
    "10:00 (+1 day)", or for an event running on from an earlier day "since Mon 10:00"."""
    def weekday(moment: datetime) -> str:
        return f"{moment:%H:%M}" if moment.date() == day else f"{moment:%a %H:%M}"

    if begins is not None and start < begins:
        return list(dict.fromkeys([time_text(start, end, False, day, begins),
                                   f"since {weekday(start)}, until {weekday(end)}", f"since {weekday(start)}"]))
    shift = day_shift(start, day)
    whole = time_text(start, end, False, day)
    shorter = [f"{start:%H:%M}–{end:%a %H:%M}" + (f" ({shift})" if shift else "")] if end - start >= timedelta(
        days=1) else []
    # The start alone still says which of a night's two 02:30s it is (the ruler beside it does too).
    return [whole, *shorter, f"{start:%H:%M}{repeated_hour_mark(start)}" + (f" ({shift})" if shift else "")]


def status_flags(event: Event, status: tuple[str, str] | None) -> list[str]:
    """What the last update or the schedule says of a talk, as a card's first line and the
    list's Title column show it: CANCELLED, NEW, CHANGED or REMOVED (at most one)."""
    if event.cancelled:
        return ["CANCELLED"]
    flag = status[0] if status else ""
    names: dict[str, str] = {UpdateFlag.NEW: "NEW", UpdateFlag.CHANGED: "CHANGED", UpdateFlag.REMOVED: "REMOVED"}
    return [names[flag]] if flag in names else []


def empty_text(model: object) -> str:
    """What a view of the day says when it has no card: the rooms chosen hold nothing
    today, or there is no schedule at all."""
    if getattr(model, "room_order", None) is not None:
        return "Nothing in the chosen rooms on this day.\nRooms ▾ › Show all rooms shows every room again."
    return "No events to show.\nOpen a schedule with Ctrl+O or drop a file here."


def names_text(names: Sequence[str]) -> str:
    """"Ana", "Ana and Li", "Ana, Li and Sam": friends as a sentence names them."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def card_flags(event: Event, status: tuple[str, str] | None, clashes: bool) -> list[str]:
    """The warnings on a card's first line, most important first."""
    flags = status_flags(event, status)
    if clashes:
        flags.append("⚠ CLASH")
    return flags


def flags_said(flags: Sequence[str]) -> str:
    """A card's warnings as the list's Title column says them: " (cancelled)", " (changed, clash)"."""
    said = [flag.lstrip("⚠ ").lower() for flag in flags]
    return f" ({', '.join(said)})" if said else ""


def spoken_description(event: Event, zone: tzinfo | None, starred: bool | Tier | None,
                       day: date | None = None, *, planned: bool = False, friends: Sequence[str] = (),
                       begins: datetime | None = None, status: tuple[str, str] | None = None,
                       clashes: bool = False, matches: bool = True) -> str:
    """What a screen reader says for a card: kind, title and the warnings its first line
    shows (card_flags: cancelled, new, changed, removed, clash), whether the search or
    filters dim it (``matches``), time, speakers, star and its tier (``starred``: the
    Tier, or True for a star whose tier is not known), "planned" when it is in the
    accepted plan of its day, and the friends who picked it. ``begins``: the first
    instant of the day shown (see time_text)."""
    start, end = event_times(event, zone)
    if event.all_day or (begins is not None and start < begins):
        when = time_text(start, end, event.all_day, day, begins).replace("All day", "all day")
        shift = ""
    else:
        when = f"{start:%H:%M}{repeated_hour_mark(start)} to {end_clock(start, end)}"
        shift = day_shift(start, day)
    parts = [event_summary(event) + flags_said(card_flags(event, status, clashes))]
    if not matches:  # the card is dimmed
        parts.append("not a match")  # for the search or the filters, which may be either
    parts.append(f"{when} ({shift})" if shift else when)
    if event.authors:
        parts.append("by " + ", ".join(readable(a, event.markup) for a in event.authors[:3])
                     + (" and others" if len(event.authors) > 3 else ""))
    if event.room:
        parts.append(f"in {event.room}")
    if isinstance(starred, Tier):
        parts.append(tier_words(starred))
    elif starred:
        parts.append("starred")
    if planned:
        parts.append("planned")
    if friends:
        parts.append(f"picked by {names_text(friends)}")
    return ", ".join(parts)


class PosterCounts(tuple[int, int, int | None, int]):
    """A block's posters, how many are starred, how many pass the search and filters
    (None when nothing narrows), and how many of the starred are maybes."""

    __slots__ = ()

    def __new__(cls, posters: int, starred: int, matching: int | None, maybe: int = 0) -> PosterCounts:
        return super().__new__(cls, (posters, starred, matching, maybe))

    posters = property(lambda self: self[0])
    starred = property(lambda self: self[1])
    matching = property(lambda self: self[2])
    maybe = property(lambda self: self[3])

    def starred_words(self) -> str:
        """"5 starred", or "5 starred (2 maybe)" when some are maybes."""
        return f"{self.starred} starred" + (f" ({self.maybe} maybe)" if self.maybe else "")

    def words(self) -> str:
        """"412 posters · 5 starred (2 maybe) · 12 match", as the block's card says it."""
        parts = [f"{self.posters} poster{'s' if self.posters != 1 else ''}"]
        if self.starred:
            parts.append(self.starred_words())
        if self.matching is not None:
            parts.append(f"{self.matching} match{'es' if self.matching == 1 else ''}")
        return " · ".join(parts)


def block_description(event: Event, counts: PosterCounts, zone: tzinfo | None, day: date | None = None) -> str:
    """What a screen reader says for a poster session's block: "Poster session, 412
    posters, 5 starred, Poster Session 6, 11:00 to 14:00, in Exhibit Hall C,D,E"."""
    start, end = event_times(event, zone)
    shift = day_shift(start, day)
    parts = ["Poster session", f"{counts.posters} posters", counts.starred_words()]
    if counts.matching is not None:
        parts.append(f"{counts.matching} matching the search")
    parts += [event.title, f"{start:%H:%M} to {end:%H:%M}" + (f" ({shift})" if shift else "")]
    if event.room:
        parts.append(f"in {event.room}")
    parts.append("press Enter to open its posters")
    return ", ".join(parts)


def text_tooltip(text: str) -> str:
    """A tooltip showing ``text`` as written: QToolTip renders anything tag-like as HTML."""
    import html  # lazy: html.entities' 2,231 names are 9 M instructions of a start; nothing is escaped before the first paint

    return "<p>" + "<br>".join(html.escape(line) for line in text.split("\n")) + "</p>"


def tooltip(event: Event, zone: tzinfo | None, tier: Tier | None = None, friends: Sequence[str] = ()) -> str:
    """Title, time and authors; the star's tier, where a card shows it only as a glyph; and
    the friends who picked it, whose chip may show only the first name."""
    start, end = event_times(event, zone)
    if event.all_day:
        first, last = all_day_span(event)
        when = f"{first:%a %d %b}–{last:%a %d %b}, all day" if last > first else f"{first:%a %d %b}, all day"
    else:
        when = f"{start:%a %d %b, %H:%M}{repeated_hour_mark(start)}–{end_clock(start, end)}"
    lines = [event_summary(event) + (" (cancelled)" if event.cancelled else ""), when]
    if event.authors:
        lines.append(", ".join(readable(a, event.markup) for a in event.authors))
    if tier is not None:
        lines.append(f"{star_glyph(tier)} {tier.label}")
    if friends:
        lines.append(f"Picked by {names_text(friends)}")
    return text_tooltip("\n".join(lines))


class EventListModel(QAbstractListModel):
    """The events of one timeline day, in start order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._events: Sequence[Event] = []
        self._outline = DayOutline.of([])
        # Poster sessions folded into one row each (planner.domain.poster_sessions); None: none.
        self._folding: Folding | None = None
        self._block_stars: dict[str, tuple[str, ...]] = {}  # block id -> its starred posters' ids
        self._block_matches: dict[str, int] = {}  # block id -> its posters passing (when narrowed)
        self._block_gone: dict[str, int] = {}  # block id -> its posters no longer in the schedule
        self.schedule_key = ""  # the shown schedule's: blocks' ids are made from it
        self._ids: list[str] = []  # by row: what most roles need, without reading the event
        self._row_of: dict[str, int] = {}
        self._starred: set[str] = set()
        self._tiers: dict[str, Tier] = {}  # a starred id not here is a must-see
        self._planned: frozenset[str] = frozenset()  # in an accepted day plan
        self._friends: dict[str, tuple[str, ...]] = {}  # event id -> the friends who picked it
        self._matches: set[str] | None = None  # None: everything matches
        self._statuses: dict[str, tuple[str, str]] = {}
        self._conflicts: dict[str, list[Event]] = {}
        self.zone: tzinfo | None = None  # the display zone
        self.day: date | None = None  # the conference day shown
        self.day_begins: datetime | None = None  # its first instant, when known (Roles.DAY_BEGINS)
        # The rooms' order as columns (pinned ones first: planner.ui.rooms); None: as
        # they first appear in the day.
        self.room_order: list[str] | None = None
        self.generation = 0  # bumped whenever events are replaced (cached card images go stale)

    # -- contract --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._events)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.model() is not self or not 0 <= index.row() < len(self._events):
            return None
        event_id = self._ids[index.row()]
        if role == Roles.EVENT_ID:
            return event_id
        if role == Roles.STARRED:
            return event_id in self._starred
        if role == Roles.TIER:
            return self._tier(event_id)
        if role == Roles.PLANNED:
            return event_id in self._planned
        if role == Roles.FRIENDS:
            return self._friends.get(event_id, ())
        if role == Roles.DAY_BEGINS:
            return self.day_begins
        if role == Roles.MATCHES:
            return self._passes(event_id)
        if role == Roles.STATUS:
            return self._statuses.get(event_id)
        if role == Roles.CONFLICT:
            return self._conflicts.get(event_id, [])
        block = self._folding.blocks.get(index.row()) if self._folding is not None else None
        if role == Roles.BLOCK:
            return block
        if role == Roles.POSTER_COUNTS:
            return self._counts(block) if block is not None else None
        if role == Roles.STARRED_POSTERS:
            picked = self._block_stars.get(block.id, ()) if block is not None else ()
            return in_board_order(self._events.posters(picked)) if picked and isinstance(
                self._events, _FoldedDay) else []
        if role == Roles.MAYBE_POSTERS:
            picked = self._block_stars.get(block.id, ()) if block is not None else ()
            return frozenset(p for p in picked if self._tiers.get(p) is Tier.MAYBE)
        event = self._events[index.row()]  # a DayEvents reads it from the library on first use
        if role == Roles.EVENT:
            return event
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if block is not None:
                return block_description(event, self._counts(block), self.zone, self.day)
            return spoken_description(event, self.zone, self._tier(event.id), self.day,
                                      planned=event_id in self._planned, friends=self._friends.get(event_id, ()),
                                      begins=self.day_begins, status=self._statuses.get(event_id),
                                      clashes=bool(self._conflicts.get(event_id)), matches=self._passes(event_id))
        if role == Qt.ItemDataRole.ToolTipRole:
            if block is not None:
                start, end = event_times(event, self.zone)
                return text_tooltip(f"{block.title}\n{start:%a %d %b, %H:%M}–{end:%H:%M}\n"
                                    f"{self._counts(block).words()}\nEnter or a double click opens its posters")
            return tooltip(event, self.zone, self._tier(event.id), self._friends.get(event_id, ()))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- content ---------------------------------------------------------------------

    def set_events(self, events: Sequence[Event], zone: tzinfo | None, day: date | None = None, *,
                   room_order: list[str] | None = None) -> None:
        """Show ``events`` (one conference ``day``) with times in the display ``zone``, and
        their rooms in ``room_order`` (see room_order).

        A DayEvents is kept as it is: its events are read only as rows are painted or asked for.
        """
        self.beginResetModel()
        self.room_order = room_order
        day_events = events if isinstance(events, DayEvents) else list(events)
        day_outline = DayOutline.of(day_events)
        # The day's poster sessions, each one row: from the outline alone, nothing is read.
        self._folding = folding = fold(day_outline, self.schedule_key)
        if folding is None:
            self._events, self._outline = day_events, day_outline
        else:
            self._events, self._outline = _FoldedDay(day_events, folding, self.schedule_key), folding.outline
        self._ids = self._outline.ids
        self._row_of = {event_id: i for i, event_id in enumerate(self._ids)}
        self.zone = zone
        self.day = day
        self.day_begins = day_outline.span[0] if day_outline.span is not None else None
        self._count_stars()
        self._count_matches()
        self._count_gone()
        self.generation += 1
        self.endResetModel()

    def events(self) -> list[Event]:
        """Every event shown (reads all of a DayEvents: for tests and whole-day uses)."""
        return list(self._events)

    def outline(self) -> DayOutline:
        """Ids, kinds, times, rooms, tracks and sessions by row, without reading the events."""
        return self._outline

    def read_rows(self, rows: Sequence[int]) -> None:
        """Read these rows' events together, ahead of a paint that will ask for each of
        them: only these, where asking one by one reads each one's block of neighbours."""
        events = self._events
        if isinstance(events, (DayEvents, _FoldedDay)):  # a plain list holds its events already
            events.read_rows(rows)

    def card_key(self, row: int) -> str:
        """Everything about one row that changes how its card looks (for image caching)."""
        event_id = self._ids[row]
        status = self._statuses.get(event_id)
        key = (f"{event_id}|{self._tier(event_id) or ''}|{int(self._passes(event_id))}|"
               f"{status[0] if status else ''}|{int(bool(self._conflicts.get(event_id)))}|"
               f"{int(event_id in self._planned)}|{'/'.join(self._friends.get(event_id, ()))}")
        if event_id in self._block_stars:  # a block's card shows its counts and starred posters
            picked = self._block_stars[event_id]
            key += (f"|{hash(picked)}|{hash(tuple(self._tiers.get(p) for p in picked))}"
                    f"|{self._block_matches.get(event_id, '')}")
        return key

    def row_of(self, event_id: str) -> int | None:
        """The row that shows ``event_id``: a folded poster's is its session's block."""
        row = self._row_of.get(event_id)
        if row is None and self._folding is not None and event_id in self._folding.block_of:
            row = self._row_of.get(self._folding.block_of[event_id])
        return row

    def index_of(self, event_id: str) -> QModelIndex:
        row = self.row_of(event_id)
        return self.index(row, 0) if row is not None else QModelIndex()

    # -- poster sessions ----------------------------------------------------------------

    def block_of(self, event_id: str) -> PosterBlock | None:
        """The block a poster of the shown day is folded into, or the block with that id."""
        if self._folding is None:
            return None
        row = self._row_of.get(self._folding.block_of.get(event_id, event_id))
        return self._folding.blocks.get(row) if row is not None else None

    def blocks(self) -> list[PosterBlock]:
        """The shown day's poster sessions folded into one row each, in row order."""
        return list(self._folding.blocks.values()) if self._folding is not None else []

    def _counts(self, block: PosterBlock) -> PosterCounts:
        matching = None if self._matches is None else self._block_matches.get(block.id, 0)
        picked = self._block_stars.get(block.id, ())
        maybe = sum(1 for p in picked if self._tiers.get(p) is Tier.MAYBE)
        return PosterCounts(self._on_schedule(block), len(picked), matching, maybe)

    def _on_schedule(self, block: PosterBlock) -> int:
        """A block's posters still in the schedule: one that left it in an update (kept
        because starred) is listed, marked, but no longer counted among the session's."""
        return len(block.members) - self._block_gone.get(block.id, 0)

    def _tier(self, event_id: str) -> Tier | None:
        return self._tiers.get(event_id, Tier.MUST) if event_id in self._starred else None

    def _count_stars(self, blocks: Iterable[PosterBlock] | None = None) -> None:
        """How many posters of each block (of ``blocks``, None: every block) are starred."""
        if blocks is None:
            self._block_stars = {}
            blocks = self.blocks()
        starred = self._starred
        for block in blocks:
            self._block_stars[block.id] = tuple(member for member in block.members if member in starred)

    def _count_matches(self) -> None:
        matches = self._matches
        self._block_matches = {} if matches is None else {
            block.id: sum(1 for member in block.members if member in matches) for block in self.blocks()}

    def _count_gone(self) -> None:
        block_of = self._folding.block_of if self._folding is not None else {}
        gone = Counter(block_of[i] for i, (flag, _) in self._statuses.items()
                       if flag == UpdateFlag.REMOVED and i in block_of)
        self._block_gone = dict(gone)

    def _passes(self, event_id: str) -> bool:
        # A block passes when any of its posters does.
        return self._matches is None or event_id in self._matches or self._block_matches.get(event_id, 0) > 0

    # -- flags ---------------------------------------------------------------------------

    def set_starred(self, starred: set[str]) -> None:
        changed = self._starred ^ starred
        self._starred = set(starred)
        for event_id in changed & self._row_of.keys():
            index = self.index(self._row_of[event_id], 0)
            self.dataChanged.emit(index, index, [Roles.STARRED, Qt.ItemDataRole.DisplayRole])
        if self._folding is not None:
            block_of = self._folding.block_of
            touched = {block_of[event_id] for event_id in changed if event_id in block_of}
            blocks = [b for b in self.blocks() if b.id in touched]
            self._count_stars(blocks)
            for block in blocks:
                index = self.index(self._row_of[block.id], 0)
                self.dataChanged.emit(index, index, [Roles.POSTER_COUNTS, Qt.ItemDataRole.DisplayRole])

    def set_tiers(self, tiers: dict[str, Tier]) -> None:
        """The stars' tiers (set_starred says which are starred): the cards of talks whose
        tier changed, and the blocks of posters whose tier changed, are drawn again."""
        changed = {i for i in self._tiers.keys() | tiers.keys() if self._tiers.get(i) != tiers.get(i)}
        self._tiers = dict(tiers)
        for event_id in changed & self._row_of.keys():
            index = self.index(self._row_of[event_id], 0)
            self.dataChanged.emit(index, index, [Roles.TIER, Qt.ItemDataRole.DisplayRole])
        if self._folding is not None:
            block_of = self._folding.block_of
            for block_id in {block_of[i] for i in changed if i in block_of} & self._row_of.keys():
                index = self.index(self._row_of[block_id], 0)
                self.dataChanged.emit(index, index, [Roles.POSTER_COUNTS, Roles.MAYBE_POSTERS,
                                                     Qt.ItemDataRole.DisplayRole])

    def set_planned(self, planned: frozenset[str] | set[str]) -> None:
        """The talks of accepted day plans: the cards whose mark comes or goes are drawn again."""
        changed = self._planned ^ planned
        self._planned = frozenset(planned)
        for event_id in changed & self._row_of.keys():
            index = self.index(self._row_of[event_id], 0)
            self.dataChanged.emit(index, index, [Roles.PLANNED, Qt.ItemDataRole.DisplayRole])

    def set_friends(self, friends: dict[str, tuple[str, ...]]) -> None:
        """Which friends picked which talks: the cards whose chip changes are drawn again."""
        changed = {i for i in self._friends.keys() | friends.keys() if self._friends.get(i) != friends.get(i)}
        self._friends = dict(friends)
        for event_id in changed & self._row_of.keys():
            index = self.index(self._row_of[event_id], 0)
            self.dataChanged.emit(index, index, [Roles.FRIENDS, Qt.ItemDataRole.DisplayRole])

    def set_matches(self, matches: set[str] | None) -> None:
        self._matches = matches
        self._count_matches()
        # The cards' text says which are dimmed (spoken_description): DisplayRole too.
        self._emit_all([Roles.MATCHES, Roles.POSTER_COUNTS, Qt.ItemDataRole.DisplayRole] if self._folding is not None
                       else [Roles.MATCHES, Qt.ItemDataRole.DisplayRole])

    def matching_count(self) -> int:
        """How many of the shown events pass the filters, a poster session's posters each
        (the count beside the day's events, not its rows: a feed's day of 1,750 read "154
        of 1750 on this day match" with nothing filtered, its 1,600 posters in 11 blocks)."""
        if self._folding is None:
            return self.matching_rows()
        blocks = self._folding.blocks
        matched = self._block_matches
        return sum((self._on_schedule(blocks[row]) if self._matches is None else matched.get(event_id, 0))
                   if row in blocks else self._passes(event_id)
                   for row, event_id in enumerate(self._ids))

    def matching_rows(self) -> int:
        """How many rows pass the filters (a poster session's block is one)."""
        if self._matches is None:
            return len(self._events)
        return sum(1 for event_id in self._ids if self._passes(event_id))

    def is_match(self, row: int) -> bool:
        return self._passes(self._ids[row])

    def set_flags(self, statuses: dict[str, tuple[str, str]], conflicts: dict[str, list[Event]]) -> None:
        self._statuses = statuses
        self._conflicts = conflicts
        self._count_gone()
        roles = [Roles.STATUS, Roles.CONFLICT, Qt.ItemDataRole.DisplayRole]  # said in the text too
        self._emit_all([*roles, Roles.POSTER_COUNTS] if self._folding is not None else roles)

    def _emit_all(self, roles: list[int]) -> None:
        if self._events:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._events) - 1, 0), roles)


class _FoldedDay(Sequence[Event]):
    """A day's events with its poster sessions folded (Folding): each block is an Event
    made from the block (block_event), every other row the day's own event, read as the
    day reads it (a DayEvents: from the library, on first use)."""

    def __init__(self, events: Sequence[Event], folding: Folding, schedule: str) -> None:
        self._day, self._rows = events, folding.rows
        self._blocks = {row: block_event(block, schedule) for row, block in folding.blocks.items()}
        self._row_in_day: dict[str, int] | None = None  # see posters()

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i: int) -> Event:  # type: ignore[override]  # rows only, no slices
        row = i if i >= 0 else i + len(self._rows)
        block = self._blocks.get(row)
        return block if block is not None else self._day[self._rows[row]]

    def read_rows(self, rows: Sequence[int]) -> None:
        """EventListModel.read_rows: the day's own rows among these (a block is made, not read)."""
        if isinstance(self._day, DayEvents):
            self._day.read_rows([self._rows[row] for row in rows if row not in self._blocks])

    def posters(self, ids: Sequence[str]) -> list[Event]:
        """Folded posters by id, read as the day reads its rows (a block's starred ones)."""
        if self._row_in_day is None:
            self._row_in_day = {event_id: row for row, event_id in enumerate(DayOutline.of(self._day).ids)}
        rows = self._row_in_day
        return [self._day[rows[i]] for i in ids if i in rows]
