"""The measurements of issue 6, each returning raw samples in seconds (or bytes).

In-process measurements (imports, export, search, scroll) run in the runner's own
interpreter with warm imports; whole-process ones (cold start, memory, the command
line) spawn fresh interpreters. Qt runs on the offscreen platform everywhere.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.inputs import ROOT


@dataclass
class Samples:
    values: list[float] = field(default_factory=list)
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def child_env(home: Path) -> dict[str, str]:
    """Offscreen Qt and throwaway settings/data folders for a child process."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_DATA_HOME"] = str(home / "data")
    env["XDG_RUNTIME_DIR"] = str(home / "runtime")
    env.pop("PLANNER_DB", None)
    # Start as an installed Planner does: with compiled bytecode. This machine sets
    # PYTHONDONTWRITEBYTECODE, which would make every child compile all of planner/
    # again (about 0.3 s); the warm-up run fills a cache kept out of the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    # The same for the methods @dataclass compiles (planner.dataclass_code): kept by the
    # warm-up run, as an installed Planner keeps them from one start to the next.
    env["XDG_CACHE_HOME"] = str(home / "cache")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    (home / "runtime").mkdir(parents=True, exist_ok=True, mode=0o700)
    return env


# -- whole processes -------------------------------------------------------------------


# How long a warm-up start stays open after its first paint (benchmarks/launch.py _leave).
WARM_UP_SESSION_MS = 1500


def first_paint(args: list[str], env: dict[str, str], *, script: Path | None = None,
                cwd: Path = ROOT, warm_up: bool = False) -> tuple[float, int, float]:
    """(seconds from spawn to the first painted window, peak RSS in bytes, CPU seconds).

    The child leaves right after painting, so its user + system time is the CPU it
    spent to get there: a figure that other load on the machine inflates far less.
    ``script`` runs that launch.py file instead of ``-m benchmarks.launch`` (to start
    another checkout's Planner, found through PYTHONPATH, the same way). A ``warm_up``
    start stays open a moment, as a session, to leave what Planner keeps for its next start.
    """
    if warm_up:
        env = dict(env, LAUNCH_SESSION_MS=str(WARM_UP_SESSION_MS))
    launch = [str(script)] if script is not None else ["-m", "benchmarks.launch"]
    with tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, *launch, *args],
            cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=err,
        )
        assert proc.stdout is not None
        text = proc.stdout.read().decode()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0 or not text.startswith("painted "):
            err.seek(0)
            raise RuntimeError(f"launch {args} failed ({proc.returncode}): {text}{err.read().decode()[-2000:]}")
    _, painted, rss = text.split()
    return float(painted) - start, int(rss), usage.ru_utime + usage.ru_stime


def cold_starts(configs: dict[str, list[str]], env: dict[str, str], repeat: int,
                progress: Callable[[str], None]) -> dict[str, tuple[Samples, Samples]]:
    """Interleaved rounds over ``configs`` (one warm-up round is thrown away).

    Returns, per config, (seconds to first paint, peak RSS bytes).
    """
    results = {name: (Samples(), Samples()) for name in configs}
    for round_ in range(repeat + 1):
        for name, args in configs.items():
            seconds, rss, cpu = first_paint(args, env, warm_up=round_ == 0)
            if round_ == 0:
                continue
            results[name][0].values.append(seconds)
            results[name][0].extra.setdefault("cpu", []).append(cpu)
            results[name][1].values.append(rss)
        if round_:
            progress(f"cold start round {round_}/{repeat}: " + ", ".join(
                f"{n} {r[0].values[-1] * 1000:.0f} ms" for n, r in results.items()))
    return results


def cli_list(db: Path, word: str, env: dict[str, str], repeat: int) -> Samples:
    """`planner --db DB list --search WORD --json`, whole process, output to a file."""
    samples = Samples()
    out_path = db.parent / "list-output.json"
    for round_ in range(repeat + 1):
        with out_path.open("wb") as out:
            start = time.monotonic()
            proc = subprocess.Popen(
                [sys.executable, "-m", "planner", "--db", str(db), "list", "--search", word, "--json"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.DEVNULL,
            )
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.monotonic() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise RuntimeError(f"planner list failed with status {proc.returncode}")
        if round_:
            samples.values.append(elapsed)
            samples.extra.setdefault("cpu", []).append(usage.ru_utime + usage.ru_stime)
    import json

    count = len(json.loads(out_path.read_text(encoding="utf-8"))["events"])
    samples.note = f"`--search {word}`: {count} events, {out_path.stat().st_size / 1e6:.1f} MB of JSON"
    return samples


# -- in-process: store, formats, export -------------------------------------------------


def _fresh_db(folder: Path, name: str) -> Path:
    path = folder / name
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def import_file(schedule_file: Path, folder: Path, repeat: int) -> Samples:
    """Parse a file and import it into an empty, already open library."""
    from planner.formats import load
    from planner.store import Library

    samples = Samples()
    for i in range(repeat + 1):
        library = Library(_fresh_db(folder, f"import-{i}.sqlite3"))
        try:
            start, cpu = time.perf_counter(), time.process_time()
            schedule = load(schedule_file)
            parsed = time.perf_counter()
            library.import_schedule(schedule)
            done, cpu = time.perf_counter(), time.process_time() - cpu
        finally:
            library.close()
        _fresh_db(folder, f"import-{i}.sqlite3")
        samples.extra["events"] = len(schedule.events)
        # Not timed: drop this run's 10,000s of objects, so the next parse does not pay
        # for collecting them (the cyclic GC walks every live object in a full pass).
        del schedule
        gc.collect()
        if i:
            samples.values.append(done - start)
            samples.extra.setdefault("parse", []).append(parsed - start)
            samples.extra.setdefault("store", []).append(done - parsed)
            samples.extra.setdefault("cpu", []).append(cpu)
    return samples


def export_starred(db: Path, count: int, repeat: int) -> Samples:
    """Star ``count`` events spread over the library, then export them as the CLI does."""
    from planner.export.ics import to_ics
    from planner.fileio import write_atomic
    from planner.store import Library

    samples = Samples()
    with Library(db) as library:
        ids = [r[0] for r in library._conn.execute("SELECT id FROM events ORDER BY start_utc, id")]
        step = max(1, len(ids) // count)
        library.unstar(library.starred_ids())
        library.star(ids[::step][:count])
        out = db.parent / "agenda.ics"
        for i in range(repeat + 1):
            start, cpu = time.perf_counter(), time.process_time()
            events = library.events(starred=True)
            write_atomic(out, to_ics(events, notes=library.notes()))
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            if i == 0:
                samples.extra["first"] = elapsed  # includes importing icalendar
            else:
                samples.values.append(elapsed)
                samples.extra.setdefault("cpu", []).append(cpu)
        samples.extra["events"] = len(events)
        library.unstar(library.starred_ids())
    return samples


# -- in-process: the window ---------------------------------------------------------------


class Window:
    """A MainWindow on a library, shown offscreen, with throwaway settings."""

    def __init__(self, db: Path, folder: Path) -> None:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from planner.store import Library
        from planner.ui.app import application
        from planner.ui.main_window import MainWindow

        self.app: QApplication = application()
        ini = folder / "bench-settings.ini"
        ini.unlink(missing_ok=True)
        self.settings = QSettings(str(ini), QSettings.Format.IniFormat)
        self.library = Library(db)
        fixed = datetime.fromisoformat("2020-12-01T12:00:00+00:00")
        self.window = MainWindow(self.library, settings=self.settings, now=lambda: fixed)
        self.window.show()
        self.settle()

    def settle(self) -> None:
        for _ in range(3):
            self.app.processEvents()

    def close(self) -> None:
        self.window.hide()
        self.window.deleteLater()
        self.settle()
        self.library.close()


def search_keystrokes(db: Path, folder: Path, words: list[str], repeat: int) -> Samples:
    """Type each word letter by letter; time key press -> search -> model -> repaint."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    w = Window(db, folder)
    window = w.window
    samples = Samples()
    matched: dict[str, int] = {}
    try:
        viewport = window.timeline.viewport()
        for round_ in range(repeat + 1):
            for word in words:
                window.search.clear()
                w.settle()
                for letter in word:
                    start, cpu = time.perf_counter(), time.process_time()
                    QTest.keyClick(window.search, letter, Qt.KeyboardModifier.NoModifier)  # type: ignore[call-overload]  # char overload, not in the stubs
                    viewport.repaint()
                    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
                    if round_:
                        samples.values.append(elapsed)
                        samples.extra.setdefault("cpu", []).append(cpu)
                    w.settle()
                if window.search.text() != word:
                    raise RuntimeError(f"typing {word!r} gave {window.search.text()!r}")
                matched[word] = window.model.matching_count()
        day_events = window.model.rowCount()
        samples.note = (f"words {', '.join(words)}; shown day has {day_events} events; matches on it: "
                        + ", ".join(f"{k} {v}" for k, v in matched.items()))
    finally:
        window.search.clear()
        w.close()
    return samples


def scroll_paints(db: Path, folder: Path, repeat: int) -> Samples:
    """On the busiest day, scroll through in third-of-a-page steps, painting each viewport."""
    w = Window(db, folder)
    window = w.window
    samples = Samples()
    try:
        busiest = max(window.day_list, key=window.days.size)
        window.show_day(busiest)
        w.settle()
        timeline = window.timeline
        viewport = timeline.viewport()
        bar = timeline.verticalScrollBar()
        step = max(1, bar.pageStep() // 3)
        positions = list(range(bar.minimum(), bar.maximum() + 1, step))
        cards = []
        for round_ in range(repeat + 1):
            for value in positions:
                start, cpu = time.perf_counter(), time.process_time()
                bar.setValue(value)
                viewport.repaint()
                elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
                if round_:
                    samples.values.append(elapsed)
                    samples.extra.setdefault("cpu", []).append(cpu)
                else:
                    cards.append(len(timeline.visible_rows()))
                w.settle()
        # Qt's own share: the same repaints when the timeline only fills its background
        # (the backing store, the offscreen flush), measured in the same window.
        floor: list[float] = []
        timeline._paint = lambda painter, clip: painter.fillRect(clip, timeline.palette().base())
        try:
            for _ in range(repeat):
                for value in positions:
                    start = time.perf_counter()
                    bar.setValue(value)
                    viewport.repaint()
                    floor.append(time.perf_counter() - start)
                    w.settle()
        finally:
            del timeline._paint
        floor.sort()
        size = viewport.size()
        samples.note = (f"{busiest:%a %d %b}: {len(window.days[busiest])} events; viewport "
                        f"{size.width()}x{size.height()} px, {min(cards)}-{max(cards)} cards visible "
                        f"(median {sorted(cards)[len(cards) // 2]}), {len(positions)} positions; a repaint that only "
                        f"fills the background: median {statistics.median(floor) * 1000:.1f} ms, "
                        f"p95 {floor[int(len(floor) * 0.95)] * 1000:.1f} ms")
    finally:
        w.close()
    return samples
