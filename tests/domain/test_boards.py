"""Poster boards sort as an attendee walks them (planner.domain.boards)."""

from __future__ import annotations

from planner.domain.boards import board_order


def test_numbers_sort_as_numbers_not_as_text() -> None:
    boards = ["#100", "#99", "#2504", "#7", "#1000"]
    assert sorted(boards, key=board_order) == ["#7", "#99", "#100", "#1000", "#2504"]


def test_letters_then_numbers_and_no_board_last() -> None:
    boards = ["B1", "", "A10", "a2", "A1", "  "]
    assert sorted(boards, key=board_order) == ["A1", "a2", "A10", "B1", "", "  "]


def test_any_mix_compares() -> None:
    """Letters before digits at the same place, digit runs by value: no TypeError, one order."""
    boards = ["Hall C #17", "17", "C", "#3b", "3a"]
    assert sorted(boards, key=board_order) == ["C", "Hall C #17", "3a", "#3b", "17"]
