"""The lists beside the timeline follow the selected talk: the search's matches and the
day's plan highlight the row of the talk selected now, or none.

Seen walking the window: a match chosen in the search's list, then J in the timeline; the
list still highlighted the first match while the detail pane showed the next, and read as
"this is the talk shown". The plan of the day did the same, and kept its current row (the
focus ring) on a talk after the selection had left the plan.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView

from planner.ui.main_window import MainWindow
from planner.ui.widgets.models import Roles
from planner.ui.widgets.search_results import EVENT_ID

from .helpers import body_point, current_id
from .test_plan_my_day import fest, plan, plan_with_keys  # noqa: F401  (fest: a fixture)
from .test_search_every_day import typed


def highlighted(view: QAbstractItemView, role: int) -> list[str]:
    """The ids of the rows ``view`` shows selected."""
    return sorted(str(i.data(role)) for i in view.selectionModel().selectedRows())


def click_card(qtbot, window: MainWindow, event_id: str) -> None:  # type: ignore[no-untyped-def]
    index = window.model.index_of(event_id)
    qtbot.mouseClick(window.timeline.viewport(), Qt.MouseButton.LeftButton, pos=body_point(window.timeline, index))
    assert current_id(window) == event_id


def test_the_search_list_highlights_the_selected_talk_or_nothing(qtbot, open_window, library, settings,  # type: ignore[no-untyped-def]
                                                                 fixed_now) -> None:
    window = open_window(library, settings, fixed_now, size=(1280, 420))  # short: the list scrolls
    typed(qtbot, window, "the")
    results = window.results
    qtbot.keyClick(window.search, Qt.Key.Key_Return)  # the first match, chosen
    first = current_id(window)
    assert first and highlighted(results, EVENT_ID) == [first]
    bar = results.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())  # the attendee scrolled the list to its end

    with qtbot.assertNotEmitted(results.chosen):
        qtbot.keyClick(window.timeline, Qt.Key.Key_J)  # the next match
        second = current_id(window)
        assert second not in ("", first)
        assert highlighted(results, EVENT_ID) == [second] and results.current_id() == second

        model = window.model
        other = next(model.index(r, 0).data(Roles.EVENT_ID) for r in range(model.rowCount())
                     if not model.index(r, 0).data(Roles.MATCHES))
        click_card(qtbot, window, other)  # a card the search does not list
        assert highlighted(results, EVENT_ID) == []
        assert not results.currentIndex().isValid()  # no focus ring left on the old row either

        qtbot.keyClick(window.timeline, Qt.Key.Key_K)  # back to a match (K skips the others)
        assert highlighted(results, EVENT_ID) == [current_id(window)]
    assert bar.value() == bar.maximum()  # the list stayed where the attendee left it
    assert window.timeline.hasFocus()
    results.grab()

    # Choosing a row still goes to its talk.
    item = next(results.topLevelItem(0).child(j) for j in range(results.topLevelItem(0).childCount())
                if results.topLevelItem(0).child(j).data(0, EVENT_ID) == first)
    results.scrollToItem(item)
    with qtbot.waitSignal(results.chosen):
        qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=results.visualItemRect(item).center())
    assert current_id(window) == first
    assert highlighted(results, EVENT_ID) == [first]


def test_a_talk_selected_again_in_the_day_made_anew_keeps_the_match_for_enter(
        qtbot, window: MainWindow, fest: dict[str, str]) -> None:  # noqa: F811
    """A filter that folds rooms makes the day's rows anew and selects the talk again in
    them: that is no new selection, and the list keeps the match Enter goes to."""
    window.select_event(fest["Bravo"])  # postgres, in H.1301 beside Alpha (rust): its room stays
    typed(qtbot, window, "rust")
    matches = [window.results.topLevelItem(0).child(j).data(0, EVENT_ID)
               for j in range(window.results.topLevelItem(0).childCount())]
    assert fest["Bravo"] not in matches and window.results.current_id() == matches[0]
    rows = window.model.rowCount()
    window.starred_only.click()  # Juliet's and Lima's rooms hold nothing starred: they fold
    assert window.model.rowCount() < rows and current_id(window) == fest["Bravo"]
    assert window.results.current_id() == matches[0]
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert current_id(window) == matches[0]


def test_the_plan_highlights_the_selected_talk_or_nothing(qtbot, window: MainWindow, fest: dict[str, str]) -> None:  # noqa: F811
    plan_with_keys(qtbot, window)
    panel = plan(window).panel
    alpha = panel.model.index_of(fest["Alpha"])
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualRect(alpha).center())
    assert current_id(window) == fest["Alpha"]  # choosing a row selects its talk, as before
    assert highlighted(panel.list, Roles.EVENT_ID) == [fest["Alpha"]]

    window.timeline.setFocus()
    with qtbot.assertNotEmitted(panel.eventSelected):
        click_card(qtbot, window, fest["Hotel"])  # alongside Delta: not in the plan
        assert highlighted(panel.list, Roles.EVENT_ID) == []
        assert panel.list.currentIndex() == QModelIndex()  # no focus ring left on Alpha's row
        click_card(qtbot, window, fest["Bravo"])  # left out for Alpha: listed
        assert highlighted(panel.list, Roles.EVENT_ID) == [fest["Bravo"]]
        assert panel.list.currentIndex() == panel.model.index_of(fest["Bravo"])
    assert window.timeline.hasFocus()
    panel.grab()
