"""Real schedule XML from ../shared/corpus in the shapes issue 16 was about.

The corpus is all UTF-8 with two-digit durations and unique ids, so these tests re-encode
or reorder the real files the way other exporters and later versions do.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner.formats import load, parse_bytes, pentabarf

_FILES = ("38c3-schedule.xml", "debconf23-schedule.xml", "fosdem-2010-schedule.xml", "fosdem-2021-schedule.xml")
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")


def _as_utf16(data: bytes, codec: str) -> bytes:
    """The same document as a UTF-16 exporter writes it: a BOM and a UTF-16 declaration."""
    body = _DECLARATION.sub(b"", data, count=1).decode("utf-8").lstrip("\r\n")
    bom = b"\xff\xfe" if codec == "utf-16-le" else b"\xfe\xff"
    return bom + ('<?xml version="1.0" encoding="UTF-16"?>\n' + body).encode(codec)


@pytest.mark.parametrize("name", _FILES)
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_corpus_in_utf16_reads_like_utf8(corpus: Path, tmp_path: Path, name: str, codec: str) -> None:
    source = corpus / "schedule-xml" / name
    utf8 = pentabarf.parse(source.read_bytes(), name)
    path = tmp_path / name
    path.write_bytes(_as_utf16(source.read_bytes(), codec))
    utf16 = load(path)
    assert utf16.format == "pentabarf"
    assert (utf16.key, utf16.title, utf16.timezone) == (utf8.key, utf8.title, utf8.timezone)
    assert [(e.id, e.title, e.start, e.end, e.room) for e in utf16.events] == [
        (e.id, e.title, e.start, e.end, e.room) for e in utf8.events
    ]


def test_corpus_zoneless_events_are_floating(corpus: Path) -> None:
    # FOSDEM 2010 predates time_zone_name: every event is the venue's wall clock.
    schedule = parse_bytes((corpus / "schedule-xml" / "fosdem-2010-schedule.xml").read_bytes(), "fosdem-2010")
    assert schedule.timezone == ""
    assert schedule.events and all(e.floating for e in schedule.events)


def test_a_description_that_holds_the_abstract_is_not_preceded_by_it_again() -> None:
    """38C3's descriptions often open with the abstract, or carry it as a paragraph."""
    xml = b"""<?xml version="1.0"?><schedule><conference><title>C</title></conference>
    <day date="2024-12-27"><room name="Tea"><event id="1"><start>10:42</start><duration>03:00</duration>
    <title>Welcome to the House of Tea</title>
    <abstract>Come and join our warm, cozy journey!</abstract>
    <description>A new Congress, a new House of Tea.

                    Come and join our   warm, cozy journey!

                    Join us for a cup.</description></event>
    <event id="2"><start>15:00</start><duration>00:30</duration><title>Other</title>
    <abstract>Short summary.</abstract><description>The long story.</description></event>
    </room></day></schedule>"""
    tea, other = pentabarf.parse(xml, "c.xml").events
    assert tea.abstract.count("Come and join") == 1 and tea.abstract.startswith("A new Congress")
    assert other.abstract == "Short summary.\n\nThe long story."  # different texts: both, abstract first
    cut = pentabarf.parse(xml.replace(b"<abstract>Short summary.</abstract>",
                                      "<abstract>The long\n\n  …</abstract>".encode()), "c.xml").events[1]
    assert cut.abstract == "The long story."  # the abstract was the description's start and an ellipsis


def test_38c3_descriptions_that_hold_their_abstracts_show_them_once(corpus: Path) -> None:
    """The welcome to the House of Tea carries its abstract as a paragraph; 'CFP:
    Emanzipiertes #Social #Web' opens with its abstract, cut short with an ellipsis."""
    schedule = pentabarf.parse((corpus / "schedule-xml" / "38c3-schedule.xml").read_bytes(), "38c3")
    tea = next(e for e in schedule.events if e.title.startswith("Welcome to the House of Tea"))
    assert " ".join(tea.abstract.split()).count("Come and join our warm, cozy") == 1
    cfp = next(e for e in schedule.events if e.title.startswith("CFP: Emanzipiertes"))
    assert " ".join(cfp.abstract.split()).count("Praktisch alle Social Web Server") == 1
    assert "…" not in cfp.abstract.split("\n\n")[1]
