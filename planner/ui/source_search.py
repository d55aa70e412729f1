"""Spare the window's modules the search of their source PySide6 makes on import.

With QtCore, PySide6 puts a hook on ``import`` for its ``__feature__`` switches
(``from __feature__ import snake_case``), which apply per module. After each import
statement the hook looks the imported module's name up in a table (module name ->
feature set), and for a name it has not seen it reads the module's whole source
(``inspect.getsource``, through linecache and tokenize) to see whether it says "PySide6":
0 ("uses PySide6, no feature") if so, -1 ("ignore it") if not. A start made 113 such
searches, one per module named in the window's import statements: the window's own 60-odd
and every standard module they name. Importing the window's modules took 64 ms with them
and 55 ms with the table filled as below (medians of 12 processes, in turns); a whole
start, 246 -> 233 ms with one other change (benchmarks/RESULTS.md, twelfth round).

Planner selects no feature anywhere, and then the table's answers change nothing: PySide6
uses the set the calling module's entry names, and 0, -1 and a missing entry all come
to the default set when no module ever selected another. So the table is filled in
advance with the answer the search would give: 0 for the window's modules (planner.ui,
each of which imports PySide6), -1 for Planner's other modules (the import contracts keep
Qt out of them) and for the other modules already loaded (the standard library's: none
of them names PySide6). PySide6's own modules are left to the search.

If a later PySide6 drops the table or renames it, this does nothing and the searches come
back, costing time, never behaviour. Should Planner ever select a ``__feature__``, this
must go: the table is then how PySide6 tells the selecting module from the rest.
"""

from __future__ import annotations

import os
import sys

import PySide6.QtCore  # noqa: F401  (installs the hook; its table exists from then on)

UI_PACKAGE = "planner.ui"
USES_PYSIDE = 0  # what the search answers for a module whose source says "PySide6"
IGNORED = -1  # ... and for one whose source does not


def hook_table() -> dict[str, int] | None:
    """PySide6's table of modules it has searched, or None when this PySide6 has none."""
    feature = sys.modules.get("PySide6.support.feature") or sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    return table if isinstance(table, dict) else None


def planner_module_names() -> list[str]:
    """The names of every module in the planner package, found from its files, none imported."""
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    above = os.path.dirname(package_root)
    names = []
    for folder, subfolders, files in os.walk(package_root):
        subfolders[:] = [name for name in subfolders if name.isidentifier()]  # not __pycache__
        package = os.path.relpath(folder, above).replace(os.sep, ".")
        for name in files:
            if name.endswith(".py"):
                names.append(package if name == "__init__.py" else f"{package}.{name[:-3]}")
    return names


def spare_source_searches(table: dict[str, int] | None = None) -> int:
    """Fill PySide6's table (``table``: the one given instead) as its searches would have;
    returns how many names were added."""
    if table is None:
        table = hook_table()
    if table is None:
        return 0
    before = len(table)
    for name in planner_module_names():
        in_window = name == UI_PACKAGE or name.startswith(UI_PACKAGE + ".")
        table.setdefault(name, USES_PYSIDE if in_window else IGNORED)  # only planner.ui imports Qt
    for name in list(sys.modules):
        if not name.startswith(("PySide6", "shiboken")):  # some of these name PySide6
            table.setdefault(name, IGNORED)
    return len(table) - before
