"""The user's cache folder, where Planner keeps what it can always make again, and how a
file there is written and read (planner.dataclass_code, planner.text.latex_pieces).

Only os and marshal: the first module of a start reads it (planner.dataclass_code), before
pathlib or the rest of Planner is loaded.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from typing import Any


def cache_dir() -> str:
    """$XDG_CACHE_HOME/planner, or the platform's equivalent."""
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
        return os.path.join(local, "planner", "Cache")
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Caches/planner")
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "planner")


def keep(path: str, value: tuple[str, dict[str, Any]]) -> bool:
    """Write ``value`` (a header naming what it is for, and what is kept) to ``path``;
    False when it cannot be written.

    Through a file of its own then renamed: another process reads the old file or the new,
    never half of one, and a write that fails part way (a full disk) leaves nothing behind.
    A read-only home costs only what the cache would have saved.
    """
    partial = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(partial, "wb") as out:
            marshal.dump(value, out)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(partial)
        return False
    return True


def kept(path: str) -> object | None:
    """What ``path`` holds, or None when it is missing or cannot be read (the caller checks
    that it is what it wrote: a file of another kind reads as something else)."""
    try:
        with open(path, "rb") as file:
            # Read whole, then unmarshalled: marshal.load(file) reads the file a few bytes at a
            # time through Python's file object, 6.7 ms for the dataclasses' 200 KB where
            # this takes 1.1 ms (fresh processes, benchmarks/RESULTS.md).
            found: object = marshal.loads(file.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return found
