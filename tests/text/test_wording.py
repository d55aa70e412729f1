"""Counts read as words: one event, two events."""

from __future__ import annotations

import pytest

from planner.text.wording import counted


@pytest.mark.parametrize(("number", "expected"), [(0, "0 events"), (1, "1 event"), (2, "2 events"), (15, "15 events")])
def test_a_count_of_one_is_singular(number: int, expected: str) -> None:
    assert counted(number, "event") == expected


def test_an_irregular_plural_is_given() -> None:
    assert counted(3, "match", "matches") == "3 matches"
    assert counted(1, "match", "matches") == "1 match"
