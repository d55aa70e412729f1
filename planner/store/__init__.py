"""The local library: schedules, events, stars and notes in SQLite (stdlib sqlite3)."""

from planner.store.errors import StoreError
from planner.store.importing import ImportSummary
from planner.store.library import Library, ScheduleInfo
from planner.store.paths import default_db_path
from planner.store.recovery import find_damage, is_damage, request_full_check

__all__ = [
    "ImportSummary", "Library", "ScheduleInfo", "StoreError", "default_db_path", "find_damage", "is_damage",
    "request_full_check",
]
