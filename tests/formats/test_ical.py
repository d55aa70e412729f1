"""iCalendar schedules: golden file, corpus, hostile input, library round-trip."""

from __future__ import annotations

import functools
import re
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain.errors import ScheduleError
from planner.domain.model import Event, Kind, Schedule
from planner.formats import ical, load, parse_bytes
from planner.store.library import Library

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "minicon-2025.ics"
BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = timezone.utc

FUZZ = settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def golden() -> Schedule:
    return ical.parse(GOLDEN.read_bytes(), str(GOLDEN))


def by_title(schedule: Schedule) -> dict[str, Event]:
    return {e.title: e for e in schedule.events}


@functools.cache
def parsed(path: Path) -> Schedule:
    """Each corpus file parsed once per test run: schedules are immutable."""
    return ical.parse(path.read_bytes(), str(path))


def calendar(*events: str) -> bytes:
    """A calendar around VEVENT bodies given as lines joined by \\n."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//EN"]
    for body in events:
        lines += ["BEGIN:VEVENT", *body.splitlines(), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


# -- golden file -------------------------------------------------------------------


def test_golden_calendar_fields() -> None:
    schedule = golden()
    assert schedule.key == "ical:minicon 2025"
    assert schedule.title == "MiniCon 2025"
    assert schedule.format == "ical"
    assert schedule.timezone == "Europe/Brussels"
    # 15 VEVENTs in two VCALENDARs; the one without DTSTART is left out and noted.
    assert len(schedule.events) == 14
    assert any(n.startswith("1 event has no start (DTSTART) and was left out: ") and "Time to be announced" in n
               and "line 108" in n for n in schedule.notes), schedule.notes
    assert [e.start for e in schedule.events] == sorted(e.start for e in schedule.events)
    assert len({e.id for e in schedule.events}) == 14
    assert all(e.id.startswith("ic-") for e in schedule.events)


def test_golden_tzid_without_vtimezone_and_text_fields() -> None:
    event = by_title(golden())["Opening keynote"]
    assert event.start == datetime(2025, 3, 29, 10, 0, tzinfo=BRUSSELS)
    assert event.duration_minutes == 45
    assert event.abstract == "Welcome, everyone.\nSecond line."  # escapes undone
    assert event.authors == ("Ada Lovelace", "Grace Hopper")  # attendees' CN
    assert (event.room, event.track, event.session) == ("Janson", "Keynote", "Keynote")
    assert event.kind is Kind.TALK
    assert event.url == "https://minicon.example.org/talks/1"


def test_golden_vtimezone_duration_and_fold_inside_multibyte_characters() -> None:
    raw = GOLDEN.read_bytes()
    # The file really splits 'é' (C3 A9) and '☕' (E2 98 95) across folded lines.
    assert b"Caf\xc3\r\n \xa9" in raw and b"\xe2\x98\r\n\t\x95" in raw
    event = by_title(golden())["Café crème ☕ and more"]
    assert event.start == datetime(2025, 3, 29, 9, 0, tzinfo=UTC)  # 12:00 in a +03:00 VTIMEZONE
    assert event.start.utcoffset() == timedelta(hours=3)
    assert event.duration_minutes == 90  # DURATION, no DTEND
    assert event.room == "Room B"


def test_golden_utc_floating_and_lunch() -> None:
    events = by_title(golden())
    lunch = events["Lunch"]
    assert lunch.start == datetime(2025, 3, 29, 13, 0, tzinfo=UTC)
    assert lunch.start.utcoffset() == timedelta(hours=1)  # shown in X-WR-TIMEZONE
    assert lunch.kind is Kind.BREAK
    floating = events["Floating meetup"]
    assert floating.start == datetime(2025, 3, 29, 15, 0, tzinfo=BRUSSELS)  # floating: calendar zone
    assert floating.end == floating.start  # timed, no DTEND or DURATION: zero length


def test_golden_all_day_and_multi_day() -> None:
    events = by_title(golden())
    sunday = events["Sunday (all day)"]
    assert sunday.start == datetime(2025, 3, 30, 0, 0, tzinfo=BRUSSELS)
    assert sunday.end == datetime(2025, 3, 31, 0, 0, tzinfo=BRUSSELS)  # one calendar day (23 h: DST)
    assert sunday.kind is Kind.OTHER
    expo = events["Exhibition"]
    assert (expo.start.date(), expo.end.date()) == (date(2025, 3, 29), date(2025, 3, 31))


def test_golden_duplicate_uids_stay_separate_events() -> None:
    schedule = golden()
    posters = [e for e in schedule.events if e.title.startswith("Posters")]
    assert len(posters) == 2 and posters[0].id != posters[1].id
    assert all(e.kind is Kind.POSTER for e in posters)
    meetups = [e for e in schedule.events if e.title == "Meetup"]
    assert len(meetups) == 2 and meetups[0].id != meetups[1].id
    assert meetups[0].authors == ("Meetup Team",)  # organizer CN when there are no attendees


def test_golden_unknown_tzid_recurrence_and_second_calendar() -> None:
    schedule = golden()
    events = by_title(schedule)
    assert events["Talk from nowhere"].start == datetime(2025, 3, 30, 9, 0, tzinfo=BRUSSELS)
    assert any("Nowhere/Atlantis" in n for n in schedule.notes)
    standup, moved = events["Morning standup"], events["Morning standup (moved)"]
    assert standup.id != moved.id  # same UID, the override has a RECURRENCE-ID
    # COUNT=2: both occurrences are shown, the second where the override moved it.
    assert (standup.start, moved.start) == (datetime(2025, 3, 29, 8, tzinfo=UTC), datetime(2025, 3, 30, 7, tzinfo=UTC))
    assert not any("repeat" in n for n in schedule.notes)
    assert events["From the second calendar"].start == datetime(2025, 3, 30, 9, 0, tzinfo=UTC)


def test_ids_are_stable_across_versions() -> None:
    text = GOLDEN.read_bytes()
    old = {e.title: e.id for e in golden().events}
    newer = (
        text.replace(b"DTSTART;TZID=Europe/Brussels:20250329T100000", b"DTSTART;TZID=Europe/Brussels:20250329T110000")
        .replace(b"DTEND;TZID=Europe/Brussels:20250329T104500", b"DTEND;TZID=Europe/Brussels:20250329T114500")
        .replace(b"SUMMARY:Opening keynote", b"SUMMARY:Opening keynote (moved)")
        .replace(b"SUMMARY:Lunch", b"SUMMARY:Lunch break")
    )
    new = {e.title: e.id for e in ical.parse(newer, "v2.ics").events}
    assert new["Opening keynote (moved)"] == old["Opening keynote"]
    assert new["Lunch break"] == old["Lunch"]
    # Duplicated UIDs are told apart by title, so moving one keeps its id.
    assert new["Posters B"] == old["Posters B"]


def test_library_update_in_place(tmp_path: Path) -> None:
    with Library(tmp_path / "db") as library:
        assert library.import_schedule(golden()).created
        newer = GOLDEN.read_bytes().replace(b"DTSTART:20250329T130000Z", b"DTSTART:20250329T123000Z")
        summary = library.import_schedule(ical.parse(newer, "v2.ics"))
        assert not summary.created
        assert (len(summary.changed), len(summary.new), len(summary.removed)) == (1, 0, 0)


# -- smaller cases -----------------------------------------------------------------


def test_floating_without_calendar_zone_is_kept_and_noted() -> None:
    schedule = ical.parse(calendar("UID:1\nDTSTART:20250110T100000\nDTEND:20250110T110000\nSUMMARY:A"), "f.ics")
    assert schedule.events[0].start == datetime(2025, 1, 10, 10, 0, tzinfo=UTC)
    assert any("floating" in n for n in schedule.notes)
    assert schedule.timezone == ""


def test_timezone_from_the_only_tzid() -> None:
    schedule = ical.parse(calendar("UID:1\nDTSTART;TZID=Europe/Paris:20250110T100000\nSUMMARY:A"), "p.ics")
    assert schedule.timezone == "Europe/Paris"
    assert schedule.events[0].start == datetime(2025, 1, 10, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def test_missing_dtend_all_day_lasts_one_day() -> None:
    event = ical.parse(calendar("UID:1\nDTSTART;VALUE=DATE:20250110\nSUMMARY:Day"), "a.ics").events[0]
    assert (event.start, event.end) == (datetime(2025, 1, 10, tzinfo=UTC), datetime(2025, 1, 11, tzinfo=UTC))


def test_dtend_before_dtstart_gives_zero_length() -> None:
    data = calendar("UID:1\nDTSTART:20250110T100000Z\nDTEND:20250110T090000Z\nSUMMARY:A")
    event = ical.parse(data, "r.ics").events[0]
    assert event.end == event.start


def test_key_without_calendar_name_uses_prodid_and_main_year() -> None:
    first = ical.parse(calendar("UID:b\nDTSTART:20250110T100000Z", "UID:a\nDTSTART:20250110T110000Z"), "x.ics")
    reordered = ical.parse(calendar("UID:c\nDTSTART:20250110T090000Z", "UID:a\nDTSTART:20250110T110000Z",
                                    "UID:b\nDTSTART:20250110T100000Z"), "y.ics")
    assert first.key == reordered.key == "ical:-//tests//en 2025"
    assert first.title == "x"  # the file name, as the calendar has no name


def test_a_name_parameter_with_commas_is_several_people() -> None:
    # MOCA 2024's calendar writes two speakers in one unquoted CN, which RFC 5545 reads as
    # two values; icalendar gives a list, and its text was shown as "['Gregorio Palamà', ...".
    data = calendar("UID:1\nDTSTART:20240913T100000Z\nSUMMARY:Malware\n"
                    "ORGANIZER;CN=Gregorio Palamà, Luca Di Vita:MAILTO:info@example.org",
                    "UID:2\nDTSTART:20240913T120000Z\nSUMMARY:Quoted\n"
                    'ATTENDEE;CN="Lovelace, Ada":MAILTO:ada@example.org\n'
                    "ATTENDEE;CN=Grace Hopper:MAILTO:grace@example.org\n"
                    "ATTACH;FILENAME=slides, part 1.pdf:https://example.org/s.pdf")
    events = by_title(ical.parse(data, "c.ics"))
    assert events["Malware"].authors == ("Gregorio Palamà", "Luca Di Vita")
    assert events["Quoted"].authors == ("Lovelace, Ada", "Grace Hopper")  # one quoted value stays one
    assert [link.title for link in events["Quoted"].links] == ["slides, part 1.pdf"]


def test_categories_give_kind_and_track() -> None:
    data = calendar("UID:1\nDTSTART:20250110T100000Z\nSUMMARY:Build a robot\nCATEGORIES:Workshop,Hardware",
                    "UID:2\nDTSTART:20250110T120000Z\nSUMMARY:Poster session")
    events = by_title(ical.parse(data, "c.ics"))
    assert (events["Build a robot"].kind, events["Build a robot"].track) == (Kind.WORKSHOP, "Workshop")
    assert events["Poster session"].kind is Kind.POSTER


def test_invalid_utf8_names_the_original_line() -> None:
    data = calendar("UID:1\nDTSTART:20250110T100000Z\nSUMMARY:Caf@ au lait").replace(b"@", b"\xe9")
    data = data.replace(b"DTSTART", b"DESCRIPTION:long\r\n  folded\r\n  text\r\nDTSTART")
    with pytest.raises(ScheduleError, match=r"not UTF-8") as info:
        ical.parse(data, "latin1.ics")
    assert info.value.line == data[: data.index(b"\xe9")].count(b"\n") + 1


@pytest.mark.parametrize(
    "body",
    [
        "DTSTART;VALUE=DATE:99991231",
        "DTSTART:99991231T233000Z\nDURATION:PT2H",
        "DTSTART;TZID=Asia/Karachi:00010101T000000\nDTEND;TZID=Asia/Karachi:00010101T010000",
    ],
)
def test_times_at_the_ends_of_the_calendar_are_errors(body: str) -> None:
    data = calendar(f"UID:1\n{body}", "UID:2\nDTSTART:20250101T000000Z")
    with pytest.raises(ScheduleError, match=r"outside the years") as info:
        ical.parse(data, "y.ics")
    assert info.value.line == 4


def test_unreadable_dtstart_names_event_and_line() -> None:
    data = calendar("UID:1\nSUMMARY:Broken\nDTSTART:tomorrow")
    with pytest.raises(ScheduleError, match=r"event 'Broken': DTSTART cannot be read") as info:
        ical.parse(data, "b.ics")
    assert info.value.line == 4


@pytest.mark.parametrize(
    ("data", "pattern"),
    [
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", r"no events"),
        (b"hello\r\n", r"not a valid iCalendar|no BEGIN:VCALENDAR"),
        (b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\n" * 50_000 + b"END:X\r\n" * 50_000 + b"END:VCALENDAR\r\n", r"nest more"),
        (b"BEGIN:VCALENDAR\r\nPRODID:x" + b"\n" * 200_000 + b"\r\nEND:VCALENDAR\r\n", r"no events"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=" + b"a/" * 30_000 + b":20250110T100000\r\n"
         b"END:VEVENT\r\nEND:VCALENDAR\r\n", r"."),
    ],
    ids=["empty", "not-ical", "deep", "blank-lines", "absurd-tzid"],
)
def test_hostile_calendars_fail_fast_with_schedule_error(data: bytes, pattern: str) -> None:
    began = time.perf_counter()
    try:
        ical.parse(data, "h.ics")
    except ScheduleError as exc:
        assert re.search(pattern, str(exc))
    assert time.perf_counter() - began < 5.0


_TWO = calendar("UID:1\nSUMMARY:First\nDTSTART:20250110T090000Z",
                "UID:2\nSUMMARY:Second\nDTSTART:20250110T100000Z\nDTEND:20250110T110000Z")


@pytest.mark.parametrize(
    ("data", "line", "says"),
    [
        # Lines 4-8 are the first VEVENT, 9-14 the second, 15 END:VCALENDAR.
        (_TWO[: _TWO.index(b"END:VCALENDAR")], 14, "no END:VCALENDAR: the file ends early"),
        (_TWO[: _TWO.index(b"DTEND")], 12, "no END:VCALENDAR: the file ends early, inside the VEVENT begun at line 9"),
        (_TWO[: _TWO.index(b"DTEND") + 9], 13, "inside the VEVENT begun at line 9"),  # mid-line, no newline
        (_TWO[: _TWO.index(b"END:VCALENDAR")] + b"\r\n\r\n", 14, "no END:VCALENDAR: the file ends early"),
        (b"\xef\xbb\xbf" + _TWO[: _TWO.index(b"END:VCALENDAR")], 14, "no END:VCALENDAR: the file ends early"),
        # Several calendars: the cut last one was left out, unsaid, and the rest read.
        (_TWO + _TWO[: _TWO.index(b"BEGIN:VEVENT")], 18, "no END:VCALENDAR: the file ends early"),
    ],
    ids=["after-an-event", "inside-an-event", "mid-line", "blank-lines-after", "byte-order-mark", "second-calendar"],
)
def test_a_calendar_cut_short_says_where_it_ends(tmp_path: Path, data: bytes, line: int, says: str) -> None:
    """A download cut short: not "no BEGIN:VCALENDAR", which the file plainly has."""
    path = tmp_path / "cut.ics"
    path.write_bytes(data)
    with pytest.raises(ScheduleError) as info:
        load(path)
    assert (info.value.source, info.value.line) == (str(path), line)
    assert says in info.value.reason and str(info.value).startswith(f"{path}: line {line}: no END:VCALENDAR")


def test_a_folded_begin_is_read_as_one_line_when_cut_short() -> None:
    cut = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEV\r\n ENT\r\nUID:1\r\n"
    with pytest.raises(ScheduleError, match=r"line 5: no END:VCALENDAR: the file ends early, inside the VEVENT begun "
                                            r"at line 3$"):
        ical.parse(cut, "f.ics")


@FUZZ
@given(st.binary(max_size=1500))
def test_random_bytes_give_schedule_or_schedule_error(data: bytes) -> None:
    for candidate in (data, b"BEGIN:VCALENDAR\r\n" + data, b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" + data):
        try:
            assert isinstance(ical.parse(candidate, "fuzz.ics"), Schedule)
        except ScheduleError:
            pass


_LINES = GOLDEN.read_bytes().split(b"\r\n")
# Date-times across the whole range: year 1 at +05:00 or 9999 plus a day do not exist.
_ical_times = st.builds(
    lambda m, suffix: f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}{suffix}".encode(),
    st.datetimes(),
    st.sampled_from(["", "Z"]),
) | st.dates().map(lambda d: f"{d.year:04d}{d.month:02d}{d.day:02d}".encode())


@FUZZ
@given(st.data())
def test_mutated_golden_gives_schedule_or_schedule_error(data: st.DataObject) -> None:
    """Whole lines dropped, duplicated, swapped or overwritten, plus byte noise."""
    lines = list(_LINES)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "copy", "swap", "set", "bytes"]))
        if action == "drop":
            del lines[at]
        elif action == "copy":
            lines.insert(data.draw(st.integers(0, len(lines))), lines[at])
        elif action == "swap":
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "set":
            name = data.draw(st.sampled_from([b"DTSTART", b"DTEND", b"DURATION", b"UID", b"RECURRENCE-ID",
                                              b"DTSTART;TZID=Europe/Brussels", b"DTSTART;VALUE=DATE", b"CATEGORIES"]))
            value = data.draw(st.binary(max_size=20) | _ical_times)
            lines[at] = name + b":" + value
        else:
            lines[at] = data.draw(st.binary(max_size=30))
        if not lines:
            break
    try:
        schedule = ical.parse(b"\r\n".join(lines), "mutant.ics")
    except ScheduleError as exc:
        assert str(exc).startswith("mutant.ics")
        return
    assert len({e.id for e in schedule.events}) == len(schedule.events)
    assert all(e.start.tzinfo is not None and e.end >= e.start for e in schedule.events)


# -- dispatch, corpus ------------------------------------------------------------------


def test_dispatch_by_content(tmp_path: Path) -> None:
    assert parse_bytes(b"\r\n" + GOLDEN.read_bytes(), "x").format == "ical"
    path = tmp_path / "calendar.txt"
    path.write_bytes(GOLDEN.read_bytes())
    assert load(path).key == "ical:minicon 2025"


_VEVENT = re.compile(rb"^BEGIN:VEVENT\r?$(.*?)^END:VEVENT", re.MULTILINE | re.DOTALL)
_DTSTART = re.compile(rb"^DTSTART(;[^:\r\n]*)?:(\d{8})(T\d{6}Z?)?\r?$", re.MULTILINE)


def _expected_starts(data: bytes) -> list[datetime]:
    """Each VEVENT's DTSTART read with regexes and zoneinfo, independently of the parser.

    Dates are midnight UTC: none of these calendars names a zone for all-day events.
    """
    found = []
    for block in _VEVENT.findall(data):
        unfolded = re.sub(rb"(?:\r?\n)+[ \t]", b"", block)
        params, day, clock = _DTSTART.findall(unfolded)[0]
        tzid = re.search(rb"TZID=([^;:]+)", params or b"")
        if not clock:
            found.append(datetime.strptime(day.decode(), "%Y%m%d").replace(tzinfo=UTC))
            continue
        moment = datetime.strptime((day + clock[:7]).decode(), "%Y%m%dT%H%M%S")
        if clock.endswith(b"Z"):
            found.append(moment.replace(tzinfo=UTC))
        elif tzid:
            found.append(moment.replace(tzinfo=ZoneInfo(tzid.group(1).decode())))
        else:
            found.append(moment.replace(tzinfo=UTC))
    return sorted(found)


def test_corpus_counts_and_start_instants(corpus: Path) -> None:
    files = sorted((corpus / "ics").glob("*.ics"))
    assert files
    for path in files:
        data = path.read_bytes()
        schedule = parsed(path)
        assert len(schedule.events) == len(re.findall(rb"^BEGIN:VEVENT\r?$", data, re.MULTILINE)), path.name
        assert len({e.id for e in schedule.events}) == len(schedule.events), path.name
        assert sorted(e.start for e in schedule.events) == _expected_starts(data), path.name


@pytest.mark.parametrize(
    ("name", "title", "start", "end"),
    [
        ("jres-2022.ics", "Accueil congressistes",
         datetime(2022, 5, 17, 11, 0, tzinfo=ZoneInfo("Europe/Paris")), datetime(2022, 5, 17, 10, 30, tzinfo=UTC)),
        ("linux-conf-au-2020.ics", "Wednesday Welcome",
         datetime(2020, 1, 14, 23, 0, tzinfo=UTC), datetime(2020, 1, 15, 9, 10, tzinfo=ZoneInfo("Australia/Brisbane"))),
        ("iclr-2020-socials.ics", "LatinX in AI Social",
         datetime(2020, 4, 27, 19, 0, tzinfo=UTC), datetime(2020, 4, 27, 22, 0, tzinfo=UTC)),
        ("moca-2024.ics", "Closing ceremony",
         datetime(2024, 9, 15, 13, 0, tzinfo=UTC), datetime(2024, 9, 15, 14, 0, tzinfo=UTC)),
        ("icalendar-test-timezoned-multiday.ics", "artsprint 2012",
         datetime(2012, 2, 13, 9, 0, tzinfo=UTC), datetime(2012, 2, 17, 17, 0, tzinfo=UTC)),
        ("icalendar-test-multiple-calendar-components.ics", "Christmas again!",
         datetime(2003, 12, 25, tzinfo=UTC), datetime(2003, 12, 26, tzinfo=UTC)),
        ("icalendar-test-multiple-calendar-components.ics", "Boxing Day",
         datetime(2003, 5, 1, tzinfo=UTC), datetime(2003, 5, 2, tzinfo=UTC)),
    ],
)
def test_corpus_sampled_events(corpus: Path, name: str, title: str, start: datetime, end: datetime) -> None:
    schedule = parsed(corpus / "ics" / name)
    matches = [e for e in schedule.events if e.title == title]
    assert len(matches) == 1
    assert (matches[0].start, matches[0].end) == (start, end)


def test_corpus_duplicate_uids_are_all_kept(corpus: Path) -> None:
    data = (corpus / "ics" / "moca-2024.ics").read_bytes()
    uids = re.findall(rb"^UID:(.*?)\r?$", data, re.MULTILINE)
    assert len(set(uids)) < len(uids) == 88  # the file reuses UIDs
    assert len({e.id for e in parsed(corpus / "ics" / "moca-2024.ics").events}) == 88


def test_corpus_round_trips_through_the_library(corpus: Path, tmp_path: Path) -> None:
    with Library(tmp_path / "db") as library:
        for path in sorted((corpus / "ics").glob("*.ics")):
            schedule = load(path)
            assert schedule.format == "ical"
            first = library.import_schedule(schedule)
            assert first.created and first.total == len(schedule.events), path.name
            again = library.import_schedule(load(path))
            assert (again.changed, again.new, again.removed) == ([], [], []), path.name
            assert len(library.events(schedule_key=schedule.key)) == len(schedule.events), path.name


def _calendar(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{body}END:VCALENDAR\r\n".encode()


def test_a_time_in_the_hour_summer_time_skips_is_written_as_the_clocks_show_it() -> None:
    """DTSTART 02:30 Brussels on 31 March 2024 names 01:30 UTC (RFC 5545 reads a skipped
    reading with the offset from before the change), shown 03:30. Its DTEND 03:00 is then
    before it: the talk keeps the half hour its readings give, never ending before it
    starts (the card read "03:30–03:00")."""
    data = _calendar(
        "UID:gap\r\nSUMMARY:Gap\r\nDTSTART;TZID=Europe/Brussels:20240331T023000\r\n"
        "DTEND;TZID=Europe/Brussels:20240331T030000",
        "UID:ten\r\nSUMMARY:Ten\r\nDTSTART;TZID=Europe/Brussels:20240331T100000\r\nDURATION:PT30M",
    )
    events = {e.title: e for e in ical.parse(data, "gap.ics").events}
    assert events["Gap"].start.isoformat() == "2024-03-31T03:30:00+02:00"
    assert events["Gap"].end.isoformat() == "2024-03-31T04:00:00+02:00"
    assert events["Ten"].start.isoformat() == "2024-03-31T10:00:00+02:00"


def test_utc_times_are_shown_on_the_clock_the_calendars_tzids_name() -> None:
    """A calendar without X-WR-TIMEZONE whose times name Europe/Brussels, and one talk sent
    in UTC: `planner list` printed it at 08:00 beside the 10:00 Brussels talk at the same
    instant, and `planner conflicts` said "10:00-10:30 clashes with 08:00-09:00"."""
    data = _calendar(
        "UID:z\r\nSUMMARY:Zulu\r\nDTSTART:20240331T080000Z\r\nDTEND:20240331T090000Z",
        "UID:b\r\nSUMMARY:Brussels\r\nDTSTART;TZID=Europe/Brussels:20240331T100000\r\nDURATION:PT30M",
    )
    events = {e.title: e for e in ical.parse(data, "z.ics").events}
    assert events["Zulu"].start.isoformat() == "2024-03-31T10:00:00+02:00"
    assert events["Zulu"].start == datetime(2024, 3, 31, 8, 0, tzinfo=timezone.utc)
    assert events["Zulu"].end.isoformat() == "2024-03-31T11:00:00+02:00"


def test_a_time_without_a_zone_beside_times_that_name_one_is_read_in_that_zone() -> None:
    """A calendar without X-WR-TIMEZONE whose times name Europe/Brussels, and two without a
    zone. Kept floating, they were shown unconverted beside converted ones: in conference
    time the 09:00 card sat at the ruler's 11:00, and in Auckland the Saturday 20:00 talk
    moved to Sunday's tab."""
    data = _calendar(
        "UID:z\r\nSUMMARY:Zoned\r\nDTSTART;TZID=Europe/Brussels:20240601T100000\r\n"
        "DTEND;TZID=Europe/Brussels:20240601T110000",
        "UID:f\r\nSUMMARY:Floating\r\nDTSTART:20240601T200000\r\nDTEND:20240601T210000",
        "UID:g\r\nSUMMARY:Floating too\r\nDTSTART:20240602T090000\r\nDURATION:PT30M",
    )
    schedule = ical.parse(data, "mixed.ics")
    events = {e.title: e for e in schedule.events}
    assert not any(e.floating for e in schedule.events)
    assert events["Floating"].start.isoformat() == "2024-06-01T20:00:00+02:00"
    assert events["Floating too"].end.isoformat() == "2024-06-02T09:30:00+02:00"
    assert any("3 times have no time zone; read in Europe/Brussels" in note for note in schedule.notes), schedule.notes


def test_only_a_uid_of_one_event_is_its_published_id() -> None:
    """Runs that share a UID, or have none, are numbered in start order: a position, which
    an update moves (planner.domain.identity). So is a repeating event's first occurrence;
    its later ones are named by UID and original start (RECURRENCE-ID)."""
    def vevent(uid: str, day: int, title: str, extra: str = "") -> str:
        uid_line = f"UID:{uid}\n" if uid else ""
        return (f"BEGIN:VEVENT\n{uid_line}DTSTAMP:20250101T000000Z\nDTSTART:202503{day:02}T100000Z\n"
                f"DURATION:PT1H\nSUMMARY:{title}\n{extra}END:VEVENT\n")

    text = ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\n" + vevent("own@x", 1, "Keynote")
            + vevent("shared@x", 2, "Workshop") + vevent("shared@x", 3, "Workshop")
            + vevent("", 4, "Untitled") + vevent("weekly@x", 5, "Meetup", "RRULE:FREQ=WEEKLY;COUNT=3\n")
            + "END:VCALENDAR\n")
    schedule = ical.parse(text.replace("\n", "\r\n").encode(), "t.ics")
    published = {e.title + str(e.start.day) for e in schedule.events if e.id in schedule.published_ids}
    assert published == {"Keynote1", "Meetup12", "Meetup19"}
