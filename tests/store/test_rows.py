"""Events as the library stores them and reads them back (planner.store.rows)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from planner.store.rows import authors_from_json, authors_json

names = st.lists(st.text(max_size=30), max_size=8).map(tuple)


@given(names)
def test_authors_read_back_as_written(authors: tuple[str, ...]) -> None:
    assert authors_from_json(authors_json(authors)) == authors


@given(names)
def test_authors_written_by_json_dumps_read_back(authors: tuple[str, ...]) -> None:
    """Libraries written by earlier versions (json.dumps, either way of escaping)."""
    for ensure_ascii in (False, True):
        assert authors_from_json(json.dumps(list(authors), ensure_ascii=ensure_ascii)) == authors


def test_names_that_look_like_separators_survive() -> None:
    for authors in [('Ada "Countess" Lovelace',), ('", "', "x"), ("", ""), ("a, b", "c"), ("[]",), ()]:
        assert authors_from_json(authors_json(authors)) == authors


def test_a_moved_talks_note_says_which_clock_its_old_time_is_on() -> None:
    """The note is shown beside times in the attendee's display zone (19:30 in Tokyo): a
    bare "moved from 10:30" read as a Tokyo time."""
    from dataclasses import replace
    from datetime import datetime, timedelta, timezone

    from planner.domain.model import Event, Kind
    from planner.store.rows import describe_changes

    cet = timezone(timedelta(hours=1))
    old = Event(id="x", kind=Kind.TALK, number=None, title="Opening", authors=(), abstract="",
                start=datetime(2024, 12, 27, 10, 30, tzinfo=cet), end=datetime(2024, 12, 27, 11, tzinfo=cet),
                session="", room="Saal 1")
    hour = timedelta(hours=1)
    assert describe_changes(old, replace(old, start=old.start + hour, end=old.end + hour)) == "moved from 10:30 UTC+01:00"
    day = timedelta(days=1)
    assert describe_changes(old, replace(old, start=old.start + day, end=old.end + day)) == \
        "moved from Fri 27 Dec 10:30 UTC+01:00"
    venue = replace(old, floating=True)  # published without a zone: the venue's clock, said as such elsewhere
    assert describe_changes(venue, replace(venue, start=old.start + hour, end=old.end + hour)) == "moved from 10:30"
    whole = replace(old, all_day=True, start=datetime(2024, 12, 27, tzinfo=cet), end=datetime(2024, 12, 28, tzinfo=cet))
    assert describe_changes(whole, replace(whole, start=whole.start + day, end=whole.end + day)) == \
        "moved from Fri 27 Dec"
