"""Formats that repeat the room as the session (frab tracks, 38C3) must not say it twice,
and untyped events are named by their title alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from icalendar import Calendar

from planner.domain.model import Event, Kind
from planner.export.ics import to_ics
from planner.export.markdown import to_markdown
from planner.text.readable import event_summary

START = datetime(2024, 12, 28, 14, 0, tzinfo=timezone(timedelta(hours=1)))


def _event(kind: Kind = Kind.OTHER, number: int | None = None) -> Event:
    return Event(id="e1", kind=kind, number=number, title="Hack the CH32V003", authors=("naph",),
                 abstract="", start=START, end=START + timedelta(hours=1), session="SoS Saal E", room="SoS Saal E")


def test_a_room_that_is_also_the_session_is_named_once() -> None:
    vevent = Calendar.from_ical(to_ics([_event()])).walk("VEVENT")[0]
    assert str(vevent["LOCATION"]) == "SoS Saal E"
    assert to_markdown([_event()]).decode().count("SoS Saal E") == 1


def test_untyped_events_are_named_by_their_title_alone() -> None:
    assert event_summary(_event()) == "Hack the CH32V003"
    assert event_summary(_event(Kind.TALK)) == "Talk: Hack the CH32V003"
    assert event_summary(_event(Kind.OTHER, 3)) == "Other 3: Hack the CH32V003"


def test_a_track_is_a_category_not_part_of_the_place() -> None:
    # DebConf 23 (frab): the session is the track, and LOCATION read "Anamudi, Community, ...".
    event = replace(_event(Kind.TALK), room="Anamudi", session="Community, diversity, local outreach",
                    track="Community, diversity, local outreach")
    vevent = Calendar.from_ical(to_ics([event])).walk("VEVENT")[0]
    assert str(vevent["LOCATION"]) == "Anamudi"
    assert vevent["CATEGORIES"].cats == ["Talk", "Community, diversity, local outreach"]
    # A session that is not the track (a poster session) is still where the talk is.
    poster = replace(event, session="Poster Session 3", track="")
    assert str(Calendar.from_ical(to_ics([poster])).walk("VEVENT")[0]["LOCATION"]) == "Anamudi, Poster Session 3"


def test_a_poster_s_board_is_part_of_its_place() -> None:
    """A hall of a poster session holds hundreds of boards: an exported poster says which."""
    poster = replace(_event(Kind.POSTER), room="Exhibit Hall A,B", session="Poster Session 1", poster_position="#1236")
    vevent = Calendar.from_ical(to_ics([poster])).walk("VEVENT")[0]
    assert str(vevent["LOCATION"]) == "Exhibit Hall A,B, Poster Session 1, board #1236"
    assert "*Poster Session 1 · Exhibit Hall A,B · board \\#1236*" in to_markdown([poster]).decode()
    # No board, no word for it.
    boardless = replace(poster, poster_position="  ")
    assert str(Calendar.from_ical(to_ics([boardless])).walk("VEVENT")[0]["LOCATION"]) == "Exhibit Hall A,B, Poster Session 1"
    assert "board" not in to_markdown([boardless]).decode()
