"""The window's UI state in QSettings: geometry, splitter sizes, zoom, the last selection,
and where each day of each schedule was scrolled to.

Stars, notes and schedules live in the library, never here.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from datetime import date, datetime
from typing import cast

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtWidgets import QMainWindow, QSplitter

from planner.ui.widgets.timeline import TimelineView
from planner.ui.widgets.timeline_zoom import DEFAULT_PPM


def restore(settings: QSettings, window: QMainWindow, splitter: QSplitter, timeline: TimelineView) -> bool:
    """The saved state back; returns whether the splitter's sizes were among it."""
    geometry = settings.value("geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(QSize(1280, 800))
    state = settings.value("splitter")
    restored = isinstance(state, QByteArray) and not state.isEmpty() and splitter.restoreState(state)
    timeline.ppm = cast(float, settings.value("zoom", DEFAULT_PPM, type=float))
    timeline.places.update(_places(cast(str, settings.value("places", "", type=str))))
    return restored


def save(settings: QSettings, window: QMainWindow, splitter: QSplitter, timeline: TimelineView, *,
         schedule_key: str | None, selected: str | None, day: date | None = None) -> None:
    """``day``: the day shown with the selected talk (one running over several days is on
    each of them, and opens again on the one it was selected on)."""
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("splitter", splitter.saveState())
    settings.setValue("zoom", timeline.ppm)
    settings.setValue("schedule", schedule_key or "")
    settings.setValue("selectedEvent", selected or "")
    settings.setValue("selectedDay", day.isoformat() if selected and day else "")
    # The latest places only: a day left long ago opens at its first event again.
    kept = []
    for place, when in list(timeline.places.items())[-PLACES_KEPT:]:
        match place:
            case (str() as key, date() as day):  # what the window passes to show_place
                kept.append([key, day.isoformat(), when.isoformat()])
    settings.setValue("places", json.dumps(kept))
    settings.sync()


PLACES_KEPT = 200


def selected_day(settings: QSettings) -> date | None:
    """The day save() was given with the selected talk; None if none or unreadable."""
    try:
        text = cast(str, settings.value("selectedDay", "", type=str))
        return date.fromisoformat(text) if text and settings.value("selectedEvent", "", type=str) else None
    except ValueError:
        return None


def _places(text: str) -> dict[Hashable, datetime]:
    """The places save() wrote, keyed (schedule key, day) as TimelineView.places holds
    them; anything unreadable is left out (the day opens at its start)."""
    try:
        rows = json.loads(text) if text else []
        return {(str(key), date.fromisoformat(day)): datetime.fromisoformat(when) for key, day, when in rows}
    except (ValueError, TypeError):
        return {}
