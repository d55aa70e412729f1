"""The agenda documents print a poster route: the session, then each starred poster in
board order with its slot, board, title and authors (planner.domain.route). Calendars do
not: each poster keeps the session's own time there."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.domain.model import Event, Kind, Schedule
from planner.export.markdown import to_html, to_markdown
from planner.services.exporting import export_agenda
from planner.store import Library
from planner.store.open import open_library
from tests.cli.test_cli import Planner

PST = timezone(timedelta(hours=-8))
ELEVEN = datetime(2031, 12, 9, 11, 0, tzinfo=PST)


def poster(event_id: str, board: str, title: str, authors: tuple[str, ...] = ("Ana Lima",), *,
           session: str = "Poster Session 6") -> Event:
    return Event(id=event_id, kind=Kind.POSTER, number=None, title=title, authors=authors, abstract="",
                 start=ELEVEN, end=ELEVEN + timedelta(hours=3), session=session, room="Exhibit Hall C,D,E",
                 poster_position=board, schedule="neurips-2031")


def oral() -> Event:
    return Event(id="oral", kind=Kind.ORAL, number=4, title="Opening oral", authors=("Grace Hopper",), abstract="",
                 start=ELEVEN - timedelta(hours=2), end=ELEVEN - timedelta(hours=1, minutes=45),
                 session="Oral Session 1", room="Ballroom A", schedule="neurips-2031")


STARRED = [
    poster("p2504", "#2504", "Sparse & Robust Attention", ("Ana Lima", "Bo Chen")),
    poster("p12", "#12", "Calibrated Forecasts under Drift", ("Dana Roy",)),
    poster("p340", "#340", "Graph *Transformers* at Scale", ("Eve Adams",)),
    oral(),
]


def test_markdown_prints_the_route_in_board_order_with_slots_boards_titles_authors() -> None:
    lines = to_markdown(STARRED, zone=PST, notes={"p340": "Ask about the ablation"}).decode("utf-8").splitlines()
    heading = lines.index("### 11:00–14:00 UTC-08:00 · Poster Session 6 · route of 3 posters, 60 min each")
    stops = [lines.index("#### 11:00–12:00 · \\#12 · Calibrated Forecasts under Drift"),
             lines.index("#### 12:00–13:00 · \\#340 · Graph \\*Transformers\\* at Scale"),
             lines.index("#### 13:00–14:00 · \\#2504 · Sparse & Robust Attention")]
    assert lines.index("### 09:00–09:15 UTC-08:00 · Oral 4: Opening oral") < heading < stops[0] < stops[1] < stops[2]
    assert lines[heading + 2] == "*Exhibit Hall C,D,E*"
    assert lines[stops[0] + 2] == "Dana Roy"
    assert lines[stops[2] + 2] == "Ana Lima, Bo Chen"
    assert "> **My note:** Ask about the ablation" in lines[stops[1]:stops[2]]
    # Each poster is printed once, under the route, not also as an entry of its own.
    assert sum("Calibrated Forecasts" in line for line in lines) == 1
    # One starred poster is no route: it is printed as any other entry.
    alone = to_markdown([STARRED[0], oral()], zone=PST).decode("utf-8")
    assert "route of" not in alone
    assert "### 11:00–14:00 UTC-08:00 · Poster: Sparse & Robust Attention" in alone


def test_printable_html_prints_the_route_in_the_display_zone() -> None:
    page = to_html(STARRED, zone=PST, display=timezone.utc)
    heading = page.index("19:00–22:00 <small>UTC+00:00</small> · Poster Session 6 · route of 3 posters, 60 min each</h3>")
    first = page.index("<h4>19:00–20:00 · #12 · Calibrated Forecasts under Drift</h4><p>Dana Roy</p>")
    last = page.index("<h4>21:00–22:00 · #2504 · Sparse &amp; Robust Attention</h4><p>Ana Lima, Bo Chen</p>")
    assert heading < first < page.index("#340") < last
    assert "Graph *Transformers* at Scale" in page


@pytest.fixture
def poster_library(db_path: Path) -> Library:
    library = open_library(db_path)
    library.import_schedule(Schedule(key="neurips-2031", title="NeurIPS 2031", events=tuple(STARRED)))
    library.star([e.id for e in STARRED])
    yield library
    library.close()


def test_the_markdown_export_of_the_library_prints_the_route(poster_library: Library) -> None:
    text = export_agenda(poster_library, fmt="md").data.decode("utf-8")
    assert "### 11:00–14:00 UTC-08:00 · Poster Session 6 · route of 3 posters, 60 min each" in text
    assert text.index("\\#12 · Calibrated") < text.index("\\#340 · Graph") < text.index("\\#2504 · Sparse")
    # Calendars keep each poster at the session's own time: slots are a plan, not the schedule.
    ics = Calendar.from_ical(export_agenda(poster_library, fmt="ics").data)
    assert {(e["DTSTART"].dt, e["DTEND"].dt) for e in ics.walk("VEVENT") if str(e["UID"]).startswith("p")} == {
        (ELEVEN, ELEVEN + timedelta(hours=3))}


def test_planner_export_format_md_prints_the_route(tmp_path: Path) -> None:
    """`planner export --format md` on the command line, in this process."""
    cli = Planner(tmp_path, in_process=True)
    cli.db.parent.mkdir(parents=True)
    library = open_library(cli.db)
    library.import_schedule(Schedule(key="neurips-2031", title="NeurIPS 2031", events=tuple(STARRED)))
    library.close()
    cli.ok("star", "p2504", "p12", "p340")
    text = cli.ok("export", "--format", "md")
    assert "· Poster Session 6 · route of 3 posters, 60 min each" in text
    assert "#### 11:00–12:00 · \\#12 · Calibrated Forecasts under Drift" in text
    assert "#### 13:00–14:00 · \\#2504 · Sparse & Robust Attention" in text


def test_a_poster_withdrawn_in_an_update_is_no_stop_of_the_exported_route(poster_library: Library) -> None:
    """The update took out a starred poster (kept because starred): the documents route the
    two left, as My agenda, reminders and the plan do, and print it as an entry of its own."""
    kept = tuple(e for e in STARRED if e.id != "p340")
    poster_library.import_schedule(Schedule(key="neurips-2031", title="NeurIPS 2031", events=kept))
    for fmt in ("md", "html"):
        if fmt == "md":
            text = export_agenda(poster_library, fmt="md").data.decode("utf-8")
        else:
            text = to_html(list(STARRED), zone=PST, removed={"p340"})
        assert "route of 2 posters, 90 min each" in text
        assert "route of 3" not in text
        assert "12:30–14:00 · \\#2504" in text if fmt == "md" else "12:30–14:00 · #2504" in text
        assert "Poster: Graph" in text  # its own entry, at the session's time
