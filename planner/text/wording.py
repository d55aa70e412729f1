"""Counts, clock times and places in words ("1 event", "2 events", "10:00–10:30", "board
#12"), and names in the order a person reads them ("Room 2" before "Room 10")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import tzinfo

from planner.domain.days import end_clock, event_times, repeated_hour_mark
from planner.domain.model import Event


def counted(number: int, noun: str, plural: str = "") -> str:
    """``number`` and ``noun``, plural unless it is one: counted(1, "event") == "1 event"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def counted_doing(number: int, noun: str, verb: str, plural_verb: str) -> str:
    """A count with its verb agreeing: counted_doing(1, "event", "has", "have") == "1 event has",
    and "3 events have" (rather than "3 event(s) have", which reads as a form to fill in)."""
    return f"{counted(number, noun)} {verb if number == 1 else plural_verb}"


def clock_range(event: Event, zone: tzinfo | None) -> str:
    """"10:00–10:30" in the display ``zone`` (event_times decides what is converted), or
    "All day" for a whole-day event."""
    if event.all_day:
        return "All day"
    start, end = event_times(event, zone)
    return f"{start:%H:%M}{repeated_hour_mark(start)}–{end_clock(start, end)}"


def board_place(position: str) -> str:
    """A poster's board as part of where it is: "board #1236" ("" when it has none). A
    poster session's hall holds hundreds of boards; the board is how the poster is found."""
    position = position.strip()
    return f"board {position}" if position else ""


def room_and_board(room: str, position: str) -> str:
    """Where to go: "Exhibit Hall A,B, board #1236", the room alone, or the board alone."""
    return ", ".join(p for p in (room, board_place(position)) if p)


_NUMBER = re.compile(r"(\d+)")


def reading_order(name: str) -> tuple[tuple[str | int, ...], str]:
    """A sort key for names as a person reads them: case-blind, numbers by their value
    ("Hall 2" before "Hall 10", where sorting the text put "Hall 10" first)."""
    parts = _NUMBER.split(name.casefold())  # text, number, text, ...: like compares with like
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts)), name


def room_order(listed: Sequence[str], rooms: Iterable[str]) -> list[str]:
    """``rooms`` as the timeline's columns: in the order the schedule's file lists them
    (``listed``, the venue's), then those it does not list, as a person reads them."""
    present = set(rooms)
    known = [room for room in dict.fromkeys(listed) if room in present]
    return known + sorted(present - set(known), key=reading_order)
