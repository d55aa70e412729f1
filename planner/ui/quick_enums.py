"""Build the Python enums PySide6 makes for Qt's in half the time.

PySide6 makes each Qt enum a Python ``enum`` class the first time Python touches the
class that holds it, through the functional API: ``IntEnum("Key", [(name, value), ...],
boundary=KEEP)``, called from C. Python 3.11 builds such a class slowly, member by member
through ``_EnumDict`` and ``__set_name__``: ``Qt.Key``'s 471 members take 3.3 ms, and the
first touch of the ``Qt`` namespace builds 93 enums in 14 ms. A start builds about 230 of
them, 45-60 ms of it, the largest single piece of the window's start after Qt itself.

The standard library has a faster builder for the same classes, ``enum._simple_enum``
(the ``re``, ``http`` and ``ssl`` modules make their enums with it): 1.5 ms for ``Qt.Key``.
:func:`build_qt_enums_quickly` routes PySide6's calls to a copy of it made for their
shape, which takes half its time again: the class is made with its members' descriptors in
it rather than given them one by one. Only calls of exactly the shape PySide6 makes take
the quick path: one of the four base kinds, a list of (name, int) pairs with no name twice
and none starting with "_", and nothing but ``boundary``, ``module`` and ``qualname``
given. Everything else, and every lookup by value (``Key(0x41)``), goes the standard way
unchanged.

The builders give the same class: tests/ui/test_quick_enums.py builds every enum of
QtCore, QtGui and QtWidgets through the functional API and through this module and
compares them with ``enum._test_simple_enum``, the check the standard library keeps for
exactly this, and compares this module's classes key for key with ``_simple_enum``'s. The
copy follows Python 3.11's enum module; on any other Python, or if the functional API's
signature is not the one this relies on, nothing is routed and enums are built the
standard way: slower, never different.
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
    # quick_enum builds as Python 3.11's enum._simple_enum does, from its private parts.
    if code is None or sys.version_info[:2] != (3, 11) or not hasattr(enum, "_is_single_bit"):
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
    names: set[str] = set()
    for pair in members:
        if type(pair) is not tuple or len(pair) != 2:
            return None
        member, value = pair
        if type(member) is not str or member.startswith("_") or type(value) is not int or member in names:
            return None
        names.add(member)
    if module is None:
        # Where the functional API looks for the calling module (its _create_ is two
        # frames below the caller, this one). Without one it would make the class
        # unpicklable: leave that case to it.
        try:
            module = sys._getframe(2).f_globals["__name__"]
        except (AttributeError, ValueError, KeyError):
            return None
    return _simple_enum_at_once(kind, name, members, boundary, module, qualname)


_FLAG_OPERATORS = ("__or__", "__xor__", "__and__", "__ror__", "__rxor__", "__rand__", "__invert__")


def _simple_enum_at_once(kind: Any, name: str, members: list[tuple[str, int]], boundary: Any,
                         module: str, qualname: str | None) -> Any:
    """What ``enum._simple_enum(kind, boundary=boundary)`` makes of a class of ``members``.

    Python 3.11's ``_simple_enum`` (Lib/enum.py), step for step, for members checked as
    quick_enum checks them (plain names, int values), less the work such members never
    need: the class is made with its members' descriptors in it, where ``_simple_enum``
    sets each on the finished class through the enum metaclass's ``__setattr__`` and
    sorts each name through four tests. Half the time for the same class, member for
    member and key for key in the same order (tests/ui/test_quick_enums.py).
    """
    member_type = kind._member_type_
    new_member = member_type.__new__
    use_args = kind._use_args_
    member_names: list[str] = []
    member_map: dict[str, Any] = {}
    value2member_map: dict[int, Any] = {}
    body: dict[str, Any] = {
        "_new_member_": new_member, "_use_args_": use_args,
        "_generate_next_value_": kind._generate_next_value_, "_member_names_": member_names,
        "_member_map_": member_map, "_value2member_map_": value2member_map,
        "_unhashable_values_": [], "_member_type_": member_type, "_value_repr_": kind._value_repr_,
    }
    flag = issubclass(kind, enum.Flag)
    if flag:
        body["_boundary_"] = boundary or kind._boundary_
        body["_flag_mask_"] = body["_all_bits_"] = body["_singles_mask_"] = body["_inverted_"] = None
        for operator in _FLAG_OPERATORS:
            body[operator] = getattr(enum.Flag, operator)
    body["__module__"] = module
    if qualname is not None:
        body["__qualname__"] = qualname
    # The functional API writes no docstring (_simple_enum would write "An enumeration.").
    body["__doc__"] = None
    # The mixin's own repr and friends would break pickling: the enum's, as _simple_enum does.
    for method in ("__repr__", "__str__", "__format__", "__reduce_ex__"):
        found = getattr(kind, method)
        if found in (getattr(member_type, method), getattr(object, method)):
            body[method] = found
    for member, _value in members:
        body[member] = enum.property()  # named by type() through __set_name__, as setattr did
    enum_class: Any = type(name, (kind,), body, boundary=boundary, _simple=True)
    single_bits = multi_bits = 0
    for member, value in members:
        alias_of = value2member_map.get(value)
        if alias_of is not None:
            member_map[member] = alias_of
            continue
        made = new_member(enum_class, value) if use_args else new_member(enum_class)
        # Enum.__init__, which _simple_enum calls next, does nothing for these kinds.
        made._value_ = value
        made._name_ = member
        made.__objclass__ = enum_class
        made._sort_order_ = len(member_names)
        member_map[member] = made
        value2member_map[value] = made
        if not flag:
            member_names.append(member)
        elif enum._is_single_bit(value):  # type: ignore[attr-defined]
            member_names.append(member)  # a flag's names are its single bits
            single_bits |= value
        else:
            multi_bits |= value
    if flag:
        enum_class._flag_mask_ = single_bits | multi_bits
        enum_class._singles_mask_ = single_bits
        enum_class._all_bits_ = 2 ** ((single_bits | multi_bits).bit_length()) - 1
        values = [made._value_ for made in enum_class]
        if values != sorted(values):
            enum_class._iter_member_ = enum_class._iter_member_by_def_
    enum_class.__new__ = enum.Enum.__new__
    return enum_class
