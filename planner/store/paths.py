"""Where the library lives by default (XDG data directory on Linux)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DB_ENV = "PLANNER_DB"


def data_dir() -> Path:
    """The per-user data directory: $XDG_DATA_HOME/planner, or the platform's equivalent."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "planner"


def default_db_path() -> Path:
    """$PLANNER_DB if set, else library.sqlite3 in the user's data directory."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return data_dir() / "library.sqlite3"
