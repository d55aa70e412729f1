"""Helpers the conference formats share: kinds from type names, zones, ids, sessions.

Pentabarf XML, frab JSON and iCalendar all name an event's type in free text
("Talk 40 (30min +10 Q&A)", "Workshop Bühne", "Podium"), look up zones by IANA name,
and need ids that stay unique inside one schedule, so those rules live here once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from planner.domain.model import Event, Kind, Session
from planner.domain.queries import fold
from planner.formats.ids import source_id

UTC = timezone.utc

# Checked in this order, so "Workshop (2h)" is a workshop and "Talk 40 (30min +10 Q&A)"
# a talk rather than a Q&A. Break words must be whole words: "Breakout session" and
# "Breaking the cloud" are no coffee breaks.
_BREAK = re.compile(r"\b(?:break|pause|lunch|coffee|dinner|breakfast|buffet)\b")
_ORAL = re.compile(r"\boral\b")
_QA = re.compile(r"q\s*&\s*a|\bq\s*and\s*a\b|\bquestions\b")
_KIND_WORDS: tuple[tuple[tuple[str, ...], Kind], ...] = (
    (("poster",), Kind.POSTER),
    (("spotlight",), Kind.SPOTLIGHT),
    (("workshop", "hands-on", "hands on"), Kind.WORKSHOP),
    # FOSDEM types name where a talk happens (maintrack, devroom, lightningtalk,
    # standtrack); CCC and DebConf name its length ("Talk 60", "Long talk"); German
    # schedules say "Vortrag".
    (("lecture", "talk", "keynote", "podium", "presentation", "vortrag", "tutorial",
      "maintrack", "devroom", "standtrack", "educational"), Kind.TALK),
)

_MAX_LABEL = 60


def kind_from_type(text: str) -> Kind:
    """The Kind for a free-text event type; meetings, BoFs, concerts... are OTHER."""
    folded = fold(text)
    if not folded.strip():
        return Kind.OTHER
    if _BREAK.search(folded):
        return Kind.BREAK
    if _ORAL.search(folded):
        return Kind.ORAL
    for words, kind in _KIND_WORDS:
        if any(w in folded for w in words):
            return kind
    if _QA.search(folded):
        return Kind.QA
    return Kind.OTHER


def kind_for(type_text: str, title: str) -> Kind:
    """Kind from the event type; a typeless "Lunch" or "Coffee break" is still a break."""
    kind = kind_from_type(type_text)
    if kind is Kind.OTHER and _BREAK.search(fold(title)):
        return Kind.BREAK
    return kind


def zone_named(name: str) -> ZoneInfo | None:
    """The IANA zone called ``name``, or None when there is no such zone.

    Names come from untrusted files: ZoneInfo refuses paths, and anything it cannot
    find (or that is not a valid key at all) simply means "unknown".
    """
    name = name.strip().strip('"')
    if not name or len(name) > 100:
        return None
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return None


def add_duration(start: datetime, duration: timedelta) -> datetime:
    """Elapsed-time addition: across a DST change a 1 h talk still lasts 1 h.

    Python adds to the wall clock when both sides share a ZoneInfo, which would make a
    talk spanning the autumn change an hour too long, so the sum is done in UTC.
    """
    return (start.astimezone(UTC) + duration).astimezone(start.tzinfo)


def quote(text: str, limit: int = _MAX_LABEL) -> str:
    """A short quoted excerpt of untrusted text for error messages."""
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def schedule_key(fmt: str, name: str) -> str:
    """``fmt:name`` with case, accents and spacing folded, so cosmetic edits keep it."""
    return f"{fmt}:{' '.join(fold(name).split())}"


class IdMaker:
    """Ids from a format's own identity, kept unique inside one schedule.

    A schedule that repeats an identity (two events with one guid or UID) still gets
    two events: the second and later ones add their occurrence number, so the first
    keeps the id it would have had alone and stars on it survive the duplicate.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._seen: dict[tuple[str, ...], int] = {}
        self._ids: set[str] = set()
        self._published: dict[tuple[str, ...], str] = {}  # a published identity -> its first id

    def make(self, *parts: str, published: bool = False) -> str:
        """The next id for ``parts``. ``published``: they are an identity the file gives
        (a guid, a UID, a feed's id), not a title or a position (see published_ids)."""
        count = self._seen.get(parts, 0)
        self._seen[parts] = count + 1
        candidate = source_id(self.prefix, *parts) if count == 0 else source_id(self.prefix, *parts, f"#{count}")
        if published and count == 0 and candidate not in self._ids:
            self._published[parts] = candidate
        while candidate in self._ids:  # a digest collision or a crafted "#n" part
            count += 1
            candidate = source_id(self.prefix, *parts, f"#{count}")
        self._ids.add(candidate)
        return candidate

    def published_ids(self) -> frozenset[str]:
        """The ids made from a published identity that no other event shares: evidence of
        which talk an update's event is (Schedule.published_ids). Events sharing one are
        told apart by their occurrence number, a position that an update moves."""
        return frozenset(made for parts, made in self._published.items() if self._seen[parts] == 1)


def sessions_for(events: Iterable[Event]) -> tuple[Session, ...]:
    """One Session per distinct ``Event.session`` (track or room), spanning its events."""
    spans: dict[str, list[datetime]] = {}
    for event in events:
        span = spans.get(event.session)
        if span is None:
            spans[event.session] = [event.start, event.end]
        else:
            span[0] = min(span[0], event.start)
            span[1] = max(span[1], event.end)
    ordered = sorted(spans.items(), key=lambda item: (item[1][0], item[0]))
    return tuple(Session(title=title, start=s, end=e) for title, (s, e) in ordered if title)


def sorted_events(events: Iterable[Event]) -> tuple[Event, ...]:
    """Start order, as every Schedule keeps its events; ties broken by end and id."""
    return tuple(sorted(events, key=lambda e: (e.start, e.end, e.id)))


def unique(names: Iterable[str]) -> tuple[str, ...]:
    """Stripped, non-empty, first occurrence kept: speaker lists repeat names."""
    seen: dict[str, None] = {}
    for name in names:
        cleaned = " ".join(name.split())
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)


def join_text(abstract: str, description: str) -> str:
    """Abstract then description, skipping empties and a description that repeats it.

    A description that already holds the abstract (38C3's often open with it, or carry it
    as a paragraph, or the abstract is its first lines and an ellipsis) is the whole text:
    joined, the attendee read the abstract twice.
    """
    abstract, description = abstract.strip(), description.strip()
    if not description or description == abstract:
        return abstract
    if not abstract:
        return description
    # An abstract cut short ("… the rest below …") is held too when its words are.
    if " ".join(abstract.rstrip(" .…\n").split()) in " ".join(description.split()):
        return description
    return f"{abstract}\n\n{description}"
