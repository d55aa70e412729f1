"""The window's UI state in QSettings: geometry, splitter sizes, zoom, the last selection.

Stars, notes and schedules live in the library, never here.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtWidgets import QMainWindow, QSplitter

from planner.ui.widgets.timeline import TimelineView
from planner.ui.widgets.timeline_zoom import DEFAULT_PPM


def restore(settings: QSettings, window: QMainWindow, splitter: QSplitter, timeline: TimelineView) -> None:
    geometry = settings.value("geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(QSize(1280, 800))
    state = settings.value("splitter")
    if isinstance(state, QByteArray) and not state.isEmpty():
        splitter.restoreState(state)
    timeline.ppm = settings.value("zoom", DEFAULT_PPM, type=float)


def save(settings: QSettings, window: QMainWindow, splitter: QSplitter, timeline: TimelineView, *,
         schedule_key: str | None, selected: str | None) -> None:
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("splitter", splitter.saveState())
    settings.setValue("zoom", timeline.ppm)
    settings.setValue("schedule", schedule_key or "")
    settings.setValue("selectedEvent", selected or "")
    settings.sync()
