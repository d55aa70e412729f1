"""The benchmark runner: ``python -m benchmarks [--repeat N] [--only NAMES] [--markdown FILE]``.

Generates (and caches) the inputs, prepares the libraries, runs each measurement
``--repeat`` times after one discarded warm-up, and prints the targets of issue 6 next
to the medians (and p95 where the issue asks for it). ``--markdown FILE`` also writes
the table as Markdown for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

if __package__ in (None, ""):  # run as a script: benchmarks/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import inputs

MEASUREMENTS = ("coldstart", "import", "xml", "search", "scroll", "export", "memory", "cli", "commands", "feed", "busy")
# Words of benchmarks/posters.py's feed, typed into the search with that feed in the library.
FEED_WORDS = ["attention", "robust", "bayesian", "kernel", "diffusion", "fairness"]
CLI_WORD = "bayesian"
MB = 1024 * 1024


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


@dataclass
class Row:
    name: str
    target: str
    limit: float | None
    measured: float | None
    shown: str
    detail: str = ""

    @property
    def verdict(self) -> str:
        if self.limit is None or self.measured is None:
            return "—"
        return "ok" if self.measured <= self.limit else "MISS"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def machine() -> list[tuple[str, str]]:
    import PySide6
    from PySide6.QtCore import qVersion

    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count() or 0
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        ("date", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("PySide6 / Qt", f"{PySide6.__version__} / {qVersion()}"),
        ("CPUs", f"{os.cpu_count()} (usable {affinity}){', ' + cpu if cpu else ''}"),
        ("platform", f"{platform.platform()}, QT_QPA_PLATFORM=offscreen"),
        ("load average", "{:.2f} {:.2f} {:.2f} (1/5/15 min, at the end of the run)".format(*os.getloadavg())),
    ]


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (default 5)")
    parser.add_argument("--start-rounds", type=int, default=15,
                        help="rounds of cold starts (default 15): a start is 0.2-0.7 s, and one moves by "
                             "30-50 ms between rounds on a shared machine, so it takes more of them")
    parser.add_argument("--only", default=",".join(MEASUREMENTS),
                        help=f"comma-separated subset of: {', '.join(MEASUREMENTS)}")
    parser.add_argument("--cache", type=Path, default=inputs.default_cache(),
                        help="where generated inputs are kept between runs (default: %(default)s)")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    args = parser.parse_args(argv)
    args.only = {m.strip() for m in args.only.split(",") if m.strip()}
    unknown = args.only - set(MEASUREMENTS)
    if unknown:
        parser.error(f"unknown measurement(s): {', '.join(sorted(unknown))}")
    if args.repeat < 1 or args.start_rounds < 1:
        parser.error("--repeat and --start-rounds must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    try:
        return _run(args, work)
    finally:
        _cleanup(work)


def _run(args: argparse.Namespace, work: Path) -> int:
    # Before anything imports Qt: offscreen, and no real user settings or library.
    from benchmarks.measure import child_env

    env = child_env(work)
    for key in ("QT_QPA_PLATFORM", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR"):
        os.environ[key] = env[key]
    os.environ.pop("PLANNER_DB", None)
    from PySide6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    from benchmarks import measure

    def say(text: str) -> None:
        print(f"  … {text}", file=sys.stderr, flush=True)

    only = args.only
    repeat = args.repeat
    load_before = os.getloadavg()[0]
    pool, pool_source = inputs.papers()
    say(f"inputs from {pool_source}, cache {args.cache}")
    files = {n: inputs.session_page_file(n, args.cache) for n in inputs.SIZES}
    rows: list[Row] = []
    info: list[str] = []

    need_10k = only & {"coldstart", "search", "scroll", "export", "memory", "busy"}
    need_50k = only & {"coldstart", "search", "cli"}
    dbs: dict[str, Path] = {}
    if only & {"coldstart", "memory"}:
        dbs["bundled"] = work / "bundled.sqlite3"
        _prepare(env, dbs["bundled"], None)
    for n, needed in ((10_000, need_10k), (50_000, need_50k)):
        if needed:
            key = f"{n // 1000}k"
            dbs[key] = work / f"library-{key}.sqlite3"
            start = time.perf_counter()
            _prepare(env, dbs[key], files[n])
            info.append(f"preparing the {n:,}-event library (parse + import, once): "
                        f"{time.perf_counter() - start:.2f} s")
            say(info[-1])

    if only & {"coldstart", "memory"}:
        configs = {"bare": ["bare"], "widgets": ["widgets"], "bundled": ["planner", str(dbs["bundled"])]}
        if "coldstart" in only:
            configs["10k"] = ["planner", str(dbs["10k"])]
            configs["50k"] = ["planner", str(dbs["50k"])]
        elif "memory" in only:
            configs["10k"] = ["planner", str(dbs["10k"])]
        starts = measure.cold_starts(configs, env, args.start_rounds, say)
        bare = statistics.median(starts["bare"][0].values)
        bare_cpu = statistics.median(starts["bare"][0].extra["cpu"])
        if "coldstart" in only:
            # Issue 22's targets (those of 2026-11-27 were 1.3 / 1.6 / 2.0).
            for key, label, limit in (("bundled", "bundled session", 1.5), ("10k", "10,000 events", 1.6),
                                      ("50k", "50,000 events", 1.8)):
                app = statistics.median(starts[key][0].values)
                app_cpu = statistics.median(starts[key][0].extra["cpu"])
                detail = (f"Planner {_ms(app)} vs bare {_ms(bare)} (medians of {args.start_rounds}); CPU {_ms(app_cpu)} vs "
                          f"{_ms(bare_cpu)}, ratio {app_cpu / bare_cpu:.2f}")
                if key == "bundled":
                    widgets = statistics.median(starts["widgets"][0].values)
                    detail += (f"; a window of the same Qt widgets without Planner's code: {_ms(widgets)}, "
                               f"ratio {widgets / bare:.2f}")
                rows.append(Row(
                    f"cold start to first painted window, {label} (ratio to bare QMainWindow)",
                    f"<= {limit}", limit, app / bare, f"{app / bare:.2f}", detail,
                ))
        if "memory" in only:
            bare_rss = statistics.median(starts["bare"][1].values)
            app_rss = statistics.median(starts["10k"][1].values)
            above = (app_rss - bare_rss) / MB
            rows.append(Row(
                "peak memory at 10,000 events, above the bare window", "<= 80 MB", 80, above,
                f"{above:.0f} MB", f"peak RSS {app_rss / MB:.0f} MB vs bare {bare_rss / MB:.0f} MB",
            ))

    if "import" in only:
        s = measure.import_file(files[10_000], work, repeat)
        med = statistics.median(s.values)
        rows.append(Row(
            "import of a 10,000-event session-page file into the library", "<= 1.0 s", 1.0, med, _ms(med),
            f"parse {_ms(statistics.median(s.extra['parse']))} + store "
            f"{_ms(statistics.median(s.extra['store']))}; CPU {_ms(statistics.median(s.extra['cpu']))}",
        ))
        say(f"import 10k: {_ms(med)}")

    if "xml" in only:
        try:
            import planner.formats.pentabarf  # noqa: F401
        except ImportError as exc:
            rows.append(Row("import of the 38c3 schedule XML", "<= 0.5 s", 0.5, None, "skipped",
                            f"planner.formats.pentabarf is not importable yet ({exc})"))
        else:
            if inputs.XML_38C3.is_file():
                s = measure.import_file(inputs.XML_38C3, work, repeat)
                med = statistics.median(s.values)
                rows.append(Row(
                    "import of the 38c3 schedule XML", "<= 0.5 s", 0.5, med, _ms(med),
                    f"{s.extra['events']} events; parse {_ms(statistics.median(s.extra['parse']))} + store "
                    f"{_ms(statistics.median(s.extra['store']))}; CPU {_ms(statistics.median(s.extra['cpu']))}",
                ))
                say(f"import 38c3: {_ms(med)}")
            else:
                rows.append(Row("import of the 38c3 schedule XML", "<= 0.5 s", 0.5, None, "skipped",
                                f"{inputs.XML_38C3} not found"))

    if "search" in only:
        words = inputs.search_words(pool)
        for key, limit in (("10k", 0.016), ("50k", 0.050)):
            s = measure.search_keystrokes(dbs[key], work, words, max(1, repeat // 2))
            p95 = percentile(s.values, 0.95)
            rows.append(Row(
                f"search, per keystroke, until the timeline shows the result, {key} events (p95)",
                f"<= {limit * 1000:.0f} ms", limit, p95, _ms(p95),
                f"median {_ms(statistics.median(s.values))}, max {_ms(max(s.values))}, CPU p95 "
                f"{_ms(percentile(s.extra['cpu'], 0.95))}, {len(s.values)} keystrokes; {s.note}",
            ))
            say(f"search {key}: p95 {_ms(p95)}")

    if "scroll" in only:
        s = measure.scroll_paints(dbs["10k"], work, repeat)
        p95 = percentile(s.values, 0.95)
        rows.append(Row(
            "timeline scroll, time to paint one viewport of a busy 10k day (p95)", "<= 8 ms", 0.008, p95,
            _ms(p95), f"median {_ms(statistics.median(s.values))}, CPU p95 {_ms(percentile(s.extra['cpu'], 0.95))}, "
            f"{len(s.values)} paints; {s.note}",
        ))
        say(f"scroll: p95 {_ms(p95)}")

    if "export" in only:
        s = measure.export_starred(dbs["10k"], 1000, repeat)
        med = statistics.median(s.values)
        rows.append(Row(
            "export of 1,000 starred events to .ics", "<= 0.3 s", 0.3, med, _ms(med),
            f"{s.extra['events']} events, library query + to_ics + write; CPU "
            f"{_ms(statistics.median(s.extra['cpu']))}; first run (imports, LaTeX tables) {_ms(s.extra['first'])}",
        ))
        say(f"export: {_ms(med)}")

    if "cli" in only:
        s = measure.cli_list(dbs["50k"], CLI_WORD, env, repeat)
        med = statistics.median(s.values)
        rows.append(Row(
            "`planner list --search TEXT --json` whole process at 50,000 events", "<= 0.4 s", 0.4, med,
            _ms(med), f"{s.note}; CPU (user+sys) {_ms(statistics.median(s.extra['cpu']))}",
        ))
        say(f"cli: {_ms(med)}")

    if "commands" in only:  # issue 22: list, export, star, import as whole processes (benchmarks/cli.py)
        from benchmarks import cli

        rows.extend(cli.rows(files[10_000], work / "commands", env, repeat, say))

    if "feed" in only:  # issue 19: a whole conference's feed of 7,000 events (benchmarks/posters.py)
        rows.extend(_feed_rows(env, work, args, repeat, say))

    if "busy" in only:  # issue 22: the window's reads while a long job runs (benchmarks/busy_reads.py)
        from benchmarks import busy_reads

        rows.extend(busy_reads.rows(dbs["10k"], files[10_000], work / "busy", max(1, repeat // 2), say))

    header = machine()
    header.insert(-1, ("load before", f"{load_before:.2f} (1 min): other work on this machine slows every number"))
    header.append(("inputs", f"{pool_source}; session-page shapes (events: days x parallel sessions) "
                   + ", ".join(f"{n:,}: {d}x{p}" for n, (d, p) in ((n, inputs.shape(n)) for n in inputs.SIZES))))
    header.append(("command", f"python -m benchmarks --repeat {repeat}"
                   + (f" --start-rounds {args.start_rounds}" if args.start_rounds != 15 else "")
                   + (f" --only {','.join(m for m in MEASUREMENTS if m in only)}" if only != set(MEASUREMENTS) else "")))
    _print_table(rows, header, info)
    if args.markdown:
        args.markdown.write_text(markdown(rows, header, info), encoding="utf-8")
    return 0


def _print_table(rows: list[Row], header: list[tuple[str, str]], info: list[str]) -> None:
    for key, value in header:
        print(f"{key:>13}: {value}")
    print()
    width = max(len(r.name) for r in rows) if rows else 20
    print(f"{'measurement':<{width}}  {'target':>9}  {'measured':>10}  result")
    print("-" * (width + 32))
    for r in rows:
        print(f"{r.name:<{width}}  {r.target:>9}  {r.shown:>10}  {r.verdict}")
        if r.detail:
            print(f"{'':<4}{r.detail}")
    for line in info:
        print(f"note: {line}")


def markdown(rows: list[Row], header: list[tuple[str, str]], info: list[str]) -> str:
    lines = ["| measurement | target | measured | result | details |", "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r.name} | {r.target} | {r.shown} | {r.verdict} | {r.detail} |")
    lines.append("")
    lines.extend(f"- {key}: {value}" for key, value in header)
    lines.extend(f"- {line}" for line in info)
    return "\n".join(lines) + "\n"


def _feed_rows(env: dict[str, str], work: Path, args: argparse.Namespace, repeat: int,
               say: Callable[[str], None]) -> list[Row]:
    """Issue 19's targets with a 7,000-event NeurIPS-shaped feed: import, first paint, a
    search keystroke, and opening a 400-poster session."""
    from benchmarks import measure, posters

    feed = args.cache / "neurips-2031-orals-posters.json"
    if not feed.is_file():
        posters.write_feed(feed)
    size = f"{feed.stat().st_size / MB:.1f} MB"
    rows = []
    s = measure.import_file(feed, work, repeat)
    med = statistics.median(s.values)
    rows.append(Row("import of a 7,000-event conference feed (virtual-site JSON)", "<= 1.0 s", 1.0, med, _ms(med),
                    f"{size}, {s.extra['events']} events; parse {_ms(statistics.median(s.extra['parse']))} + store "
                    f"{_ms(statistics.median(s.extra['store']))}; CPU {_ms(statistics.median(s.extra['cpu']))}"))
    say(f"feed import: {_ms(med)}")
    db = work / "library-feed.sqlite3"
    _prepare(env, db, feed)
    starts = measure.cold_starts({"bare": ["bare"], "feed": ["planner", str(db)]}, env, args.start_rounds, say)
    bare, app = statistics.median(starts["bare"][0].values), statistics.median(starts["feed"][0].values)
    bare_cpu, app_cpu = (statistics.median(starts[k][0].extra["cpu"]) for k in ("bare", "feed"))
    rows.append(Row("cold start to first painted window, 7,000-event feed (ratio to bare QMainWindow)", "<= 1.6",
                    1.6, app / bare, f"{app / bare:.2f}",
                    f"Planner {_ms(app)} vs bare {_ms(bare)} (medians of {args.start_rounds}); CPU ratio "
                    f"{app_cpu / bare_cpu:.2f}"))
    s = measure.search_keystrokes(db, work, FEED_WORDS, max(1, repeat // 2))
    p95 = percentile(s.values, 0.95)
    rows.append(Row("search, per keystroke, 7,000-event feed (p95)", "<= 16 ms", 0.016, p95, _ms(p95),
                    f"median {_ms(statistics.median(s.values))}, {len(s.values)} keystrokes; {s.note}"))
    say(f"feed search: p95 {_ms(p95)}")
    times = posters.session_times(feed, work, max(5, repeat), say)
    opening = posters.opening_ms(times) / 1000
    star = statistics.median(times["star a poster in it"])
    rows.append(Row("opening a 400-poster session, to its list painted", "<= 50 ms", 0.050, opening, _ms(opening),
                    f"median of Enter on a selected block and on one never selected; the first open "
                    f"{times['first open'][0]:.1f} ms; a star in the list {star:.1f} ms"))
    return rows


def _prepare(env: dict[str, str], db: Path, schedule_file: Path | None) -> None:
    """inputs.prepare_library in a child process, keeping this one small."""
    import subprocess

    args = [sys.executable, "-m", "benchmarks.inputs", "prepare", str(db)]
    if schedule_file is not None:
        args.append(str(schedule_file))
    subprocess.run(args, cwd=inputs.ROOT, env=env, check=True)


def _cleanup(work: Path) -> None:
    import shutil

    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
