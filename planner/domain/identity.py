"""Which talk of a schedule's new version continues which talk of the old one.

Stars and notes hang on event ids, and a reader makes ids from what the file gives it:
a guid or UID where there is one, else a position ("paper 3 of this session", "the
second run of this workshop"). A position is no identity: a session page whose update
inserts a paper as #2 would hand every later paper's id, and with it its star and note,
to its neighbour; a calendar that drops a workshop's first run hands run 1's id to run 2.
The reader says which ids are its file's own (Schedule.published_ids); an update is
matched talk by talk, strongest evidence first, and each new event takes the id of the
talk it continues:

1. same id, same title and same speakers: the usual case, settled at once. An id made
   from a position must keep its start too (the run at that time);
2. same title and same speakers: in the same room at the same time (a talk held several
   times), then in the same room, then anywhere (the talk, wherever it moved);
3. same published id and the same speakers, or the same start (the title changed: "TBA"
   given its talk);
4. same speakers and same start (the title was corrected);
5. same title and start, in the same room first (untitled slots: their time is all they
   have; a talk whose speakers changed);
6. same published id (title, speakers and time changed);
7. same title, in the same room first (the speakers changed and the talk moved);
8. same position at the same time in the same room (the slot's talk retitled and its
   speakers changed), or same position, title and speakers (an untitled slot of a
   session that moved).

A title alone comes after every other evidence of a talk, among what is left: a talk just
retitled "TBA" must not take the star of the "TBA" that got its real title. A position
whose title and speakers both changed, at another time, is taken for another talk.
Among several candidates (breaks share a title) the events are paired in start order,
their starts as close as they can be in all, whatever the file's order.

A new event matched to no old one keeps its own id unless an old talk has it: one matched
elsewhere, or one it was not found to continue (a position that another talk left). It
then gets a fresh id, so it cannot take over that talk's star: a talk that is gone is
shown as removed, its star and note kept, rather than moved to another talk.

Entries without a time (Unscheduled) are talks too: a paper on the reading list that an
update gives a time, under a new id of the feed, is the same paper, and an id an entry
holds is no new event's to take. follow_schedule matches events and entries together.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Container, Hashable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from planner.domain.model import Event, Unscheduled
from planner.domain.queries import fold


def _folded(text: str) -> str:
    return " ".join(fold(text).split())


def _speakers_of(authors: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(map(_folded, authors))


def follow_talks(old: Iterable[Event], new: Sequence[Event],
                 published: Container[str] = frozenset()) -> tuple[list[Event], dict[str, str]]:
    """The new events, each with the id of the old event it continues.

    ``published``: the new events' ids that the reader made from an identity the file
    gives that event alone (Schedule.published_ids); every other id is taken to be a
    position. Returns the events (in the order given) and the ids that changed, new id as
    the reader made it -> id kept. An event that continues no old one keeps its own id
    unless an old talk has it.
    """
    left_old: dict[str, Event] = {e.id: e for e in old}
    if not left_old:
        return list(new), {}
    # Folding is most of the work when every id changed (10,000 talks: 0.8 s unmemoised).
    folded: dict[str, str] = {}
    speakers: dict[tuple[str, ...], tuple[str, ...]] = {}

    def _title(event: Event) -> str:
        found = folded.get(event.title)
        if found is None:
            found = folded[event.title] = _folded(event.title)
        return found

    def _speakers(event: Event) -> tuple[str, ...]:
        found = speakers.get(event.authors)
        if found is None:
            found = speakers[event.authors] = _speakers_of(event.authors)
        return found

    kept: dict[int, str] = {}  # index in new -> old id it continues
    left_new: dict[int, Event] = {}
    # Pass 1 in one sweep: ~all events of a routine update are settled here.
    for index, event in enumerate(new):
        previous = left_old.get(event.id)
        if previous is not None and (
                (previous.title == event.title and previous.authors == event.authors)  # as written: no folding
                or (_title(previous) == _title(event) and _speakers(previous) == _speakers(event))) and (
                # An untitled slot is its time, and so is a talk whose id is a position:
                # the second run of a workshop takes the first one's id when that is dropped.
                previous.start == event.start or (event.title.strip() and event.id in published)):
            kept[index] = event.id
            del left_old[event.id]
        else:
            left_new[index] = event
    if not left_new:
        return list(new), {}

    def pair(key: Callable[[Event], Hashable | None]) -> None:
        olds: dict[Hashable, list[tuple[float, str]]] = defaultdict(list)
        for event in left_old.values():
            k = key(event)
            if k is not None:
                olds[k].append((event.start.timestamp(), event.id))
        if not olds:
            return
        news: dict[Hashable, list[tuple[float, int]]] = defaultdict(list)
        for index, event in left_new.items():
            k = key(event)
            if k is not None and k in olds:
                news[k].append((event.start.timestamp(), index))
        for k, group in news.items():
            candidates = olds[k]
            if len(group) == len(candidates) == 1:  # ~every key of an update: one talk each side
                found = [(group[0][1], candidates[0][1])]
            else:
                found = _paired_in_order(group, candidates)
            for index, old_id in found:
                kept[index] = old_id
                del left_old[old_id]
                del left_new[index]

    # A talk given several times in several rooms (38C3's soldering workshops at two
    # stations, hour after hour) is one title and speakers many times over: room and time
    # tell the copies apart, and the nearest start alone handed a star to the other room.
    pair(lambda e: (_title(e), _speakers(e), e.room, e.start) if _title(e) else None)
    pair(lambda e: (_title(e), _speakers(e), e.room) if _title(e) else None)
    pair(lambda e: (_title(e), _speakers(e)) if _title(e) else None)
    pair(lambda e: (e.id, _speakers(e)) if e.authors and e.id in published else None)
    pair(lambda e: (e.id, e.start) if e.id in published else None)
    pair(lambda e: (_speakers(e), e.start) if e.authors else None)
    pair(lambda e: (_title(e), e.room, e.start))  # untitled slots: the time is all they have
    pair(lambda e: (_title(e), e.start))
    pair(lambda e: e.id if e.id in published else None)
    pair(lambda e: (_title(e), e.room) if _title(e) else None)
    pair(lambda e: _title(e) or None)
    # A position is evidence only with more: its time and room (the slot's talk retitled, its
    # speakers changed), or its title and speakers where no other talk has that title left
    # (an untitled slot of a session that moved a day).
    pair(lambda e: (e.id, e.start, e.room) if e.id not in published else None)
    pair(lambda e: (e.id, _title(e), _speakers(e)) if e.id not in published else None)

    # Every old talk's id, matched or not: the star of one left unmatched is not handed on.
    taken = {*kept.values(), *left_old}
    renamed: dict[str, str] = {}
    out: list[Event] = []
    for index, event in enumerate(new):
        target = kept.get(index)
        if target is None:
            target = event.id
            if target in taken:
                target = _fresh_id(event, taken)
            taken.add(target)
        if target != event.id:
            renamed[event.id] = target
            event = replace(event, id=target)
        out.append(event)
    return out, renamed


# Stand-ins for entries without a time start here, a minute apart, one moment per id: an
# entry that stays without a time keeps its moment (the same id, the same start), two
# entries never share one (no match "by the same time"), and no real talk is this early.
_NO_TIME = datetime(1, 1, 2, tzinfo=timezone.utc)


def follow_schedule(old_events: Iterable[Event], old_entries: Iterable[Unscheduled],
                    new_events: Sequence[Event], new_entries: Sequence[Unscheduled],
                    published: Container[str] = frozenset(),
                    ) -> tuple[list[Event], list[Unscheduled], dict[str, str]]:
    """follow_talks over events and entries without a time alike: any new event or entry
    may continue any old one (a poster that lost its time, a paper on the reading list
    given one), and one id never names both an event and an entry.

    Each entry stands in as an event at a moment of its own (_NO_TIME), so the rules that
    match by time never pair two entries, or an entry and an event, by it. Returns the
    new events and entries (in the order given) with the ids kept, and the ids that
    changed, as follow_talks does.
    """
    old_entries, new_entries = list(old_entries), list(new_entries)
    ids = sorted({u.id for u in old_entries} | {u.id for u in new_entries})
    moments = {entry_id: _NO_TIME + timedelta(minutes=n) for n, entry_id in enumerate(ids)}

    def stand_in(entry: Unscheduled) -> Event:
        moment = moments[entry.id]
        return entry.as_event(moment, moment)

    followed, renamed = follow_talks([*old_events, *map(stand_in, old_entries)],
                                     [*new_events, *map(stand_in, new_entries)], published)
    count = len(new_events)
    entries = [entry if entry.id == kept.id else replace(entry, id=kept.id)
               for entry, kept in zip(new_entries, followed[count:], strict=True)]
    return followed[:count], entries, renamed


def _paired_in_order(news: list[tuple[float, int]], olds: list[tuple[float, str]]) -> list[tuple[int, str]]:
    """Pairs of new and old events that share a key, as (index in new, old id), from their
    (start, index or id): in start order, each event in one pair at most (see _in_order)."""
    news, olds = sorted(news), sorted(olds)
    if len(news) <= len(olds):
        return [(news[i][1], olds[j][1]) for i, j in _in_order([t for t, _ in news], [t for t, _ in olds])]
    return [(news[j][1], olds[i][1]) for i, j in _in_order([t for t, _ in olds], [t for t, _ in news])]


def _in_order(short: list[float], long: list[float]) -> list[tuple[int, int]]:
    """Each of the sorted moments ``short`` paired with one of ``long`` (as (i, j)), in
    order, the two as close as they can be in all: the least sum of the distances.

    Walking the new events in order, each taking its nearest, a workshop's new Sunday run
    took the Tuesday run, which had moved to Wednesday; the closest pair first would swap a
    session's two Q&A slots when the session moves a day. On a line, some least-distance
    pairing never crosses, so the pairs are found in order, in len(short) * (len(long) -
    len(short) + 1) steps: a schedule repeats "Coffee break" hundreds of times, and an
    update that moves them keeps their number. Equal sums: the earlier of ``long``.
    """
    slack = len(long) - len(short)
    # rows[i][k]: the least sum pairing short[:i + 1] in order, short[i] with long[i + k].
    rows: list[list[float]] = []
    best = [0.0] * (slack + 1)  # the previous row's least at an offset no greater than k
    for i, moment in enumerate(short):
        row = [abs(moment - long[i + k]) + best[k] for k in range(slack + 1)]
        rows.append(row)
        best = list(itertools.accumulate(row, min))
    pairs: list[tuple[int, int]] = []
    k = slack
    for i in range(len(short) - 1, -1, -1):
        k = min(range(k + 1), key=rows[i].__getitem__)  # the first least: the earlier one
        pairs.append((i, i + k))
    return pairs


def _fresh_id(event: Event, taken: set[str]) -> str:
    """An id for a new talk whose own id belongs to an old talk: one that moved, or one
    this talk was not found to continue (a position another talk left).

    Derived from the id and the title, so the same file imported again derives the same
    id (and the matching above finds it by title anyway).
    """
    import hashlib  # 3 ms to import, and only a renumbered update gets here

    salt = _folded(event.title)
    while True:
        digest = hashlib.sha1(f"{event.id}\x1f{salt}".encode()).hexdigest()[:6]
        candidate = f"{event.id}-{digest}"
        if candidate not in taken:
            return candidate
        salt += "'"
