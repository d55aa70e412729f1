"""Opened and dropped schedule files go in through a worker: the window keeps running.

A 50,000-event file takes seconds to read and store; before, the window froze for all of
it. The worker has a child process do it (planner.services.child_jobs). Each test holds
the worker before it starts the child (child_jobs.add_files, wrapped) until it has looked
at the window, so what it sees is the window during an import, whatever the machine's speed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import planner.formats
from planner.services import child_jobs
from planner.store import Library
from planner.ui.main_window import MainWindow

from .helpers import MALFORMED_LINE, TINY_TITLE, event, write_malformed, write_tiny

BUNDLED_TITLE = "Orals & Spotlights Track 34: Deep Learning"


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Set it to let the worker start the child process that adds the files; set at the
    end whatever happens. (The child itself cannot be held from here: it is another process.)"""
    opened = threading.Event()
    real_add: Callable[..., object] = child_jobs.add_files

    def held_add(*args: object) -> object:
        assert opened.wait(30), "the test never let the import go on"
        return real_add(*args)

    monkeypatch.setattr(child_jobs, "add_files", held_add)
    yield opened
    opened.set()


@pytest.fixture
def critical(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: said.append(text))
    return said


def _schedules(library: Library) -> set[str]:
    return {s.title for s in library.schedules()}


def test_the_window_keeps_running_while_a_file_goes_in(
    qtbot, window: MainWindow, library: Library, tmp_path: Path, gate: threading.Event, critical: list[str]  # type: ignore[no-untyped-def]
) -> None:
    job = window.add_files([str(write_tiny(tmp_path))])
    assert job is not None and window.file_import is job
    cursor = QApplication.overrideCursor()
    assert cursor is not None and cursor.shape() == Qt.CursorShape.BusyCursor
    assert window.statusBar().currentMessage().startswith("Adding tiny")

    # The event loop runs, and the attendee can go on planning.
    ticks: list[int] = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks), timeout=2000)
    oral1 = event(window, "Oral 1")
    window.set_star(oral1.id, True)
    assert oral1.id in library.starred_ids()
    assert window.file_import is job and _schedules(library) == {BUNDLED_TITLE}

    gate.set()
    qtbot.waitUntil(lambda: window.file_import is None, timeout=30000)
    assert QApplication.overrideCursor() is None
    assert TINY_TITLE in window.windowTitle() and window.schedule_box.count() == 2
    assert window.schedule_box.toolTip().startswith(TINY_TITLE + "\n")  # the box may cut the title short
    assert TINY_TITLE in window.statusBar().currentMessage()
    assert _schedules(library) == {BUNDLED_TITLE, TINY_TITLE}
    assert oral1.id in library.starred_ids()
    assert critical == []


def test_a_bad_file_names_its_line_changes_nothing_and_gives_the_cursor_back(
    qtbot, window: MainWindow, library: Library, tmp_path: Path, gate: threading.Event, critical: list[str]  # type: ignore[no-untyped-def]
) -> None:
    bad = write_malformed(tmp_path)
    assert window.add_files([str(write_tiny(tmp_path)), str(bad)]) is not None
    gate.set()
    qtbot.waitUntil(lambda: window.file_import is None, timeout=30000)
    assert len(critical) == 1 and str(bad) in critical[0] and f"line {MALFORMED_LINE}" in critical[0]
    assert _schedules(library) == {BUNDLED_TITLE}  # the good file waits for the bad one
    assert QApplication.overrideCursor() is None
    assert not window.statusBar().currentMessage().startswith("Adding")


def test_files_added_while_others_go_in_are_refused_with_a_reason(
    qtbot, window: MainWindow, library: Library, tmp_path: Path, gate: threading.Event, critical: list[str]  # type: ignore[no-untyped-def]
) -> None:
    first = window.add_files([str(write_tiny(tmp_path))])
    assert window.add_files([str(write_tiny(tmp_path, "again.txt"))]) is None
    assert window.statusBar().currentMessage() == (
        "Still adding tiny-workshop.txt: open again.txt again once it is in")
    assert window.file_import is first
    gate.set()
    qtbot.waitUntil(lambda: window.file_import is None, timeout=30000)
    assert QApplication.overrideCursor() is None  # set once, given back once
    assert critical == []


def test_closing_the_window_lets_the_file_go_in_first(
    window: MainWindow, library: Library, tmp_path: Path, gate: threading.Event, critical: list[str]
) -> None:
    job = window.add_files([str(write_tiny(tmp_path))])
    assert job is not None
    releaser = threading.Timer(0.2, gate.set)
    releaser.start()
    window.close()
    assert job.wait(0)  # close() returned only once the worker had ended
    releaser.join()
    with Library(library.path) as fresh:
        assert _schedules(fresh) == {BUNDLED_TITLE, TINY_TITLE}
    QApplication.processEvents()  # its report arrives after the window closed: no error
    assert critical == []
    assert QApplication.overrideCursor() is None


# In a fresh interpreter: planner.ui.app.run as `planner open FILE` calls it, with an event
# loop that waits for the file instead of for a user, then reports what the window showed.
_OPEN_WITH_A_FILE = textwrap.dedent("""
    import json, os, sys
    from PySide6.QtWidgets import QApplication
    import planner.ui.app as app_module
    from planner.ui import main_window

    seen = {}
    add = main_window.MainWindow.add_files
    def add_files(self, paths):
        seen["window shown when the file was handed over"] = self.isVisible()
        seen["window"] = self
        return add(self, paths)
    main_window.MainWindow.add_files = add_files

    def event_loop(app):
        window = seen.pop("window")
        assert window.file_import.wait(60)
        app.processEvents()
        seen["schedules"] = sorted(s.title for s in window.library.schedules())
        seen["title"] = window.windowTitle()
        return 0
    QApplication.exec = event_loop

    status = app_module.run(db=sys.argv[1], files=[sys.argv[2]])
    print(json.dumps(seen))
    sys.stdout.flush()
    os._exit(status)  # not waiting for the window's later timers
""")


def test_planner_open_file_shows_the_window_first_then_adds_the_file(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    env["PYTHONPATH"] = str(root) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    done = subprocess.run(
        [sys.executable, "-c", _OPEN_WITH_A_FILE, str(tmp_path / "library.sqlite3"), str(write_tiny(tmp_path))],
        env=env, capture_output=True, text=True, timeout=120, cwd=root,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["window shown when the file was handed over"]
    assert seen["schedules"] == sorted([BUNDLED_TITLE, TINY_TITLE])
    assert TINY_TITLE in seen["title"]


def _drag(window: MainWindow, kind, paths: list[Path]):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = window.rect().center()
    if kind == "enter":
        event = QDragEnterEvent(point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
    else:
        event = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    return event, data


def test_the_files_are_read_and_stored_in_another_process(
        qtbot, window: MainWindow, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Reading a file in this process is made to fail: the file still goes in, so it was
    # read elsewhere, and this process's GUI thread never shared the GIL with the parse.
    def nowhere(*args: object, **kwargs: object) -> object:
        raise AssertionError("parsed in the window's process")

    monkeypatch.setattr(planner.formats, "load", nowhere)
    job = window.add_files([str(write_tiny(tmp_path))])
    assert job is not None
    qtbot.waitUntil(lambda: window.file_import is None, timeout=30000)
    assert _schedules(library) == {BUNDLED_TITLE, TINY_TITLE}
    assert TINY_TITLE in window.windowTitle()


def test_a_file_dropped_on_the_window_goes_in(qtbot, window: MainWindow, tmp_path: Path) -> None:
    path = write_tiny(tmp_path)
    entered, _ = _drag(window, "enter", [path])
    assert entered.isAccepted()
    with qtbot.waitSignal(window.files.added, timeout=20_000):
        _drag(window, "drop", [path])
    assert window.windowTitle() == f"Planner — {TINY_TITLE}"


def test_a_removed_schedule_leaves_at_once_and_its_rows_on_a_worker(
    qtbot, window: MainWindow, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """Taking a 50,000-event schedule's rows out held the window (and the library's lock)
    1.3 s; the window now hides it and a worker takes the rows out in short transactions,
    held here between two of them while the window stars a talk of the schedule it shows."""
    import planner.store.importing as importing  # only here: the removal's chunks and their pauses

    window.files.add_now([str(write_tiny(tmp_path))])
    tiny_key = window.schedule_key
    assert TINY_TITLE in window.windowTitle()
    monkeypatch.setattr(importing, "REMOVE_CHUNK", 1)
    between, go_on = threading.Event(), threading.Event()
    real_pause = importing._pause_after

    def pause_after(held: float) -> float:
        between.set()
        assert go_on.wait(30), "the test never let the removal go on"
        return real_pause(held)

    monkeypatch.setattr(importing, "_pause_after", pause_after)
    monkeypatch.setattr("planner.ui.dialogs.confirm_removal", lambda parent, title, starred: False)
    try:
        window.remove_schedule()
        # Gone from the window at once, though the worker has not taken its rows out yet.
        assert between.wait(30)
        assert window.schedule_key != tiny_key and window.schedule_box.count() == 1
        assert _schedules(library) == {BUNDLED_TITLE}
        oral1 = event(window, "Oral 1")
        window.set_star(oral1.id, True)  # written at once: the worker holds no lock now
        assert oral1.id in library.starred_ids()
    finally:
        go_on.set()
    job = window.files.removal
    assert job is not None and job.wait(30)
    assert library._conn.execute(
        "SELECT count(*) FROM events e JOIN schedules s ON s.id = e.schedule_id WHERE s.staging != ''").fetchone()[0] == 0
    assert library._conn.execute("SELECT count(*) FROM schedules").fetchone()[0] == 1
