"""Markdown and PDF mark what My agenda's window marks: a cancelled talk (struck
through), one no longer in the schedule, what an update changed, and clashes.

After an update they listed a cancelled and a removed talk as ordinary talks, and two
overlapping talks with no word of the clash: a printed agenda sent the attendee to a
talk that was not on. Markdown is read back with Qt's reader (GitHub dialect), the PDF
with pdftotext.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.domain.model import Event, Kind, Schedule
from planner.services.exporting import export_agenda
from planner.store import Library

BRUSSELS = ZoneInfo("Europe/Brussels")


def talk(event_id: str, hour: int, title: str, minutes: int = 60, **extra: object) -> Event:
    start = datetime(2025, 3, 30, hour, tzinfo=BRUSSELS)
    return Event(id=event_id, kind=Kind.TALK, number=None, title=title, authors=(), abstract="", start=start,
                 end=start + timedelta(minutes=minutes), session="", room="Room", **extra)  # type: ignore[arg-type]


FIRST = (talk("a", 10, "Long talk"), talk("b", 10, "Short talk", minutes=30), talk("c", 14, "Will be cancelled"),
         talk("d", 16, "Will be removed"), talk("e", 18, "Plain talk"))
SECOND = (FIRST[0], FIRST[1], replace(FIRST[2], cancelled=True), FIRST[4])


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library(tmp_path / "library.sqlite3") as lib:
        lib.import_schedule(Schedule(key="conf", title="Conf", format="test", timezone="Europe/Brussels",
                                     events=FIRST))
        lib.star([e.id for e in FIRST])
        lib.import_schedule(Schedule(key="conf", title="Conf", format="test", timezone="Europe/Brussels",
                                     events=SECOND))
        yield lib


def test_markdown_marks_cancelled_removed_and_clashing_talks(library: Library, qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextDocument  # Qt's CommonMark reader, GitHub dialect

    text = export_agenda(library, fmt="md").data.decode()
    document = QTextDocument()
    document.setMarkdown(text)
    shown = document.toPlainText()
    assert "⚠ Cancelled" in shown
    assert "⚠ No longer in the schedule" in shown
    assert "⚠ Clashes with 10:00 Talk: Short talk" in shown
    assert "⚠ Clashes with 10:00 Talk: Long talk" in shown
    plain_block = shown[shown.index("Plain talk"):]
    assert "⚠" not in plain_block  # an ordinary talk says nothing more
    # Only the cancelled title is struck through, as the window strikes it.
    struck = set()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().fontStrikeOut():
                struck.add(fragment.text())
            iterator += 1
        block = block.next()
    assert struck == {"Talk: Will be cancelled"}


def test_pdf_marks_them_too(library: Library, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.widgets.printing import html_to_pdf  # Qt's PDF writer, as the window and the CLI use

    pages: list[str] = []
    export_agenda(library, fmt="pdf", render_pdf=lambda html: pages.append(html) or b"%PDF")
    assert "<s>Talk: Will be cancelled</s>" in pages[0]
    assert "<s>" not in pages[0].replace("<s>Talk: Will be cancelled</s>", "")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed: the HTML checked, the PDF's text not")
    path = tmp_path / "agenda.pdf"
    path.write_bytes(export_agenda(library, fmt="pdf", render_pdf=html_to_pdf).data)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True,
                                   timeout=60).stdout.split())
    assert "Talk: Will be cancelled Cancelled" in text.replace("⚠ ", "")
    assert "Talk: Will be removed No longer in the schedule" in text.replace("⚠ ", "")
    assert "Clashes with 10:00 Talk: Short talk" in text
    assert "Clashes with 10:00 Talk: Long talk" in text
