"""Entries a feed lists without a time are kept where an attendee finds them (issue 19): a
"Not scheduled · N" tab after the days, a page listing them to filter and star, the detail
pane, My agenda's reading list and the search (planner.ui.not_scheduled)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from planner.domain.model import Unscheduled
from planner.store import Library
from planner.ui.main_window import MainWindow
from planner.ui.not_scheduled import NotScheduled
from planner.ui.widgets.agenda_model import AgendaModel
from planner.ui.widgets.models import Roles
from planner.ui.widgets.unscheduled_list import AUTHORS, BOARD, KIND, STAR, TITLE, TOPIC, UnscheduledPage

DATA = Path(__file__).resolve().parent.parent / "formats" / "data" / "virtualsite"
FEED = DATA / "neurips-2031-orals-posters.json"
TITLE_TEXT = "Reading-List Paper Without a Slot"  # both entries without a time: a poster and an oral


@pytest.fixture
def feed_window(window: MainWindow) -> MainWindow:
    """The window showing the fixture feed: five events on three days, two entries without a time."""
    assert window.import_files([str(FEED)])
    return window


def unplaced(window: MainWindow) -> NotScheduled:
    return window.selection.not_scheduled


def page(window: MainWindow) -> UnscheduledPage:
    return unplaced(window).page


def tab_texts(window: MainWindow) -> list[str]:
    tabs = window.day_bar.tabs
    return [tabs.tabText(i) for i in range(tabs.count())]


def poster_entry(window: MainWindow) -> Unscheduled:
    return next(e for e in unplaced(window).entries if e.heading == "Poster")


def open_by_tab(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tabs = window.day_bar.tabs
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(tabs.count() - 1).center())
    assert unplaced(window).is_open


def select_row(window: MainWindow, row: int) -> Unscheduled:
    p = page(window)
    p.tree.setCurrentIndex(p.model.index(row, TITLE))
    entry = p.current()
    assert entry is not None
    return entry


def test_a_last_tab_counts_the_entries_without_a_time(window: MainWindow) -> None:
    assert not any(text.startswith("Not scheduled") for text in tab_texts(window))  # the bundled session has none
    assert window.import_files([str(FEED)])
    texts = tab_texts(window)
    assert texts == ["Tue 09 Dec", "Wed 10 Dec", "Thu 11 Dec", "Not scheduled · 2"]
    assert window.day_bar.tabs.accessibleTabName(3) == "Not scheduled: 2 without a time yet"
    assert window.day_bar.tabs.currentIndex() == 0  # the first day is shown, not the list


def test_the_tab_lists_the_entries_in_place_of_the_timeline(feed_window: MainWindow, qtbot, qtmodeltester) -> None:
    w = feed_window
    open_by_tab(qtbot, w)
    p = page(w)
    assert w.shown_view() is p and w.day_bar.tabs.currentIndex() == 3
    model = p.model
    rows = [[model.index(r, c).data() for c in (STAR, KIND, TITLE, AUTHORS, TOPIC)] for r in range(model.rowCount())]
    assert rows == [["☆", "Poster", TITLE_TEXT, "Gil Sousa", "Health"], ["☆", "Oral", TITLE_TEXT, "Gil Sousa", "Health"]]
    assert p.tree.isColumnHidden(BOARD)  # neither has a board
    assert "Instituto Superior Técnico" in model.index(0, AUTHORS).data(Qt.ItemDataRole.ToolTipRole)
    assert "2 entries the conference has not given a time yet" in p.heading.accessibleName()
    assert model.data(QModelIndex()) is None
    qtmodeltester.check(model)
    # With nothing selected, the detail pane says what the list is.
    assert "2 entries without a time" in w.detail.browser.toPlainText()
    qtbot.keyClicks(p.filter, "oral")
    assert model.rowCount() == 1 and model.index(0, KIND).data() == "Oral" and p.shown_label.text() == "1 of 2 shown"
    assert not p.grab().isNull()  # paints


def test_s_stars_the_selected_entry_and_undo_takes_it_back(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    open_by_tab(qtbot, w)
    p = page(w)
    entry = select_row(w, 0)
    p.tree.setFocus()
    qtbot.keyClick(p.tree, Qt.Key.Key_S)
    assert w.library.starred_ids() == {entry.id}
    assert p.model.index(0, STAR).data() == "★"
    message = w.statusBar().currentMessage()
    assert message.startswith(f"Starred Poster: {TITLE_TEXT}") and entry.id not in message
    w.stars.undo()
    assert w.library.starred_ids() == set()
    assert w.statusBar().currentMessage() == f"Undone: Poster: {TITLE_TEXT} is no longer starred"
    assert p.model.index(0, STAR).data() == "☆"
    # Shift+S, and a click on the star, do the same.
    qtbot.keyClick(p.tree, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    assert w.library.starred_ids() == {entry.id}
    oral = p.model.index(1, STAR)
    qtbot.mouseClick(p.tree.viewport(), Qt.MouseButton.LeftButton, pos=p.tree.visualRect(oral).center())
    oral_id = p.model.index(1, TITLE).data(Roles.EVENT_ID)
    assert w.library.starred_ids() == {entry.id, oral_id} and p.current_id() == oral_id


def test_the_detail_pane_shows_an_entry_without_times_and_its_star_and_note_work(feed_window: MainWindow,
                                                                                  qtbot) -> None:
    w = feed_window
    open_by_tab(qtbot, w)
    entry = select_row(w, 0)
    text = w.detail.browser.toPlainText()
    assert text.startswith(TITLE_TEXT)
    assert "Not scheduled yet: the conference has not given it a time" in text
    assert "Gil Sousa · Instituto Superior Técnico" in text
    assert "Topic: Applications › Health" in text
    assert "A paper the conference has not placed yet." in text  # the abstract, from the sidecar
    assert "OpenReview" in text and "PDF" in text
    assert "Also listed as Oral" in text
    assert "conference time" not in text and "UTC" not in text  # no time lines
    assert "not scheduled" in w.detail.badge.text()
    assert w.detail.star_button.isEnabled() and not w.detail.star_button.isChecked()
    w.detail.star_button.click()
    assert w.library.starred_ids() == {entry.id} and w.detail.star_button.text() == "★ Must-see"
    w.detail.note.setPlainText("read before the poster session")
    w.detail.flush_note()
    assert w.library.note(entry.id) == "read before the poster session"


def test_my_agenda_ends_with_the_reading_list(feed_window: MainWindow, qtbot, qtmodeltester) -> None:
    w = feed_window
    entry = poster_entry(w)
    w.set_star(entry.id, True)
    model = w.agenda.model
    heading = model.index(model.rowCount() - 1, 0)
    assert heading.data() == "Reading list (not scheduled)  (1)"
    row = model.index(0, 0, heading)
    assert row.data().startswith(f"Poster: {TITLE_TEXT}")
    assert not model.flags(heading) & Qt.ItemFlag.ItemIsSelectable
    assert "1 to read" in w.agenda.header.text() and w.agenda.stack.currentWidget() is w.agenda.tree
    qtmodeltester.check(model)
    assert model.data(QModelIndex()) is None
    # Selecting it goes to it on the "Not scheduled" page.
    assert not unplaced(w).is_open
    w.agenda.tree.setCurrentIndex(row)
    assert unplaced(w).is_open and page(w).current_id() == entry.id
    assert w.detail.entry is not None and w.detail.entry.id == entry.id
    # Delete unstars it.
    w.agenda.tree.setFocus()
    qtbot.keyClick(w.agenda.tree, Qt.Key.Key_Delete)
    assert w.library.starred_ids() == set()
    assert model.rowCount() == 0 or model.index(model.rowCount() - 1, 0).data() != AgendaModel.READING_LIST


def test_the_search_lists_matching_entries_last_and_enter_opens_one(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    qtbot.keyClicks(w.search, "Sousa")  # the author of both
    w.finder.settle()
    results = w.finder.results
    last = results.topLevelItem(results.topLevelItemCount() - 1)
    assert last is not None and last.text(0) == "Not scheduled · 2 matches"
    assert [last.child(i).text(1) for i in range(last.childCount())] == [f"{TITLE_TEXT} · Poster", f"{TITLE_TEXT} · Oral"]
    # "No time · 2" where the counts make the full labels too wide (planner.ui.day_bar).
    assert tab_texts(w)[-1] in ("Not scheduled · 2", "No time · 2")
    assert w.day_bar.tabs.accessibleTabName(w.day_bar.tabs.count() - 1) == "Not scheduled: 2 matches"
    assert "2 not scheduled" in w.count_label.text()
    w.search.setFocus()
    qtbot.keyClick(w.search, Qt.Key.Key_Return)
    assert unplaced(w).is_open and page(w).current_id() == poster_entry(w).id
    assert w.detail.entry is not None and w.detail.entry.id == poster_entry(w).id


def test_esc_and_a_days_tab_go_back_to_the_timeline(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    open_by_tab(qtbot, w)
    qtbot.keyClick(page(w).tree, Qt.Key.Key_Escape)
    assert not unplaced(w).is_open and w.shown_view() is w.timeline and w.day_bar.tabs.currentIndex() == 0
    open_by_tab(qtbot, w)
    tabs = w.day_bar.tabs
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(1).center())
    assert not unplaced(w).is_open and w.current_day == w.day_list[1] and tabs.currentIndex() == 1
    # L (the day as a list) takes the page's place: its day's tab and talk are shown again.
    unplaced(w).open(poster_entry(w).id)
    assert w.detail.entry is not None
    w.named_actions["list_view"].trigger()
    assert not unplaced(w).is_open and w.shown_view() is w.event_list and tabs.currentIndex() == 1
    assert w.detail.entry is None


def test_an_update_that_gives_an_entry_a_time_moves_it_to_its_day_with_its_star(feed_window: MainWindow,
                                                                                 tmp_path: Path, qtbot) -> None:
    w = feed_window
    entry = poster_entry(w)
    w.set_star(entry.id, True)
    open_by_tab(qtbot, w)
    feed = json.loads(FEED.read_text(encoding="utf-8"))
    placed = next(e for e in feed["results"] if e["id"] == 501)
    placed.update(starttime="2031-12-10T16:30:00-08:00", endtime="2031-12-10T18:00:00-08:00",
                  session="Poster Session 2", room_name="Exhibit Hall C,D,E", poster_position="#113")
    folder = tmp_path / "update"
    folder.mkdir()
    (folder / FEED.name).write_text(json.dumps(feed), encoding="utf-8")
    shutil.copy(DATA / "neurips-2031-abstracts.json", folder)
    assert w.import_files([str(folder / FEED.name)])
    assert tab_texts(w)[-1] == "Not scheduled · 1"
    assert [e.heading for e in unplaced(w).entries] == ["Oral"]
    event = w.days.event(entry.id)
    assert event is not None and event.poster_position == "#113"
    assert entry.id in w.library.starred_ids() and entry.id in {e.id for e in w.starred_events}
    assert w.agenda.model.index(w.agenda.model.rowCount() - 1, 0).data() != "Reading list (not scheduled)  (1)"
    w.select_event(entry.id)
    assert not unplaced(w).is_open and w.current_event().id == entry.id  # a card on its day


def test_a_star_from_another_process_and_a_zone_change_keep_the_page_right(feed_window: MainWindow, qtbot,
                                                                          db_path: Path) -> None:
    w = feed_window
    open_by_tab(qtbot, w)
    entry = select_row(w, 0)
    other = Library(db_path)
    try:
        other.star([entry.id])
    finally:
        other.close()
    qtbot.waitUntil(lambda: page(w).model.index(0, STAR).data() == "★", timeout=5000)
    assert w.detail.star_button.isChecked()
    assert w.agenda.model.index(w.agenda.model.rowCount() - 1, 0).data() == "Reading list (not scheduled)  (1)"
    w.set_display_zone("Europe/Berlin")
    assert unplaced(w).is_open and page(w).current_id() == entry.id and w.day_bar.tabs.currentIndex() == 3
    # In full, or shorter when the zone label (longer for Berlin) leaves the tabs too little room.
    assert tab_texts(w)[-1] == ("No time · 2" if w.day_bar.compact else "Not scheduled · 2") and w.detail.entry is not None
    assert w.day_bar.tabs.sizeHint().width() <= w.day_bar.width() - w.day_bar.zone_label.sizeHint().width()


def test_a_schedule_without_such_entries_has_no_tab(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    open_by_tab(qtbot, w)
    bundled = next(s.key for s in w.library.schedules() if s.key != w.schedule_key)
    w.shown.choose(bundled)
    assert not unplaced(w).is_open and w.shown_view() is w.timeline
    assert not any(text.startswith("Not scheduled") for text in tab_texts(w))
    assert len(tab_texts(w)) == len(w.day_list)


def test_brackets_step_through_the_tabs_with_not_scheduled_last(feed_window: MainWindow, qtbot) -> None:
    """[ and ] go as the day bar's arrow keys: "Not scheduled" is the tab after the last day."""
    w = feed_window
    tabs = w.day_bar.tabs
    w.show_day(w.day_list[0])
    unplaced(w).open()
    qtbot.waitUntil(page(w).tree.hasFocus)
    qtbot.keyClick(page(w).tree, Qt.Key.Key_BracketRight)  # no tab after it: the page stays, and says why
    assert unplaced(w).is_open and tabs.currentIndex() == 3 and w.current_day == w.day_list[0]
    assert "last tab" in w.statusBar().currentMessage()
    qtbot.keyClick(page(w).tree, Qt.Key.Key_BracketLeft)  # the tab before it: the last day
    assert not unplaced(w).is_open and w.current_day == w.day_list[-1] and tabs.currentIndex() == 2
    assert w.shown_view() is w.timeline and w.timeline.hasFocus()
    qtbot.keyClick(w.timeline, Qt.Key.Key_BracketRight)  # from the last day: the page again
    assert unplaced(w).is_open and tabs.currentIndex() == 3 and page(w).tree.hasFocus()
