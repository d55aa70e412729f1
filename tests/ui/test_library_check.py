"""The window checks every page of its library in the background and says so once when
it is damaged (MainWindow.check_library, planner.ui.app._report_damage_to)."""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from planner.store.open import open_library
from planner.store.recovery import check_marker
from tests.reliability.damage import garble_root_page, library_with_a_star


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What each message box opened would have said: title, text and details."""
    shown: list[str] = []

    def record(box: QMessageBox) -> int:
        shown.append(f"{box.windowTitle()}: {box.text()}\n{box.detailedText()}")
        return QMessageBox.StandardButton.Ok.value

    monkeypatch.setattr(QMessageBox, "exec", record)
    return shown


@pytest.fixture
def open_as_the_app_does(open_window, settings: QSettings):  # type: ignore[no-untyped-def]
    """The window on a prepared library file, opened as planner.ui.app opens it."""

    def open_(db: Path):  # type: ignore[no-untyped-def]
        library = open_library(db, full_check=False)
        window = open_window(library, settings, lambda: datetime.now().astimezone(), size=None, exposed=False)
        return window, library

    return open_


def test_a_damaged_search_index_is_found_after_the_window_opens(qtbot, tmp_path: Path, open_as_the_app_does,
                                                                warnings: list[str]) -> None:
    db = tmp_path / "library.sqlite3"
    starred = library_with_a_star(db)
    garble_root_page(db, "events_fts_data")
    window, library = open_as_the_app_does(db)
    try:
        assert window.starred == {starred} and window.model.rowCount() > 0  # it opened as usual
        assert window.check_library().wait(10)
        qtbot.waitUntil(lambda: len(warnings) == 1, timeout=5000)
        assert "damaged" in warnings[0] and str(db) in warnings[0] and "moves that file aside" in warnings[0]
        assert "What SQLite found in" in warnings[0] and "malformed" in warnings[0]  # its report, in the details
        assert check_marker(db).exists()
        window.library_damaged("again")  # told once
        assert len(warnings) == 1
    finally:
        window.close()  # before its library: a paint to come would read from a closed one
        library.close()


def test_a_sound_library_is_checked_without_a_word(qtbot, tmp_path: Path, open_as_the_app_does,
                                                   warnings: list[str]) -> None:
    db = tmp_path / "library.sqlite3"
    library_with_a_star(db)
    window, library = open_as_the_app_does(db)
    try:
        assert window.check_library().wait(10)
        qtbot.wait(100)  # the result crosses to the window's thread as a queued signal
        assert warnings == [] and not check_marker(db).exists()
    finally:
        window.close()  # before its library: a paint to come would read from a closed one
        library.close()


def test_damage_met_by_a_read_in_a_slot_is_reported(tmp_path: Path, open_as_the_app_does,
                                                    warnings: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.ui.app import _report_damage_to

    db = tmp_path / "library.sqlite3"
    library_with_a_star(db)
    window, library = open_as_the_app_does(db)
    passed_on: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, trace: passed_on.append(kind))
    try:
        _report_damage_to(window)
        sys.excepthook(sqlite3.DatabaseError, sqlite3.DatabaseError("database disk image is malformed"), None)
        assert len(warnings) == 1 and check_marker(db).exists()
        sys.excepthook(ValueError, ValueError("a bug"), None)  # anything else goes on as before
        assert passed_on == [sqlite3.DatabaseError, ValueError] and len(warnings) == 1
    finally:
        window.close()  # before its library: a paint to come would read from a closed one
        library.close()
