"""Counts in words: "1 event", "2 events"."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str = "") -> str:
    """``number`` and ``noun``, plural unless it is one: counted(1, "event") == "1 event"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
