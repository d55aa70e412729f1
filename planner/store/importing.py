"""Importing a schedule: matching its talks to the library's, staging its rows, storing them.

An import holds the library's write lock only for short steps (Library.import_schedule):
prepare() works out, from a read snapshot, which talks are new, changed or gone and
builds their rows into a TEMP table (this connection's own, gone with it after a crash),
with the lists of rows an update is to touch, delete and take out of the search index;
store() then brings the schedule to those rows in one short write transaction, reading
the stars as they are by then, so a star made meanwhile is neither lost nor kept waiting.
A counter in meta (generation) tells an import that another writer changed the
schedules while it was being prepared.

A new schedule of more than STAGE_CHUNK events is written before that transaction, in
short ones of its own (stage_new), under a schedules row no reader sees; store() then
only shows it. Its search index, if it has more than INDEX_CHUNK events, is written
after, in short transactions too (finish_index): indexing 10,000 events takes ~250 ms,
and in the same transaction it kept a star waiting a third of a second. Until then meta
says which rows are still to be indexed (index_pending), so a crash in between is
finished by the next open (planner.store.recovery.connect), and every writer that hands
the index rows finishes it first.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from planner.domain.model import Event, Schedule, Unscheduled
from planner.domain.zones import placed_in
from planner.store.errors import StoreError
from planner.store.rows import (
    UNSCHEDULED_COLUMNS,
    Instants,
    chunks,
    describe_changes,
    event_row,
    unscheduled_from_row,
    utc_seconds,
)
from planner.store.schema import (
    FTS_ADD,
    FTS_BODY,
    FTS_REMOVE,
    OVERVIEW,
    REMOVING,
    SEARCH_PENDING,
    STATUS_CHANGED,
    STATUS_NEW,
    STATUS_REMOVED,
    overview_of,
)
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
    # Among removed: those kept for their note, though not starred (the note stays readable).
    removed_noted: list[str] = field(default_factory=list)
    # Among changed: events the update cancelled, and those whose number moved (a paper
    # inserted before them), which keep their stars and notes.
    cancelled: list[str] = field(default_factory=list)
    renumbered: list[str] = field(default_factory=list)
    # Among changed: events back in the schedule after an earlier update removed them
    # (kept then for a star or a note, and shown as removed since).
    returned: list[str] = field(default_factory=list)
    # Among changed: entries without a time the update gave one, and events it took the
    # time of (now on the Not scheduled page): moved, not new and not removed.
    timed: list[str] = field(default_factory=list)
    untimed: list[str] = field(default_factory=list)
    # The file's id -> the id kept, for talks that continue one under another id.
    followed: dict[str, str] = field(default_factory=dict)
    # A new schedule whose file looked like this one's (the same key) but shares no talk
    # with it: its title, for the summary to say why it was not updated.
    unlike: str = ""

    def __str__(self) -> str:
        if self.created:
            text = f"added {self.title}: {counted(self.total, 'event')}"
            if self.unlike:
                text += f", a schedule of its own: it shares no talk with {self.unlike}"
            return text
        text = (
            f"updated {self.title}: {len(self.changed)} changed, {len(self.new)} new, "
            f"{len(self.removed)} removed"
        )
        kept = [f"{len(self.removed_starred)} starred"] if self.removed_starred else []
        if self.removed_noted:
            kept.append(f"{len(self.removed_noted)} with a note")
        if kept:
            text += f" ({', '.join(kept)})"
        if self.cancelled:
            text += f", {len(self.cancelled)} cancelled"
        if self.renumbered:
            text += f", {len(self.renumbered)} renumbered"
        if self.returned:
            text += f", {len(self.returned)} back in the schedule"
        if self.timed:
            text += f", {len(self.timed)} given a time"
        if self.untimed:
            text += f", {len(self.untimed)} now without a time"
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


# The rows a new schedule's import stored but has not yet handed the search index, as JSON
# [schedule id, after, through]: its events with rowids in (after, through]. A new
# schedule's events take rowids above every other (SQLite's max(rowid) + 1), so one range
# holds them all. At most one such range at a time: whoever stores rows first finishes it.
_PENDING = SEARCH_PENDING
# Rows indexed per write transaction, in one statement: 50-80 ms of work here, so a star
# made meanwhile waits about that (and the pause after it), where each transaction more
# costs the import a pause. FTS5 writes out what it gathered at every statement of a
# transaction, so the rows of one go in at once: 500 at a time took 2.5x as long.
INDEX_CHUNK = 2_500


def index_pending(conn: sqlite3.Connection, limit: int | None = None) -> bool:
    """Hand the search index the rows an import left to it, ``limit`` of them (None: all),
    in the caller's write transaction. Returns whether some are still left.

    Every writer that hands the index rows or takes them out (an import, a removal) calls
    it first: a contentless index takes a row out only if it was given the row, so it
    must never be asked to forget a row it has not been given yet.
    """
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_PENDING,)).fetchone()
    if row is None:
        return False
    schedule_id, after, through = (int(n) for n in json.loads(row[0]))
    upto = through if limit is None else min(through, after + limit)
    conn.execute(
        FTS_ADD + " WHERE e.rowid > ? AND e.rowid <= ? AND e.schedule_id = ? AND e.status != 'removed' "
        "ORDER BY e.rowid", (after, upto, schedule_id),
    )
    if upto >= through:
        conn.execute("DELETE FROM meta WHERE key = ?", (_PENDING,))
        return False
    conn.execute("UPDATE meta SET value = ? WHERE key = ?", (json.dumps([schedule_id, upto, through]), _PENDING))
    return True


def _pause_after(held: float) -> float:
    """Seconds to leave the write lock free after holding it ``held`` seconds.

    A writer kept waiting sleeps in SQLite's busy handler and tries again 25 ms apart
    during its first 128 ms of waiting, 50 ms apart until 228 ms, then 100 ms apart: it
    has waited at most ``held``, and a pause of one of its steps (and a little) is sure
    to let it in, where taking the lock again at once could keep it out for the whole
    index.
    """
    if held < 0.125:
        return 0.03
    return 0.06 if held < 0.225 else 0.11


@contextmanager
def _short_write(conn: sqlite3.Connection) -> Iterator[None]:
    """One of the short write transactions these steps take turns in: all or nothing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def finish_index(conn: sqlite3.Connection, held: float = 0.0) -> None:
    """Hand the search index what imports left to it (index_pending), INDEX_CHUNK rows per
    write transaction, with a pause between them for other writers. ``held``: how
    long the caller's own write transaction just held the lock, to pause after it first.

    Outside any transaction. Each step commits what it indexed with the range it leaves,
    so another writer may take over at any point and a crash loses no step.
    """
    while conn.execute("SELECT 1 FROM meta WHERE key = ?", (_PENDING,)).fetchone() is not None:
        if held:
            time.sleep(_pause_after(held))
        with _short_write(conn):
            begin = time.perf_counter()
            more = index_pending(conn, INDEX_CHUNK)
        if not more:
            return
        held = time.perf_counter() - begin


# A schedule being removed (Library.remove_schedule): its row is hidden at once, with
# schema.REMOVING as its ``staging`` and a placeholder key, and its events then leave the
# search index and the library REMOVE_CHUNK per write transaction (finish_removals).
# Taking 50,000 events out in one transaction held the lock 1.3 s.
REMOVE_CHUNK = 2_500


def hide_for_removal(conn: sqlite3.Connection, schedule_id: int) -> None:
    """In the caller's write transaction: no reader sees schedule ``schedule_id`` from now on."""
    conn.execute("UPDATE schedules SET key = ?, staging = ? WHERE id = ?",
                 (f"\x00removing {schedule_id} {time.time_ns()}", REMOVING, schedule_id))


def removal_pending(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM schedules WHERE staging = ? LIMIT 1", (REMOVING,)).fetchone() is not None


def finish_removals(conn: sqlite3.Connection, held: float = 0.0) -> None:
    """Take out what hidden schedules being removed still hold: REMOVE_CHUNK events per
    write transaction (out of the search index first: it forgets a row only when handed
    its text), then the schedule's row with its sessions and entries without a time.

    Outside any transaction. Each step commits what it took out, so another connection
    may take over at any point, and a crash loses no step (the next open finishes it).
    """
    while True:
        if held:
            time.sleep(_pause_after(held))
        with _short_write(conn):
            begin = time.perf_counter()
            row = conn.execute("SELECT id FROM schedules WHERE staging = ? LIMIT 1", (REMOVING,)).fetchone()
            if row is not None:
                rowids = sorted(r[0] for r in conn.execute(
                    "SELECT rowid FROM events WHERE schedule_id = ? LIMIT ?", (row[0], REMOVE_CHUNK)))
                if rowids:
                    index_pending(conn)  # the index must hold a row it is asked to forget
                    marks = ",".join("?" * len(rowids))
                    conn.execute(FTS_REMOVE + f" WHERE e.rowid IN ({marks}) AND e.status != 'removed' ORDER BY e.rowid",
                                 rowids)
                    conn.execute(f"DELETE FROM events WHERE rowid IN ({marks})", rowids)
                else:
                    conn.execute("DELETE FROM schedules WHERE id = ?", row)  # sessions, unscheduled: ON DELETE CASCADE
        if row is None:
            return
        held = time.perf_counter() - begin


@dataclass(slots=True)
class Prepared:
    """An import worked out from a snapshot, its rows staged, nothing written yet."""

    schedule: Schedule
    schedule_id: int | None  # the schedule it updates; None for a new one
    summary: ImportSummary
    gone: list[Event]  # the old version's events the new one does not have
    already_removed: set[str]
    generation: str | None
    staged: Staged | None = None  # a new schedule's rows already written (stage_new)
    # The old version's entries without a time that the new one has neither as entry nor event.
    gone_entries: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Staged:
    """A new schedule's rows in the events table under a hidden schedules row (stage_new)."""

    schedule_id: int
    after: int  # its events have rowids in (after, through]
    through: int
    overview: str  # schema.OVERVIEW's value for them, worked out before the lock


def _event_columns(conn: sqlite3.Connection) -> list[str]:
    """The events table's columns, quoted, in table order (event_row's order)."""
    return ['"' + str(r[1]).replace('"', '""') + '"' for r in conn.execute("PRAGMA main.table_info(events)")]


def _stage_sql(columns: list[str]) -> str:
    return f"INSERT INTO temp.import_events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _copy_in(columns: list[str]) -> str:
    """INSERT INTO events from temp.import_events x, the schedule's id as the one parameter
    (staged rows carry 0); a caller adds its WHERE and ORDER BY."""
    values = ", ".join("?" if c == '"schedule_id"' else f"x.{c}" for c in columns)
    return f"INSERT INTO events ({', '.join(columns)}) SELECT {values} FROM temp.import_events x"


def _index_later(conn: sqlite3.Connection, schedule_id: int, after: int, through: int) -> None:
    """Leave schedule ``schedule_id``'s new rows, rowids in (after, through], to the search
    index (index_pending), or index them at once if they are few."""
    if through > after:
        conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (_PENDING, json.dumps([schedule_id, after, through])))
        if through - after <= INDEX_CHUNK:  # small: at once, no transaction more
            index_pending(conn)


def _sync_events(conn: sqlite3.Connection, schedule_id: int, columns: list[str], *, update: bool) -> bool:
    """Make schedule ``schedule_id``'s events what temp.import_events holds, in the write transaction.

    A new schedule's rows are copied in and indexed, or left to index (index_pending) if
    they are more than INDEX_CHUNK. An update keeps the row (and rowid) of every event
    still there, rewrites only rows that differ, and hands the search index only what
    changes: an event's old text out when it goes, is flagged removed or reads
    differently, and its new text in. A refresh that changed a few talks writes a few
    rows, where rewriting and reindexing all of them held the lock for seconds at 50,000
    events. Returns whether any of the schedule's rows changed.
    """
    insert = _copy_in(columns)
    if not update:
        (after,) = conn.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()
        conn.execute(insert + " ORDER BY x.rowid", (schedule_id,))
        (through,) = conn.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()
        _index_later(conn, schedule_id, after, through)
        return True
    changing = [c for c in columns if c not in ('"id"', '"schedule_id"')]
    unchanged = " AND ".join(f"x.{c} IS events.{c}" for c in changing)
    # What _stage worked out from the rows as they were then, which they still are (no
    # writer moved the generation since): the rows to touch, to delete and to take out of
    # the index. A contentless index forgets a row only when handed the very text it was
    # given: the row as it is now, before it changes or goes. In rowid order (FTS_INDEXED).
    conn.execute(FTS_REMOVE + " WHERE e.rowid IN (SELECT rowid FROM temp.import_unindex) ORDER BY e.rowid")
    # (The unary + keeps SQLite from walking the schedule's index instead of the short lists.)
    changed = conn.execute(
        "DELETE FROM events WHERE id IN (SELECT id FROM temp.import_gone) AND +schedule_id = ? "
        "AND id NOT IN (SELECT id FROM temp.import_events)", (schedule_id,)).rowcount
    touched = "x.id IN (SELECT id FROM temp.import_touch)"
    changed += conn.execute(
        f"UPDATE events SET ({', '.join(changing)}) = ({', '.join(f'x.{c}' for c in changing)}) "
        f"FROM temp.import_events x WHERE {touched} AND events.id = x.id AND +events.schedule_id = ? "
        f"AND NOT ({unchanged})",
        (schedule_id,),
    ).rowcount
    changed += conn.execute(insert + f" WHERE {touched} AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = x.id) "
                            "ORDER BY x.rowid", (schedule_id,)).rowcount
    # Every row now to be found that is not in the index as it reads: new, reworded, back.
    # A row left untouched was there in every column, so in the index as it reads, or removed.
    conn.execute(
        FTS_ADD + " WHERE e.rowid IN (SELECT rowid FROM events WHERE id IN (SELECT id FROM temp.import_touch)) "
        "AND +e.schedule_id = ? AND e.status != 'removed' AND e.id NOT IN (SELECT id FROM temp.import_same) "
        "ORDER BY e.rowid", (schedule_id,),
    )
    return changed > 0


# A new schedule of more than this many events is written in short transactions of this
# many rows each (stage_new), under a schedules row no reader sees, and shown in one last
# short one (store). Written at once, 50,000 events held the write lock 440 ms and kept a
# star waiting as long; 5,000 rows take 20-35 ms.
STAGE_CHUNK = 5_000
# A staging row whose import has not written for this long is one a crash left behind.
_STALE_STAGING = 120


def stage_new(conn: sqlite3.Connection, prepared: Prepared) -> Staged | None:
    """Write a big new schedule's staged rows (temp.import_events) into the events table,
    STAGE_CHUNK per write transaction with a pause between for other writers, under a
    schedules row whose key is a placeholder and whose ``staging`` is the key it will have:
    every read lists schedules by key or with staging = '', so nothing of it shows until
    store() gives it its key in one short transaction. None for an update or a small one.

    Outside any transaction. Leftovers of a crashed import are dropped first: the same
    schedule's, and any that stopped writing _STALE_STAGING seconds ago. If this import's
    own row is gone meanwhile (another import dropped it), or anything fails, what it
    wrote is dropped and the error raised (StagingLost for the former).
    """
    if prepared.schedule_id is not None:
        return None
    (count,) = conn.execute("SELECT count(*) FROM temp.import_events").fetchone()
    if count <= STAGE_CHUNK:
        return None
    schedule = prepared.schedule
    overview = str(conn.execute(overview_of("temp.import_events")).fetchone()[0])
    insert = _copy_in(_event_columns(conn)) + " WHERE x.rowid > ? AND x.rowid <= ? ORDER BY x.rowid"
    schedule_id: int | None = None
    try:
        with _short_write(conn):
            begin = time.perf_counter()
            stale = datetime.fromtimestamp(time.time() - _STALE_STAGING, timezone.utc).isoformat(timespec="seconds")
            # (Not a schedule being removed: its events must leave the search index first.)
            conn.execute("DELETE FROM schedules WHERE staging NOT IN ('', ?) AND (staging = ? OR imported_at < ?)",
                         (REMOVING, schedule.key, stale))
            schedule_id = int(conn.execute(
                "INSERT INTO schedules (key, title, source, format, timezone, imported_at, staging) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (f"{schedule.key}\x00staging {time.time_ns()}", schedule.title, schedule.source, schedule.format,
                 schedule.timezone, _now(), schedule.key),
            ).lastrowid or 0)
            (after,) = conn.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()
        held = time.perf_counter() - begin
        for first in range(0, count, STAGE_CHUNK):
            time.sleep(_pause_after(held))
            with _short_write(conn):
                begin = time.perf_counter()
                if not _still_staged(conn, schedule_id):
                    raise StagingLost(schedule.key)
                try:
                    conn.execute(insert, (schedule_id, first, first + STAGE_CHUNK))
                except sqlite3.IntegrityError:  # _check_ids_free saw none: another import's, unseen yet
                    raise StoreError(
                        f"{schedule.source or schedule.title}: another import is adding the same events "
                        "right now; try again once it is done") from None
                # Still at it: not a crash's leftover (the staleness above).
                conn.execute("UPDATE schedules SET imported_at = ? WHERE id = ?", (_now(), schedule_id))
            held = time.perf_counter() - begin
        (through,) = conn.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()
    except BaseException:
        if schedule_id is not None:
            drop_staged(conn, schedule_id)
        raise
    return Staged(schedule_id, int(after), int(through), overview)


class StagingLost(Exception):
    """Another import dropped this one's staged schedule (it was importing the same one)."""


def _still_staged(conn: sqlite3.Connection, schedule_id: int) -> bool:
    return conn.execute("SELECT 1 FROM schedules WHERE id = ? AND staging != ''", (schedule_id,)).fetchone() is not None


def still_staged(conn: sqlite3.Connection, prepared: Prepared) -> bool:
    """Whether ``prepared``'s staged rows are still there to be shown (always, if it staged none)."""
    return prepared.staged is None or _still_staged(conn, prepared.staged.schedule_id)


def drop_staged(conn: sqlite3.Connection, schedule_id: int) -> None:
    """Take a staged schedule and its rows out (its events and sessions go with it: ON
    DELETE CASCADE); outside any transaction. Best effort: after a failure, the next
    import drops it once it is stale."""
    try:
        with _short_write(conn):
            conn.execute("DELETE FROM schedules WHERE id = ? AND staging != ''", (schedule_id,))
    except sqlite3.Error:
        pass


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
        row = conn.execute("SELECT id, title FROM schedules WHERE key = ?", (schedule.key,)).fetchone()
        unlike = ""
        if row is not None and not schedule.named and not _shares_talks(conn, schedule, int(row[0])):
            # A key made up from what the file had (every Google export of a year without a
            # name has the same), and not one talk is the same: another schedule, which must
            # not take this one's place, deleting its talks. A key the file names (a frab
            # acronym, X-WR-CALNAME) is the conference's own: a placeholder programme
            # replaced by the real one, sharing nothing, is still its update.
            unlike, row = str(row[1]), None
        if row is None:
            continued = _continued_schedule(conn, schedule)
            if continued is not None:
                row = (continued[0],)
                schedule = replace(schedule, key=continued[1])
            elif unlike:
                schedule = replace(schedule, key=_free_key(conn, schedule.key))
        placed: list[str] = []
        if row is not None and not schedule.timezone:
            # An update of a schedule the attendee set a zone for is read in it too.
            user_zone = conn.execute("SELECT user_zone FROM schedules WHERE id = ?", (row[0],)).fetchone()[0]
            if user_zone:
                schedule, placed = placed_in(schedule, user_zone)
        summary = ImportSummary(key=schedule.key, title=schedule.title, created=row is None,
                                unlike=unlike if row is None else "")
        summary.total = len(schedule.events)
        old: dict[str, Event] = {}
        old_entries: dict[str, Unscheduled] = {}
        already_removed: set[str] = set()
        if row is not None:
            old = {e.id: e for e in select_events(" WHERE e.schedule_id = ?", (row[0],))}
            old_entries = {u.id: u for u in _entries_of(conn, int(row[0]))}
            # Only an update needs it; imported here, it keeps 5 ms (hashlib, unicodedata)
            # off every start of the window and of the command line.
            from planner.domain.identity import follow_schedule

            # Events and entries without a time together: a paper may move between them.
            events, entries, summary.followed = follow_schedule(
                old.values(), old_entries.values(), schedule.events, schedule.unscheduled, schedule.published_ids)
            schedule = replace(schedule, events=tuple(events), unscheduled=tuple(entries))
            already_removed = {
                r[0] for r in conn.execute(
                    "SELECT id FROM events WHERE schedule_id = ? AND status = ? "
                    "UNION SELECT id FROM unscheduled WHERE schedule_id = ? AND status = ?",
                    (row[0], STATUS_REMOVED, row[0], STATUS_REMOVED),
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
        untimed = old_entries.pop(event.id, None)
        status, changes = "", ""
        if row is not None and previous is None and untimed is None:
            status = STATUS_NEW
            summary.new.append(event.id)
        elif previous is None and untimed is not None:
            # A paper on the reading list given a time: a change, its star and note with it.
            status = STATUS_CHANGED
            changes = ", ".join(filter(None, (
                "back in the schedule" if event.id in already_removed else "",
                # A board comes with the time: "board was unset" would only be noise.
                "given a time", describe_changes(replace(
                    _timed_as(untimed, event), poster_position=untimed.poster_position or event.poster_position),
                    event))))
            summary.changed.append(event.id)
            summary.timed.append(event.id)
            if event.id in already_removed:
                summary.returned.append(event.id)
        elif previous is not None:
            changes = describe_changes(previous, event)
            if event.id in already_removed:
                # Compared with the row kept when it left, it may look unchanged, but it was
                # shown as removed: the attendee is told it is back, and what differs.
                changes = ", ".join(filter(None, ("back in the schedule", changes)))
                summary.returned.append(event.id)
            if changes:
                status = STATUS_CHANGED
                summary.changed.append(event.id)
            if event.cancelled and not previous.cancelled:
                summary.cancelled.append(event.id)
            if previous.number is not None and event.number != previous.number:
                summary.renumbered.append(event.id)
        rows.append(event_row(event, 0, status, changes, instants))
    if row is not None:
        for entry in schedule.unscheduled:
            timed, before = old.pop(entry.id, None), old_entries.pop(entry.id, None)
            back = entry.id in already_removed
            if timed is not None:  # the event lost its time: moved to Not scheduled, not gone
                summary.changed.append(entry.id)
                summary.untimed.append(entry.id)
            elif before is None:
                summary.new.append(entry.id)
            elif back or describe_changes(_timed_as(before, _NOW_ANY), _timed_as(entry, _NOW_ANY)):
                summary.changed.append(entry.id)
            if back and (timed is not None or before is not None):
                summary.returned.append(entry.id)
    _stage(conn, rows, placed, int(row[0]) if row is not None else None)
    return Prepared(schedule, int(row[0]) if row is not None else None, summary, list(old.values()),
                     already_removed, seen, gone_entries=list(old_entries))


# Any moment: entries are compared (describe_changes) as events at one and the same time.
_NOW_ANY = datetime(2000, 1, 1, tzinfo=timezone.utc)


def _timed_as(entry: Unscheduled, moment: Event | datetime) -> Event:
    """``entry`` as an event at ``moment`` (an event's time, or a datetime), for describe_changes."""
    return entry.as_event(moment.start, moment.end) if isinstance(moment, Event) else entry.as_event(moment, moment)


def _entries_of(conn: sqlite3.Connection, schedule_id: int) -> list[Unscheduled]:
    """Schedule ``schedule_id``'s entries without a time, those kept as removed included."""
    return [unscheduled_from_row(r) for r in conn.execute(
        f"SELECT {UNSCHEDULED_COLUMNS} FROM unscheduled u JOIN schedules s ON s.id = u.schedule_id "
        "WHERE u.schedule_id = ? ORDER BY u.position, u.n", (schedule_id,))]


def _stage(conn: sqlite3.Connection, rows: list[tuple[object, ...]], placed: list[str],
           schedule_id: int | None) -> None:
    """Rows into temp.import_events, which is this connection's own: writing it takes no
    lock on the library, and a crash takes it away with the process. For an update of
    schedule ``schedule_id``, also the ids of its rows whose text the index keeps as it is
    (temp.import_same), compared with its rows as they are now: store() runs only if no
    writer changed them since (the generation), so they are still so then."""
    columns = _event_columns(conn)
    outer = conn.in_transaction
    if not outer:
        conn.execute("BEGIN")  # one commit of the TEMP database for all rows
    conn.execute("DROP TABLE IF EXISTS temp.import_events")
    conn.execute("CREATE TEMP TABLE import_events AS SELECT *, '' AS fts_body FROM main.events WHERE 0")
    conn.executemany(_stage_sql(columns), rows)
    for chunk in chunks(placed, 500):
        conn.execute(f"UPDATE temp.import_events SET placed = 1 WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    if schedule_id is not None:
        # The text the search index is given for each row (alias e, as FTS_BODY reads it):
        # an update hands the index only the rows whose text it changes.
        conn.execute(f"UPDATE temp.import_events AS e SET fts_body = {FTS_BODY}")
    conn.execute("CREATE UNIQUE INDEX temp.import_events_id ON import_events (id)")
    if schedule_id is not None:
        changing = [c for c in columns if c not in ('"id"', '"schedule_id"')]
        identical = " AND ".join(f"x.{c} IS e.{c}" for c in changing)
        # In the index now, staged to stay in it, and reading the same (a row identical in
        # every column needs no text built to tell). Here, not in the write transaction:
        # a third of an update's time holding the lock at 10,000 events.
        _listed(conn, "import_same", "id TEXT",
                "SELECT e.id FROM temp.import_events x JOIN events e ON e.id = x.id "
                "WHERE e.schedule_id = ? AND e.status != 'removed' AND x.status != 'removed' "
                f"AND (({identical}) OR x.fts_body = {FTS_BODY})", schedule_id)
        # What the write transaction is to touch, worked out here from the same rows: the
        # staged rows that are not already there in every column (temp.import_touch: new
        # or changed), the schedule's rows the file no longer has (temp.import_gone) and
        # those whose text leaves the index (temp.import_unindex, by rowid). The write
        # transaction then visits these few rows, where going through all of the
        # schedule's held the lock 300 ms at 50,000 events for a refresh that changed none.
        _listed(conn, "import_touch", "id TEXT",
                "SELECT x.id FROM temp.import_events x WHERE NOT EXISTS ("
                f"SELECT 1 FROM events e WHERE e.id = x.id AND e.schedule_id = ? AND {identical})", schedule_id)
        _listed(conn, "import_gone", "id TEXT",
                "SELECT e.id FROM events e WHERE e.schedule_id = ? "
                "AND e.id NOT IN (SELECT id FROM temp.import_events)", schedule_id)
        _listed(conn, "import_unindex", "rowid INTEGER",
                "SELECT e.rowid FROM events e WHERE e.schedule_id = ? "
                "AND e.status != 'removed' AND e.id NOT IN (SELECT id FROM temp.import_same)", schedule_id)
    if not outer:
        conn.execute("COMMIT")


# This connection's own tables an import works in (_stage), gone with it after a crash.
TEMP_TABLES = ("import_events", "import_same", "import_touch", "import_gone", "import_unindex")


def _listed(conn: sqlite3.Connection, table: str, column: str, select: str, *params: object) -> None:
    """temp.``table``, one keyed ``column`` ("id TEXT"), filled anew by ``select``."""
    conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    conn.execute(f"CREATE TEMP TABLE {table} ({column} PRIMARY KEY)")
    conn.execute(f"INSERT INTO temp.{table} {select}", params)


def drop_temp_tables(conn: sqlite3.Connection) -> None:
    """Take out what an import staged (TEMP_TABLES), once it is stored or has failed."""
    for table in TEMP_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")


def store(conn: sqlite3.Connection, prepared: Prepared) -> ImportSummary:
    """The write transaction of an import: the schedule's row, its sessions, and its events
    brought to what was staged. Stars are read here, as they are now.

    A new schedule of more than INDEX_CHUNK events is not in the search index yet when
    this returns: the caller runs finish_index once it has committed."""
    schedule, summary = prepared.schedule, prepared.summary
    # Rows another import left to the index (it is still at it, or it died) go in before
    # this one hands the index anything or leaves rows of its own.
    index_pending(conn)
    notes = json.dumps(list(schedule.notes), ensure_ascii=False)
    if prepared.staged is not None:  # its rows are in, under a hidden row: show it
        schedule_id = prepared.staged.schedule_id
        conn.execute(
            "UPDATE schedules SET key = ?, staging = '', title = ?, source = ?, format = ?, timezone = ?, "
            "imported_at = ?, notes = ?, overview = ? WHERE id = ?",
            (schedule.key, schedule.title, schedule.source, schedule.format, schedule.timezone, _now(), notes,
             prepared.staged.overview, schedule_id),
        )
    elif prepared.schedule_id is None:
        # The same schedule half-written by another import (stage_new) gives way: that
        # import finds its rows gone and works itself out again, as an update of this one.
        conn.execute("DELETE FROM schedules WHERE staging = ?", (schedule.key,))
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
    conn.execute("UPDATE schedules SET rooms = ? WHERE id = ?",
                 (json.dumps(list(schedule.rooms), ensure_ascii=False), schedule_id))
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
    noted = {r[0] for r in conn.execute("SELECT event_id FROM notes")}
    def report_removed(item_id: str) -> None:
        """Say in the summary that ``item_id`` left (once: not when already shown as removed)."""
        if item_id in prepared.already_removed:
            return
        summary.removed.append(item_id)
        if item_id in starred:
            summary.removed_starred.append(item_id)
        elif item_id in noted:
            summary.removed_noted.append(item_id)

    for entry_id in prepared.gone_entries:  # write_unscheduled keeps those starred or noted
        report_removed(entry_id)
    kept = []
    for gone in prepared.gone:
        report_removed(gone.id)
        if gone.id in starred or gone.id in noted:
            # Kept so the attendee sees "no longer in the schedule", never a silent loss:
            # of a star, or of a note (without its talk, no command or view reaches it).
            kept.append(event_row(gone, 0, STATUS_REMOVED, "no longer in the schedule"))
    columns = _event_columns(conn)
    conn.executemany(_stage_sql(columns), kept)  # flagged removed: never in the index
    if prepared.schedule_id is not None:  # kept rows change (to removed) unless they are already so
        conn.executemany("INSERT OR IGNORE INTO temp.import_touch VALUES (?)", [(r[0],) for r in kept])
    if prepared.staged is not None:
        _index_later(conn, schedule_id, prepared.staged.after, prepared.staged.through)
        # A new schedule has no removed rows for write_unscheduled to take, so the
        # overview worked out from the staged rows is the one (stage_new).
        changed = False
    else:
        changed = _sync_events(conn, schedule_id, columns, update=prepared.schedule_id is not None)
    changed = write_unscheduled(conn, schedule_id, schedule) or changed  # the entries without a time
    if changed:  # a refresh that changed no row keeps its overview: 50 ms at 50,000 events
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
                f"SELECT s.title FROM events e JOIN schedules s ON s.id = e.schedule_id AND s.staging = '' "
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


def _shares_talks(conn: sqlite3.Connection, schedule: Schedule, schedule_id: int) -> bool:
    """Whether ``schedule`` has any talk of schedule ``schedule_id``: an event or an entry
    without a time by id, or an event by title and start time (ids made otherwise, as
    older versions of Planner made some). True when the schedule holds nothing to compare.

    An update shares most of its ids, and the first chunk answers; only a file that
    shares none reads the schedule's titles and times (about 30 ms at 50,000 events).
    """
    ids = [e.id for e in schedule.events] + [u.id for u in schedule.unscheduled]
    for chunk in chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        if conn.execute(
            f"SELECT 1 FROM events WHERE id IN ({marks}) AND schedule_id = ? "
            f"UNION ALL SELECT 1 FROM unscheduled WHERE id IN ({marks}) AND schedule_id = ? LIMIT 1",
            (*chunk, schedule_id, *chunk, schedule_id),
        ).fetchone() is not None:
            return True
    held = set(conn.execute("SELECT start_utc, title FROM events WHERE schedule_id = ?", (schedule_id,)))
    if not held:
        return conn.execute("SELECT 1 FROM unscheduled WHERE schedule_id = ? LIMIT 1",
                            (schedule_id,)).fetchone() is None
    return any((utc_seconds(e.start), e.title) in held for e in schedule.events)


def _free_key(conn: sqlite3.Connection, key: str) -> str:
    """``key`` with the first number that makes it no schedule's: "ical:... 2020 (2)"."""
    number = 2
    while conn.execute("SELECT 1 FROM schedules WHERE key = ?", (f"{key} ({number})",)).fetchone() is not None:
        number += 1
    return f"{key} ({number})"


def _continued_schedule(conn: sqlite3.Connection, schedule: Schedule) -> tuple[int, str] | None:
    """(id, key) of the schedule ``schedule`` is a new version of, though its key differs.

    A key comes from the file's name for the schedule, and some files have none that
    lasts (an iCalendar file without X-WR-CALNAME, a session page whose first session
    changed) or rename it (a frab schedule whose acronym went from debconf23 to dc23).
    A schedule of the same format holding at least half of the events of the smaller of
    the two, by id, is the one being updated; failing that, by title and start time.
    For a file that names its schedule (Schedule.named) only a schedule of the same title
    is looked at: a name that changed while the title stayed is a rename, where a
    calendar or a merged "all rooms" schedule with a name and title of its own, holding
    the same talks, is another schedule.
    """
    counts: dict[int, int] = {}
    ids = [e.id for e in schedule.events]
    for chunk in chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for schedule_id, count in conn.execute(
            f"SELECT e.schedule_id, count(*) FROM events e JOIN schedules s ON s.id = e.schedule_id AND s.staging = '' "
            f"WHERE e.id IN ({marks}) AND s.format = ? GROUP BY e.schedule_id",
            (*chunk, schedule.format),
        ):
            counts[schedule_id] = counts.get(schedule_id, 0) + count
    asked = len(ids)
    if not counts:
        # Readers that put the schedule's key into every id (iCalendar, Pentabarf and frab:
        # two schedules sharing guids must not clash) change all ids with the key; the same
        # talks at the same times tell. A spread sample of 200 events, each one look-up in
        # the start-time index, decides it in a few ms.
        candidates = None if not schedule.named else {
            schedule_id for schedule_id, title in conn.execute(
                "SELECT id, title FROM schedules WHERE format = ? AND staging = ''", (schedule.format,))
            if _same_title(title, schedule.title)
        }
        step = max(1, len(schedule.events) // 200)
        sample = schedule.events[::step]
        asked = len(sample)
        for event in sample if candidates is None or candidates else ():
            for (schedule_id,) in conn.execute(
                "SELECT DISTINCT e.schedule_id FROM events e JOIN schedules s ON s.id = e.schedule_id AND s.staging = '' "
                "WHERE e.start_utc = ? AND e.title = ? AND s.format = ?",
                (utc_seconds(event.start), event.title, schedule.format),
            ):
                if candidates is None or schedule_id in candidates:
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


def _same_title(a: str, b: str) -> bool:
    """Whether two schedule titles are the same but for case and spacing."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())
