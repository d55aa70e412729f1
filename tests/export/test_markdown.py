"""Agenda documents: My agenda as Markdown and as PDF, grouped by day, with notes.

Markdown is read back with Qt's CommonMark reader (QTextDocument.setMarkdown), so the
tests see what a Markdown viewer shows rather than the raw characters. PDFs are checked
for the header and pages, and for their text with pdftotext when it is installed.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.domain.model import Event, Kind, Markup
from planner.export.markdown import to_html, to_markdown
from planner.services.exporting import export_agenda
from planner.store import Library
from planner.store.open import open_library

PST = timezone(timedelta(hours=-8))
CEST = timezone(timedelta(hours=2))


def ev(event_id: str, start: datetime, title: str, *, minutes: int = 30, kind: Kind = Kind.ORAL,
       number: int | None = 1, authors: tuple[str, ...] = ("Ada Lovelace",), session: str = "Morning session",
       room: str = "", markup: Markup = Markup.TEXT) -> Event:
    return Event(id=event_id, kind=kind, number=number, title=title, authors=authors, abstract="An abstract.",
                 start=start, end=start + timedelta(minutes=minutes), session=session, room=room, markup=markup)


TWO_DAYS = [
    ev("d2", datetime(2024, 6, 4, 10, 0, tzinfo=CEST), "Day two opens", number=3, authors=("Élodie Brûlé",)),
    ev("d1b", datetime(2024, 6, 3, 11, 0, tzinfo=CEST), "Second talk of day one", number=2,
       authors=("Grace Hopper", "Alan Turing"), room="Hall B"),
    ev("d1a", datetime(2024, 6, 3, 9, 0, tzinfo=CEST), "Opening talk", number=1),
]


def rendered(markdown: bytes, qapp) -> str:  # type: ignore[no-untyped-def]
    """The text a Markdown viewer shows."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setMarkdown(markdown.decode("utf-8"))
    return document.toPlainText()


def test_grouped_by_day_in_order_with_times_titles_authors() -> None:
    text = to_markdown(TWO_DAYS, zone=CEST).decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "# My agenda"
    day_one, day_two = lines.index("## Monday 03 June 2024"), lines.index("## Tuesday 04 June 2024")
    assert day_one < day_two
    opening = lines.index("### 09:00–09:30 UTC+02:00 · Oral 1: Opening talk")
    second = lines.index("### 11:00–11:30 UTC+02:00 · Oral 2: Second talk of day one")
    third = lines.index("### 10:00–10:30 UTC+02:00 · Oral 3: Day two opens")
    assert day_one < opening < second < day_two < third
    assert "Grace Hopper, Alan Turing" in lines
    assert "Élodie Brûlé" in lines
    assert "*Morning session · Hall B*" in lines
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_notes_are_quoted_under_their_event() -> None:
    text = to_markdown(TWO_DAYS, zone=CEST, notes={"d1b": "Ask about *bias*\n\nsit near the door", "d2": "  "})
    lines = text.decode("utf-8").splitlines()
    at = lines.index("> **My note:** Ask about \\*bias\\*")
    assert lines[at + 1: at + 3] == [">", "> sit near the door"] or lines[at + 1: at + 3] == ["> ", "> sit near the door"]
    assert lines.index("### 11:00–11:30 UTC+02:00 · Oral 2: Second talk of day one") < at
    assert text.decode("utf-8").count("My note") == 1  # a blank note is no note


def test_times_follow_the_zone_asked_for_and_days_the_conferences() -> None:
    # A Vancouver evening: in the conference's clock every talk is on Thursday.
    evening = [ev(f"e{i}", datetime(2020, 12, 10, 18, tzinfo=PST) + timedelta(hours=i), f"Talk {i}", number=i)
               for i in range(3)]
    text = to_markdown(evening, zone=PST).decode("utf-8")
    assert text.count("\n## ") == 1 and "## Thursday 10 December 2020" in text
    assert "### 20:00–20:30 UTC-08:00 · Oral 2: Talk 2" in text


def test_schedule_text_cannot_become_markup(qapp) -> None:  # type: ignore[no-untyped-def]
    title = "Why *not* use [links](http://evil.example) or <b>tags</b> | # _here_"
    event = ev("x", datetime(2024, 6, 3, 9, tzinfo=CEST), title, authors=("A_B *C*",))
    markdown = to_markdown([event], zone=CEST, notes={"x": "note with `code` and <i>html</i>"})
    shown = rendered(markdown, qapp)
    assert f"Oral 1: {title}" in shown
    assert "A_B *C*" in shown
    assert "note with `code` and <i>html</i>" in shown
    html = to_html([event], zone=CEST, notes={"x": "<script>alert(1)</script>"})
    assert "<b>tags</b>" not in html and "&lt;b&gt;tags&lt;/b&gt;" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_latex_in_titles_is_made_readable() -> None:
    event = ev("x", datetime(2024, 6, 3, 9, tzinfo=CEST), r"Bounds for $\ell_1$-norm: 76.8\% faster",
               markup=Markup.LATEX)
    text = to_markdown([event], zone=CEST).decode("utf-8")
    assert "ℓ" in text and "76.8%" in text
    assert "\\ell" not in text


def test_text_that_is_not_latex_is_exported_as_written(qapp) -> None:  # type: ignore[no-untyped-def]
    """Issue 16: a pretalx or FOSDEM title is not LaTeX; only its clear math is converted."""
    event = ev("x", datetime(2024, 6, 3, 9, tzinfo=CEST), r"{fmt} is Addictive! ~/.cache, 50% & $\alpha$-stable",
               authors=(r"Ada ~ Lovelace", r"C:\Users\grace"), session="Escaping \\n and \\t {here}")
    expected = "{fmt} is Addictive! ~/.cache, 50% & \u03b1-stable"
    shown = rendered(to_markdown([event], zone=CEST), qapp)
    assert f"Oral 1: {expected}" in shown
    assert "Ada ~ Lovelace, C:\\Users\\grace" in shown
    assert "Escaping \\n and \\t {here}" in shown
    html = to_html([event], zone=CEST)
    assert f"Oral 1: {expected.replace('&', '&amp;')}</h3>" in html
    assert "Ada ~ Lovelace, C:\\Users\\grace" in html and "Escaping \\n and \\t {here}" in html
    latex = to_markdown([dataclasses.replace(event, markup=Markup.LATEX)], zone=CEST).decode("utf-8")
    assert "{fmt}" not in latex and "fmt is Addictive!" in latex  # the same text as LaTeX


def test_empty_agenda_says_so() -> None:
    assert to_markdown([], title="Picks").decode("utf-8") == "# Picks\n\nNo starred events.\n"
    assert "No starred events." in to_html([])


def test_html_for_printing_shows_times_in_the_display_zone_under_conference_days() -> None:
    evening = [ev(f"e{i}", datetime(2020, 12, 10, 18, tzinfo=PST) + timedelta(hours=i), f"Talk {i}", number=i)
               for i in range(3)]
    html = to_html(evening, zone=PST, display=ZoneInfo("Asia/Tokyo"))
    assert html.count("<h2>") == 1 and "<h2>Thursday 10 December 2020</h2>" in html
    assert "11:00–11:30 <small>UTC+09:00</small> (+1 day) · Oral 0: Talk 0" in html
    assert to_html(evening, zone=PST) == to_html(evening, zone=PST, display=PST)
    assert "(+1 day)" not in to_html(evening, zone=PST)
    assert "(-1 day)" in to_html([ev("early", datetime(2024, 6, 3, 9, tzinfo=CEST), "Early")], zone=CEST,
                                 display=ZoneInfo("Pacific/Honolulu"))


def test_html_keeps_day_grouping_and_note_line_breaks() -> None:
    html = to_html(TWO_DAYS, zone=CEST, notes={"d2": "line one\nline two"})
    assert html.index("<h2>Monday 03 June 2024</h2>") < html.index("Opening talk") < html.index(
        "<h2>Tuesday 04 June 2024</h2>") < html.index("Day two opens")
    assert "<b>My note:</b> line one<br>line two" in html


# -- through the library, as `planner export --format md|pdf` does ---------------------


@pytest.fixture
def starred_library(db_path: Path) -> Library:
    library = open_library(db_path)  # the bundled session
    events = library.events()
    picks = [e for e in events if e.heading in ("Oral 1", "Spotlight 12")]
    library.star([e.id for e in picks])
    library.set_note(picks[0].id, "Bring questions about batch norm")
    yield library
    library.close()


def test_library_markdown_has_only_starred_events_and_notes(starred_library: Library) -> None:
    result = export_agenda(starred_library, fmt="md", title="NeurIPS picks")
    text = result.data.decode("utf-8")
    assert result.count == 2 and result.cancelled == 0
    assert text.startswith("# NeurIPS picks\n")
    assert text.count("\n### ") == 2
    assert "### 18:00–18:15 UTC-08:00 · Oral 1: Is normalization indispensable" in text
    assert "Spotlight 12: AdaBelief Optimizer" in text
    assert "> **My note:** Bring questions about batch norm" in text
    assert "Oral 2" not in text
    # A Markdown export is not a calendar: it must not touch what the next .ics says.
    assert starred_library.export_records() == {}


def test_markdown_export_ignores_the_callers_clock(starred_library: Library) -> None:
    first = export_agenda(starred_library, fmt="md").data
    later = export_agenda(starred_library, fmt="md", now=datetime(2030, 1, 1, tzinfo=timezone.utc)).data
    assert first == later
    assert export_agenda(starred_library, fmt="md", zone=ZoneInfo("Asia/Tokyo")).data != first


def pages(data: bytes) -> int:
    """Page objects in a PDF (not the /Pages tree node)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def word_heights(data: bytes, tmp_path: Path, word: str) -> list[float]:
    """Heights in points of ``word`` on the pages, from pdftotext -bbox."""
    path = tmp_path / "words.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    return [float(m.group(2)) - float(m.group(1))
            for m in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">' + re.escape(word), out)]


def pdf_text(data: bytes, tmp_path: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    path = tmp_path / "agenda.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout


def test_pdf_of_my_agenda(starred_library: Library, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.widgets.printing import html_to_pdf

    result = export_agenda(starred_library, fmt="pdf", title="NeurIPS picks", render_pdf=html_to_pdf)
    assert result.data.startswith(b"%PDF-")
    assert result.data.rstrip().endswith(b"%%EOF")
    assert pages(result.data) == 1
    assert starred_library.export_records() == {}
    text = pdf_text(result.data, tmp_path)
    if text is None:
        pytest.skip("pdftotext is not installed: header and pages checked, text not")
    assert "NeurIPS picks" in text
    assert "Thursday 10 December 2020" in text
    assert "Is normalization indispensable" in text
    assert "AdaBelief Optimizer" in text
    assert "Bring questions about batch norm" in text
    assert "Understanding Approximate Fisher" not in text  # Oral 2 is not starred
    # Printable: body text of a normal size on an A4 page, not specks in a corner.
    heights = word_heights(result.data, tmp_path, "AdaBelief")
    assert heights and all(7 <= h <= 20 for h in heights), heights


def test_long_agenda_flows_onto_more_pages(db_path: Path, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.widgets.printing import html_to_pdf

    many = [ev(f"e{i}", datetime(2024, 6, 3, 8, tzinfo=CEST) + timedelta(minutes=10 * i), f"Talk number {i}",
               number=i) for i in range(80)]
    data = html_to_pdf(to_html(many, zone=CEST))
    assert pages(data) >= 3  # 80 talks with session and authors do not fit on one A4 page
    text = pdf_text(data, tmp_path)
    if text is not None:
        assert "Talk number 0" in text and "Talk number 79" in text


def test_entities_and_line_breaks_in_schedule_text_stay_as_written(qapp) -> None:  # type: ignore[no-untyped-def]
    """A title "Writing &amp; and &copy; in HTML" (an iCal file's, decoded once) showed as
    "Writing & and ©"; a title with a line break split its heading in two."""
    events = [ev("x", datetime(2024, 6, 3, 9, tzinfo=CEST), "Writing &amp; and &copy; in HTML", room="Room &lt;1&gt;",
                 authors=("Tom &amp; Jerry",)),
              ev("y", datetime(2024, 6, 3, 10, tzinfo=CEST), "Two-line\ntitle\r\nand more", number=2)]
    markdown = to_markdown(events, zone=CEST, notes={"x": "First &amp; line\nsecond line"})
    shown = rendered(markdown, qapp)
    assert "Oral 1: Writing &amp; and &copy; in HTML" in shown and "Room &lt;1&gt;" in shown
    assert "Tom &amp; Jerry" in shown and "First &amp; line" in shown
    assert "Oral 2: Two-line title and more" in shown
    assert "· Oral 2: Two-line title and more\n" in markdown.decode("utf-8")
    assert "> second line" in markdown.decode("utf-8")  # a note keeps its lines


def test_a_talk_after_midnight_stays_on_its_conference_day_and_says_plus_one_day() -> None:
    # 38C3's days run to 06:00: Saturday's 00:00 talk is Friday night's, and reads so.
    berlin = ZoneInfo("Europe/Berlin")
    night = ev("n", datetime(2024, 12, 28, 0, 0, tzinfo=berlin), "Night talk", minutes=60)
    evening = ev("e", datetime(2024, 12, 27, 21, 0, tzinfo=berlin), "Evening talk", number=2)
    lines = to_markdown([night, evening], zone=berlin).decode().splitlines()
    assert [line for line in lines if line.startswith("#")] == [
        "# My agenda",
        "## Friday 27 December 2024",
        "### 21:00–21:30 UTC+01:00 · Oral 2: Evening talk",
        "### 00:00–01:00 UTC+01:00 (+1 day) · Oral 1: Night talk",
    ]


def test_the_38c3_night_talk_in_markdown(corpus: Path, db_path: Path) -> None:
    from planner.formats import load

    with Library(db_path) as library:
        library.import_schedule(load(corpus / "schedule-xml" / "38c3-schedule.xml"))
        library.star(["px-2033f1bcd9"])
        text = export_agenda(library, fmt="md").data.decode()
    friday = text.index("## Friday 27 December 2024")
    night = text.index("### 00:00–01:00 UTC+01:00 (+1 day) · ")
    assert friday < night


def test_the_pdf_writes_a_talk_over_a_clock_change_as_markdown_does(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.widgets.printing import html_to_pdf

    # 23:00 winter time to 04:00 summer time (Europe/Brussels, 30 March 2025): each end with its offset.
    brussels = ZoneInfo("Europe/Brussels")
    hack = ev("h", datetime(2025, 3, 29, 23, 0, tzinfo=brussels), "Overnight hack", minutes=300)  # wall-clock arithmetic
    assert "### 23:00 UTC+01:00–04:00 UTC+02:00 · Oral 1: Overnight hack" in to_markdown([hack], zone=brussels).decode()
    page = to_html([hack], zone=brussels)
    assert "23:00 UTC+01:00–04:00 UTC+02:00 · Oral 1: Overnight hack" in page
    text = pdf_text(html_to_pdf(page), tmp_path)
    if text is None:
        pytest.skip("pdftotext is not installed: the HTML checked, the PDF's text not")
    assert "23:00 UTC+01:00–04:00 UTC+02:00" in text and "UTC+2 " not in text
