"""Poster sessions as one block: how a hall of 400 posters fits on a timeline.

A NeurIPS poster session puts hundreds of posters in one hall for the same few hours. As
cards they would share one room column in 400 lanes a pixel wide; folded, the session is
one block ("Poster Session 6 · 412 posters · 5 starred") that opens as a list.

A poster session is what the schedule says it is (as in planner.domain.route): Kind.POSTER
events with the same session name, start and end. fold() finds them in a day's outline
(ids, kinds, times, rooms, sessions: no titles), in one pass over its rows, so the
window folds a 3,600-event day without reading a single event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from planner.domain.days import DayOutline
from planner.domain.model import Event, Kind

# Posters sharing a session and time that become one block. A room column is 190-300 px
# wide: six lanes leave each card under 50 px, narrower than a card can put a word on
# (planner.ui.widgets.delegates.NARROW), so from six on the cards say nothing. Fewer
# (a workshop's handful of posters) still read as cards and star with one click.
FOLD_AT = 6

BLOCK_PREFIX = "posters:"  # readers make ids "sp-…", "vs-…" (planner.formats.ids): never with a colon
UNTITLED = "Posters"  # a block whose posters name no session


@dataclass(frozen=True, slots=True)
class PosterBlock:
    """One folded poster session of a day.

    ``id`` is made from the schedule, session name and times (block_id), never an event's:
    stable across reloads and zone changes, and never mistaken for a talk to star.
    ``members`` are the posters' ids in the day's order; ``room`` is where most of them are.
    """

    id: str
    title: str
    session: str
    start: datetime
    end: datetime
    room: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Folding:
    """A day with its poster sessions folded.

    ``outline`` is the day as shown: each block is one row (kind POSTER, the block's id,
    times, room and session) where its first poster was, the other posters are left out.
    ``rows`` gives, for each row of ``outline``, the row of the day it shows (for a block:
    its first poster's); ``blocks`` maps a block's row in ``outline`` to the block.
    """

    outline: DayOutline
    rows: list[int]
    blocks: dict[int, PosterBlock]
    block_of: dict[str, str]  # poster id -> the id of the block it is folded into


def block_id(schedule: str, session: str, start: datetime, end: datetime) -> str:
    """The id of a schedule's poster session: the same for the same session and times."""
    key = f"{schedule}\x1f{session}\x1f{start.timestamp():.0f}\x1f{end.timestamp():.0f}"
    return BLOCK_PREFIX + _sha1_hex(key.encode())[:16]


def _sha1_hex(data: bytes) -> str:
    """SHA-1, from CPython's own module where there is one: the same digests as hashlib's,
    without hashlib loading OpenSSL's library, 2.4 ms of the first paint of a feed with
    poster sessions (py-spy, 15 starts). Loaded at the first block, not at import: a
    schedule without poster sessions needs neither."""
    try:
        from _sha1 import sha1  # lazy, see above: CPython's built-in SHA-1
    except ImportError:  # another Python
        from hashlib import sha1  # lazy, see above
    return str(sha1(data, usedforsecurity=False).hexdigest())


def is_block_id(event_id: str) -> bool:
    return event_id.startswith(BLOCK_PREFIX)


def fold(day: DayOutline, schedule: str = "", at: int = FOLD_AT) -> Folding | None:
    """The poster sessions of ``day`` with at least ``at`` posters, folded; None when none is.

    O(rows): one pass groups the posters, one builds the folded outline.
    """
    kinds = day.kinds
    if Kind.POSTER not in kinds:  # most days of most schedules: one scan in C
        return None
    sessions, starts, ends = day.sessions, day.starts, day.ends
    groups: dict[tuple[str, datetime, datetime], list[int]] = {}
    for row, kind in enumerate(kinds):
        if kind == Kind.POSTER and not day.is_all_day(row):
            groups.setdefault((sessions[row], starts[row], ends[row]), []).append(row)
    folded = [rows for rows in groups.values() if len(rows) >= at]
    if not folded:
        return None
    ids, rooms = day.ids, day.rooms
    first_of: dict[int, PosterBlock] = {}
    block_of: dict[str, str] = {}
    for rows in folded:
        first = rows[0]
        session = sessions[first]
        room = Counter(rooms[row] for row in rows).most_common(1)[0][0]
        members = tuple(ids[row] for row in rows)
        block = PosterBlock(block_id(schedule, session, starts[first], ends[first]), session or UNTITLED,
                            session, starts[first], ends[first], room, members)
        first_of[first] = block
        block_of.update(dict.fromkeys(members, block.id))
    keep: list[int] = []
    blocks: dict[int, PosterBlock] = {}
    for row, event_id in enumerate(ids):
        opens = first_of.get(row)
        if opens is not None:
            blocks[len(keep)] = opens
        elif event_id in block_of:
            continue
        keep.append(row)
    o = day
    outline = DayOutline(
        [blocks[i].id if i in blocks else o.ids[r] for i, r in enumerate(keep)],
        [o.kinds[r] for r in keep], [o.starts[r] for r in keep], [o.ends[r] for r in keep],
        [blocks[i].room if i in blocks else o.rooms[r] for i, r in enumerate(keep)],
        ["" if i in blocks else o.tracks[r] for i, r in enumerate(keep)],
        [o.sessions[r] for r in keep],
        [o.all_days[r] for r in keep] if o.all_days else [],
        o.span,
    )
    return Folding(outline, keep, blocks, block_of)


def block_event(block: PosterBlock, schedule: str = "") -> Event:
    """The block as an Event, for what shows rows as events (cards, the list, tooltips):
    kind POSTER, the session's title, times and room; it has no authors and no abstract."""
    return Event(id=block.id, kind=Kind.POSTER, number=None, title=block.title, authors=(), abstract="",
                 start=block.start, end=block.end, session=block.session, room=block.room, schedule=schedule)


def topic_counts(posters: Iterable[Event]) -> list[tuple[str, int]]:
    """Each topic of ``posters`` with how many have it, most first (then by name); posters
    without a topic are counted under "", last."""
    counts = Counter(poster.topic.strip() for poster in posters)
    return sorted(counts.items(), key=lambda item: (not item[0], -item[1], item[0].casefold()))


def in_board_order(posters: Iterable[Event]) -> list[Event]:
    """Posters as the hall is walked (planner.domain.boards), those without a board last by title."""
    from planner.domain.boards import board_order  # here: only an opened session sorts

    return sorted(posters, key=lambda e: (board_order(e.poster_position), e.title.casefold(), e.id))


def haystack(poster: Event) -> str:
    """What filtering a session's posters looks in: title, authors, their institutions, topic
    and board, case-folded once."""
    parts: Sequence[str | None] = (poster.title, *poster.authors, *poster.affiliations, poster.topic,
                                   poster.poster_position)
    return "\n".join(part for part in parts if part).casefold()


def matches(haystack_text: str, query: str) -> bool:
    """Every word of ``query`` is somewhere in ``haystack_text`` (see haystack)."""
    return all(word in haystack_text for word in query.casefold().split())
