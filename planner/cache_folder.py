"""The user's cache folder, where Planner keeps what it can always make again.

Only os: the first module of a start reads it (planner.dataclass_code), before pathlib or
the rest of Planner is loaded.
"""

from __future__ import annotations

import os
import sys


def cache_dir() -> str:
    """$XDG_CACHE_HOME/planner, or the platform's equivalent."""
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
        return os.path.join(local, "planner", "Cache")
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Caches/planner")
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "planner")
