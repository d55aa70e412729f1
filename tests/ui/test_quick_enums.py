"""PySide6's enums, built by planner.ui.quick_enums, are the ones the standard builder makes."""

from __future__ import annotations

import enum
import json
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from planner.ui import quick_enums

ROOT = Path(__file__).resolve().parents[2]

# Every enum of the three modules the window uses, built as a fresh process meets them.
TOUCH_ALL = """
import PySide6.QtCore as core, PySide6.QtGui as gui, PySide6.QtWidgets as widgets
for module in (core, gui, widgets):
    for name in dir(module):
        getattr(module, name)
"""


def _run(*pieces: str) -> str:
    code = "\n".join(textwrap.dedent(piece) for piece in pieces)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_each_enum_pyside6_asks_for_comes_out_as_the_standard_builder_makes_it() -> None:
    # Each of PySide6's calls is built both ways from the same arguments, and the two
    # classes go through the standard library's own check for the quick builder.
    out = _run("""
        import enum, json
        from planner.ui import quick_enums
        standard = enum.EnumType.__call__
        calls, quick, differ = [], [], []
        def both(cls, value, names=None, *args, **kwargs):
            built = standard(cls, value, names, *args, **kwargs)
            if names is not None:
                calls.append(value)
                other = quick_enums.quick_enum(cls, value, names, **{**kwargs, "module": built.__module__})
                if other is not None:
                    quick.append(value)
                    try:
                        enum._test_simple_enum(built, other)
                    except TypeError as error:
                        differ.append(f"{value}: {error}")
                elif names:
                    differ.append(f"{value}: not built quickly ({names[:2]!r}, {kwargs!r})")
            return built
        enum.EnumType.__call__ = both
    """, TOUCH_ALL, """
        print(json.dumps({"calls": len(calls), "quick": len(quick), "differ": differ}))
    """)
    seen = json.loads(out.splitlines()[-1])
    assert seen["differ"] == []
    assert seen["calls"] > 500 and seen["quick"] >= seen["calls"] - 2  # all but the memberless


DUMP = """
import enum, json, pickle, sys
found = {}
def visit(holder, prefix):
    for name, value in sorted(vars(holder).items()):
        if isinstance(value, enum.EnumType) and value.__module__.startswith("PySide6"):
            members = [(n, int(m.value) if isinstance(m.value, int) else repr(m.value), repr(m), str(m),
                        format(m), m.name) for n, m in value.__members__.items()]
            first = next(iter(value.__members__.values()), None)
            found[f"{prefix}.{name}"] = {
                "kind": [base.__name__ for base in value.__mro__], "module": value.__module__,
                "qualname": value.__qualname__, "doc": value.__doc__, "members": members,
                "names": list(value._member_names_), "iterated": [m.name for m in value],
                "dict": sorted(vars(value)), "len": len(value),
                "flag": [repr(getattr(value, key, None)) for key in
                         ("_boundary_", "_flag_mask_", "_all_bits_", "_singles_mask_")],
                "pickled": first is not None and pickle.loads(pickle.dumps(first)) is first,
            }
        elif isinstance(value, type) and value.__module__.startswith("PySide6") and holder is not value:
            if f"{prefix}.{name}".count(".") < 4:
                visit(value, f"{prefix}.{name}")
"""


def test_pyside6_gives_the_same_enums_with_the_quick_builder_as_without() -> None:
    # What PySide6 makes of each class after building it (names, module, the members it
    # also hangs on the enclosing class), compared whole between two fresh processes.
    plain = _run(TOUCH_ALL + DUMP + "for m in (core, gui, widgets): visit(m, m.__name__)\n"
                 "print(json.dumps(found, sort_keys=True))")
    quick = _run("from planner.ui import quick_enums\nassert quick_enums.build_qt_enums_quickly()\n"
                 + TOUCH_ALL + DUMP + "for m in (core, gui, widgets): visit(m, m.__name__)\n"
                 "print(json.dumps(found, sort_keys=True))")
    plain_enums, quick_enums_seen = json.loads(plain), json.loads(quick)
    assert len(plain_enums) > 500
    differing = [name for name in plain_enums if plain_enums[name] != quick_enums_seen.get(name)]
    if differing:  # say how the first one differs
        plain_first, quick_first = plain_enums[differing[0]], quick_enums_seen.get(differing[0], {})
        print(differing[0], {key: (value, quick_first.get(key)) for key, value in plain_first.items()
                             if value != quick_first.get(key)})
    assert differing == [] and set(quick_enums_seen) == set(plain_enums)


def test_the_window_package_routes_the_builds_before_pyside6_loads() -> None:
    out = _run("""
        import enum, sys
        import planner.ui
        from planner.ui import quick_enums
        print(enum.EnumType.__call__ is quick_enums._call)
        from PySide6.QtCore import Qt
        print(Qt.Key.Key_A is Qt.Key(0x41), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    """)
    assert out.split("\n")[:2] == ["True", "True 33"]


@pytest.mark.usefixtures("qapp")  # the test process has loaded the window: the routing is on
def test_calls_of_any_other_shape_go_the_standard_way() -> None:
    assert enum.EnumType.__call__ is quick_enums._call
    colour = enum.Enum("Colour", "RED GREEN")  # names alone: numbered by the standard builder
    assert [(m.name, m.value) for m in colour] == [("RED", 1), ("GREEN", 2)]
    assert enum.IntEnum("Size", {"S": 1, "M": 2}).M == 2  # a mapping
    assert enum.Enum("Mixed", [("a", "x")]).a.value == "x"  # a value that is not an int
    with pytest.raises(TypeError):
        enum.Enum("Twice", [("a", 1), ("a", 2)])  # a name twice: the standard error
    with pytest.raises(ValueError):
        enum.Enum("Sunder", [("_reserved_", 1)])
    assert colour(2) is colour.GREEN  # a lookup by value
    with pytest.raises(ValueError):
        colour(7)


def test_a_quick_enum_is_a_whole_enum() -> None:
    kinds = quick_enums.quick_enum(enum.IntFlag, "Kinds", [("A", 1), ("B", 2), ("AB", 3), ("None_", 0)],
                                   boundary=enum.FlagBoundary.KEEP, module=__name__, qualname="Kinds")
    assert kinds is not None and kinds.A | kinds.B is kinds.AB and kinds(8).value == 8  # KEEP
    assert kinds._member_names_ == ["A", "B"] and kinds.None_.value == 0
    globals()["Kinds"] = kinds  # where pickle looks for it
    try:
        assert pickle.loads(pickle.dumps(kinds.B)) is kinds.B
    finally:
        del globals()["Kinds"]
    assert quick_enums.quick_enum(enum.Enum, "Empty", []) is None  # left to the standard builder
    assert quick_enums.quick_enum(enum.Enum, "Odd", [("a", 1, 2)]) is None
    assert quick_enums.build_qt_enums_quickly()  # a second call changes nothing
    assert enum.EnumType.__call__ is quick_enums._call


# The class enum._simple_enum makes from the same call, as quick_enums built it before it
# had its own copy of that builder; compared key for key, in order, with quick_enum's.
KEY_FOR_KEY = """
import enum

def by_simple_enum(kind, name, members, boundary=None, module=None, qualname=None):
    body = {name: value for name, value in members}
    body["__module__"] = module
    built = enum._simple_enum(kind, boundary=boundary)(type(name, (), body))
    built.__doc__ = None
    return built

def described(value, owner):
    if isinstance(value, enum.property):
        return ("property", vars(value))
    if value is owner:
        return "the class"
    if isinstance(value, (list, dict)) and value and not isinstance(value, str):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        return [(key, described(item, owner)) for key, item in items]
    if isinstance(value, enum.Enum):
        return ("member", type(value) is owner, value._name_)
    if hasattr(value, "__func__"):  # a class method bound to the class: made anew at each reading
        return ("bound", id(value.__func__), described(value.__self__, owner))
    return ("same", id(value)) if callable(value) else ("equal", repr(value))

def differences(quick, simple):
    found = []
    if list(vars(quick)) != list(vars(simple)):
        found.append(("keys", list(vars(quick)), list(vars(simple))))
    for key in vars(simple):
        if key in vars(quick) and described(vars(quick)[key], quick) != described(vars(simple)[key], simple):
            found.append((key, described(vars(quick)[key], quick), described(vars(simple)[key], simple)))
    for name in simple._member_map_:
        if described(vars(quick[name]), quick) != described(vars(simple[name]), simple):
            found.append((name, vars(quick[name]), vars(simple[name])))
    if (quick.__qualname__, quick.__name__, quick.__doc__) != (simple.__qualname__, simple.__name__, simple.__doc__):
        found.append("names")
    return found
"""


def test_each_quick_enum_is_key_for_key_the_one_simple_enum_makes() -> None:
    out = _run(KEY_FOR_KEY, """
        import json
        from planner.ui import quick_enums
        standard = enum.EnumType.__call__
        compared, differ = [], []
        def both(cls, value, names=None, *args, **kwargs):
            built = standard(cls, value, names, *args, **kwargs)
            if names is not None and names:
                given = {**kwargs, "module": built.__module__}
                quick = quick_enums.quick_enum(cls, value, list(names), **given)
                if quick is not None:
                    compared.append(value)
                    found = differences(quick, by_simple_enum(cls, value, list(names), **given))
                    if found:
                        differ.append(f"{value}: {found!r:.400}")
            return built
        enum.EnumType.__call__ = both
    """, TOUCH_ALL, """
        print(json.dumps({"compared": len(compared), "differ": differ}))
    """)
    seen = json.loads(out.splitlines()[-1])
    assert seen["differ"] == [] and seen["compared"] > 500


@pytest.mark.parametrize("kind", [enum.Enum, enum.IntEnum, enum.Flag, enum.IntFlag])
def test_aliases_and_flags_out_of_order_come_out_as_simple_enum_makes_them(kind: type) -> None:
    # Shapes Qt has (Qt.Key's aliases; flags whose combinations come before their bits),
    # checked in this process on classes small enough to read when they differ.
    namespace: dict[str, object] = {}
    exec(KEY_FOR_KEY, namespace)  # the helpers above, shared with the child process
    members = [("AB", 3), ("B", 2), ("A", 1), ("Also_A", 1), ("Nothing", 0), ("High", 64)]
    boundary = enum.FlagBoundary.KEEP if issubclass(kind, enum.Flag) else None
    quick = quick_enums.quick_enum(kind, "Shape", members, boundary=boundary, module=__name__)
    simple = namespace["by_simple_enum"](kind, "Shape", members, boundary=boundary, module=__name__)  # type: ignore[operator]
    assert namespace["differences"](quick, simple) == []  # type: ignore[operator]
    assert quick is not None and quick.Also_A is quick.A and [m.name for m in quick] == [m.name for m in simple]
    named = quick_enums.quick_enum(kind, "Named", [("X", 1)], module=__name__, qualname="Outer.Named")
    assert named.__qualname__ == "Outer.Named"
