"""Build the Python enums PySide6 makes for Qt's in half the time.

PySide6 makes each Qt enum a Python ``enum`` class the first time Python touches the
class that holds it, through the functional API: ``IntEnum("Key", [(name, value), ...],
boundary=KEEP)``, called from C. Python 3.11 builds such a class slowly, member by member
through ``_EnumDict`` and ``__set_name__``: ``Qt.Key``'s 471 members take 3.3 ms, and the
first touch of the ``Qt`` namespace builds 93 enums in 14 ms. A start builds about 230 of
them, 45-60 ms of it, the largest single piece of the window's start after Qt itself.

The standard library has a faster builder for the same classes, ``enum._simple_enum``
(the ``re``, ``http`` and ``ssl`` modules make their enums with it): 1.5 ms for ``Qt.Key``.
:func:`build_qt_enums_quickly` routes PySide6's calls to it. Only calls of exactly the
shape PySide6 makes take the quick path: one of the four base kinds, a list of
(name, int) pairs with no name twice and none starting with "_", and nothing but
``boundary``, ``module`` and ``qualname`` given. Everything else, and every lookup by value
(``Key(0x41)``), goes the standard way unchanged.

The two builders give the same class: tests/ui/test_quick_enums.py builds every enum of
QtCore, QtGui and QtWidgets both ways and compares them with ``enum._test_simple_enum``,
the check the standard library keeps for exactly this. If a later Python drops
``_simple_enum`` or changes the signature this relies on, nothing is routed and enums are
built the standard way: slower, never different.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable
from typing import Any

_KINDS = (enum.Enum, enum.IntEnum, enum.Flag, enum.IntFlag)
_GIVEN = frozenset(("boundary", "module", "qualname"))
# The functional API's parameters this module was written against (Python 3.11's): other
# ones (3.12 has them) may come with a builder that differs in ways the test has not seen.
_CALL_PARAMETERS = ("cls", "value", "names", "module", "qualname", "type", "start", "boundary")

_standard_call: Callable[..., Any] | None = None


def build_qt_enums_quickly() -> bool:
    """Route PySide6's enum builds to the quick builder; False when this Python cannot."""
    global _standard_call
    if _standard_call is not None:
        return True
    call = enum.EnumType.__call__
    code = getattr(call, "__code__", None)  # not inspect.signature: inspect costs 5 ms to load
    if code is None or not hasattr(enum, "_simple_enum"):
        return False
    if code.co_varnames[:code.co_argcount + code.co_kwonlyargcount] != _CALL_PARAMETERS:
        return False
    _standard_call = call
    enum.EnumType.__call__ = _call  # type: ignore[method-assign]
    return True


def _call(cls: Any, value: Any, names: Any = None, *args: Any, **kwargs: Any) -> Any:
    if names is not None and not args and cls in _KINDS and _GIVEN.issuperset(kwargs):
        built = quick_enum(cls, value, names, **kwargs)
        if built is not None:
            return built
    assert _standard_call is not None
    return _standard_call(cls, value, names, *args, **kwargs)


def quick_enum(kind: Any, name: Any, members: Any, *, boundary: Any = None, module: str | None = None,
               qualname: str | None = None) -> Any:
    """The ``kind`` called ``name`` with ``members``, or None when the call is not of PySide6's shape."""
    if not isinstance(name, str) or not isinstance(members, list) or not members:
        return None
    body: dict[str, Any] = {}
    for pair in members:
        if type(pair) is not tuple or len(pair) != 2:
            return None
        member, value = pair
        if type(member) is not str or member.startswith("_") or type(value) is not int or member in body:
            return None
        body[member] = value
    if module is None:
        # Where the functional API looks for the calling module (its _create_ is two
        # frames below the caller, this one). Without one it would make the class
        # unpicklable: leave that case to it.
        try:
            module = sys._getframe(2).f_globals["__name__"]
        except (AttributeError, ValueError, KeyError):
            return None
    body["__module__"] = module
    if qualname is not None:
        body["__qualname__"] = qualname
    built = enum._simple_enum(kind, boundary=boundary)(type(name, (), body))  # type: ignore[attr-defined]
    built.__doc__ = None  # the quick builder writes "An enumeration."; the functional API, nothing
    return built
