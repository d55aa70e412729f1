"""Counts and clock times in words: "1 event", "2 events", "10:00–10:30"."""

from __future__ import annotations

from datetime import tzinfo

from planner.domain.days import event_times
from planner.domain.model import Event


def counted(number: int, noun: str, plural: str = "") -> str:
    """``number`` and ``noun``, plural unless it is one: counted(1, "event") == "1 event"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def clock_range(event: Event, zone: tzinfo | None) -> str:
    """"10:00–10:30" in the display ``zone`` (event_times decides what is converted), or
    "All day" for a whole-day event."""
    if event.all_day:
        return "All day"
    start, end = event_times(event, zone)
    return f"{start:%H:%M}–{end:%H:%M}"
