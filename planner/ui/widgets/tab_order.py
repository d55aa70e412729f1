"""Tab's order as the window is laid out: the toolbar left to right, My agenda (with the
search's matches above it and Suggested for you under it) top to bottom, the day bar, the
day (timeline, list or an opened page), then the detail pane top to bottom.

Qt's Tab follows the order widgets were made in unless told otherwise, and many of the
window's parts are made later (after the first paint, or when first wanted: planner.ui.later,
the list, the plan, a poster session's page): each is put in its place where it is made,
with these helpers.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def chain(*widgets: QWidget) -> None:
    """Tab goes from each of ``widgets`` to the next; the rest of the order stays."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def focusable_in(container: QWidget) -> list[QWidget]:
    """The widgets inside ``container`` that Tab stops at, in their present order."""
    found: list[QWidget] = []
    top = container.window()
    widget = top.nextInFocusChain()
    while widget is not None and widget is not top:
        if (container.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.focusProxy() is None):  # a spin box's own line edit: the box stands for it
            found.append(widget)
        widget = widget.nextInFocusChain()
    return found


def after(anchor: QWidget, container: QWidget) -> None:
    """Tab goes from ``anchor`` into ``container`` (a part made late) and through it, as
    laid out: its own order kept.

    setTabOrder leaves a widget that takes no focus where it is: a container whose focus
    proxy is one of its widgets (an opened page and its list) stays where it was made, and
    Tab reaching it lands on that widget.
    """
    chain(anchor, *focusable_in(container))


def first_in(container: QWidget) -> QWidget | None:
    """The first widget in ``container`` that Tab stops at: where its focus goes in."""
    inside = focusable_in(container)
    return inside[0] if inside else None
