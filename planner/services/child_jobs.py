"""Work that computes in Python for seconds, run in a child Python process.

Why not a thread: a thread that runs Python code for seconds holds the GIL, and the
GUI thread gives it up on every row SQLite steps through (the sqlite3 module releases
it around each step) and then waits for it back. While more like this built its index
for a 50,000-talk schedule on a worker thread (4.5 s), the window's search of every day
(one read of 50,000 rows) took 4,193 ms instead of 55 ms: the window froze for as long
as the build ran (python -m benchmarks.busy_reads measures it). A child process shares no GIL.

A job reads the library itself (its own connection) and answers in bytes on stdout:
``run(job, library, key, stdin=...)`` here, ``python -m planner.services.child_jobs``
there. What crosses the pipe is marshal data (plain values; loading it runs nothing).
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import planner
from planner.domain.similar import SimilarityIndex
from planner.services.suggesting import suggestions
from planner.store import Library


class ChildJobError(RuntimeError):
    """A child job could not start, or ended with an error (its last line of stderr)."""


def run(job: str, library: Path, key: str, *, stdin: bytes = b"", timeout: float = 600.0) -> bytes:
    """Run ``job`` on the schedule ``key`` of ``library`` ("": every schedule) in a child
    process; what it wrote to stdout."""
    # The child imports this same copy of Planner, installed or not (a source checkout
    # started as `python -m planner` from another folder).
    source_root = str(Path(planner.__file__).resolve().parent.parent)
    path = os.environ.get("PYTHONPATH", "")
    env = {**os.environ, "PYTHONPATH": source_root + (os.pathsep + path if path else "")}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "planner.services.child_jobs", job, str(library), key],
            input=stdin, capture_output=True, env=env, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ChildJobError(f"could not run {job}: {exc}") from exc
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ChildJobError(f"{job} failed: {lines[-1] if lines else f'exit status {done.returncode}'}")
    return done.stdout


def similarity_index(library: Path, key: str) -> SimilarityIndex:
    """The SimilarityIndex of schedule ``key``, built in a child process."""
    return SimilarityIndex.from_bytes(run("similarity-index", library, key))


def ranked_suggestions(library: Path, key: str, limit: int,
                       index: SimilarityIndex | None) -> tuple[SimilarityIndex, list[tuple[str, float, str]]]:
    """The index of schedule ``key`` (``index``, or built there) and the ``limit`` talks
    most like its starred ones, as (event id, score, id of the starred talk it is like)."""
    answer = run("suggestions", library, key, stdin=marshal.dumps((limit, index.to_bytes() if index else b"")))
    try:
        built, found = marshal.loads(answer)
        return index or SimilarityIndex.from_bytes(built), [(str(i), float(s), str(like)) for i, s, like in found]
    except (EOFError, TypeError, ValueError) as exc:
        raise ChildJobError(f"suggestions: an answer that cannot be read ({exc})") from exc


# -- in the child ---------------------------------------------------------------------------


def _similarity_index(library: Library, key: str, stdin: bytes) -> bytes:
    return SimilarityIndex(library.events(schedule_key=key or None)).to_bytes()


def _suggestions(library: Library, key: str, stdin: bytes) -> bytes:
    limit, given = marshal.loads(stdin)
    index = SimilarityIndex.from_bytes(given) if given else SimilarityIndex(library.events(schedule_key=key))
    found = suggestions(library, schedule_key=key, limit=limit, index=index)
    return marshal.dumps((b"" if given else index.to_bytes(), [(s.event.id, s.score, s.like) for s in found]))


JOBS: dict[str, Callable[[Library, str, bytes], bytes]] = {
    "similarity-index": _similarity_index,
    "suggestions": _suggestions,
}


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in JOBS:
        print(f"usage: python -m planner.services.child_jobs {{{','.join(JOBS)}}} LIBRARY KEY", file=sys.stderr)
        return 2
    job, path, key = argv
    stdin = sys.stdin.buffer.read()
    if not Path(path).is_file():  # a child only reads: it never makes a library of its own
        print(f"no library at {path}", file=sys.stderr)
        return 1
    library = Library(Path(path))
    try:
        answer = JOBS[job](library, key, stdin)
    finally:
        library.close()
    sys.stdout.buffer.write(answer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
