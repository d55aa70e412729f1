"""Where a cold start of the window goes, phase by phase (a profile, not a target).

    python -m benchmarks.phases DB [--repeat N]

Starts ``python -m benchmarks.phases --child DB`` N times (after one warm-up start that
fills the bytecode cache), as the cold-start benchmark starts Planner, and prints the
median of each phase: from spawning the process to PySide6 imported, Planner's command
line module, the window's modules, opening the library, building the window (and its
parts), showing it and its first paint. It also counts the enum types PySide6 built in
each phase: PySide6 builds a Qt class's Python type, and all of its enums, when Python
first touches the class, and that is most of what "importing the window" costs.

The child wraps a few of Planner's functions from outside; no production code knows
about this. The wrappers and the count add well under a millisecond.
"""

from __future__ import annotations

# Only what the child needs before its first mark; the parent imports the rest.
import json
import os
import sys
import time

PHASES = (
    "python and PySide6", "planner.cli", "planner.ui.app", "planner.ui.main_window",
    "QApplication", "arguments, open library", "window: widgets", "window: actions", "window: connect and settings",
    "window: reload (first day)", "show", "first paint",
)


def _child(db: str) -> None:
    import enum

    built: list[str] = []
    create = enum.EnumType.__call__

    def counting(cls, value, names=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        if names is not None:
            built.append(value)
        return create(cls, value, names, *args, **kwargs)

    enum.EnumType.__call__ = counting  # type: ignore[method-assign]
    marks: list[tuple[str, float, int]] = []

    def mark(name: str) -> None:
        marks.append((name, time.monotonic(), len(built)))

    from benchmarks import launch

    mark("python and PySide6")
    import planner.cli  # noqa: F401  (imported to time it)

    mark("planner.cli")
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
        os._exit(0)

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

    parser = argparse.ArgumentParser(prog="python -m benchmarks.phases", description=__doc__.split("\n\n")[0])
    parser.add_argument("db", help="a library, e.g. one made by `python -m benchmarks.inputs prepare`")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    from benchmarks.measure import child_env

    with tempfile.TemporaryDirectory(prefix="planner-phases-") as home:
        env = child_env(Path(home))
        records = []
        for round_ in range(args.repeat + 1):
            spawned = time.monotonic()
            done = subprocess.run([sys.executable, "-m", "benchmarks.phases", "--child", args.db],
                                  env=env, capture_output=True, text=True, check=False)
            lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
            if done.returncode != 0 or not lines:
                print(done.stdout, done.stderr[-3000:], file=sys.stderr)
                return 1
            if round_:
                records.append(_phases({"spawned": spawned, **json.loads(lines[-1])}))
    print(f"{'phase':32} {'median ms':>10} {'enum types':>11}")
    total = 0.0
    for name in PHASES:
        seconds = statistics.median(r[name][0] for r in records if name in r)
        enums = statistics.median(r[name][1] for r in records if name in r)
        total += seconds
        print(f"{name:32} {seconds * 1000:10.1f} {enums:11.0f}")
    print(f"{'sum of medians':32} {total * 1000:10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
