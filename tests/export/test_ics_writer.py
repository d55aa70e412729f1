"""The calendar writer's RFC 5545 rules, checked byte by byte and through icalendar's reader.

planner.export.ics writes the file itself (icalendar's serializer was too slow), so these
tests hold it to the rules icalendar used to guarantee: TEXT escaping, CRLF, folding at 75
octets without splitting a UTF-8 sequence or an escape, no control characters, and the
same content lines icalendar wrote for the same events.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Alarm, Calendar
from icalendar import Event as VEvent

from planner.domain.exports import ExportRecord
from planner.domain.model import Event, Kind
from planner.export import ics
from planner.export.ics import description_for, to_ics
from planner.formats import load
from planner.text.readable import event_summary, readable

NOW = datetime(2024, 5, 1, 12, 0, 7, 250_000, tzinfo=timezone.utc)
WHEN = datetime(2021, 1, 1, 9, 30, tzinfo=timezone(timedelta(hours=5, minutes=45)))
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# One physical line of a TEXT value: plain characters and whole escapes, nothing dangling.
WHOLE_ESCAPES = re.compile(r"(?:[^\\]|\\[\\;,nN])*")

TRICKY = "a, b; c \\ d\ne\r\nf\rg: \"h\" 🎉👩‍🔬 王小明 Zoë ﬁ \U0001d49c\t tab"
LONG = "".join(f"{i}é😀中," for i in range(200))  # 2-, 3- and 4-octet sequences at every offset


def event(event_id: str = "x-1", **fields: object) -> Event:
    values: dict[str, object] = {
        "id": event_id, "kind": Kind.TALK, "number": None, "title": "A talk", "authors": (), "abstract": "",
        "start": WHEN, "end": WHEN + timedelta(minutes=45), "session": "",
    }
    values.update(fields)
    return Event(**values)  # type: ignore[arg-type]


def record(event_id: str, *, sequence: int = 1, cancelled: bool = False, summary: str = "S") -> ExportRecord:
    start = datetime(2021, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-8)))
    return ExportRecord(event_id, sequence, start.isoformat(), (start + timedelta(hours=1)).isoformat(),
                        summary, cancelled, "2024-04-01T10:00:00.5+02:00")


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def vevents(data: bytes) -> list:  # type: ignore[type-arg]
    return list(parse(data).walk("VEVENT"))


def plain(text: str) -> str:
    """What a TEXT value reads back as: line breaks as LF, control characters gone."""
    return CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def check_lines(data: bytes) -> None:
    """CRLF only, every physical line <= 75 octets and valid UTF-8 on its own."""
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data[:-2].split(b"\r\n")
    for line in lines:
        assert b"\r" not in line and b"\n" not in line
        assert 0 < len(line) <= 75, line
        text = line.decode("utf-8")  # raises on a split multi-byte sequence
        assert not CONTROL.search(text), line
    for line in data[:-2].replace(b"\r\n ", b"").split(b"\r\n"):
        name, _, value = line.decode().partition(":")
        assert re.fullmatch(r"[A-Z][A-Z-]*", name), line
        if name != "URL" and name != "X-WR-CALNAME":
            assert WHOLE_ESCAPES.fullmatch(value), line


def check_folds_keep_escapes(data: bytes) -> None:
    """No fold falls between a backslash and the character it escapes."""
    name = b""
    for line in data[:-2].split(b"\r\n"):
        if not line.startswith(b" "):
            name = line.partition(b":")[0]
        elif name not in (b"URL", b"X-WR-CALNAME"):  # the two values that are not TEXT
            assert WHOLE_ESCAPES.fullmatch(line[1:].decode()), line


# -- values read back by icalendar --------------------------------------------------------


def test_tricky_text_reads_back_exactly() -> None:
    e = event(title="Commas, semicolons; and: colons 🎉", authors=("Zoë Ñúñez", "王小明"),
              abstract="Line one\nLine two, with; punctuation", session="S; with, punctuation",
              room="Hall A, left", url="https://example.org/a,b;c?x=1&y=2")
    note = TRICKY + " " + LONG
    (vevent,) = vevents(to_ics([e], notes={"x-1": note}, now=NOW))
    assert str(vevent["SUMMARY"]) == "Talk: Commas, semicolons; and: colons 🎉"
    assert str(vevent["DESCRIPTION"]) == (
        "Zoë Ñúñez, 王小明\n\nLine one\nLine two, with; punctuation\n\nMy note: " + plain(note.strip()))
    assert str(vevent["LOCATION"]) == "Hall A, left, S; with, punctuation"
    assert str(vevent["URL"]) == "https://example.org/a,b;c?x=1&y=2"
    assert vevent["CATEGORIES"].cats == ["Talk"]
    assert str(vevent["UID"]) == "x-1@planner.invalid"


def test_instants_are_utc_to_the_second() -> None:
    e = event(start=WHEN.replace(second=59, microsecond=999_999), end=WHEN + timedelta(hours=25))
    data = to_ics([e], now=NOW)
    (vevent,) = vevents(data)
    assert vevent["DTSTART"].dt == datetime(2021, 1, 1, 3, 45, 59, tzinfo=timezone.utc)
    assert vevent["DTEND"].dt == datetime(2021, 1, 2, 4, 45, tzinfo=timezone.utc)
    assert vevent["DTSTAMP"].dt == NOW.replace(microsecond=0)
    assert b"\r\nDTSTART:20210101T034559Z\r\n" in data
    assert b"\r\nDTSTAMP:20240501T120007Z\r\n" in data


def test_empty_fields_are_left_out() -> None:
    e = event(title="", authors=(), abstract="", session="", room="", url="")
    (vevent,) = vevents(to_ics([e], notes={"x-1": "  \n "}, now=NOW))
    assert str(vevent["SUMMARY"]) == "Untitled slot"
    for name in ("DESCRIPTION", "LOCATION", "URL", "SEQUENCE", "STATUS", "LAST-MODIFIED"):
        assert name not in vevent
    assert not vevent.walk("VALARM")


def test_control_characters_are_removed_and_tabs_kept() -> None:
    e = event(title="Bell\x07 and\x00 escape\x1b", url="https://example.org/\x00a\nb")
    data = to_ics([e], notes={"x-1": "one\x0btwo\x7f\tthree\x1f"}, now=NOW)
    check_lines(data)
    (vevent,) = vevents(data)
    assert str(vevent["SUMMARY"]) == "Talk: Bell and escape"
    assert str(vevent["DESCRIPTION"]) == "My note: onetwo\tthree"
    assert str(vevent["URL"]) == "https://example.org/ab"


def test_calendar_name_is_written_verbatim_on_one_line() -> None:
    calendar = parse(to_ics([], name="NeurIPS, 2020; orals\nand\r\nspotlights\x01", now=NOW))
    assert str(calendar["X-WR-CALNAME"]) == "NeurIPS, 2020; orals and spotlights"


@pytest.mark.parametrize(("minutes", "written"), [
    (15, b"-PT15M"), (0, b"P0D"), (90, b"-PT1H30M"), (60, b"-PT1H"), (1440, b"-P1D"),
    (1500, b"-P1DT1H"), (-10, b"PT10M"),
])
def test_alarm_triggers(minutes: int, written: bytes) -> None:
    data = to_ics([event(title="Alarmed, really")], alarm_minutes=minutes, now=NOW)
    assert b"\r\nTRIGGER:" + written + b"\r\n" in data
    (vevent,) = vevents(data)
    (alarm,) = vevent.walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(minutes=-minutes)
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert str(alarm["DESCRIPTION"]) == "Talk: Alarmed, really"


def test_revisions_and_cancelled_orphans() -> None:
    live, dropped = event("live"), event("dropped", start=WHEN + timedelta(hours=1), end=WHEN + timedelta(hours=2))
    revisions = {"live": record("live", sequence=2), "dropped": record("dropped", sequence=4, cancelled=True)}
    orphan = record("gone,1;x", sequence=3, cancelled=True, summary="Gone, talk; with \\ backslash\nand line")
    data = to_ics([dropped, live], alarm_minutes=5, revisions=revisions, orphans=[orphan], now=NOW)
    check_lines(data)
    first, second, third = vevents(data)
    assert str(first["UID"]) == "live@planner.invalid"
    assert (first["SEQUENCE"], str(first["STATUS"])) == (2, "CONFIRMED")
    assert first["LAST-MODIFIED"].dt == datetime(2024, 4, 1, 8, 0, tzinfo=timezone.utc)
    assert first.walk("VALARM")
    assert (second["SEQUENCE"], str(second["STATUS"])) == (4, "CANCELLED")
    assert not second.walk("VALARM")  # no reminder for a cancelled entry
    assert str(third["UID"]) == "gone,1;x@planner.invalid"
    assert str(third["SUMMARY"]) == "Gone, talk; with \\ backslash\nand line"
    assert (third["SEQUENCE"], str(third["STATUS"])) == (3, "CANCELLED")
    assert third["DTSTART"].dt == datetime(2021, 2, 3, 12, 5, tzinfo=timezone.utc)
    assert third["DTEND"].dt == datetime(2021, 2, 3, 13, 5, tzinfo=timezone.utc)
    assert third["DTSTAMP"].dt == NOW.replace(microsecond=0)
    assert "DESCRIPTION" not in third and not third.walk("VALARM")


# -- line rules ---------------------------------------------------------------------------


@pytest.mark.parametrize("shift", range(4))
def test_long_multibyte_lines_fold_between_characters(shift: int) -> None:
    note = "x" * shift + LONG + "\\" * 301 + ",;" * 80
    e = event(title=note)  # the title goes through readable(): its backslashes are LaTeX
    data = to_ics([e], notes={"x-1": note}, alarm_minutes=15, now=NOW)
    check_lines(data)
    check_folds_keep_escapes(data)
    (vevent,) = vevents(data)
    assert str(vevent["DESCRIPTION"]) == "My note: " + note
    assert str(vevent["SUMMARY"]) == plain(event_summary(e))
    assert len(str(vevent["SUMMARY"])) > 1000
    assert max(len(line) for line in data.split(b"\r\n")) == 75  # folded lines are filled


def test_fold_widths() -> None:
    assert ics._fold(b"A" * 75) == b"A" * 75
    assert ics._fold(b"A" * 76) == b"A" * 75 + b"\r\n A"
    assert ics._fold(b"A" * 75 + b"B" * 74 + b"C") == b"A" * 75 + b"\r\n " + b"B" * 74 + b"\r\n C"
    two = "é".encode()
    assert ics._fold(b"A" * 73 + two) == b"A" * 73 + two
    # "é" would end at octet 76: the whole character moves to the next line.
    assert ics._fold(b"A" * 74 + two) == b"A" * 74 + b"\r\n " + two
    four = "😀".encode()
    assert ics._fold(b"A" * 72 + four) == b"A" * 72 + b"\r\n " + four
    # An escape is never cut in two; an escaped backslash before it does not count.
    assert ics._fold(b"A" * 74 + b"\\,Z") == b"A" * 74 + b"\r\n \\,Z"
    assert ics._fold(b"A" * 73 + b"\\\\,Z") == b"A" * 73 + b"\\\\" + b"\r\n ,Z"


def test_fold_keeps_every_octet() -> None:
    line = ("SUMMARY:" + ics._text(TRICKY * 20)).encode()
    assert ics._fold(line).replace(b"\r\n ", b"") == line


# -- the same content lines icalendar wrote --------------------------------------------------


def icalendar_reference(events: list[Event], *, alarm_minutes: int | None, revisions: dict[str, ExportRecord],
                        orphans: list[ExportRecord], notes: dict[str, str]) -> bytes:
    """The calendar as the previous, icalendar-based to_ics built it."""
    calendar = Calendar()
    for name, value in (("prodid", ics.PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"),
                        ("method", "PUBLISH"), ("x-wr-calname", "My agenda")):
        calendar.add(name, value)
    stamp = NOW.replace(microsecond=0)

    def revise(vevent: VEvent, rec: ExportRecord) -> None:
        vevent.add("sequence", rec.sequence)
        vevent.add("last-modified", datetime.fromisoformat(rec.modified_at).astimezone(timezone.utc))
        vevent.add("status", "CANCELLED" if rec.cancelled else "CONFIRMED")

    for e in sorted(events, key=lambda e: (e.start, e.id)):
        vevent = VEvent()
        vevent.add("uid", ics.uid_for(e))
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", e.start.astimezone(timezone.utc))
        vevent.add("dtend", e.end.astimezone(timezone.utc))
        vevent.add("summary", event_summary(e))
        if description := description_for(e, notes.get(e.id, "")):
            vevent.add("description", description)
        if location := ", ".join(dict.fromkeys(p for p in (e.room, readable(e.session)) if p)):
            vevent.add("location", location)
        vevent.add("categories", [e.kind.label])
        if e.url:
            vevent.add("url", e.url)
        rec = revisions.get(e.id)
        if rec is not None:
            revise(vevent, rec)
        if alarm_minutes is not None and not (rec and rec.cancelled):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", event_summary(e))
            alarm.add("trigger", timedelta(minutes=-alarm_minutes))
            vevent.add_component(alarm)
        calendar.add_component(vevent)
    for rec in orphans:
        vevent = VEvent()
        vevent.add("uid", f"{rec.event_id}@planner.invalid")
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", datetime.fromisoformat(rec.start).astimezone(timezone.utc))
        vevent.add("dtend", datetime.fromisoformat(rec.end).astimezone(timezone.utc))
        vevent.add("summary", rec.summary)
        revise(vevent, rec)
        calendar.add_component(vevent)
    return bytes(calendar.to_ical())


def test_same_content_lines_as_icalendar_wrote(seed_path) -> None:  # type: ignore[no-untyped-def]
    events = list(load(seed_path).events)
    events.append(event(title="Ünïcødé, ü; 🎉 " * 9, abstract="$\\alpha$, 50\\% ~ {\\it it}", room="R; 1",
                        url="https://example.org/?a=1,2;3", authors=("王小明", "A, B")))
    revisions = {e.id: record(e.id, sequence=i, cancelled=i % 3 == 0) for i, e in enumerate(events[:7])}
    orphans = [record("gone", summary="Gone, talk; \\ here")]
    notes = {events[1].id: "Bring questions; and, commas", events[-1].id: "note " * 40}
    for alarm_minutes in (None, 15, 90):
        ours = to_ics(events, alarm_minutes=alarm_minutes, revisions=revisions, orphans=orphans, notes=notes,
                      now=NOW)
        theirs = icalendar_reference(events, alarm_minutes=alarm_minutes, revisions=revisions,
                                     orphans=orphans, notes=notes)
        check_lines(ours)
        assert ours.replace(b"\r\n ", b"") == theirs.replace(b"\r\n ", b"")


# -- any text ---------------------------------------------------------------------------------


# Arbitrary text, with the characters that matter to the format drawn often.
ANY_TEXT = st.text(st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(
    ["\\", ";", ",", ":", '"', "\n", "\r", "\t", " ", "n", "N", "\x00", "\x1f", "\x7f", "\x85", "\u2028",
     "é", "中", "😀", "\ufeff"])), max_size=400)


@settings(max_examples=300, deadline=None)
@given(note=ANY_TEXT, summary=ANY_TEXT, shift=st.integers(0, 3))
def test_any_text_round_trips_through_icalendar(note: str, summary: str, shift: int) -> None:
    """Whatever a user types into a note (or a title held by a cancellation) reads back."""
    e = event(title="t" * shift)
    data = to_ics([e], notes={"x-1": note}, orphans=[record("o", summary=summary)], alarm_minutes=15, now=NOW)
    check_lines(data)
    check_folds_keep_escapes(data)
    mine, orphan = vevents(data)
    if note.strip():
        assert str(mine["DESCRIPTION"]) == plain("My note: " + note.strip())
    else:
        assert "DESCRIPTION" not in mine
    assert str(orphan["SUMMARY"]) == plain(summary)
