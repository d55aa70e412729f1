"""The Time Zone dialog: completion on any part of a name, and a typo that keeps it open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QWidget

from planner.ui.dialogs import ZonePicker, zones_matching
from planner.ui.main_window import MainWindow


@pytest.fixture
def picker(qtbot) -> ZonePicker:  # type: ignore[no-untyped-def]
    picker = ZonePicker(None, "conference")
    qtbot.addWidget(picker.dialog)
    picker.dialog.show()
    qtbot.waitExposed(picker.dialog)
    return picker


def _completions(picker: ZonePicker) -> list[str]:
    model = picker.completer.completionModel()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _pick(qtbot, picker: ZonePicker, name: str) -> None:  # type: ignore[no-untyped-def]
    """Choose ``name`` in the completion popup with the keyboard, as an attendee would:
    Enter there chooses it and is the dialog's OK."""
    popup = picker.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    row = _completions(picker).index(name)
    for _ in range(row + 1):  # the popup opens with nothing highlighted
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    with qtbot.waitSignal(picker.dialog.accepted):
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert not popup.isVisible()


@pytest.mark.parametrize(("typed", "zone"), [("Berl", "Europe/Berlin"), ("york", "America/New_York"),
                                             ("new york", "America/New_York")])
def test_typing_part_of_a_name_completes_it(qtbot, picker: ZonePicker, typed: str, zone: str) -> None:
    qtbot.keyClicks(picker.edit, typed)
    assert zone in _completions(picker)
    _pick(qtbot, picker, zone)
    assert picker.edit.text() == zone and picker.zone == zone


def test_enter_with_the_list_open_and_nothing_highlighted_is_ok_at_once(qtbot, picker: ZonePicker) -> None:  # type: ignore[no-untyped-def]
    # "Tokyo", Enter: the first Enter only closed the list, a second one was needed.
    qtbot.keyClicks(picker.edit, "Tokyo")
    qtbot.waitUntil(picker.completer.popup().isVisible)
    with qtbot.waitSignal(picker.dialog.accepted):
        qtbot.keyClick(picker.completer.popup(), Qt.Key.Key_Return)
    assert picker.zone == "Asia/Tokyo"


def test_the_zone_shown_now_is_filled_in_and_typing_replaces_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    picker = ZonePicker(None, "Asia/Tokyo")
    qtbot.addWidget(picker.dialog)
    assert picker.edit.text() == "Asia/Tokyo" and picker.edit.selectedText() == "Asia/Tokyo"
    other = ZonePicker(None, "conference")
    qtbot.addWidget(other.dialog)
    assert other.edit.text() == ""  # the menu's own choices are not names to edit


def test_completions_put_names_starting_with_the_text_first() -> None:
    names = ["America/Boise", "Asia/Ho_Chi_Minh", "Europe/Berlin", "Europe/Zurich", "Pacific/Chuuk"]
    assert zones_matching(names, "ch") == ["Asia/Ho_Chi_Minh", "Pacific/Chuuk", "Europe/Zurich"]
    assert zones_matching(names, "RICA") == ["America/Boise"]
    assert zones_matching(names, "ho chi") == ["Asia/Ho_Chi_Minh"]
    assert zones_matching(names, "  ") == []


def test_an_unknown_zone_keeps_the_dialog_open_with_the_text_and_says_why(qtbot, picker: ZonePicker) -> None:
    qtbot.keyClicks(picker.edit, "Mars/Olympus")
    with qtbot.assertNotEmitted(picker.dialog.accepted), qtbot.assertNotEmitted(picker.dialog.finished):
        picker.dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert picker.dialog.isVisible() and picker.zone is None
    assert picker.edit.text() == "Mars/Olympus"
    assert picker.message.isVisible() and "Mars/Olympus" in picker.message.text()
    assert "Berlin" in picker.message.text()  # what to type instead
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not picker.dialog]
    picker.dialog.grab()
    qtbot.keyClicks(picker.edit, "x")  # the attendee corrects it: the message goes
    assert not picker.message.isVisible()


def test_a_name_in_another_case_or_the_only_match_is_taken(qtbot, picker: ZonePicker) -> None:
    qtbot.keyClicks(picker.edit, "europe/berlin")
    assert picker.chosen() == "Europe/Berlin"
    picker.edit.setText("Honolulu")
    assert picker.chosen() == "Pacific/Honolulu"
    picker.edit.setText("Amer")
    assert picker.chosen() is None and "pick one from the list" in picker.message.text()


def _in_the_zone_dialog(qtbot, monkeypatch: pytest.MonkeyPatch, typed: str, then) -> list[str]:  # type: ignore[no-untyped-def]
    """Once View > Time Zone's dialog is up, type ``typed`` into it and call ``then(dialog,
    edit)``; whatever happens, the dialog is closed after, so a failing test cannot hang.
    Returns the warnings shown in message boxes (recorded, not shown, for the same reason)."""
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: boxes.append(text))

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            edit = dialog.findChild(QLineEdit)
            edit.selectAll()
            qtbot.keyClicks(edit, typed)
            then(dialog, edit)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, answer)
    return boxes


def test_view_time_zone_shows_times_in_the_zone_picked(qtbot, window: MainWindow,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def pick(dialog, edit) -> None:  # type: ignore[no-untyped-def]
        popup = edit.completer().popup()
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    boxes = _in_the_zone_dialog(qtbot, monkeypatch, "Berl", pick)
    window.zones.choose()
    assert not boxes
    assert window.zones.name == "Europe/Berlin"
    assert "Europe/Berlin" in window.zone_label.text()


def test_view_time_zone_keeps_a_typo_in_the_open_dialog(qtbot, window: MainWindow,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def enter(dialog, edit) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        seen["open"] = dialog.isVisible()
        seen["text"] = edit.text()
        seen["said"] = [label.text() for label in dialog.findChildren(QLabel)
                        if label.isVisible() and "Mars/Olympus" in label.text()]

    boxes = _in_the_zone_dialog(qtbot, monkeypatch, "Mars/Olympus", enter)
    before = window.zones.name
    window.zones.choose()
    assert seen["open"] and seen["text"] == "Mars/Olympus" and seen["said"]
    assert not boxes  # said beside the text, not in a box that takes it away
    assert window.zones.name == before  # cancelled after: nothing changed


def test_the_schedules_own_zone_is_asked_as_a_question_of_its_own(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Not the display zone's "Show times in:" with this computer's zone filled in, which was
    accepted as it was: FOSDEM 2021 placed in UTC."""
    from planner.ui import dialogs

    seen: list[QWidget] = []

    def answer() -> None:
        picker = next(w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() == "Schedule's Time Zone")
        seen.append(picker)
        picker.findChild(QLineEdit).setText("Europe/Brussels")
        picker.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, answer)
    assert dialogs.pick_schedule_zone(None, "FOSDEM 2021", "") == "Europe/Brussels"  # type: ignore[arg-type]
    prompt = seen[0].findChild(QLabel).text()
    assert "FOSDEM 2021 gives its times without a time zone" in prompt and "Show times in" not in prompt
