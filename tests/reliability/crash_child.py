"""The process the crash-safety test kills: it writes the library and logs every commit.

Run as ``python crash_child.py`` it is a small fork server: it imports only
planner.store, then for each line ``DB SEED LOG`` on stdin forks a child that opens the
library at DB and stars, unstars, writes notes and re-imports a schedule as fast as it
can. The server prints the child's pid, waits for it to die (the test sends SIGKILL at
a random moment) and prints ``dead PID STATUS``. Forking from a warm interpreter makes a
kill cost a few milliseconds instead of an interpreter start-up.

Each operation is logged to LOG as a JSON line ``["do", ...]`` before it starts and
``["ok"]`` once Library has returned, i.e. after COMMIT. Every ``ok`` is a promise the
test holds the library to; an operation with no ``ok`` may or may not have committed.
"""

from __future__ import annotations

import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone

from planner.domain.model import Event, Kind, Schedule
from planner.store import Library

BASE_KEY = "crash:base"
EXTRA_KEY = "crash:extra"
BASE_EVENTS = 30
MAX_OPS = 5000  # a child the test failed to kill still ends


def schedule(key: str, count: int, version: int) -> Schedule:
    """``count`` events with ``version`` in their titles, so every import rewrites rows."""
    start = datetime(2024, 6, 1, 9, tzinfo=timezone.utc)
    events = tuple(
        Event(
            id=f"{key}:{i}", kind=Kind.TALK, number=i, title=f"Talk {i} v{version}",
            authors=(f"Speaker {i}", "Ada Lovelace"), abstract=f"Abstract {i} " * 40,
            start=start + timedelta(minutes=10 * i), end=start + timedelta(minutes=10 * i + 30),
            session="Main", room="Room A",
        )
        for i in range(count)
    )
    return Schedule(key=key, title=key, events=events, source=key, format="test")


def base_ids() -> list[str]:
    return [f"{BASE_KEY}:{i}" for i in range(BASE_EVENTS)]


def work(db: str, seed: int, log_path: str) -> None:
    """Open the library and write to it until killed, logging each step."""
    rng = random.Random(seed)
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def say(*item: object) -> None:
        os.write(log, (json.dumps(item) + "\n").encode())

    say("opening")
    library = Library(db)
    if not any(info.key == BASE_KEY for info in library.schedules()):
        library.import_schedule(schedule(BASE_KEY, BASE_EVENTS, 0))
    say("ready")
    ids = base_ids()
    for n in range(MAX_OPS):
        roll = rng.random()
        event_id = rng.choice(ids)
        if roll < 0.35:
            say("do", "star", event_id)
            library.star([event_id])
        elif roll < 0.55:
            say("do", "unstar", event_id)
            library.unstar([event_id])
        elif roll < 0.85:
            text = "" if rng.random() < 0.1 else f"note {seed}/{n} — ünïcode ✓ " + "x" * rng.randrange(2000)
            say("do", "note", event_id, text)
            library.set_note(event_id, text)
        else:
            count = rng.randrange(20, 200)
            say("do", "import", count)
            library.import_schedule(schedule(EXTRA_KEY, count, n))
        say("ok")


def serve() -> None:
    for line in sys.stdin:
        db, seed, log_path = line.split()
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                work(db, int(seed), log_path)
            except BaseException as exc:
                with open(log_path, "a", encoding="utf-8") as log:
                    log.write(json.dumps(["error", f"{type(exc).__name__}: {exc}"]) + "\n")
                status = 1
            finally:
                os._exit(status)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print("dead", pid, status, flush=True)


if __name__ == "__main__":
    serve()
