"""Suggested for you: unstarred talks ranked by their likeness to everything starred.

More like this (planner.domain.similar) answers for one talk; this asks the same index
once for each starred talk and combines the answers. A talk's score is the mean of two
numbers, each a cosine between 0 and 1:

- its best likeness to any one starred talk, so that a single interest (one starred
  talk on reinforcement learning among twenty on vision) still brings its neighbours up
  instead of being drowned by the others;
- its average likeness over all the starred talks, so that a talk like many of them (the
  common thread of the stars) comes before one that shares a word with one of them.

A plain average buried single interests, and the best match alone ranked a near-copy of
one starred talk above a talk that fits all of them. The score stays between 0 and 1,
comparable to more-like-this scores. Ties go by id, so the list is stable.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from planner.domain.similar import SimilarityIndex


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested talk: its id, its score, and the starred talk it is most like."""

    event_id: str
    score: float
    like: str


def suggest(index: SimilarityIndex, starred: Collection[str], *, limit: int = 10,
            exclude: Collection[str] = ()) -> list[Suggestion]:
    """The ``limit`` unstarred talks of ``index`` most like the ``starred`` ones, best first.

    Starred ids the index does not hold (another schedule's, a break) take no part, nor
    do starred talks like nothing in it;
    ``exclude`` (cancelled talks, the other events of a starred paper) are never suggested.
    """
    queries = sorted(set(starred))
    total: dict[str, float] = {}
    best: dict[str, tuple[float, str]] = {}
    asked = 0
    everything = len(index)
    for query in queries:
        found = index.similar(query, limit=everything)
        if not found:
            # Not in the index (another schedule's, a break) or like nothing in it: it says
            # nothing about what to suggest, and counting it would only lower every average.
            continue
        asked += 1
        for event_id, score in found:
            total[event_id] = total.get(event_id, 0.0) + score
            if score > best.get(event_id, (0.0, ""))[0]:
                best[event_id] = (score, query)
    if not asked or limit <= 0:
        return []
    left_out = set(starred) | set(exclude)
    ranked = [
        Suggestion(event_id, (best[event_id][0] + total[event_id] / asked) / 2, best[event_id][1])
        for event_id in total
        if event_id not in left_out
    ]
    ranked.sort(key=lambda s: (-s.score, s.event_id))
    return ranked[:limit]

