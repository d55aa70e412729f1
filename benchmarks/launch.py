"""Child process for the cold-start measurement: start, paint once, report, exit.

    python -m benchmarks.launch bare            a bare QMainWindow, 1280x800
    python -m benchmarks.launch planner DB      Planner as `planner --db DB` starts it

Both install the same application-wide event filter before their window exists. At the
first Paint event of a widget in a QMainWindow, a zero timer is queued; it fires once
the whole window has been painted in that pass (Qt paints a window and its children in
one backing-store sync) and prints ``painted <time.monotonic()> <peak RSS>`` before leaving with
os._exit, so teardown is not measured. The parent subtracts the monotonic time it took
just before spawning us (CLOCK_MONOTONIC is system-wide on Linux).

Planner is started through planner.cli.main, the same path as the real command, so
imports, argument parsing, opening the library and building the window all count. No
production code knows about this: the hook lives here.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


class _FirstPaint(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if not self.seen and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            if isinstance(watched.window(), QMainWindow):
                self.seen = True
                QTimer.singleShot(0, _done)
        return False


def _peak_rss() -> int:
    """This process's own peak RSS in bytes (VmHWM).

    Not getrusage's ru_maxrss: Linux carries it across fork and exec, so a child of a
    big runner would report the runner's size.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def _done() -> None:
    painted = time.monotonic()
    sys.stdout.write(f"painted {painted:.6f} {_peak_rss()}\n")
    sys.stdout.flush()
    os._exit(0)


def main(argv: list[str]) -> int:
    mode = argv[0] if argv else ""
    spy = _FirstPaint()
    if mode == "bare":
        app = QApplication(sys.argv[:1])
        app.installEventFilter(spy)
        window = QMainWindow()
        window.resize(1280, 800)
        window.show()
        return app.exec()
    if mode == "planner" and len(argv) == 2:
        from planner.ui.app import application

        app = application()
        app.installEventFilter(spy)
        from planner.cli import main as cli_main

        return cli_main(["--db", argv[1]])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
