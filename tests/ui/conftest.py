"""Fixtures for window tests: a library in tmp_path and settings that are not the user's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from planner.bootstrap import open_library
from planner.store import Library

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
def window(qtbot, library: Library, settings: QSettings, fixed_now: datetime):  # type: ignore[no-untyped-def]
    from planner.ui.main_window import MainWindow

    win = MainWindow(library, settings=settings, now=lambda: fixed_now)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win
