"""The one module that owns every SQL statement.

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

import errno
import json
import os
import sqlite3
import time
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.domain.identity import follow_talks
from planner.domain.model import Event, Kind, Markup, Schedule, Session
from planner.text.wording import counted

if TYPE_CHECKING:  # planner.export loads with the first export, not with every start
    from planner.export.revisions import ExportRecord

SCHEMA_VERSION = 8
# For new libraries. An import writes ~1.5 KB per event into events and as much again
# into the search index: with 16 KB pages it takes a fifth less time than with 4 KB.
PAGE_SIZE = 16 * 1024

# The text the search index holds for one event (alias ``e``), built by SQLite from the
# event's row. The index is contentless: it keeps no copy of the text (an own copy was
# as big as the events table), so taking an event out of it means handing it the very
# text it was given. The same expression therefore serves to add and to remove, and
# changing it (or a kind's label) needs a migration that rebuilds events_fts, as 4 and 6 do.
# The authors go in as stored, a JSON list ('["Ana Müller", "Li Wei"]', non-ASCII kept as
# is): the tokenizer splits at the quotes, brackets and commas just as at the ", " of the
# names joined from the list that schemas 4 and 5 indexed (_FTS_BODY_5), so the terms are
# the same, and unpacking the JSON was a tenth of an import. Only a control character in
# a name differs: JSON writes a tab as backslash-t, whose "t" joins the next word.
_FTS_BODY = (
    "e.title || char(10) || e.subtitle || char(10) || e.authors || char(10) || "
    "e.abstract || char(10) || e.room || char(10) || e.track || char(10) || e.session || char(10) || "
    "CASE e.kind WHEN 'oral' THEN 'Oral' WHEN 'spotlight' THEN 'Spotlight' WHEN 'poster' THEN 'Poster' "
    "WHEN 'talk' THEN 'Talk' WHEN 'workshop' THEN 'Workshop' WHEN 'break' THEN 'Break' WHEN 'qa' THEN 'Q&A' "
    "ELSE 'Other' END"
)
# What schemas 4 and 5 indexed (migration 6 takes it out again where it differs).
_FTS_BODY_5 = _FTS_BODY.replace(
    "e.authors", "coalesce((SELECT group_concat(a.value, ', ') FROM json_each(e.authors) a), '')", 1)
# Every event of a schedule is in the index except those kept only because they are
# starred after leaving the schedule (status 'removed'): search never found those.
# In rowid order, as FTS5 writes out its pending terms whenever a rowid goes backwards;
# the IN list yields them in that order, where ORDER BY alone would sort every body.
_FTS_ADD = f"INSERT INTO events_fts (rowid, body) SELECT e.rowid, {_FTS_BODY} FROM events e"
_FTS_REMOVE = f"INSERT INTO events_fts (events_fts, rowid, body) SELECT 'delete', e.rowid, {_FTS_BODY} FROM events e"
_FTS_INDEXED = (
    " WHERE e.rowid IN (SELECT rowid FROM events WHERE schedule_id = ?) AND e.status != 'removed' ORDER BY e.rowid"
)

# A schedule's overview, kept in its row by every import: its distinct start times with
# how many events start then (the day list) and its (kind, room, track) combinations (the
# filters). Reading it is one row; working it out scans an index entry per event, 20 ms
# at 50,000 events, which each start of the window paid before its first paint.
_OVERVIEW = (
    "UPDATE schedules SET overview = json_object("
    "'starts', (SELECT json_group_array(json_array(start, start_utc, n)) FROM ("
    "SELECT e.start, e.start_utc, count(*) AS n FROM events e WHERE e.schedule_id = schedules.id "
    "GROUP BY e.start_utc, e.start)), "
    "'places', (SELECT json_group_array(json_array(kind, room, track)) FROM ("
    "SELECT DISTINCT e.kind, e.room, e.track FROM events e WHERE e.schedule_id = schedules.id)"
)
# What schema 7 kept (migration 7 runs before schema 8 has the all_day column).
_OVERVIEW_7 = _OVERVIEW + "))"
_OVERVIEW += (
    "), "
    # Whole-day events start at midnight, which day_of() counts to the evening before:
    # the day list needs to know which starts are dates (start as stored, how many).
    "'all_day', (SELECT json_group_array(json_array(start, n)) FROM ("
    "SELECT e.start, count(*) AS n FROM events e WHERE e.schedule_id = schedules.id AND e.all_day "
    "GROUP BY e.start)))"
)

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE schedules (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        format TEXT NOT NULL DEFAULT '',
        timezone TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL
    );
    CREATE TABLE sessions (
        schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        chairs TEXT NOT NULL,
        start TEXT,
        "end" TEXT,
        description TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (schedule_id, position)
    );
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        number INTEGER,
        title TEXT NOT NULL,
        subtitle TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL,
        abstract TEXT NOT NULL,
        start TEXT NOT NULL,
        "end" TEXT NOT NULL,
        start_utc INTEGER NOT NULL,
        end_utc INTEGER NOT NULL,
        session TEXT NOT NULL,
        room TEXT NOT NULL DEFAULT '',
        track TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '',
        changes TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX events_by_start ON events (start_utc, end_utc);
    CREATE INDEX events_by_schedule ON events (schedule_id, start_utc);
    CREATE VIRTUAL TABLE events_fts USING fts5 (
        id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TABLE stars (event_id TEXT PRIMARY KEY, starred_at TEXT NOT NULL);
    CREATE TABLE notes (event_id TEXT PRIMARY KEY, text TEXT NOT NULL, updated_at TEXT NOT NULL);
    """,
    # 2: schedules fetched from the web remember how to ask for a newer version, and the
    # library remembers what each calendar export said, so the next export updates it.
    2: """
    ALTER TABLE schedules ADD COLUMN etag TEXT NOT NULL DEFAULT '';
    ALTER TABLE schedules ADD COLUMN last_modified TEXT NOT NULL DEFAULT '';
    ALTER TABLE schedules ADD COLUMN refreshed_at TEXT NOT NULL DEFAULT '';
    CREATE TABLE exports (
        event_id TEXT PRIMARY KEY,
        sequence INTEGER NOT NULL,
        start TEXT NOT NULL,
        "end" TEXT NOT NULL,
        summary TEXT NOT NULL,
        cancelled INTEGER NOT NULL DEFAULT 0,
        exported_at TEXT NOT NULL
    );
    """,
    # 3: what the parser had to tell the user about a schedule ("times have no zone"),
    # kept so the window can still say it when the schedule is opened later.
    3: """
    ALTER TABLE schedules ADD COLUMN notes TEXT NOT NULL DEFAULT '[]';
    """,
    # 4: the search index keeps no second copy of every title and abstract (it was half
    # the file, and half the work of an import). It is keyed by events.rowid, which
    # VACUUM keeps (SQLite copies the rowids of a table with indexes); columnsize=0 as
    # nothing ranks by length. 'hashsize' lets an import of 10,000 events gather its
    # terms in memory before writing them out (a fifth less work than the 1 MB default).
    # prefix='1': the window searches as the attendee types, and a first letter ("n*")
    # made FTS5 merge the lists of every term starting with it (35 ms for one day at
    # 50,000 events, a few ms with this index; an import of 10,000 events takes ~70 ms
    # longer to write it).
    4: f"""
    DROP TABLE events_fts;
    CREATE VIRTUAL TABLE events_fts USING fts5 (
        body, content = '', columnsize = 0, prefix = '1', tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', {16 * 1024 * 1024});
    INSERT INTO events_fts (rowid, body) SELECT e.rowid, {_FTS_BODY_5} FROM events e
        WHERE e.status != 'removed' ORDER BY e.rowid;
    """,
    # 5: the window reads a schedule a day at a time (planner.store.schedule_days). Its
    # start times, rooms, tracks and kinds come from these indexes alone instead of a
    # scan of every row (each holds an abstract: 175 MB at 50,000 events), and the few
    # events an update flagged are found without reading the others.
    5: """
    DROP INDEX events_by_schedule;
    CREATE INDEX events_by_schedule ON events (schedule_id, start_utc, start);
    CREATE INDEX events_places ON events (schedule_id, kind, room, track);
    CREATE INDEX events_flagged ON events (status) WHERE status != '';
    """,
    # 6: the index takes the authors' JSON as stored (see _FTS_BODY). That gives the terms
    # schema 5 indexed except where JSON escaped a character with a backslash, so only
    # those events are taken out with their old text and put back with the new: a
    # contentless index forgets an event only when handed the terms it was given.
    6: f"""
    INSERT INTO events_fts (events_fts, rowid, body) SELECT 'delete', e.rowid, {_FTS_BODY_5} FROM events e
        WHERE instr(e.authors, '\\') AND e.status != 'removed' ORDER BY e.rowid;
    {_FTS_ADD} WHERE instr(e.authors, '\\') AND e.status != 'removed' ORDER BY e.rowid;
    """,
    # 7: each schedule keeps its overview (see _OVERVIEW).
    7: f"""
    ALTER TABLE schedules ADD COLUMN overview TEXT NOT NULL DEFAULT '';
    {_OVERVIEW_7};
    """,
    # 8: what the readers know about each event and no later layer may guess: the markup
    # its text is written in (LaTeX only for session pages, which were all LaTeX before),
    # whole-day dates, times without a zone (those of schedules whose notes said so), and
    # cancellations.
    8: f"""
    ALTER TABLE events ADD COLUMN markup TEXT NOT NULL DEFAULT 'text';
    ALTER TABLE events ADD COLUMN all_day INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE events ADD COLUMN floating INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE events ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
    UPDATE events SET markup = 'latex'
        WHERE schedule_id IN (SELECT id FROM schedules WHERE format = 'session-page');
    UPDATE events SET floating = 1 WHERE schedule_id IN (
        SELECT id FROM schedules WHERE timezone = '' AND notes LIKE '%have no time zone%');
    {_OVERVIEW};
    """,
}

# Event statuses after an update; '' is "unchanged since the previous import".
STATUS_NEW = "new"
STATUS_CHANGED = "changed"
STATUS_REMOVED = "removed"

# An event as a day's layout and filters see it: id, kind, start, end, room, track, session,
# whether it is a whole-day event.
Outline = tuple[str, Kind, datetime, datetime, str, str, str, bool]

_EVENT_COLUMNS = (
    "e.id, e.kind, e.number, e.title, e.subtitle, e.authors, e.abstract, e.start, e.\"end\", "
    "e.session, e.room, e.track, e.url, s.key, e.markup, e.all_day, e.floating, e.cancelled"
)
# Every column of events, in table order (_event_row builds rows in it).
_INSERT_EVENT = "INSERT INTO events VALUES (" + ", ".join("?" * 22) + ")"


class StoreError(Exception):
    """The library cannot do what was asked; the message is for the user."""


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


def _utc_seconds(value: datetime) -> int:
    return int(value.timestamp())


class Library:
    """A handle on one library file. Not thread-safe: one per thread."""

    def __init__(self, path: str | os.PathLike[str], *, recover: bool = False,
                 full_check: bool | None = None) -> None:
        """Open ``path``, creating and migrating it as needed.

        A damaged file (not a database, truncated, failing PRAGMA quick_check) raises
        StoreError and is left alone, unless ``recover``: then it is moved aside with a
        timestamp in its name, a new library is started, and ``recovered_from`` says
        where the old file went (``recovery_notice`` is the sentence to show).

        ``full_check``: check every page (True), only the attendee's own tables (False),
        or decide by size (None, see FULL_CHECK_BYTES). Damage seen since the last open
        (request_full_check) makes it check every page whatever is asked.
        """
        self.path = Path(path)
        self._full_check = full_check
        self.recovered_from: Path | None = None
        self.damage = ""
        try:
            self._conn = self._connect()
        except _Damaged as exc:
            if not recover:
                raise StoreError(
                    f"{self.path} is not a usable Planner library ({exc}); it was left untouched"
                ) from None
            self.recovered_from = _move_aside(self.path, exc.identity)
            if self.recovered_from is not None:
                self.damage = str(exc)
            try:
                self._conn = self._connect()
            except _Damaged as again:
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

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not self.path.exists():
            # Created user-only before SQLite writes a byte: stars and notes are private.
            # SQLite gives the -wal and -shm files the same mode as the database.
            fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        identity = _identity(self.path)
        header = _read_header(self.path)
        if header and not header.startswith(_SQLITE_MAGIC[: len(header)]):
            raise _Damaged("not an SQLite database", identity)
        if header and len(header) < len(_SQLITE_MAGIC):
            raise _Damaged("truncated", identity)
        # user_version is stored big-endian at offset 60: a file from a newer Planner is
        # refused before SQLite opens it and leaves -wal/-shm files beside it.
        version = int.from_bytes(header[60:64], "big") if len(header) >= 64 else 0
        if version <= SCHEMA_VERSION:
            version = self._probe(identity)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer version of Planner (schema {version}, "
                f"this version reads up to {SCHEMA_VERSION}); it was left untouched"
            )
        try:
            conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from None
        try:
            conn.execute("PRAGMA busy_timeout = 10000")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:  # a new file takes its page size now or never (not once in WAL)
                conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            _use_wal(conn)
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(conn, version)
        except sqlite3.OperationalError as exc:  # locked for longer than the busy timeout, I/O
            conn.close()
            raise StoreError(f"cannot open {self.path}: {exc}") from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _probe(self, identity: tuple[int, int] | None, *, retried: bool = False) -> int:
        """The file's schema version, after PRAGMA quick_check if it is one we can read.

        Read-only, so a file found damaged or too new stays exactly as it was: closing
        a read-write connection would fold the -wal into it.
        """
        try:
            conn = sqlite3.connect(_read_only_uri(self.path), uri=True, timeout=10.0)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from None
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version <= SCHEMA_VERSION:  # a newer file is refused, never judged
                marker = check_marker(self.path)
                asked = marker.exists()
                if _quick_check(conn, identity, full=True if asked else self._full_check) and asked:
                    marker.unlink(missing_ok=True)  # every page was sound: nothing to follow up
            return version
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", None) == _SQLITE_READONLY_ROLLBACK and not retried:
                # A writer died inside a transaction before the file was in WAL mode (a
                # library being created) and left a hot rollback journal, which only a
                # read-write connection may play back. Playing it back is what SQLite
                # does on any open: it restores the file as it was before that
                # transaction. Then judge the file as usual.
                conn.close()
                _roll_back_hot_journal(self.path)
                return self._probe(identity, retried=True)
            if _is_corruption(exc):
                raise _Damaged(str(exc), identity) from None
            raise StoreError(f"cannot open {self.path}: {exc}") from None
        finally:
            conn.close()

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Re-read inside the write lock: another process may have migrated.
                if conn.execute("PRAGMA user_version").fetchone()[0] >= target:
                    conn.execute("COMMIT")
                    continue
                for statement in _MIGRATIONS[target].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {target}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

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
        return self._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # -- schedules -------------------------------------------------------------------

    def schedules(self) -> list[ScheduleInfo]:
        rows = self._conn.execute(
            "SELECT s.key, s.title, s.source, s.format, s.timezone, s.url, s.imported_at, "
            "(SELECT count(*) FROM events e WHERE e.schedule_id = s.id), s.notes "
            "FROM schedules s ORDER BY s.id"
        ).fetchall()
        return [ScheduleInfo(*row[:-1], notes=tuple(json.loads(row[-1] or "[]"))) for row in rows]

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
        """
        with self._write() as conn:
            row = conn.execute("SELECT id FROM schedules WHERE key = ?", (schedule.key,)).fetchone()
            if row is None:
                continued = _continued_schedule(conn, schedule)
                if continued is not None:
                    row = (continued[0],)
                    schedule = replace(schedule, key=continued[1])
            summary = ImportSummary(key=schedule.key, title=schedule.title, created=row is None)
            summary.total = len(schedule.events)
            if row is None:
                cur = conn.execute(
                    "INSERT INTO schedules (key, title, source, format, timezone, imported_at, notes) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (schedule.key, schedule.title, schedule.source, schedule.format,
                     schedule.timezone, _now(), json.dumps(list(schedule.notes), ensure_ascii=False)),
                )
                schedule_id = int(cur.lastrowid or 0)
                old: dict[str, Event] = {}
            else:
                schedule_id = int(row[0])
                conn.execute(
                    "UPDATE schedules SET title = ?, source = ?, format = ?, timezone = ?, "
                    "imported_at = ?, notes = ? WHERE id = ?",
                    (schedule.title, schedule.source, schedule.format, schedule.timezone,
                     _now(), json.dumps(list(schedule.notes), ensure_ascii=False), schedule_id),
                )
                old = {e.id: e for e in self._select_events(" WHERE e.schedule_id = ?", (schedule_id,))}
                events, summary.followed = follow_talks(old.values(), schedule.events)
                schedule = replace(schedule, events=tuple(events))
            self._check_ids_free(conn, schedule, schedule_id)
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
            already_removed = {
                r[0] for r in conn.execute(
                    "SELECT id FROM events WHERE schedule_id = ? AND status = ?", (schedule_id, STATUS_REMOVED)
                )
            }
            rows = []
            instants: _Instants = {}
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
                rows.append(_event_row(event, schedule_id, status, changes, instants))
            if row is not None:  # out of the index while the rows still hold what it was given
                conn.execute(_FTS_REMOVE + _FTS_INDEXED, (schedule_id,))
            conn.execute("DELETE FROM events WHERE schedule_id = ?", (schedule_id,))
            conn.executemany(_INSERT_EVENT, rows)
            for gone in old.values():
                if gone.id not in already_removed:
                    summary.removed.append(gone.id)
                if gone.id in starred:
                    # Kept so the attendee sees "no longer in the schedule", never a silent loss.
                    if gone.id not in already_removed:
                        summary.removed_starred.append(gone.id)
                    conn.execute(
                        _INSERT_EVENT, _event_row(gone, schedule_id, STATUS_REMOVED, "no longer in the schedule"),
                    )
            # Indexed from the rows just written, inside SQLite: no text crosses back.
            conn.execute(_FTS_ADD + _FTS_INDEXED, (schedule_id,))
            conn.execute(_OVERVIEW + " WHERE id = ?", (schedule_id,))
        return summary

    def _check_ids_free(self, conn: sqlite3.Connection, schedule: Schedule, schedule_id: int) -> None:
        ids = [e.id for e in schedule.events]
        clash: list[str] = []
        for chunk in _chunks(ids, 500):
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
                for chunk in _chunks(ids, 500):
                    marks = ",".join("?" * len(chunk))
                    conn.execute(f"DELETE FROM stars WHERE event_id IN ({marks})", chunk)
                    conn.execute(f"DELETE FROM notes WHERE event_id IN ({marks})", chunk)
            conn.execute(_FTS_REMOVE + _FTS_INDEXED, row)
            conn.execute("DELETE FROM schedules WHERE id = ?", row)
        return len(ids)

    # -- events ----------------------------------------------------------------------

    def _select_events(self, where: str = "", params: Sequence[object] = (), *,
                       abstract_chars: int | None = None, limit: int | None = None,
                       events_first: bool = False) -> list[Event]:
        """``events_first``: look events up before their schedule (a CROSS JOIN keeps
        SQLite to that order). For ids: without it SQLite went through the schedule's
        index and read every event of it to find 64 of them, 22 ms instead of 0.8 at
        50,000 events."""
        columns = _EVENT_COLUMNS
        if abstract_chars is not None:
            columns = columns.replace("e.abstract", f"substr(e.abstract, 1, {int(abstract_chars)})")
        join = "CROSS JOIN" if events_first else "JOIN"
        rows = self._conn.execute(
            f"SELECT {columns} FROM events e {join} schedules s ON s.id = e.schedule_id"
            f"{where} ORDER BY e.start_utc, e.end_utc, e.id{f' LIMIT {int(limit)}' if limit is not None else ''}",
            tuple(params),
        ).fetchall()
        return [_event_from_row(r) for r in rows]

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
        clauses: list[str] = []
        params: list[object] = []
        if schedule_key is not None:
            clauses.append("s.key = ?")
            params.append(schedule_key)
        if starred:
            clauses.append("e.id IN (SELECT event_id FROM stars)")
        if search is not None and search.strip():
            match = fts_query(search)
            if match is None:
                return []
            clauses.append(
                "(e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?) "
                "OR e.id IN (SELECT event_id FROM notes WHERE text LIKE ?))"
            )
            params.extend((match, f"%{search.strip()}%"))
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._select_events(where, params, abstract_chars=abstract_chars)

    def event(self, event_id: str) -> Event:
        found = self._select_events(" WHERE e.id = ?", (event_id,))
        if not found:
            raise StoreError(f"no event {event_id!r} in the library")
        return found[0]

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
            sql, params = "SELECT rowid FROM events_fts WHERE events_fts MATCH ?", [match]
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
            self._fts_ids = (version, dict(self._conn.execute("SELECT rowid, id FROM events")))
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
        starts = self._overview(schedule_key).get("starts", [])
        return sorted(((str(start), int(utc), int(n)) for start, utc, n in starts), key=lambda s: (s[1], s[0]))

    def all_day_starts(self, schedule_key: str) -> dict[str, int]:
        """Start (as stored) -> how many whole-day events begin then, from the overview."""
        return {str(start): int(n) for start, n in self._overview(schedule_key).get("all_day", [])}

    def _overview(self, schedule_key: str) -> dict[str, list[list[Any]]]:
        """The overview each import keeps in the schedule's row (_OVERVIEW); {} for no schedule."""
        row = self._conn.execute("SELECT overview FROM schedules WHERE key = ?", (schedule_key,)).fetchone()
        return _load_json(row[0]) if row and row[0] else {}

    def event_outlines(self, schedule_key: str, first_utc: int, last_utc: int) -> list[Outline]:
        """(id, kind, start, end, room, track, session) of a schedule's events starting
        between two UTC instants (seconds, inclusive), by start, end and id.

        What laying out and filtering a day needs, without the titles, authors and
        abstracts that make up most of a row: 13 ms for 3,600 events, where reading them
        whole took 48 ms (events_by_id reads those a card needs).
        """
        rows = self._conn.execute(
            "SELECT e.id, e.kind, e.start, e.\"end\", e.room, e.track, e.session, e.all_day FROM events e "
            "JOIN schedules s ON s.id = e.schedule_id WHERE s.key = ? AND e.start_utc BETWEEN ? AND ? "
            "ORDER BY e.start_utc, e.end_utc, e.id",
            (schedule_key, first_utc, last_utc),
        ).fetchall()
        kinds, instant = _KINDS, _instant
        return [(i, kinds.get(k) or Kind(k), instant(s), instant(e), room, track, session, bool(all_day))
                for i, k, s, e, room, track, session, all_day in rows]

    def events_by_id(self, event_ids: Iterable[str], *, schedule_key: str | None = None,
                     abstract_chars: int | None = None) -> list[Event]:
        """The events with these ids (unknown ids are skipped), sorted by start."""
        ids = list(dict.fromkeys(event_ids))
        found: list[Event] = []
        scope = " AND s.key = ?" if schedule_key is not None else ""
        for chunk in _chunks(ids, 500):
            params: list[object] = [*chunk] + ([schedule_key] if schedule_key is not None else [])
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
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            known.update(r[0] for r in conn.execute(f"SELECT id FROM events WHERE id IN ({marks})", chunk))
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
        from planner.export.revisions import ExportRecord

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


_SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLITE_CORRUPT and SQLITE_NOTADB: the file itself is bad. Anything else (locked,
# read-only, I/O, permission) is a problem of the moment and never moves a file aside.
_CORRUPTION_CODES = {11, 26}
_COMPANIONS = ("-wal", "-shm", "-journal")


class _Damaged(Exception):
    """The file at the library path is not a healthy SQLite database."""

    def __init__(self, reason: str, identity: tuple[int, int] | None) -> None:
        super().__init__(reason)
        self.identity = identity


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def upgrade_pending(path: str | os.PathLike[str]) -> bool:
    """Whether opening ``path`` will migrate a library written by an older Planner.

    An upgrade can rebuild the search index (seconds at 50,000 events), so the window
    says what it is doing first. Read from the header; no connection is opened.
    """
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    if len(header) < 64 or not header.startswith(_SQLITE_MAGIC):
        return False
    return 0 < int.from_bytes(header[60:64], "big") < SCHEMA_VERSION


def _read_header(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(100)  # the database header
    except OSError as exc:
        raise StoreError(f"cannot open {path}: {exc.strerror or exc}") from None


def _use_wal(conn: sqlite3.Connection, timeout: float = 10.0) -> None:
    """Switch a new file to WAL, retrying while another process opens it at the same time.

    The switch needs an exclusive lock, and SQLite answers "database is locked" at once,
    without the busy handler, when two connections both hold a shared lock and want it.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorcode", 5) & 0xFF != 5 or time.monotonic() > deadline:  # SQLITE_BUSY
                raise
            time.sleep(0.005)


_SQLITE_READONLY_ROLLBACK = 776  # SQLITE_READONLY | (3 << 8): a hot journal, read-only connection


def _roll_back_hot_journal(path: Path) -> None:
    """Let SQLite play back a hot rollback journal (it does so on the first read)."""
    try:
        conn = sqlite3.connect(path, timeout=10.0)
    except sqlite3.DatabaseError:
        return  # the read-only probe that follows reports what is wrong
    try:
        conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.DatabaseError:
        pass
    finally:
        conn.close()


def _read_only_uri(path: Path) -> str:
    text = path.absolute().as_posix()
    if not text.startswith("/"):
        text = "/" + text  # Windows: file:/C:/...
    return "file:" + urllib.parse.quote(text, safe="/:") + "?mode=ro"


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPTION_CODES
    return "malformed" in str(exc) or "not a database" in str(exc)


# Up to this size every page is checked at every open (about 10 ms for 2,000 events).
# Above it, a full check costs 150-350 ms at 50,000 events on every `planner` command,
# so only the tables holding what the attendee made (and cannot re-import) are checked.
FULL_CHECK_BYTES = 32 * 1024 * 1024
_USER_TABLES = ("stars", "notes", "exports", "meta", "schedules")


def _quick_check(conn: sqlite3.Connection, identity: tuple[int, int] | None, *, full: bool | None = None) -> bool:
    """PRAGMA quick_check: every page and row readable (5 ms per 1,000 events).

    It finds truncated files and damaged pages, which the header alone does not show.
    ``full`` as Library's ``full_check``. Returns whether every page was checked.
    """
    if full is None:
        pages, page_size = (conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size"))
        full = pages * page_size <= FULL_CHECK_BYTES
    if full:
        checks = ["PRAGMA quick_check(3)"]
    else:
        known = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        checks = [f"PRAGMA quick_check({table})" for table in _USER_TABLES if table in known]
    for check in checks:
        rows = conn.execute(check).fetchall()
        if [r[0] for r in rows] != ["ok"]:
            raise _Damaged("integrity check failed: " + "; ".join(str(r[0]) for r in rows), identity)
    return full


def check_marker(path: Path) -> Path:
    """The file beside a library whose presence makes its next open check every page."""
    return path.with_name(path.name + ".check")


def request_full_check(path: str | os.PathLike[str]) -> None:
    """Damage was seen in ``path`` while it was in use: have the next open check every page.

    That open then finds the damage and, as for damage found at any open, moves the
    file aside (kept, never deleted) and starts a new library.
    """
    try:
        check_marker(Path(path)).write_text("damage was seen; the next open checks every page\n", encoding="utf-8")
    except OSError:
        pass  # a read-only folder: the library cannot be replaced there either


def find_damage(path: str | os.PathLike[str]) -> str:
    """PRAGMA quick_check of every page on a read-only connection of its own: "" when
    sound, else what is wrong. Takes 5 ms per 1,000 events and may run in another
    thread (SQLite does not hold Python's lock meanwhile)."""
    try:
        conn = sqlite3.connect(_read_only_uri(Path(path)), uri=True, timeout=10.0)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        _quick_check(conn, None, full=True)  # the same check an open makes
    except _Damaged as exc:
        return str(exc)
    except sqlite3.DatabaseError as exc:
        return str(exc) if is_damage(exc) else ""  # busy or locked: not damage
    finally:
        conn.close()
    return ""


def is_damage(exc: BaseException) -> bool:
    """Whether an error from SQLite says the file is damaged (not locked, not missing)."""
    return isinstance(exc, sqlite3.DatabaseError) and _is_corruption(exc)


def _move_aside(path: Path, identity: tuple[int, int] | None) -> Path | None:
    """Rename a damaged library (and its -wal/-shm) to ``NAME.damaged-<UTC time>.EXT``.

    Never overwrites: an existing name gets a counter. The -wal goes with its database
    so the pair can still be examined, and so it is never replayed into the new one.
    Returns None when another Planner process moved it first (it tells its user).
    """
    if identity is not None and _identity(path) != identity:
        return None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1, 1000):
        suffix = "" if n == 1 else f"-{n}"
        target = path.with_name(f"{path.stem}.damaged-{stamp}{suffix}{path.suffix}")
        if any(Path(f"{target}{c}").exists() for c in ("", *_COMPANIONS)):
            continue
        try:
            _rename_no_clobber(path, target)
        except FileExistsError:
            continue
        except OSError as exc:
            raise StoreError(f"{path} is damaged and could not be moved aside: {exc.strerror or exc}") from None
        for companion in _COMPANIONS:
            source = Path(f"{path}{companion}")
            if source.exists():
                try:
                    _rename_no_clobber(source, Path(f"{target}{companion}"))
                except OSError as exc:
                    raise StoreError(
                        f"{path} was damaged and moved to {target}, but {source} could not be "
                        f"moved with it ({exc.strerror or exc}); move it next to {target} by hand"
                    ) from None
        return target
    raise StoreError(f"{path} is damaged and there is no free name to move it aside")


def _rename_no_clobber(source: Path, target: Path) -> None:
    """Rename, failing with FileExistsError instead of replacing ``target``."""
    try:
        os.link(source, target)  # atomic: fails if target exists
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        if target.exists():  # a filesystem without hard links: check, then rename
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.rename(source, target)
        return
    os.unlink(source)


def fts_query(text: str) -> str | None:
    """Every word as a quoted prefix term: safe against FTS syntax, matches as you type."""
    text = text.replace("\x00", " ")  # FTS5 ends a string at NUL: "unterminated string"
    words = [w.replace('"', '""') for w in text.split()]
    words = [w for w in words if any(ch.isalnum() for ch in w)]
    if not words:
        return None
    return " AND ".join(f'"{w}"*' for w in words)


def describe_changes(old: Event, new: Event) -> str:
    """What an attendee needs to know changed: "moved from 10:00, Room A"."""
    parts: list[str] = []
    if new.cancelled != old.cancelled:
        parts.append("cancelled" if new.cancelled else "no longer cancelled")
    if old.start != new.start or old.end != new.end:
        when = old.start.strftime("%H:%M")
        if old.start.date() != new.start.date():
            when = old.start.strftime("%a %d %b %H:%M")
        parts.append(f"moved from {when}")
    if old.room != new.room:
        parts.append(f"room was {old.room or 'unset'}")
    if old.title != new.title:
        parts.append(f"title was {old.title!r}")
    if old.authors != new.authors:
        parts.append("speakers changed")
    if old.number is not None and new.number is not None and old.number != new.number:
        parts.append(f"number was {old.number}")
    return ", ".join(parts)


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
    for chunk in _chunks(ids, 500):
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
                (_utc_seconds(event.start), event.title, schedule.format),
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


# Made once: json.dumps with any option builds a new encoder per call, and rows are
# converted 10,000s at a time (import, and loading the window).
_dump_json = json.JSONEncoder(ensure_ascii=False).encode
_load_json = json.JSONDecoder().decode
_KINDS = {k.value: k for k in Kind}
_MARKUPS = {m.value: m for m in Markup}


@lru_cache(maxsize=8192)
def _instant(text: str) -> datetime:
    """Stored times repeat (every talk in a slot shares its start): parse each once."""
    return datetime.fromisoformat(text)


# Each name as _dump_json writes it: '["A", "B"]' built from one C call per name costs a
# third of the encoder's Python-level set-up per event.
_encode_string = json.encoder.encode_basestring


def _authors_json(authors: tuple[str, ...]) -> str:
    return "[" + ", ".join(map(_encode_string, authors)) + "]"


# A datetime's id -> (the datetime, as stored, in UTC seconds), for one import: a parser
# hands every talk of a slot the same start object, so each is converted once.
_Instants = dict[int, tuple[datetime, str, int]]


def _event_row(event: Event, schedule_id: int, status: str, changes: str,
               instants: _Instants | None = None) -> tuple[object, ...]:
    if instants is None:
        instants = {}
    start, end = event.start, event.end
    s = instants.get(id(start))
    if s is None or s[0] is not start:
        s = instants[id(start)] = (start, start.isoformat(), _utc_seconds(start))
    e = instants.get(id(end))
    if e is None or e[0] is not end:
        e = instants[id(end)] = (end, end.isoformat(), _utc_seconds(end))
    return (
        event.id, schedule_id, event.kind.value, event.number, event.title, event.subtitle,
        _authors_json(event.authors), event.abstract, s[1], e[1], s[2], e[2],
        event.session, event.room, event.track, event.url, status, changes,
        event.markup.value, int(event.all_day), int(event.floating), int(event.cancelled),
    )


def _authors_from_json(text: str) -> tuple[str, ...]:
    """The names _authors_json wrote: '["A", "B"]'.

    Without a backslash the JSON escapes nothing, so the names are what lies between
    '["', '", "' and '"]' (a quote inside a name would be written as backslash-quote):
    a split is a fifth of json's decode, which was a sixth of reading an event.
    """
    if text == "[]":
        return ()
    if "\\" in text or not (text.startswith('["') and text.endswith('"]')):
        return tuple(_load_json(text))
    return tuple(text[2:-2].split('", "'))


def _event_from_row(row: Sequence[Any]) -> Event:
    # SQLite hands back TEXT columns as str and INTEGER as int: no conversions needed.
    (event_id, kind, number, title, subtitle, authors, abstract, start, end,
     session, room, track, url, key, markup, all_day, floating, cancelled) = row
    return Event(
        id=event_id,
        kind=_KINDS.get(kind) or Kind(kind),
        number=number,
        title=title,
        authors=_authors_from_json(authors),
        abstract=abstract,
        start=_instant(start),
        end=_instant(end),
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
    )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
