"""The window's reads while more like this builds its index: on a thread, or in a child process.

    python -m benchmarks.busy_reads LIBRARY [--repeat N]

On the largest schedule of a copy of LIBRARY (``python -m benchmarks.inputs prepare`` makes
10,000- and 50,000-event ones), times the read the window's search of every day makes
(``Library.search_ids`` over the whole schedule: every event's rowid, then the matches),
over and over on the main thread, as the GUI thread would:

- idle, nothing else running;
- while a thread builds the SimilarityIndex in this process (how the window built it
  until planner.services.child_jobs; the sqlite3 module hands the GIL over around every
  row it steps, and the building thread keeps it);
- while a thread waits for the child process that builds it now (planner.ui.similar).

Prints the median and the longest read of each, their ratio to idle, and how long the build
took. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from planner.domain.similar import SimilarityIndex
from planner.services.child_jobs import similarity_index
from planner.store import Library
from planner.store.open import open_library

WORDS = ("network", "learning", "bayesian")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.busy_reads", description=__doc__.split("\n\n")[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind (default 3)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="planner-busy-reads-") as folder:
        copy = Path(folder) / "library.sqlite3"
        shutil.copy(args.library, copy)
        library = open_library(copy, seed=False)
        try:
            info = max(library.schedules(), key=lambda s: s.event_count)
            key = info.key
            starts = [utc for _, utc, _ in library.start_times(key)]
            spans = [(key, min(starts), max(starts)), (key, min(starts), max(starts) - 1)]
            turn = [0]

            def read() -> float:
                # Two spans in turn: the library keeps the last span's rowids, a search
                # of every day after typing pauses reads them anew.
                turn[0] += 1
                began = time.perf_counter()
                library.search_ids(WORDS[turn[0] % len(WORDS)], within=spans[turn[0] % 2])
                return time.perf_counter() - began

            idle = [read() for _ in range(12)]

            def on_a_thread() -> None:
                other = Library(copy)
                try:
                    SimilarityIndex(other.events(schedule_key=key))
                finally:
                    other.close()

            def in_a_child() -> None:
                similarity_index(copy, key)

            print(f"{info.event_count} events in {key!r}; a read: every event's rowid and the matches of a word")
            print(f"idle: median {_ms(statistics.median(idle))}, longest {_ms(max(idle))} ({len(idle)} reads)")
            base = statistics.median(idle)
            for name, build in (("built on a thread (before)", on_a_thread), ("built in a child process", in_a_child)):
                for _ in range(args.repeat):
                    reads, took = _reads_during(build, read)
                    print(f"{name}: median {_ms(statistics.median(reads))} ({statistics.median(reads) / base:.1f}x idle), "
                          f"longest {_ms(max(reads))} ({max(reads) / base:.1f}x), {len(reads)} reads "
                          f"during a build of {_ms(took)}")
        finally:
            library.close()
    return 0


def _reads_during(build: Callable[[], None], read: Callable[[], float]) -> tuple[list[float], float]:
    """Reads made on this thread from 0.2 s into ``build`` (past its own read of the events)
    until it ends; and how long the build took."""
    began = time.perf_counter()
    worker = threading.Thread(target=build)
    worker.start()
    time.sleep(0.2)
    reads = []
    while worker.is_alive() or not reads:
        reads.append(read())
    worker.join()
    return reads, time.perf_counter() - began


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
