"""Entries a schedule lists without a time (planner.domain.model.Unscheduled), stored and read.

They live in a table of their own (schema 11), not in events with a made-up time: every
read of events (the window's days, My agenda, conflicts, calendar exports) then stays
free of them by construction. Stars and notes are keyed by id as for events, so an entry
that an update gives a time keeps them when it moves over to events.

The table is small (a feed leaves a few hundred entries unplaced at most), so its search
index keeps its own text and is simply rebuilt for a schedule at each import.
"""

from __future__ import annotations

import sqlite3

from planner.domain.model import Schedule, Unscheduled
from planner.store.reads import narrowing
from planner.store.rows import (
    INSERT_UNSCHEDULED,
    UNSCHEDULED_COLUMNS,
    chunks,
    unscheduled_from_row,
    unscheduled_row,
)
from planner.store.schema import FTS_BODY, STATUS_REMOVED

# FTS_BODY reads the columns of its row through the alias e; unscheduled has the same names.
_INDEX = (
    f"INSERT INTO unscheduled_fts (rowid, body) SELECT e.n, {FTS_BODY} FROM unscheduled e "
    "WHERE e.schedule_id = ? AND e.status != ? ORDER BY e.n"
)


def write_unscheduled(conn: sqlite3.Connection, schedule_id: int, schedule: Schedule) -> bool:
    """Store ``schedule.unscheduled`` in place of what the schedule had, in the caller's transaction.

    Called by Library.import_schedule after it wrote the events. An entry that left the
    schedule is kept while starred or noted, flagged removed, as events are. One that gained
    a time is an event now and leaves this table. An event that lost its time comes here, and
    the copy the import kept of it (starred or noted, so flagged removed) goes: it did not leave.
    Returns whether that took any of the schedule's events away.
    """
    new_ids = [item.id for item in schedule.unscheduled]
    conn.execute(
        "DELETE FROM unscheduled WHERE schedule_id = ? AND id NOT IN (SELECT event_id FROM stars) "
        "AND id NOT IN (SELECT event_id FROM notes)", (schedule_id,)
    )
    kept = {r[0] for r in conn.execute("SELECT id FROM unscheduled WHERE schedule_id = ?", (schedule_id,))}
    if kept:
        back = kept & ({e.id for e in schedule.events} | set(new_ids))
        conn.executemany("DELETE FROM unscheduled WHERE id = ?", [(i,) for i in back])
        conn.execute("UPDATE unscheduled SET status = ? WHERE schedule_id = ?", (STATUS_REMOVED, schedule_id))
    taken = 0
    for chunk in chunks(new_ids, 500):
        taken += conn.execute(
            f"DELETE FROM events WHERE schedule_id = ? AND status = ? AND id IN ({', '.join('?' * len(chunk))})",
            (schedule_id, STATUS_REMOVED, *chunk),
        ).rowcount
    conn.executemany(
        INSERT_UNSCHEDULED,
        [unscheduled_row(item, schedule_id, position) for position, item in enumerate(schedule.unscheduled)],
    )
    # Out of the index: this schedule's entries, and any whose row is gone (a removed schedule's).
    conn.execute(
        "DELETE FROM unscheduled_fts WHERE rowid IN (SELECT n FROM unscheduled WHERE schedule_id = ?) "
        "OR rowid NOT IN (SELECT n FROM unscheduled)", (schedule_id,)
    )
    conn.execute(_INDEX, (schedule_id, STATUS_REMOVED))
    return taken > 0


class UnscheduledReads:
    """The Library's reads of unscheduled entries (a base class of Library)."""

    _conn: sqlite3.Connection

    def unscheduled(self, *, schedule_key: str | None = None, starred: bool = False,
                    search: str | None = None) -> list[Unscheduled]:
        """Entries without a time, narrowed as Library.events() narrows events; in the
        library's order of schedules, each in its file's order, those it no longer lists last."""
        narrowed = narrowing("u", "u.n", "unscheduled_fts", schedule_key=schedule_key, starred=starred, search=search)
        if narrowed is None:
            return []
        where, params = narrowed
        rows = self._conn.execute(
            f"SELECT {UNSCHEDULED_COLUMNS} FROM unscheduled u JOIN schedules s ON s.id = u.schedule_id AND s.staging = ''"
            f"{where} ORDER BY s.id, u.status = '{STATUS_REMOVED}', u.position, u.n",
            params,
        ).fetchall()
        return [unscheduled_from_row(r) for r in rows]

    def unscheduled_entry(self, entry_id: str) -> Unscheduled | None:
        """The entry with this id, whichever schedule lists it; None when no entry has it
        (an event's id, or one gone from the library)."""
        row = self._conn.execute(
            f"SELECT {UNSCHEDULED_COLUMNS} FROM unscheduled u JOIN schedules s ON s.id = u.schedule_id AND s.staging = '' "
            "WHERE u.id = ?", (entry_id,)).fetchone()
        return unscheduled_from_row(row) if row is not None else None

    def paper_mates(self, entry: Unscheduled) -> tuple[list[str], list[Unscheduled]]:
        """The others presenting ``entry``'s paper: the ids of its events that have a time
        (still in their schedule), and its other entries without one; ([], []) for no paper."""
        if not entry.paper:
            return [], []
        timed = [r[0] for r in self._conn.execute(
            f"SELECT id FROM events WHERE paper = ? AND status != '{STATUS_REMOVED}'", (entry.paper,))]
        rows = self._conn.execute(
            f"SELECT {UNSCHEDULED_COLUMNS} FROM unscheduled u JOIN schedules s ON s.id = u.schedule_id AND s.staging = '' "
            f"WHERE u.paper = ? AND u.id != ? AND u.status != '{STATUS_REMOVED}' ORDER BY u.position, u.n",
            (entry.paper, entry.id)).fetchall()
        return timed, [unscheduled_from_row(r) for r in rows]

    def unscheduled_removed(self) -> set[str]:
        """Ids of entries kept only because they are starred or noted after leaving their schedule."""
        return {r[0] for r in self._conn.execute("SELECT id FROM unscheduled WHERE status = ?", (STATUS_REMOVED,))}
