"""Where a cold start of the window goes, phase by phase (a profile, not a target).

    python -m benchmarks.startup.phases DB [DB ...] [--repeat N]

Starts ``python -m benchmarks.startup.phases --child DB`` N times per library, in turns (after
one warm-up round that fills the bytecode cache), as the cold-start benchmark starts
Planner, and prints the median of each phase, a column per library: from spawning the
process to Python ready, Planner's command line module, PySide6, the window's modules, opening
the library, building the window (and its parts), showing it and its first paint. It also counts the enum types PySide6 built in
each phase: PySide6 builds a Qt class's Python type, and all of its enums, when Python
first touches the class, and that is most of what "importing the window" costs.

The child wraps a few of Planner's functions from outside; no production code knows
about this. The wrappers and the count add well under a millisecond.
"""

from __future__ import annotations

# Only what the child needs before its first mark; the parent imports the rest.
import json
import sys
import time

PHASES = (
    "python", "planner.cli", "PySide6", "planner.ui.app", "planner.ui.main_window",
    "QApplication", "arguments, open library", "window: widgets", "window: actions", "window: connect and settings",
    "window: reload (first day)", "show", "first paint",
)


def _child(db: str) -> None:
    import enum

    built: list[str] = []
    create, quick = enum.EnumType.__call__, enum._simple_enum  # type: ignore[attr-defined]

    # Python 3.11's own parameters, so that planner.ui.quick_enums still routes PySide6's
    # builds (it routes only a functional API it knows) and the start is the real one; what
    # it routes to is counted by the second wrapper.
    def counting(cls, value, names=None, *, module=None, qualname=None, type=None, start=1,  # type: ignore[no-untyped-def]
                 boundary=None):
        if names is not None:
            built.append(value)
        return create(cls, value, names, module=module, qualname=qualname, type=type, start=start,
                      boundary=boundary)

    def counting_quick(*args, **kwargs):  # type: ignore[no-untyped-def]
        built.append("")
        return quick(*args, **kwargs)

    enum.EnumType.__call__ = counting  # type: ignore[method-assign]
    enum._simple_enum = counting_quick  # type: ignore[attr-defined]
    marks: list[tuple[str, float, int]] = []

    def mark(name: str) -> None:
        marks.append((name, time.monotonic(), len(built)))

    from benchmarks import launch

    mark("python")
    # The command line's modules load as in a start (planner.entry.load_command_line: the
    # collector paused, then their objects frozen, the dataclasses' methods from the cache
    # file the warm-up round wrote). Loaded with the collector running, they were charged
    # collections a start never makes (4-6 ms of the two phases, medians of 8).
    from planner.entry import load_command_line

    load_command_line()

    mark("planner.cli")
    # What planner.ui.app brings in first (a real start imports Qt only here, after the
    # command line: benchmarks/launch.py).
    import PySide6.QtWidgets  # noqa: F401  (imported to time it)

    mark("PySide6")
    import planner.ui.app as app_module

    mark("planner.ui.app")
    from planner.ui import main_window

    mark("planner.ui.main_window")

    def after(owner: object, name: str, label: str) -> None:
        original = getattr(owner, name)

        def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
            result = original(*args, **kwargs)
            mark(label)
            return result

        setattr(owner, name, wrapped)

    window_class = main_window.MainWindow
    after(app_module, "application", "QApplication")
    after(app_module, "open_library_telling_upgrades", "arguments, open library")
    after(window_class, "_build_widgets", "window: widgets")
    after(window_class, "_build_actions", "window: actions")
    after(window_class, "_restore_settings", "window: connect and settings")
    after(window_class, "reload", "window: reload (first day)")
    after(window_class, "show", "show")

    def report() -> None:
        mark("first paint")
        print(json.dumps({"marks": marks, "enums": len(built)}), flush=True)
        launch._leave()

    launch._done = report  # type: ignore[assignment]
    launch.main(["planner", db])


def _phases(record: dict) -> dict[str, tuple[float, int]]:  # type: ignore[type-arg]
    """Per phase: (seconds since the previous mark, enums built in it); first from spawn."""
    out: dict[str, tuple[float, int]] = {}
    previous, previous_enums = record["spawned"], 0
    for name, moment, enums in record["marks"]:
        if name in out:  # reload runs again (e.g. a schedule list change): keep the first
            continue
        out[name] = (moment - previous, enums - previous_enums)
        previous, previous_enums = moment, enums
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        _child(argv[1])
        return 0
    import argparse
    import statistics
    import subprocess
    import tempfile
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup.phases", description=__doc__.split("\n\n")[0])
    parser.add_argument("db", nargs="+", help="libraries, e.g. made by `python -m benchmarks.inputs prepare`")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    from benchmarks.measure import WARM_UP_SESSION_MS, child_env

    with tempfile.TemporaryDirectory(prefix="planner-phases-") as home:
        env = child_env(Path(home))
        records: dict[str, list[dict[str, tuple[float, int]]]] = {db: [] for db in args.db}
        for round_ in range(args.repeat + 1):
            for db in args.db:  # in turns, so a slow moment of the machine hits every column
                spawned = time.monotonic()
                # The warm-up start stays open a moment, leaving what Planner keeps for its next.
                started_env = env if round_ else dict(env, LAUNCH_SESSION_MS=str(WARM_UP_SESSION_MS))
                done = subprocess.run([sys.executable, "-m", "benchmarks.startup.phases", "--child", db],
                                      env=started_env, capture_output=True, text=True, check=False)
                lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
                if done.returncode != 0 or not lines:
                    print(done.stdout, done.stderr[-3000:], file=sys.stderr)
                    return 1
                if round_:
                    records[db].append(_phases({"spawned": spawned, **json.loads(lines[-1])}))
    print(f"medians of {args.repeat} starts; ms (enum types PySide6 built)")
    print(f"{'phase':32}" + "".join(f" {Path(db).name[:18]:>18}" for db in args.db))
    totals = dict.fromkeys(args.db, 0.0)
    for name in PHASES:
        cells = []
        for db in args.db:
            seconds = statistics.median(r[name][0] for r in records[db] if name in r)
            enums = statistics.median(r[name][1] for r in records[db] if name in r)
            totals[db] += seconds
            cells.append(f"{seconds * 1000:8.1f} ({enums:3.0f})")
        print(f"{name:32}" + "".join(f" {cell:>18}" for cell in cells))
    print(f"{'sum of medians':32}" + "".join(f" {totals[db] * 1000:12.1f}      " for db in args.db))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
