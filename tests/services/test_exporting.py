"""My agenda as Markdown and PDF (planner.services.exporting): each talk on its own
conference's clock, whatever else the agenda holds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from planner.domain.model import Event, Kind, Schedule
from planner.services.exporting import export_agenda
from planner.store import Library


def talk(event_id: str, start: str, title: str) -> Event:
    """A 30-minute talk; ``start`` with the offset its conference published it with."""
    begin = datetime.fromisoformat(start)
    return Event(id=event_id, kind=Kind.TALK, number=None, title=title, authors=(), abstract="",
                 start=begin, end=begin + timedelta(minutes=30), session="", room="Hall")


# A Paris conference in May (UTC+2) and a Hamburg one in December (UTC+1), whose night
# talk at 00:30 is the evening before on its own clock (the day changes at 06:00).
PARIS = Schedule(key="paris", title="Paris", format="test", timezone="Europe/Paris",
                 events=(talk("p1", "2022-05-17T16:30:00+02:00", "Paris talk"),))
HAMBURG = Schedule(key="hamburg", title="Hamburg", format="test", timezone="Europe/Berlin",
                   events=(talk("h1", "2024-12-27T16:00:00+01:00", "Hamburg talk"),
                           talk("h2", "2024-12-28T00:30:00+01:00", "Hamburg night talk")))
# A Berlin conference over the night summer time ends (27 October 2024, 03:00 -> 02:00):
# both talks at 10:00 on the room's clock, UTC+02:00 and then UTC+01:00.
AUTUMN = Schedule(key="autumn", title="Autumn", format="test", timezone="Europe/Berlin",
                  events=(talk("a1", "2024-10-26T10:00:00+02:00", "Saturday talk"),
                          talk("a2", "2024-10-27T10:00:00+01:00", "Sunday talk")))
# The same conference's file in UTC, as iCalendar files often are: still the room's clock.
AUTUMN_UTC = Schedule(key="autumn-utc", title="Autumn (UTC)", format="test", timezone="Europe/Berlin",
                      events=(talk("u2", "2024-10-27T09:00:00+00:00", "Sunday talk"),))


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library(tmp_path / "library.sqlite3") as lib:
        for schedule in (PARIS, HAMBURG, AUTUMN, AUTUMN_UTC):
            lib.import_schedule(schedule)
        yield lib


def headings(markdown: bytes) -> list[str]:
    return [line for line in markdown.decode().splitlines() if line.startswith("#")]


def test_an_agenda_of_two_conferences_shows_each_on_its_own_clock(library: Library) -> None:
    library.star(["p1", "h1", "h2"])
    assert headings(export_agenda(library, fmt="md").data) == [
        "# My agenda",
        "## Tuesday 17 May 2022",
        "### 16:30–17:00 UTC+02:00 · Talk: Paris talk",
        "## Friday 27 December 2024",  # not 17:00 UTC+02:00, Paris's offset, as it was
        "### 16:00–16:30 UTC+01:00 · Talk: Hamburg talk",
        "### 00:30–01:00 UTC+01:00 · Talk: Hamburg night talk",
    ]


def test_after_summer_time_ends_a_talk_is_at_the_rooms_time(library: Library) -> None:
    library.star(["a1", "a2"])
    assert headings(export_agenda(library, fmt="md", schedule_key="autumn").data)[1:] == [
        "## Saturday 26 October 2024",
        "### 10:00–10:30 UTC+02:00 · Talk: Saturday talk",
        "## Sunday 27 October 2024",
        "### 10:00–10:30 UTC+01:00 · Talk: Sunday talk",  # was 11:00 UTC+02:00, the first talk's offset
    ]
    library.star(["u2"])
    assert "### 10:00–10:30 UTC+01:00 · Talk: Sunday talk" in headings(  # was 09:00 UTC+00:00
        export_agenda(library, fmt="md", schedule_key="autumn-utc").data)


def test_the_printable_agenda_follows_the_same_clocks(library: Library) -> None:
    library.star(["p1", "h1"])
    html = export_agenda(library, fmt="pdf", render_pdf=lambda page: page.encode()).data.decode()
    assert "16:30–17:00 <small>UTC+02:00</small> · Talk: Paris talk" in html
    assert "16:00–16:30 <small>UTC+01:00</small> · Talk: Hamburg talk" in html


def test_a_zone_asked_for_still_wins(library: Library) -> None:
    library.star(["h1"])
    utc = export_agenda(library, fmt="md", zone=timezone.utc).data
    assert "### 15:00–15:30 UTC+00:00 · Talk: Hamburg talk" in headings(utc)
