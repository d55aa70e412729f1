"""The methods @dataclass compiles come from planner.dataclass_code's file, and are the same."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Loads the command line as a start does, then reports how many pieces of code it compiled
# and a fingerprint of every method of every dataclass it defined.
_START = textwrap.dedent("""
    import dataclasses, hashlib, json, marshal, sys
    from planner.entry import load_command_line
    load_command_line()
    from planner import dataclass_code
    from planner.domain.model import Link
    methods = {}
    for name, module in sorted(sys.modules.items()):
        if not name.startswith("planner"):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == name:
                for method in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
                    code = getattr(vars(value).get(method), "__code__", None)
                    if code is not None:
                        methods[f"{value.__qualname__}.{method}"] = hashlib.sha1(marshal.dumps(code)).hexdigest()
    link = Link(url="https://example.org", title="T")
    try:
        link.title = "changed"
    except dataclasses.FrozenInstanceError:
        frozen = True
    print(json.dumps({"compiled": dataclass_code._new, "methods": methods, "frozen": frozen,
                      "same": link == Link(url="https://example.org", title="T"), "repr": repr(link)}))
""")


def _start(cache: Path, *, write_bytecode: bool = True) -> dict:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run([sys.executable, "-c", _START], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_the_second_start_compiles_nothing_and_gets_the_same_methods(tmp_path: Path) -> None:
    first = _start(tmp_path)
    assert first["compiled"] > 30  # every method of the command line's dataclasses
    cached = tmp_path / "planner" / "dataclass-code.marshal"
    assert cached.exists()  # written at exit
    second = _start(tmp_path)
    assert second["compiled"] == 0
    assert second["methods"] == first["methods"] and len(first["methods"]) > 30
    assert "Event.__init__" in first["methods"] and "Event.__setattr__" in first["methods"]
    assert second["frozen"] and second["same"] and second["repr"] == first["repr"]


def test_methods_from_the_file_are_those_python_compiles_itself(tmp_path: Path) -> None:
    # Without the cache at all: Python's own exec of the same text.
    plain = subprocess.run(
        [sys.executable, "-c", _START.replace("load_command_line()\n", "import planner.cli\n", 1)
         .replace("dataclass_code._new", "0")],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT, timeout=120,
        check=False)
    assert plain.returncode == 0, plain.stderr[-3000:]
    _start(tmp_path)
    from_file = _start(tmp_path)
    assert from_file["compiled"] == 0
    assert from_file["methods"] == json.loads(plain.stdout.splitlines()[-1])["methods"]


def test_a_file_that_cannot_be_used_is_written_again(tmp_path: Path) -> None:
    cached = tmp_path / "planner" / "dataclass-code.marshal"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"not marshal at all")
    assert _start(tmp_path)["compiled"] > 30
    assert _start(tmp_path)["compiled"] == 0  # rewritten, and read
    version, codes = marshal.loads(cached.read_bytes())
    cached.write_bytes(marshal.dumps(("2.7.18 another Python", codes)))
    assert _start(tmp_path)["compiled"] > 30  # another Python's code is never run
    cached.write_bytes(marshal.dumps((version, dict.fromkeys(codes, 7))))
    assert _start(tmp_path)["compiled"] > 30  # nor what is not code


def test_nothing_is_written_where_bytecode_is_not_wanted(tmp_path: Path) -> None:
    assert _start(tmp_path, write_bytecode=False)["compiled"] > 30
    assert not (tmp_path / "planner").exists()


def test_a_cache_folder_that_cannot_be_made_costs_only_the_compile(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    assert _start(blocked)["compiled"] > 30
    assert _start(blocked)["compiled"] > 30
