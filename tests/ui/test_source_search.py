"""PySide6's import hook finds the window's modules already answered (planner.ui.source_search)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from planner.ui.source_search import hook_table, planner_module_names, spare_source_searches

ROOT = Path(__file__).resolve().parents[2]


def test_the_table_gets_each_answer_the_search_would_give() -> None:
    table = {"planner.ui.app": 0, "planner.store.library": 0, "PySide6": 0}  # already searched: kept
    added = spare_source_searches(table)
    names = planner_module_names()
    assert added == len(table) - 3 and added >= len(names) - 2
    assert table["planner.ui"] == 0 and table["planner.ui.main_window"] == 0
    assert table["planner.ui.widgets.timeline"] == 0  # modules of subpackages too
    assert table["planner.domain.model"] == -1 and table["planner.cli"] == -1  # Qt-free by contract
    assert table["planner.store.library"] == 0  # an answer already there is never changed
    assert table["os"] == -1 and table["sys"] == -1  # loaded, and searched they say no PySide6
    assert not any(name.startswith("PySide6.") or name.startswith("shiboken") for name in table)
    assert not any("__pycache__" in name or name.endswith(".") for name in names)


def test_every_module_of_the_package_is_named() -> None:
    files = {path.relative_to(ROOT).with_suffix("") for path in (ROOT / "planner").rglob("*.py")}
    expected = {".".join(path.parts[:-1] if path.name == "__init__" else path.parts) for path in files}
    assert set(planner_module_names()) == expected


def test_this_pyside6_has_the_table_the_window_fills(qapp: object) -> None:
    # Pinned PySide6 (pyproject): a release without it would quietly bring the searches back.
    table = hook_table()
    assert table is not None and table.get("planner.ui.main_window") == 0


# In a fresh interpreter, as a start loads them: the command line's modules, then the
# window's, with PySide6's search recorded.
_LOAD_THE_WINDOW = textwrap.dedent("""
    import json, sys
    import planner.cli
    import PySide6.QtCore
    feature = sys.modules["PySide6.support.feature"]
    searched, search = [], feature._mod_uses_pyside
    feature._mod_uses_pyside = lambda module: searched.append(module.__name__) or search(module)
    if sys.argv[1] == "without":
        feature.pyside_feature_dict.setdefault("planner.ui.source_search", 0)
        sys.modules["planner.ui.source_search"] = type(sys)("planner.ui.source_search")
        sys.modules["planner.ui.source_search"].spare_source_searches = lambda: 0
    import planner.ui.main_window
    print(json.dumps(searched))
""")


def _searched(mode: str) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    done = subprocess.run([sys.executable, "-c", _LOAD_THE_WINDOW, mode], env=env, capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    import json  # lazy: only this helper reads the child's answer

    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_loading_the_window_reads_the_source_of_none_of_planners_modules() -> None:
    searched = _searched("with")
    # Only the modules planner.ui imports before the table is filled. (In a start the first
    # of them loads before PySide6 and is not searched; here QtCore came first, to record.)
    assert [name for name in searched if name.startswith("planner")] == ["planner.ui.quick_enums",
                                                                         "planner.ui.source_search"]
    assert "dataclasses" not in searched and "datetime" not in searched  # loaded before: answered too
    # The recording works: without the filled table, PySide6 reads them all.
    unanswered = _searched("without")
    assert "planner.ui.widgets.timeline" in unanswered and "planner.domain.model" in unanswered
    assert len([name for name in unanswered if name.startswith("planner")]) > 50
