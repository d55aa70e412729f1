"""Files: Export My agenda to .ics (save dialog patched), open and drop schedule files.

Errors must appear in a dialog (QMessageBox patched to record the call) and lose nothing:
an existing calendar file stays as it was, a malformed schedule changes no event or star.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from planner.export.ics import uid_for
from planner.store import Library
from planner.ui.main_window import MainWindow

from .helpers import MALFORMED_LINE, TINY_TITLE, event, write_malformed, write_tiny


class Recorder:
    """Stands in for a static QMessageBox/QFileDialog function and records its calls."""

    def __init__(self, result: object = None) -> None:
        self.calls: list[tuple[object, ...]] = []
        self.result = result

    def __call__(self, *args: object, **kwargs: object) -> object:
        self.calls.append(args)
        return self.result

    def text(self) -> str:
        return " ".join(str(a) for call in self.calls for a in call if isinstance(a, str))


@pytest.fixture
def critical(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder(QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "critical", recorder)
    return recorder


@pytest.fixture
def information(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder(QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "information", recorder)
    return recorder


def save_dialog(monkeypatch: pytest.MonkeyPatch, path: Path | str) -> Recorder:
    recorder = Recorder((str(path), "Calendar files (*.ics)"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", recorder)
    return recorder


def star(window: MainWindow, *headings: str) -> list[str]:
    ids = [event(window, h).id for h in headings]
    for event_id in ids:
        window.set_star(event_id, True)
    return ids


def snapshot(library: Library) -> tuple[object, ...]:
    return (tuple(library.schedules()), tuple(library.events()), frozenset(library.starred_ids()), library.notes())


# -- export ------------------------------------------------------------------------------


def test_ctrl_e_exports_the_starred_events_to_a_valid_ics(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = star(window, "Spotlight 7", "Oral 1", "Spotlight 13")
    target = tmp_path / "out" / "my-agenda.ics"
    target.parent.mkdir()
    dialog = save_dialog(monkeypatch, target)
    qtbot.keyClick(window.timeline, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(dialog.calls) == 1
    calendar = Calendar.from_ical(target.read_bytes())
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == len(ids) == len(window.library.starred_ids())
    by_summary = {str(v["SUMMARY"]): v for v in vevents}
    oral1 = event(window, "Oral 1")
    match = [s for s in by_summary if s.startswith("Oral 1")]
    assert len(match) == 1
    assert by_summary[match[0]].decoded("DTSTART") == oral1.start
    assert by_summary[match[0]].decoded("DTEND") == oral1.end
    # The same exporter as `planner export`: its UIDs, so calendars recognise the events.
    assert {str(v["UID"]) for v in vevents} == {uid_for(e) for e in window.days.all() if e.id in ids}
    message = window.statusBar().currentMessage()
    assert "3 events" in message and str(target) in message


def test_the_export_button_and_the_agenda_button_export_too(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    star(window, "Oral 2")
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    save_dialog(monkeypatch, first)
    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    assert len(Calendar.from_ical(first.read_bytes()).walk("VEVENT")) == 1
    assert "1 event " in window.statusBar().currentMessage() + " "
    save_dialog(monkeypatch, second)
    qtbot.mouseClick(window.agenda.export_button, Qt.MouseButton.LeftButton)
    assert len(Calendar.from_ical(second.read_bytes()).walk("VEVENT")) == 1


def test_export_adds_the_ics_suffix(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    star(window, "Oral 1")
    save_dialog(monkeypatch, tmp_path / "agenda")
    window.export_agenda()
    assert (tmp_path / "agenda.ics").is_file()
    assert not (tmp_path / "agenda").exists()


def test_cancelling_the_save_dialog_writes_nothing(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    star(window, "Oral 1")
    save_dialog(monkeypatch, "")
    window.export_agenda()
    assert list(tmp_path.glob("*.ics")) == []
    assert "Exported" not in window.statusBar().currentMessage()


def test_exporting_an_empty_agenda_explains_instead_of_asking_for_a_file(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, information: Recorder
) -> None:
    dialog = save_dialog(monkeypatch, "/nonexistent/never.ics")
    window.export_agenda()
    assert dialog.calls == []
    assert len(information.calls) == 1 and "empty" in information.text()


def test_exporting_to_a_missing_folder_shows_a_dialog(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, critical: Recorder
) -> None:
    star(window, "Oral 1")
    target = tmp_path / "no-such-folder" / "agenda.ics"
    save_dialog(monkeypatch, target)
    window.export_agenda()
    assert len(critical.calls) == 1
    assert str(target) in critical.text()
    assert not target.exists()
    assert "Exported" not in window.statusBar().currentMessage()


def test_a_failed_export_leaves_the_existing_file_unchanged(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, critical: Recorder
) -> None:
    star(window, "Oral 1", "Oral 2")
    target = tmp_path / "agenda.ics"
    target.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    before = target.read_bytes()
    save_dialog(monkeypatch, target)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)  # the write fails half-way, like a full disk
    window.export_agenda()
    monkeypatch.undo()
    assert len(critical.calls) == 1
    assert str(target) in critical.text() and "No space left" in critical.text()
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []  # no half-written file left


# -- import: open and drop ---------------------------------------------------------------


def drop(window: MainWindow, paths: list[Path], target: QWidget | None = None) -> tuple[bool, bool]:
    """Drag ``paths`` onto ``target`` (the window) and drop them there.

    Returns (enter accepted, drop accepted). Qt hands drag events that a widget does not
    accept to its parents, as a real drop on a child widget would.
    """
    target = target or window
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = target.rect().center()
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    dropped = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, dropped)
    if window.file_import is not None:  # dropped files go in on a worker thread
        assert window.file_import.wait(30)
        QApplication.processEvents()  # delivers its report
    return enter.isAccepted(), dropped.isAccepted()


def test_a_malformed_file_dropped_shows_file_and_line_and_changes_nothing(
    window: MainWindow, library: Library, tmp_path: Path, critical: Recorder
) -> None:
    star(window, "Oral 1", "Spotlight 6")
    before = snapshot(library)
    title = window.windowTitle()
    bad = write_malformed(tmp_path)
    entered, _ = drop(window, [bad])
    assert entered
    assert len(critical.calls) == 1
    assert str(bad) in critical.text() and f"line {MALFORMED_LINE}" in critical.text()
    assert snapshot(library) == before
    with Library(library.path) as fresh:
        assert snapshot(fresh) == before
    assert window.windowTitle() == title
    assert window.model.rowCount() == 15 and window.agenda.model.event_count() == 2


def test_a_valid_file_dropped_is_imported_and_shown(
        window: MainWindow, library: Library, tmp_path: Path, critical: Recorder) -> None:
    stars = set(star(window, "Oral 1"))
    entered, accepted = drop(window, [write_tiny(tmp_path)])
    assert entered and accepted
    assert critical.calls == []
    assert TINY_TITLE in window.windowTitle()
    assert {s.title for s in library.schedules()} == {TINY_TITLE, "Orals & Spotlights Track 34: Deep Learning"}
    assert library.starred_ids() == stars
    assert window.schedule_box.count() == 2
    assert TINY_TITLE in window.statusBar().currentMessage()


def test_files_dropped_on_the_timeline_reach_the_window(window: MainWindow, library: Library, tmp_path: Path,
                                                       critical: Recorder) -> None:
    before = snapshot(library)
    entered, _ = drop(window, [write_malformed(tmp_path)], target=window.timeline.viewport())
    assert entered and len(critical.calls) == 1
    assert snapshot(library) == before
    entered, accepted = drop(window, [write_tiny(tmp_path)], target=window.timeline.viewport())
    assert entered and accepted
    assert TINY_TITLE in window.windowTitle()


def test_one_bad_file_among_several_imports_none_of_them(
    window: MainWindow, library: Library, tmp_path: Path, critical: Recorder
) -> None:
    before = snapshot(library)
    drop(window, [write_tiny(tmp_path), write_malformed(tmp_path)])
    assert len(critical.calls) == 1
    assert snapshot(library) == before


def test_an_unreadable_or_unknown_file_is_an_error_naming_it(
    window: MainWindow, library: Library, tmp_path: Path, critical: Recorder
) -> None:
    before = snapshot(library)
    junk = tmp_path / "notes.txt"
    junk.write_text("just some text\nnot a schedule\n", encoding="utf-8")
    assert not window.import_files([str(junk)])
    assert str(junk) in critical.text() and "line 1" in critical.text()
    missing = tmp_path / "missing.xml"
    assert not window.import_files([str(missing)])
    assert str(missing) in critical.calls[-1][2]
    assert snapshot(library) == before


def test_a_drag_without_local_files_is_refused(window: MainWindow) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.org/schedule.xml")])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    enter.setAccepted(False)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()
    text = QMimeData()
    text.setText("hello")
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, text, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    enter.setAccepted(False)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_reimporting_keeps_stars(window: MainWindow, library: Library, tmp_path: Path, critical: Recorder) -> None:
    assert window.import_files([str(write_tiny(tmp_path))])
    oral1 = event(window, "Oral 1")
    window.set_star(oral1.id, True)
    assert window.import_files([str(write_tiny(tmp_path, "again.txt"))])
    assert oral1.id in library.starred_ids()
    assert critical.calls == []


def test_a_failed_export_does_not_count_as_sent(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, critical: Recorder
) -> None:
    """Exports remember what each calendar was told (SEQUENCE, cancellations); a write that
    failed told nobody anything, so the next export must still cancel an unstarred event."""
    oral1, oral2 = star(window, "Oral 1", "Oral 2")
    target = tmp_path / "agenda.ics"
    save_dialog(monkeypatch, target)
    window.export_agenda()
    assert len(Calendar.from_ical(target.read_bytes()).walk("VEVENT")) == 2

    window.set_star(oral2, False)
    with monkeypatch.context() as failing:
        failing.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
        window.export_agenda()
    assert len(critical.calls) == 1

    window.export_agenda()  # the disk has room again
    vevents = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    status = {str(v["SUMMARY"]).split(":")[0]: str(v.get("STATUS", "")) for v in vevents}
    assert status.get("Oral 2") == "CANCELLED", status
    assert status.get("Oral 1") != "CANCELLED"
    assert oral1 in window.library.starred_ids()
