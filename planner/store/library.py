"""The Library: the handle through which Planner reads and writes its library file.

The store owns every SQL statement: the schema and its migrations in schema.py, opening
a file that may be damaged in recovery.py, the row codecs in rows.py, the reads of events
in reads.py, and the writes here.

Design choices, and why:
- Every write is one short transaction, committed before the call returns: a star is
  on disk before the window processes the next event, and a crash loses nothing.
- WAL journal with a busy timeout, so a window and ``planner star`` can write the same
  file at once without "database is locked".
- The schema is versioned with PRAGMA user_version and only ever migrated forward; a
  file from a newer Planner is refused and left untouched.
- Stars and notes are keyed by event id, not by a foreign key: they outlive a schedule
  update that drops or re-creates their event.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from planner.domain.exports import ExportRecord
from planner.domain.model import Event, Schedule, Session, zoneless
from planner.domain.zones import CONFERENCE, LOCAL, ZoneError, placed_in, resolve, wall_clock
from planner.store.errors import StoreError
from planner.store.reads import EventReads
from planner.store.recovery import Damaged, connect, move_aside
from planner.store.rows import Instants, chunks, describe_changes, event_row, utc_seconds
from planner.store.schema import FTS_ADD, FTS_BODY, FTS_INDEXED, FTS_REMOVE, OVERVIEW, STATUS_CHANGED, STATUS_NEW, STATUS_REMOVED
from planner.store.unscheduled import UnscheduledReads, write_unscheduled
from planner.text.wording import counted


@dataclass(frozen=True, slots=True)
class ScheduleInfo:
    """A schedule in the library, without its events."""

    key: str
    title: str
    source: str
    format: str
    timezone: str
    url: str
    imported_at: str
    event_count: int
    notes: tuple[str, ...] = ()
    # The zone the attendee set for a schedule whose file gives none ('' if not set).
    user_zone: str = ""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a schedule came from on the web, and how to ask whether it changed.

    ``etag`` and ``last_modified`` are the server's validators, sent back as
    If-None-Match / If-Modified-Since so an unchanged schedule costs one short answer;
    ``refreshed_at`` (UTC ISO 8601, '' if never) is the last time the server answered.
    """

    url: str
    etag: str = ""
    last_modified: str = ""
    refreshed_at: str = ""


@dataclass(slots=True)
class ImportSummary:
    """What an import did, for the command line and the status bar."""

    key: str
    title: str
    created: bool
    total: int = 0
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    removed_starred: list[str] = field(default_factory=list)
    # Among changed: events the update cancelled, and those whose number moved (a paper
    # inserted before them), which keep their stars and notes.
    cancelled: list[str] = field(default_factory=list)
    renumbered: list[str] = field(default_factory=list)
    # The file's id -> the id kept, for talks that continue one under another id.
    followed: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        if self.created:
            return f"added {self.title}: {counted(self.total, 'event')}"
        text = (
            f"updated {self.title}: {len(self.changed)} changed, {len(self.new)} new, "
            f"{len(self.removed)} removed"
        )
        if self.removed_starred:
            text += f" ({len(self.removed_starred)} starred)"
        if self.cancelled:
            text += f", {len(self.cancelled)} cancelled"
        if self.renumbered:
            text += f", {len(self.renumbered)} renumbered"
        return text


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# Moved by every write that changes which events a schedule has or their times (an import,
# a removal, a zone): an import prepared from an older snapshot is prepared again.
_GENERATION = "schedules-generation"


def _generation(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_GENERATION,)).fetchone()
    return str(row[0]) if row else None


def _bump_generation(conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, '1') "
        "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1", (_GENERATION,),
    )


@dataclass(slots=True)
class _Prepared:
    """An import worked out from a snapshot, its rows staged, nothing written yet."""

    schedule: Schedule
    schedule_id: int | None  # the schedule it updates; None for a new one
    summary: ImportSummary
    gone: list[Event]  # the old version's events the new one does not have
    already_removed: set[str]
    generation: str | None


def _event_columns(conn: sqlite3.Connection) -> list[str]:
    """The events table's columns, quoted, in table order (event_row's order)."""
    return ['"' + str(r[1]).replace('"', '""') + '"' for r in conn.execute("PRAGMA main.table_info(events)")]


def _stage_sql(columns: list[str]) -> str:
    return f"INSERT INTO temp.import_events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _sync_events(conn: sqlite3.Connection, schedule_id: int, columns: list[str], *, update: bool) -> None:
    """Make schedule ``schedule_id``'s events what temp.import_events holds, in the write transaction.

    A new schedule's rows are copied in and indexed. An update keeps the row (and rowid)
    of every event still there, rewrites only rows that differ, and hands the search index
    only what changes: an event's old text out when it goes, is flagged removed or reads
    differently, and its new text in. A refresh that changed a few talks writes a few rows,
    where rewriting and reindexing all of them held the lock for seconds at 50,000 events.
    """
    values = ", ".join("?" if c == '"schedule_id"' else f"x.{c}" for c in columns)
    insert = f"INSERT INTO events ({', '.join(columns)}) SELECT {values} FROM temp.import_events x"
    if not update:
        conn.execute(insert + " ORDER BY x.rowid", (schedule_id,))
        conn.execute(FTS_ADD + FTS_INDEXED, (schedule_id,))
        return
    changing = [c for c in columns if c not in ('"id"', '"schedule_id"')]
    identical = " AND ".join(f"x.{c} IS e.{c}" for c in changing)
    unchanged = " AND ".join(f"x.{c} IS events.{c}" for c in changing)
    conn.execute("DROP TABLE IF EXISTS temp.import_same")
    conn.execute("CREATE TEMP TABLE import_same (id TEXT PRIMARY KEY)")
    # The rows whose text stays in the index as it is: in it now, staged to stay in it, and
    # reading the same (a row identical in every column needs no text built to tell).
    # Worked out before any row changes.
    conn.execute(
        "INSERT INTO temp.import_same SELECT e.id FROM temp.import_events x JOIN events e ON e.id = x.id "
        "WHERE e.schedule_id = ? AND e.status != 'removed' AND x.status != 'removed' "
        f"AND (({identical}) OR x.fts_body = {FTS_BODY})", (schedule_id,),
    )
    others = (" WHERE e.rowid IN (SELECT rowid FROM events WHERE schedule_id = ?) AND e.status != 'removed' "
              "AND e.id NOT IN (SELECT id FROM temp.import_same) ORDER BY e.rowid")
    # A contentless index forgets a row only when handed the very text it was given: the
    # row as it is now, before it changes or goes. In rowid order (see FTS_INDEXED).
    conn.execute(FTS_REMOVE + others, (schedule_id,))
    conn.execute("DELETE FROM events WHERE schedule_id = ? AND id NOT IN (SELECT id FROM temp.import_events)",
                 (schedule_id,))
    conn.execute(
        f"UPDATE events SET ({', '.join(changing)}) = ({', '.join(f'x.{c}' for c in changing)}) "
        f"FROM temp.import_events x WHERE events.id = x.id AND events.schedule_id = ? AND NOT ({unchanged})",
        (schedule_id,),
    )
    conn.execute(insert + " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = x.id) ORDER BY x.rowid",
                 (schedule_id,))
    # Every row now to be found that is not in the index as it reads: new, reworded, back.
    conn.execute(FTS_ADD + others, (schedule_id,))


class Library(EventReads, UnscheduledReads):
    """A handle on one library file. Not thread-safe: one per thread."""

    def __init__(self, path: str | os.PathLike[str], *, recover: bool = False,
                 full_check: bool | None = None) -> None:
        """Open ``path``, creating and migrating it as needed.

        A damaged file (not a database, truncated, failing PRAGMA quick_check) raises
        StoreError and is left alone, unless ``recover``: then it is moved aside with a
        timestamp in its name, a new library is started, and ``recovered_from`` says
        where the old file went (``recovery_notice`` is the sentence to show).

        ``full_check``: check every page (True), only the attendee's own tables (False),
        or decide by size (None, see recovery.FULL_CHECK_BYTES). Damage seen since the last open
        (request_full_check) makes it check every page whatever is asked.
        """
        self.path = Path(path)
        self._full_check = full_check
        self.recovered_from: Path | None = None
        self.damage = ""
        try:
            self._conn = connect(self.path, self._full_check)
        except Damaged as exc:
            if not recover:
                raise StoreError(
                    f"{self.path} is not a usable Planner library ({exc}); it was left untouched"
                ) from None
            self.recovered_from = move_aside(self.path, exc.identity)
            if self.recovered_from is not None:
                self.damage = str(exc)
            try:
                self._conn = connect(self.path, self._full_check)
            except Damaged as again:
                raise StoreError(f"{self.path}: cannot start a new library ({again})") from None

    @property
    def recovery_notice(self) -> str | None:
        """One sentence for the user when opening moved a damaged library aside, else None."""
        if self.recovered_from is None:
            return None
        return (
            f"the library {self.path} was damaged ({self.damage}); it was moved to "
            f"{self.recovered_from} and a new library was started"
        )

    # -- opening ---------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    @property
    def is_open(self) -> bool:
        try:
            self._conn.execute("SELECT 1")
        except sqlite3.ProgrammingError:
            return False
        return True

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to this file.

        A second window or ``planner star`` writing the library changes it; this
        handle's own writes do not. Poll it (a 1 s QTimer costs nothing) and reload
        stars and notes when it differs from the last value seen.
        """
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: all or nothing, never a half-filled library."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- meta ------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def user_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def integrity_ok(self) -> bool:
        return bool(self._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    # -- schedules -------------------------------------------------------------------

    def schedules(self) -> list[ScheduleInfo]:
        rows = self._conn.execute(
            "SELECT s.key, s.title, s.source, s.format, s.timezone, s.url, s.imported_at, "
            "(SELECT count(*) FROM events e WHERE e.schedule_id = s.id), s.notes, s.user_zone "
            "FROM schedules s ORDER BY s.id"
        ).fetchall()
        return [ScheduleInfo(key, title, source, fmt, zone, url, imported_at, count, tuple(json.loads(notes or "[]")),
                             user_zone)
                for key, title, source, fmt, zone, url, imported_at, count, notes, user_zone in rows]

    def set_schedule_zone(self, key: str, zone_name: str) -> int:
        """Read the times of schedule ``key``, published without a zone, in ``zone_name``
        (an IANA name): each keeps its clock reading. Remembered, so every update of the
        schedule is read in it too. Returns how many events were placed.

        Raises StoreError for an unknown schedule or zone, or a schedule whose file
        gives its own zone (that zone is the truth; the display zone is the way to see
        its times elsewhere).
        """
        try:
            zone = resolve(zone_name, None) if zone_name.casefold() not in (CONFERENCE, LOCAL) else None
        except ZoneError as exc:
            raise StoreError(str(exc)) from None
        if zone is None:
            raise StoreError(f"a schedule's time zone is a place, like Europe/Brussels, not {zone_name!r}")
        with self._write() as conn:
            row = conn.execute("SELECT id, timezone, user_zone, notes FROM schedules WHERE key = ?", (key,)).fetchone()
            if row is None:
                raise StoreError(f"no schedule {key!r} in the library")
            schedule_id, own_zone, user_zone, notes = row
            if own_zone and not user_zone:
                raise StoreError(f"the schedule gives its own time zone ({own_zone}); choose a display zone instead")
            updates = []
            for event_id, start, end in conn.execute(
                    "SELECT id, start, \"end\" FROM events WHERE schedule_id = ? AND all_day = 0 "
                    "AND (floating = 1 OR placed = 1)", (schedule_id,)):
                # The stored time's clock reading is what the file said (UTC+0 for a
                # floating one, the earlier chosen zone for one placed before).
                first = wall_clock(datetime.fromisoformat(start)).replace(tzinfo=zone)
                last = wall_clock(datetime.fromisoformat(end)).replace(tzinfo=zone)
                updates.append((first.isoformat(), last.isoformat(), utc_seconds(first), utc_seconds(last), event_id))
            conn.executemany(
                "UPDATE events SET start = ?, \"end\" = ?, start_utc = ?, end_utc = ?, floating = 0, placed = 1 "
                "WHERE id = ?", updates)
            kept = [note for note in json.loads(notes or "[]") if not zoneless([note])]
            conn.execute("UPDATE schedules SET timezone = ?, user_zone = ?, notes = ? WHERE id = ?",
                         (zone_name, zone_name, json.dumps(kept, ensure_ascii=False), schedule_id))
            conn.execute(OVERVIEW + " WHERE id = ?", (schedule_id,))
            _bump_generation(conn)
        return len(updates)

    def sessions(self, schedule_key: str | None = None) -> list[Session]:
        sql = (
            "SELECT se.title, se.chairs, se.start, se.\"end\", se.description FROM sessions se "
            "JOIN schedules s ON s.id = se.schedule_id"
        )
        params: tuple[str, ...] = ()
        if schedule_key is not None:
            sql += " WHERE s.key = ?"
            params = (schedule_key,)
        rows = self._conn.execute(sql + " ORDER BY s.id, se.position", params).fetchall()
        return [
            Session(
                title=title,
                chairs=tuple(json.loads(chairs)),
                start=datetime.fromisoformat(start) if start else None,
                end=datetime.fromisoformat(end) if end else None,
                description=description,
            )
            for title, chairs, start, end, description in rows
        ]

    def import_schedule(self, schedule: Schedule) -> ImportSummary:
        """Add ``schedule``, or update the one with the same key in place.

        An update is recognised by its key, or else by the events it shares with a
        schedule of the same format already here (an iCalendar file without a name, a
        session page that gained a first session). Its events are matched to the old
        ones talk by talk (planner.domain.identity), so stars and notes follow the talk,
        never a position. Events that changed are flagged with what changed; a starred
        event that left the schedule is kept, flagged removed, so My agenda can still
        show it.

        Only the last step holds the write lock, so a star or a note made meanwhile (the
        window while a worker imports, ``planner star``) is written at once: matching the
        talks, working out what changed and building the rows are done from a snapshot,
        the rows staged in a TEMP table (this connection's own, gone with it after a
        crash), and one transaction then brings the schedule to them, reading the stars as
        they are by then. If another import, a removal or a zone change landed in between,
        the import is worked out again.
        """
        try:
            for _attempt in range(3):
                prepared = self._prepare_import(schedule)
                with self._write() as conn:
                    if _generation(conn) == prepared.generation:
                        return self._store_import(conn, prepared)
            # Other writers changed the schedules three times meanwhile: hold the lock now.
            with self._write() as conn:
                return self._store_import(conn, self._prepare_import(schedule))
        finally:
            self._conn.execute("DROP TABLE IF EXISTS temp.import_events")
            self._conn.execute("DROP TABLE IF EXISTS temp.import_same")

    def _prepare_import(self, schedule: Schedule) -> _Prepared:
        """Everything of an import that Python works out, from one snapshot, writing nothing
        but this connection's TEMP table of the rows to store (staged with schedule_id 0)."""
        conn = self._conn
        locked = conn.in_transaction  # the last resort above: inside the write transaction
        if not locked:
            conn.execute("BEGIN")  # one snapshot for every read below; no lock that blocks a writer
        try:
            generation = _generation(conn)
            row = conn.execute("SELECT id FROM schedules WHERE key = ?", (schedule.key,)).fetchone()
            if row is None:
                continued = _continued_schedule(conn, schedule)
                if continued is not None:
                    row = (continued[0],)
                    schedule = replace(schedule, key=continued[1])
            placed: list[str] = []
            if row is not None and not schedule.timezone:
                # An update of a schedule the attendee set a zone for is read in it too.
                user_zone = conn.execute("SELECT user_zone FROM schedules WHERE id = ?", (row[0],)).fetchone()[0]
                if user_zone:
                    schedule, placed = placed_in(schedule, user_zone)
            summary = ImportSummary(key=schedule.key, title=schedule.title, created=row is None)
            summary.total = len(schedule.events)
            old: dict[str, Event] = {}
            already_removed: set[str] = set()
            if row is not None:
                old = {e.id: e for e in self._select_events(" WHERE e.schedule_id = ?", (row[0],))}
                # Only an update needs it; imported here, it keeps 5 ms (hashlib, unicodedata)
                # off every start of the window and of the command line.
                from planner.domain.identity import follow_talks

                events, summary.followed = follow_talks(old.values(), schedule.events)
                schedule = replace(schedule, events=tuple(events))
                already_removed = {
                    r[0] for r in conn.execute(
                        "SELECT id FROM events WHERE schedule_id = ? AND status = ?", (row[0], STATUS_REMOVED)
                    )
                }
            self._check_ids_free(conn, schedule, int(row[0]) if row is not None else 0)
        finally:
            if not locked:
                conn.execute("COMMIT")
        rows = []
        instants: Instants = {}
        for event in schedule.events:
            previous = old.pop(event.id, None)
            status, changes = "", ""
            if row is not None and previous is None:
                status = STATUS_NEW
                summary.new.append(event.id)
            elif previous is not None:
                changes = describe_changes(previous, event)
                if changes:
                    status = STATUS_CHANGED
                    summary.changed.append(event.id)
                if event.cancelled and not previous.cancelled:
                    summary.cancelled.append(event.id)
                if previous.number is not None and event.number != previous.number:
                    summary.renumbered.append(event.id)
            rows.append(event_row(event, 0, status, changes, instants))
        self._stage(rows, placed, update=row is not None)
        return _Prepared(schedule, int(row[0]) if row is not None else None, summary, list(old.values()),
                         already_removed, generation)

    def _stage(self, rows: list[tuple[object, ...]], placed: list[str], *, update: bool) -> None:
        """Rows into temp.import_events, which is this connection's own: writing it takes no
        lock on the library, and a crash takes it away with the process."""
        conn = self._conn
        columns = _event_columns(conn)
        outer = conn.in_transaction
        if not outer:
            conn.execute("BEGIN")  # one commit of the TEMP database for all rows
        conn.execute("DROP TABLE IF EXISTS temp.import_events")
        conn.execute("CREATE TEMP TABLE import_events AS SELECT *, '' AS fts_body FROM main.events WHERE 0")
        conn.executemany(_stage_sql(columns), rows)
        for chunk in chunks(placed, 500):
            conn.execute(f"UPDATE temp.import_events SET placed = 1 WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        if update:
            # The text the search index is given for each row (alias e, as FTS_BODY reads it):
            # an update hands the index only the rows whose text it changes.
            conn.execute(f"UPDATE temp.import_events AS e SET fts_body = {FTS_BODY}")
        conn.execute("CREATE UNIQUE INDEX temp.import_events_id ON import_events (id)")
        if not outer:
            conn.execute("COMMIT")

    def _store_import(self, conn: sqlite3.Connection, prepared: _Prepared) -> ImportSummary:
        """The write transaction of an import: the schedule's row, its sessions, and its events
        brought to what was staged. Stars are read here, as they are now."""
        schedule, summary = prepared.schedule, prepared.summary
        notes = json.dumps(list(schedule.notes), ensure_ascii=False)
        if prepared.schedule_id is None:
            cur = conn.execute(
                "INSERT INTO schedules (key, title, source, format, timezone, imported_at, notes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (schedule.key, schedule.title, schedule.source, schedule.format, schedule.timezone, _now(), notes),
            )
            schedule_id = int(cur.lastrowid or 0)
        else:
            schedule_id = prepared.schedule_id
            conn.execute(
                "UPDATE schedules SET title = ?, source = ?, format = ?, timezone = ?, "
                "imported_at = ?, notes = ? WHERE id = ?",
                (schedule.title, schedule.source, schedule.format, schedule.timezone, _now(), notes, schedule_id),
            )
        conn.execute("DELETE FROM sessions WHERE schedule_id = ?", (schedule_id,))
        conn.executemany(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (schedule_id, pos, s.title, json.dumps(list(s.chairs)),
                 s.start.isoformat() if s.start else None,
                 s.end.isoformat() if s.end else None, s.description)
                for pos, s in enumerate(schedule.sessions)
            ],
        )
        starred = {r[0] for r in conn.execute("SELECT event_id FROM stars")}
        kept = []
        for gone in prepared.gone:
            if gone.id not in prepared.already_removed:
                summary.removed.append(gone.id)
            if gone.id in starred:
                # Kept so the attendee sees "no longer in the schedule", never a silent loss.
                if gone.id not in prepared.already_removed:
                    summary.removed_starred.append(gone.id)
                kept.append(event_row(gone, 0, STATUS_REMOVED, "no longer in the schedule"))
        columns = _event_columns(conn)
        conn.executemany(_stage_sql(columns), kept)  # flagged removed: never in the index
        _sync_events(conn, schedule_id, columns, update=prepared.schedule_id is not None)
        write_unscheduled(conn, schedule_id, schedule)  # the entries without a time
        conn.execute(OVERVIEW + " WHERE id = ?", (schedule_id,))
        _bump_generation(conn)
        return summary

    def _check_ids_free(self, conn: sqlite3.Connection, schedule: Schedule, schedule_id: int) -> None:
        ids = [e.id for e in schedule.events]
        clash: list[str] = []
        for chunk in chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            clash.extend(
                r[0] for r in conn.execute(
                    f"SELECT s.title FROM events e JOIN schedules s ON s.id = e.schedule_id "
                    f"WHERE e.id IN ({marks}) AND e.schedule_id != ? LIMIT 1",
                    (*chunk, schedule_id),
                )
            )
            if clash:
                break
        if clash:
            raise StoreError(
                f"{schedule.source or schedule.title}: its events are already in the library "
                f"under the schedule {clash[0]!r}; remove that schedule first"
            )

    def origin(self, key: str) -> Origin | None:
        """The URL a schedule was added from, with its validators; None if it came from a file."""
        row = self._conn.execute(
            "SELECT url, etag, last_modified, refreshed_at FROM schedules WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no schedule {key!r} in the library")
        return Origin(*row) if row[0] else None

    def set_origin(
        self,
        key: str,
        url: str,
        etag: str = "",
        last_modified: str = "",
        refreshed_at: str | None = None,
    ) -> None:
        """Remember where ``key`` came from; ``refreshed_at`` defaults to now.

        Called only after a download fully succeeded (a 304 included), so a failed
        refresh never moves the "last refreshed" time.
        """
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE schedules SET url = ?, etag = ?, last_modified = ?, refreshed_at = ? WHERE key = ?",
                (url, etag, last_modified, refreshed_at if refreshed_at is not None else _now(), key),
            )
            if cur.rowcount == 0:
                raise StoreError(f"no schedule {key!r} in the library")

    def remove_schedule(self, key: str, *, drop_stars: bool = False) -> int:
        """Remove a schedule; its stars and notes stay unless ``drop_stars``. Returns events removed."""
        with self._write() as conn:
            row = conn.execute("SELECT id FROM schedules WHERE key = ?", (key,)).fetchone()
            if row is None:
                raise StoreError(f"no schedule {key!r} in the library")
            ids = [r[0] for r in conn.execute("SELECT id FROM events WHERE schedule_id = ?", row)]
            if drop_stars:
                for chunk in chunks(ids, 500):
                    marks = ",".join("?" * len(chunk))
                    conn.execute(f"DELETE FROM stars WHERE event_id IN ({marks})", chunk)
                    conn.execute(f"DELETE FROM notes WHERE event_id IN ({marks})", chunk)
            conn.execute(FTS_REMOVE + FTS_INDEXED, row)
            conn.execute("DELETE FROM schedules WHERE id = ?", row)
            _bump_generation(conn)
        return len(ids)


    # -- stars -----------------------------------------------------------------------

    def star(self, event_ids: Iterable[str]) -> None:
        """Star events; unknown ids are an error and nothing is starred."""
        ids = list(dict.fromkeys(event_ids))
        with self._write() as conn:
            self._require_known(conn, ids)
            stamp = _now()
            conn.executemany(
                "INSERT OR IGNORE INTO stars (event_id, starred_at) VALUES (?, ?)",
                [(i, stamp) for i in ids],
            )

    def unstar(self, event_ids: Iterable[str]) -> None:
        """Unstar; unstarring an id that is starred but no longer known is allowed."""
        ids = list(dict.fromkeys(event_ids))
        with self._write() as conn:
            starred = {r[0] for r in conn.execute("SELECT event_id FROM stars")}
            self._require_known(conn, [i for i in ids if i not in starred])
            conn.executemany("DELETE FROM stars WHERE event_id = ?", [(i,) for i in ids])

    def set_starred(self, event_id: str, starred: bool) -> None:
        if starred:
            self.star([event_id])
        else:
            self.unstar([event_id])

    def starred_ids(self) -> set[str]:
        return {r[0] for r in self._conn.execute("SELECT event_id FROM stars")}

    def starred_at(self, event_id: str) -> str | None:
        row = self._conn.execute("SELECT starred_at FROM stars WHERE event_id = ?", (event_id,)).fetchone()
        return row[0] if row else None

    def _require_known(self, conn: sqlite3.Connection, ids: Sequence[str]) -> None:
        known: set[str] = set()
        for chunk in chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            known.update(r[0] for r in conn.execute(
                f"SELECT id FROM events WHERE id IN ({marks}) UNION ALL SELECT id FROM unscheduled WHERE id IN ({marks})",
                chunk + chunk))
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise StoreError(f"no event {unknown[0]!r} in the library" + (
                f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""))

    # -- notes -----------------------------------------------------------------------

    def note(self, event_id: str) -> str:
        row = self._conn.execute("SELECT text FROM notes WHERE event_id = ?", (event_id,)).fetchone()
        return row[0] if row else ""

    def set_note(self, event_id: str, text: str) -> None:
        """Save a note (empty text deletes it); committed before returning."""
        with self._write() as conn:
            if not text.strip():
                conn.execute("DELETE FROM notes WHERE event_id = ?", (event_id,))
                return
            self._require_known(conn, [event_id])
            conn.execute(
                "INSERT OR REPLACE INTO notes (event_id, text, updated_at) VALUES (?, ?, ?)",
                (event_id, text, _now()),
            )

    def notes(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._conn.execute("SELECT event_id, text FROM notes")}

    # -- calendar export revisions ---------------------------------------------------

    def export_records(self) -> dict[str, ExportRecord]:
        """What the last export said about each event (for SEQUENCE and cancellations)."""
        return {
            r[0]: ExportRecord(r[0], int(r[1]), r[2], r[3], r[4], bool(r[5]), r[6])
            for r in self._conn.execute(
                'SELECT event_id, sequence, start, "end", summary, cancelled, exported_at FROM exports'
            )
        }

    def save_export_records(self, records: Iterable[ExportRecord]) -> None:
        with self._write() as conn:
            conn.executemany(
                'INSERT OR REPLACE INTO exports (event_id, sequence, start, "end", summary, cancelled, exported_at) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(r.event_id, r.sequence, r.start, r.end, r.summary, int(r.cancelled), r.modified_at) for r in records],
            )



def _continued_schedule(conn: sqlite3.Connection, schedule: Schedule) -> tuple[int, str] | None:
    """(id, key) of the schedule ``schedule`` is a new version of, though its key differs.

    A key comes from the file's name for the schedule, and some files have none that
    lasts (an iCalendar file without X-WR-CALNAME, a session page whose first session
    changed). A schedule of the same format holding at least half of the events of the
    smaller of the two, by id, is the one being updated; for a file that names no
    schedule (Schedule.named), by title and start time too.
    """
    counts: dict[int, int] = {}
    ids = [e.id for e in schedule.events]
    for chunk in chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for schedule_id, count in conn.execute(
            f"SELECT e.schedule_id, count(*) FROM events e JOIN schedules s ON s.id = e.schedule_id "
            f"WHERE e.id IN ({marks}) AND s.format = ? GROUP BY e.schedule_id",
            (*chunk, schedule.format),
        ):
            counts[schedule_id] = counts.get(schedule_id, 0) + count
    asked = len(ids)
    if not counts and not schedule.named:
        # Readers that put the schedule's key into every id (iCalendar) change all ids
        # with the key; where the file names no schedule, the same talks at the same
        # times tell. A spread sample of
        # 200 events, each one look-up in the start-time index, decides it in a few ms.
        step = max(1, len(schedule.events) // 200)
        sample = schedule.events[::step]
        asked = len(sample)
        for event in sample:
            for (schedule_id,) in conn.execute(
                "SELECT DISTINCT e.schedule_id FROM events e JOIN schedules s ON s.id = e.schedule_id "
                "WHERE e.start_utc = ? AND e.title = ? AND s.format = ?",
                (utc_seconds(event.start), event.title, schedule.format),
            ):
                counts[schedule_id] = counts.get(schedule_id, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    size, key = conn.execute(
        "SELECT (SELECT count(*) FROM events WHERE schedule_id = s.id AND status != 'removed'), s.key "
        "FROM schedules s WHERE s.id = ?", (best,)
    ).fetchone()
    if asked != len(ids):  # a sample: scale the old schedule's size to it
        size = max(1, size * asked // len(ids))
    if counts[best] * 2 < min(asked, size or 1):
        return None
    return best, key

