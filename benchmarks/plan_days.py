"""Plan my day on a real library: planner.services.planning.plan_days, as the window and
``planner plan`` call it.

    python -m benchmarks.plan_days LIBRARY [--stars N] [--repeat N]

Works on a copy of LIBRARY (made by ``python -m benchmarks.inputs prepare``, or any
library): stars N random events of its largest schedule where nothing is starred yet
(seeded), then times, as medians of --repeat runs, the plan of the middle day of that
schedule (what the window's Plan my day asks for) and the plans of every day with a star
(``planner plan``). Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from planner.services.planning import plan_days
from planner.store.open import open_library


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.plan_days", description=__doc__.split("\n\n")[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--stars", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="planner-plan-days-") as folder:
        copy = Path(folder) / "library.sqlite3"
        shutil.copy(args.library, copy)
        library = open_library(copy, seed=False)
        try:
            info = max(library.schedules(), key=lambda s: s.event_count)
            if not library.starred_ids():
                ids = [e.id for e in library.events(schedule_key=info.key, abstract_chars=0)]
                library.star(random.Random(3).sample(ids, min(args.stars, len(ids))))
            days = [r.day for r in plan_days(library, schedule_key=info.key)]
            middle = days[len(days) // 2]
            one, every = [], []
            for _ in range(args.repeat):
                start = time.perf_counter()
                plan_days(library, schedule_key=info.key, date=middle)
                one.append(time.perf_counter() - start)
                start = time.perf_counter()
                plan_days(library)
                every.append(time.perf_counter() - start)
        finally:
            library.close()
    print(f"{info.title}: {info.event_count} events over {len(days)} days")
    print(f"  one day ({middle}): {statistics.median(one) * 1000:.0f} ms (median of {args.repeat})")
    print(f"  every day with a star: {statistics.median(every) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
