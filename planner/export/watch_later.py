"""The Watch later list (planner.services.watching) as Markdown: title, time and recording."""

from __future__ import annotations

from collections.abc import Sequence

from planner.domain.days import end_clock, event_times
from planner.domain.model import Event, Link
from planner.export.markdown import _escape_md, _md_link
from planner.text.readable import readable

TITLE = "Watch later"


def talk_title(event: Event) -> str:
    """The talk's title as readers see it ("Untitled" when the schedule gives none)."""
    return " ".join(readable(event.title, event.markup).split()) or "Untitled"


def talk_time(event: Event) -> str:
    """"Fri 27 Dec 2024, 11:00–11:40" on the schedule's own clock, as it was published."""
    start, end = event_times(event, None)
    return f"{start:%a %d %b %Y}, {start:%H:%M}–{end_clock(start, end)}"


def to_markdown(items: Sequence[tuple[Event, Link]], *, title: str = TITLE) -> bytes:
    """One list item per talk, in the order given: its title, when it was, where to watch it."""
    lines = [f"# {_escape_md(title)}", ""]
    if not items:
        lines.append("Nothing to watch later: no missed must-see talk has a recording.")
    for event, link in items:
        lines.append(f"- **{_escape_md(talk_title(event))}** · {talk_time(event)} · {_md_link(link)}")
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")
