"""My agenda as Markdown and PDF (planner.services.exporting): each talk on its own
conference's clock, whatever else the agenda holds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from planner.domain.model import Event, Kind, Schedule
from planner.formats import parse_bytes
from planner.services.exporting import export_agenda, export_papers
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
        "### 00:30–01:00 UTC+01:00 (+1 day) · Talk: Hamburg night talk",  # Saturday 00:30, under Friday
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


def test_a_paper_is_cited_once_after_its_starred_poster_is_withdrawn(tmp_path: Path) -> None:
    """The poster and the oral of one paper starred, then the poster withdrawn: one entry,
    under the key the paper had."""
    def feed(*ids: int) -> bytes:
        entries = {1301: {"eventtype": "Poster", "session": "Poster Session 1", "related_events_ids": [2301],
                          "starttime": "2031-12-09T11:00:00-08:00", "endtime": "2031-12-09T14:00:00-08:00"},
                   2301: {"eventtype": "Oral", "session": "Oral Session 1", "related_events_ids": [1301],
                          "starttime": "2031-12-09T16:00:00-08:00", "endtime": "2031-12-09T16:15:00-08:00"}}
        results = [{"id": i, "name": "Shared Paper", "authors": [{"fullname": "Ana Author"}],
                    "paper_url": "https://openreview.net/forum?id=p1301", **entries[i]} for i in ids]
        return json.dumps({"count": len(results), "next": None, "results": results}).encode()

    with Library(tmp_path / "library.sqlite3") as lib:
        lib.import_schedule(parse_bytes(feed(1301, 2301), "neurips-2031-orals-posters.json"))
        lib.star([e.id for e in lib.events()])
        first = export_papers(lib).data.decode()
        lib.import_schedule(parse_bytes(feed(2301), "neurips-2031-orals-posters.json"))
        assert len(lib.events(starred=True)) == 2  # the withdrawn poster is kept: it is starred
        found = export_papers(lib)
        assert found.count == 1 and found.data.decode().count("@inproceedings{") == 1
        assert found.data.decode().splitlines()[0] == first.splitlines()[0]  # the same key
