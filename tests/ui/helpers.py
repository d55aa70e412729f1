"""Small helpers shared by the window tests: finding events and cards, writing schedules.

Schedules for a test are written as session-page text (the bundled seed's format), so
every test file goes through the same parser and store the window uses.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint

from planner.domain.model import Event
from planner.ui.main_window import MainWindow
from planner.ui.widgets.delegates import star_rect
from planner.ui.widgets.timeline import TimelineView

# Two days, an accented author, two events that overlap in time, a break and a poster.
TINY_TITLE = "Tiny Workshop on Testing"
TINY_SESSION = """\
## Tiny Workshop on Testing

### Time

2024-06-03T09:00:00+02:00 - 2024-06-04T12:00:00+02:00

### Schedule

2024-06-03T09:00:00+02:00 - 2024-06-03T09:30:00+02:00

##### 1 - Oral: Accents and diacritics in schedule search

Jürgen Müller, Ada Lovelace

Searching for names should not depend on how the attendee types accents.

2024-06-03T09:00:00+02:00 - 2024-06-03T09:20:00+02:00

##### 2 - Spotlight: A parallel talk in the other room

Grace Hopper

Overlapping talks sit side by side.

2024-06-03T09:30:00+02:00 - 2024-06-03T09:45:00+02:00

##### Coffee break

2024-06-04T10:00:00+02:00 - 2024-06-04T10:30:00+02:00

##### 3 - Oral: Day two opens

Élodie Brûlé

The second day of the workshop.

2024-06-04T10:30:00+02:00 - 2024-06-04T11:30:00+02:00

##### 4 - Poster: Posters of day two

Alan Turing, Barbara Liskov

Posters.
"""

# Line 13 has a time range with no UTC offset: the parser must name the file and line.
MALFORMED_LINE = 13
MALFORMED_SESSION = """\
## Broken Session

### Time

2024-06-03T09:00:00+02:00 - 2024-06-03T12:00:00+02:00

### Schedule

2024-06-03T09:00:00+02:00 - 2024-06-03T09:30:00+02:00

##### 1 - Oral: Fine so far

2024-06-03T09:30:00 - 2024-06-03T10:00:00

##### 2 - Oral: The time above has no offset
"""


def write_tiny(tmp_path: Path, name: str = "tiny-workshop.txt") -> Path:
    path = tmp_path / name
    path.write_text(TINY_SESSION, encoding="utf-8")
    return path


def write_malformed(tmp_path: Path, name: str = "broken-session.txt") -> Path:
    path = tmp_path / name
    path.write_text(MALFORMED_SESSION, encoding="utf-8")
    return path


def session_page(title: str, events: list[tuple[str, str, str, str, str]]) -> str:
    """Session-page text from (start, end, heading, authors, abstract) tuples."""
    lines = [f"## {title}", "", "### Schedule", ""]
    for start, end, heading, authors, abstract in events:
        lines += [f"{start} - {end}", "", f"##### {heading}", ""]
        if authors:
            lines += [authors, ""]
        if abstract:
            lines += [abstract, ""]
    return "\n".join(lines)


def event(window: MainWindow, heading: str) -> Event:
    """The event of the window's schedule whose badge reads ``heading`` ("Oral 1")."""
    found = [e for e in window.days.all() if e.heading == heading]
    assert len(found) == 1, f"{heading!r}: {[e.heading for e in window.days.all()]}"
    return found[0]


def index_of(window: MainWindow, heading: str) -> QModelIndex:
    index = window.model.index_of(event(window, heading).id)
    assert index.isValid()
    return index


def visible_card(view: TimelineView, index: QModelIndex):  # type: ignore[no-untyped-def]
    """Scroll ``index`` into view and return its rectangle in viewport coordinates."""
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert view.viewport().rect().contains(rect.center()), (rect, view.viewport().rect())
    return rect


def star_point(view: TimelineView, index: QModelIndex) -> QPoint:
    """Centre of the card's star toggle, in viewport coordinates."""
    return star_rect(visible_card(view, index)).center()


def body_point(view: TimelineView, index: QModelIndex) -> QPoint:
    """A point on the card away from the star (on the title)."""
    rect = visible_card(view, index)
    return QPoint(rect.left() + 30, rect.center().y())


def current_id(window: MainWindow) -> str | None:
    event = window.current_event()
    return event.id if event else None
