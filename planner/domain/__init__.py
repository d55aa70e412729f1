"""Domain objects and pure queries. Standard library only, no Qt, no I/O."""

from planner.domain.errors import ScheduleError
from planner.domain.model import Event, Kind, Schedule, Session

__all__ = ["Event", "Kind", "Schedule", "ScheduleError", "Session"]
