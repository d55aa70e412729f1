"""My agenda as Markdown (and as the HTML the window prints to PDF)."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date, datetime, tzinfo

from planner.domain.days import all_day_span, event_times, group_by_day, offset_label
from planner.domain.model import Event, Link
from planner.text.links import opens_outside
from planner.text.readable import event_summary, readable


def _escape_md(text: str) -> str:
    """Keep schedule text literal: Markdown syntax in a title must not become formatting."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _openable(links: Sequence[Link]) -> list[Link]:
    """The links an agenda carries: web and mail addresses only, as the window opens."""
    return [link for link in links if opens_outside(link.url.strip())]


def _md_link(link: Link) -> str:
    """``[Slides](<https://...>)``: the title kept literal; the address in angle brackets, which
    CommonMark ends at the first ``>``, so those and spaces are percent-encoded."""
    url = link.url.strip().replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{_escape_md(' '.join(link.title.split()) or link.url.strip())}](<{url}>)"


def to_markdown(events: Sequence[Event], *, title: str = "My agenda", zone: tzinfo | None = None,
                notes: Mapping[str, str] | None = None) -> bytes:
    lines = [f"# {_escape_md(title)}", ""]
    if not events:
        lines.append("No starred events.")
    for day, day_events in group_by_day(events, zone).items():
        lines += [f"## {day:%A %d %B %Y}", ""]
        for event in day_events:
            lines.append(f"### {_clock(event, zone)} · {_escape_md(event_summary(event))}")
            lines.append("")
            place = " · ".join(dict.fromkeys(p for p in (readable(event.session, event.markup), event.room) if p))
            if place:
                lines += [f"*{_escape_md(place)}*", ""]
            if event.authors:
                lines += [_escape_md(", ".join(readable(a, event.markup) for a in event.authors)), ""]
            links = _openable(event.links)
            if links:
                lines += [" · ".join(_md_link(link) for link in links), ""]
            note = (notes or {}).get(event.id, "").strip()
            if note:
                lines += ["> **My note:** " + _escape_md(note).replace("\n", "\n> "), ""]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def _clock(event: Event, zone: tzinfo | None) -> str:
    """"10:00–10:30 UTC+01:00"; a whole-day event's "All day"; a time published without a
    zone as written, saying so (planner.domain.days.event_times converts neither)."""
    if event.all_day:
        first, last = all_day_span(event)
        return "All day" if first == last else f"All day, until {last:%A %d %B}"
    start, end = event_times(event, zone)
    if event.floating:
        return f"{start:%H:%M}–{end:%H:%M} (local time, no zone)"
    return f"{start:%H:%M}–{end:%H:%M} {offset_label(start)}"


def _day_mark(start: datetime, day: date) -> str:
    """" (+1 day)" when a time shown in another zone falls on a later date than its day."""
    delta = (start.date() - day).days
    if not delta:
        return ""
    return f" ({delta:+d} day)" if abs(delta) == 1 else f" ({delta:+d} days)"


def to_html(events: Sequence[Event], *, title: str = "My agenda", zone: tzinfo | None = None,
            notes: Mapping[str, str] | None = None, display: tzinfo | None = None) -> str:
    """Printable HTML (every schedule string escaped), for Qt's PDF writer and printing.

    Days are the conference's (``zone``); times are shown in ``display`` when given (the
    window's display zone, for printing), with "+1 day" where that crosses midnight.
    """
    esc = html.escape
    parts = [f"<h1>{esc(title)}</h1>"]
    if not events:
        parts.append("<p>No starred events.</p>")
    for day, day_events in group_by_day(events, zone).items():
        parts.append(f"<h2>{day:%A %d %B %Y}</h2>")
        for event in day_events:
            start, end = event_times(event, display or zone)
            if event.all_day:
                clock = esc(_clock(event, zone))
            else:
                label = "(local time, no zone)" if event.floating else offset_label(start)
                clock = f"{start:%H:%M}–{end:%H:%M} <small>{esc(label)}</small>{_day_mark(start, day)}"
            parts.append(f"<h3>{clock} · {esc(event_summary(event))}</h3>")
            place = " · ".join(dict.fromkeys(p for p in (readable(event.session, event.markup), event.room) if p))
            if place:
                parts.append(f"<p><i>{esc(place)}</i></p>")
            if event.authors:
                parts.append(f"<p>{esc(', '.join(readable(a, event.markup) for a in event.authors))}</p>")
            links = _openable(event.links)
            if links:  # on paper the address is what a reader can use
                parts.append("<p>" + "<br>".join(
                    esc(f"{' '.join(link.title.split())}: {link.url.strip()}" if link.title.strip() else link.url.strip())
                    for link in links) + "</p>")
            note = (notes or {}).get(event.id, "").strip()
            if note:
                parts.append(f"<p><b>My note:</b> {esc(note).replace(chr(10), '<br>')}</p>")
    return "<html><body>" + "".join(parts) + "</body></html>"
