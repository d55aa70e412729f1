"""Updating a schedule: what matching each talk to its earlier version costs.

An update is matched talk by talk (planner.domain.identity.follow_talks) so stars follow
the talk, not its position. This times, on the 10,000-event session-page file the other
benchmarks use (benchmarks.inputs), a first import, a re-import of the same file, the
matching alone when ids are unchanged, and the matching when every id changed (a file
whose ids are positions, after a paper was inserted near the start). Medians of five.
Not a test: timings depend on the machine.

Run: ``python -m benchmarks.updates [EVENTS]``.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.inputs import default_cache, session_page_file
from planner.domain.identity import follow_talks
from planner.formats import load
from planner.store import Library


def _median_ms(work: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 10_000
    schedule = load(session_page_file(count, default_cache()))
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "library.sqlite3")
        first = _median_ms(lambda: library.import_schedule(schedule), repeat=1)
        again = _median_ms(lambda: library.import_schedule(schedule))
        old = library.events(schedule_key=schedule.key)
        library.close()
    moved = [dataclasses.replace(e, id=f"moved-{i}") for i, e in enumerate(schedule.events)]
    same = _median_ms(lambda: follow_talks(old, schedule.events))
    changed = _median_ms(lambda: follow_talks(old, moved))
    print(f"{len(schedule.events)} events: first import {first:.0f} ms, re-import {again:.0f} ms; "
          f"matching with ids unchanged {same:.1f} ms, with every id changed {changed:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
