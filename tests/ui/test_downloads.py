"""The window's Add from URL and Refresh: off the GUI thread, Cancel, errors, 304."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QProgressDialog

from planner.ui.main_window import MainWindow
from tests.conftest import SEED
from tests.net.conftest import Server

SEED_BYTES = SEED.read_bytes()
OTHER_SESSION = SEED_BYTES.replace(b"Track 34: Deep Learning", b"Track 99: Web Tests")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    srv = Server()
    yield srv
    srv.close()


def _wait_done(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.web.download is None, timeout=10_000)


def test_add_from_url_imports_off_the_gui_thread_and_remembers_the_link(qtbot, window: MainWindow, server: Server,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    url = server.serve("/track99.txt", OTHER_SESSION, etag='"v1"')
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (url, True))
    window.web.add_from_url()
    assert window.web.download is not None  # returned to the event loop while downloading
    _wait_done(qtbot, window)
    assert "Track 99" in window.windowTitle()
    assert window.library.origin(window.schedule_key).url == url  # type: ignore[arg-type, union-attr]
    assert window.refresh_action.isEnabled()
    assert window.refreshed_label.text().startswith("Refreshed")


def test_refresh_of_an_unchanged_schedule_is_one_304_and_keeps_stars(qtbot, window: MainWindow, server: Server) -> None:
    url = server.serve("/track99.txt", OTHER_SESSION, etag='"v1"')
    window.web.start_download(url)
    _wait_done(qtbot, window)
    first = window.days.all()[0].id
    window.set_star(first, True)
    window.web.refresh_schedule()
    _wait_done(qtbot, window)
    assert "unchanged (304)" in window.statusBar().currentMessage()
    assert server.seen("/track99.txt")[-1].headers.get("If-None-Match") == '"v1"'
    assert first in window.library.starred_ids()


def test_refresh_of_a_changed_schedule_flags_changes_and_keeps_stars(qtbot, window: MainWindow, server: Server) -> None:
    url = server.serve("/track99.txt", OTHER_SESSION)
    window.web.start_download(url)
    _wait_done(qtbot, window)
    oral1 = next(e for e in window.days.all() if e.number == 1)
    window.set_star(oral1.id, True)
    moved = OTHER_SESSION.replace(b"2020-12-10T18:00:00-08:00 - 2020-12-10T18:15:00-08:00",
                                  b"2020-12-10T18:05:00-08:00 - 2020-12-10T18:20:00-08:00")
    assert moved != OTHER_SESSION
    server.serve("/track99.txt", moved)
    window.web.refresh_schedule()
    _wait_done(qtbot, window)
    assert "1 changed" in window.statusBar().currentMessage()
    assert oral1.id in window.library.starred_ids()
    assert window.statuses[oral1.id][0] == "changed"
    assert "moved from 18:00" in window.statuses[oral1.id][1]


def test_a_failed_download_says_why_and_changes_nothing(qtbot, window: MainWindow, server: Server,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    before = [s.key for s in window.library.schedules()]
    url = server.serve("/missing.xml", b"gone", status=404)
    window.web.start_download(url)
    _wait_done(qtbot, window)
    assert warnings and "404" in warnings[0]
    assert [s.key for s in window.library.schedules()] == before


def _closed_port_url() -> str:
    """A link to 127.0.0.1 where nothing listens: the connection is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/schedule.xml"


@pytest.mark.parametrize("failure", ["404", "unreachable"])
def test_a_failed_download_closes_its_progress_dialog_before_the_error_shows(
        qtbot, window: MainWindow, server: Server, monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    """A failure faster than the progress dialog's delay must not leave that dialog to pop
    up over the error box while the attendee reads it."""
    url = server.serve("/missing.xml", b"gone", status=404) if failure == "404" else _closed_port_url()
    shown: dict[str, list[str]] = {}

    def visible_progress() -> list[str]:
        return [d.labelText() for d in window.findChildren(QProgressDialog) if d.isVisible()]

    def about_to_show() -> bool:
        # A progress dialog not shown yet has Qt's timer running that will show it.
        return any(t.isActive() for d in window.findChildren(QProgressDialog) for t in d.findChildren(QTimer))

    real_warning = QMessageBox.warning
    deadline = time.monotonic() + 10

    def warning(parent, title, text, *args):  # type: ignore[no-untyped-def]
        shown["when the error shows"] = visible_progress()

        def read() -> None:
            # The real, modal box is up: wait (polling, never raising inside the box's
            # event loop) until no progress dialog is still waiting to appear, then close it.
            if about_to_show() and time.monotonic() < deadline:
                QTimer.singleShot(50, read)
                return
            shown["while it is read"] = visible_progress()
            box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
            box.done(QMessageBox.StandardButton.Ok)

        QTimer.singleShot(0, read)
        return real_warning(parent, title, text, *args)

    monkeypatch.setattr(QMessageBox, "warning", warning)
    window.web.start_download(url)
    assert window.web.progress_dialog is not None
    qtbot.waitUntil(lambda: "while it is read" in shown, timeout=15_000)
    assert shown == {"when the error shows": [], "while it is read": []}
    assert window.web.download is None and "Download failed" in window.statusBar().currentMessage()


def test_cancel_stops_the_download_and_changes_nothing(qtbot, window: MainWindow, server: Server,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    before = [s.key for s in window.library.schedules()]
    url = server.serve("/slow.txt", OTHER_SESSION, stall_after=100)
    download = window.web.start_download(url)
    assert download is not None and window.web.progress_dialog is not None
    window.web.progress_dialog.canceled.emit()  # what the dialog's Cancel button sends
    _wait_done(qtbot, window)  # at once: the silent server is not waited for
    assert download.cancelled and not warnings
    assert "cancelled" in window.statusBar().currentMessage()
    assert [s.key for s in window.library.schedules()] == before


def test_refresh_of_a_schedule_from_a_file_explains_instead_of_downloading(window: MainWindow, tmp_path: Path) -> None:
    assert not window.refresh_action.isEnabled()
    window.web.refresh_schedule()
    assert window.web.download is None
    assert "came from a file" in window.statusBar().currentMessage()


def test_refresh_on_start_follows_the_age_setting(qtbot, window: MainWindow, server: Server,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime, timedelta

    url = server.serve("/track99.txt", OTHER_SESSION, etag='"v1"')
    window.web.start_download(url)
    _wait_done(qtbot, window)
    origin = window.library.origin(window.schedule_key)  # type: ignore[arg-type]
    assert origin is not None
    downloaded = datetime.fromisoformat(origin.refreshed_at)
    monkeypatch.setattr(window.timeline, "now", lambda: downloaded + timedelta(minutes=5))
    assert window.refresh_if_stale() is None  # just downloaded: not stale
    later = downloaded + timedelta(hours=window.web.refresh_age_hours + 1)
    monkeypatch.setattr(window.timeline, "now", lambda: later)
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (0, True))
    window.web.choose_refresh_age()  # the attendee turns it off
    assert window.refresh_if_stale() is None
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (2, True))
    window.web.choose_refresh_age()
    download = window.refresh_if_stale()
    assert download is not None and window.web.progress_dialog is None  # quiet: no dialog
    _wait_done(qtbot, window)
    assert "unchanged (304)" in window.statusBar().currentMessage()


# -- parsing and storing what was downloaded, in another process ---------------------------------


def test_what_was_downloaded_is_parsed_and_stored_in_another_process(
        qtbot, window: MainWindow, server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    # Stored on the GUI thread, a 7,000-event feed froze the window for half a second;
    # parsed and stored on the worker thread, it starved the GUI thread's reads. Both are
    # made to fail in this process: the schedule still goes in, so it went in elsewhere.
    import planner.formats
    from planner.store.library import Library

    def nowhere(*args: object, **kwargs: object) -> object:
        raise AssertionError("done in the window's process")

    monkeypatch.setattr(Library, "import_schedule", nowhere)
    monkeypatch.setattr(planner.formats, "parse_bytes", nowhere)
    window.web.start_download(server.serve("/track99.txt", OTHER_SESSION))
    _wait_done(qtbot, window)
    assert "Track 99" in window.windowTitle()  # and the window shows it once stored
    assert "Orals & Spotlights Track 99: Web Tests" in {s.title for s in window.library.schedules()}


@pytest.fixture
def held_child(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, threading.Event]]:
    """The download's child process, held at two points: once it runs (``running``, until
    ``parse``) and once it asked to store (``asked``, until ``store``)."""
    from planner.services import child_jobs

    points = {name: threading.Event() for name in ("running", "parse", "asked", "store")}
    real = child_jobs.store_download

    def held(library: object, got: object, abstracts: object, key: object, *,
             started: Callable[..., None], may_store: Callable[[], bool]) -> object:
        def on_start(process: object) -> None:
            started(process)
            points["running"].set()
            assert points["parse"].wait(30), "the test never let the child go on"

        def asking() -> bool:
            answer = may_store()
            points["asked"].set()
            assert points["store"].wait(30), "the test never let the child store"
            return answer

        return real(library, got, abstracts, key, started=on_start, may_store=asking)  # type: ignore[arg-type]

    monkeypatch.setattr(child_jobs, "store_download", held)
    yield points
    for point in points.values():
        point.set()


def test_cancel_while_the_child_parses_stops_it_and_changes_nothing(
        qtbot, window: MainWindow, server: Server, held_child: dict[str, threading.Event]) -> None:
    before = [s.key for s in window.library.schedules()]
    download = window.web.start_download(server.serve("/track99.txt", OTHER_SESSION))
    assert download is not None and window.web.progress_dialog is not None
    qtbot.waitUntil(held_child["running"].is_set, timeout=10_000)
    window.web.progress_dialog.canceled.emit()  # the dialog's Cancel button
    assert download.cancelled and window.web.download is None
    assert "cancelled" in window.statusBar().currentMessage()
    held_child["parse"].set()
    assert download.wait(30) and not held_child["asked"].is_set()  # killed before it could ask
    assert [s.key for s in window.library.schedules()] == before


def test_cancel_once_storing_began_says_it_is_too_late_and_the_schedule_goes_in_whole(
        qtbot, window: MainWindow, server: Server, held_child: dict[str, threading.Event]) -> None:
    held_child["parse"].set()
    download = window.web.start_download(server.serve("/track99.txt", OTHER_SESSION))
    assert download is not None and window.web.progress_dialog is not None
    qtbot.waitUntil(held_child["asked"].is_set, timeout=10_000)
    window.web.progress_dialog.canceled.emit()  # the dialog's Cancel button, too late
    assert not download.cancelled and window.web.download is download
    assert window.statusBar().currentMessage().startswith("Too late to cancel")
    held_child["store"].set()
    _wait_done(qtbot, window)
    assert "Track 99" in window.windowTitle()
    assert "Orals & Spotlights Track 99: Web Tests" in {s.title for s in window.library.schedules()}


def test_a_download_the_library_refuses_says_it_could_not_be_added(
        qtbot, window: MainWindow, server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: said.append((title, text)))
    before = [s.key for s in window.library.schedules()]
    # "Not modified" to a first download: nothing to store, and the store says so.
    url = server.serve("/track99.txt", b"", status=304)
    window.web.start_download(url)
    _wait_done(qtbot, window)
    assert said and said[0][0] == "Planner — could not add the schedule"
    assert "not modified" in said[0][1] and url in said[0][1]
    assert window.statusBar().currentMessage().startswith("Could not add the schedule: ")
    assert [s.key for s in window.library.schedules()] == before


def test_a_download_that_is_not_a_schedule_names_it_and_changes_nothing(
        qtbot, window: MainWindow, server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    before = [s.key for s in window.library.schedules()]
    url = server.serve("/notes.txt", b"just some notes, no schedule here\n")
    window.web.start_download(url)
    _wait_done(qtbot, window)
    assert warnings and url in warnings[0] and "Traceback" not in warnings[0]
    assert window.statusBar().currentMessage().startswith("Download failed: ")
    assert [s.key for s in window.library.schedules()] == before
