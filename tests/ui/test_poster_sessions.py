"""A poster session is one block on the timeline; opened, its posters are a list by board
(planner.ui.poster_session, planner.ui.widgets.poster_list)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit

from planner.domain.marks import Tier
from planner.domain.poster_sessions import PosterBlock
from planner.formats import load
from planner.store import Library
from planner.ui.main_window import MainWindow
from planner.ui.poster_session import PosterSessions
from planner.ui.widgets.delegates import open_rect
from planner.ui.widgets.models import Roles
from planner.ui.widgets.poster_list import BOARD, STAR, TITLE, PosterSessionPage

from .helpers import write_tiny
from .poster_feed import FEED_NAME, HALL, oral_entries, poster_entries, write_poster_feed


@pytest.fixture
def feed_window(window: MainWindow, tmp_path: Path) -> MainWindow:
    """The window showing the feed: two orals, then sessions of 12 and 9 posters."""
    assert window.import_files([str(write_poster_feed(tmp_path))])
    return window


def sessions(window: MainWindow) -> PosterSessions:
    return window.selection.posters


def page(window: MainWindow) -> PosterSessionPage:
    return sessions(window).page


def first_block(window: MainWindow) -> PosterBlock:
    return window.model.blocks()[0]


def shown_boards(window: MainWindow) -> list[str]:
    model = page(window).model
    return [model.index(row, BOARD).data() for row in range(model.rowCount())]


def open_first(qtbot, window: MainWindow) -> PosterBlock:  # type: ignore[no-untyped-def]
    """Select the first block and press Enter on the timeline."""
    block = first_block(window)
    window.select_event(block.id)
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_Return)
    assert sessions(window).is_open
    return block


def test_each_poster_session_is_one_block_of_the_day(feed_window: MainWindow) -> None:
    w = feed_window
    assert w.model.rowCount() == 4  # two orals, two blocks: not 2 + 21 cards
    first, second = w.model.blocks()
    assert (first.title, len(first.members), first.room) == ("Poster Session 1", 12, HALL)
    assert (second.title, len(second.members)) == ("Poster Session 2", 9)
    index = w.model.index_of(first.id)
    assert index.data(Roles.EVENT).title == "Poster Session 1"
    assert index.data(Roles.POSTER_COUNTS).words() == "12 posters"
    said = index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert said.startswith("Poster session, 12 posters, 0 starred, Poster Session 1, 11:00 to 14:00")
    assert "Enter or a double click opens its posters" in index.data(Qt.ItemDataRole.ToolTipRole)
    # A folded poster is shown by its block.
    assert w.model.index_of(first.members[3]) == index
    w.timeline.scrollTo(index)
    assert not w.timeline.grab().isNull()  # the block paints (a delegate that raises fails here)


def test_the_block_counts_its_starred_posters_and_search_matches(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    block = first_block(w)
    w.set_star(block.members[0], True)
    w.set_star(block.members[5], True)
    index = w.model.index_of(block.id)
    assert index.data(Roles.POSTER_COUNTS).words() == "12 posters · 2 starred"
    assert ", 2 starred," in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert w.model.card_key(index.row()) != w.model.card_key(w.model.index_of(w.model.blocks()[1].id).row())
    w.set_star(block.members[0], False)
    assert index.data(Roles.POSTER_COUNTS).starred == 1
    # A search that finds one poster keeps its block bright and says how many match.
    w.focus_search()
    with qtbot.waitSignal(w.finder.found, timeout=2000):
        qtbot.keyClicks(w.search, "1-97")
    index = w.model.index_of(block.id)  # the orals' room folded away: the day was shown again
    assert index.data(Roles.MATCHES) is True
    assert index.data(Roles.POSTER_COUNTS).words() == "12 posters · 1 starred · 1 matches"
    assert w.model.index_of(w.model.blocks()[1].id).data(Roles.MATCHES) is False


def test_the_status_bar_counts_posters_not_blocks(feed_window: MainWindow, qtbot) -> None:
    """Two orals and 21 posters in two blocks: nothing filtered is no "4 of 23 match"."""
    w = feed_window
    assert "match" not in w.count_label.text()
    w.focus_search()
    with qtbot.waitSignal(w.finder.found, timeout=2000):
        qtbot.keyClicks(w.search, "Study of sparse")  # every third poster of each session: 4 and 3
    assert "7 of 23 on this day match" in w.count_label.text()


def test_selecting_a_block_shows_the_session_and_s_says_to_open_it(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    block = first_block(w)
    w.select_event(block.id)
    assert w.current_event().id == block.id
    text = w.detail.browser.toPlainText()
    assert "Poster Session 1" in text and "12 posters" in text and "Tue 09 Dec 11:00–14:00" in text
    assert "Theory › Learning Theory (4)" in text and "No topic (1)" in text
    assert not w.detail.star_button.isEnabled() and not w.detail.note.isEnabled()
    w.timeline.setFocus()
    qtbot.keyClick(w.timeline, Qt.Key.Key_S)
    assert w.library.starred_ids() == set()
    assert w.statusBar().currentMessage() == "Open the session (Enter) to star its posters"


def test_enter_opens_the_session_and_esc_or_backspace_go_back(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    block = open_first(qtbot, w)
    assert w.shown_view() is page(w) and page(w).tree.hasFocus()
    heading = page(w).heading.accessibleName()
    assert heading == f"Poster Session 1, Tue 09 Dec 11:00–14:00 · {HALL} · 12 posters"
    # By board as the hall is walked, #99 before #100.
    assert shown_boards(w) == [f"#{n}" for n in range(95, 107)]
    qtbot.keyClick(page(w).tree, Qt.Key.Key_Escape)
    assert not sessions(w).is_open and w.shown_view() is w.timeline
    assert w.current_event().id == block.id and w.timeline.hasFocus()
    qtbot.keyClick(w.timeline, Qt.Key.Key_Return)
    assert sessions(w).is_open
    qtbot.keyClick(page(w).tree, Qt.Key.Key_Backspace)
    assert not sessions(w).is_open
    sessions(w).open(block.id)
    qtbot.mouseClick(page(w).back, Qt.MouseButton.LeftButton)
    assert not sessions(w).is_open and w.current_event().id == block.id


def test_l_on_an_open_session_shows_the_day_as_a_list_with_the_block_in_the_pane(feed_window: MainWindow,
                                                                                qtbot) -> None:
    """L leaves the page as Esc does: the detail pane shows the block the list selects, not
    the poster last picked on the page, and ``closed`` is said."""
    w = feed_window
    block = open_first(qtbot, w)
    qtbot.keyClick(page(w).tree, Qt.Key.Key_Down)  # a poster in the pane
    assert w.detail.current is not None and w.detail.current.id != block.id
    with qtbot.waitSignal(sessions(w).closed, timeout=1000):
        qtbot.keyClick(page(w).tree, Qt.Key.Key_L)
    assert not sessions(w).is_open and w.shown_view() is w.event_list and w.event_list.hasFocus()
    assert w.current_event().id == block.id
    assert w.detail.current is None or w.detail.current.id == block.id
    assert "Poster Session 1" in w.detail.browser.toPlainText()
    # Alt+1 reaches the page when it is open again.
    sessions(w).open(block.id)
    w.detail.browser.setFocus()
    qtbot.keyClick(w.detail.browser, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert page(w).tree.hasFocus()


def test_the_open_button_on_the_block_opens_it(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    block = w.model.blocks()[1]
    index = w.model.index_of(block.id)
    w.timeline.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
    face = w.timeline.card_face(index)
    point = open_rect(face.adjusted(2, 1, -5, -4), w.timeline.font()).center()
    with qtbot.waitSignal(sessions(w).opened, timeout=1000) as opened:
        qtbot.mouseClick(w.timeline.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened.args == [block.id]
    assert len(page(w).model.posters()) == 9


def test_filter_and_topic_narrow_the_list(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    open_first(qtbot, w)
    p = page(w)
    topics = [p.topics.itemText(i) for i in range(p.topics.count())]
    assert topics == ["All topics (12)", "Deep Learning › Attention Models (4)", "Theory › Learning Theory (4)",
                      "Applications › Vision (3)", "No topic (1)"]
    qtbot.keyClicks(p.filter, "mit")  # an institution: every third poster's first author
    assert shown_boards(w) == ["#97", "#100", "#103", "#106"] and p.shown_label.text() == "4 of 12 shown"
    p.topics.setCurrentIndex(2)  # Theory
    assert shown_boards(w) == ["#97", "#100", "#103", "#106"]
    p.filter.clear()
    assert shown_boards(w) == ["#97", "#100", "#103", "#106"]  # the four Theory posters
    qtbot.keyClicks(p.filter, "#100")
    assert shown_boards(w) == ["#100"]
    p.filter.setFocus()
    qtbot.keyClick(p.filter, Qt.Key.Key_Escape)  # Esc in the filter clears it first
    assert sessions(w).is_open and p.filter.text() == ""
    qtbot.keyClick(p.filter, Qt.Key.Key_Escape)
    assert not sessions(w).is_open


def test_s_in_the_list_stars_the_selected_poster_and_undo_takes_it_back(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    block = open_first(qtbot, w)
    p = page(w)
    qtbot.keyClick(p.tree, Qt.Key.Key_Down)  # the first poster: #95
    qtbot.keyClick(p.tree, Qt.Key.Key_Down)
    chosen = p.current()
    assert chosen is not None and chosen.poster_position == "#96"
    assert w.current_event() == chosen and chosen.title in w.detail.browser.toPlainText()
    qtbot.keyClick(p.tree, Qt.Key.Key_S)
    assert w.library.starred_ids() == {chosen.id}
    assert p.model.index(1, STAR).data() == "★"
    assert p.heading.accessibleName().endswith("12 posters · 1 starred")
    assert w.model.index_of(block.id).data(Roles.POSTER_COUNTS).starred == 1
    assert w.detail.star_button.isChecked()
    qtbot.keyClick(p.tree, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)  # S again: a maybe
    assert w.library.tiers() == {chosen.id: Tier.MAYBE} and p.model.index(1, STAR).data() == "☆"
    qtbot.keyClick(p.tree, Qt.Key.Key_S)  # and again: not starred
    assert w.library.starred_ids() == set()
    w.undo_action.trigger()
    assert w.library.starred_ids() == {chosen.id}
    # A click on a row's star stars that poster, whichever row was selected.
    rect = p.tree.visualRect(p.model.index(4, STAR))
    qtbot.mouseClick(p.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.library.starred_ids() == {chosen.id, p.model.index(4, TITLE).data(Roles.EVENT_ID)}
    assert sessions(w).is_open


def test_j_and_k_move_through_the_posters(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    open_first(qtbot, w)
    qtbot.keyClick(page(w).tree, Qt.Key.Key_J)
    qtbot.keyClick(page(w).tree, Qt.Key.Key_J)
    assert page(w).current().poster_position == "#96"
    qtbot.keyClick(page(w).tree, Qt.Key.Key_K)
    assert page(w).current().poster_position == "#95" and sessions(w).is_open


def test_selecting_a_folded_poster_opens_its_session_with_it_selected(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    second = w.model.blocks()[1]
    poster_id = second.members[4]
    w.select_event(poster_id)
    assert sessions(w).is_open and sessions(w).block == second
    assert page(w).current_id() == poster_id and w.current_event().id == poster_id
    assert w.current_event().title in w.detail.browser.toPlainText()
    # Another talk of the day closes it and is selected on the timeline.
    oral = w.model.outline().ids[0]
    w.select_event(oral)
    assert not sessions(w).is_open and w.current_event().id == oral


def test_going_to_a_poster_match_opens_its_session(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    w.focus_search()
    with qtbot.waitSignal(w.finder.found, timeout=2000):
        qtbot.keyClicks(w.search, "2-100")
    assert w.results.topLevelItemCount() == 1  # the poster is listed itself, not its session
    match = w.results.current_id()
    qtbot.keyClick(w.search, Qt.Key.Key_Return)
    assert sessions(w).is_open and page(w).current_id() == match
    assert page(w).heading.accessibleName().endswith("9 posters · 1 match the search")


def test_the_header_follows_the_display_zone(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    block = first_block(w)
    w.select_event(block.members[2])
    w.set_display_zone("Europe/Berlin")  # UTC-8 11:00 is 20:00 in Berlin
    assert sessions(w).is_open and page(w).current_id() == block.members[2]
    assert "Tue 09 Dec 20:00–23:00" in page(w).heading.accessibleName()
    w.set_display_zone("conference")
    assert "Tue 09 Dec 11:00–14:00" in page(w).heading.accessibleName()


def test_an_update_of_the_schedule_keeps_the_session_open_and_right(feed_window: MainWindow, library: Library,
                                                                   tmp_path: Path, qtbot) -> None:
    w = feed_window
    block = first_block(w)
    kept = next(p.id for p in sessions(w).members(block) if p.poster_position == "#100")
    w.select_event(kept)
    page(w).topics.setCurrentIndex(2)  # Theory: #100 is one of those, by an author at MIT
    qtbot.keyClicks(page(w).filter, "mit")
    entries = poster_entries()
    entries[0]["name"] = "A corrected title"  # board #106 of session 1
    entries.insert(3, dict(entries[3], id=5000, poster_position="#1", name="A poster added late"))
    updated = tmp_path / "update"
    updated.mkdir()
    path = updated / FEED_NAME
    path.write_text(json.dumps({"count": 1, "results": oral_entries() + entries}), encoding="utf-8")
    library.import_schedule(load(str(path)))  # as another Planner would
    w.reload()
    assert sessions(w).is_open and page(w).current_id() == kept
    assert page(w).filter.text() == "mit" and page(w).topic() == "Theory->Learning Theory"  # as left
    assert page(w).topics.itemText(0) == "All topics (13)"
    page(w).filter.clear()
    page(w).topics.setCurrentIndex(0)
    boards = shown_boards(w)
    assert boards[0] == "#1" and len(boards) == 13
    assert page(w).heading.accessibleName().endswith("13 posters")
    titles = [p.title for p in page(w).model.posters()]
    assert "A corrected title" in titles


def test_another_schedule_or_day_closes_the_session(feed_window: MainWindow, tmp_path: Path, qtbot) -> None:
    w = feed_window
    feed_key = w.schedule_key
    open_first(qtbot, w)
    assert w.import_files([str(write_tiny(tmp_path))])
    assert not sessions(w).is_open and w.shown_view() is w.timeline
    assert w.model.blocks() == [] and w.detail.badge.text() != "<b>POSTER SESSION</b>"
    w.shown.choose(feed_key)
    assert not sessions(w).is_open


def test_the_list_view_opens_a_block_too(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    w.list_view_action.trigger()
    view = w.event_list
    block = w.model.blocks()[0]
    w.select_event(block.id)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert sessions(w).is_open
    qtbot.keyClick(page(w).tree, Qt.Key.Key_Escape)
    assert w.shown_view() is view and w.current_event().id == block.id


def test_the_list_view_row_of_a_block_says_what_it_holds(feed_window: MainWindow) -> None:
    """The list view (L) names a block as its card does, with no star of its own."""
    from planner.ui.widgets.event_list_columns import STAR as LIST_STAR
    from planner.ui.widgets.event_list_columns import TITLE as LIST_TITLE

    w = feed_window
    w.list_view_action.trigger()
    block = w.model.blocks()[0]
    w.set_star(block.members[0], True)
    row = w.model.index_of(block.id).row()
    model = w.event_list.model()
    title = model.index(row, LIST_TITLE).data()
    assert title == f"{block.title} · {len(block.members)} posters · 1 starred"
    assert model.index(row, LIST_TITLE).data(Qt.ItemDataRole.AccessibleTextRole) == "Poster session: " + title
    assert model.index(row, LIST_STAR).data() == ""


def test_every_control_of_the_session_has_an_accessible_name(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    open_first(qtbot, w)
    p = page(w)
    found = [c for kind in (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)
             for c in p.findChildren(kind) if c.isVisibleTo(p)]
    assert p.tree in found and p.filter in found and p.topics in found and p.back in found
    assert [c.objectName() for c in found if not c.accessibleName().strip()] == []
    assert p.model.index(0, TITLE).data(Qt.ItemDataRole.AccessibleTextRole).startswith("Board 95: ")
    # Tab goes back, filter, topics, list.
    p.back.setFocus()
    order = []
    for _ in range(3):
        qtbot.keyClick(w.focusWidget(), Qt.Key.Key_Tab)
        order.append(w.focusWidget())
    assert order == [p.filter, p.topics, p.tree]


def test_the_list_view_never_stars_a_block(feed_window: MainWindow, qtbot) -> None:
    """S, Space or a click on the star column of a block's row say how to star its posters."""
    from planner.ui.widgets.event_list_columns import STAR as LIST_STAR

    w = feed_window
    w.list_view_action.trigger()
    view = w.event_list
    block = w.model.blocks()[0]
    w.select_event(block.id)
    view.setFocus()
    for key in (Qt.Key.Key_S, Qt.Key.Key_Space):
        w.statusBar().clearMessage()
        qtbot.keyClick(view, key)
        assert w.statusBar().currentMessage() == "Open the session (Enter) to star its posters"
    row = view.model().index(w.model.index_of(block.id).row(), LIST_STAR)
    view.scrollTo(row)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(row).center())
    assert w.library.starred_ids() == set() and not sessions(w).is_open


def test_a_double_click_on_the_block_opens_it(feed_window: MainWindow, qtbot) -> None:
    w = feed_window
    block = first_block(w)
    index = w.model.index_of(block.id)
    w.timeline.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
    face = w.timeline.card_face(index)
    point = face.topLeft() + QPoint(40, 60)  # on its name, away from the Open button
    qtbot.mouseClick(w.timeline.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(w.timeline.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert sessions(w).is_open and sessions(w).block == block


def test_stars_made_elsewhere_show_in_the_open_session(feed_window: MainWindow, library: Library, qtbot) -> None:
    """Another Planner (or `planner star`) stars a poster: the window reads the stars again."""
    w = feed_window
    block = open_first(qtbot, w)
    library.star([block.members[2]])
    w.stars.read()  # what pick_up_changes does when the library changed
    w.refresh_starred()
    row = page(w).model.row_of(block.members[2])
    assert row is not None and page(w).model.index(row, STAR).data() == "★"
    assert page(w).heading.accessibleName().endswith("12 posters · 1 starred")


def test_now_selects_the_block_of_a_poster_on_now_without_opening_it(feed_window: MainWindow) -> None:
    w = feed_window
    block = first_block(w)
    w.timeline.now = lambda: block.start + (block.end - block.start) / 2
    w.go_now()
    assert w.current_event().id == block.id and not sessions(w).is_open


def test_a_poster_selected_when_planner_closed_opens_its_session_again(feed_window: MainWindow) -> None:
    w = feed_window
    poster_id = first_block(w).members[6]
    w.settings.setValue("selectedEvent", poster_id)
    w.restore_selection()
    assert sessions(w).is_open and page(w).current_id() == poster_id


def test_painting_the_blocks_reads_the_talks_on_screen_not_the_posters(feed_window: MainWindow) -> None:
    """A block is made from the day's outline: the first paint reads the two orals'
    events, not the 21 folded posters around them (EventListModel.read_rows)."""
    w = feed_window
    w.timeline.viewport().repaint()
    day = w.days[w.current_day]
    shown = {w.model.index(row, 0).data(Roles.EVENT_ID) for row in w.timeline.visible_rows()}
    blocks = {block.id for block in w.model.blocks()}
    assert shown & blocks and shown - blocks  # a block and the orals are on screen
    assert {e.id for e in day.loaded()} == shown - blocks


def test_each_starred_poster_is_reminded_of_before_its_own_slot(feed_window: MainWindow) -> None:
    """Three posters of a three-hour session are visited an hour each (the route): three
    reminders an hour apart, each naming the board, not three at 11:00."""
    from datetime import datetime, timedelta, timezone

    def ids(events: list) -> list[str]:  # type: ignore[type-arg]
        return [e.id for e in events]

    w = feed_window
    block = first_block(w)
    posters = {e.poster_position: e for e in w.days.all() if e.id in block.members}
    for board in ("#100", "#95", "#99"):
        w.set_star(posters[board].id, True)
    pst = timezone(timedelta(hours=-8))
    w.reminders.now = lambda: datetime(2031, 12, 9, 10, 52, tzinfo=pst)
    assert ids(w.reminders.check()) == [posters["#95"].id]
    w.reminders.now = lambda: datetime(2031, 12, 9, 11, 52, tzinfo=pst)
    assert ids(w.reminders.check()) == [posters["#99"].id]
    assert w.banner.text().startswith("Reminder: In 8 min (12:00): ")
    assert w.banner.text().endswith(" — Exhibit Hall C,D,E, board #99")
    w.reminders.now = lambda: datetime(2031, 12, 9, 12, 55, tzinfo=pst)
    assert ids(w.reminders.check()) == [posters["#100"].id]


def test_a_starred_poster_withdrawn_in_an_update_is_marked_and_not_counted(feed_window: MainWindow, library: Library,
                                                                           tmp_path: Path, qtbot) -> None:
    """The update takes out a starred poster (kept because starred): the block, the heading
    and the summary count the session's 11 posters left, and the list still shows the
    withdrawn one, marked as the window marks a removed talk."""
    w = feed_window
    block = first_block(w)
    gone = next(p for p in sessions(w).members(block) if p.poster_position == "#100")
    w.set_star(gone.id, True)
    entries = [e for e in poster_entries() if not (e["session"] == "Poster Session 1" and e["poster_position"] == "#100")]
    updated = tmp_path / "update"
    updated.mkdir()
    library.import_schedule(load(str(write_poster_feed(updated, entries))))
    w.reload()
    block = first_block(w)
    assert w.model.index_of(block.id).data(Roles.POSTER_COUNTS).words() == "11 posters · 1 starred"
    w.select_event(block.id)
    assert "11 posters, 1 starred." in w.detail.browser.toPlainText()
    open_first(qtbot, w)
    assert page(w).heading.accessibleName().endswith("11 posters · 1 starred")
    model = page(w).model
    row = model.row_of(gone.id)
    assert row is not None
    title = model.index(row, TITLE)
    assert title.data().endswith("(no longer in the schedule)")
    assert title.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert "no longer in the schedule" in title.data(Qt.ItemDataRole.AccessibleTextRole)
