"""The attendee's marks beyond stars and notes (schema 12, planner.domain.marks): each star's
tier, the talks of accepted day plans, and whether they went to a talk.

Like stars and notes they are keyed by event id, never by a row, so an update of the
schedule carries them along with their talk (planner.domain.identity).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from typing import Protocol

from planner.domain.marks import Attendance, Tier
from planner.store.rows import chunks


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class _Handle(Protocol):
    """What the marks need of the Library they are mixed into."""

    _conn: sqlite3.Connection

    def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def _require_known(self, conn: sqlite3.Connection, ids: Sequence[str]) -> None: ...


class AttendeeMarks:
    """Tiers, plans and attendance; mixed into planner.store.Library."""

    # -- tiers -------------------------------------------------------------------------

    def tiers(self: _Handle) -> dict[str, Tier]:
        """Every starred event's tier."""
        return {str(i): Tier(t) for i, t in self._conn.execute("SELECT event_id, tier FROM stars")}

    def tier(self: _Handle, event_id: str) -> Tier | None:
        """The tier of ``event_id``'s star; None when it is not starred."""
        row = self._conn.execute("SELECT tier FROM stars WHERE event_id = ?", (event_id,)).fetchone()
        return Tier(row[0]) if row else None

    # -- plans -------------------------------------------------------------------------

    def planned_ids(self: _Handle) -> set[str]:
        """The talks of every day plan the attendee accepted."""
        return {str(r[0]) for r in self._conn.execute("SELECT event_id FROM planned")}

    def set_plan(self: _Handle, day_ids: Iterable[str], plan: Iterable[str]) -> None:
        """Accept ``plan`` for a day: of ``day_ids`` (every event of that day), exactly those
        in ``plan`` are planned afterwards. Stars are left as they are."""
        day = list(dict.fromkeys(day_ids))
        chosen = list(dict.fromkeys(plan))
        with self._write() as conn:
            self._require_known(conn, chosen)
            for chunk in chunks(day, 500):
                conn.execute(f"DELETE FROM planned WHERE event_id IN ({','.join('?' * len(chunk))})", chunk)
            stamp = _now()
            conn.executemany("INSERT OR REPLACE INTO planned (event_id, planned_at) VALUES (?, ?)",
                             [(i, stamp) for i in chosen])

    # -- attendance --------------------------------------------------------------------

    def attendance(self: _Handle) -> dict[str, Attendance]:
        """Talks marked attended or missed."""
        return {str(i): Attendance(s) for i, s in self._conn.execute("SELECT event_id, state FROM attendance")}

    def set_attendance(self: _Handle, event_id: str, state: Attendance | None) -> None:
        """Mark a talk attended or missed; None takes the mark away (from a talk no longer
        known too, as unstar does). An id neither known nor marked is an error."""
        with self._write() as conn:
            if state is None:
                if conn.execute("DELETE FROM attendance WHERE event_id = ?", (event_id,)).rowcount == 0:
                    self._require_known(conn, [event_id])
                return
            self._require_known(conn, [event_id])
            conn.execute("INSERT OR REPLACE INTO attendance (event_id, state, marked_at) VALUES (?, ?, ?)",
                         (event_id, state.value, _now()))

