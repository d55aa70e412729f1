"""Suggested for you, shared by ``planner suggest`` and the window's list.

The ranking is planner.domain.suggestions (more like this, over every starred talk);
this decides what may be suggested at all: not a starred talk, not one that will not
take place (cancelled, or gone from its schedule), and not the other half of a starred
paper (the oral of a starred poster is the same paper: its card already says so).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain.model import Event
from planner.domain.similar import SimilarityIndex
from planner.domain.status import UpdateFlag
from planner.domain.suggestions import suggest
from planner.store import Library


@dataclass(frozen=True, slots=True)
class Suggested:
    """A suggested talk, its score (0 to 1) and the starred talk it is most like."""

    event: Event
    score: float
    like: str


def suggestions(library: Library, *, schedule_key: str | None = None, limit: int = 10,
                index: SimilarityIndex | None = None) -> list[Suggested]:
    """The ``limit`` unstarred talks of ``schedule_key`` (None: the whole library) most like
    the starred ones, best first; [] when nothing there is starred.

    ``index`` is that schedule's SimilarityIndex when the caller has one (the window keeps
    it for more like this); else it is built here.
    """
    starred = library.starred_ids()
    if not starred:
        return []
    events = library.events(schedule_key=schedule_key)
    flags = library.statuses()
    papers = {e.paper for e in events if e.paper and e.id in starred}
    papers |= {u.paper for u in library.unscheduled(schedule_key=schedule_key, starred=True) if u.paper}
    never = {
        e.id for e in events
        if e.cancelled or e.paper in papers or flags.get(e.id, ("", ""))[0] == UpdateFlag.REMOVED
    }
    if index is None:
        index = SimilarityIndex(events)
    by_id = {e.id: e for e in events}
    return [
        Suggested(by_id[found.event_id], found.score, found.like)
        for found in suggest(index, starred, limit=limit, exclude=never)
        if found.event_id in by_id
    ]
