"""Parts of the window made after its first paint, or sooner when something wants one first.

A start builds what the first paint shows and no more (issue 22; benchmarks/RESULTS.md):
the parts nobody can see or reach in the first moment (Suggested for you, which shows only
once there are stars; calendar sync, a menu entry and a hidden label) load their modules
and build their widgets a moment later. Such a part is a ``Later`` attribute of the window:
it is made the first time it is read, whoever reads it (a command, a shortcut, a signal
it follows, a test), and the window reads them all (``make_all``) once its first paint is
on screen, so the attendee never waits for one.

A part made late must not miss what happened before it existed: its maker brings it up to
date (the suggestions are worked out for the stars as they are), and whatever it must
follow from the start stays in the window's own parts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class Later(Generic[T]):
    """A window attribute made by ``make(window)`` when first read, then kept.

    A descriptor without ``__set__``: once made, the part sits in the window's own
    ``__dict__`` and later reads find it there, as any attribute, with no call in between.
    """

    def __init__(self, make: Callable[[Any], T]) -> None:
        self._make = make
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, window: None, owner: type | None = None) -> Later[T]: ...

    @overload
    def __get__(self, window: object, owner: type | None = None) -> T: ...

    def __get__(self, window: object | None, owner: type | None = None) -> Later[T] | T:
        if window is None:
            return self
        part = self._make(window)
        vars(window)[self.name] = part
        return part

    def made(self, window: object) -> bool:
        """Whether ``window`` has made this part yet (reading it would make it)."""
        return self.name in vars(window)


def make_all(window: object) -> None:
    """Make every ``Later`` part of ``window`` not made yet, in the order the class names them."""
    for klass in reversed(type(window).__mro__):
        for name, value in list(vars(klass).items()):
            if isinstance(value, Later) and not value.made(window):
                getattr(window, name)
