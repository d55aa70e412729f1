"""Where the window's parts sit: My agenda (and the search's matches) on the left, the day
in the middle, the details on the right, a banner above them all; the toolbar's extra
buttons; the status bar's labels. Only placement: what the parts do is wired in
planner.ui.main_window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QSplitter, QToolBar, QVBoxLayout, QWidget


def column(parent: QWidget, *parts: tuple[QWidget, int], spacing: int = 0) -> QWidget:
    """``parts`` (widget, stretch) stacked top to bottom, edge to edge."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for widget, stretch in parts:
        layout.addWidget(widget, stretch)
    return box


def central_area(window: QMainWindow, *, left: QWidget, middle: QWidget, right: QWidget, banner: QWidget) -> QSplitter:
    """Three columns under the banner; the splitter is returned (its sizes are saved)."""
    splitter = QSplitter(Qt.Orientation.Horizontal, window)
    splitter.setObjectName("mainSplitter")
    for part in (left, middle, right):
        splitter.addWidget(part)
    # A wider window widens the timeline: with a hundred rooms it needs every pixel.
    for i, stretch in enumerate((0, 1, 0)):
        splitter.setStretchFactor(i, stretch)
    splitter.setSizes([250, 560, 420])
    splitter.setChildrenCollapsible(False)
    window.setCentralWidget(column(window, (banner, 0), (splitter, 1)))
    return splitter


def toolbar_ends(toolbar: QToolBar, first: QWidget, last: QWidget) -> QAction:
    """``first`` before everything on the toolbar, ``last`` pushed to its right end;
    returns ``first``'s action (hidden when there is nothing to choose)."""
    action = toolbar.insertWidget(toolbar.actions()[0], first)
    spacer = QWidget(toolbar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    toolbar.addWidget(last)
    return action


def status_labels(window: QMainWindow) -> tuple[QLabel, QLabel]:
    """The status bar's right end: when the schedule was downloaded, and the counts."""
    refreshed, counts = QLabel(window), QLabel(window)
    refreshed.setAccessibleName("When the schedule was last downloaded")
    counts.setAccessibleName("Talks shown and starred")
    window.statusBar().addPermanentWidget(refreshed)
    window.statusBar().addPermanentWidget(counts)
    return refreshed, counts
