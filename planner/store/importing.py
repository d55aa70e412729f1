"""Importing a schedule: matching its talks to the library's, staging its rows, storing them.

An import holds the library's write lock only for its last step (Library.import_schedule):
prepare() works out, from a read snapshot, which talks are new, changed or gone and
builds their rows into a TEMP table (this connection's own, gone with it after a crash);
store() then brings the schedule to those rows in one short write transaction, reading
the stars as they are by then, so a star made meanwhile is neither lost nor kept waiting.
A counter in meta (generation) tells an import that another writer changed the
schedules while it was being prepared.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from planner.domain.model import Event, Schedule
from planner.domain.zones import placed_in
from planner.store.errors import StoreError
from planner.store.rows import Instants, chunks, describe_changes, event_row, utc_seconds
from planner.store.schema import FTS_ADD, FTS_BODY, FTS_INDEXED, FTS_REMOVE, OVERVIEW, STATUS_CHANGED, STATUS_NEW, STATUS_REMOVED
from planner.store.unscheduled import write_unscheduled
from planner.text.wording import counted


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


def generation(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_GENERATION,)).fetchone()
    return str(row[0]) if row else None


def bump_generation(conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, '1') "
        "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1", (_GENERATION,),
    )


@dataclass(slots=True)
class Prepared:
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


def prepare(conn: sqlite3.Connection, schedule: Schedule,
            select_events: Callable[[str, Sequence[object]], list[Event]]) -> Prepared:
    """Everything of an import that Python works out, from one snapshot, writing nothing
    but this connection's TEMP table of the rows to store (staged with schedule_id 0).
    ``select_events`` reads events by a WHERE clause (the Library's reads)."""
    locked = conn.in_transaction  # the last resort above: inside the write transaction
    if not locked:
        conn.execute("BEGIN")  # one snapshot for every read below; no lock that blocks a writer
    try:
        seen = generation(conn)
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
            old = {e.id: e for e in select_events(" WHERE e.schedule_id = ?", (row[0],))}
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
        _check_ids_free(conn, schedule, int(row[0]) if row is not None else 0)
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
    _stage(conn, rows, placed, update=row is not None)
    return Prepared(schedule, int(row[0]) if row is not None else None, summary, list(old.values()),
                     already_removed, seen)


def _stage(conn: sqlite3.Connection, rows: list[tuple[object, ...]], placed: list[str], *, update: bool) -> None:
    """Rows into temp.import_events, which is this connection's own: writing it takes no
    lock on the library, and a crash takes it away with the process."""
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

def store(conn: sqlite3.Connection, prepared: Prepared) -> ImportSummary:
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
    bump_generation(conn)
    return summary

def _check_ids_free(conn: sqlite3.Connection, schedule: Schedule, schedule_id: int) -> None:
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

