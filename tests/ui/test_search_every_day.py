"""The search covers every day of the schedule: a results list grouped by day, Up/Down
through it from the box, Enter or a click goes to the card (switching day), the day tabs
count each day's matches, and Esc clears the search from anywhere in the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from planner.ui.main_window import MainWindow
from planner.ui.widgets.search_results import EVENT_ID

from .helpers import current_id, write_tiny


def tiny(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The tiny workshop: two days; "day two" is only in two talks of the second day."""
    assert window.import_files([str(write_tiny(tmp_path))])
    assert len(window.day_list) == 2


def typed(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` into the search box and wait for the pause that searches every day."""
    window.focus_search()
    with qtbot.waitSignal(window.finder.found, timeout=2000):
        qtbot.keyClicks(window.search, text)


def result_titles(window: MainWindow) -> list[tuple[str, list[str]]]:
    tree = window.results
    return [(tree.topLevelItem(i).text(0), [tree.topLevelItem(i).child(j).text(1)
                                            for j in range(tree.topLevelItem(i).childCount())])
            for i in range(tree.topLevelItemCount())]


def test_a_match_on_another_day_is_listed_and_counted_on_its_tab(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tiny(qtbot, window, tmp_path)
    assert window.current_day == window.day_list[0]
    assert window.results.isHidden()
    typed(qtbot, window, "day two")
    assert window.results.isVisible()
    groups = result_titles(window)
    assert len(groups) == 1 and groups[0][0].startswith(f"{window.day_list[1]:%a %d %b}")
    assert groups[0][0].endswith("2 matches")
    # The tabs say where the matches are, the shown day's cards say there is none here.
    assert window.day_tabs.tabText(0).endswith("· 0")
    assert window.day_tabs.tabText(1).endswith("· 2")
    assert window.model.matching_count() == 0


def test_enter_in_the_box_goes_to_a_match_on_another_day(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """Enter right after typing, before the pause: every day is searched then and there."""
    tiny(qtbot, window, tmp_path)
    window.focus_search()
    qtbot.keyClicks(window.search, "day two")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_day == window.day_list[1]
    assert window.current_event() is not None and window.current_event().title == "Day two opens"
    assert window.timeline.hasFocus()


def test_up_and_down_in_the_box_walk_the_matches_of_every_day(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tiny(qtbot, window, tmp_path)
    typed(qtbot, window, "oral")
    talks = [window.results.topLevelItem(i).child(j).data(0, EVENT_ID)
             for i in range(window.results.topLevelItemCount())
             for j in range(window.results.topLevelItem(i).childCount())]
    assert window.results.topLevelItemCount() == 2 and len(talks) == 2
    assert window.results.current_id() == talks[0]  # the shown day's first match
    for expected in talks[1:]:
        qtbot.keyClick(window.search, Qt.Key.Key_Down)
        assert window.results.current_id() == expected
    qtbot.keyClick(window.search, Qt.Key.Key_Down)  # stays on the last
    assert window.results.current_id() == talks[-1]
    qtbot.keyClick(window.search, Qt.Key.Key_Up)
    assert window.results.current_id() == talks[-2]
    assert window.search.text() == "oral"  # the keys moved the list, not the cursor's text
    # Down right after typing, before the pause: every day is searched first.
    window.search.clear()
    qtbot.keyClicks(window.search, "posters")
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert window.finder.total == 1 and window.results.current_id()


def test_a_click_in_the_list_goes_to_the_card(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tiny(qtbot, window, tmp_path)
    typed(qtbot, window, "day two")
    item = window.results.topLevelItem(0).child(0)
    rect = window.results.visualItemRect(item)
    qtbot.mouseClick(window.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_day == window.day_list[1]
    assert current_id(window) == item.data(0, EVENT_ID)


def test_results_follow_the_display_zone(qtbot, window: MainWindow) -> None:
    typed(qtbot, window, "oral")
    before = window.results.topLevelItem(0).child(0).text(0)
    window.set_display_zone("Asia/Tokyo")
    after = window.results.topLevelItem(0).child(0).text(0)
    assert before != after
    # The same clock the card shows for that talk.
    event_id = window.results.topLevelItem(0).child(0).data(0, EVENT_ID)
    card = window.model.index_of(event_id).data(Qt.ItemDataRole.AccessibleTextRole)
    assert after.split("–")[0] in card


def test_results_follow_a_schedule_switch(qtbot, window: MainWindow, tmp_path: Path) -> None:
    typed(qtbot, window, "day two")
    assert window.results.topLevelItemCount() == 0 and window.finder.total == 0
    tiny(qtbot, window, tmp_path)  # shows the tiny workshop: the same words find its talk
    assert window.finder.total == 2
    assert result_titles(window)[0][1] == ["Day two opens", "Posters of day two"]  # session pages name no room


def test_esc_clears_the_search_from_anywhere(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tiny(qtbot, window, tmp_path)
    typed(qtbot, window, "oral")
    for widget in (window.timeline, window.agenda.tree, window.detail.browser):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Escape)
        assert window.search.text() == ""
        assert window.results.isHidden()
        assert not window.day_tabs.tabText(0).endswith("· 0")
        window.search.setText("oral")
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == "" and window.timeline.hasFocus()


def test_typing_brings_the_first_match_of_the_day_into_view(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from .test_timeline_scrolling import TWO_DAYS, open_calendar, row_of

    open_calendar(window, tmp_path, TWO_DAYS)
    window.show_day(window.day_list[0])
    window.timeline.set_zoom(20)
    window.timeline.scroll_to_first_event()
    index = window.model.index(row_of(window, "Saturday afternoon"), 0)
    assert not window.timeline.viewport().rect().intersects(window.timeline.visualRect(index))
    typed(qtbot, window, "Saturday afternoon")
    index = window.model.index(row_of(window, "Saturday afternoon"), 0)
    assert window.timeline.viewport().rect().intersects(window.timeline.visualRect(index))


def test_every_day_is_searched_once_typing_pauses(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """Each key dims the shown day's cards at once; the other days wait for a pause."""
    tiny(qtbot, window, tmp_path)
    window.focus_search()
    qtbot.keyClicks(window.search, "oral")
    assert window.model.matching_count() == 1  # Oral 1, on the shown day, at once
    assert window.finder.by_day is None and not window.day_tabs.tabText(1).endswith("· 1")
    qtbot.waitSignal(window.finder.found, timeout=2000).wait()
    assert window.day_tabs.tabText(1).endswith("· 1")  # Oral 3, on day two


def test_day_tabs_drop_the_month_rather_than_hide_a_day(window: MainWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With a search's counts, the full labels of several days outgrow a narrow timeline:
    the tabs then drop the month, so every day stays in sight, and take it back when there
    is room again. Screen readers hear the whole date either way."""
    from datetime import date  # the days of the test's schedule

    bar = window.day_bar
    # As the window opened: the tabs have their own height (a label change once left them 0 high).
    assert bar.tabs.isVisible() and bar.tabs.height() >= bar.tabs.sizeHint().height() > 0
    days = [date(2031, 12, d) for d in range(8, 13)]
    bar.resize(1200, bar.height())
    bar.set_days(days)
    bar.set_counts({d: 12 for d in days})
    assert bar.tabs.tabText(0) == "Mon 08 Dec · 12"
    bar.resize(700, bar.height())
    assert bar.tabs.tabText(0) == "Mon 08 · 12"
    assert bar.tabs.sizeHint().width() <= bar.width() - bar.zone_label.sizeHint().width()
    assert bar.tabs.accessibleTabName(0) == "Monday 08 December: 12 matches"
    bar.resize(1200, bar.height())
    assert bar.tabs.tabText(0) == "Mon 08 Dec · 12"


def test_day_tabs_are_fitted_again_when_the_zone_label_grows(window: MainWindow) -> None:
    """DebConf 23's eight days fitted in full beside an empty label; the label then said
    "Conference time, UTC+05:30", and the last tab went behind the scroll arrows."""
    from datetime import date  # the days of a week and a day

    bar = window.day_bar
    days = [date(2023, 9, d) for d in range(10, 18)]
    bar.set_axis_label("")
    bar.set_days(days)
    bar.resize(2000, bar.height())
    assert bar.tabs.tabText(0) == "Sun 10 Sep"
    bar.resize(bar.tabs.sizeHint().width() + 40, bar.height())  # the full labels just fit
    assert bar.tabs.tabText(0) == "Sun 10 Sep"
    bar.set_axis_label("Conference time, UTC+05:30")
    assert bar.tabs.tabText(0) == "Sun 10"
    assert bar.tabs.sizeHint().width() <= bar.width() - bar.zone_label.sizeHint().width()
    bar.set_axis_label("")
    assert bar.tabs.tabText(0) == "Sun 10 Sep"


def test_day_tabs_changed_while_hidden_are_labelled_when_shown(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The tabs are labelled when the bar is shown, at the width it is shown at, not as
    each of a start's changes arrives (planner.ui.day_bar: DayBar._label)."""
    from datetime import date  # the days of the test's schedule

    bar = window.day_bar
    days = [date(2031, 12, d) for d in range(8, 16)]
    window.hide()
    bar.set_days(days)
    bar.set_counts({d: 12 for d in days})
    bar.set_axis_label("Conference time, UTC+05:30")
    window.resize(900, 700)
    window.show()
    qtbot.waitExposed(window)
    assert [bar.tabs.tabText(i) for i in range(len(days))] == [f"{d:%a %d} · 12" for d in days]  # no room for months
    assert bar.tabs.accessibleTabName(7) == "Monday 15 December: 12 matches"
    window.resize(2400, 700)  # wider: the months come back
    qtbot.waitUntil(lambda: bar.tabs.tabText(0) == "Mon 08 Dec · 12", timeout=2000)
