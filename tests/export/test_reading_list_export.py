"""Starred entries without a time (the reading list): the Markdown and printable agendas list
them after the days under "Reading list (not scheduled)"; a calendar never holds them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from icalendar import Calendar

from planner.domain.model import Event, Kind, Link, Unscheduled
from planner.export.markdown import to_html, to_markdown
from planner.formats.virtualsite import load
from planner.services.exporting import export_agenda
from planner.store.open import open_library

PST = timezone(timedelta(hours=-8))
FEED = Path(__file__).resolve().parent.parent / "formats" / "data" / "virtualsite" / "neurips-2031-orals-posters.json"

ORAL = Event(id="oral", kind=Kind.ORAL, number=None, title="Opening oral", authors=("Grace Hopper",), abstract="",
             start=datetime(2031, 12, 9, 10, 0, tzinfo=PST), end=datetime(2031, 12, 9, 10, 15, tzinfo=PST),
             session="Oral Session 1", room="Ballroom A")
ENTRY = Unscheduled(id="u1", kind=Kind.POSTER, title="Graph *Transformers* without a slot",
                    authors=("Gil Sousa", "Ana Lima"),
                    links=(Link("https://openreview.net/forum?id=u1", "OpenReview"),))


def test_markdown_lists_the_reading_list_after_the_days() -> None:
    text = to_markdown([ORAL], zone=PST, notes={"u1": "read first"}, reading=[ENTRY]).decode()
    days, _, reading = text.partition("## Reading list (not scheduled)\n")
    assert "Opening oral" in days and "Transformers" not in days
    assert reading.startswith("\n### Poster: Graph \\*Transformers\\* without a slot\n")
    assert "Gil Sousa, Ana Lima" in reading and "[OpenReview](<https://openreview.net/forum?id=u1>)" in reading
    assert "> **My note:** read first" in reading
    # Only a reading list: no "No starred events".
    alone = to_markdown([], reading=[ENTRY]).decode()
    assert "No starred events" not in alone and "## Reading list (not scheduled)" in alone


def test_the_printable_agenda_lists_it_after_the_days() -> None:
    page = to_html([ORAL], zone=PST, reading=[ENTRY])
    assert page.index("Opening oral") < page.index("<h2>Reading list (not scheduled)</h2>")
    assert "<h3>Poster: Graph *Transformers* without a slot</h3>" in page
    assert "No starred events" not in to_html([], reading=[ENTRY])


def test_a_calendar_export_never_holds_an_entry_without_a_time(tmp_path: Path) -> None:
    library = open_library(tmp_path / "library.sqlite3", seed=False)
    try:
        schedule = load(FEED)
        library.import_schedule(schedule)
        entry = schedule.unscheduled[0]
        event = schedule.events[0]
        library.star([entry.id, event.id])
        result = export_agenda(library, schedule_key=schedule.key, fmt="ics")
        summaries = [str(c.get("SUMMARY")) for c in Calendar.from_ical(result.data).walk("VEVENT")]
        assert len(summaries) == 1 and result.count == 1
        assert not any(entry.title in s for s in summaries)
    finally:
        library.close()


def test_the_markdown_and_pdf_exports_carry_the_starred_entries_without_a_time(tmp_path: Path) -> None:
    """planner export --format md / pdf and the window's Export… go through export_agenda."""
    library = open_library(tmp_path / "library.sqlite3", seed=False)
    try:
        schedule = load(FEED)
        library.import_schedule(schedule)
        entry, other = schedule.unscheduled[0], schedule.unscheduled[1]
        library.star([entry.id, schedule.events[0].id])
        result = export_agenda(library, schedule_key=schedule.key, fmt="md")
        text = result.data.decode()
        days, _, reading = text.partition("## Reading list (not scheduled)")
        assert entry.title in reading
        assert reading.count("\n### ") == 1 and other.id != entry.id  # only the starred one
        assert result.count == 2
        pages: list[str] = []
        export_agenda(library, schedule_key=schedule.key, fmt="pdf",
                      render_pdf=lambda html: pages.append(html) or b"%PDF")
        assert "Reading list (not scheduled)" in pages[0] and entry.title in pages[0]
    finally:
        library.close()
