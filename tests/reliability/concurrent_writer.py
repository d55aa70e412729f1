"""One of several processes writing the same library at once (test_two_writers.py).

``python concurrent_writer.py DB ROLE GO`` waits until the file GO exists (so all
writers start together), opens the library and then, by ROLE:

- ``a`` / ``b``: star its own events and the shared ones, unstar some of its own,
  write a note on each of its own - one short transaction per call;
- ``importer``: re-imports a 2,000-event schedule a few times, the longest write
  transaction Planner makes.

Any exception ends the process with a traceback and a non-zero status, which the test
reports; "database is locked" would show up that way.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timedelta, timezone

from planner.domain.model import Event, Kind, Schedule
from planner.store import Library

KEY = "writers:base"
OWN = {"a": range(0, 60), "b": range(60, 120)}
SHARED = range(120, 150)
ROUNDS = 40
IMPORTS = 4


def event_id(i: int) -> str:
    return f"{KEY}:{i}"


def schedule(key: str, count: int, version: int = 0) -> Schedule:
    start = datetime(2024, 6, 1, 9, tzinfo=timezone.utc)
    events = tuple(
        Event(id=f"{key}:{i}", kind=Kind.TALK, number=i, title=f"Talk {i} v{version}", authors=("A. Speaker",),
              abstract="words " * 50, start=start + timedelta(minutes=5 * i),
              end=start + timedelta(minutes=5 * i + 30), session="Main")
        for i in range(count)
    )
    return Schedule(key=key, title=key, events=events, source=key, format="test")


def expected(role: str) -> tuple[set[str], dict[str, str]]:
    """The stars (own and shared) and notes ``role`` leaves behind."""
    own = list(OWN[role])
    stars: set[str] = set()
    notes: dict[str, str] = {}
    for i in range(ROUNDS):
        stars.add(event_id(own[i]))
        stars.add(event_id(SHARED[i % len(SHARED)]))
        notes[event_id(own[i])] = f"{role} {i}"
        if i % 4 == 3:
            stars.discard(event_id(own[i - 1]))
    return stars, notes


def run(db: str, role: str) -> None:
    library = Library(db)
    if not any(s.key == KEY for s in library.schedules()):
        library.import_schedule(schedule(KEY, 150))  # a racing writer may do it too: an update
    if role == "importer":
        for n in range(IMPORTS):
            library.import_schedule(schedule("writers:big", 2000, n))
        return
    own = list(OWN[role])
    for i in range(ROUNDS):
        library.star([event_id(own[i])])
        library.star([event_id(SHARED[i % len(SHARED)])])
        library.set_note(event_id(own[i]), f"{role} {i}")
        if i % 4 == 3:
            library.unstar([event_id(own[i - 1])])
    library.close()


if __name__ == "__main__":
    db, role, go = sys.argv[1:4]
    while not os.path.exists(go):
        time.sleep(0.002)
    run(db, role)
    print("done", role)
