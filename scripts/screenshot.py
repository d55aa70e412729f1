"""Render the main window offscreen to a PNG: ``python scripts/screenshot.py out.png``.

Uses a throwaway library in a temporary folder (the bundled session), selects and stars
a few talks so the picture shows a realistic state.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", help="PNG file to write")
    parser.add_argument("--width", type=int, default=1360)
    parser.add_argument("--height", type=int, default=860)
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument("--scale", default="1", help="device pixel ratio (QT_SCALE_FACTOR)")
    parser.add_argument("--file", action="append", default=[], help="extra schedule file to import")
    parser.add_argument("--zone", default="", help="display zone: conference, local or an IANA name")
    parser.add_argument("--select", default="", help="select (and star) the first talk whose title has this text")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = args.scale

    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from planner.store.open import open_library
    from planner.ui.app import application
    from planner.ui.main_window import MainWindow

    tmp = Path(tempfile.mkdtemp(prefix="planner-shot-"))
    app = application()
    app.setStyle("Fusion")
    if args.dark:
        palette = QPalette()
        for role, colour in (
            (QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed"),
            (QPalette.ColorRole.Base, "#17181a"), (QPalette.ColorRole.AlternateBase, "#26282b"),
            (QPalette.ColorRole.Text, "#e8eaed"), (QPalette.ColorRole.Button, "#2b2d31"),
            (QPalette.ColorRole.ButtonText, "#e8eaed"), (QPalette.ColorRole.Highlight, "#8ab4f8"),
            (QPalette.ColorRole.HighlightedText, "#202124"), (QPalette.ColorRole.PlaceholderText, "#9aa0a6"),
        ):
            palette.setColor(role, QColor(colour))
        app.setPalette(palette)
    library = open_library(tmp / "library.sqlite3")
    events = library.events()
    library.star([e.id for e in events if e.number in (1, 5, 12)])
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    # A fixed "now" 85 minutes into the session, so the now line shows.
    now = events[0].start + timedelta(minutes=85) if events else datetime.now(timezone.utc)
    window = MainWindow(library, settings=settings, now=lambda: now)
    for path in args.file:
        window.import_files([path])
    if args.zone:
        window.set_display_zone(args.zone)
    window.resize(args.width, args.height)
    window.show()
    app.processEvents()
    if args.select:
        talks = [e for e in window.days.all() if args.select.casefold() in e.title.casefold()]
        if talks:
            window.set_star(talks[0].id, True)
    else:
        talks = [e for e in window.days.all() if e.number == 12] or window.days.all()[:1]
    if talks:
        window.select_event(talks[0].id)
    app.processEvents()
    window.grab().save(args.output)
    print(f"wrote {args.output}")
    library.close()
    QApplication.processEvents()
    shutil.rmtree(tmp, ignore_errors=True)  # the throw-away library and settings
    return 0


if __name__ == "__main__":
    sys.exit(main())
