"""Events as rows and back: the codecs between domain objects and the library's columns.

Rows are converted 10,000s at a time (an import, loading the window), so these are
written for speed: encoders made once, stored times parsed once, authors' JSON split
by hand where it escapes nothing. Also the small encodings of what goes into a query:
a search as an FTS5 MATCH, an update's changes as the words stored with the event.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, TypeVar

from planner.domain.days import offset_label
from planner.domain.model import Event, Kind, Link, LinkKind, Markup, Unscheduled

# The columns event_from_row reads, in its order (s is the event's schedule).
EVENT_COLUMNS = (
    "e.id, e.kind, e.number, e.title, e.subtitle, e.authors, e.abstract, e.start, e.\"end\", "
    "e.session, e.room, e.track, e.url, s.key, e.markup, e.all_day, e.floating, e.cancelled, e.links, "
    "e.poster_position, e.affiliations, e.topic, e.paper, e.type_name"
)
# Every column of events, in table order (event_row builds rows in it).
INSERT_EVENT = "INSERT INTO events VALUES (" + ", ".join("?" * 29) + ")"
# The columns unscheduled_from_row reads, in its order (u is the entry, s its schedule).
UNSCHEDULED_COLUMNS = (
    "u.id, u.kind, u.number, u.title, u.subtitle, u.authors, u.abstract, u.session, u.room, u.track, "
    "u.url, s.key, u.markup, u.cancelled, u.links, u.poster_position, u.affiliations, u.topic, u.paper, "
    "u.type_name"
)
# The columns of unscheduled that unscheduled_row fills, in its order (n is the table's own).
INSERT_UNSCHEDULED = (
    "INSERT INTO unscheduled (id, schedule_id, position, status, kind, number, title, subtitle, authors, "
    "abstract, session, room, track, url, markup, cancelled, links, poster_position, affiliations, topic, "
    "paper, type_name) VALUES (" + ", ".join("?" * 22) + ")"
)


def utc_seconds(value: datetime) -> int:
    return int(value.timestamp())


# Made once: json.dumps with any option builds a new encoder per call, and rows are
# converted 10,000s at a time (import, and loading the window).
_dump_json = json.JSONEncoder(ensure_ascii=False).encode
load_json = json.JSONDecoder().decode
KINDS = {k.value: k for k in Kind}
_MARKUPS = {m.value: m for m in Markup}
_LINK_KINDS = {k.value: k for k in LinkKind}


@lru_cache(maxsize=8192)
def instant(text: str) -> datetime:
    """Stored times repeat (every talk in a slot shares its start): parse each once."""
    return datetime.fromisoformat(text)


# Each name as _dump_json writes it: '["A", "B"]' built from one C call per name costs a
# third of the encoder's Python-level set-up per event.
_encode_string = json.encoder.encode_basestring


def authors_json(authors: tuple[str, ...]) -> str:
    return "[" + ", ".join(map(_encode_string, authors)) + "]"


# A datetime's id -> (the datetime, as stored, in UTC seconds), for one import: a parser
# hands every talk of a slot the same start object, so each is converted once.
Instants = dict[int, tuple[datetime, str, int]]


def affiliations_json(affiliations: tuple[str | None, ...]) -> str:
    """Like authors_json, with '' for an author whose institution is unknown: a JSON null
    would put the word "null" into the search index (planner.store.schema.FTS_BODY)."""
    if not affiliations:
        return "[]"
    return "[" + ", ".join(_encode_string(a or "") for a in affiliations) + "]"


def affiliations_from_json(text: str) -> tuple[str | None, ...]:
    if text == "[]" or not text:
        return ()
    return tuple(a or None for a in authors_from_json(text))


def links_json(links: tuple[Link, ...]) -> str:
    """``[["url", "title", "attachment"], ...]``: lists, as each link is read back by position."""
    if not links:
        return "[]"
    return _dump_json([[link.url, link.title, link.kind.value] for link in links])


def links_from_json(text: str) -> tuple[Link, ...]:
    """The links links_json wrote. A bare address (a string) reads as an untitled link and an
    unknown kind as a plain link, so a library written by another version still opens."""
    if text == "[]" or not text:
        return ()
    links: list[Link] = []
    for item in load_json(text):
        if isinstance(item, str):
            links.append(Link(item))
        elif isinstance(item, list) and item and isinstance(item[0], str):
            title = item[1] if len(item) > 1 and isinstance(item[1], str) else ""
            kind = _LINK_KINDS.get(item[2], LinkKind.LINK) if len(item) > 2 else LinkKind.LINK
            links.append(Link(item[0], title, kind))
    return tuple(links)


def event_row(event: Event, schedule_id: int, status: str, changes: str,
               instants: Instants | None = None) -> tuple[object, ...]:
    if instants is None:
        instants = {}
    start, end = event.start, event.end
    s = instants.get(id(start))
    if s is None or s[0] is not start:
        s = instants[id(start)] = (start, start.isoformat(), utc_seconds(start))
    e = instants.get(id(end))
    if e is None or e[0] is not end:
        e = instants[id(end)] = (end, end.isoformat(), utc_seconds(end))
    return (
        event.id, schedule_id, event.kind.value, event.number, event.title, event.subtitle,
        authors_json(event.authors), event.abstract, s[1], e[1], s[2], e[2],
        event.session, event.room, event.track, event.url, status, changes,
        event.markup.value, int(event.all_day), int(event.floating), int(event.cancelled),
        links_json(event.links), 0,  # placed: set by the import for times put in a user's zone
        event.poster_position, affiliations_json(event.affiliations), event.topic, event.paper, event.type_name,
    )


def unscheduled_row(item: Unscheduled, schedule_id: int, position: int, status: str = "") -> tuple[object, ...]:
    """The row INSERT_UNSCHEDULED takes for ``item``, the ``position``-th of its schedule."""
    return (
        item.id, schedule_id, position, status, item.kind.value, item.number, item.title, item.subtitle,
        authors_json(item.authors), item.abstract, item.session, item.room, item.track, item.url,
        item.markup.value, int(item.cancelled), links_json(item.links), item.poster_position,
        affiliations_json(item.affiliations), item.topic, item.paper, item.type_name,
    )


def unscheduled_from_row(row: Sequence[Any]) -> Unscheduled:
    (item_id, kind, number, title, subtitle, authors, abstract, session, room, track, url, key, markup,
     cancelled, links, poster_position, affiliations, topic, paper, type_name) = row
    return Unscheduled(
        id=item_id,
        kind=KINDS.get(kind) or Kind(kind),
        number=number,
        title=title,
        authors=authors_from_json(authors),
        abstract=abstract,
        session=session,
        room=room,
        track=track,
        subtitle=subtitle,
        url=url,
        schedule=key,
        markup=_MARKUPS.get(markup) or Markup(markup),
        cancelled=bool(cancelled),
        links=links_from_json(links),
        poster_position=poster_position,
        affiliations=affiliations_from_json(affiliations),
        topic=topic,
        paper=paper,
        type_name=type_name,
    )


def authors_from_json(text: str) -> tuple[str, ...]:
    """The names authors_json wrote: '["A", "B"]'.

    Without a backslash the JSON escapes nothing, so the names are what lies between
    '["', '", "' and '"]' (a quote inside a name would be written as backslash-quote):
    a split is a fifth of json's decode, which was a sixth of reading an event.
    """
    if text == "[]":
        return ()
    if "\\" in text or not (text.startswith('["') and text.endswith('"]')):
        return tuple(load_json(text))
    return tuple(text[2:-2].split('", "'))


def event_from_row(row: Sequence[Any]) -> Event:
    # SQLite hands back TEXT columns as str and INTEGER as int: no conversions needed.
    (event_id, kind, number, title, subtitle, authors, abstract, start, end,
     session, room, track, url, key, markup, all_day, floating, cancelled, links,
     poster_position, affiliations, topic, paper, type_name) = row
    return Event(
        id=event_id,
        kind=KINDS.get(kind) or Kind(kind),
        number=number,
        title=title,
        authors=authors_from_json(authors),
        abstract=abstract,
        start=instant(start),
        end=instant(end),
        session=session,
        room=room,
        track=track,
        subtitle=subtitle,
        url=url,
        schedule=key,
        markup=_MARKUPS.get(markup) or Markup(markup),
        all_day=bool(all_day),
        floating=bool(floating),
        cancelled=bool(cancelled),
        links=links_from_json(links),
        poster_position=poster_position,
        affiliations=affiliations_from_json(affiliations),
        topic=topic,
        paper=paper,
        type_name=type_name,
    )


_T = TypeVar("_T")


def chunks(items: list[_T], size: int) -> Iterator[list[_T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def fts_query(text: str) -> str | None:
    """Every word as a quoted prefix term: safe against FTS syntax, matches as you type."""
    text = text.replace("\x00", " ")  # FTS5 ends a string at NUL: "unterminated string"
    words = [w.replace('"', '""') for w in text.split()]
    words = [w for w in words if any(ch.isalnum() for ch in w)]
    if not words:
        return None
    return " AND ".join(f'"{w}"*' for w in words)


def _old_time(old: Event, new: Event) -> str:
    """When a moved talk was, with its clock: "10:30 UTC+01:00", a day before it where that
    changed too. The note is written once and shown beside times in whatever zone the
    attendee reads (19:30 in Tokyo): a bare "10:30" read as Tokyo's. A whole-day event's
    date, and a time published without a zone (the venue's clock), carry no offset."""
    if old.all_day:
        return old.start.strftime("%a %d %b")
    when = old.start.strftime("%a %d %b %H:%M" if old.start.date() != new.start.date() else "%H:%M")
    return when if old.floating else f"{when} {offset_label(old.start)}"


def describe_changes(old: Event, new: Event) -> str:
    """What an attendee needs to know changed: "moved from 10:00, Room A"."""
    parts: list[str] = []
    if new.cancelled != old.cancelled:
        parts.append("cancelled" if new.cancelled else "no longer cancelled")
    if old.start != new.start or old.end != new.end:
        parts.append(f"moved from {_old_time(old, new)}")
    if old.room != new.room:
        parts.append(f"room was {old.room or 'unset'}")
    if old.poster_position != new.poster_position:
        parts.append(f"board was {old.poster_position or 'unset'}")
    if old.title != new.title:
        parts.append(f"title was {old.title!r}")
    if old.authors != new.authors:
        parts.append("speakers changed")
    if old.number is not None and new.number is not None and old.number != new.number:
        parts.append(f"number was {old.number}")
    return ", ".join(parts)
