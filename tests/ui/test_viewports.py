"""The scroll areas' own viewports (planner/ui/widgets/viewports.py): set up as Qt's.

That they keep a start cheap is checked in test_start_cost.py.
"""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QListView

from planner.ui.widgets.viewports import give_own_viewport


def test_the_own_viewport_is_set_up_like_the_one_qt_makes(qapp: object) -> None:
    stock, own = QListView(), QListView()
    made = give_own_viewport(own)
    assert own.viewport() is made
    for view in (stock, own):
        view.resize(200, 100)
    ours, theirs = own.viewport(), stock.viewport()
    assert ours.objectName() == theirs.objectName() == "qt_scrollarea_viewport"
    assert ours.backgroundRole() == theirs.backgroundRole() == QPalette.ColorRole.Base
    assert ours.autoFillBackground() and theirs.autoFillBackground()
    assert ours.parent() is own
    assert ours.focusProxy() is own and theirs.focusProxy() is stock  # focus goes to the view
    assert ours.size() == theirs.size()


def test_timeline_and_agenda_use_their_own_viewports(window) -> None:  # type: ignore[no-untyped-def]
    for view in (window.timeline, window.agenda.tree):
        viewport = view.viewport()
        assert viewport.objectName() == "qt_scrollarea_viewport"
        assert viewport.autoFillBackground()
        assert viewport.hasMouseTracking() == view.hasMouseTracking()
