"""Child process for the cold-start measurement: start, paint once, report, exit.

    python -m benchmarks.launch bare            a bare QMainWindow, 1280x800
    python -m benchmarks.launch widgets         the same, holding the Qt widgets Planner's window
                                                uses (no Planner code): Qt's share of a start
    python -m benchmarks.launch planner DB      Planner as `planner --db DB` starts it
    ... [--app-filter]                          watch with an application-wide event filter

All three watch for the first paint the same way. When the application's focus window
changes to the window of a QMainWindow (Qt activates a window when it is shown, before
exposing it), an event filter is put on that one QWindow. At its first Expose (with the
window exposed) or Paint event a zero timer is queued; it fires once the whole window has
been painted in that pass (Qt paints a window and its widgets in one backing-store sync)
and prints ``painted <time.monotonic()> <peak RSS>`` before leaving with os._exit, so
teardown is not measured.

Why not an application-wide event filter (the first rounds used one): PySide6 calls a
Python filter with every event of every object, and the first time that object is of a
Qt class it has no binding for (in a QMainWindow with a central widget, one of Qt's
private objects gets events before the first paint), it builds the Python types and
enums of every QObject subclass it has not built yet, to find the nearest one: ~180
enum types and 50-90 ms that a real start never pays. A bare QMainWindow has no such
object before its first paint, so the filter charged this to every window but the bare
one. ``--app-filter`` (after the mode) still measures that way, to show the difference.

The parent subtracts the monotonic time it took
just before spawning us (CLOCK_MONOTONIC is system-wide on Linux).

Planner is started through planner.entry.main, the same path as the real command, so
imports, argument parsing, opening the library and building the window all count. No
production code knows about this: the hook lives here. The modules load in the order a
real ``planner`` loads them: the command line's (store, domain) first, then PySide6 with
the window's. The order matters beyond tidiness: once PySide6 is imported, its
``__feature__`` import hook reads the source of every module imported after it
(``inspect.getsource``, to look for "PySide6"), about 7 ms for the command line's 60
modules, which a real start never pays because it loads them before Qt.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any


def _spy() -> Any:
    """The first-paint watcher; PySide6 is imported here, when the mode is ready for it."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QWindow
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    class FirstPaint(QObject):
        """Reports the first painted QMainWindow, watching only that window's events."""

        def __init__(self) -> None:
            super().__init__()
            self.seen = False
            self.watched: QWindow | None = None

        def install(self, app: QApplication, app_wide: bool) -> None:
            # A run that never sees its paint (no focus window on some platform) must fail,
            # not hang the benchmark. Under valgrind (benchmarks.startup.instructions) a start
            # takes 50 times as long, and that tool sets a longer limit.
            QTimer.singleShot(int(os.environ.get("LAUNCH_PAINT_LIMIT_S", "30")) * 1000, _no_paint)
            if app_wide:
                app.installEventFilter(self)
            else:
                app.focusWindowChanged.connect(self._focus_changed)

        def _focus_changed(self, window: QWindow | None) -> None:
            if window is None or self.watched is not None:
                return
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, QMainWindow) and widget.windowHandle() == window:
                    self.watched = window
                    window.installEventFilter(self)
                    return

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if self.seen:
                return False
            if self.watched is not None:  # only the main window's QWindow is watched
                kind = event.type()
                if kind == QEvent.Type.Paint or (kind == QEvent.Type.Expose and self.watched.isExposed()):
                    self._painted()
            elif (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                  and isinstance(watched.window(), QMainWindow)):  # --app-filter
                self._painted()
            return False

        def _painted(self) -> None:
            self.seen = True
            QTimer.singleShot(0, _done)

    return FirstPaint()


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


def _no_paint() -> None:
    sys.stderr.write("launch: no first paint of a QMainWindow seen in time\n")
    sys.stderr.flush()
    os._exit(3)


def _done() -> None:
    painted = time.monotonic()
    sys.stdout.write(f"painted {painted:.6f} {_peak_rss()}\n")
    sys.stdout.flush()
    _leave()


def _leave() -> None:
    """Exit now, or after LAUNCH_SESSION_MS of a session with the window on screen.

    A warm-up start runs as such a short session, as an attendee's earlier run did: what
    Planner keeps for its next start once the first paint is on screen (the caches of
    planner.ui.app.keep_for_next_start) is then there for the measured starts, as the
    bytecode cache is.
    """
    session = int(os.environ.get("LAUNCH_SESSION_MS", "0"))
    if session <= 0:
        os._exit(0)
    from PySide6.QtCore import QTimer

    QTimer.singleShot(session, lambda: os._exit(0))


def _widgets_window() -> Any:
    """A window of the kinds of widget Planner's has, with a few rows of text, and no logic.

    PySide6 creates each Qt class's Python type, and its enums, when first used: this is
    what any application built from these widgets pays before its own code runs.
    """
    from PySide6.QtCore import QStringListModel, Qt
    from PySide6.QtGui import QAction, QKeySequence, QStandardItemModel
    from PySide6.QtWidgets import (
        QComboBox,
        QHBoxLayout,
        QLabel,
        QLineEdit,
        QListView,
        QMainWindow,
        QPlainTextEdit,
        QSplitter,
        QStatusBar,
        QTabBar,
        QTextBrowser,
        QToolBar,
        QToolButton,
        QTreeView,
        QVBoxLayout,
        QWidget,
    )

    window = QMainWindow()
    for name in ("&File", "&Edit", "&View", "&Go", "&Help"):
        menu = window.menuBar().addMenu(name)
        for i in range(5):
            action = QAction(f"Action {i}", window)
            action.setShortcut(QKeySequence(f"Ctrl+{i}"))
            menu.addAction(action)
    toolbar = QToolBar("Main", window)
    toolbar.addWidget(QComboBox())
    toolbar.addWidget(QLineEdit())
    toolbar.addWidget(QToolButton())
    window.addToolBar(toolbar)
    centre = QWidget()
    column = QVBoxLayout(centre)
    column.addWidget(QTabBar())
    row = QHBoxLayout()
    row.addWidget(QLabel("label"))
    column.addLayout(row)
    timeline = QListView()
    timeline.setModel(QStringListModel([f"Talk {i}" for i in range(15)], timeline))
    timeline.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
    column.addWidget(timeline)
    detail = QWidget()
    detail_column = QVBoxLayout(detail)
    detail_column.addWidget(QTextBrowser())
    detail_column.addWidget(QPlainTextEdit())
    agenda = QTreeView()
    agenda.setModel(QStandardItemModel(agenda))
    splitter = QSplitter(Qt.Orientation.Horizontal)
    for part in (agenda, centre, detail):
        splitter.addWidget(part)
    window.setCentralWidget(splitter)
    window.setStatusBar(QStatusBar())
    return window


def main(argv: list[str]) -> int:
    app_wide = "--app-filter" in argv
    argv = [arg for arg in argv if arg != "--app-filter"]
    mode = argv[0] if argv else ""
    if mode in ("bare", "widgets"):
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        spy = _spy()  # held here: a connection alone does not keep it alive
        spy.install(app, app_wide)
        window = QMainWindow() if mode == "bare" else _widgets_window()
        window.resize(1280, 800)
        window.show()
        return app.exec()
    if mode == "planner" and len(argv) == 2:
        _load_command_line()
        from planner.ui.app import application  # PySide6 comes with it, as in open_window

        app = application()
        spy = _spy()
        spy.install(app, app_wide)
        try:
            from planner.entry import main as planner_main
        except ImportError:  # a revision from before planner/entry.py (benchmarks.startup.compare)
            from planner.cli import main as planner_main

        return planner_main(["--db", argv[1]])
    print(__doc__, file=sys.stderr)
    return 2


def _load_command_line() -> None:
    """Load the command line's modules as planner.entry.main does: first, collector paused.

    A real start has them loaded before it decides to open the window and imports Qt;
    planner.entry.main then finds them loaded. Revisions since planner.entry.load_command_line
    load them through it (with the compiled dataclass methods it keeps), older ones as
    their main did: collector paused, then frozen. (Until the thirteenth round this froze
    nothing, and the collector scanned the command line's objects while PySide6 loaded:
    5 ms that no real start paid.)
    """
    try:
        from planner.entry import load_command_line
    except ImportError:
        load_command_line = None
    if load_command_line is not None:
        load_command_line()
        return
    import gc

    gc.disable()
    try:
        import planner.cli  # noqa: F401  (loaded for its cost, in its place)
    finally:
        gc.freeze()
        gc.enable()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
