"""What drawing a busy day's cards from scratch costs: the part of a first paint that
grows with the schedule (a profile, not a target).

    python -m benchmarks.card_paint [--repeat N]

Opens the window offscreen on the 10,000-event benchmark library (benchmarks/inputs.py,
its busiest first day: ~1,440 events, ~30 cards on screen), then N times clears Qt's
pixmap cache, where each card's picture is kept, and times a paint of the timeline's
viewport. Prints the median. Compare revisions by running it from each checkout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QPixmapCache

    from benchmarks import inputs
    from planner.store.open import open_library
    from planner.ui.app import application
    from planner.ui.main_window import MainWindow

    app = application()
    folder = Path(tempfile.mkdtemp(prefix="planner-card-paint-"))
    db = folder / "library.sqlite3"
    inputs.prepare_library(db, inputs.session_page_file(10_000, inputs.default_cache()))
    library = open_library(db)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("schedule", next(i.key for i in library.schedules() if i.event_count == 10_000))
    window = MainWindow(library, settings=settings)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    window.grab()
    times = []
    for _ in range(args.repeat):
        QPixmapCache.clear()
        start = time.perf_counter()
        window.timeline.viewport().grab()
        times.append((time.perf_counter() - start) * 1000)
    cards = len(window.timeline.visible_rows())
    print(f"card pictures rebuilt and painted: median {statistics.median(times):.1f} ms "
          f"({args.repeat} runs, {cards} cards in view)")
    window.close()
    library.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
