"""Fixtures for window tests: a library in tmp_path and settings that are not the user's.

Every MainWindow a test opens comes from ``open_window``; ``window`` is the usual one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from planner.store import Library
from planner.store.open import open_library

QStandardPaths.setTestModeEnabled(True)


@pytest.fixture
def library(db_path: Path) -> Iterator[Library]:
    lib = open_library(db_path)
    yield lib
    lib.close()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def fixed_now(library: Library) -> datetime:
    """85 minutes into the bundled session: inside the shown day."""
    return library.events()[0].start + timedelta(minutes=85)


@pytest.fixture
def open_window(qtbot):  # type: ignore[no-untyped-def]
    """Open a MainWindow, registered with qtbot (which closes it at the end).

    For tests that need their own library, settings, clock or size, or a second window on
    the same files. ``now`` is a fixed time, a clock, or None for the timeline's own clock;
    ``size=None`` leaves the size to the window (and to restored geometry); ``exposed=False``
    only shows it, without waiting for it to be exposed.
    """
    from planner.ui.main_window import MainWindow

    def open_(library: Library, settings: QSettings, now: datetime | Callable[[], datetime] | None, *,
              size: tuple[int, int] | None = (1280, 800), exposed: bool = True) -> MainWindow:
        clock = now if now is None or callable(now) else (lambda: now)
        win = MainWindow(library, settings=settings, now=clock)
        qtbot.addWidget(win)
        if size is not None:
            win.resize(*size)
        win.show()
        if exposed:
            qtbot.waitExposed(win)
        return win

    return open_


@pytest.fixture
def window(open_window, library: Library, settings: QSettings, fixed_now: datetime):  # type: ignore[no-untyped-def]
    """The bundled session at 1280x800, its clock stopped at ``fixed_now``."""
    return open_window(library, settings, fixed_now)
