"""The command line as a user runs it (issue 22): whole processes, and a star during an import.

``python -m benchmarks.cli [--repeat N] [--events N] [--cache DIR]`` (also run by
``python -m benchmarks`` as the measurement "commands"). Each command runs as its own
process with a warm bytecode cache, ``--repeat`` times after one discarded warm-up, and
the median is set against its target:

- ``planner list --json`` over a library of 10,000 talks (output to a file);
- ``planner export`` of 1,000 starred talks to an .ics file;
- ``planner star ID``;
- ``planner import FILE`` of the generated 10,000-talk session page (about 11 MB, full
  abstracts) into a library holding only the bundled session;
- the longest a star waited while ``planner import`` ran in another process, for a new
  schedule and for an update (the same file again), and while ``planner remove`` took that
  schedule out again: this process stars and unstars a talk every 20 ms through its own
  connection, as the window does while a worker imports or removes.

The file is benchmarks.inputs' session page, ``--events`` talks (10,000 by default; 50,000
shows the import's write at the size the issue quotes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: benchmarks/cli.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import inputs
from benchmarks.measure import child_env
from benchmarks.run import Row, _ms, _print_table

STARRED = 1_000
# Seconds: the targets of issue 22, for 10,000 talks.
LIST_TARGET, EXPORT_TARGET, STAR_TARGET, IMPORT_TARGET = 0.5, 0.35, 0.25, 1.5
# A star is one short transaction: waiting longer than a `planner star` takes is noticeable.
STAR_WAIT_TARGET = 0.25
STAR_EVERY = 0.02


def _planner(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "planner", "--db", str(db), *args]


def _timed(command: list[str], env: dict[str, str], out: Path) -> float:
    """Wall seconds of one whole process, its stdout to ``out``; a failure stops the benchmark."""
    with out.open("wb") as handle:
        start = time.perf_counter()
        proc = subprocess.run(command, cwd=inputs.ROOT, env=env, stdout=handle, stderr=subprocess.PIPE, check=False)
        elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command[2:])} failed ({proc.returncode}): {proc.stderr.decode()[-300:]}")
    return elapsed


def _runs(repeat: int, once: Callable[[], float]) -> list[float]:
    """``once()`` repeat + 1 times; the first (bytecode cache, page cache) is not kept."""
    return [once() for _ in range(repeat + 1)][1:]


def _row(name: str, limit: float, values: list[float], detail: str = "") -> Row:
    med = statistics.median(values)
    spread = f"min {_ms(min(values))}, max {_ms(max(values))} of {len(values)}"
    return Row(name, f"<= {_ms(limit)}", limit, med, _ms(med), f"{spread}{'; ' + detail if detail else ''}")


def _bundled_library(work: Path, env: dict[str, str]) -> Path:
    """A library as a first start leaves it: the bundled session only (made once, copied per run)."""
    template = work / "bundled.sqlite3"
    if not template.exists():
        subprocess.run(_planner(template, "schedules"), cwd=inputs.ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return template


def _copy_library(source: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)  # the template was closed: no -wal to bring along
    return target


def _star_waits(db: Path, schedule_file: Path, env: dict[str, str], event_id: str,
                command: tuple[str, ...] = ()) -> tuple[float, int, float]:
    """(longest wait of a star or unstar, how many were made, seconds the command took)
    while ``planner import FILE`` (or ``command``) runs in another process."""
    from planner.store import Library

    waits: list[float] = []
    with Library(db) as library:
        proc = subprocess.Popen(_planner(db, *(command or ("import", str(schedule_file)))), cwd=inputs.ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        start = time.perf_counter()
        starred = False
        while proc.poll() is None:
            begin = time.perf_counter()
            library.set_starred(event_id, not starred)
            waits.append(time.perf_counter() - begin)
            starred = not starred
            time.sleep(STAR_EVERY)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"planner {(command or ('import',))[0]} failed ({proc.returncode}): "
                           f"{proc.stderr.read().decode()[-300:]}")
        library.set_starred(event_id, False)
    return max(waits, default=0.0), len(waits), elapsed


def rows(schedule_file: Path, work: Path, env: dict[str, str], repeat: int,
         say: Callable[[str], None] | None = None) -> list[Row]:
    """Every measurement of this module, as rows for benchmarks.run's table."""
    from planner.store import Library

    def note(text: str) -> None:
        if say is not None:
            say(text)

    work.mkdir(parents=True, exist_ok=True)
    out = work / "out"
    result: list[Row] = []
    bundled = _bundled_library(work, env)
    big = _copy_library(bundled, work / "big.sqlite3")
    note(f"importing {schedule_file.name} once for the library the commands read")
    subprocess.run(_planner(big, "import", str(schedule_file)), cwd=inputs.ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    with Library(big) as library:
        (key,) = [s.key for s in library.schedules() if s.event_count > 100]
        ids = [e.id for e in library.events(schedule_key=key, abstract_chars=0)]
        library.star(ids[:: max(1, len(ids) // STARRED)][:STARRED])
        starred = len(library.starred_ids())
    events = len(ids)

    values = _runs(repeat, lambda: _timed(_planner(big, "list", "--json"), env, out))
    result.append(_row(f"`planner list --json`, {events:,} talks (whole process)", LIST_TARGET, values,
                       f"{out.stat().st_size / 1e6:.1f} MB of JSON"))
    note(f"list: {result[-1].shown}")

    ics = work / "agenda.ics"
    values = _runs(repeat, lambda: _timed(_planner(big, "export", "-o", str(ics)), env, out))
    result.append(_row(f"`planner export` of {starred:,} starred talks to .ics (whole process)", EXPORT_TARGET, values,
                       f"{ics.stat().st_size / 1e6:.1f} MB written"))
    note(f"export: {result[-1].shown}")

    values = _runs(repeat, lambda: _timed(_planner(big, "star", ids[len(ids) // 2]), env, out))
    result.append(_row(f"`planner star ID`, {events:,} talks (whole process)", STAR_TARGET, values))
    note(f"star: {result[-1].shown}")

    fresh = work / "import.sqlite3"

    def import_once() -> float:
        _copy_library(bundled, fresh)
        return _timed(_planner(fresh, "import", str(schedule_file)), env, out)

    values = _runs(repeat, import_once)
    size = schedule_file.stat().st_size / 1e6
    result.append(_row(f"`planner import` of a {size:.0f} MB file of {events:,} talks (whole process)",
                       IMPORT_TARGET, values, "into a library holding the bundled session"))
    note(f"import: {result[-1].shown}")

    for label, source in (("a new schedule", bundled), ("an update (the same file again)", big)):
        samples = []
        for _ in range(max(1, repeat // 2)):
            db = _copy_library(source, work / "during.sqlite3")
            with Library(db) as library:
                talk = library.events(abstract_chars=0)[0].id
            samples.append(_star_waits(db, schedule_file, env, talk))
        waits = [s[0] for s in samples]
        med = statistics.median(waits)
        result.append(Row(
            f"longest wait of a star while `planner import` adds {label}", f"<= {_ms(STAR_WAIT_TARGET)}",
            STAR_WAIT_TARGET, med, _ms(med),
            f"median of {len(samples)} imports (max {_ms(max(waits))}); a star or unstar every "
            f"{STAR_EVERY * 1000:.0f} ms, {statistics.median(s[1] for s in samples):.0f} per import of "
            f"{_ms(statistics.median(s[2] for s in samples))}",
        ))
        note(f"star during import of {label}: {result[-1].shown}")

    samples = []
    for _ in range(max(1, repeat // 2)):
        db = _copy_library(big, work / "during.sqlite3")
        with Library(db) as library:
            other = next(info.key for info in library.schedules() if info.key != key)  # the bundled session
            talk = library.events(schedule_key=other, abstract_chars=0)[0].id
        samples.append(_star_waits(db, schedule_file, env, talk, ("remove", key)))
    waits = [s[0] for s in samples]
    med = statistics.median(waits)
    result.append(Row(
        f"longest wait of a star while `planner remove` takes out the {events:,}-talk schedule",
        f"<= {_ms(STAR_WAIT_TARGET)}", STAR_WAIT_TARGET, med, _ms(med),
        f"median of {len(samples)} removals (max {_ms(max(waits))}); a star or unstar every "
        f"{STAR_EVERY * 1000:.0f} ms, {statistics.median(s[1] for s in samples):.0f} per removal of "
        f"{_ms(statistics.median(s[2] for s in samples))}",
    ))
    note(f"star during removal: {result[-1].shown}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cli", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (default 5)")
    parser.add_argument("--events", type=int, default=10_000, help="talks in the generated file (default 10000)")
    parser.add_argument("--cache", type=Path, default=inputs.default_cache(),
                        help="where generated inputs are kept between runs (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.events < 1:
        parser.error("--repeat and --events must be at least 1")
    work = Path(tempfile.mkdtemp(prefix="planner-bench-cli-"))
    try:
        env = child_env(work)
        os.environ.pop("PLANNER_DB", None)
        schedule_file = inputs.session_page_file(args.events, args.cache)
        load = os.getloadavg()[0]
        found = rows(schedule_file, work, env, args.repeat,
                     lambda text: print(f"  … {text}", file=sys.stderr, flush=True))
        header = [
            ("python", sys.version.split()[0]),
            ("CPUs", str(os.cpu_count())),
            ("load", f"{load:.2f} before, {os.getloadavg()[0]:.2f} after (1 min): other work slows every number"),
            ("input", f"{schedule_file} ({schedule_file.stat().st_size / 1e6:.1f} MB)"),
            ("command", f"python -m benchmarks.cli --repeat {args.repeat} --events {args.events}"),
        ]
        _print_table(found, header, [])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
