"""The frozen dataclasses every layer shares.

Times are always timezone-aware datetimes that keep the offset the schedule published,
so the conference's wall-clock time is never lost; comparisons work across offsets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum


class Kind(StrEnum):
    """What an event is; drives the badge and the colour of its card."""

    ORAL = "oral"
    SPOTLIGHT = "spotlight"
    POSTER = "poster"
    TALK = "talk"
    WORKSHOP = "workshop"
    BREAK = "break"
    QA = "qa"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Human label: "Oral", "Q&A"."""
        return _LABELS[self]

    @property
    def is_talk(self) -> bool:
        """True for kinds that have speakers and abstracts (not breaks or slots)."""
        return self in (Kind.ORAL, Kind.SPOTLIGHT, Kind.POSTER, Kind.TALK, Kind.WORKSHOP)

    @property
    def has_subject(self) -> bool:
        """True for kinds whose events say what they are about, so that More like this and
        suggestions can compare them: the talks, and the rest of what a schedule calls
        "other" (38C3's 498 self-organised sessions, meetups and workshops among its 1,007
        events), but not a break or a Q&A slot."""
        return self not in (Kind.BREAK, Kind.QA)


_LABELS = {
    Kind.ORAL: "Oral",
    Kind.SPOTLIGHT: "Spotlight",
    Kind.POSTER: "Poster",
    Kind.TALK: "Talk",
    Kind.WORKSHOP: "Workshop",
    Kind.BREAK: "Break",
    Kind.QA: "Q&A",
    Kind.OTHER: "Other",
}


class Markup(StrEnum):
    """What a schedule's text is written in, as its format says (never guessed later).

    Session pages of academic conferences write LaTeX; every other format publishes
    titles and names as plain text, and abstracts as plain text, HTML or Markdown, which
    planner.text.readable tells apart. Only LATEX text goes through the LaTeX converter; in TEXT
    only clear math (``$x^2$``) is converted, so "{fmt}", "~/.cache" and "C:\\Users"
    show exactly as written. MARKDOWN is the abstracts of frab and pretalx (their XML and
    JSON): those sites show them as Markdown, so a lone ``*word*`` there is emphasis,
    where in other plain text it may be a footnote mark or "A* search".
    """

    LATEX = "latex"
    TEXT = "text"
    MARKDOWN = "markdown"


class LinkKind(StrEnum):
    """What the schedule calls a link: a web page, or a file attached to the talk (slides, a paper)."""

    LINK = "link"
    ATTACHMENT = "attachment"


@dataclass(frozen=True, slots=True)
class Link:
    """A link or attachment the schedule gives a talk: slides, a recording, feedback, a paper.

    ``url`` is as published (made absolute against the schedule's base address when the
    reader knows one); ``title`` is the schedule's text for it, "" when it gives none.
    The event's own page is Event.url, not one of these.
    """

    url: str
    title: str = ""
    kind: LinkKind = LinkKind.LINK


@dataclass(frozen=True, slots=True)
class Event:
    """One slot in a schedule: a talk, a break, a Q&A, or an untitled slot.

    ``id`` is unique in the library and stable across re-imports (see formats.ids).
    Text fields hold the schedule's raw text (LaTeX and all); planner.text.readable makes it
    readable for display and export.
    """

    id: str
    kind: Kind
    number: int | None
    title: str
    authors: tuple[str, ...]
    abstract: str
    start: datetime
    end: datetime
    session: str
    room: str = ""
    track: str = ""
    subtitle: str = ""
    url: str = ""
    schedule: str = ""
    # How the text fields are written (see Markup).
    markup: Markup = Markup.TEXT
    # A whole-day event (iCalendar VALUE=DATE): start is its first day's midnight, end the
    # midnight after its last day, and views and exports show dates, never clock times.
    all_day: bool = False
    # Times published without a zone: the venue's wall clock, kept in start/end with a
    # UTC offset of zero only because datetimes must be aware. Never convert them to
    # another zone; exports write them as floating local times.
    floating: bool = False
    # The schedule says the event will not happen (iCalendar STATUS:CANCELLED).
    cancelled: bool = False
    # Everything else the schedule links the event to, in its order (see Link).
    links: tuple[Link, ...] = ()
    # The poster's board as published ("#2504"); "" when the schedule gives none.
    poster_position: str = ""
    # Each author's institution, parallel to ``authors`` (None where the schedule names
    # none); empty when the format has no affiliations at all.
    affiliations: tuple[str | None, ...] = ()
    # The schedule's subject area ("Theory->Learning Theory"), as published.
    topic: str = ""
    # A key shared by every event that presents one paper (its poster and its oral), so
    # views know them as one paper; "" when the event is no paper. See the readers that
    # set it (planner.formats.virtualsite).
    paper: str = ""
    # For Kind.OTHER, the type the schedule names ("Invited Talk"), to show instead of "Other".
    type_name: str = ""

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError(f"event {self.id}: start and end must be timezone-aware")

    @property
    def heading(self) -> str:
        """Kind and number as shown on badges and in calendar titles: "Oral 1"; an "other"
        event by the type its schedule names ("Invited Talk")."""
        label = self.type_name if self.kind is Kind.OTHER and self.type_name else self.kind.label
        if self.number is not None:
            return f"{label} {self.number}"
        return label

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def overlaps(self, other: Event) -> bool:
        """True when the two share time; touching events (end == start) do not."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Unscheduled:
    """An entry the schedule lists without a time yet: a paper to read, to star, to cite.

    Not an Event, on purpose: an Event's start and end are always real instants, so no
    timeline, agenda, conflict check or calendar export can show an invented time for
    one of these. The fields mean what Event's do; when an update gives the entry a
    time it becomes an Event with the same id, and its star and note follow it.
    """

    id: str
    kind: Kind
    title: str
    authors: tuple[str, ...] = ()
    abstract: str = ""
    session: str = ""
    room: str = ""
    track: str = ""
    subtitle: str = ""
    url: str = ""
    schedule: str = ""
    markup: Markup = Markup.TEXT
    cancelled: bool = False
    links: tuple[Link, ...] = ()
    poster_position: str = ""
    affiliations: tuple[str | None, ...] = ()
    topic: str = ""
    paper: str = ""
    type_name: str = ""
    number: int | None = None

    @property
    def heading(self) -> str:
        """Kind and number as Event.heading gives them: "Poster"."""
        if self.number is not None:
            return f"{self.kind.label} {self.number}"
        return self.kind.label

    def as_event(self, start: datetime, end: datetime) -> Event:
        """This entry as an Event from ``start`` to ``end``, every other field the same: for
        comparing it with events (an update's matching and change notes), never to show."""
        return Event(start=start, end=end, **{name: getattr(self, name) for name in _ENTRY_FIELDS})


@dataclass(frozen=True, slots=True)
class Session:
    """A block of events under one title, with its chairs and announced time range."""

    title: str
    chairs: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    description: str = ""


_ENTRY_FIELDS = tuple(f.name for f in fields(Unscheduled))

# In Schedule.notes when times were published without a zone ("3 events have no time zone
# in the file", "1 event has ..."); the window then shows them as wall-clock times and
# converts nothing (see zoneless()). Notes stored by earlier versions ("3 event(s) have no
# time zone") hold it too.
NO_ZONE = "no time zone"


def zoneless(notes: Iterable[str]) -> bool:
    """Whether a schedule's notes say its times have no zone (planner.formats puts it there)."""
    return any(NO_ZONE in note for note in notes)


@dataclass(frozen=True, slots=True)
class Schedule:
    """What one file or URL holds: sessions and their events, sorted by start.

    ``key`` identifies the schedule across versions (an update replaces the schedule
    with the same key); ``timezone`` is an IANA name when the format gives one.
    """

    key: str
    title: str
    events: tuple[Event, ...]
    sessions: tuple[Session, ...] = ()
    source: str = ""
    format: str = ""
    timezone: str = ""
    notes: tuple[str, ...] = field(default=())
    # False when the file names no schedule (an iCalendar file without X-WR-CALNAME) and
    # ``key`` had to be made up: the library then knows an update by the talks it shares.
    named: bool = True
    # Entries the schedule lists without a time (see Unscheduled), in the file's order.
    unscheduled: tuple[Unscheduled, ...] = ()
    # The rooms in the order the file names them, where it lists its rooms (frab and
    # Pentabarf: the venue's order, the same every day); () where it does not.
    rooms: tuple[str, ...] = ()
    # The ids the reader made from an identity the file gives one event alone (a guid, a
    # UID, a pretalx code, a feed's id): an update's event under such an id is that talk.
    # Every other id comes from a position, an occurrence number or a title, which an
    # update hands to another talk (planner.domain.identity). Used by an import, not stored.
    published_ids: frozenset[str] = frozenset()
