"""More like this: TF-IDF cosine similarity over titles and abstracts.

No network and no model: an inverted index over word stems, built once per schedule
shown, answers a query by touching only the postings of the query event's words.
"""

from __future__ import annotations

import heapq
import marshal
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import accumulate, chain
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
QUERY_TERMS = 40  # a query scores a talk's heaviest terms only: the rest add little and cost much
FORMAT = "similarity-index-1"  # to_bytes's layout: change it with the layout


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
    """Sparse, L2-normalised TF-IDF vectors and an inverted index over them.

    Kept in flat arrays, not a dict per talk: the dicts took 69 MB of the window's memory
    at 10,000 talks and 337 MB at 50,000 (tracemalloc), the arrays 13 and 63 MB; and
    arrays go to and from bytes (``to_bytes``) in milliseconds, so another process can
    build them (planner.services.child_jobs). A query sees only each talk's QUERY_TERMS heaviest
    terms, so only those are kept per talk; every term keeps its full postings.
    """

    def __init__(self, events: Iterable[Event] = ()) -> None:
        ids: list[str] = []
        vectors: list[Counter[str]] = []
        df: Counter[str] = Counter()
        for event in events:
            if not event.kind.has_subject:
                continue
            counts: Counter[str] = Counter()
            for t in terms(event.title):
                counts[t] += TITLE_WEIGHT
            counts.update(terms(event.abstract[:4000]))
            if not counts:
                continue
            ids.append(event.id)
            vectors.append(counts)
            df.update(counts.keys())
        n = len(ids)
        idf = {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}
        term_ids = {t: i for i, t in enumerate(df)}
        post_rows: list[list[int]] = [[] for _ in term_ids]
        post_weights: list[list[float]] = [[] for _ in term_ids]
        query_terms: list[int] = []
        query_weights: list[float] = []
        query_starts = [0]
        log, sqrt = math.log, math.sqrt
        for row, counts in enumerate(vectors):
            weights = [(term_ids[t], (1.0 + log(c)) * idf[t]) for t, c in counts.items()]
            norm = sqrt(sum(w * w for _, w in weights)) or 1.0
            normed = [(term, w / norm) for term, w in weights]
            for term, w in normed:
                post_rows[term].append(row)
                post_weights[term].append(w)
            # Heaviest first; equal weights keep the order the talk's words came in.
            normed.sort(key=itemgetter(1), reverse=True)
            for term, w in normed[:QUERY_TERMS]:
                query_terms.append(term)
                query_weights.append(w)
            query_starts.append(len(query_terms))
        self._ids = ids
        self._query = (array("i", query_terms), array("d", query_weights), array("q", query_starts))
        self._postings = (array("i", chain.from_iterable(post_rows)), array("d", chain.from_iterable(post_weights)),
                          array("q", accumulate((len(p) for p in post_rows), initial=0)))
        self._row = {event_id: i for i, event_id in enumerate(ids)}

    def __len__(self) -> int:
        return len(self._ids)

    def to_bytes(self) -> bytes:
        """The index as bytes for ``from_bytes`` (by the same version of Planner)."""
        arrays = (*self._query, *self._postings)
        # marshal, not pickle: plain values only, and loading them runs nothing.
        return marshal.dumps((FORMAT, self._ids, [(a.typecode, a.tobytes()) for a in arrays]))

    @classmethod
    def from_bytes(cls, data: bytes) -> SimilarityIndex:
        """An index ``to_bytes`` wrote, here or in another process of this Planner."""
        try:
            form, ids, parts = marshal.loads(data)
            if form != FORMAT:
                raise ValueError(f"format {form!r}, expected {FORMAT!r}")
            arrays = []
            for typecode, raw in parts:
                values = array(typecode)
                values.frombytes(raw)
                arrays.append(values)
            query_terms, query_weights, query_starts, post_rows, post_weights, post_starts = arrays
        except (EOFError, TypeError, ValueError) as exc:
            raise ValueError(f"not a similarity index: {exc}") from exc
        if (len(query_starts) != len(ids) + 1 or len(query_terms) != len(query_weights)
                or len(post_rows) != len(post_weights) or post_starts[-1:] != array("q", [len(post_rows)])):
            raise ValueError("not a similarity index: its parts do not fit together")
        index = cls.__new__(cls)
        index._ids = ids
        index._query = (query_terms, query_weights, query_starts)
        index._postings = (post_rows, post_weights, post_starts)
        index._row = {event_id: i for i, event_id in enumerate(ids)}
        return index

    def similar(self, event_id: str, limit: int = 5) -> list[tuple[str, float]]:
        """The ``limit`` most similar events to ``event_id`` as (id, cosine), best first."""
        row = self._row.get(event_id)
        if row is None:
            return []
        query_terms, query_weights, query_starts = self._query
        post_rows, post_weights, post_starts = self._postings
        # Rare terms first: their postings are short and carry most of the score.
        scores: defaultdict[int, float] = defaultdict(float)
        cap = max(500, len(self._ids) // 4)
        for at in range(query_starts[row], query_starts[row + 1]):
            term, w = query_terms[at], query_weights[at]
            first, last = post_starts[term], post_starts[term + 1]
            if last - first > cap:
                continue  # a term in a quarter of all talks barely discriminates
            for other, w2 in zip(post_rows[first:last], post_weights[first:last], strict=True):
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
