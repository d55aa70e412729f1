"""Each talk's links and attachments, with their titles, from every format that carries them;
and frab's and pretalx's abstracts marked as the Markdown they are written in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.domain.model import Event, Link, LinkKind, Markup, Schedule
from planner.formats import frabjson, ical, load, pentabarf

ATTACHMENT = LinkKind.ATTACHMENT


def by_title(schedule: Schedule) -> dict[str, Event]:
    return {e.title: e for e in schedule.events}


def xml(events: str, conference: str = "<title>T</title>") -> bytes:
    return (
        f'<?xml version="1.0"?>\n<schedule>\n<conference>{conference}</conference>\n'
        f'<day date="2025-01-10"><room name="R">\n{events}\n</room></day>\n</schedule>\n'
    ).encode()


def xml_event(title: str, inside: str, event_id: int = 1) -> str:
    return (f'<event id="{event_id}"><start>10:00</start><duration>00:30</duration>'
            f"<title>{title}</title>{inside}</event>")


def json_document(events: list[dict[str, object]], **schedule: object) -> bytes:
    conference = {"title": "T", "days": [{"date": "2025-01-10", "rooms": {"R": events}}]}
    return json.dumps({"schedule": {"conference": conference, **schedule}}).encode()


def json_event(title: str, **fields: object) -> dict[str, object]:
    return {"id": title, "title": title, "start": "10:00", "duration": "00:30", **fields}


# -- Pentabarf / frab XML ----------------------------------------------------------------


def test_xml_links_and_attachments_keep_their_titles() -> None:
    schedule = pentabarf.parse(xml(xml_event("Talk", """
        <attachments>
          <attachment type="slides" href="https://example.org/slides.pdf">Slides of the talk</attachment>
          <attachment type="paper" href="/paper.pdf"/>
        </attachments>
        <links>
          <link href="https://video.example.org/talk.webm">Video recording (WebM/VP9)</link>
          <link href="mailto:ana@example.org">  Write to   Ana </link>
          <link>https://example.org/bare</link>
          <link href="https://video.example.org/talk.webm">Video recording (WebM/VP9)</link>
        </links>
        <url>https://example.org/talk</url>
        <feedback_url>https://example.org/talk/feedback/</feedback_url>"""),
        conference="<title>T</title><base_url>https://example.org/2025/</base_url>"))
    talk = schedule.events[0]
    assert talk.url == "https://example.org/talk"  # the event's own page, as before
    assert talk.links == (
        Link("https://example.org/slides.pdf", "Slides of the talk", ATTACHMENT),
        Link("https://example.org/paper.pdf", "Paper", ATTACHMENT),  # untitled: named by its type
        Link("https://video.example.org/talk.webm", "Video recording (WebM/VP9)"),
        Link("mailto:ana@example.org", "Write to Ana"),
        Link("https://example.org/bare"),
        Link("https://example.org/talk/feedback/", "Feedback"),
    )


def test_an_event_without_a_page_still_takes_its_first_link_as_its_page() -> None:
    schedule = pentabarf.parse(xml(xml_event("Talk", '<links><link href="https://example.org/a">A</link></links>')))
    assert schedule.events[0].url == "https://example.org/a"
    assert schedule.events[0].links == (Link("https://example.org/a", "A"),)


def test_addresses_that_open_nothing_are_kept_as_written() -> None:
    """The pane decides what can be followed (planner.text.links); the reader keeps the data."""
    schedule = pentabarf.parse(xml(xml_event("Talk", """<links>
        <link href="javascript:alert(1)">Click</link><link href="file:///etc/passwd">Local</link></links>"""),
        conference="<title>T</title><base_url>https://example.org/</base_url>"))
    assert [link.url for link in schedule.events[0].links] == ["javascript:alert(1)", "file:///etc/passwd"]


def test_frab_xml_text_is_markdown() -> None:
    schedule = pentabarf.parse(xml(xml_event("Talk", "<abstract>A *typed* word</abstract>")))
    assert schedule.events[0].markup is Markup.MARKDOWN


# -- frab / pretalx JSON ------------------------------------------------------------------


def test_json_links_and_attachments_keep_their_titles() -> None:
    schedule = frabjson.parse(json_document([json_event(
        "Talk",
        url="https://camp.example/events/1.html",
        links=[{"url": "https://edri.org", "title": "EDRi Website"}, "https://example.org/bare",
               {"url": "https://example.org/rec", "title": {"en": "Recording", "de": "Aufzeichnung"},
                "type": "video"}],
        attachments=[{"url": "/system/slides.pdf?1566398735", "title": "Slides"},
                     {"url": "https://example.org/p.pdf", "title": "", "type": "paper"}],
        feedback_url="https://camp.example/feedback/1",
    )], base_url="https://camp.example/Fahrplan/"))
    talk = schedule.events[0]
    assert talk.url == "https://camp.example/events/1.html"
    assert talk.links == (
        Link("https://edri.org", "EDRi Website"),
        Link("https://example.org/bare"),
        Link("https://example.org/rec", "Recording"),
        Link("https://camp.example/system/slides.pdf?1566398735", "Slides", ATTACHMENT),
        Link("https://example.org/p.pdf", "Paper", ATTACHMENT),
        Link("https://camp.example/feedback/1", "Feedback"),
    )
    assert talk.markup is Markup.MARKDOWN


def test_json_links_that_are_not_links_are_left_out() -> None:
    schedule = frabjson.parse(json_document([json_event(
        "Talk", links=[None, 3, {"title": "no address"}, {"url": ""}], attachments="slides.pdf")]))
    assert schedule.events[0].links == ()


# -- iCalendar ------------------------------------------------------------------------------


def test_ical_attach_properties_are_attachments_and_url_stays_the_page() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a@example.org\r\n"
        b"DTSTART:20250110T100000Z\r\nDTEND:20250110T103000Z\r\nSUMMARY:Talk\r\n"
        b"URL:https://example.org/talk\r\n"
        b"ATTACH;FMTTYPE=application/pdf;FILENAME=Slides.pdf:https://example.org/slides.pdf\r\n"
        b"ATTACH;LABEL=Stream:https://stream.example.org/1\r\n"
        b"ATTACH:https://example.org/paper.pdf\r\n"
        b"ATTACH;FMTTYPE=text/plain;ENCODING=BASE64;VALUE=BINARY:aGVsbG8=\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    talk = ical.parse(data, "talk.ics").events[0]
    assert talk.url == "https://example.org/talk"
    assert talk.links == (
        Link("https://example.org/slides.pdf", "Slides.pdf", ATTACHMENT),
        Link("https://stream.example.org/1", "Stream", ATTACHMENT),
        Link("https://example.org/paper.pdf", "", ATTACHMENT),
    )
    assert talk.markup is Markup.TEXT  # an iCalendar DESCRIPTION is plain text


# -- the real files ---------------------------------------------------------------------------


def test_fosdem_2021_links_and_attachments(corpus: Path) -> None:
    talks = by_title(load(corpus / "schedule-xml" / "fosdem-2021-schedule.xml"))
    welcome = talks["Welcome to FOSDEM 2021"]
    assert [(link.title, link.kind) for link in welcome.links][:2] == [
        ("Video recording (WebM/VP9)", LinkKind.LINK), ("Video recording (mp4)", LinkKind.LINK)]
    assert any(link.title == "Submit feedback" for link in welcome.links)
    paper = [link for event in talks.values() for link in event.links if link.title == "Research paper - DIDAMATiCA 2020"]
    # FOSDEM lists this paper twice, as an attachment and as a link to another address: both kept.
    assert [link.kind for link in paper] == [ATTACHMENT, LinkKind.LINK] and paper[0].url.endswith(".pdf")
    assert sum(link.kind is ATTACHMENT for event in talks.values() for link in event.links) > 100


def test_38c3_feedback_pages_and_markdown(corpus: Path) -> None:
    schedule = load(corpus / "schedule-xml" / "38c3-schedule.xml")
    opening = by_title(schedule)["38C3: Opening Ceremony"]
    assert Link("https://fahrplan.events.ccc.de/congress/2024/fahrplan/talk/HQCCYH/feedback/", "Feedback") \
        in opening.links
    assert {e.markup for e in schedule.events} == {Markup.MARKDOWN}


def test_camp_2019_attachments_are_made_absolute(corpus: Path) -> None:
    events = load(corpus / "schedule-json" / "frab-camp2019-schedule.json").events
    attachments = [link for e in events for link in e.links if link.kind is ATTACHMENT]
    # frab writes them as /system/...: joined to the schedule's base_url, not left relative.
    assert len(attachments) >= 10 and all(link.url.startswith("https://fahrplan.events.ccc.de/") for link in attachments)
    assert any(link.url.startswith("https://fahrplan.events.ccc.de/system/") for link in attachments)
    assert any(link == Link("https://edri.org", "EDRi Website") for e in events for link in e.links)


@pytest.mark.parametrize("name", ["schedule-xml/debconf23-schedule.xml", "ics/linux-conf-au-2020.ics"])
def test_files_without_links_read_as_before(corpus: Path, name: str) -> None:
    assert not any(e.links for e in load(corpus / name).events)
