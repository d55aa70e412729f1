"""What a screen reader hears: the QAccessible events the window sends, caught as the
platform's bridge (AT-SPI on Linux) would receive them.

PySide6 does not wrap QAccessible::installUpdateHandler, so the handler is installed
through ctypes in the Qt library PySide6 ships; it turns accessibility on (as a running
screen reader does) and, when done, puts back the handler it replaced and turns it off.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import PySide6
import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent

_GUI = ctypes.CDLL(str(Path(PySide6.__file__).parent / "Qt" / "lib" / "libQt6Gui.so.6"))
_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
_install = _GUI._ZN11QAccessible20installUpdateHandlerEPFvP16QAccessibleEventE
_install.argtypes = [ctypes.c_void_p]
_install.restype = ctypes.c_void_p


E = QAccessible.Event
# What a screen reader speaks on: the events these tests listen for.
_SAID = frozenset({E.Focus, E.Selection, E.SelectionAdd, E.SelectionRemove, E.SelectionWithin, E.NameChanged,
                   E.DescriptionChanged, E.StateChanged, E.ValueChanged, E.Alert, E.ActiveDescendantChanged,
                   E.Announcement})


@dataclass(frozen=True)
class Heard:
    """One accessibility event: its kind, the widget it is about, the child (-1: the
    widget itself), the name and description of what it points at, and what an
    announcement says."""

    kind: QAccessible.Event
    widget: QObject | None
    child: int
    name: str
    description: str
    message: str = ""


class Listener:
    """The events sent while listening, in order."""

    def __init__(self) -> None:
        self.heard: list[Heard] = []

    def about(self, widget: QObject, *kinds: QAccessible.Event) -> list[Heard]:
        return [h for h in self.heard if h.widget is widget and (not kinds or h.kind in kinds)]

    def _hear(self, pointer: int) -> None:
        event = shiboken6.wrapInstance(pointer, QAccessibleEvent)
        if event.type() not in _SAID:
            return  # an object made or destroyed, a move ...: asking its interface can crash
        interface = event.accessibleInterface()
        name = description = ""
        if interface is not None and interface.isValid():
            name = interface.text(QAccessible.Text.Name)
            description = interface.text(QAccessible.Text.Description)
        message = ""
        if event.type() == QAccessible.Event.Announcement:
            message = shiboken6.wrapInstance(pointer, QAccessibleAnnouncementEvent).message()
        self.heard.append(Heard(event.type(), event.object(), event.child(), name, description, message))


@contextmanager
def listening() -> Iterator[Listener]:
    listener = Listener()
    handler = _HANDLER(listener._hear)
    previous = _install(ctypes.cast(handler, ctypes.c_void_p))
    was_active = QAccessible.isActive()
    QAccessible.setActive(True)
    try:
        yield listener
    finally:
        _install(previous)
        QAccessible.setActive(was_active)
