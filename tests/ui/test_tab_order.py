"""Tab follows the window's layout (planner.ui.tab_order): the toolbar left to right, the
left column (the search's matches, My agenda or its day's plan, Suggested for you) top to
bottom, the day bar, the day (timeline, list or an opened page), then the detail pane, in
every state, including the parts made after the first paint."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from planner.ui.main_window import MainWindow

from .poster_feed import write_poster_feed
from .test_keyboard_focus import tiny_with_a_star


def walk(qtbot, window: MainWindow, key: Qt.Key = Qt.Key.Key_Tab) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """Every widget Tab (or Shift+Tab) stops at, once round, from the search box."""
    window.search.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.search.hasFocus)
    modifier = Qt.KeyboardModifier.ShiftModifier if key == Qt.Key.Key_Backtab else Qt.KeyboardModifier.NoModifier
    order: list[QWidget] = [window.search]
    for _ in range(80):
        qtbot.keyClick(QApplication.focusWidget(), key, modifier)
        focused = QApplication.focusWidget()
        assert focused is not None
        if focused is window.search:
            return order
        assert focused not in order, f"{focused} twice"
        order.append(focused)
    raise AssertionError("Tab never came back to the search box")


def in_order(order: list[QWidget], *expected: QWidget) -> None:
    """``expected`` are all stopped at, one after the other (others may come between)."""
    at = [order.index(w) for w in expected]
    assert at == sorted(at), [type(w).__name__ + ":" + w.accessibleName()[:20] for w in expected]


def tiny(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tiny_with_a_star(qtbot, window, tmp_path)
    kinds_shown(qtbot, window)


def kinds_shown(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The toolbar lays out the kind buttons of a schedule just shown a moment later."""
    qtbot.waitUntil(lambda: all(b.isVisible() for b in window.kind_buttons.values()))


def test_tab_runs_toolbar_my_agenda_day_tabs_day_then_details(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tiny(qtbot, window, tmp_path)
    order = walk(qtbot, window)
    kinds = list(window.kind_buttons.values())
    a, d = window.agenda, window.detail
    assert order[:len(kinds) + 3] == [window.search, *kinds, window.starred_only, window.export_button]
    rest = order[len(kinds) + 3:]
    assert rest[:7] == [a.tree, a.plan_button, a.unstar_button, a.export_button, window.day_tabs, window.timeline,
                        d.star_button]
    in_order(order, d.star_button, d.browser, d.note)
    assert walk(qtbot, window, Qt.Key.Key_Backtab) == [window.search, *reversed(order[1:])]


def test_kind_buttons_of_another_schedule_take_the_same_place(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tiny(qtbot, window, tmp_path)
    assert window.import_files([str(write_poster_feed(tmp_path))])  # other kinds: the buttons made anew
    kinds_shown(qtbot, window)
    order = walk(qtbot, window)
    kinds = list(window.kind_buttons.values())
    assert kinds and order[1:len(kinds) + 1] == kinds
    in_order(order, kinds[-1], window.starred_only, window.export_button, window.agenda.plan_button,
             window.day_tabs, window.timeline)


def test_the_days_plan_the_list_and_the_searchs_matches_sit_where_they_are_shown(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    tiny(qtbot, window, tmp_path)
    window.my_agenda.plan.plan_day()
    panel = window.my_agenda.plan.panel
    window.list_view_action.trigger()
    with qtbot.waitSignal(window.finder.found, timeout=3000):
        qtbot.keyClicks(window.search, "Oral")
    assert window.results.isVisible()
    order = walk(qtbot, window)
    in_order(order, window.export_button, window.results, panel.list, panel.walk, panel.accept_button,
             panel.close_button, window.day_tabs, window.event_list, window.detail.star_button)


def test_an_opened_poster_session_sits_in_the_days_place(qtbot, window: MainWindow, tmp_path: Path) -> None:
    window.finish_start()
    assert window.import_files([str(write_poster_feed(tmp_path))])
    window.select_event(window.model.blocks()[0].id)
    window.selection.posters.open_current()
    page = window.selection.posters.page
    order = walk(qtbot, window)
    in_order(order, window.agenda.plan_button, window.day_tabs, page.tree, window.detail.browser)
    assert order.index(page.tree) == order.index(window.day_tabs) + 1  # Tab into the page: its list
    # Shift+Tab from the list reaches the filter and Back above it, then the day bar.
    backwards = walk(qtbot, window, Qt.Key.Key_Backtab)
    in_order(backwards, window.detail.browser, page.tree, page.filter, window.day_tabs)
