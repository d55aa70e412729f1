"""event_status: one place decides whether an event is still on."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from planner.domain.model import Event, Kind
from planner.domain.status import EventStatus, event_status

START = datetime(2021, 6, 1, 9, tzinfo=timezone(timedelta(hours=2)))
TALK = Event("t1", Kind.TALK, 1, "A talk", ("Ada",), "", START, START + timedelta(minutes=30), "S")
CANCELLED = dataclasses.replace(TALK, cancelled=True)


@pytest.mark.parametrize(
    ("event", "flag", "expected"),
    [
        (TALK, "", EventStatus.SCHEDULED),
        (TALK, "new", EventStatus.NEW),
        (TALK, "changed", EventStatus.CHANGED),
        (TALK, "removed", EventStatus.REMOVED),
        (CANCELLED, "", EventStatus.CANCELLED),
        (CANCELLED, "new", EventStatus.CANCELLED),  # cancelled wins over new and changed
        (CANCELLED, "changed", EventStatus.CANCELLED),
        (CANCELLED, "removed", EventStatus.REMOVED),  # removed wins over everything
    ],
)
def test_status(event: Event, flag: str, expected: EventStatus) -> None:
    assert event_status(event, flag) is expected


def test_without_a_flag_an_event_is_scheduled_unless_cancelled() -> None:
    assert event_status(TALK) is EventStatus.SCHEDULED
    assert event_status(CANCELLED) is EventStatus.CANCELLED


def test_only_scheduled_new_and_changed_are_on() -> None:
    assert {s for s in EventStatus if s.is_on} == {EventStatus.SCHEDULED, EventStatus.NEW, EventStatus.CHANGED}


def test_the_values_are_the_json_contract() -> None:
    assert [s.value for s in EventStatus] == ["scheduled", "new", "changed", "cancelled", "removed"]


@pytest.mark.parametrize("flag", ["gone", "scheduled", "REMOVED", " "])
def test_an_unknown_flag_is_an_error_not_scheduled(flag: str) -> None:
    with pytest.raises(ValueError, match="t1"):
        event_status(TALK, flag)
