"""Tiers, plans and attendance (schema 12, planner.store.marks): the attendee's marks beyond
a star, kept by event id, surviving an update, a migration and a removed schedule."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.domain.marks import Attendance, Tier
from planner.store import Library, StoreError
from planner.store.schema import SCHEMA_VERSION
from tests.store.samples import bundled, first_ids  # noqa: F401  (bundled: the ``library`` fixture)
from tests.store.schema_history import downgrade, undo_schema_12


def test_stars_have_tiers_and_a_tier_change_keeps_when_it_was_starred(library: Library) -> None:
    first, second = first_ids(library, 2)
    library.star([first])
    when = library.starred_at(first)
    library.star([second], tier=Tier.MAYBE)
    assert library.tiers() == {first: Tier.MUST, second: Tier.MAYBE}
    library.star([first], tier=Tier.MAYBE)
    assert library.tier(first) is Tier.MAYBE and library.starred_at(first) == when
    library.unstar([first])
    assert library.tier(first) is None and library.tiers() == {second: Tier.MAYBE}
    assert (Tier.MUST.weight, Tier.MAYBE.weight) == (3, 1)


def test_a_plan_is_accepted_per_day_and_leaves_stars_alone(library: Library) -> None:
    a, b, c, d = first_ids(library, 4)
    library.star([a, b])
    library.set_plan([a, b, c], [a, c])
    assert library.planned_ids() == {a, c}
    library.set_plan([a, b, c], [b])  # the day planned again: only what the new plan holds
    assert library.planned_ids() == {b}
    library.set_plan([d], [d])  # another day's plan leaves this one
    assert library.planned_ids() == {b, d}
    assert library.starred_ids() == {a, b}
    with pytest.raises(StoreError, match="no event 'nope'"):
        library.set_plan([a], ["nope"])
    assert library.planned_ids() == {b, d}


def test_attendance_marks(library: Library) -> None:
    a, b = first_ids(library, 2)
    library.set_attendance(a, Attendance.ATTENDED)
    library.set_attendance(b, Attendance.MISSED)
    library.set_attendance(b, Attendance.ATTENDED)
    assert library.attendance() == {a: Attendance.ATTENDED, b: Attendance.ATTENDED}
    library.set_attendance(a, None)
    assert library.attendance() == {b: Attendance.ATTENDED}
    with pytest.raises(StoreError):
        library.set_attendance("nope", Attendance.MISSED)
    with pytest.raises(StoreError, match="no event 'nope'"):  # clearing checks the id too
        library.set_attendance("nope", None)
    assert library.attendance() == {b: Attendance.ATTENDED}


def test_removing_a_schedule_with_its_stars_takes_every_mark(library: Library) -> None:
    a, b = first_ids(library, 2)
    key = library.events()[0].schedule
    library.star([a], tier=Tier.MAYBE)
    library.set_plan([a, b], [a])
    library.set_attendance(b, Attendance.MISSED)
    library.set_note(a, "ask about the proof")
    library.remove_schedule(key, drop_stars=True)
    assert (library.tiers(), library.planned_ids(), library.attendance(), library.notes()) == ({}, set(), {}, {})


def test_stars_of_an_older_library_become_must_see(tmp_path: Path, library: Library) -> None:
    a, b = first_ids(library, 2)
    library.star([a, b])
    path = library.path
    library.close()
    downgrade(path, undo_schema_12, 11)
    with Library(path) as again:
        assert again.user_version() == SCHEMA_VERSION == 16
        assert again.tiers() == {a: Tier.MUST, b: Tier.MUST}
        assert again.planned_ids() == set() and again.attendance() == {}
