"""My agenda as Markdown (and as the HTML the window prints to PDF).

Starred entries without a time (planner.domain.model.Unscheduled) follow the days under
"Reading list (not scheduled)": on no day, at no time. A maybe-talk (planner.domain.marks)
says "(maybe)" after its title; a must-see one is the agenda's plain case.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from planner.domain.days import all_day_span, clocks_changed, end_clock, event_times, local_day, offset_label, range_with_offset
from planner.domain.marks import Tier
from planner.domain.model import Event, Kind, Link, Unscheduled
from planner.domain.route import Route, with_routes
from planner.domain.status import UpdateFlag
from planner.text.links import opens_outside
from planner.text.readable import event_summary, readable
from planner.text.wording import board_place, counted

ZoneOf = Callable[[Event], tzinfo | None]  # the zone an event's day and times are shown in

READING_LIST = "Reading list (not scheduled)"  # the heading My agenda's window shows too
MAYBE = " (maybe)"  # after a maybe-talk's title
# The "&" of what CommonMark reads as an entity ("&amp;", "&#169;"); a lone one is itself.
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029])\s*")


CLASHES_LISTED = 2  # names up to this many clashes; past it, the first and a count (as My agenda)


@dataclass(frozen=True, slots=True)
class Standing:
    """What My agenda's window marks under a talk, for the documents to mark it too.

    ``statuses``: the library's (update flag, what changed) by id (Library.statuses), a
    reading-list entry that left its schedule flagged removed too; ``clashes``: each
    talk's clashes with other starred talks (planner.domain.queries.clashes_by_event).
    """

    statuses: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    clashes: Mapping[str, Sequence[Event]] = field(default_factory=dict)

    def removed(self, item: Event | Unscheduled) -> bool:
        return self.statuses.get(item.id, ("", ""))[0] == UpdateFlag.REMOVED

    def struck(self, item: Event | Unscheduled) -> bool:
        """Struck through where the window strikes it: a talk its schedule cancelled."""
        return item.cancelled

    def warnings(self, item: Event | Unscheduled, zone_of: ZoneOf, route: Route | None = None) -> list[str]:
        """The window's lines under a row (planner.ui.widgets.agenda_model): left the
        schedule, cancelled or what changed; then the clashes, by time and title. Posters
        of one route do not clash with each other: the route shares their session."""
        lines = []
        flag, changes = self.statuses.get(item.id, ("", ""))
        if flag == UpdateFlag.REMOVED:
            lines.append("⚠ No longer in the schedule")
        elif item.cancelled:
            lines.append("⚠ Cancelled")
        elif changes:
            lines.append(f"⚠ {changes[:1].upper()}{changes[1:]}")
        mates = {e.id for e in route.events} if route is not None else set()
        clashes = [e for e in self.clashes.get(item.id, ()) if e.id not in mates]
        named = clashes if len(clashes) <= CLASHES_LISTED else clashes[:1]
        for other in named:
            start = event_times(other, zone_of(other))[0]
            lines.append(f"⚠ Clashes with {start:%H:%M} {event_summary(other)}")
        if len(named) < len(clashes):
            lines[-1] += f" and {counted(len(clashes) - 1, 'more starred talk')}"
        return lines


NO_STANDING = Standing()


def _maybe(item: Event | Unscheduled, tiers: Mapping[str, Tier] | None) -> str:
    return MAYBE if (tiers or {}).get(item.id) is Tier.MAYBE else ""


def _escape_md(text: str, *, lines: bool = False) -> str:
    """Keep schedule text literal: Markdown syntax in a title must not become formatting.

    An entity's "&" too: "&amp;" and "&copy;" in a title (its file's text, decoded once already) showed
    as "&" and "©". And a line break, which would end a heading ("Two-line" then a
    paragraph "title"), is a space, unless ``lines`` (a note's, quoted line by line).
    """
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    text = _ENTITY.sub(r"\\&", text) if "&" in text else text
    return text if lines else _LINE_BREAK.sub(" ", text)


def _openable(links: Sequence[Link]) -> list[Link]:
    """The links an agenda carries: web and mail addresses only, as the window opens."""
    return [link for link in links if opens_outside(link.url.strip())]


def _md_link(link: Link) -> str:
    """``[Slides](<https://...>)``: the title kept literal; the address in angle brackets, which
    CommonMark ends at the first ``>``, so those and spaces are percent-encoded."""
    url = link.url.strip().replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{_escape_md(' '.join(link.title.split()) or link.url.strip())}](<{url}>)"


def _entry_summary(entry: Unscheduled) -> str:
    """"Poster: Title", as event_summary names a talk."""
    kind = entry.type_name if entry.type_name and entry.kind is Kind.OTHER else entry.heading
    return f"{kind}: {readable(entry.title, entry.markup).strip() or 'Untitled'}"


def to_markdown(events: Sequence[Event], *, title: str = "My agenda", zone: tzinfo | None = None,
                notes: Mapping[str, str] | None = None, reading: Sequence[Unscheduled] = (),
                tiers: Mapping[str, Tier] | None = None, zones: ZoneOf | None = None,
                removed: Collection[str] = (), standing: Standing = NO_STANDING) -> bytes:
    """``reading``: the starred entries without a time, listed after the days; ``tiers``:
    the stars' tiers, a maybe marked. Days and times are in ``zone``, or with ``zones`` in
    each event's own (its conference's: see by_day). ``removed``: the ids of events that
    left their schedule, never a stop of a poster route (planner.domain.route).
    ``standing``: cancelled, removed and changed talks and clashes, marked as the window
    marks them (a cancelled title struck through, GitHub's ``~~``)."""
    zone_of = zones or (lambda event: zone)
    lines = [f"# {_escape_md(title)}", ""]
    if not events and not reading:
        lines.append("No starred events.")
    for day, day_events in by_day(events, zone_of).items():
        lines += [f"## {day:%A %d %B %Y}", ""]
        for item in with_routes(day_events, removed):
            if isinstance(item, Route):
                lines += _md_route(item, day, zone_of, notes, tiers, standing)
                continue
            event = item
            lines.append(f"### {_dated_clock(event, day, zone_of(event))} · "
                         f"{_md_title(event_summary(event), standing.struck(event))}"
                         f"{_maybe(event, tiers)}")
            lines.append("")
            lines += _md_warnings(standing.warnings(event, zone_of))
            place = _place(event)
            if place:
                lines += [f"*{_escape_md(place)}*", ""]
            lines += _md_details(event, notes)
    if reading:
        lines += [f"## {READING_LIST}", ""]
        for entry in reading:
            lines += [f"### {_md_title(_entry_summary(entry), standing.struck(entry))}{_maybe(entry, tiers)}", ""]
            lines += _md_warnings(standing.warnings(entry, zone_of))
            lines += _md_details(entry, notes)
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def _md_title(text: str, struck: bool) -> str:
    """A title kept literal, struck through (``~~``, its own tildes escaped) when cancelled."""
    return "~~" + _escape_md(text).replace("~", "\\~") + "~~" if struck else _escape_md(text)


def _md_warnings(warnings: Sequence[str]) -> list[str]:
    """A talk's warnings in bold, one line each (a hard break between them)."""
    if not warnings:
        return []
    return ["  \n".join(f"**{_escape_md(line)}**" for line in warnings), ""]


def _place(event: Event) -> str:
    """Where an event is: its session, room and (a poster's) board, each said once."""
    places = (readable(event.session, event.markup), event.room, board_place(event.poster_position))
    return " · ".join(dict.fromkeys(p for p in places if p))


def by_day(events: Sequence[Event], zone_of: ZoneOf) -> dict[date, list[Event]]:
    """Events per day, each event's day and times in ``zone_of(event)``: group_by_day with
    a zone per event. An agenda of two conferences shows each talk on its own conference's
    clock: one zone for all put a Hamburg talk at 16:00 under a Paris conference's UTC+02:00
    as 17:00, and a night talk under the wrong date."""
    days: dict[date, list[Event]] = {}
    for event in sorted(events, key=lambda e: (e.start, e.end, e.id)):
        days.setdefault(local_day(event, zone_of(event)), []).append(event)
    return dict(sorted(days.items()))


def _md_details(event: Event | Unscheduled, notes: Mapping[str, str] | None) -> list[str]:
    """Authors, links and the attendee's note, under an event's heading."""
    lines = []
    if event.authors:
        lines += [_escape_md(", ".join(readable(a, event.markup) for a in event.authors)), ""]
    links = _openable(event.links)
    if links:
        lines += [" · ".join(_md_link(link) for link in links), ""]
    note = (notes or {}).get(event.id, "").strip()
    if note:
        lines += ["> **My note:** " + _escape_md(note, lines=True).replace("\n", "\n> "), ""]
    return lines


def _md_route(route: Route, day: date, zone_of: ZoneOf, notes: Mapping[str, str] | None,
              tiers: Mapping[str, Tier] | None, standing: Standing = NO_STANDING) -> list[str]:
    """A poster route: the session with its whole time, then each poster in board order
    under its slot (see planner.domain.route)."""
    first = route.first
    zone = zone_of(first)
    session = readable(first.session, first.markup).strip() or "Posters"
    lines = [f"### {_dated_clock(first, day, zone)} · {_escape_md(session)} · {route.share()}", ""]
    if first.room:
        lines += [f"*{_escape_md(first.room)}*", ""]
    for stop in route.stops:
        start, end = stop.times(zone)
        parts = [_escape_md(p) for p in (f"{start:%H:%M}–{end:%H:%M}{_day_mark(start, day)}", stop.board) if p]
        parts.append(_md_title(_stop_title(stop.event), standing.struck(stop.event)))
        lines += ["#### " + " · ".join(parts) + _maybe(stop.event, tiers), ""]
        lines += _md_warnings(standing.warnings(stop.event, zone_of, route))
        lines += _md_details(stop.event, notes)
    return lines


def _stop_title(event: Event) -> str:
    """A route's poster by its title alone: the route already says they are posters."""
    return readable(event.title, event.markup).strip() or "Untitled poster"


def _clock(event: Event, zone: tzinfo | None) -> str:
    """"10:00–10:30 UTC+01:00"; a whole-day event's "All day"; a time published without a
    zone as written, saying so (planner.domain.days.event_times converts neither)."""
    if event.all_day:
        first, last = all_day_span(event)
        return "All day" if first == last else f"All day, until {last:%A %d %B}"
    start, end = event_times(event, zone)
    if event.floating:
        return f"{start:%H:%M}–{end_clock(start, end)} (local time, no zone)"
    return range_with_offset(start, end)


def _dated_clock(event: Event, day: date, zone: tzinfo | None) -> str:
    """_clock() under ``day``'s heading: " (+1 day)" after a time past midnight that the
    conference counts in the day before (its days run to 06:00, planner.domain.days), as
    the window's cards and the PDF say. Without it 38C3's Saturday 00:00 talk read as
    Friday 00:00, a day early."""
    if event.all_day:
        return _clock(event, zone)
    return _clock(event, zone) + _day_mark(event_times(event, zone)[0], day)


def _day_mark(start: datetime, day: date) -> str:
    """" (+1 day)" when a time falls on a later date than the day it is listed under: after
    midnight in a conference night, or shown in another zone."""
    delta = (start.date() - day).days
    if not delta:
        return ""
    return f" ({delta:+d} day)" if abs(delta) == 1 else f" ({delta:+d} days)"


def to_html(events: Sequence[Event], *, title: str = "My agenda", zone: tzinfo | None = None,
            notes: Mapping[str, str] | None = None, display: tzinfo | None = None,
            reading: Sequence[Unscheduled] = (), tiers: Mapping[str, Tier] | None = None,
            zones: ZoneOf | None = None, removed: Collection[str] = (),
            standing: Standing = NO_STANDING) -> str:
    """Printable HTML (every schedule string escaped), for Qt's PDF writer and printing.

    Days are the conference's (``zone``, or with ``zones`` each event's own, as in
    to_markdown); times are shown in ``display`` when given (the window's display zone,
    for printing), with "+1 day" where that crosses midnight.
    ``reading``: the starred entries without a time, after the days; ``tiers``: a maybe
    marked; ``removed``: as in to_markdown; ``standing``: what the window marks (see
    to_markdown), a cancelled title struck through.
    """
    zone_of = zones or (lambda event: zone)
    esc = html.escape
    parts = [f"<h1>{esc(title)}</h1>"]
    if not events and not reading:
        parts.append("<p>No starred events.</p>")
    for day, day_events in by_day(events, zone_of).items():
        parts.append(f"<h2>{day:%A %d %B %Y}</h2>")
        for item in with_routes(day_events, removed):
            if isinstance(item, Route):
                parts += _html_route(item, day, zone_of, display, notes, tiers, standing)
                continue
            event = item
            parts.append(f"<h3>{_html_clock(event, day, zone_of(event), display)} · "
                         f"{_html_title(event_summary(event), standing.struck(event))}{_maybe(event, tiers)}</h3>")
            parts += _html_warnings(standing.warnings(event, _shown_in(zone_of, display)))
            place = _place(event)
            if place:
                parts.append(f"<p><i>{esc(place)}</i></p>")
            parts += _html_details(event, notes)
    if reading:
        parts.append(f"<h2>{esc(READING_LIST)}</h2>")
        for entry in reading:
            parts.append(f"<h3>{_html_title(_entry_summary(entry), standing.struck(entry))}{_maybe(entry, tiers)}</h3>")
            parts += _html_warnings(standing.warnings(entry, zone_of))
            parts += _html_details(entry, notes)
    return "<html><body>" + "".join(parts) + "</body></html>"


def _shown_in(zone_of: ZoneOf, display: tzinfo | None) -> ZoneOf:
    """The zone each event's times are printed in: ``display`` when given."""
    return zone_of if display is None else (lambda event: display)


def _html_title(text: str, struck: bool) -> str:
    return f"<s>{html.escape(text)}</s>" if struck else html.escape(text)


def _html_warnings(warnings: Sequence[str]) -> list[str]:
    if not warnings:
        return []
    return ["<p><b>" + "<br>".join(html.escape(line) for line in warnings) + "</b></p>"]


def _html_clock(event: Event, day: date, zone: tzinfo | None, display: tzinfo | None) -> str:
    start, end = event_times(event, display or zone)
    if event.all_day:
        return html.escape(_clock(event, zone))
    if not event.floating and clocks_changed(start, end):
        # Each end on its own offset, as _clock() and the detail pane write it: end_clock's
        # short offset and the start's label read "23:00–04:00 UTC+2 UTC+01:00".
        return f"{html.escape(range_with_offset(start, end))}{_day_mark(start, day)}"
    label = "(local time, no zone)" if event.floating else offset_label(start)
    return f"{start:%H:%M}–{end_clock(start, end)} <small>{html.escape(label)}</small>{_day_mark(start, day)}"


def _html_details(event: Event | Unscheduled, notes: Mapping[str, str] | None) -> list[str]:
    """Authors, links and the attendee's note, under an event's heading."""
    esc = html.escape
    parts = []
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
    return parts


def _html_route(route: Route, day: date, zone_of: ZoneOf, display: tzinfo | None,
                notes: Mapping[str, str] | None, tiers: Mapping[str, Tier] | None,
                standing: Standing = NO_STANDING) -> list[str]:
    """A poster route as _md_route writes it, times in ``display`` like every other time."""
    esc = html.escape
    first = route.first
    zone = zone_of(first)
    session = readable(first.session, first.markup).strip() or "Posters"
    parts = [f"<h3>{_html_clock(first, day, zone, display)} · {esc(session)} · {esc(route.share())}</h3>"]
    if first.room:
        parts.append(f"<p><i>{esc(first.room)}</i></p>")
    for stop in route.stops:
        start, end = stop.times(display or zone)
        clock = f"{start:%H:%M}–{end:%H:%M}{_day_mark(start, day)}"
        title = _html_title(_stop_title(stop.event), standing.struck(stop.event))
        parts.append("<h4>" + " · ".join([clock] + [esc(p) for p in (stop.board,) if p] + [title])
                     + _maybe(stop.event, tiers) + "</h4>")
        parts += _html_warnings(standing.warnings(stop.event, _shown_in(zone_of, display), route))
        parts += _html_details(stop.event, notes)
    # Not indented: Qt's rich text counts margins in device pixels, a speck at a PDF's 1200
    # dpi; the smaller headings set the posters under their session instead.
    return parts
