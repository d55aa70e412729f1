"""A talk's links and attachments in the library: stored with their titles, read back, and
a library from before they were kept (schema 8) opening with none and its frab text Markdown."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from planner.domain.model import Event, Kind, Link, LinkKind, Markup, Schedule
from planner.formats import pentabarf
from planner.store import Library
from planner.store.rows import links_from_json, links_json
from planner.store.schema import SCHEMA_VERSION
from tests.store.schema_history import undo_schema_11

START = datetime(2025, 1, 10, 10, tzinfo=timezone.utc)
LINKS = (
    Link("https://example.org/slides.pdf", "Slides: \"final\", 2025", LinkKind.ATTACHMENT),
    Link("https://video.example.org/talk.webm", "Video recording (WebM/VP9)"),
    Link("mailto:ana@example.org", ""),
    Link("javascript:alert(1)", "Ünïcode ✓"),
)


def talk(event_id: str = "t-1", links: tuple[Link, ...] = LINKS, **fields: object) -> Event:
    return Event(id=event_id, kind=Kind.TALK, number=None, title="Talk", authors=(), abstract="",
                 start=START, end=START + timedelta(minutes=30), session="", links=links, **fields)  # type: ignore[arg-type]


def test_links_come_back_with_titles_kinds_and_order(db_path: Path) -> None:
    with Library(db_path) as lib:
        lib.import_schedule(Schedule(key="k", title="K", events=(talk(), talk("t-2", links=()))))
        assert lib.event("t-1").links == LINKS
        assert lib.event("t-2").links == ()
        assert [e.links for e in lib.events()] == [LINKS, ()]
    with Library(db_path) as lib:  # and after reopening
        assert lib.event("t-1").links == LINKS


def test_an_update_brings_the_new_links(db_path: Path) -> None:
    with Library(db_path) as lib:
        lib.import_schedule(Schedule(key="k", title="K", events=(talk(links=()),)))
        lib.import_schedule(Schedule(key="k", title="K", events=(talk(links=LINKS[:1]),)))
        assert lib.event("t-1").links == LINKS[:1]


links = st.lists(st.builds(Link, st.text(max_size=40), st.text(max_size=40), st.sampled_from(LinkKind)),
                 max_size=5).map(tuple)


@given(links)
def test_the_codec_reads_back_what_it_wrote(value: tuple[Link, ...]) -> None:
    assert links_from_json(links_json(value)) == value


def test_bare_addresses_and_unknown_kinds_read_as_untitled_or_plain_links() -> None:
    """Links written as a list of addresses (or by a Planner that knows more kinds) still read."""
    assert links_from_json('["https://example.org/a", ["https://example.org/b", "B", "video"], 3, []]') == (
        Link("https://example.org/a"), Link("https://example.org/b", "B"))
    assert links_from_json("[]") == links_from_json("") == ()


def test_a_schema_8_library_opens_with_no_links_and_its_frab_text_markdown(db_path: Path) -> None:
    schedule = pentabarf.parse(
        b'<?xml version="1.0"?><schedule><conference><title>Con</title></conference>'
        b'<day date="2025-01-10"><room name="R"><event id="1"><start>10:00</start><duration>00:30</duration>'
        b"<title>Talk</title><abstract>A *typed* word</abstract>"
        b'<links><link href="https://example.org/v">Video</link></links></event></room></day></schedule>',
        "con.xml")
    with Library(db_path) as lib:
        lib.import_schedule(schedule)
        lib.import_schedule(Schedule(key="s", title="S", format="session-page",
                                     events=(talk("s-1", links=(), markup=Markup.LATEX),)))
        event_id = schedule.events[0].id
    # What schema 8 had: no links column, and every frab event's text 'text'.
    conn = sqlite3.connect(db_path)
    undo_schema_11(conn)
    conn.execute("UPDATE events SET markup = 'text' WHERE markup = 'markdown'")
    conn.execute("ALTER TABLE events DROP COLUMN links")
    conn.execute("ALTER TABLE events DROP COLUMN placed")  # and schema 10's
    conn.execute("ALTER TABLE schedules DROP COLUMN user_zone")
    conn.execute("PRAGMA user_version = 8")
    conn.commit()
    conn.close()
    with Library(db_path) as lib:
        assert lib.user_version() == SCHEMA_VERSION == 16
        old = lib.event(event_id)
        assert old.links == () and old.markup is Markup.MARKDOWN
        assert lib.event("s-1").markup is Markup.LATEX
        lib.import_schedule(schedule)  # the next refresh brings the links
        assert lib.event(event_id).links == (Link("https://example.org/v", "Video"),)
