"""Keep the methods @dataclass writes, compiled, so that a start compiles none of them.

``@dataclass`` writes a class's methods (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
and ``__setattr__``/``__delattr__`` for a frozen one) as source text, and compiles each with
``exec`` when the class is defined. Python keeps the bytecode of modules in __pycache__,
but not this: every process compiles it again. A start of the window defines 20 dataclasses
and spent 13 of its 16 ms on them compiling (Python 3.11; benchmarks/RESULTS.md).

:func:`use_cache` gives the dataclasses module an ``exec`` of its own, a module global that
its calls find before the builtin. Source text it has compiled before comes from a cache
file as a code object; new text is compiled and kept, and :func:`save` writes what is new.
The result is the same function: ``exec(text)`` compiles ``text`` with the file name
"<string>" and the caller's future flags (dataclasses has none), which is
``compile(text, "<string>", "exec", dont_inherit=True)``, and the same text compiled by the
same Python gives the same code. The file is for one Python (``sys.version`` heads it; another
one ignores it and writes its own), it is looked up by the whole text (a class that changed
writes other text, and finds nothing), and a file that cannot be read is ignored.
"""

from __future__ import annotations

import builtins
import dataclasses
import os
import sys
from types import CodeType
from typing import Any

from planner.cache_folder import cache_dir, keep, kept

FILE_NAME = "dataclass-code.marshal"
# Past this many pieces of code the file keeps only what the process writing it used: each
# upgrade of Planner adds the text of the classes it changed, and nothing else takes the old out.
MOST_KEPT = 2000

_codes: dict[str, CodeType] = {}
_used: set[str] = set()
_new = 0
_path = ""


def default_path() -> str:
    """The file in the user's cache folder."""
    return os.path.join(cache_dir(), FILE_NAME)


def use_cache(path: str | None = None) -> None:
    """From now on, dataclasses defined compile their methods once per Python, kept at ``path``."""
    global _path
    _path = path or default_path()
    _codes.update(_read(_path))
    dataclasses.exec = _exec  # type: ignore[attr-defined]


def save() -> bool:
    """Write the cache file if this process compiled code it did not hold; True if written."""
    global _new
    if not _new or not _path or sys.dont_write_bytecode:
        return False
    kept = _codes if len(_codes) <= MOST_KEPT else {text: _codes[text] for text in _used}
    if not keep(_path, (sys.version, kept)):
        return False  # the next start compiles, as without the cache
    _new = 0
    return True


def _read(path: str) -> dict[str, CodeType]:
    found = kept(path)
    if not isinstance(found, tuple) or len(found) != 2:
        return {}
    version, codes = found
    if version != sys.version or not isinstance(codes, dict):
        return {}
    if not all(type(text) is str and type(code) is CodeType for text, code in codes.items()):
        return {}  # written by something else: never run what is not code compiled from text
    return codes


def _exec(source: Any, globals: Any = None, locals: Any = None, /, **kwargs: Any) -> None:
    global _new
    if type(source) is str and not kwargs:
        code = _codes.get(source)
        _used.add(source)
        if code is None:
            code = _codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
            _new += 1
        source = code
    if globals is None:  # exec would take the caller's: the dataclasses module's
        globals = sys.modules["dataclasses"].__dict__
    builtins.exec(source, globals, locals, **kwargs)
