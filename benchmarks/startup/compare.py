"""Cold start of two revisions of Planner, interleaved in one run.

    python -m benchmarks.startup.compare REVISION [--repeat N] [--sizes bundled,10k,50k]

On this shared machine a start moves by 30-50 ms from one run to the next, more than
most changes to it; two runs of the benchmark cannot tell such a change from the noise.
This starts the bare window, REVISION (checked out in a temporary git worktree) and the
working tree in turns (every other round in reverse order), N rounds after a warm-up,
each on its own copy of the same libraries, and prints medians of wall and CPU time
with their ratios to the bare window.

Both revisions are started by this checkout's benchmarks/launch.py (the same hook and
window size); each prepares its libraries with its own benchmarks/inputs.py, so a
revision with an older library schema is measured on a library it made, not on one it
would first have to migrate (or refuse).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks import inputs
from benchmarks.measure import child_env, first_paint

LAUNCH = Path(__file__).resolve().parent.parent / "launch.py"


def _prepare(root: Path, db: Path, schedule_file: Path | None, env: dict[str, str]) -> None:
    """A library made by the code in ``root``, with its own benchmarks/inputs.py."""
    args = [sys.executable, "-m", "benchmarks.inputs", "prepare", str(db)]
    if schedule_file is not None:
        args.append(str(schedule_file))
    subprocess.run(args, cwd=root, env=dict(env, PYTHONPATH=str(root)), check=True, stdout=subprocess.DEVNULL)


SIZES = {"bundled": None, "10k": 10_000, "50k": 50_000}


def sizes_argument(parser: argparse.ArgumentParser, text: str) -> list[str]:
    """The libraries named by ``--sizes``, or a usage error."""
    sizes = [s for s in text.split(",") if s]
    unknown = set(sizes) - set(SIZES)
    if unknown:
        parser.error(f"unknown size(s): {', '.join(sorted(unknown))}")
    return sizes


@contextmanager
def starts(revision: str | None, sizes: list[str], work: Path,
           env: dict[str, str]) -> Iterator[dict[str, tuple[Path, list[str]]]]:
    """The starts to measure, by name: the bare window, then per size ``REVISION, size``
    (checked out in a git worktree under ``work``) and ``working tree, size``; each is
    (source root, arguments for launch.py). Without a revision, only the working tree."""
    cache = inputs.default_cache()
    old = work / "old"
    roots: dict[str, Path] = {}
    if revision is not None:
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(old), revision],
                       cwd=inputs.ROOT, check=True)
        roots[revision] = old
    roots["working tree"] = inputs.ROOT
    try:
        if revision is not None and not (old / "benchmarks" / "inputs.py").is_file():
            raise SystemExit(f"{revision} has no benchmarks/inputs.py to make its libraries with")
        configs: dict[str, tuple[Path, list[str]]] = {"bare": (inputs.ROOT, ["bare"])}
        for size in sizes:
            n = SIZES[size]
            schedule = inputs.session_page_file(n, cache) if n else None
            for label, root in roots.items():
                db = work / f"{label.replace(' ', '-')}-{size}.sqlite3"
                _prepare(root, db, schedule, env)
                configs[f"{label}, {size}"] = (root, ["planner", str(db)])
        yield configs
    finally:
        if revision is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=inputs.ROOT, check=False)
            shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup.compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("revision", help="a git revision to compare the working tree with, e.g. HEAD~3")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--sizes", default="bundled,10k,50k", help="libraries to start on (default: all three)")
    args = parser.parse_args(argv)
    sizes = sizes_argument(parser, args.sizes)

    with tempfile.TemporaryDirectory(prefix="planner-compare-") as folder:
        work = Path(folder)
        env = child_env(work / "home")
        with starts(args.revision, sizes, work, env) as configs:
            wall: dict[str, list[float]] = {name: [] for name in configs}
            cpu: dict[str, list[float]] = {name: [] for name in configs}
            names = list(configs)
            for round_ in range(args.repeat + 1):
                # Every other round in reverse order: a start's place in the round (after
                # which other start, how long into the run) then weighs on both alike.
                for name in names if round_ % 2 == 0 else names[::-1]:
                    root, launch_args = configs[name]
                    # Each revision keeps its own caches between its starts (planner.dataclass_code,
                    # planner.text.latex_pieces), filled by its warm-up start.
                    caches = str(work / "caches" / root.name)
                    seconds, _, used = first_paint(launch_args, dict(env, PYTHONPATH=str(root), XDG_CACHE_HOME=caches),
                                                   script=LAUNCH, cwd=root, warm_up=round_ == 0)
                    if round_:
                        wall[name].append(seconds)
                        cpu[name].append(used)
                print(f"round {round_}/{args.repeat}", file=sys.stderr, flush=True)

    bare_wall, bare_cpu = statistics.median(wall["bare"]), statistics.median(cpu["bare"])
    print(f"{args.repeat} rounds, medians; ratio = to the bare window in the same run")
    print(f"{'start':34} {'wall ms':>8} {'ratio':>6} {'CPU ms':>8} {'ratio':>6}")
    for name in configs:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"{name:34} {w * 1000:8.1f} {w / bare_wall:6.2f} {c * 1000:8.1f} {c / bare_cpu:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
