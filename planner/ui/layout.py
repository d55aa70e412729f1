"""Where the window's parts sit: My agenda (and the search's matches) on the left, the day
in the middle, the details on the right, a banner above them all; the toolbar's extra
buttons; the status bar's labels. Only placement: what the parts do is wired in
planner.ui.main_window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QResizeEvent
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
    splitter.setSizes([AGENDA_WIDTH, 560, DETAIL_WIDTH])
    splitter.setChildrenCollapsible(False)
    window.setCentralWidget(column(window, (banner, 0), (splitter, 1)))
    return splitter


AGENDA_WIDTH, DETAIL_WIDTH = 250, 420  # My agenda's and the details' widths in a window 1280 wide or more


def first_sizes(width: int) -> list[int]:
    """My agenda, the day and the details in ``width`` pixels, until the attendee sets them.

    The sides keep 250 and 420 pixels in a wide window, and a wider one widens the day; in
    a narrow one (a 1024-pixel laptop) they take a fifth and a third (never under 180 and
    300), so that the day keeps about half rather than the third their pixels would leave.
    """
    left = max(180, min(AGENDA_WIDTH, width // 5))
    right = max(300, min(DETAIL_WIDTH, width // 3))
    return [left, max(1, width - left - right), right]


class _FirstSizes(QObject):
    """Fits the splitter's columns to its width (first_sizes) at every resize, until the
    attendee drags a handle: from then on their widths are theirs (and saved)."""

    def __init__(self, splitter: QSplitter) -> None:
        super().__init__(splitter)
        self._splitter = splitter
        splitter.splitterMoved.connect(self._stop)
        splitter.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._splitter and event.type() == QEvent.Type.Resize and isinstance(event, QResizeEvent):
            handles = sum(self._splitter.handle(i).isVisible() * self._splitter.handleWidth()
                          for i in range(1, self._splitter.count()))
            self._splitter.setSizes(first_sizes(event.size().width() - handles))
        return False

    def _stop(self) -> None:
        self._splitter.removeEventFilter(self)
        self._splitter.splitterMoved.disconnect(self._stop)


def fit_until_moved(splitter: QSplitter) -> None:
    """For a window without saved column widths: see _FirstSizes."""
    _FirstSizes(splitter)


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
    # Described, not named: an accessible name would be read instead of the text they show
    # (a label without one is read by its text, and its changes are announced).
    refreshed.setAccessibleDescription("When the schedule was last downloaded")
    counts.setAccessibleDescription("Talks shown and starred")
    window.statusBar().addPermanentWidget(refreshed)
    window.statusBar().addPermanentWidget(counts)
    return refreshed, counts
