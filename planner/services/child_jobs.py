"""Work that computes in Python for seconds, run in a child Python process.

Why not a thread: a thread that runs Python code for seconds holds the GIL, and the
GUI thread gives it up on every row SQLite steps through (the sqlite3 module releases
it around each step) and then waits for it back. While More like this built its index
for a 50,000-talk schedule on a worker thread (4.5 s), the window's search of every day
(one read of every event's rowid) took 2.8-5.8 s instead of 43 ms: the window froze for
as long as the build ran (``python -m benchmarks.busy_reads``; in a child, 84-90 ms).
A child process shares no GIL.

A job opens the library itself (its own connection) and answers in bytes on stdout:
``run(job, library, argument, stdin=...)`` here, ``main()`` there (also as ``python -m
planner.services.child_jobs``). What crosses the pipes is marshal data (plain values;
loading it runs nothing), the input framed by its length. A bad file or library
(ScheduleError, StoreError) comes back as its own message, word for word; anything else
as the last line the child wrote.

Storing a download asks first (``store_download``): the child parses, says it is ready on
stderr and waits for a go. Until then the caller may kill it (Cancel), as the parse has
touched nothing; from the go on the schedule goes in whole, so a caller can always tell
the attendee truly whether anything changed.
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
    from planner.net.fetch import Download
    from planner.services.refreshing import RefreshResult
    from planner.store import ImportSummary


class ChildJobError(RuntimeError):
    """A child job could not start, or ended with an error (its last line of stderr)."""


class ChildInputError(ChildJobError):
    """The child found the input bad: the ScheduleError or StoreError it raised, as worded."""


class ChildJobStopped(ChildJobError):
    """The child was killed, or told not to store: a storing job changed nothing."""


BAD_INPUT = 3  # the child's exit status for ChildInputError; 1 is Python's for an exception
STOPPED = 4  # told not to store
READY = b"planner: ready to store\n"  # the child's line on stderr, then it waits for GO or STOP
GO, STOP = b"go\n", b"stop\n"


def run(job: str, library: Path, argument: str, *, stdin: bytes = b"", timeout: float = 600.0,
        started: Callable[[subprocess.Popen[bytes]], None] | None = None) -> bytes:
    """Run ``job`` on ``library`` in a child process; what it wrote to stdout.

    ``argument`` is the job's: a schedule's key ("": every schedule) for the index and the
    suggestions; nothing for add-files, which reads its paths from ``stdin``. ``started``
    gets the process as soon as it runs, to kill it when its answer is no longer wanted
    (ChildJobStopped then).
    """
    process = _start(job, library, argument)
    with process:
        if started is not None:
            started(process)
        try:
            out, err = process.communicate(_framed(stdin), timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            process.kill()
            raise ChildJobError(f"{job} took more than {timeout:.0f} s") from exc
    if process.returncode < 0:
        raise ChildJobStopped(f"{job} was stopped (signal {-process.returncode})")
    return _answer(job, process.returncode, out, err)


def run_asking(job: str, library: Path, argument: str, *, stdin: bytes,
               started: Callable[[subprocess.Popen[bytes]], None], may_store: Callable[[], bool],
               timeout: float = 600.0) -> bytes:
    """``run``, for a job that asks before it stores: ``started(process)`` as soon as the
    child runs (to kill it meanwhile), ``may_store()`` once it is ready. Raises
    ChildJobStopped when ``may_store`` said no or the child was killed before it asked."""
    process = _start(job, library, argument)
    assert process.stdin is not None and process.stderr is not None  # both are pipes
    with process:
        started(process)
        said: list[bytes] = []
        answer: bytes | None = None
        try:
            process.stdin.write(_framed(stdin))
            process.stdin.flush()
            for line in process.stderr:  # until the child is ready, or ends
                if line == READY:
                    answer = GO if may_store() else STOP
                    process.stdin.write(answer)
                    process.stdin.flush()
                    break
                said.append(line)
        except BrokenPipeError:  # the child ended (or was killed): its status says why
            pass
        try:
            out, rest = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            process.kill()
            raise ChildJobError(f"{job} took more than {timeout:.0f} s") from exc
    if answer is None and process.returncode < 0:
        raise ChildJobStopped(f"{job} was stopped before it stored anything")
    if answer == STOP:
        raise ChildJobStopped(f"{job} was told not to store")
    return _answer(job, process.returncode, out, b"".join(said) + rest)


def _start(job: str, library: Path, argument: str) -> subprocess.Popen[bytes]:
    """The child for ``job``, its three pipes open; ChildJobError if it cannot start."""
    try:
        return subprocess.Popen(_command(job, library, argument), stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise ChildJobError(f"could not run {job}: {exc}") from exc


def _command(job: str, library: Path, argument: str) -> list[str]:
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
    return [sys.executable, "-P", "-c", code, job, str(library), argument]


def _framed(data: bytes) -> bytes:
    """``data`` after its length: a job that later reads a go from stdin knows where the input ends."""
    return len(data).to_bytes(8, "big") + data


def _answer(job: str, status: int, out: bytes, err: bytes) -> bytes:
    if status == BAD_INPUT:
        raise ChildInputError(err.decode("utf-8", "replace").strip())
    if status != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        raise ChildJobError(f"{job} failed: {lines[-1] if lines else f'exit status {status}'}")
    return out


def similarity_index(library: Path, key: str, *,
                     started: Callable[[subprocess.Popen[bytes]], None] | None = None) -> SimilarityIndex:
    """The SimilarityIndex of schedule ``key``, built in a child process (``started``: see ``run``)."""
    return SimilarityIndex.from_bytes(run("similarity-index", library, key, started=started))


def ranked_suggestions(library: Path, key: str, limit: int, index: SimilarityIndex | None, *,
                       started: Callable[[subprocess.Popen[bytes]], None] | None = None,
                       ) -> tuple[SimilarityIndex, list[tuple[str, float, str]]]:
    """The index of schedule ``key`` (``index``, or built there) and the ``limit`` talks
    most like its starred ones, as (event id, score, id of the starred talk it is like);
    ``started``: see ``run``."""
    answer = run("suggestions", library, key, stdin=marshal.dumps((limit, index.to_bytes() if index else b"")),
                 started=started)
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


def store_download(library: Path, got: Download, abstracts: dict[str, str] | None, key: str | None, *,
                   started: Callable[[subprocess.Popen[bytes]], None], may_store: Callable[[], bool]) -> RefreshResult:
    """Parse what planner.net.fetch downloaded and store it (planner.services.refreshing.store),
    in a child process that asks ``may_store()`` in between (see ``run_asking``).

    Raises ChildInputError (not a schedule, naming the URL; or the library refused it),
    ChildJobStopped (nothing changed) or ChildJobError.
    """
    # Lazy: the import's code is the child's to load; the window only reads the answer.
    from planner.services.refreshing import RefreshResult
    from planner.store.importing import ImportSummary

    payload = marshal.dumps((asdict(got), abstracts, key or ""))
    answer = run_asking("store-download", library, "", stdin=payload, started=started, may_store=may_store)
    try:
        fields = marshal.loads(answer)
        summary = fields.pop("summary")
        return RefreshResult(**fields, summary=ImportSummary(**summary) if summary is not None else None)
    except (EOFError, TypeError, ValueError, KeyError) as exc:
        raise ChildJobError(f"store-download: an answer that cannot be read ({exc})") from exc


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


def _store_download(library: Library, argument: str, stdin: bytes) -> bytes:
    # Lazy: the parsers and the import, for this job only.
    from planner.net.fetch import Download, parse_download
    from planner.services.refreshing import store

    got, abstracts, key = marshal.loads(stdin)
    fetched = parse_download(Download(**got), abstracts)
    sys.stderr.buffer.write(READY)
    sys.stderr.buffer.flush()
    if sys.stdin.buffer.readline() != GO:
        raise _Stopped
    result = store(library, fetched, key=key or None)
    return marshal.dumps({"key": result.key, "title": result.title, "url": result.url,
                          "summary": asdict(result.summary) if result.summary is not None else None})


class _Stopped(Exception):
    """Told not to store."""


JOBS: dict[str, Callable[[Library, str, bytes], bytes]] = {
    "similarity-index": _similarity_index,
    "suggestions": _suggestions,
    "add-files": _add_files,
    "store-download": _store_download,
}


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in JOBS:
        print(f"usage: python -m planner.services.child_jobs {{{','.join(JOBS)}}} LIBRARY ARGUMENT", file=sys.stderr)
        return 2
    job, path, argument = argv
    size = int.from_bytes(sys.stdin.buffer.read(8), "big")
    stdin = sys.stdin.buffer.read(size)
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
    except _Stopped:
        return STOPPED
    sys.stdout.buffer.write(answer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
