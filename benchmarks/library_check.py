"""What checking a library's integrity at open costs, on a 50,000-event library.

Run by hand: ``python3 benchmarks/library_check.py [EVENTS]``. Prints the file size and
the time of a plain open, PRAGMA quick_check and PRAGMA integrity_check, which is what
README's "What Planner guarantees" quotes.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from planner.domain.model import Event, Kind, Schedule
from planner.store import Library

WORDS = ("graph neural network robust optimisation gradient descent learning model data "
         "attention transformer kernel bayesian inference sparse convex theory").split()


def schedule(events: int) -> Schedule:
    rng = random.Random(1)
    start = datetime(2024, 12, 1, 9, tzinfo=timezone.utc)

    def text(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    items = tuple(
        Event(
            id=f"bench-{i}", kind=Kind.TALK, number=i, title=text(8).title(),
            authors=tuple(text(2).title() for _ in range(4)), abstract=text(180),
            start=start + timedelta(minutes=15 * (i // 20)),
            end=start + timedelta(minutes=15 * (i // 20) + 30),
            session=f"Room {i % 20}", room=f"Room {i % 20}",
        )
        for i in range(events)
    )
    return Schedule(key="bench:50k", title="Benchmark", events=items, source="bench", format="bench")


def timed(label: str, fn) -> None:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    result = fn()
    print(f"{label:<28} {1000 * (time.perf_counter() - t0):8.1f} ms  {result}")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "library.sqlite3"
        with Library(path) as lib:
            lib.import_schedule(schedule(count))
            lib.star([f"bench-{i}" for i in range(0, count, 7)])
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        print(f"{count} events, {path.stat().st_size / 1e6:.1f} MB")
        for _ in range(2):  # the second round runs with a warm page cache
            timed("Library(path) (open)", lambda: Library(path).close())
            conn = sqlite3.connect(path)
            timed("PRAGMA quick_check", lambda c=conn: c.execute("PRAGMA quick_check").fetchone()[0])
            timed("PRAGMA integrity_check", lambda c=conn: c.execute("PRAGMA integrity_check").fetchone()[0])
            conn.close()


if __name__ == "__main__":
    main()
