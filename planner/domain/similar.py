"""More like this: TF-IDF cosine similarity over titles and abstracts.

No network and no model: an inverted index over word stems, built once per library
load, answers a query by touching only the postings of the query event's words.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from operator import itemgetter

from planner.domain.model import Event
from planner.domain.queries import fold

_WORD = re.compile(r"[a-z][a-z0-9]{2,}")
# Words too common in schedules to say anything about a talk's subject.
_STOP = frozenset(
    """the and for with that this from are was were our their its into than then them they
    these those which while where when what who how can could would should will may might
    have has had been being also such not but all any each more most other some only over
    under between about using used use based new via both well very show shows shown paper
    work propose proposed approach method methods results result present study problem
    problems task tasks model models learning data one two three first second however
    thus here there many much even further without within across large small high low""".split()
)
TITLE_WEIGHT = 3  # a shared title word says more than a shared abstract word


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A crude suffix strip so "networks" meets "network" and "training" meets "train"."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    stop = _STOP
    return [_stem(w) for w in _WORD.findall(fold(text)) if w not in stop]


class SimilarityIndex:
    """Sparse, L2-normalised TF-IDF vectors and an inverted index over them."""

    def __init__(self, events: Iterable[Event]) -> None:
        self._ids: list[str] = []
        vectors: list[Counter[str]] = []
        df: Counter[str] = Counter()
        for event in events:
            if not event.kind.is_talk:
                continue
            counts: Counter[str] = Counter()
            for t in terms(event.title):
                counts[t] += TITLE_WEIGHT
            counts.update(terms(event.abstract[:4000]))
            if not counts:
                continue
            self._ids.append(event.id)
            vectors.append(counts)
            df.update(counts.keys())
        n = len(self._ids)
        self._row = {event_id: i for i, event_id in enumerate(self._ids)}
        self._vectors: list[dict[str, float]] = []
        self._postings: dict[str, list[tuple[int, float]]] = {}
        idf = {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}
        for row, counts in enumerate(vectors):
            weights = {t: (1.0 + math.log(c)) * idf[t] for t, c in counts.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            vector = {t: w / norm for t, w in weights.items()}
            self._vectors.append(vector)
            for t, w in vector.items():
                self._postings.setdefault(t, []).append((row, w))

    def __len__(self) -> int:
        return len(self._ids)

    def similar(self, event_id: str, limit: int = 5) -> list[tuple[str, float]]:
        """The ``limit`` most similar events to ``event_id`` as (id, cosine), best first."""
        row = self._row.get(event_id)
        if row is None:
            return []
        vector = self._vectors[row]
        # Rare terms first: their postings are short and carry most of the score.
        scores: defaultdict[int, float] = defaultdict(float)
        cap = max(500, len(self._ids) // 4)
        for t, w in sorted(vector.items(), key=lambda item: -item[1])[:40]:
            postings = self._postings[t]
            if len(postings) > cap:
                continue  # a term in a quarter of all talks barely discriminates
            for other, w2 in postings:
                scores[other] += w * w2
        scores.pop(row, None)
        if limit <= 0 or not scores:
            return []
        # Sorting every candidate cost half the query time on 10,000 events; take the
        # top few by score, then order ties (and only ties) by id so results are stable.
        top = heapq.nlargest(limit, scores.items(), key=itemgetter(1))
        floor = top[-1][1]
        tied = [item for item in scores.items() if item[1] >= floor] if len(top) == limit else top
        ids = self._ids
        best = sorted(tied, key=lambda item: (-item[1], ids[item[0]]))[:limit]
        return [(ids[r], score) for r, score in best if score > 0]


def most_similar(events: Sequence[Event], event_id: str, limit: int = 5) -> list[tuple[str, float]]:
    """One-shot convenience for the command line."""
    return SimilarityIndex(events).similar(event_id, limit)
