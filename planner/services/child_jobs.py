"""Work that computes in Python for seconds, run in a child Python process.

Why not a thread: a thread that runs Python code for seconds holds the GIL, and the
GUI thread gives it up on every row SQLite steps through (the sqlite3 module releases
it around each step) and then waits for it back. While more like this built its index
for a 50,000-talk schedule on a worker thread (4.5 s), the window's search of every day
(one read of 50,000 rows) took 4,193 ms instead of 55 ms: the window froze for as long
as the build ran (python -m benchmarks.busy_reads measures it). A child process shares no GIL.

A job opens the library itself (its own connection) and answers in bytes on stdout:
``run(job, library, argument, stdin=...)`` here, ``main()`` there (also as ``python -m
planner.services.child_jobs``). What crosses the pipe is marshal data (plain values; loading it runs nothing).
A bad file or library (ScheduleError, StoreError) comes back as its own message, word for
word; anything else as the last line the child wrote.
"""

from __future__ import annotations

import marshal
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import planner
from planner.domain.errors import ScheduleError
from planner.domain.similar import SimilarityIndex
from planner.services.suggesting import suggestions
from planner.store import Library, StoreError

if TYPE_CHECKING:
    from planner.store import ImportSummary


class ChildJobError(RuntimeError):
    """A child job could not start, or ended with an error (its last line of stderr)."""


class ChildInputError(ChildJobError):
    """The child found the input bad: the ScheduleError or StoreError it raised, as worded."""


BAD_INPUT = 3  # the child's exit status for ChildInputError; 1 is Python's for an exception


def run(job: str, library: Path, argument: str, *, stdin: bytes = b"", timeout: float = 600.0) -> bytes:
    """Run ``job`` on ``library`` in a child process; what it wrote to stdout.

    ``argument`` is the job's: a schedule's key ("": every schedule) for the index and the
    suggestions; nothing for add-files, which reads its paths from ``stdin``.
    """
    # The child imports this same copy of Planner, installed or not (a source checkout
    # started as `python -m planner` from another folder). Put first on its path only if
    # missing there: an installed Planner's folder is site-packages, which must not go
    # before the standard library (PYTHONPATH would put it there). -P: not the current
    # folder either, which may hold another copy.
    root = str(Path(planner.__file__).resolve().parent.parent)
    code = ("import sys\n"
            f"if {root!r} not in sys.path: sys.path.insert(0, {root!r})\n"
            "from planner.services.child_jobs import main\n"
            "sys.exit(main(sys.argv[1:]))")
    try:
        done = subprocess.run([sys.executable, "-P", "-c", code, job, str(library), argument],
                              input=stdin, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ChildJobError(f"could not run {job}: {exc}") from exc
    if done.returncode == BAD_INPUT:
        raise ChildInputError(done.stderr.decode("utf-8", "replace").strip())
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


def add_files(library: Path, paths: Sequence[str]) -> list[ImportSummary]:
    """Parse every file, then store each (planner.services.adding, as ``planner import``),
    in a child process. Raises ChildInputError naming the file (and line) at fault."""
    # Lazy: the import's code is the child's to load; the window only reads the answer.
    from planner.store.importing import ImportSummary

    answer = run("add-files", library, "", stdin=marshal.dumps(list(paths)))
    try:
        return [ImportSummary(**fields) for fields in marshal.loads(answer)]
    except (EOFError, TypeError, ValueError) as exc:
        raise ChildJobError(f"add-files: an answer that cannot be read ({exc})") from exc


# -- in the child ---------------------------------------------------------------------------


def _similarity_index(library: Library, key: str, stdin: bytes) -> bytes:
    return SimilarityIndex(library.events(schedule_key=key or None)).to_bytes()


def _suggestions(library: Library, key: str, stdin: bytes) -> bytes:
    limit, given = marshal.loads(stdin)
    index = SimilarityIndex.from_bytes(given) if given else SimilarityIndex(library.events(schedule_key=key))
    found = suggestions(library, schedule_key=key, limit=limit, index=index)
    return marshal.dumps((b"" if given else index.to_bytes(), [(s.event.id, s.score, s.like) for s in found]))


def _add_files(library: Library, argument: str, stdin: bytes) -> bytes:
    from planner.services import adding  # lazy: the readers and the HTTP client, for this job only

    paths = marshal.loads(stdin)
    return marshal.dumps([asdict(added.summary) for added in adding.add(library, paths)])


JOBS: dict[str, Callable[[Library, str, bytes], bytes]] = {
    "similarity-index": _similarity_index,
    "suggestions": _suggestions,
    "add-files": _add_files,
}


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in JOBS:
        print(f"usage: python -m planner.services.child_jobs {{{','.join(JOBS)}}} LIBRARY ARGUMENT", file=sys.stderr)
        return 2
    job, path, argument = argv
    stdin = sys.stdin.buffer.read()
    if not Path(path).is_file():  # a child never makes a library of its own
        print(f"no library at {path}", file=sys.stderr)
        return 1
    try:
        # The window checked the whole file when it opened it; its own tables suffice.
        library = Library(Path(path), full_check=False)
        try:
            answer = JOBS[job](library, argument, stdin)
        finally:
            library.close()
    except (ScheduleError, StoreError) as exc:
        print(exc, file=sys.stderr)
        return BAD_INPUT
    sys.stdout.buffer.write(answer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
