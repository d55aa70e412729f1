"""Cold starts counted in CPU instructions: a figure this noisy machine does not move.

    python -m benchmarks.startup.instructions [--revision REVISION] [--sizes bundled,10k,50k]

A start's wall time moves by 30-50 ms from one run to the next here, more than most
changes to it (see benchmarks.startup.compare). The number of instructions the same start runs
repeats to about 0.1%. This runs each start once under valgrind's callgrind (about 50
times slower: 10-40 s a start): the bare window, the window of the same Qt widgets
without Planner's code, and Planner on each library, from the working tree and, with
``--revision``, from that revision too; then prints millions of instructions and their
ratio to the bare window's.

Instructions are not time. Work that waits on memory costs more time per instruction
(the garbage collector walking every object, the first touch of a page), so this tells
whether a change removed work; the wall-clock benchmarks say what that is worth.
Needs valgrind (Debian: ``apt-get install valgrind``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.measure import child_env, first_paint
from benchmarks.startup.compare import LAUNCH, sizes_argument, starts

_COLLECTED = re.compile(r"==\d+== Collected : (\d+)")


def count(launch_args: list[str], env: dict[str, str], root: Path) -> int:
    """Instructions one start runs, from spawning Python to its first paint."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, str(LAUNCH), *launch_args],
        env=dict(env, PYTHONPATH=str(root), PYTHONHASHSEED="0", LAUNCH_PAINT_LIMIT_S="600"),
        cwd=root, capture_output=True, text=True, check=False,
    )
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or "painted" not in done.stdout or not found:
        raise SystemExit(f"the start {' '.join(launch_args)} failed under valgrind:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup.instructions",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--revision", help="also count the starts of this git revision, e.g. HEAD~3")
    parser.add_argument("--sizes", default="bundled,10k,50k", help="libraries to start on (default: all three)")
    args = parser.parse_args(argv)
    sizes = sizes_argument(parser, args.sizes)
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed (Debian: apt-get install valgrind)")

    with tempfile.TemporaryDirectory(prefix="planner-instructions-") as folder:
        work = Path(folder)
        env = child_env(work / "home")
        with starts(args.revision, sizes, work, env) as configs:
            bare_root, bare_args = configs.pop("bare")
            configs = {"bare": (bare_root, bare_args), "same Qt widgets": (bare_root, ["widgets"]), **configs}
            counts: dict[str, int] = {}
            for name, (root, launch_args) in configs.items():
                # Not counted: the first start of each compiles its bytecode into the cache.
                first_paint(launch_args, dict(env, PYTHONPATH=str(root)), script=LAUNCH, cwd=root, warm_up=True)
                counts[name] = count(launch_args, env, root)
                print(f"{name}: {counts[name] / 1e6:.1f} M", file=sys.stderr, flush=True)

    bare = counts["bare"]
    print("instructions from spawning Python to the first paint (valgrind callgrind, one start each)")
    print(f"{'start':34} {'millions':>9} {'ratio':>6}")
    for name, n in counts.items():
        print(f"{name:34} {n / 1e6:9.1f} {n / bare:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
