"""The window's reads while a long job runs: on a thread, or in a child process.

    python -m benchmarks.busy_reads LIBRARY [--repeat N] [--file SCHEDULE]

On the largest schedule of a copy of LIBRARY (``python -m benchmarks.inputs prepare`` makes
10,000- and 50,000-event ones), times the read the window's search of every day makes
(``Library.search_ids`` over the whole schedule: every event's rowid, then the matches),
over and over on the main thread, as the GUI thread would:

- idle, nothing else running;
- while a thread builds the SimilarityIndex in this process (how the window built it
  until planner.services.child_jobs; the sqlite3 module hands the GIL over around every
  row it steps, and the building thread keeps it);
- while a thread waits for the child process that builds it now (planner.ui.similar);
- with ``--file``: while a thread adds SCHEDULE to a library in this process (how the
  window added files until planner.services.child_jobs), and while a child process does
  (planner.ui.file_imports now). Each adds it to a fresh copy of LIBRARY beside the one
  read: what is measured is the GIL the two share, not SQLite (whose write-ahead log lets
  the window read while another connection writes).

Prints the median and the longest read of each, their ratio to idle, and how long the job
took; ``python -m benchmarks --only busy`` puts the longest reads in its table. Not a
test: timings depend on the machine.
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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planner.domain.similar import SimilarityIndex
from planner.services.adding import add
from planner.services.child_jobs import add_files, similarity_index
from planner.store import Library
from planner.store.open import open_library

if TYPE_CHECKING:
    from benchmarks.run import Row

WORDS = ("network", "learning", "bayesian")
LONGEST_TARGET = 0.1  # s: the longest read while a job runs, for the runner's table


@dataclass
class Reads:
    """The reads made during one kind of job: every read of every run, and each run's length."""

    name: str
    values: list[float]
    jobs: list[float]


def measure(library_path: Path, work: Path, repeat: int, schedule: Path | None = None,
            say: Callable[[str], None] = print) -> tuple[str, list[float], list[Reads]]:
    """(what was read, idle reads, the reads during each kind of job) on a copy of ``library_path``."""
    copy = work / "busy-reads.sqlite3"
    shutil.copy(library_path, copy)
    library = open_library(copy, seed=False)
    try:
        info = max(library.schedules(), key=lambda s: s.event_count)
        key = info.key
        starts = [utc for _, utc, _ in library.start_times(key)]
        spans = [(key, min(starts), max(starts)), (key, min(starts), max(starts) - 1)]
        turn = [0]

        def read() -> float:
            # Two spans in turn: the library keeps the last span's rowids, and a search
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

        jobs: list[tuple[str, Callable[[], None]]] = [
            ("more like this's index is built on a thread (before)", on_a_thread),
            ("more like this's index is built in a child process", in_a_child)]
        if schedule is not None:
            jobs += _imports(library_path, work, schedule)
        found = []
        for name, job in jobs:
            reads = Reads(name, [], [])
            for _ in range(repeat):
                values, took = _reads_during(job, read)
                reads.values += values
                reads.jobs.append(took)
            say(f"{name}: longest read {_ms(max(reads.values))} (idle {_ms(statistics.median(idle))})")
            found.append(reads)
        return f"{info.event_count:,} events", idle, found
    finally:
        library.close()


def rows(library_path: Path, schedule: Path, work: Path, repeat: int, say: Callable[[str], None]) -> list[Row]:
    """The longest read during each job, as rows for benchmarks.run's table."""
    from benchmarks.run import Row  # not at the top: benchmarks.run imports this module lazily too

    work.mkdir(parents=True, exist_ok=True)
    what, idle, found = measure(library_path, work, repeat, schedule, say)
    base = statistics.median(idle)
    result = []
    for reads in found:
        longest = max(reads.values)
        result.append(Row(
            f"longest read of the window's search of every day ({what}) while {reads.name}",
            f"<= {LONGEST_TARGET * 1000:.0f} ms", LONGEST_TARGET if "before" not in reads.name else None,
            longest, _ms(longest),
            f"idle median {_ms(base)}; during: median {_ms(statistics.median(reads.values))}, {len(reads.values)} reads "
            f"over {len(reads.jobs)} runs of {_ms(statistics.median(reads.jobs))}"
            + ("; how the window did it until this round, for the comparison" if "before" in reads.name else ""),
        ))
    return result


def _imports(original: Path, work: Path, schedule: Path) -> list[tuple[str, Callable[[], None]]]:
    """Adding ``schedule`` to a fresh copy of ``original`` in ``work``: on a thread, in a child."""
    target = work / "import-target.sqlite3"

    def fresh() -> None:
        for leftover in work.glob(target.name + "*"):
            leftover.unlink()
        shutil.copy(original, target)

    def on_a_thread() -> None:
        fresh()
        other = Library(target, full_check=False)
        try:
            add(other, [str(schedule)])
        finally:
            other.close()

    def in_a_child() -> None:
        fresh()
        add_files(target, [str(schedule)])

    return [(f"a file ({schedule.name}) is added on a thread (before)", on_a_thread),
            (f"a file ({schedule.name}) is added in a child process", in_a_child)]


def _reads_during(job: Callable[[], None], read: Callable[[], float]) -> tuple[list[float], float]:
    """Reads made on this thread from 0.2 s into ``job`` (past the start of a child and its
    own read of the events) until it ends; and how long the job took."""
    began = time.perf_counter()
    worker = threading.Thread(target=job)
    worker.start()
    time.sleep(0.2)
    reads = []
    while worker.is_alive() or not reads:
        reads.append(read())
    worker.join()
    return reads, time.perf_counter() - began


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.busy_reads", description=__doc__.split("\n\n")[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each job (default 3)")
    parser.add_argument("--file", type=Path, help="a schedule file to add, as a long job")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="planner-busy-reads-") as folder:
        what, idle, found = measure(args.library, Path(folder), args.repeat, args.file, say=lambda text: None)
    base = statistics.median(idle)
    print(f"{what}; a read: every event's rowid and the matches of a word")
    print(f"idle: median {_ms(base)}, longest {_ms(max(idle))} ({len(idle)} reads)")
    for reads in found:
        median, longest = statistics.median(reads.values), max(reads.values)
        print(f"{reads.name}: median {_ms(median)} ({median / base:.1f}x idle), longest {_ms(longest)} "
              f"({longest / base:.1f}x), {len(reads.values)} reads during {len(reads.jobs)} runs of "
              f"{', '.join(_ms(t) for t in reads.jobs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
