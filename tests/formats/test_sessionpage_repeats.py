"""The session-page parser on what big files repeat: slot times, headings, paragraphs.

The parser reads a time range once and reuses it for every slot with the same text, and
handles blank, author and abstract lines and event headings without the general
per-line path. These tests pin that the shortcuts change nothing a file can show: line
numbers in errors, which text is a slot, a heading or a paragraph, and event order.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from planner.domain.errors import ScheduleError
from planner.domain.model import Kind, Schedule
from planner.formats import sessionpage
from planner.formats.ids import session_page_id

RANGE = "2020-12-10T18:00:00-08:00 - 2020-12-10T18:15:00-08:00"
LATER = "2020-12-10T18:15:00-08:00 - 2020-12-10T18:30:00-08:00"


def page(text: str) -> Schedule:
    return sessionpage.parse(text.encode("utf-8"), "repeats.txt")


def error(text: str) -> ScheduleError:
    with pytest.raises(ScheduleError) as info:
        page(text)
    return info.value


def session(title: str, *slots: str) -> str:
    return f"## {title}\n### Schedule\n" + "".join(slots)


def test_parallel_sessions_share_slot_times_but_not_events() -> None:
    text = "".join(
        session(f"Track {n}", f"{RANGE}\n##### 1 - Oral: Talk {n}\nAuthor {n}\n\nAbstract {n}.\n",
                f"{LATER}\n##### 2 - Oral: Next {n}\n")
        for n in range(3)
    )
    schedule = page(text)
    assert [e.title for e in schedule.events] == ["Talk 0", "Talk 1", "Talk 2", "Next 0", "Next 1", "Next 2"]
    assert [e.authors for e in schedule.events[:3]] == [("Author 0",), ("Author 1",), ("Author 2",)]
    assert len({e.id for e in schedule.events}) == 6
    assert {e.start for e in schedule.events[:3]} == {datetime(2020, 12, 11, 2, tzinfo=UTC)}


def test_a_repeated_slot_time_still_names_its_own_line() -> None:
    text = (session("A", f"{RANGE}\n##### 1 - Oral: X\n")
            + session("B", f"{RANGE}\n##### 1 - Oral: Y\n##### 2 - Oral: Z\n"))
    err = error(text)
    assert err.line == 9
    assert "the slot from line 7 already has one" in str(err)


def test_a_repeated_slot_time_is_a_slot_in_every_session() -> None:
    text = (session("A", f"{RANGE}\n##### 1 - Oral: X\n")
            + "## B\n" + f"{RANGE}\n"  # not under "### Schedule": a description line
            + "### Schedule\n" + f"{RANGE}\n##### 1 - Oral: Y\n")
    schedule = page(text)
    assert [e.title for e in schedule.events] == ["X", "Y"]
    assert schedule.sessions[1].description == RANGE


def test_a_session_time_in_basic_iso_form_is_not_a_slot_time() -> None:
    """The "### Time" section takes more shapes than a slot line does."""
    basic = "20201210T180000-0800 - 20201210T181500-0800"
    text = f"## A\n### Time\n{basic}\n### Schedule\n{RANGE}\n##### 1 - Oral: X\n{basic}\n"
    schedule = page(text)
    assert schedule.sessions[0].start == datetime(2020, 12, 11, 2, tzinfo=UTC)
    (event,) = schedule.events
    assert event.authors == (basic,)  # read as the author line, as before: not a second slot


def test_six_hashes_are_text_and_five_are_a_heading() -> None:
    text = session("A", f"{RANGE}\n##### 1 - Oral: X\n###### not a heading\n\nAbstract.\n")
    (event,) = page(text).events
    assert event.authors == ()  # text, and not shaped like names
    assert event.abstract == "###### not a heading\n\nAbstract."


def test_an_event_heading_with_a_glued_section_heading_is_split() -> None:
    text = session("A", f"{RANGE}\n##### 1 - Oral: X ### Video\nignored video text\n")
    (event,) = page(text).events
    assert (event.title, event.abstract, event.authors) == ("X", "", ())


def test_a_glued_heading_in_an_abstract_line_ends_the_schedule() -> None:
    text = session("A", f"{RANGE}\n##### 1 - Oral: X\nAuthor\n\nAbstract text.### Links\n{LATER}\n")
    (event,) = page(text).events
    assert event.abstract == "Abstract text."


def test_paragraphs_blank_lines_and_digit_lines() -> None:
    text = session("A", f"{RANGE}\n##### 1 - Oral: X\nA, B\n\n\n3D shapes are\nhard.\n   \n2 more paragraphs.\n")
    (event,) = page(text).events
    assert event.authors == ("A", "B")
    assert event.abstract == "3D shapes are hard.\n\n2 more paragraphs."


def test_text_after_an_untitled_slot_is_still_an_error_with_its_line() -> None:
    err = error(session("A", f"{RANGE}\n{LATER}\nstray text\n"))
    assert err.line == 5 and "expected a '#####' heading" in str(err)


def test_an_invalid_range_repeated_is_an_error_at_its_first_line() -> None:
    bad = "2020-12-10T18:30:00-08:00 - 2020-12-10T18:15:00-08:00"
    err = error(session("A", f"{RANGE}\n##### 1 - Oral: X\n{bad}\n") + session("B", f"{bad}\n"))
    assert err.line == 5 and "ends before it starts" in str(err)


def test_events_at_one_instant_keep_file_order_whatever_their_offsets() -> None:
    utc = "2020-12-11T02:00:00+00:00 - 2020-12-11T02:15:00+00:00"
    paris = "2020-12-11T03:00:00+01:00 - 2020-12-11T03:15:00+01:00"
    text = session("A", f"{RANGE}\n##### 1 - Oral: First\n", f"{utc}\n##### 2 - Oral: Second\n",
                   f"{paris}\n##### 3 - Spotlight: Third\n")
    text += session("B", f"{paris}\n##### 1 - Oral: Fourth\n",
                    "2020-12-11T02:00:00+00:00 - 2020-12-11T02:10:00+00:00\n##### 2 - Oral: Shorter\n")
    events = page(text).events
    assert [e.title for e in events] == ["Shorter", "First", "Second", "Third", "Fourth"]
    assert [e.kind for e in events][3] is Kind.SPOTLIGHT
    assert [e.start.utcoffset().total_seconds() / 3600 for e in events] == [0, -8, 0, 1, 1]  # type: ignore[union-attr]


# -- the same session title twice, the same number twice ----------------------------------

AFTERNOON = "2020-12-11T14:00:00-08:00 - 2020-12-11T14:15:00-08:00"
AFTERNOON_LATER = "2020-12-11T14:15:00-08:00 - 2020-12-11T14:30:00-08:00"


def test_a_session_title_used_twice_is_two_sessions_told_apart_by_time() -> None:
    first = session("Poster Session", f"{RANGE}\n##### 1 - Poster: Morning one\n",
                    f"{LATER}\n##### Break\n")
    second = ("## Poster Session\n### Time\n2020-12-11T14:00:00-08:00 - 2020-12-11T16:00:00-08:00\n"
              f"### Schedule\n{AFTERNOON}\n##### 1 - Poster: Afternoon one\n"
              f"{AFTERNOON_LATER}\n##### Break\n")
    schedule = page(first + second)
    assert [s.title for s in schedule.sessions] == ["Poster Session", "Poster Session (2020-12-11 14:00)"]
    later = "Poster Session (2020-12-11 14:00)"
    assert [(e.session, e.title) for e in schedule.events] == [
        ("Poster Session", "Morning one"), ("Poster Session", "Break"),
        (later, "Afternoon one"), (later, "Break"),
    ]
    assert len({e.id for e in schedule.events}) == 4
    # The first keeps the ids it has alone, so stars on it survive the second's arrival.
    assert [e.id for e in schedule.events[:2]] == [e.id for e in page(first).events]
    assert schedule.title == "Poster Session (+1 sessions)"


def test_a_repeated_title_is_told_apart_whatever_its_case_and_spacing() -> None:
    text = (session("Posters", f"{RANGE}\n##### 1 - Poster: A\n")
            + session("  posters ", f"{AFTERNOON}\n##### 1 - Poster: B\n"))
    schedule = page(text)
    assert [s.title for s in schedule.sessions] == ["Posters", "posters (2020-12-11 14:00)"]
    assert len({e.id for e in schedule.events}) == 2


def test_a_repeated_title_at_the_same_time_is_still_its_own_session() -> None:
    text = "".join(session("Posters", f"{RANGE}\n##### 1 - Poster: {name}\n") for name in "ABC")
    schedule = page(text)
    titles = [s.title for s in schedule.sessions]
    assert titles[0] == "Posters" and len(set(titles)) == 3
    assert all("2020-12-10 18:00" in t for t in titles[1:])
    assert [e.session for e in schedule.events] == titles
    assert len({e.id for e in schedule.events}) == 3


def test_a_repeated_title_never_takes_the_name_of_another_session() -> None:
    text = (session("Posters", f"{RANGE}\n##### 1 - Poster: A\n")
            + session("Posters (2020-12-11 14:00)", f"{RANGE}\n##### 1 - Poster: B\n")
            + session("Posters", f"{AFTERNOON}\n##### 1 - Poster: C\n"))
    schedule = page(text)
    assert len({s.title for s in schedule.sessions}) == 3
    assert len({e.session for e in schedule.events}) == 3
    assert len({e.id for e in schedule.events}) == 3


def test_two_events_numbered_alike_in_one_session_are_both_kept() -> None:
    alone = session("A", f"{RANGE}\n##### 1 - Oral: X\nAnn Author\n")
    text = alone + f"{LATER}\n##### 1 - Oral: Y\nBob Builder\n"
    schedule = page(text)
    x, y = schedule.events
    assert (x.number, x.title, x.authors) == (1, "X", ("Ann Author",))
    assert (y.number, y.title, y.authors) == (1, "Y", ("Bob Builder",))
    assert x.id == page(alone).events[0].id == session_page_id("A", "oral", 1, "X", 0)
    assert y.id != x.id
    # Said, not silently: the attendee learns the file numbers two talks alike.
    assert schedule.notes == (
        "Session 'A' gives one number to two events: 1 (lines 4 and 7); all of them are kept.",
    )


def test_three_events_numbered_alike_get_three_ids() -> None:
    text = session("A", *(f"{t}\n##### 2 - Oral: Same title\n" for t in (RANGE, LATER, AFTERNOON)))
    schedule = page(text)
    assert [e.number for e in schedule.events] == [2, 2, 2]
    assert len({e.id for e in schedule.events}) == 3
    (note,) = schedule.notes  # one note for the session, not one per repeat
    assert "two events: 2 (lines 4 and 6), and 1 more like it;" in note


def test_headings_that_differ_only_in_spacing_get_distinct_ids() -> None:
    text = session("A", f"{RANGE}\n##### Coffee  break\n", f"{LATER}\n##### Coffee break\n")
    schedule = page(text)
    assert [e.kind for e in schedule.events] == [Kind.BREAK, Kind.BREAK]
    assert len({e.id for e in schedule.events}) == 2
