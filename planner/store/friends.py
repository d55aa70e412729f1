"""Friends and their picks (schema 13, planner.domain.friends), mixed into planner.store.Library.

The store keeps what each friend's file said and which talk each entry was found to be;
finding them (by UID, or by title and start) is planner.services.friends' work, as it
needs the readable titles of planner.text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Protocol

from planner.store.rows import chunks

if TYPE_CHECKING:
    from planner.domain.friends import Friend, Pick
    from planner.domain.model import Event

# A pick counts as found while its talk is in the library; a talk removed from its
# schedule (and not kept by a star) takes the friend's pick of it out of sight, not out
# of the library: an update that brings the talk back brings the pick back.
_FOUND = "p.event_id IN (SELECT id FROM events)"


class _Handle(Protocol):
    _conn: sqlite3.Connection

    def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def _select_events(self, where: str = "", params: Sequence[object] = (), *,
                       abstract_chars: int | None = None, limit: int | None = None,
                       events_first: bool = False) -> list[Event]: ...


class FriendPicks:
    """The friends' picks; mixed into planner.store.Library."""

    def friends(self: _Handle) -> list[Friend]:
        """Every friend, by name, with how many picks their file had and how many are talks here."""
        # Lazy: 8 M instructions (its patterns and classes) that a start without friends,
        # or before their chips are wanted, does not need.
        from planner.domain.friends import Friend

        rows = self._conn.execute(
            f"SELECT f.name, f.source, f.added_at, count(p.rowid), "
            f"coalesce(sum(p.event_id != '' AND {_FOUND}), 0) "
            "FROM friends f LEFT JOIN friend_picks p ON p.friend = f.name "
            "GROUP BY f.name ORDER BY f.name COLLATE NOCASE"
        ).fetchall()
        return [Friend(str(n), str(s), str(a), int(c), int(f)) for n, s, a, c, f in rows]

    def set_friend(self: _Handle, name: str, source: str, picks: Sequence[tuple[Pick, str]]) -> Friend | None:
        """Add ``name`` with ``picks`` (each with the event id it was found to be, '' if none),
        replacing all that an earlier file of theirs gave. Returns what was replaced, if anything.
        A name differing only in case is the same friend, who keeps the spelling given now."""
        before = {f.name.casefold(): f for f in FriendPicks.friends(self)}.get(name.casefold())
        # Deleted by the name as kept: SQLite's NOCASE folds A-Z only, so "ANA MARÍA"
        # would otherwise become a second friend beside "Ana María".
        kept = before.name if before is not None else name
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._write() as conn:
            conn.execute("DELETE FROM friend_picks WHERE friend = ?", (kept,))
            conn.execute("DELETE FROM friends WHERE name = ?", (kept,))
            conn.execute("INSERT INTO friends (name, source, added_at) VALUES (?, ?, ?)", (name, source, stamp))
            conn.executemany(
                "INSERT INTO friend_picks (friend, uid, title, start_utc, event_id) VALUES (?, ?, ?, ?, ?)",
                [(name, p.uid, p.title, p.start_utc, event_id) for p, event_id in picks])
        return before

    def remove_friend(self: _Handle, name: str) -> str | None:
        """Forget ``name`` (any case) and their picks; returns the name as it was kept, None if unknown."""
        with self._write() as conn:
            # Compared in Python: SQLite's NOCASE leaves "Í" and "í" apart.
            kept = next((str(n) for (n,) in conn.execute("SELECT name FROM friends")
                         if str(n).casefold() == name.casefold()), None)
            if kept is None:
                return None
            conn.execute("DELETE FROM friend_picks WHERE friend = ?", (kept,))
            conn.execute("DELETE FROM friends WHERE name = ?", (kept,))
        return kept

    def friends_by_event(self: _Handle, event_ids: Iterable[str] | None = None) -> dict[str, tuple[str, ...]]:
        """Which friends picked each talk (names in alphabetical order), for ``event_ids`` or all."""
        query = ("SELECT p.event_id, f.name FROM friend_picks p JOIN friends f ON f.name = p.friend "
                 "WHERE p.event_id != ''")
        rows: list[tuple[str, str]] = []
        if event_ids is None:
            rows = self._conn.execute(query).fetchall()
        else:
            for chunk in chunks(list(dict.fromkeys(event_ids)), 500):
                rows += self._conn.execute(f"{query} AND p.event_id IN ({','.join('?' * len(chunk))})",
                                           chunk).fetchall()
        names: dict[str, set[str]] = {}
        for event_id, name in rows:
            names.setdefault(str(event_id), set()).add(str(name))
        return {i: tuple(sorted(n, key=str.casefold)) for i, n in names.items()}

    def has_friends(self: _Handle) -> bool:
        return self._conn.execute("SELECT 1 FROM friends LIMIT 1").fetchone() is not None

    def pending_picks(self: _Handle) -> list[tuple[int, Pick]]:
        """Picks whose talk is not (or no longer) in the library, with their row to resolve them."""
        from planner.domain.friends import Pick  # lazy: as in friends()

        rows = self._conn.execute(
            f"SELECT p.rowid, p.uid, p.title, p.start_utc FROM friend_picks p WHERE NOT {_FOUND}").fetchall()
        return [(int(r), Pick(str(u), str(t), int(s))) for r, u, t, s in rows]

    def resolve_picks(self: _Handle, found: Mapping[int, str]) -> None:
        """Record the talk each pending pick (by row) was found to be."""
        if found:
            with self._write() as conn:
                conn.executemany("UPDATE friend_picks SET event_id = ? WHERE rowid = ?",
                                 [(event_id, row) for row, event_id in found.items()])

    def known_ids(self: _Handle, event_ids: Iterable[str]) -> set[str]:
        """Those of ``event_ids`` that are events in the library."""
        known: set[str] = set()
        for chunk in chunks(list(dict.fromkeys(event_ids)), 500):
            known.update(str(r[0]) for r in self._conn.execute(
                f"SELECT id FROM events WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return known

    def events_starting(self: _Handle, starts: Iterable[int]) -> list[Event]:
        """The events starting at any of these instants (UTC seconds), without abstracts."""
        found: list[Event] = []
        for chunk in chunks(sorted(set(starts)), 500):
            found += self._select_events(f" WHERE e.start_utc IN ({','.join('?' * len(chunk))})", chunk,
                                         abstract_chars=0)
        return found
