"""My agenda as an RFC 5545 calendar that every calendar program imports at the right time.

Times are written as UTC instants (``DTSTART:20201211T020000Z``): exact everywhere,
with no VTIMEZONE for a client to misread. Two kinds of event are not instants, and are
never made into one: a time the schedule published without a zone is the venue's wall
clock, written as a floating local time (``DTSTART:20250329T100000``, no ``Z``, no TZID),
which every client shows as written; an all-day event is a date (``VALUE=DATE``). UIDs
derive from event ids, so exporting again updates the same calendar entries instead of
duplicating them.

The file is written here rather than through icalendar (which still reads calendars, in
planner.formats.ical): we emit a dozen fixed properties, and icalendar's generic
serializer, folding lines one character at a time, took most of a 1,000-event export.
Folding works on the encoded bytes, so a line never splits a UTF-8 sequence or a
backslash escape.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from planner import __version__
from planner.domain.exports import ExportRecord
from planner.domain.marks import Tier
from planner.domain.model import Event
from planner.text.links import opens_outside
from planner.text.readable import event_summary as summary_for
from planner.text.readable import readable, readable_abstract
from planner.text.wording import board_place

PRODID = f"-//Planner//Planner {__version__}//EN"
UID_DOMAIN = "planner.invalid"
# A maybe-talk's first DESCRIPTION line: most calendar programs show no CATEGORIES, but
# every one shows the description's start.
MAYBE_LINE = "Maybe: starred as a maybe in Planner"


def uid_for(event: Event) -> str:
    """Same event, same UID, on every export."""
    return f"{event.id}@{UID_DOMAIN}"


def description_for(event: Event, note: str = "", tier: Tier | None = None) -> str:
    parts: list[str] = [MAYBE_LINE] if tier is Tier.MAYBE else []
    if event.authors:
        parts.append(", ".join(readable(a, event.markup) for a in event.authors))
    if event.abstract:
        parts.append(readable_abstract(event.abstract, event.markup))
    # Slides, recordings and feedback pages, by title: calendar programs make the addresses
    # clickable, so only web and mail addresses go in.
    links = [f"{' '.join(link.title.split())}: {link.url}" if link.title.strip() else link.url
             for link in event.links if opens_outside(link.url)]
    if links:
        parts.append("\n".join(links))
    if note.strip():
        parts.append("My note: " + note.strip())
    return "\n\n".join(parts)


def location_for(event: Event) -> str:
    """An event's LOCATION: the room, and the session where it is a place of its own (a
    session page's, a poster session); not where frab and calendars put the track there,
    which calendars would show, and look up on a map, as the place. A poster's board last:
    it is how the poster is found among the hall's hundreds. planner.export.revisions
    compares it with the last export's."""
    track = readable(event.track, event.markup).strip()
    session = readable(event.session, event.markup)
    places = (event.room, "" if session == track else session, board_place(event.poster_position))
    return ", ".join(dict.fromkeys(p for p in places if p))


def to_ics(
    events: Sequence[Event],
    *,
    name: str = "My agenda",
    alarm_minutes: int | None = None,
    notes: Mapping[str, str] | None = None,
    now: datetime | None = None,
    revisions: Mapping[str, ExportRecord] | None = None,
    orphans: Sequence[ExportRecord] = (),
    tiers: Mapping[str, Tier] | None = None,
    orphan_events: Mapping[str, Event] | None = None,
) -> bytes:
    """Serialize ``events`` as one VCALENDAR with a VEVENT each (and a VALARM if asked).

    ``revisions`` (from planner.export.revisions) give each event its SEQUENCE, LAST-MODIFIED
    and STATUS; ``orphans`` are cancellations of entries whose event is no longer exported,
    and ``orphan_events`` those events as the library still has them (an unstarred talk, a
    starred one that left its schedule), by id: see cancellation_lines.
    ``tiers``: the starred events' tiers; a maybe-talk is in the category "Maybe" besides
    its kind, and its description says so first.
    """
    stamp = _utc((now or datetime.now(timezone.utc)).astimezone(timezone.utc))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:" + _text(PRODID),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        # Not TEXT-escaped, as icalendar wrote it: readers (icalendar, planner.formats.ical)
        # take this extension property verbatim and would show "\\," in a re-imported title.
        "X-WR-CALNAME:" + _CONTROL.sub("", _LINE_BREAK.sub(" ", name)),
    ]
    # Properties in the order icalendar wrote them, so files stay comparable with earlier exports.
    for event in sorted(events, key=lambda e: (e.start, e.id)):
        tier = (tiers or {}).get(event.id)
        lines += vevent_lines(event, stamp=stamp, record=(revisions or {}).get(event.id), alarm_minutes=alarm_minutes,
                              note=(notes or {}).get(event.id, ""), tier=tier)
    for record in orphans:
        lines += cancellation_lines(record, stamp=stamp, event=(orphan_events or {}).get(record.event_id))
    lines.append("END:VCALENDAR")
    return b"".join(_fold(line.encode("utf-8")) + b"\r\n" for line in lines)


def vevent_lines(
    event: Event,
    *,
    stamp: str,
    record: ExportRecord | None = None,
    alarm_minutes: int | None = None,
    note: str = "",
    tier: Tier | None = None,
) -> list[str]:
    """One event's VEVENT, unfolded: the export's and the calendar server sync's (one builder for both).

    ``stamp`` is the DTSTAMP, already in the ``_utc`` form.
    """
    summary = _text(summary_for(event))
    lines = ["BEGIN:VEVENT", "SUMMARY:" + summary, *_span(event), "DTSTAMP:" + stamp,
             "UID:" + _text(uid_for(event))]
    if record is not None:
        lines.append(f"SEQUENCE:{record.sequence}")
    # The track is what the talk is about, so a category (DebConf's "Community, diversity,
    # local outreach and social context"), never part of the place.
    track = readable(event.track, event.markup).strip()
    categories = [event.kind.label] + ([Tier.MAYBE.label] if tier is Tier.MAYBE else []) + ([track] if track else [])
    lines.append("CATEGORIES:" + ",".join(_text(c) for c in categories))  # a list: the comma is not escaped
    description = description_for(event, note, tier)
    if description:
        lines.append("DESCRIPTION:" + _text(description))
    if record is not None:
        lines.append("LAST-MODIFIED:" + _utc(datetime.fromisoformat(record.modified_at)))
    location = location_for(event)
    if location:
        lines.append("LOCATION:" + _text(location))
    cancelled = event.cancelled or (record is not None and record.cancelled)
    if record is not None or event.cancelled:
        lines.append("STATUS:" + ("CANCELLED" if cancelled else "CONFIRMED"))
    if event.url:
        lines.append("URL:" + _CONTROL_ANY.sub("", event.url))
    if alarm_minutes is not None and not cancelled:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:" + summary,
            "TRIGGER:" + _duration(timedelta(minutes=-alarm_minutes)),
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def cancellation_lines(record: ExportRecord, *, stamp: str, event: Event | None = None) -> list[str]:
    """The VEVENT that cancels an entry whose event is no longer exported.

    Its times are the ones the entry was exported with (the record's), written in the shape
    they were written then, which only ``event`` (the library's copy) still knows: a
    whole-day event's dates, a floating wall-clock time. Written as UTC instants, the
    cancellation of a whole-day sprint read 23:00Z to 22:00Z and a floating 12:00 lunch
    12:00Z: another entry to a calendar, some of which then keep the original. Without the
    event (gone from the library) the record is all there is, and its times are instants.
    """
    start, end = datetime.fromisoformat(record.start), datetime.fromisoformat(record.end)
    if event is not None:
        span = _span(replace(event, start=start, end=end))
    else:
        span = ["DTSTART:" + _utc(start), "DTEND:" + _utc(end) if end > start else "DURATION:PT0S"]
    # The place the entry showed, so a calendar that keeps cancelled entries still shows it.
    location = record.location if record.location is not None else location_for(event) if event else ""
    return [
        "BEGIN:VEVENT",
        "SUMMARY:" + _text(record.summary),
        *span,
        "DTSTAMP:" + stamp,
        "UID:" + _text(f"{record.event_id}@{UID_DOMAIN}"),
        f"SEQUENCE:{record.sequence}",
        "LAST-MODIFIED:" + _utc(datetime.fromisoformat(record.modified_at)),
        *(["LOCATION:" + _text(location)] if location else []),
        "STATUS:" + ("CANCELLED" if record.cancelled else "CONFIRMED"),
        "END:VEVENT",
    ]


def calendar_object(vevent: list[str]) -> bytes:
    """One VEVENT as the calendar object a CalDAV server stores (RFC 4791 4.1): one UID per
    resource, and no METHOD, which belongs to scheduling messages, not to stored calendars."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + _text(PRODID), "CALSCALE:GREGORIAN",
             *vevent, "END:VCALENDAR"]
    return b"".join(_fold(line.encode("utf-8")) + b"\r\n" for line in lines)


def utc_stamp(moment: datetime) -> str:
    """A DTSTAMP value for ``moment``."""
    return _utc(moment)


# Characters RFC 5545 does not allow in TEXT (every control but HTAB; CR and LF are
# handled as line breaks first), and in URIs (every control).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_ANY = re.compile("[\x00-\x1f\x7f]")
_LINE_BREAK = re.compile("\r\n|[\r\n]")
_FOLD_AT = 75  # octets per physical line, the leading space of a continuation included


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, ``;`` and ``,`` escaped, line breaks as ``\\n``."""
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def _span(event: Event) -> list[str]:
    """DTSTART and DTEND (or DURATION) of an event, each in the form its times call for.

    RFC 5545 wants DTEND later than DTSTART, and khal refuses an entry where they are
    equal: a zero-length event (a deadline, a photo call) is written with DURATION:PT0S,
    which the RFC allows and every reader takes as "ends when it starts".
    """
    if event.all_day:
        first = event.start.date()
        last = max(event.end.date(), first + timedelta(days=1))  # DTEND is exclusive
        return [f"DTSTART;VALUE=DATE:{first:%Y%m%d}", f"DTEND;VALUE=DATE:{last:%Y%m%d}"]
    when = _wall if event.floating else _utc
    start = "DTSTART:" + when(event.start)
    if event.end <= event.start:
        return [start, "DURATION:PT0S"]
    return [start, "DTEND:" + when(event.end)]


def _wall(moment: datetime) -> str:
    """``20250329T100000``: a floating time, the wall clock as the schedule published it."""
    return f"{moment.year:04}{moment.month:02}{moment.day:02}T{moment.hour:02}{moment.minute:02}{moment.second:02}"


def _utc(moment: datetime) -> str:
    """``20201211T020000Z``: the instant in UTC, to the second."""
    t = moment.astimezone(timezone.utc)
    return f"{t.year:04}{t.month:02}{t.day:02}T{t.hour:02}{t.minute:02}{t.second:02}Z"


def _duration(delta: timedelta) -> str:
    """``-PT15M``, ``-P1DT2H``, ``P0D``: the forms icalendar wrote."""
    sign = ""
    if delta.days < 0:
        sign, delta = "-", -delta
    time = ""
    if delta.seconds:
        hours, minutes, seconds = delta.seconds // 3600, delta.seconds % 3600 // 60, delta.seconds % 60
        time = "T" + (f"{hours}H" if hours else "")
        time += f"{minutes}M" if minutes or (hours and seconds) else ""
        time += f"{seconds}S" if seconds else ""
    if delta.days == 0 and time:
        return f"{sign}P{time}"
    return f"{sign}P{delta.days}D{time}"


def _fold(line: bytes) -> bytes:
    """Fold a content line into physical lines of at most 75 octets (CRLF + space between).

    A cut never falls inside a UTF-8 sequence (before a continuation byte 10xxxxxx) nor
    between a backslash and the character it escapes, which some clients misread.
    """
    if len(line) <= _FOLD_AT:
        return line
    parts: list[bytes] = []
    start, width, size = 0, _FOLD_AT, len(line)
    while size - start > width:
        cut = start + width
        while line[cut] & 0xC0 == 0x80:
            cut -= 1
        # Every cut is at an escape boundary, so an odd run of backslashes since the
        # last one ends with the start of an escape.
        run = cut
        while run > start and line[run - 1] == 0x5C:
            run -= 1
        if (cut - run) % 2:
            cut -= 1
        parts.append(line[start:cut])
        start, width = cut, _FOLD_AT - 1
    parts.append(line[start:])
    return b"\r\n ".join(parts)
