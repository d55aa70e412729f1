"""A list beside the timeline that follows the window's selected talk.

The search's matches and the day's plan list talks the attendee can choose; their
highlighted row reads as "the talk in the detail pane". When the selection moves on in
the timeline (J, K, the arrows, a click on another card), such a list must highlight the
talk now selected, or nothing at all, without answering as if the attendee had chosen
the row (which would select it again, take the focus or scroll the timeline) and without
scrolling itself: the attendee's place in the list stays where it was.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QAbstractItemView


def follow_selected(view: QAbstractItemView, index: QModelIndex) -> None:
    """Highlight ``index`` (the selected talk's row) in ``view``; an invalid index: no row
    selected and no current row either, so no focus ring is left on the old one."""
    selection = view.selectionModel()
    # Quietly: the view's own slots would scroll to the row (autoScroll), and the list's
    # owner would take the change for the attendee's choice.
    blocked = selection.blockSignals(True)
    try:
        if index.isValid():
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
        else:
            selection.clear()
    finally:
        selection.blockSignals(blocked)
    view.viewport().update()  # what the blocked signals would have repainted
