"""One paper, two events: its poster and its oral know each other (issue 19, Papers).

The feed's related_events_ids make the poster and the oral of a paper one paper
(Event.paper): the detail pane of either says where else it is presented, starring both
is no clash, and the pane shows each author's institution, the topic and the board.
"""

from __future__ import annotations

from pathlib import Path

from planner.domain.model import Kind
from planner.domain.queries import conflicts
from planner.store import Library
from planner.ui.main_window import MainWindow

FEED = Path(__file__).resolve().parent.parent / "formats" / "data" / "virtualsite" / "neurips-2031-orals-posters.json"
TITLE = "Sparse & Robust Attention for Long Documents"


def _pair(library: Library) -> tuple[str, str]:
    events = [e for e in library.events() if e.title.startswith("Sparse & Robust")]
    poster = next(e for e in events if e.kind is Kind.POSTER)
    oral = next(e for e in events if e.kind is Kind.ORAL)
    return poster.id, oral.id


def test_the_library_finds_the_other_events_of_a_paper(library: Library) -> None:
    from planner.formats.virtualsite import load  # the feed reader, only for this file

    library.import_schedule(load(FEED))
    poster_id, oral_id = _pair(library)
    poster = library.event(poster_id)
    assert [e.id for e in library.paper_events(poster)] == [oral_id]
    assert [e.id for e in library.paper_events(library.event(oral_id))] == [poster_id]
    keynote = next(e for e in library.events() if e.title.startswith("Keynote"))
    assert library.paper_events(keynote) == []
    assert keynote.heading == "Invited Talk"  # the feed's type, not "Other"


def test_a_poster_and_the_oral_of_one_paper_do_not_clash(library: Library) -> None:
    from dataclasses import replace  # to make the two overlap

    from planner.formats.virtualsite import load  # the feed reader, only for this file

    library.import_schedule(load(FEED))
    poster_id, oral_id = _pair(library)
    poster, oral = library.event(poster_id), library.event(oral_id)
    overlapping = replace(oral, start=poster.start, end=poster.end)
    assert conflicts([poster, overlapping]) == []
    other_paper = replace(overlapping, id="x", paper="another")
    assert len(conflicts([poster, other_paper])) == 1


def test_the_detail_pane_says_where_else_the_paper_is_presented(window: MainWindow) -> None:
    assert window.import_files([str(FEED)])
    poster_id, oral_id = _pair(window.library)
    window.select_event(poster_id)
    text = window.detail.browser.toPlainText()
    assert "Also presented as Oral, Thu 11 Dec 10:15, Ballroom C" in text
    assert "board #2504" in text
    assert "Topic: Theory › Learning Theory" in text
    assert "MIT" in text.split("Authors", 1)[1]  # the first author's institution, beside the name
    window.set_display_zone("Europe/Berlin")  # the other time follows the display zone
    assert "Also presented as Oral, Thu 11 Dec 19:15, Ballroom C" in window.detail.browser.toPlainText()
    window.select_event(oral_id)
    assert "Also presented as Poster, Tue 09 Dec 20:00, Exhibit Hall C,D,E, board #2504" in \
        window.detail.browser.toPlainText()
