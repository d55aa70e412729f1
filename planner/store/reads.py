"""Reading events back: whole events, searches, and a schedule a piece at a time.

The Library's reads, in a class of their own so library.py keeps to opening and
writing; Library inherits them and they read through its connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from planner.domain.model import Event, Kind
from planner.store.errors import StoreError
from planner.store.rows import EVENT_COLUMNS, KINDS, chunks, event_from_row, fts_query, instant, load_json
from planner.text.wording import room_order

# An event as a day's layout and filters see it: id, kind, start, end, room, track, session,
# whether it is a whole-day event.
Outline = tuple[str, Kind, datetime, datetime, str, str, str, bool]
# What an Outline is read from (events aliased e), in its order.
_OUTLINE_COLUMNS = 'e.id, e.kind, e.start, e."end", e.room, e.track, e.session, e.all_day'


def _outlines(rows: Iterable[tuple[Any, ...]]) -> list[Outline]:
    """Rows of _OUTLINE_COLUMNS as Outlines: kinds and times parsed (each distinct one once)."""
    kinds, at = KINDS, instant
    return [(i, kinds.get(k) or Kind(k), at(s), at(e), room, track, session, bool(all_day))
            for i, k, s, e, room, track, session, all_day in rows]


class EventReads:
    """The reads of a Library (its base class): events, search, a schedule's days."""

    _conn: sqlite3.Connection
    # The last overview read, as text and parsed (see _overview).
    _overview_read: tuple[str, dict[str, list[list[Any]]]] | None = None

    # -- events ----------------------------------------------------------------------

    def _select_events(self, where: str = "", params: Sequence[object] = (), *,
                       abstract_chars: int | None = None, limit: int | None = None,
                       events_first: bool = False) -> list[Event]:
        """``events_first``: look events up before their schedule (a CROSS JOIN keeps
        SQLite to that order). For ids: without it SQLite went through the schedule's
        index and read every event of it to find 64 of them, 22 ms instead of 0.8 at
        50,000 events."""
        columns = EVENT_COLUMNS
        if abstract_chars is not None:
            columns = columns.replace("e.abstract", f"substr(e.abstract, 1, {int(abstract_chars)})")
        join = "CROSS JOIN" if events_first else "JOIN"
        rows = self._conn.execute(
            # (staging: a schedule still being written or being removed is no one's to see, importing)
            f"SELECT {columns} FROM events e {join} schedules s ON s.id = e.schedule_id AND s.staging = ''"
            f"{where} ORDER BY e.start_utc, e.end_utc, e.id{f' LIMIT {int(limit)}' if limit is not None else ''}",
            tuple(params),
        ).fetchall()
        return [event_from_row(r) for r in rows]

    def events(
        self,
        *,
        schedule_key: str | None = None,
        starred: bool = False,
        search: str | None = None,
        abstract_chars: int | None = None,
    ) -> list[Event]:
        """Events sorted by start, optionally narrowed to a schedule, stars, a search.

        ``abstract_chars`` loads only the start of each abstract: the window's cards show
        a few lines of it, and a 50,000-event conference would otherwise load ~200 MB of
        text at start; ``event(id)`` gives the whole event.
        """
        narrowed = narrowing("e", "e.rowid", "events_fts", schedule_key=schedule_key, starred=starred, search=search)
        if narrowed is None:
            return []
        return self._select_events(*narrowed, abstract_chars=abstract_chars)

    def event(self, event_id: str) -> Event:
        found = self._select_events(" WHERE e.id = ?", (event_id,))
        if not found:
            raise StoreError(f"no event {event_id!r} in the library")
        return found[0]

    def paper_events(self, event: Event) -> list[Event]:
        """The other events that present ``event``'s paper (its oral beside its poster), in
        time order; [] for an event that is no paper. Removed copies are left out: they
        will not take place."""
        if not event.paper:
            return []
        return self._select_events(" WHERE e.paper = ? AND e.id != ? AND e.status != 'removed'",
                                   (event.paper, event.id), abstract_chars=0, events_first=True)

    def topics(self, schedule_key: str) -> list[tuple[str, int]]:
        """The schedule's topics ("Theory->Learning Theory") with how many events each has,
        most first; [] for a schedule whose format has none. From the overview an import keeps."""
        return _counted(self._overview(schedule_key).get("topics", []))

    def institutions(self, schedule_key: str) -> list[tuple[str, int]]:
        """The authors' institutions of the schedule with how many events name each, most first."""
        return _counted(self._overview(schedule_key).get("institutions", []))

    def ids_with(self, schedule_key: str, *, topic: str = "", institution: str = "") -> set[str]:
        """Ids of the schedule's events in ``topic`` (or a topic under it: "Theory" takes
        "Theory->Learning Theory") and with an author from ``institution`` (exactly as written)."""
        clauses = ["s.key = ?"]
        params: list[object] = [schedule_key]
        if topic:
            clauses.append("(e.topic = ? OR substr(e.topic, 1, ?) = ?)")
            params += [topic, len(topic) + 2, topic + "->"]
        if institution:
            clauses.append("e.affiliations != '[]' AND EXISTS (SELECT 1 FROM json_each(e.affiliations) j "
                           "WHERE j.value = ?)")
            params.append(institution)
        return {str(r[0]) for r in self._conn.execute(
            "SELECT e.id FROM events e JOIN schedules s ON s.id = e.schedule_id WHERE " + " AND ".join(clauses),
            params)}

    def search_ids(self, query: str, *, within: tuple[str, int, int] | None = None) -> set[str] | None:
        """Ids of events matching ``query`` (None means "no filter": the query is empty).

        ``within`` (a schedule key, and the first and last start in UTC seconds) keeps
        the search to one stretch of a schedule, as the window shows a day. The window
        searches on every keystroke, and a one-letter prefix matches most of a big
        library (40,000 rowids to merge at 50,000 events). A day's events were imported
        together, so their rowids are close: the index is asked only about that rowid
        range (FTS5 skips the rest of each term's list).
        """
        if not query.strip():
            return None
        match = fts_query(query)
        if match is None:
            return set()
        conn = self._conn
        # The index answers with events rowids; looking each one up in events costs a
        # B-tree search per match (slow for a short prefix that matches most of 10,000
        # events), so a cached map turns them into ids. One read transaction, so the map
        # and the matches see one snapshot.
        outer = conn.in_transaction
        if not outer:
            conn.execute("BEGIN")
        try:
            id_of = self._stretch_ids(*within) if within is not None else self._fts_id_map()
            sql = "SELECT rowid FROM events_fts WHERE events_fts MATCH ?"
            params: list[object] = [match]
            if within is not None:
                if not id_of:
                    return set()
                sql += " AND rowid BETWEEN ? AND ?"
                params += [min(id_of), max(id_of)]
            ids = {id_of[r[0]] for r in conn.execute(sql, params) if r[0] in id_of}
        finally:
            if not outer:
                conn.execute("COMMIT")
        noted = [r[0] for r in conn.execute("SELECT event_id FROM notes WHERE text LIKE ?", (f"%{query.strip()}%",))]
        if noted and within is not None:
            in_stretch = set(id_of.values())  # only when a note matched: this runs per keystroke
            noted = [i for i in noted if i in in_stretch]
        ids.update(noted)
        return ids

    def search_among(self, query: str, event_ids: Iterable[str]) -> set[str]:
        """Which of a few events (by id) match ``query`` as search_ids() matches: what a day
        lists from earlier days (a sprint on its third day), outside its span of starts.
        One index look-up per event; set() for an empty query."""
        match = fts_query(query) if query.strip() else None
        ids = list(dict.fromkeys(event_ids))
        if match is None or not ids:
            return set()
        conn = self._conn
        found: set[str] = set()
        for chunk in chunks(ids, 500):
            marks = ", ".join("?" * len(chunk))
            for rowid, event_id in conn.execute(f"SELECT rowid, id FROM events WHERE id IN ({marks})", chunk).fetchall():
                if conn.execute("SELECT 1 FROM events_fts WHERE events_fts MATCH ? AND rowid = ?",
                                (match, rowid)).fetchone() is not None:
                    found.add(str(event_id))
            found.update(str(r[0]) for r in conn.execute(
                f"SELECT event_id FROM notes WHERE event_id IN ({marks}) AND text LIKE ?",
                (*chunk, f"%{query.strip()}%")))
        return found

    _stretch: tuple[tuple[object, ...], dict[int, str]] | None = None

    def _stretch_ids(self, schedule_key: str, first_utc: int, last_utc: int) -> dict[int, str]:
        """events rowid -> id for a schedule's events starting in a range; the last one is
        kept until the library changes (typing a word asks about the same day each time)."""
        key = (int(self._conn.execute("PRAGMA data_version").fetchone()[0]), self._conn.total_changes,
               schedule_key, first_utc, last_utc)
        if self._stretch is None or self._stretch[0] != key:
            self._stretch = (key, dict(self._conn.execute(
                "SELECT e.rowid, e.id FROM events e JOIN schedules s ON s.id = e.schedule_id "
                "WHERE s.key = ? AND e.start_utc BETWEEN ? AND ?", (schedule_key, first_utc, last_utc))))
        return self._stretch[1]

    _fts_ids: tuple[tuple[int, int], dict[int, str]] | None = None

    def _fts_id_map(self) -> dict[int, str]:
        """events rowid (what events_fts answers with) -> event id, rebuilt after changes.

        PRAGMA data_version moves when another connection commits, total_changes when
        this one writes. A rebuild reads the ids' index (a few ms per 10,000 events,
        once); each search then saves 4x that on a typed word at 50,000 events.
        """
        version = (int(self._conn.execute("PRAGMA data_version").fetchone()[0]), self._conn.total_changes)
        if self._fts_ids is None or self._fts_ids[0] != version:
            # Only shown schedules': one being removed keeps its index entries until its rows
            # go. Joined only then: the plain read walks the ids' index, 22 ms at 50,000
            # events where the join reads the table, 36 ms.
            hidden = self._conn.execute("SELECT 1 FROM schedules WHERE staging != '' LIMIT 1").fetchone()
            self._fts_ids = (version, dict(self._conn.execute(
                "SELECT rowid, id FROM events" if hidden is None else
                "SELECT e.rowid, e.id FROM events e JOIN schedules s ON s.id = e.schedule_id AND s.staging = ''")))
        return self._fts_ids[1]

    def statuses(self) -> dict[str, tuple[str, str]]:
        """Event id -> (status, what changed) for events flagged by the last update."""
        return {
            r[0]: (r[1], r[2])
            for r in self._conn.execute("SELECT id, status, changes FROM events WHERE status != ''")
        }

    # -- one schedule, a piece at a time (the window's day-by-day reads) ---------------

    def start_times(self, schedule_key: str) -> list[tuple[str, int, int]]:
        """(start as stored, start in UTC seconds, number of events) per distinct start.

        Talks share slots, so a 50,000-event schedule has about a thousand of these: enough
        to lay out its days without reading a single event. From the schedule's overview.
        """
        return self.day_starts(schedule_key)[0]

    def all_day_starts(self, schedule_key: str) -> dict[str, int]:
        """Start (as stored) -> how many whole-day events begin then, from the overview."""
        return self.day_starts(schedule_key)[1]

    def day_starts(self, schedule_key: str) -> tuple[list[tuple[str, int, int]], dict[str, int]]:
        """start_times() and all_day_starts() from one read of the overview (opening a
        schedule needs both; its JSON holds a thousand starts at 50,000 events)."""
        overview = self._overview(schedule_key)
        starts = sorted(((str(start), int(utc), int(n)) for start, utc, n in overview.get("starts", [])),
                        key=lambda s: (s[1], s[0]))
        return starts, {str(start): int(n) for start, n in overview.get("all_day", [])}

    def _overview(self, schedule_key: str) -> dict[str, list[list[Any]]]:
        """The overview each import keeps in the schedule's row (schema.OVERVIEW); {} for no schedule."""
        row = self._conn.execute("SELECT overview FROM schedules WHERE key = ?", (schedule_key,)).fetchone()
        text = row[0] if row and row[0] else ""
        if not text:
            return {}
        # Opening a schedule asks for its starts, places, topics and institutions, each from
        # the same text: it is parsed once (four times took 1.9 ms of a 50,000-event start).
        # Compared as text, so a new import's overview is parsed anew. Callers only read it.
        read = self._overview_read
        if read is not None and read[0] == text:
            return read[1]
        overview: dict[str, list[list[Any]]] = load_json(text)
        self._overview_read = (text, overview)
        return overview

    def event_starts(self, schedule_key: str) -> list[tuple[str, str, bool]]:
        """(id, start as stored, whole day) of every event of a schedule: which day each
        search match falls on, without reading the events (a few ms at 10,000)."""
        return [(i, s, bool(d)) for i, s, d in self._conn.execute(
            "SELECT e.id, e.start, e.all_day FROM events e JOIN schedules s ON s.id = e.schedule_id "
            "WHERE s.key = ?", (schedule_key,))]

    def event_start_marks(self, schedule_key: str) -> list[tuple[str, str, int, bool, bool]]:
        """(id, start as stored, start in UTC seconds, whole day, floating) of every event of
        a schedule, in the order events() gives them: which day each is on
        (planner.domain.days.start_day) without reading the events, so that
        planner.services.planning reads only the days it plans (events_in_span).

        Not event_starts with two columns more: its caller, the window's first search over
        every day, would pay the order and the columns (44 -> 63 ms at 50,000 events)."""
        return [(i, s, int(u), bool(d), bool(f)) for i, s, u, d, f in self._conn.execute(
            "SELECT e.id, e.start, e.start_utc, e.all_day, e.floating FROM events e "
            "JOIN schedules s ON s.id = e.schedule_id WHERE s.key = ? ORDER BY e.start_utc, e.end_utc, e.id",
            (schedule_key,))]

    def has_floating(self, schedule_key: str) -> bool:
        """Whether any of a schedule's times was published without a zone (Event.floating)."""
        row = self._conn.execute("SELECT EXISTS (SELECT 1 FROM events e JOIN schedules s ON s.id = e.schedule_id "
                                 "WHERE s.key = ? AND e.floating)", (schedule_key,)).fetchone()
        return bool(row[0])

    def events_in_span(self, schedule_key: str, first_utc: int, last_utc: int, *,
                        abstract_chars: int | None = None) -> list[Event]:
        """A schedule's events starting between two UTC instants (seconds, inclusive), by start."""
        return self._select_events(" WHERE s.key = ? AND e.start_utc BETWEEN ? AND ?",
                                   (schedule_key, first_utc, last_utc), abstract_chars=abstract_chars)

    def event_outlines(self, schedule_key: str, first_utc: int, last_utc: int) -> list[Outline]:
        """(id, kind, start, end, room, track, session) of a schedule's events starting
        between two UTC instants (seconds, inclusive), by start, end and id.

        What laying out and filtering a day needs, without the titles, authors and
        abstracts that make up most of a row: 13 ms for 3,600 events, where reading them
        whole took 48 ms (events_by_id reads those a card needs).
        """
        return _outlines(self._conn.execute(
            f"SELECT {_OUTLINE_COLUMNS} FROM events e "
            "JOIN schedules s ON s.id = e.schedule_id WHERE s.key = ? AND e.start_utc BETWEEN ? AND ? "
            "ORDER BY e.start_utc, e.end_utc, e.id",
            (schedule_key, first_utc, last_utc),
        ).fetchall())

    def outlines_by_id(self, schedule_key: str, event_ids: Iterable[str]) -> list[Outline]:
        """event_outlines() of the schedule's events with these ids (unknown ids are
        skipped), by start, end and id: the events a day lists from an earlier day."""
        rows: list[tuple[Any, ...]] = []
        for chunk in chunks(list(dict.fromkeys(event_ids)), 500):
            rows += self._conn.execute(
                f"SELECT {_OUTLINE_COLUMNS} FROM events e CROSS JOIN schedules s ON s.id = e.schedule_id "
                f"WHERE e.id IN ({', '.join('?' * len(chunk))}) AND s.key = ?", (*chunk, schedule_key)).fetchall()
        found = _outlines(rows)
        found.sort(key=lambda r: (r[2], r[3], r[0]))
        return found

    def running_on(self, schedule_key: str, limits: Sequence[tuple[int, int]]) -> list[tuple[str, str, str, bool]]:
        """(id, start, end as stored, whole day) of the schedule's events that start at one of
        the instants of ``limits`` and end after the limit paired with it ((start, limit) in
        UTC seconds): given the end of each start's day, the events that run on into a later
        day (a five-day sprint), for the window's day list (planner.store.schedule_days).

        Without reading every event: the (start_utc, end_utc) index answers, one look-up per
        start time, what the latest end of anything starting then is (1,260 start times in
        about 1 ms at 50,000 events); only the rows of the few start times where that is past
        the limit are read. (The look-up sees every schedule's events at that instant: those
        rows say whose they are.)
        """
        if not limits:
            return []
        limit_of = dict(limits)
        if len(limit_of) < len(limits):  # one instant written two ways (offsets): the earlier limit
            for start, limit in limits:
                limit_of[start] = min(limit, limit_of[start])
        # The start times as a JSON list written by hand (json.dumps of pairs was half the time),
        # each with the latest end of anything starting then; compared here.
        late = [start for start, last in self._conn.execute(
            "SELECT j.value, (SELECT max(x.end_utc) FROM events x WHERE x.start_utc = j.value) FROM json_each(?) j",
            ("[" + ",".join(map(str, limit_of)) + "]",)) if last is not None and last > limit_of[start]]
        if not late:
            return []
        found: list[tuple[str, str, str, bool]] = []
        for chunk in chunks(late, 500):
            found += [(str(i), str(s), str(e), bool(d)) for i, s, e, d, start_utc, end_utc in self._conn.execute(
                "SELECT e.id, e.start, e.\"end\", e.all_day, e.start_utc, e.end_utc FROM events e "
                "JOIN schedules s ON s.id = e.schedule_id "
                f"WHERE s.key = ? AND e.start_utc IN ({', '.join('?' * len(chunk))}) "
                "ORDER BY e.start_utc, e.end_utc, e.id", (schedule_key, *chunk)) if end_utc > limit_of[start_utc]]
        return found

    def events_by_id(self, event_ids: Iterable[str], *, schedule_key: str | None = None,
                     abstract_chars: int | None = None) -> list[Event]:
        """The events with these ids (unknown ids are skipped), sorted by start."""
        ids = list(dict.fromkeys(event_ids))
        found: list[Event] = []
        scope = " AND s.key = ?" if schedule_key is not None else ""
        for chunk in chunks(ids, 500):
            params: list[object] = [*chunk]
            if schedule_key is not None:
                params.append(schedule_key)
            found.extend(self._select_events(
                f" WHERE e.id IN ({', '.join('?' * len(chunk))}){scope}", params, abstract_chars=abstract_chars,
                events_first=True))
        found.sort(key=lambda e: (e.start, e.end, e.id))
        return found

    def events_around(self, schedule_key: str, moment_utc: int, limit: int, *,
                      abstract_chars: int | None = None) -> list[Event]:
        """What is on at an instant, and every event of the next ``limit`` start times after it."""
        on = self._select_events(" WHERE s.key = ? AND e.start_utc <= ? AND e.end_utc > ?",
                                 (schedule_key, moment_utc, moment_utc), abstract_chars=abstract_chars)
        # Every event of the next ``limit`` start times: a superset of the soonest ``limit``
        # however the caller breaks ties between talks that start together.
        starts = [r[0] for r in self._conn.execute(
            "SELECT DISTINCT e.start_utc FROM events e JOIN schedules s ON s.id = e.schedule_id "
            "WHERE s.key = ? AND e.start_utc > ? ORDER BY e.start_utc LIMIT ?", (schedule_key, moment_utc, limit))]
        nxt = self._select_events(" WHERE s.key = ? AND e.start_utc > ? AND e.start_utc <= ?",
                                  (schedule_key, moment_utc, starts[-1]), abstract_chars=abstract_chars) if starts else []
        return on + nxt

    def places(self, schedule_key: str) -> list[tuple[str, str, str]]:
        """Every distinct (kind, room, track) a schedule uses, in no particular order.

        From the schedule's overview, which each import works out in one pass over the
        events_places index.
        """
        return [(str(kind), str(room), str(track)) for kind, room, track in self._overview(schedule_key).get("places", [])]

    def listed_rooms(self, schedule_key: str) -> list[str]:
        """The rooms in the order the schedule's file lists them (Schedule.rooms); [] if it lists none."""
        row = self._conn.execute("SELECT rooms FROM schedules WHERE key = ?", (schedule_key,)).fetchone()
        return [str(room) for room in load_json(row[0])] if row and row[0] else []

    def room_order(self, schedule_key: str) -> list[str]:
        """A schedule's rooms as the timeline's columns (planner.text.wording.room_order)."""
        return room_order(self.listed_rooms(schedule_key), (room for _, room, _ in self.places(schedule_key) if room))


def _counted(pairs: list[list[Any]]) -> list[tuple[str, int]]:
    """[name, count] pairs, most first, then by name."""
    return sorted(((str(name), int(count)) for name, count in pairs), key=lambda p: (-p[1], p[0]))


def narrowing(alias: str, rowid: str, fts: str, *, schedule_key: str | None, starred: bool,
              search: str | None) -> tuple[str, list[object]] | None:
    """The WHERE clause and its parameters that narrow rows (table ``alias`` joined to
    schedules as s) to a schedule, the starred ones, and a search of their index ``fts``
    (by ``rowid``) or of the attendee's notes; None when the search can match nothing.
    Events and entries without a time are narrowed alike (Library.events, unscheduled)."""
    clauses: list[str] = []
    params: list[object] = []
    if schedule_key is not None:
        clauses.append("s.key = ?")
        params.append(schedule_key)
    if starred:
        clauses.append(f"{alias}.id IN (SELECT event_id FROM stars)")
    if search is not None and search.strip():
        match = fts_query(search)
        if match is None:
            return None
        clauses.append(f"({rowid} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?) "
                       f"OR {alias}.id IN (SELECT event_id FROM notes WHERE text LIKE ?))")
        params.extend((match, f"%{search.strip()}%"))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params
