"""A talk's links in the exports: the calendar's description, the Markdown agenda and the
printable one carry the web and mail links by title; nothing else goes out."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from icalendar import Calendar

from planner.domain.model import Event, Kind, Link, LinkKind
from planner.export.ics import to_ics
from planner.export.markdown import to_html, to_markdown

START = datetime(2024, 6, 3, 9, tzinfo=timezone.utc)
LINKS = (
    Link("https://example.org/slides.pdf", "Slides [final] *v2*", LinkKind.ATTACHMENT),
    Link("https://video.example.org/a b>.webm", "Video recording"),
    Link("mailto:ana@example.org", ""),
    Link("javascript:alert(1)", "Click me"),
    Link("file:///etc/passwd", "Local notes"),
)
TALK = Event(id="t", kind=Kind.TALK, number=None, title="Linked talk", authors=("Ana",), abstract="About it.",
             start=START, end=START + timedelta(minutes=30), session="", url="https://example.org/talk", links=LINKS)


def test_the_calendar_description_lists_the_links_by_title_and_keeps_the_page_as_url() -> None:
    event = next(iter(Calendar.from_ical(to_ics([TALK])).walk("VEVENT")))
    assert str(event["URL"]) == "https://example.org/talk"
    description = str(event["DESCRIPTION"])
    assert description == (
        "Ana\n\nAbout it.\n\nSlides [final] *v2*: https://example.org/slides.pdf\n"
        "Video recording: https://video.example.org/a b>.webm\nmailto:ana@example.org"
    )


def test_the_markdown_agenda_links_each_title_to_its_address(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextDocument

    text = to_markdown([TALK], zone=timezone.utc).decode("utf-8")
    assert "javascript" not in text and "file:" not in text
    document = QTextDocument()
    document.setMarkdown(text)
    shown = document.toPlainText()
    assert "Slides [final] *v2* · Video recording · mailto:ana@example.org" in shown
    anchors = re.findall(r'<a href="([^"]*)"', document.toHtml())
    assert anchors == ["https://example.org/slides.pdf", "https://video.example.org/a%20b%3E.webm",
                       "mailto:ana@example.org"]


def test_the_printable_agenda_shows_the_addresses() -> None:
    page = to_html([TALK], zone=timezone.utc)
    assert ("<p>Slides [final] *v2*: https://example.org/slides.pdf<br>"
            "Video recording: https://video.example.org/a b&gt;.webm<br>mailto:ana@example.org</p>") in page
    assert "javascript" not in page and "file:" not in page


def test_an_event_without_links_exports_as_before() -> None:
    plain = Event(id="p", kind=Kind.TALK, number=None, title="Plain", authors=("Ana",), abstract="About it.",
                  start=START, end=START + timedelta(minutes=30), session="")
    event = next(iter(Calendar.from_ical(to_ics([plain])).walk("VEVENT")))
    assert str(event["DESCRIPTION"]) == "Ana\n\nAbout it."
    assert "](" not in to_markdown([plain], zone=timezone.utc).decode("utf-8")
    assert "<br>" not in to_html([plain], zone=timezone.utc)
