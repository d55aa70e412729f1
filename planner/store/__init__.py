"""The local library: schedules, events, stars and notes in SQLite (stdlib sqlite3)."""

from typing import TYPE_CHECKING, Any

from planner.store.errors import NotALibrary, StoreError
from planner.store.library import Library, ScheduleInfo
from planner.store.paths import default_db_path
from planner.store.recovery import find_damage, is_damage, request_full_check

if TYPE_CHECKING:
    from planner.store.importing import ImportSummary

__all__ = [
    "ImportSummary", "Library", "NotALibrary", "ScheduleInfo", "StoreError", "default_db_path", "find_damage", "is_damage",
    "request_full_check",
]


def __getattr__(name: str) -> Any:
    # The import code (10 M instructions) loads with its first use, not with every start
    # of the window, which only reads.
    if name == "ImportSummary":
        from planner.store.importing import ImportSummary  # lazy: see above

        return ImportSummary
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
