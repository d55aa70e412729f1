"""The dependency rules in pyproject's [tool.importlinter], checked on every test run.

A wrong import (Qt outside planner.ui, the command line importing the window, the
domain importing a layer above it) fails the suite, and so CI.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import planner

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_hold() -> None:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert command, "import-linter is a test dependency: pip install -e '.[test]'"
    result = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


def _uncommented_function_imports(root: Path) -> list[str]:
    """Imports inside functions with no comment on them or above their block."""
    found = []
    for path in sorted(root.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                if not isinstance(inner, (ast.Import, ast.ImportFrom)):
                    continue
                first = inner.lineno - 1
                # Up over the block of imports it belongs to: one comment can speak for it.
                while first > 0 and lines[first - 1].strip().startswith(("from ", "import ", ")")):
                    first -= 1
                block = lines[first:inner.end_lineno or inner.lineno]
                if not (lines[first - 1].strip().startswith("#") or any("#" in line for line in block)):
                    found.append(f"{path}:{inner.lineno}: {lines[inner.lineno - 1].strip()}")
    return found


def test_every_import_inside_a_function_says_why() -> None:
    """Imports go at the top of a module; the few lazy ones (start-up time, Qt kept off the
    command line) each say what they save, so a reader can tell a measured one from a habit."""
    assert _uncommented_function_imports(Path(planner.__file__).parent) == []
