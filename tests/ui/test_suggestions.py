"""Suggested for you under My agenda, and My agenda's papers exported as BibTeX.

The panel is put into the window by planner.ui.suggestions.install(); the window calls
refresh() when it shows the stars anew, which these tests do by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pybtex.database import parse_string
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog

from planner.store import Library
from planner.text.readable import event_summary
from planner.ui import suggestions as suggestions_module
from planner.ui.main_window import MainWindow
from planner.ui.suggestions import Suggestions, install
from planner.ui.widgets.models import Roles
from planner.ui.widgets.suggestions import LIKE, SCORE
from tests.ui.helpers import event

ORAL1, ORAL2 = "sp-496136e5b5", "sp-78b3ba9738"  # the bundled session's; alike, as more like this says


def listed(controller: Suggestions) -> list[str]:
    return controller.panel.model.event_ids()


def star_and_wait(qtbot, window: MainWindow, controller: Suggestions, *ids: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(controller.updated, timeout=5000):
        for event_id in ids:
            window.set_star(event_id, True)
            controller.refresh()  # as MainWindow.refresh_starred does


def test_the_list_follows_the_stars_and_explains_itself(qtbot, qtmodeltester, window: MainWindow) -> None:
    controller = install(window)
    panel = controller.panel
    controller.update_now()
    assert panel.isHidden()  # nothing starred, nothing to be like

    star_and_wait(qtbot, window, controller, ORAL1)
    assert panel.isVisible() and panel.list.isVisible()
    ids = listed(controller)
    assert ids[0] == ORAL2 and ORAL1 not in ids and len(ids) <= 10
    assert event(window, "Break").id not in ids
    qtmodeltester.check(panel.model)
    model = panel.model
    first = model.index(0, 0)
    oral1 = window.library.event(ORAL1)
    assert first.data(Roles.EVENT_ID) == ORAL2 and 0 < first.data(SCORE) <= 1
    assert first.data(LIKE) == event_summary(oral1)
    assert str(first.data(Qt.ItemDataRole.DisplayRole)).startswith("Oral 2: Understanding")
    assert str(first.data(Qt.ItemDataRole.DisplayRole)).endswith("\nThu 10 Dec 18:15–18:30")
    assert f"Like your starred {event_summary(oral1)}" in first.data(Qt.ItemDataRole.ToolTipRole)
    assert model.data(QModelIndex()) is None and model.rowCount(first) == 0
    assert panel.list.accessibleName() == "Suggested for you: talks like your starred ones"
    assert panel.header.accessibleName() == "Suggested for you"
    window.left.grab()  # painted: a model or delegate that raises fails here

    # Unstarring everything hides it again.
    with qtbot.waitSignal(controller.updated, timeout=5000):
        window.set_star(ORAL1, False)
        controller.refresh()
    assert panel.isHidden()


def test_star_changes_in_a_row_work_the_list_out_once(qtbot, window: MainWindow) -> None:
    controller = install(window)
    calls: list[int] = []
    controller.updated.connect(lambda: calls.append(1))
    star_and_wait(qtbot, window, controller, ORAL1, event(window, "Oral 3").id, event(window, "Spotlight 5").id)
    with qtbot.assertNotEmitted(controller.updated, wait=suggestions_module.DELAY_MS + 100):
        pass
    assert calls == [1]
    assert not {ORAL1, event(window, "Oral 3").id} & set(listed(controller))


def test_enter_goes_to_the_talk_and_s_stars_it(qtbot, window: MainWindow) -> None:
    controller = install(window)
    star_and_wait(qtbot, window, controller, ORAL1)
    view = controller.panel.list
    view.setFocus()
    view.setCurrentIndex(controller.panel.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.current_event() is not None and window.current_event().id == ORAL2

    second = listed(controller)[1]
    view.setCurrentIndex(controller.panel.model.index(1, 0))
    with qtbot.waitSignal(controller.updated, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_S)  # the list's talk, not the selected one (Oral 2)
        controller.refresh()
    assert second in window.starred and ORAL2 not in window.starred
    assert second not in listed(controller)
    assert view.currentIndex().row() == 1  # the next suggestion took its place: S again stars it


def test_tab_reaches_the_list_after_my_agenda(qtbot, window: MainWindow) -> None:
    controller = install(window)
    star_and_wait(qtbot, window, controller, ORAL1)
    assert window.agenda.export_button.nextInFocusChain() is controller.panel.list


def test_a_big_schedule_is_ranked_on_a_worker(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(suggestions_module, "SYNC_SIMILAR_LIMIT", 0)
    controller = install(window)
    window.similar.index = None
    with qtbot.waitSignal(controller.updated, timeout=10000):
        window.set_star(ORAL1, True)
        controller.update_now()
        # Until the worker's answer is delivered (by the event loop, so not before this line):
        assert controller.build is not None and listed(controller) == []
        assert controller.panel.note.isVisibleTo(controller.panel)
        assert controller.panel.note.text() == "Finding talks like your starred ones…"
    assert listed(controller)[0] == ORAL2 and not controller.panel.note.isVisibleTo(controller.panel)
    assert window.similar.index is not None  # more like this gets the index built here
    assert controller.build is not None and controller.build.wait(5)


# -- My agenda's papers as BibTeX ----------------------------------------------------------


def test_export_offers_bibtex_and_writes_the_starred_papers(
        window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "papers"
    asked: list[str] = []

    def dialog(parent: object, caption: str, start: str, filters: str) -> tuple[str, str]:
        asked.append(filters)
        return str(target), "BibTeX, the starred papers (*.bib)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    for heading in ("Oral 1", "Spotlight 12", "Break"):
        window.set_star(event(window, heading).id, True)
    window.export_agenda()
    assert "BibTeX" in asked[0] and "Calendar (*.ics)" in asked[0]
    written = tmp_path / "papers.bib"  # the suffix of the type chosen
    entries = parse_string(written.read_text("utf-8"), "bibtex").entries
    assert list(entries) == ["shao2020normalization", "zhuang2020adabelief"]
    assert entries["zhuang2020adabelief"].fields["title"].startswith("{AdaBelief} Optimizer")
    assert window.statusBar().currentMessage() == (
        f"Exported 2 papers to {written} (left out 1 starred talk that is not a paper)")


def test_papers_starred_without_a_time_go_to_bibtex_only(
        qtbot, open_window, library: Library, settings, fixed_now, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    feed = Path(__file__).parents[1] / "formats" / "data" / "virtualsite" / "neurips-2031-orals-posters.json"
    from planner.formats import virtualsite

    schedule = virtualsite.load(feed)
    library.import_schedule(schedule)
    library.star([schedule.unscheduled[0].id])
    window = open_window(library, settings, fixed_now)
    window.reload(schedule.key)
    answers = iter([(str(tmp_path / "a.ics"), "Calendar (*.ics)"), (str(tmp_path / "a.bib"), "")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: next(answers))
    said: list[str] = []
    monkeypatch.setattr("planner.ui.dialogs.information", lambda parent, title, text: said.append(text))
    window.export_agenda()  # a calendar: nothing to put in it
    assert said == ["The only starred papers have no time yet: they can be exported as BibTeX, "
                    "not in a calendar or an agenda."]
    assert not (tmp_path / "a.ics").exists()
    window.export_agenda()
    assert list(parse_string((tmp_path / "a.bib").read_text("utf-8"), "bibtex").entries) == ["sousa2031reading"]


def test_another_schedule_never_shows_the_last_ones_suggestions(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Switching from DebConf to 38C3, the panel listed DebConf's talks for about a second.
    from tests.ui.plan_fest import write_fest

    controller = install(window)
    star_and_wait(qtbot, window, controller, ORAL1)
    bundled = set(listed(controller))
    assert bundled
    bundled_key = window.schedule_key
    assert window.import_files([str(write_fest(tmp_path))])
    fest_key = next(info.key for info in window.library.schedules() if info.key != bundled_key)
    window.reload(fest_key)
    controller.refresh()  # as MainWindow.refresh_starred does
    assert not set(listed(controller)) & bundled  # at once, not once the fest's list is worked out
    fest_ids = {e.id for e in window.days.all()}
    window.library.star([next(e.id for e in window.days.all() if e.title == "Alpha")])
    window.reload(fest_key)
    with qtbot.waitSignal(controller.updated, timeout=5000):
        controller.refresh()
    assert listed(controller) and set(listed(controller)) <= fest_ids  # its own, once worked out
    window.reload(bundled_key)
    controller.refresh()
    assert not set(listed(controller)) & fest_ids  # and back: the fest's are gone at once too


def test_the_panel_s_note_sits_under_its_heading(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """"Finding talks like your starred ones…" right under SUGGESTED FOR YOU, not down in
    the room of the column the list would take (as it sat, half-way down the window)."""
    from PySide6.QtGui import QImage

    window.set_star(event(window, "Oral 1").id, True)
    panel = window.suggestions.panel
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    panel.show_rows([], None)  # "No talk here is like your starred ones yet."
    assert panel.note.isVisible() and not panel.list.isVisible()
    window.resize(1280, 1000)  # a tall column: room to spare below the note
    qtbot.waitUntil(lambda: panel.height() > 250)
    image = panel.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    background = image.pixel(image.width() - 1, image.height() - 1)
    inked = [y for y in range(image.height()) if any(image.pixel(x, y) != background for x in range(image.width() - 4))]
    assert inked and inked[0] < 30 and inked[-1] - inked[0] < 60, (inked[0], inked[-1], panel.height())


def test_a_zone_change_shows_the_listed_talks_in_the_new_zone_at_once(qtbot, window: MainWindow) -> None:
    """Every time on screen is in the display zone: after a switch to Tokyo the panel still
    read the conference's times until its list was worked out again (a second at 38C3's
    size), beside My agenda and the timeline in Tokyo's."""
    controller = install(window)
    star_and_wait(qtbot, window, controller, ORAL1)
    first = controller.panel.model.index(0, 0)
    assert str(first.data(Qt.ItemDataRole.DisplayRole)).endswith("\nThu 10 Dec 18:15–18:30")
    controller._timer.setInterval(60_000)  # the list is not worked out again during this test
    window.set_display_zone("Asia/Tokyo")
    controller.refresh()  # as MainWindow.refresh_starred does on a zone change
    assert str(first.data(Qt.ItemDataRole.DisplayRole)).endswith("\nFri 11 Dec 11:15–11:30")


def test_a_schedule_with_nothing_starred_hides_the_panel_at_once(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Switching to a schedule with no stars, the panel said "Finding talks like your starred
    ones…" until its timer ran, about nothing."""
    from tests.ui.plan_fest import write_fest

    controller = install(window)
    star_and_wait(qtbot, window, controller, ORAL1)
    assert controller.panel.isVisible()
    bundled_key = window.schedule_key
    assert window.import_files([str(write_fest(tmp_path))])
    fest_key = next(info.key for info in window.library.schedules() if info.key != bundled_key)
    controller._timer.setInterval(60_000)  # the list is not worked out again during this test
    window.reload(fest_key)
    controller.refresh()  # as MainWindow.refresh_starred does
    assert controller.panel.isHidden()
