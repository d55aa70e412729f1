"""Child process for the cold-start measurement: start, paint once, report, exit.

    python -m benchmarks.launch bare            a bare QMainWindow, 1280x800
    python -m benchmarks.launch widgets         the same, holding the Qt widgets Planner's window
                                                uses (no Planner code): Qt's share of a start
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


def _widgets_window() -> QMainWindow:
    """A window of the kinds of widget Planner's has, with a few rows of text, and no logic.

    PySide6 creates each Qt class's Python type, and its enums, when first used: this is
    what any application built from these widgets pays before its own code runs.
    """
    from PySide6.QtCore import QStringListModel, Qt
    from PySide6.QtGui import QAction, QKeySequence, QStandardItemModel
    from PySide6.QtWidgets import (
        QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView, QPlainTextEdit, QSplitter,
        QStatusBar, QTabBar, QTextBrowser, QToolBar, QToolButton, QTreeView, QVBoxLayout,
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
    mode = argv[0] if argv else ""
    spy = _FirstPaint()
    if mode == "bare":
        app = QApplication(sys.argv[:1])
        app.installEventFilter(spy)
        window = QMainWindow()
        window.resize(1280, 800)
        window.show()
        return app.exec()
    if mode == "widgets":
        app = QApplication(sys.argv[:1])
        app.installEventFilter(spy)
        window = _widgets_window()
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
