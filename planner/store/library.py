"""The Library: the handle through which Planner reads and writes its library file.

The store owns every SQL statement: the schema and its migrations in schema.py, opening
a file that may be damaged in recovery.py, the row codecs in rows.py, the reads of events
in reads.py, importing a schedule in importing.py, and the other writes here.

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
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from planner.domain.marks import Tier
from planner.domain.model import Schedule, Session, zoneless
from planner.domain.zones import CONFERENCE, LOCAL, ZoneError, as_clocks_show, resolve, span_as_clocks_show, wall_clock
from planner.store.errors import StoreError
from planner.store.friends import FriendPicks
from planner.store.marks import AttendeeMarks
from planner.store.reads import EventReads
from planner.store.recovery import Damaged, cannot_write, connect, disconnect, is_damage, move_aside
from planner.store.rows import chunks, utc_seconds
from planner.store.schema import OVERVIEW
from planner.store.unscheduled import UnscheduledReads

if TYPE_CHECKING:
    from planner.domain.exports import ExportRecord
    from planner.store.importing import ImportSummary


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


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Library(EventReads, UnscheduledReads, AttendeeMarks, FriendPicks):
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
        """One sentence for the user when opening moved a damaged library aside, else None.

        It says what was recovered, which is nothing but the damaged bytes: a new library
        that shows no stars must not pass for one whose owner starred nothing.
        """
        if self.recovered_from is None:
            return None
        return (
            f"the library {self.path} was damaged ({self.damage}); it was moved to "
            f"{self.recovered_from}, kept as it was, and a new library was started: none of "
            "its stars, notes or schedules were recovered into the new one"
        )

    # -- opening ---------------------------------------------------------------------

    def close(self) -> None:
        disconnect(self._conn)

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
        """One IMMEDIATE transaction: all or nothing, never a half-filled library.

        A library that cannot be written (read-only, held by another writer past the busy
        timeout) raises StoreError saying so: nothing was changed. Damage stays an
        sqlite3 error, for the callers that set a damaged library aside.
        """
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if is_damage(exc):
                raise
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(cannot_write(self.path, exc)) from None

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
        # Each schedule's count from its overview (events per start time, which the day list
        # reads too and every import and change keeps in step): counting a 50,000-event
        # schedule's rows in the index took 2-3.5 ms of every start, the sum 0.4. Counted
        # rows where there is no overview to sum.
        rows = self._conn.execute(
            "SELECT s.key, s.title, s.source, s.format, s.timezone, s.url, s.imported_at, "
            "COALESCE(CASE WHEN json_valid(s.overview) AND json_type(s.overview, '$.starts') = 'array' "
            "THEN (SELECT sum(json_extract(j.value, '$[2]')) FROM json_each(s.overview, '$.starts') j "
            "WHERE j.type = 'array') END, "
            "(SELECT count(*) FROM events e WHERE e.schedule_id = s.id)), s.notes, s.user_zone "
            "FROM schedules s WHERE s.staging = '' ORDER BY s.id"
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
        from planner.store.importing import bump_generation  # lazy: as in import_schedule

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
                first, last = span_as_clocks_show(wall_clock(datetime.fromisoformat(start)).replace(tzinfo=zone),
                                                  wall_clock(datetime.fromisoformat(end)).replace(tzinfo=zone))
                updates.append((first.isoformat(), last.isoformat(), utc_seconds(first), utc_seconds(last), event_id))
            conn.executemany(
                "UPDATE events SET start = ?, \"end\" = ?, start_utc = ?, end_utc = ?, floating = 0, placed = 1 "
                "WHERE id = ?", updates)
            # The sessions span their events, on the same clock: placed with them (they kept
            # UTC+0, an hour off Brussels' events in the JSON of `planner list`).
            conn.executemany(
                "UPDATE sessions SET start = ?, \"end\" = ? WHERE schedule_id = ? AND position = ?",
                [(*(None if text is None else as_clocks_show(wall_clock(datetime.fromisoformat(text))
                                                             .replace(tzinfo=zone)).isoformat()
                    for text in (start, end)), schedule_id, position)
                 for position, start, end in conn.execute(
                     "SELECT position, start, \"end\" FROM sessions WHERE schedule_id = ?", (schedule_id,)).fetchall()])
            kept = [note for note in json.loads(notes or "[]") if not zoneless([note])]
            conn.execute("UPDATE schedules SET timezone = ?, user_zone = ?, notes = ? WHERE id = ?",
                         (zone_name, zone_name, json.dumps(kept, ensure_ascii=False), schedule_id))
            conn.execute(OVERVIEW + " WHERE id = ?", (schedule_id,))
            bump_generation(conn)
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
        else:
            sql += " WHERE s.staging = ''"  # not one being written or removed
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
        session page that gained a first session, a frab file whose acronym changed). A
        key alone is not enough: a file that shares no talk with the schedule of its key
        (every Google Calendar export of a year without a name has one key) is a new
        schedule under a key of its own (ImportSummary.unlike). Its events are matched to
        the old ones talk by talk (planner.domain.identity), so stars and notes follow the
        talk, never a position. Events that changed are flagged with what changed; a starred
        event that left the schedule is kept, flagged removed, so My agenda can still
        show it, and so is one with a note, so the note can still be read.

        The write lock is held only for short steps, so a star or a note made meanwhile
        (the window while a worker imports, ``planner star``) is written at once: matching
        the talks, working out what changed and building the rows are done from a
        snapshot, the rows staged in a TEMP table (this connection's own, gone with it
        after a crash), and one transaction then brings the schedule to them, touching
        only the rows that change and reading the stars as they are by then. A big new
        schedule's rows go in before it, a few thousand per transaction, unseen until that
        transaction shows the schedule (importing.stage_new). If another import, a removal
        or a zone change landed in between, the import is worked out again. A big new
        schedule's search index follows in short transactions of their own
        (importing.finish_index), done before this returns.
        """
        from planner.store import importing  # lazy: 10 M instructions the window's start does not need

        if importing.removal_pending(self._conn):  # its events may hold the ids this one brings
            importing.finish_removals(self._conn)
        try:
            summary, held = self._store_schedule(schedule)
        finally:
            importing.drop_temp_tables(self._conn)
        # A big new schedule's search index, in short transactions of its own: it is all
        # there before this returns (and after a crash, once the library is opened again).
        importing.finish_index(self._conn, held)
        return summary

    def _store_schedule(self, schedule: Schedule) -> tuple[ImportSummary, float]:
        """import_schedule's staging and its write transaction; with how long that held the lock."""
        from planner.store import importing  # lazy: as in import_schedule

        for _attempt in range(3):
            prepared = importing.prepare(self._conn, schedule, self._select_events)
            try:
                # A big new schedule's rows go in first, in short transactions, unseen.
                prepared.staged = importing.stage_new(self._conn, prepared)
            except importing.StagingLost:
                continue  # another import of it dropped these: work it out again
            stored = False
            try:
                with self._write() as conn:
                    begin = time.perf_counter()
                    if importing.generation(conn) == prepared.generation and importing.still_staged(conn, prepared):
                        summary = importing.store(conn, prepared)
                        stored = True
            finally:
                # Not shown (prepared from what another writer changed since, or failed):
                # its rows go, and it is worked out again.
                if prepared.staged is not None and not stored:
                    importing.drop_staged(self._conn, prepared.staged.schedule_id)
            if stored:
                break
        else:
            # Other writers changed the schedules three times meanwhile: hold the lock now.
            with self._write() as conn:
                begin = time.perf_counter()
                summary = importing.store(conn, importing.prepare(conn, schedule, self._select_events))
        return summary, time.perf_counter() - begin

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

    def remove_schedule(self, key: str, *, drop_stars: bool = False, finish: bool = True) -> int:
        """Remove a schedule; its stars and notes stay unless ``drop_stars``. Returns events removed.

        It is out of sight when the first, short transaction commits; its events then leave
        in short transactions of their own (importing.finish_removals), before this returns,
        or, with ``finish`` False, when the caller runs finish_removals (the window, on a
        worker) or the library is next opened.
        """
        from planner.store import importing  # lazy: as in import_schedule

        begin = time.perf_counter()
        with self._write() as conn:
            row = conn.execute("SELECT id FROM schedules WHERE key = ?", (key,)).fetchone()
            if row is None:
                raise StoreError(f"no schedule {key!r} in the library")
            ids = [r[0] for r in conn.execute("SELECT id FROM events WHERE schedule_id = ?", row)]
            if drop_stars:
                # The entries without a time too: their stars and notes are the attendee's as well.
                untimed = [r[0] for r in conn.execute("SELECT id FROM unscheduled WHERE schedule_id = ?", row)]
                for chunk in chunks(ids + untimed, 500):
                    marks = ",".join("?" * len(chunk))
                    for table in ("stars", "notes", "planned", "attendance"):
                        conn.execute(f"DELETE FROM {table} WHERE event_id IN ({marks})", chunk)
            importing.index_pending(conn)  # the index must hold every row it will be asked to forget
            importing.hide_for_removal(conn, row[0])
            importing.bump_generation(conn)
        if finish:
            importing.finish_removals(self._conn, time.perf_counter() - begin)
        return len(ids)

    def finish_removals(self) -> None:
        """Take out the rows of schedules removed with ``finish`` False (remove_schedule)."""
        from planner.store import importing  # lazy: as in import_schedule

        importing.finish_removals(self._conn)

    # -- stars -----------------------------------------------------------------------

    def star(self, event_ids: Iterable[str], *, tier: Tier = Tier.MUST) -> None:
        """Star events in ``tier`` (a starred one changes tier and keeps when it was starred);
        unknown ids are an error and nothing is starred."""
        ids = list(dict.fromkeys(event_ids))
        with self._write() as conn:
            self._require_known(conn, ids)
            stamp = _now()
            conn.executemany(
                "INSERT INTO stars (event_id, starred_at, tier) VALUES (?, ?, ?) "
                "ON CONFLICT (event_id) DO UPDATE SET tier = excluded.tier",
                [(i, stamp, tier.value) for i in ids],
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
        from planner.domain.exports import ExportRecord  # lazy: 5 M instructions, only to export

        return {
            r[0]: ExportRecord(r[0], int(r[1]), r[2], r[3], r[4], bool(r[5]), r[6], r[7])
            for r in self._conn.execute(
                'SELECT event_id, sequence, start, "end", summary, cancelled, exported_at, location FROM exports'
            )
        }

    def save_export_records(self, records: Iterable[ExportRecord]) -> None:
        with self._write() as conn:
            conn.executemany(
                'INSERT OR REPLACE INTO exports (event_id, sequence, start, "end", summary, cancelled, exported_at, '
                "location) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.event_id, r.sequence, r.start, r.end, r.summary, int(r.cancelled), r.modified_at, r.location)
                 for r in records],
            )
