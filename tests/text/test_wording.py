"""Counts read as words (one event, two events), and names in the order a person reads them."""

from __future__ import annotations

import pytest

from planner.text.wording import counted, counted_doing, reading_order, room_order


@pytest.mark.parametrize(("number", "expected"), [(0, "0 events"), (1, "1 event"), (2, "2 events"), (15, "15 events")])
def test_a_count_of_one_is_singular(number: int, expected: str) -> None:
    assert counted(number, "event") == expected


def test_an_irregular_plural_is_given() -> None:
    assert counted(3, "match", "matches") == "3 matches"
    assert counted(1, "match", "matches") == "1 match"


@pytest.mark.parametrize(("number", "expected"), [(1, "1 event has"), (0, "0 events have"), (3, "3 events have")])
def test_a_count_takes_the_verb_that_agrees_with_it(number: int, expected: str) -> None:
    assert counted_doing(number, "event", "has", "have") == expected


def test_names_sort_as_read_numbers_by_value_case_blind() -> None:
    names = ["Room 10", "room 2", "Arena", "Room 2a1", "Arena, Room 8", "Room 1"]
    assert sorted(names, key=reading_order) == ["Arena", "Arena, Room 8", "Room 1", "room 2", "Room 2a1", "Room 10"]
    assert sorted(["Room 02", "Room 2"], key=reading_order) == sorted(["Room 2", "Room 02"], key=reading_order)


def test_rooms_the_file_lists_come_first_in_its_order() -> None:
    listed = ["Saal 1", "Saal GLITCH", "Not today", "Saal 1"]
    assert room_order(listed, ["Hall 10", "Saal GLITCH", "Hall 2", "Saal 1"]) == ["Saal 1", "Saal GLITCH", "Hall 2", "Hall 10"]
    assert room_order([], []) == []
