"""Pentabarf/frab schedule XML: golden file, corpus, hostile input, library round-trip."""

from __future__ import annotations

import functools
import json
import re
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain.errors import ScheduleError
from planner.domain.model import Event, Kind, Schedule, zoneless
from planner.formats import frabjson, load, parse_bytes, pentabarf
from planner.formats.common import kind_from_type
from planner.formats.frab import parse_duration
from planner.store.library import Library

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "minicon-2025.xml"
BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = timezone.utc

FUZZ = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def golden() -> Schedule:
    return pentabarf.parse(GOLDEN.read_bytes(), str(GOLDEN))


def by_title(schedule: Schedule) -> dict[str, Event]:
    return {e.title: e for e in schedule.events}


@functools.cache
def parsed(path: Path) -> Schedule:
    """Each corpus file parsed once per test run: schedules are immutable."""
    return pentabarf.parse(path.read_bytes(), str(path))


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def xml(events: str, conference: str = "<title>T</title>") -> bytes:
    """A one-day schedule around ``events``, for small targeted cases."""
    return (
        f'<?xml version="1.0"?>\n<schedule>\n<conference>{conference}</conference>\n'
        f'<day date="2025-01-10"><room name="R">\n{events}\n</room></day>\n</schedule>\n'
    ).encode()


# -- golden file -------------------------------------------------------------------


def test_golden_conference_fields() -> None:
    schedule = golden()
    assert schedule.key == "pentabarf:minicon25"
    assert schedule.title == "MiniCon 2025"
    assert schedule.format == "pentabarf"
    assert schedule.timezone == "Europe/Brussels"
    assert schedule.source == str(GOLDEN)
    assert len(schedule.events) == 10
    assert [e.start for e in schedule.events] == sorted(e.start for e in schedule.events)
    assert all(e.schedule == schedule.key for e in schedule.events)


def test_golden_event_with_every_field() -> None:
    event = by_title(golden())["Opening keynote"]
    assert event.kind is Kind.TALK
    assert event.start == datetime(2025, 3, 29, 10, 0, tzinfo=BRUSSELS)
    assert event.start.utcoffset() == timedelta(hours=1)
    assert event.duration_minutes == 45
    assert event.subtitle == "Why small conferences matter"
    assert (event.room, event.track, event.session) == ("Janson", "Keynotes", "Keynotes")
    # Repeated and badly spaced names are cleaned up; order is kept.
    assert event.authors == ("Ada Lovelace", "Grace Hopper")
    assert event.url == "https://minicon.example.org/talks/101"
    # HTML stays as the schedule's text (entities decoded once by XML, tags kept).
    assert event.abstract == "<p>Welcome &amp; intro.</p>\n\n<p>A longer <em>description</em>.</p>"
    assert event.number is None


def test_golden_day_date_plus_start_in_conference_zone() -> None:
    event = by_title(golden())["Hands-on packaging"]
    assert event.start == datetime(2025, 3, 29, 11, 0, tzinfo=BRUSSELS)
    assert event.duration_minutes == 120  # HH:MM:SS
    assert event.kind is Kind.WORKSHOP
    assert event.abstract == "Bring a laptop."  # a description repeating the abstract is dropped
    assert event.url == "https://minicon.example.org/talks/102"  # relative to base_url


def test_golden_day_change_moves_early_start_to_the_next_day_across_dst() -> None:
    event = by_title(golden())["Late night lightning talks"]
    # 01:30 on the day of 29 March is before day_change 04:00: the night of the 30th,
    # one hour before Europe switches to summer time.
    assert event.start == datetime(2025, 3, 30, 1, 30, tzinfo=BRUSSELS)
    assert event.start.utcoffset() == timedelta(hours=1)
    # One elapsed hour, not one wall-clock hour: 01:30 CET + 1 h = 03:30 CEST.
    assert event.end == datetime(2025, 3, 30, 3, 30, tzinfo=BRUSSELS)
    assert event.end.timestamp() - event.start.timestamp() == 3600
    assert event.kind is Kind.TALK


def test_golden_offset_that_contradicts_the_zone_wins_and_is_noted() -> None:
    schedule = golden()
    event = by_title(schedule)["BoF: schedule formats"]
    assert event.start == datetime(2025, 3, 29, 14, 0, tzinfo=UTC)
    assert event.start.utcoffset() == timedelta(0)
    assert event.kind is Kind.OTHER
    assert any("disagrees" in note and "Europe/Brussels" in note for note in schedule.notes)


def test_golden_offset_in_utc_that_agrees_with_local_start_is_shown_in_zone() -> None:
    event = by_title(golden())["Posters"]
    assert event.start == datetime(2025, 3, 30, 8, 0, tzinfo=UTC)
    assert event.start.astimezone(BRUSSELS).hour == 10
    assert event.start.utcoffset() == timedelta(hours=2)  # shown as the conference's 10:00
    assert event.kind is Kind.POSTER
    assert event.duration_minutes == 90


def test_golden_three_field_duration_is_hours_minutes_seconds() -> None:
    event = by_title(golden())["Hackathon"]  # 1:02:00 is H:MM:SS, as the schema says
    assert event.end.timestamp() - event.start.timestamp() == 62 * 60


def test_golden_kinds_rooms_and_fallbacks() -> None:
    events = by_title(golden())
    assert events["Coffee"].kind is Kind.BREAK
    assert events["Coffee"].session == "Janson"  # no track: the room
    assert events["Lunch"].kind is Kind.BREAK  # no type; the title says it
    assert events["Lunch"].room == "Janson"  # from <room name> when the event has none
    closing = events["Closing"]
    assert closing.start == datetime(2025, 3, 30, 15, 0, tzinfo=BRUSSELS)  # date attribute
    assert closing.kind is Kind.TALK


def test_golden_sessions_are_tracks_or_rooms() -> None:
    schedule = golden()
    titles = {s.title for s in schedule.sessions}
    assert titles == {e.session for e in schedule.events}
    keynotes = next(s for s in schedule.sessions if s.title == "Keynotes")
    assert keynotes.start == by_title(schedule)["Opening keynote"].start


def test_golden_ids_unique_and_stable() -> None:
    first, second = golden(), golden()
    assert len({e.id for e in first.events}) == len(first.events)
    assert [e.id for e in first.events] == [e.id for e in second.events]
    assert all(e.id.startswith("px-") for e in first.events)


def test_duplicate_guid_still_gives_two_events() -> None:
    events = by_title(golden())
    assert events["Posters"].id != events["Posters (continued)"].id


def test_a_guid_code_or_id_of_one_event_is_its_published_id() -> None:
    """Events sharing a guid are told apart by title and occurrence, events with no identity
    by title and room: positions, which an update moves (planner.domain.identity)."""
    def event(attrs: str, start: str, title: str) -> str:
        return (f"<event {attrs}><start>{start}</start><duration>00:30</duration><room>R</room>"
                f"<title>{title}</title></event>")

    schedule = pentabarf.parse(xml(
        event('guid="11111111-0000-4000-8000-000000000001" id="1"', "09:00", "Keynote")
        + event('guid="11111111-0000-4000-8000-000000000002" id="2"', "10:00", "Workshop")
        + event('guid="11111111-0000-4000-8000-000000000002" id="2"', "11:00", "Workshop")
        + event('id="7"', "12:00", "Lunch talk") + event("", "13:00", "Untitled")), "t.xml")
    published = {e.title + e.start.strftime("%H") for e in schedule.events if e.id in schedule.published_ids}
    assert published == {"Keynote09", "Lunch talk12"}


def test_ids_follow_guid_code_id_across_versions() -> None:
    """A newer version (moved, renamed, reordered, one removed) keeps every other id."""
    text = GOLDEN.read_text(encoding="utf-8")
    old = {e.title: e.id for e in golden().events}
    newer = (
        text.replace("<title>Opening keynote</title>", "<title>Opening keynote (updated)</title>")
        .replace("<date>2025-03-29T10:00:00+01:00</date>\n        <start>10:00</start>",
                 "<date>2025-03-29T09:00:00+01:00</date>\n        <start>09:00</start>")
        .replace("<title>Hands-on packaging</title>", "<title>Packaging, hands on</title>")
        .replace("<start>11:00</start>", "<start>12:00</start>")
        .replace("<title>BoF: schedule formats</title>", "<title>BoF: formats</title>")
    )
    # Drop the coffee break entirely.
    newer = re.sub(r'<event guid="[^"]*0004".*?</event>', "", newer, flags=re.S)
    schedule = pentabarf.parse(newer.encode(), "newer.xml")
    new = {e.title: e.id for e in schedule.events}
    assert new["Opening keynote (updated)"] == old["Opening keynote"]  # guid
    assert new["Packaging, hands on"] == old["Hands-on packaging"]  # event id
    assert new["BoF: formats"] == old["BoF: schedule formats"]  # pretalx code in the URL
    assert old["Coffee"] not in new.values()
    assert schedule.key == golden().key


def test_library_update_in_place_with_golden(tmp_path: Path) -> None:
    with Library(tmp_path / "db") as library:
        first = library.import_schedule(golden())
        assert first.created and first.total == 10
        text = GOLDEN.read_text(encoding="utf-8").replace("<start>11:00</start>", "<start>12:00</start>")
        text = re.sub(r'<event guid="[^"]*0004".*?</event>', "", text, flags=re.S)
        again = library.import_schedule(pentabarf.parse(text.encode(), "v2.xml"))
        assert not again.created
        assert (len(again.changed), len(again.new), len(again.removed)) == (1, 0, 1)


# -- smaller cases -----------------------------------------------------------------


def test_no_zone_keeps_wall_clock_and_says_so() -> None:
    data = xml(
        "<event id='1'><start>10:00</start><duration>00:30</duration><title>A</title></event>\n"
        "<event id='2'><start>07:30</start><duration>00:30</duration><title>B</title></event>",
        conference="<title>Zoneless</title><day_change>08:00</day_change>",
    )
    schedule = pentabarf.parse(data, "z.xml")
    events = by_title(schedule)
    assert events["A"].start == datetime(2025, 1, 10, 10, 0, tzinfo=UTC)
    assert events["B"].start == datetime(2025, 1, 11, 7, 30, tzinfo=UTC)  # before day_change
    assert schedule.timezone == ""
    assert "2 events have no time zone in the file: the published wall-clock times are shown, " \
           "not converted to your zone." in schedule.notes
    assert zoneless(schedule.notes)


def test_the_notes_count_in_words_one_event_or_several() -> None:
    """"1 event has", "3 events have": never "event(s)", which reads as a form to fill in."""
    one = pentabarf.parse(xml("<event id='1'><start>10:00</start><duration>30:00</duration><title>Camp</title></event>",
                              conference="<title>Zoneless</title>"), "one.xml")
    assert any(note.startswith("1 event has no time zone in the file:") for note in one.notes), one.notes
    assert any(note.startswith("1 event lasts longer than 24 hours") for note in one.notes), one.notes
    assert zoneless(one.notes)
    assert not any("(s)" in note for note in one.notes)


def test_notes_stored_by_earlier_versions_still_say_the_times_have_no_zone() -> None:
    assert zoneless(["3 event(s) have no time zone in the file: their times are the published wall-clock times"])
    assert not zoneless(["The time zone 'Mars/Olympus' is unknown; it was ignored."])


def test_unknown_zone_is_noted_and_ignored() -> None:
    data = xml(
        "<event id='1'><date>2025-01-10T10:00:00+01:00</date><start>10:00</start>"
        "<duration>00:30</duration><title>A</title></event>",
        conference="<title>T</title><time_zone_name>Mars/Olympus_Mons</time_zone_name>",
    )
    schedule = pentabarf.parse(data, "t.xml")
    assert schedule.timezone == ""
    assert schedule.events[0].start == datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
    assert any("Mars/Olympus_Mons" in note for note in schedule.notes)


def test_default_namespace_is_read() -> None:
    data = xml("<event id='1'><start>10:00</start><duration>00:30</duration><title>A</title></event>")
    data = data.replace(b"<schedule>", b'<schedule xmlns="http://example.org/schedule">')
    assert pentabarf.parse(data, "ns.xml").events[0].title == "A"


def test_key_falls_back_to_title_then_file_name() -> None:
    one = xml("<event id='1'><start>10:00</start><title>A</title></event>", conference="<title>Some Con</title>")
    assert pentabarf.parse(one, "a.xml").key == "pentabarf:some con"
    bare = xml("<event id='1'><start>10:00</start><title>A</title></event>", conference="")
    schedule = pentabarf.parse(bare, "/tmp/fosdem.xml")
    assert (schedule.key, schedule.title) == ("pentabarf:fosdem", "fosdem")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("00:45", timedelta(minutes=45)),
        ("1:30", timedelta(hours=1, minutes=30)),
        ("26:00", timedelta(hours=26)),
        ("00:45:00", timedelta(minutes=45)),
        ("01:30:15", timedelta(hours=1, minutes=30, seconds=15)),
        # Three fields are always H:MM:SS, whatever the number of digits (issue 16).
        ("1:02:00", timedelta(hours=1, minutes=2)),
        ("0:01:30", timedelta(minutes=1, seconds=30)),
        ("1:30:00", timedelta(hours=1, minutes=30)),
        ("2:00:00", timedelta(hours=2)),
        ("1:15:00", timedelta(hours=1, minutes=15)),
        ("2 days, 1:00:00", timedelta(days=2, hours=1)),
        (" 00:30 ", timedelta(minutes=30)),
        ("", None),
        ("abc", None),
        ("00:75", None),
        ("1:2", None),
        ("9999:00", None),  # over the 60-day cap
    ],
)
def test_parse_duration(text: str, expected: timedelta | None) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("type_text", "kind"),
    [
        ("lecture", Kind.TALK),
        ("Talk 40 (30min +10 Q&A)", Kind.TALK),
        ("Long talk (45 minutes)", Kind.TALK),
        ("Podium", Kind.TALK),
        ("maintrack", Kind.TALK),
        ("devroom", Kind.TALK),
        ("Lightning-Talk", Kind.TALK),
        ("Workshop (2h)", Kind.WORKSHOP),
        ("Bits & Bäume - Workshop", Kind.WORKSHOP),
        ("Poster session", Kind.POSTER),
        ("Coffee break", Kind.BREAK),
        ("Pause", Kind.BREAK),
        ("Breakout session", Kind.OTHER),  # "break" must be a word
        ("Q&A", Kind.QA),
        ("Meeting", Kind.OTHER),
        ("BoF (45 minutes)", Kind.OTHER),
        ("other", Kind.OTHER),
        ("DJ Set", Kind.OTHER),
        ("", Kind.OTHER),
    ],
)
def test_kind_from_type(type_text: str, kind: Kind) -> None:
    assert kind_from_type(type_text) is kind


# -- issue 16: durations, ids of duplicates, UTF-16, floating times -----------------


@pytest.mark.parametrize(
    ("duration", "minutes"),
    [("2:00:00", 120), ("1:15:00", 75), ("1:00:00", 60), ("0:20:00", 20)],
)
def test_xml_and_json_read_a_duration_alike(duration: str, minutes: int) -> None:
    data = xml(f"<event id='1'><start>10:00</start><duration>{duration}</duration><title>A</title></event>")
    document = {"schedule": {"conference": {"title": "T", "days": [{"date": "2025-01-10", "rooms": {"R": [
        {"id": 1, "start": "10:00", "duration": duration, "title": "A"}]}}]}}}
    from_xml = pentabarf.parse(data, "d.xml")
    from_json = frabjson.parse(json.dumps(document).encode(), "d.json")
    assert from_xml.events[0].duration_minutes == minutes
    assert from_json.events[0].duration_minutes == minutes
    assert not any("24 hours" in note for note in from_xml.notes + from_json.notes)


def test_event_longer_than_a_day_is_noted_by_name() -> None:
    data = xml(
        "<event id='1'><start>10:00</start><duration>30:00</duration><title>Marathon</title></event>\n"
        "<event id='2'><start>10:00</start><duration>1 day, 2:00:00</duration><title>Camp</title></event>\n"
        "<event id='3'><start>10:00</start><duration>24:00</duration><title>Full day</title></event>\n"
        "<event id='4'><start>10:00</start><duration>01:00</duration><title>Talk</title></event>"
    )
    schedule = pentabarf.parse(data, "long.xml")
    assert by_title(schedule)["Marathon"].duration_minutes == 30 * 60  # kept as published
    [note] = [n for n in schedule.notes if "24 hours" in n]
    assert note.startswith("2 events last longer than 24 hours") and "'Marathon'" in note and "'Camp'" in note
    assert "Full day" not in note and "'Talk'" not in note
    assert "\n" not in note


def test_many_long_events_are_noted_in_one_short_line() -> None:
    data = xml("\n".join(
        f"<event id='{i}'><start>10:00</start><duration>48:00</duration><title>Long {i}</title></event>"
        for i in range(10)
    ))
    [note] = [n for n in pentabarf.parse(data, "long.xml").notes if "24 hours" in n]
    assert note.startswith("10 events last") and "'Long 0'" in note and "'Long 9'" not in note and len(note) < 300


def _ids_by_title(events: list[str]) -> dict[str, str]:
    return {e.title: e.id for e in pentabarf.parse(xml("\n".join(events)), "dup.xml").events}


@pytest.mark.parametrize("attributes", ["id='1'", "guid='0b9e7c8e-0000-0000-0000-000000000001'", "id='1' guid=''"])
def test_events_sharing_an_identity_keep_their_ids_when_reordered(attributes: str) -> None:
    a = f"<event {attributes}><start>10:00</start><duration>00:30</duration><title>Alpha</title></event>"
    b = f"<event {attributes}><start>10:00</start><duration>00:30</duration><title>Beta</title></event>"
    first, second = _ids_by_title([a, b]), _ids_by_title([b, a])
    assert first == second
    assert first["Alpha"] != first["Beta"]


def test_exact_duplicates_are_numbered_in_time_order_not_file_order() -> None:
    early = "<event id='1'><start>10:00</start><duration>00:30</duration><title>Same</title></event>"
    late = "<event id='1'><start>14:00</start><duration>00:30</duration><title>Same</title></event>"
    forward = pentabarf.parse(xml(early + late), "f.xml").events
    backward = pentabarf.parse(xml(late + early), "b.xml").events
    assert [(e.start, e.id) for e in forward] == [(e.start, e.id) for e in backward]
    assert len({e.id for e in forward}) == 2


UTF16_XML = (
    '<?xml version="1.0" encoding="UTF-16"?>\n<schedule>\n<conference><title>Tëst</title>'
    "<time_zone_name>Europe/Brussels</time_zone_name></conference>\n"
    '<day date="2025-01-10"><room name="Salle Été">\n'
    "<event id='1'><start>10:00</start><duration>00:30</duration><title>Café ☕ 𝄞</title></event>\n"
    "</room></day>\n</schedule>\n"
)


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe" + UTF16_XML.encode("utf-16-le"),
        b"\xfe\xff" + UTF16_XML.encode("utf-16-be"),
        UTF16_XML.encode("utf-16-be"),  # no BOM: the declaration and the zero bytes tell
        b"\xff\xfe" + UTF16_XML.split("\n", 1)[1].encode("utf-16-le"),  # BOM, no declaration
        b"\xfe\xff" + ("\n\n" + UTF16_XML).encode("utf-16-be"),  # blank lines before <?xml
    ],
    ids=["le-bom", "be-bom", "be-declared", "le-bom-undeclared", "be-bom-blank-lines"],
)
def test_utf16_xml_is_detected_and_read(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "schedule.xml"
    path.write_bytes(data)
    for schedule in (parse_bytes(data, "u.xml"), load(path), pentabarf.parse(data, "u.xml")):
        assert schedule.format == "pentabarf"
        assert schedule.title == "Tëst"
        [event] = schedule.events
        assert (event.title, event.room) == ("Café ☕ 𝄞", "Salle Été")
        assert event.start == datetime(2025, 1, 10, 10, 0, tzinfo=BRUSSELS)


def test_broken_utf16_xml_is_reported_as_xml_with_its_line() -> None:
    text = UTF16_XML.replace("</room>", "</rooom>")
    with pytest.raises(ScheduleError, match=r"not well-formed XML") as info:
        parse_bytes(b"\xff\xfe" + text.encode("utf-16-le"), "broken.xml")
    line = line_of(text, "</rooom>")
    assert info.value.line == line
    assert str(info.value).startswith(f"broken.xml: line {line}:") and "\n" not in str(info.value)


def test_utf16_with_a_lone_surrogate_names_file_and_line() -> None:
    data = b"\xff\xfe" + UTF16_XML.replace("Café", "Caf@").encode("utf-16-le").replace(b"@\x00", b"\x00\xd8")
    with pytest.raises(ScheduleError, match=r"not UTF-16 text") as info:
        parse_bytes(data, "bad.xml")
    assert info.value.line == line_of(UTF16_XML, "Café")
    assert str(info.value).startswith("bad.xml: line") and "\n" not in str(info.value)


def test_utf16_json_with_bom_is_detected_and_read() -> None:
    document = {"schedule": {"conference": {"title": "Tëst", "days": [{"date": "2025-01-10", "rooms": {"R": [
        {"id": 1, "start": "10:00", "duration": "00:30", "title": "Café"}]}}]}}}
    text = json.dumps(document, ensure_ascii=False)
    for data in (b"\xff\xfe" + text.encode("utf-16-le"), b"\xfe\xff" + text.encode("utf-16-be")):
        schedule = parse_bytes(data, "u.json")
        assert (schedule.format, schedule.events[0].title) == ("frab-json", "Café")


def test_utf16_calendar_is_detected_and_read() -> None:
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:1@t\r\n"
        "DTSTART:20250110T100000Z\r\nDTEND:20250110T103000Z\r\nSUMMARY:Café\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    schedule = parse_bytes(b"\xff\xfe" + text.encode("utf-16-le"), "u.ics")
    assert (schedule.format, schedule.events[0].title) == ("ical", "Café")


def test_times_without_a_zone_are_floating_and_zoned_ones_are_not() -> None:
    events = (
        "<event id='1'><start>10:00</start><duration>00:30</duration><title>A</title></event>\n"
        "<event id='2'><date>2025-01-10T11:00:00+01:00</date><start>11:00</start><title>B</title></event>"
    )
    zoneless = by_title(pentabarf.parse(xml(events), "z.xml"))
    assert zoneless["A"].floating is True
    assert zoneless["B"].floating is False  # an explicit offset is an instant, not a wall clock
    zoned = pentabarf.parse(xml(events, "<title>T</title><time_zone_name>Europe/Brussels</time_zone_name>"), "b.xml")
    assert [e.floating for e in zoned.events] == [False, False]


# -- errors ------------------------------------------------------------------------


def test_missing_start_names_event_and_line() -> None:
    data = xml("<event id='5'>\n<title>Lost talk</title>\n<duration>00:30</duration>\n</event>")
    with pytest.raises(ScheduleError) as info:
        pentabarf.parse(data, "s.xml")
    message = str(info.value)
    assert "s.xml" in message and "event 'Lost talk'" in message and "missing start" in message
    assert info.value.line == line_of(data.decode(), "<event id='5'>")


def test_bad_duration_names_the_duration_line() -> None:
    data = xml("<event id='5'>\n<title>X</title>\n<start>10:00</start>\n<duration>soon</duration>\n</event>")
    with pytest.raises(ScheduleError, match=r"duration 'soon'") as info:
        pentabarf.parse(data, "s.xml")
    assert info.value.line == line_of(data.decode(), "<duration>soon")


def test_bad_date_names_the_field() -> None:
    data = xml("<event id='5'><title>X</title><date>tomorrow</date><start>10:00</start></event>")
    with pytest.raises(ScheduleError, match=r"date 'tomorrow'"):
        pentabarf.parse(data, "s.xml")


def test_malformed_xml_names_line() -> None:
    with pytest.raises(ScheduleError, match=r"not well-formed XML") as info:
        pentabarf.parse(b"<schedule>\n<conference>\n</schedule>\n", "m.xml")
    assert info.value.line == 3
    assert str(info.value).startswith("m.xml: line 3:")


def test_wrong_root_and_no_events() -> None:
    with pytest.raises(ScheduleError, match=r"root element is <rss>"):
        pentabarf.parse(b"<rss><channel/></rss>", "r.xml")
    with pytest.raises(ScheduleError, match=r"no events"):
        pentabarf.parse(b"<schedule><conference><title>T</title></conference></schedule>", "e.xml")


def test_html_page_is_explained() -> None:
    with pytest.raises(ScheduleError, match=r"HTML page"):
        pentabarf.parse(b"<!DOCTYPE html>\n<html><body>Schedule</body></html>", "page.html")


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    + b"]>\n<schedule>&lol9;</schedule>\n"
)


@pytest.mark.parametrize(
    "data",
    [
        BILLION_LAUGHS,
        b'<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<schedule>&x;</schedule>',
        b'<?xml version="1.0"?>\n<!DOCTYPE schedule SYSTEM "http://example.org/schedule.dtd">\n<schedule/>',
        b'<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY % p SYSTEM "http://example.org/p.dtd"> %p;]>\n<schedule/>',
    ],
    ids=["billion-laughs", "external-entity", "external-dtd", "parameter-entity"],
)
def test_unsafe_xml_is_refused_quickly(data: bytes) -> None:
    began = time.perf_counter()
    with pytest.raises(ScheduleError, match=r"DOCTYPE|DTD|entit") as info:
        pentabarf.parse(data, "evil.xml")
    assert time.perf_counter() - began < 1.0
    assert info.value.line == 2
    assert "evil.xml" in str(info.value)


def test_deep_nesting_is_refused() -> None:
    depth = 100_000
    with pytest.raises(ScheduleError, match=r"nests elements more than"):
        pentabarf.parse(b"<schedule>" + b"<a>" * depth + b"</a>" * depth + b"</schedule>", "deep.xml")


def test_invalid_utf8_names_line() -> None:
    data = xml("<event id='1'><start>10:00</start><title>Caf@</title></event>").replace(b"@", b"\xe9")
    with pytest.raises(ScheduleError, match=r"not well-formed") as info:
        pentabarf.parse(data, "latin.xml")
    assert info.value.line == 5


def test_blank_lines_before_the_declaration_are_tolerated_and_counted() -> None:
    data = b"\n\n" + xml("<event id='1'>\n<title>X</title>\n</event>")
    with pytest.raises(ScheduleError, match=r"missing start") as info:
        pentabarf.parse(data, "blank.xml")
    assert info.value.line == 7


def test_declared_latin1_encoding_is_honoured() -> None:
    data = xml("<event id='1'><start>10:00</start><title>Caf@</title></event>").replace(b"@", b"\xe9")
    data = data.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert pentabarf.parse(data, "latin.xml").events[0].title == "Café"


# -- hostile input never escapes as another exception -------------------------------


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_give_schedule_or_schedule_error(data: bytes) -> None:
    for candidate in (data, b"<" + data, b"<schedule>" + data):
        try:
            result = pentabarf.parse(candidate, "fuzz.xml")
        except ScheduleError:
            continue
        assert isinstance(result, Schedule)


@st.composite
def mutations(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 12))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["set", "delete", "insert", "copy"]))
        if action == "set":
            data[at] = draw(st.integers(0, 255))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=20))
        else:
            start = draw(st.integers(0, len(data) - 1))
            data[at:at] = data[start : start + draw(st.integers(1, 200))]
    return bytes(data)


@FUZZ
@given(mutations(GOLDEN.read_bytes()))
def test_mutated_golden_gives_schedule_or_schedule_error(data: bytes) -> None:
    try:
        schedule = pentabarf.parse(data, "mutant.xml")
    except ScheduleError as exc:
        assert str(exc).startswith("mutant.xml")
        return
    assert len({e.id for e in schedule.events}) == len(schedule.events)
    assert all(e.start.tzinfo is not None and e.end >= e.start for e in schedule.events)


# -- dispatch ----------------------------------------------------------------------


def test_dispatch_by_content(tmp_path: Path) -> None:
    data = GOLDEN.read_bytes()
    assert parse_bytes(b"\xef\xbb\xbf  \n" + data, "x").format == "pentabarf"
    renamed = tmp_path / "schedule.ics"  # the name does not matter, the content does
    renamed.write_bytes(data)
    schedule = load(renamed)
    assert schedule.format == "pentabarf" and schedule.source == str(renamed)
    assert [e.id for e in schedule.events] == [e.id for e in golden().events]


# -- the real corpus ---------------------------------------------------------------

_EVENT_TAG = re.compile(rb"<event[\s>/]")
_DATE = re.compile(r"<date>([^<]+)</date>")


def _expected_starts(raw: str) -> list[datetime] | None:
    """Start instants read straight from the file, when every event has a <date>."""
    dates = _DATE.findall(raw)
    if len(dates) != raw.count("<event "):
        return None
    return sorted(datetime.fromisoformat(d) for d in dates)


def _expected_wall_clocks(raw: str, day_change: str) -> list[datetime]:
    """For zone-less files: each day's date + every <start> in it, after day_change."""
    found: list[datetime] = []
    change = datetime.strptime(day_change[:5], "%H:%M").time() if day_change else None
    for chunk in raw.split("<day ")[1:]:
        day = datetime.strptime(re.search(r'date="([^"]+)"', chunk).group(1), "%Y-%m-%d")  # type: ignore[union-attr]
        for clock in re.findall(r"<start>(\d\d:\d\d)</start>", chunk):
            moment = datetime.combine(day.date(), datetime.strptime(clock, "%H:%M").time())
            if change is not None and moment.time() < change:
                moment += timedelta(days=1)
            found.append(moment)
    return sorted(found)


def test_corpus_counts_and_start_instants(corpus: Path) -> None:
    files = sorted((corpus / "schedule-xml").glob("*.xml"))
    assert files
    for path in files:
        data = path.read_bytes()
        schedule = parsed(path)
        assert len(schedule.events) == len(_EVENT_TAG.findall(data)), path.name
        assert len({e.id for e in schedule.events}) == len(schedule.events), path.name
        raw = data.decode("utf-8")
        expected = _expected_starts(raw)
        if expected is not None:
            assert sorted(e.start for e in schedule.events) == expected, path.name
        else:
            change = re.search(r"<day_change>([^<]*)</day_change>", raw)
            walls = _expected_wall_clocks(raw, change.group(1) if change else "")
            assert sorted(e.start.replace(tzinfo=None) for e in schedule.events) == walls, path.name
            assert any("no time zone" in n for n in schedule.notes), path.name


@pytest.mark.parametrize(
    ("name", "title", "start", "minutes"),
    [
        ("38c3-schedule.xml", "38C3: Opening Ceremony",
         datetime(2024, 12, 27, 10, 30, tzinfo=ZoneInfo("Europe/Berlin")), 30),
        ("38c3-schedule.xml", "Fnord-Nachrichtenrückblick 2024", datetime(2024, 12, 28, 0, 10, tzinfo=UTC), 90),
        ("debconf23-schedule.xml", "Opening Ceremony", datetime(2023, 9, 10, 5, 0, tzinfo=UTC), 20),
        ("debconf23-schedule.xml",
         "Debian Experience & Outreachy Project: Improve yarn package manager integration with Debian.",
         datetime(2023, 9, 12, 10, 0, tzinfo=UTC), 45),
        ("fosdem-2010-schedule.xml", "Welcome", datetime(2010, 2, 6, 10, 0, tzinfo=UTC), 45),
        ("fosdem-2010-schedule.xml", "RepRap - Manufacturing for the Masses",
         datetime(2010, 2, 7, 10, 0, tzinfo=UTC), 45),
        ("fosdem-2021-schedule.xml", "Welcome to FOSDEM 2021", datetime(2021, 2, 6, 9, 0, tzinfo=UTC), 25),
        ("fosdem-2021-schedule.xml", "Pitch your project", datetime(2021, 2, 7, 17, 0, tzinfo=UTC), 20),
    ],
)
def test_corpus_sampled_events(corpus: Path, name: str, title: str, start: datetime, minutes: int) -> None:
    schedule = parsed(corpus / "schedule-xml" / name)
    matches = [e for e in schedule.events if e.title == title]
    assert len(matches) == 1
    assert matches[0].start == start
    assert matches[0].duration_minutes == minutes


def test_corpus_conference_zone_is_used_for_display(corpus: Path) -> None:
    schedule = parsed(corpus / "schedule-xml" / "debconf23-schedule.xml")
    assert schedule.timezone == "Asia/Kolkata"
    opening = next(e for e in schedule.events if e.title == "Opening Ceremony")
    assert opening.start.strftime("%H:%M %z") == "10:30 +0530"  # the published <start>
    assert schedule.notes == ()


def test_corpus_round_trips_through_the_library(corpus: Path, tmp_path: Path) -> None:
    with Library(tmp_path / "db") as library:
        for path in sorted((corpus / "schedule-xml").glob("*.xml")):
            schedule = load(path)
            first = library.import_schedule(schedule)
            assert first.created and first.total == len(schedule.events), path.name
            again = library.import_schedule(load(path))
            assert not again.created, path.name
            assert (again.changed, again.new, again.removed) == ([], [], []), path.name
            stored = library.events(schedule_key=schedule.key)
            assert {e.id for e in stored} == {e.id for e in schedule.events}, path.name
            assert sorted(e.start for e in stored) == sorted(e.start for e in schedule.events), path.name


def test_a_start_in_the_hour_summer_time_skips_is_written_as_the_clocks_show_it() -> None:
    """02:30 on 31 March 2024 never shows on a Brussels clock: at 02:00 they go to 03:00.
    Python reads the reading with the offset from before the change (as RFC 5545 does), so
    the talk begins at 01:30 UTC; held as "02:30+01:00", `planner list` printed 02:30-04:00
    for a half-hour talk while the window showed 03:30."""
    data = (
        b'<?xml version="1.0"?>\n<schedule><conference><title>T</title>'
        b"<time_zone_name>Europe/Brussels</time_zone_name></conference>"
        b'<day date="2024-03-31"><room name="R">'
        b'<event guid="a" id="1"><start>02:30</start><duration>00:30</duration><title>Gap</title></event>'
        b"</room></day></schedule>\n"
    )
    (event,) = pentabarf.parse(data, "gap.xml").events
    assert event.start.isoformat() == "2024-03-31T03:30:00+02:00"
    assert event.end.isoformat() == "2024-03-31T04:00:00+02:00"
    assert event.start.astimezone(UTC) == datetime(2024, 3, 31, 1, 30, tzinfo=UTC)
