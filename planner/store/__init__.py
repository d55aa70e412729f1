"""The local library: schedules, events, stars and notes in SQLite (stdlib sqlite3)."""

from planner.store.library import ImportSummary, Library, ScheduleInfo, StoreError
from planner.store.paths import default_db_path

__all__ = ["ImportSummary", "Library", "ScheduleInfo", "StoreError", "default_db_path"]
