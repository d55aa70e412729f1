"""A viewport made in Python for Planner's scroll areas, so reading it stays cheap.

Qt creates a scroll area's viewport in C++. The first time Python asks for it
(``view.viewport()``), PySide6 has no wrapper for it and, to find the most derived
Python type of a ``QWidget *``, builds the types and enums of every QWidget subclass in
QtWidgets it has not built yet: about 80 classes and 30-60 ms, paid before the first
paint of the window (measured with ``python -m benchmarks --only coldstart``). A widget
made in Python already has its wrapper, so nothing is looked up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # types named only in annotations: PySide6 builds each Qt type on first use
    from PySide6.QtWidgets import QAbstractScrollArea


def give_own_viewport(area: QAbstractScrollArea) -> QWidget:
    """Replace ``area``'s viewport with one made here, set up as Qt sets up its own."""
    viewport = QWidget()
    # What QAbstractScrollArea gives its own viewport (the name is what style sheets
    # and Qt's own code use to recognise it).
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    area.setViewport(viewport)
    return viewport
